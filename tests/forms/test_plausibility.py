"""Plausibility warnings (P1–P3, format-files.md “Built-in check types”): figures that look like digits
run together — many times last year's (`jump`), above the applications handled or a million (`ceiling`).
Both sides: none on the samples and on realistic reports; exactly one, naming the cell, when a rule's
condition holds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.definition import CellKind, CheckType, Severity
from forms.expr import Cell
from forms.loader import FORMATS_DIR, FormatError, get_form, parse_form
from forms.report import Report
from forms.rules import check

P_RULES = ("P1", "P2", "P3")
QUESTION = "数字是否连在一起了？请核对。"
SAMPLES = ["2017-yueqing-wenguangxin.json", "2025-qingchuan-scjgj.json"]


def c(text: str) -> Cell:
    return Cell.parse(text)


def plausibility(result) -> list:
    return [f for f in result.findings if f.rule in P_RULES]


def last_of(report: Report) -> Report:
    """Last year's report: the same figures, a year earlier."""
    last = report.copy()
    last.year = report.year - 1
    return last


# --- the samples: nothing implausible ----------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("with_last", [False, True])
def test_no_plausibility_warnings_on_the_samples(samples, name, with_last):
    report = samples[name]
    result = check(report, last_of(report) if with_last else None)
    assert plausibility(result) == []
    assert ("P1" in [rule for rule, _ in result.skipped]) is not with_last


def test_p1_is_skipped_without_a_usable_last_year(qingchuan):
    wrong = qingchuan.copy()
    wrong.year = qingchuan.year - 2
    skipped = dict(check(qingchuan, wrong).skipped)
    assert "不是2024年度" in skipped["P1"]
    assert plausibility(check(qingchuan, wrong)) == []


# --- P1: many times last year's --------------------------------------------------------------

def test_p1_names_the_cell_last_years_figure_and_asks_about_run_together_digits(qingchuan):
    last = last_of(qingchuan)
    last.set(c("t3.new_received.natural"), 70)
    qingchuan.set(c("t3.new_received.natural"), 7060)
    [finding] = plausibility(check(qingchuan, last))
    assert finding.rule == "P1" and finding.severity is Severity.WARNING
    assert finding.cells == (c("t3.new_received.natural"),)
    assert finding.message == ("表三“一、本年新收政府信息公开申请数量”行“自然人”列填的是7060，"
                               "是上年（70）的10倍以上。数字是否连在一起了？请核对。")
    assert finding.values == {"value": 7060, "last": 70, "factor": 10}


def test_the_briefs_example_is_a_jump_and_a_million(qingchuan):
    last = last_of(qingchuan)
    last.set(c("t3.new_received.natural"), 70)
    qingchuan.set(c("t3.new_received.natural"), 706018030)
    findings = plausibility(check(qingchuan, last))
    assert [(f.rule, f.cells) for f in findings] == [("P1", (c("t3.new_received.natural"),)),
                                                     ("P3", (c("t3.new_received.natural"),))]
    assert "填的是706018030，是上年（70）的10倍以上" in findings[0].message
    assert all(f.message.endswith(QUESTION) for f in findings)
    assert all(f.severity is Severity.WARNING for f in findings)


@pytest.mark.parametrize(("before", "now", "warned"), [
    (70, 700, False),        # exactly 10 times: not more
    (70, 701, True),
    (5, 51, False),          # over 10 times but larger by only 46
    (5, 106, True),
    (0, 100, False),         # larger by exactly 100
    (0, 101, True),
    (None, 5000, False),     # last year left the row blank: nothing to compare
])
def test_p1_needs_both_the_factor_and_the_margin(qingchuan, before, now, warned):
    last = last_of(qingchuan)
    for column in ("upheld", "corrected", "other", "pending") if before is None else ("upheld",):
        last.set(c(f"t4.admin_review.{column}"), before)
    qingchuan.set(c("t4.admin_review.upheld"), now)
    qingchuan.set(c("t3.new_received.natural"), 9000)      # keeps P2 quiet
    last.set(c("t3.new_received.natural"), 9000)
    rules = [(f.rule, f.cells) for f in plausibility(check(qingchuan, last))]
    assert rules == ([("P1", (c("t4.admin_review.upheld"),))] if warned else [])


def test_p1_from_a_year_of_zero_says_so_in_the_format_files_words(qingchuan):
    """Not “是上年（0）的10倍以上”: a jump from 0 has its own words (`reason_from_zero`)."""
    last = last_of(qingchuan)
    last.set(c("t4.admin_review.upheld"), 0)
    qingchuan.set(c("t4.admin_review.upheld"), 101)
    qingchuan.set(c("t3.new_received.natural"), 9000)      # keeps P2 quiet
    last.set(c("t3.new_received.natural"), 9000)
    [finding] = plausibility(check(qingchuan, last))
    assert "填的是101，上年为0。数字是否连在一起了？" in finding.message
    assert "倍" not in finding.message


def test_p1_names_a_total_only_when_no_part_of_it_jumped(qingchuan):
    last = last_of(qingchuan)
    for column in ("natural", "business", "research", "public_interest", "legal", "other_org"):
        last.set(c(f"t3.new_received.{column}"), 1)
        qingchuan.set(c(f"t3.new_received.{column}"), 90)     # larger by 89 each, by 534 in all
    findings = plausibility(check(qingchuan, last))
    assert [f.cells for f in findings] == [(c("t3.new_received.total"),)]
    assert findings[0].message.startswith("表三“一、本年新收政府信息公开申请数量”行“总计”列填的是540，是上年（6）的")


def test_p1_on_gov2014_and_across_formats(yueqing, qingchuan):
    last = last_of(yueqing)
    yueqing.set(c("stats.a1.value"), 15200)                      # last year's 152
    [finding] = plausibility(check(yueqing, last))
    assert finding.message == ("统计表“（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）”填的是15200，"
                               "是上年（152）的10倍以上。数字是否连在一起了？请核对。")
    older = Report(form=get_form("gov-2019"), organ=qingchuan.organ, year=qingchuan.year - 1)
    older.set(c("t3.new_received.natural"), 1)                   # same key in both formats
    [finding] = plausibility(check(qingchuan, older))
    assert finding.cells == (c("t3.new_received.natural"),) and "上年（1）" in finding.message


# --- P2: more reviews and suits than applications handled -------------------------------------

def test_p2_a_t4_figure_above_the_applications_handled(qingchuan):
    qingchuan.set(c("t4.suit_direct.corrected"), 230)             # 新收 219 + 上年结转 10 = 229
    [finding] = plausibility(check(qingchuan))
    assert finding.rule == "P2" and finding.cells == (c("t4.suit_direct.corrected"),)
    assert finding.message == ("表四“未经复议直接起诉”行“结果纠正”列填的是230，"
                               "比本年新收和上年结转的政府信息公开申请数之和（229）还多，而复议、诉讼的件数不会超过办理的申请数。数字是否连在一起了？请核对。")
    qingchuan.set(c("t4.suit_direct.corrected"), 229)             # but the row's 总计 is then 229 + 4
    [finding] = plausibility(check(qingchuan))
    assert finding.cells == (c("t4.suit_direct.total"),) and "填的是233，" in finding.message
    qingchuan.set(c("t4.suit_direct.corrected"), 229 - 4)
    assert plausibility(check(qingchuan)) == []


def test_p2_names_a_total_whose_parts_are_each_plausible(qingchuan):
    for column in ("upheld", "corrected", "other", "pending"):
        qingchuan.set(c(f"t4.admin_review.{column}"), 60)
    [finding] = plausibility(check(qingchuan))
    assert finding.rule == "P2" and finding.cells == (c("t4.admin_review.total"),)
    assert finding.message.startswith("表四“行政复议”行“总计”列填的是240，")


def test_p2_waits_for_table_three(qingchuan):
    for cell in qingchuan.form.tables["t3"].cells:
        if not qingchuan.form.is_computed(cell):
            qingchuan.set(cell, None)
    assert plausibility(check(qingchuan)) == []


# --- P3: a million or more --------------------------------------------------------------------

@pytest.mark.parametrize(("figure", "warned"), [(999_999, False), (1_000_000, True)])
def test_p3_a_million_or_more(qingchuan, figure, warned):
    cell = c("t3.granted.legal")
    if not warned:      # the totals this figure is part of stay below a million too
        figure -= qingchuan.value(c("t3.total_processed.total")) - qingchuan.value(cell)
    qingchuan.set(cell, figure)
    findings = plausibility(check(qingchuan))
    if not warned:
        assert findings == []
        return
    [finding] = findings
    assert finding.rule == "P3" and finding.cells == (cell,)
    assert finding.message == (f"{qingchuan.form.place(cell)}填的是1000000，达到一百万以上，"
                               "一个机关一年的件数很少这么多。数字是否连在一起了？请核对。")


def test_p3_on_the_gov2014_table_counts_only(yueqing):
    yueqing.set(c("stats.i3.value"), 2_000_000)
    [finding] = plausibility(check(yueqing))
    assert finding.rule == "P3" and finding.message.startswith("统计表“（三）接受培训人员数”填的是2000000，")
    yueqing.set(c("stats.i3.value"), 20)
    yueqing.set(c("stats.h4.value"), Decimal("1000000"))    # 万元, not a count
    assert plausibility(check(yueqing)) == []


# --- generated reports of realistic size -------------------------------------------------------

@st.composite
def realistic(draw, form_id: str, year: int) -> Report:
    """A report whose every count is blank or below 10,000, 表三 balanced column by column."""
    form = get_form(form_id)
    report = Report(form=form, organ="某某市某某局", year=year)
    for cell in form.input_cells:
        kind = form.kind_of(cell)
        top = 9_999 if kind is CellKind.COUNT else 99
        low = -99 if kind is CellKind.SIGNED else 0
        value = draw(st.none() | st.integers(low, top))
        report.set(cell, Decimal(value) if kind is CellKind.DECIMAL and value is not None else value)
    if "t3" in form.tables and form.tables["t3"].has_cell("carried_forward", "natural"):
        for column in ("natural", "business", "research", "public_interest", "legal", "other_org"):
            handled = (report.value(c(f"t3.new_received.{column}")) or 0) + \
                (report.value(c(f"t3.carried_over.{column}")) or 0)
            processed = report.value(c(f"t3.total_processed.{column}")) or 0
            report.set(c(f"t3.carried_forward.{column}"), max(handled - processed, 0))
    return report


def _expected_p2(report: Report) -> bool:
    """Whether any 表四 figure exceeds 新收 + 上年结转 (the condition of P2, computed here afresh)."""
    if "t4" not in report.form.tables:
        return False
    parts = [report.value(c("t3.new_received.total")), report.value(c("t3.carried_over.total"))]
    if all(p is None for p in parts):
        return False
    limit = sum(p or 0 for p in parts)
    return any((report.value(cell) or 0) > limit for cell in report.form.tables["t4"].cells)


def _jumps(report: Report, last: Report) -> set[Cell]:
    """The count cells of P1's tables over 10 times last year's and larger by over 100."""
    [special] = [s for s in report.form.specials if s.type is CheckType.JUMP]
    cells = set()
    for cell in report.form.all_cells():
        now, before = report.value(cell), last.value(cell)
        if cell.table in special.options["tables"] and report.form.kind_of(cell) is CellKind.COUNT \
                and now is not None and before is not None and now > 10 * before and now - before > 100:
            cells.add(cell)
    return cells


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["gov-2021", "gov-2019", "gov-2014"]).flatmap(
    lambda form_id: st.tuples(realistic(form_id, 2025), realistic(form_id, 2024))))
def test_realistic_reports_warn_only_where_a_rules_condition_holds(pair):
    report, last = pair
    findings = plausibility(check(report, last))
    assert not [f for f in findings if f.rule == "P3"]                   # nothing near a million
    assert bool([f for f in findings if f.rule == "P2"]) == _expected_p2(report)
    jumps = _jumps(report, last)
    p1 = [f for f in findings if f.rule == "P1"]
    assert {f.cells[0] for f in p1} <= jumps
    assert bool(p1) == bool(jumps)
    for finding in findings:
        assert finding.severity is Severity.WARNING and finding.message.endswith(QUESTION)
        assert finding.message.startswith(report.form.place(finding.cells[0]) + "填的是")


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["gov-2021", "gov-2019", "gov-2014"]).flatmap(lambda form_id: realistic(form_id, 2025)))
def test_realistic_reports_compared_with_themselves_have_no_jumps(report):
    findings = plausibility(check(report, last_of(report)))
    assert [f for f in findings if f.rule in ("P1", "P3")] == []


# --- the format file -------------------------------------------------------------------------

def _gov2021(old: str, new: str) -> str:
    text = (FORMATS_DIR / "gov-2021.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


@pytest.mark.parametrize(("old", "new", "refusal"), [
    ("factor: 10", 'factor: "ten"', r"checks\[\d+\]\.factor：应为大于1的数，实际为“ten”"),
    ("factor: 10", "factor: 1", r"checks\[\d+\]\.factor：应为大于1的数"),
    ("margin: 100", "margin: 1.5", r"checks\[\d+\]\.margin：应为大于-1的整数"),
    ("margin: 100", "margin: true", r"checks\[\d+\]\.margin："),
    ("tables: [t4]", "tables: [t9]", r"checks\[\d+\]\.tables\[0\]：没有表格“t9”"),
    ("tables: [t4]", "tables: t4", r"checks\[\d+\]\.tables：应为表格键的非空列表"),
    ("limit: 999999", "limit: ten", r"checks\[\d+\]\.limit："),
    ("limit: 999999", "limit: last.t3.new_received.total", r"checks\[\d+\]\.limit："),
    ("    margin: 100\n", "", r"checks\[\d+\]：缺少“margin”"),
    ("    reason_from_zero: 上年为0\n", "", r"checks\[\d+\]：缺少“reason_from_zero”"),
    ("    margin: 100\n", "    margin: 100\n    ratio: 3\n", r"checks\[\d+\]：未知的键“ratio”"),
])
def test_a_wrong_parameter_is_refused_with_file_line_and_path(old, new, refusal):
    with pytest.raises(FormatError, match=r"格式文件 gov-2021\.yaml：第\d+行，" + refusal):
        parse_form(_gov2021(old, new), "gov-2021.yaml")


def test_the_parameters_are_read_as_data():
    form = parse_form(_gov2021("factor: 10", "factor: 2.5"), "gov-2021.yaml")
    [jump] = [s for s in form.specials if s.type is CheckType.JUMP]
    assert str(jump.options["factor"]) == "2.5" and jump.options["margin"] == 100
    form = parse_form(_gov2021("reason_from_zero: 上年为0", "reason_from_zero: 去年没有"), "gov-2021.yaml")
    [jump] = [s for s in form.specials if s.type is CheckType.JUMP]
    assert jump.options["reason_from_zero"] == "去年没有"
    assert {s.rule for s in get_form("gov-2014").specials} >= {"P1", "P3"}
