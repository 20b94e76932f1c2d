"""When things go wrong on the command line: a full disk, a console that cannot show Chinese, a folder
that cannot be made, a fault in the program. The clerk gets plain Chinese and an exit code that says
which; never a traceback, never the system's English."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from tests.test_main_cli import run

ENGLISH_TRACES = ("Traceback", "Error", "Errno", "File exists", "No space", "Read-only")


def assert_plain(text: str) -> None:
    assert not any(trace in text for trace in ENGLISH_TRACES), text


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_disk_is_told_without_a_traceback(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, str(main.__file__), "forms"], stdout=full, stderr=subprocess.PIPE,
                              cwd=tmp_path, timeout=60)
    error = done.stderr.decode("utf-8")
    assert done.returncode == main.EXIT_UNREADABLE and "磁盘空间不足" in error, error
    assert_plain(error)


def test_an_ascii_console_gets_question_marks_not_a_crash():
    result = run("forms", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "gov-2021" in result.stdout and "?" in result.stdout
    assert_plain(result.stderr)


def test_a_gbk_console_given_a_character_gbk_lacks(tmp_path):
    assert run("sample", "-o", str(tmp_path)).returncode == 0
    path = tmp_path / "2025-qingchuan-scjgj.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["organ"] = "青川县㐀한局"                  # CJK extension A and Hangul: not in GBK
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment["PYTHONIOENCODING"] = "gbk"
    done = subprocess.run([sys.executable, str(main.__file__), "check", str(path)], capture_output=True,
                          env=environment, timeout=60)
    out, error = done.stdout.decode("gbk"), done.stderr.decode("gbk")
    assert done.returncode in (0, 1) and "青川县?" in out, error
    assert_plain(error)


def test_a_sample_folder_that_is_a_file_is_told_in_chinese(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run("sample", "-o", str(tmp_path / "afile"))
    assert result.returncode == 2 and "是一个文件，不是文件夹" in result.stderr
    assert_plain(result.stderr)


@pytest.mark.parametrize("code,words", [(errno.ENOSPC, ("磁盘空间不足",)), (errno.EROFS, ("只读", "写入权限"))])
def test_a_sample_folder_that_cannot_be_made_is_told_in_chinese(tmp_path, monkeypatch, capsys, code, words):
    def refuse(self, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert main.write_sample_drafts(str(tmp_path / "new")) == main.EXIT_UNREADABLE
    error = capsys.readouterr().err
    assert any(word in error for word in words) and str(tmp_path / "new") in error and "请换一个文件夹" in error
    assert_plain(error)


def _failing_verb(exc: BaseException) -> main.Verb:
    def fail() -> int:
        raise exc
    return main.Verb("forms", "", "列出报告格式", fail)


def test_an_internal_error_exits_3_with_one_line_naming_the_log(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path))
    monkeypatch.setitem(main.VERBS_BY_NAME, "forms", _failing_verb(KeyError("boom-in-a-verb")))
    assert main.main(["forms"]) == main.EXIT_FAULT == 3
    error = capsys.readouterr().err
    log = tmp_path / "nianbao.log"
    assert error.count("\n") == 1 and "程序错误" in error and f"“{log}”" in error
    assert "boom" not in error and "Traceback" not in error
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "boom-in-a-verb" in text and "python main.py forms" in text
    assert "年报通 " in text and "Python" in text          # the program's version and this PC


def test_an_internal_error_names_the_files_it_was_given_in_the_log(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path))

    def fail(report_path, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(main.VERBS_BY_NAME, "import", main.Verb("import", "", "导入", fail))
    assert main.main(["import", str(tmp_path / "上年报告.docx"), "-o", str(tmp_path / "new.json")]) == main.EXIT_FAULT
    text = (tmp_path / "nianbao.log").read_text(encoding="utf-8")
    assert f"文件：{tmp_path / '上年报告.docx'}" in text and f"文件：{tmp_path / 'new.json'}" in text


def test_an_internal_error_whose_log_cannot_be_written_still_says_one_plain_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "nianbao.log").mkdir()                      # a folder where the log should be
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path))
    monkeypatch.setitem(main.VERBS_BY_NAME, "forms", _failing_verb(ValueError("boom")))
    assert main.main(["forms"]) == main.EXIT_FAULT
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "错误记录也无法写出" in error and "boom" not in error


def test_ctrl_c_ends_quietly(monkeypatch, capsys):
    monkeypatch.setitem(main.VERBS_BY_NAME, "forms", _failing_verb(KeyboardInterrupt()))
    try:
        code = main.main(["forms"])
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped main()")
    assert code == main.EXIT_INTERRUPTED and "已中断" in capsys.readouterr().err


@pytest.mark.parametrize("verb", main.VERB_TABLE, ids=lambda verb: verb.name)
def test_each_verbs_help_lists_its_exit_codes_with_the_internal_error(verb, capsys):
    with pytest.raises(SystemExit):
        main.main([verb.name, "--help"])
    text = capsys.readouterr().out
    assert "退出码：0 " in text and "\n        2 " in text and "\n        3 程序内部错误" in text


def test_an_internal_error_in_check_json_still_gives_json(tmp_path, monkeypatch, capsys):
    def fail(**arguments) -> int:
        raise RuntimeError("boom")

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path))
    monkeypatch.setitem(main.VERBS_BY_NAME, "check", main.Verb("check", "", "检查", fail))
    assert main.main(["check", "a.json", "--json"]) == main.EXIT_FAULT
    doc = json.loads(capsys.readouterr().out)
    assert doc["file"] == "a.json" and "程序错误" in doc["error"] and "boom" not in doc["error"]


def test_a_sample_export_that_cannot_be_compared_is_kept(tmp_path):
    from types import SimpleNamespace

    from forms.atomic import SaveError

    def refuse(*args, **kwargs):
        raise SaveError("无法写入")

    (tmp_path / "a.xlsx").write_bytes(b"PK")
    kind = SimpleNamespace(writer=refuse)
    assert main._same_export(kind, None, None, tmp_path / "a.xlsx") is False
