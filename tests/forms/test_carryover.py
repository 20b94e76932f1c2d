"""A new report starts from last year's: carried-over figures and contact details."""

from __future__ import annotations

from forms.carryover import new_report
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
