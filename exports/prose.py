"""The prose of a section as printed paragraphs, with the sub-headings clerks write at their start.

Section text is plain text, paragraphs separated by line breaks. Sub-headings are not marked up:
they are recognised by their numbering, as a reader recognises them —

    （一）…   level 2 (楷体)        1. / 1、 …  level 3 (仿宋 bold)        （1）…  level 4 (仿宋)

Common practice runs a sub-heading into its paragraph (“（一）主动公开。本年度……”): then only the
sub-heading sentence, up to its 。, takes the heading style and the rest of the paragraph stays body
text. A numbered first sentence longer than two printed lines is a numbered paragraph, not a
heading, and stays body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BODY, SUBHEADING, NUMBERED, SUBNUMBERED = 0, 2, 3, 4

_LEVELS = (
    (SUBHEADING, re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")),
    # 1. 1． 1、 — but not 1.5万元 (a decimal starts many a sentence of figures)
    (NUMBERED, re.compile(r"\d{1,2}[.．、](?!\d)")),
    (SUBNUMBERED, re.compile(r"[（(]\d{1,2}[）)]")),
)
_SENTENCE_END = re.compile(r"[。！？!?]")
# Two lines of the 156 mm text block in 三号 (28 characters a line).
MAX_HEADING_CHARS = 56


@dataclass(frozen=True)
class Paragraph:
    text: str
    level: int = BODY                 # BODY or the sub-heading level its numbering gives
    heading: str = ""                 # the sub-heading: the whole text or its first sentence

    @property
    def rest(self) -> str:
        """The body text after a run-in sub-heading ("" when the paragraph is all heading)."""
        return self.text[len(self.heading):]


def subheading_level(text: str) -> int:
    """The sub-heading level the paragraph's numbering gives, or BODY."""
    for level, pattern in _LEVELS:
        if pattern.match(text):
            return level
    return BODY


def split_paragraph(text: str) -> Paragraph:
    level = subheading_level(text)
    if level == BODY:
        return Paragraph(text)
    end = _SENTENCE_END.search(text)
    heading = text[:end.end()] if end and end.end() < len(text) else text
    if len(heading) > MAX_HEADING_CHARS:
        return Paragraph(text)
    return Paragraph(text, level, heading)


def paragraphs(text: str | None) -> list[Paragraph]:
    """The paragraphs of a section's text: one per line, trimmed (a clerk's indent of full-width
    spaces would double the printed first-line indent), blank lines dropped."""
    return [split_paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]
