"""上年对照: this year's key figures beside last year's (forms.compare), and the `compare:` key of the
format files that declares them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.carryover import new_report
from forms.compare import compare
from forms.expr import Cell
from forms.loader import FormatError, get_form, parse_form
from tests.support.gov2019 import gov2019_report


def _rows(report, last):
    return {row.key: row for row in compare(report, last)}


def test_every_bundled_format_declares_its_key_figures():
    for form_id in ("gov-2021", "gov-2019", "gov-2014"):
        form = get_form(form_id)
        assert form.compare is not None and form.compare.figures, form_id
    keys = [f.key for f in get_form("gov-2021").compare.figures]
    for key in ("new_received", "carried_over", "granted", "partial", "denied", "processed", "carried_forward",
                "admin_review", "suits", "t2_normative_issued"):
        assert key in keys


def test_a_2019_report_last_year_beside_a_2021_report(qingchuan):
    """A 2021-format report compared with last year's 2019-format one: what both formats have is shown
    with its change; what the 2019 format has no column for says so."""
    last = gov2019_report()                     # 2020, gov-2019
    report = new_report("某某县交通运输局", 2021, last=last)
    assert report.form.id == "gov-2021"
    report.enter(Cell("t3", "new_received", "natural"), "3,001")
    report.enter(Cell("t2", "licensing", "decisions"), "356")
    report.enter(Cell("t2", "penalty", "decisions"), "90")
    rows = _rows(report, last)
    new = rows["new_received"]
    assert (new.this, new.last, new.change) == (3001, 67, 2934)
    assert new.swing and new.note == ""
    assert new.texts()[1:] == ("3,001", "67", "+2,934", "+4379.1%")
    licensing = rows["t2_licensing"]
    assert (licensing.this, licensing.last, licensing.change, licensing.pct) == (356, 356, 0, Decimal("0.0"))
    assert not licensing.swing and licensing.texts()[3:] == ("0", "0.0%")
    assert rows["t2_penalty"].swing                             # 41 → 90: +119.5 %, 49 more
    issued = rows["t2_normative_issued"]                        # 2019 has 新制作, not 制发
    assert issued.last is None and issued.change is None and not issued.swing
    assert issued.note == "上年格式中没有"
    assert issued.texts()[2:] == ("上年格式中没有", "", "")
    denied = rows["denied"]                                     # a sum over 不予公开's eight rows
    assert denied.last == 1 + 2 + 1 + 2 + 1


def test_zero_last_year_has_no_percent_and_a_big_figure_is_a_swing():
    last = new_report("某局", 2024, get_form("gov-2021"))
    report = new_report("某局", 2025, get_form("gov-2021"))
    last.set(Cell("t4", "admin_review", "upheld"), 0)
    report.set(Cell("t4", "admin_review", "upheld"), 12)
    last.set(Cell("t3", "carried_forward", "natural"), 0)
    report.set(Cell("t3", "carried_forward", "natural"), 3)
    rows = _rows(report, last)
    review = rows["admin_review"]
    assert (review.this, review.last, review.change, review.pct) == (12, 0, 12, None)
    assert review.swing                                         # from 0 to 12: at least 10 more
    assert review.texts()[3:] == ("+12", "—")
    small = rows["carried_forward"]
    assert small.pct is None and not small.swing                # from 0 to 3: fewer than 10
    assert small.texts()[4] == "—"


def test_thousands_against_millions():
    last = new_report("某省人民政府办公厅", 2024, get_form("gov-2021"))
    report = new_report("某省人民政府办公厅", 2025, get_form("gov-2021"))
    last.enter(Cell("t3", "granted", "natural"), "11,398,889")
    report.enter(Cell("t3", "granted", "natural"), "3,001")
    granted = _rows(report, last)["granted"]
    assert granted.change == -11395888 and granted.swing
    assert granted.pct == Decimal("-99.9")                      # truncated: never a false −100 %
    assert granted.texts()[1:] == ("3,001", "11,398,889", "-11,395,888", "-99.9%")


def test_blanks_are_said_not_read_as_zero():
    last = new_report("某局", 2024, get_form("gov-2021"))
    report = new_report("某局", 2025, get_form("gov-2021"))
    report.set(Cell("t4", "suit_direct", "upheld"), 2)          # last year's 表四 left blank
    last.set(Cell("t3", "partial", "natural"), 5)               # this year's 部分公开 left blank
    rows = _rows(report, last)
    suits = rows["suits"]
    assert (suits.this, suits.last, suits.change, suits.swing) == (2, None, None, False)
    assert suits.note == "上年未填"
    assert suits.texts()[2:] == ("未填", "", "")
    partial = rows["partial"]
    assert partial.this is None and partial.note == "本年未填" and partial.texts()[1] == "未填"
    assert rows["granted"].note == "本年、上年均未填"


def test_amounts_in_wan_yuan_keep_their_decimals():
    last = new_report("某局", 2024, get_form("gov-2021"))
    report = new_report("某局", 2025, get_form("gov-2021"))
    last.enter(Cell("t2", "fees", "amount"), "12.5")
    report.enter(Cell("t2", "fees", "amount"), "0.35")
    fees = _rows(report, last)["t2_fees"]
    assert fees.change == Decimal("-12.15")
    assert fees.texts()[1:] == ("0.35", "12.5", "-12.15", "-97.2%")


def test_without_last_year_only_this_year_is_shown(qingchuan):
    rows = compare(qingchuan, None)
    assert rows and all(r.last is None and r.change is None and not r.swing for r in rows)
    assert all(r.texts()[2:] == ("", "", "") for r in rows)
    assert rows[0].label.startswith("表二")


def test_a_2014_report_last_year_gives_what_its_statistics_table_had(yueqing):
    report = new_report("乐清市文化广电新闻出版局", 2018, get_form("gov-2014"))
    rows = _rows(report, yueqing)
    assert rows["new_received"].last == yueqing.value(Cell("stats", "c1", "value"))
    later = new_report("乐清市文化广电新闻出版局", 2019)
    rows = _rows(later, yueqing)
    assert rows["new_received"].last == yueqing.value(Cell("stats", "c1", "value"))
    assert rows["granted"].note == "上年格式中没有"


FORM = """
id: test-compare
name: 测试
basis: 测试
document_number: 测试
years: {from: 2030}
sections:
  - {key: t, heading: 表, kind: table, table: t}
tables:
  - key: t
    short: 表一
    title: 表一
    layout: matrix
    columns: [{key: n, label: 数}]
    rows: [{key: a, label: 甲}, {key: b, label: 乙}]
"""


@pytest.mark.parametrize(("block", "said"), [
    ("compare: [1]", "第16行，compare：应为键值表"),
    ("compare:\n  swing: {percent: 50, least: 10}\n  figures:\n    - {key: a, label: 甲, value: t.a.m}",
     "第19行，compare.figures[0].value：没有单元格 t.a.m"),
    ("compare:\n  swing: {percent: 50, least: 10}\n  figures:\n    - {key: a, label: 甲, value: t.a.n}\n"
     "    - {key: a, label: 乙, value: t.b.n}", "第20行，compare.figures[1]：键“a”重复"),
    ("compare:\n  swing: {percent: 0, least: 10}\n  figures:\n    - {key: a, label: 甲, value: t.a.n}",
     "compare.swing.percent：应为大于0的数"),
    ("compare:\n  swing: {percent: 50, least: 10}\n  figures:\n    - {key: a, label: 甲, value: last.t.a.n}",
     "compare.figures[0].value：不能引用上年数据"),
    ("compare:\n  figures:\n    - {key: a, label: 甲, value: t.a.n}", "compare：缺少“swing”"),
    ("compare:\n  swing: {percent: 50, least: 10}\n  figures:\n    - {key: a, value: t.a.n}", "缺少“label”"),
])
def test_the_compare_key_is_checked_with_file_and_line(block, said):
    with pytest.raises(FormatError) as caught:
        parse_form(FORM + block, "test.yaml")
    assert "格式文件 test.yaml" in str(caught.value) and said in str(caught.value)


def test_a_format_without_compare_compares_nothing():
    form = parse_form(FORM, "test.yaml")
    assert form.compare is None
    report = new_report("某局", 2031, form)
    assert compare(report, report) == []
