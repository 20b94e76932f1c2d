"""What the verbs write and read: one rule for the files they write (export's and import's), and `-`
for standard input and output, as a script would use them."""

from __future__ import annotations

import io
import json
import sys
import zipfile

import pytest

import main
from tests.test_main_cli import ROOT, run

SAMPLE = "2025-qingchuan-scjgj.json"


def run_with_input(*args, data: bytes, cwd=None):
    """main.py with `data` as its standard input; stdout as bytes (it may carry a file)."""
    import os
    import subprocess

    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=data, capture_output=True,
                          cwd=cwd, env=environment, timeout=120)
    return done.returncode, done.stdout, done.stderr.decode("utf-8")


@pytest.fixture
def files(tmp_path):
    """The samples, and the 2025 sample exported as a workbook (book.xlsx)."""
    assert run("sample", "-o", str(tmp_path)).returncode == 0
    exported = run("export", str(tmp_path / SAMPLE), "--xlsx", str(tmp_path / "book.xlsx"))
    assert exported.returncode == 0, exported.stderr
    return tmp_path


@pytest.mark.parametrize("output,overwrite,message", [
    ("book.xlsx", True, "草稿文件的文件名应以 .json 结尾"),        # the workbook itself, replaced by JSON
    ("x.docx", False, "草稿文件的文件名应以 .json 结尾"),
    ("x.JSON.txt", False, "应以 .json 结尾"),
])
def test_import_refuses_a_target_that_would_lose_something_or_has_the_wrong_name(files, output, overwrite, message):
    book = files / "book.xlsx"
    before = book.read_bytes()
    args = ["import", str(book), "-o", str(files / output)] + (["--overwrite"] if overwrite else [])
    result = run(*args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert book.read_bytes() == before
    assert output == "book.xlsx" or not (files / output).exists()


def test_import_refuses_to_write_over_the_workbook_it_reads_whatever_its_name(files):
    book = files / "book.json"                  # a workbook under a draft's name
    book.write_bytes((files / "book.xlsx").read_bytes())
    result = run("import", str(book), "-o", str(book), "--overwrite")
    assert result.returncode == 2 and "是要导入的报告文件本身" in result.stderr
    assert book.read_bytes() == (files / "book.xlsx").read_bytes()


def test_import_and_export_refuse_a_folder_and_a_file_already_there_alike(files):
    (files / "folder.json").mkdir()
    refused = run("import", str(files / "book.xlsx"), "-o", str(files / "folder.json"), "--overwrite")
    assert refused.returncode == 2 and "是一个文件夹。请给出文件名" in refused.stderr
    imported = run("import", str(files / "book.xlsx"), "-o", str(files / SAMPLE))
    exported = run("export", str(files / SAMPLE), "--xlsx", str(files / "book.xlsx"))
    for result in (imported, exported):
        assert result.returncode == 2 and "已经存在" in result.stderr and "--overwrite" in result.stderr


def test_check_reads_the_draft_from_standard_input(files):
    code, out, err = run_with_input("check", "-", data=(files / SAMPLE).read_bytes(), cwd=files)
    assert code == 0 and "检查通过" in out.decode("utf-8"), err
    assert not (files / "-").exists()


def test_check_json_names_standard_input_when_it_is_not_a_draft(files):
    code, out, _ = run_with_input("check", "-", "--json", data=b'{"format": ', cwd=files)
    doc = json.loads(out.decode("utf-8"))
    assert code == 2 and doc["file"] == "-" and "标准输入" in doc["error"] and "不是有效的JSON" in doc["error"]


def test_import_from_standard_input_to_standard_output(files):
    code, out, err = run_with_input("import", "-", "-o", "-", data=(files / "book.xlsx").read_bytes(), cwd=files)
    assert code == 0, err
    doc = json.loads(out.decode("utf-8"))               # standard output holds the draft and nothing else
    assert doc["format"] == "nianbao.report" and doc["form"] == "gov-2021"
    assert "已导入" in err and "标准输出" in err
    assert not (files / "-").exists()


def test_import_from_standard_input_names_it_when_it_is_not_a_workbook(files):
    code, out, err = run_with_input("import", "-", "-o", str(files / "new.json"), data=b"PK\x03\x04broken", cwd=files)
    assert code == 2 and "标准输入" in err and "Traceback" not in err and not (files / "new.json").exists()


def test_export_writes_a_file_to_standard_output(files):
    code, out, err = run_with_input("export", "-", "--xlsx", "-", data=(files / SAMPLE).read_bytes(), cwd=files)
    assert code == 0, err
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert "已导出Excel文件到标准输出" in err and not (files / "-").exists()


@pytest.mark.parametrize("args,message", [
    (["export", "REPORT", "--docx", "-", "--xlsx", "-"], "不能都输出到标准输出"),
    (["check", "-", "--last", "-"], "只能有一个文件从标准输入"),
    (["export", "-", "--last", "-", "--docx", "a.docx"], "只能有一个文件从标准输入"),
])
def test_standard_input_and_output_are_used_once(files, args, message):
    args = [str(files / SAMPLE) if a == "REPORT" else a for a in args]
    code, out, err = run_with_input(*args, data=(files / SAMPLE).read_bytes(), cwd=files)
    assert code == 2 and message in err and out == b"", err
    assert not (files / "-").exists() and not (files / "a.docx").exists()


def test_a_binary_file_is_not_written_to_a_terminal(files, monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main.export_draft(str(files / SAMPLE), docx="-") == main.EXIT_UNREADABLE
    captured = capsys.readouterr()
    assert "不能显示在终端里" in captured.err and "> 报告.docx" in captured.err and captured.out == ""


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("verb", ["check", "import"])
def test_standard_input_from_a_terminal_is_not_waited_for(files, monkeypatch, capsys, verb):
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(b"")))
    if verb == "check":
        code = main.check_draft("-")
    else:
        code = main.import_workbook("-", str(files / "new.json"))
    assert code == main.EXIT_UNREADABLE
    assert "没有文件送进来" in capsys.readouterr().err and not (files / "new.json").exists()
