"""`python main.py check 报告.json --last 上年.json`: after the findings, 上年对照 — each key figure
beside last year's, in aligned columns (and a "compare" list in --json)."""

from __future__ import annotations

import json
import unicodedata

import main
from forms.carryover import new_report
from forms.draft import write_draft
from forms.expr import Cell
from tests.support.gov2019 import gov2019_report


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _drafts(tmp_path):
    last = gov2019_report()                                       # 2020, the 2019 format
    report = new_report("某某县交通运输局", 2021, last=last)        # 2021, the 2021 format
    report.enter(Cell("t3", "new_received", "natural"), "3,001")
    report.enter(Cell("t2", "penalty", "decisions"), "90")
    report.enter(Cell("t2", "licensing", "decisions"), "356")
    this_path, last_path = tmp_path / "2021年报告.json", tmp_path / "2020年报告.json"
    write_draft(report, this_path)
    write_draft(last, last_path)
    return str(this_path), str(last_path)


def _block(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("上年对照"))
    return lines[start:]


def test_check_last_prints_the_comparison_after_the_findings(tmp_path, capsys):
    this_path, last_path = _drafts(tmp_path)
    main.main(["check", this_path, "--last", last_path])
    out = capsys.readouterr().out
    assert out.index("发现") < out.index("上年对照")                     # after the findings
    block = _block(out)
    assert block[0] == "上年对照（本年2021年度，上年2020年度；* 为变化较大：增减50%以上且至少10）："
    header, rows = block[1], block[2:]
    assert header.split() == ["项目", "本年", "上年", "增减", "增减幅度"]
    new = next(line for line in rows if "本年新收申请" in line)
    assert new.split()[-4:] == ["3,001", "67", "+2,934", "+4379.1%"] and new.startswith("*")
    licensing = next(line for line in rows if "行政许可" in line)
    assert licensing.split()[-4:] == ["356", "356", "0", "0.0%"] and not licensing.startswith("*")
    issued = next(line for line in rows if "行政规范性文件 本年制发件数" in line)
    assert "上年格式中没有" in issued
    # the figures stand in columns: each row's 本年 ends where the header's does
    end = _width(header[:header.index("本年") + 2])
    for line in (new, licensing):
        figure = line.split()[-4]
        assert _width(line[:line.index(" " + figure) + 1 + len(figure)]) == end


def test_check_without_last_prints_no_comparison(tmp_path, capsys):
    this_path, _ = _drafts(tmp_path)
    main.main(["check", this_path])
    assert "上年对照" not in capsys.readouterr().out


def test_check_last_json_has_a_compare_list(tmp_path, capsys):
    this_path, last_path = _drafts(tmp_path)
    main.main(["check", this_path, "--last", last_path, "--json"])
    doc = json.loads(capsys.readouterr().out)
    rows = {row["key"]: row for row in doc["compare"]}
    assert rows["new_received"] == {"key": "new_received", "label": "表三 本年新收申请（总计）", "this": 3001,
                                    "last": 67, "change": 2934, "percent": "4379.1", "swing": True, "note": ""}
    assert rows["t2_normative_issued"]["note"] == "上年格式中没有" and rows["t2_normative_issued"]["last"] is None
    main.main(["check", this_path, "--json"])
    assert "compare" not in json.loads(capsys.readouterr().out)


def test_last_years_published_word_file_serves_check_and_export(tmp_path, capsys, qingchuan):
    """--last takes last year's report as the office has it: here the Word file it published."""
    from openpyxl import load_workbook

    from exports.docx_writer import write_docx

    last = write_docx(qingchuan, tmp_path / "2025年报告.docx")
    report = new_report(qingchuan.organ, 2026, last=qingchuan)
    report.enter(Cell("t3", "new_received", "natural"), "400")
    this_path = write_draft(report, tmp_path / "2026年报告.json")
    capsys.readouterr()
    main.main(["check", str(this_path), "--last", str(last)])
    out = capsys.readouterr().out
    assert "上年对照" in out and not any("R6" in line for line in out.splitlines())   # 上年结转 carried agrees
    book = tmp_path / "2026年报告.xlsx"
    code = main.main(["export", str(this_path), "--xlsx", str(book), "--draft", "--last", str(last)])
    assert code == 0, capsys.readouterr()
    assert "上年对照" in load_workbook(book).sheetnames
