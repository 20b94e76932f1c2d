"""The text box for a section's prose: plain text (paragraphs are lines, as `report.sections`
keeps them), shown the way the report prints it — each paragraph with a two-character first-line
indent and a little space after, so that paragraphs can be told apart while writing.

The editor keeps no undo history of its own: typing goes into the document's, the one history of
the whole report (the window's 撤销 and Ctrl+Z), and an undo there puts the text back here (`follow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QFocusEvent, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from .commands import TextField, TextKind, changed_span

if TYPE_CHECKING:
    from .document import ReportDocument


class ProseEditor(QTextEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)          # pasted Word text arrives as plain text
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)         # one history: the document's
        self._document: ReportDocument | None = None
        self._field: TextField | None = None
        self.set_text(text)

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        self.setPlainText(text)
        self._format_paragraphs()

    def follow(self, document: ReportDocument, key: str) -> None:
        """Show the section `key` again when undo or redo sets it; leaving the editor ends a burst
        of typing (the next one is a new undo step)."""
        self._document, self._field = document, TextField(TextKind.SECTION, key)
        document.text_set.connect(self._restored)

    def _restored(self, field: TextField) -> None:
        if field == self._field and self._document is not None:
            self.show_text(str(self._document.text_of(field) or ""))

    def show_text(self, text: str) -> None:
        """Put `text` in the editor without it counting as typed (textChanged is not emitted) and the
        caret at the end of what differs from before, where the clerk typed."""
        if text == self.text():
            return
        _, caret = changed_span(self.text(), text)
        blocked = self.blockSignals(True)
        try:
            self.set_text(text)
        finally:
            self.blockSignals(blocked)
        cursor = self.textCursor()
        cursor.setPosition(caret)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """A paste (Ctrl+V, the menu, a drop) is an undo step of its own, however short."""
        if self._document is not None:
            self._document.end_typing()
        super().insertFromMimeData(source)
        if self._document is not None:
            self._document.end_typing()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self._document is not None:
            self._document.end_typing()

    def _format_paragraphs(self) -> None:
        """Every paragraph (and those typed later, which take their neighbour's format)."""
        paragraph = QTextBlockFormat()
        paragraph.setTextIndent(self.fontMetrics().horizontalAdvance("一二"))
        paragraph.setBottomMargin(self.fontMetrics().height() // 3)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(paragraph)
