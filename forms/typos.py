"""Likely typos behind a failed comparison: the input cells where ONE slip of the hand explains it.

按建议修正 makes an unbalanced 表三 balance by changing one figure (结转下年度继续办理), which then
carries into next year. When the real mistake is a typo elsewhere, that fix hides it. So, next to the
offer, the window lists the cells where a single slip would explain the difference:

- a digit left out or typed twice (38 typed as 3, 186 as 1186 — also ×10 and ÷10),
- two adjacent digits swapped (71 typed as 17: the difference is a multiple of 9),
- a figure typed into the neighbouring row or column of the printed table (or two neighbours'
  figures typed into each other's cells).

A slip "explains" a finding when undoing it makes the finding's comparison hold and breaks no
comparison that held before. Nothing here knows a format: the comparison, the computed cells it
reaches through and the neighbours in the printed grid all come from the format file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .definition import Compare, Form, Op
from .expr import Cell, Linear, Number
from .layout import Grid, Role, grid
from .report import Report
from .rules import Finding, reader, unmet
from .vocabulary import Vocabulary

_MAX_CANDIDATES = 8


class Slip(Vocabulary):
    """A slip of the hand that changes one figure."""

    DROPPED = "dropped"                     # a digit left out: 38 typed as 3
    ADDED = "added"                         # a digit too many: 186 typed as 1186
    SWAPPED = "swapped"                     # two adjacent digits exchanged: 71 typed as 17
    NEIGHBOUR_ROW = "neighbour_row"         # a figure typed one row up or down
    NEIGHBOUR_COLUMN = "neighbour_column"   # a figure typed one column left or right

    @property
    def what(self) -> str:
        """The slip in the clerk's words."""
        return _WHAT[self]


_WHAT = {Slip.DROPPED: "漏打了一位数字", Slip.ADDED: "多打了一位数字", Slip.SWAPPED: "相邻两位数字颠倒",
         Slip.NEIGHBOUR_ROW: "填到了相邻的一行", Slip.NEIGHBOUR_COLUMN: "填到了相邻的一列"}


# Swapped digits and neighbours first: a dropped digit in a small figure explains almost any
# difference (any single-digit figure d typed for 3d makes 30), so it says least.
_LIKELIEST = (Slip.SWAPPED, Slip.NEIGHBOUR_ROW, Slip.NEIGHBOUR_COLUMN, Slip.ADDED, Slip.DROPPED)


@dataclass(frozen=True)
class Candidate:
    """`cell` holds `typed`; had the slip not happened it would hold `intended` (and, for a
    neighbour slip, `neighbour` would hold `typed`)."""

    cell: Cell
    slip: Slip
    typed: int
    intended: int | None
    neighbour: Cell | None = None

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.cell,) if self.neighbour is None else (self.cell, self.neighbour)

    def describe(self, form: Form) -> str:
        """One line for the clerk: where, what was typed, what was probably meant."""
        place = form.place(self.cell)
        if self.neighbour is None:
            return f"{place}填的是{self.typed}，是否应为{self.intended}（{self.slip.what}）？"
        there = form.place(self.neighbour)
        if not self.intended:
            return f"{place}填的是{self.typed}，是否应填在相邻的{there}（{self.slip.what}）？"
        return (f"{place}填的是{self.typed}，相邻的{there}填的是{self.intended}，两个数字是否填反了"
                f"（{self.slip.what}）？")


def candidates(report: Report, finding: Finding, last: Report | None = None) -> list[Candidate]:
    """The single slips that explain `finding` (a comparison from the format file), most likely
    first; [] for any other finding, or when no single slip explains it."""
    compare = _compare_of(report.form, finding, last)
    if compare is None:
        return []
    search = _Search(report, compare, last)
    found = list(search.digit_slips()) + list(search.neighbour_slips())
    found.sort(key=lambda candidate: _LIKELIEST.index(candidate.slip))     # stable: in the table's order
    return found[:_MAX_CANDIDATES]


def _compare_of(form: Form, finding: Finding, last: Report | None) -> Compare | None:
    for compare in form.compares:
        if compare.rule == finding.rule and compare.cells == finding.cells:
            return None if compare.needs_last and last is None else compare
    return None


def _coefficients(form: Form, linear: Linear, sign: int, into: dict[Cell, int]) -> None:
    """The input cells a side of a comparison adds up, through the computed cells, with their factor."""
    for coefficient, cell in linear.terms:
        if cell.last:
            continue
        computed = form.computed_by_cell.get(cell)
        if computed is None:
            into[cell] = into.get(cell, 0) + sign * coefficient
        else:
            _coefficients(form, computed.value, sign * coefficient, into)


def _count(value: object) -> int | None:
    """A whole figure a slip can be made in (blank, 0, money and negative figures are not)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _digit_variants(value: int) -> Iterator[tuple[Slip, str]]:
    """What `value` would be without one digit slip in it."""
    digits = str(value)
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            yield Slip.SWAPPED, digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    for i in range(len(digits)):
        yield Slip.ADDED, digits[:i] + digits[i + 1:]
    for i in range(len(digits) + 1):
        for digit in "0123456789":
            yield Slip.DROPPED, digits[:i] + digit + digits[i:]


def _variants(value: int) -> Iterator[tuple[Slip, int]]:
    seen = {value}
    for slip, text in _digit_variants(value):
        if text and not text.startswith("0") and int(text) not in seen:
            seen.add(int(text))
            yield slip, int(text)


class _Search:
    """One search for the slips behind one failed comparison."""

    def __init__(self, report: Report, compare: Compare, last: Report | None):
        self.report = report
        self.compare = compare
        self.last = last
        self.compares = [c for c in report.form.compares if not c.needs_last or c is compare]
        self.left: dict[Cell, int] = {}
        self.right: dict[Cell, int] = {}
        _coefficients(report.form, compare.left, 1, self.left)
        _coefficients(report.form, compare.right, 1, self.right)
        sides = unmet(compare, reader(report, last))
        assert sides is not None, "a finding's comparison fails"
        self.sides = sides
        self.failing = self._failing(report)

    def _failing(self, report: Report) -> set[int]:
        value_of = reader(report, self.last)
        return {i for i, c in enumerate(self.compares) if unmet(c, value_of) is not None}

    def _gap(self, change: dict[Cell, Number | None]) -> Number | None:
        """How close the two sides of the comparison come after `change` (0: equal); None when the
        change leaves it failing (a quick sum, before `_explains` checks the whole report)."""
        left, right = self.sides
        for cell, new in change.items():
            old = self.report.values.get(cell)
            delta = (new or 0) - (old if isinstance(old, (int, Decimal)) else 0)
            left += self.left.get(cell, 0) * delta
            right += self.right.get(cell, 0) * delta
        if not self.compare.op.holds(left, right):
            return None
        if self.compare.op is Op.NE:
            return 0
        gap: Number = left - right
        return -gap if gap < 0 else gap

    def _explains(self, change: dict[Cell, Number | None]) -> bool:
        """Undoing the slip makes the comparison hold and breaks no other that held."""
        probe = self.report.copy()
        for cell, value in change.items():
            probe.set(cell, value)
        failing = self._failing(probe)
        return self.compares.index(self.compare) not in failing and failing <= self.failing

    def digit_slips(self) -> Iterator[Candidate]:
        """For each cell of the comparison, the digit slip that brings it closest to holding."""
        for cell in dict.fromkeys(list(self.left) + list(self.right)):
            typed = _count(self.report.values.get(cell))
            if typed is None or self.left.get(cell, 0) == self.right.get(cell, 0):
                continue
            best: dict[Slip, tuple[Number, int]] = {}
            for slip, intended in _variants(typed):
                gap = self._gap({cell: intended})
                if gap is not None and (slip not in best or gap < best[slip][0]):
                    best[slip] = (gap, intended)
            for slip, (_, intended) in sorted(best.items(), key=lambda item: item[1][0]):
                if self._explains({cell: intended}):
                    yield Candidate(cell, slip, typed, intended)

    def neighbour_slips(self) -> Iterator[Candidate]:
        """A figure of (or next to) the comparison's cells that belongs in the neighbouring cell."""
        seen: set[frozenset[Cell]] = set()
        form = self.report.form
        grids: dict[str, Grid] = {}
        for cell in dict.fromkeys(list(self.left) + list(self.right)):
            if cell.table not in grids:
                grids[cell.table] = grid(form.tables[cell.table], form.computed_by_cell)
            for neighbour, slip in _neighbours(grids[cell.table], cell):
                pair = frozenset((cell, neighbour))
                if pair in seen:
                    continue
                seen.add(pair)
                for here, there in ((cell, neighbour), (neighbour, cell)):
                    found = self._moved(here, there, slip)
                    if found is not None:
                        yield found
                        break

    def _moved(self, here: Cell, there: Cell, slip: Slip) -> Candidate | None:
        values = self.report.values
        typed = _count(values.get(here))
        if typed is None:
            return None
        other = values.get(there)
        change = {here: other, there: typed}
        if self._gap(change) is None or not self._explains(change):
            return None
        return Candidate(here, slip, typed, _count(other), there)


def _neighbours(table_grid: Grid, cell: Cell) -> Iterator[tuple[Cell, Slip]]:
    """The input cells printed next to `cell`: above and below, left and right."""
    here = table_grid.by_cell.get(cell)
    if here is None:
        return
    places = (((here.row - 1, here.col), Slip.NEIGHBOUR_ROW), ((here.last_row + 1, here.col), Slip.NEIGHBOUR_ROW),
              ((here.row, here.col - 1), Slip.NEIGHBOUR_COLUMN), ((here.row, here.last_col + 1), Slip.NEIGHBOUR_COLUMN))
    for (row, col), slip in places:
        there = table_grid.at(row, col)
        if there is not None and there.role is Role.VALUE and there.cell is not None:
            yield there.cell, slip


def next_years_cell(form: Form, cell: Cell) -> Cell | None:
    """The cell of next year's report that takes this cell's figure (the format's `carry_over`:
    结转下年度继续办理 becomes 上年结转), or None: what a fix there hides, next year repeats."""
    for table, from_row, to_row in form.carry_over:
        if cell.table == table and cell.row == from_row:
            return Cell(table, to_row, cell.column)
    return None
