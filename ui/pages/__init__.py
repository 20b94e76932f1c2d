"""The wizard's pages. Each is drawn from the format (headings, hints, printed tables) and edits the
report through the document; `WizardPage` is what they share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .. import style


def heading_label(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    palette = label.palette()
    palette.setColor(label.foregroundRole(), style.MUTED_FG)
    label.setPalette(palette)
    return label


def message_label() -> QLabel:
    """A line for what just happened (a refused entry, a paste); empty when there is nothing to say."""
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    palette = label.palette()
    palette.setColor(label.foregroundRole(), style.ERROR_FG)
    label.setPalette(palette)
    label.hide()
    return label


def show_message(label: QLabel, text: str, ok: bool = False) -> None:
    palette = label.palette()
    palette.setColor(label.foregroundRole(), style.DONE_FG if ok else style.ERROR_FG)
    label.setPalette(palette)
    label.setText(text)
    label.setVisible(bool(text))


class WizardPage(QWidget):
    """A page of the wizard: a heading and a hint over the page's own content."""

    def __init__(self, page, document, parent=None):
        super().__init__(parent)
        self.page = page
        self.document = document
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 12)
        self.layout_.setSpacing(8)
        self.layout_.addWidget(heading_label(page.title))
        hint = page.section.hint if page.section is not None else ""
        if hint:
            self.layout_.addWidget(hint_label(hint))

    def select_cell(self, cell) -> bool:
        """Show `cell` selected (table pages); False when the page has no such cell."""
        return False

    def focus_first(self) -> None:
        """Put the keyboard focus where the user starts typing on this page."""
