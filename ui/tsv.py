"""The clipboard format of spreadsheets: rows separated by line breaks, cells by tabs, a cell that
holds a tab, a line break or a quote wrapped in quotes (Excel and WPS both write it this way).

Any text is read, whatever its size: a quote opens a quoted cell only when a closing quote follows
with the cell's end right after it (a tab, a line break, the end); else it is a character of the
cell, as a quote at the start of a paragraph copied from Word is. (Python's csv reader, used before,
raised an error past 128 KB in one cell, and read such a text as one cell up to the next quote.)
"""

from __future__ import annotations

_ENDS = "\t\n"


def _closing_quote(text: str, start: int) -> int | None:
    """The position of the quote that closes a quoted cell whose text starts at `start` (doubled
    quotes inside are one quote each), or None when there is none followed by the cell's end."""
    i = text.find('"', start)
    while i != -1:
        if text.startswith('"', i + 1):
            i = text.find('"', i + 2)
            continue
        return i if i + 1 == len(text) or text[i + 1] in _ENDS else None
    return None


def _cell_end(text: str, start: int) -> int:
    """Where an unquoted cell starting at `start` ends: the next tab or line break, or the end."""
    tab, line = text.find("\t", start), text.find("\n", start)
    ends = [i for i in (tab, line) if i != -1]
    return min(ends) if ends else len(text)


def parse_block(text: str) -> list[list[str]]:
    """A copied block as rows of cell texts (the trailing line break Excel adds is dropped)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if '"' not in text:                 # nothing quoted: lines and tabs (a large paste, at once)
        return [line.split("\t") for line in text.split("\n")]
    rows: list[list[str]] = []
    row: list[str] = []
    i = 0
    while True:
        close = _closing_quote(text, i + 1) if text.startswith('"', i) else None
        if close is not None:
            row.append(text[i + 1:close].replace('""', '"'))
            i = close + 1
        else:
            end = _cell_end(text, i)
            row.append(text[i:end])
            i = end
        if i >= len(text):
            rows.append(row)
            return rows
        if text[i] == "\n":
            rows.append(row)
            row = []
        i += 1


def _quoted(text: str) -> str:
    if any(ch in text for ch in '\t\n"'):
        return '"' + text.replace('"', '""') + '"'
    return text


def format_block(rows: list[list[str]]) -> str:
    """Rows of cell texts as a block that Excel and WPS paste cell by cell."""
    return "".join("\t".join(_quoted(cell) for cell in row) + "\n" for row in rows)
