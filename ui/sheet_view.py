"""The table view with a spreadsheet's keyboard: typing replaces the cell, Enter moves down, Tab
right, Delete clears, Ctrl+C / Ctrl+V copy and paste blocks with Excel and WPS (tab-separated).
As in Excel and WPS, a cell opened by typing is in "enter mode": an arrow key enters the figure and
moves to the next input cell that way (computed cells skipped, as Tab does; none that way: it stays).
F2 or a double click opens it in "edit mode", nothing selected, the caret at the end (F2) or where
clicked: ←/→ move the caret, ↑/↓ still enter and move (a cell holds one line; Excel does the same);
F2 in an open cell switches between the two modes. Ctrl+V of several figures in an open cell pastes
them cell by cell, as on a selected cell: figures are never joined in one. Home/End,
and arrows with Shift or Ctrl, keep their line-edit meaning in both. A refused entry never moves.
Merged cells and column widths come from the model's printed grid; rows grow to fit wrapped labels.
Everything the view does to the report goes through its model (`ReportTableModel`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFocusEvent,
    QGuiApplication,
    QHideEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from forms.expr import Cell
from forms.layout import GridCell
from forms.paste import PasteReport, Placement, compare_totals, is_figure, place_block, spread_figures

from .table_model import ReportTableModel
from .tsv import format_block, parse_block

_PADDING = 10            # horizontal room for the cell's margins and grid line
_LINE_PADDING = 10       # vertical room around a line of text
_MOVES = {QAbstractItemDelegate.EndEditHint.SubmitModelCache: (True, False),     # (down, backwards)
          QAbstractItemDelegate.EndEditHint.EditNextItem: (False, False),
          QAbstractItemDelegate.EndEditHint.EditPreviousItem: (False, True)}
_EDITING = QAbstractItemView.State.EditingState
_COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
_ARROWS = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
_KEYPAD = Qt.KeyboardModifier.KeypadModifier
Index = QModelIndex | QPersistentModelIndex


class _Delegate(QStyledItemDelegate):
    """Editors are plain line edits; the view decides where the cursor goes after Enter, Tab and
    the arrow keys (`SheetView.editor_key`)."""

    def __init__(self, view: SheetView):
        super().__init__(view)
        self._view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit) and isinstance(event, QKeyEvent)
                and self._view.editor_key(watched, event)):
            return True
        return super().eventFilter(watched, event)


class _FrozenHeader(QTableView):
    """The table's header rows (ordinary rows of the printed grid), drawn again above the rows
    that scroll, so that at the bottom of a long table each column still says what it counts.
    Same model, spans, widths and heights as the view under it; nothing here takes the focus."""

    def __init__(self, sheet: SheetView):
        super().__init__(sheet)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        sheet.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def show_rows(self, model: ReportTableModel, spans: list[GridCell]) -> None:
        self.setModel(model)
        for gc in spans:
            if gc.row < model.grid.header_rows:
                self.setSpan(gc.row, gc.col, gc.rowspan, gc.colspan)
        for r in range(model.rowCount()):
            self.setRowHidden(r, r >= model.grid.header_rows)


class SheetView(QTableView):
    message = Signal(str)           # what happened to an entry, for the panel under the table
    pasted = Signal(object)         # what a paste did (a forms.paste.PasteReport), for the panel too
    typing = Signal()               # the text in the open cell editor changed, or the editor closed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(_Delegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self._model: ReportTableModel | None = None
        self._refused = False
        self._editor: QWidget | None = None      # the open cell editor (Qt has no public getter)
        self._editor_closing: QWidget | None = None
        self._editor_index = QPersistentModelIndex()
        self._edit_mode = False                  # the open editor: F2 / double click (True) or typing (False)
        self._refit_when_shown = False
        self._text_widths: dict[str, int] = {}
        self._header = _FrozenHeader(self)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        if not isinstance(model, ReportTableModel):
            raise TypeError("a SheetView shows a ReportTableModel")
        super().setModel(model)
        self._model = model
        self.clearSpans()
        for gc in model.spans():
            self.setSpan(gc.row, gc.col, gc.rowspan, gc.colspan)
        model.refused.connect(self._on_refused)
        for r in range(model.rowCount()):       # shown (frozen) above the scrolling rows instead
            self.setRowHidden(r, r < model.grid.header_rows)
        self._header.show_rows(model, model.spans())
        self._header.setVisible(model.grid.header_rows > 0)
        self._fit()

    def model(self) -> ReportTableModel:
        """The table shown (given once, before the view is shown)."""
        if self._model is None:
            raise RuntimeError("SheetView.setModel was not called")
        return self._model

    # --- sizes ----------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Column widths by the printed table's weights over the visible width; row heights to fit
        the wrapped labels (merged labels included)."""
        if self._model is None:
            return
        widths = self._column_widths()
        for c, width in enumerate(widths):
            self.setColumnWidth(c, width)
        heights = self._row_heights(widths)
        for r, height in enumerate(heights):
            self.setRowHeight(r, height)
        self._fit_header(widths, heights[:self.model().grid.header_rows])

    def _column_widths(self) -> list[int]:
        grid = self.model().grid
        available = max(self.viewport().width(), 200)
        weights = grid.col_weights or [1.0] * grid.n_cols
        minimum = self._minimum_widths()
        total = sum(weights)
        widths = [max(minimum[c], int(available * weights[c] / total)) for c in range(grid.n_cols)]
        overflow = sum(widths) - available
        if overflow > 0:   # rounding up to minimums: take it back from the widest columns
            for c in sorted(range(grid.n_cols), key=lambda c: -widths[c]):
                take = min(overflow, widths[c] - minimum[c])
                widths[c] -= take
                overflow -= take
                if overflow <= 0:
                    break
        return widths

    def _row_heights(self, widths: list[int]) -> list[int]:
        model = self.model()
        metrics = self.fontMetrics()
        heights = [metrics.height() + _LINE_PADDING] * model.grid.n_rows
        flags = int(Qt.TextFlag.TextWordWrap)
        spanned = []
        for gc in model.grid.cells:
            if not gc.text:
                continue
            width = sum(widths[gc.col:gc.col + gc.colspan]) - _PADDING
            text = model.text(model.index(gc.row, gc.col))
            needed = metrics.boundingRect(0, 0, max(width, 10), 10000, flags, text).height() + _LINE_PADDING
            if gc.rowspan == 1:
                heights[gc.row] = max(heights[gc.row], needed)
            else:
                spanned.append((gc, needed))
        for gc, needed in spanned:
            missing = needed - sum(heights[r] for r in range(gc.row, gc.row + gc.rowspan))
            if missing > 0:
                heights[gc.last_row] += missing
        return heights

    def _fit_header(self, widths: list[int], heights: list[int]) -> None:
        """The frozen header rows: the same sizes, in a margin above the scrolling rows."""
        for c, width in enumerate(widths):
            self._header.setColumnWidth(c, width)
        for r, height in enumerate(heights):
            self._header.setRowHeight(r, height)
        self.setViewportMargins(0, sum(heights), 0, 0)
        frame = self.frameWidth()
        self._header.setGeometry(frame, frame, self.viewport().width(), sum(heights))
        self._header.horizontalScrollBar().setValue(self.horizontalScrollBar().value())

    def _minimum_widths(self) -> list[int]:
        """Label columns: three characters; value columns: their widest figure (four digits at least).
        A merged value cell (t2's single figure over three columns) has room enough."""
        model = self.model()
        metrics = self.fontMetrics()
        widths = [metrics.horizontalAdvance("一二三") + _PADDING] * model.columnCount()
        digits = metrics.horizontalAdvance("0000") + _PADDING
        measured = self._text_widths
        for gc in model.grid.cells:
            if gc.cell is not None and gc.colspan == 1:
                # what the next paint shows (asked as a paint does: the model keeps it, and says when it changes)
                text = str(model.data(model.index(gc.row, gc.col)))
                if text not in measured:
                    measured[text] = metrics.horizontalAdvance(text) + _PADDING
                widths[gc.col] = max(widths[gc.col], digits, measured[text])
        return widths

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Sequence[int] = ()) -> None:
        """A figure longer than its column shows: widen (measured when the table is on screen)."""
        super().dataChanged(top_left, bottom_right, roles)
        if not self.isVisible():
            self._refit_when_shown = True
        elif top_left == bottom_right and self._too_narrow(top_left):
            self._fit()

    def _too_narrow(self, index: Index) -> bool:
        gc = self.model().anchored(index)
        if gc is None or gc.cell is None or gc.colspan != 1:
            return False
        text = self.model().text(index)
        if text not in self._text_widths:
            self._text_widths[text] = self.fontMetrics().horizontalAdvance(text) + _PADDING
        return self._text_widths[text] > self.columnWidth(gc.col)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._model is not None:
            self._model.on_screen = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._model is not None:
            self._model.on_screen = True
        if self._refit_when_shown:
            self._refit_when_shown = False
            self._fit()

    # --- moving ---------------------------------------------------------------------------------------

    def select_cell(self, cell: Cell) -> bool:
        index = self.model().index_of(cell)
        if not index.isValid():
            return False
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def select_cells(self, cells: Sequence[Cell]) -> bool:
        """Select every one of `cells` this table shows (a finding's: both sides of a balance), the
        first one current, scrolled so that all are in view when they fit (else the first);
        False when the table shows none of them."""
        indexes = [i for i in (self.model().index_of(cell) for cell in cells) if i.isValid()]
        if not indexes:
            return False
        selection = self.selectionModel()
        selection.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.ClearAndSelect)
        for index in indexes[1:]:
            selection.select(index, QItemSelectionModel.SelectionFlag.Select)
        self.scrollTo(indexes[-1])
        self.scrollTo(indexes[0])
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _next_input(self, index: Index, down: bool, backwards: bool = False) -> QModelIndex:
        """The next input cell below (Enter) or to the right, wrapping to the next row (Tab)."""
        model = self.model()
        here = model.grid_cell(index)
        for r, c in self._positions(index, here, down, backwards):
            gc = model.grid_cell(model.index(r, c))
            if gc is not None and gc is not here and model.is_input(model.index(gc.row, gc.col)):
                return model.index(gc.row, gc.col)
        return QModelIndex()

    def _positions(self, index: Index, here: GridCell | None, down: bool, backwards: bool) -> Iterator[tuple[int, int]]:
        """The positions after `index` in the order Enter (`down`) or Tab visits them."""
        rows, cols = self.model().rowCount(), self.model().columnCount()
        r, c = (here.row, here.col) if here else (index.row(), index.column())
        if down:
            below = (here.last_row if here else r) + 1
            return ((rr, c) for rr in (range(r - 1, -1, -1) if backwards else range(below, rows)))
        flat = r * cols + c
        return (divmod(p, cols) for p in (range(flat - 1, -1, -1) if backwards else range(flat + 1, rows * cols)))

    def _neighbour_input(self, index: Index, rows: int, cols: int) -> QModelIndex:
        """The nearest input cell from `index` in one direction (an arrow key), on its row or column;
        invalid when there is none that way."""
        model = self.model()
        here = model.grid_cell(index)
        r, c = (here.row, here.col) if here else (index.row(), index.column())
        if here and rows > 0:
            r = here.last_row
        if here and cols > 0:
            c = here.last_col
        r, c = r + rows, c + cols
        while 0 <= r < model.rowCount() and 0 <= c < model.columnCount():
            gc = model.grid_cell(model.index(r, c))
            if gc is not None and gc is not here and model.is_input(model.index(gc.row, gc.col)):
                return model.index(gc.row, gc.col)
            r, c = r + rows, c + cols
        return QModelIndex()

    def _advance(self, down: bool, backwards: bool = False) -> None:
        target = self._next_input(self.currentIndex(), down, backwards)
        if target.isValid():
            self.setCurrentIndex(target)
            self.scrollTo(target)

    # --- editing --------------------------------------------------------------------------------------

    def _on_refused(self, message: str) -> None:
        self._refused = True
        self.message.emit(message)

    def commitData(self, editor: QWidget) -> None:
        self._refused = False
        super().commitData(editor)

    def open_editor(self) -> QLineEdit | None:
        """The line edit the user is typing into, or None."""
        editor = self._editor
        if not isinstance(editor, QLineEdit) or self.state() != _EDITING or not editor.isVisible():
            return None
        return editor

    def commit_open_editor(self) -> bool:
        """Enter what is typed in an open cell (typed without Enter), as Enter would. False when
        it is refused: the editor stays open with the text, and the panel says why."""
        editor = self.open_editor()
        if editor is None:
            return True
        self.commitData(editor)
        if self._refused:
            self._refused = False
            self.focus_open_editor()
            return False
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        return True

    def focus_open_editor(self) -> bool:
        """Put the cursor back into a cell still being typed in (its text selected for correcting)."""
        editor = self.open_editor()
        if editor is None:
            return False
        if self._editor_index.isValid() and self.currentIndex() != self._editor_index:
            typed_in = self.model().index(self._editor_index.row(), self._editor_index.column())
            self.selectionModel().setCurrentIndex(typed_in, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.scrollTo(self.currentIndex())
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        editor.selectAll()
        return True

    # The ignore[override] below: PySide joins QAbstractItemView's slot edit(index) and its virtual
    # edit(index, trigger, event) in one Python method; one override cannot match both stub overloads.
    def edit(self, index: Index,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
             event: QEvent | None = None) -> bool:
        opened = super().edit(index, trigger, event)  # type: ignore[arg-type]  # Qt takes no event (nullptr)
        if opened and self.state() == _EDITING:
            self._editor = self.indexWidget(index)
            self._editor_index = QPersistentModelIndex(index)
            self._edit_mode = trigger == QAbstractItemView.EditTrigger.DoubleClicked or (
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_F2)
            if self._edit_mode:
                self._place_caret(self._editor, event)
            self._follow_typing(self._editor)
        return opened

    def _place_caret(self, editor: QWidget | None, event: QEvent | None) -> None:
        """Edit mode as in Excel: nothing selected (Qt selects the whole text of a new editor), the
        caret where the double click was, or at the end (F2)."""
        if not isinstance(editor, QLineEdit):
            return
        editor.deselect()
        if isinstance(event, QMouseEvent):
            where = editor.mapFrom(self.viewport(), event.position().toPoint())
            editor.setCursorPosition(editor.cursorPositionAt(where))
        else:
            editor.end(False)

    def _follow_typing(self, editor: QWidget | None) -> None:
        """Say when the text of an open cell changes (the recovery file keeps it, not yet entered):
        the key that opened the editor has already gone into it, so that one is said at once."""
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(self.typing)
            if editor.isModified():
                self.typing.emit()

    def typed(self) -> tuple[Cell, str] | None:
        """The cell being typed in and its text, not yet entered; None when no cell is open."""
        editor = self.open_editor()
        gc = self.model().anchored(self._editor_index) if self._editor_index.isValid() else None
        if editor is None or gc is None or gc.cell is None:
            return None
        return gc.cell, editor.text()

    def editor_key(self, editor: QLineEdit, event: QKeyEvent) -> bool:
        """A key pressed in the cell editor that the view handles: F2 switches between enter and
        edit mode; an arrow enters the figure and moves (see the module's docstring). False for
        a key the editor handles as usual."""
        key = event.key()
        if editor is self._editor and event.matches(QKeySequence.StandardKey.Paste):
            return self._paste_block_over(editor)
        if editor is not self._editor or event.modifiers() & ~_KEYPAD:
            return False
        if key == Qt.Key.Key_F2:
            self._edit_mode = not self._edit_mode
            return True
        if key not in _ARROWS or self._edit_mode and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return False
        self.commitData(editor)
        if self._refused:                       # stays, text selected; the panel says why
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        typed_in = QPersistentModelIndex(self._editor_index)       # the cell typed in
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.message.emit("")
        target = self._neighbour_input(typed_in, *_ARROWS[Qt.Key(key)])
        if target.isValid():
            self.setCurrentIndex(target)
            self.scrollTo(target)
        return True

    def _paste_block_over(self, editor: QLineEdit) -> bool:
        """Ctrl+V in an open cell: one cell's text goes in where the caret is (without the line break
        Excel copies a cell with); several figures (an Excel row, a PDF's figures with spaces) are
        never joined in one cell: the editor closes, what was typed in it dropped, and they are
        pasted cell by cell from it."""
        text = QGuiApplication.clipboard().text()
        block, _ = spread_figures(parse_block(text))
        if len(block) <= 1 and all(len(row) <= 1 for row in block):
            editor.insert(block[0][0] if block else "")
            return True
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
        self.paste_text(text)
        return True

    def _focus_stays_inside(self, other: QWidget | None) -> bool:
        """Whether the focus moves between this view and its own cell editor."""
        return other is not None and self.viewport().isAncestorOf(other)

    def _repaint_focus(self) -> None:
        """What looks different with or without the focus: the current cell (its focus frame) and
        the selected cells (a style may grey the selection). Qt would repaint every cell."""
        region = self.visualRegionForSelection(self.selectionModel().selection())
        self.viewport().update(region.united(self.visualRect(self.currentIndex())))

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._focus_stays_inside(self._editor_closing):       # back from the cell editor
            QAbstractScrollArea.focusInEvent(self, event)
            self._repaint_focus()
            return
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._focus_stays_inside(QApplication.focusWidget()):  # into the cell editor
            QAbstractScrollArea.focusOutEvent(self, event)
            self._repaint_focus()
            return
        super().focusOutEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        refused, self._refused = self._refused, False
        if refused and hint != QAbstractItemDelegate.EndEditHint.RevertModelCache:
            # Keep what was typed in the editor so it can be corrected; the panel says why. Also
            # when the editor lost the focus (a click elsewhere, another window): never dropped.
            if isinstance(editor, QLineEdit):
                editor.selectAll()
            return
        if editor is self._editor:
            self._editor = None
        self._editor_closing = editor           # the focus comes back from it (focusInEvent)
        try:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        finally:
            self._editor_closing = None
        self.typing.emit()                      # nothing is being typed here any more
        if hint in _MOVES:
            self.message.emit("")
            self._advance(*_MOVES[hint])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
        elif self.state() == _EDITING or not self._spreadsheet_key(event):
            super().keyPressEvent(event)

    def _spreadsheet_key(self, event: QKeyEvent) -> bool:
        """Enter, Tab, Delete and typing on a computed cell, as in a spreadsheet; False for a key
        the table handles as usual."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._advance(down=True, backwards=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._advance(down=False, backwards=key == Qt.Key.Key_Backtab)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_selection()
        elif event.text().strip() and not event.modifiers() & _COMMAND_MODIFIERS:
            refusal = self.model().refusal(self.currentIndex())
            if refusal is None:
                return False
            self.message.emit(f"{refusal}；请填写它的各个分项。")
        else:
            return False
        return True

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """A Chinese input method commits text without key presses: open the cell and pass it on."""
        index = self.currentIndex()
        if (self.state() != _EDITING and event.commitString() and index.isValid() and self.model().is_input(index)
                and self.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, None)):
            editor = self.indexWidget(index)
            if isinstance(editor, QLineEdit):
                editor.clear()
                QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    # --- clear, copy, paste ---------------------------------------------------------------------------

    def selected_cells(self) -> list[Cell]:
        model = self.model()
        cells: list[Cell] = []
        for index in self.selectionModel().selectedIndexes():
            gc = model.anchored(index)
            if gc is not None and gc.cell is not None and gc.cell not in cells:
                cells.append(gc.cell)
        return cells

    def clear_selection(self) -> None:
        self.model().clear(self.selected_cells())

    def _selected_rect(self) -> tuple[int, int, int, int] | None:
        current = self.currentIndex()
        indexes = self.selectionModel().selectedIndexes() or ([current] if current.isValid() else [])
        if not indexes:
            return None
        model = self.model()
        rows: list[int] = []
        cols: list[int] = []
        for index in indexes:
            gc = model.grid_cell(index)
            rows += [gc.row, gc.last_row] if gc else [index.row()]
            cols += [gc.col, gc.last_col] if gc else [index.column()]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        rect = self._selected_rect()
        if rect is None:
            return ""
        top, left, bottom, right = rect
        model = self.model()
        rows = [[model.text(model.index(r, c), for_edit=True) for c in range(left, right + 1)]
                for r in range(top, bottom + 1)]
        text = format_block(rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste_text(self, text: str) -> None:
        """Paste a block copied from Excel/WPS or a web page: by its labels when it carries header
        rows or a label column (`forms.paste`), else at the current cell; every figure checked,
        pasted totals compared with the computed ones. Nothing goes in when the labels cannot place
        the block safely. The page shows the `PasteReport`."""
        model = self.model()
        block, spread = spread_figures(parse_block(text))
        start = self.currentIndex()
        if not block or not start.isValid():
            return
        selected = model.input_cells(self.selected_cells())
        outside = 0
        placement: Placement | None
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
            # one figure: into every selected cell
            placement = Placement(entries=tuple((cell, block[0][0]) for cell in selected))
        else:
            gc = model.grid_cell(start)
            here = gc.cell if gc is not None else None
            placement = place_block(block, model.document.form, model.table, here and here.column, here and here.row)
            if placement is None:                   # bare figures: from the current cell on
                top, left = (gc.row, gc.col) if gc else (start.row(), start.column())
                placement, outside = self._place_block(block, top, left)
        if placement.blocked:
            self.pasted.emit(PasteReport(blocked=list(placement.blocked)))
            return
        filled, refused = model.paste(list(placement.entries))
        mismatches = compare_totals(model.document.report, placement.totals)
        self.pasted.emit(PasteReport(filled, refused + list(placement.refused), mismatches, list(placement.notes),
                                     outside=outside, spread=spread))

    def _place_block(self, block: list[list[str]], top: int, left: int) -> tuple[Placement, int]:
        """What of a block of bare figures, pasted with its first cell at (top, left), goes into which
        cell; the figures that fall on computed cells (compared, not entered); what does not go in, and
        why (a `Placement`); and how many texts fall outside the table."""
        model = self.model()
        entries: list[tuple[Cell, str]] = []
        totals: list[tuple[Cell, str]] = []
        skipped: list[str] = []
        outside = 0
        for i, row in enumerate(block):
            for j, text in enumerate(row):
                r, c = top + i, left + j
                if r >= model.rowCount() or c >= model.columnCount():
                    outside += bool(text.strip())
                    continue
                index = model.index(r, c)
                gc = model.grid_cell(index)
                if gc is None or not text.strip() and (gc.cell is None or (gc.row, gc.col) != (r, c)):
                    continue
                if (gc.row, gc.col) != (r, c):
                    skipped.append(f"“{text.strip()}”落在合并单元格中间，没有填入")
                elif model.is_input(index) and gc.cell is not None:
                    entries.append((gc.cell, text))
                elif gc.cell is not None and text.strip() and is_figure(text):
                    totals.append((gc.cell, text))
                elif text.strip() != model.text(index, for_edit=True).strip():
                    skipped.append(_not_pasted(model.refusal(index), text.strip(), gc))
        return Placement(tuple(entries), tuple(totals), tuple(skipped)), outside


def _not_pasted(refusal: str | None, text: str, gc: GridCell) -> str:
    """Why `text` pasted on a cell that takes no figure did not go in."""
    if refusal is not None:
        return f"{refusal}，粘贴的“{text}”没有填入"
    return f"“{text}”落在表格的文字栏（{gc.text[:12]}），没有填入"
