"""A page for one section of prose: the section's heading and hint over a text box bound to
`report.sections` (paragraphs are lines), with the findings about this text underneath."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from forms.definition import SectionRole

from ..commands import TextField, TextKind
from ..findings_panel import FindingsPanel
from ..prose_editor import ProseEditor
from . import WizardPage, hint_label

if TYPE_CHECKING:
    from ..document import ReportDocument
    from ..page_plan import Page



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
        self.layout_.addWidget(self.editor, 1)
        self.count = hint_label("")
        self.layout_.addWidget(self.count)
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
        # the standard opening follows the identity fields; a figure matters only through the findings
        self.follow(lambda changes: changes.findings or changes.identity or bool(changes.info))
        mine = TextField(TextKind.SECTION, self.section.key)
        document.text_set.connect(lambda field: self._update_count() if field == mine else None)
        self._update_count()

    def _text_changed(self) -> None:
        self.document.set_section(self.section.key, self.editor.text())
        self._update_count()

    def _update_count(self) -> None:
        text = self.editor.text()
        paragraphs = len([line for line in text.split("\n") if line.strip()])
        chars = len("".join(text.split()))
        self.count.setText(f"{chars}字，{paragraphs}段" if text.strip() else
                           ("可以不填。" if self.section.optional else "还没有填写。"))

    def refresh(self) -> None:
        if self.standard is not None:   # the standard opening follows the identity fields
            self.standard.setText(self.document.report.standard_preface())
        self.findings.set_findings([f for f in self.document.result.findings if self.page.shows(f)])

    def focus_first(self) -> None:
        self.editor.setFocus()
