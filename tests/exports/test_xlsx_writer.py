"""The Excel export: the official layout, real numbers, validation, borders, sizes and print set-up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exports.xlsx_writer import IDENTITY_SHEET, build_workbook, write_xlsx
from forms.atomic import SaveError
from forms.carryover import new_report
from forms.definition import CellKind
from forms.expr import Cell
from forms.layout import Role, grid
from forms.loader import get_form

DRAFT = "草稿（未通过校验）"


def _table_top(ws, layout) -> int:
    """The sheet row of the grid's first row: the first row whose first cell holds the grid's
    first text (titles are above it)."""
    first = layout.at(0, 0)
    for row in range(1, 12):
        if ws.cell(row, 1).value == (first.text or None):
            return row
    raise AssertionError(f"{ws.title}: table not found")


@pytest.fixture
def saved(tmp_path, qingchuan):
    path = write_xlsx(qingchuan, tmp_path / "青川.xlsx")
    return qingchuan, load_workbook(path)


def test_sheets_identity_first_then_one_per_table(saved, yueqing, tmp_path):
    report, wb = saved
    assert wb.sheetnames == [IDENTITY_SHEET, "表二", "表三", "表四"]
    wb14 = load_workbook(write_xlsx(yueqing, tmp_path / "乐清.xlsx", mark=DRAFT))
    assert wb14.sheetnames == [IDENTITY_SHEET, "统计表"]


def test_identity_sheet_names_organ_year_and_format(saved):
    report, wb = saved
    pairs = {row[0]: row[1] for row in wb[IDENTITY_SHEET].iter_rows(min_row=2, max_col=2, values_only=True) if row[0]}
    assert pairs["机关名称"] == report.organ
    assert pairs["报告年度"] == report.year
    assert pairs["报告格式"] == "gov-2021"
    assert "国办公开办函〔2021〕30号" in pairs["格式依据"]
    assert pairs["邮政编码"] == report.info["postcode"] and isinstance(pairs["邮政编码"], str)
    assert pairs["联系电话"] == report.info["phone"]
    assert "状态" not in pairs


def test_draft_mark_on_identity_sheet_tables_and_page_headers(tmp_path, yueqing):
    wb = load_workbook(write_xlsx(yueqing, tmp_path / "d.xlsx", mark=DRAFT))
    values = [c for row in wb[IDENTITY_SHEET].iter_rows(values_only=True) for c in row]
    assert DRAFT in values
    for ws in wb.worksheets:
        assert DRAFT in ws.oddHeader.center.text
    assert DRAFT in [ws["A1"].value for ws in wb.worksheets] + [wb["统计表"].cell(r, 1).value for r in range(1, 6)]


def _grid_cells(report, wb, tables=None):
    """(table, sheet, grid cell, sheet cell where it is drawn) for every cell of the printed grids."""
    for table in tables or report.form.tables.values():
        layout = grid(table, report.form.computed_by_cell)
        ws = wb[table.short]
        top = _table_top(ws, layout)
        for gc in layout.cells:
            yield table, ws, gc, ws.cell(top + gc.row, gc.col + 1)


def test_labels_order_and_merges_follow_the_printed_grid(saved):
    report, wb = saved
    for table, ws, gc, cell in _grid_cells(report, wb):
        if gc.text:
            assert cell.value == gc.text, (table.key, gc)
        if gc.rowspan > 1 or gc.colspan > 1:
            end = ws.cell(cell.row + gc.rowspan - 1, cell.column + gc.colspan - 1)
            assert f"{cell.coordinate}:{end.coordinate}" in {str(m) for m in ws.merged_cells.ranges}, (table.key, gc)


def test_figures_are_numbers_with_formats_and_computed_cells_hold_values(saved):
    report, wb = saved
    for table, _ws, gc, cell in _grid_cells(report, wb):
        if gc.role not in (Role.VALUE, Role.COMPUTED):
            continue
        expected = report.value(gc.cell)
        assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (gc.cell, cell.value)
        assert Decimal(str(cell.value)) == expected
        kind = table.kind_of(gc.cell)
        assert cell.number_format == ("0.00##" if kind == CellKind.DECIMAL else "0")
        if gc.role == Role.COMPUTED:
            assert cell.fill.fgColor.rgb.endswith("D9D9D9")
    assert not [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def _printed(report, table_key: str, path) -> dict:
    """Cell -> the value the exported sheet holds for it."""
    wb = load_workbook(write_xlsx(report, path))
    return {gc.cell: cell.value for _, _, gc, cell in _grid_cells(report, wb, [report.form.tables[table_key]])
            if gc.cell}


@pytest.mark.parametrize("form_id, year", [("gov-2021", 2025), ("gov-2019", 2020)])
def test_blank_input_cells_stay_empty_even_where_word_prints_zero(tmp_path, form_id, year):
    """An empty cell is “not entered”: only so does our own workbook import back with its blanks
    (R9). A total of blank parts is empty too; a total with some parts entered holds their sum."""
    report = new_report("某某局", year, get_form(form_id))
    report.set(Cell("t3", "granted", "natural"), 5)
    report.set(Cell("t3", "granted", "business"), 0)
    at = _printed(report, "t3", tmp_path / "a.xlsx")
    assert at[Cell("t3", "granted", "natural")] == 5
    assert at[Cell("t3", "granted", "business")] == 0
    assert at[Cell("t3", "partial", "natural")] is None
    assert at[Cell("t3", "partial", "total")] is None
    assert at[Cell("t3", "total_processed", "natural")] == 5
    assert at[Cell("t3", "granted", "total")] == 5
    amounts = [c for c in report.form.input_cells if report.form.kind_of(c) == CellKind.DECIMAL]
    t2 = _printed(report, "t2", tmp_path / "b.xlsx")
    assert amounts and all(t2[c] is None for c in amounts)          # 万元 (fees, procurement)


def test_blank_cells_stay_empty_in_2014(tmp_path):
    old = new_report("某某局", 2017, get_form("gov-2014"))
    old.set(Cell("stats", "c1_1", "value"), 2)
    at = _printed(old, "stats", tmp_path / "b.xlsx")
    assert at[Cell("stats", "c1_1", "value")] == 2
    assert at[Cell("stats", "c1", "value")] == 2
    assert at[Cell("stats", "c1_2", "value")] is None
    assert at[Cell("stats", "a1", "value")] is None


def test_an_empty_figure_cell_keeps_its_number_format_and_validation(tmp_path):
    """A clerk may type into an empty cell in Excel: it still formats and checks the figure."""
    report = new_report("某某局", 2025, get_form("gov-2021"))
    wb = load_workbook(write_xlsx(report, tmp_path / "e.xlsx"))
    for table, ws, gc, cell in _grid_cells(report, wb):
        if gc.role == Role.VALUE:
            assert cell.value is None
            assert cell.number_format == ("0.00##" if table.kind_of(gc.cell) == CellKind.DECIMAL else "0")
            assert any(cell.coordinate in dv.sqref for dv in ws.data_validations.dataValidation)


def test_the_identity_sheet_says_what_an_empty_cell_means(saved):
    _, wb = saved
    notes = " ".join(str(c) for row in wb[IDENTITY_SHEET].iter_rows(values_only=True) for c in row if c)
    assert "空白" in notes and "填0" in notes


def test_input_cells_carry_validation_with_a_chinese_prompt(tmp_path):
    form = get_form("gov-2019")      # has all three kinds: counts, 本年增/减 (signed), 万元
    report = new_report("某某局", 2020, form)
    wb = load_workbook(write_xlsx(report, tmp_path / "v.xlsx"))
    for table, ws, gc, cell in _grid_cells(report, wb):
        if gc.cell is None:
            continue
        covering = [dv for dv in ws.data_validations.dataValidation if cell.coordinate in dv.sqref]
        if gc.role == Role.COMPUTED:
            assert not covering
            continue
        assert len(covering) == 1, (gc.cell, cell.coordinate)
        dv = covering[0]
        kind = table.kind_of(gc.cell)
        assert dv.type == ("decimal" if kind == CellKind.DECIMAL else "whole")
        if kind == CellKind.SIGNED:
            assert dv.operator == "between" and dv.formula1.startswith("-")
        else:
            assert dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"
        assert dv.showInputMessage and dv.showErrorMessage
        assert "请填写" in dv.prompt and dv.error and dv.errorTitle


def test_every_cell_of_a_merged_range_has_its_edge_borders(saved):
    """Excel and WPS draw a merged range's edges from the cells along them: each needs its side."""
    _, wb = saved
    checked = 0
    for ws in wb.worksheets[1:]:
        for merged in ws.merged_cells.ranges:
            if merged.min_row < 4:      # the title rows above the table have no borders
                continue
            for row in ws.iter_rows(min_row=merged.min_row, max_row=merged.max_row,
                                    min_col=merged.min_col, max_col=merged.max_col):
                for cell in row:
                    b = cell.border
                    edges = [(b.top, cell.row == merged.min_row), (b.bottom, cell.row == merged.max_row),
                             (b.left, cell.column == merged.min_col), (b.right, cell.column == merged.max_col)]
                    assert all(side.style == "thin" for side, on_edge in edges if on_edge), \
                        (ws.title, cell.coordinate)
                    checked += 1
    assert checked > 50


def test_rows_are_tall_enough_for_wrapped_labels_and_columns_fill_the_page(saved):
    report, wb = saved
    form = report.form
    ws = wb["表三"]
    layout = grid(form.tables["t3"], form.computed_by_cell)
    top = _table_top(ws, layout)
    heights = [ws.row_dimensions[top + r].height for r in range(layout.n_rows)]
    assert all(h and h >= 14 for h in heights)
    long_label = next(gc for gc in layout.cells if gc.text.startswith("1.申请人无正当理由"))
    assert ws.row_dimensions[top + long_label.row].height >= 2 * 14      # two lines
    corner = layout.at(0, 0)
    assert sum(heights[:corner.rowspan]) >= 2 * 14                       # the corner note wraps
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(layout.n_cols)]
    assert widths[2] > 3 * widths[3]                                     # labels wide, figures narrow
    assert 120 < sum(widths) < 150                                       # A4 landscape at 100 %


def test_print_setup_a4_landscape_where_wide_titles_repeat_and_panes_freeze(saved):
    _, wb = saved
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
    assert wb["表二"].page_setup.orientation == "portrait"
    assert wb["表三"].page_setup.orientation == "landscape"
    assert wb["表四"].page_setup.orientation == "landscape"
    t3 = wb["表三"]
    top = int(t3.print_title_rows.split(":")[0].strip("$"))
    assert t3.print_title_rows == f"${top}:${top + 2}"
    assert t3.freeze_panes == f"D{top + 3}"                              # after 3 label columns, 3 header rows
    assert wb["表二"].freeze_panes.startswith("B")
    assert wb["表四"].freeze_panes.startswith("A")


def test_a_long_table_runs_over_pages_with_its_header_repeated(yueqing, tmp_path):
    wb = load_workbook(write_xlsx(yueqing, tmp_path / "s.xlsx", mark=DRAFT))
    ws = wb["统计表"]
    assert ws.page_setup.fitToHeight == 0
    header = yueqing.form.tables["stats"].label_header
    [row] = [c.row for c in ws["A"] if c.value == header]       # 统　计　指　标 | 单位 | 统计数
    assert ws.print_title_rows == f"${row}:${row}"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    report = new_report("=HYPERLINK(\"x\")局", 2025)
    report.info["phone"] = "+86 0839"
    wb = load_workbook(write_xlsx(report, tmp_path / "f.xlsx"))
    values = {r[0]: r[1] for r in wb[IDENTITY_SHEET].iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    assert values["机关名称"] == "=HYPERLINK(\"x\")局"
    assert wb[IDENTITY_SHEET]["B2"].data_type == "s"


def test_write_is_atomic_and_explains_failures(tmp_path, qingchuan, monkeypatch):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous")
    with pytest.raises(SaveError) as excinfo:
        write_xlsx(qingchuan, tmp_path / "没有这个文件夹" / "x.xlsx")
    assert "不存在" in str(excinfo.value)

    from openpyxl import Workbook

    def failing_save(self, handle):
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", failing_save)
    with pytest.raises(SaveError) as excinfo:
        write_xlsx(qingchuan, target)
    assert "磁盘空间不足" in str(excinfo.value)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_build_workbook_needs_no_file(qingchuan):
    wb = build_workbook(qingchuan)
    assert wb.sheetnames[0] == IDENTITY_SHEET


FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_no_text_becomes_a_formula(qingchuan, tmp_path, start):
    """Formula injection: whatever a text starts with, the workbook holds values, never a formula."""
    import re
    import zipfile

    from lxml import etree

    from forms.report import INFO_FIELDS

    payload = f"{start}HYPERLINK(\"http://example.invalid\",\"点击\")+1"
    # set directly, not through the report's setters: the writer holds whatever it is given
    qingchuan.organ = payload
    qingchuan.info = {key: payload for key in INFO_FIELDS}
    qingchuan.sections = {s.key: payload for s in qingchuan.form.sections if s.has_prose}
    path = write_xlsx(qingchuan, tmp_path / "报告.xlsx", mark=payload)
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as package:
        sheets = [n for n in package.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
        assert sheets
        for name in sheets:
            root = etree.fromstring(package.read(name))
            assert root.find(f".//{main}f") is None, name
    ws = load_workbook(path)[IDENTITY_SHEET]
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(payload.strip() in c.value for c in texts)
    # and marked as text, so that editing the cell in Excel does not make it a formula either
    risky = [c for c in texts if c.value.startswith(("=", "+", "-", "@", "\t"))]
    assert start == "\r" or risky
    assert all(c.quotePrefix for c in risky)
