"""A block pasted into a table, placed by the labels it carries, and what the paste says afterwards.

A clerk copies from Excel, WPS or a web page. When the block includes the table's header rows or its
label column, its figures go where its labels say, not where the cursor happens to be: the header
rows name the columns (自然人, 商业企业…), the label column names the rows (“（一）予以公开”), read by
the one label matcher (`forms.labels`) with the small typos clerks make. When a label names no row or
column, or two, nothing is pasted: a figure one row too low is worse than none. A block of bare
figures carries no labels and is placed at the current cell, as before (`place_block` returns None).

Totals in the block (a computed cell, such as （七）总计 or the 总计 column) are never entered; they are
compared with the computed sum after the paste, the clue to a typo among the parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .definition import Form, Layout, Table, Vocabulary, computed_refusal
from .expr import Cell
from .labels import LabelKind, Match, Matching, TableLabels
from .numbers import EntryError, format_value, parse_entry, shown
from .numbers import normalise as figure_text
from .report import Report

# What a figure cell of a spreadsheet may hold: a number (with separators, a sign, a unit) or a
# mark for none; anything else next to figures is a label.
_FIGURE = re.compile(r"[+-]?[\d,.\s]*\d[\d,.\s]*(?:件|条|个|人次|人|次|篇|项|起|份|万元|元)?")
_NONE_MARK = re.compile(r"-+|/|\\|无|没有")
_CJK = re.compile("[\u3400-\u9fff]")
_MOST = 20              # reasons a refused paste lists
_LISTED = 5             # texts (or row numbers) of a block one reason quotes
_TRIED = 200            # texts of a block tried against the other tables
_LONGEST = 200          # characters of the longest text read as a label or a figure (a label has under 60)


class Tone(Vocabulary):
    """How a paste went, for the colour of its message."""

    DONE = "done"           # everything went in, nothing to check: neutral
    CHECK = "check"         # everything went in, but a total disagrees or a label was read as the nearest
    REFUSED = "refused"     # something (or everything) did not go in


def is_figure(text: str) -> bool:
    """A spreadsheet's figure cell: a number as clerks type it, or a mark for none (—, /, 无)."""
    if text.isdecimal():                 # most cells of a block: read at once
        return True
    if len(text) > _LONGEST:
        return False
    s = figure_text(text)
    return bool(_FIGURE.fullmatch(s) or _NONE_MARK.fullmatch(s))


def spread_figures(block: Sequence[Sequence[str]]) -> tuple[list[list[str]], list[str]]:
    """A block of one column whose cells hold figures with spaces between them (a table's rows copied
    from a PDF or Word: “70 60 180 30”) as the rows of figures they are, each figure a cell, as Excel
    lays out a row copied from a workbook; and the note that says so. Any other block as it is. A cell
    that may be one figure grouped with spaces (“3 001”: a part after the first starts with 0) is
    left whole: the cell refuses it and says to remove the spaces."""
    rows = [list(row) for row in block]
    if any(len(row) != 1 or len(row[0]) > _LONGEST for row in rows):
        return rows, []
    parts = [figure_text(row[0]).split() for row in rows]
    if (not any(len(p) > 1 for p in parts) or not all(is_figure(x) for p in parts for x in p)
            or any(x[:1] == "0" and x[1:2].isdigit() for p in parts for x in p[1:])):
        return rows, []
    example = next(row[0].strip() for row, p in zip(rows, parts, strict=True) if len(p) > 1)
    return [p or [""] for p in parts], [f"粘贴的内容是用空格隔开的几个数字（如“{shown(example)}”），"
                                        f"已像Excel中的一行那样依次填入各列，请核对"]


def _has_number(text: str) -> bool:
    """A figure with digits (not only a mark for none, “——” in a heading row's unit column)."""
    return any(ch.isdigit() for ch in text) and is_figure(text)


def _wordy(text: str) -> bool:
    """Text that reads as a label (two Chinese characters or more), not a mistyped figure (“x”, “1O”)."""
    return len(_CJK.findall(text)) >= 2


@dataclass(frozen=True)
class Placement:
    """Where a labelled block goes. `blocked`: why it cannot be placed safely (then nothing is)."""

    entries: tuple[tuple[Cell, str], ...] = ()     # input cells and the text for each
    totals: tuple[tuple[Cell, str], ...] = ()      # computed cells given a figure: compared, not entered
    refused: tuple[str, ...] = ()                  # texts that go nowhere, and why
    notes: tuple[str, ...] = ()                    # labels read as the row they nearly name
    blocked: tuple[str, ...] = ()


@dataclass
class _Line:
    """One row of the block: its cells and, for a row of figures, its label."""

    number: int                     # 1-based, as the clerk counts the rows copied
    cells: list[str]
    first_figure: int | None        # the column of its first figure
    header: bool = False
    label: str | None = None
    label_col: int = -1


def _first_figure(cells: Sequence[str]) -> int | None:
    return next((c for c, t in enumerate(cells) if t.strip() and is_figure(t)), None)


def _recognised(labels: TableLabels, text: str) -> bool:
    if len(text) > _LONGEST:
        return False
    return bool(labels.row_candidates(text) or labels.column_candidates(text) or labels.is_known(text))


def _label_texts(line: _Line) -> list[tuple[int, str]]:
    """The texts left of a row's figures that may be labels (a page of prose in one cell is none)."""
    end = len(line.cells) if line.first_figure is None else line.first_figure
    return [(c, t) for c, t in enumerate(line.cells[:end]) if t.strip() and len(t) <= _LONGEST]


def _lines(block: Sequence[Sequence[str]], labels: TableLabels) -> list[_Line]:
    """The block's rows, every row as wide as the widest: a row of figures that a web page copied
    shorter (its merged group cell left out) is aligned on the right, where its figures end."""
    width = max((len(r) for r in block), default=0)
    lines = []
    for i, row in enumerate(block):
        cells = [str(t) for t in row]
        pad = [""] * (width - len(cells))
        first = _first_figure(cells)
        cells = pad + cells if first is not None else cells + pad
        line = _Line(i + 1, cells, None if first is None else first + len(pad))
        texts = [t for _, t in _label_texts(line)]
        line.header = (first is None and any(labels.column_candidates(t) for t in texts)
                       and not any(labels.is_row_label(t) for t in texts))
        lines.append(line)
    return lines


def place_block(block: Sequence[Sequence[str]], form: Form, table: Table, start_column: str | None = None,
                start_row: str | None = None) -> Placement | None:
    """Where the figures of a pasted block go by its labels; None for a block that carries none
    (bare figures: the caller places them at the current cell). `start_column`, `start_row`: the
    current cell's, where a block with row labels but no header rows starts, and the row of 表四's
    columns pasted without their group header."""
    labels = TableLabels(table, form)
    lines = _lines(block, labels)
    if not any(_wordy(t) or _recognised(labels, t) for line in lines for _, t in _label_texts(line)):
        return None
    if all(_wordy(t) or _recognised(labels, t) for line in lines for t in line.cells if t.strip()):
        if any(_recognised(labels, t) for t in _words(lines, _TRIED)):
            return Placement(blocked=(f"粘贴的内容只有{table.short}的栏目名称，没有数字，没有可以填入的内容。",))
        return Placement(blocked=(f"粘贴的内容是文字，没有数字，没有可以填入{table.short}的内容。",))
    foreign = _foreign(lines, labels, form)
    if foreign is not None:
        return foreign
    if table.layout is Layout.FLAT and not any(_label_texts(line) for line in lines if line.first_figure is not None):
        return _explained(_place_flat(lines, labels, form, start_row), lines, labels)
    columns, blocked = _columns(lines, labels)
    placement = _place_rows(lines, labels, form, columns, blocked, start_column)
    ordered = _ordered_columns(lines, labels) if placement.blocked and any(line.header for line in lines) else None
    if ordered is not None:                     # a web page's copy: headers without their merged blanks
        retry = _place_rows(lines, labels, form, ordered, [], start_column)
        if not retry.blocked:
            return _explained(retry, lines, labels)
    return _explained(placement, lines, labels)


def _words(lines: list[_Line], most: int | None = None) -> list[str]:
    """The block's texts that are not figures, each once, in reading order (the first `most`)."""
    words: dict[str, None] = {}
    for text in (t.strip() for line in lines for t in line.cells):
        if text and text not in words and not is_figure(text):
            words[text] = None
            if most is not None and len(words) >= most:
                break
    return list(words)


def _listed(texts: list[str]) -> str:
    quoted = "、".join(f"“{shown(t)}”" for t in texts[:_LISTED])
    return quoted + ("等" if len(texts) > _LISTED else "")


def _foreign(lines: list[_Line], labels: TableLabels, form: Form) -> Placement | None:
    """A block of another table (表三 copied whole and pasted on 表二): most of its texts are the
    other table's, and more than twice as many as are this one's (both have a 总计). Refused, saying
    where it belongs; else None."""
    words = _words(lines, _TRIED)
    own = sum(_recognised(labels, t) for t in words)
    if own * 2 >= len(words):
        return None
    best, most = None, 0
    for other in form.tables.values():
        if other.key != labels.table.key:
            theirs = TableLabels(other, form)
            count = sum(_recognised(theirs, t) for t in words)
            best, most = (other, count) if count > most else (best, most)
    if best is None or most * 2 < len(words) or most <= own * 2:
        return None
    short = labels.table.short
    return Placement(blocked=(f"复制的栏目不是{short}的：{_listed(words)}是{best.short}的栏目。请到{best.short}粘贴，"
                              f"或只复制数字部分、从{short}要填的第一个单元格开始粘贴。",))


def _explained(placement: Placement, lines: list[_Line], labels: TableLabels) -> Placement:
    """A placement that puts nothing anywhere though the block has figures, given its reason."""
    if (placement.entries or placement.totals or placement.refused or placement.blocked
            or not any(_has_number(t) for line in lines for t in line.cells)):
        return placement
    short = labels.table.short
    unknown = [t for t in _words(lines) if not _recognised(labels, t)]
    if unknown:
        why = f"复制的栏目不是{short}的：{_listed(unknown)}。"
    else:
        why = f"粘贴内容中的数字不在{short}任何一栏的名称下，无法确定放在哪里。"
    return Placement(blocked=(why + f"请只复制{short}的内容，或只复制数字部分、从要填的第一个单元格开始粘贴。",))


def _place_rows(lines: list[_Line], labels: TableLabels, form: Form, columns: dict[int, _Columns | None],
                blocked: list[str], start_column: str | None) -> Placement:
    """A block of labelled rows, placed by their labels and the columns given for each row."""
    table = labels.table
    data = [line for line in lines if not line.header]
    for line in data:
        _choose_label(line, labels, columns.get(line.number))
    width = _label_width([line for line in data if not columns.get(line.number)], table, start_column)
    data = [line for line in data if line.label is not None or _figures_of(line, columns.get(line.number), width)]
    texts = [line.label for line in data]
    matching = labels.match_rows(texts, near=True)      # typos of the nearest row: for a few misses only
    blocked += _row_problems(data, matching, columns, width, labels)
    places: list[tuple[str, list[tuple[str, str]]]] = []
    for line, match in zip(data, matching.matches, strict=True):
        if match.key is None:
            continue
        placed, why = _row_cells(line, table.row(match.key).columns, columns.get(line.number), width, start_column)
        blocked += why
        places.append((match.key, placed))
    if blocked:
        return _blocked(blocked)
    return _placement(form, table, places, matching.notes)


def _blocked(reasons: list[str]) -> Placement:
    """Nothing placed, for these reasons: the first `_MOST` of them, and how many there are in all
    (10,000 rows of unknown labels make a message of a screen, not of a book)."""
    reasons = _unique(reasons)
    if len(reasons) > _MOST:
        reasons = reasons[:_MOST] + [f"……等共{len(reasons)}处无法确定位置（以上只列出前{_MOST}处）"]
    return Placement(blocked=tuple(reasons))


def _placement(form: Form, table: Table, places: Iterable[tuple[str, list[tuple[str, str]]]],
               notes: Iterable[str]) -> Placement:
    """The cells of the rows placed: input cells to enter, totals to compare, texts on totals refused."""
    entries: list[tuple[Cell, str]] = []
    totals: list[tuple[Cell, str]] = []
    refused: list[str] = []
    for row, cells in places:
        for column, text in cells:
            cell = Cell(table.key, row, column)
            if not form.is_computed(cell):
                entries.append((cell, text))
            elif text.strip():
                why = total_refusal(form, cell, text)
                if why:
                    refused.append(why)
                else:
                    totals.append((cell, text))
    return Placement(tuple(entries), tuple(totals), tuple(refused), tuple(notes))


def total_refusal(form: Form, cell: Cell, text: str) -> str | None:
    """None when `text`, pasted on a computed cell, is a figure to compare with the computed one;
    else why it did not go in."""
    if is_figure(text):
        return None
    return f"{computed_refusal(form.place(cell))}，粘贴的“{text.strip()}”没有填入"


# --- columns -------------------------------------------------------------------------------------

_Columns = dict[int, str]          # block column -> column key


def _columns(lines: list[_Line], labels: TableLabels) -> tuple[dict[int, _Columns | None], list[str]]:
    """For each row of figures (by its number), the columns its header rows above name (None: no
    header above it); and why a column of figures cannot be placed. Adjacent header rows add up (a
    header tree: 法人或其他组织 over 商业企业); a header after figures starts anew (表二's blocks)."""
    out: dict[int, _Columns | None] = {}
    blocked: list[str] = []
    current: _Columns | None = None
    unknown: dict[int, str] = {}
    in_header = False
    for line in lines:
        if line.header:
            if not in_header:
                current, unknown = {}, {}
            named, unnamed = _header_columns(line, labels, blocked)
            assert current is not None
            current.update(named)
            unknown.update({c: t for c, t in unnamed.items() if c not in current})
            in_header = True
            continue
        in_header = False
        out[line.number] = current
        if current is not None:
            blocked += _unnamed_figures(line, current, unknown, labels.table.short)
    repeated = {key for cols in out.values() if cols for key in cols.values() if list(cols.values()).count(key) > 1}
    for key in sorted(repeated):
        blocked.append(f"粘贴内容的表头中“{labels.table.column(key).label}”出现了不止一次，无法确定用哪一列。")
    return out, _unique(blocked)


def _ordered_columns(lines: list[_Line], labels: TableLabels) -> dict[int, _Columns | None] | None:
    """For each row of figures, the columns its header rows name, in the table's order, as the last
    cells of the row (rows are aligned on the right): how a web page's copy reads, where a merged
    header comes once, without the blanks a spreadsheet puts after it. None unless every header
    text is the table's and every row has exactly one figure cell per column named."""
    out: dict[int, _Columns | None] = {}
    named: set[str] = set()
    current: _Columns | None = None
    in_header = False
    for line in lines:
        if line.header:
            texts = [t for t in line.cells if t.strip()]
            found = [labels.column_candidates(t) for t in texts]
            if any(not k and not labels.is_known(t) for k, t in zip(found, texts, strict=True)):
                return None
            named = (named if in_header else set()) | {k[0] for k in found if len(k) == 1}
            in_header = True
            continue
        if in_header:
            keys = [k for k in labels.table.column_keys if k in named]
            current = {len(line.cells) - len(keys) + i: k for i, k in enumerate(keys)}
        in_header = False
        words = [c for c, t in enumerate(line.cells) if t.strip() and not is_figure(t)]
        if current is not None and words and len(line.cells) - words[-1] - 1 != len(current):
            return None
        out[line.number] = current
    return out


def _header_columns(line: _Line, labels: TableLabels, blocked: list[str]) -> tuple[_Columns, dict[int, str]]:
    """The columns one header row names, and the texts in it that name none."""
    named: _Columns = {}
    unnamed: dict[int, str] = {}
    for c, text in enumerate(line.cells):
        if not text.strip():
            continue
        candidates = labels.column_candidates(text)
        if len(candidates) == 1:
            named[c] = candidates[0]
        elif candidates:
            listed = "、".join(f"“{labels.table.column(k).label}”" for k in candidates)
            blocked.append(f"粘贴内容第{line.number}行的表头“{text.strip()}”可能是{listed}，无法确定是哪一列。")
        elif not labels.is_known(text):
            unnamed[c] = text.strip()
    return named, unnamed


def _unnamed_figures(line: _Line, columns: _Columns, unknown: dict[int, str], short: str) -> list[str]:
    """Figures of a row in columns that its header rows do not name. A column left of all the named
    ones under a header of its own (序号) is part of the labels, not figures."""
    out: list[str] = []
    first = min(columns, default=0)
    for c, text in enumerate(line.cells):
        if c in columns or not _has_number(text) or (c < first and c in unknown):
            continue
        if c in unknown:
            out.append(f"粘贴内容第{c + 1}列的表头“{unknown[c]}”不是{short}的栏目，无法确定这一列的数字放在哪一列。")
        else:
            out.append(f"粘贴内容第{c + 1}列没有表头，无法确定这一列的数字放在哪一列。")
    return out


# --- rows ----------------------------------------------------------------------------------------

def _choose_label(line: _Line, labels: TableLabels, columns: _Columns | None) -> None:
    """The row's label: of the texts left of its figures (left of the named columns when there is
    a header), the rightmost that reads as a label (group headings stand to its left, a unit such as
    “件” to its right)."""
    end = min(columns) if columns else (len(line.cells) if line.first_figure is None else line.first_figure)
    for c in range(min(end, len(line.cells)) - 1, -1, -1):
        text = line.cells[c]
        if text.strip() and (_wordy(text) or _recognised(labels, text)):
            line.label, line.label_col = text, c
            return
    line.label, line.label_col = None, -1


def _figures_of(line: _Line, columns: _Columns | None, width: int) -> list[tuple[int, str]]:
    """The non-blank cells of a row that hold its figures: under the named columns, or (no header)
    right of the label columns."""
    if columns:
        return [(c, line.cells[c]) for c in sorted(columns) if c < len(line.cells) and line.cells[c].strip()]
    return [(c, t) for c, t in enumerate(line.cells) if c >= width and t.strip()]


def _label_width(lines: list[_Line], table: Table, start_column: str | None) -> int:
    """How many columns of a block without header rows hold labels: up to the rightmost label; and
    past columns blank in every row when the figures would not fit otherwise (a label merged over
    the group columns of the printed table comes with blanks)."""
    width = max((line.label_col + 1 for line in lines), default=0)
    widest = max((r.columns for r in table.rows), key=len, default=())
    room = len(widest) - (widest.index(start_column) if start_column in widest else 0)

    def used(w: int) -> int:
        return max((len(_trimmed(line.cells[w:])) for line in lines), default=0)

    skip = width                # past a unit column (件, ——) or the blanks of merged label cells
    while used(skip) > room and not any(_has_number(line.cells[skip]) for line in lines if skip < len(line.cells)):
        skip += 1
    return skip if used(skip) <= room else width


def _trimmed(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _row_problems(data: list[_Line], matching: Matching, columns: dict[int, _Columns | None], width: int,
                  labels: TableLabels) -> list[str]:
    """Why rows with figures cannot be placed: a label that names no row, or two, or a heading; no
    label; a row named twice."""
    short = labels.table.short
    out = []
    for line, match in zip(data, matching.matches, strict=True):
        figures = _figures_of(line, columns.get(line.number), width)
        if figures and (match.what is LabelKind.ROW or any(_has_number(t) for _, t in figures)):
            out += _one_row_problem(line, match, short, labels)
    for key, places in matching.repeated.items():
        numbers = "、".join(f"第{data[i].number}行" for i in places[:_LISTED]) + ("等" if len(places) > _LISTED else "")
        out.append(f"粘贴内容中“{labels.table.row(key).label}”出现了{len(places)}次（{numbers}），无法确定用哪一行。")
    return out


def _one_row_problem(line: _Line, match: Match, short: str, labels: TableLabels) -> list[str]:
    where = f"粘贴内容第{line.number}行"
    text = (line.label or "").strip()
    if match.what is LabelKind.BLANK:
        return [f"{where}有数字但没有栏目名称，无法确定放在哪一行。"]
    if match.what is LabelKind.AMBIGUOUS:
        listed = "、".join(f"“{labels.table.row(k).label}”" for k in match.candidates)
        return [f"{where}“{text}”可能是{short}的{listed}，无法确定是哪一行。"]
    if match.what is LabelKind.KNOWN:
        return [where + labels.heading_note(text)]        # the rows under it, as the file readers say
    if match.what is not LabelKind.ROW:
        return [f"{where}“{text}”不是{short}的栏目，无法确定这一行的数字放在哪一行。"]
    return []


def _row_cells(line: _Line, row_columns: Sequence[str], columns: _Columns | None, width: int,
               start_column: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """(column key, text) for each figure cell of a named row; why they cannot be placed. Under
    header rows, the columns they name; without, the row's columns from `start_column` on."""
    if columns:
        return [(key, line.cells[c]) for c, key in sorted(columns.items())
                if c < len(line.cells) and key in row_columns], []
    texts = _trimmed(line.cells[width:])
    first = row_columns.index(start_column) if start_column in row_columns else 0
    room = list(row_columns[first:])
    if len(texts) > len(room):
        return [], [f"粘贴内容第{line.number}行有{len(texts)}列数字，从所选的列起只有{len(room)}列，"
                    f"无法确定每个数字放在哪一列。请连同表头一起复制粘贴。"]
    return list(zip(room, texts, strict=False)), []


# --- 表四 as printed: its rows side by side -------------------------------------------------------

def _place_flat(lines: list[_Line], labels: TableLabels, form: Form, start_row: str | None) -> Placement:
    """A block of 表四 as printed: header rows over rows of figures. A figure's column is the header
    right above it (结果维持…); its row the group header over it (行政复议, 未经复议直接起诉…), merged
    cells coming as blanks to its right; with no group header, the current cell's row."""
    table = labels.table
    headers = [line for line in lines if line.first_figure is None]
    cells: dict[Cell, str] = {}
    blocked: list[str] = []
    for line in (x for x in lines if x.first_figure is not None):
        for c, text in enumerate(line.cells):
            row = _flat_header(headers, c, lambda t: labels.row_candidates(t) if labels.is_row_label(t) else ())
            column = _flat_header(headers, c, labels.column_candidates, exact=True)
            if row is None:
                row = start_row
            if row is None or column is None:
                if text.strip():
                    blocked.append(f"粘贴内容第{line.number}行第{c + 1}列的“{text.strip()}”上面没有"
                                   f"{table.short}的表头，无法确定放在哪一格。")
                continue
            cell = Cell(table.key, row, column)
            if cell in cells:
                blocked.append(f"粘贴内容中{table.place(cell)}出现了不止一次，无法确定用哪一个。")
            cells[cell] = text
    if blocked:
        return _blocked(blocked)
    return _placement(form, table, [(cell.row, [(cell.column, text)]) for cell, text in cells.items()], ())


def _flat_header(headers: list[_Line], c: int, keys: Callable[[str], tuple[str, ...]],
                 exact: bool = False) -> str | None:
    """The one key the deepest header row naming something over column c names: by its text at c
    (`exact`), or its nearest text at or left of c (a header merged over the columns to its right)."""
    for line in reversed(headers):
        texts = [(x, t) for x, t in enumerate(line.cells[:c + 1]) if t.strip()]
        if not texts or exact and texts[-1][0] != c:
            continue
        named = keys(texts[-1][1])
        if named:
            return named[0] if len(named) == 1 else None
    return None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- totals --------------------------------------------------------------------------------------

def compare_totals(report: Report, totals: Iterable[tuple[Cell, str]]) -> list[str]:
    """Each pasted total that differs from the sum the program computes (after the paste), with
    both figures: “粘贴的“（七）总计”（自然人）3094与各项之和3004不一致”."""
    out = []
    form = report.form
    for cell, text in totals:
        if not text.strip():
            continue
        table = form.tables[cell.table]
        kind = table.kind_of(cell)
        try:
            pasted = parse_entry(text, kind, table.unit_of(cell), table.place(cell))
        except EntryError as exc:
            out.append(str(exc))
            continue
        computed = report.value(cell)
        if (pasted or 0) != (computed or 0):
            shown = format_value(pasted, kind, thousands=False)
            total = format_value(computed if computed is not None else kind.zero, kind, thousands=False)
            out.append(f"粘贴的{_named(table, cell)}{shown}与各项之和{total}不一致：合计由程序自动计算，没有填入。"
                       f"请核对各项中是否有输错的数字")
    return out


def _named(table: Table, cell: Cell) -> str:
    """“（七）总计”（自然人）: a cell named by its row and, where the table has several, its column."""
    row = f"“{table.row(cell.row).label}”"
    return row if len(table.columns) == 1 else f"{row}（{table.column(cell.column).label}）"


# --- the message ---------------------------------------------------------------------------------

@dataclass
class PasteReport:
    """What a paste did, for the message under the table: a short head line, then every item."""

    filled: int = 0
    refused: list[str] = field(default_factory=list)       # cells that did not go in, and why
    mismatches: list[str] = field(default_factory=list)    # pasted totals unlike the computed ones
    notes: list[str] = field(default_factory=list)         # labels read as the row they nearly name
    blocked: list[str] = field(default_factory=list)       # why nothing was pasted
    outside: int = 0                                       # texts that fell outside the table
    spread: list[str] = field(default_factory=list)        # figures with spaces, spread across a row

    @property
    def tone(self) -> Tone:
        if self.blocked or self.refused or self.outside:
            return Tone.REFUSED
        return Tone.CHECK if self.mismatches or self.notes or self.spread else Tone.DONE

    @property
    def clean(self) -> bool:
        return self.tone is Tone.DONE

    @property
    def items(self) -> list[str]:
        """Every point, in full, one sentence each."""
        beyond = [f"有{self.outside}个内容超出了表格范围，没有粘贴"] if self.outside else []
        return [_sentence(x) for x in (*self.blocked, *self.mismatches, *self.refused, *beyond, *self.notes,
                                       *self.spread)]

    @property
    def head(self) -> str:
        if self.blocked:
            return ("没有粘贴任何数字：无法按粘贴内容的栏目名称确定数字的位置，原因见下。请改正后重新粘贴，"
                    "或只复制数字部分、从要填的第一个单元格开始粘贴。")
        parts = [f"已粘贴{self.filled}个单元格" if self.filled else "没有粘贴任何数字"]
        if self.refused or self.outside:     # each refused cell, and each text outside the table
            parts.append(f"有{len(self.refused) + self.outside}处没有填入，请改正后重新粘贴这几处")
        if self.mismatches:
            parts.append(f"{len(self.mismatches)}个粘贴的合计与各项之和不一致")
        if self.notes:
            parts.append(f"{len(self.notes)}个栏目名称与本表略有不同，已按最接近的栏目填入")
        if self.spread:
            parts.append("用空格隔开的数字已依次填入各列，请核对")
        return "，".join(parts) + "。"

    def text(self) -> str:
        """The head line and every item, one a line."""
        return "\n".join([self.head, *(f"· {item}" for item in self.items)])


# What may close a message that becomes one sentence of a longer message.
_CLOSING_PUNCTUATION = "。；;，,.！!？? \n"


def _sentence(text: str) -> str:
    """`text` ending in exactly one full stop, whatever it ended with (refusals bring their own)."""
    return text.strip().rstrip(_CLOSING_PUNCTUATION) + "。"
