"""How the Word file is typeset: the one place that names fonts and sizes (docs/format-files.md §5).

The defaults are those of GB/T 9704—2012 as government offices apply them. Font names are a setting
because offices differ (some provinces use 方正仿宋_GBK, 方正楷体_GBK …): an office changes them
here, e.g. `Typesetting(body_font="方正仿宋_GBK", table_font="方正仿宋_GBK")`, and every style and
run of the document follows. Fonts are referenced by name, never embedded.

Page geometry is not a setting: the standard fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Chinese type sizes (字号) in points.
ER_HAO, SAN_HAO, SI_HAO, XIAO_SI, WU_HAO, XIAO_WU = 22.0, 16.0, 14.0, 12.0, 10.5, 9.0
LIU_HAO, XIAO_LIU = 7.5, 6.5
# The sizes a table's font steps down through when its figures need room, as published reports do:
# one whole 字号 at a time, never an odd size.
TABLE_SIZES = (SI_HAO, XIAO_SI, WU_HAO, XIAO_WU, LIU_HAO, XIAO_LIU)

# A4 and the GB/T 9704 margins, in millimetres: a text block of 156 × 225 mm.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
# The page number's em dashes sit 7 mm below the text block: the footer paragraph (one line of
# 四号 in single spacing, about 5.7 mm) ends this far above the page's bottom edge.
FOOTER_DISTANCE_MM = 25
HEADER_DISTANCE_MM = 15
# 22 lines of 28 characters: the document grid's line pitch, in twentieths of a point (28.95 pt).
LINE_PITCH_TWIPS = 579
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM
AUTOSPACE_CHARS = 0.25

# Advance widths in ems of the characters figures print with (digits, the thousands separator, the
# decimal point, a minus), per Latin font: a figure column is made exactly wide enough for its widest
# figure. Times New Roman's (and Liberation Serif's, its metric twin) are from the font's tables.
FIGURE_ADVANCES = {
    "Times New Roman": {"digit": 0.5, ",": 0.25, ".": 0.25, "-": 0.333},
}
# For a Latin font not listed: wide enough for the common ones (Arial's digits are 0.556 em,
# Courier New's 0.6); a character that is not part of a figure counts as a whole Chinese character.
DEFAULT_FIGURE_ADVANCES = {"digit": 0.6, ",": 0.3, ".": 0.3, "-": 0.4}

# What Word or WPS should use where a named font is not installed (font table `w:altName`).
FALLBACK_FONTS = {
    "仿宋_GB2312": "仿宋",
    "方正仿宋_GBK": "仿宋",
    "楷体_GB2312": "楷体",
    "方正楷体_GBK": "楷体",
    "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体",
    "方正黑体_GBK": "黑体",
}


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def text_width(text: str) -> float:
    """Printed width in Chinese characters: ASCII (digits, Latin) is half a character wide, and
    Word and WPS put a quarter-character space where Chinese meets digits or Latin (their default
    自动调整中文与西文/数字间距), as in 2026年1月20日."""
    width, previous = 0.0, None
    for ch in text:
        ascii_ = ord(ch) < 128
        width += 0.5 if ascii_ else 1.0
        if previous is not None and ascii_ != previous and not ch.isspace():
            width += AUTOSPACE_CHARS
        previous = ascii_
    return width


@dataclass(frozen=True)
class Typesetting:
    """Fonts and sizes of the Word file; the defaults are the official ones."""

    title_font: str = "方正小标宋简体"       # the report title and the appended table's title
    body_font: str = "仿宋_GB2312"           # body text, 1. and （1） sub-headings
    heading_font: str = "黑体"               # 一、 headings
    subheading_font: str = "楷体_GB2312"     # （一） sub-headings, the table's （2017年度） line
    table_font: str = "仿宋_GB2312"          # text in table cells
    latin_font: str = "Times New Roman"      # digits and Latin letters everywhere but the page number
    page_number_font: str = "宋体"           # “— 1 —”, half-width digits in 宋体

    title_size: float = ER_HAO
    body_size: float = SAN_HAO
    page_number_size: float = SI_HAO
    table_size: float = WU_HAO
    # A table too wide for the normal size (t4: 15 columns in 156 mm) is set smaller.
    small_table_size: float = XIAO_WU
    small_table_min_columns: int = 12
    # The smallest size a table's font steps down to for figures that would not fit otherwise.
    min_table_size: float = XIAO_LIU
    mark_size: float = XIAO_SI               # the draft mark in the page header

    def eastasia_fonts(self) -> list[str]:
        """Every East Asian font the document names (for the font table), without repeats."""
        names = [self.title_font, self.body_font, self.heading_font, self.subheading_font,
                 self.table_font, self.page_number_font]
        return list(dict.fromkeys(names))

    def is_small_table(self, n_columns: int) -> bool:
        return n_columns >= self.small_table_min_columns

    def figure_width(self, text: str) -> float:
        """Printed width of a figure (“1,234,567”, “123456789.99”) in ems of the table's Latin font."""
        advances = FIGURE_ADVANCES.get(self.latin_font, DEFAULT_FIGURE_ADVANCES)
        return sum(advances["digit"] if ch.isdigit() else advances.get(ch, 1.0) for ch in text)

    def smaller_table_size(self, size: float) -> float | None:
        """The next 字号 below `size` for a table, or None at the smallest allowed."""
        smaller = [s for s in TABLE_SIZES if self.min_table_size <= s < size]
        return max(smaller) if smaller else None
