"""How the window looks: the UI font (one that has Chinese glyphs) and the colours of table cells
and page states, in one place."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase

# Preferred UI fonts with Chinese glyphs, by platform; Qt falls back along this list per character.
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback",
                "SimSun", "Noto Serif CJK SC", "AR PL UMing CN")
UI_POINT_SIZE = 10

HEADER_BG = QColor("#e6ebf2")
BLOCK_BG = QColor("#d7e0ec")
LABEL_BG = QColor("#ffffff")
INPUT_BG = QColor("#ffffff")
COMPUTED_BG = QColor("#e9e9e9")
COMPUTED_FG = QColor("#3c3c3c")
ERROR_BG = QColor("#ffd3d3")
ERROR_FG = QColor("#a11a1a")
WARNING_BG = QColor("#fff0bf")
WARNING_FG = QColor("#7a5a00")
DONE_FG = QColor("#2e7d32")
MUTED_FG = QColor("#666666")


def ui_font() -> QFont:
    """The application font: the CJK families in order of preference (Qt uses the first one that
    is installed and falls back along the list per character), then the platform's default."""
    font = QFont()
    font.setFamilies(list(CJK_FAMILIES) + [font.family()])
    font.setPointSize(UI_POINT_SIZE)
    return font


def has_cjk_font() -> bool:
    return any(f in set(QFontDatabase.families()) for f in CJK_FAMILIES)
