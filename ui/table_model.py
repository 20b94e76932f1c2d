"""A table of the report as the official table prints it: a QAbstractTableModel over the printed
grid (`forms.layout.grid`) of one table, or of one block of it. No figure is stored here — every
value is read from the document's report, and every entry goes to `ReportDocument.enter`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from forms.definition import CheckType, Form, Severity, Table, computed_refusal
from forms.expr import Cell
from forms.layout import Grid, GridCell, Role
from forms.numbers import format_value
from forms.rules import Finding

from . import style

if TYPE_CHECKING:
    from .document import Changes, ReportDocument

CellRole = int(Qt.ItemDataRole.UserRole) + 1     # the forms.expr.Cell shown at an index (None for labels)
GridRole = int(Qt.ItemDataRole.UserRole) + 2     # the GridCell anchored at an index

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_INDENT = "\u3000"                 # one full-width space per level of the printed list layout
_DISPLAY, _EDIT, _TOOLTIP, _ALIGNMENT, _BACKGROUND, _FOREGROUND, _FONT = (
    int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                     Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
                     Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole))
_DISPLAY_ROLES = [_DISPLAY, _EDIT, _TOOLTIP, _BACKGROUND, _FOREGROUND]
_PAINTED_ROLES = (_DISPLAY, _BACKGROUND, _FOREGROUND)
_FIGURE_ALIGNMENT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LABEL_ALIGNMENT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
_HINT = "计算值：{}"               # a stated-blank total: what its parts add up to, shown grey in the blank cell
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_SHOWN_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_INPUT_FLAGS = _SHOWN_FLAGS | Qt.ItemFlag.ItemIsEditable


_ROLE_BACKGROUND: dict[str, QColor] = {Role.HEADER: style.HEADER_BG, Role.CORNER: style.HEADER_BG,
                                        Role.BLOCK: style.BLOCK_BG, Role.COMPUTED: style.COMPUTED_BG,
                                        Role.VALUE: style.INPUT_BG}


def _blank_rules(form: Form) -> set[str]:
    """Rules that list blank cells: shown in the panel, not painted on every blank cell."""
    return {s.rule for s in form.specials if s.type is CheckType.BLANK_CELLS}


class ReportTableModel(QAbstractTableModel):
    refused = Signal(str)           # an entry that could not go in, and why

    def __init__(self, document: ReportDocument, table: Table, grid: Grid, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.table = table
        self.grid = grid
        self._cover: dict[tuple[int, int], GridCell] = {}
        for gc in grid.cells:
            for r in range(gc.row, gc.row + gc.rowspan):
                for c in range(gc.col, gc.col + gc.colspan):
                    self._cover[(r, c)] = gc
        self._anchors = {(gc.row, gc.col): gc for gc in grid.cells}
        self._flags = {key: _INPUT_FLAGS if gc.role == Role.VALUE else _SHOWN_FLAGS
                       for key, gc in self._anchors.items()}
        self._labels_shown: dict[tuple[int, int], dict[int, object]] = {}
        self.on_screen = True            # kept up to date by the view showing this model
        self._values_shown: dict[tuple[int, int], dict[int, object]] = {}
        self._cells = set(grid.by_cell)
        self._ignored_rules = _blank_rules(document.form)
        self._marks: dict[Cell, tuple[Severity, list[str]]] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._marks = self._marks_now()
        document.changed.connect(self._document_changed)

    # --- shape ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.grid.n_rows

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else self.grid.n_cols

    def grid_cell(self, index: Index) -> GridCell | None:
        """The printed cell covering an index (a merged cell covers several)."""
        return self._cover.get((index.row(), index.column()))

    def anchored(self, index: Index) -> GridCell | None:
        """The printed cell that starts at an index; None where a merge covers it."""
        return self._anchors.get((index.row(), index.column()))

    def spans(self) -> list[GridCell]:
        return self.grid.merges

    def index_of(self, cell: Cell) -> QModelIndex:
        gc = self.grid.by_cell.get(cell)
        return self.index(gc.row, gc.col) if gc else QModelIndex()

    def cells(self) -> set[Cell]:
        return self._cells

    def is_input(self, index: Index) -> bool:
        gc = self.anchored(index)
        return gc is not None and gc.role == Role.VALUE

    # --- content ----------------------------------------------------------------------------------

    def text(self, index: Index, for_edit: bool = False) -> str:
        """The text of an index as shown (or, `for_edit`, as typed back: no thousands separators)."""
        gc = self.anchored(index)
        if gc is None or (gc.cell is not None and self._hinted(gc.cell) is not None):
            return ""
        return self._text(gc, for_edit)

    def _text(self, gc: GridCell, for_edit: bool = False) -> str:
        """The text of a grid cell, its figure formatted (a stated-blank total's hint aside)."""
        if gc.cell is None:
            return _INDENT * gc.level + gc.text if gc.role == Role.LABEL and not for_edit else gc.text
        value = self.document.report.value(gc.cell)
        return format_value(value, self.table.kind_of(gc.cell), thousands=not for_edit)

    def _hinted(self, cell: Cell) -> str | None:
        """The computed figure of a total the report states blank (a gov-2014 table printed its 合计
        empty while its parts have figures), as the hint in its place; None for any other cell.
        The cell shows what the report says — blank — until the clerk takes the computed figure."""
        report = self.document.report
        if cell not in report.stated or report.stated[cell] is not None:
            return None
        computed = report.value(cell)
        return None if computed is None else _HINT.format(format_value(computed, self.table.kind_of(cell)))

    def _shown_at(self, key: tuple[int, int]) -> dict[int, object] | None:
        """Everything a position shows, computed once after the last change (labels never change)."""
        shown = self._values_shown.get(key) or self._labels_shown.get(key)
        if shown is None:
            gc = self._anchors.get(key)
            if gc is None:
                return None
            shown = self._shown(gc)
            (self._labels_shown if gc.cell is None else self._values_shown)[key] = shown
        return shown

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        shown = self._shown_at((index.row(), index.column()))
        if shown is None:
            return None
        if role == _TOOLTIP:             # only when the pointer rests on a cell
            gc = shown[GridRole]
            return self._tooltip(gc) if isinstance(gc, GridCell) else None
        return shown.get(role)

    def multiData(self, index: Index, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """All the roles a paint asks for, in one call (Qt's delegate asks for seven per cell)."""
        shown = self._shown_at((index.row(), index.column()))
        items = [span] if isinstance(span, QModelRoleData) else (
            span[i] for i in range(span.size()))  # type: ignore[index]  # a span takes [] (not in the stubs)
        for item in items:
            value = None if shown is None else shown.get(item.role())
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def _shown(self, gc: GridCell) -> dict[int, object]:
        bold = gc.role in (Role.BLOCK, Role.CORNER) or (gc.role == Role.HEADER and gc.rowspan > 1)
        font = self._bold if bold else None
        hint = self._hinted(gc.cell) if gc.cell is not None else None
        if hint is None:
            display, edit, foreground = self._text(gc), self._text(gc, for_edit=True), self._foreground(gc)
        else:                                       # a hint, not a figure: grey, never red, nothing to edit
            display, edit, foreground = hint, "", style.MUTED_FG
        return {_DISPLAY: display, _EDIT: edit, CellRole: gc.cell, GridRole: gc,
                _ALIGNMENT: self._alignment(gc), _BACKGROUND: self._background(gc),
                _FOREGROUND: foreground, _FONT: font}

    def _alignment(self, gc: GridCell) -> int:
        if gc.role in (Role.VALUE, Role.COMPUTED):
            return _FIGURE_ALIGNMENT
        if gc.role in (Role.HEADER, Role.CORNER, Role.GROUP, Role.UNIT):
            return _CENTRED
        return _LABEL_ALIGNMENT

    def _background(self, gc: GridCell) -> QColor:
        if gc.cell is not None and gc.cell in self._marks:
            return style.ERROR_BG if self._marks[gc.cell][0] == Severity.ERROR else style.WARNING_BG
        return _ROLE_BACKGROUND.get(gc.role, style.LABEL_BG)

    def _foreground(self, gc: GridCell) -> QColor | None:
        if gc.cell is not None and gc.cell in self._marks and self._marks[gc.cell][0] == Severity.ERROR:
            return style.ERROR_FG
        if gc.role == Role.COMPUTED:
            return style.COMPUTED_FG
        return None

    def _tooltip(self, gc: GridCell) -> str | None:
        if gc.cell is None:
            return gc.text if len(gc.text) > 12 else None
        lines = []
        computed = self.document.form.computed_by_cell.get(gc.cell)
        if computed is not None:
            lines.append(f"由程序自动计算：{computed.description or '各分项之和'}")
            hint = self._hinted(gc.cell)
            if hint is not None:
                lines.append(f"报告中这一格是空白；{hint}。核对各分项无误后，可在“检查”页采用计算结果。")
        else:
            lines.append(self.table.place(gc.cell))
        if gc.cell in self._marks:
            lines.extend(self._marks[gc.cell][1])
        return "\n".join(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self._flags.get((index.row(), index.column()), _NO_FLAGS)

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        gc = self.anchored(index)
        if role != _EDIT or gc is None or gc.cell is None or gc.role != Role.VALUE:
            return False
        message = self.document.enter(gc.cell, "" if value is None else str(value))
        if message:
            self.refused.emit(message)
            return False
        return True

    # --- what a view may do to the report -------------------------------------------------------------

    def refusal(self, index: Index) -> str | None:
        """Why nothing can be typed at `index` (a computed cell), or None."""
        gc = self.anchored(index)
        if gc is None or gc.cell is None or gc.role != Role.COMPUTED:
            return None
        return computed_refusal(self.table.place(gc.cell))

    def input_cells(self, cells: Iterable[Cell]) -> list[Cell]:
        """The cells among `cells` that are typed (not computed)."""
        form = self.document.form
        return [c for c in cells if not form.is_computed(c)]

    def first_input_cell(self) -> Cell | None:
        """The first cell to type into, in reading order."""
        return next((gc.cell for gc in sorted(self.grid.cells, key=lambda g: (g.row, g.col))
                     if gc.role == Role.VALUE), None)

    def clear(self, cells: Iterable[Cell]) -> None:
        """Empty the input cells among `cells`, as one undoable step."""
        self.document.clear(self.input_cells(cells))

    def paste(self, entries: list[tuple[Cell, str]]) -> tuple[int, list[str]]:
        """Enter texts into cells as one undoable step: (cells filled, why the others were refused)."""
        return self.document.paste(entries)

    # --- following the document ---------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        return [f for f in self.document.result.findings
                if f.rule not in self._ignored_rules and any(c in self._cells for c in f.cells)]

    def _marks_now(self) -> dict[Cell, tuple[Severity, list[str]]]:
        marks: dict[Cell, tuple[Severity, list[str]]] = {}
        for finding in self.findings():
            for cell in finding.cells:
                if cell in self._cells:
                    severity, messages = marks.get(cell, (Severity(finding.severity), []))
                    if finding.severity == Severity.ERROR:
                        severity = Severity.ERROR
                    messages.append(f"【{finding.severity_label}】{finding.message}")
                    marks[cell] = (severity, messages)
        return marks

    def _update_marks(self) -> set[Cell]:
        """Mark the cells the findings name; returns the cells whose mark changed."""
        before, self._marks = self._marks, self._marks_now()
        return {c for c in before.keys() | self._marks.keys() if before.get(c) != self._marks.get(c)}

    def _document_changed(self, changes: Changes) -> None:
        """Say which cells now show something else, one by one — a range would make the view repaint
        the whole table, wrapped labels and all. Only the cells the change touched are looked at."""
        marked = self._update_marks() if changes.findings else set()
        cells = ((changes.cells | changes.stated) & self._cells) | marked
        if not cells:
            return
        for cell in cells:
            gc = self.grid.by_cell[cell]
            key = (gc.row, gc.col)
            old = self._values_shown.pop(key, None)
            if old is None:                  # never asked for, so never painted: nothing to redo
                continue
            if self.on_screen:
                new = self._values_shown[key] = self._shown(gc)
                if all(old[role] == new[role] for role in _PAINTED_ROLES):
                    continue
            # out of sight: worked out when it is next painted
            index = self.index(*key)
            self.dataChanged.emit(index, index, _DISPLAY_ROLES)
