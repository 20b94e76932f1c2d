"""`export 报告.json --pdf 报告.pdf`, alone or with --docx/--xlsx: the same rules for the target as for
Word, a report with errors refused unless --draft, and no program on this PC told before anything is
written. The office program here is a fake soffice (the real one is tested in tests/exports)."""

from __future__ import annotations

import shutil
import sys

import pytest

import main
from exports.common import DRAFT_MARK
from forms.samples import SAMPLES_DIR
from host import office
from tests.support.fake_office import WRITE_PDF, fake_soffice, given_text, keep_word_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake program is a shell script")

CLEAN, DIRTY = "2025-qingchuan-scjgj.json", "2017-yueqing-wenguangxin.json"


@pytest.fixture
def drafts(tmp_path):
    for name in (CLEAN, DIRTY):
        shutil.copy(SAMPLES_DIR / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def converter(tmp_path, monkeypatch):
    """A soffice that keeps the Word file it was given (given.docx) and writes a small PDF."""
    fake = fake_soffice(tmp_path, keep_word_file(tmp_path) + WRITE_PDF)
    monkeypatch.setattr(office, "find_office", lambda: fake)
    return fake


def test_pdf_alone(drafts, converter, capsys):
    target = drafts / "青川 报告.pdf"
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(target)]) == main.EXIT_OK
    assert target.read_bytes().startswith(b"%PDF-")
    assert f"已导出PDF文件：{target}" in capsys.readouterr().out


def test_pdf_with_word_and_excel(drafts, converter):
    names = {"--docx": "报告.docx", "--xlsx": "报告.xlsx", "--pdf": "报告.pdf"}
    args = [part for flag, name in names.items() for part in (flag, str(drafts / name))]
    assert main.main(["export", str(drafts / CLEAN), *args]) == main.EXIT_OK
    assert all((drafts / name).stat().st_size > 0 for name in names.values())


def test_no_program_is_told_before_anything_is_written(drafts, monkeypatch, capsys):
    monkeypatch.setattr(office, "find_office", lambda: None)
    code = main.main(["export", str(drafts / CLEAN), "--docx", str(drafts / "报告.docx"),
                      "--pdf", str(drafts / "报告.pdf")])
    assert code == main.EXIT_UNREADABLE
    assert office.NO_OFFICE in capsys.readouterr().err
    assert not (drafts / "报告.docx").exists() and not (drafts / "报告.pdf").exists()


def test_the_target_rules_are_those_of_word(drafts, converter, capsys):
    target = drafts / "报告.pdf"
    target.write_bytes(b"%PDF- made by hand")
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(target)]) == main.EXIT_UNREADABLE
    assert "已经存在" in capsys.readouterr().err and target.read_bytes() == b"%PDF- made by hand"
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(target), "--overwrite"]) == main.EXIT_OK
    assert target.read_bytes() != b"%PDF- made by hand"
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(drafts / "报告.docx")]) == main.EXIT_UNREADABLE
    assert "PDF文件的文件名应以 .pdf 结尾" in capsys.readouterr().err
    assert main.main(["export", str(drafts / CLEAN)]) == main.EXIT_UNREADABLE
    assert "--pdf" in capsys.readouterr().err
    assert main.main(["export", str(drafts / CLEAN), "--docx", "-", "--pdf", "-"]) == main.EXIT_UNREADABLE
    assert "只能有一个输出到标准输出" in capsys.readouterr().err


def test_a_report_with_errors_only_as_a_marked_draft(drafts, converter, tmp_path, capsys):
    target = drafts / "乐清.pdf"
    assert main.main(["export", str(drafts / DIRTY), "--pdf", str(target)]) == main.EXIT_ERRORS
    assert "--draft" in capsys.readouterr().err and not target.exists()
    assert main.main(["export", str(drafts / DIRTY), "--pdf", str(target), "--draft"]) == main.EXIT_OK
    assert DRAFT_MARK in given_text(tmp_path)
    assert DRAFT_MARK in capsys.readouterr().out


def test_a_failed_conversion_exits_2_with_the_message(drafts, monkeypatch, tmp_path, capsys):
    fake = fake_soffice(tmp_path, "exit 0\n")                          # soffice's silent failure: nothing written
    monkeypatch.setattr(office, "find_office", lambda: fake)
    target = drafts / "报告.pdf"
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(target)]) == main.EXIT_UNREADABLE
    err = capsys.readouterr().err
    assert "LibreOffice没有把报告转换成PDF（没有生成PDF文件）" in err and "Traceback" not in err
    assert not target.exists()


def test_a_pdf_name_of_255_bytes_is_written_and_one_longer_is_told(drafts, converter, capsys):
    """The longest name a folder takes (255 bytes: 83 Chinese characters and two letters) is written:
    the Word file printed from it is named by the one file-name rule, not the PDF's name with .docx
    (a byte too long). A name longer than that is told in Chinese, not a program error."""
    legal = drafts / ("青" * 83 + "ab.pdf")
    assert len(legal.name.encode("utf-8")) == 255
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(legal)]) == main.EXIT_OK, capsys.readouterr()
    assert legal.read_bytes().startswith(b"%PDF-")
    too_long = drafts / ("青" * 84 + ".pdf")
    assert main.main(["export", str(drafts / CLEAN), "--pdf", str(too_long)]) == main.EXIT_UNREADABLE
    error = capsys.readouterr().err
    assert "文件名或路径太长" in error and "程序错误" not in error
