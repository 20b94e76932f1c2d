"""The table view with a spreadsheet's keyboard: typing replaces the cell, Enter moves down, Tab
right, Delete clears, Ctrl+C / Ctrl+V copy and paste blocks with Excel and WPS (tab-separated).
Merged cells and column widths come from the model's printed grid; rows grow to fit wrapped labels.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from forms.layout import Role

from .table_model import ReportTableModel
from .tsv import format_block, parse_block

_PADDING = 10            # horizontal room for the cell's margins and grid line
_MAX_LISTED = 3


class _Delegate(QStyledItemDelegate):
    """Editors are plain line edits; the view decides where the cursor goes after Enter and Tab."""

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        editor.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        return editor


class _FrozenHeader(QTableView):
    """The table's header rows (ordinary rows of the printed grid), drawn again above the rows
    that scroll, so that at the bottom of a long table each column still says what it counts.
    Same model, spans, widths and heights as the view under it; nothing here takes the focus."""

    def __init__(self, sheet: SheetView):
        super().__init__(sheet)
        self.setFocusPolicy(Qt.NoFocus)
        self.setSelectionMode(QAbstractItemView.NoSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setFrameShape(QTableView.NoFrame)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setWordWrap(True)
        sheet.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def show_rows(self, model: ReportTableModel, spans) -> None:
        self.setModel(model)
        for gc in spans:
            if gc.row < model.grid.header_rows:
                self.setSpan(gc.row, gc.col, gc.rowspan, gc.colspan)
        for r in range(model.rowCount()):
            self.setRowHidden(r, r >= model.grid.header_rows)


class SheetView(QTableView):
    message = Signal(str)           # what happened to an entry or a paste, for the panel under the table

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(_Delegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.AnyKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setAttribute(Qt.WA_InputMethodEnabled, True)
        self._refused = False
        self._editor = None                      # the open cell editor (Qt has no public getter)
        self._editor_closing: QWidget | None = None
        self._editor_index = QPersistentModelIndex()
        self._refit_when_shown = False
        self._text_widths: dict[str, int] = {}
        self._header = _FrozenHeader(self)

    def setModel(self, model: ReportTableModel) -> None:
        super().setModel(model)
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
        return super().model()

    # --- sizes ----------------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Column widths by the printed table's weights over the visible width; row heights to fit
        the wrapped labels (merged labels included)."""
        model = self.model()
        if model is None:
            return
        grid = model.grid
        metrics = self.fontMetrics()
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
        for c, width in enumerate(widths):
            self.setColumnWidth(c, width)
        line = metrics.height() + 10
        heights = [line] * grid.n_rows
        flags = int(Qt.TextWordWrap)
        spanned = []
        for gc in grid.cells:
            if not gc.text:
                continue
            width = sum(widths[gc.col:gc.col + gc.colspan]) - _PADDING
            text = model.text(model.index(gc.row, gc.col))
            needed = metrics.boundingRect(0, 0, max(width, 10), 10000, flags, text).height() + 10
            if gc.rowspan == 1:
                heights[gc.row] = max(heights[gc.row], needed)
            else:
                spanned.append((gc, needed))
        for gc, needed in spanned:
            rows = range(gc.row, gc.row + gc.rowspan)
            missing = needed - sum(heights[r] for r in rows)
            if missing > 0:
                heights[gc.last_row] += missing
        for r, height in enumerate(heights):
            self.setRowHeight(r, height)
        self._fit_header(widths, heights[:grid.header_rows])

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
                text = model.data(model.index(gc.row, gc.col))       # what the next paint shows
                if text not in measured:
                    measured[text] = metrics.horizontalAdvance(text) + _PADDING
                widths[gc.col] = max(widths[gc.col], digits, measured[text])
        return widths

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:
        """A figure longer than its column shows: widen (measured when the table is on screen)."""
        super().dataChanged(top_left, bottom_right, roles)
        if not self.isVisible():
            self._refit_when_shown = True
        elif top_left == bottom_right and self._too_narrow(top_left):
            self._fit()

    def _too_narrow(self, index) -> bool:
        gc = self.model().anchored(index)
        if gc is None or gc.cell is None or gc.colspan != 1:
            return False
        text = self.model().data(index)
        if text not in self._text_widths:
            self._text_widths[text] = self.fontMetrics().horizontalAdvance(text) + _PADDING
        return self._text_widths[text] > self.columnWidth(gc.col)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self.model() is not None:
            self.model().on_screen = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.model() is not None:
            self.model().on_screen = True
        if self._refit_when_shown:
            self._refit_when_shown = False
            self._fit()

    # --- moving ---------------------------------------------------------------------------------------

    def select_cell(self, cell) -> bool:
        index = self.model().index_of(cell)
        if not index.isValid():
            return False
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)
        self.scrollTo(index)
        self.setFocus(Qt.OtherFocusReason)
        return True

    def _next_input(self, index: QModelIndex, down: bool, backwards: bool = False) -> QModelIndex:
        """The next input cell below (Enter) or to the right, wrapping to the next row (Tab)."""
        model = self.model()
        rows, cols = model.rowCount(), model.columnCount()
        here = model.grid_cell(index)
        r, c = (here.row, here.col) if here else (index.row(), index.column())
        if down:
            below = (here.last_row if here else r) + 1
            positions = ((rr, c) for rr in (range(r - 1, -1, -1) if backwards else range(below, rows)))
        else:
            flat = r * cols + c
            positions = (divmod(p, cols) for p in (range(flat - 1, -1, -1) if backwards else range(flat + 1, rows * cols)))
        for rr, cc in positions:
            gc = model.grid_cell(model.index(rr, cc))
            if gc is not None and gc is not here and gc.role == Role.VALUE:
                return model.index(gc.row, gc.col)
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

    def commitData(self, editor) -> None:
        self._refused = False
        super().commitData(editor)

    def open_editor(self):
        """The line edit the user is typing into, or None."""
        editor = self._editor
        if editor is None or self.state() != QAbstractItemView.EditingState or not editor.isVisible():
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
        self.closeEditor(editor, QAbstractItemDelegate.NoHint)
        return True

    def focus_open_editor(self) -> bool:
        """Put the cursor back into a cell still being typed in (its text selected for correcting)."""
        editor = self.open_editor()
        if editor is None:
            return False
        if self._editor_index.isValid() and self.currentIndex() != self._editor_index:
            self.selectionModel().setCurrentIndex(self.model().index(self._editor_index.row(), self._editor_index.column()),
                                                  QItemSelectionModel.NoUpdate)
        self.scrollTo(self.currentIndex())
        editor.setFocus(Qt.OtherFocusReason)
        editor.selectAll()
        return True

    def edit(self, index, trigger=QAbstractItemView.AllEditTriggers, event=None) -> bool:
        opened = super().edit(index, trigger, event)
        if opened and self.state() == QAbstractItemView.EditingState:
            self._editor = self.indexWidget(index)
            self._editor_index = QPersistentModelIndex(index)
        return opened

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

    def closeEditor(self, editor, hint) -> None:
        moves = {QAbstractItemDelegate.SubmitModelCache: (True, False),
                 QAbstractItemDelegate.EditNextItem: (False, False),
                 QAbstractItemDelegate.EditPreviousItem: (False, True)}
        refused, self._refused = self._refused, False
        if refused and hint != QAbstractItemDelegate.RevertModelCache:
            # Keep what was typed in the editor so it can be corrected; the panel says why. Also
            # when the editor lost the focus (a click elsewhere, another window): never dropped.
            editor.selectAll()
            return
        if editor is self._editor:
            self._editor = None
        self._editor_closing = editor           # the focus comes back from it (focusInEvent)
        try:
            super().closeEditor(editor, QAbstractItemDelegate.NoHint)
        finally:
            self._editor_closing = None
        if hint in moves:
            self.message.emit("")
            self._advance(*moves[hint])

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if event.matches(QKeySequence.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
            return
        if self.state() != QAbstractItemView.EditingState:
            if key in (Qt.Key_Return, Qt.Key_Enter):
                self._advance(down=True, backwards=bool(event.modifiers() & Qt.ShiftModifier))
                return
            if key == Qt.Key_Tab:
                self._advance(down=False)
                return
            if key == Qt.Key_Backtab:
                self._advance(down=False, backwards=True)
                return
            if key in (Qt.Key_Delete, Qt.Key_Backspace):
                self.clear_selection()
                return
            if event.text().strip() and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier):
                refusal = self.model().refusal(self.currentIndex())
                if refusal is not None:
                    self.message.emit(f"{refusal}；请填写它的各个分项。")
                    return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """A Chinese input method commits text without key presses: open the cell and pass it on."""
        index = self.currentIndex()
        if (self.state() != QAbstractItemView.EditingState and event.commitString()
                and index.isValid() and self.model().is_input(index) and self.edit(index, QAbstractItemView.EditKeyPressed, None)):
            editor = self.indexWidget(index)
            if editor is not None:
                editor.clear()
                QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    # --- clear, copy, paste ---------------------------------------------------------------------------

    def selected_cells(self) -> list:
        model = self.model()
        cells = []
        for index in self.selectionModel().selectedIndexes():
            gc = model.anchored(index)
            if gc is not None and gc.cell is not None and gc.cell not in cells:
                cells.append(gc.cell)
        return cells

    def clear_selection(self) -> None:
        self.model().clear(self.selected_cells())

    def _selected_rect(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectionModel().selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not indexes:
            return None
        model = self.model()
        rows, cols = [], []
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
        """Paste a block copied from Excel/WPS at the current cell, checking every figure."""
        model = self.model()
        block = parse_block(text)
        start = self.currentIndex()
        if not block or not start.isValid():
            return
        gc = model.grid_cell(start)
        top, left = (gc.row, gc.col) if gc else (start.row(), start.column())
        selected = model.input_cells(self.selected_cells())
        if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
            entries = [(cell, block[0][0]) for cell in selected]     # one figure into every selected cell
            skipped: list[str] = []
        else:
            entries, skipped = self._place_block(block, top, left)
        filled, refused = model.paste(entries)
        self.message.emit(_paste_report(filled, refused + skipped))

    def _place_block(self, block, top: int, left: int):
        model = self.model()
        entries, skipped, outside = [], [], 0
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
                elif model.is_input(index):
                    entries.append((gc.cell, text))
                elif text.strip() != model.text(index, for_edit=True).strip():
                    refusal = model.refusal(index)
                    if refusal is not None:
                        skipped.append(f"{refusal}，粘贴的“{text.strip()}”没有填入")
                    else:
                        skipped.append(f"“{text.strip()}”落在表格的文字栏（{gc.text[:12]}），没有填入")
        if outside:
            skipped.append(f"有{outside}个内容超出了表格范围，没有粘贴")
        return entries, skipped


# What may close a message that becomes one sentence of a longer message.
_CLOSING_PUNCTUATION = "。；;，,.！!？? \n"


def _sentence(text: str) -> str:
    """`text` ending in exactly one full stop, whatever it ended with (refusals bring their own)."""
    return text.strip().rstrip(_CLOSING_PUNCTUATION) + "。"


def _paste_report(filled: int, refused: list[str]) -> str:
    if not refused:
        return f"已粘贴{filled}个单元格。"
    head = f"已粘贴{filled}个单元格，" if filled else "没有粘贴任何数字，"
    shown = f"（下面列出前{_MAX_LISTED}处）" if len(refused) > _MAX_LISTED else ""
    listed = "".join(_sentence(reason) for reason in refused[:_MAX_LISTED])
    return f"{head}有{len(refused)}处没有填入{shown}：{listed}请从第一个要填的数字单元格开始粘贴，或改正后重新粘贴。"
