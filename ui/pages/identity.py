"""基本信息: who publishes the report, for which year and in which format, the contact details
printed in the opening paragraph, the date under the report, and last year's draft (which turns on
the cross-year checks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from forms.draft import YEAR_RANGE
from forms.report import INFO_FIELDS

from ..commands import TextField, TextKind
from ..findings_panel import FindingsPanel
from . import WizardPage, hint_label, message_label, show_message

if TYPE_CHECKING:
    from ..document import ReportDocument
    from ..page_plan import Page


_PLACEHOLDERS = {"date": "如 {next}-01-20（印在报告末尾的成文日期）", "address": "如 某某市某某路1号",
                 "postcode": "如 325600", "phone": "如 0577-12345678", "email": "可不填"}


class IdentityPage(WizardPage):
    choose_last = Signal()
    clear_last = Signal()

    def __init__(self, page: Page, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        report = document.report
        self.layout_.addWidget(hint_label("这些内容印在报告标题、开头一段和末尾。机关名称和年度必须填写。"))
        form = QFormLayout()
        form.setVerticalSpacing(8)      # with the menu bar, still inside a 1600×1000 screen at 150 %
        self.organ = QLineEdit(report.organ)
        self.organ.setPlaceholderText("发布报告的机关全称，如“某某市某某局”")
        self.organ.textChanged.connect(lambda text: document.set_identity(organ=text))
        self.organ.editingFinished.connect(document.end_typing)
        form.addRow("机关名称：", self.organ)
        self.year = QSpinBox()
        self.year.setRange(*YEAR_RANGE)
        self.year.setValue(report.year or YEAR_RANGE[0])
        self.year.setSuffix(" 年度")
        self.year.valueChanged.connect(lambda value: document.set_identity(year=value))
        self.year.editingFinished.connect(document.end_typing)
        form.addRow("报告年度：", self.year)
        shape = report.form
        form.addRow("报告格式：", QLabel(f"{shape.name}（{shape.document_number}，适用于{shape.years_text}）"))
        self.info: dict[str, QLineEdit] = {}
        for key, label in INFO_FIELDS.items():
            edit = QLineEdit(report.info.get(key, ""))
            edit.setPlaceholderText(_PLACEHOLDERS.get(key, "").format(next=(report.year or 2000) + 1))
            edit.textChanged.connect(lambda text, key=key: document.set_info(key, text.strip()))
            edit.editingFinished.connect(document.end_typing)
            self.info[key] = edit
            form.addRow(f"{label}：", edit)
        self.last_label: QLabel | None = None
        self.clear: QPushButton | None = None
        # only where the format compares with last year's figures (gov-2014 never does)
        if any(c.needs_last for c in report.form.compares):
            form.addRow("上年报告：", self._last_year_row())
        self.layout_.addLayout(form)
        if self.last_label is not None:
            self.layout_.addWidget(hint_label("选了上年报告的草稿，程序会核对与上年数字的衔接，"
                                              "如本年“上年结转”是否等于上年“结转下年度继续办理”。"))
        self.message = message_label()      # what choosing last year's draft filled
        self.layout_.addWidget(self.message)
        self.findings = FindingsPanel(lines=3)
        self.layout_.addWidget(self.findings)
        self.layout_.addStretch(1)
        self.follow(lambda changes: changes.findings or changes.last)
        document.text_set.connect(self._restored)
        document.changed.connect(lambda changes: show_message(self.message, "") if changes.last else None)

    def _restored(self, field: TextField) -> None:
        """Undo or redo set a field: the box shows it (without that counting as typed)."""
        widget: QLineEdit | QSpinBox
        if field.kind is TextKind.INFO:
            widget = self.info[field.key]
        elif field.kind is TextKind.ORGAN:
            widget = self.organ
        elif field.kind is TextKind.YEAR:
            widget = self.year
        else:
            return
        value = self.document.text_of(field)
        blocked = widget.blockSignals(True)
        try:
            if isinstance(widget, QSpinBox):
                widget.setValue(value if isinstance(value, int) else YEAR_RANGE[0])
            elif widget.text().strip() != value:
                widget.setText(str(value or ""))
        finally:
            widget.blockSignals(blocked)

    def show_carried(self, text: str, ok: bool) -> None:
        """What last year's draft filled in; in red when figures typed differently were kept (to check)."""
        show_message(self.message, text, ok=ok)

    def _last_year_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.last_label = label = QLabel()
        label.setWordWrap(True)
        choose = QPushButton("选择上年草稿…")
        choose.clicked.connect(self.choose_last)
        self.clear = clear = QPushButton("不使用")
        clear.clicked.connect(self.clear_last)
        layout.addWidget(label, 1)
        layout.addWidget(choose)
        layout.addWidget(clear)
        return row

    def refresh(self) -> None:
        path = self.document.last_path
        if self.last_label is not None and self.clear is not None:
            self.last_label.setText(f"{path.name}（{path.parent}）" if path else "未选择（不核对跨年数字）")
            self.clear.setEnabled(path is not None)
        self.findings.set_findings([f for f in self.document.result.findings if self.page.shows(f)])

    def focus_first(self) -> None:
        self.organ.setFocus()
