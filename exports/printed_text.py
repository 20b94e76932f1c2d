"""Spaces in text read from a printed page (a web page, a PDF): which are the writer's and which only
the page's.

Chinese is written without spaces. A space or a line break between two Chinese characters is the
page's (a line break in a web page's source, a justified line in a PDF), never the writer's, so it is
dropped; between two Latin letters or digits it separates words and stays one space. Between a
Chinese character and a figure a web page keeps what was typed (“申请 3,001 件” stays so), while a PDF
has no space characters at all: there only a gap between two narrow characters means a space.
"""

from __future__ import annotations

import re
import unicodedata

# A page number standing alone: — 3 —, - 3 -, 3, 第3页, 第3页 共6页, 3/6.
PAGE_NUMBER = re.compile(r"[-—–－_~·•\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:/|／|共)\s*\d{1,4}\s*页?)?[-—–－_~·•\s]*")
# Punctuation that Chinese text uses and Unicode calls ambiguous in width: it is set full width.
_WIDE_PUNCTUATION = frozenset("“”‘’…—–·•※°")
_SPACES = re.compile(r"\s+")           # with Python's \s: the no-break space and U+3000 included
# Characters that print nothing, left in the text by web editors: zero-width space, non-joiner and
# joiner, word joiner, a byte-order mark inside the text, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def is_wide(ch: str) -> bool:
    """Whether `ch` is set as a Chinese character (full width): a space beside it on both sides is
    not the writer's."""
    return ch in _WIDE_PUNCTUATION or unicodedata.east_asian_width(ch) in ("W", "F")


def tidy(text: str) -> str:
    """Text as a web page shows it: every run of white space (no-break and full-width spaces too)
    one space, none between two Chinese characters, none at the ends; characters that print nothing
    removed."""
    parts = _SPACES.split(_INVISIBLE.sub("", text).strip())
    out = parts[0]
    for part in parts[1:]:
        if not (out and part and is_wide(out[-1]) and is_wide(part[0])):
            out += " "
        out += part
    return out


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph or cell as one text: a line break inside a word of Latin letters
    or figures was a space; beside a Chinese character or punctuation it was nothing."""
    out = ""
    for line in lines:
        if out and line and out[-1].isalnum() and line[0].isalnum() and not (is_wide(out[-1]) or is_wide(line[0])):
            out += " "
        out += line
    return out
