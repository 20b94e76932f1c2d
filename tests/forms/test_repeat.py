"""The prose_repeat check: a section still (nearly) last year's text is warned about — evaluators
criticise a report that repeats last year's — measured as the share of characters in common."""

from __future__ import annotations

from forms.carryover import new_report
from forms.loader import get_form
from forms.rules import check, similarity

OVERVIEW_2025 = (
    "2025年，青川市市场监督管理局坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党中央、国务院关于"
    "全面推进政务公开工作的决策部署，认真执行《中华人民共和国政府信息公开条例》，围绕市场监管中心工作，"
    "进一步完善政府信息公开制度，加大主动公开力度，规范依申请公开办理，政府信息公开工作取得了新的成效。"
    "全年通过门户网站主动公开政府信息1,236条，办理政府信息公开申请219件。"
)


def pair(this_text: str, last_text: str, key: str = "overview"):
    last = new_report("青川市市场监督管理局", 2025)
    last.set_section(key, last_text)
    report = new_report("青川市市场监督管理局", 2026)
    report.set_section(key, this_text)
    return report, last


def repeats(report, last=None):
    return [f for f in check(report, last).findings if f.rule == "P4"]


def test_the_three_formats_switch_it_on_with_a_threshold_of_80_percent():
    for form_id in ("gov-2014", "gov-2019", "gov-2021"):
        special = next(s for s in get_form(form_id).specials if s.rule == "P4")
        assert special.type.value == "prose_repeat" and special.options["threshold"] == 0.8


def test_last_years_text_with_the_year_and_figures_changed_is_warned_with_the_share():
    this_year = OVERVIEW_2025.replace("2025年", "2026年").replace("1,236", "1,305").replace("219件", "241件")
    report, last = pair(this_year, OVERVIEW_2025)
    found = repeats(report, last)
    assert len(found) == 1 and found[0].section == "overview"
    share = int(similarity(this_year, OVERVIEW_2025) * 100)
    assert share >= 95
    assert found[0].message == (f"‘一、总体情况’与上年报告的同一部分有{share}%的文字相同。"
                                "评议时会指出照抄上年的报告，请按本年度情况改写。")


def test_a_rewritten_section_is_not_warned():
    rewritten = ("2026年，本局把政务公开与“高效办成一件事”结合起来，重点公开了食品安全抽检、价格监督检查和"
                 "特种设备安全等信息。全年新收政府信息公开申请241件，较上年增加22件，主要集中在企业登记档案查询。"
                 "针对申请量上升的情况，我们调整了受理流程，答复平均用时缩短到9个工作日。")
    report, last = pair(rewritten, OVERVIEW_2025)
    assert similarity(rewritten, OVERVIEW_2025) < 0.8
    assert repeats(report, last) == []


def test_short_sections_that_every_year_say_the_same_are_not_warned():
    report, last = pair("本机关无其他需要报告的事项。", "本机关无其他需要报告的事项。", key="other")
    assert repeats(report, last) == []


def test_without_last_years_report_the_comparison_is_skipped():
    report, _ = pair(OVERVIEW_2025, OVERVIEW_2025)
    result = check(report)
    assert [f for f in result.findings if f.rule == "P4"] == []
    assert ("P4", "未提供上年报告，跳过与上年报告同一部分文字的比较") in result.skipped


def test_a_section_still_carried_from_last_year_is_warned_even_without_last_years_report(qingchuan):
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    found = repeats(report)
    assert {f.section for f in found} == report.carried_text
    overview = next(f for f in found if f.section == "overview")
    assert overview.message == ("‘一、总体情况’还是上年报告的原文，没有改动。"
                                "评议时会指出照抄上年的报告，请按本年度情况改写。")
    report.set_section("overview", "2026年，本局重点做了三件事。")
    assert "overview" not in {f.section for f in repeats(report)}


def test_similarity_ignores_spaces_and_line_breaks():
    assert similarity("第一段。\n第二段。", "第一段。 第二段。") == 1.0
    assert similarity("", "上年的文字") == 0.0
