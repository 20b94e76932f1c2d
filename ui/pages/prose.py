"""A page for one section of prose: the section's heading and hint over a text box bound to
`report.sections` (paragraphs are lines), with the findings about this text underneath.

When last year's report is chosen, its text of the same section stands beside the editor, read-only,
with 复制 (so nobody reopens last year's file); a section still as it was carried from last year's
report (`Report.carried_text`) says so above the editor until the clerk changes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from forms.definition import SectionRole
from forms.summary import build_summary

from .. import style
from ..commands import TextField, TextKind
from ..findings_panel import FindingsPanel
from ..prose_editor import ProseEditor
from . import WizardPage, hint_label, show_message

if TYPE_CHECKING:
    from ..document import ReportDocument
    from ..page_plan import Page

CARRIED_NOTE = "这是上年报告的原文，请按本年度情况改写。改动后这条提示就会消失。"


class LastYearText(QWidget):
    """Last year's text of a section, read-only, with a button copying it to the clipboard."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(hint_label("上年报告的这一部分（只能查看）："), 1)
        self.copy_button = QPushButton("复制")
        self.copy_button.setToolTip("把上年的这段文字复制到剪贴板，可以粘贴到左边再改写")
        self.copy_button.clicked.connect(self._copy)
        top.addWidget(self.copy_button)
        layout.addLayout(top)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMinimumWidth(260)
        layout.addWidget(self.text, 1)
        self.copied = QLabel("")
        self.copied.setWordWrap(True)
        self.copied.hide()
        layout.addWidget(self.copied)

    def set_text(self, text: str) -> None:
        if text != self.text.toPlainText():
            self.text.setPlainText(text)
            self.copied.hide()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        show_message(self.copied, "已复制。可以在左边的文本框里粘贴（Ctrl+V），再按本年度情况改写。", ok=True)


class ProsePage(WizardPage):
    def __init__(self, page: Page, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        if page.section is None:
            raise ValueError(f"{page.key}: a prose page edits a section")
        self.section = page.section
        self.editor = ProseEditor(document.report.sections.get(self.section.key, ""))
        self.editor.setPlaceholderText("在这里输入正文。每一段单独一行（按回车分段），小标题如“（一）主动公开”也单独一行。")
        self.editor.textChanged.connect(self._text_changed)
        self.editor.follow(document, self.section.key)     # undo and redo put the text back here
        self.carried_note = QLabel(CARRIED_NOTE)
        self.carried_note.setWordWrap(True)
        self.carried_note.setMargin(6)
        self.carried_note.setStyleSheet(f"background: {style.WARNING_BG.name()}; color: {style.WARNING_FG.name()};")
        self.layout_.addWidget(self.carried_note)
        self.last_pane = LastYearText()
        self.last_text, self.copy_button, self.copied = self.last_pane.text, self.last_pane.copy_button, \
            self.last_pane.copied
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.editor)
        split.addWidget(self.last_pane)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.layout_.addWidget(split, 1)
        self.count = hint_label("")
        self.summary_button = QPushButton("插入数据摘要")
        self.summary_button.setToolTip("在光标处插入一段话，写明表中的主要数字（收到、办结、结转的申请数等），可以再修改")
        self.summary_button.clicked.connect(self._insert_summary)
        below = QHBoxLayout()
        below.addWidget(self.count, 1)
        below.addWidget(self.summary_button)
        self.layout_.addLayout(below)
        # shown or hidden once in the page: a parentless widget made visible is a window of its own,
        # which takes the focus from the main window (its shortcuts, Ctrl+Z, stop working)
        self.summary_button.setVisible(bool(document.form.summary))
        self.standard: QLabel | None = None
        # the 前言: what prints when the box stays empty, in full (a placeholder shows only one line)
        if self.section.role is SectionRole.PREFACE:
            self.layout_.addWidget(hint_label("不填时，导出的报告开头是这一段（按基本信息自动写出）："))
            self.standard = QLabel()
            self.standard.setWordWrap(True)
            self.standard.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.standard.setFrameShape(QFrame.Shape.StyledPanel)
            self.standard.setMargin(8)
            self.layout_.addWidget(self.standard)
        self.findings = FindingsPanel(lines=3)
        self.findings.finding_activated.connect(self.show_finding)
        self.layout_.addWidget(self.findings)
        # the standard opening follows the identity fields; a figure matters only through the findings;
        # last year's text follows the choice of last year's report
        self.follow(lambda changes: changes.findings or changes.identity or bool(changes.info) or changes.last)
        mine = TextField(TextKind.SECTION, self.section.key)
        document.text_set.connect(lambda field: self._update_count() if field == mine else None)
        self._update_count()

    def _text_changed(self) -> None:
        self.document.set_section(self.section.key, self.editor.text())
        self._update_count()

    def _insert_summary(self) -> None:
        """The tables' key figures as a passage at the caret (replacing a selection): ordinary text, one
        undo step of its own (forms.summary words it from the format file)."""
        self.document.end_typing()
        self.editor.textCursor().insertText(build_summary(self.document.report))
        self.document.end_typing()
        self.editor.setFocus()

    def _show_last_year(self) -> None:
        """Last year's text of this section beside the editor (when there is one), and the note over a
        section that is still last year's text as carried."""
        last = self.document.last
        text = last.section_text(self.section.key) if last is not None else ""
        self.last_pane.set_text(text)
        self.last_pane.setVisible(bool(text.strip()))
        self.carried_note.setVisible(self.section.key in self.document.report.carried_text)

    def _update_count(self) -> None:
        text = self.editor.text()
        paragraphs = len([line for line in text.split("\n") if line.strip()])
        chars = len("".join(text.split()))
        self.count.setText(f"{chars}字，{paragraphs}段" if text.strip() else
                           ("可以不填。" if self.section.optional else "还没有填写。"))
        self.carried_note.setVisible(self.section.key in self.document.report.carried_text)

    def refresh(self) -> None:
        if self.standard is not None:   # the standard opening follows the identity fields
            self.standard.setText(self.document.report.standard_preface())
        self.findings.set_findings([f for f in self.document.result.findings if self.page.shows(f)])
        self._show_last_year()

    def focus_first(self) -> None:
        self.editor.setFocus()
