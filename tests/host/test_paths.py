"""The program's own folders, named in one place: the data folder (settings, backups) and the log
folder, each moved by an environment variable (tests, a portable copy) and replaced by a folder in the
system's temporary folder when it cannot be used, so that the program still starts."""

from __future__ import annotations

import os
from pathlib import Path

from host import paths


def test_the_log_folder_is_the_users_log_folder_unless_told_otherwise(monkeypatch, tmp_path):
    monkeypatch.delenv("NIANBAO_LOG_DIR", raising=False)
    monkeypatch.setattr(paths, "user_log_dir", lambda name, appauthor: str(tmp_path / "state" / name / "log"))
    assert paths.log_dir() == tmp_path / "state" / "nianbao" / "log"
    assert paths.log_dir().is_dir()


def test_the_environment_moves_the_log_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "日志"))
    assert paths.log_dir() == tmp_path / "日志" and (tmp_path / "日志").is_dir()


def test_a_log_folder_that_cannot_be_written_is_replaced_by_a_temporary_one(monkeypatch, tmp_path, capsys):
    locked = tmp_path / "locked"
    (locked / "log").mkdir(parents=True)
    locked.chmod(0o500)
    (locked / "log").chmod(0o500)
    if os.name != "posix" or os.geteuid() == 0:
        # root (CI) writes anywhere: the folder is told unwritable as a locked one is to a clerk
        real_access = os.access
        monkeypatch.setattr(paths.os, "access", lambda path, mode: Path(path) != locked / "log"
                            and real_access(path, mode))
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(locked / "log"))
    folder = paths.log_dir()
    assert folder != locked / "log" and folder.is_dir() and os.access(folder, os.W_OK)
    assert "无法使用" in capsys.readouterr().err


def test_a_file_in_the_place_of_the_log_folder_is_replaced_by_a_temporary_one(monkeypatch, tmp_path, capsys):
    (tmp_path / "log").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))
    folder = paths.log_dir()
    assert folder != tmp_path / "log" and folder.is_dir()
    assert str(tmp_path / "log") in capsys.readouterr().err


def test_the_data_folder_is_named_by_the_host_and_still_importable_from_the_settings(monkeypatch, tmp_path):
    from ui import settings

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "数据"))
    assert paths.data_dir() == tmp_path / "数据" and settings.data_dir is paths.data_dir


def test_the_two_folders_are_apart(monkeypatch, tmp_path):
    monkeypatch.delenv("NIANBAO_LOG_DIR", raising=False)
    monkeypatch.delenv("NIANBAO_DATA_DIR", raising=False)
    monkeypatch.setattr(paths, "user_log_dir", lambda name, appauthor: str(tmp_path / "log"))
    monkeypatch.setattr(paths, "user_data_dir", lambda name, appauthor: str(tmp_path / "data"))
    assert Path(paths.data_dir()) != Path(paths.log_dir())


def test_the_stand_in_folder_is_a_fresh_private_one_made_once_and_said_once(monkeypatch, tmp_path, capsys):
    """The stand-in is made by mkdtemp (a name nobody can take beforehand: a file or another user's
    folder at /tmp/nianbao-<pid> stopped the program at start), once a run, and said once however
    often the folder is asked for (every fault record and settings read asks)."""
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    (temp / f"nianbao-{os.getpid()}").write_text("taken", encoding="utf-8")
    (temp / f"nianbao-{os.getpid()}-log").write_text("taken", encoding="utf-8")
    (tmp_path / "log").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setattr(paths, "_STAND_INS", {}, raising=False)
    first, second = paths.log_dir(), paths.log_dir()
    assert first == second and first.is_dir() and first.parent == temp
    assert (first.stat().st_mode & 0o777) == 0o700
    assert capsys.readouterr().err.count("无法使用") == 1


def test_a_relative_folder_from_the_environment_is_named_in_full(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NIANBAO_DATA_DIR", "便携/数据")
    assert paths.data_dir() == tmp_path / "便携" / "数据" and paths.data_dir().is_absolute()
