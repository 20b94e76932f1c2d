"""The label matcher: the variants published reports print are read, nothing is guessed."""

from __future__ import annotations

import pytest

from forms.labels import (
    LabelKind,
    TableLabels,
    bare,
    identity_key,
    match_heading,
    normalise,
    split_labelled,
    title_identity,
    year_only,
)
from forms.loader import get_form, parse_form

ROW, KNOWN, UNKNOWN, AMBIGUOUS, BLANK = (LabelKind.ROW, LabelKind.KNOWN, LabelKind.UNKNOWN, LabelKind.AMBIGUOUS,
                                         LabelKind.BLANK)


@pytest.fixture
def t3():
    form = get_form("gov-2021")
    return TableLabels(form.tables["t3"], form)


def test_a_mistyped_label_is_read_as_its_nearest_row_only_among_a_few_misses(t3):
    """match_rows(near=True): the typo search (every label against every row's) is for a few typos;
    a block or a sheet of many unknown labels is not searched (a paste and a file reader alike)."""
    typo = "2.其他法律行政止公开"
    few = t3.match_rows([typo, *(f"乱写的栏目{i}" for i in range(19))], near=True)
    assert few.matches[0].key == "denied_law_forbidden" and "按“" in few.matches[0].note
    many = t3.match_rows([typo, *(f"乱写的栏目{i}" for i in range(20))], near=True)
    assert many.matches[0].what is UNKNOWN
    assert t3.match_rows([typo]).matches[0].what is UNKNOWN                  # near only when asked


@pytest.mark.parametrize("variant, official", [
    ("1、属于国家秘密", "1.属于国家秘密"),
    ("１．属于国家秘密", "1.属于国家秘密"),
    ("(一)予以公开", "（一）予以公开"),
    ("（一） 予以\n公开", "（一）予以公开"),
    ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
    ("统　计　指　标", "统计指标"),
    ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
    ("\ufeff规章\u200b", "规章"),
    ("信息内容：", "信息内容"),
])
def test_normalise_makes_variants_equal(variant, official):
    assert normalise(variant) == normalise(official)


def test_normalise_keeps_different_labels_apart():
    assert normalise("规范性文件") != normalise("行政规范性文件")
    assert normalise("其他") != normalise("3.其他")
    assert normalise(None) == ""


def test_bare_drops_numbering_and_trailing_note():
    assert bare("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert bare("一、本年新收政府信息公开申请数量") == "本年新收政府信息公开申请数量"
    assert bare("本年收费金额（万元）") == bare("本年收费金额（单位：万元）") == "本年收费金额"
    assert bare("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")  # not emptied


def test_rows_in_reading_order_with_variants_groups_and_blanks(t3):
    labels = ["一、本年新收政府信息公开申请数量", "三、本年度办理结果", "(一)予以公开", "部分公开",
              "（三）不予公开", "1、属于国家\n秘密", None, "不是表中的栏目", "（七）总计"]
    m = t3.match_rows(labels)
    assert [x.key for x in m.matches] == ["new_received", None, "granted", "partial", None,
                                         "denied_state_secret", None, None, "total_processed"]
    assert [x.what for x in m.matches] == [ROW, KNOWN, ROW, ROW, KNOWN, ROW, BLANK, UNKNOWN, ROW]
    assert [i for i, x in enumerate(m.matches) if x.what is UNKNOWN] == [7]
    assert "carried_over" in m.missing and "granted" not in m.missing


def test_every_official_label_matches_its_own_row_in_every_format():
    for form_id in ("gov-2021", "gov-2019", "gov-2014"):
        form = get_form(form_id)
        for table in form.tables.values():
            labels = TableLabels(table, form)
            rows = [r for r in table.rows if not r.is_group]
            m = labels.match_rows([r.label for r in rows])
            assert [x.key for x in m.matches] == [r.key for r in rows], (form_id, table.key)
            assert not m.missing and not m.repeated
            cols = labels.match_columns([c.label for c in table.columns])
            assert [x.key for x in cols.matches] == table.column_keys


def test_a_2019_label_in_a_2021_report_is_read_with_a_warning():
    form = get_form("gov-2021")
    m = TableLabels(form.tables["t2"], form).match_rows(["规章", "规范性文件"])
    assert [x.key for x in m.matches] == ["rules", "normative"]
    assert len(m.notes) == 1 and "2019年试行版格式" in m.notes[0] and "行政规范性文件" in m.notes[0]
    form19 = get_form("gov-2019")
    m = TableLabels(form19.tables["t2"], form19).match_rows(["行政规范性文件"])
    assert m.matches[0].key == "normative" and "2021年版格式" in m.notes[0]


def test_repeated_labels_follow_the_order_of_the_table_and_are_never_guessed():
    form = get_form("gov-2014")
    stats = TableLabels(form.tables["stats"], form)
    m = stats.match_rows(["四、行政复议数量", "（一）维持具体行政行为数", "（二）被依法纠错数", "（三）其他情形数",
                          "五、行政诉讼数量", "（二）被依法纠错数", "（三）其他情形数", "（二）被依法纠错数"])
    assert [x.key for x in m.matches[:7]] == ["d", "d1", "d2", "d3", "e", "e2", "e3"]
    assert m.matches[7].what == AMBIGUOUS and m.matches[7].candidates == ("d2", "e2")
    assert "e1" in m.missing


def test_a_row_named_twice_is_reported(t3):
    m = t3.match_rows(["（一）予以公开", "（一）予以公开"])
    assert m.repeated == {"granted": [0, 1]}
    messages = m.messages(lambda i: f"表三!A{i + 5}：")
    assert any("出现了2次" in x and "表三!A5" in x and "表三!A6" in x for x in messages)


def test_messages_name_the_place_and_what_to_do(t3):
    m = t3.match_rows(["一、本年新收政府信息公开申请数量", "乱写的栏目"])
    messages = m.messages(lambda i: f"表三!A{i + 1}：")
    assert any("没有找到" in x and "二、上年结转政府信息公开申请数量" in x for x in messages)


def test_columns_of_the_applicant_header(t3):
    m = t3.match_columns(["申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
                          "法律服务机构", "其他", "总计"])
    assert [x.key for x in m.matches] == [None, "natural", None, "business", "research", "public_interest",
                                         "legal", "other_org", "total"]
    assert not m.missing
    assert t3.column_candidates("自 然 人") == ("natural",) and t3.column_candidates("3.其他") == ()


def test_columns_repeated_across_blocks_may_be_allowed():
    form = get_form("gov-2019")
    t2 = TableLabels(form.tables["t2"], form)
    m = t2.match_columns(["上一年项目数量", "本年增/减", "上一年项目数量"], expected=["prev_items", "change"],
                         repeats_allowed=True)
    assert not m.repeated and not m.missing


def test_the_2019_and_2021_t2_columns_differ():
    f21, f19 = get_form("gov-2021"), get_form("gov-2019")
    labels21 = TableLabels(f21.tables["t2"], f21).all_labels()
    labels19 = TableLabels(f19.tables["t2"], f19).all_labels()
    assert normalise("本年制发件数") in labels21 - labels19
    assert normalise("本年新制作数量") in labels19 - labels21


# Two versions of a made-up format: the newer renames a row, and accepts the older label as an alias.
_VERSION = """\
id: {id}
name: 测试格式
short_name: {id}格式
basis: 《测试》
document_number: 测〔2030〕1号
years: {{from: 2030}}
sections:
  - {{key: stats, heading: 一、统计, kind: table, table: t1, aliases: [一、统计情况]}}
tables:
  - key: t1
    short: 表一
    title: 统计
    layout: matrix
    columns:
      - {{key: a, label: 甲类, aliases: [甲]}}
    rows:
      - {{key: x, label: {x}}}
      - {{key: y, label: 二、办结}}
"""
OLD = parse_form(_VERSION.format(id="test-old", x="一、受理"))
NEW = parse_form(_VERSION.format(id="test-new", x="一、收到, aliases: [一、受理, 收到的申请]"))


def test_aliases_come_from_the_format_file_and_another_formats_label_is_noted():
    labels = TableLabels(NEW.tables["t1"], NEW, others=[OLD, NEW])
    m = labels.match_rows(["一、受理", "二、办结"])
    assert [x.key for x in m.matches] == ["x", "y"] and not m.missing
    assert m.notes == ["表一中的“一、受理”是test-old格式的写法，test-new格式写作“一、收到”，"
                       "已按“一、收到”导入。表格可能混用了两种格式，请核对。"]
    m = labels.match_rows(["收到的申请", "二、办结"])          # an alias no other format has: no note
    assert m.matches[0].key == "x" and m.notes == []
    assert labels.match_columns(["甲"]).matches[0].key == "a"
    assert TableLabels(NEW.tables["t1"], NEW, others=[]).match_rows(["一、受理"]).notes == []
    assert TableLabels(OLD.tables["t1"], OLD, others=[NEW]).row_candidates("一、收到") == ()
    assert match_heading(NEW, "一、统计情况") == "stats"


@pytest.mark.parametrize("label, key", [("机关名称", "organ"), ("填报单位（盖章）", "organ"), ("统计年度", "year"),
                                        ("报告格式", "form"), ("E-mail", "email"), ("成文日期", "date"),
                                        ("备注", None)])
def test_identity_labels(label, key):
    assert identity_key(label) == key


@pytest.mark.parametrize("text, key", [
    ("三、收到和处理政府信息公开申请情况", "requests"),
    ("三、收到和处理政府信息公开的申请情况", "requests"),
    ("五、存在的主要问题及整改措施", "problems"),
    ("五、政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("四、政府信息公开行政复议、行政诉讼情况", "review"),
    ("七、别的什么", None),
])
def test_section_headings_and_their_variants(text, key):
    assert match_heading(get_form("gov-2021"), text) == key


# --- a report's identity in title rows --------------------------------------------------------------

@pytest.mark.parametrize("text, fields, years", [
    ("填报单位：临河县教育局      2024年度", [("填报单位", "临河县教育局")], [2024]),
    ("填报单位：临河县教育局　　　　2024年", [("填报单位", "临河县教育局")], [2024]),
    ("单位名称：临河县教育局\t\t年度：2024年度", [("单位名称", "临河县教育局"), ("年度", "2024年度")], []),
    ("填 报 单 位：临河县教育局    （2024年度）", [("填报单位", "临河县教育局")], [2024]),
    ("统　计　年　度　：2024", [("统计年度", "2024")], []),
    ("填报单位（盖章）：  临河县教育局", [("填报单位（盖章）", "临河县教育局")], []),
    ("2024年度    填报单位：临河县教育局    单位：件", [("填报单位", "临河县教育局"), ("单位", "件")], [2024]),
    ("填报单位：临河县 教育局", [("填报单位", "临河县 教育局")], []),
    ("成文日期：2025年1月20日 10:30", [("成文日期", "2025年1月20日 10:30")], []),
    ("填报单位：临河县教育局　　填报日期：2025年1月15日",
     [("填报单位", "临河县教育局"), ("填报日期", "2025年1月15日")], []),
    ("临河县教育局2024年政府信息公开工作年度报告", [], []),
])
def test_title_rows_split_on_runs_of_spaces(text, fields, years):
    stated = split_labelled(text)
    assert list(stated.fields) == fields
    assert list(stated.years) == years


def test_text_before_any_label_is_kept_apart():
    stated = split_labelled("临河县教育局      2024年度")
    assert (stated.fields, stated.years, stated.unlabelled) == ((), (2024,), "临河县教育局")


@pytest.mark.parametrize("title, organ, year", [
    ("临河县教育局2024年政府信息公开工作年度报告", "临河县教育局", 2024),
    ("临河县教育局2024年度政府信息公开工作报告", "临河县教育局", 2024),
    ("临河县教育局\n2024年政府信息公开工作年度报告", "临河县教育局", 2024),
    ("2024年度临河县教育局政府信息公开工作年度报告", "临河县教育局", 2024),
    ("临河县教育局关于2024年度政府信息公开工作的年度报告", "临河县教育局", 2024),
    ("乐清市文化广电新闻出版局2017年政府信息公开情况统计表", "乐清市文化广电新闻出版局", 2017),
])
def test_a_report_title_names_office_and_year(title, organ, year):
    assert title_identity(title) == (organ, year)


@pytest.mark.parametrize("text", ["2024年度政府信息公开工作年度报告", "政府信息公开情况统计表",
                                  "二、主动公开政府信息情况", "注：本表数据截至2025年12月31日。"])
def test_texts_that_name_no_office_are_no_title(text):
    assert title_identity(text) is None


@pytest.mark.parametrize("text, year", [("2024年度", 2024), ("2024年", 2024), ("（2024年度）", 2024),
                                        ("(2024年)", 2024), ("2024", None), ("2025年1月", None), ("第2024号", None)])
def test_a_year_standing_alone(text, year):
    assert year_only(text) == year
