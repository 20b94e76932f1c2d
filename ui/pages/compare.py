"""上年对照: this year's key figures beside last year's with the change, the large swings shaded —
the comparison evaluators make first. Read only: a table model over `forms.compare.compare` (the
figures and what a swing is come from the format file), redone when a figure or last year's report
changes. Without last year's report it shows this year's figures and how to choose last year's draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QWidget

from forms.carryover import last_mismatch
from forms.compare import COLUMNS, CompareRow, compare, swing_words

from .. import style
from . import WizardPage, hint_label

if TYPE_CHECKING:
    from ..document import ReportDocument
    from ..page_plan import Page

_DISPLAY, _ALIGN, _BACKGROUND, _TOOLTIP, _FOREGROUND = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole))
# A figure column is at least this wide: a county's figures and a province's line up alike.
_WIDEST_FIGURE = "-11,398,889"
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


class CompareModel(QAbstractTableModel):
    """The rows of 上年对照, as `CompareRow.texts()` words them; a swing's row shaded."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[CompareRow] = []
        self._texts: list[tuple[str, ...]] = []
        self.swing_rule = ""

    def set_rows(self, rows: list[CompareRow], swing_rule: str) -> None:
        if rows == self._rows and swing_rule == self.swing_rule:
            return
        self.beginResetModel()
        self._rows, self.swing_rule = rows, swing_rule
        self._texts = [row.texts() for row in rows]
        self.endResetModel()

    def row_key(self, row: int) -> str:
        return self._rows[row].key

    def rowCount(self, parent: Index = QModelIndex()) -> int:   # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:   # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == _ALIGN:
            return _LEFT if section == 0 else _RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            return self._texts[index.row()][index.column()]
        if role == _ALIGN:
            return _LEFT if index.column() == 0 else _RIGHT
        if role == _BACKGROUND:
            return style.WARNING_BG if row.swing else None
        if role == _TOOLTIP:
            return self._tip(row)
        if role == _FOREGROUND and (row.this, row.last)[index.column() - 1:index.column()] == (None,):
            return style.MUTED_FG           # 未填, 上年格式中没有: no figure
        return None

    def _tip(self, row: CompareRow) -> str | None:
        said = []
        if row.swing:
            said.append(f"变化较大（{self.swing_rule}）：评议时常先看这类变化。请核对数字，或在报告中说明原因。")
        if row.note:
            said.append(row.note + "。")
        return "".join(said) or None


class ComparePage(WizardPage):
    """A page with its own scrolling table: the view takes the height the window has."""

    scrolls = False
    choose_last = Signal()

    def __init__(self, page: Page, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        self.layout_.addWidget(hint_label("本年主要数字与上年报告的对照，评议时常先看这些数字。"
                                          "浅黄色的是变化较大的，请核对数字，或在报告中说明变化的原因。"
                                          "双击一行，打开本年这个数字所在的表格。"))
        line = QHBoxLayout()
        self.last_line = hint_label("")
        self.last_button = QPushButton("选择上年草稿…")
        self.last_button.clicked.connect(self.choose_last)
        line.addWidget(self.last_line, 1)
        line.addWidget(self.last_button)
        self.layout_.addLayout(line)
        self.model = CompareModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.activated.connect(self._open_figure)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(self.view.fontMetrics().horizontalAdvance(_WIDEST_FIGURE) + 16)
        self.layout_.addWidget(self.view, 1)
        # the year and organ only for the note that last year's report is not of the year before
        self.follow(lambda changes: changes.figures or changes.last or changes.identity)

    def refresh(self) -> None:
        document = self.document
        spec = document.form.compare
        rule = swing_words(spec) if spec is not None else ""
        self.model.set_rows(compare(document.report, document.last), rule)
        last = document.last
        if last is None:
            self.last_line.setText("还没有选择上年报告，“上年”一列是空的。请点“选择上年草稿…”，选择上年报告的草稿，"
                                   "或发布的Word、网页、PDF、Excel文件，即可对照本年与上年的数字。")
        else:
            year = f"{last.year}年度" if last.year else "（年度未填）"
            mismatch = last_mismatch(document.report.year, document.report.organ, last)
            self.last_line.setText(f"{'注意：' + mismatch if mismatch else ''}"
                                   f"上年报告：{last.organ or '（机关名称未填）'}{year}，{last.form.short_name}。"
                                   f"变化较大的标为浅黄色（{rule}）。")
        self.last_button.setVisible(last is None)

    def _open_figure(self, index: QModelIndex) -> None:
        """The table this year's figure is in, its (first) cell selected: where to check or correct it."""
        spec = self.document.form.compare
        if spec is not None and index.isValid():
            self.cell_requested.emit(spec.figures[index.row()].value.cells[0])

    def focus_first(self) -> None:
        self.view.setFocus()
