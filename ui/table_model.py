"""A table of the report as the official table prints it: a QAbstractTableModel over the printed
grid (`forms.layout.grid`) of one table, or of one block of it. No figure is stored here — every
value is read from the document's report, and every entry goes to `ReportDocument.enter`.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from forms.definition import ERROR
from forms.expr import Cell
from forms.layout import BLOCK, COMPUTED, CORNER, GROUP, HEADER, LABEL, UNIT, VALUE, Grid, GridCell
from forms.numbers import format_value
from forms.definition import Table

from . import style

CellRole = Qt.UserRole + 1          # the forms.expr.Cell shown at an index (None for labels)
GridRole = Qt.UserRole + 2          # the GridCell anchored at an index

_INDENT = "\u3000"                 # one full-width space per level of the printed list layout
_DISPLAY_ROLES = [Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole, Qt.BackgroundRole, Qt.ForegroundRole]


def _blank_rules(form) -> set[str]:
    """Rules that list blank cells: shown in the panel, not painted on every blank cell."""
    return {s.rule for s in form.specials if s.type == "blank_cells"}


class ReportTableModel(QAbstractTableModel):
    refused = Signal(str)           # an entry that could not go in, and why

    def __init__(self, document, table: Table, grid: Grid, parent=None):
        super().__init__(parent)
        self.document = document
        self.table = table
        self.grid = grid
        self._cover: dict[tuple[int, int], GridCell] = {}
        for gc in grid.cells:
            for r in range(gc.row, gc.row + gc.rowspan):
                for c in range(gc.col, gc.col + gc.colspan):
                    self._cover[(r, c)] = gc
        self._cells = set(grid.by_cell)
        self._ignored_rules = _blank_rules(document.form)
        self._marks: dict[Cell, tuple[str, list[str]]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._update_marks()
        document.cells_changed.connect(self._values_changed)
        document.checked.connect(self._findings_changed)

    # --- shape ------------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.n_rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.grid.n_cols

    def grid_cell(self, index: QModelIndex | QPersistentModelIndex) -> GridCell | None:
        """The printed cell covering an index (a merged cell covers several)."""
        return self._cover.get((index.row(), index.column()))

    def anchored(self, index) -> GridCell | None:
        """The printed cell that starts at an index; None where a merge covers it."""
        gc = self.grid_cell(index)
        return gc if gc is not None and (gc.row, gc.col) == (index.row(), index.column()) else None

    def spans(self) -> list[GridCell]:
        return self.grid.merges

    def index_of(self, cell: Cell) -> QModelIndex:
        gc = self.grid.by_cell.get(cell)
        return self.index(gc.row, gc.col) if gc else QModelIndex()

    def cells(self) -> set[Cell]:
        return self._cells

    def is_input(self, index) -> bool:
        gc = self.anchored(index)
        return gc is not None and gc.role == VALUE

    # --- content ----------------------------------------------------------------------------------

    def text(self, index, for_edit: bool = False) -> str:
        """The text of an index as shown (or, `for_edit`, as typed back: no thousands separators)."""
        gc = self.anchored(index)
        if gc is None:
            return ""
        if gc.cell is None:
            return _INDENT * gc.level + gc.text if gc.role == LABEL and not for_edit else gc.text
        value = self.document.report.value(gc.cell)
        return format_value(value, self.table.kind_of(gc.cell), thousands=not for_edit)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        gc = self.anchored(index)
        if gc is None:
            return None
        if role == Qt.DisplayRole:
            return self.text(index)
        if role == Qt.EditRole:
            return self.text(index, for_edit=True)
        if role == CellRole:
            return gc.cell
        if role == GridRole:
            return gc
        if role == Qt.TextAlignmentRole:
            return self._alignment(gc)
        if role == Qt.BackgroundRole:
            return self._background(gc)
        if role == Qt.ForegroundRole:
            return self._foreground(gc)
        if role == Qt.FontRole:
            return self._bold if gc.role in (BLOCK, CORNER) or (gc.role == HEADER and gc.rowspan > 1) else None
        if role == Qt.ToolTipRole:
            return self._tooltip(gc)
        return None

    def _alignment(self, gc: GridCell):
        if gc.role in (VALUE, COMPUTED):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if gc.role in (HEADER, CORNER, GROUP, UNIT):
            return int(Qt.AlignCenter)
        return int(Qt.AlignLeft | Qt.AlignVCenter)

    def _background(self, gc: GridCell):
        if gc.cell is not None and gc.cell in self._marks:
            return style.ERROR_BG if self._marks[gc.cell][0] == ERROR else style.WARNING_BG
        return {HEADER: style.HEADER_BG, CORNER: style.HEADER_BG, BLOCK: style.BLOCK_BG,
                COMPUTED: style.COMPUTED_BG, VALUE: style.INPUT_BG}.get(gc.role, style.LABEL_BG)

    def _foreground(self, gc: GridCell):
        if gc.cell is not None and gc.cell in self._marks and self._marks[gc.cell][0] == ERROR:
            return style.ERROR_FG
        if gc.role == COMPUTED:
            return style.COMPUTED_FG
        return None

    def _tooltip(self, gc: GridCell) -> str | None:
        if gc.cell is None:
            return gc.text if len(gc.text) > 12 else None
        lines = []
        computed = self.document.form.computed_by_cell.get(gc.cell)
        if computed is not None:
            lines.append(f"由程序自动计算：{computed.description or '各分项之和'}")
        else:
            lines.append(self.table.place(gc.cell))
        if gc.cell in self._marks:
            lines.extend(self._marks[gc.cell][1])
        return "\n".join(lines)

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        gc = self.anchored(index)
        if gc is None:
            return Qt.NoItemFlags
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if gc.role == VALUE:
            flags |= Qt.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not self.is_input(index):
            return False
        message = self.document.enter(self.anchored(index).cell, "" if value is None else str(value))
        if message:
            self.refused.emit(message)
            return False
        return True

    # --- following the document ---------------------------------------------------------------------

    def findings(self) -> list:
        return [f for f in self.document.result.findings
                if f.rule not in self._ignored_rules and any(c in self._cells for c in f.cells)]

    def _update_marks(self) -> None:
        marks: dict[Cell, tuple[str, list[str]]] = {}
        for finding in self.findings():
            for cell in finding.cells:
                if cell in self._cells:
                    severity, messages = marks.get(cell, (finding.severity, []))
                    if finding.severity == ERROR:
                        severity = ERROR
                    messages.append(f"【{finding.severity_label}】{finding.message}")
                    marks[cell] = (severity, messages)
        self._marks = marks

    def _values_changed(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(self.grid.n_rows - 1, self.grid.n_cols - 1),
                              _DISPLAY_ROLES)

    def _findings_changed(self) -> None:
        before = self._marks
        self._update_marks()
        if before != self._marks:
            self._values_changed()
