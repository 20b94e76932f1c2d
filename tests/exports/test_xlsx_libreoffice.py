"""End to end: LibreOffice opens the exported workbook and prints every figure, on A4 pages that are
landscape for the wide tables."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import pytest

from exports.xlsx_writer import write_xlsx
from forms.definition import CellKind
from forms.layout import Role, grid
from forms.loader import get_form
from forms.report import Report
from tests.support.libreoffice import convert, pdf_page_sizes, pdf_text

pytestmark = pytest.mark.libreoffice


def _distinct_report(form_id: str, year: int) -> Report:
    """Every input cell a different figure, so that each one must be found in the print; every
    fifth cell blank, which prints as nothing in every format (an empty cell is “not entered”)."""
    form = get_form(form_id)
    report = Report(form=form, organ="某某市某某局", year=year)
    for i, cell in enumerate(form.input_cells):
        if i % 5 == 4:
            continue
        value = 1000 + 7 * i
        report.set(cell, Decimal(value) + Decimal("0.125") if form.kind_of(cell) == CellKind.DECIMAL else value)
    return report


def _as_printed(value, kind: str) -> str:
    """How the number formats show a figure: counts "0", amounts "0.00##"."""
    if kind != CellKind.DECIMAL:
        return str(value)
    text = f"{Decimal(value):.4f}".rstrip("0")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


@pytest.mark.parametrize("form_id, year", [("gov-2021", 2025), ("gov-2014", 2017), ("gov-2019", 2020)])
def test_every_figure_appears_in_the_printed_workbook(tmp_path, form_id, year):
    report = _distinct_report(form_id, year)
    pdf = convert(write_xlsx(report, tmp_path / f"{form_id}.xlsx"), "pdf")
    text = pdf_text(pdf)
    printed = Counter(re.findall(r"\d+(?:\.\d+)?", text))
    expected = Counter()
    for table in report.form.tables.values():
        for gc in grid(table, report.form.computed_by_cell).cells:
            if gc.cell is not None:
                value = report.value(gc.cell)
                if value is not None:
                    expected[_as_printed(value, table.kind_of(gc.cell))] += 1
    missing = expected - printed
    assert not missing, f"not printed: {dict(missing)}"
    # No blank shows as 0 in the tables (every figure entered is ≥ 1000); the identity sheet's
    # note does say “请填0”.
    tables = "\f".join(page for page in text.split("\f") if "年报通导出" not in page)
    shown = Counter(re.findall(r"\d+(?:\.\d+)?", tables))
    assert shown["0"] == shown["0.00"] == 0
    flat = re.sub(r"\s+", "", text)
    for table in report.form.tables.values():
        for gc in grid(table).cells:
            label = re.sub(r"\s+", "", gc.text)
            # longer labels, and group labels in their narrow column, wrap inside their cell
            if label and len(label) <= 10 and gc.role != Role.GROUP:
                assert label in flat, label
    assert report.organ in flat


def test_pages_are_a4_and_wide_tables_landscape(tmp_path, qingchuan):
    pdf = convert(write_xlsx(qingchuan, tmp_path / "q.xlsx"), "pdf")
    sizes = pdf_page_sizes(pdf)
    assert all(sorted(round(x) for x in size) == [595, 842] for size in sizes)
    orientations = ["landscape" if w > h else "portrait" for w, h in sizes]
    assert orientations[0] == "portrait" and orientations[-1] == "landscape"      # identity … 表四
    assert "landscape" in orientations and orientations.index("landscape") >= 2
