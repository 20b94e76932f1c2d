"""Every rule of every format, on data that passes and on data that fails."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.expr import Cell
from forms.loader import get_form
from forms.report import Report
from forms.rules import check

T3 = "t3"
COLUMNS = ["natural", "business", "research", "public_interest", "legal", "other_org"]


def rules_of(result, rule):
    return [f for f in result.findings if f.rule == rule]


def c(text):
    return Cell.parse(text)


# --- gov-2021 ---------------------------------------------------------------------------------

def test_the_gov2021_sample_is_clean(qingchuan):
    result = check(qingchuan)
    assert result.findings == []
    assert [rule for rule, _ in result.skipped] == ["R6", "R7", "P1", "P4"]


def test_r1_balances_each_t3_column_and_offers_the_balancing_value(qingchuan):
    qingchuan.set(c("t3.carried_forward.natural"), 5)     # should be 9
    result = check(qingchuan)
    [finding] = rules_of(result, "R1")
    assert finding.severity == "error"
    assert "自然人" in finding.message and "应填9" in finding.message
    assert finding.fix == (c("t3.carried_forward.natural"), 9)
    assert c("t3.new_received.natural") in finding.cells
    qingchuan.set(*finding.fix)
    assert rules_of(check(qingchuan), "R1") == []


def test_r1_with_an_impossible_balance_does_not_offer_a_negative_fix(qingchuan):
    qingchuan.set(c("t3.granted.legal"), 50)
    [finding] = [f for f in rules_of(check(qingchuan), "R1") if "法律服务机构" in f.message]
    assert finding.fix is None and "负数不可能" in finding.message


def test_r2_r3_compute_the_totals(qingchuan):
    r = qingchuan
    assert r.value(c("t3.total_processed.natural")) == 186
    assert r.value(c("t3.new_received.total")) == 219
    assert r.value(c("t3.total_processed.total")) == 214
    r.set(c("t3.granted.business"), 19)                  # +10
    assert r.value(c("t3.total_processed.business")) == 30
    assert r.value(c("t3.granted.total")) == 95
    assert r.value(c("t3.total_processed.total")) == 224


def test_r4_computes_t4_totals(qingchuan):
    assert qingchuan.value(c("t4.admin_review.total")) == 6
    qingchuan.set(c("t4.suit_direct.pending"), 7)
    assert qingchuan.value(c("t4.suit_direct.total")) == 10


def test_computed_cells_cannot_be_typed(qingchuan):
    with pytest.raises(KeyError, match="自动计算"):
        qingchuan.enter(c("t3.total_processed.natural"), "5")


def test_a_total_is_blank_only_while_all_its_parts_are(qingchuan):
    r = Report(form=qingchuan.form, organ="某局", year=2025)
    assert r.value(c("t4.admin_review.total")) is None
    r.enter(c("t4.admin_review.pending"), "0")
    assert r.value(c("t4.admin_review.total")) == 0


def test_r5_cell_values(qingchuan):
    qingchuan.values[c("t3.granted.natural")] = -1               # as a foreign program might write it
    qingchuan.values[c("t2.fees.amount")] = Decimal("1.00005")
    found = {f.cells[0]: f.message for f in rules_of(check(qingchuan), "R5")}
    assert "不能是负数" in found[c("t3.granted.natural")]
    assert "最多保留4位小数" in found[c("t2.fees.amount")]


def test_r6_needs_last_year_and_compares_carry_over(qingchuan):
    last = qingchuan.copy()
    last.year = 2024
    this = qingchuan.copy()
    assert rules_of(check(this, last), "R6") != []          # 2025's carried_over ≠ 2024's carried_forward here
    for col in COLUMNS:
        last.set(c(f"t3.carried_forward.{col}"), this.value(c(f"t3.carried_over.{col}")))
        last.set(c(f"t3.granted.{col}"), None)
    result = check(this, last)
    assert rules_of(result, "R6") == []
    assert "R6" not in [rule for rule, _ in result.skipped]
    last.set(c("t3.carried_forward.natural"), 3)
    [finding] = rules_of(check(this, last), "R6")
    assert finding.severity == "warning" and "自然人" in finding.message and "9" in finding.message


def test_r7_in_force_follows_last_year(qingchuan):
    last = qingchuan.copy()
    last.year = 2024
    last.set(c("t2.normative.in_force"), 25)               # 25 + 3 − 1 = 27 ✓
    assert rules_of(check(qingchuan, last), "R7") == []
    last.set(c("t2.normative.in_force"), 30)
    [finding] = rules_of(check(qingchuan, last), "R7")
    assert "行政规范性文件" in finding.message and "应为32" in finding.message


def test_cross_year_rules_are_skipped_against_a_format_without_the_cells(qingchuan):
    qingchuan.year = 2021
    last = Report(form=get_form("gov-2019"), organ=qingchuan.organ, year=2020)
    result = check(qingchuan, last)
    assert ("R7", "上年报告使用的格式（2019年试行版格式）没有对应栏目，跳过与上年数字的核对") in result.skipped
    assert "R6" not in [rule for rule, _ in result.skipped]     # t3 carried_forward exists in both


def test_r8_figures_quoted_in_the_prose(qingchuan):
    overview = qingchuan.sections["overview"]
    qingchuan.sections["overview"] = overview.replace("新收政府信息公开申请219件", "新收政府信息公开申请220件")
    [finding] = rules_of(check(qingchuan), "R8")
    assert finding.section == "overview" and "220" in finding.message and "219" in finding.message
    assert c("t3.new_received.total") in finding.cells


def test_r8_sums_across_cells(qingchuan):
    qingchuan.sections["other"] += "\n本年度发生政府信息公开行政诉讼4起。"
    [finding] = rules_of(check(qingchuan), "R8")
    assert "写“行政诉讼4起”，表四行政诉讼“总计”" in finding.message and "为5件" in finding.message


def test_r9_lists_blank_cells_per_table(qingchuan):
    qingchuan.set(c("t3.granted.research"), None)
    qingchuan.set(c("t4.admin_review.upheld"), None)
    findings = rules_of(check(qingchuan), "R9")
    assert [f.cells for f in findings] == [(c("t3.granted.research"),), (c("t4.admin_review.upheld"),)]
    assert all(f.severity == "warning" and "按0打印" in f.message for f in findings)
    qingchuan.fill_blanks_with_zero()
    assert rules_of(check(qingchuan), "R9") == []


@pytest.mark.parametrize("other,warned", [
    ("全年收取信息处理费120元。", False),
    ("本年度无其他需要报告的事项。", True),
    ("本年度未收取信息处理费。", True),
    ("本年度信息处理费为0元。", True),
])
def test_r10_fee_notices_need_a_word_on_fees(qingchuan, other, warned):
    qingchuan.sections["other"] = other
    assert bool(rules_of(check(qingchuan), "R10")) == warned
    qingchuan.fill_blanks_with_zero()
    qingchuan.set(c("t3.other_fee_unpaid.natural"), 0)
    qingchuan.set(c("t3.carried_forward.natural"), 11)
    assert rules_of(check(qingchuan), "R10") == []


def test_identity_checks():
    r = Report(form=get_form("gov-2021"))
    messages = [f.message for f in check(r).findings if f.rule == "ID"]
    assert any("机关名称" in m for m in messages) and any("报告年度" in m for m in messages)
    r.organ, r.year, r.info["date"] = "某局", 2019, "2020-01-15"
    [finding] = [f for f in check(r).findings if f.rule == "ID"]
    assert finding.severity == "warning" and "2019" in finding.message


@pytest.mark.parametrize("date,message", [
    (None, "成文日期还没有填写"), ("2025-13-45", "“2025-13-45”不是有效的日期"), ("2025年6月1日", "在2025年度结束之前"),
    ("2026-01-20", None), ("2026.1.20", None), ("2026年1月20日", None),
])
def test_the_date_printed_under_the_report(qingchuan, date, message):
    qingchuan.info.pop("date")
    if date:
        qingchuan.info["date"] = date
    found = [f for f in check(qingchuan).findings if f.rule == "ID"]
    assert [f.severity for f in found] == ([] if message is None else ["warning"])
    assert message is None or message in found[0].message


def test_every_required_section_has_text(qingchuan):
    qingchuan.sections["problems"] = "  \n "
    del qingchuan.sections["other"]
    found = [f for f in check(qingchuan).findings if f.rule == "TEXT"]
    assert [(f.severity, f.section) for f in found] == [("error", "problems"), ("error", "other")]
    assert "“五、存在的主要问题及改进情况”还没有写" in found[0].message
    # the example of "nothing to report" belongs to 六 only: 五 has problems and measures to write
    assert "如“" not in found[0].message and "不能空着" in found[0].message
    assert "（如“本年度未收取信息处理费，无其他需要报告的事项。”）" in found[1].message
    qingchuan.sections.pop("preface", None)                    # optional: the standard one is printed
    assert all(f.section != "preface" for f in check(qingchuan).findings)


def test_the_example_for_an_empty_section_is_the_sections_own():
    """gov-2014: the 复议诉讼 section's example says none happened; 一 has none to give."""
    report = Report(form=get_form("gov-2014"), organ="某某县某某局", year=2017)
    found = {f.section: f.message for f in check(report).findings if f.rule == "TEXT"}
    assert "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。" in found["review"]
    assert "如“" not in found["overview"]
    assert "无其他需要报告的事项" in found["other"] and "信息处理费" not in found["other"]


def test_a_wrong_last_year_report_is_pointed_out(qingchuan):
    same_year = qingchuan.copy()
    result = check(qingchuan, same_year)
    found = [f for f in result.findings if f.rule == "LAST"]
    assert len(found) == 1 and "选作上年报告的是2025年度的报告" in found[0].message
    assert not any(f.rule in ("R6", "R7") for f in result.findings)       # its figures would only mislead
    assert ("R6", "选作上年报告的是2025年度的报告，不是2024年度，跳过与上年数字的核对") in result.skipped
    other = qingchuan.copy()
    other.year, other.organ = 2024, "青川市教育局"
    found = [f for f in check(qingchuan, other).findings if f.rule == "LAST"]
    assert len(found) == 1 and "“青川市教育局”" in found[0].message
    other.organ = qingchuan.organ
    assert [f for f in check(qingchuan, other).findings if f.rule == "LAST"] == []


def test_a_value_that_cannot_stand_is_reported_before_the_sums_it_upsets(qingchuan):
    qingchuan.set(c("t3.granted.natural"), -1)                # as a foreign program might write it
    rules = [f.rule for f in check(qingchuan).findings]
    assert rules[0] == "R5" and "R1" in rules


# --- gov-2019 ---------------------------------------------------------------------------------

@pytest.fixture
def report2019():
    form = get_form("gov-2019")
    r = Report(form=form, organ="某县交通运输局", year=2020)
    for cell in form.input_cells:
        r.set(cell, 0)
    return r


def test_gov2019_r2_sums_nineteen_result_rows(report2019):
    r = report2019
    r.set(c("t3.new_received.natural"), 10)
    r.set(c("t3.other_processing.natural"), 4)
    r.set(c("t3.granted.natural"), 6)
    assert len(r.form.computed_by_cell[c("t3.total_processed.natural")].value.terms) == 19
    assert r.value(c("t3.total_processed.natural")) == 10
    assert [f for f in check(r).findings if f.rule not in ("TEXT", "ID")] == []


def test_gov2019_published_not_above_total_public(report2019):
    report2019.set(c("t2.normative.published"), 5)
    report2019.set(c("t2.normative.total_public"), 3)
    [finding] = rules_of(check(report2019), "R11")
    assert finding.severity == "error" and "规范性文件" in finding.message


def test_gov2019_change_may_be_negative(report2019):
    report2019.enter(c("t2.licensing.change"), "-8")
    assert report2019.value(c("t2.licensing.change")) == -8
    assert rules_of(check(report2019), "R5") == []


# --- gov-2014 ---------------------------------------------------------------------------------

def test_the_2014_sample_shows_its_own_inconsistencies(yueqing):
    result = check(yueqing)
    assert sorted((f.rule, f.severity) for f in result.findings) == [
        ("C1", "error"), ("C2", "error"), ("C3", "error"), ("C7", "error"), ("ID", "warning"), ("R8", "warning")]
    assert "成文日期还没有填写" in [f for f in result.findings if f.rule == "ID"][0].message   # the text has none
    stated = {f.cells[0]: f.message for f in result.findings if f.rule.startswith("C")}
    assert "原来填的是空白，按各分项计算应为1" in stated[c("stats.c1.value")]
    [r8] = rules_of(result, "R8")
    assert "同意公开1件" in r8.message and "空白" in r8.message
    yueqing.accept_computed()
    assert sorted(f.rule for f in check(yueqing).findings) == ["ID", "R8"]


@pytest.fixture
def report2014():
    return Report(form=get_form("gov-2014"), organ="某县文化局", year=2016)


@pytest.mark.parametrize("target,parts", [
    ("c1", ["c1_1", "c1_2", "c1_3", "c1_4"]), ("c2", ["c2_1", "c2_2"]),
    ("c3", ["c3_1", "c3_2", "c3_3", "c3_4a", "c3_4f", "c3_5", "c3_8"]),
    ("c3_4", ["c3_4a", "c3_4b", "c3_4c", "c3_4d", "c3_4e", "c3_4f"]), ("d", ["d1", "d2", "d3"]),
    ("e", ["e1", "e2", "e3"]), ("h3", ["h3_1", "h3_2"]),
])
def test_gov2014_computed_sums(report2014, target, parts):
    for i, part in enumerate(parts, start=1):
        report2014.set(c(f"stats.{part}.value"), i)
    assert report2014.value(c(f"stats.{target}.value")) == sum(range(1, len(parts) + 1))


@pytest.mark.parametrize("rule,values,fails", [
    ("K1", {"a1": 10, "a1a": 11}, True), ("K1", {"a1": 10, "a1a": 10}, False), ("K1", {"a1a": 3}, False),
    ("K2", {"a1": 10, "a2_3": 11}, True), ("K2", {"a1": 10, "a2_1": 10, "a2_2": 10}, False),
    ("K3", {"b2_1": 2, "b2_1a": 3}, True), ("K3", {"b2_1": 3, "b2_1a": 3}, False),
    ("K4", {"b2_2": 1, "b2_2a": 2}, True), ("K4", {"b2_2": 2, "b2_2a": 1}, False),
    ("K5", {"c1_1": 1, "c2_1": 2}, True), ("K5", {"c1_1": 2, "c2_1": 2}, False),
    ("K6", {"c2_1": 2, "c3_2": 1}, True), ("K6", {"c2_1": 2, "c3_2": 2}, False), ("K6", {}, False),
])
def test_gov2014_checks(report2014, rule, values, fails):
    for key, value in values.items():
        report2014.set(c(f"stats.{key}.value"), value)
    found = rules_of(check(report2014), rule)
    assert bool(found) == fails
    expected = {"K1": "error", "K2": "error", "K3": "error", "K4": "error", "K5": "warning", "K6": "warning"}
    assert all(f.severity == expected[rule] for f in found)


def test_gov2014_amounts_are_decimals(report2014):
    report2014.enter(c("stats.h4.value"), "2.35万元")
    assert report2014.value(c("stats.h4.value")) == Decimal("2.35")
    assert rules_of(check(report2014), "R5") == []
