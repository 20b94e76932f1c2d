"""The one rule for text that comes in — typed, pasted, read from a draft, a workbook, a Word file or a
web page: what the program accepts is text that every output (Word and Excel XML, JSON, the terminal)
can hold, so that a report that passes `check` always exports.

What arrives from Word and web pages and is turned into what it meant: line and paragraph separators
(U+000B, which Word uses for a manual line break, U+000C, U+2028, U+2029, CR and CR LF) become a line
break in prose and a space in a one-line field (机关名称, 电话…); a tab is kept in prose and becomes a space in
a one-line field. What no output can hold is removed: the other control characters (C0 and C1), U+FFFE and
U+FFFF, and lone surrogates (half of a character, left by a cut UTF-16 string).
"""

from __future__ import annotations

import re

# Line and paragraph separators as Word, web pages and other systems write them.
_BREAKS = re.compile("\r\n|[\r\u000b\u000c\u2028\u2029\u0085]")
# What no XML 1.0 document can hold, and what is no character at all.
_UNUSABLE = re.compile("[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str, multiline: bool = True) -> str:
    """`text` as every output can hold it: separators made line breaks (prose) or spaces (one-line
    fields), characters no output can hold removed."""
    text = _BREAKS.sub("\n", text)
    text = _UNUSABLE.sub("", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def unusable_characters(text: str) -> list[str]:
    """The characters of `text` that `clean_text` would drop, as U+XXXX, for a message."""
    return sorted({f"U+{ord(ch):04X}" for ch in _UNUSABLE.findall(text)})
