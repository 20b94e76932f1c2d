"""The Word export read back: page, grid, styles and fonts, footers, every table's structure and
figures, the prose and its sub-headings, the signature, the draft mark, atomic writing, the CLI.

Each test reads the saved file with python-docx and its XML, as Word would see it.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from exports.common import DRAFT_MARK, stated_total
from exports.docx_writer import printed_date, signature_indents, write_docx
from exports.prose import BODY, NUMBERED, SUBHEADING, SUBNUMBERED, paragraphs, split_paragraph
from exports.typesetting import Typesetting
from forms.atomic import SaveError
from forms.draft import write_draft
from forms.expr import Cell
from forms.layout import Role, grid, printed_value
from forms.numbers import format_value
from forms.rules import check
from forms.samples import write_samples
from tests.support.gov2019 import gov2019_report

ROOT = Path(__file__).resolve().parents[2]
THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture
def gov2019():
    report = gov2019_report()
    assert not check(report).errors, [f.message for f in check(report).errors]
    return report


@pytest.fixture(params=["gov-2021", "gov-2019", "gov-2014"])
def any_report(request, qingchuan, yueqing):
    return {"gov-2021": qingchuan, "gov-2019": gov2019_report(), "gov-2014": yueqing}[request.param]


# --- reading the file back ---------------------------------------------------------------------

def export(report, tmp_path, **kwargs) -> Path:
    return write_docx(report, tmp_path / "报告.docx", **kwargs)


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def style_of(paragraph) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else "Normal"


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def body_paragraphs(document) -> list:
    return [child for child in document.element.body if child.tag == qn("w:p")]


def attr(element, path: str, name: str = "val"):
    found = element.find(path, {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    return None if found is None else found.get(qn(f"w:{name}"))


def read_table(tbl) -> list[tuple[int, int, int, int, str]]:
    """The anchored cells of a Word table as (row, col, rowspan, colspan, text), rebuilt from the
    XML alone: gridSpan for width, vMerge restart/continue for height."""
    anchors: dict[tuple[int, int], list] = {}
    open_merge: dict[int, list] = {}
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        col = 0
        for tc in tr.findall(qn("w:tc")):
            span = int(attr(tc, "w:tcPr/w:gridSpan") or 1)
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            if merge is not None and merge.get(qn("w:val")) != "restart":
                open_merge[col][2] += 1
                assert open_merge[col][3] == span, "a continued cell must be as wide as its start"
            else:
                cell = [r, col, 1, span, text_of(tc)]
                anchors[(r, col)] = cell
                open_merge[col] = cell
            col += span
    return sorted(tuple(c) for c in anchors.values())


def expected_table(report, key: str) -> list[tuple[int, int, int, int, str]]:
    g = grid(report.form.tables[key], report.form.computed_by_cell)
    result = []
    for c in g.cells:
        text = c.text
        if c.role in (Role.VALUE, Role.COMPUTED):
            stated = stated_total(report, c.cell)       # a total stated against its parts prints as stated
            value = stated.stated if stated else printed_value(report, c.cell)
            text = format_value(value, kind=report.form.kind_of(c.cell))
        result.append((c.row, c.col, c.rowspan, c.colspan, text))
    return sorted(result)


def word_tables(document) -> list:
    return document.element.body.findall(qn("w:tbl"))


def table_keys(report) -> list[str]:
    """The tables in the order the document prints them (appendices after the body)."""
    sections = [s for s in report.form.sections if s.kind == "table" and not s.appendix] + \
               [s for s in report.form.sections if s.kind == "table" and s.appendix]
    return [s.table for s in sections]


# --- page ----------------------------------------------------------------------------------------

def test_page_is_a4_with_the_gbt9704_margins_and_a_22_line_grid(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    assert len(document.sections) == 1
    sect = document.sections[0]._sectPr
    assert (attr(sect, "w:pgSz", "w"), attr(sect, "w:pgSz", "h")) == ("11906", "16838")
    assert attr(sect, "w:pgSz", "orient") in (None, "portrait")
    margins = {side: attr(sect, "w:pgMar", side) for side in ("top", "bottom", "left", "right", "gutter")}
    # 37 / 35 / 28 / 26 mm: a text block of 156 × 225 mm
    assert margins == {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474", "gutter": "0"}
    assert attr(sect, "w:docGrid", "type") == "lines"
    assert attr(sect, "w:docGrid", "linePitch") == "579"
    block = int(attr(sect, "w:pgSz", "h")) - int(margins["top"]) - int(margins["bottom"])
    assert block // int(attr(sect, "w:docGrid", "linePitch")) == 22      # 22 lines of 28.95 pt fill the block


# --- styles and fonts ------------------------------------------------------------------------------

def style_fonts(document, style_id: str):
    style = document.styles.element.get_by_id(style_id)
    assert style is not None, style_id
    fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    size = attr(style, "w:rPr/w:sz")
    bold = style.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii")), size, bold


def test_every_style_names_its_east_asian_font_and_the_official_sizes(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    assert style_fonts(document, "Normal") == ("仿宋_GB2312", "Times New Roman", "32", False)
    assert style_fonts(document, "Title") == ("方正小标宋简体", "Times New Roman", "44", False)
    assert style_fonts(document, "Heading1") == ("黑体", "Times New Roman", "32", False)
    assert style_fonts(document, "Heading2") == ("楷体_GB2312", "Times New Roman", "32", False)
    assert style_fonts(document, "Heading3") == ("仿宋_GB2312", "Times New Roman", "32", True)
    assert style_fonts(document, "Heading4") == ("仿宋_GB2312", "Times New Roman", "32", False)
    assert style_fonts(document, "Footer") == ("宋体", "宋体", "28", False)
    assert style_fonts(document, "TableText") == ("仿宋_GB2312", "Times New Roman", "21", False)
    assert style_fonts(document, "TableTextSmall")[2] == "18"
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character") and style.get(qn("w:default")) != "1":
            assert style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")), \
                style.get(qn("w:styleId"))
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_body_is_justified_with_a_two_character_indent_on_the_grid(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    normal = document.styles.element.get_by_id("Normal")
    assert attr(normal, "w:pPr/w:spacing", "line") == "579"
    assert attr(normal, "w:pPr/w:spacing", "lineRule") == "exact"
    assert attr(normal, "w:pPr/w:ind", "firstLineChars") == "200"
    assert attr(normal, "w:pPr/w:ind", "firstLine") == "640"
    assert attr(normal, "w:pPr/w:jc") == "both"
    title = document.styles.element.get_by_id("Title")
    assert attr(title, "w:pPr/w:jc") == "center"
    assert attr(title, "w:pPr/w:ind", "firstLineChars") == "0"
    assert attr(title, "w:pPr/w:snapToGrid") == "0"        # one grid line a title line, not two


def test_table_text_is_single_spaced_off_the_grid_without_the_body_indent(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    for style_id in ("TableText", "Header", "Footer"):
        style = document.styles.element.get_by_id(style_id)
        assert attr(style, "w:pPr/w:snapToGrid") == "0", style_id
        assert attr(style, "w:pPr/w:spacing", "line") == "240", style_id
        assert attr(style, "w:pPr/w:spacing", "lineRule") == "auto", style_id
        assert attr(style, "w:pPr/w:ind", "firstLineChars") == "0", style_id
        assert attr(style, "w:pPr/w:ind", "firstLine") == "0", style_id
    for tbl in word_tables(document):
        for p in tbl.iter(qn("w:p")):
            assert style_of(p) in ("TableText", "TableTextSmall")


def test_no_theme_fonts_anywhere_and_every_run_names_its_east_asian_font(any_report, tmp_path):
    path = export(any_report, tmp_path, mark=DRAFT_MARK)
    for name, data in parts(path).items():
        if name.endswith(".xml"):
            for attribute in THEME_ATTRIBUTES:
                assert f"w:{attribute}=".encode() not in data, (name, attribute)
    document = docx.Document(path)
    section = document.sections[0]
    containers = [document.element.body, section.footer._element, section.even_page_footer._element,
                  section.header._element, section.even_page_header._element]
    runs = [r for c in containers for r in c.iter(qn("w:r"))]
    assert len(runs) > 50
    for r in runs:
        fonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")), text_of(r)
        assert fonts.get(qn("w:ascii")), text_of(r)


def test_font_names_come_from_the_settings(qingchuan, tmp_path):
    fonts = Typesetting(body_font="方正仿宋_GBK", table_font="方正仿宋_GBK", subheading_font="方正楷体_GBK")
    path = export(qingchuan, tmp_path, fonts=fonts)
    document = docx.Document(path)
    assert style_fonts(document, "Normal")[0] == "方正仿宋_GBK"
    assert style_fonts(document, "Heading2")[0] == "方正楷体_GBK"
    assert style_fonts(document, "TableText")[0] == "方正仿宋_GBK"
    eastasia = {r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia"))
                for r in document.element.body.iter(qn("w:r"))}
    assert "仿宋_GB2312" not in eastasia and "楷体_GB2312" not in eastasia
    assert {"方正仿宋_GBK", "方正楷体_GBK", "黑体", "方正小标宋简体"} <= eastasia
    font_table = parts(path)["word/fontTable.xml"].decode()
    assert 'w:name="方正仿宋_GBK"' in font_table and 'w:val="仿宋"' in font_table   # the fallback


def test_no_update_fields_and_no_leftovers_of_the_template(qingchuan, tmp_path):
    path = export(qingchuan, tmp_path)
    files = parts(path)
    assert b"updateFields" not in files["word/settings.xml"]
    assert b"evenAndOddHeaders" in files["word/settings.xml"]
    assert "word/stylesWithEffects.xml" not in files
    assert "docProps/thumbnail.jpeg" not in files
    props = docx.Document(path).core_properties
    assert props.title == qingchuan.title and props.author == qingchuan.organ


# --- page numbers and the draft mark ------------------------------------------------------------

def field_sequence(paragraph) -> list[str]:
    """What a footer paragraph holds, in order: text, and the field's parts."""
    sequence = []
    for r in paragraph.iter(qn("w:r")):
        for child in r:
            if child.tag == qn("w:t"):
                sequence.append(child.text)
            elif child.tag == qn("w:fldChar"):
                sequence.append(child.get(qn("w:fldCharType")))
            elif child.tag == qn("w:instrText"):
                sequence.append(child.text.strip())
    return sequence


def test_page_numbers_are_a_page_field_right_on_odd_pages_left_on_even_pages(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side, jc, cached in ((section.footer, "rightChars", "right", "1"),
                                     (section.even_page_footer, "leftChars", "left", "2")):
        assert not footer.is_linked_to_previous
        [p] = footer._element.findall(qn("w:p"))
        assert field_sequence(p) == ["— ", "begin", "PAGE", "separate", cached, "end", " —"]
        assert style_of(p) == "Footer"
        assert attr(p, "w:pPr/w:jc") == jc
        assert attr(p, "w:pPr/w:ind", side) == "100"          # one character in
    assert style_fonts(document, "Footer")[2] == "28"           # 四号
    assert not section.different_first_page_header_footer


def test_draft_mark_in_the_header_of_every_page(yueqing, tmp_path):
    document = docx.Document(export(yueqing, tmp_path, mark=DRAFT_MARK))
    section = document.sections[0]
    assert text_of(section.header._element) == DRAFT_MARK
    assert text_of(section.even_page_header._element) == DRAFT_MARK
    assert not section.different_first_page_header_footer


def test_no_header_without_a_mark(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    section = document.sections[0]
    assert section.header.is_linked_to_previous and section.even_page_header.is_linked_to_previous
    assert DRAFT_MARK.encode() not in b"".join(parts(tmp_path / "报告.docx").values())


# --- the text ---------------------------------------------------------------------------------------

def test_title_blank_line_preface_and_every_section_heading_in_order(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    ps = body_paragraphs(document)
    assert style_of(ps[0]) == "Title" and text_of(ps[0]) == any_report.title
    assert text_of(ps[1]) == ""
    assert text_of(ps[2]) == any_report.preface().splitlines()[0].strip()
    headings = [text_of(p) for p in ps if style_of(p) == "Heading1"]
    expected = [s.heading for s in any_report.form.sections if s.key != "preface" and not s.appendix]
    assert headings == expected


def test_long_title_breaks_after_the_organ_name(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    title = body_paragraphs(document)[0]
    pieces = [r for r in title.iter(qn("w:r"))]
    assert [text_of(r) for r in pieces] == ["青川市市场监督管理局", "", "2025年政府信息公开工作年度报告"]
    assert pieces[1].find(qn("w:br")) is not None


def test_prose_paragraphs_with_their_sub_headings(gov2019, tmp_path):
    document = docx.Document(export(gov2019, tmp_path))
    ps = body_paragraphs(document)

    def find(text):
        return next(p for p in ps if text_of(p).startswith(text))

    runin = find("（一）主动公开。")
    assert style_of(runin) == "Normal"
    first, rest = runin.findall(qn("w:r"))
    assert text_of(first) == "（一）主动公开。"
    assert first.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "楷体_GB2312"
    assert text_of(rest) == "全年主动公开政府信息326条，其中规范性文件3件。"
    assert rest.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert style_of(find("（二）依申请公开")) == "Heading2"
    numbered = find("1.规范办理流程。")
    first = numbered.findall(qn("w:r"))[0]
    assert text_of(first) == "1.规范办理流程。" and first.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    assert style_of(find("（1）登记")) == "Heading4"
    assert style_of(find("全年新收政府信息公开申请67件")) == "Normal"
    # the optional prose of a table section comes before its table
    body = list(document.element.body)
    intro = find("本年度主动公开情况见下表。")
    assert body[body.index(intro) + 1].tag == qn("w:tbl")


def test_sub_heading_recognition():
    assert split_paragraph("（一）主动公开").level == SUBHEADING
    p = split_paragraph("（三）政府信息管理。我局严格落实保密审查制度。")
    assert (p.level, p.heading, p.rest) == (SUBHEADING, "（三）政府信息管理。", "我局严格落实保密审查制度。")
    assert split_paragraph("(二)依申请公开").level == SUBHEADING
    assert split_paragraph("1.规章清理").level == NUMBERED
    assert split_paragraph("2、加强培训。全年培训2次。").heading == "2、加强培训。"
    assert split_paragraph("（2）网站").level == SUBNUMBERED
    assert split_paragraph("1.5万元的经费已全部到位。").level == BODY      # a decimal, not a number
    assert split_paragraph("2025年，我局……").level == BODY
    long_sentence = "1." + "我局" * 40 + "。后文"
    assert split_paragraph(long_sentence).level == BODY                    # a numbered paragraph
    assert [p.text for p in paragraphs("　　第一段\n\n  第二段\r\n第三段")] == ["第一段", "第二段", "第三段"]


def test_text_that_xml_cannot_hold_is_dropped_not_fatal(qingchuan, tmp_path):
    qingchuan.sections["other"] = "本年度\x01未收取\x0b信息处理费\ud800。\t完"
    document = docx.Document(export(qingchuan, tmp_path))
    texts = [text_of(p) for p in body_paragraphs(document)]
    assert "本年度未收取" in texts and "信息处理费。 完" in texts


def test_signature_right_aligned_with_the_date_in_chinese(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    ps = body_paragraphs(document)
    organ, date = ps[-2], ps[-1]
    assert text_of(organ) == "青川市市场监督管理局" and text_of(date) == "2026年1月20日"
    assert attr(organ, "w:pPr/w:jc") == attr(date, "w:pPr/w:jc") == "right"
    organ_right, date_right = signature_indents("青川市市场监督管理局", "2026年1月20日")
    assert attr(organ, "w:pPr/w:ind", "rightChars") == str(round(organ_right * 100))
    assert attr(date, "w:pPr/w:ind", "rightChars") == str(round(date_right * 100))
    assert text_of(ps[-3]) == ""                                   # a blank line above
    last_text = ps[-4]
    assert last_text.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None   # goes with the signature


def test_signature_without_a_date_is_the_organ_alone(qingchuan, tmp_path):
    del qingchuan.info["date"]
    ps = body_paragraphs(docx.Document(export(qingchuan, tmp_path)))
    assert text_of(ps[-1]) == "青川市市场监督管理局"
    assert attr(ps[-1], "w:pPr/w:ind", "rightChars") == "200"


def test_dates_and_signature_geometry():
    assert printed_date("2026-01-20") == "2026年1月20日"
    assert printed_date("2026年1月20日") == "2026年1月20日"
    assert printed_date("2026-02-30") == "2026-02-30"                 # not a date: as typed
    assert printed_date(None) == ""
    organ, date = signature_indents("某局", "2026年1月20日")            # short name: centred over the date
    assert date == 2 and organ > date
    organ, date = signature_indents("某某省某某市某某区人民政府办公室", "2026年1月20日")
    assert organ == 2 and date > 2


# --- tables -------------------------------------------------------------------------------------------

def test_every_table_has_the_official_cells_merges_labels_and_figures(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    tables = word_tables(document)
    keys = table_keys(any_report)
    assert len(tables) == len(keys)
    for tbl, key in zip(tables, keys, strict=True):
        assert read_table(tbl) == expected_table(any_report, key), key


MERGES = {   # table: (cells with gridSpan > 1, vMerge restarts, vMerge continuations), counted on
    # the official layouts (docs/format-files.md §1)
    # t2: a heading row per block; a one-column block's value (and its header) spans the 3 columns
    ("gov-2021", "t2"): (4 + 3 + 4, 0, 0),
    # t3: the corner (3 rows, each 3 wide), 申请人情况, 法人或其他组织, 一、二、四、 over 3 label
    # columns, （一）（二）（七） over 2; vertical: corner, 自然人, 总计, 三、, （三）–（六）
    ("gov-2021", "t3"): (3 + 1 + 1 + 3 + 3, 8, 2 + 1 + 1 + 21 + 7 + 2 + 4 + 2),
    # t4: 行政复议, 行政诉讼, its two kinds; 行政复议's five labels over header rows 2–3
    ("gov-2021", "t4"): (4, 5, 5),
    # 2019 t2: five blocks; 第（八）项 and 第（九）项 have two columns, the last spanning two
    ("gov-2019", "t2"): (5 + 2 + 2, 0, 0),
    # 2019 t3: （六）其他处理 is one row over 2 label columns, 三、 spans 20 rows
    ("gov-2019", "t3"): (3 + 1 + 1 + 3 + 4, 7, 2 + 1 + 1 + 19 + 7 + 2 + 4),
    ("gov-2014", "stats"): (0, 0, 0),
}


def merge_counts(tbl) -> tuple[int, int, int]:
    spans = sum(1 for tc in tbl.iter(qn("w:tc")) if int(attr(tc, "w:tcPr/w:gridSpan") or 1) > 1)
    merges = [m.get(qn("w:val")) for m in tbl.iter(qn("w:vMerge"))]
    return spans, merges.count("restart"), merges.count(None)


def test_merge_structure_of_each_official_table(qingchuan, yueqing, tmp_path):
    reports = {"gov-2021": qingchuan, "gov-2019": gov2019_report(), "gov-2014": yueqing}
    for (form_id, key), expected in MERGES.items():
        report = reports[form_id]
        document = docx.Document(write_docx(report, tmp_path / f"{form_id}.docx"))
        tbl = word_tables(document)[table_keys(report).index(key)]
        assert merge_counts(tbl) == expected, (form_id, key)


def test_t3_and_t4_headers_as_printed_officially(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    t2, t3, t4 = word_tables(document)
    cells = read_table(t3)
    corner = cells[0]
    assert corner[:4] == (0, 0, 3, 3) and corner[4].startswith("（本列数据的勾稽关系为")
    assert (0, 3, 1, 7, "申请人情况") in cells
    assert (1, 3, 2, 1, "自然人") in cells and (1, 9, 2, 1, "总计") in cells
    assert (1, 4, 1, 5, "法人或其他组织") in cells
    assert (5, 0, 22, 1, "三、本年度办理结果") in cells
    assert (7, 1, 8, 1, "（三）不予公开") in cells
    assert (3, 0, 1, 3, "一、本年新收政府信息公开申请数量") in cells
    cells = read_table(t4)
    assert (0, 0, 1, 5, "行政复议") in cells and (0, 5, 1, 10, "行政诉讼") in cells
    assert (1, 0, 2, 1, "结果维持") in cells                     # 行政复议's labels span rows 2–3
    assert (1, 5, 1, 5, "未经复议直接起诉") in cells and (2, 5, 1, 1, "结果维持") in cells
    assert len([c for c in cells if c[0] == 3]) == 15            # one value row of 15 cells


def test_every_cell_has_borders_rows_do_not_split_headers_repeat(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    for tbl, key in zip(word_tables(document), table_keys(any_report), strict=True):
        g = grid(any_report.form.tables[key])
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert attr(tbl, f"w:tblPr/w:tblBorders/w:{side}") == "single"
        for tc in tbl.iter(qn("w:tc")):
            for side in ("top", "left", "bottom", "right"):
                assert attr(tc, f"w:tcPr/w:tcBorders/w:{side}") == "single", key
        rows = tbl.findall(qn("w:tr"))
        assert len(rows) == g.n_rows
        for r, tr in enumerate(rows):
            assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
            repeated = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            assert repeated == (r < g.header_rows), (key, r)


def test_tables_fit_the_text_block(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    for tbl in word_tables(document):
        columns = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]
        assert sum(columns) == 8844                                # 156 mm
        assert attr(tbl, "w:tblPr/w:tblW", "w") == "8844"
        assert attr(tbl, "w:tblPr/w:tblLayout", "type") == "fixed"
        for tr in tbl.findall(qn("w:tr")):
            assert sum(int(attr(tc, "w:tcPr/w:tcW", "w")) for tc in tr.findall(qn("w:tc"))) == 8844


def test_t4_is_set_in_a_smaller_size(qingchuan, tmp_path):
    document = docx.Document(export(qingchuan, tmp_path))
    t2, t3, t4 = word_tables(document)
    assert {style_of(p) for p in t4.iter(qn("w:p"))} == {"TableTextSmall"}
    assert {style_of(p) for p in t3.iter(qn("w:p"))} == {"TableText"}


def test_blank_cells_print_zero_in_2021_and_blank_in_2014(qingchuan, yueqing, tmp_path):
    qingchuan.set(Cell("t3", "granted", "research"), None)
    document = docx.Document(write_docx(qingchuan, tmp_path / "a.docx"))
    t3 = word_tables(document)[1]
    cells = {(r, c): text for r, c, _, _, text in read_table(t3)}
    assert cells[(5, 5)] == "0"                                     # （一）予以公开 × 科研机构
    document = docx.Document(write_docx(yueqing, tmp_path / "b.docx"))
    [stats] = word_tables(document)
    cells = {(r, c): text for r, c, _, _, text in read_table(stats)}
    keys = yueqing.form.tables["stats"].row_keys
    assert cells[(keys.index("a1") + 1, 2)] == "152"
    assert cells[(keys.index("a1a") + 1, 2)] == ""
    assert cells[(keys.index("a") + 1, 1)] == "——"


def test_the_2014_table_is_appended_under_its_title_and_year(yueqing, tmp_path):
    document = docx.Document(export(yueqing, tmp_path))
    body = list(document.element.body)
    tbl = body.index(word_tables(document)[0])
    title, subtitle = body[tbl - 2], body[tbl - 1]
    assert style_of(title) == "Title" and text_of(title) == "政府信息公开情况统计表"
    assert title.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    assert style_of(subtitle) == "Subtitle" and text_of(subtitle) == "（2017年度）"
    # the signature closes the report's text, before the appended table
    assert text_of(body[tbl - 3]) == "乐清市文化广电新闻出版局"
    assert body[tbl + 1].tag == qn("w:p")                          # Word needs a paragraph after it


def test_amounts_and_signed_figures_print_as_typed(gov2019, tmp_path):
    document = docx.Document(export(gov2019, tmp_path))
    texts = [text for *_, text in read_table(word_tables(document)[0])]
    assert "128.5" in texts and "-2" in texts and "-1" in texts


# --- writing the file -----------------------------------------------------------------------------

def test_a_file_that_cannot_be_replaced_gives_a_chinese_message_and_keeps_the_old_file(
        qingchuan, tmp_path, monkeypatch):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"the old report")

    def locked(src, dst):     # what Windows does while Word has the file open
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(SaveError) as raised:
        write_docx(qingchuan, target)
    assert "报告.docx" in str(raised.value) and "关闭" in str(raised.value)
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]      # no temporary file left


def test_a_missing_folder_gives_a_chinese_message(qingchuan, tmp_path):
    with pytest.raises(SaveError) as raised:
        write_docx(qingchuan, tmp_path / "没有这个文件夹" / "报告.docx")
    assert "不存在" in str(raised.value)


def test_a_read_only_folder_gives_a_chinese_message(qingchuan, tmp_path, monkeypatch):
    folder = tmp_path / "只读"
    folder.mkdir()
    (folder / "报告.docx").write_bytes(b"old")
    folder.chmod(0o555)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root writes into read-only folders: refuse as the system refuses anyone else
        mkstemp = tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):
            if Path(dir) == folder:
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))
            return mkstemp(*args, dir=dir, **kwargs)
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        with pytest.raises(SaveError) as raised:
            write_docx(qingchuan, folder / "报告.docx")
        assert "没有写入权限" in str(raised.value)
        assert (folder / "报告.docx").read_bytes() == b"old"
    finally:
        folder.chmod(0o755)


def run_main(*args, cwd: Path):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_cli_refuses_a_report_with_errors_and_exports_it_as_a_draft(tmp_path):
    write_samples(tmp_path)
    draft = tmp_path / "2017-yueqing-wenguangxin.json"
    refused = run_main("export", str(draft), "--docx", "out.docx", cwd=tmp_path)
    assert refused.returncode == 1
    assert "不能导出正式稿" in refused.stderr and "【错误】" in refused.stderr
    assert not (tmp_path / "out.docx").exists()
    done = run_main("export", str(draft), "--docx", "out.docx", "--draft", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert DRAFT_MARK in done.stdout
    header = docx.Document(tmp_path / "out.docx").sections[0].header
    assert text_of(header._element) == DRAFT_MARK


def test_cli_exports_a_clean_report_without_a_mark(tmp_path, gov2019):
    draft = write_draft(gov2019, tmp_path / "2020.json")
    done = run_main("export", str(draft), "--docx", "2020.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = docx.Document(tmp_path / "2020.docx")
    assert document.sections[0].header.is_linked_to_previous
    assert text_of(body_paragraphs(document)[0]) == "某某县交通运输局2020年政府信息公开工作年度报告"
