"""The working area once a report is open: the always-visible page list with each page's state on
the left, the current page on the right, 上一步 / 下一步 underneath."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from .page_list import PageListDelegate, PageListModel, PageListView

if TYPE_CHECKING:
    from forms.expr import Cell
    from forms.report import Report
    from forms.rules import CheckResult

    from .document import Changes
    from .page_plan import Page
    from .pages import WizardPage

PAGE_LIST_WIDTH = 270


class Workspace(QWidget):
    # What the recovery file keeps beyond the report changed: the page shown, or a cell's text typed
    # and not yet entered (`current_key`, `typed_entries`).
    where_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages: list[Page] = []
        self.widgets: list[WizardPage] = []
        self._selecting: int | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.model = PageListModel(self)
        self.list = PageListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(PageListDelegate(self.list))
        self.list.setFixedWidth(PAGE_LIST_WIDTH)
        self.list.setAccessibleName("页面列表")
        self.list.selectionModel().currentChanged.connect(self._list_changed)
        row.addWidget(self.list)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        nav.setContentsMargins(24, 4, 24, 10)
        self.position = QLabel()
        self.prev_button = QPushButton("上一步")
        self.prev_button.clicked.connect(lambda: self.go(self.current_row() - 1))
        self.next_button = QPushButton("下一步")
        self.next_button.clicked.connect(lambda: self.go(self.current_row() + 1))
        nav.addWidget(self.position)
        nav.addStretch(1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        right.addLayout(nav)
        row.addLayout(right, 1)

    def set_pages(self, pages: list[Page], widgets: list[WizardPage]) -> None:
        for widget in self.widgets:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages, self.widgets = pages, widgets
        for widget in widgets:
            self.stack.addWidget(widget)
            widget.typing.connect(self.where_changed)
        self.model.set_pages(pages)

    def update_states(self, report: Report, result: CheckResult, changes: Changes | None = None) -> None:
        self.model.update_states(report, result, changes)

    def current_row(self) -> int:
        return self.stack.currentIndex()

    def current_key(self) -> str | None:
        """The key of the page shown (kept in the recovery file: a restored report opens there)."""
        row = self.current_row()
        return self.pages[row].key if 0 <= row < len(self.pages) else None

    def typed_entries(self) -> list[tuple[Cell, str]]:
        """Every cell typed into and not yet entered (an editor still open), with its text."""
        return [entry for entry in (widget.typed_entry() for widget in self.widgets) if entry is not None]

    def commit_edits(self) -> str | None:
        """Enter what any page still has open in an editor (typed without Enter). When a page
        refuses it, that page is shown with the text in its editor and the reason beside it, and
        the reason is returned; None when everything typed is in the report."""
        for row, widget in enumerate(self.widgets):
            refusal = widget.commit_edits()
            if refusal is not None:
                self._select(row)
                self._show(row)
                widget.focus_first()
                return refusal
        return None

    def go(self, row: int) -> None:
        if not self.pages or self.commit_edits() is not None:
            return
        row = max(0, min(row, len(self.pages) - 1))
        self._select(row)
        self._show(row)

    def _select(self, row: int) -> None:
        """Mark `row` in the page list without the list's own page change."""
        self._selecting = row
        try:
            self.list.selectionModel().setCurrentIndex(self.model.index(row),
                                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._selecting = None

    def _list_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        """A page clicked in the list: first what is typed on this page goes in; refused, it stays."""
        if self._selecting is not None:
            return
        if self.commit_edits() is None:       # refused: commit_edits has gone back to that page
            self._show(current.row())

    def _show(self, row: int) -> None:
        if row < 0 or row >= len(self.widgets):
            return
        changed = self.stack.currentIndex() != row
        self.stack.setCurrentIndex(row)
        if changed:
            self.where_changed.emit()
        self.position.setText(f"第 {row + 1} / {len(self.pages)} 页")
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < len(self.pages) - 1)
        focus = self.focusWidget()
        if changed or focus is None or not self.widgets[row].isAncestorOf(focus):
            self.widgets[row].focus_first()
