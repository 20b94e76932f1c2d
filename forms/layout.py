"""The printed layout of a table: a grid of merged cells, as the official table is drawn.

The Word writer, the Excel writer and reader, and the wizard all draw tables from this one grid,
so that labels, order and merges are the same everywhere. The layout kind of a table (its data
file says which) decides the shape:

- blocks  (gov-2021/2019 `t2`): a heading row spanning the table per block, a header row
          `信息内容 | column labels`, then label | values; a block with fewer columns than the
          table's value columns lets its last value span the rest.
- matrix  (`t3`): a corner cell over the label columns and header rows, a header tree over the
          value columns, row labels merged over their groups (三、本年度办理结果 …).
- flat    (`t4`): every logical row printed side by side as one value row under a header tree.
- list    (gov-2014 `stats`): 统计指标 | 单位 | 统计数, group rows with “——” and no value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .definition import BlankPrint, HeaderNode, Layout, Table, Vocabulary
from .expr import Cell


class Role(Vocabulary):
    """What a printed grid cell holds."""

    CORNER = "corner"           # over the label columns and header rows (表三's 本列数据的勾稽关系…)
    HEADER = "header"           # a column header
    BLOCK = "block"             # a block's heading row across the table
    LABEL = "label"             # a row label
    GROUP = "group"             # a merged label over a group of rows, or a list layout's heading row
    UNIT = "unit"               # the unit column of the list layout
    VALUE = "value"             # an input cell of the report
    COMPUTED = "computed"       # a cell the program adds up
    EMPTY = "empty"             # a printed cell with nothing in it

NO_UNIT = "——"


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    text: str = ""
    role: Role = Role.LABEL
    rowspan: int = 1
    colspan: int = 1
    cell: Cell | None = None          # the report cell shown here (value and computed roles)
    level: int = 0                    # indentation of a label in the list layout

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass
class Grid:
    table: Table
    n_rows: int
    n_cols: int
    header_rows: int                  # rows repeated at the top of a new page
    label_cols: int                   # columns that hold labels (frozen in Excel)
    cells: list[GridCell]
    col_weights: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._anchor = {(c.row, c.col): c for c in self.cells}
        self.by_cell = {c.cell: c for c in self.cells if c.cell is not None}

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell anchored at (row, col); None where a merge covers that position."""
        return self._anchor.get((row, col))

    def rows(self) -> list[list[GridCell]]:
        result: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            result[c.row].append(c)
        return [sorted(r, key=lambda c: c.col) for r in result]

    @property
    def merges(self) -> list[GridCell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]

    def labels(self) -> list[str]:
        """Every printed text in reading order (what a reader of the table sees)."""
        return [c.text for c in sorted(self.cells, key=lambda c: (c.row, c.col)) if c.text]


def _header(nodes: tuple[HeaderNode, ...], top: int, left: int, height: int, cells: list[GridCell]) -> None:
    """Lay a header tree out from (top, left) over `height` rows; a leaf reaches the bottom."""
    col = left
    for node in nodes:
        width = len(node.leaves())
        if node.children:
            cells.append(GridCell(top, col, node.label, Role.HEADER, 1, width))
            _header(node.children, top + 1, col, height - 1, cells)
        else:
            cells.append(GridCell(top, col, node.label, Role.HEADER, height, 1))
        col += width


def _role(computed, cell: Cell) -> Role:
    return Role.COMPUTED if cell in computed else Role.VALUE


def grid(table: Table, computed=frozenset()) -> Grid:
    """The printed grid of `table`; `computed` (e.g. `form.computed_by_cell`) are the cells
    that the program derives, marked Role.COMPUTED instead of Role.VALUE."""
    return _BUILDERS[table.layout](table, computed)


def _blocks(table: Table, computed) -> Grid:
    width = table.value_columns
    cells: list[GridCell] = []
    r = 0
    for block in table.blocks:
        cells.append(GridCell(r, 0, block.heading, Role.BLOCK, 1, width + 1))
        r += 1
        cells.append(GridCell(r, 0, table.label_header or "", Role.HEADER))
        for i, key in enumerate(block.columns):
            span = width - len(block.columns) + 1 if i == len(block.columns) - 1 else 1
            cells.append(GridCell(r, 1 + i, table.column(key).label, Role.HEADER, 1, span))
        r += 1
        for row_key in block.rows:
            cells.append(GridCell(r, 0, table.row(row_key).label, Role.LABEL))
            for i, key in enumerate(block.columns):
                span = width - len(block.columns) + 1 if i == len(block.columns) - 1 else 1
                cell = Cell(table.key, row_key, key)
                cells.append(GridCell(r, 1 + i, "", _role(computed, cell), 1, span, cell))
            r += 1
    return Grid(table, r, width + 1, 0, 1, cells, [2.0] + [1.0] * width)


def _matrix(table: Table, computed) -> Grid:
    labels = table.label_columns
    height = max(n.depth() for n in table.column_header)
    leaves = [leaf.key for n in table.column_header for leaf in n.leaves() if leaf.key is not None]
    cells: list[GridCell] = [GridCell(0, 0, table.corner or "", Role.CORNER, height, labels)]
    _header(table.column_header, 0, labels, height, cells)
    rows = table.rows
    for i, row in enumerate(rows):
        r = height + i
        depth = len(row.groups)
        for level in range(depth):
            path = row.groups[:level + 1]
            if i == 0 or rows[i - 1].groups[:level + 1] != path:
                span = 1
                while i + span < len(rows) and rows[i + span].groups[:level + 1] == path:
                    span += 1
                cells.append(GridCell(r, level, row.groups[level], Role.GROUP, span, 1))
        cells.append(GridCell(r, depth, row.label, Role.LABEL, 1, labels - depth))
        for j, key in enumerate(leaves):
            cell = Cell(table.key, row.key, key)
            cells.append(GridCell(r, labels + j, "", _role(computed, cell), cell=cell))
    weights = [0.8] * (labels - 1) + [4.0] if labels > 1 else [4.0]
    return Grid(table, height + len(rows), labels + len(leaves), height, labels, cells,
                weights + [1.0] * len(leaves))


def _flat(table: Table, computed) -> Grid:
    height = max(n.depth() for n in table.print_header)
    cells: list[GridCell] = []
    _header(table.print_header, 0, 0, height, cells)
    leaves = [leaf for n in table.print_header for leaf in n.leaves()]
    for j, leaf in enumerate(leaves):
        assert leaf.row is not None and leaf.key is not None     # the loader makes every leaf name both
        cell = Cell(table.key, leaf.row, leaf.key)
        cells.append(GridCell(height, j, "", _role(computed, cell), cell=cell))
    return Grid(table, height + 1, len(leaves), height, 0, cells, [1.0] * len(leaves))


def _list(table: Table, computed) -> Grid:
    column = table.columns[0]
    cells = [GridCell(0, 0, table.label_header or "", Role.HEADER),
             GridCell(0, 1, table.unit_header or "", Role.HEADER),
             GridCell(0, 2, column.label, Role.HEADER)]
    for i, row in enumerate(table.rows):
        r = i + 1
        cells.append(GridCell(r, 0, row.label, Role.LABEL, level=row.level))
        if row.is_group:
            cells.append(GridCell(r, 1, NO_UNIT, Role.UNIT))
            cells.append(GridCell(r, 2, "", Role.EMPTY))
        else:
            cell = Cell(table.key, row.key, column.key)
            cells.append(GridCell(r, 1, table.unit_of(cell) or "", Role.UNIT))
            cells.append(GridCell(r, 2, "", _role(computed, cell), cell=cell))
    return Grid(table, len(table.rows) + 1, 3, 1, 2, cells, [6.0, 1.0, 1.5])


_BUILDERS = {Layout.BLOCKS: _blocks, Layout.MATRIX: _matrix, Layout.FLAT: _flat, Layout.LIST: _list}


def printed_value(report, cell: Cell):
    """What a table prints in a value cell: the number, or for a blank the format's custom
    (0 in gov-2019/2021, nothing in gov-2014)."""
    value = report.value(cell)
    if value is None and report.form.blank_prints_as is BlankPrint.ZERO:
        return report.form.kind_of(cell).zero
    return value
