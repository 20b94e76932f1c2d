"""Figures fit their cells: every figure of every table prints on one line, whatever its size, in all
three formats. Column widths follow the content (the label column gives way first, then the table's
font steps down one 字号 at a time, as published reports do).

The end-to-end test renders with LibreOffice and Liberation Serif (metric-compatible with Times New
Roman) and reads every figure back whole from the PDF's words: a figure broken across lines in its
cell comes back as two words.
"""

from __future__ import annotations

from collections import Counter

import docx
import pytest
from docx.oxml.ns import qn

from exports.docx_table import cell_text
from exports.docx_writer import write_docx
from exports.typesetting import Typesetting
from forms.carryover import new_report
from forms.definition import CellKind
from forms.layout import Role, grid
from forms.loader import get_form
from tests.support.pdf_pages import convert_all, flat, page_words, require_metric_fonts

# Typed as a clerk types them, with thousands separators.
TYPED = {CellKind.COUNT: "1,234,567", CellKind.SIGNED: "-1,234,567", CellKind.DECIMAL: "123,456,789.99"}
CHINESE_SIZES_HALF_POINTS = {84, 72, 52, 44, 36, 32, 30, 28, 24, 21, 18, 15, 13, 11, 10}


def huge_report(form_id: str):
    """A province-sized report: every figure typed is 7 digits (9 and decimals for 万元); the totals
    that follow from them are larger still."""
    form = get_form(form_id)
    report = new_report("某某省人民政府办公厅", 2017 if form_id == "gov-2014" else 2023, form)
    for cell in form.input_cells:
        report.enter(cell, TYPED[form.kind_of(cell)])
    return report


def city_report(qingchuan):
    """The city report of the issue: 4- and 5-digit figures in 表三 (3001, 1362 …), 表四 in hundreds."""
    for cell, value in list(qingchuan.values.items()):
        if cell.table == "t3":
            qingchuan.set(cell, value * 137 + 3001 if value else 1259)
        elif cell.table == "t4":
            qingchuan.set(cell, value * 100 + 136)
    return qingchuan


def printed_figures(report) -> Counter:
    figures: Counter = Counter()
    for table in report.form.tables.values():
        for cell in grid(table, report.form.computed_by_cell).cells:
            if cell.role in (Role.VALUE, Role.COMPUTED):
                text = cell_text(cell, report)
                if text:
                    figures[text] += 1
    return figures


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{name: (report, words of every page)}: four reports converted in one LibreOffice run."""
    from forms.samples import load_samples

    require_metric_fonts()
    folder = tmp_path_factory.mktemp("fit")
    reports = {form_id: huge_report(form_id) for form_id in ("gov-2021", "gov-2019", "gov-2014")}
    reports["city"] = city_report(dict(load_samples())["2025-qingchuan-scjgj.json"])
    paths = [write_docx(report, folder / f"{name}.docx") for name, report in reports.items()]
    pdfs = convert_all(paths, folder)
    return {name: (report, page_words(pdf)) for (name, report), pdf in zip(reports.items(), pdfs, strict=True)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["gov-2021", "gov-2019", "gov-2014", "city"])
def test_every_figure_prints_whole_on_one_line(rendered, name):
    report, pages = rendered[name]
    words = Counter(word.text for page in pages for word in page)
    figures = printed_figures(report)
    assert max(len(f) for f in figures) >= (12 if name != "city" else 4)    # the test holds big figures
    broken = {figure: (n, words[figure]) for figure, n in figures.items() if words[figure] < n}
    assert not broken, f"figures broken across lines in their cells: {broken}"
    assert report.organ in "".join(flat(page) for page in pages)


def table_sizes(path) -> list[set[int]]:
    """For each Word table, the sizes (half points) its runs print in: the run's own `w:sz`, else its style's."""
    document = docx.Document(str(path))
    style_sizes = {s.style_id: s.font.size.pt * 2 for s in document.styles if getattr(s, "font", None)
                   and s.font.size is not None}
    sizes = []
    for tbl in document.element.body.iter(qn("w:tbl")):
        found = set()
        for p in tbl.iter(qn("w:p")):
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
            for r in p.iter(qn("w:r")):
                sz = r.find(f"{qn('w:rPr')}/{qn('w:sz')}")
                found.add(int(sz.get(qn("w:val"))) if sz is not None else int(style_sizes[style]))
        sizes.append(found)
    return sizes


def test_ordinary_figures_keep_the_official_sizes(qingchuan, tmp_path):
    t2, t3, t4 = table_sizes(write_docx(qingchuan, tmp_path / "a.docx"))
    assert t2 == {21} and t3 == {21} and t4 == {18}                  # 五号, 五号, 小五


def test_a_city_report_makes_room_from_the_label_column_not_the_font(qingchuan, tmp_path):
    sample = docx.Document(str(write_docx(qingchuan.copy(), tmp_path / "a.docx")))
    city = city_report(qingchuan)
    path = write_docx(city, tmp_path / "b.docx")
    assert table_sizes(path)[1] == {21}                              # 表三 still in 五号

    def label_width(document) -> int:
        t3 = list(document.element.body.iter(qn("w:tbl")))[1]
        return int(list(t3.iter(qn("w:gridCol")))[2].get(qn("w:w")))

    assert label_width(docx.Document(str(path))) < label_width(sample)


@pytest.mark.parametrize("form_id", ["gov-2021", "gov-2019", "gov-2014"])
def test_huge_figures_step_the_font_down_by_whole_sizes(form_id, tmp_path):
    path = write_docx(huge_report(form_id), tmp_path / "a.docx")
    sizes = table_sizes(path)
    for found in sizes:
        assert len(found) == 1 and found <= CHINESE_SIZES_HALF_POINTS  # one 字号 per table
        assert min(found) >= 13                                        # never below 小六
    if form_id != "gov-2014":
        assert max(sizes[1]) < 21                                        # 表三 smaller than 五号


def test_figures_are_measured_in_the_latin_font_the_document_names():
    times = Typesetting()
    assert times.figure_width("1,234,567") == 7 * 0.5 + 2 * 0.25
    assert times.figure_width("123456789.99") == 11 * 0.5 + 0.25
    # a font we have no widths for is measured wide enough for Arial or Courier New
    assert Typesetting(latin_font="Arial").figure_width("1,234,567") > 7 * 0.556
