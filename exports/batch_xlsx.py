"""The Excel result of 批量检查: a sheet of units (one row each: file, organ, format, year, counts, the first
messages, last year's report) and a sheet of every finding (unit, rule, place, severity, message) — what
the office sends back to each unit, filtered to its rows.

Written as the results come (openpyxl's write-only workbook keeps rows in temporary files, not in
memory), so thousands of units cost no more memory than one; the widths, the frozen header row and the
filters are set before the first row, as write-only sheets require. Saved atomically at the end.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from forms.atomic import atomic_write

from .batch import UnitResult
from .xlsx_writer import _height, _lines  # the one estimate of wrapped lines and row heights

UNITS_SHEET, FINDINGS_SHEET, IGNORED_SHEET = "各单位", "问题清单", "未检查的文件"
UNIT_COLUMNS = (("文件", 36), ("机关名称", 30), ("格式", 14), ("年度", 8), ("错误", 7), ("提醒", 7),
                ("未读入", 8), ("主要问题", 80), ("上年报告", 36))
FINDING_COLUMNS = (("单位", 30), ("文件", 36), ("规则", 8), ("位置", 36), ("类别", 7), ("问题和改法", 90))
IGNORED_COLUMNS = (("文件", 60), ("原因", 60))
UNREADABLE = "无法读取"
_WRAPPED, _TOP = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")   # a row reads from its top


def _text(value: str) -> str:
    """Text from files and names as a cell can hold it: a name the file system gave in bytes that are no
    UTF-8 shows with a replacement mark; control characters XML refuses are dropped."""
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return ILLEGAL_CHARACTERS_RE.sub("", value)


class BatchWorkbook:
    """Add each unit's result as it comes, then `save` once."""

    def __init__(self) -> None:
        self.book = Workbook(write_only=True)
        self.rows: dict[str, int] = {}          # rows written so far in each sheet, the header's included
        self.widths: dict[str, list[int]] = {}
        self.units = self._sheet(UNITS_SHEET, UNIT_COLUMNS)
        self.findings = self._sheet(FINDINGS_SHEET, FINDING_COLUMNS)
        self.ignored: list[tuple[str, str]] = []

    def _sheet(self, title: str, columns: tuple[tuple[str, int], ...]):
        sheet = self.book.create_sheet(title)
        for n, (_, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(n)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"                  # printed to send back: the header on every page,
        sheet.page_setup.orientation = "landscape"      # the columns across one page's width
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        bold = Font(bold=True)
        header = []
        for name, _ in columns:
            cell = WriteOnlyCell(sheet, name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        self.rows[title] = 1
        self.widths[title] = [width for _, width in columns]
        return sheet

    def _append(self, sheet, title: str, values: list, wrap: tuple[int, ...] = ()) -> None:
        """One row; the cells in `wrap` wrap, and the row is as tall as their text (openpyxl sizes no row,
        and a wrapped message cut to one line is unreadable)."""
        row = self.rows[title] + 1
        widths = self.widths[title]
        lines = [_lines(values[n], widths[n]) for n in wrap if isinstance(values[n], str) and values[n]]
        if max(lines, default=1) > 1:
            sheet.row_dimensions[row].height = _height(lines)
        cells = []
        for n, value in enumerate(values):
            cell = WriteOnlyCell(sheet, _text(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"            # a message or name starting with “=” is text, not a formula
            cell.alignment = _WRAPPED if n in wrap else _TOP
            cells.append(cell)
        sheet.append(cells)
        sheet.row_dimensions.pop(row, None)         # written: memory stays flat in the number of rows
        self.rows[title] = row

    def add(self, result: UnitResult) -> None:
        if result.error:
            self._append(self.units, UNITS_SHEET, [result.file, "", "", None, None, None, None,
                                                   f"{UNREADABLE}：{result.error}", ""], wrap=(7,))
            self._append(self.findings, FINDINGS_SHEET, [Path(result.file).name, result.file, UNREADABLE, "",
                                                         "错误", result.error], wrap=(5,))
            return
        last = result.last_file or result.last_note
        self._append(self.units, UNITS_SHEET, [result.file, result.organ, result.form, result.year, result.errors,
                                               result.warnings, result.unplaced, "\n".join(result.first_messages()),
                                               last], wrap=(7,))
        for finding in result.findings:
            self._append(self.findings, FINDINGS_SHEET, [result.unit, result.file, finding.rule, finding.place,
                                                         finding.severity.label, finding.message], wrap=(3, 5))

    def ignore(self, path: str, why: str) -> None:
        """A file of a folder that was not checked (no report's kind), on a sheet of its own at the end."""
        self.ignored.append((path, why))

    def save(self, path: str | Path) -> Path:
        self._filters()
        if self.ignored:
            sheet = self._sheet(IGNORED_SHEET, IGNORED_COLUMNS)
            for name, why in self.ignored:
                self._append(sheet, IGNORED_SHEET, [name, why])
        return atomic_write(path, self.book.save)

    def _filters(self) -> None:
        for sheet, columns, title in ((self.units, UNIT_COLUMNS, UNITS_SHEET),
                                      (self.findings, FINDING_COLUMNS, FINDINGS_SHEET)):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{self.rows[title]}"
