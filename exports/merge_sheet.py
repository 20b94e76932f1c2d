"""The Excel file of a 汇总: the ordinary export of the summed report, plus a sheet 各单位 with one row
per unit — its key figures (forms.merge.UNIT_FIGURES, labelled as the format file's `compare:` list
labels them) and whether its own report passed its checks — so the office sees who contributed what.

A unit not summed (its organ was already summed from another file) keeps its row, with the reason.
The last row, 合计, adds the summed units' figures: the summary's own key figures.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from forms.atomic import atomic_write
from forms.merge import Merge, UnitRow, figure_value
from forms.report import Report

from .xlsx_writer import (
    _BOLD,
    _BORDER,
    _FONT,
    _HEADER_FILL,
    _SUBTITLE,
    _TITLE,
    NUMBER_FORMATS,
    _height,
    _lines,
    _number,
    _page_setup,
    _put_text,
    _write_titles,
    build_workbook,
)

UNITS_SHEET = "各单位"
_TEXT_COLUMNS = (("序号", 6), ("单位", 30), ("文件", 28))
_TAIL_COLUMNS = (("本单位报告检查结果", 20), ("备注", 30))
_FIGURE_WIDTH = 14
_TOTAL = "合计"


def write_merge_xlsx(summary: Report, merge: Merge, path: str | Path, mark: str | None = None) -> Path:
    """The summary's workbook with the 各单位 sheet after its tables, written atomically. Raises
    forms.atomic.SaveError with a plain Chinese message when the file cannot be written."""
    workbook = build_workbook(summary, mark)
    units_sheet(workbook.create_sheet(UNITS_SHEET), summary, merge, mark)
    return atomic_write(path, workbook.save)


def units_sheet(ws: Worksheet, summary: Report, merge: Merge, mark: str | None) -> None:
    """One row per unit in the order the files were read, and the 合计 of those summed."""
    figures = merge.figures
    headers = [*_TEXT_COLUMNS, *((f.label, _FIGURE_WIDTH) for f in figures), *_TAIL_COLUMNS]
    for c, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    lines = [(f"{summary.title}：各单位情况", _TITLE),
             (f"共{len(merge.units)}个单位，计入汇总{sum(row.summed for row in merge.units)}个", _SUBTITLE)]
    _write_titles(ws, lines, len(headers), sum(width for _, width in headers))
    top = len(lines) + 2
    for c, (text, _) in enumerate(headers, start=1):
        cell = ws.cell(top, c)
        _put_text(cell, text)
        cell.font, cell.fill, cell.border = _BOLD, _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[top].height = _height([_lines(text, width) for text, width in headers])
    kinds = [f.kind for f in figures]
    widths = [width for _, width in headers]
    for n, row in enumerate(merge.units, start=1):
        _row(ws, top + n, [n, row.organ, row.source], row.figures, _tail(row), kinds)
        texts = [row.organ, row.source, *_tail(row)]
        ws.row_dimensions[top + n].height = _height(
            [_lines(text, width) for text, width in zip(texts, widths[1:3] + widths[-2:], strict=True)])
    totals = tuple(figure_value(f, summary) for f in figures)
    _row(ws, top + len(merge.units) + 1, [_TOTAL, "", ""], totals, ["", ""], kinds, bold=True)
    ws.freeze_panes = ws.cell(top + 1, 3).coordinate
    ws.print_title_rows = f"{top}:{top}"
    _page_setup(ws, landscape=True, mark=mark)


def _tail(row: UnitRow) -> list[str]:
    return [row.check_words, row.note]


def _row(ws: Worksheet, r: int, texts: list, figures: tuple, tail: list[str], kinds: list, bold: bool = False) -> None:
    values = [*texts, *figures, *tail]
    first_figure = len(texts) + 1
    for c, value in enumerate(values, start=1):
        cell = ws.cell(r, c)
        is_figure = first_figure <= c < first_figure + len(figures)
        if is_figure and value is not None:
            cell.value = _number(value)
            cell.number_format = NUMBER_FORMATS[kinds[c - first_figure]].replace("0", "#,##0", 1)
        elif isinstance(value, int) and not is_figure:
            cell.value = value                       # 序号
        else:
            _put_text(cell, "未填" if is_figure else value)
        cell.font = _BOLD if bold else _FONT
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="right" if is_figure else "left", vertical="center", wrap_text=True)
