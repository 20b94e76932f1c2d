"""What every export shares: the kinds of file we write, the rule that a report with errors is not
exported as final, and the draft mark that an export made anyway carries on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from forms.report import Report
from forms.rules import CheckResult, check
from forms.vocabulary import Vocabulary

DRAFT_MARK = "草稿（未通过校验）"


class ExportKind(Vocabulary):
    """A kind of file we write; the word is the file's extension."""

    WORD = "docx"
    EXCEL = "xlsx"

    @property
    def label(self) -> str:
        """The program's name, as messages say it: 已导出Word文件."""
        return "Word" if self is ExportKind.WORD else "Excel"

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def file_filter(self) -> str:
        """The file-type line of a save dialog."""
        return "Word 文档 (*.docx)" if self is ExportKind.WORD else "Excel 表格 (*.xlsx)"

    @property
    def writer(self) -> Callable[..., Path]:
        """write(report, path, mark=None) -> Path; raises forms.atomic.SaveError."""
        if self is ExportKind.WORD:
            from .docx_writer import write_docx
            return write_docx
        from .xlsx_writer import write_xlsx
        return write_xlsx


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
