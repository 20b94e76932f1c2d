"""Findings as a list: for the review page grouped under 错误 / 提醒 headings, for the panel under
a table just the findings of that page. The findings themselves come from forms.rules.check."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from forms.definition import Severity
from forms.rules import Finding

from . import style

FindingRole = Qt.UserRole + 1


class Row(Enum):
    """What a row of the list is."""

    GROUP = "group"         # a heading: (severity, how many)
    FINDING = "finding"     # a Finding
    NOTE = "note"           # the one line shown when there is nothing to report


class FindingListModel(QAbstractListModel):
    def __init__(self, grouped: bool = False, empty_text: str = "", parent=None):
        """`empty_text`: the one line shown when there is nothing to report."""
        super().__init__(parent)
        self.grouped = grouped
        self.empty_text = empty_text
        self._rows: list[tuple[Row, object]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_findings(self, findings: list[Finding]) -> None:
        rows: list[tuple[Row, object]] = []
        if self.grouped:
            for severity in (Severity.ERROR, Severity.WARNING):
                these = [f for f in findings if f.severity == severity]
                if these:
                    rows.append((Row.GROUP, (severity, len(these))))
                    rows.extend((Row.FINDING, f) for f in these)
        else:
            rows = [(Row.FINDING, f) for f in sorted(findings, key=lambda f: f.severity != Severity.ERROR)]
        if not rows and self.empty_text:
            rows = [(Row.NOTE, self.empty_text)]
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def finding(self, index: QModelIndex) -> Finding | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        kind, item = self._rows[index.row()]
        return item if kind is Row.FINDING else None

    def findings(self) -> list[Finding]:
        return [item for kind, item in self._rows if kind is Row.FINDING]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        kind, item = self._rows[index.row()]
        if kind is Row.NOTE:
            if role == Qt.DisplayRole:
                return item
            if role == Qt.ForegroundRole:
                return style.DONE_FG
            return None
        if kind is Row.GROUP:
            severity, count = item
            if role == Qt.DisplayRole:
                what = "必须改正后才能导出正式稿" if severity == Severity.ERROR else "请核对，不影响导出"
                return f"{Severity(severity).label}（{count}个）：{what}"
            if role == Qt.FontRole:
                return self._bold
            if role == Qt.ForegroundRole:
                return style.ERROR_FG if severity == Severity.ERROR else style.WARNING_FG
            return None
        if role == Qt.DisplayRole:
            return f"【{item.severity_label}】{item.message}"
        if role == Qt.ToolTipRole:
            return f"{item.rule}：{item.message}"
        if role == Qt.ForegroundRole:
            return style.ERROR_FG if item.severity == Severity.ERROR else style.WARNING_FG
        if role == FindingRole:
            return item
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        if self._rows[index.row()][0] is not Row.FINDING:
            return Qt.ItemIsEnabled
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable
