"""The rules engine: runs a format's checks over a report and says, in plain Chinese, what is wrong
and what to do about it.

Comparison rules come from the format file (left side, operator, right side, severity, what a blank
means — as DHIS2 validation rules). A few kinds of check need logic of their own and are named by
type in the format file: cell values (R5), blank cells (R9), figures quoted in the prose (R8), a
prose mention that a figure requires (R10), implausible figures — many times last year's (`jump`,
P1) or above a bound (`ceiling`, P2, P3), the signs of digits run together — and prose that repeats
last year's (`prose_repeat`, P4). Totals stated in a file that disagree with their parts are always
reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from os.path import commonprefix

from .definition import (
    BlankPrint,
    BlankStrategy,
    CellKind,
    CheckType,
    Compare,
    ProseFigure,
    ProseNeed,
    Section,
    SectionRole,
    Severity,
    SpecialCheck,
)
from .expr import Cell, Number
from .numbers import MAX_DIGITS, check_value, format_value
from .report import Report, parse_date, printed_date

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MAX_LISTED = 6


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    cells: tuple[Cell, ...] = ()
    section: str | None = None
    fix: tuple[Cell, Number] | None = None   # set this cell to this value to satisfy the rule
    values: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def severity_label(self) -> str:
        return self.severity.label

    def to_json(self, report: Report) -> dict:
        data = {"rule": self.rule, "severity": self.severity, "severity_label": self.severity_label,
                "message": self.message, "cells": [str(c) for c in self.cells],
                "places": [report.form.place(c) for c in self.cells],
                "values": {k: _json_value(v) for k, v in self.values.items()}}
        if self.section:
            data["section"] = self.section
        if self.fix:
            data["fix"] = {"cell": str(self.fix[0]), "value": _json_value(self.fix[1])}
        return data


@dataclass
class CheckResult:
    findings: list[Finding]
    skipped: list[tuple[str, str]]           # (rule, why it did not run)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def _json_value(value):
    if isinstance(value, Decimal):
        return format_value(value)
    return value


def _fill(template: str, fields: dict) -> str:
    return _PLACEHOLDER.sub(lambda m: str(fields.get(m.group(1), m.group(0))), template)


def check(report: Report, last: Report | None = None) -> CheckResult:
    """Every finding on `report`; rules that need last year's report are skipped without `last`."""
    findings: list[Finding] = []
    skipped: list[tuple[str, str]] = []
    findings.extend(_identity(report))
    if last is not None:
        findings.extend(_last_year(report, last))
    # A value that cannot stand in its cell (R5) comes first: the sums it upsets follow from it.
    for special in report.form.specials:
        if special.type is CheckType.CELL_VALUES:
            findings.extend(_cell_values(report, special))
    findings.extend(_stated_totals(report))
    value_of = reader(report, last)
    for compare in report.form.compares:
        if compare.needs_last:
            reason = _cannot_compare_with_last(compare, report, last)
            if reason:
                if (compare.rule, reason) not in skipped:
                    skipped.append((compare.rule, reason))
                continue
        finding = _compare(report, compare, value_of, last)
        if finding:
            findings.append(finding)
    findings.extend(_run_specials(report, last, skipped))
    findings.extend(_unwritten_sections(report))
    return CheckResult(findings, skipped)


def reader(report: Report, last: Report | None = None) -> Callable[[Cell], Number | None]:
    """The value of any cell a comparison names: input, computed, or last year's (`last.` cells)."""
    values = report.values
    derived = report.derived()

    def value_of(cell: Cell) -> Number | None:
        if cell.last:       # only rules that need last year's report name it, and they need `last`
            assert last is not None
            return last.value(Cell(cell.table, cell.row, cell.column))
        return derived[cell] if cell in derived else values.get(cell)

    return value_of


def _run_specials(report: Report, last: Report | None, skipped: list[tuple[str, str]]) -> list[Finding]:
    """The built-in checks after R5; those that compare with last year's report are skipped (and the
    reason noted) without a usable one."""
    findings: list[Finding] = []
    for special in report.form.specials:
        if special.type is CheckType.CELL_VALUES:
            continue
        if special.type is CheckType.PROSE_REPEAT:      # a section still as carried needs no last year's
            findings.extend(_carried_sections(report, special))
        if not special.type.needs_last:
            findings.extend(_SPECIALS[special.type](report, special))
            continue
        reason = _last_unusable(report, last, special.type.compared_with_last)
        if reason is not None:
            if (special.rule, reason) not in skipped:
                skipped.append((special.rule, reason))
            continue
        assert last is not None
        findings.extend(_WITH_LAST[special.type](report, special, last))
    return findings


def _last_unusable(report: Report, last: Report | None, what: str = "与上年数字的核对") -> str | None:
    """Why last year's report cannot be compared with at all (none given, or of another year); `what`
    is what is skipped."""
    if last is None:
        return f"未提供上年报告，跳过{what}"
    if report.year is not None and last.year is not None and last.year != report.year - 1:
        return f"选作上年报告的是{last.year}年度的报告，不是{report.year - 1}年度，跳过{what}"
    return None


def _cannot_compare_with_last(compare: Compare, report: Report, last: Report | None) -> str | None:
    reason = _last_unusable(report, last)
    if reason is not None or last is None:
        return reason
    for cell in compare.left.cells + compare.right.cells:
        if cell.last:
            table = last.form.tables.get(cell.table)
            if table is None or not table.has_cell(cell.row, cell.column):
                return f"上年报告使用的格式（{last.form.short_name}）没有对应栏目，跳过与上年数字的核对"
    return None


def unmet(compare: Compare, value_of) -> tuple[Number, Number] | None:
    """(left, right) when `compare` fails on the values `value_of` gives; None when it holds or its
    blanks excuse it (the one reading of a comparison, for the check and for the typo search)."""
    left, left_blanks = compare.left.evaluate(value_of)
    right, right_blanks = compare.right.evaluate(value_of)
    blanks = left_blanks + right_blanks
    if blanks and compare.blank is not BlankStrategy.ZERO:
        count = len(compare.left.terms) + len(compare.right.terms)
        if compare.blank is BlankStrategy.SKIP_IF_ANY or blanks == count:
            return None
    return None if compare.op.holds(left, right) else (left, right)


def _compare(report: Report, compare: Compare, value_of, last: Report | None = None) -> Finding | None:
    sides = unmet(compare, value_of)
    if sides is None:
        return None
    left, right = sides
    fields = dict(compare.context, left=format_value(left), right=format_value(right))
    fix = _fix_offer(report, compare, value_of, last, fields) if compare.fix else None
    return Finding(rule=compare.rule, severity=compare.severity, message=_fill(compare.message, fields),
                   cells=compare.cells, fix=fix, values={"left": left, "right": right})


def _fix_offer(report: Report, compare: Compare, value_of, last: Report | None,
               fields: dict) -> tuple[Cell, Number] | None:
    """The value that satisfies the rule (shown as `{fix}` in its message), offered as 按建议修正 only
    when it could be true: never negative, never what a plausibility check would question — then the
    real mistake is a typo elsewhere, and a balancing figure would hide it (and carry into next year)."""
    assert compare.fix is not None
    target, expression = compare.fix
    fix_value, _ = expression.evaluate(value_of)
    shown = format_value(fix_value)
    fields["fix"] = shown
    if report.form.is_computed(target):
        return None
    if fix_value < 0:
        fields["fix"] = f"{shown}（负数不可能，说明前面的数字有误）"
        return None
    why = _implausible(report, last, target, fix_value)
    if why is not None:
        fields["fix"] = f"{shown}——但这个数不合常理（{why}），更可能是别处的数字填错了，请先查找笔误"
        return None
    return (target, fix_value)


_PLAUSIBILITY = (CheckType.JUMP, CheckType.CEILING)


def _implausible(report: Report, last: Report | None, cell: Cell, value: Number) -> str | None:
    """Why `value` in `cell` would draw a plausibility warning (P1–P3) on it or a total over it, or None.
    Only those figures are tested (a fix is weighed at every check of an unbalanced report)."""
    probe = report.copy()
    probe.set(cell, value)
    form = report.form
    figures = [cell]
    for computed in form.computed:
        if any(part in figures for part in computed.value.cells):
            figures.append(computed.cell)
    for special in form.specials:
        test = _plausibility_test(probe, special, last) if special.type in _PLAUSIBILITY else None
        if test is None:
            continue
        for figure_cell in figures:
            figure = probe.value(figure_cell)
            if figure_cell.table not in special.options["tables"] or not isinstance(figure, int):
                continue
            finding = test(figure_cell, figure) if form.kind_of(figure_cell) is CellKind.COUNT else None
            if finding is not None:
                return _reason(special, finding.values)
    return None


def _plausibility_test(report: Report, special: SpecialCheck, last: Report | None) -> _FigureTest | None:
    if special.type is CheckType.CEILING:
        return _ceiling_test(report, special)
    if last is None or _last_unusable(report, last) is not None:
        return None
    return _jump_test(report, special, last)


def _identity(report: Report) -> list[Finding]:
    findings = []
    if not report.organ.strip():
        findings.append(Finding("ID", Severity.ERROR,
                                "机关名称还没有填写。请填写发布报告的机关全称，如“某某市某某局”。"))
    if report.year is None:
        findings.append(Finding("ID", Severity.ERROR, "报告年度还没有填写。请填写报告所属的年度，如 2025。"))
    elif not report.form.applies_to(report.year):
        findings.append(Finding(
            "ID", Severity.WARNING,
            f"{report.year}年度的报告一般不用“{report.form.name}”（该格式适用于{report.form.years_text}）。"
            f"请确认选择的格式是否正确。"))
    findings.extend(_date(report))
    return findings


def _date(report: Report) -> list[Finding]:
    """The 成文日期 printed under the report: present, a real date, after the year it reports on."""
    text = (report.info.get("date") or "").strip()
    if not text:
        return [Finding("ID", Severity.WARNING,
                        "成文日期还没有填写（印在报告末尾机关名称下面）。请在“基本信息”中填写，如 "
                        f"{(report.year or 2025) + 1}-01-20。")]
    date = parse_date(text)
    if date is None:
        return [Finding("ID", Severity.WARNING, f"成文日期“{text}”不是有效的日期。请写成 2026-01-20 这样的形式。")]
    if report.year is not None and date.year <= report.year:
        return [Finding("ID", Severity.WARNING, f"成文日期{printed_date(text)}在{report.year}年度结束之前。年度报告应在"
                                       f"{report.year + 1}年1月1日以后成文，请核对日期。")]
    return []


def _last_year(report: Report, last: Report) -> list[Finding]:
    """Last year's report, chosen by hand, may be the wrong file: say so before its figures mislead."""
    findings = []
    if report.year is not None and last.year is not None and last.year != report.year - 1:
        findings.append(Finding(
            "LAST", Severity.WARNING,
            f"选作上年报告的是{last.year}年度的报告，本报告是{report.year}年度，上年应为{report.year - 1}年度。"
            f"请确认选择的上年草稿是否正确，否则与上年数字的核对没有意义。"))
    if report.organ.strip() and last.organ.strip() and report.organ.strip() != last.organ.strip():
        findings.append(Finding(
            "LAST", Severity.WARNING,
            f"上年报告的机关名称是“{last.organ.strip()}”，与本报告的“{report.organ.strip()}”不同。"
            f"如果机关改过名称可以忽略；否则请确认选择的上年草稿是否正确。"))
    return findings


def _unwritten(section: Section) -> str:
    """What to do about an empty section: its own example when "nothing to report" is a valid
    text there (the format file's `if_empty`), else only the page's hint to follow."""
    if section.if_empty:
        return (f"“{section.heading}”还没有写。请按这一部分的提示填写；确实没有可写的，也要写明"
                f"（如“{section.if_empty}”）。")
    return f"“{section.heading}”还没有写。请按这一部分页面上的提示填写，这一部分不能空着。"


def _unwritten_sections(report: Report) -> list[Finding]:
    """Every section the format requires has text: a published report with a bare heading is wrong."""
    findings = []
    for section in report.form.sections:
        required = section.prose is ProseNeed.REQUIRED and not section.optional
        if required and not report.sections.get(section.key, "").strip():
            findings.append(Finding("TEXT", Severity.ERROR, _unwritten(section), section=section.key))
    return findings


def _stated_totals(report: Report) -> list[Finding]:
    findings = []
    for cell, (stated, computed) in report.disagreeing_totals().items():
        rule = report.form.computed_by_cell[cell]
        shown = "空白" if stated is None else format_value(stated)
        should = "空白" if computed is None else format_value(computed)
        findings.append(Finding(
            rule.rule, Severity.ERROR,
            f"{report.form.place(cell)}原来填的是{shown}，按各分项计算应为{should}（{rule.description}）。"
            f"请核对各分项；确认无误后采用计算结果。",
            cells=(cell,), values={"stated": stated, "computed": computed}))
    return findings


def _cell_values(report: Report, special: SpecialCheck) -> list[Finding]:
    findings = []
    for cell, value in report.values.items():
        kind = report.form.kind_of(cell)
        problem = check_value(value, kind)
        if problem:
            findings.append(Finding(special.rule, special.severity,
                                    f"{report.form.place(cell)}填的是{format_value(value)}，{problem}。{kind.how_to_type}",
                                    cells=(cell,), values={"value": value}))
    return findings


def _blank_cells(report: Report, special: SpecialCheck) -> list[Finding]:
    findings = []
    printed = ("Word文件中打印为空白" if report.form.blank_prints_as is BlankPrint.BLANK
               else "Word文件中按0打印，Excel文件中留空")
    for table in report.form.tables.values():
        blanks = report.blank_input_cells(table.key)
        if not blanks:
            continue
        listed = "、".join(table.place(c).removeprefix(table.short) for c in blanks[:_MAX_LISTED])
        more = f"等{len(blanks)}处" if len(blanks) > _MAX_LISTED else ""
        findings.append(Finding(special.rule, special.severity,
                                f"{table.short}有{len(blanks)}个单元格还没有填写：{listed}{more}。"
                                f"{printed}；没有发生的请填0。",
                                cells=tuple(blanks), values={"count": len(blanks)}))
    return findings


def _number(text: str) -> int | None:
    """A figure quoted in the prose; None when it has more digits than any cell can hold (int() would
    be slow, and refuses over 4,300 digits)."""
    digits = text.replace(",", "").replace("，", "")
    return int(digits) if len(digits) <= MAX_DIGITS else None


def _too_long(section_heading: str, quoted: str, what: str) -> str:
    digits = len(quoted.replace(",", "").replace("，", ""))
    return (f"“{section_heading}”中写的数字“{quoted[:12]}…”有{digits}位，不可能是表中的{what}。"
            f"请核对正文，删去多余的数字。")


def _prose_sections(report: Report):
    for section in report.form.sections:
        if section.has_prose:
            text = report.sections.get(section.key, "")
            if text:
                yield section, text


_SENTENCE_ENDS = "。；;！？!?\n"
_CLAUSE_ENDS = _SENTENCE_ENDS + "，,、：:"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def _before(text: str, at: int, ends: str) -> str:
    """The text from the last of `ends` before `at` up to `at`."""
    return text[max(text.rfind(end, 0, at) for end in ends) + 1:at]


def _not_ours(report: Report, special: SpecialCheck, text: str, match: re.Match[str]) -> bool:
    """The figure names something else than this organ's table figure of this year: its sentence is
    about other organs (全市、各部门) or another year, or its clause about a change or a part."""
    lead = text[match.start():match.start(1)]         # a pattern has one group, the figure (forms.loader)
    sentence = _before(text, match.start(), _SENTENCE_ENDS) + lead
    if special.options["other_organ"].search(sentence):
        return True
    if report.year is not None and any(int(year) != report.year for year in _YEAR.findall(sentence)):
        return True
    return special.options["other_figure"].search(_before(text, match.start(), _CLAUSE_ENDS) + lead) is not None


def _where(report: Report, figure: ProseFigure) -> tuple[str, str]:
    """Where the table's figure stands (the cell's place, or the format's words for a sum) and its unit."""
    terms = figure.value.terms
    cell = terms[0][1]
    where = report.form.place(cell) if len(terms) == 1 and terms[0][0] == 1 else figure.what
    return where, report.form.tables[cell.table].unit_of(cell) or ""


@dataclass(frozen=True)
class _Quoted:
    """A figure the prose states about the tables: the phrasing it matched and the figure's text."""
    figure: ProseFigure
    phrase: str
    stated: str


_QUOTED_CACHE: dict[tuple[int, int | None, str], tuple[object, list[_Quoted]]] = {}
_QUOTED_CACHE_SIZE = 64


def _quoted(report: Report, special: SpecialCheck, text: str) -> list[_Quoted]:
    """The figures `text` states about this organ's tables, found once per text: check() runs on every
    keystroke, and a keystroke changes one section's text at most (a figure typed in a table, none)."""
    key = (id(special), report.year, text)
    cached = _QUOTED_CACHE.get(key)
    if cached is not None and cached[0] is special:
        return cached[1]
    found = []
    for figure in report.form.prose_figures:
        for match in figure.pattern.finditer(text):
            if not _not_ours(report, special, text, match):
                found.append(_Quoted(figure, match.group(0), match.group(1)))
    if len(_QUOTED_CACHE) >= _QUOTED_CACHE_SIZE:
        _QUOTED_CACHE.clear()
    _QUOTED_CACHE[key] = (special, found)
    return found


def _prose_figures(report: Report, special: SpecialCheck) -> list[Finding]:
    findings = []
    for section, text in _prose_sections(report):
        for quoted in _quoted(report, special, text):
            finding = _prose_figure(report, special, section, quoted)
            if finding is not None:
                findings.append(finding)
    return findings


def _prose_figure(report: Report, special: SpecialCheck, section: Section, found: _Quoted) -> Finding | None:
    """A finding when the figure the prose states is not the table's."""
    figure, stated = found.figure, found.stated
    quoted = _number(stated)
    if quoted is None:
        return Finding(special.rule, special.severity, _too_long(section.heading, stated, figure.what),
                       cells=figure.value.cells, section=section.key)
    total, blanks = figure.value.evaluate(report.value)
    all_blank = blanks == len(figure.value.terms)
    where, unit = _where(report, figure)
    if all_blank and report.form.blank_prints_as is BlankPrint.BLANK:
        shown = "是空白"
    elif total == quoted:
        return None
    else:
        shown = f"为{format_value(total)}{unit}"
    return Finding(special.rule, special.severity,
                   f"正文“{section.heading}”写“{found.phrase}”，{where}{shown}，两处不一致。"
                   f"请核对正文或表格，使两处数字一致。",
                   cells=figure.value.cells, section=section.key,
                   values={"quoted": quoted, "table": None if all_blank else total})


def _prose_mention(report: Report, special: SpecialCheck) -> list[Finding]:
    o = special.options
    left, _ = o["left"].evaluate(report.value)
    right, _ = o["right"].evaluate(report.value)
    if not o["op"].holds(left, right):
        return []
    text = report.sections.get(o["section"], "")
    if o["must_mention"] not in text:
        problem = f"没有提到{o['must_mention']}"
    else:
        match = o["must_not_match"].search(text)
        if not match:
            return []
        problem = f"写的是“{match.group(0)}”"
    heading = report.form.section_by_key[o["section"]].heading
    message = _fill(o["message"], {"value": format_value(left), "problem": problem, "section": heading})
    return [Finding(special.rule, special.severity, message, cells=o["left"].cells, section=o["section"],
                    values={"value": left})]


def _figures(report: Report, special: SpecialCheck, test) -> list[Finding]:
    """Apply `test(cell, figure)` (a finding or None) to every count figure of the check's tables: the
    input cells, then the computed ones no part of which was reported (a figure typed with its digits
    run together makes its totals, and theirs, implausible too; the typed one is the one to name)."""
    form = report.form
    tables = special.options["tables"]
    reported: dict[Cell, Finding] = {}

    def consider(cell: Cell) -> None:
        figure = report.value(cell)
        if form.kind_of(cell) is CellKind.COUNT and isinstance(figure, int) and not isinstance(figure, bool):
            finding = test(cell, figure)
            if finding is not None:
                reported[cell] = finding

    for cell in form.input_cells:
        if cell.table in tables:
            consider(cell)
    covered = set(reported)         # a total over a reported figure, or over such a total, is not named
    for computed in form.computed:
        if any(part in covered for part in computed.value.cells):
            covered.add(computed.cell)
        elif computed.cell.table in tables:
            consider(computed.cell)
            if computed.cell in reported:
                covered.add(computed.cell)
    return list(reported.values())


def _reason(special: SpecialCheck, values: Mapping[str, Number]) -> str:
    """Why a figure is implausible, in the format file's words (`reason`; a jump from a year's 0 has
    its own, “上年为0”, not “是上年（0）的10倍以上”)."""
    zero = special.type is CheckType.JUMP and values.get("last") == 0
    return _fill(special.options["reason_from_zero" if zero else "reason"],
                 {key: format_value(value) for key, value in values.items()})


def _plausibility(report: Report, special: SpecialCheck, cell: Cell, figure: int, **fields) -> Finding:
    values = dict(fields, value=figure)
    shown = {key: format_value(value) for key, value in values.items()}
    message = _fill(special.options["message"],
                    dict(shown, place=report.form.place(cell), reason=_reason(special, values)))
    return Finding(special.rule, special.severity, message, cells=(cell,), values=values)


_FigureTest = Callable[[Cell, int], "Finding | None"]


def _jump_test(report: Report, special: SpecialCheck, last: Report) -> _FigureTest:
    """P1: a figure over `factor` times last year's in the same cell, and larger by over `margin`
    (cells last year's report left blank, or its format lacks, are not compared)."""
    factor, margin = special.options["factor"], special.options["margin"]

    def test(cell: Cell, figure: int) -> Finding | None:
        table = last.form.tables.get(cell.table)
        if table is None or not table.has_cell(cell.row, cell.column):
            return None
        before = last.value(cell)
        if not isinstance(before, int) or isinstance(before, bool):
            return None
        if figure > factor * before and figure - before > margin:
            return _plausibility(report, special, cell, figure, last=before, factor=factor)
        return None

    return test


def _jump(report: Report, special: SpecialCheck, last: Report) -> list[Finding]:
    return _figures(report, special, _jump_test(report, special, last))


def _ceiling_test(report: Report, special: SpecialCheck) -> _FigureTest | None:
    """P2, P3: a figure above `limit`, a number or this year's cells (not applied while those are blank)."""
    limit_expression = special.options["limit"]
    limit, blanks = limit_expression.evaluate(report.value)
    if limit_expression.terms and blanks == len(limit_expression.terms):
        return None

    def test(cell: Cell, figure: int) -> Finding | None:
        if figure > limit:
            return _plausibility(report, special, cell, figure, limit=limit)
        return None

    return test


def _ceiling(report: Report, special: SpecialCheck) -> list[Finding]:
    test = _ceiling_test(report, special)
    return [] if test is None else _figures(report, special, test)


def similarity(mine: str, theirs: str) -> float:
    """The share of characters two texts have in common, spaces and line breaks aside: twice the
    characters they share over both lengths — the beginning and the end they have in common, and
    between them the matching blocks difflib finds (its ratio). 0 when either is empty."""
    return _shared_share("".join(mine.split()), "".join(theirs.split()))


def _shared_share(mine: str, theirs: str) -> float:
    if not mine or not theirs:
        return 0.0
    # typing changes a text in one place: what is the same before and after it is cheap to count,
    # and difflib (quadratic at worst) only looks at the part between
    head = len(commonprefix([mine, theirs]))
    tail = len(commonprefix([mine[head:][::-1], theirs[head:][::-1]]))
    middle = SequenceMatcher(None, mine[head:len(mine) - tail], theirs[head:len(theirs) - tail], autojunk=False)
    shared = head + tail + sum(block.size for block in middle.get_matching_blocks())
    return 2 * shared / (len(mine) + len(theirs))


@lru_cache(maxsize=64)
def _similar_cleaned(mine: str, theirs: str, threshold: float) -> float | None:
    """The check runs on every keystroke: each pair is measured once (only the section being typed
    in changes), and the cheap upper bounds — the lengths, then the characters regardless of order —
    settle most pairs before the full comparison."""
    if not mine or not theirs or 2 * min(len(mine), len(theirs)) / (len(mine) + len(theirs)) < threshold:
        return None
    if SequenceMatcher(None, mine, theirs, autojunk=False).quick_ratio() < threshold:
        return None
    share = _shared_share(mine, theirs)
    return share if share >= threshold else None


def _similar(mine: str, theirs: str, threshold: float) -> float | None:
    """similarity(mine, theirs) when it reaches `threshold`, else None."""
    return _similar_cleaned("".join(mine.split()), "".join(theirs.split()), threshold)


def _repeat_finding(special: SpecialCheck, section: Section, template: str, share: float = 1.0) -> Finding:
    percent = int(share * 100)
    return Finding(special.rule, special.severity, _fill(special.options[template],
                                                         {"section": section.heading, "percent": percent}),
                   section=section.key, values={"percent": percent})


def _carried_sections(report: Report, special: SpecialCheck) -> list[Finding]:
    """P4 without last year's report: the sections still marked as carried from it, unedited."""
    return [_repeat_finding(special, s, "carried_message") for s in report.form.sections
            if s.key in report.carried_text and report.sections.get(s.key)]


def _prose_repeat(report: Report, special: SpecialCheck, last: Report) -> list[Finding]:
    """P4: a section whose share of characters in common with last year's same section (by key) is at
    least the threshold. The 前言 is left out (its standard wording is the same every year), and so are
    short sections and those still marked as carried (said once, by `_carried_sections`)."""
    threshold, least = special.options["threshold"], special.options["min_chars"]
    findings = []
    for section in report.form.sections:
        mine = report.sections.get(section.key, "")
        if section.role is SectionRole.PREFACE or section.key in report.carried_text or len(mine) < least:
            continue
        share = _similar(mine, last.sections.get(section.key, ""), threshold)
        if share is not None:
            findings.append(_repeat_finding(special, section, "message", share))
    return findings


_WITH_LAST = {CheckType.JUMP: _jump, CheckType.PROSE_REPEAT: _prose_repeat}

_SPECIALS = {CheckType.CEILING: _ceiling, CheckType.CELL_VALUES: _cell_values, CheckType.BLANK_CELLS: _blank_cells,
             CheckType.PROSE_FIGURES: _prose_figures, CheckType.PROSE_MENTION: _prose_mention}


def describe(finding: Finding) -> str:
    """One line for a terminal: 【错误】R1 …"""
    return f"【{finding.severity_label}】{finding.rule} {finding.message}"
