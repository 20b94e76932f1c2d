"""What every reader of a printed report (Word, web page, PDF) hands to the one assembly.

A reader only says what stood in the file, in order: paragraphs of text and tables as grids of
cell texts. It never decides what a paragraph or a table *means*: `exports.report_reader` does that
once for every reader (identity from the title, prose by heading, tables by their labels through the
Excel reader's placement), so a label or a heading is matched the same way whatever the file was.
Pure Python: no Qt, no parser objects leak out of a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as printed (not yet cleaned: the assembly applies forms.text.clean_text)."""

    text: str


@dataclass(frozen=True)
class TableGrid:
    """A table as a rectangle of cell texts.

    Every row is as wide as the widest; a merged cell's text is repeated in every cell it covers
    (rowspan/colspan, vMerge/gridSpan), "" stands for an empty cell. `where` says in Chinese where the
    table stood (“第2个表格”, “第3页的表格”), for the messages about what could not be placed.
    """

    rows: tuple[tuple[str, ...], ...]
    where: str = ""
    # The merged ranges when the reader knows them (1-based, top row, left column, bottom row, right
    # column, as a spreadsheet numbers them), ranges of one cell left out. Optional: without them the
    # assembly takes runs of one repeated text for merges, but it cannot tell a figure merged over
    # two columns from two equal figures side by side.
    merges: tuple[tuple[int, int, int, int], ...] = ()


Block = Paragraph | TableGrid


@dataclass
class Blocks:
    """The content of one file in reading order, its name for messages and what the reader noticed."""

    blocks: list[Block]
    source: str                                       # the file's name, for messages
    notes: list[str] = field(default_factory=list)    # what the reader itself noticed (Chinese), to review
    info: list[str] = field(default_factory=list)     # what it left out as no part of a report: nothing to do


def square(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Rows padded with "" to the widest row: every reader's grid is a rectangle."""
    width = max((len(row) for row in rows), default=0)
    return tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
