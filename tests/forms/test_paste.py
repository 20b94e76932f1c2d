"""Placing a pasted block by its labels, and comparing the totals it carries with the computed ones:
blocks as Excel, WPS and web pages put them on the clipboard (merged cells as blanks, typos in the
labels, figures with thousands separators)."""

from __future__ import annotations

import pytest

from forms.expr import Cell
from forms.loader import get_form
from forms.numbers import normalise as figure_text
from forms.paste import PasteReport, compare_totals, place_block, spread_figures
from forms.report import Report

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
HEADER = [
    [CORNER, "", "", "申请人情况", "", "", "", "", "", ""],
    ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
    ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
]


@pytest.fixture
def form():
    return get_form("gov-2021")


def t3(row, column):
    return Cell("t3", row, column)


def placed(form, block, start=None):
    return place_block(block, form, form.tables["t3"], start)


def test_a_block_with_header_rows_and_label_columns_lands_by_its_labels(form):
    block = HEADER + [
        ["一、本年新收政府信息公开申请数量", "", "", "3,001", "12", "", "1", "", "", "3,014"],
        ["三、本年度办理结果", "（一）予以公开", "", "1,500", "4", "", "", "", "", "1504"],
        ["", "（三）不予公开", "1.属于国家秘密", "2", "", "", "", "", "", "2"],
    ]
    placement = placed(form, block)
    assert placement is not None and not placement.blocked
    entries = dict(placement.entries)
    assert entries[t3("new_received", "natural")] == "3,001"
    assert entries[t3("new_received", "business")] == "12"
    assert entries[t3("new_received", "research")] == ""          # a blank cell of the block clears
    assert entries[t3("granted", "natural")] == "1,500"
    assert entries[t3("denied_state_secret", "natural")] == "2"
    assert not any(c.column == "total" for c in entries)             # computed: compared, never entered
    assert dict(placement.totals)[t3("new_received", "total")] == "3,014"


def test_a_label_with_a_typo_is_read_as_the_nearest_row_and_said(form):
    block = HEADER + [["", "（三）不予公开", "2.其他法律行政止公开", "5", "", "", "", "", "", "5"],
                      ["一、本年新受理政府信息公开申请数量", "", "", "7", "", "", "", "", "", "7"]]
    placement = placed(form, block)
    assert placement is not None and not placement.blocked
    entries = dict(placement.entries)
    assert entries[t3("denied_law_forbidden", "natural")] == "5"
    assert entries[t3("new_received", "natural")] == "7"
    assert any("2.其他法律行政止公开" in note and "2.其他法律行政法规禁止公开" in note for note in placement.notes)


def test_labels_that_name_no_row_block_the_whole_paste(form):
    block = HEADER + [["（一）予以公开", "", "", "5", "", "", "", "", "", "5"],
                      ["本年度新增加的申请", "", "", "9", "", "", "", "", "", "9"]]
    placement = placed(form, block)
    assert placement is not None and placement.blocked and not placement.entries
    assert any("“本年度新增加的申请”不是表三的栏目" in why for why in placement.blocked)


def test_a_2019_row_that_is_a_group_in_2021_is_not_guessed(form):
    block = [["", "（六）其他处理", "", "4", "", "", "", "", "", "4"]]
    placement = placed(form, block, "natural")
    assert placement is not None and placement.blocked
    assert any("（六）其他处理" in why and "分组" in why for why in placement.blocked)


def test_a_label_column_without_headers_starts_at_the_current_column(form):
    block = [["（一）予以公开", "1", "2"], ["（二）部分公开", "3", "4"]]
    placement = placed(form, block, "research")
    assert placement is not None and not placement.blocked
    assert dict(placement.entries) == {t3("granted", "research"): "1", t3("granted", "public_interest"): "2",
                                       t3("partial", "research"): "3", t3("partial", "public_interest"): "4"}


def test_more_figure_columns_than_the_table_has_are_not_guessed(form):
    block = [["（一）予以公开"] + [str(i) for i in range(9)]]
    placement = placed(form, block, "natural")
    assert placement is not None and placement.blocked and not placement.entries


@pytest.mark.parametrize("block", [[["1", "2", "3"], ["4", "5", "6"]], [["x", "-1"]], [["3,001", "", "12"]],
                                   [["a", "b", "c"]], [["5", "不适用", "3"]]])
def test_bare_figures_are_placed_as_before(form, block):
    assert placed(form, block, "natural") is None


def test_a_pasted_total_is_compared_with_the_sum_of_its_parts(form):
    report = Report(form=form, organ="某局", year=2025)
    for row, figure in (("granted", 3000), ("partial", 4)):
        report.enter(t3(row, "natural"), str(figure))
    said = compare_totals(report, [(t3("total_processed", "natural"), "3,094"), (t3("granted", "total"), "3000"),
                                   (t3("partial", "total"), "")])
    assert len(said) == 1
    assert "粘贴的“（七）总计”（自然人）3094与各项之和3004不一致" in said[0]


def test_the_report_lists_every_refused_cell_and_is_clean_only_when_all_went_in():
    clean = PasteReport(filled=12)
    assert clean.clean and clean.head == "已粘贴12个单元格。"
    refused = [f"表三“（一）予以公开”行“自然人”列：“x{i}”不是数字。" for i in range(30)]
    report = PasteReport(filled=3, refused=refused)
    assert not report.clean
    assert "30处没有填入" in report.head
    assert report.items == refused


def test_a_web_page_copy_leaves_merged_group_cells_out_and_still_lands(form):
    """A browser copies a row under a merged group cell without it: the row is shorter on the left."""
    block = [["三、本年度办理结果", "（一）予以公开", "1", "2", "0", "0", "0", "0", "3"],
             ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "4", "0", "0", "0", "0", "0", "4"]]
    placement = placed(form, block, "natural")
    assert placement is not None and not placement.blocked
    entries = dict(placement.entries)
    assert entries[t3("granted", "business")] == "2" and entries[t3("partial", "natural")] == "4"
    assert len(placement.totals) == 2


def test_figures_under_a_header_that_names_no_column_block_the_paste(form):
    block = [["", "自然人", "商业企业", "合计数"], ["（一）予以公开", "1", "2", "3"]]
    placement = placed(form, block)
    assert placement is not None and placement.blocked
    assert any("“合计数”" in why for why in placement.blocked)


def t4(row, column):
    return Cell("t4", row, column)


def test_table_four_as_printed_lands_by_its_group_and_column_headers(form):
    """表四 prints its three rows side by side: the group headers (行政复议, 未经复议直接起诉…) name the rows."""
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    block = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
             results + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
             [""] * 5 + results * 2,
             ["2", "1", "0", "0", "3", "1", "0", "0", "1", "2", "0", "1", "0", "0", "1"]]
    placement = place_block(block, form, form.tables["t4"])
    assert placement is not None and not placement.blocked
    entries = dict(placement.entries)
    assert entries[t4("admin_review", "upheld")] == "2" and entries[t4("admin_review", "corrected")] == "1"
    assert entries[t4("suit_direct", "pending")] == "1" and entries[t4("suit_after_review", "corrected")] == "1"
    assert len(entries) == 12 and dict(placement.totals)[t4("suit_direct", "total")] == "2"


def test_table_four_columns_without_their_group_header_go_to_the_current_row(form):
    block = [["结果维持", "结果纠正", "其他结果"], ["4", "0", "1"]]
    placement = place_block(block, form, form.tables["t4"], "upheld", start_row="suit_direct")
    assert placement is not None and not placement.blocked
    assert dict(placement.entries) == {t4("suit_direct", "upheld"): "4", t4("suit_direct", "corrected"): "0",
                                       t4("suit_direct", "other"): "1"}


def test_a_2014_statistics_block_with_its_unit_column_and_headings(form):
    """The gov-2014 list: 统计指标 | 单位 | 统计数, headings with “——” in the unit column and no figure."""
    old = get_form("gov-2014")
    table = old.tables["stats"]
    rows = [["一、主动公开情况", "——", ""],
            ["（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "1,234"],
            ["其中：主动公开规范性文件数", "条", "12"],
            ["（二）通过不同渠道和方式公开政府信息的情况", "——", ""],
            ["1.政府公报公开政府信息数", "条", "3"]]
    for block in (rows, [["统计指标", "单位", "统计数"], *rows]):
        placement = place_block(block, old, table)
        assert placement is not None and not placement.blocked, placement
        assert dict(placement.entries) == {Cell("stats", "a1", "value"): "1,234", Cell("stats", "a1a", "value"): "12",
                                           Cell("stats", "a2_1", "value"): "3"}


def test_a_web_page_copy_with_its_header_rows_lands_by_the_order_of_its_columns(form):
    """A browser copies merged header cells once, without the blanks a spreadsheet puts after them: the
    headers' places say nothing, the columns they name (in the table's order) end each row of figures."""
    block = [[CORNER, "申请人情况"],
             ["自然人", "法人或其他组织", "总计"],
             ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
             ["一、本年新收政府信息公开申请数量", "10", "2", "0", "0", "1", "0", "13"],
             ["三、本年度办理结果", "（一）予以公开", "5", "1", "0", "0", "0", "0", "6"],
             ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3", "0", "0", "0", "0", "0", "3"]]
    placement = placed(form, block)
    assert placement is not None and not placement.blocked, placement.blocked
    entries = dict(placement.entries)
    assert entries[t3("new_received", "natural")] == "10" and entries[t3("new_received", "legal")] == "1"
    assert entries[t3("granted", "business")] == "1" and entries[t3("partial", "natural")] == "3"
    assert dict(placement.totals)[t3("new_received", "total")] == "13"


def test_labels_without_figures_paste_nothing_and_say_so(form):
    for block in ([["自然人"]], [["（一）予以公开"], ["（二）部分公开"]]):
        placement = placed(form, block, "natural")
        assert placement is not None and placement.blocked and not placement.entries
        assert any("没有数字" in why for why in placement.blocked), placement.blocked


def test_a_word_table_copy_with_merged_cells_lands_by_its_labels(form):
    """Word copies a cell merged across columns once, and a cell merged down as blanks under it."""
    block = [[CORNER, "申请人情况"],
             ["", "自然人", "法人或其他组织", "总计"],
             ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
             ["二、上年结转政府信息公开申请数量", "9", "1", "0", "0", "0", "0", "10"],
             ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
             ["", "", "2.其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "1", "2"]]
    placement = placed(form, block)
    assert placement is not None and not placement.blocked, placement.blocked
    entries = dict(placement.entries)
    assert entries[t3("carried_over", "natural")] == "9" and entries[t3("carried_over", "business")] == "1"
    assert entries[t3("denied_law_forbidden", "natural")] == "1"
    assert entries[t3("denied_law_forbidden", "other_org")] == "1"
    assert len(entries) == 18


def test_a_numbering_column_left_of_the_labels_is_not_taken_for_figures(form):
    block = [["序号", "项目", "自然人", "商业企业"],
             ["1", "（一）予以公开", "5", "1"],
             ["2", "（二）部分公开", "3", "0"]]
    placement = placed(form, block)
    assert placement is not None and not placement.blocked, placement.blocked
    assert dict(placement.entries) == {t3("granted", "natural"): "5", t3("granted", "business"): "1",
                                       t3("partial", "natural"): "3", t3("partial", "business"): "0"}


def test_table_two_copied_whole_lands_block_by_block(form):
    """表二: each block has its heading and its own header row (a merged last column comes with blanks)."""
    block = [["第二十条第（一）项", "", "", ""],
             ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
             ["规章", "0", "0", "3"],
             ["行政规范性文件", "2", "1", "15"],
             ["第二十条第（五）项", "", "", ""],
             ["信息内容", "本年处理决定数量", "", ""],
             ["行政许可", "1,204", "", ""],
             ["第二十条第（八）项", "", "", ""],
             ["信息内容", "本年收费金额（单位：万元）", "", ""],
             ["行政事业性收费", "12.5", "", ""]]
    placement = place_block(block, form, form.tables["t2"])
    assert placement is not None and not placement.blocked, placement.blocked
    entries = dict(placement.entries)
    assert entries[Cell("t2", "normative", "repealed")] == "1" and entries[Cell("t2", "rules", "in_force")] == "3"
    assert entries[Cell("t2", "licensing", "decisions")] == "1,204" and entries[Cell("t2", "fees", "amount")] == "12.5"


@pytest.mark.parametrize("block,spread", [
    ([["70 60 180 30"]], [["70", "60", "180", "30"]]),
    ([["1 2"], [""], ["３　４"]], [["1", "2"], [""], ["３", "４"]]),
    ([["70\u00a060"]], [["70", "60"]]),
])
def test_a_column_of_figures_with_spaces_is_spread_as_rows(block, spread):
    rows, notes = spread_figures(block)
    assert [[figure_text(x) for x in row] for row in rows] == [[figure_text(x) for x in row] for row in spread]
    assert len(notes) == 1 and "用空格隔开的几个数字" in notes[0]


@pytest.mark.parametrize("block", [
    [["70"]], [["70", "60"]], [["3 001"]], [["1 000 000"]], [["（一）予以公开 70 9"]], [["70 60", "1"]], [[""]],
])
def test_other_blocks_are_not_spread(block):
    assert spread_figures(block) == (block, [])


T3_BLOCK = HEADER + [
    ["一、本年新收政府信息公开申请数量", "", "", "3,001", "12", "", "1", "", "", "3,014"],
    ["三、本年度办理结果", "（一）予以公开", "", "1,500", "4", "", "", "", "", "1504"],
]


@pytest.mark.parametrize("form_id,table", [("gov-2021", "t2"), ("gov-2021", "t4"), ("gov-2014", "stats")])
def test_a_block_of_another_table_is_refused_with_the_reason(form_id, table):
    form = get_form(form_id)
    if table not in form.tables:
        table = next(k for k in form.tables if k != "t3")
    placement = place_block(T3_BLOCK, form, form.tables[table])
    assert placement is not None and not placement.entries and placement.blocked
    text = "".join(placement.blocked)
    assert f"不是{form.tables[table].short}的" in text and "“自然人”" in text, text


def test_a_block_of_table_three_on_table_two_says_where_it_belongs(form):
    placement = place_block(T3_BLOCK, form, form.tables["t2"])
    assert placement is not None and "表三" in "".join(placement.blocked), placement.blocked


def _reasons_bounded(placement, total: str) -> str:
    assert placement is not None and not placement.entries and placement.blocked
    text = PasteReport(blocked=list(placement.blocked)).text()
    assert len(placement.blocked) <= 21 and len(text) < 4000, (len(placement.blocked), len(text))
    assert total in text, text[-300:]
    return text


def test_ten_thousand_rows_with_unknown_labels_are_refused_with_the_first_few_named(form):
    block = HEADER + [[f"第{i}行", "", "", "1", "1", "1", "1", "1", "1", "6"] for i in range(10000)]
    text = _reasons_bounded(placed(form, block), "共10000处")
    assert "粘贴内容第4行“第0行”不是表三的栏目" in text


def test_a_row_with_ten_thousand_figures_under_no_header_is_refused_briefly(form):
    block = [["", "", "", "自然人", "商业企业"], ["（一）予以公开", "", ""] + ["1"] * 10000]
    _reasons_bounded(placed(form, block), "共9998处")


def test_a_row_repeated_ten_thousand_times_is_named_briefly(form):
    block = HEADER + [["三、本年度办理结果", "（一）予以公开", "", "1", "1", "1", "1", "1", "1", "6"]] * 10000
    text = _reasons_bounded(placed(form, block), "出现了10000次")
    assert "第4行、第5行" in text and "第10003行" not in text


def test_a_page_of_text_in_one_cell_is_no_label(form):
    assert placed(form, [["x" * 300_000]]) is None                   # bare: the cell refuses it
    assert placed(form, [["政务公开" * 100_000, "12"]]) is None
