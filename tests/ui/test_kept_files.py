"""The files the program keeps for itself (recovery files, settings, the data folder) never stop
the window from opening: a damaged one is moved aside with a note, good recovery files are still
offered and the draft asked for opens. Recovery files are the user's alone; temporary files left
by a killed write are cleaned up at the next start."""

from __future__ import annotations

import json
import os
import stat
import time

from forms.draft import write_draft
from ui import recovery
from ui.main_window import MainWindow

TAG = "nianbao.recovery"


def _good_recovery(data_dir, report, saved_at=None):
    from ui.document import ReportDocument

    writer = recovery.Autosave(data_dir)
    writer.watch(ReportDocument(report))
    writer.write_now()
    if saved_at is not None:
        doc = json.loads(writer.path.read_text(encoding="utf-8"))
        doc["saved_at"] = saved_at
        writer.path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return writer.path


def _damage(data_dir, report):
    folder = data_dir / "recovery"
    (folder / "a-invalid.json").write_text("{not json", encoding="utf-8")
    (folder / "b-types.json").write_text(json.dumps({"format": TAG, "report": [1], "saved_at": 5}), encoding="utf-8")
    (folder / "c-deep.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (folder / "d-folder.json").mkdir()
    os.mkfifo(folder / "f-fifo.json")                 # reading it would wait for ever
    made = _good_recovery(data_dir, report)
    good = json.loads(made.read_text(encoding="utf-8"))
    made.unlink()
    good["draft_path"] = 17
    (folder / "e-path.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")


def test_damaged_recovery_and_settings_files_do_not_stop_the_window(data_dir, tmp_path, qtbot, qapp, scripted,
                                                                     qingchuan):
    _good_recovery(data_dir, qingchuan, saved_at="2025-03-01T10:00:00+08:00")      # a time zone in it
    _good_recovery(data_dir, qingchuan)
    _damage(data_dir, qingchuan)
    (data_dir / "settings.json").write_text(json.dumps({"recent": [f"/x/{i}.json" for i in range(100_000)] + [3],
                                                        "last_year": ["wrong"], "export_folder": {"a": 1}}),
                                            encoding="utf-8")
    draft = write_draft(qingchuan, tmp_path / "要打开的.json")
    scripted.answers += ["later", "later"]
    window = MainWindow(folder=data_dir)
    try:
        window.show()
        qtbot.waitExposed(window)
        window.begin(draft)
        assert len(scripted.asked) == 2                       # both good recovery files offered
        assert window.document is not None and window.document.path == draft.absolute()
        bad = sorted(p.name for p in (data_dir / "recovery").glob("*.bad-*"))
        assert [name.split(".json")[0] for name in bad] == ["a-invalid", "b-types", "c-deep", "d-folder", "e-path",
                                                              "f-fifo"]
        assert "6份自动备份文件已损坏" in window.statusBar().currentMessage()
        assert len(window.settings.recent_files()) <= 8 and window.settings.export_folder is None
        assert window.settings.last_year_for(draft) is None
    finally:
        if window.document is not None:
            window.document._saved = window.document.report.copy()
        window.close()
        window.deleteLater()


def test_settings_that_cannot_be_read_are_moved_aside(data_dir, qtbot, qapp, scripted):
    (data_dir / "settings.json").write_text("[" * 100_000, encoding="utf-8")
    window = MainWindow(folder=data_dir)
    try:
        assert window.settings.recent_files() == []
        assert list(data_dir.glob("settings.json.bad-*"))
        window.settings.export_folder = data_dir
        assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["export_folder"] == str(data_dir)
    finally:
        window.deleteLater()


def test_recovery_files_are_private_and_killed_writes_are_cleaned_up(window, qtbot, data_dir, qingchuan):
    folder = data_dir / "recovery"
    left = folder / ".20250101-old.json.abcd1234.tmp"
    left.write_text("half", encoding="utf-8")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    fresh = folder / ".another-window.json.efgh5678.tmp"      # another window writing right now
    fresh.write_text("half", encoding="utf-8")
    folder.chmod(0o755)
    settings_left = data_dir / ".settings.json.ijkl9012.tmp"
    settings_left.write_text("half", encoding="utf-8")
    os.utime(settings_left, (time.time() - 3600, time.time() - 3600))
    from ui.settings import Settings

    Settings(data_dir)
    assert not settings_left.exists()
    window.set_document(window._new_document(qingchuan))
    assert window.autosave.path.exists()
    assert stat.S_IMODE(window.autosave.path.stat().st_mode) == 0o600
    assert not window.offer_recovery()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not left.exists() and fresh.exists()


def test_an_unusable_data_folder_still_opens_the_window(tmp_path, monkeypatch, qtbot, qapp, scripted, qingchuan):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(blocked))
    window = MainWindow()
    try:
        window.show()
        qtbot.waitExposed(window)
        assert window.data_dir != blocked and window.data_dir.is_dir()
        draft = write_draft(qingchuan, tmp_path / "q.json")
        window.begin(draft)
        assert window.document is not None and window.document.path == draft.absolute()
    finally:
        if window.document is not None:
            window.document._saved = window.document.report.copy()
        window.close()
        window.deleteLater()
