"""Which pages a format gets, where a finding belongs, and each page's state."""

from __future__ import annotations

from forms.carryover import new_report
from forms.expr import Cell
from forms.loader import get_form
from forms.rules import check
from ui.page_plan import PageState, page_for_finding, page_state, plan_pages

DONE, EMPTY, ERRORS, WARNINGS = PageState.DONE, PageState.EMPTY, PageState.ERRORS, PageState.WARNINGS


def test_gov_2021_pages_follow_the_sections():
    pages = plan_pages(get_form("gov-2021"))
    assert [p.title for p in pages] == ["基本信息", "前言", "一、总体情况", "二、主动公开政府信息情况",
                                        "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                                        "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "检查", "上年对照",
                                        "导出"]
    t2 = pages[3]
    assert t2.has_prose and t2.table.key == "t2" and Cell("t2", "fees", "amount") in t2.cells


def test_gov_2014_statistics_table_has_one_page_per_block():
    form = get_form("gov-2014")
    pages = [p for p in plan_pages(form) if p.kind == "table"]
    assert len(pages) == 9 == len(form.tables["stats"].blocks)
    assert pages[0].title == "统计表：一、主动公开情况"
    assert set().union(*(p.cells for p in pages)) == set(form.tables["stats"].cells)
    assert not any(p.has_prose for p in pages)


def test_a_finding_opens_the_page_of_its_prose_or_its_cell(yueqing):
    pages = plan_pages(yueqing.form)
    result = check(yueqing)
    by_rule = {f.rule: f for f in result.findings}
    assert page_for_finding(pages, by_rule["R8"]).key == "section:requests"       # the prose it quotes
    assert page_for_finding(pages, by_rule["C1"]).key == "table:stats:c"
    report = new_report("", 2025)
    identity = [f for f in check(report).findings if f.rule == "ID"]
    assert page_for_finding(pages, identity[0]).key == "identity"


def test_page_states():
    report = new_report("某局", 2025)
    pages = {p.key: p for p in plan_pages(report.form)}
    result = check(report)
    assert page_state(pages["table:t3"], report, result) == EMPTY
    assert page_state(pages["section:overview"], report, result) == EMPTY
    assert page_state(pages["section:preface"], report, result) == DONE        # optional
    report.set(Cell("t3", "new_received", "natural"), 3)
    result = check(report)
    assert page_state(pages["table:t3"], report, result) == ERRORS             # R1 does not balance
    report.set(Cell("t3", "granted", "natural"), 3)
    result = check(report)
    assert page_state(pages["table:t3"], report, result) == WARNINGS           # blanks remain (R9)
    assert page_state(pages["review"], report, result) == ERRORS               # prose not written yet
    for section in report.form.sections:
        if section.prose == "required":
            report.sections[section.key] = "本年度无相关事项。"
    report.info["date"] = "2026-01-20"
    assert page_state(pages["review"], report, check(report)) == WARNINGS
