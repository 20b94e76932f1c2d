"""The printed grid of every table: each position covered once, merges as the official tables."""

from __future__ import annotations

import pytest

from forms.expr import Cell
from forms.layout import Role, grid, printed_value
from forms.loader import all_forms, get_form

TABLES = [(f.id, t.key) for f in all_forms() for t in f.tables.values()]


@pytest.mark.parametrize("form_id,table_key", TABLES)
def test_every_position_is_covered_exactly_once(form_id, table_key):
    form = get_form(form_id)
    table = form.tables[table_key]
    g = grid(table, form.computed_by_cell)
    covered = {}
    for cell in g.cells:
        for r in range(cell.row, cell.last_row + 1):
            for col in range(cell.col, cell.last_col + 1):
                assert (r, col) not in covered
                covered[(r, col)] = cell
    assert len(covered) == g.n_rows * g.n_cols
    assert sorted(g.by_cell, key=str) == sorted(table.cells, key=str)
    assert {c.cell for c in g.cells if c.role == Role.COMPUTED} == {c for c in table.cells if form.is_computed(c)}
    assert len(g.col_weights) == g.n_cols


def test_t3_matches_the_official_merges():
    form = get_form("gov-2021")
    g = grid(form.tables["t3"], form.computed_by_cell)
    assert (g.n_rows, g.n_cols, g.header_rows, g.label_cols) == (28, 10, 3, 3)
    corner = g.at(0, 0)
    assert (corner.rowspan, corner.colspan) == (3, 3) and corner.text.startswith("（本列数据的勾稽关系为")
    assert (g.at(0, 3).text, g.at(0, 3).colspan) == ("申请人情况", 7)
    assert (g.at(1, 3).text, g.at(1, 3).rowspan) == ("自然人", 2)
    assert (g.at(1, 4).text, g.at(1, 4).colspan) == ("法人或其他组织", 5)
    assert (g.at(1, 9).text, g.at(1, 9).rowspan) == ("总计", 2)
    assert [g.at(2, c).text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert (g.at(3, 0).text, g.at(3, 0).colspan) == ("一、本年新收政府信息公开申请数量", 3)
    assert (g.at(5, 0).text, g.at(5, 0).rowspan) == ("三、本年度办理结果", 22)
    assert (g.at(5, 1).text, g.at(5, 1).colspan) == ("（一）予以公开", 2)
    assert (g.at(7, 1).text, g.at(7, 1).rowspan) == ("（三）不予公开", 8)
    assert g.at(7, 2).text == "1.属于国家秘密"
    assert (g.at(15, 1).text, g.at(15, 1).rowspan) == ("（四）无法提供", 3)
    assert (g.at(18, 1).text, g.at(18, 1).rowspan) == ("（五）不予处理", 5)
    assert (g.at(23, 1).text, g.at(23, 1).rowspan) == ("（六）其他处理", 3)
    assert (g.at(26, 1).text, g.at(26, 1).colspan) == ("（七）总计", 2)
    assert (g.at(27, 0).text, g.at(27, 0).colspan) == ("四、结转下年度继续办理", 3)
    assert g.at(3, 3).cell == Cell("t3", "new_received", "natural") and g.at(3, 3).role == Role.VALUE
    assert g.at(3, 9).role == Role.COMPUTED


def test_gov2019_t3_other_processing_is_a_value_row():
    form = get_form("gov-2019")
    g = grid(form.tables["t3"], form.computed_by_cell)
    assert (g.at(5, 0).text, g.at(5, 0).rowspan) == ("三、本年度办理结果", 20)
    assert (g.at(23, 1).text, g.at(23, 1).colspan) == ("（六）其他处理", 2)


def test_t4_is_one_value_row_under_three_header_rows():
    form = get_form("gov-2021")
    g = grid(form.tables["t4"], form.computed_by_cell)
    assert (g.n_rows, g.n_cols, g.header_rows) == (4, 15, 3)
    assert (g.at(0, 0).text, g.at(0, 0).colspan) == ("行政复议", 5)
    assert (g.at(1, 0).text, g.at(1, 0).rowspan) == ("结果维持", 2)
    assert (g.at(0, 5).text, g.at(0, 5).colspan) == ("行政诉讼", 10)
    assert (g.at(1, 5).text, g.at(1, 5).colspan) == ("未经复议直接起诉", 5)
    assert (g.at(1, 10).text, g.at(1, 10).colspan) == ("复议后起诉", 5)
    assert [g.at(2, c).text for c in range(5, 10)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [g.at(3, c).cell.row for c in (0, 5, 10)] == ["admin_review", "suit_direct", "suit_after_review"]


def test_t2_blocks_span_the_table():
    form = get_form("gov-2021")
    g = grid(form.tables["t2"], form.computed_by_cell)
    assert (g.at(0, 0).text, g.at(0, 0).colspan) == ("第二十条第（一）项", 4)
    assert [g.at(1, c).text for c in range(4)] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert (g.at(5, 1).text, g.at(5, 1).colspan) == ("本年处理决定数量", 3)
    assert g.at(13, 1).cell == Cell("t2", "fees", "amount") and g.at(13, 1).colspan == 3


def test_gov2014_list_with_units():
    form = get_form("gov-2014")
    g = grid(form.tables["stats"], form.computed_by_cell)
    assert [g.at(0, c).text for c in range(3)] == ["统　计　指　标", "单位", "统计数"]
    assert [g.at(1, c).text for c in range(2)] == ["一、主动公开情况", "——"]
    assert g.at(1, 2).cell is None
    assert [g.at(2, c).text for c in range(2)] == ["（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"]
    assert g.at(65, 1).text == "人次"


def test_printed_value_follows_the_format_custom(qingchuan, yueqing):
    qingchuan.set(Cell.parse("t3.granted.research"), None)
    assert printed_value(qingchuan, Cell.parse("t3.granted.research")) == 0
    assert printed_value(yueqing, Cell.parse("stats.a1a.value")) is None
    assert printed_value(yueqing, Cell.parse("stats.a1.value")) == 152
