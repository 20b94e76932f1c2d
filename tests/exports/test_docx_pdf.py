"""End to end: the exported Word file opened by another program (LibreOffice headless) and printed
to PDF holds every label and figure of the report, on A4 pages, with the page numbers and the draft
mark. Skipped where LibreOffice is not installed, a failure in CI (tests/support/libreoffice.py).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from exports.common import DRAFT_MARK
from exports.docx_writer import write_docx
from forms.layout import Role, grid, printed_value
from forms.numbers import format_value
from tests.support.gov2019 import gov2019_report
from tests.support.libreoffice import convert, pdf_page_sizes, pdf_text, require_soffice

pytestmark = pytest.mark.libreoffice

A4_POINTS = (595.3, 841.9)
_FIGURE = re.compile(r"-?\d+(?:\.\d+)?")


def printed_pdf(report, tmp_path, mark=None) -> tuple[str, list]:
    require_soffice()
    docx = write_docx(report, tmp_path / f"{report.form.id}.docx", mark=mark)
    pdf = convert(docx, "pdf")
    return pdf_text(pdf), pdf_page_sizes(pdf)


def appears_in_order(label: str, text: str, slack: int = 80) -> bool:
    """Whether `label` can be read in `text` (whitespace removed) with its characters in order and
    close together: a long label wraps inside its cell, and the PDF's text interleaves the wrapped
    lines with the neighbouring cells' text."""
    label = re.sub(r"\s+", "", label)
    start = text.find(label[:2])
    while start != -1:
        pos, end = start, start + len(label) * 3 + slack
        for ch in label:
            pos = text.find(ch, pos, end)
            if pos == -1:
                break
            pos += 1
        else:
            return True
        start = text.find(label[:2], start + 1)
    return False


def figures_and_labels(report):
    figures, labels = Counter(), []
    for table in report.form.tables.values():
        g = grid(table, report.form.computed_by_cell)
        labels += g.labels()
        for cell in g.cells:
            if cell.role in (Role.VALUE, Role.COMPUTED):
                text = format_value(printed_value(report, cell.cell), kind=report.form.kind_of(cell.cell))
                if text:
                    figures[text] += 1
    return figures, labels


@pytest.mark.parametrize("which", ["gov-2021", "gov-2019", "gov-2014"])
def test_pdf_holds_every_label_and_figure_on_a4_pages(which, qingchuan, yueqing, tmp_path):
    report = {"gov-2021": qingchuan, "gov-2019": gov2019_report(), "gov-2014": yueqing}[which]
    mark = DRAFT_MARK if which == "gov-2014" else None
    text, pages = printed_pdf(report, tmp_path, mark)
    assert pages and all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in pages)
    flat = re.sub(r"\s+", "", text)
    figures, labels = figures_and_labels(report)
    missing = [label for label in labels if not appears_in_order(label, flat)]
    assert not missing
    # every printed figure, as often as the tables print it (the prose can only add to the count)
    found = Counter(_FIGURE.findall(text))
    short = {figure: (n, found[figure]) for figure, n in figures.items() if found[figure] < n}
    assert not short
    for section in report.form.sections:
        if section.key != "preface":
            assert re.sub(r"\s+", "", section.heading) in flat
    assert report.organ in flat
    assert f"—{len(pages)}—" in flat                     # the last page's number
    if mark:
        assert flat.count(DRAFT_MARK) == len(pages)      # on every page
    else:
        assert DRAFT_MARK not in flat
