"""检查: every finding, errors first, each with the way to its page (double-click: all its cells
selected), and the explicit fixes the rules can offer: the balancing 结转下年度继续办理 of R1, a
computed total in place of a disagreeing one from a file, and 将空白单元格填为0. All of them can be
undone. Under a finding the likely typos that would explain it are listed (`forms.typos`), and
按建议修正 asks first (`ui.fix_dialog`): a balancing figure must not hide the real mistake."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from forms.numbers import format_value
from forms.typos import candidates

from .. import dialogs
from ..findings_panel import FindingsPanel
from ..fix_dialog import TypoList
from . import WizardPage, hint_label, message_label, show_message

if TYPE_CHECKING:
    from forms.expr import Cell
    from forms.rules import Finding

    from ..document import ReportDocument
    from ..page_plan import Page



class ReviewPage(WizardPage):
    open_finding = Signal(object)
    choose_last = Signal()

    def __init__(self, page: Page, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(hint_label("双击一条，打开它所在的页面并选中相关的单元格。"))
        # at least 6 lines, taller as the page allows: the buttons and likely typos under it stay in sight
        self.findings = FindingsPanel(grouped=True, lines=6, on_click=False, empty_text="没有发现错误或提醒。")
        self.findings.finding_activated.connect(self.open_finding)
        self.findings.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.layout_.addWidget(self.findings, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("打开所在页面")
        self.open_button.clicked.connect(lambda: self._with_current(self.open_finding.emit))
        self.fix_button = QPushButton("按建议修正")
        self.fix_button.clicked.connect(self._fix)
        self.accept_button = QPushButton("采用计算结果")
        self.accept_button.clicked.connect(self._accept)
        self.accept_all_button = QPushButton("全部采用计算结果")
        self.accept_all_button.setToolTip("按各分项重新合计文件中原来填写（或空白）的所有合计数，一步完成，可以撤销。")
        self.accept_all_button.clicked.connect(self._accept_all)
        self.zero_button = QPushButton("将空白单元格填为0")
        self.zero_button.clicked.connect(self._fill_zero)
        for button in (self.open_button, self.fix_button, self.accept_button, self.accept_all_button, self.zero_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.fix_hint = hint_label("")
        self.layout_.addWidget(self.fix_hint)
        # the likely typos behind the selected finding: a fix would hide them (forms/typos.py)
        self.typos = TypoList("可能是笔误：只要改正下面其中一处，这条检查就能通过（点击查看该单元格）：", rows=3)
        self.typos.cell_requested.connect(self.cell_requested)
        self.typos.hide()
        self.layout_.addWidget(self.typos)
        self.message = message_label()
        self.layout_.addWidget(self.message)

        skipped = QHBoxLayout()
        self.skipped = hint_label("")
        self.last_button = QPushButton("选择上年草稿…")
        self.last_button.clicked.connect(self.choose_last)
        skipped.addWidget(self.skipped, 1)
        skipped.addWidget(self.last_button)
        self.layout_.addLayout(skipped)
        # blanks to fill (a figure), the fixes offered (a stated total), the 选择上年草稿 button (last year's)
        self.follow(lambda changes: changes.findings or changes.figures or changes.last)

    def refresh(self) -> None:
        result = self.document.result
        errors, warnings = len(result.errors), len(result.warnings)
        if errors:
            text = f"发现 {errors} 个错误、{warnings} 个提醒。错误必须改正后才能导出正式稿；提醒请逐条核对。"
        elif warnings:
            text = f"没有错误，可以导出正式稿。有 {warnings} 个提醒，请逐条核对。"
        else:
            text = "检查通过：没有发现错误或提醒。"
        show_message(self.summary, text, ok=not errors)
        self.findings.set_findings(result.findings)
        if self.findings.current_finding() is None and result.findings:   # ready for the buttons below
            model = self.findings.model()
            first = next(r for r in range(model.rowCount()) if model.finding(model.index(r)) is not None)
            self.findings.setCurrentIndex(model.index(first))
        reasons = sorted({why for _, why in result.skipped})
        rules = "、".join(rule for rule, _ in result.skipped)
        self.skipped.setText(f"未核对（{rules}）：{'；'.join(reasons)}。" if result.skipped else "")
        self.skipped.setVisible(bool(result.skipped))
        self.last_button.setVisible(bool(result.skipped) and self.document.last is None)
        blanks = len(self.document.report.blank_input_cells())
        self.zero_button.setText(f"将空白单元格填为0（{blanks}个）")
        self.zero_button.setEnabled(blanks > 0)
        stated = len(self._all_stated())
        self.accept_all_button.setText(f"全部采用计算结果（{stated}处）" if stated else "全部采用计算结果")
        self.accept_all_button.setEnabled(stated > 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        finding = self.findings.current_finding()
        self.open_button.setEnabled(finding is not None)
        fix = finding.fix if finding is not None else None
        self.fix_button.setEnabled(fix is not None)
        stated = self.document.stated_cells(finding) if finding is not None else []
        self.accept_button.setEnabled(bool(stated))
        if fix is not None:
            cell, value = fix
            self.fix_hint.setText(f"按建议修正：把{self.document.form.place(cell)}改为{format_value(value)}，"
                                  "使这条检查通过。")
        elif stated:
            self.fix_hint.setText("采用计算结果：按各分项重新合计，替换文件中原来填写的合计数。")
        else:
            self.fix_hint.setText("")
        self.fix_hint.setVisible(bool(self.fix_hint.text()))
        found = candidates(self.document.report, finding, self.document.last) if finding is not None else []
        self.typos.set_candidates(self.document.form, found)

    def _with_current(self, action: Callable[[Finding], object]) -> None:
        finding = self.findings.current_finding()
        if finding is not None:
            action(finding)

    def _fix(self) -> None:
        """Ask first (what changes, that it is next year's 上年结转, the likely typos), then fix."""
        finding = self.findings.current_finding()
        if finding is None or finding.fix is None:
            return
        cell, value = finding.fix
        document = self.document
        found = candidates(document.report, finding, document.last)
        answer = dialogs.confirm_fix(self, document.form, cell, document.report.value(cell), value, found)
        if answer is True and document.apply_fix(finding):
            place = document.form.place(cell)
            show_message(self.message, f"已把{place}改为{format_value(value)}（可以撤销）。", ok=True)
        elif not isinstance(answer, bool):          # a likely typo chosen instead: show its cell
            self.cell_requested.emit(answer)

    def _accept(self) -> None:
        finding = self.findings.current_finding()
        if finding is not None:
            cells = self.document.stated_cells(finding)
            self.document.accept_computed(cells)
            show_message(self.message, "已采用计算结果（可以撤销）。", ok=True)

    def _all_stated(self) -> list[Cell]:
        """Every total whose figure from a file (or its blank) disagrees with its parts."""
        found = (self.document.stated_cells(f) for f in self.document.result.findings)
        return list(dict.fromkeys(cell for cells in found for cell in cells))

    def _accept_all(self) -> None:
        """All the computed totals in place of the stated ones (a gov-2014 sample has four blank
        subtotals): one step, undone as one."""
        cells = self._all_stated()
        if cells:
            self.document.accept_computed(cells, f"全部采用计算结果（{len(cells)}处）")
            show_message(self.message, f"已采用{len(cells)}处计算结果（可以撤销）。", ok=True)

    def _fill_zero(self) -> None:
        count = self.document.fill_blanks_with_zero()
        show_message(self.message, f"已将{count}个空白单元格填为0（可以撤销）。", ok=True)

    def focus_first(self) -> None:
        self.findings.setFocus()
