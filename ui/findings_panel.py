"""The list of findings under a table or a text box (and, grouped, on the review page): each
message in full, wrapped; clicking one shows the cell it is about. The panel asks for the height its
findings need, between a stable least height and a cap its page sets."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from forms.rules import Finding

from .findings_model import FindingListModel


class FindingsPanel(QListView):
    finding_activated = Signal(object)      # a forms.rules.Finding

    def __init__(self, grouped: bool = False, lines: int = 4, on_click: bool = True,
                 empty_text: str = "本页没有发现错误或提醒。", parent: QWidget | None = None):
        """`on_click`: a single click shows the finding's place (else a double click, or Enter).
        The panel stays in place when there is nothing to report (a table must not jump as the
        user types), with `empty_text` in it."""
        super().__init__(parent)
        self._model = FindingListModel(grouped, empty_text, self)
        self.setModel(self._model)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSpacing(2)
        self._lines = lines
        self.cap = self.least_height()           # the most the panel asks for; a page sets its share
        (self.clicked if on_click else self.doubleClicked).connect(self._activate)
        self.activated.connect(self._activate)

    def model(self) -> FindingListModel:
        return self._model

    def set_findings(self, findings: list[Finding]) -> None:
        self.model().set_findings(findings)

    def current_finding(self) -> Finding | None:
        return self.model().finding(self.currentIndex())

    def _activate(self, index: QModelIndex) -> None:
        finding = self.model().finding(index)
        if finding is not None:
            self.finding_activated.emit(finding)

    def least_height(self) -> int:
        """The height the panel keeps however few findings there are (`lines` lines): a table above
        it must not jump as the user types."""
        return self.fontMetrics().height() * self._lines + 16

    def content_height(self) -> int:
        """The height that shows every finding, wrapped at the panel's width, without scrolling."""
        self.doItemsLayout()
        return self.contentsSize().height() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        """As tall as its findings need, at least `least_height`, at most `cap` (set by the page)."""
        hint, least = super().sizeHint(), self.least_height()
        return QSize(hint.width(), least if self.cap <= least else max(least, min(self.content_height(), self.cap)))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.least_height())
