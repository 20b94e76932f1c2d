"""A page with one official table (or one block of it): the table as printed, editable like a
spreadsheet, with the findings about its cells underneath and, where the format has it, the
optional text printed before the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from forms.layout import grid
from forms.paste import PasteReport, Tone

from .. import style
from ..findings_panel import FindingsPanel
from ..prose_editor import ProseEditor
from ..sheet_view import SheetView
from ..table_model import ReportTableModel
from . import WizardPage, down_only, message_label, show_message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from forms.expr import Cell

    from ..document import Changes, ReportDocument
    from ..page_plan import Page



# The most of the table's and panel's height the panel under the table takes by itself (the user may
# drag it further); with a message, the findings get less.
_FINDINGS_SHARE = 0.4
# How many lines the panel under the table must have free before it gives them back to the table.
_SHRINK_LINES = 4
# The lines of a paste's message in sight at once; the rest scrolls.
_MESSAGE_LINES = 6
# The lines of the text before a table in sight at once (it grows to this as lines are typed).
_PROSE_LINES = 6
_TONE_COLOURS = {Tone.CHECK: style.WARNING_FG, Tone.REFUSED: style.ERROR_FG}     # DONE: the page's own text colour


def _message_area(label: QLabel) -> QScrollArea:
    """The message under the table in a scrollable area: a long list (30 refused cells) is there in
    full without pushing the table off the page."""
    area = down_only(QScrollArea())
    area.setWidget(label)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.show()
    area.hide()
    return area


class TablePage(WizardPage):
    scrolls = False         # the table scrolls itself; the parts around it are bounded (_fit_below)

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
        self.message_area = _message_area(self.message)
        self._paste_shown = False               # the message is a paste's: it goes with the next change
        self.findings = FindingsPanel(lines=3)
        self.view.message.connect(self._show_message)
        self.view.pasted.connect(self._show_paste)
        self.view.typing.connect(self.typing)
        self.findings.finding_activated.connect(self.show_finding)

        below = self.below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.message_area)
        below_layout.addWidget(self.findings, 1)
        self.prose: ProseEditor | None = None
        if page.prose_key is not None:
            below_layout.addWidget(QLabel("表格前的说明文字（可不填，导出时印在表格前面）："))
            self.prose = ProseEditor(document.report.sections.get(page.prose_key, ""))
            self.prose.textChanged.connect(self._prose_changed)
            self.prose.follow(document, page.prose_key)     # undo and redo put the text back here
            self.prose.setPlaceholderText("可不填")
            # typed, pasted or put back by undo (which sets the text without textChanged)
            self.prose.document().contentsChanged.connect(self._fit_prose)
            below_layout.addWidget(self.prose)
        split = self.splitter = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(below)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        self._dragged = False                   # the user placed the splitter: the page leaves it there
        split.splitterMoved.connect(self._splitter_dragged)
        self.layout_.addWidget(split, 1)
        document.changed.connect(self._clear_paste_message)
        self.follow(lambda changes: changes.findings or (changes.identity and self.title is not None))

    def _fit_prose(self) -> None:
        """The text before the table as tall as its lines, one while empty, `_PROSE_LINES` at most (the
        rest scrolls): the optional box leaves the page to the table until there is something in it."""
        prose = self.prose
        if prose is None:
            return
        line = prose.fontMetrics().lineSpacing()
        content = prose.document().size().height() if prose.text() else 0
        inside = min(max(int(content + 0.5), line + 2 * int(prose.document().documentMargin())), _PROSE_LINES * line)
        height = inside + 2 * prose.frameWidth()
        if prose.height() != height or prose.minimumHeight() != height:
            prose.setFixedHeight(height)
            self._fit_below()

    def _prose_changed(self) -> None:
        if self.prose is not None and self.page.prose_key is not None:
            self.document.set_section(self.page.prose_key, self.prose.text())

    def _show_message(self, text: str) -> None:
        """What the view says of an entry (why it was refused), or nothing."""
        self._paste_shown = False
        show_message(self.message, text)
        self._message_shown()

    def _show_paste(self, report: PasteReport) -> None:
        """What a paste did: the head line and every point under it, in a scrollable area; neutral
        when everything went in, amber when something is to check, red when something did not go in."""
        show_message(self.message, report.text())
        palette = self.message.palette()
        palette.setColor(self.message.foregroundRole(), _TONE_COLOURS.get(report.tone) or self.palette().text().color())
        self.message.setPalette(palette)
        self.message_area.verticalScrollBar().setValue(0)
        self._message_shown()
        self._paste_shown = True

    def _clear_paste_message(self, changes: Changes) -> None:
        """A paste's message goes with the next change of the report (an entry, undo, a fix)."""
        if self._paste_shown and changes.content:
            self._show_message("")

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._paste_shown and not event.spontaneous():     # another page (not the window minimized)
            self._show_message("")

    def _message_shown(self) -> None:
        """The message area as tall as its text, up to `_MESSAGE_LINES` lines (the rest scrolls)."""
        area, label = self.message_area, self.message
        area.setVisible(bool(label.text()))
        if label.text():
            width = max(area.viewport().width(), self.splitter.width() - area.verticalScrollBar().sizeHint().width())
            most = label.fontMetrics().lineSpacing() * _MESSAGE_LINES + 8
            area.setFixedHeight(min(label.heightForWidth(width) + 2 * area.frameWidth(), most))
        self._fit_below()

    # --- the panel under the table ---------------------------------------------------------------------

    def _splitter_dragged(self, *_: int) -> None:
        self._dragged = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_prose()                       # the text wraps anew
        self._message_shown()                   # the message wraps anew, the panel's share follows

    def _fit_below(self) -> None:
        """Give the panel under the table the height its findings and message need, up to a share
        of the page (the rest scrolls); with few findings it keeps its least height, so the table
        does not jump as the user types. Once the user drags the splitter, it stays where put."""
        total = sum(self.splitter.sizes())
        if self._dragged or total <= 0:
            return
        message = self.message_area.height() if self.message_area.isVisible() else 0
        cap = int(total * _FINDINGS_SHARE) - message
        if cap != self.findings.cap:
            self.findings.cap = cap
            self.findings.updateGeometry()
        want = min(self.below.sizeHint().height(), total - self.view.minimumSizeHint().height())
        now = self.splitter.sizes()[1]
        # Grows at once; gives room back only when a good deal is free, not for a finding that comes
        # and goes with each keystroke (the table would jump as the user types).
        if want > now or now - want > self.findings.fontMetrics().lineSpacing() * _SHRINK_LINES:
            self.splitter.setSizes([total - want, want])

    def refresh(self) -> None:
        if self.title is not None:
            self.title.setText(self.table.title + (self.table.subtitle_for(self.document.report.year) or ""))
        self.findings.set_findings([f for f in self.document.result.findings if self.page.shows(f)])
        self._fit_below()

    def commit_edits(self) -> str | None:
        return None if self.view.commit_open_editor() else self.message.text()

    def typed_entry(self) -> tuple[Cell, str] | None:
        return self.view.typed()

    def select_cell(self, cell: Cell) -> bool:
        return self.view.select_cell(cell)

    def select_cells(self, cells: Sequence[Cell]) -> bool:
        return self.view.select_cells(cells)

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
