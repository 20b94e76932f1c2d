"""Likely typos behind a failed balance (forms/typos.py): the input cells where ONE slip — a digit
dropped or added, two adjacent digits swapped, a figure typed into the neighbouring row or column —
explains the difference, so that 按建议修正 does not hide the real mistake behind a wrong 结转."""

from __future__ import annotations

import pytest

from forms.expr import Cell
from forms.loader import get_form
from forms.report import Report
from forms.rules import check
from forms.typos import Slip, candidates, next_years_cell


def c(text: str) -> Cell:
    return Cell.parse(text)


def r1(report: Report, column: str):
    """The R1 finding (表三 balance) of one column."""
    [finding] = [f for f in check(report).findings if f.rule == "R1" and c(f"t3.new_received.{column}") in f.cells]
    return finding


def found(report: Report, finding) -> list[tuple[Cell, Slip, int]]:
    return [(k.cell, k.slip, k.intended) for k in candidates(report, finding)]


def test_a_dropped_digit_is_found(qingchuan):
    qingchuan.set(c("t3.new_received.natural"), 16)             # 186 typed as 16
    finding = r1(qingchuan, "natural")
    assert finding.fix is None       # the fix would be −145: no fix, and the typo is the one place to look
    assert found(qingchuan, finding) == [(c("t3.new_received.natural"), Slip.DROPPED, 186)]


def test_a_dropped_digit_in_a_small_figure_lists_every_cell_it_could_be(qingchuan):
    """38 typed as 3: any other 3 of the column, typed for 38, would explain it as well."""
    qingchuan.set(c("t3.unable_not_held.natural"), 3)
    finding = r1(qingchuan, "natural")
    assert finding.fix == (c("t3.carried_forward.natural"), 44)  # the fix would hide it behind a 结转 of 44
    listed = found(qingchuan, finding)
    assert (c("t3.unable_not_held.natural"), Slip.DROPPED, 38) in listed
    assert {(slip, intended) for _, slip, intended in listed} == {(Slip.DROPPED, 38)}
    assert {cell for cell, _, _ in listed} == {cell for cell in qingchuan.form.tables["t3"].cells
                                               if cell.column == "natural" and qingchuan.values.get(cell) == 3}


def test_an_added_digit_is_found(qingchuan):
    qingchuan.set(c("t3.new_received.natural"), 1186)          # 186 typed with a 1 too many
    assert found(qingchuan, r1(qingchuan, "natural")) == [(c("t3.new_received.natural"), Slip.ADDED, 186)]


def test_swapped_digits_are_found(qingchuan):
    qingchuan.set(c("t3.granted.natural"), 17)                  # 71: a difference of 54, divisible by 9
    listed = found(qingchuan, r1(qingchuan, "natural"))
    assert listed[0] == (c("t3.granted.natural"), Slip.SWAPPED, 71)     # the likeliest comes first
    assert [slip for _, slip, _ in listed[1:]] == [Slip.DROPPED] * (len(listed) - 1)   # 5 for 59, 6 for 60


def test_a_figure_in_the_neighbouring_row_is_found(qingchuan):
    # 上年结转 9 and 予以公开 71 typed into each other's rows (adjacent in the printed table)
    qingchuan.set(c("t3.carried_over.natural"), 71)
    qingchuan.set(c("t3.granted.natural"), 9)
    [candidate] = candidates(qingchuan, r1(qingchuan, "natural"))
    assert candidate.slip is Slip.NEIGHBOUR_ROW
    assert {candidate.cell, candidate.neighbour} == {c("t3.carried_over.natural"), c("t3.granted.natural")}
    text = candidate.describe(qingchuan.form)
    assert "上年结转" in text and "予以公开" in text and "相邻" in text


def test_a_figure_in_the_neighbouring_column_is_found(qingchuan):
    # the 9 granted to 商业企业 typed one column to the right, under 科研机构
    qingchuan.set(c("t3.granted.business"), 0)
    qingchuan.set(c("t3.granted.research"), 9)
    for column in ("business", "research"):              # both columns are off, by 9 and by −9
        [candidate] = [k for k in candidates(qingchuan, r1(qingchuan, column)) if k.neighbour is not None]
        assert candidate.slip is Slip.NEIGHBOUR_COLUMN
        assert (candidate.cell, candidate.neighbour) == (c("t3.granted.research"), c("t3.granted.business"))
        assert candidate.typed == 9
        assert "商业企业" in candidate.describe(qingchuan.form)


def test_nothing_single_explains_a_difference_of_two(qingchuan):
    qingchuan.set(c("t3.granted.natural"), 72)       # two slips of one each: no single slip explains 2
    qingchuan.set(c("t3.partial.natural"), 13)
    finding = r1(qingchuan, "natural")
    assert finding.fix is not None
    assert candidates(qingchuan, finding) == []


def test_a_finding_that_is_no_comparison_has_no_candidates(qingchuan):
    qingchuan.organ = ""
    [finding] = [f for f in check(qingchuan).findings if f.rule == "ID"]
    assert candidates(qingchuan, finding) == []


@pytest.fixture
def city() -> Report:
    """A city government's 表三 with figures in the thousands (自然人 only, the rest 0)."""
    report = Report(form=get_form("gov-2021"), organ="某市人民政府", year=2025)
    for cell in report.form.tables["t3"].cells:
        if not report.form.is_computed(cell):
            report.set(cell, 0)
    figures = {"new_received": 3001, "carried_over": 212, "granted": 1530, "partial": 406,
               "unable_not_held": 877, "notproc_repeat": 95, "other_other": 60, "carried_forward": 245}
    for row, value in figures.items():
        report.set(c(f"t3.{row}.natural"), value)
    assert not [f for f in check(report).findings if f.rule == "R1"]
    return report


@pytest.mark.parametrize(("typed", "slip"), [(3010, Slip.SWAPPED), (301, Slip.DROPPED), (300, Slip.DROPPED),
                                             (30001, Slip.ADDED), (30011, Slip.ADDED)])
def test_a_3001_sized_figure(city, typed, slip):
    city.set(c("t3.new_received.natural"), typed)
    finding = r1(city, "natural")
    assert (c("t3.new_received.natural"), slip, 3001) in found(city, finding)
    [mine] = [k for k in candidates(city, finding) if k.cell == c("t3.new_received.natural")]
    text = mine.describe(city.form)
    assert f"填的是{typed}" in text and "3001" in text, text


def test_candidates_are_found_in_other_formats_too(yueqing):
    """gov-2014's list table: K2 says no channel publishes more than all of 主动公开 (a1)."""
    form = yueqing.form
    k2 = next(compare for compare in form.compares if compare.rule == "K2")
    cell = next(cell for cell in k2.left.cells)
    limit = yueqing.value(next(iter(k2.right.cells)))
    assert isinstance(limit, int) and limit >= 10
    typed = int(str(limit) + "0")                      # a 0 too many: over the total
    yueqing.set(cell, typed)
    [finding] = [f for f in check(yueqing).findings if f.rule == "K2" and f.cells == k2.cells]
    assert (cell, Slip.ADDED, limit) in found(yueqing, finding)


# --- no fix that is implausible --------------------------------------------------------------------

def last_year(report: Report) -> Report:
    last = report.copy()
    last.year = report.year - 1
    return last


def test_a_fix_that_would_jump_over_last_years_figure_is_not_offered(qingchuan):
    last = last_year(qingchuan)                                     # 结转 9 last year
    qingchuan.set(c("t3.new_received.natural"), 1860)              # 186 with a 0 too many
    [finding] = [f for f in check(qingchuan, last).findings
                 if f.rule == "R1" and c("t3.new_received.natural") in f.cells]
    assert finding.fix is None                                     # 1683 would be over 10 times last year's 9
    assert "应填1683" in finding.message and "不合常理" in finding.message and "笔误" in finding.message
    assert "是上年（9）的10倍以上" in finding.message
    assert found(qingchuan, finding) == [(c("t3.new_received.natural"), Slip.ADDED, 186)]


def test_the_same_fix_is_offered_without_last_years_report(qingchuan):
    qingchuan.set(c("t3.new_received.natural"), 1860)
    assert r1(qingchuan, "natural").fix == (c("t3.carried_forward.natural"), 1683)


def test_a_fix_of_a_million_is_not_offered(qingchuan):
    qingchuan.set(c("t3.carried_over.natural"), 1000009)           # 9 with digits run together
    finding = r1(qingchuan, "natural")
    assert finding.fix is None
    assert "应填1000009" in finding.message and "不合常理" in finding.message


def test_a_plausible_fix_is_still_offered_with_last_years_report(qingchuan):
    last = last_year(qingchuan)
    qingchuan.set(c("t3.carried_forward.natural"), 5)               # should be 9: 9 is what last year had
    [finding] = [f for f in check(qingchuan, last).findings if f.rule == "R1"]
    assert finding.fix == (c("t3.carried_forward.natural"), 9)
    assert "不合常理" not in finding.message


def test_the_fixed_figure_is_next_years_carried_over(qingchuan):
    form = qingchuan.form
    assert next_years_cell(form, c("t3.carried_forward.legal")) == c("t3.carried_over.legal")
    assert next_years_cell(form, c("t3.granted.legal")) is None
