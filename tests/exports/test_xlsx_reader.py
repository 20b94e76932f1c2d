"""Excel import: our own export losslessly, hand-laid sheets in several messy styles, bad files."""

from __future__ import annotations

import re
import time
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook

from exports.xlsx_reader import WorkbookError, read_xlsx
from exports.xlsx_writer import write_xlsx
from forms.definition import CellKind
from forms.expr import Cell
from forms.loader import get_form
from forms.report import Report
from forms.rules import check
from tests.support.strategies import reports

QINGCHUAN_TITLE = "青川市市场监督管理局2025年政府信息公开工作年度报告"


# --- hand-laid sheets ------------------------------------------------------------------------------
# Each helper lays one table out the way a person would type it, from `top`/`left`, and returns the
# sheet address of every figure (so tests can break one on purpose).

def _plain(value):
    return value


def lay_t2(ws, report, top=1, left=1, label=str, figure=_plain, merge=False):
    table = report.form.tables["t2"]
    width = table.value_columns
    at, r = {}, top
    for block in table.blocks:
        ws.cell(r, left, block.heading)
        if merge:
            ws.merge_cells(start_row=r, start_column=left, end_row=r, end_column=left + width)
        r += 1
        ws.cell(r, left, "信息内容")
        for i, key in enumerate(block.columns):
            ws.cell(r, left + 1 + i, label(table.column(key).label))
        r += 1
        for row_key in block.rows:
            ws.cell(r, left, label(table.row(row_key).label))
            for i, key in enumerate(block.columns):
                cell = Cell("t2", row_key, key)
                ws.cell(r, left + 1 + i, figure(report.value(cell)))
                at[cell] = ws.cell(r, left + 1 + i).coordinate
            r += 1
    return at, r


def lay_t3(ws, report, top=1, left=1, label=str, figure=_plain, merge=False):
    table = report.form.tables["t3"]
    leaves = ["natural", "business", "research", "public_interest", "legal", "other_org", "total"]
    v = left + 3
    ws.cell(top, left, table.corner)
    ws.cell(top, v, "申请人情况")
    ws.cell(top + 1, v, "自然人")
    ws.cell(top + 1, v + 1, "法人或其他组织")
    ws.cell(top + 1, v + 6, "总计")
    for i, key in enumerate(leaves[1:6]):
        ws.cell(top + 2, v + 1 + i, table.column(key).label)
    if merge:
        ws.merge_cells(start_row=top, start_column=left, end_row=top + 2, end_column=left + 2)
        ws.merge_cells(start_row=top, start_column=v, end_row=top, end_column=v + 6)
        ws.merge_cells(start_row=top + 1, start_column=v, end_row=top + 2, end_column=v)
        ws.merge_cells(start_row=top + 1, start_column=v + 1, end_row=top + 1, end_column=v + 5)
        ws.merge_cells(start_row=top + 1, start_column=v + 6, end_row=top + 2, end_column=v + 6)
    at = {}
    r = top + 3
    previous: tuple = ()
    for i, row in enumerate(table.rows):
        for level, group in enumerate(row.groups):
            if previous[:level + 1] != row.groups[:level + 1]:
                ws.cell(r, left + level, label(group))
                span = 1
                while i + span < len(table.rows) and table.rows[i + span].groups[:level + 1] == row.groups[:level + 1]:
                    span += 1
                if merge and span > 1:
                    ws.merge_cells(start_row=r, start_column=left + level, end_row=r + span - 1,
                                   end_column=left + level)
        if merge and len(row.groups) < 2:
            ws.merge_cells(start_row=r, start_column=left + len(row.groups), end_row=r, end_column=left + 2)
        previous = row.groups
        ws.cell(r, left + len(row.groups), label(row.label))
        for j, key in enumerate(leaves):
            cell = Cell("t3", row.key, key)
            ws.cell(r, v + j, figure(report.value(cell)))
            at[cell] = ws.cell(r, v + j).coordinate
        r += 1
    return at, r


def lay_t4(ws, report, top=1, left=1, label=str, figure=_plain):
    table = report.form.tables["t4"]
    ws.cell(top, left, "行政复议")
    ws.cell(top, left + 5, "行政诉讼")
    ws.cell(top + 1, left + 5, "未经复议直接起诉")
    ws.cell(top + 1, left + 10, "复议后起诉")
    at = {}
    for g, row_key in enumerate(["admin_review", "suit_direct", "suit_after_review"]):
        header_row = top + 1 if g == 0 else top + 2
        for j, column in enumerate(table.column_keys):
            c = left + 5 * g + j
            ws.cell(header_row, c, label(table.column(column).label))
            cell = Cell("t4", row_key, column)
            ws.cell(top + 3, c, figure(report.value(cell)))
            at[cell] = ws.cell(top + 3, c).coordinate
    return at, top + 4


def messy_label(text: str) -> str:
    """Labels as copied from PDFs and typed by hand: 1、, ASCII parentheses, a line break inside."""
    text = text.replace("1.", "1、").replace("（", "(").replace("）", ")")
    return text[:4] + "\n" + text[4:] if len(text) > 12 else text


def as_text(value):
    """Numbers typed as text, 0 as a dash."""
    if value == 0:
        return "—"
    return None if value is None else f" {value} "


def save(wb: Workbook, path):
    wb.save(path)
    return path


@pytest.fixture
def one_sheet_2021(tmp_path, qingchuan):
    """All three tables on one sheet under a title, offset, unmerged, variants, text numbers, dashes,
    a note under each table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年报数据"
    ws["B1"] = QINGCHUAN_TITLE
    ws["B3"] = "二、主动公开政府信息情况"
    at2, r = lay_t2(ws, qingchuan, top=4, left=2, label=messy_label, figure=as_text)
    ws.cell(r, 2, "注：本表数据截至2025年12月31日。")
    ws.cell(r + 2, 2, "三、收到和处理政府信息公开申请情况")
    at3, r = lay_t3(ws, qingchuan, top=r + 3, left=2, label=messy_label, figure=as_text)
    ws.cell(r, 2, "填表说明：第一项加第二项之和等于第三项加第四项之和。")
    ws.cell(r + 2, 2, "四、政府信息公开行政复议、行政诉讼情况")
    at4, r = lay_t4(ws, qingchuan, top=r + 3, left=2, figure=as_text)
    ws.cell(r + 1, 2, "制表人：张三　　审核人：李四")
    return save(wb, tmp_path / "一张表.xlsx"), {**at2, **at3, **at4}


# --- our own export --------------------------------------------------------------------------------

def test_both_samples_come_back_from_their_export(tmp_path, samples):
    for name, report in samples.items():
        path = write_xlsx(report, tmp_path / name.replace(".json", ".xlsx"))
        result = read_xlsx(path)
        # only the totals the sample states against their parts (乐清's four blank subtotals) are said
        assert len(result.problems) == len(report.stated)
        assert all("按各分项计算应为" in problem for problem in result.problems)
        back = result.report
        assert back.form.id == report.form.id
        assert (back.organ, back.year, back.info) == (report.organ, report.year, report.info)
        assert back.values == report.values
        assert back.stated == report.stated
        assert "报告信息" in result.form_reason


@pytest.mark.parametrize("form_id, year", [("gov-2021", 2025), ("gov-2019", 2020), ("gov-2014", 2017)])
def test_blank_cells_come_back_blank_and_zeros_as_zero(tmp_path, form_id, year):
    """R9: a cell never entered is not 0. Our own workbook gives back exactly what was entered:
    blanks (a whole row, a whole table, the fee), zeros, and totals of partly blank parts."""
    form = get_form(form_id)
    report = Report(form=form, organ="某某县某某局", year=year)
    for i, cell in enumerate(form.input_cells):
        if i % 3 == 0:
            continue                                             # blank
        kind = form.kind_of(cell)
        value = 0 if i % 3 == 1 else i
        report.set(cell, Decimal(value) / 4 if kind == CellKind.DECIMAL else value)
    first_table = next(iter(form.tables))
    for cell in form.input_cells:
        if cell.table == first_table and cell.row == form.tables[first_table].row_keys[-1]:
            report.set(cell, None)                               # a whole row blank
        if len(form.tables) > 1 and cell.table == list(form.tables)[-1]:
            report.set(cell, None)                               # a whole table blank
    assert report.blank_input_cells()
    result = read_xlsx(write_xlsx(report, tmp_path / "blanks.xlsx"))
    assert result.problems == []
    assert result.report.values == report.values
    assert result.report.blank_input_cells() == report.blank_input_cells()
    assert result.report.stated == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=reports(with_prose=False))
def test_random_valid_reports_survive_export_and_import(tmp_path, report):
    path = write_xlsx(report, tmp_path / "r.xlsx")
    result = read_xlsx(path)
    back = result.report
    assert result.problems == []
    assert back.form.id == report.form.id
    assert (back.organ, back.year, back.info) == (report.organ, report.year, report.info)
    assert back.values == report.values
    assert back.stated == {}


# --- hand-laid sheets -----------------------------------------------------------------------------

def test_one_messy_sheet_with_all_tables(one_sheet_2021, qingchuan):
    path, _ = one_sheet_2021
    result = read_xlsx(path)
    assert result.problems == []
    report = result.report
    assert report.form.id == "gov-2021" and "栏目名称" in result.form_reason
    assert (report.organ, report.year) == ("青川市市场监督管理局", 2025)
    assert report.values == qingchuan.values
    assert report.stated == {}
    assert set(result.places) == {"t2", "t3", "t4"}


def test_tables_on_their_own_sheets_with_merged_labels(tmp_path, qingchuan):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "填报单位：青川市市场监督管理局"
    ws["A2"] = "报告年度"
    ws["B2"] = "2025年"
    lay_t2(ws, qingchuan, top=4, merge=True)
    lay_t3(wb.create_sheet("Sheet2"), qingchuan, top=3, left=3, merge=True)
    lay_t4(wb.create_sheet("Sheet 3"), qingchuan, top=2)
    result = read_xlsx(save(wb, tmp_path / "merged.xlsx"))
    assert result.problems == []
    assert (result.report.organ, result.report.year) == ("青川市市场监督管理局", 2025)
    assert result.report.values == qingchuan.values
    assert result.places["t4"].startswith("'Sheet 3'!")


LINHE = ("临河县教育局", 2024)


@pytest.mark.parametrize("top", [
    {"A1": "填报单位：临河县教育局      2024年度"},                        # ASCII spaces
    {"A1": "填报单位：临河县教育局　　　　　　2024年度"},                  # full-width spaces
    {"A1": "填报单位（盖章）：临河县教育局\t\t统计年度：2024年"},
    {"A1": "单位名称：临河县教育局        年度：2024        填报日期：2025年1月15日"},
    {"A1": "填 报 单 位：临河县教育局    （2024年度）"},                     # a label spelt out
    {"A1": "2024年度          填报单位：临河县教育局          单位：件"},
    {"A1": "填报单位：", "B1": "临河县教育局      2024年度"},
    {"A1": "填报单位：临河县教育局", "F1": "2024年度"},
    {"A1": "临河县教育局2024年政府信息公开工作年度报告"},                  # a title, no identity row
    {"A1": "临河县教育局\n2024年度政府信息公开工作报告"},
    {"A1": "2024年临河县教育局政府信息公开工作年度报告"},
    {"A1": "临河县教育局关于2024年度政府信息公开工作的年度报告"},
    {"A1": "临河县教育局2024年政府信息公开工作年度报告", "A2": "填报单位：临河县教育局　　　　　　2024年度"},
    {"A1": "临河县教育局2024年政府信息公开工作年度报告", "A2": "制表人：张三　　　审核人：李四　　　2025年1月"},
])
def test_organ_and_year_from_typical_title_rows(tmp_path, qingchuan, top):
    wb = Workbook()
    ws = wb.active
    for address, text in top.items():
        ws[address] = text
    lay_t2(ws, qingchuan, top=4)
    lay_t3(wb.create_sheet("表三"), qingchuan)
    lay_t4(wb.create_sheet("表四"), qingchuan)
    result = read_xlsx(save(wb, tmp_path / "title.xlsx"))
    assert (result.report.organ, result.report.year) == LINHE
    assert result.problems == []
    assert result.report.values == qingchuan.values


def test_a_fill_in_date_is_not_taken_for_the_report_year(tmp_path, qingchuan):
    wb = Workbook()
    wb.active["A1"] = "填报单位：临河县教育局　　　　填报日期：2025年1月15日"
    lay_t3(wb.active, qingchuan, top=3)
    result = read_xlsx(save(wb, tmp_path / "date.xlsx"), form_id="gov-2021")
    assert (result.report.organ, result.report.year) == ("临河县教育局", None)
    assert "没有找到报告年度，请在导入后补填。" in result.problems


def _report_2019():
    form = get_form("gov-2019")
    report = Report(form=form, organ="某某县教育局", year=2020)
    for i, cell in enumerate(form.input_cells):
        kind = form.kind_of(cell)
        signed = -i if kind == CellKind.SIGNED and i % 2 else i
        report.set(cell, Decimal(f"{i}.25") if kind == CellKind.DECIMAL else signed)
    return report


def test_2019_is_told_from_2021_by_the_t2_column_labels(tmp_path):
    report = _report_2019()
    wb = Workbook()
    lay_t2(wb.active, report)
    lay_t3(wb.create_sheet("表三"), report)
    result = read_xlsx(save(wb, tmp_path / "2019.xlsx"))
    assert result.report.form.id == "gov-2019"
    t2_t3 = {c: v for c, v in report.values.items() if c.table in ("t2", "t3")}
    assert result.report.values == t2_t3
    assert result.problems == ["没有找到机关名称，请在导入后补填。", "没有找到报告年度，请在导入后补填。",
                               "没有找到表四（政府信息公开行政复议、行政诉讼情况），它的数字按空白处理。"]


def test_the_report_year_decides_when_the_labels_fit_two_formats(tmp_path):
    report = _report_2019()
    wb = Workbook()
    wb.active["A1"] = "某某县教育局2020年政府信息公开工作年度报告"
    lay_t4(wb.active, report, top=3)
    result = read_xlsx(save(wb, tmp_path / "t4.xlsx"))
    assert result.report.form.id == "gov-2019" and "2020" in result.form_reason
    assert result.report.organ == "某某县教育局"


def test_the_form_option_wins_and_a_conflict_is_said(tmp_path, qingchuan):
    path = write_xlsx(qingchuan, tmp_path / "q.xlsx")
    result = read_xlsx(path, form_id="gov-2019")
    assert result.report.form.id == "gov-2019"
    assert any("文件中标明的格式是2021年版格式，按指定的2019年试行版格式读取" in p for p in result.problems)
    with pytest.raises(WorkbookError, match="未知的报告格式"):
        read_xlsx(path, form_id="gov-1999")


def test_a_2019_label_in_a_2021_sheet_is_read_with_a_warning(tmp_path, qingchuan):
    wb = Workbook()
    lay_t2(wb.active, qingchuan, label=lambda s: "规范性文件" if s == "行政规范性文件" else s)
    lay_t3(wb.create_sheet(), qingchuan)
    result = read_xlsx(save(wb, tmp_path / "mixed.xlsx"), form_id="gov-2021")
    normative = Cell("t2", "normative", "in_force")
    assert result.report.value(normative) == qingchuan.value(normative)
    assert any("规范性文件" in p and "2019年试行版格式" in p for p in result.problems)


def test_missing_and_unknown_rows_are_reported_not_guessed(tmp_path, qingchuan):
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    at, end = lay_t3(ws, qingchuan)
    # 2.重复申请 renamed to something the format does not have
    number = at[Cell("t3", "notproc_repeat", "natural")][1:]
    row = int(number) if number.isdigit() else None
    target = next(r for r in range(1, end) if ws.cell(r, 3).value == "2.重复申请")
    ws.cell(target, 3, "2.重复提交、内容相同的申请")            # too unlike any row to be read as one
    result = read_xlsx(save(wb, tmp_path / "rows.xlsx"), form_id="gov-2021")
    problems = "\n".join(result.problems)
    figures = "、".join(f"{label} {qingchuan.value(Cell('t3', 'notproc_repeat', key))}" for label, key in
                        (("自然人", "natural"), ("商业企业", "business")))
    label = "2.重复提交、内容相同的申请"
    assert f"工作表“表三”第{target}行：“{label}”不是表三的栏目，这一行的数字（{figures}、" in problems
    assert "没有找到“2.重复申请”" in problems
    assert result.report.value(Cell("t3", "notproc_repeat", "natural")) is None
    assert row is None or row == target


def test_a_wrong_total_becomes_a_finding(tmp_path, qingchuan):
    wb = Workbook()
    at, _ = lay_t3(wb.active, qingchuan)
    total = Cell("t3", "total_processed", "natural")
    wb.active[at[total]] = qingchuan.value(total) + 3
    result = read_xlsx(save(wb, tmp_path / "total.xlsx"), form_id="gov-2021")
    report = result.report
    assert report.stated == {total: qingchuan.value(total) + 3}
    assert any(p.startswith(f"Sheet!{at[total]}：") and "按各分项计算应为" in p for p in result.problems)
    errors = check(report).errors
    assert any(total in f.cells for f in errors)


def test_text_that_is_not_a_number_is_reported_with_its_cell(tmp_path, qingchuan):
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    at, _ = lay_t3(ws, qingchuan)
    cell = Cell("t3", "granted", "natural")
    ws[at[cell]] = "七十一"
    negative = Cell("t3", "partial", "business")
    ws[at[negative]] = -2
    fraction = Cell("t3", "partial", "legal")
    ws[at[fraction]] = 1.5
    result = read_xlsx(save(wb, tmp_path / "text.xlsx"), form_id="gov-2021")
    problems = "\n".join(result.problems)
    assert f"表三!{at[cell]}（表三“（一）予以公开”行“自然人”列）：“七十一”不是数字" in problems
    assert f"表三!{at[negative]}" in problems and "不能填负数" in problems
    assert f"表三!{at[fraction]}" in problems and "带有小数" in problems
    assert result.report.value(cell) is None


def test_two_candidate_tables_are_not_guessed(tmp_path, qingchuan):
    wb = Workbook()
    lay_t3(wb.active, qingchuan)
    lay_t3(wb.create_sheet("去年"), qingchuan)
    lay_t2(wb.create_sheet("表二"), qingchuan)
    result = read_xlsx(save(wb, tmp_path / "two.xlsx"), form_id="gov-2021")
    assert any("找到2张表三" in p and "“Sheet”" in p and "“去年”" in p for p in result.problems)
    assert not [c for c in result.report.values if c.table == "t3"]
    assert [c for c in result.report.values if c.table == "t2"]

    wb = Workbook()
    _, end = lay_t3(wb.active, qingchuan)
    lay_t3(wb.active, qingchuan, top=end + 3)
    with pytest.raises(WorkbookError, match="找到2张表三"):     # nothing else to import
        read_xlsx(save(wb, tmp_path / "twice.xlsx"), form_id="gov-2021")


def test_t4_laid_out_as_three_rows(tmp_path, qingchuan):
    wb = Workbook()
    ws = wb.active
    table = qingchuan.form.tables["t4"]
    ws["A1"] = "四、政府信息公开行政复议、行政诉讼情况"
    ws.append([])
    ws.append(["", *[c.label for c in table.columns]])
    for row in table.rows:
        ws.append([row.label, *[qingchuan.value(Cell("t4", row.key, c)) for c in table.column_keys]])
    lay_t3(wb.create_sheet(), qingchuan)
    result = read_xlsx(save(wb, tmp_path / "t4rows.xlsx"), form_id="gov-2021")
    assert result.problems == ["没有找到机关名称，请在导入后补填。", "没有找到报告年度，请在导入后补填。",
                               "没有找到表二（主动公开政府信息情况），它的数字按空白处理。"]
    t4 = {c: v for c, v in qingchuan.values.items() if c.table == "t4"}
    assert {c: v for c, v in result.report.values.items() if c.table == "t4"} == t4


def test_a_hand_laid_2014_statistics_table(tmp_path, yueqing):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "政府信息公开情况统计表"
    ws["A2"] = "（2017年度）"
    ws["A3"] = "填报单位：乐清市文化广电新闻出版局"
    ws.append(["统 计 指 标", "单位", "统计数"])
    table = yueqing.form.tables["stats"]
    for row in table.rows:
        if row.is_group:
            ws.append([row.label, "——", None])
        else:
            value = yueqing.value(Cell("stats", row.key, "value"))
            label = row.label.replace("（", "(").replace("）", ")")
            ws.append([label, row.unit, None if value is None else str(value)])
    ws.append(["备注：空白表示未统计。"])
    result = read_xlsx(save(wb, tmp_path / "2014.xlsx"))
    report = result.report
    assert report.form.id == "gov-2014"
    assert (report.organ, report.year) == ("乐清市文化广电新闻出版局", 2017)
    assert report.values == yueqing.values
    assert result.problems == []


def test_amounts_as_typed(tmp_path, qingchuan):
    fees = Cell("t2", "fees", "amount")
    wb = Workbook()
    at, _ = lay_t2(wb.active, qingchuan)
    wb.active[at[fees]] = "36.842万元"
    result = read_xlsx(save(wb, tmp_path / "a.xlsx"), form_id="gov-2021")
    assert result.report.value(fees) == Decimal("36.842")
    wb.active[at[fees]] = 0.1 + 0.2              # a formula result as Excel stores it
    result = read_xlsx(save(wb, tmp_path / "b.xlsx"), form_id="gov-2021")
    assert result.report.value(fees) == Decimal("0.3")
    wb.active[at[fees]] = "3940元"
    result = read_xlsx(save(wb, tmp_path / "c.xlsx"), form_id="gov-2021")
    assert result.report.value(fees) is None
    assert any(f"Sheet!{at[fees]}" in p and "万元" in p for p in result.problems)


def test_a_formula_without_a_saved_result_is_reported(tmp_path, qingchuan):
    wb = Workbook()
    at, _ = lay_t3(wb.active, qingchuan)
    cell = Cell("t3", "granted", "business")
    wb.active[at[cell]] = "=4+5"
    result = read_xlsx(save(wb, tmp_path / "formula.xlsx"), form_id="gov-2021")
    assert any(f"Sheet!{at[cell]}" in p and "公式" in p for p in result.problems)


def test_a_workbook_without_any_table_is_refused(tmp_path):
    wb = Workbook()
    wb.active["A1"] = "工资表"
    wb.active.append(["姓名", "金额"])
    with pytest.raises(WorkbookError, match="没有找到"):
        read_xlsx(save(wb, tmp_path / "other.xlsx"))


# --- bad files ------------------------------------------------------------------------------------

def _zip(path, parts: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _with_part(tmp_path, name, part: str, data: bytes):
    """A real workbook (one sheet, its tab named 数据) with one part replaced."""
    source = tmp_path / "source.xlsx"
    wb = Workbook()
    wb.active.title = "数据"
    wb.save(source)
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part] = data
    return _zip(tmp_path / name, parts)


def _with_sheet_xml(tmp_path, name, sheet_xml: bytes):
    return _with_part(tmp_path, name, "xl/worksheets/sheet1.xml", sheet_xml)


def _damaged_compression(tmp_path):
    """A workbook whose sheet's compressed bytes are damaged (a bad sector, a cut download): the zip
    directory is intact, inflating the part fails."""
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<sheetData>" + b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7919 % 1000)
                                       for i in range(1, 2000)) + b"</sheetData></worksheet>")
    path = _with_sheet_xml(tmp_path, "damaged.xlsx", sheet)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 200
    for i in range(start, start + 64):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _bad_files(tmp_path):
    good = tmp_path / "good.xlsx"
    Workbook().save(good)
    files = {
        "not a workbook": (tmp_path / "notes.xlsx", "这不是,表\n1,2\n".encode(), "不是Excel工作簿"),
        "empty": (tmp_path / "empty.xlsx", b"", "空文件"),
        "xls": (tmp_path / "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "另存为"),
        "encrypted": (tmp_path / "locked.xlsx",
                      b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le")
                      + b"\0" * 600, "密码"),
        "corrupted": (tmp_path / "cut.xlsx", good.read_bytes()[: len(good.read_bytes()) // 2], "损坏"),
    }
    for _, (path, data, _) in files.items():
        path.write_bytes(data)
    _zip(tmp_path / "word.xlsx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    files["word"] = (tmp_path / "word.xlsx", None, "Word文档")
    files["billion laughs"] = (_with_sheet_xml(tmp_path, "laughs.xlsx", _LAUGHS), None, "不安全的XML")
    huge_dimension = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                      b'<dimension ref="A1:Z100000"/><sheetData/></worksheet>')
    files["huge sheet"] = (_with_sheet_xml(tmp_path, "huge.xlsx", huge_dimension), None, "工作表“数据”太大")
    # openpyxl makes an object for every cell of a merged range: this one would take minutes and gigabytes
    huge_merge = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  b'<sheetData/><mergeCells count="1"><mergeCell ref="A1:Z1000000"/></mergeCells></worksheet>')
    files["huge merged range"] = (_with_sheet_xml(tmp_path, "merged.xlsx", huge_merge), None, "工作表“数据”太大")
    bomb = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b"<sheetData>" + b" " * (40 * 1024 * 1024) + b"</sheetData></worksheet>")
    files["zip bomb"] = (_with_sheet_xml(tmp_path, "bomb.xlsx", bomb), None, "解压后太大")
    files["xls named xlsx"] = (tmp_path / "old.xlsx", None, "另存为")
    files["xls named xlsx"][0].write_bytes(files["xls"][0].read_bytes())
    for what, part, data in (("workbook part not XML", "xl/workbook.xml", b"this is not xml"),
                             ("sheet part broken", "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='x'>"),
                             ("styles part broken", "xl/styles.xml", b"<styleSheet"),
                             ("no content types", "[Content_Types].xml", b"<Types/>")):
        files[what] = (_with_part(tmp_path, what.replace(" ", "_") + ".xlsx", part, data), None, "损坏")
    files["damaged compression"] = (_damaged_compression(tmp_path), None, "损坏")
    files["folder"] = (tmp_path, None, "文件夹")
    files["missing"] = (tmp_path / "nowhere.xlsx", None, "找不到文件")
    return files


# The only Latin words a message may hold: names of programs and file types a clerk knows.
_WORDS_IN_MESSAGES = {"Excel", "WPS", "Word", "PowerPoint", "OpenDocument", "CSV", "xlsx", "xls", "xlsb", "ods",
                      "et", "MB", "XML"}


def test_bad_files_get_a_clear_error_within_seconds(tmp_path):
    for what, (path, _, phrase) in _bad_files(tmp_path).items():
        started = time.perf_counter()
        with pytest.raises(WorkbookError) as excinfo:
            read_xlsx(path)
        elapsed = time.perf_counter() - started
        message = str(excinfo.value)
        assert phrase in message, (what, message)
        assert "Traceback" not in message and elapsed < 5, (what, elapsed)
        # plain Chinese only: no exception class or library text reaches the clerk
        words = set(re.findall(r"[A-Za-z]{2,}", message.replace(str(path), "").replace(path.name, "")))
        assert words <= _WORDS_IN_MESSAGES, (what, message)


@pytest.mark.parametrize("name", ["表.xls", "表.et", "表", "表.xlsx.bak", "表.XLSX", "表.xlsm"])
def test_a_workbook_is_known_by_its_bytes_not_its_name(tmp_path, qingchuan, name):
    """A clerk renames 表.xlsx to 表.xls, or a mail program drops the extension: it is still read."""
    path = tmp_path / name
    path.write_bytes(write_xlsx(qingchuan, tmp_path / "q.xlsx").read_bytes())
    result = read_xlsx(path)
    assert result.problems == []
    assert result.report.values == qingchuan.values and result.report.organ == qingchuan.organ


def test_a_formula_in_a_renamed_workbook_is_still_reported(tmp_path, qingchuan):
    """The second, formula-reading pass opens the file by its bytes too."""
    wb = Workbook()
    at, _ = lay_t3(wb.active, qingchuan)
    cell = Cell("t3", "granted", "business")
    wb.active[at[cell]] = "=4+5"
    path = save(wb, tmp_path / "formula.xls")
    result = read_xlsx(path, form_id="gov-2021")
    assert any(f"Sheet!{at[cell]}" in p and "公式" in p for p in result.problems)


def test_xml_entities_are_refused_even_past_the_first_check(tmp_path):
    """openpyxl parses through defusedxml: an entity-laden sheet is refused, never expanded."""
    from exports.xlsx_reader import _load

    path = _with_sheet_xml(tmp_path, "laughs.xlsx", _LAUGHS)
    with pytest.raises(WorkbookError, match="不安全的XML"):
        _load(path, data_only=True)


def test_a_sheet_with_too_many_cells_is_refused_after_loading(tmp_path, monkeypatch):
    """A sheet part that states no dimension is measured once loaded."""
    import exports.xlsx_gate as gate

    wb = Workbook()
    for _ in range(1, 60):
        wb.active.append(list(range(40)))
    path = save(wb, tmp_path / "wide.xlsx")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b"<dimension" in sheet
    path = _with_sheet_xml(tmp_path, "wide-no-dimension.xlsx", re.sub(rb"<dimension [^>]*/>", b"", sheet))
    monkeypatch.setattr(gate, "MAX_SHEET_CELLS", 1000)
    with pytest.raises(WorkbookError, match="工作表“数据”太大（2360个单元格）"):
        read_xlsx(path)


def test_an_open_workbook_saved_by_us_is_not_mistaken_for_a_bad_one(tmp_path, qingchuan):
    path = write_xlsx(qingchuan, tmp_path / "ok.xlsx")
    assert load_workbook(path)          # sanity: openpyxl reads it
    assert read_xlsx(path).report.organ == qingchuan.organ


def test_a_figure_typed_under_the_middle_of_a_merged_header(tmp_path, qingchuan):
    """表二's one-column blocks have their header merged over three columns; a person may type the
    figure into any of them."""
    wb = Workbook()
    ws = wb.active
    at, _ = lay_t2(ws, qingchuan)
    licensing = Cell("t2", "licensing", "decisions")
    row = int(at[licensing][1:])
    ws.merge_cells(start_row=row - 1, start_column=2, end_row=row - 1, end_column=4)
    ws.cell(row, 2).value = None
    ws.cell(row, 3).value = 15832
    result = read_xlsx(save(wb, tmp_path / "middle.xlsx"), form_id="gov-2021")
    assert result.report.value(licensing) == 15832


def test_a_draft_file_given_to_import_is_pointed_to_open(tmp_path, qingchuan):
    from forms.draft import write_draft
    path = write_draft(qingchuan, tmp_path / "报告.json")
    with pytest.raises(WorkbookError, match="是年报通的草稿文件，不需要导入"):
        read_xlsx(path)
