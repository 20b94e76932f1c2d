"""A total stated in the draft that disagrees with its parts is exported AS STATED, never corrected
behind the clerk's back: printed as the draft says it, on a light shade in Word's draft, on a shade
with a comment giving the computed figure in Excel; and our own workbook imports back with the same
findings. Issue 11: a real 2023 district report prints 表四 行政复议 总计 0 while its parts sum to 11,
and 复议后起诉 总计 0 while its parts sum to 5.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from exports.common import DRAFT_MARK, ExportRefused, prepare_export
from exports.docx_writer import write_docx
from exports.xlsx_reader import read_xlsx
from exports.xlsx_writer import write_xlsx
from forms.draft import dump_draft, parse_draft
from forms.expr import Cell
from forms.layout import grid
from forms.rules import check
from main import main as cli
from tests.support.libreoffice import convert, pdf_text

ADMIN_TOTAL = Cell("t4", "admin_review", "total")
AFTER_REVIEW_TOTAL = Cell("t4", "suit_after_review", "total")
DIRECT_TOTAL = Cell("t4", "suit_direct", "total")


@pytest.fixture
def district(qingchuan):
    """The district report's 表四 as its clerk typed it into a draft file: the parts of 行政复议 add
    up to 11 and those of 复议后起诉 to 5, but both 总计 were printed 0 (as published)."""
    doc = json.loads(dump_draft(qingchuan))
    doc["tables"]["t4"]["admin_review"] = {"upheld": 7, "corrected": 2, "other": 1, "pending": 1, "total": 0}
    doc["tables"]["t4"]["suit_after_review"] = {"upheld": 3, "corrected": 1, "other": 0, "pending": 1, "total": 0}
    report = parse_draft(json.dumps(doc, ensure_ascii=False))
    assert report.stated == {ADMIN_TOTAL: 0, AFTER_REVIEW_TOTAL: 0}
    assert (report.value(ADMIN_TOTAL), report.value(AFTER_REVIEW_TOTAL)) == (11, 5)
    return report


def stated_errors(report) -> dict[Cell, str]:
    """The errors about stated totals, by cell."""
    return {f.cells[0]: f.message for f in check(report).errors if "stated" in f.values}


def findings_on_cells(report) -> list[tuple]:
    """The table findings as the clerk sees them: rule, cells, figures and message (the prose is not
    in a workbook, so findings about sections are left out)."""
    return sorted((f.rule, f.severity.value, f.cells, tuple(sorted(f.values.items())), f.message)
                  for f in check(report).findings if f.cells and f.section is None)


# --- Word ------------------------------------------------------------------------------------------

def word_table(document, report, key: str):
    """The `w:tbl` of table `key`: tables are printed in the order of the format's sections."""
    keys = [s.table for s in report.form.sections if s.kind == "table" and not s.appendix] + \
           [s.table for s in report.form.sections if s.kind == "table" and s.appendix]
    return document.element.body.findall(qn("w:tbl"))[keys.index(key)]


def word_cell(document, report, cell: Cell):
    """The `w:tc` that prints `cell`, found at its grid position (gridSpan counted)."""
    layout = grid(report.form.tables[cell.table], report.form.computed_by_cell)
    target = next(gc for gc in layout.cells if gc.cell == cell)
    tr = word_table(document, report, cell.table).findall(qn("w:tr"))[target.row]
    col = 0
    for tc in tr.findall(qn("w:tc")):
        if col == target.col:
            return tc
        span = tc.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
        col += int(span.get(qn("w:val"))) if span is not None else 1
    raise AssertionError(f"{cell} not found in the Word table")


def text_of(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def shade_of(tc) -> str | None:
    """The fill colour of the cell's shading, None when it has none."""
    shd = tc.find(qn("w:tcPr") + "/" + qn("w:shd"))
    if shd is None:
        return None
    fill = shd.get(qn("w:fill"))
    return None if fill in (None, "auto", "FFFFFF") else fill


def test_word_draft_prints_the_stated_totals_shaded(district, tmp_path):
    mark = prepare_export(district, draft=True)
    assert mark == DRAFT_MARK
    document = docx.Document(write_docx(district, tmp_path / "区政府2023年报.docx", mark=mark))
    admin, after = word_cell(document, district, ADMIN_TOTAL), word_cell(document, district, AFTER_REVIEW_TOTAL)
    assert (text_of(admin), text_of(after)) == ("0", "0")
    assert shade_of(admin) and shade_of(after)
    # a total that agrees with its parts, and the parts themselves, are printed plain
    direct = word_cell(document, district, DIRECT_TOTAL)
    assert text_of(direct) == str(district.value(DIRECT_TOTAL)) and shade_of(direct) is None
    upheld = word_cell(document, district, Cell("t4", "admin_review", "upheld"))
    assert text_of(upheld) == "7" and shade_of(upheld) is None
    printed = [text_of(tc) for tc in word_table(document, district, "t4").iter(qn("w:tc"))]
    assert "11" not in printed and "5" not in printed


# --- Excel -----------------------------------------------------------------------------------------

def sheet_cell(ws, report, cell: Cell):
    """The worksheet cell of `cell`: the grid's first row is the first sheet row that starts with
    the grid's first text (the titles are above it)."""
    layout = grid(report.form.tables[cell.table], report.form.computed_by_cell)
    first = layout.at(0, 0).text
    top = next(r for r in range(1, 15) if ws.cell(r, 1).value == first)
    target = next(gc for gc in layout.cells if gc.cell == cell)
    return ws.cell(top + target.row, target.col + 1)


def fill_of(xcell) -> str:
    return (xcell.fill.fgColor.rgb or "")[-6:] if xcell.fill.fill_type == "solid" else ""


def test_excel_draft_prints_the_stated_totals_shaded_with_the_computed_figure(district, tmp_path):
    path = write_xlsx(district, tmp_path / "区政府2023年报.xlsx", mark=prepare_export(district, draft=True))
    workbook = load_workbook(path)
    ws = workbook["表四"]
    admin, after = sheet_cell(ws, district, ADMIN_TOTAL), sheet_cell(ws, district, AFTER_REVIEW_TOTAL)
    direct = sheet_cell(ws, district, DIRECT_TOTAL)
    assert (admin.value, after.value) == (0, 0)
    assert "按各分项计算应为11" in admin.comment.text and "按各分项计算应为5" in after.comment.text
    assert "原来填的是0" in admin.comment.text
    assert fill_of(admin) and fill_of(admin) == fill_of(after)
    # the agreeing total keeps the grey of every computed cell, with no comment
    assert direct.value == district.value(DIRECT_TOTAL) and direct.comment is None
    assert fill_of(direct) and fill_of(direct) != fill_of(admin)
    # the first sheet says what the shade means
    notes = [c for row in workbook["报告信息"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("浅红色底纹的合计与各分项之和不一致" in note for note in notes)


def test_our_workbook_imports_back_with_the_same_findings(district, tmp_path):
    path = write_xlsx(district, tmp_path / "区政府2023年报.xlsx", mark=DRAFT_MARK)
    result = read_xlsx(path)
    assert result.report.stated == district.stated
    assert findings_on_cells(result.report) == findings_on_cells(district)
    assert {ADMIN_TOTAL, AFTER_REVIEW_TOTAL} <= set(stated_errors(result.report))


# --- a stated blank (gov-2014: the 2017 乐清 report prints four subtotals blank) --------------------

def test_a_stated_blank_is_printed_blank_and_marked_in_word_and_excel(yueqing, tmp_path):
    blanks = [cell for cell, value in yueqing.stated.items() if value is None]
    assert len(blanks) == 4 and all(yueqing.value(c) == 1 for c in blanks)
    mark = prepare_export(yueqing, draft=True)
    document = docx.Document(write_docx(yueqing, tmp_path / "乐清.docx", mark=mark))
    ws = load_workbook(write_xlsx(yueqing, tmp_path / "乐清.xlsx", mark=mark))["统计表"]
    for cell in blanks:
        tc, xcell = word_cell(document, yueqing, cell), sheet_cell(ws, yueqing, cell)
        assert text_of(tc) == "" and shade_of(tc), cell
        assert xcell.value is None and fill_of(xcell), cell
        assert "原来填的是空白" in xcell.comment.text and "按各分项计算应为1" in xcell.comment.text, cell


def test_a_stated_blank_imports_back_from_our_workbook(yueqing, tmp_path):
    result = read_xlsx(write_xlsx(yueqing, tmp_path / "乐清.xlsx", mark=DRAFT_MARK))
    assert result.report.stated == yueqing.stated
    assert findings_on_cells(result.report) == findings_on_cells(yueqing)


def test_a_blank_total_in_a_workbook_without_our_note_is_still_derived(yueqing, tmp_path):
    """Only our own note makes an empty total a stated blank: a hand-made sheet's empty total is
    simply computed (people leave totals to the program)."""
    path = write_xlsx(yueqing, tmp_path / "乐清.xlsx", mark=DRAFT_MARK)
    wb = load_workbook(path)
    ws = wb["统计表"]
    for cell in yueqing.stated:
        sheet_cell(ws, yueqing, cell).comment = None
    wb.save(path)
    assert read_xlsx(path).report.stated == {}


# --- a final export is still refused ---------------------------------------------------------------

def test_a_final_export_is_refused_while_a_stated_total_disagrees(district, tmp_path, capsys):
    with pytest.raises(ExportRefused) as refused:
        prepare_export(district)
    assert {ADMIN_TOTAL, AFTER_REVIEW_TOTAL} <= {c for f in refused.value.result.errors for c in f.cells}
    draft = tmp_path / "区政府2023年报.json"
    draft.write_bytes(dump_draft(district))
    target = tmp_path / "正式稿.docx"
    assert cli(["export", str(draft), "--docx", str(target)]) == 1
    assert not target.exists()
    assert "原来填的是0，按各分项计算应为11" in capsys.readouterr().err


# --- what a reader of the draft sees ----------------------------------------------------------------

def shaded_pixels(pdf: Path, page: int, rgb: tuple[int, int, int]) -> int:
    """Pixels of page `page` (1-based) of `pdf` within a few levels of colour `rgb`."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm is not installed")
    data = subprocess.run([tool, "-r", "30", "-f", str(page), "-l", str(page), str(pdf)], check=True,
                          capture_output=True, timeout=60).stdout
    # P6\n<w> <h>\n255\n<pixels>
    header, _, rest = data.partition(b"\n")
    size, _, rest = rest.partition(b"\n")
    _, _, pixels = rest.partition(b"\n")
    assert header == b"P6", header
    return sum(1 for i in range(0, len(pixels) - 2, 3)
               if all(abs(pixels[i + k] - rgb[k]) <= 6 for k in range(3)))


def test_libreoffice_shows_the_stated_totals_shaded_on_the_t4_page(district, tmp_path):
    path = write_docx(district, tmp_path / "区政府2023年报.docx", mark=DRAFT_MARK)
    pdf = convert(path, "pdf")
    pages = pdf_text(pdf).split("\f")
    page = next(i for i, text in enumerate(pages, start=1) if "复议后起诉" in text)
    figures = [line.split() for line in pages[page - 1].splitlines()]
    row = next(tokens for tokens in figures if len(tokens) == 15 and all(t.isdigit() for t in tokens))
    assert row == ["7", "2", "1", "1", "0", "2", "0", "1", "1", "4", "3", "1", "0", "1", "0"]
    from exports.common import STATED_SHADE

    shade = tuple(int(STATED_SHADE[i:i + 2], 16) for i in (0, 2, 4))
    assert shaded_pixels(pdf, page, shade) > 20
