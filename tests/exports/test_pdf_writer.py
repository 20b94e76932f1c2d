"""导出PDF: our Word file (write_docx, with the draft mark and the fonts of a Word export) printed to PDF
by the office program found on this PC. With a fake program for what is ours to get right, and with the
real LibreOffice for both samples: every figure of every table is in the PDF's text."""

from __future__ import annotations

import sys

import pytest

from exports.common import DRAFT_MARK, ExportKind, prepare_export
from exports.pdf_writer import write_pdf
from exports.typesetting import Typesetting
from host import office
from host.office import ConversionError, Converter
from tests.support.fake_office import WRITE_PDF, fake_soffice, given_text, keep_word_file
from tests.support.libreoffice import pdf_text
from tests.support.printed import holds, printed_rows

SAMPLES = ("2025-qingchuan-scjgj.json", "2017-yueqing-wenguangxin.json")


@pytest.mark.skipif(sys.platform == "win32", reason="the fake program is a shell script")
def test_the_pdf_is_printed_from_our_word_file_with_its_mark_and_fonts(tmp_path, yueqing):
    fake = fake_soffice(tmp_path, keep_word_file(tmp_path) + WRITE_PDF)
    target = tmp_path / "乐清 报告（草稿）.pdf"
    mark = prepare_export(yueqing, draft=True)
    written = write_pdf(yueqing, target, mark, office=fake, fonts=Typesetting(body_font="楷体"))
    assert written == target and target.read_bytes().startswith(b"%PDF-")
    given = given_text(tmp_path)
    assert yueqing.organ in given and DRAFT_MARK in given and "楷体" in given
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "given.docx", "乐清 报告（草稿）.pdf"]


def test_without_a_program_nothing_is_written(tmp_path, qingchuan, monkeypatch):
    monkeypatch.setattr(office, "find_office", lambda: None)
    with pytest.raises(ConversionError) as failed:
        ExportKind.PDF.write(qingchuan, tmp_path / "报告.pdf")
    assert str(failed.value) == office.NO_OFFICE
    assert list(tmp_path.iterdir()) == []


def test_pdf_is_a_kind_of_export():
    assert (ExportKind.PDF.label, ExportKind.PDF.suffix, ExportKind.PDF.file_filter) == (
        "PDF", ".pdf", "PDF 文件 (*.pdf)")
    assert ExportKind.PDF.writer is write_pdf


@pytest.mark.libreoffice
def test_both_samples_print_every_figure_of_every_table(tmp_path, samples):
    from tests.support.libreoffice import require_soffice

    require_soffice()
    found = office.find_office()
    assert found is not None and found.converter is Converter.LIBREOFFICE
    for name in SAMPLES:
        report = samples[name]
        mark = prepare_export(report, draft=True)
        pdf = write_pdf(report, tmp_path / name.replace(".json", " 导出.pdf"), mark)
        text = pdf_text(pdf)
        lines = [tuple(line.split()) for line in text.splitlines()]
        # a blank cell prints nothing in the 2017 format: the figures of the row as they stand in a line
        rows = [figures for row in printed_rows(report) if (figures := tuple(f for f in row if f))]
        assert len(rows) >= 10                       # not a vacuous check
        assert [row for row in rows if not any(holds(line, row) for line in lines)] == [], name
        assert report.title in "".join(text.split())       # the title is set on two lines
        assert (DRAFT_MARK in text) == (mark is not None)
    assert mark is not None                              # the 2017 sample has errors: printed as a draft
