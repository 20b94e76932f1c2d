"""The wizard's pages. Each is drawn from the format (headings, hints, printed tables) and edits the
report through the document; `WizardPage` is what they share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from .. import style

if TYPE_CHECKING:
    from forms.expr import Cell
    from forms.rules import Finding

    from ..document import Changes, ReportDocument
    from ..page_plan import Page


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
    palette = label.palette()
    palette.setColor(label.foregroundRole(), style.MUTED_FG)
    label.setPalette(palette)
    return label


def message_label() -> QLabel:
    """A line for what just happened (a refused entry, a paste); empty when there is nothing to say."""
    label = QLabel("")
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QLabel, text: str, ok: bool = False) -> None:
    """Show `text` in green (done) or red (needs attention), selectable so it can be copied."""
    from PySide6.QtCore import Qt  # not at import: the Qt namespace costs start-up time

    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    palette = label.palette()
    palette.setColor(label.foregroundRole(), style.DONE_FG if ok else style.ERROR_FG)
    label.setPalette(palette)
    label.setText(text)
    label.setVisible(bool(text))


def down_only(area: QScrollArea) -> QScrollArea:
    """`area` made to scroll down only: its widget as wide as it is, no frame, no horizontal bar."""
    from PySide6.QtCore import Qt  # not at import: the Qt namespace costs start-up time

    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class _DownScroll(QScrollArea):
    """A page's scroll area: it scrolls down only. As wide at least as its content needs (the page
    keeps its width, as without it); any height, the content scrolling when the window is lower."""

    def __init__(self) -> None:
        super().__init__()
        down_only(self)

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return least
        return QSize(body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width(), least.height())


class WizardPage(QWidget):
    """A page of the wizard: a heading and a hint over the page's own content. The content sits in a
    scroll area (`scrolls`): however much a page lists (typos, a carry-over's cells, findings), it
    never asks the window for more height than the screen has — the stacked pages keep the largest
    minimum height of them all. A table page sizes its own parts instead (`scrolls = False`)."""

    scrolls = True

    cell_requested = Signal(object)     # show this Cell, on whichever page has it
    typing = Signal()                   # text not yet entered changed (a cell editor): the recovery file keeps it

    def __init__(self, page: Page, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.document = document
        self._stale = False
        self._concerns: Callable[[Changes], bool] = lambda changes: False
        self.layout_ = QVBoxLayout(self._body())
        self.layout_.setContentsMargins(24, 16, 24, 12)
        self.layout_.setSpacing(8)
        self.layout_.addWidget(heading_label(page.title))
        hint = page.section.hint if page.section is not None else ""
        if hint:
            self.layout_.addWidget(hint_label(hint))

    def _body(self) -> QWidget:
        """The widget holding the page's content: the page itself, or the inside of its scroll area."""
        if not self.scrolls:
            return self
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = area = _DownScroll()
        body = QWidget()
        area.setWidget(body)
        outer.addWidget(area)
        return body

    def follow(self, concerns: Callable[[Changes], bool]) -> None:
        """Refresh after each change of the document that `concerns` this page: at once when the
        page is on screen, else when it is next shown (pages out of sight do no work while the
        user types elsewhere)."""
        self._concerns = concerns
        self.document.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if not self._concerns(changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Show the document's current state (findings, counts)."""

    def commit_edits(self) -> str | None:
        """Enter what is still open in an editor (a cell typed into without Enter). Returns why the
        page refused it (the text stays in its editor and the page says so too), or None."""
        return None

    def typed_entry(self) -> tuple[Cell, str] | None:
        """A cell typed into and not yet entered (its editor still open), with its text; or None."""
        return None

    def select_cell(self, cell: Cell) -> bool:
        """Show `cell` selected (table pages); False when the page has no such cell."""
        return False

    def select_cells(self, cells: Sequence[Cell]) -> bool:
        """Show every one of `cells` this page has selected (table pages); False when it has none."""
        return False

    def show_finding(self, finding: Finding) -> None:
        """A finding clicked in this page's panel: select all its cells here, or its first on the
        page that has it."""
        if self.select_cells(finding.cells):
            return
        if finding.cells:
            self.cell_requested.emit(finding.cells[0])

    def focus_first(self) -> None:
        """Put the keyboard focus where the user starts typing on this page."""
