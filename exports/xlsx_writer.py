"""The report's tables as an Excel workbook (docs/format-files.md §6).

One sheet 报告信息 with the report's identity (so that a reader knows which format the figures
follow), then one sheet per table, drawn from `forms.layout.grid` — the same labels, order and merged
cells as the Word file. Figures are numbers (never text); computed cells hold their values (many
readers never recalculate) on a grey fill; input cells carry data validation with a Chinese prompt.
A total the report states against its parts (`report.stated`, from a draft file or a workbook) holds
the stated figure, never the computed one, on a shade of its own with a comment giving the computed
figure (`exports.common.StatedTotal`): the workbook imports back with the same errors.

A blank input cell stays an empty cell, in every format — unlike the Word table, which prints it as
0 in gov-2019/2021. An empty spreadsheet cell is the natural “not entered”, and it is what lets our
own workbook import back with its blanks (R9: never entered is not the same as 0).

openpyxl neither sizes rows nor wraps for us, so column widths come from the grid's weights fitted to
the A4 page, and row heights from an estimate of how many lines each wrapped label takes.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from forms.atomic import atomic_write
from forms.compare import COLUMNS, CompareRow, compare, swing_words
from forms.definition import CellKind, Layout, Table
from forms.expr import Cell
from forms.labels import IDENTITY_ALIASES
from forms.layout import Grid, GridCell, Role, grid
from forms.numbers import MAX_DIGITS, format_value
from forms.report import INFO_FIELDS, Report
from forms.text import clean_text

from .common import COMPARE_SHEET, STATED_SHADE, StatedTotal, stated_total

IDENTITY_SHEET = "报告信息"
# Labels of the identity sheet: for the fields the reader reads back, the first of the words it
# knows them by (forms.labels); the others are for the person reading the workbook.
IDENTITY_LABELS = {**{key: words[0] for key, words in IDENTITY_ALIASES.items()},
                   "form_name": "格式名称", "basis": "格式依据", "mark": "状态"}

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
BODY_SIZE = 11
NUMBER_FORMATS = {CellKind.COUNT: "0", CellKind.SIGNED: "0", CellKind.DECIMAL: "0.00##"}

# Page geometry. Excel widths are in "characters" of the default font: a column of width w is
# w*7+5 pixels at 96 dpi. A CJK character of an 11 pt font is about 2.1 such characters wide.
_A4_INCHES = (8.27, 11.69)
_SIDE_MARGIN = 0.6
_PIXELS_PER_INCH = 96
_CJK_UNITS = 2.2
_OTHER_UNITS = 1.15
_CELL_PADDING_UNITS = 1.6
_LINE_POINTS = BODY_SIZE * 1.3
_ROW_PADDING_POINTS = 2.5
_INDENT_UNITS = 2.5          # one level of Excel's indent, in width units
_LANDSCAPE_FROM_COLUMNS = 6  # t3 (10 columns) and t4 (15) are printed across the page
_TOP_MARGIN = 0.75
# A table that fits on one page at this scale or more is printed on one page: a page break would
# cut through the merged group labels of 表三. Longer tables (统计表) run on, headers repeated.
_ONE_PAGE_MIN_SCALE = 0.7

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_COMPUTED_FILL = PatternFill("solid", fgColor="D9D9D9")
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_STATED_FILL = PatternFill("solid", fgColor=STATED_SHADE)
_SWING_FILL = PatternFill("solid", fgColor="FFF0BF")        # the window's shade of a large swing
_COMPARE_WIDTHS = (44, 13, 15, 13, 11)                      # 项目 … 增减幅度, in width units
_NOTE_SIZE = (220, 70)       # points: the comment on a stated total, its text on two or three lines
_FONT = Font(name=BODY_FONT, size=BODY_SIZE)
_BOLD = Font(name=BODY_FONT, size=BODY_SIZE, bold=True)
_TITLE = Font(name=TITLE_FONT, size=16)
_SUBTITLE = Font(name=BODY_FONT, size=BODY_SIZE)
_MARK = Font(name=TITLE_FONT, size=12, color="C00000")
# What makes Excel read a typed text as a formula (CSV injection, OWASP): such text is marked as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

def write_xlsx(report: Report, path: str | Path, mark: str | None = None, last: Report | None = None) -> Path:
    """Write the workbook atomically; `mark` (e.g. 草稿（未通过校验）) goes on every sheet and page;
    with `last` (last year's report, as `exports.common.prepare_export` takes it) a 上年对照 sheet
    follows the tables. Raises forms.atomic.SaveError with a plain Chinese message when the file
    cannot be written."""
    workbook = build_workbook(report, mark, last)
    return atomic_write(path, workbook.save)


def build_workbook(report: Report, mark: str | None = None, last: Report | None = None) -> Workbook:
    workbook = Workbook()
    workbook.properties.creator = "年报通"
    workbook.properties.title = report.title
    _identity_sheet(workbook.active, report, mark)
    for table in report.form.tables.values():
        _table_sheet(workbook.create_sheet(table.short), report, table, mark)
    if last is not None and report.form.compare is not None:
        _compare_sheet(workbook.create_sheet(COMPARE_SHEET), report, last, mark)
    return workbook


# --- the identity sheet ---------------------------------------------------------------------------

def _identity_sheet(ws: Worksheet, report: Report, mark: str | None) -> None:
    form = report.form
    ws.title = IDENTITY_SHEET
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 72
    _put_text(ws["A1"], report.title or "政府信息公开工作年度报告")
    ws.merge_cells("A1:B1")
    ws["A1"].font = _TITLE
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = _height([_lines(ws["A1"].value, 86, 16 / BODY_SIZE)], 16 * 1.4)
    rows = [("organ", report.organ), ("year", report.year), ("form", form.id), ("form_name", form.name),
            ("basis", f"{form.basis}（{form.document_number}）")]
    rows += [(key, report.info.get(key, "")) for key in INFO_FIELDS]
    if mark:
        rows.append(("mark", mark))
    for key, value in rows:
        r = ws.max_row + 1
        label = ws.cell(r, 1, IDENTITY_LABELS[key])
        label.font = _BOLD
        cell = ws.cell(r, 2)
        if key == "year" and isinstance(value, int):
            cell.value = value
            cell.number_format = "0"
        else:
            _put_text(cell, value)
        cell.font = _MARK if key == "mark" else _FONT
        for c in (label, cell):
            c.border = _BORDER
            c.alignment = Alignment(vertical="center", wrap_text=True, horizontal="left")
        ws.row_dimensions[r].height = _height([_lines(str(cell.value or ""), 72)])
    notes = ["说明：本工作簿由年报通导出，各表按上面的报告格式排列，与Word报告中的表格相同。",
             "表中空白的单元格表示没有填写；没有发生的事项请填0，不要留空。",
             "灰色底纹的单元格是按各分项计算的合计。在Excel或WPS中修改分项后，合计不会自动更新；"
             "导入年报通时会重新计算，并指出与表中合计不一致的地方。"]
    if report.disagreeing_totals():
        notes.append("浅红色底纹的合计与各分项之和不一致：表中保留了原来填的数字（或空白），"
                     "批注中是按各分项计算的结果。请核对各分项后改正。")
    notes += [f"工作表“{t.short}”：{t.title}" for t in form.tables.values()]
    r = ws.max_row + 2
    for offset, text in enumerate(notes):
        cell = ws.cell(r + offset, 1)
        _put_text(cell, text)
        ws.merge_cells(start_row=r + offset, start_column=1, end_row=r + offset, end_column=2)
        cell.font = _FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r + offset].height = _height([_lines(text, 86)])
    _page_setup(ws, landscape=False, mark=mark)


def _put_text(cell, text) -> None:
    """A text cell that stays text: openpyxl would take “=…” for a formula, and xlsx cannot hold
    control characters at all. Text that Excel would read as the start of a formula when the cell is
    edited (= + - @, a tab or CR) is marked as text too (the quote prefix, as Excel's own 'text)."""
    text = clean_text("" if text is None else str(text))
    cell.value = text or None
    if text:
        cell.data_type = "s"
        cell.number_format = "@"
        if text.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True


# --- a table sheet --------------------------------------------------------------------------------

def _table_sheet(ws: Worksheet, report: Report, table: Table, mark: str | None) -> None:
    layout = grid(table, report.form.computed_by_cell)
    landscape = layout.n_cols >= _LANDSCAPE_FROM_COLUMNS
    widths = _column_widths(layout, report, landscape)
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = round(width, 2)
    title_lines = _title_lines(report, table, mark)
    _write_titles(ws, title_lines, layout.n_cols, sum(widths))
    top = len(title_lines) + 2          # a spacer row between the titles and the table

    validations = _validations()
    for gc in layout.cells:
        _put_grid_cell(ws, report, table, gc, top, validations)
    for validation in validations.values():
        if validation.sqref:
            ws.add_data_validation(validation)
    _row_heights(ws, layout, widths, top)
    _print_setup(ws, layout, top, widths, landscape, mark)


def _title_lines(report: Report, table: Table, mark: str | None) -> list[tuple[str, Font]]:
    """Above the table: its heading, the year, the organ and the draft mark."""
    heading = next((s.heading for s in report.form.sections if s.table == table.key), None)
    lines = [(heading if heading and table.layout is not Layout.LIST else table.title, _TITLE)]
    subtitle = table.subtitle_for(report.year)
    if subtitle:
        lines.append((subtitle, _SUBTITLE))
    elif report.year:
        lines.append((f"（{report.year}年度）", _SUBTITLE))
    if report.organ:
        lines.append((f"填报机关：{report.organ}", _SUBTITLE))
    if mark:
        lines.append((mark, _MARK))
    return lines


def _write_titles(ws: Worksheet, lines: list[tuple[str, Font]], n_cols: int, total_width: float) -> None:
    for r, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(r, 1)
        _put_text(cell, text)
        cell.number_format = "General"
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if n_cols > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
        ws.row_dimensions[r].height = _height([_lines(text, total_width, font.size / BODY_SIZE)], font.size * 1.4)


def _validations() -> dict[CellKind, DataValidation]:
    """What each kind of input cell accepts, with the window's wording as prompt and error."""
    validations = {kind: DataValidation(type="whole" if kind != CellKind.DECIMAL else "decimal", allow_blank=True,
                                        showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                                        promptTitle=f"填写{kind.noun}", prompt=kind.how_to_type,
                                        errorTitle="填写有误", error=kind.how_to_type)
                   for kind in CellKind}
    validations[CellKind.COUNT].operator = validations[CellKind.DECIMAL].operator = "greaterThanOrEqual"
    validations[CellKind.COUNT].formula1 = validations[CellKind.DECIMAL].formula1 = "0"
    limit = str(10 ** MAX_DIGITS - 1)
    validations[CellKind.SIGNED].operator = "between"
    validations[CellKind.SIGNED].formula1, validations[CellKind.SIGNED].formula2 = f"-{limit}", limit
    return validations


def _print_setup(ws: Worksheet, layout: Grid, top: int, widths: list[float], landscape: bool,
                 mark: str | None) -> None:
    """Frozen labels and headers on screen; on paper the header rows repeated, one page wide."""
    first = top + layout.header_rows
    if layout.header_rows or layout.label_cols:
        ws.freeze_panes = ws.cell(first if layout.header_rows else top, layout.label_cols + 1).coordinate
    else:
        ws.freeze_panes = None
    if layout.header_rows:
        ws.print_title_rows = f"{top}:{top + layout.header_rows - 1}"
    _page_setup(ws, landscape, mark)
    ws.page_setup.fitToHeight = 1 if _fits_one_page(ws, top + layout.n_rows - 1, widths, landscape) else 0
    ws.print_area = f"A1:{get_column_letter(layout.n_cols)}{top + layout.n_rows - 1}"


def _put_grid_cell(ws: Worksheet, report: Report, table: Table, gc: GridCell, top: int,
                   validations: dict) -> None:
    row, col = top + gc.row, gc.col + 1
    cell = ws.cell(row, col)
    if gc.rowspan > 1 or gc.colspan > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=gc.last_row + top, end_column=gc.last_col + 1)
    # Every cell of a merged range needs its own border, or edges disappear.
    for r in range(row, gc.last_row + top + 1):
        for c in range(col, gc.last_col + 2):
            ws.cell(r, c).border = _BORDER
    if gc.cell is not None:
        kind = table.kind_of(gc.cell)
        cell.value = _number(_printed(report, gc.cell))   # blank stays empty (see the module note)
        cell.number_format = NUMBER_FORMATS[kind]
        cell.font = _FONT
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if gc.role == Role.COMPUTED:
            cell.fill = _COMPUTED_FILL
            _mark_stated(cell, stated_total(report, gc.cell))
        else:
            validations[kind].add(cell.coordinate)
        return
    if gc.role == Role.EMPTY:
        return
    _put_text(cell, gc.text)
    cell.number_format = "General"
    cell.font = _BOLD if gc.role in (Role.HEADER, Role.CORNER, Role.BLOCK) else _FONT
    if gc.role in (Role.HEADER, Role.CORNER):
        cell.fill = _HEADER_FILL
    horizontal = "center" if gc.role in (Role.HEADER, Role.CORNER, Role.GROUP, Role.UNIT) else "left"
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True, indent=gc.level)


def _printed(report: Report, cell: Cell):
    """The figure a cell holds: its value, or a total the report states against its parts as stated."""
    stated = stated_total(report, cell)
    return stated.stated if stated else report.value(cell)


def _mark_stated(cell, stated: StatedTotal | None) -> None:
    """A stated total that disagrees with its parts: a shade of its own and a comment giving the
    computed figure — and, for a stated blank, the words by which our reader knows it again."""
    if stated is None:
        return
    cell.fill = _STATED_FILL
    note = Comment(stated.note, "年报通")
    note.width, note.height = _NOTE_SIZE
    cell.comment = note


def _number(value):
    """An int, or a Decimal written in plain notation (never 1E+2)."""
    if isinstance(value, Decimal):
        return Decimal(format(value, "f"))
    return value


# --- 上年对照 ----------------------------------------------------------------------------------------

def _compare_sheet(ws: Worksheet, report: Report, last: Report, mark: str | None) -> None:
    """This year's key figures beside last year's (forms.compare): figures as numbers, the percent
    as a percent, 未填 / 上年格式中没有 / — as words, a large swing's row shaded."""
    spec = report.form.compare
    assert spec is not None                      # build_workbook adds the sheet only then
    for i, width in enumerate(_COMPARE_WIDTHS):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
    this_year = f"{report.organ}{report.year or ''}年度".strip()
    last_year = f"{last.organ}{last.year or ''}年度（{last.form.short_name}）".strip()
    lines = [("上年对照", _TITLE), (f"本年：{this_year}；上年：{last_year}", _SUBTITLE),
             (f"浅黄色底纹：变化较大（{swing_words(spec)}）", _SUBTITLE)]
    if mark:
        lines.append((mark, _MARK))
    _write_titles(ws, lines, len(COLUMNS), sum(_COMPARE_WIDTHS))
    top = len(lines) + 2
    for c, text in enumerate(COLUMNS, start=1):
        cell = ws.cell(top, c)
        _put_text(cell, text)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, row in enumerate(compare(report, last), start=top + 1):
        _compare_row(ws, r, row)
    ws.freeze_panes = ws.cell(top + 1, 2).coordinate
    ws.print_title_rows = f"{top}:{top}"
    _page_setup(ws, landscape=False, mark=mark)


def _compare_format(column: int, kind: CellKind) -> str:
    """Thousands separated figures; the change and its percent with their sign (+288, -66.0%)."""
    if column == 5:
        return "+0.0%;-0.0%;0.0%"
    figure = NUMBER_FORMATS[kind].replace("0", "#,##0", 1)
    return f"+{figure};-{figure};0" if column == 4 else figure


def _compare_row(ws: Worksheet, r: int, row: CompareRow) -> None:
    texts = row.texts()
    values = [texts[0], row.this, row.last, row.change, None if row.pct is None else row.pct / 100]
    for c, value in enumerate(values, start=1):
        cell = ws.cell(r, c)
        if c == 1 or value is None:
            _put_text(cell, texts[c - 1])            # the label, or the words for a missing figure
        else:
            cell.value = _number(value)
            cell.number_format = _compare_format(c, row.kind)
        cell.font, cell.border = _FONT, _BORDER
        cell.alignment = Alignment(horizontal="left" if c == 1 else "right", vertical="center", wrap_text=c == 1)
        if row.swing:
            cell.fill = _SWING_FILL
        if row.remark and c == 1:
            cell.comment = Comment(row.remark, "年报通")


# --- sizes ----------------------------------------------------------------------------------------

def _page_units(landscape: bool) -> float:
    """The printable width in Excel width units."""
    inches = _A4_INCHES[1 if landscape else 0] - 2 * _SIDE_MARGIN
    return inches * _PIXELS_PER_INCH / 7


def _column_widths(layout: Grid, report: Report, landscape: bool) -> list[float]:
    """Share the page width by the grid's weights; a value column is at least as wide as its widest
    figure (else Excel shows ####), even if the page must then shrink to fit."""
    weights = layout.col_weights or [1.0] * layout.n_cols
    available = _page_units(landscape) - 5 / 7 * layout.n_cols
    widths = [available * w / sum(weights) for w in weights]
    for gc in layout.cells:
        if gc.cell is not None and gc.colspan == 1:
            kind = layout.table.kind_of(gc.cell)
            text = format_value(_printed(report, gc.cell), kind)
            widths[gc.col] = max(widths[gc.col], len(text) * 1.2 + 3)
    return widths


def _text_units(text: str) -> float:
    return sum(_CJK_UNITS if unicodedata.east_asian_width(ch) in "WF" else _OTHER_UNITS for ch in text)


def _lines(text: str, width_units: float, scale: float = 1.0, indent: int = 0) -> int:
    """How many lines `text` wraps to in a cell `width_units` wide (CJK breaks anywhere)."""
    usable = max(width_units - _CELL_PADDING_UNITS - indent * _INDENT_UNITS, 2.0)
    return sum(max(1, math.ceil(_text_units(part) * scale / usable)) for part in str(text).split("\n"))


def _height(lines: list[int], line_points: float = _LINE_POINTS) -> float:
    return round(max(lines or [1]) * line_points + _ROW_PADDING_POINTS, 1)


def _row_heights(ws: Worksheet, layout: Grid, widths: list[float], top: int) -> None:
    """Heights that show every wrapped label: single-row cells set their row's height; a cell that
    spans rows gets any missing height added to the last of its rows."""
    heights = [_height([1])] * layout.n_rows
    spanning = []
    for gc in layout.cells:
        if not gc.text:
            continue
        width = sum(widths[gc.col:gc.last_col + 1])
        needed = _height([_lines(gc.text, width, indent=gc.level)])
        if gc.rowspan == 1:
            heights[gc.row] = max(heights[gc.row], needed)
        else:
            spanning.append((gc, needed))
    for gc, needed in spanning:
        have = sum(heights[gc.row:gc.last_row + 1])
        if have < needed:
            heights[gc.last_row] += needed - have
    for r, height in enumerate(heights):
        ws.row_dimensions[top + r].height = height


def _fits_one_page(ws: Worksheet, last_row: int, widths: list[float], landscape: bool) -> bool:
    page_width, page_height = _A4_INCHES[::-1] if landscape else _A4_INCHES
    height_points = (page_height - 2 * _TOP_MARGIN) * 72
    width_points = (page_width - 2 * _SIDE_MARGIN) * 72
    sheet_height = sum(ws.row_dimensions[r].height or _LINE_POINTS for r in range(1, last_row + 1))
    sheet_width = sum(w * 7 + 5 for w in widths) * 72 / _PIXELS_PER_INCH
    return min(height_points / sheet_height, width_points / sheet_width, 1.0) >= _ONE_PAGE_MIN_SCALE \
        and height_points / sheet_height >= _ONE_PAGE_MIN_SCALE


def _page_setup(ws: Worksheet, landscape: bool, mark: str | None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = _SIDE_MARGIN
    ws.page_margins.top = ws.page_margins.bottom = _TOP_MARGIN
    ws.print_options.horizontalCentered = True
    if mark:
        ws.oddHeader.center.text = _header_text(mark)
        ws.oddHeader.center.color = "C00000"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _header_text(text: str) -> str:
    """Header/footer text treats & as a code: double it."""
    return text.replace("&", "&&")
