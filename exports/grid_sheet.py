"""The tables of a Word file, a web page or a PDF as one sheet of cells, for the Excel reader's placement.

The tables are stacked one under the other, a row without figures or labels between two (so a table
never runs on into the next), and every message about a cell names it as the clerk sees the file:
“第2个表格第5行”, “第3页的表格第5行第4列” — never a spreadsheet address. A merged cell keeps its text
at its top-left cell only, as in a workbook, so a figure merged over two columns is one figure; when the
reader could not say what was merged, runs of one repeated text are taken for merges (`guess_merges`).
"""

from __future__ import annotations

import re

from forms.text import clean_text

from .blocks import TableGrid
from .xlsx_reader import SheetCells, looks_numeric

_DIGITS = re.compile(r"\d{1,15}")


class GridSheet(SheetCells):
    """Tables of a document stacked into one sheet; rows remember which table they came from."""

    def __init__(self, grids: list[TableGrid], title: str = "") -> None:
        values: dict[tuple[int, int], object] = {}
        merges: list[tuple[int, int, int, int]] = []
        self.origin: dict[int, tuple[str, int]] = {}         # sheet row -> (where, row in its table)
        self.table_of: dict[int, int] = {}                   # sheet row -> the table's number
        top = 0
        for number, grid in enumerate(grids, start=1):
            where = grid.where or f"第{number}个表格"
            ranges = list(grid.merges) or guess_merges(grid.rows)
            covered = {(r, c) for r1, c1, r2, c2 in ranges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
                       if (r, c) != (r1, c1)}
            for i, row in enumerate(grid.rows, start=1):
                self.origin[top + i] = (where, i)
                self.table_of[top + i] = number
                for j, text in enumerate(row, start=1):
                    value = _value(text)
                    if value is not None and (i, j) not in covered:
                        values[(top + i, j)] = value
            merges += [(top + r1, c1, top + r2, c2) for r1, c1, r2, c2 in ranges]
            top += len(grid.rows) + 1
            values[(top, 1)] = ""                            # the row between two tables ends the first
        super().__init__(title, values, merges)

    def _number(self, r: int) -> int:
        return self.table_of.get(r, 0)

    def _place(self, r: int) -> tuple[str, int]:
        return self.origin.get(r, ("文件中的表格", r))

    def address(self, r: int, c: int) -> str:
        where, row = self._place(r)
        return f"{where}第{row}行第{c}列"

    def table_place(self, r: int, c: int) -> str:
        return self._place(r)[0]

    def same_table(self, r1: int, r2: int) -> bool:
        return self._number(r1) == self._number(r2)

    def row_place(self, r: int) -> str:
        where, row = self._place(r)
        return f"{where}第{row}行"

    def cell_name(self, r: int, c: int) -> str:
        return f"第{c}列"

    def column_name(self, c: int) -> str:
        return f"第{c}列"

    def named_at(self, r: int) -> str:
        return self._place(r)[0]


def _value(text: str) -> object:
    """A cell's text as the sheet holds it: cleaned, a whole number as a number (as a spreadsheet
    holds one typed in), anything else as text (3,001 and 1.5 are read as typed); None when empty."""
    text = clean_text(text or "").strip()
    if not text:
        return None
    return int(text) if _DIGITS.fullmatch(text) else text


def guess_merges(rows: tuple[tuple[str, ...], ...]) -> list[tuple[int, int, int, int]]:
    """Merged ranges read from repeated texts, for a reader that only repeated them: a run of one text
    across and down is one merged cell. A figure repeated across is one merged figure only under a
    header merged over exactly the same columns (表二's 处理决定数量); two equal figures side by side
    are two figures."""
    taken: set[tuple[int, int]] = set()
    ranges = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text.strip() or (r, c) in taken:
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == text:
                right += 1
            if looks_numeric(text):
                if right == c or not _header_spans(rows, r, c, right):
                    continue
                bottom = r
            else:
                bottom = r
                while bottom + 1 < len(rows) and all(rows[bottom + 1][x] == text for x in range(c, right + 1)):
                    bottom += 1
            if (bottom, right) != (r, c):
                ranges.append((r + 1, c + 1, bottom + 1, right + 1))
                taken |= {(y, x) for y in range(r, bottom + 1) for x in range(c, right + 1)}
    return ranges


def _header_spans(rows, r: int, c: int, right: int) -> bool:
    """Whether the nearest text above column c (past rows of figures) is one text over exactly
    columns c..right: the header of a figure merged under it."""
    above = next((row for row in reversed(rows[:r]) if row[c].strip() and not looks_numeric(row[c])), None)
    if above is None:
        return False
    text = above[c]
    inside = all(above[x] == text for x in range(c, right + 1))
    return inside and (c == 0 or above[c - 1] != text) and (right + 1 >= len(above) or above[right + 1] != text)
