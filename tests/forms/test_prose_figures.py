"""R8: the figures the prose states about the tables, in the phrasings of real reports — found and
compared where they name a figure of this organ's tables, left alone where they name something else."""

from __future__ import annotations

import pytest

from forms.expr import Cell
from forms.rules import check


def r8(report) -> list:
    return [f for f in check(report).findings if f.rule == "R8"]


def with_overview(report, text: str):
    report.sections["overview"] = text
    return report


# The bundled sample's figures: 新收219 上年结转10 办结214 予以公开85 部分公开15 不予公开19 结转下年度15;
# 行政复议6（维持3 纠正1 其他1 尚未审结1）, 行政诉讼5（维持3 纠正0 其他1 尚未审结1）; 表二 规范性文件 制发3 废止1
# 现行有效27, 行政许可15,832, 行政处罚1,264, 行政强制87; 逾期未缴费2.
AGREES = (
    "2025年，我局共受理政府信息公开申请219件，上年结转10件，全年共办结214件，其中予以公开85件、部分公开15件、"
    "不予公开19件，予以公开及部分公开100件，结转下年度继续办理15件，办结率为100%。"
    "本年度发生政府信息公开行政复议6件，其中结果维持3件、结果纠正1件、其他结果1件、尚未审结1件；"
    "行政诉讼5件，其中维持3件、其他结果1件、尚未审结1件。"
    "（一）主动公开。本年度制发行政规范性文件3件，废止1件，现行有效的行政规范性文件27件；"
    "作出行政许可决定15,832件，行政处罚1,264件，行政强制87件。"
)


def test_the_phrasings_of_real_reports_agree_with_the_sample(qingchuan):
    assert r8(with_overview(qingchuan, AGREES)) == []


@pytest.mark.parametrize("sentence,stated,cell,value", [
    ("全年共受理政府信息公开申请218件，上年结转10件。", "218", "t3.new_received.total", "219"),
    ("本年度共办结政府信息公开申请200件，按时办结率100%。", "200", "t3.total_processed.total", "214"),
    ("已答复214件，其中予以公开58件、部分公开15件。", "58", "t3.granted.total", "85"),
    ("其中予以公开85件，部分公开51件，不予公开19件。", "51", "t3.partial.total", "15"),
    ("予以公开85件、部分公开15件、不予公开9件。", "9", "t3.denied_state_secret.total", "19"),
    ("予以公开及部分公开258件，占办结总数的九成。", "258", "t3.granted.total", "100"),
    ("上年结转申请1件，结转下年度继续办理15件。", "1", "t3.carried_over.total", "10"),
    ("结转至下一年度继续办理的申请5件。", "5", "t3.carried_forward.total", "15"),
    ("本年度发生政府信息公开行政复议6件，其中结果维持4件、结果纠正1件。", "4", "t4.admin_review.upheld", "3"),
    ("发生行政诉讼5件，其中维持3件、被依法纠正1件、尚未审结1件。", "1", "t4.suit_direct.corrected", "0"),
    ("行政复议6件，尚未审结2件。", "2", "t4.admin_review.pending", "1"),
    ("本年度制发规章3件，制发行政规范性文件3件。", "3", "t2.rules.issued", "0"),
    ("全年办理行政许可1,234件，行政处罚1,264件。", "1,234", "t2.licensing.decisions", "15832"),
    ("另有3件申请因申请人逾期未缴纳信息处理费，按规定不再处理。", "3", "t3.other_fee_unpaid.total", "2"),
])
def test_a_figure_that_disagrees_names_both_values_and_where_each_stands(qingchuan, sentence, stated, cell, value):
    [finding] = r8(with_overview(qingchuan, sentence))
    assert Cell.parse(cell) in finding.cells
    assert finding.section == "overview"
    assert "“一、总体情况”" in finding.message and stated in finding.message and value in finding.message
    assert "表" in finding.message.split("，", 1)[1]          # where the table's figure stands
    assert "请核对" in finding.message


def test_the_message_reads_as_the_clerk_would_say_it(qingchuan):
    [finding] = r8(with_overview(qingchuan, "我局本年度办结申请200件。"))
    assert finding.message.startswith("正文“一、总体情况”写“办结申请200件”，表三“（七）总计”行“总计”列为214件")


@pytest.mark.parametrize("sentence", [
    "本年度制发政策性文件11件，现行有效的规范性文件目录已公开。",                  # 政策性文件 is not 行政规范性文件
    "2025年，全市各级行政机关共收到政府信息公开申请1,234件，办结1,200件，予以公开600件。",     # not this organ
    "各部门共受理政府信息公开申请3,001件，上年结转56件。",
    "全县共发生政府信息公开行政复议12件，行政诉讼8件。",
    "全年主动公开政府信息1862条，其中行政许可信息236条、行政处罚信息1264个。",             # 条 and 个, not 件
    "2024年收到申请1件，2025年1月20日答复。",                                          # years and dates
    "收到政府信息公开申请219件，同比增长15件；办结214件，较上年增加20件，办结率97.7%。",      # changes, percentages
    "（一）依申请公开。收到自然人提出的政府信息公开申请186件，法人或其他组织提出申请33件。",   # a column, not the total
    "上年结转同比减少3件，上年收到申请200件。",
    "其中按时办结210件，延期办结4件，部分公开答复率15%。",
    "全年组织培训2次，参训人员156人次，收取信息处理费120元。",
])
def test_figures_that_name_something_else_are_left_alone(qingchuan, sentence):
    assert r8(with_overview(qingchuan, sentence)) == [], sentence


def test_the_bundled_samples_keep_only_their_known_disagreement(qingchuan, yueqing):
    assert r8(qingchuan) == []
    [known] = r8(yueqing)
    assert "同意公开1件" in known.message


def test_the_2019_format_reads_the_same_phrasings():
    from forms.loader import get_form
    from forms.report import Report
    report = Report(form=get_form("gov-2019"), organ="某县市场监督管理局", year=2020)
    for row, value in (("granted", 5), ("partial", 2)):
        report.set(Cell("t3", row, "natural"), value)
    report.sections["overview"] = "本年度办结申请7件，其中予以公开5件、部分公开3件。"
    [finding] = r8(report)
    assert Cell("t3", "partial", "total") in finding.cells and "部分公开3件" in finding.message


def test_the_same_text_is_checked_again_after_a_figure_of_the_table_changes(qingchuan):
    """The phrasings found in a text are kept between checks (a keystroke re-checks everything): the
    figures they are compared with are read afresh each time."""
    with_overview(qingchuan, "全年共受理政府信息公开申请219件。")
    assert r8(qingchuan) == []
    qingchuan.set(Cell("t3", "new_received", "natural"), 187)
    [finding] = r8(qingchuan)
    assert "为220件" in finding.message
    qingchuan.year = 2026                   # the text's own year is no longer the report's: not compared
    qingchuan.sections["overview"] = "2025年，我局共受理政府信息公开申请219件。"
    assert r8(qingchuan) == []


def test_the_2019_format_reads_its_own_table_two():
    from forms.loader import get_form
    from forms.report import Report
    report = Report(form=get_form("gov-2019"), organ="某县市场监督管理局", year=2020)
    report.set(Cell("t2", "normative", "made"), 4)
    report.set(Cell("t2", "licensing", "decisions"), 1234)
    report.sections["overview"] = ("本年度制发规范性文件4件，对外公开规范性文件4件；"
                                   "作出行政许可决定1,243件，全年公开行政许可信息1,234条。")
    [finding] = r8(report)
    assert finding.cells == (Cell("t2", "licensing", "decisions"),) and "1,243" in finding.message
    assert "表二“行政许可”行“处理决定数量”列为1234件" in finding.message


def test_the_2014_format_reads_受理_办结_and_部分公开(yueqing):
    yueqing.accept_computed()
    yueqing.sections["requests"] = ("2017年，我局共受理政府信息公开申请1件，办结2件，其中属于已主动公开范围1件、"
                                    "同意部分公开1件；按照第（一）项规定公开机构职能信息27条。")
    found = {f.cells[0]: f.message for f in r8(yueqing)}
    assert set(found) == {Cell("stats", "c2", "value"), Cell("stats", "c3_3", "value")}
    assert "写“办结2件”，统计表“（二）申请办结数”为1件" in found[Cell("stats", "c2", "value")]
