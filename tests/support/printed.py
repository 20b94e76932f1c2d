"""What a printed report must give back when it is read: the figures of every printed row and the
lines of every prose section (the readers of Word, web pages and PDF are tested against them)."""

from __future__ import annotations

from forms.layout import Role, grid, printed_value
from forms.numbers import format_value
from forms.report import Report


def printed_rows(report: Report) -> list[tuple[str, ...]]:
    """The figures of every printed row of the report's tables, as they print."""
    rows = []
    for table in report.form.tables.values():
        for row in grid(table, report.form.computed_by_cell).rows():
            figures = tuple(format_value(printed_value(report, c.cell), kind=report.form.kind_of(c.cell))
                            for c in row if c.role in (Role.VALUE, Role.COMPUTED) and c.cell is not None)
            if figures:
                rows.append(figures)
    return rows


def holds(row: tuple[str, ...], figures: tuple[str, ...]) -> bool:
    """Whether `row` ends with `figures` (the label cells before them)."""
    return row[len(row) - len(figures):] == figures


def missing_rows(report: Report, read: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The printed rows of figures that no row read back ends with."""
    return [figures for figures in printed_rows(report) if not any(holds(row, figures) for row in read)]


def prose_keys(report: Report) -> list[str]:
    return [s.key for s in report.form.sections if s.has_prose and s is not report.form.preface]


def prose_lines(report: Report) -> list[str]:
    """Every paragraph of the prose as printed: the preface's and each section's."""
    lines = [line for key in prose_keys(report) for line in report.section_text(key).split("\n") if line]
    return lines + [line for line in report.preface().split("\n") if line]
