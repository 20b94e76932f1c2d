"""Reading a report published as a PDF with a text layer (exported from WPS or Word) as Blocks:
paragraphs and tables in reading order, for the one assembly (`exports.report_reader`).

pdfplumber (on pdfminer.six, pure Python) gives every character with its box and finds ruled tables
by their lines. A table's grid comes from the edges of its cells, so a merged cell covers the columns
and rows it spans and its text is repeated in each. A table that runs on over a page break is one
table: it ends its page, the next page begins with it, its left and right edges are the same and its
header repeats or its columns line up; the repeated header is read once, and a label merged down
the rows (三、本年度办理结果), printed only on the first page, is given to the rows on the next.

The text outside tables becomes lines (characters on one baseline), then paragraphs: a line that
ends short of the right margin ends its paragraph, a line indented past the left margin (the first
line's two characters, a centred title, a right-aligned signature) or in another font size begins
one, across page breaks too. Page numbers (— 3 —, 第3页) and headers or footers that repeat on the
pages are dropped. A PDF has no space characters: a gap between two letters or figures is a space,
beside a Chinese character it is the typesetter's (exports.printed_text).

A PDF is untrusted input: `exports.pdf_gate` judges its bytes before pdfminer parses it; its pages are
counted.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .blocks import Block, Blocks, Paragraph, TableGrid, square
from .pdf_gate import read_pdf
from .printed_text import PAGE_NUMBER, is_wide, join_lines
from .xlsx_gate import WorkbookError

MAX_PAGES = 200
_TABLES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_EDGE = 2.0                            # points: edges closer than this are one edge
_FIGURE = re.compile(r"[\d.,，\s-]*")


@dataclass
class _Line:
    """A line of text outside the tables, as printed."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Cell:
    box: tuple[float, float, float, float]      # x0, top, x1, bottom
    text: str


@dataclass
class _Part:
    """The piece of a ruled table on one page."""

    page: int
    box: tuple[float, float, float, float]
    cells: list[_Cell]


@dataclass
class _Page:
    number: int
    items: list[_Line | _Part] = field(default_factory=list)     # top to bottom
    images: bool = False


def read_blocks(path: str | Path) -> Blocks:
    """The paragraphs and tables of the report in a PDF. Raises WorkbookError (its message for the
    user) for a file that is no PDF, is damaged, has a password, or has no text (a scan)."""
    path = Path(path)
    pages = _read_pages(read_pdf(path), path)
    notes: list[str] = []
    _check_text(pages, path, notes)
    _drop_page_furniture(pages)
    blocks = list(_assemble(pages))
    return Blocks(blocks, path.name, notes)


# --- the file -------------------------------------------------------------------------------------

def _read_pages(data: bytes, path: Path) -> list[_Page]:
    """Every page's lines and table parts; pdfminer's failures said as what they mean. What it logs
    about a file's oddities (in English) goes nowhere unless the program sets up logging itself."""
    import pdfplumber

    for name in ("pdfminer", "pdfplumber"):
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise WorkbookError(f"“{path.name}”有{len(pdf.pages)}页，不像一份年度报告（上限{MAX_PAGES}页）。"
                                    f"请确认选择的文件是否正确。")
            # only pdfplumber's work is judged here: what goes wrong in ours after it is no damaged file
            raw = [(page.page_number, page.chars, [(tuple(t.bbox), t.cells) for t in page.find_tables(_TABLES)],
                    bool(page.images)) for page in pdf.pages]
    except WorkbookError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to parse an untrusted file means "unreadable"
        if _is_password(exc):
            raise WorkbookError(f"“{path.name}”设置了打开密码，无法读取。请用PDF阅读器输入密码打开它，另存为不加密的PDF"
                                f"后再导入，或找到原来的Word文件导入。") from None
        raise WorkbookError(_damaged(path)) from None
    if not raw:
        raise WorkbookError(_damaged(path))
    return [_read_page(*page) for page in raw]


def _damaged(path: Path) -> str:
    return (f"“{path.name}”已损坏或不是完整的PDF文件，无法读取。请在PDF阅读器中打开它：能打开的，另存一份PDF后再导入；"
            f"打不开的，请找到原来的Word文件，或请发送人重新发送。")


def _is_password(exc: BaseException) -> bool:
    """Whether pdfminer refused the file for its encryption (pdfplumber wraps its errors)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if type(seen).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
            return True
        if any(isinstance(arg, BaseException) and _is_password(arg) for arg in seen.args):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _check_text(pages: list[_Page], path: Path, notes: list[str]) -> None:
    """A PDF without any text is a scan (or blank): nothing can be read from it. Pages of pictures
    among pages of text are said."""
    blank = [page for page in pages if not page.items]
    if len(blank) == len(pages):
        if any(page.images for page in pages):
            raise WorkbookError(f"“{path.name}”这个PDF文件是扫描的图片，没有文字，无法读取。请找到原来的Word文件，"
                                f"或在网站上找到这份报告的网页（在浏览器中“另存为”网页），再导入。")
        raise WorkbookError(f"“{path.name}”中没有文字，无法读取。请确认选择的文件是否正确，或找到原来的Word文件导入。")
    scanned = [str(page.number) for page in blank if page.images]
    if scanned:
        notes.append(f"第{'、'.join(scanned)}页是扫描的图片，没有文字，未读入：请对照原件补上其中的内容。")


# --- one page -------------------------------------------------------------------------------------

def _read_page(number: int, all_chars: list[dict], tables: list[tuple[tuple, list]], images: bool) -> _Page:
    """A page from what pdfplumber found on it: its characters, its ruled tables (box and cells)."""
    chars = [c for c in all_chars if c.get("upright", True) and c["text"].strip()]
    parts = [_part(number, bbox, table_cells, chars) for bbox, table_cells in tables]
    parts = [part for part in parts if len({c.box[1] for c in part.cells}) > 1]     # one row is a frame
    outside = [c for c in chars if not any(_inside(c, part.box) for part in parts)]
    items: list[_Line | _Part] = [*_lines(number, outside), *parts]
    items.sort(key=lambda item: item.top if isinstance(item, _Line) else item.box[1])
    return _Page(number, items, images=images)


def _part(number: int, bbox: tuple, table_cells: list, chars) -> _Part:
    """A table's cells with their text: each character goes to the cell under its centre, found by
    the table's column and row edges (no cell is searched for each character)."""
    box: tuple[float, float, float, float] = tuple(bbox)
    boxes = [(cell[0], cell[1], cell[2], cell[3]) for cell in table_cells]
    xs = _edges([x for b in boxes for x in (b[0], b[2])])
    ys = _edges([y for b in boxes for y in (b[1], b[3])])
    owner = {(r, c): i for i, b in enumerate(boxes)
             for r in range(_index(ys, b[1]), _index(ys, b[3])) for c in range(_index(xs, b[0]), _index(xs, b[2]))}
    held: list[list] = [[] for _ in boxes]
    for char in chars:
        if _inside(char, box):
            at = owner.get((bisect(ys, (char["top"] + char["bottom"]) / 2) - 1,
                            bisect(xs, (char["x0"] + char["x1"]) / 2) - 1))
            if at is not None:
                held[at].append(char)
    cells = [_Cell(b, join_lines([line.text for line in _lines(number, mine)]))
             for b, mine in zip(boxes, held, strict=True)]
    return _Part(number, box, cells)


def _inside(char, box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _lines(number: int, chars) -> list[_Line]:
    """Characters grouped into lines by their height on the page, each line read left to right."""
    lines: list[list] = []
    for char in sorted(chars, key=lambda c: c["top"]):
        if lines and char["top"] - lines[-1][0]["top"] <= 0.4 * char["size"]:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [_line(number, sorted(group, key=lambda c: c["x0"])) for group in lines]


def _line(number: int, chars) -> _Line:
    """One line's text; a character printed again over itself (a bold effect) is read once."""
    text = chars[0]["text"]
    for before, char in zip(chars, chars[1:], strict=False):
        if char["text"] == before["text"] and char["x0"] - before["x0"] < 0.2 * char["size"]:
            continue
        gap = char["x0"] - before["x1"]
        if gap > 0.25 * char["size"] and not (is_wide(before["text"][-1]) or is_wide(char["text"][0])):
            text += " "
        text += char["text"]
    return _Line(number, text, chars[0]["x0"], chars[-1]["x1"], min(c["top"] for c in chars),
                 max(c["bottom"] for c in chars), max(c["size"] for c in chars))


# --- page numbers, headers and footers ------------------------------------------------------------

def _drop_page_furniture(pages: list[_Page]) -> None:
    """Drop page numbers printed first or last on a page, and a first or last line that repeats on
    most pages (a running header or footer, figures aside). Not said: they are no part of any report,
    and a note would ask the clerk to check what needs no checking."""
    ends: Counter[str] = Counter()
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        for line in {id(x): x for x in lines[:1] + lines[-1:]}.values():
            ends[_shape(line.text)] += 1
    repeated = {text for text, count in ends.items() if len(pages) > 2 and count * 2 > len(pages)}
    for page in pages:
        lines = [item for item in page.items if isinstance(item, _Line)]
        edge = {id(x) for x in lines[:1] + lines[-1:]}
        page.items = [item for item in page.items
                      if not (isinstance(item, _Line) and id(item) in edge and _furniture(item, repeated))]


def _shape(text: str) -> str:
    """A line with its figures left out: a running header or footer is the same on every page but them."""
    return re.sub(r"\d+", "#", text)


def _furniture(line: _Line, repeated: set[str]) -> bool:
    return bool(PAGE_NUMBER.fullmatch(line.text)) or _shape(line.text) in repeated


# --- paragraphs and tables ------------------------------------------------------------------------

def _assemble(pages: list[_Page]) -> Iterator[Block]:
    """Lines joined into paragraphs and table parts into tables, in reading order."""
    stream = [item for page in pages for item in page.items]
    lines = [item for item in stream if isinstance(item, _Line)]
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0] if lines else 0.0
    right = max((line.x1 for line in lines), default=0.0)
    tables = _tables(stream)
    names = _table_names(tables)
    paragraph: list[_Line] = []
    for item in stream:
        if isinstance(item, _Line):
            if paragraph and _begins_paragraph(paragraph[-1], item, left, right):
                yield Paragraph(join_lines([line.text for line in paragraph]))
                paragraph = []
            paragraph.append(item)
            continue
        if paragraph:
            yield Paragraph(join_lines([line.text for line in paragraph]))
            paragraph = []
        group = next((group for group in tables if group[0] is item), None)
        if group is not None:
            yield replace(_grid(group), where=names[id(group[0])])
    if paragraph:
        yield Paragraph(join_lines([line.text for line in paragraph]))


def _begins_paragraph(before: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether `line` begins a paragraph after `before`: `before` ended short of the right margin,
    `line` is indented (a first line, a centred or right-aligned line), in another size, or stands
    after a blank gap on the same page."""
    return (before.x1 < right - before.size
            or line.x0 > left + 0.8 * line.size
            or abs(line.size - before.size) > 1
            or (line.page == before.page and line.top - before.bottom > 1.5 * line.size))


def _tables(stream: list[_Line | _Part]) -> list[list[_Part]]:
    """Table parts grouped into tables: a part that ends its page and one that begins the next are
    one table when `_continues` says so."""
    groups: list[list[_Part]] = []
    before: _Line | _Part | None = None
    for item in stream:
        if isinstance(item, _Part):
            if isinstance(before, _Part) and item.page == before.page + 1 and _continues(before, item):
                groups[-1].append(item)
            else:
                groups.append([item])
        before = item
    return groups


def _continues(first: _Part, then: _Part) -> bool:
    """The same left and right edges, and the header repeated or the columns of the last row lining up
    with those of the next page's first row."""
    if abs(first.box[0] - then.box[0]) > _EDGE or abs(first.box[2] - then.box[2]) > _EDGE:
        return False
    top = min(cell.box[1] for cell in first.cells)
    head = sorted((c.box[0], c.text) for c in first.cells if abs(c.box[1] - top) < _EDGE)
    top = min(cell.box[1] for cell in then.cells)
    head_then = sorted((c.box[0], c.text) for c in then.cells if abs(c.box[1] - top) < _EDGE)
    if [t for _, t in head] == [t for _, t in head_then]:
        return True
    bottom = max(cell.box[3] for cell in first.cells)
    last = {round(c.box[2]) for c in first.cells if abs(c.box[3] - bottom) < _EDGE}
    return last == {round(c.box[2]) for c in then.cells if abs(c.box[1] - top) < _EDGE}


def _table_names(tables: list[list[_Part]]) -> dict[int, str]:
    """Where each table stood, as a clerk finds it: 第3页的表格, 第3—4页的表格, 第4页的第2个表格."""
    on_page = Counter(group[0].page for group in tables)
    names: dict[int, str] = {}
    seen: Counter[int] = Counter()
    for group in tables:
        first, last = group[0].page, group[-1].page
        seen[first] += 1
        pages = f"第{first}页" if first == last else f"第{first}—{last}页"
        names[id(group[0])] = f"{pages}的第{seen[first]}个表格" if on_page[first] > 1 else f"{pages}的表格"
    return names


def _grid(parts: list[_Part]) -> TableGrid:
    """The rectangle of a table's parts: the columns from the edges of all parts' cells, each part's
    rows from its own; a merged cell's text in every position it covers (and its range in `merges`);
    a repeated header dropped; a label merged down the rows given to the rows of its continuation."""
    xs = _edges([x for part in parts for c in part.cells for x in (c.box[0], c.box[2])])
    rows: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    for number, part in enumerate(parts):
        ys = _edges([y for c in part.cells for y in (c.box[1], c.box[3])])
        block = [[""] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        spans = []
        for cell in part.cells:
            cols = range(_index(xs, cell.box[0]), _index(xs, cell.box[2]))
            span = range(_index(ys, cell.box[1]), _index(ys, cell.box[3]))
            for r in span:
                for c in cols:
                    block[r][c] = cell.text
            if span and cols and (len(span) > 1 or len(cols) > 1):
                spans.append((span.start, cols.start, span.stop - 1, cols.stop - 1))
        repeated = _continued(rows, block, spans) if number else 0
        merges += _kept_merges(spans, repeated, len(rows))
        rows += block[repeated:]
    return TableGrid(square(rows), merges=tuple(merges))


def _continued(above: list[list[str]], block: list[list[str]], spans: list[tuple[int, int, int, int]]) -> int:
    """A part on a following page: how many of its first rows repeat the header (dropped by the
    caller); the empty cells of a cell merged down the page below them are given the label of the
    row above the page break."""
    repeated = 0
    while repeated < min(len(above), len(block) - 1) and block[repeated] == above[repeated]:
        repeated += 1
    for top, left, bottom, right in spans:
        label = above[-1][left] if above else ""
        if top == repeated < bottom and block[top][left] == "" and label and not _FIGURE.fullmatch(label):
            for r in range(repeated, bottom + 1):
                for c in range(left, right + 1):
                    block[r][c] = label
    return repeated


def _kept_merges(spans: list[tuple[int, int, int, int]], dropped: int, above: int) -> list[tuple[int, int, int, int]]:
    """A part's merged ranges below its `dropped` header rows, numbered from 1 as rows of the whole
    table (`above` rows stand before this part); a range left one cell by the cut is none."""
    merges = []
    for top, left, bottom, right in spans:
        top = max(top, dropped) - dropped
        bottom -= dropped
        if bottom >= 0 and (bottom > top or right > left):
            merges.append((above + top + 1, left + 1, above + bottom + 1, right + 1))
    return merges


def _edges(values: list[float]) -> list[float]:
    """Distinct edges: values closer than _EDGE are one edge."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))

