"""The Excel export's 上年对照 sheet: when last year's report is given, after the tables, each key figure
beside last year's with the change (numbers, a percent format), the large swings shaded; our reader
ignores it, so the workbook imports back unchanged."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

import main
from exports.xlsx_reader import read_xlsx
from exports.xlsx_writer import COMPARE_SHEET, build_workbook, write_xlsx
from forms.carryover import new_report
from forms.draft import write_draft
from forms.expr import Cell
from tests.support.gov2019 import gov2019_report


def _this_and_last():
    last = gov2019_report()                                   # 2020, the 2019 format
    report = new_report("某某县交通运输局", 2021, last=last)    # 2021, the 2021 format
    report.enter(Cell("t3", "new_received", "natural"), "3,001")
    report.enter(Cell("t2", "penalty", "decisions"), "90")
    report.enter(Cell("t2", "licensing", "decisions"), "356")
    report.enter(Cell("t2", "fees", "amount"), "12.5")
    return report, last


def _rows(ws):
    """{label: (row number, [values of 本年, 上年, 增减, 增减幅度])} under the header row."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "项目")
    assert [ws.cell(header, c).value for c in range(1, 6)] == ["项目", "本年", "上年", "增减", "增减幅度"]
    return {ws.cell(r, 1).value: (r, [ws.cell(r, c).value for c in range(2, 6)])
            for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value}


def test_the_sheet_follows_the_tables_when_last_year_is_given():
    report, last = _this_and_last()
    workbook = build_workbook(report, last=last)
    assert workbook.sheetnames == ["报告信息", "表二", "表三", "表四", COMPARE_SHEET] and COMPARE_SHEET == "上年对照"
    ws = workbook[COMPARE_SHEET]
    texts = [ws.cell(r, 1).value or "" for r in range(1, 5)]
    assert any("2021年度" in t and "2020年度" in t for t in texts)
    assert any("增减50%以上且至少10" in t for t in texts)
    rows = _rows(ws)
    r, values = rows["表三 本年新收申请（总计）"]
    assert values[:3] == [3001, 67, 2934]                                  # figures are numbers
    assert values[3] == Decimal("43.791") and ws.cell(r, 5).number_format == "+0.0%;-0.0%;0.0%"
    assert ws.cell(r, 4).number_format == "+#,##0;-#,##0;0"                 # +2,934
    assert ws.cell(r, 1).fill.fgColor.rgb.endswith("FFF0BF")                 # a swing is shaded
    r, values = rows["表二 行政许可 处理决定数量"]
    assert values == [356, 356, 0, 0] and ws.cell(r, 1).fill.fill_type is None
    assert rows["表二 行政规范性文件 本年制发件数"][1] == ["未填", "上年格式中没有", None, None]
    assert rows["表二 行政事业性收费 收费金额（万元）"][1][0] == Decimal("12.5")
    assert build_workbook(report).sheetnames == ["报告信息", "表二", "表三", "表四"]    # none without last


def test_a_zero_last_year_has_a_dash_for_its_percent():
    last = new_report("某局", 2024)
    report = new_report("某局", 2025)
    last.set(Cell("t4", "admin_review", "upheld"), 0)
    report.set(Cell("t4", "admin_review", "upheld"), 12)
    rows = _rows(build_workbook(report, last=last)[COMPARE_SHEET])
    assert rows["表四 行政复议总计"][1] == [12, 0, 12, "—"]


def test_the_workbook_imports_back_unchanged(tmp_path, qingchuan):
    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    report.enter(Cell("t3", "new_received", "natural"), "3,001")
    report.enter(Cell("t3", "granted", "natural"), "70")
    plain = read_xlsx(write_xlsx(report, tmp_path / "plain.xlsx"))
    with_sheet = read_xlsx(write_xlsx(report, tmp_path / "compare.xlsx", last=qingchuan))
    assert COMPARE_SHEET in load_workbook(tmp_path / "compare.xlsx").sheetnames
    assert with_sheet.report.same_content(plain.report)                  # as if the sheet were not there
    assert with_sheet.report.values == report.values and with_sheet.report.stated == {}
    assert with_sheet.problems == plain.problems
    assert not any("上年对照" in p for p in with_sheet.problems)


def test_the_reader_never_looks_at_the_sheet(tmp_path, qingchuan, monkeypatch):
    """Its labels name this year's figures and its figures are last year's too: no cell of it may be
    taken for the report's (whatever the label matcher learns later)."""
    import exports.xlsx_reader as reader

    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    seen = []
    real = reader._Import
    monkeypatch.setattr(reader, "_Import", lambda path, sheets, *rest: seen.extend(s.title for s in sheets)
                        or real(path, sheets, *rest))
    read_xlsx(write_xlsx(report, tmp_path / "compare.xlsx", last=qingchuan))
    assert seen == ["报告信息", "表二", "表三", "表四"]


def test_export_with_last_writes_the_sheet(tmp_path, capsys):
    report, last = _this_and_last()
    this_path, last_path = write_draft(report, tmp_path / "2021.json"), write_draft(last, tmp_path / "2020.json")
    out = tmp_path / "报告.xlsx"
    main.main(["export", str(this_path), "--xlsx", str(out), "--draft", "--last", str(last_path)])
    assert load_workbook(out).sheetnames[-1] == COMPARE_SHEET
    main.main(["export", str(this_path), "--xlsx", str(out), "--draft", "--overwrite"])
    assert COMPARE_SHEET not in load_workbook(out).sheetnames
