"""The frame of the Word file: styles, font table, settings, page, page numbers and draft mark.

python-docx's default template carries Word's English styles, which name theme fonts
(`w:asciiTheme` …). Word lets a theme attribute win over an explicit font name, so a Chinese
document built on them prints in the theme's font. The template's styles are therefore replaced
by the few this report uses, each naming its East Asian font (`w:eastAsia`) and no theme font.
What WPS would decide by its own defaults is stated here instead (docs/wps.md says what and why).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from forms.text import clean_text

from .docx_xml import RunFormat, el, field, half_points, indent, paragraph, run
from .typesetting import (
    FALLBACK_FONTS,
    FOOTER_DISTANCE_MM,
    HEADER_DISTANCE_MM,
    LINE_PITCH_TWIPS,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    Typesetting,
    mm_to_twips,
)

NORMAL, TITLE, SUBTITLE, HEADER, FOOTER = "Normal", "Title", "Subtitle", "Header", "Footer"
HEADING = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}
TABLE_TEXT, TABLE_TEXT_SMALL = "TableText", "TableTextSmall"
MARK_COLOR = "C00000"
_PROPERTY_LIMIT = 255           # characters of a core property (title, author…) python-docx accepts
_THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_REL_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_REL_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_REL_FONT_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
_UNUSED_PARTS = (_REL_STYLES_WITH_EFFECTS,
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
                 "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml")
_WORD_URI = "http://schemas.microsoft.com/office/word"
# Word 2013's own: the layout of Word 2013 and later; table styles' font sizes and alignment not
# applied over a paragraph's (we use no table style); OpenType features; mirrored indents kept.
_COMPAT_SETTINGS = (("compatibilityMode", 15), ("overrideTableStyleFontSizeAndJustification", 1),
                    ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1))
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class RunFormats:
    """The run fonts of each kind of text; runs repeat their style's fonts (Word and WPS honour
    a run's own `w:rFonts` even where a style was lost on copy-paste)."""

    body: RunFormat
    title: RunFormat
    heading: RunFormat
    subheading: RunFormat
    numbered: RunFormat
    table: RunFormat
    page_number: RunFormat
    mark: RunFormat

    @classmethod
    def of(cls, ts: Typesetting) -> RunFormats:
        latin = ts.latin_font
        return cls(body=RunFormat(ts.body_font, latin),
                   title=RunFormat(ts.title_font, latin),
                   heading=RunFormat(ts.heading_font, latin),
                   subheading=RunFormat(ts.subheading_font, latin),
                   numbered=RunFormat(ts.body_font, latin, bold=True),
                   table=RunFormat(ts.table_font, latin),
                   page_number=RunFormat(ts.page_number_font, ts.page_number_font),
                   mark=RunFormat(ts.heading_font, latin, color=MARK_COLOR))


# --- styles -----------------------------------------------------------------------------------

def _style(kind: str, style_id: str, name: str, *, based_on: str | None = None, default: bool = False,
           next_style: str | None = None, ppr=None, rpr=None, extra=(), ui_priority: int | None = None,
           hidden: bool = False):
    style = el("style", el("name", val=name), type=kind, styleId=style_id, default="1" if default else None)
    if based_on:
        style.append(el("basedOn", val=based_on))
    if next_style:
        style.append(el("next", val=next_style))
    if ui_priority is not None:
        style.append(el("uiPriority", val=ui_priority))
    if hidden:
        style.append(el("semiHidden"))
        style.append(el("unhideWhenUsed"))
    else:
        style.append(el("qFormat"))
    for part in (ppr, rpr, *extra):
        if part is not None:
            style.append(part)
    return style


def _rpr(fmt: RunFormat, size: float):
    rpr = fmt.rpr()
    rpr.append(el("sz", val=half_points(size)))
    rpr.append(el("szCs", val=half_points(size)))
    return rpr


def _no_indent():
    return el("ind", left=0, leftChars=0, right=0, rightChars=0, firstLine=0, firstLineChars=0)


def _exact_lines(snap: bool) -> list:
    """`w:snapToGrid` and `w:spacing` of a style set in the body's fixed 28.95 pt lines. Every
    paragraph style states both itself rather than inheriting them: WPS applies the document grid
    by its own defaults where a style leaves it open (docs/wps.md)."""
    return [el("snapToGrid", val=int(snap)),
            el("spacing", before=0, after=0, line=LINE_PITCH_TWIPS, lineRule="exact")]


def _single_spacing_ppr(jc: str):
    """Single line spacing off the document grid: tables, header and footer (the body's fixed
    28.95 pt and the grid would make every table row a body line tall)."""
    return el("pPr", el("widowControl", val=0), el("snapToGrid", val=0),
              el("spacing", before=0, after=0, line=240, lineRule="auto"), _no_indent(), el("jc", val=jc))


def _line_breaking() -> list:
    """The East Asian line-breaking rules of the body, stated in Normal (the paragraph styles are
    based on it) instead of left to each program's defaults (docs/wps.md):

    - `kinsoku` on: no line starts with ，。、 or ends with “（ — Word's and WPS's 中文版式 default;
    - `wordWrap` 0 (允许西文在单词中间换行): an e-mail address or a web address may break anywhere,
      instead of leaving a justified line with wide gaps before it;
    - `overflowPunct` on, see `_overflow_punct`; `topLinePunct` off: punctuation at a line's start
      keeps its full width;
    - `autoSpaceDE` / `autoSpaceDN` on: a quarter character between Chinese and Latin letters or
      digits, which `typesetting.text_width` counts on (the signature's indents, column widths);
    - `adjustRightInd` off: the right edge is the margin, never moved to a character grid.

    LibreOffice ignores topLinePunct and autoSpaceDE/DN and reads overflowPunct inverted."""
    return [el("kinsoku", val=1), el("wordWrap", val=0), _overflow_punct(), el("topLinePunct", val=0),
            el("autoSpaceDE", val=1), el("autoSpaceDN", val=1), el("adjustRightInd", val=0)]


def _overflow_punct():
    """`w:overflowPunct` on, stated in Normal (every paragraph style is based on it): no character lost.

    LibreOffice hangs a full-width 。，、； past the right margin when it does not fit (its default
    for Chinese paragraphs), and in a justified line it then does not print the hung mark at all:
    “缴费1份，” printed without its comma. Measured with LibreOffice 7.4 on the samples and a long
    generated prose, one setting changed at a time: only justification (left-aligned lines keep
    the hung mark) and this setting matter; the document grid (lines / linesAndChars, charSpace),
    `w:characterSpacingControl` (doNotCompress / compressPunctuation / none), `w:kinsoku`,
    `w:topLinePunct`, `w:autoSpaceDE/DN` and `w:snapToGrid` do not.

    LibreOffice's importer (writerfilter DomainMapper, 7.x to current master) reads
    `overflowPunct` inverted — IsHangingPunctuation = (val == 0) — so an explicit “on” turns its
    hanging off: the mark goes to the next line with the character before it, all printed.
    For Word and WPS it changes nothing: ISO/IEC 29500-1 §17.3.1.21 says an omitted overflowPunct
    is on, and “允许标点溢出边界” is on by default in both, so they lay out the lines as before.
    Should a LibreOffice release read it the standard's way, tests/exports/test_docx_characters.py
    fails there."""
    return el("overflowPunct", val=1)


def _styles(ts: Typesetting, f: RunFormats) -> list:
    body_ppr = el("pPr", el("widowControl", val=0), *_line_breaking(), *_exact_lines(snap=True),
                  indent(ts.body_size, first_chars=2), el("jc", val="both"))

    def heading(level: int, name: str, fmt: RunFormat):
        ppr = el("pPr", el("keepNext"), *_exact_lines(snap=True), el("outlineLvl", val=level - 1))
        return _style("paragraph", HEADING[level], name, based_on=NORMAL, next_style=NORMAL, ppr=ppr,
                      rpr=_rpr(fmt, ts.body_size), ui_priority=9)

    table_normal = el("tblPr", el("tblInd", w=0, type="dxa"),
                      el("tblCellMar", el("top", w=0, type="dxa"), el("left", w=108, type="dxa"),
                         el("bottom", w=0, type="dxa"), el("right", w=108, type="dxa")))
    return [
        _style("paragraph", NORMAL, "Normal", default=True, ppr=body_ppr, rpr=_rpr(f.body, ts.body_size)),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True,
               ui_priority=1, hidden=True),
        _style("table", "TableNormal", "Normal Table", default=True, ui_priority=99, hidden=True,
               extra=(table_normal,)),
        _style("numbering", "NoList", "No List", default=True, ui_priority=99, hidden=True),
        # A title line is one grid line (28.95 pt) like the body's; off the grid, or LibreOffice
        # gives each 22 pt line two grid lines.
        _style("paragraph", TITLE, "Title", based_on=NORMAL, next_style=NORMAL, ui_priority=10,
               ppr=el("pPr", el("keepNext"), *_exact_lines(snap=False), _no_indent(), el("jc", val="center")),
               rpr=_rpr(f.title, ts.title_size)),
        _style("paragraph", SUBTITLE, "Subtitle", based_on=NORMAL, next_style=NORMAL, ui_priority=11,
               ppr=el("pPr", el("keepNext"), *_exact_lines(snap=True), _no_indent(), el("jc", val="center")),
               rpr=_rpr(f.subheading, ts.body_size)),
        heading(1, "heading 1", f.heading),
        heading(2, "heading 2", f.subheading),
        heading(3, "heading 3", f.numbered),
        heading(4, "heading 4", f.body),
        _style("paragraph", HEADER, "header", based_on=NORMAL, ui_priority=99, hidden=True,
               ppr=_single_spacing_ppr("center"), rpr=_rpr(f.mark, ts.mark_size)),
        _style("paragraph", FOOTER, "footer", based_on=NORMAL, ui_priority=99, hidden=True,
               ppr=_single_spacing_ppr("right"), rpr=_rpr(f.page_number, ts.page_number_size)),
        _style("paragraph", TABLE_TEXT, "表格文字", based_on=NORMAL,
               ppr=_single_spacing_ppr("center"), rpr=_rpr(f.table, ts.table_size)),
        _style("paragraph", TABLE_TEXT_SMALL, "表格文字（小）", based_on=TABLE_TEXT,
               ppr=_single_spacing_ppr("center"), rpr=_rpr(f.table, ts.small_table_size)),
    ]


def install_styles(document, ts: Typesetting, formats: RunFormats) -> None:
    """Replace the template's styles and document defaults by the report's own."""
    styles = document.styles.element
    styles[:] = [child for child in styles if child.tag != qn("w:style")]
    defaults = styles.find(qn("w:docDefaults"))
    for child in list(defaults):
        defaults.remove(child)
    rpr = _rpr(formats.body, ts.body_size)
    rpr.append(el("lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    defaults.append(el("rPrDefault", rpr))
    defaults.append(el("pPrDefault", el("pPr", el("spacing", before=0, after=0, line=240, lineRule="auto"))))
    for style in _styles(ts, formats):
        styles.append(style)
    strip_theme_fonts(styles)


def strip_theme_fonts(element) -> None:
    """Remove theme font attributes under `element`: in Word they win over the font names."""
    for fonts in element.iter(qn("w:rFonts")):
        for name in _THEME_ATTRIBUTES:
            fonts.attrib.pop(qn(f"w:{name}"), None)


# --- package ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _FontFacts:
    """What Word and WPS write in the font table for a font (`w:panose1`, `w:family`, `w:pitch`) and
    the name it has on an English system. A PC without the font chooses its substitute from these:
    without them Word and WPS may set a missing 仿宋_GB2312 in a Latin or a sans font."""

    panose: str
    family: str
    pitch: str
    english: str | None = None


# As Word (zh-CN) and WPS 11 write them in their font tables.
_FONT_FACTS = {
    "宋体": _FontFacts("02010600030101010101", "auto", "variable", "SimSun"),
    "黑体": _FontFacts("02010609060101010101", "modern", "fixed", "SimHei"),
    "仿宋": _FontFacts("02010609060101010101", "modern", "fixed", "FangSong"),
    "楷体": _FontFacts("02010609060101010101", "modern", "fixed", "KaiTi"),
    "仿宋_GB2312": _FontFacts("02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": _FontFacts("02010609030101010101", "modern", "fixed"),
    "Times New Roman": _FontFacts("02020603050405020304", "roman", "variable"),
    "Arial": _FontFacts("020B0604020202020204", "swiss", "variable"),
}
# A font not listed: PANOSE's “any” (no claim about its shape) and its script's defaults.
_UNKNOWN_PANOSE = "00000000000000000000"
_CHINESE, _LATIN = "86", "00"      # charsets: GB2312 (Word substitutes a Chinese font), ANSI


def _font_entry(name: str, charset: str):
    facts = _FONT_FACTS.get(name)
    if facts is None:
        chinese = charset == _CHINESE
        facts = _FontFacts(_UNKNOWN_PANOSE, "modern" if chinese else "auto", "fixed" if chinese else "variable")
    alt = FALLBACK_FONTS.get(name, facts.english)
    # CT_Font's order: altName, panose1, charset, family, pitch
    return el("font", el("altName", val=alt) if alt else None, el("panose1", val=facts.panose),
              el("charset", val=charset), el("family", val=facts.family), el("pitch", val=facts.pitch),
              name=name)


def _font_table(ts: Typesetting) -> bytes:
    """Every font the document names, with what Word and WPS need to substitute a missing one."""
    fonts = etree.Element(qn("w:fonts"), nsmap={"w": _W_NS})
    eastasia = ts.eastasia_fonts()
    if ts.latin_font not in eastasia:
        fonts.append(_font_entry(ts.latin_font, _LATIN))
    for name in eastasia:
        fonts.append(_font_entry(name, _CHINESE))
    return etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def tidy_package(document, ts: Typesetting, title: str, author: str) -> None:
    """Settings, font table and properties of the file; parts of the template that would
    contradict the report (Word 2010's copy of the English styles, the template's thumbnail) or
    that it does not use (the bullet lists' definitions, naming Symbol and Wingdings; a
    bibliography store) are dropped."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in _UNUSED_PARTS:
            part.drop_rel(rid)
        elif rel.reltype == _REL_FONT_TABLE:
            # python-docx keeps the parts it does not model (the font table) as plain bytes
            rel.target_part._blob = _font_table(ts)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == _REL_THUMBNAIL:
            package_rels.pop(rid)

    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    for update in settings.findall(qn("w:updateFields")):
        settings.remove(update)
    state_compatibility(settings)

    props = document.core_properties
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = _property(title)
    props.subject = "政府信息公开工作年度报告"
    props.author = _property(author)
    props.last_modified_by = _property(author)
    props.comments = "由年报通导出"
    props.keywords = ""
    props.language = "zh-CN"
    props.created = now
    props.modified = now
    props.revision = 1


def state_compatibility(settings) -> None:
    """The compatibility options Word and WPS read from the file, all stated (docs/wps.md says why
    each). A file made in Chinese Word or WPS switches balanceSingleByteDoubleByteWidth and
    adjustLineHeightInTable on; ours states them off with `w:val="0"`. An option wanted on is
    written without a value, as Word writes it: LibreOffice takes doNotExpandShiftReturn for on
    whatever its value, and other readers may too.

    - characterSpacingControl doNotCompress: full-width punctuation keeps its full width, so a
      line holds the same characters in Word and WPS (their Chinese templates compress it);
    - balanceSingleByteDoubleByteWidth off: digits and Latin letters keep Times New Roman's widths,
      which the figure columns are measured in (`Typesetting.figure_width`);
    - doNotExpandShiftReturn on: a line ended by a manual line break is not stretched across a
      justified paragraph (the default of Chinese Word and WPS);
    - adjustLineHeightInTable off: table text is single-spaced, not set on the 28.95 pt body grid
      (the table styles also say snapToGrid 0);
    - useFELayout on: Word's East Asian layout (line-breaking rules, autospace) is not bypassed;
    - compatibilityMode 15 (Word 2013 and later, as WPS writes it): Word opens the file without
      “兼容模式” in its title bar and does not offer to convert it, which would re-lay it out.
    """
    control = settings.find(qn("w:characterSpacingControl"))
    if control is None:
        control = el("characterSpacingControl")
        settings.find(qn("w:evenAndOddHeaders")).addnext(control)
    control.set(qn("w:val"), "doNotCompress")
    for preview in settings.findall(qn("w:savePreviewPicture")):      # the template's; we keep no thumbnail
        settings.remove(preview)
    compat = settings.find(qn("w:compat"))
    if compat is None:        # python-docx's template has one; nothing else stands between them
        compat = el("compat")
        control.addnext(compat)
    compat[:] = [el("balanceSingleByteDoubleByteWidth", val=0), el("doNotExpandShiftReturn"),
                 el("adjustLineHeightInTable", val=0), el("useFELayout"),
                 *(el("compatSetting", name=name, uri=_WORD_URI, val=value) for name, value in _COMPAT_SETTINGS)]


def _property(text: str) -> str:
    """A document property as Word holds it: one line of at most 255 characters (python-docx refuses
    longer ones). Only the property is shortened, never the report's text."""
    text = clean_text(text, multiline=False)
    return text if len(text) <= _PROPERTY_LIMIT else text[:_PROPERTY_LIMIT - 1] + "…"


# --- page --------------------------------------------------------------------------------------

def set_up_page(section) -> None:
    """A4, the GB/T 9704 margins and a grid of 22 lines of 28.95 pt, stated whole: the grid's
    `w:charSpace` (no character grid) as WPS writes it, and `w:titlePg` off — the first page has
    the odd pages' footer — rather than left to the program's default."""
    section.page_width = Twips(mm_to_twips(PAGE_WIDTH_MM))
    section.page_height = Twips(mm_to_twips(PAGE_HEIGHT_MM))
    section.top_margin = Twips(mm_to_twips(MARGIN_TOP_MM))
    section.bottom_margin = Twips(mm_to_twips(MARGIN_BOTTOM_MM))
    section.left_margin = Twips(mm_to_twips(MARGIN_LEFT_MM))
    section.right_margin = Twips(mm_to_twips(MARGIN_RIGHT_MM))
    section.header_distance = Twips(mm_to_twips(HEADER_DISTANCE_MM))
    section.footer_distance = Twips(mm_to_twips(FOOTER_DISTANCE_MM))
    section.gutter = Twips(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = el("docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), "0")
    section._sectPr.get_or_add_titlePg().val = False


def _replace_content(header_or_footer, paragraphs: list) -> None:
    element = header_or_footer._element
    for child in list(element):
        element.remove(child)
    element.extend(paragraphs)


def add_page_numbers(section, ts: Typesetting, formats: RunFormats) -> None:
    """“— 1 —” from a PAGE field: odd pages at the right, even pages at the left, each one
    character in from the text block's edge (odd/even footers must be on in the settings)."""
    fmt = formats.page_number

    def number(jc: str, cached: str, **side):
        runs = [run("— ", fmt), *field("PAGE", cached, fmt), run(" —", fmt)]
        return paragraph(FOOTER, runs, jc=jc, ind=indent(ts.page_number_size, **side))

    # the field's cached number is what a reader that computes no fields shows: 1 odd, 2 even
    _replace_content(section.footer, [number("right", "1", right_chars=1)])
    _replace_content(section.even_page_footer, [number("left", "2", left_chars=1)])


def add_mark(section, mark: str, formats: RunFormats) -> None:
    """The draft mark in the header of every page (odd and even)."""
    for header in (section.header, section.even_page_header):
        _replace_content(header, [paragraph(HEADER, [run(mark, formats.mark)])])

