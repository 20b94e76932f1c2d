"""A table of the report as a Word table, drawn from the shared printed grid (`forms.layout`).

The grid says what is printed where and which cells merge; this module only turns it into
WordprocessingML: `w:gridSpan` for a horizontal merge, `w:vMerge` restart/continue for a vertical
one (a continued cell is still written, row by row, so that its borders are drawn), borders on every
cell, single spacing off the document grid, header rows repeated on a new page, rows kept whole
(and the first rows and groups of rows kept together, see `rows_kept_with_next`), column widths and
the table's size from its content (`fitted_widths`).
The rows are built in one pass (python-docx's `Table.cell()` is quadratic and cannot merge this way).
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from docx.oxml.ns import qn

from forms.definition import Layout, Table
from forms.layout import Grid, GridCell, Role, printed_value
from forms.numbers import format_value
from forms.report import Report

from .common import STATED_SHADE, stated_total
from .docx_setup import TABLE_TEXT, TABLE_TEXT_SMALL, RunFormats
from .docx_xml import clean_text, el, half_points, indent, paragraph, run, twips
from .typesetting import TEXT_WIDTH_MM, Typesetting, mm_to_twips, text_width

TABLE_WIDTH_TWIPS = mm_to_twips(TEXT_WIDTH_MM)
BORDER = {"val": "single", "sz": 4, "space": 0, "color": "000000"}   # 0.5 pt black
CELL_MARGIN_TWIPS = 57                                                # 1 mm left and right
# A row at least this tall (5.5 mm): one line of 五号 with a little air above and below.
MIN_ROW_TWIPS = 312
RESTART, CONTINUE = "restart", "continue"
GROUP_LABEL_CHARS = 3.25    # “（三）” on one line (at exactly three characters LibreOffice wraps it)
FIGURE_DIGITS = 5           # a figure column is never narrower than five digits (its header reads well)
FIGURE_AIR_EMS = 0.1        # beside the widest figure of a column (renderers round widths differently)
MIN_LABEL_CHARS = 8         # a row label column narrower than this reads as a column of syllables
MAX_KEPT_GROUP_ROWS = 10
KEPT_FIRST_ROWS = 2         # a table never starts at a page's foot with fewer than three rows


def column_widths(grid: Grid, texts: dict, size: float, ts: Typesetting,
                  total: int = TABLE_WIDTH_TWIPS) -> list[int] | None:
    """Column widths in twips adding up to `total` with the table in `size` points, or None when its
    figures cannot all be printed whole at that size.

    Each column first gets what it cannot do without (`_minimum_widths`): a figure column its widest
    figure on one line, a column of merged group labels (三、本年度办理结果, （三）不予公开 …)
    GROUP_LABEL_CHARS, so that “（三）” stays on one line, a label column MIN_LABEL_CHARS. Then the
    grid's weights share out the rest, except that the figure columns of a matrix table stay just wide
    enough (表三's row labels get the room and fewer of them wrap). Where the weights ask for more than
    there is, the label columns give way first, then the figure columns, never below their minimum.
    """
    mins, figure_cols, group_cols = _minimum_widths(grid, texts, size, ts)
    if sum(mins) > total:
        return None
    weights = grid.col_weights or [1.0] * grid.n_cols
    preferred = [int(total * w / sum(weights)) for w in weights]
    tight = group_cols | (figure_cols if grid.table.layout is Layout.MATRIX else set())
    widths = [mins[col] if col in tight else max(preferred[col], mins[col]) for col in range(grid.n_cols)]
    label_cols = [col for col in range(grid.n_cols) if col not in figure_cols | group_cols]
    for giving in (label_cols, sorted(figure_cols)):
        _give_way(widths, mins, giving, sum(widths) - total)
    free = label_cols or list(range(grid.n_cols))
    widths[max(free, key=widths.__getitem__)] += total - sum(widths)
    return widths


def _minimum_widths(grid: Grid, texts: dict, size: float, ts: Typesetting) -> tuple[list[int], set[int], set[int]]:
    """The least width of every column at `size` (in twips), the figure columns and the group label
    columns. A figure is measured in the table's Latin font (`Typesetting.figure_width`) with a little
    air (renderers round widths differently); a figure spanning columns shares its width among them."""
    figure_cols = {c.col for c in grid.cells if c.cell is not None and c.colspan == 1}
    group_cols = {c.col for c in grid.cells if c.role == Role.GROUP and c.colspan == 1} - figure_cols
    ems = [0.0] * grid.n_cols
    for col in figure_cols:
        ems[col] = ts.figure_width("0" * FIGURE_DIGITS)
    for col in group_cols:
        ems[col] = GROUP_LABEL_CHARS
    for cell in grid.cells:
        text = texts[(cell.row, cell.col)]
        if cell.cell is not None and text:
            share = (ts.figure_width(text) + FIGURE_AIR_EMS) / cell.colspan
            for col in range(cell.col, cell.last_col + 1):
                ems[col] = max(ems[col], share)
        elif cell.colspan == 1 and cell.col not in figure_cols | group_cols and cell.row >= grid.header_rows:
            ems[cell.col] = max(ems[cell.col], min(MIN_LABEL_CHARS, text_width(text)))
    return [twips(em * size) + 2 * CELL_MARGIN_TWIPS for em in ems], figure_cols, group_cols


def _give_way(widths: list[int], mins: list[int], cols: list[int], excess: int) -> None:
    """Narrow `cols` by `excess` twips in all, each in proportion to its room above its minimum."""
    room = sum(widths[col] - mins[col] for col in cols)
    if excess <= 0 or room <= 0:
        return
    take = min(excess, room)
    for col in cols:
        widths[col] -= (widths[col] - mins[col]) * take // room


def fitted_widths(grid: Grid, texts: dict, ts: Typesetting) -> tuple[float, list[int]]:
    """The table's font size and column widths: its official size (the smaller one for a table of
    many columns) if every figure fits whole, else the next smaller 字号 that lets it, down to
    `Typesetting.min_table_size` — as published reports set a table of big figures smaller. Beyond
    that (figures no report has), the columns share the width in proportion to what they need."""
    size = ts.small_table_size if ts.is_small_table(grid.n_cols) else ts.table_size
    while True:
        widths = column_widths(grid, texts, size, ts)
        if widths is not None:
            return size, widths
        smaller = ts.smaller_table_size(size)
        if smaller is None:
            break
        size = smaller
    mins, _, _ = _minimum_widths(grid, texts, size, ts)
    widths = [m * TABLE_WIDTH_TWIPS // sum(mins) for m in mins]
    widths[widths.index(max(widths))] += TABLE_WIDTH_TWIPS - sum(widths)
    return size, widths


def rows_kept_with_next(grid: Grid) -> list[bool]:
    """Which rows keep with the next one (`w:keepNext` on their paragraphs), so that Word, WPS and
    LibreOffice break a long table between rows a reader would not mind parting, and nowhere else
    is a page left with a hole. Kept together:

    - the header rows and the first KEPT_FIRST_ROWS rows under them (with the section heading or
      the paragraph before the table, see docx_writer: a table's title never ends a page alone);
    - a block of 表二 (its heading row, header row and rows), a group row of the 2014 table
      (“——”, no figure) and its first item, the rows of a merged group label of up to
      MAX_KEPT_GROUP_ROWS rows (（三）不予公开 …).

    A longer merged label (表三's 三、本年度办理结果 over 22 rows) is cut where the page ends: kept
    whole, it pushed all of 表三 to a new page and left the page before it up to 80 % empty. The
    header rows repeat on the next page (`w:tblHeader`) and no row splits (`w:cantSplit`).
    """
    n = grid.n_rows
    keep = [r < grid.header_rows + KEPT_FIRST_ROWS for r in range(n)]
    for cell in grid.merges:
        if cell.row >= grid.header_rows and 1 < cell.rowspan <= MAX_KEPT_GROUP_ROWS:
            keep[cell.row:cell.last_row] = [True] * (cell.rowspan - 1)
    starts = sorted(c.row for c in grid.cells if c.role == Role.BLOCK) + [n]
    for first, following in zip(starts, starts[1:], strict=False):
        keep[first:following - 1] = [True] * (following - 1 - first)
    for cell in grid.cells:
        if cell.role == Role.EMPTY:
            keep[cell.row] = True
    keep[n - 1] = False
    return keep


def _borders(tag: str):
    sides: tuple[str, ...] = ("top", "left", "bottom", "right")
    if tag == "tblBorders":
        sides += ("insideH", "insideV")
    return el(tag, *(el(side, **BORDER) for side in sides))


def _alignment(cell: GridCell, table: Table) -> str:
    if cell.role == Role.LABEL and table.layout is not Layout.BLOCKS:
        return "left"       # the long row labels of 表三 and the 2014 table read from the left
    return "center"


def cell_text(cell: GridCell, report: Report) -> str:
    """What the cell prints: a label's text, a figure as the format prints it — and a total the
    report states against its parts as stated (a stated blank prints blank), see `shade_stated`."""
    if cell.cell is None:
        return cell.text
    stated = stated_total(report, cell.cell)
    value = stated.stated if stated else printed_value(report, cell.cell)
    return format_value(value, kind=report.form.kind_of(cell.cell))


def shade_stated(tbl, grid: Grid, report: Report) -> None:
    """A light shade (`w:shd`) on each cell that prints a stated total disagreeing with its parts,
    so that a reader of the draft sees which figures the checks dispute."""
    marked = {(gc.row, gc.col) for gc in grid.cells if gc.cell is not None and stated_total(report, gc.cell)}
    if not marked:
        return
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        c = 0
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span = props.find(qn("w:gridSpan"))
            if (r, c) in marked:
                # w:shd comes after the borders and before w:vAlign in the schema's order
                props.find(qn("w:tcBorders")).addnext(el("shd", val="clear", color="auto", fill=STATED_SHADE))
            c += int(span.get(qn("w:val"))) if span is not None else 1


def _tc(width: int, span: int, merge: str | None, content):
    props = el("tcPr", el("tcW", w=width, type="dxa"))
    if span > 1:
        props.append(el("gridSpan", val=span))
    if merge == RESTART:
        props.append(el("vMerge", val=RESTART))
    elif merge == CONTINUE:
        props.append(el("vMerge"))                # no value: continues the merge above
    props.append(_borders("tcBorders"))
    props.append(el("vAlign", val="center"))
    return el("tc", props, content)


class _Cells:
    """Makes the `w:tc` of a table. Cells of one shape (width, merge, alignment …) differ only in
    their text, so each shape is built once and copied (in C) for every further cell: a 表三 has
    a few dozen shapes for three hundred cells."""

    def __init__(self, style: str, size: float, fmt, own_size: bool = False):
        self.style, self.size, self.fmt = style, size, fmt
        self.own_size = own_size                 # a size the style does not have: set on each run
        self._shapes: dict[tuple, Any] = {}      # lxml elements

    def _sized(self, rpr):
        if self.own_size:
            rpr.append(el("sz", val=half_points(self.size)))      # last in a w:rPr of fonts (and colour)
            rpr.append(el("szCs", val=half_points(self.size)))
        return rpr

    def make(self, width: int, span: int, merge: str | None, keep: bool, text: str = "",
             jc: str = "center", level: int = 0):
        key = (width, span, merge, keep, jc, level, bool(text))
        shape = self._shapes.get(key)
        if shape is None:
            ind = indent(self.size, left_chars=level) if level else None
            content = paragraph(self.style, [run("", self.fmt)] if text else [], jc=jc, ind=ind,
                                keep_next=keep)
            if self.own_size:        # the paragraph mark's size (an empty cell's height), then the run's
                content[0].append(self._sized(el("rPr")))
                if text:
                    self._sized(content[-1][0])
            shape = self._shapes[key] = _tc(width, span, merge, content)
        tc = deepcopy(shape)
        if text:
            tc[-1][-1][-1].text = clean_text(text)       # tc → p → r → t
        return tc


def _row_properties(header: bool):
    props = el("trPr", el("cantSplit"))
    props.append(el("tblHeader") if header else el("trHeight", val=MIN_ROW_TWIPS, hRule="atLeast"))
    return props


def build_table(grid: Grid, report: Report, ts: Typesetting, formats: RunFormats):
    """The `w:tbl` of `grid` with the report's figures."""
    texts = {(cell.row, cell.col): cell_text(cell, report) for cell in grid.cells}
    size, widths = fitted_widths(grid, texts, ts)
    style = TABLE_TEXT if size >= ts.table_size else TABLE_TEXT_SMALL

    tbl = el("tbl",
             el("tblPr", el("tblW", w=sum(widths), type="dxa"), el("jc", val="center"),
                el("tblInd", w=0, type="dxa"), _borders("tblBorders"), el("tblLayout", type="fixed"),
                el("tblCellMar", el("top", w=0, type="dxa"), el("left", w=CELL_MARGIN_TWIPS, type="dxa"),
                   el("bottom", w=0, type="dxa"), el("right", w=CELL_MARGIN_TWIPS, type="dxa")),
                el("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0,
                   noHBand=1, noVBand=1)),
             el("tblGrid", *(el("gridCol", w=w) for w in widths)))

    continued: dict[tuple[int, int], GridCell] = {}   # (row, col) → the merge started above
    for cell in grid.merges:
        for r in range(cell.row + 1, cell.last_row + 1):
            continued[(r, cell.col)] = cell
    keeps = rows_kept_with_next(grid)
    cells = _Cells(style, size, formats.table, own_size=size not in (ts.table_size, ts.small_table_size))
    row_props = {header: _row_properties(header) for header in (True, False)}

    for r in range(grid.n_rows):
        keep = keeps[r]
        tr = el("tr", deepcopy(row_props[r < grid.header_rows]))
        c = 0
        while c < grid.n_cols:
            anchor = grid.at(r, c)
            if anchor is not None:
                merge = RESTART if anchor.rowspan > 1 else None
                tr.append(cells.make(sum(widths[c:c + anchor.colspan]), anchor.colspan, merge, keep,
                                     texts[(r, c)], _alignment(anchor, grid.table), anchor.level))
                c += anchor.colspan
            elif (r, c) in continued:
                above = continued[(r, c)]
                tr.append(cells.make(sum(widths[c:c + above.colspan]), above.colspan, CONTINUE, keep))
                c += above.colspan
            else:
                # A position no cell covers would shift the row left; keep it as an empty cell.
                tr.append(cells.make(widths[c], 1, None, keep))
                c += 1
        tbl.append(tr)
    shade_stated(tbl, grid, report)
    return tbl
