"""The text box for a section's prose: plain text (paragraphs are lines, as `report.sections`
keeps them), shown the way the report prints it — each paragraph with a two-character first-line
indent and a little space after, so that paragraphs can be told apart while writing."""

from __future__ import annotations

from PySide6.QtGui import QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget


class ProseEditor(QTextEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptRichText(False)          # pasted Word text arrives as plain text
        self.setTabChangesFocus(True)
        self.set_text(text)

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        self.setPlainText(text)
        self._format_paragraphs()

    def _format_paragraphs(self) -> None:
        """Every paragraph (and those typed later, which take their neighbour's format)."""
        paragraph = QTextBlockFormat()
        paragraph.setTextIndent(self.fontMetrics().horizontalAdvance("一二"))
        paragraph.setBottomMargin(self.fontMetrics().height() // 3)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(paragraph)
        self.document().clearUndoRedoStacks()  # formatting is not something to undo
