"""WordprocessingML built by hand, where python-docx has no API or is too slow.

python-docx offers no fields, grids, borders or merged-cell construction, and its `Table.cell()`
is quadratic; so paragraphs and tables of the report are built here as elements, in schema order
(Word refuses a file whose `w:rPr` or `w:pPr` children are out of order). Elements are made through
python-docx's parser, so they are the same classes python-docx reads back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser

from forms.text import clean_text as clean_one_line

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@cache
def _clark(name: str) -> str:
    return qn(name if ":" in name else f"w:{name}")


def el(tag: str, *children, **attrs):
    """`el("ind", firstLine=640)` → `<w:ind w:firstLine="640"/>`; children are appended in order."""
    element = oxml_parser.makeelement(_clark(tag))
    for key, value in attrs.items():
        if value is not None:
            element.set(_clark(key), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def clean_text(text: str) -> str:
    """Text as a Word run can hold it (forms.text, the one rule): one line, tabs as spaces, characters
    XML forbids removed — or lxml would refuse the whole document."""
    return clean_one_line(text, multiline=False)


def half_points(points: float) -> int:
    return round(points * 2)


def twips(points: float) -> int:
    return round(points * 20)


@dataclass(frozen=True)
class RunFormat:
    """The fonts of a run: the East Asian font (Chinese text) and the Latin one (digits, letters).

    `hint="eastAsia"` makes Word set the characters Chinese and Latin share (“ ” — … ·) in the East
    Asian font, as Chinese typesetting expects; without it the quotation marks come out in Times.
    """

    eastasia: str
    latin: str
    bold: bool = False
    color: str | None = None          # RRGGBB

    def fonts(self):
        return el("rFonts", ascii=self.latin, hAnsi=self.latin, eastAsia=self.eastasia, cs=self.latin,
                  hint="eastAsia")

    def rpr(self):
        """A fresh `w:rPr` (an element can have only one parent). Sizes come from the styles."""
        rpr = el("rPr", self.fonts())
        if self.bold:
            rpr.append(el("b"))
            rpr.append(el("bCs"))
        if self.color:
            rpr.append(el("color", val=self.color))
        return rpr


def run(text: str, fmt: RunFormat):
    t = el("t")
    t.text = clean_text(text)
    t.set(_XML_SPACE, "preserve")
    return el("r", fmt.rpr(), t)


def line_break(fmt: RunFormat):
    return el("r", fmt.rpr(), el("br"))


def field(instruction: str, cached: str, fmt: RunFormat) -> list:
    """A complex field (`PAGE` …) with a cached result, as Word writes one: begin, instruction,
    separate, result, end. Word and WPS recompute PAGE on every page; no `updateFields` needed."""
    instr = el("instrText")
    instr.text = f" {instruction} "
    instr.set(_XML_SPACE, "preserve")
    return [el("r", fmt.rpr(), el("fldChar", fldCharType="begin")),
            el("r", fmt.rpr(), instr),
            el("r", fmt.rpr(), el("fldChar", fldCharType="separate")),
            run(cached, fmt),
            el("r", fmt.rpr(), el("fldChar", fldCharType="end"))]


def indent(size: float, *, first_chars: float | None = None, left_chars: float | None = None,
           right_chars: float | None = None):
    """`w:ind` in characters of `size` points. Word and WPS use the *Chars values (so the indent
    follows a font change); the twips values are for readers that do not know them."""
    def chars(n):
        return None if n is None else round(n * 100)

    def dxa(n):
        return None if n is None else twips(n * size)

    return el("ind", left=dxa(left_chars), leftChars=chars(left_chars), right=dxa(right_chars),
              rightChars=chars(right_chars), firstLine=dxa(first_chars), firstLineChars=chars(first_chars))


def paragraph(style: str, runs=(), *, jc: str | None = None, ind=None, keep_next: bool = False,
              page_break_before: bool = False):
    """A `w:p` of `style` holding `runs`; the optional properties are direct formatting."""
    ppr = el("pPr", el("pStyle", val=style))
    if keep_next:
        ppr.append(el("keepNext"))
    if page_break_before:
        ppr.append(el("pageBreakBefore"))
    if ind is not None:
        ppr.append(ind)
    if jc is not None:
        ppr.append(el("jc", val=jc))
    p = el("p", ppr)
    for r in runs:
        p.append(r)
    return p


def keep_with_next(p) -> None:
    """Give an existing paragraph `w:keepNext` (right after its style, where the schema puts it)."""
    ppr = p.find(_clark("pPr"))
    if ppr is None:
        ppr = el("pPr")
        p.insert(0, ppr)
    if ppr.find(_clark("keepNext")) is None:
        at = 1 if len(ppr) and ppr[0].tag == _clark("pStyle") else 0
        ppr.insert(at, el("keepNext"))
