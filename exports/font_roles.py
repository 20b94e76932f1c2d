"""The fonts a Word file names, by the role each plays (title, body text, 一、 headings …): the names an
office may choose for each role (the 设置 dialog offers them), the settings turned into the one
`Typesetting` every Word export uses (the window's and the command line's), and what a font missing on
this PC means for the file there.

A missing font is not an error of the file: the file names the official font, and a PC that has it
prints it right. On this PC Word or WPS shows another font in its place (`FALLBACK_FONTS`, the font
table's `w:altName`), so the clerk is told which and offered a font of that role this PC has."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from forms.text import clean_text
from forms.vocabulary import Vocabulary

from .typesetting import FALLBACK_FONTS, Typesetting

MAX_FONT_NAME = 64       # the longest font name kept from the settings (Word's own limit is 31 characters)


class FontRole(Vocabulary):
    """What a font is used for in the Word file; the word is the `Typesetting` field's first part."""

    TITLE = "title"
    BODY = "body"
    HEADING = "heading"
    SUBHEADING = "subheading"
    TABLE = "table"
    LATIN = "latin"
    PAGE_NUMBER = "page_number"

    @property
    def field(self) -> str:
        return f"{self.value}_font"

    @property
    def label(self) -> str:
        """The role as the 设置 dialog and the messages name it."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """The role in a sentence: the label without its example (“二级标题”)."""
        return self.label.split("（")[0]

    @property
    def default(self) -> str:
        """The official font of this role (GB/T 9704, as `Typesetting` sets it)."""
        return str(getattr(Typesetting(), self.field))

    @property
    def alternatives(self) -> tuple[str, ...]:
        """The fonts offered for this role, the official one first: the names offices use for it
        (a province's 方正…_GBK, the 仿宋 every Windows has, its English name for WPS on Linux)."""
        return _ALTERNATIVES[self]


_LABELS = {
    FontRole.TITLE: "标题",
    FontRole.BODY: "正文",
    FontRole.HEADING: "一级标题（“一、”）",
    FontRole.SUBHEADING: "二级标题（“（一）”）",
    FontRole.TABLE: "表格",
    FontRole.LATIN: "数字和西文",
    FontRole.PAGE_NUMBER: "页码",
}
_FANGSONG = ("仿宋_GB2312", "仿宋", "FangSong", "方正仿宋_GBK")
_ALTERNATIVES = {
    FontRole.TITLE: ("方正小标宋简体", "方正小标宋_GBK", "小标宋", "宋体"),
    FontRole.BODY: _FANGSONG,
    FontRole.HEADING: ("黑体", "SimHei", "方正黑体_GBK"),
    FontRole.SUBHEADING: ("楷体_GB2312", "楷体", "KaiTi", "方正楷体_GBK"),
    FontRole.TABLE: _FANGSONG,
    FontRole.LATIN: ("Times New Roman",),
    FontRole.PAGE_NUMBER: ("宋体", "SimSun"),
}


def clean_font_name(value: object) -> str | None:
    """A font name as the settings may hold it: one line of text of a sensible length that the rule
    for all text coming in (forms.text.clean_text) leaves as it is. settings.json may be edited by
    hand: a name holding a character no XML can hold (U+FFFE, half a character) would stop every
    Word export, and one holding a control character or a line break is no font's name: None."""
    if not isinstance(value, str):
        return None
    name = value.strip()
    if not name or len(name) > MAX_FONT_NAME or clean_text(name, multiline=False) != name:
        return None
    return name


def typesetting_for(fonts: Mapping[str, str]) -> Typesetting:
    """The Word file's typesetting with the fonts chosen per role (`FontRole` words; the rest official).
    The one way the settings reach a Word export, from the window and the command line alike."""
    chosen: dict[str, Any] = {role.field: name for role in FontRole if (name := clean_font_name(fonts.get(role.value)))}
    return replace(Typesetting(), **chosen)


def with_fonts(ts: Typesetting, fonts: Mapping[FontRole, str]) -> Typesetting:
    """`ts` with the fonts of the roles in `fonts` changed."""
    changed: dict[str, Any] = {role.field: name for role, name in fonts.items()}
    return replace(ts, **changed)


def fonts_of(ts: Typesetting) -> dict[FontRole, str]:
    return {role: str(getattr(ts, role.field)) for role in FontRole}


class FontCheck(Protocol):
    def has(self, name: str) -> bool | None: ...


@dataclass(frozen=True)
class FontProblem:
    """A font the file names that this PC does not have; what Word/WPS here shows instead (None: a font
    we cannot name)."""

    font: str
    roles: tuple[FontRole, ...]
    shown_as: str | None

    def says(self, pdf: bool = False) -> str:
        """What the missing font means for the Word file opened here — or for the PDF made here, which
        keeps the fonts it was printed with."""
        where = "和".join(role.short for role in self.roles)
        instead = f"“{self.shown_as}”" if self.shown_as else "其他字体"
        if pdf:
            return f"本机没有“{self.font}”：PDF中的{where}将改用本机的{instead}"
        return f"本机没有“{self.font}”：在本机打开时{where}将以{'' if self.shown_as else '本机的'}{instead}显示"


SAME_FILE_ELSEWHERE = "文件本身仍使用规定字体，在装有该字体的电脑上打开、打印时正常"
PDF_AS_MADE_HERE = ("PDF按本机已有的字体生成，在哪台电脑上打开、打印都是这样；"
                    "要用规定字体，请在装有这些字体的电脑上导出PDF")


def consequence(pdf: bool) -> str:
    """What every missing font means in the end, for the Word file or for a PDF made here."""
    return PDF_AS_MADE_HERE if pdf else SAME_FILE_ELSEWHERE


def font_problems(ts: Typesetting, installed: FontCheck) -> list[FontProblem]:
    """The fonts `ts` names that `installed` lacks, in the order of the roles; none when it cannot tell."""
    by_font: dict[str, list[FontRole]] = {}
    for role, name in fonts_of(ts).items():
        if installed.has(name) is False:
            by_font.setdefault(name, []).append(role)
    return [FontProblem(font, tuple(roles), shown_instead(font, installed)) for font, roles in by_font.items()]


def shown_instead(font: str, installed: FontCheck) -> str | None:
    """The font Word or WPS shows here in place of `font`, which this PC lacks: the stand-in the file
    names for it (`FALLBACK_FONTS`) when installed; None when another we cannot name."""
    stand_in = FALLBACK_FONTS.get(font)
    return stand_in if stand_in and installed.has(stand_in) else None


def summary(problems: list[FontProblem], pdf: bool = False) -> str:
    """The problems in one line (the command line's 提示), for the Word file or for a PDF made here."""
    return "；".join(p.says(pdf) for p in problems) + f"。{consequence(pdf)}。"


def replacements(ts: Typesetting, problems: list[FontProblem], installed: FontCheck) -> dict[FontRole, str]:
    """For each role whose font is missing, the first of its alternatives (and the font it has now)
    that this PC has; roles with none are left out."""
    offered: dict[FontRole, str] = {}
    for problem in problems:
        for role in problem.roles:
            name = next((n for n in role.alternatives if n != problem.font and installed.has(n)), None)
            if name is not None:
                offered[role] = name
    return offered
