"""Excel import never drops a figure without a word: rows it cannot place (a 2019 row in a 2021 table,
a heading with figures beside it, a row after the table's end), figures under no column header, labels
printed with a typo, and a title split over two cells — in the shapes a district's PDF or Word report
takes when it is copied into a workbook."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

import main
from exports.xlsx_reader import read_xlsx
from forms.draft import read_draft
from forms.expr import Cell

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
LEAVES = ["natural", "business", "research", "public_interest", "legal", "other_org", "total"]

# The rows of 表三 as a district prints it: a 2021 table, but （六）其他处理 as ONE row (the 2019 layout)
# and “2.其他法律行政止公开” with a typo. (group in column A, group in column B, label, figures of
# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计); None is a blank cell.
DISTRICT_T3 = [
    ("一、本年新收政府信息公开申请数量", None, None, "3,001", 12, None, None, 1, None, "3,014"),
    ("二、上年结转政府信息公开申请数量", None, None, 2, 0, 0, 0, 0, 0, 2),
    ("三、本年度办理结果", "（一）予以公开", None, 1500, 6, 0, 0, 1, 0, 1507),
    ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, 300, 2, 0, 0, 0, 0, 302),
    ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", 2, 0, 0, 0, 0, 0, 2),
    ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政止公开", 5, 0, 0, 0, 0, 0, 5),
    ("三、本年度办理结果", "（三）不予公开", "3.危及“三安全一稳定”", 0, 0, 0, 0, 0, 0, 0),
    ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益", 1, 0, 0, 0, 0, 0, 1),
    ("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息", 0, 0, 0, 0, 0, 0, 0),
    ("三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息", 3, 0, 0, 0, 0, 0, 3),
    ("三、本年度办理结果", "（三）不予公开", "7.属于行政执法案卷", 0, 0, 0, 0, 0, 0, 0),
    ("三、本年度办理结果", "（三）不予公开", "8.属于行政查询事项", 0, 0, 0, 0, 0, 0, 0),
    ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息", 900, 2, 0, 0, 0, 0, 902),
    ("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作", 10, 0, 0, 0, 0, 0, 10),
    ("三、本年度办理结果", "（四）无法提供", "3.补正后申请内容仍不明确", 4, 0, 0, 0, 0, 0, 4),
    ("三、本年度办理结果", "（五）不予处理", "1.信访举报投诉类申请", 200, 1, 0, 0, 0, 0, 201),
    ("三、本年度办理结果", "（五）不予处理", "2.重复申请", 30, 0, 0, 0, 0, 0, 30),
    ("三、本年度办理结果", "（五）不予处理", "3.要求提供公开出版物", 1, 0, 0, 0, 0, 0, 1),
    ("三、本年度办理结果", "（五）不予处理", "4.无正当理由大量反复申请", 0, 0, 0, 0, 0, 0, 0),
    ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", 0, 0, 0, 0, 0, 0, 0),
    ("三、本年度办理结果", "（六）其他处理", None, 40, 1, 0, 0, 0, 0, 41),
    ("三、本年度办理结果", "（七）总计", None, 2996, 12, 0, 0, 1, 0, 3009),
    ("四、结转下年度继续办理", None, None, 7, 0, 0, 0, 0, 0, 7),
]
ROW_KEYS = ["new_received", "carried_over", "granted", "partial", "denied_state_secret", "denied_law_forbidden",
            "denied_three_security", "denied_third_party", "denied_internal", "denied_process",
            "denied_enforcement_file", "denied_admin_query", "unable_not_held", "unable_needs_creation",
            "unable_unclear", "notproc_petition", "notproc_repeat", "notproc_publication", "notproc_mass",
            "notproc_reconfirm", None, "total_processed", "carried_forward"]
TOP = 3                                        # the first header row of 表三


def district_t3(ws, top=TOP, lines=tuple(DISTRICT_T3), keys=tuple(ROW_KEYS)):
    """表三 as copied from a district's Word report: merged corner and headers, group cells merged
    down, labels without groups merged across; returns the sheet row of each table row."""
    ws.cell(top, 1, CORNER)
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=3)
    ws.cell(top, 4, "申请人情况")
    ws.merge_cells(start_row=top, start_column=4, end_row=top, end_column=10)
    for c, text in ((4, "自然人"), (5, "法人或其他组织"), (10, "总计")):
        ws.cell(top + 1, c, text)
    ws.merge_cells(start_row=top + 1, start_column=5, end_row=top + 1, end_column=9)
    for i, text in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        ws.cell(top + 2, 5 + i, text)
    first = top + 3
    for i, (group, sub, label, *figures) in enumerate(lines):
        r = first + i
        texts = [t for t in (group, sub, label) if t]
        for c, text in enumerate(texts, start=1):
            ws.cell(r, c, text)
        if len(texts) < 3:
            ws.merge_cells(start_row=r, start_column=len(texts), end_row=r, end_column=3)
        for c, figure in enumerate(figures, start=4):
            ws.cell(r, c, figure)
    _merge_down(ws, first, 1)
    _merge_down(ws, first, 2)
    return {key: first + i for i, key in enumerate(keys) if key}, first + len(lines)


def _merge_down(ws, first, column):
    """Merge each run of one group text in `column` as Word prints a group cell (its text only at the
    top; the 2019 其他处理 row is merged across and stays as it is)."""
    r = first
    while ws.cell(r, 4).value is not None or ws.cell(r, column).value is not None:
        text, end = ws.cell(r, column).value, r
        while text and ws.cell(end + 1, column).value == text and (end + 1, column) not in _merged_starts(ws):
            end += 1
        if text and end > r and (r, column) not in _merged_starts(ws):
            for x in range(r + 1, end + 1):
                ws.cell(x, column).value = None
            ws.merge_cells(start_row=r, start_column=column, end_row=end, end_column=column)
        r = end + 1


def _merged_starts(ws):
    return {(m.min_row, m.min_col) for m in ws.merged_cells.ranges}


SPLIT_TITLE = ("青川市市场监督管理局2025年政府信息", "公开工作年度报告")     # two lines of the title, a cell each


def district_book(tmp_path, title=SPLIT_TITLE, title_down=False, after=None):
    """A workbook with only 表三, its title split over two cells (side by side, or one under the
    other); `after(ws, rows, end)` adds what a clerk left in and around the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    if title_down:
        ws["A1"], ws["A2"] = title
    else:
        ws["A1"], ws["F1"] = title
        ws.merge_cells("A1:E1")
        ws.merge_cells("F1:J1")
    rows, end = district_t3(ws, top=TOP + 1 if title_down else TOP)
    if after:
        after(ws, rows, end)
    path = tmp_path / "区县年报.xlsx"
    wb.save(path)
    return path, rows


def t3(row, column):
    return Cell("t3", row, column)


def test_the_2019_row_in_a_2021_table_is_reported_with_its_figures_and_where_they_could_go(tmp_path):
    path, rows = district_book(tmp_path)
    result = read_xlsx(path, form_id="gov-2021")
    other_row = rows["total_processed"] - 1
    message = next((p for p in result.problems if "（六）其他处理" in p), None)
    assert message is not None, result.problems
    assert f"工作表“表三”第{other_row}行" in message
    assert "自然人 40" in message and "商业企业 1" in message and "总计 41" in message
    assert "没有导入" in message
    assert "2019" in message and "三行" in message
    assert all(label in message for label in ("“1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”",
                                              "“2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”",
                                              "“3.其他”"))
    assert "请把这些数字分到这三行中" in message
    assert not any(c.row.startswith("other_") for c in result.report.values)


def test_every_other_figure_of_the_district_table_is_placed(tmp_path):
    path, rows = district_book(tmp_path)
    report = read_xlsx(path, form_id="gov-2021").report
    for (_, _, _, *figures), key in zip(DISTRICT_T3, ROW_KEYS, strict=True):
        if key is None or key == "total_processed":
            continue
        for column, figure in zip(LEAVES, figures, strict=True):
            expected = None if figure is None else int(str(figure).replace(",", ""))
            assert report.value(t3(key, column)) == expected, (key, column)
    assert report.value(t3("new_received", "natural")) == 3001
    assert report.value(t3("denied_law_forbidden", "natural")) == 5


def test_a_label_with_a_typo_is_read_as_the_one_label_it_is_close_to_and_said(tmp_path):
    path, rows = district_book(tmp_path)
    result = read_xlsx(path, form_id="gov-2021")
    assert result.report.value(t3("denied_law_forbidden", "natural")) == 5
    said = [p for p in result.problems if "2.其他法律行政止公开" in p]
    assert len(said) == 1, result.problems
    assert "“2.其他法律行政止公开”按“2.其他法律行政法规禁止公开”读入" in said[0]
    assert f"工作表“表三”第{rows['denied_law_forbidden']}行" in said[0]
    assert not any("没有找到" in p and "2.其他法律行政法规禁止公开" in p for p in result.problems)


def test_a_label_close_to_two_rows_is_not_guessed_and_its_figures_are_said(tmp_path):
    def dropped_words(ws, rows, end):
        ws.cell(rows["carried_over"], 1, "二、上年政府信息公开申请数量")     # 结转 left out: 一 or 二?
    path, rows = district_book(tmp_path, after=dropped_words)
    result = read_xlsx(path, form_id="gov-2021")
    assert result.report.value(t3("carried_over", "natural")) is None
    said = [p for p in result.problems if "二、上年政府信息公开申请数量" in p]
    assert len(said) == 1, result.problems
    assert f"工作表“表三”第{rows['carried_over']}行" in said[0] and "自然人 2" in said[0]
    assert "“一、本年新收政府信息公开申请数量”" in said[0] and "“二、上年结转政府信息公开申请数量”" in said[0]
    assert "没有导入" in said[0]


def test_a_figure_in_a_column_with_no_header_is_reported(tmp_path):
    def stray(ws, rows, end):
        ws.cell(rows["granted"], 12, 7)                   # L: two columns right of 总计, no header above
    path, rows = district_book(tmp_path, after=stray)
    result = read_xlsx(path, form_id="gov-2021")
    said = [p for p in result.problems if f"L{rows['granted']}" in p]
    assert len(said) == 1, result.problems
    assert "（一）予以公开" in said[0] and "7" in said[0] and "标题" in said[0] and "没有导入" in said[0]
    assert result.report.value(t3("granted", "natural")) == 1500


def test_a_figure_beside_a_heading_row_is_reported(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    ws["A1"] = "青川市市场监督管理局2025年政府信息公开工作年度报告"
    ws.append([])
    ws.append(["", "", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    ws.append(["一、本年新收政府信息公开申请数量", "", "", 10, 0, 0, 0, 0, 0, 10])
    ws.append(["二、上年结转政府信息公开申请数量", "", "", 0, 0, 0, 0, 0, 0, 0])
    ws.append(["三、本年度办理结果", "", "", 8, 0, 0, 0, 0, 0, 8])     # a heading with the results' total
    ws.append(["", "（一）予以公开", "", 8, 0, 0, 0, 0, 0, 8])
    ws.append(["", "（七）总计", "", 8, 0, 0, 0, 0, 0, 8])
    ws.append(["四、结转下年度继续办理", "", "", 2, 0, 0, 0, 0, 0, 2])
    path = tmp_path / "heading.xlsx"
    wb.save(path)
    result = read_xlsx(path, form_id="gov-2021")
    said = [p for p in result.problems if "三、本年度办理结果" in p]
    assert len(said) == 1, result.problems
    assert "工作表“表三”第6行" in said[0] and "自然人 8" in said[0] and "没有导入" in said[0]
    assert "分组标题" in said[0]
    assert result.report.value(t3("granted", "natural")) == 8


def test_figures_in_a_row_after_the_table_are_reported(tmp_path):
    def below(ws, rows, end):
        ws.cell(end + 1, 1, "注：本表数据截至2025年12月31日。")
        ws.cell(end + 2, 4, 3)                           # a row of figures with no label, under the note
        ws.cell(end + 2, 10, 3)
        ws.cell(end + 3, 1, "其中：网上申请")
        ws.cell(end + 3, 4, 2100)
    path, rows = district_book(tmp_path, after=below)
    end = rows["carried_forward"] + 1
    result = read_xlsx(path, form_id="gov-2021")
    unlabelled = [p for p in result.problems if f"第{end + 2}行" in p]
    assert len(unlabelled) == 1, result.problems
    assert "自然人 3" in unlabelled[0] and "总计 3" in unlabelled[0]
    assert "没有导入" in unlabelled[0]
    labelled = [p for p in result.problems if f"第{end + 3}行" in p]
    assert len(labelled) == 1, result.problems
    assert "其中：网上申请" in labelled[0] and "2100" in labelled[0]


@pytest.mark.parametrize("title, title_down", [
    (("青川市市场监督管理局2025年政府信息", "公开工作年度报告"), False),
    (("青川市市场监督管理局2025年政府信息", "公开工作年度报告"), True),
    (("青川市市场监督管理局", "2025年度政府信息公开工作年度报告"), True),
])
def test_organ_and_year_from_a_title_split_over_two_cells(tmp_path, title, title_down):
    path, _ = district_book(tmp_path, title=title, title_down=title_down)
    result = read_xlsx(path, form_id="gov-2021")
    assert (result.report.organ, result.report.year) == ("青川市市场监督管理局", 2025)
    assert not any("机关名称" in p or "报告年度" in p for p in result.problems)


def test_the_import_verb_prints_the_same_messages(tmp_path, capsys):
    path, rows = district_book(tmp_path)
    expected = read_xlsx(path, form_id="gov-2021").problems
    out = tmp_path / "区县年报.json"
    assert main.main(["import", str(path), "--form", "gov-2021", "-o", str(out)]) == main.EXIT_ERRORS
    printed = capsys.readouterr().out
    assert all(problem in printed for problem in expected)
    assert any("（六）其他处理" in p for p in expected)
    assert read_draft(out).value(t3("denied_law_forbidden", "natural")) == 5


# The other way round: a 2020 report (gov-2019) typed into a 2021 template, （六）其他处理 in three rows.
OTHER_2021 = [("三、本年度办理结果", "（六）其他处理",
               "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 30, 1, 0, 0, 0, 0, 31),
              ("三、本年度办理结果", "（六）其他处理",
               "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 0, 0, 0, 0, 0, 0, 0),
              ("三、本年度办理结果", "（六）其他处理", "3.其他", 10, 0, 0, 0, 0, 0, 10)]


def test_the_2021_rows_in_a_2019_table_are_reported_with_the_row_they_add_up_to(tmp_path):
    at = ROW_KEYS.index(None)
    lines = DISTRICT_T3[:at] + OTHER_2021 + DISTRICT_T3[at + 1:]
    keys = ROW_KEYS[:at] + ["a", "b", "c"] + ROW_KEYS[at + 1:]
    wb = Workbook()
    ws = wb.active
    ws.title = "表三"
    ws["A1"] = "青川市市场监督管理局2020年政府信息公开工作年度报告"
    rows, _ = district_t3(ws, lines=lines, keys=keys)
    path = tmp_path / "2020.xlsx"
    wb.save(path)
    result = read_xlsx(path, form_id="gov-2019")
    said = [p for p in result.problems if "（六）其他处理" in p]
    assert len(said) == 3, result.problems
    first, third = said[0], said[2]
    assert f"工作表“表三”第{rows['a']}行" in first and "自然人 30" in first and "总计 31" in first
    assert f"工作表“表三”第{rows['c']}行" in third and "“3.其他”" in third and "自然人 10" in third
    assert all("是2021年版格式（用于2021年度及以后）的写法" in p and "没有导入" in p for p in said)
    assert all("请把这三行的数字相加后填入“（六）其他处理”这一行" in p for p in said)
    assert not any("没有找到" in p and "（六）其他处理" in p for p in result.problems)
    assert result.report.value(t3("other_processing", "natural")) is None
    assert result.report.value(t3("notproc_petition", "natural")) == 200


def test_a_mistyped_first_row_is_still_read_as_the_tables_first_row(tmp_path):
    def first_typo(ws, rows, end):
        ws.cell(rows["new_received"], 1, "一、本年新受理政府信息公开申请数量")    # 受理 for 收, as some print it
    path, rows = district_book(tmp_path, after=first_typo)
    result = read_xlsx(path, form_id="gov-2021")
    assert result.report.value(t3("new_received", "natural")) == 3001
    assert result.report.value(t3("new_received", "business")) == 12
    assert any(f"工作表“表三”第{rows['new_received']}行：“一、本年新受理政府信息公开申请数量”按"
               f"“一、本年新收政府信息公开申请数量”读入" in p for p in result.problems), result.problems


def test_an_unknown_first_row_is_reported_and_the_header_above_it_still_names_the_columns(tmp_path):
    def first_unknown(ws, rows, end):
        ws.cell(rows["new_received"], 1, "一、今年收到的申请")
    path, rows = district_book(tmp_path, after=first_unknown)
    result = read_xlsx(path, form_id="gov-2021")
    said = [p for p in result.problems if "一、今年收到的申请" in p]
    assert len(said) == 1, result.problems
    assert f"工作表“表三”第{rows['new_received']}行" in said[0] and "自然人 3,001" in said[0]
    assert "不是表三的栏目" in said[0]
    assert result.report.value(t3("carried_over", "natural")) == 2
    assert result.report.value(t3("granted", "natural")) == 1500
    assert not any("列的标题" in p or "没有表三的栏目标题" in p for p in result.problems), result.problems
