"""Findings as a list: for the review page grouped under 错误 / 提醒 headings, for the panel under
a table just the findings of that page. The findings themselves come from forms.rules.check."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from forms.definition import Severity
from forms.rules import Finding

from . import style

FindingRole = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY, _TOOLTIP, _FOREGROUND, _FONT = (int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                                            Qt.ItemDataRole.ForegroundRole,
                                                            Qt.ItemDataRole.FontRole))
_ROOT = QModelIndex()
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled
_FINDING_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class Row(Enum):
    """What a row of the list is."""

    GROUP = "group"         # a heading: (severity, how many)
    FINDING = "finding"     # a Finding
    NOTE = "note"           # the one line shown when there is nothing to report


class FindingListModel(QAbstractListModel):
    def __init__(self, grouped: bool = False, empty_text: str = "", parent: QObject | None = None):
        """`empty_text`: the one line shown when there is nothing to report."""
        super().__init__(parent)
        self.grouped = grouped
        self.empty_text = empty_text
        self._rows: list[tuple[Row, object]] = []
        self._shown: list[dict[int, object]] = []     # per row, what each role shows (asked for at every paint)
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
        self._shown = [self._row_shown(kind, item) for kind, item in rows]
        self.endResetModel()

    def _row_shown(self, kind: Row, item: object) -> dict[int, object]:
        if kind is Row.FINDING and isinstance(item, Finding):
            return {_DISPLAY: f"【{item.severity_label}】{item.message}", _TOOLTIP: f"{item.rule}：{item.message}",
                    _FOREGROUND: style.ERROR_FG if item.severity == Severity.ERROR else style.WARNING_FG,
                    FindingRole: item}
        if kind is Row.GROUP and isinstance(item, tuple):
            severity, count = item
            what = "必须改正后才能导出正式稿" if severity == Severity.ERROR else "请核对，不影响导出"
            return {_DISPLAY: f"{Severity(severity).label}（{count}个）：{what}", _FONT: self._bold,
                    _FOREGROUND: style.ERROR_FG if severity == Severity.ERROR else style.WARNING_FG}
        return {_DISPLAY: item, _FOREGROUND: style.DONE_FG}

    def finding(self, index: QModelIndex | QPersistentModelIndex) -> Finding | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        kind, item = self._rows[index.row()]
        return item if isinstance(item, Finding) and kind is Row.FINDING else None

    def findings(self) -> list[Finding]:
        return [item for kind, item in self._rows if kind is Row.FINDING and isinstance(item, Finding)]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> object:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        return self._shown[index.row()].get(role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FINDING_FLAGS if self._rows[index.row()][0] is Row.FINDING else _HEADING_FLAGS
