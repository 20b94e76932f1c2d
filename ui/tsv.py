"""The clipboard format of spreadsheets: rows separated by line breaks, cells by tabs, a cell that
holds a tab, a line break or a quote wrapped in quotes (Excel and WPS both write it this way).
"""

from __future__ import annotations

import csv
import io


def parse_block(text: str) -> list[list[str]]:
    """A copied block as rows of cell texts (the trailing line break Excel adds is dropped)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=False))
    return [row if row else [""] for row in rows] or [[""]]


def _quoted(text: str) -> str:
    if any(ch in text for ch in '\t\n"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def format_block(rows: list[list[str]]) -> str:
    """Rows of cell texts as a block that Excel and WPS paste cell by cell."""
    return "".join("\t".join(_quoted(cell) for cell in row) + "\n" for row in rows)
