"""A page with one official table (or one block of it): the table as printed, editable like a
spreadsheet, with the findings about its cells underneath and, where the format has it, the
optional text printed before the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from forms.layout import grid

from ..findings_panel import FindingsPanel
from ..prose_editor import ProseEditor
from ..sheet_view import SheetView
from ..table_model import ReportTableModel
from . import WizardPage, message_label, show_message

if TYPE_CHECKING:
    from forms.expr import Cell

    from ..document import ReportDocument
    from ..page_plan import Page



class TablePage(WizardPage):
    def __init__(self, page: Page, document: ReportDocument, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        table = page.table
        if table is None:
            raise ValueError(f"{page.key}: a table page shows a table")
        self.table = table
        self.title: QLabel | None = None
        if table.subtitle:   # the gov-2014 table names its year under the title (it follows 报告年度)
            self.title = QLabel()
            self.layout_.addWidget(self.title)
        self.model = ReportTableModel(document, table, grid(table, document.form.computed_by_cell), self)
        self.view = SheetView()
        self.view.setModel(self.model)
        self.message = message_label()
        self.findings = FindingsPanel(lines=3)
        self.view.message.connect(self._show_message)
        self.view.typing.connect(self.typing)
        self.findings.finding_activated.connect(self.show_finding)

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.message)
        below_layout.addWidget(self.findings)
        self.prose: ProseEditor | None = None
        if page.prose_key is not None:
            below_layout.addWidget(QLabel("表格前的说明文字（可不填，导出时印在表格前面）："))
            self.prose = ProseEditor(document.report.sections.get(page.prose_key, ""))
            self.prose.textChanged.connect(self._prose_changed)
            self.prose.follow(document, page.prose_key)     # undo and redo put the text back here
            below_layout.addWidget(self.prose)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(below)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.layout_.addWidget(split, 1)
        self.follow(lambda changes: changes.findings or (changes.identity and self.title is not None))

    def _prose_changed(self) -> None:
        if self.prose is not None and self.page.prose_key is not None:
            self.document.set_section(self.page.prose_key, self.prose.text())

    def _show_message(self, text: str) -> None:
        """What the view says of an entry or a paste: green when everything pasted went in."""
        show_message(self.message, text, ok=text.startswith("已粘贴") and "没有填入" not in text)

    def refresh(self) -> None:
        if self.title is not None:
            self.title.setText(self.table.title + (self.table.subtitle_for(self.document.report.year) or ""))
        self.findings.set_findings([f for f in self.document.result.findings if self.page.shows(f)])

    def commit_edits(self) -> str | None:
        return None if self.view.commit_open_editor() else self.message.text()

    def typed_entry(self) -> tuple[Cell, str] | None:
        return self.view.typed()

    def select_cell(self, cell: Cell) -> bool:
        return self.view.select_cell(cell)

    def focus_first(self) -> None:
        """Start on the first input cell (or stay on the cell the user was on); back into a cell
        still being typed in, if there is one."""
        if self.view.focus_open_editor():
            return
        current = self.view.currentIndex()
        if not (current.isValid() and self.model.is_input(current)):
            first = self.model.first_input_cell()
            if first is not None:
                self.view.select_cell(first)
                return
        self.view.setFocus()
