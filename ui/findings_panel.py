"""The list of findings under a table or a text box (and, grouped, on the review page): each
message in full, wrapped; clicking one shows the cell it is about."""

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

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().height() * self._lines + 16)
