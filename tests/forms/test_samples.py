"""The bundled samples: the 2017 report transcribed in full from the published text, and a complete,
clean gov-2021 report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forms.expr import Cell
from forms.rules import check

# The published text of the 2017 report, as copied from the 乐清市 website (tests/data/).
ORIGINAL = Path(__file__).resolve().parents[1] / "data" / "2017-yueqing-wenguangxin.txt"


@pytest.fixture
def original_text():
    return ORIGINAL.read_text(encoding="utf-8")


def test_every_prose_paragraph_of_the_original_is_transcribed(yueqing, original_text):
    prose = original_text.split("政府信息公开情况统计表")[0]
    headings = {s.heading for s in yueqing.form.sections} | {"乐清市文化广电新闻出版局", "2017年度政府信息公开工作报告"}
    paragraphs = [line.strip() for line in prose.splitlines() if line.strip() and line.strip() not in headings]
    transcribed = [p for text in yueqing.sections.values() for p in text.split("\n")]
    assert paragraphs == transcribed


def test_every_table_figure_of_the_original_and_blanks_stay_blank(yueqing, original_text):
    table = original_text.split("统　计　指　标")[1]
    # each indicator is "label lines / unit / value" separated by blank lines in the copy
    entries = [e for e in re.split(r"\n\s*\n", table) if e.strip()]
    figures = []
    for entry in entries:
        lines = [x.strip() for x in entry.strip().split("\n")]
        if len(lines) >= 3 and lines[-2] in ("条", "件", "次", "篇", "个", "人", "人次", "万元", "——"):
            figures.append((lines[-2], lines[-1]))
        elif len(lines) >= 2 and lines[-1] in ("条", "件", "次", "篇", "个", "人", "人次", "万元", "——"):
            figures.append((lines[-1], ""))
    rows = yueqing.form.tables["stats"].rows
    assert len(figures) == len(rows) == 65
    for row, (unit, value) in zip(rows, figures, strict=True):
        if row.is_group:
            assert unit == "——" and value == ""
            continue
        cell = Cell("stats", row.key, "value")
        computed = yueqing.form.is_computed(cell)
        stated = yueqing.stated.get(cell, yueqing.value(cell)) if computed else yueqing.value(cell)
        assert (str(stated) if stated is not None else "") == value, row.key


def test_the_gov2021_sample_is_complete_and_clean(qingchuan):
    assert qingchuan.blank_input_cells() == []
    assert check(qingchuan).findings == []
    assert all(qingchuan.sections.get(k) for k in ("overview", "problems", "other"))
    assert qingchuan.value(Cell.parse("t3.other_fee_unpaid.total")) > 0 and "信息处理费" in qingchuan.sections["other"]
