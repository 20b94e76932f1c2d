"""按建议修正, asked first. A fix makes a rule pass by changing one figure (R1: 结转下年度继续办理),
and that figure is next year's 上年结转: when the real mistake is a typo elsewhere, the report then
passes with a wrong figure that carries on. So the dialog says what will change (the cell, from → to),
where the figure goes next year, and lists the likely typos (`forms.typos`), each a link to its cell.
`TypoList` is the same list on the review page, next to the offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from forms.numbers import format_value
from forms.typos import next_years_cell

from .pages import down_only, hint_label

if TYPE_CHECKING:
    from forms.definition import Form
    from forms.expr import Cell, Number
    from forms.typos import Candidate

_LINK_STYLE = ("QPushButton { text-align: left; border: none; padding: 2px 4px; color: palette(link);"
               " text-decoration: underline; }")


class TypoList(QWidget):
    """A heading and one link per likely typo; clicking a link asks for its cell. At most `rows`
    links show at a time, the rest scroll: eight typos never push a page or a dialog off the screen."""

    cell_requested = Signal(object)         # a forms.expr.Cell

    def __init__(self, heading: str, rows: int = 4, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self._rows = rows
        self._area = down_only(QScrollArea())
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._area.setWidget(inner)
        layout.addWidget(self._area)
        self._buttons: list[QPushButton] = []

    def links(self) -> list[QPushButton]:
        """The links shown, one per likely typo."""
        return list(self._buttons)

    def set_candidates(self, form: Form, candidates: list[Candidate]) -> None:
        for button in self._buttons:       # hidden now, deleted later: one may be the button clicked
            button.hide()
            button.deleteLater()
        self._buttons = []
        for candidate in candidates:
            button = QPushButton(candidate.describe(form))
            button.setFlat(True)
            button.setStyleSheet(_LINK_STYLE)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip("点击查看这个单元格")
            button.clicked.connect(lambda _=False, cell=candidate.cell: self.cell_requested.emit(cell))
            self._layout.addWidget(button)
            self._buttons.append(button)
        shown = self._buttons[:self._rows]
        self._area.setFixedHeight(sum(button.sizeHint().height() for button in shown))
        self._area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if len(self._buttons) > self._rows
                                              else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVisible(bool(candidates))


class FixDialog(QDialog):
    """继续修正 or 取消; a typo clicked closes it without fixing and leaves `chosen` set to its cell."""

    def __init__(self, parent: QWidget | None, form: Form, cell: Cell, before: Number | None, after: Number,
                 candidates: list[Candidate]):
        super().__init__(parent)
        self.setWindowTitle("按建议修正")
        self.setMinimumWidth(640)
        self.chosen: Cell | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        shown = "空白" if before is None else format_value(before)
        self.change = QLabel(f"将把{form.place(cell)}由 {shown} 改为 {format_value(after)}。")
        self.change.setWordWrap(True)
        layout.addWidget(self.change)
        self.carry = QLabel(_consequence(form, cell))
        self.carry.setWordWrap(True)
        layout.addWidget(self.carry)
        self.typos = TypoList("先看看是不是下面某处笔误（只要改正其中一处，这条检查就能通过；点击查看该单元格）：",
                              rows=6)
        self.typos.set_candidates(form, candidates)
        self.typos.cell_requested.connect(self._look)
        layout.addWidget(self.typos)
        if not candidates:
            layout.addWidget(hint_label("没有找到能单独解释这个差额的笔误。修正前仍请对照原始台账核对各项数字。"))
        buttons = QDialogButtonBox()
        self.fix_button = buttons.addButton("确认修正", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Enter does not fix over a likely typo: the clerk chooses to, with the typos in front of them.
        (self.cancel_button if candidates else self.fix_button).setDefault(True)
        layout.addWidget(buttons)

    def _look(self, cell: Cell) -> None:
        self.chosen = cell
        self.reject()


def _consequence(form: Form, cell: Cell) -> str:
    """What the changed figure does besides passing the check."""
    after = next_years_cell(form, cell)
    if after is None:
        return "修正后这条检查会通过。如果差额其实来自别处的笔误，错误就被掩盖了。"
    return (f"这个数字还会作为下一年度报告{form.place(after)}的数字（上年结转）。如果差额其实来自别处的笔误，"
            "修正后检查虽然通过，错误的结转数会带到明年。")
