"""The bundled formats hold the official labels verbatim, and format-file mistakes are
reported with the file and the place."""

from __future__ import annotations

import textwrap

import pytest

from forms.expr import Cell
from forms.loader import FORMATS_DIR, FormatError, all_forms, default_form, form_for_year, get_form, parse_form
from forms.report import Report
from forms.rules import check

T3_ROWS_2021 = [
    ("new_received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "（一）予以公开"), ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "1.属于国家秘密"), ("denied_law_forbidden", "2.其他法律行政法规禁止公开"),
    ("denied_three_security", "3.危及“三安全一稳定”"), ("denied_third_party", "4.保护第三方合法权益"),
    ("denied_internal", "5.属于三类内部事务信息"), ("denied_process", "6.属于四类过程性信息"),
    ("denied_enforcement_file", "7.属于行政执法案卷"), ("denied_admin_query", "8.属于行政查询事项"),
    ("unable_not_held", "1.本机关不掌握相关政府信息"), ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"), ("notproc_petition", "1.信访举报投诉类申请"),
    ("notproc_repeat", "2.重复申请"), ("notproc_publication", "3.要求提供公开出版物"),
    ("notproc_mass", "4.无正当理由大量反复申请"), ("notproc_reconfirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"), ("total_processed", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"),
]
T3_COLUMNS = [("natural", "自然人"), ("business", "商业企业"), ("research", "科研机构"),
              ("public_interest", "社会公益组织"), ("legal", "法律服务机构"), ("other_org", "其他"), ("total", "总计")]


def test_three_bundled_formats_newest_first():
    assert [f.id for f in all_forms()] == ["gov-2021", "gov-2019", "gov-2014"]
    assert default_form().id == "gov-2021"
    assert get_form("gov-2021").document_number == "国办公开办函〔2021〕30号"
    assert get_form("gov-2019").document_number == "国办公开办函〔2019〕60号"
    assert get_form("gov-2014").document_number == "国办发〔2014〕32号"


@pytest.mark.parametrize("year,form", [(2014, "gov-2014"), (2018, "gov-2014"), (2019, "gov-2019"),
                                       (2020, "gov-2019"), (2021, "gov-2021"), (2030, "gov-2021")])
def test_format_follows_the_report_year(year, form):
    assert form_for_year(year).id == form


def test_gov2021_sections_in_order():
    form = get_form("gov-2021")
    assert [(s.key, s.heading) for s in form.sections] == [
        ("preface", "前言"), ("overview", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
        ("requests", "三、收到和处理政府信息公开申请情况"), ("review", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项")]
    assert [s.table for s in form.sections if s.kind == "table"] == ["t2", "t3", "t4"]


def test_gov2021_t3_rows_and_columns_verbatim():
    t3 = get_form("gov-2021").tables["t3"]
    assert [(r.key, r.label) for r in t3.rows] == T3_ROWS_2021
    assert [(c.key, c.label) for c in t3.columns] == T3_COLUMNS
    assert len(t3.cells) == 25 * 7
    assert t3.row("denied_state_secret").groups == ("三、本年度办理结果", "（三）不予公开")


def test_gov2019_t3_has_one_other_processing_row():
    t3 = get_form("gov-2019").tables["t3"]
    keys = [r.key for r in t3.rows]
    assert "other_processing" in keys and "other_fee_unpaid" not in keys
    assert len(keys) == 23
    assert get_form("gov-2019").computed_by_cell[Cell("t3", "total_processed", "natural")].value.cells[-1] == \
        Cell("t3", "other_processing", "natural")


def test_gov2021_t2_blocks_and_units():
    t2 = get_form("gov-2021").tables["t2"]
    assert [(b.key, b.heading, b.rows, b.columns) for b in t2.blocks] == [
        ("item1", "第二十条第（一）项", ("rules", "normative"), ("issued", "repealed", "in_force")),
        ("item5", "第二十条第（五）项", ("licensing",), ("decisions",)),
        ("item6", "第二十条第（六）项", ("penalty", "enforcement"), ("decisions",)),
        ("item8", "第二十条第（八）项", ("fees",), ("amount",))]
    assert t2.row("normative").label == "行政规范性文件"
    assert t2.column("amount").label == "本年收费金额（单位：万元）"
    assert t2.kind_of(Cell("t2", "fees", "amount")) == "decimal"
    assert t2.kind_of(Cell("t2", "penalty", "decisions")) == "count"


def test_gov2019_t2_labels():
    t2 = get_form("gov-2019").tables["t2"]
    assert [c.label for c in t2.columns] == ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                                              "本年增/减", "处理决定数量", "采购项目数量", "采购总金额（单位：万元）"]
    assert t2.row("normative").label == "规范性文件"
    assert t2.kind_of(Cell("t2", "licensing", "change")) == "signed"
    assert t2.has_cell("procurement", "amount") and not t2.has_cell("fees", "decisions")


def test_t4_logical_grid_and_printed_header():
    t4 = get_form("gov-2021").tables["t4"]
    assert t4.row_keys == ["admin_review", "suit_direct", "suit_after_review"]
    assert t4.column_keys == ["upheld", "corrected", "other", "pending", "total"]
    assert [h.label for h in t4.print_header] == ["行政复议", "行政诉讼"]
    assert [c.label for c in t4.print_header[1].children] == ["未经复议直接起诉", "复议后起诉"]


def test_gov2014_statistics_table():
    form = get_form("gov-2014")
    stats = form.tables["stats"]
    assert len(stats.rows) == 65
    assert stats.row("a").is_group and stats.row("a").label == "一、主动公开情况"
    assert stats.row("c3_4d").label == "危及国家安全、公共安全、经济安全和社会稳定"
    assert stats.kind_of(Cell("stats", "g", "value")) == "decimal"
    assert stats.kind_of(Cell("stats", "h4", "value")) == "decimal"
    assert stats.unit_of(Cell("stats", "i3", "value")) == "人次"
    assert [b.heading[:2] for b in stats.blocks] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、",
                                                     "九、"]
    assert form.blank_prints_as == "blank"
    assert sorted(str(c.cell) for c in form.computed) == sorted(
        f"stats.{k}.value" for k in ("c1", "c2", "c3", "c3_4", "d", "e", "h3"))


MINIMAL = textwrap.dedent("""\
    id: test-mini
    name: 测试格式
    basis: 《测试》
    document_number: 测〔2030〕1号
    years: {from: 2030}
    sections:
      - {key: overview, heading: 一、概况, kind: prose}
      - {key: stats, heading: 二、统计, kind: table, table: t1}
    tables:
      - key: t1
        short: 表一
        title: 统计
        layout: matrix
        unit: 件
        columns:
          - {key: a, label: 甲}
          - {key: b, label: 乙}
          - {key: total, label: 合计}
        rows:
          - {key: x, label: 一、收到}
          - {key: y, label: 二、办结}
    computed:
      - {id: S1, table: t1, for_each: row, cell: total, value: a + b}
    checks:
      - {id: K1, table: t1, for_each: column, left: y, op: "<=", right: x, severity: error,
         message: "{column}列：办结{left}件多于收到{right}件。"}
    """)


def test_a_new_format_costs_one_data_file_and_no_code():
    form = parse_form(MINIMAL, "test-mini.yaml")
    report = Report(form=form, organ="某局", year=2030)
    report.enter(Cell("t1", "x", "a"), "3")
    report.enter(Cell("t1", "y", "a"), "5件")
    assert report.value(Cell("t1", "y", "total")) == 5
    messages = [f.message for f in check(report).findings if f.rule == "K1"]
    assert messages == ["甲列：办结5件多于收到3件。", "合计列：办结5件多于收到3件。"]


@pytest.mark.parametrize("change,expected", [
    (("\nsections:\n", "\nsectoins:\n"), "第1行，（文件）：未知的键“sectoins”"),
    (("value: a + b", "value: a + c"), "computed[0].value：没有单元格 t1.x.c"),
    (("value: a + b", "value: a + (b"), "这里应为“)”"),
    (("op: \"<=\"", "op: \"=<\""), "checks[0].op：只能是"),
    (("layout: matrix", "layout: grid"), "tables[0].layout：只能是 blocks、matrix、flat 或 list"),
    (("{key: b, label: 乙}", "{key: a, label: 乙}"), "列键“a”重复"),
    (("table: t1}", "table: t9}"), "sections[1].table：没有表格“t9”"),
    (("severity: error", "severity: fatal"), "checks[0].severity：只能是 error 或 warning"),
    (("  - {key: y, label: 二、办结}", "  - {key: y label: 二、办结"), "不是有效的YAML"),
    (("for_each: column", "for_each: columns"), "checks[0].for_each：只能是 row 或 column"),
])
def test_format_file_mistakes_name_the_file_and_place(change, expected):
    text = MINIMAL.replace(*change)
    assert text != MINIMAL
    with pytest.raises(FormatError) as err:
        parse_form(text, "test-mini.yaml")
    assert "test-mini.yaml" in str(err.value)
    assert expected in str(err.value)


def test_line_number_of_a_mistake_inside_a_list():
    text = MINIMAL.replace("- {key: y, label: 二、办结}", "- {key: y, label: 二、办结, colour: red}")
    with pytest.raises(FormatError, match=r"第\d+行，tables\[0\]\.rows\[1\]：未知的键“colour”"):
        parse_form(text, "test-mini.yaml")


def test_a_cell_computed_twice_is_refused():
    text = MINIMAL.replace("\nchecks:", "\n  - {id: S2, table: t1, for_each: row, cell: total, value: a}\nchecks:")
    with pytest.raises(FormatError, match="已由规则 S1 计算"):
        parse_form(text, "t.yaml")


def test_a_cycle_of_computed_cells_is_refused():
    text = MINIMAL.replace("value: a + b}", "value: a + b}\n  - {id: S2, table: t1, for_each: column, "
                                            "columns: a, cell: x, value: y + x.total}")
    with pytest.raises(FormatError, match="循环引用"):
        parse_form(text, "t.yaml")


def test_cross_year_rule_must_declare_it_needs_last_year():
    text = MINIMAL.replace("right: x, severity: error", "right: last.x, severity: error")
    with pytest.raises(FormatError, match="needs: last"):
        parse_form(text, "t.yaml")


def test_rows_columns_and_sections_carry_their_aliases():
    text = (MINIMAL.replace("{key: x, label: 一、收到}", "{key: x, label: 一、收到, aliases: [一、收到申请, 一、受理]}")
            .replace("{key: a, label: 甲}", "{key: a, label: 甲, aliases: [甲类]}")
            .replace("heading: 一、概况, kind: prose}", "heading: 一、概况, kind: prose, aliases: [一、总体情况]}"))
    form = parse_form(text, "test-mini.yaml")
    table = form.tables["t1"]
    assert table.row("x").aliases == ("一、收到申请", "一、受理") and table.row("y").aliases == ()
    assert table.column("a").aliases == ("甲类",) and table.column("b").aliases == ()
    assert form.section_by_key["overview"].aliases == ("一、总体情况",)
    assert get_form("gov-2021").tables["t2"].row("normative").aliases == ("规范性文件",)
    assert get_form("gov-2021").section_by_key["problems"].aliases


@pytest.mark.parametrize("change,expected", [
    (("{key: x, label: 一、收到}", "{key: x, label: 一、收到, aliases: 一、受理}"),
     "tables[0].rows[0].aliases：应为文字的列表"),
    (("{key: x, label: 一、收到}", "{key: x, label: 一、收到, aliases: [一、收到]}"),
     "“一、收到”就是名称本身，不必列为别名"),
    (("{key: x, label: 一、收到}", "{key: x, label: 一、收到, aliases: [收到, 收到]}"), "“收到”重复"),
    (("{key: x, label: 一、收到}", "{key: x, label: 一、收到, aliases: [二、办结]}"),
     "tables[0]：别名“二、办结”已是另一行的名称或别名"),
    (("{key: b, label: 乙}", "{key: b, label: 乙, aliases: [甲]}"), "别名“甲”已是另一列的名称或别名"),
    (("heading: 一、概况, kind: prose}", "heading: 一、概况, kind: prose, aliases: [二、统计]}"),
     "sections：别名“二、统计”已是另一章节的名称或别名"),
    (("{key: x, label: 一、收到}", "{key: x, label: 一、收到, alias: [受理]}"), "未知的键“alias”"),
])
def test_alias_mistakes_name_the_file_and_place(change, expected):
    text = MINIMAL.replace(*change)
    assert text != MINIMAL
    with pytest.raises(FormatError) as err:
        parse_form(text, "test-mini.yaml")
    assert "test-mini.yaml" in str(err.value) and expected in str(err.value)


def test_a_flat_table_must_print_every_row_once():
    text = (FORMATS_DIR / "gov-2021.yaml").read_text(encoding="utf-8")
    assert "- {label: 复议后起诉, row: suit_after_review}" in text
    line = next(x for x in text.splitlines() if x.strip() == "- {label: 复议后起诉, row: suit_after_review}")
    again = line.replace("复议后起诉, row: suit_after_review", "再列一次, row: suit_direct")
    twice = text.replace(line, line + "\n" + again)
    with pytest.raises(FormatError, match="print_header：必须恰好列出每一行一次"):
        parse_form(twice, "gov-2021.yaml")
