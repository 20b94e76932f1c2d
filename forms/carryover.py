"""Starting this year's report from last year's: identity and contact are copied, the figures a
format declares under `carry_over` (上年结转 from last year's 结转下年度继续办理) are brought forward,
and a cell that a cross-year check can compute (the `fix` of a `needs: last` check: 现行有效件数 from
R7, last year's + 本年制发 − 本年废止) is pre-filled as a suggestion the clerk may overwrite.

One plan (`plan_carry`) serves a new report made on the start page and last year's draft chosen later
on 基本信息, so both fill exactly the same; on a report already begun it fills only what is blank and
names the cells filled differently (`conflicts`) instead of overwriting them.

A new report (`new_report`, `python main.py new`) also starts each section from last year's text of the
same section (`prose=True`), marked in `Report.carried_text` until it is edited. From an older format,
what maps by key (table, row, column; section) is carried and what does not is listed (`not_carried`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .definition import Form, SectionRole
from .expr import Cell, Linear, Number
from .loader import form_for_year
from .numbers import format_value
from .report import INFO_FIELDS, Report

# The date is this year's own; the rest of the contact block rarely changes.
_INFO_CARRIED = ("address", "postcode", "phone", "email")


@dataclass
class CarryOver:
    """What last year's report brings into this year's: the blanks it fills, and the cells this year's
    report already holds a different figure in (this year's, last year's)."""

    organ: str | None = None
    info: dict[str, str] = field(default_factory=dict)
    values: dict[Cell, Number] = field(default_factory=dict)
    conflicts: dict[Cell, tuple[Number, Number]] = field(default_factory=dict)
    groups: dict[str, list[Cell]] = field(default_factory=dict)     # what the cells are, in words: cells
    sections: dict[str, str] = field(default_factory=dict)          # last year's text for the blank sections
    not_carried: list[str] = field(default_factory=list)            # what last year's format could not give

    def summary(self, overwrite: bool = False) -> list[str]:
        """What it fills, in the words of the page (机关名称, 表三“二、上年结转……”（6个单元格）, 联系电话)."""
        parts = ["机关名称"] if self.organ else []
        for what, cells in self.groups.items():
            count = sum(1 for c in cells if c in self.values or (overwrite and c in self.conflicts))
            if count:
                parts.append(f"{what}（{count}个单元格）")
        parts += [INFO_FIELDS[key] for key in self.info]
        if self.sections:
            parts.append(f"正文{len(self.sections)}个部分（上年原文，请改写）")
        return parts

    def conflict_lines(self, form: Form) -> str:
        """The figures filled differently, one a line: where, this year's, last year's."""
        return "\n".join(f"{form.place(c)}：本年已填{format_value(mine)}，按上年报告应为{format_value(theirs)}"
                         for c, (mine, theirs) in self.conflicts.items())

    def message(self, form: Form, overwrite: bool = False) -> str:
        """What the page says once it is done: what was filled, and the figures left as they were."""
        filled = self.summary(overwrite)
        said = f"已从上年报告填入：{'、'.join(filled)}。" if filled else \
            "已选择上年报告，本年报告里没有需要从上年填入的内容。"
        if self.conflicts and not overwrite:
            kept = "；".join(f"{form.place(c)}（本年{format_value(mine)}，上年报告推算为{format_value(theirs)}）"
                            for c, (mine, theirs) in self.conflicts.items())
            said += f"以下{len(self.conflicts)}个单元格本年已填的数字与上年报告不同，保留了本年的数字，请核对：{kept}。"
        return said

    def apply(self, report: Report, overwrite: bool = False) -> list[Cell]:
        """Fill `report` (and, with `overwrite`, replace the differing figures); returns the cells set."""
        if self.organ:
            report.set_organ(self.organ)
        for key, text in self.info.items():
            report.set_info(key, text)
        cells = dict(self.values)
        if overwrite:
            cells.update({c: mine_theirs[1] for c, mine_theirs in self.conflicts.items()})
        for cell, value in cells.items():
            report.set(cell, value)
        for key, text in self.sections.items():
            report.set_section(key, text)
            report.carried_text.add(key)        # last year's text until the clerk changes it
        return list(cells)


def new_report(organ: str, year: int, form: Form | None = None, last: Report | None = None) -> Report:
    """A new, empty report for `year` (its format by default from the year), pre-filled from `last`,
    each section starting from last year's text (marked as such)."""
    form = form or form_for_year(year)
    report = Report(form=form, organ=organ.strip(), year=year)
    if last is not None:
        plan_carry(last, report, prose=True).apply(report)
    return report


def carry_forward(last: Report, report: Report) -> list[Cell]:
    """Fill the blanks of `report` from `last`; returns cells set."""
    return plan_carry(last, report).apply(report)


def plan_carry(last: Report, report: Report, prose: bool = False) -> CarryOver:
    """What `last` would fill in `report` (nothing is changed); with `prose`, last year's text of each
    section this year's report leaves blank too."""
    carry = CarryOver(organ=last.organ if not report.organ.strip() and last.organ else None,
                      info={k: last.info[k] for k in _INFO_CARRIED if last.info.get(k) and not report.info.get(k)},
                      not_carried=_unmapped_figures(last, report))
    if prose:
        carry.sections, unmapped = _carried_prose(last, report)
        carry.not_carried[:0] = unmapped
    for what, proposed in [*_carried(last, report), *_suggested(last, report)]:
        carry.groups.setdefault(what, [])
        for cell, value in proposed.items():
            mine = report.value(cell)
            if mine is None:
                carry.values[cell] = value
            elif mine != value:
                carry.conflicts[cell] = (mine, value)
            else:
                continue
            carry.groups[what].append(cell)
    return carry


def _carried_prose(last: Report, report: Report) -> tuple[dict[str, str], list[str]]:
    """Last year's text of each section, by key, for this year's blank sections; and the sections
    with text that this year's format has no prose for. A 前言 that is last year's standard opening
    is not carried: the standard one is written afresh, with this year's dates."""
    texts: dict[str, str] = {}
    unmapped: list[str] = []
    for section in last.form.sections:
        text = last.section_text(section.key).strip()
        if not text or (section.role is SectionRole.PREFACE and text == last.standard_preface()):
            continue
        mine = report.form.section_by_key.get(section.key)
        if mine is None or not mine.has_prose:
            unmapped.append(f"“{section.heading}”：{report.form.short_name}没有这一部分的正文，没有带入")
        elif not report.section_text(section.key).strip():
            texts[section.key] = last.section_text(section.key)
    return texts, unmapped


def _unmapped_figures(last: Report, report: Report) -> list[str]:
    """The carried figures (上年结转, the suggested 现行有效件数) that last year's format has no cell for."""
    why = f"上年报告的{last.form.short_name}没有对应的栏目"
    lines = []
    for table_key, from_row, to_row in report.form.carry_over:
        table, last_table = report.form.tables[table_key], last.form.tables.get(table_key)
        missing = [c for c in table.row(to_row).columns if not report.form.is_computed(Cell(table_key, to_row, c))
                   and (last_table is None or not last_table.has_cell(from_row, c))]
        if missing:
            lines.append(f"{table.short}“{table.row(to_row).label}”：{why}，没有带入")
    for target, expression in suggestions(report.form):
        if not _in_format(last, expression):
            lines.append(f"{report.form.place(target)}：{why}，没有推算，请按实际填写")
    return lines


def _carried(last: Report, report: Report) -> list[tuple[str, dict[Cell, Number]]]:
    """The format's `carry_over` rows: last year's figure in this year's row, per column both have."""
    groups = []
    for table_key, from_row, to_row in report.form.carry_over:
        table = report.form.tables[table_key]
        last_table = last.form.tables.get(table_key)
        if last_table is None:
            continue
        proposed = {}
        for column in table.row(to_row).columns:
            target = Cell(table_key, to_row, column)
            if report.form.is_computed(target) or not last_table.has_cell(from_row, column):
                continue
            value = last.value(Cell(table_key, from_row, column))
            if value is not None:
                proposed[target] = value
        groups.append((f"{table.short}“{table.row(to_row).label}”", proposed))
    return groups


def suggestions(form: Form) -> list[tuple[Cell, Linear]]:
    """The cells cross-year checks compute (their `fix`: R7's 现行有效件数), with the computation."""
    return [compare.fix for compare in form.compares
            if compare.needs_last and compare.fix is not None and not form.is_computed(compare.fix[0])]


def _in_format(last: Report, expression: Linear) -> bool:
    """Whether last year's format has a cell for every figure `expression` takes from it."""
    return all(c.table in last.form.tables and last.form.tables[c.table].has_cell(c.row, c.column)
               for c in expression.cells if c.last)


def _computable(last: Report, expression: Linear) -> bool:
    """Whether last year's report has every figure `expression` takes from it."""
    return _in_format(last, expression) and all(last.value(Cell(c.table, c.row, c.column)) is not None
                                                for c in expression.cells if c.last)


def _suggestion(last: Report, expression: Linear, value_of: Callable[[Cell], Number | None]) -> Number:
    """The suggested figure; this year's blanks count as 0 (nothing issued yet)."""
    value, _ = expression.evaluate(lambda c: last.value(Cell(c.table, c.row, c.column)) if c.last else value_of(c))
    return value


def _suggested(last: Report, report: Report) -> list[tuple[str, dict[Cell, Number]]]:
    """The suggestions where last year's report has what they take from it, in groups by column."""
    groups: dict[str, dict[Cell, Number]] = {}
    for target, expression in suggestions(report.form):
        if not _computable(last, expression):
            continue
        value = _suggestion(last, expression, report.value)
        if value >= 0:
            table = report.form.tables[target.table]
            groups.setdefault(f"{table.short}“{table.column(target.column).label}”", {})[target] = value
    return list(groups.items())


def follow_suggestions(suggested: list[tuple[Cell, Linear]], last: Report, report: Report,
                       before: Mapping[Cell, Number | None]) -> dict[Cell, Number]:
    """After the figures in `before` changed (it holds what they were): the suggested cells that
    still hold the suggestion made from the old figures, with the new one. A figure the clerk typed
    there instead, or a blank, stays as it is. `suggested`: `suggestions(report.form)`."""
    follows: dict[Cell, Number] = {}
    for target, expression in suggested:
        if target in before or not any(c in before for c in expression.cells) or not _computable(last, expression):
            continue
        old = _suggestion(last, expression, lambda c: before[c] if c in before else report.value(c))
        new = _suggestion(last, expression, report.value)
        if new != old and new >= 0 and report.value(target) == old:
            follows[target] = new
    return follows


def last_mismatch(year: int | None, organ: str, last: Report) -> str:
    """Why `last` may not be last year's report of this organ (its year is not `year` − 1, its organ
    another), in the words asked before it fills anything; empty when it is. The same test as the
    check's LAST warnings, said before the fill rather than after."""
    said = []
    if year is not None and last.year is not None and last.year != year - 1:
        said.append(f"所选草稿是{last.year}年度的，不是上一年度（{year - 1}）的报告。")
    mine, theirs = organ.strip(), last.organ.strip()
    if mine and theirs and mine != theirs:
        said.append(f"所选草稿是“{theirs}”的报告，不是“{mine}”的。")
    return "".join(said)
