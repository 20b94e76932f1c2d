"""Starting this year's report from last year's: identity and contact are copied, and the figures a
format declares under `carry_over` (上年结转 from last year's 结转下年度继续办理) are brought forward.
"""

from __future__ import annotations

from .definition import Form
from .expr import Cell
from .loader import form_for_year
from .report import Report

# The date is this year's own; the rest of the contact block rarely changes.
_INFO_CARRIED = ("address", "postcode", "phone", "email")


def new_report(organ: str, year: int, form: Form | None = None, last: Report | None = None) -> Report:
    """A new, empty report for `year` (its format by default from the year), pre-filled from `last`."""
    form = form or form_for_year(year)
    report = Report(form=form, organ=organ.strip(), year=year)
    if last is not None:
        carry_forward(last, report)
    return report


def carry_forward(last: Report, report: Report) -> list[Cell]:
    """Copy contact details and carried-over figures from `last` into `report`; returns cells set."""
    for key in _INFO_CARRIED:
        if last.info.get(key) and not report.info.get(key):
            report.info[key] = last.info[key]
    if not report.organ and last.organ:
        report.organ = last.organ
    changed = []
    for table_key, from_row, to_row in report.form.carry_over:
        table = report.form.tables[table_key]
        last_table = last.form.tables.get(table_key)
        if last_table is None:
            continue
        for column in table.row(to_row).columns:
            target = Cell(table_key, to_row, column)
            if report.form.is_computed(target) or not last_table.has_cell(from_row, column):
                continue
            value = last.value(Cell(table_key, from_row, column))
            if value is not None:
                report.set(target, value)
                changed.append(target)
    return changed
