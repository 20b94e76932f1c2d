"""插入数据摘要: the sentence stating the key figures of the tables, in the register of real reports,
built from the format file's `summary:` parts — and passing R8 itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.expr import Cell
from forms.loader import FormatError, get_form, parse_form
from forms.report import Report
from forms.rules import check
from forms.summary import build_summary, self_name

FORMATS = Path(__file__).resolve().parents[2] / "forms" / "formats"


def test_the_sample_summary_reads_as_a_real_report(qingchuan):
    assert build_summary(qingchuan) == (
        "本年度，我局共收到政府信息公开申请219件，上年结转10件；办结214件，其中予以公开85件、部分公开15件、"
        "不予公开19件、无法提供61件、不予处理25件、其他处理9件；结转下年度继续办理15件。"
        "本年度发生政府信息公开行政复议6件、行政诉讼5件。")


def test_what_did_not_happen_is_left_out_or_said_once(qingchuan):
    for row in ("partial", "carried_over"):
        for column in ("natural", "business", "legal"):
            qingchuan.set(Cell("t3", row, column), 0)
    for row in ("admin_review", "suit_direct", "suit_after_review"):
        for column in ("upheld", "corrected", "other", "pending"):
            qingchuan.set(Cell("t4", row, column), 0)
    qingchuan.organ = "青川市人民政府"
    summary = build_summary(qingchuan)
    assert summary.startswith("本年度，我市共收到政府信息公开申请219件；办结")
    assert "部分公开" not in summary and "上年结转" not in summary
    assert summary.endswith("本年度未发生政府信息公开行政复议和行政诉讼。")


@pytest.mark.parametrize("organ,name", [
    ("青川市市场监督管理局", "我局"), ("青川县人民政府", "我县"), ("青川市人民政府办公室", "我办"),
    ("青川市发展和改革委员会", "我委"), ("青川市政务服务中心", "我中心"), ("青川市教育厅", "我厅"),
    ("城关街道办事处", "我街道"), ("青川市某某研究所", "本机关"), ("", "本机关"),
])
def test_the_organ_speaks_of_itself_as_reports_do(organ, name):
    assert self_name(organ) == name


def test_the_sentence_passes_r8_in_every_section(qingchuan):
    summary = build_summary(qingchuan)
    for section in (s for s in qingchuan.form.sections if s.has_prose):
        report = qingchuan.copy()
        report.sections[section.key] = report.sections.get(section.key, "") + "\n" + summary
        assert [f.message for f in check(report).findings if f.rule == "R8"] == []


def test_the_2019_format_has_its_own_sentence():
    report = Report(form=get_form("gov-2019"), organ="某县市场监督管理局", year=2020)
    report.fill_blanks_with_zero()
    figures = {"new_received": 3001, "carried_over": 12, "granted": 2500, "partial": 300, "other_processing": 13,
               "carried_forward": 200}
    for row, value in figures.items():
        report.set(Cell("t3", row, "natural"), value)
    report.set(Cell("t4", "suit_direct", "pending"), 2)
    summary = build_summary(report)
    assert "共收到政府信息公开申请3001件，上年结转12件；办结2813件" in summary
    assert "其他处理13件" in summary and "行政诉讼2件" in summary and "行政复议" not in summary
    report.sections["overview"] = summary
    assert [f for f in check(report).findings if f.rule == "R8"] == []


def test_the_2014_sample_has_one_and_adds_no_finding(yueqing):
    before = [f.message for f in check(yueqing).findings if f.rule == "R8"]
    summary = build_summary(yueqing)
    assert summary.startswith("本年度，我局共收到政府信息公开申请")
    yueqing.sections["overview"] += "\n" + summary
    assert [f.message for f in check(yueqing).findings if f.rule == "R8"] == before


def _with_summary(text: str) -> str:
    source = (FORMATS / "gov-2021.yaml").read_text(encoding="utf-8")
    return source.replace("\nsummary:\n", "\nsummary:\n" + text, 1)


@pytest.mark.parametrize("part,message", [
    ('  - {text: "办结{}件", value: t3.nowhere.total}\n', r"第\d+行，summary\[0\]\.value"),
    ('  - {text: "办结{}件", valeu: t3.total_processed.total}\n', r"第\d+行，summary\[0\]：未知的键“valeu”"),
    ('  - {text: "办结件", value: t3.total_processed.total}\n', r"第\d+行，summary\[0\]\.text：.*\{\}"),
    ("  - {text: 其中, items: []}\n", r"第\d+行，summary\[0\]\.items"),
])
def test_a_mistake_in_the_summary_is_told_with_its_line(part, message):
    with pytest.raises(FormatError, match=message):
        parse_form(_with_summary(part), "gov-2021.yaml")
