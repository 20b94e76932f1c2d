"""汇总 (forms.merge): many units' reports of one format and year summed into one report of that format."""

from __future__ import annotations

from decimal import Decimal

from forms.expr import Cell
from forms.merge import NO_PROSE_NOTE, PLACEHOLDER_ORGAN, Merge
from forms.rules import check

NEW = Cell("t3", "new_received", "natural")
NEW_TOTAL = Cell("t3", "new_received", "total")
FEES = Cell("t2", "fees", "amount")
REVIEW = Cell("t4", "admin_review", "upheld")


def unit(report, organ, **values):
    """A copy of `report` as another unit's: its organ, some of its figures changed (None: blank)."""
    other = report.copy()
    other.set_organ(organ)
    for name, value in values.items():
        other.set({"new": NEW, "fees": FEES, "review": REVIEW}[name], value)
    return other


def test_blank_plus_blank_stays_blank_blank_plus_five_is_five_and_amounts_add_exactly(qingchuan):
    merge = Merge()
    merge.add(unit(qingchuan, "青川县教育局", new=None, fees=Decimal("0.15"), review=None), "教育局.json")
    merge.add(unit(qingchuan, "青川县卫健局", new=5, fees=Decimal("3001.05"), review=None), "卫健局.docx")
    summary = merge.summary("青川县人民政府办公室")
    assert summary.value(NEW) == 5
    assert summary.value(REVIEW) is None
    assert summary.value(FEES) == Decimal("3001.20")
    other = qingchuan.value(NEW_TOTAL) - qingchuan.value(NEW)
    assert summary.value(NEW_TOTAL) == 5 + 2 * other
    assert not summary.sections and summary.organ == "青川县人民政府办公室" and summary.year == 2025


def test_the_summary_is_checked_as_any_report_and_its_totals_are_computed(qingchuan):
    merge = Merge()
    for n, organ in enumerate(("青川县教育局", "青川县民政局", "青川县自然资源局")):
        merge.add(unit(qingchuan, organ), f"{n}.json")
    summary = merge.summary(None)
    assert summary.organ == PLACEHOLDER_ORGAN
    assert not summary.stated
    assert {f.rule for f in check(summary).errors} == {"TEXT"}     # only the prose, the office's to write
    assert summary.value(Cell("t3", "total_processed", "total")) == 3 * qingchuan.value(
        Cell("t3", "total_processed", "total"))


def test_mixed_years_and_formats_are_refused_naming_the_files(qingchuan, yueqing):
    merge = Merge()
    merge.add(unit(qingchuan, "青川县教育局"), "教育局.json")
    last_year = unit(qingchuan, "青川县民政局")
    last_year.year = 2024
    merge.add(last_year, "民政局2024.docx")
    merge.add(yueqing, "乐清文广新.xlsx")
    refusal = merge.refusal()
    assert refusal is not None
    assert "2025年度" in refusal and "2024年度" in refusal and "2017年度" in refusal
    assert "教育局.json" in refusal and "民政局2024.docx" in refusal and "乐清文广新.xlsx" in refusal
    assert refusal.index("2025年度") < refusal.index("教育局.json") < refusal.index("2024年度")


def test_the_same_organ_twice_is_summed_once_and_both_files_named(qingchuan):
    merge = Merge()
    merge.add(unit(qingchuan, "青川县教育局", new=3), "教育局.json")
    merge.add(unit(qingchuan, "青川县 教育局", new=3), "教育局（修改稿）.docx")
    assert merge.refusal() is None
    assert merge.summary(None).value(NEW) == 3
    assert len(merge.duplicates) == 1
    assert "教育局.json" in merge.duplicates[0] and "教育局（修改稿）.docx" in merge.duplicates[0]
    assert [row.summed for row in merge.units] == [True, False]


def test_a_unit_with_errors_is_summed_and_listed(qingchuan):
    broken = unit(qingchuan, "青川县交通局")
    broken.stated[NEW_TOTAL] = 3001                  # its stated total does not add up: an error
    merge = Merge()
    merge.add(unit(qingchuan, "青川县教育局"), "教育局.json")
    merge.add(broken, "交通局.xlsx")
    summary = merge.summary(None)
    assert summary.value(NEW_TOTAL) == 2 * qingchuan.value(NEW_TOTAL) and not summary.stated
    erring = merge.with_errors()
    assert [row.source for row in erring] == ["交通局.xlsx"]
    assert erring[0].check_words.startswith("错误1处")
    assert merge.units[0].check_words == "通过"


def test_each_units_key_figures_come_from_the_formats_compare_list(qingchuan):
    merge = Merge()
    merge.add(unit(qingchuan, "青川县教育局", new=7), "教育局.json")
    labels = [figure.label for figure in merge.figures]
    assert labels[0].startswith("表三 本年新收") and "行政诉讼" in labels[-1] and len(labels) == 5
    row = merge.units[0]
    assert row.organ == "青川县教育局"
    assert row.figures[0] == qingchuan.value(NEW_TOTAL) - qingchuan.value(NEW) + 7


def test_a_unit_whose_file_has_no_prose_is_judged_on_its_figures(qingchuan):
    tables_only = unit(qingchuan, "青川县木鱼镇人民政府")
    tables_only.sections.clear()                     # as read from a workbook: the tables only
    merge = Merge()
    row = merge.add(tables_only, "木鱼镇.xlsx")
    assert row is not None and row.check_words == "通过" and row.note == NO_PROSE_NOTE
    assert not merge.with_errors()
