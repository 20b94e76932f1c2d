"""汇总: many units' reports of one format and year added up into one report of that format.

The office that collects its departments' and townships' reports adds their tables up for the area's
own report. `Merge` takes the units one at a time (`add`) and keeps running sums of the input cells
only — never the reports — so memory stays flat in the number of units; the summary is an ordinary
`Report` whose computed cells and checks work as for any other (a blank cell of every unit stays
blank, a blank and a 5 make 5, 万元 amounts are `Decimal`s and add exactly). Nothing here reads a
file: the caller reads each unit (exports.report_reader) and says what could not be read.

What each unit contributed is kept as one small `UnitRow` (its key figures, its own findings): the
figures are those of the format's `compare:` list whose keys are in `UNIT_FIGURES` — the same keys
name the same figure in every format, so no label is matched here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .definition import Form, KeyFigure, Severity
from .expr import Cell, Number
from .labels import normalise
from .report import Report
from .rules import check

# The key figures of each unit's row (keys of the formats' `compare.figures`): 新收, 办结, 结转下年度,
# 行政复议, 行政诉讼.
UNIT_FIGURES = ("new_received", "processed", "carried_forward", "admin_review", "suits")
PLACEHOLDER_ORGAN = "（汇总单位名称）"
NO_PROSE_NOTE = "文件中没有正文，只检查了数字"
_FILES_SHOWN = 10          # a group of files in a message names this many, then says how many more


@dataclass(frozen=True)
class UnitRow:
    """One unit as merged: where it came from, its key figures (None: blank), its own findings, and
    whether it was added in (not when its organ was already summed from another file)."""

    source: str
    organ: str
    figures: tuple[Number | None, ...]
    errors: int
    warnings: int
    summed: bool = True
    note: str = ""

    @property
    def check_words(self) -> str:
        """Whether its own report passed its checks: 通过, or 错误N处、提醒N处."""
        if not self.errors and not self.warnings:
            return "通过"
        words = [f"错误{self.errors}处"] if self.errors else []
        return "、".join(words + ([f"提醒{self.warnings}处"] if self.warnings else []))


def unit_figures(form: Form) -> tuple[KeyFigure, ...]:
    """The key figures of a unit's row in `form`, in the order of UNIT_FIGURES (those it has)."""
    by_key = {figure.key: figure for figure in form.compare.figures} if form.compare else {}
    return tuple(by_key[key] for key in UNIT_FIGURES if key in by_key)


def figure_value(figure: KeyFigure, report: Report) -> Number | None:
    """The figure's value in `report`: None when every cell it adds is blank."""
    total, blanks = figure.value.evaluate(report.value)
    return None if blanks == len(figure.value.terms) else total


def group_name(form: Form, year: int | None) -> str:
    """A format and year as messages name them: 2021年版格式、2025年度."""
    return f"{form.short_name}、{year}年度" if year else f"{form.short_name}、未写明年度"


@dataclass
class Merge:
    """The running sums of the units added so far (see the module's docstring)."""

    form: Form | None = None
    year: int | None = None
    sums: dict[Cell, Number] = field(default_factory=dict)
    units: list[UnitRow] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    # (form id, year) -> (its name in messages, the files of that format and year): only names are kept
    groups: dict[tuple[str, int | None], tuple[str, list[str]]] = field(default_factory=dict)
    _organs: dict[str, str] = field(default_factory=dict)      # normalised organ -> the file summed

    @property
    def figures(self) -> tuple[KeyFigure, ...]:
        return unit_figures(self.form) if self.form is not None else ()

    def add(self, report: Report, source: str) -> UnitRow | None:
        """Add one unit's report (read from `source`, as messages name the file). A report of another
        format or year than the first is not summed (`refusal` says which files are which): None."""
        if self.form is None:
            self.form, self.year = report.form, report.year
        group = self.groups.setdefault((report.form.id, report.year),
                                       (group_name(report.form, report.year), []))
        group[1].append(source)
        if (report.form.id, report.year) != (self.form.id, self.year):
            return None
        findings = check(report).findings
        note = ""
        if not any(report.sections.values()):
            # a workbook carries the tables only: its missing prose is no fault of the unit's figures
            findings = [f for f in findings if f.section is None]
            note = NO_PROSE_NOTE
        errors = sum(f.severity is Severity.ERROR for f in findings)
        row = UnitRow(source, report.organ, tuple(figure_value(f, report) for f in self.figures),
                      errors, len(findings) - errors, note=note)
        first = self._organs.get(normalise(report.organ)) if report.organ.strip() else None
        if first is not None:
            self.duplicates.append(f"“{report.organ}”的报告有两份：“{first}”和“{source}”。只计入了“{first}”，"
                                   f"请确认哪一份是最终稿，删去另一份后重新汇总。")
            note = "；".join(filter(None, (f"与“{first}”重复，未计入汇总", note)))
            row = UnitRow(row.source, row.organ, row.figures, row.errors, row.warnings, summed=False, note=note)
        else:
            self._organs[normalise(report.organ)] = source
            self._add_values(report)
        self.units.append(row)
        return row

    def _add_values(self, report: Report) -> None:
        """Add the unit's input cells to the sums: a blank adds nothing, so blank + blank stays blank."""
        sums = self.sums
        for cell, value in report.values.items():
            sums[cell] = sums[cell] + value if cell in sums else value

    def refusal(self) -> str | None:
        """Why the units cannot be merged (formats or years differ: each group with its files), or None."""
        if len(self.groups) < 2:
            return None
        lines = ["这些报告的格式或年度不同，不能汇总在一起："]
        for name, files in self.groups.values():
            shown = "、".join(f"“{f}”" for f in files[:_FILES_SHOWN])
            more = f"等{len(files)}个文件" if len(files) > _FILES_SHOWN else ""
            lines.append(f"  {name}：{shown}{more}")
        lines.append("请只选择同一年度、同一格式的报告（可以分别放在不同的文件夹里），分别汇总。")
        return "\n".join(lines)

    def with_errors(self) -> list[UnitRow]:
        """The units summed whose own report has errors (they are summed all the same: listed to check)."""
        return [row for row in self.units if row.summed and row.errors]

    def summary(self, organ: str | None) -> Report:
        """The summed report: `organ` (None: a placeholder the office is asked to replace), the year and
        format of the units, no prose (the sections are the office's to write)."""
        if self.form is None:
            raise ValueError("没有可以汇总的报告。")
        return Report(form=self.form, organ=organ or PLACEHOLDER_ORGAN, year=self.year, values=dict(self.sums))
