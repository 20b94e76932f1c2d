"""A new report starts from last year's: carried-over figures and contact details."""

from __future__ import annotations

from forms.carryover import follow_suggestions, new_report, plan_carry, suggestions
from forms.expr import Cell
from forms.rules import check


def test_new_report_brings_last_years_carried_forward(qingchuan):
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    assert report.form.id == "gov-2021"
    for column in ("natural", "business", "legal"):
        last_year = qingchuan.value(Cell("t3", "carried_forward", column))
        assert report.value(Cell("t3", "carried_over", column)) == last_year
    assert report.value(Cell("t3", "carried_over", "total")) == 15
    assert report.info["phone"] == "0839-6123456" and "date" not in report.info
    assert [f for f in check(report, qingchuan).findings if f.rule == "R6"] == []


def test_format_follows_the_year_without_last_year():
    assert new_report("某局", 2020).form.id == "gov-2019"
    assert new_report(" 某局 ", 2017).organ == "某局"


def test_carry_over_across_formats_uses_what_both_have():
    last_2014 = new_report("某局", 2018)
    last_2014.set(Cell("stats", "c1_1", "value"), 5)
    assert new_report("某局", 2019, last=last_2014).values == {}       # the 2014 table has no 结转
    last_2020 = new_report("某局", 2020)
    assert last_2020.form.id == "gov-2019"
    last_2020.set(Cell("t3", "carried_forward", "business"), 4)
    report = new_report("某局", 2021, last=last_2020)
    assert report.form.id == "gov-2021"
    assert report.values == {Cell("t3", "carried_over", "business"): 4}


def test_in_force_is_suggested_from_last_years_and_this_years_issued_and_repealed(qingchuan):
    """现行有效件数 = 上年现行有效 + 本年制发 − 本年废止, as R7 states it (a suggestion the clerk may change)."""
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    assert report.value(Cell("t2", "normative", "in_force")) == 27        # nothing issued or repealed yet
    assert report.value(Cell("t2", "rules", "in_force")) == 0
    # chosen later, on a report where this year's 制发/废止 are already typed
    later = new_report("青川市市场监督管理局", 2026)
    later.enter(Cell("t2", "normative", "issued"), "5")
    later.enter(Cell("t2", "normative", "repealed"), " 2")
    carry = plan_carry(qingchuan, later)
    assert carry.values[Cell("t2", "normative", "in_force")] == 30
    assert [f for f in check(later, qingchuan).findings if f.rule == "R7"] == []   # blank: R7 waits
    carry.apply(later)
    assert later.value(Cell("t2", "normative", "in_force")) == 30
    assert [f for f in check(later, qingchuan).findings if f.rule == "R7"] == []


def test_r7_offers_the_in_force_figure_as_its_fix(qingchuan):
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    report.enter(Cell("t2", "normative", "issued"), "4")       # typed after the suggestion was made
    report.enter(Cell("t2", "normative", "repealed"), "0")
    (r7,) = [f for f in check(report, qingchuan).findings if f.rule == "R7"]
    assert r7.fix == (Cell("t2", "normative", "in_force"), 31)


def test_a_plan_on_a_report_already_begun_fills_blanks_and_names_what_differs(qingchuan):
    report = new_report("", 2026)
    report.info["phone"] = "0839-7000000"                     # the clerk's new number stays
    report.enter(Cell("t3", "carried_over", "natural"), "9")    # the same as last year's: nothing to do
    report.enter(Cell("t3", "carried_over", "legal"), "3")      # typed differently: not overwritten silently
    carry = plan_carry(qingchuan, report)
    assert carry.organ == "青川市市场监督管理局"
    assert "phone" not in carry.info and carry.info["address"] == "青川市滨江路88号"
    assert Cell("t3", "carried_over", "natural") not in carry.values
    assert carry.conflicts == {Cell("t3", "carried_over", "legal"): (3, 2)}
    assert Cell("t3", "carried_over", "business") in carry.values
    summary = carry.summary()
    assert summary[0] == "机关名称"
    assert "表三“二、上年结转政府信息公开申请数量”（4个单元格）" in summary
    assert "表二“现行有效件数”（2个单元格）" in summary
    assert "通信地址" in summary and "联系电话" not in summary
    carry.apply(report)
    assert report.value(Cell("t3", "carried_over", "legal")) == 3
    carry.apply(report, overwrite=True)
    assert report.value(Cell("t3", "carried_over", "legal")) == 2


def test_the_message_says_what_was_filled_and_what_was_kept(qingchuan):
    report = new_report("青川市市场监督管理局", 2026)
    report.enter(Cell("t3", "carried_over", "legal"), "3")
    carry = plan_carry(qingchuan, report)
    said = carry.message(report.form)
    assert said.startswith("已从上年报告填入：表三“二、上年结转政府信息公开申请数量”（5个单元格）、"
                           "表二“现行有效件数”（2个单元格）、通信地址")
    assert "保留了本年的数字" in said and "“法律服务机构”列（本年3，上年报告推算为2）" in said
    replaced = carry.message(report.form, overwrite=True)
    assert "（6个单元格）" in replaced and "保留" not in replaced
    assert carry.conflict_lines(report.form) == \
        "表三“二、上年结转政府信息公开申请数量”行“法律服务机构”列：本年已填3，按上年报告应为2"
    assert plan_carry(qingchuan, new_report("", 2026, last=qingchuan)).message(report.form) == \
        "已选择上年报告，本年报告里没有需要从上年填入的内容。"


def test_the_suggestion_follows_this_years_figures_until_the_clerk_changes_it(qingchuan):
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    issued, repealed, in_force = (Cell("t2", "normative", c) for c in ("issued", "repealed", "in_force"))
    suggested = suggestions(report.form)
    report.enter(issued, "5")
    assert follow_suggestions(suggested, qingchuan, report, {issued: None}) == {in_force: 32}
    report.set(in_force, 32)
    report.enter(repealed, "2")
    assert follow_suggestions(suggested, qingchuan, report, {repealed: None}) == {in_force: 30}
    report.set(in_force, 31)                          # the clerk's own figure: it stays
    report.enter(issued, "6")
    assert follow_suggestions(suggested, qingchuan, report, {issued: 5}) == {}
    report.set(in_force, None)                        # cleared: stays blank
    assert follow_suggestions(suggested, qingchuan, report, {issued: 5}) == {}
    # a figure that is not part of a suggestion, or no figure from last year to start from
    assert follow_suggestions(suggested, qingchuan, report, {Cell("t3", "granted", "natural"): 1}) == {}
    without = new_report("某局", 2026, last=new_report("某局", 2025))
    without.enter(issued, "5")
    assert follow_suggestions(suggested, new_report("某局", 2025), without, {issued: None}) == {}


# --- last year's prose, marked as last year's until edited (issue 12) ---------------------------------

def test_last_years_prose_starts_each_section_marked_as_last_years(qingchuan):
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    carried = {k for k, text in qingchuan.sections.items() if text and k != "preface"}
    assert carried and report.carried_text == carried
    for key in carried:
        assert report.section_text(key) == qingchuan.section_text(key)
    report.set_section("overview", report.section_text("overview") + "2026年，本局继续推进政务公开。")
    assert "overview" not in report.carried_text          # edited: this year's text now
    assert report.carried_text == carried - {"overview"}


def test_a_section_already_written_is_not_replaced_by_last_years(qingchuan):
    report = new_report("青川市市场监督管理局", 2026)
    report.set_section("overview", "本年度的总体情况。")
    carry = plan_carry(qingchuan, report, prose=True)
    carry.apply(report)
    assert report.section_text("overview") == "本年度的总体情况。"
    assert "overview" not in report.carried_text and "problems" in report.carried_text
    assert plan_carry(qingchuan, new_report("某局", 2026)).sections == {}     # only when asked (a new report)


def test_the_mark_survives_a_save_and_a_reopen(qingchuan, tmp_path):
    from forms.draft import read_draft, write_draft

    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    report.set_section("problems", "2026年存在的问题：……")
    again = read_draft(write_draft(report, tmp_path / "2026.json"))
    assert again.carried_text == report.carried_text and "problems" not in again.carried_text
    assert again.same_content(report)


def test_a_draft_naming_an_unknown_section_as_carried_is_refused():
    import pytest

    from forms.draft import DraftError, parse_draft

    text = ('{"format": "nianbao.report", "version": 1, "form": "gov-2021", "organ": "某局", "year": 2026,'
            ' "sections": {"overview": "上年的文字"}, "carried_text": ["overveiw"]}')
    with pytest.raises(DraftError, match="carried_text.*overveiw"):
        parse_draft(text)


def test_from_an_older_format_what_does_not_map_is_listed():
    last = new_report("某县人民政府办公室", 2020)            # gov-2019
    last.set_section("overview", "2020年，本县政务公开工作……")
    last.set_section("problems", "一是公开内容不够全面。")
    last.set(Cell("t2", "normative", "total_public"), 41)
    last.set(Cell("t3", "carried_forward", "natural"), 3)
    report = new_report("某县人民政府办公室", 2021)         # gov-2021
    carry = plan_carry(last, report, prose=True)
    assert set(carry.sections) == {"overview", "problems"}
    assert carry.values == {Cell("t3", "carried_over", "natural"): 3}
    assert carry.not_carried == [f"表二“{row}”行“现行有效件数”列：上年报告的{last.form.short_name}没有对应的栏目，"
                                 "没有推算，请按实际填写" for row in ("规章", "行政规范性文件")]

    older = new_report("某县人民政府办公室", 2018)           # gov-2014: its 依申请公开 section has prose
    older.set_section("requests", "全年共受理政府信息公开申请12件。")
    older.set_section("overview", "2018年，本县……")
    carry = plan_carry(older, new_report("某县人民政府办公室", 2019), prose=True)
    assert set(carry.sections) == {"overview"}
    assert carry.not_carried == [
        f"“三、依申请公开政府信息”：{last.form.short_name}没有这一部分的正文，没有带入",
        f"表三“二、上年结转政府信息公开申请数量”：上年报告的{older.form.short_name}没有对应的栏目，没有带入"]


def test_the_summary_names_the_prose_carried(qingchuan):
    report = new_report("青川市市场监督管理局", 2026)
    carry = plan_carry(qingchuan, report, prose=True)
    assert f"正文{len(carry.sections)}个部分（上年原文，请改写）" in carry.summary()
