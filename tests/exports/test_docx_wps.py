"""The Word file states what WPS would otherwise decide by its own defaults (issue 14, docs/wps.md).

Our users open the .docx in WPS (Windows, 统信UOS, 银河麒麟) more often than in Word. WPS and
Word differ exactly where a file leaves something to the program: compatibility options, the
document grid, table autofit, footers of odd and even pages, fonts not installed. Each test reads
the written file's XML back and checks that the thing is stated, with the value docs/wps.md gives.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from exports.common import DRAFT_MARK
from exports.docx_writer import write_docx
from exports.typesetting import Typesetting
from forms.layout import grid
from tests.support.gov2019 import gov2019_report

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WORD_URI = "http://schemas.microsoft.com/office/word"


@pytest.fixture(params=["gov-2021", "gov-2019", "gov-2014"])
def any_report(request, qingchuan, yueqing):
    return {"gov-2021": qingchuan, "gov-2019": gov2019_report(), "gov-2014": yueqing}[request.param]


def export(report, tmp_path, **kwargs) -> Path:
    return write_docx(report, tmp_path / "报告.docx", **kwargs)


def xml_parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith(".xml")}


def val(element, path: str, name: str = "val"):
    found = element.find(path, NS)
    return None if found is None else found.get(qn(f"w:{name}"))


# --- compatibility settings ------------------------------------------------------------------------

def test_settings_state_every_compatibility_option_wps_reads(qingchuan, tmp_path):
    settings = xml_parts(export(qingchuan, tmp_path))["word/settings.xml"]
    compat = settings.find("w:compat", NS)
    modes = {s.get(qn("w:name")): s.get(qn("w:val")) for s in compat.findall("w:compatSetting", NS)
             if s.get(qn("w:uri")) == WORD_URI}
    assert modes["compatibilityMode"] == "15"            # Word 2013 and later: no 兼容模式 banner
    # on: present without a value (readers that test only presence read them right too)
    for name in ("useFELayout", "doNotExpandShiftReturn"):
        element = compat.find(f"w:{name}", NS)
        assert element is not None and element.get(qn("w:val")) is None, name
    # off, stated: the Chinese templates of Word and WPS switch these on
    for name in ("balanceSingleByteDoubleByteWidth", "adjustLineHeightInTable"):
        assert val(compat, f"w:{name}") == "0", name
    assert val(settings, "w:characterSpacingControl") == "doNotCompress"
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    assert val(settings, "w:themeFontLang", "eastAsia") == "zh-CN"


def test_compat_children_are_in_schema_order(qingchuan, tmp_path):
    """Word refuses a file whose w:compat children are out of the schema's order."""
    compat = xml_parts(export(qingchuan, tmp_path))["word/settings.xml"].find("w:compat", NS)
    order = ["balanceSingleByteDoubleByteWidth", "doNotExpandShiftReturn", "adjustLineHeightInTable",
             "useFELayout", "compatSetting"]
    names = [etree.QName(child).localname for child in compat]
    assert [order.index(n) for n in names] == sorted(order.index(n) for n in names)


# --- document grid, snapping, line spacing -----------------------------------------------------------

def test_every_section_states_its_grid_with_line_pitch_and_char_space(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    for section in document.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines"
        assert grid.get(qn("w:linePitch")) == "579"
        assert grid.get(qn("w:charSpace")) == "0"


def paragraph_styles(document) -> dict[str, etree._Element]:
    return {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))
            if s.get(qn("w:type")) == "paragraph"}


def test_every_paragraph_style_states_grid_snapping_and_line_spacing(qingchuan, tmp_path):
    """Nothing inherited where WPS might resolve it differently: each style says whether it snaps
    to the grid and how its lines are spaced."""
    styles = paragraph_styles(docx.Document(export(qingchuan, tmp_path)))
    on_grid = {"Normal", "Subtitle", "Heading1", "Heading2", "Heading3", "Heading4"}
    off_grid = {"Title", "Header", "Footer", "TableText", "TableTextSmall"}
    assert set(styles) == on_grid | off_grid
    for style_id, style in styles.items():
        assert val(style, "w:pPr/w:snapToGrid") == ("1" if style_id in on_grid else "0"), style_id
        line, rule = val(style, "w:pPr/w:spacing", "line"), val(style, "w:pPr/w:spacing", "lineRule")
        if style_id in on_grid | {"Title"}:
            assert (line, rule) == ("579", "exact"), style_id
        else:
            assert (line, rule) == ("240", "auto"), style_id
        assert (val(style, "w:pPr/w:spacing", "before"), val(style, "w:pPr/w:spacing", "after")) == ("0", "0")


def test_normal_states_the_east_asian_line_breaking_rules(qingchuan, tmp_path):
    normal = paragraph_styles(docx.Document(export(qingchuan, tmp_path)))["Normal"]
    ppr = normal.find("w:pPr", NS)
    stated = {etree.QName(child).localname: child.get(qn("w:val")) for child in ppr}
    assert {k: stated.get(k) for k in ("kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
                                      "autoSpaceDE", "autoSpaceDN", "adjustRightInd", "snapToGrid")} == {
        "kinsoku": "1", "wordWrap": "0", "overflowPunct": "1", "topLinePunct": "0",
        "autoSpaceDE": "1", "autoSpaceDN": "1", "adjustRightInd": "0", "snapToGrid": "1"}
    order = ["widowControl", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "adjustRightInd", "snapToGrid", "spacing", "ind", "jc"]
    assert [etree.QName(child).localname for child in ppr] == order      # the schema's order


# --- tables ------------------------------------------------------------------------------------------

def test_every_table_is_fixed_with_every_width_in_twips(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    tables = document.element.body.findall(qn("w:tbl"))
    assert tables
    for tbl in tables:
        props = tbl.find("w:tblPr", NS)
        assert val(props, "w:tblLayout", "type") == "fixed"
        assert (val(props, "w:tblInd", "w"), val(props, "w:tblInd", "type")) == ("0", "dxa")
        assert val(props, "w:tblW", "type") == "dxa"
        margins = {etree.QName(m).localname: (m.get(qn("w:w")), m.get(qn("w:type")))
                   for m in props.find("w:tblCellMar", NS)}
        assert set(margins) == {"top", "left", "bottom", "right"}
        assert all(kind == "dxa" for _, kind in margins.values())
        cols = [int(c.get(qn("w:w"))) for c in tbl.find("w:tblGrid", NS)]
        assert sum(cols) == int(val(props, "w:tblW", "w"))
        rows = tbl.findall("w:tr", NS)
        for tr in rows:
            start = 0
            for tc in tr.findall("w:tc", NS):
                span = int(val(tc, "w:tcPr/w:gridSpan") or 1)
                assert val(tc, "w:tcPr/w:tcW", "type") == "dxa"
                assert int(val(tc, "w:tcPr/w:tcW", "w")) == sum(cols[start:start + span])
                start += span
            assert start == len(cols)


def test_the_header_rows_of_every_table_repeat_on_a_new_page(any_report, tmp_path):
    document = docx.Document(export(any_report, tmp_path))
    tables = document.element.body.findall(qn("w:tbl"))
    keys = [s.table for s in any_report.form.sections if s.kind == "table" and not s.appendix] + \
           [s.table for s in any_report.form.sections if s.kind == "table" and s.appendix]
    assert len(tables) == len(keys)
    for tbl, key in zip(tables, keys, strict=True):
        header_rows = grid(any_report.form.tables[key], any_report.form.computed_by_cell).header_rows
        repeated = [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in tbl.findall("w:tr", NS)]
        assert repeated == [r < header_rows for r in range(len(repeated))], key


# --- footers -----------------------------------------------------------------------------------------

def test_odd_and_even_footers_and_the_first_page_stated_on_every_section(any_report, tmp_path):
    path = export(any_report, tmp_path, mark=DRAFT_MARK)
    document = docx.Document(path)
    assert document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        sect = section._sectPr
        assert val(sect, "w:titlePg") == "0"          # no first page of its own, stated
        footers = {ref.get(qn("w:type")) for ref in sect.findall("w:footerReference", NS)}
        headers = {ref.get(qn("w:type")) for ref in sect.findall("w:headerReference", NS)}
        assert footers == {"default", "even"} and headers == {"default", "even"}
        children = [etree.QName(c).localname for c in sect]
        assert children.index("titlePg") > children.index("pgMar")      # the schema's order
        assert children.index("titlePg") < children.index("docGrid")


def test_each_footer_caches_a_page_number_of_its_own_parity(qingchuan, tmp_path):
    """A reader that does not compute fields (a previewer) shows the cached number: 1 on odd
    pages' footer, 2 on even pages'."""
    section = docx.Document(export(qingchuan, tmp_path)).sections[0]
    for footer, cached in ((section.footer, "1"), (section.even_page_footer, "2")):
        runs = footer._element.findall(".//w:r", NS)
        kinds = [next(iter(r.findall("w:fldChar", NS)), None) for r in runs]
        separate = next(i for i, k in enumerate(kinds) if k is not None
                        and k.get(qn("w:fldCharType")) == "separate")
        assert runs[separate + 1].find("w:t", NS).text == cached


# --- fonts -------------------------------------------------------------------------------------------

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def test_every_font_slot_is_stated_everywhere_with_the_east_asian_hint(any_report, tmp_path):
    for name, root in xml_parts(export(any_report, tmp_path, mark=DRAFT_MARK)).items():
        for fonts in root.iter(qn("w:rFonts")):
            assert all(fonts.get(qn(f"w:{slot}")) for slot in SLOTS), (name, dict(fonts.attrib))
            assert fonts.get(qn("w:hint")) == "eastAsia", name


def used_fonts(parts: dict) -> set[str]:
    return {fonts.get(qn(f"w:{slot}")) for root in parts.values()
            for fonts in root.iter(qn("w:rFonts")) for slot in SLOTS}


def font_entries(parts: dict) -> dict[str, etree._Element]:
    return {f.get(qn("w:name")): f for f in parts["word/fontTable.xml"].findall("w:font", NS)}


@pytest.mark.parametrize("fonts", [None, Typesetting(body_font="方正仿宋_GBK", title_font="方正小标宋_GBK",
                                                     latin_font="Arial")])
def test_the_font_table_describes_every_font_used(qingchuan, tmp_path, fonts):
    parts = xml_parts(export(qingchuan, tmp_path, mark=DRAFT_MARK, fonts=fonts))
    entries = font_entries(parts)
    assert used_fonts(parts) <= set(entries)
    for name, entry in entries.items():
        children = [etree.QName(c).localname for c in entry]
        assert {"panose1", "charset", "family", "pitch"} <= set(children), name
        known = ["altName", "panose1", "charset", "family", "pitch"]
        assert children == [k for k in known if k in children], name       # the schema's order
        assert len(val(entry, "w:panose1")) == 20, name


def test_the_font_table_gives_what_word_and_wps_write_for_the_official_fonts(qingchuan, tmp_path):
    """Panose numbers, charsets and alternative names as Word and WPS write them for these fonts:
    a PC without the font picks its substitute from them."""
    entries = font_entries(xml_parts(export(qingchuan, tmp_path)))

    def described(name):
        entry = entries[name]
        return (val(entry, "w:altName"), val(entry, "w:panose1"), val(entry, "w:charset"))

    assert described("宋体") == ("SimSun", "02010600030101010101", "86")
    assert described("黑体") == ("SimHei", "02010609060101010101", "86")
    assert described("仿宋_GB2312") == ("仿宋", "02010609030101010101", "86")
    assert described("楷体_GB2312") == ("楷体", "02010609030101010101", "86")
    assert described("方正小标宋简体")[0] == "宋体"
    assert described("Times New Roman") == (None, "02020603050405020304", "00")
