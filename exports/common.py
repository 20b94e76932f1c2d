"""What every export shares: the rule that a report with errors is not exported as final, and the
draft mark that an export made anyway carries on every page.
"""

from __future__ import annotations

from forms.report import Report
from forms.rules import CheckResult, check

DRAFT_MARK = "草稿（未通过校验）"


class ExportRefused(Exception):
    """The report has errors and a final (not draft) export was asked for."""

    def __init__(self, result: CheckResult):
        self.result = result
        super().__init__(f"报告还有{len(result.errors)}个错误，不能导出正式稿。请先改正这些错误，"
                         f"或者选择导出草稿（每页页眉标注“{DRAFT_MARK}”）。")

    def __str__(self) -> str:
        return self.args[0]


def prepare_export(report: Report, draft: bool = False, last: Report | None = None) -> str | None:
    """Check the report before writing it. Returns the mark to print in every page header
    (None for a clean report); raises ExportRefused when it has errors and `draft` is False.
    Warnings never block."""
    result = check(report, last)
    if not result.errors:
        return None
    if not draft:
        raise ExportRefused(result)
    return DRAFT_MARK
