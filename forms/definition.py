"""What an official format is, once its data file has been read: sections, tables, rows, columns,
computed cells and checks. Everything here is plain data; `loader.py` builds it from a format file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .expr import Cell, Linear

COUNT, DECIMAL, SIGNED = "count", "decimal", "signed"
KINDS = (COUNT, DECIMAL, SIGNED)
ERROR, WARNING = "error", "warning"
SEVERITY_LABEL = {ERROR: "错误", WARNING: "提醒"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT
    unit: str | None = None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    columns: tuple[str, ...]          # the columns this row has cells in (none for a group row)
    groups: tuple[str, ...] = ()      # labels of the enclosing merged group cells, outermost first
    level: int = 0                    # indentation in the printed list layout
    unit: str | None = None
    kind: str | None = None           # overrides the column's kind for this row's cells
    block: str | None = None

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
    layout: str                       # blocks | matrix | flat | list
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
    wizard_pages: str = "one"         # one | blocks

    def __post_init__(self) -> None:
        self._rows = {r.key: r for r in self.rows}
        self._columns = {c.key: c for c in self.columns}
        self.row_keys = [r.key for r in self.rows]
        self.column_keys = [c.key for c in self.columns]
        self.cells = [Cell(self.key, r.key, c) for r in self.rows for c in r.columns]
        self._cell_set = set(self.cells)

    def row(self, key: str) -> Row:
        return self._rows[key]

    def column(self, key: str) -> Column:
        return self._columns[key]

    def has_cell(self, row: str, column: str) -> bool:
        return Cell(self.key, row, column) in self._cell_set

    def kind_of(self, cell: Cell) -> str:
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
    kind: str                          # prose | table
    hint: str = ""
    optional: bool = False
    table: str | None = None
    prose: str = "required"            # required | optional | none
    appendix: bool = False

    @property
    def has_prose(self) -> bool:
        return self.prose != "none"


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
    severity: str
    left: Linear
    op: str
    right: Linear
    blank: str                         # zero | skip_if_any | skip_if_all
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
    type: str                          # cell_values | blank_cells | prose_figures | prose_mention
    severity: str
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ProseFigure:
    pattern: object                    # a compiled re.Pattern
    value: Linear
    what: str


@dataclass
class Form:
    id: str
    name: str
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
    blank_prints_as: str = "zero"      # zero | blank
    carry_over: list[tuple[str, str, str]] = field(default_factory=list)   # (table, last year's row, this year's row)
    source: str = ""

    def __post_init__(self) -> None:
        self.computed_by_cell = {c.cell: c for c in self.computed}
        self.section_by_key = {s.key: s for s in self.sections}
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

    def table_of(self, cell: Cell) -> Table:
        return self.tables[cell.table]

    def is_computed(self, cell: Cell) -> bool:
        return cell in self.computed_by_cell

    def kind_of(self, cell: Cell) -> str:
        return self.tables[cell.table].kind_of(cell)

    def place(self, cell: Cell) -> str:
        return self.tables[cell.table].place(cell)

    def all_cells(self) -> list[Cell]:
        return [cell for t in self.tables.values() for cell in t.cells]


def zero_for(kind: str) -> int | Decimal:
    return Decimal(0) if kind == DECIMAL else 0
