"""What an official format is, once its data file has been read: sections, tables, rows, columns,
computed cells and checks. Everything here is plain data; `loader.py` builds it from a format file.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .expr import Cell, Linear
from .vocabulary import Vocabulary


class CellKind(Vocabulary):
    COUNT = "count"         # 件数: a whole number, not negative
    DECIMAL = "decimal"     # 金额 in 万元: up to 4 decimal places, not negative
    SIGNED = "signed"       # 本年增/减: a whole number that may be negative

    @property
    def zero(self) -> int | Decimal:
        return Decimal(0) if self is CellKind.DECIMAL else 0

    @property
    def noun(self) -> str:
        """What such a cell holds, as the Excel prompt and the messages name it."""
        return {CellKind.COUNT: "件数", CellKind.SIGNED: "增减数", CellKind.DECIMAL: "金额（万元）"}[self]

    @property
    def how_to_type(self) -> str:
        """What to type in a cell of this kind: the one wording for the window, the checks and the
        prompts of the Excel file."""
        return _HOW_TO_TYPE[self]


_HOW_TO_TYPE = {
    CellKind.COUNT: "请填写不小于0的整数，如 12；没有发生的填 0。",
    CellKind.SIGNED: "请填写整数，减少的用负值表示，如 -8。",
    CellKind.DECIMAL: "请填写不小于0的金额（单位：万元），最多4位小数，如 12.5。",
}


class Severity(Vocabulary):
    ERROR = "error"         # blocks a final export
    WARNING = "warning"     # shown, never blocks

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "提醒"


class SectionKind(Vocabulary):
    PROSE = "prose"
    TABLE = "table"


class ProseNeed(Vocabulary):
    """Whether a section has text of its own: a table section may have none or some."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    NONE = "none"


class SectionRole(Vocabulary):
    """A part a section plays beyond its text: the 前言 prints a standard opening when left empty."""

    PREFACE = "preface"


class Layout(Vocabulary):
    """How a table is printed (`forms/layout.py`)."""

    BLOCKS = "blocks"
    MATRIX = "matrix"
    FLAT = "flat"
    LIST = "list"


class WizardPages(Vocabulary):
    """Whether the window shows a table on one page or one page per block."""

    ONE = "one"
    BLOCKS = "blocks"


class BlankStrategy(Vocabulary):
    """What a blank cell means to a comparison rule."""

    ZERO = "zero"                   # counts as 0
    SKIP_IF_ANY = "skip_if_any"     # the rule is not applied while any of its cells is blank
    SKIP_IF_ALL = "skip_if_all"     # ... while all of its cells are blank


class BlankPrint(Vocabulary):
    """How a format prints a blank input cell."""

    ZERO = "zero"
    BLANK = "blank"


class CheckType(Vocabulary):
    """The built-in checks that need logic of their own (`forms/rules.py`)."""

    CELL_VALUES = "cell_values"         # R5
    BLANK_CELLS = "blank_cells"         # R9
    PROSE_FIGURES = "prose_figures"     # R8
    PROSE_MENTION = "prose_mention"     # R10
    JUMP = "jump"                       # P1: a figure many times last year's
    CEILING = "ceiling"                 # P2, P3: a figure above a bound (a constant or other cells)
    PROSE_REPEAT = "prose_repeat"       # P4: a section still (nearly) last year's text

    @property
    def needs_last(self) -> bool:
        """Whether the check compares with last year's report (and is skipped without it)."""
        return self in (CheckType.JUMP, CheckType.PROSE_REPEAT)

    @property
    def compared_with_last(self) -> str:
        """What it does with last year's report, as the note on a check skipped without one says it."""
        return "与上年报告同一部分文字的比较" if self is CheckType.PROSE_REPEAT else "与上年数字的核对"


class Op(Vocabulary):
    """The comparison operators of rules."""

    EQ = "=="
    NE = "!="
    LE = "<="
    GE = ">="
    LT = "<"
    GT = ">"

    def holds(self, left: object, right: object) -> bool:
        return bool(_OPERATORS[self](left, right))


_OPERATORS: dict[Op, Callable[[Any, Any], object]] = {
    Op.EQ: operator.eq, Op.NE: operator.ne, Op.LE: operator.le, Op.GE: operator.ge,
    Op.LT: operator.lt, Op.GT: operator.gt}


def computed_refusal(place: str) -> str:
    """Why a computed cell takes no typing, pasting or import (the one wording for all of them)."""
    return f"{place}由程序自动计算，不能直接填写"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: CellKind = CellKind.COUNT
    unit: str | None = None
    aliases: tuple[str, ...] = ()     # other labels published reports print for this column


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    columns: tuple[str, ...]          # the columns this row has cells in (none for a group row)
    groups: tuple[str, ...] = ()      # labels of the enclosing merged group cells, outermost first
    level: int = 0                    # indentation in the printed list layout
    unit: str | None = None
    kind: CellKind | None = None      # overrides the column's kind for this row's cells
    block: str | None = None
    aliases: tuple[str, ...] = ()     # other labels published reports print for this row

    @property
    def is_group(self) -> bool:
        return not self.columns


@dataclass(frozen=True)
class Block:
    key: str
    heading: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class HeaderNode:
    """A cell of a printed column header: a leaf names a column (`key`) or, in the flat layout,
    a logical row whose columns are printed under it (`row`)."""

    label: str
    key: str | None = None
    row: str | None = None
    children: tuple[HeaderNode, ...] = ()

    def leaves(self) -> list[HeaderNode]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


@dataclass
class Table:
    key: str
    short: str
    title: str
    layout: Layout
    columns: list[Column]
    rows: list[Row]
    blocks: list[Block] = field(default_factory=list)
    column_header: tuple[HeaderNode, ...] = ()
    print_header: tuple[HeaderNode, ...] = ()
    unit: str | None = None
    subtitle: str | None = None
    label_header: str | None = None
    unit_header: str | None = None
    value_columns: int = 1
    label_columns: int = 1
    corner: str | None = None
    wizard_pages: WizardPages = WizardPages.ONE

    def __post_init__(self) -> None:
        self._rows = {r.key: r for r in self.rows}
        self._columns = {c.key: c for c in self.columns}
        self.row_keys = [r.key for r in self.rows]
        self.column_keys = [c.key for c in self.columns]
        self.cells = [Cell(self.key, r.key, c) for r in self.rows for c in r.columns]
        self._cell_set = set(self.cells)

    def row(self, key: str) -> Row:
        return self._rows[key]

    def subtitle_for(self, year: int | None) -> str | None:
        """The line printed under the title with the report's year in it (the 2014 table's
        “（2017年度）”); an unknown year is left as a gap to write in."""
        if not self.subtitle:
            return None
        return self.subtitle.replace("{year}", str(year) if year else "    ")

    def column(self, key: str) -> Column:
        return self._columns[key]

    def has_cell(self, row: str, column: str) -> bool:
        return Cell(self.key, row, column) in self._cell_set

    def kind_of(self, cell: Cell) -> CellKind:
        return self._rows[cell.row].kind or self._columns[cell.column].kind

    def unit_of(self, cell: Cell) -> str | None:
        return self._columns[cell.column].unit or self._rows[cell.row].unit or self.unit

    def place(self, cell: Cell) -> str:
        """Where a cell is, in the words printed on the table: 表三“自然人”列“（一）予以公开”."""
        row = self._rows[cell.row]
        if len(self.columns) == 1:
            return f"{self.short}“{row.label}”"
        return f"{self.short}“{row.label}”行“{self._columns[cell.column].label}”列"


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    kind: SectionKind
    hint: str = ""
    optional: bool = False
    table: str | None = None
    prose: ProseNeed = ProseNeed.REQUIRED
    appendix: bool = False
    role: SectionRole | None = None
    aliases: tuple[str, ...] = ()     # other headings published reports print for this section
    if_empty: str = ""                # what to write when there really is nothing to report here

    @property
    def has_prose(self) -> bool:
        return self.prose is not ProseNeed.NONE


@dataclass(frozen=True)
class Computed:
    rule: str
    cell: Cell
    value: Linear
    description: str = ""


@dataclass(frozen=True)
class Compare:
    """One application of a comparison rule (R1 for one column, say)."""

    rule: str
    severity: Severity
    left: Linear
    op: Op
    right: Linear
    blank: BlankStrategy
    message: str
    context: dict
    needs_last: bool = False
    fix: tuple[Cell, Linear] | None = None

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.left.cells + self.right.cells if not c.last)


@dataclass(frozen=True)
class SpecialCheck:
    """A check whose logic is one of the engine's built-in kinds (cell values, blanks, prose)."""

    rule: str
    type: CheckType
    severity: Severity
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProseFigure:
    pattern: re.Pattern[str]
    value: Linear
    what: str


@dataclass(frozen=True)
class KeyFigure:
    """One figure of 上年对照 (`compare.figures`): `key` finds the same figure in last year's format,
    whose own expression reads it there (the formats differ)."""

    key: str
    label: str
    value: Linear
    kind: CellKind = CellKind.COUNT


@dataclass(frozen=True)
class KeyFigures:
    """The `compare:` key: the figures evaluators compare with last year's first, and what a large
    swing is (a change of at least `percent` % of last year's and at least `least` in size)."""

    figures: tuple[KeyFigure, ...]
    percent: int | Decimal
    least: int | Decimal


@dataclass(frozen=True)
class SummaryPart:
    """One piece of the 插入数据摘要 sentence (`summary:` in the format file, forms.summary): `text`
    with `{}` for the figure `value` (left out when 0 and `omit_zero`), or a list of `items` after
    `text` (those at 0 left out; all at 0: `none` instead, or nothing)."""
    text: str
    value: Linear | None = None
    omit_zero: bool = False
    items: tuple[SummaryPart, ...] = ()
    separator: str = "、"
    none: str = ""


@dataclass
class Form:
    id: str                            # for files and the command line (--form gov-2021), never in a message
    name: str
    short_name: str                    # how a message names the format: “2021年版格式”
    basis: str
    document_number: str
    years: tuple[int | None, int | None]
    sections: list[Section]
    tables: dict[str, Table]
    computed: list[Computed]           # in an order where every cell's parts come first
    compares: list[Compare]
    specials: list[SpecialCheck]
    prose_figures: list[ProseFigure]
    issued: str | None = None
    default: bool = False
    status: str = ""
    blank_prints_as: BlankPrint = BlankPrint.ZERO
    carry_over: list[tuple[str, str, str]] = field(default_factory=list)   # (table, last year's row, this year's row)
    source: str = ""
    compare: KeyFigures | None = None  # 上年对照's figures (forms.compare); None: the format declares none
    summary: tuple[SummaryPart, ...] = ()   # 插入数据摘要's sentence (forms.summary); empty: the format has none

    def __post_init__(self) -> None:
        self.computed_by_cell = {c.cell: c for c in self.computed}
        self.section_by_key = {s.key: s for s in self.sections}
        self.preface = next((s for s in self.sections if s.role is SectionRole.PREFACE), None)
        self.input_cells = [cell for t in self.tables.values() for cell in t.cells
                            if cell not in self.computed_by_cell]

    def applies_to(self, year: int) -> bool:
        first, last = self.years
        return (first is None or year >= first) and (last is None or year <= last)

    @property
    def years_text(self) -> str:
        first, last = self.years
        if last is None:
            return f"{first}年度及以后"
        if first == last:
            return f"{first}年度"
        return f"{first}—{last}年度"

    def is_computed(self, cell: Cell) -> bool:
        return cell in self.computed_by_cell

    def kind_of(self, cell: Cell) -> CellKind:
        return self.tables[cell.table].kind_of(cell)

    def place(self, cell: Cell) -> str:
        return self.tables[cell.table].place(cell)

    def all_cells(self) -> list[Cell]:
        return [cell for t in self.tables.values() for cell in t.cells]

