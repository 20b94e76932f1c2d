"""Excel import: tables in sheets the clerk does not see, and text that passes the one rule for
incoming text (forms.text.clean_text)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from exports.xlsx_reader import read_xlsx
from forms.expr import Cell
from tests.exports.test_xlsx_reader import lay_t3, save


@pytest.mark.parametrize(("state", "phrase"), [("veryHidden", "深度隐藏"), ("hidden", "设置为隐藏")])
def test_a_table_only_in_a_hidden_sheet_is_read_and_said(tmp_path, qingchuan, state, phrase):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本工作簿的统计表见其他工作表"
    ws = wb.create_sheet("旧表三")
    lay_t3(ws, qingchuan)
    ws.sheet_state = state
    result = read_xlsx(save(wb, tmp_path / "hidden.xlsx"), form_id="gov-2021")
    granted = Cell("t3", "granted", "total")
    assert result.report.value(granted) == qingchuan.value(granted)        # its figures were read
    said = [p for p in result.problems if "旧表三" in p and "表三" in p]
    assert len(said) == 1 and phrase in said[0] and "已经导入" in said[0], result.problems


def test_the_visible_copy_is_read_and_the_hidden_one_named(tmp_path, qingchuan, yueqing):
    """Last year's table kept in a hidden sheet beside this year's: the one the clerk sees is read."""
    wb = Workbook()
    wb.active.title = "今年"
    lay_t3(wb.active, qingchuan)
    old = wb.create_sheet("去年")
    lay_t3(old, qingchuan, figure=lambda v: 7 if isinstance(v, int) else v)
    old.sheet_state = "hidden"
    result = read_xlsx(save(wb, tmp_path / "two.xlsx"), form_id="gov-2021")
    granted = Cell("t3", "granted", "natural")
    assert result.report.value(granted) == qingchuan.value(granted)
    assert any("“去年”" in p and "没有读取" in p and "“今年”" in p for p in result.problems), result.problems


def test_a_table_in_a_visible_sheet_is_not_remarked_on(tmp_path, qingchuan):
    wb = Workbook()
    lay_t3(wb.active, qingchuan)
    result = read_xlsx(save(wb, tmp_path / "visible.xlsx"), form_id="gov-2021")
    assert not any("隐藏" in p for p in result.problems)


def test_identity_fields_are_one_line_and_labels_clean(tmp_path, qingchuan):
    """A line separator typed into 机关名称 (Word's paste, a web page) becomes a space; a C1 control
    character no output can hold is dropped; a label with a paragraph separator still names its row."""
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"] = "机关名称", "临河县\u2028教育局\u0090"
    ws["A2"], ws["B2"] = "联系电话", "0471-\u00856234567"
    at, _ = lay_t3(ws, qingchuan, top=4)
    label = next(c for row in ws.iter_rows() for c in row if c.value == "一、本年新收政府信息公开申请数量")
    label.value = "一、本年新收政府信息\u2029公开申请数量"
    result = read_xlsx(save(wb, tmp_path / "text.xlsx"), form_id="gov-2021")
    report = result.report
    assert report.organ == "临河县 教育局"
    assert report.info.get("phone") == "0471- 6234567", report.info
    new = Cell("t3", "new_received", "total")
    assert report.value(new) == qingchuan.value(new)
