"""The always-visible list of the wizard's pages with each page's state (完成 / 有错误 / 有提醒 /
未填写); a click opens any page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from forms.report import Report
from forms.rules import CheckResult

from . import style

if TYPE_CHECKING:
    from .document import Changes
from .page_plan import Page, PageKind, PageState, page_state

StateRole = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY, _TOOLTIP, _ACCESSIBLE, _SIZE_HINT, _FONT, _DECORATION = (
    int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
                     Qt.ItemDataRole.SizeHintRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole))
_STATE = StateRole
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_STATE_ROLES = [_STATE, _TOOLTIP, _ACCESSIBLE]      # the title stays as it is
_SIZE_ROLES = {_DISPLAY, _SIZE_HINT, _FONT, _DECORATION}


def _moves(page: Page, changes: Changes) -> bool:
    """Whether `changes` can move the state of `page`: a finding, a figure on a table page (empty or
    not), the text of a prose page."""
    if changes.findings:
        return True
    if page.kind is PageKind.TABLE:
        return not changes.cells.isdisjoint(page.cells)
    return page.kind is PageKind.PROSE and page.prose_key in changes.sections


_STATE_COLOUR = {PageState.DONE: style.DONE_FG, PageState.ERRORS: style.ERROR_FG, PageState.WARNINGS: style.WARNING_FG,
                 PageState.EMPTY: style.MUTED_FG}


class PageListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pages: list[Page] = []
        self.states: list[PageState] = []
        self._shown: list[dict[int, object]] = []

    def set_pages(self, pages: list[Page]) -> None:
        self.beginResetModel()
        self.pages = pages
        self.states = [PageState.NONE] * len(pages)
        self._shown = [_shown(page, PageState.NONE) for page in pages]
        self.endResetModel()

    def update_states(self, report: Report, result: CheckResult, changes: Changes | None = None) -> None:
        """Each page's state after `changes` (None: after anything): pages the change cannot have
        moved keep theirs unasked."""
        for row, page in enumerate(self.pages):
            if changes is not None and not _moves(page, changes):
                continue
            state = page_state(page, report, result)
            if state != self.states[row]:
                self.states[row] = state
                self._shown[row] = _shown(page, state)
                self.dataChanged.emit(self.index(row), self.index(row), _STATE_ROLES)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.pages)

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        """Worked out once per state (a paint asks for a dozen roles of every row it draws)."""
        return self._shown[index.row()].get(role) if index.isValid() else None


def _shown(page: Page, state: PageState) -> dict[int, object]:
    return {_DISPLAY: page.title, _STATE: state,
            _TOOLTIP: f"{page.title}（{state.label}）" if state else page.title,
            _ACCESSIBLE: f"{page.title} {state.label}"}


class PageListView(QListView):
    """The page list: a state that changes repaints its row and nothing else (QListView would lay
    out and repaint every row after any change; a state tag never changes a row's size)."""

    def dataChanged(self, top_left: Index, bottom_right: Index, roles: Sequence[int] = ()) -> None:
        if roles and not any(role in _SIZE_ROLES for role in roles):
            QAbstractItemView.dataChanged(self, top_left, bottom_right, roles)
        else:
            super().dataChanged(top_left, bottom_right, roles)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Rows far apart whose states moved (表三 and 检查) are painted each on its own: QListView
        paints every row within the bounding rectangle of what needs painting."""
        region = event.region()
        if region.rectCount() < 2:
            super().paintEvent(event)
            return
        for rect in region:   # type: ignore[attr-defined]  # QRegion iterates its rectangles; the stubs omit it
            super().paintEvent(QPaintEvent(rect))


def _tag_width(metrics: QFontMetrics) -> int:
    """Room kept for the state tag (every tag is three characters)."""
    return metrics.horizontalAdvance("有错误") + 10


class PageListDelegate(QStyledItemDelegate):
    """Title on the left (wrapped to two lines at most), the state as a coloured tag on the right."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._sizes: dict[tuple[str, int, str], QSize] = {}     # asked for every row at every paint

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = option.fontMetrics
        view = option.widget
        available = 240
        if isinstance(view, QListView):
            # room as if the scroll bar were shown: heights must not depend on whether it is
            available = view.width() - 2 * view.frameWidth() - view.verticalScrollBar().sizeHint().width()
        title = index.data(Qt.ItemDataRole.DisplayRole) or ""
        key = (title, available, option.font.key())
        if key not in self._sizes:
            width = available - 16 - _tag_width(metrics) - 4
            lines = 1 if metrics.horizontalAdvance(title) <= width else 2
            self._sizes[key] = QSize(200, metrics.height() * lines + 16)
        return self._sizes[key]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        state = PageState(index.data(StateRole) or "")     # through Qt a PageState arrives as a plain str
        tag = state.label
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        widget = option.widget
        style_ = widget.style() if widget is not None else QApplication.style()
        style_.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect = option.rect.adjusted(8, 4, -8, -4)
        metrics = option.fontMetrics
        tag_width = _tag_width(metrics)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        text_rect = QRect(rect.left(), rect.top(), rect.width() - tag_width - 4, rect.height())
        colour = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.setPen(colour)
        flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        if metrics.boundingRect(text_rect, flags, text).height() > text_rect.height():
            room = text_rect.width() * 2 - metrics.averageCharWidth() * 2
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(text_rect, flags, text)
        if tag:
            highlighted = option.palette.color(QPalette.ColorRole.HighlightedText)
            painter.setPen(highlighted if selected else _STATE_COLOUR[state])
            painter.drawText(QRect(rect.right() - tag_width, rect.top(), tag_width, rect.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), tag)
        painter.restore()
