"""The report's words and figures never reach the fault log, from the command line and from one file
of 批量检查/汇总 either, where no window hands them over: a report read in this process is held
(host.log.hold_private) and every fault's message is scrubbed of it. A recognisable organ and a line
of prose in a report that makes a verb fail."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

import main
from forms.draft import write_draft
from forms.samples import load_samples
from host import log

ORGAN = "青川市绝密测试局"
PROSE = "本机关全年受理怪诞申请四百四十四件，均已按期答复。"


@pytest.fixture
def draft(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))
    # this test's own reports held (raising=False: the test ran before host.log held any)
    monkeypatch.setattr(log, "_HELD", deque(maxlen=getattr(log, "HELD_REPORTS", 16)), raising=False)
    report = dict(load_samples())["2025-qingchuan-scjgj.json"].copy()
    report.set_organ(ORGAN)
    key = next(iter(report.sections))
    report.set_section(key, PROSE)
    path = tmp_path / "报告.json"
    write_draft(report, path)
    return path


def _logged(tmp_path) -> str:
    return (tmp_path / "log" / "nianbao.log").read_text(encoding="utf-8")


def _assert_left_out(text: str) -> None:
    assert ORGAN not in text and "绝密测试" not in text, text
    assert "怪诞申请" not in text and "四百四十四" not in text, text
    assert log.LEFT_OUT in text


def test_a_fault_of_a_command_line_verb_leaves_the_reports_words_out(draft, tmp_path, monkeypatch, capsys):
    import exports.docx_writer

    def fail(report, path, **kwargs):
        raise RuntimeError(f"无法排版“{report.organ}”的段落：{PROSE[:14]}")

    monkeypatch.setattr(exports.docx_writer, "write_docx", fail)
    pdf = tmp_path / "导出.pdf"
    code = main.main(["export", str(draft), "--docx", str(tmp_path / "导出.docx"), "--draft"])
    assert code == main.EXIT_FAULT
    text = _logged(tmp_path)
    assert "RuntimeError: 无法排版" in text and str(draft) in text
    _assert_left_out(text)
    assert not pdf.exists()


def test_a_fault_of_export_pdf_names_the_pdf_it_was_to_write(draft, tmp_path, monkeypatch):
    import exports.pdf_writer

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(exports.pdf_writer, "write_pdf", fail)
    monkeypatch.setattr("host.office.find_office", lambda: object())
    pdf = tmp_path / "导出.pdf"
    assert main.main(["export", str(draft), "--pdf", str(pdf), "--draft"]) == main.EXIT_FAULT
    assert f"文件：{pdf}" in _logged(tmp_path)


def test_a_fault_on_one_file_of_a_batch_check_leaves_its_words_out(draft, tmp_path, monkeypatch, capsys):
    import exports.batch

    def check(report, last=None):
        raise RuntimeError(f"规则出错：{report.organ} {report.sections[next(iter(report.sections))][:20]}")

    monkeypatch.setattr(exports.batch, "check", check)
    result = exports.batch.check_one(draft)
    assert result.fault and "RuntimeError: 规则出错" in result.fault
    _assert_left_out(result.fault)
    other = tmp_path / "另一单位.json"
    other.write_bytes(draft.read_bytes())
    main.main(["check", str(draft), str(other)])          # a batch: each file read and checked apart
    text = _logged(tmp_path)
    assert "RuntimeError: 规则出错" in text
    _assert_left_out(text)


def _odd_file_fault(monkeypatch):
    """A reader's bug met by an odd file: raised while the file is read, before any report is held,
    quoting what it read (the organ and prose here, as a parser would quote a cell it could not place)."""
    import json

    import exports.report_reader

    def fail(path, form_id=None):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        raise RuntimeError(f"无法放置：{doc['organ']} / {next(iter(doc['sections'].values()))[:20]} at w:tc 3")

    monkeypatch.setattr(exports.report_reader, "_from_draft", fail)


def test_a_readers_fault_on_an_odd_file_leaves_out_what_it_quotes_of_the_file(draft, tmp_path, monkeypatch):
    """Raised inside a reader, a message keeps only what is not the file's text: its ASCII (names of
    parts, numbers: what diagnoses a parser), the rest left out — from import and from one file of a
    batch check alike."""
    _odd_file_fault(monkeypatch)
    assert main.main(["import", str(draft), "-o", str(tmp_path / "导入.json")]) == main.EXIT_FAULT
    text = _logged(tmp_path)
    assert "RuntimeError:" in text and "w:tc 3" in text
    _assert_left_out(text)
    import exports.batch

    fault = exports.batch.check_one(draft).fault
    assert "RuntimeError:" in fault and "w:tc 3" in fault
    _assert_left_out(fault)
