"""A new format is one data file: the labels it declares as aliases are read from a hand-laid sheet,
with no code of its own, and an alias that is another format's label is noted as a mix of formats."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

import forms.loader as loader
from exports.xlsx_reader import read_xlsx
from exports.xlsx_writer import IDENTITY_LABELS
from forms.expr import Cell
from forms.labels import IDENTITY_ALIASES, identity_key
from forms.loader import parse_form

# Two versions of a made-up statistics format. The newer renames a row and a column and accepts the
# older wordings, as published reports keep printing them.
_FORMAT = """\
id: {id}
name: 测试统计格式{id}
basis: 《测试统计格式》
document_number: 测〔{year}〕1号
years: {{from: {year}}}
sections:
  - {{key: stats, heading: 一、统计情况, kind: table, table: t9}}
tables:
  - key: t9
    short: 表九
    title: 测试统计
    layout: matrix
    unit: 件
    columns:
      - {{key: a, label: {a}}}
      - {{key: b, label: 乙类}}
      - {{key: total, label: 合计}}
    rows:
      - {{key: received, label: {received}}}
      - {{key: handled, label: 二、办结数量}}
computed:
  - {{id: S1, table: t9, for_each: row, cell: total, value: a + b}}
"""
OLD = parse_form(_FORMAT.format(id="test-2040", year=2040, a="甲类", received="一、受理数量"), "test-2040.yaml")
NEW = parse_form(_FORMAT.format(id="test-2050", year=2050, a="甲类申请人, aliases: [甲类, 甲]",
                                received="一、收到申请数量, aliases: [一、受理数量, 一、收到申请]"), "test-2050.yaml")


@pytest.fixture
def bundled_with_tests(monkeypatch):
    """The two made-up formats as if their files lay in forms/formats/ beside the official ones."""
    official = loader._bundled()
    monkeypatch.setattr(loader, "_bundled", lambda: {**official, OLD.id: OLD, NEW.id: NEW})


def _sheet(tmp_path, columns: list[str], rows: list[tuple[str, int, int]]):
    wb = Workbook()
    ws = wb.active
    ws.title = "表九"
    ws.append(["某某局2050年政府信息公开工作年度报告"])
    ws.append([])
    ws.append(["", *columns])
    for label, a, b in rows:
        ws.append([label, a, b, a + b])
    path = tmp_path / "aliases.xlsx"
    wb.save(path)
    return path


def test_a_sheet_using_a_formats_aliases_is_read_with_no_code_for_the_format(tmp_path, bundled_with_tests):
    path = _sheet(tmp_path, ["甲", "乙类", "合计"], [("一、收到申请", 7, 2), ("二、办结数量", 5, 1)])
    result = read_xlsx(path, form_id="test-2050")
    report = result.report
    assert (report.form.id, report.organ, report.year) == ("test-2050", "某某局", 2050)
    assert report.values == {Cell("t9", "received", "a"): 7, Cell("t9", "received", "b"): 2,
                             Cell("t9", "handled", "a"): 5, Cell("t9", "handled", "b"): 1}
    assert result.problems == []
    assert result.places == {"t9": "表九!B3"}   # where the table starts: its header row


def test_another_formats_label_declared_as_an_alias_is_read_with_a_note(tmp_path, bundled_with_tests):
    path = _sheet(tmp_path, ["甲类", "乙类", "合计"], [("一、受理数量", 7, 2), ("二、办结数量", 5, 1)])
    result = read_xlsx(path, form_id="test-2050")
    assert result.report.value(Cell("t9", "received", "a")) == 7
    assert result.problems == ["工作表“表九”第4行：表九中的“一、受理数量”是测试统计格式test-2040的写法，"
                               "测试统计格式test-2050写作“一、收到申请数量”，已按“一、收到申请数量”导入。表格可能混用了两种格式，请核对。"]
    older = read_xlsx(path, form_id="test-2040")           # the older format declares no aliases
    assert older.problems == [] and older.report.value(Cell("t9", "received", "a")) == 7
    path = _sheet(tmp_path, ["甲类申请人", "乙类", "合计"], [("一、收到申请数量", 7, 2), ("二、办结数量", 5, 1)])
    older = read_xlsx(path, form_id="test-2040")
    assert older.report.value(Cell("t9", "received", "a")) is None
    assert any("没有找到“一、受理数量”" in p for p in older.problems)


def test_the_identity_labels_the_writer_prints_are_read_back():
    for key in IDENTITY_ALIASES:
        if key in IDENTITY_LABELS:
            assert IDENTITY_ALIASES[key][0] == IDENTITY_LABELS[key]
            assert identity_key(IDENTITY_LABELS[key]) == key
