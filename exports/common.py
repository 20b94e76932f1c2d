"""What every export shares: the kinds of file we write, the rule that a report with errors is not
exported as final, the draft mark that an export made anyway carries on every page, and how a total
stated in the report that disagrees with its parts is printed (as stated, marked — never corrected).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from forms.expr import Cell
from forms.numbers import format_value
from forms.report import Report
from forms.rules import CheckResult, check
from forms.vocabulary import Vocabulary

if TYPE_CHECKING:
    from .typesetting import Typesetting

DRAFT_MARK = "草稿（未通过校验）"
# The Excel export's sheet of this year's key figures beside last year's: the reader skips it (its
# labels and figures are last year's too, never this report's).
COMPARE_SHEET = "上年对照"
# The light shade of a cell that prints a stated total its parts do not add up to (Word's w:shd fill
# and Excel's fill, RRGGBB): light enough to read the figure on, visible on screen and on paper.
STATED_SHADE = "FFC7CE"
_BLANK_SHOWN = "空白"


class ExportKind(Vocabulary):
    """A kind of file we write; the word is the file's extension."""

    WORD = "docx"
    EXCEL = "xlsx"
    PDF = "pdf"         # our Word file printed by LibreOffice or WPS on this PC (exports.pdf_writer)

    @property
    def label(self) -> str:
        """The program's name, as messages say it: 已导出Word文件."""
        return {"docx": "Word", "xlsx": "Excel", "pdf": "PDF"}[self.value]

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def word_fonts(self) -> bool:
        """Whether the Word file's fonts make the file: Word's, and the PDF printed from it."""
        return self in (ExportKind.WORD, ExportKind.PDF)

    @property
    def file_filter(self) -> str:
        """The file-type line of a save dialog."""
        return {"docx": "Word 文档 (*.docx)", "xlsx": "Excel 表格 (*.xlsx)", "pdf": "PDF 文件 (*.pdf)"}[self.value]

    @property
    def writer(self) -> Callable[..., Path]:
        """write(report, path, mark=None) -> Path; raises forms.atomic.SaveError."""
        if self is ExportKind.WORD:
            from .docx_writer import write_docx
            return write_docx
        if self is ExportKind.PDF:
            from .pdf_writer import write_pdf
            return write_pdf
        from .xlsx_writer import write_xlsx
        return write_xlsx

    def write(self, report: Report, path: str | Path, mark: str | None = None,
              last: Report | None = None, fonts: Typesetting | None = None) -> Path:
        """Write `report` as this kind of file; `last` (last year's report, as `prepare_export` takes
        it) adds the Excel workbook's 上年对照 sheet (a Word report has no place for it); `fonts`: the
        Word file's typesetting (the settings' fonts; the official ones when None), and so the PDF's."""
        if self is ExportKind.EXCEL:
            return self.writer(report, path, mark, last)
        return self.writer(report, path, mark=mark, fonts=fonts)


class ExportRefused(Exception):
    """The report has errors and a final (not draft) export was asked for."""

    def __init__(self, result: CheckResult):
        self.result = result
        super().__init__(f"报告还有{len(result.errors)}个错误，不能导出正式稿。请先改正这些错误，"
                         f"或者选择导出草稿（每页页眉标注“{DRAFT_MARK}”）。")

    def __str__(self) -> str:
        return self.args[0]


def prepare_export(report: Report, draft: bool = False, last: Report | None = None,
                   result: CheckResult | None = None) -> str | None:
    """Check the report before writing it — or take `result`, the findings the caller already has
    for this report as it is now. Returns the mark to print in every page header (None for a clean
    report); raises ExportRefused when it has errors and `draft` is False. Warnings never block."""
    if result is None:
        result = check(report, last)
    if not result.errors:
        return None
    if not draft:
        raise ExportRefused(result)
    return DRAFT_MARK


@dataclass(frozen=True)
class StatedTotal:
    """A total the report states (from a draft file or a workbook) that its parts do not add up to.
    The exports print `stated` — what the report says — and mark the cell: a draft that corrected it
    silently would hide the very error the checks report, and lose it on the way back in."""

    stated: int | Decimal | None
    computed: int | Decimal | None

    @property
    def note(self) -> str:
        """What Excel's comment on the cell says; starts with `stated_note_start(self.stated)`."""
        return (f"{stated_note_start(self.stated)}按各分项计算应为{_shown(self.computed)}。"
                f"请核对各分项，改正后再导入年报通。")


def _shown(value: int | Decimal | None) -> str:
    return _BLANK_SHOWN if value is None else format_value(value)


def stated_note_start(stated: int | Decimal | None) -> str:
    """The words a stated total's note starts with: how a reader of our own workbook knows an empty
    total cell was a stated blank, not a total left to compute."""
    return f"原来填的是{_shown(stated)}，"


def stated_total(report: Report, cell: Cell) -> StatedTotal | None:
    """The cell's stated total when it disagrees with its parts (the ones forms.rules reports as
    errors); None for every other cell, which prints its value."""
    disagreeing = report.disagreeing_total(cell)     # per cell: every figure of an export asks
    return StatedTotal(*disagreeing) if disagreeing else None
