"""Reading the paragraphs and tables of any Word file (.docx): ours (exports/docx_writer.py) or anyone's.

Only word/document.xml is read, after `exports.docx_gate` has judged the package safe: headers and
footers (page numbers, the office's letterhead) live in other parts, text boxes (w:txbxContent) and
deleted text of tracked changes are passed over. A paragraph's text is every w:t of it in order, however
Word split it into runs (“3”, “0”, “01”), with w:tab and w:br as a tab and a line break; content
controls (w:sdt) and custom XML are read through. Tables come out as rectangles of cell texts: a cell
spanning columns (w:gridSpan) or rows (w:vMerge) gives its text to every cell it covers and its range
to `TableGrid.merges`; w:gridBefore/w:gridAfter leave empty cells. A table inside a cell is read as a
table of its own after its outer table, and said. What the paragraphs and tables mean is decided by
`exports.report_reader`, once for every reader.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .blocks import Block, Blocks, Paragraph, TableGrid, square
from .docx_gate import damaged_document, read_document_xml
from .xlsx_gate import MAX_CELLS, MAX_SHEET_CELLS, WorkbookError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_P, _TBL, _TR, _TC = f"{{{_W}}}p", f"{{{_W}}}tbl", f"{{{_W}}}tr", f"{{{_W}}}tc"
_T, _TAB, _BR, _CR = f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr"
_HYPHEN = f"{{{_W}}}noBreakHyphen"
_VAL = f"{{{_W}}}val"
_TYPE = f"{{{_W}}}type"
# Elements whose text is no paragraph text: text boxes, deleted text, field codes, footnote marks,
# and the properties of paragraphs and runs.
_SKIPPED = {f"{{{_W}}}{name}" for name in ("txbxContent", "del", "delText", "instrText", "pPr", "rPr",
                                           "moveFrom", "footnoteReference", "endnoteReference")}
_SKIPPED |= {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
# Wrappers whose children are read as if they stood in their place.
_WRAPPERS = {f"{{{_W}}}{name}" for name in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo")}
MAX_GRID_COLUMNS = 200
MAX_PARAGRAPHS = 20_000           # a report has a few hundred; each is matched against every heading


def read_blocks(path: str | Path) -> Blocks:
    """The paragraphs and tables of a .docx in body order. Raises WorkbookError (a file that cannot
    be imported) with a plain Chinese message."""
    path = Path(path)
    # Word's “Strict Open XML” names the same elements in another namespace
    data = read_document_xml(path).replace(_STRICT.encode(), _W.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise WorkbookError(damaged_document(path)) from None
    body = root.find(f"{{{_W}}}body")
    if body is None:
        raise WorkbookError(damaged_document(path))
    reader = _Reader(path)
    reader.walk(body)
    return Blocks(reader.blocks, path.name, reader.notes)


class _Reader:
    """Walks the body in order, numbering the tables as a reader counts them (第1个表格…)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.tables = 0
        self.paragraphs = 0
        self.cells = 0                   # rows × columns of the tables so far
        self.filled = 0                  # their cells with text

    def walk(self, parent) -> None:
        for child in _flattened(parent):            # content controls and custom XML read through
            if child.tag == _P:
                self.paragraphs += 1
                if self.paragraphs > MAX_PARAGRAPHS:
                    raise WorkbookError(f"“{self.path.name}”有{MAX_PARAGRAPHS}段以上的文字，不像一份年度报告"
                                        f"（一份年度报告通常只有几百段）。请确认选择的文件是否正确。")
                self.blocks.append(Paragraph(paragraph_text(child)))
            elif child.tag == _TBL:
                self.tables += 1
                self.table(child, f"第{self.tables}个表格")

    def table(self, tbl, where: str) -> None:
        nested: list = []
        grid = _TableReader(tbl, nested).grid()
        width = max((len(row) for row in grid.rows), default=0)
        # what the label matching then reads, bounded as in a workbook (xlsx_gate: ~50 µs a filled cell)
        self.cells += width * len(grid.rows)
        self.filled += sum(1 for row in grid.rows for text in row if text)
        if width > MAX_GRID_COLUMNS or self.cells > MAX_SHEET_CELLS or self.filled > MAX_CELLS:
            raise WorkbookError(f"“{self.path.name}”中的表格太大（{where}有{len(grid.rows)}行×{width}列，"
                                f"到这里共{self.filled}个有内容的单元格），不像年度报告的统计表。"
                                f"请把报告复制到一个新的Word文档，只保留报告本身，保存后再导入。")
        self.blocks.append(TableGrid(grid.rows, where, grid.merges))
        for i, inner in enumerate(nested, start=1):
            inner_where = f"{where}中嵌套的表格" + (f"（{i}）" if len(nested) > 1 else "")
            self.notes.append(f"{where}的单元格中嵌套了表格，已把它作为单独的表格读取（{inner_where}）。"
                              f"请核对它的数字是否读对。")
            self.table(inner, inner_where)


def paragraph_text(p) -> str:
    """The text of a paragraph (or of anything holding runs), however its runs split it."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(node, parts: list[str]) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _CR or (tag == _BR and child.get(_TYPE) in (None, "textWrapping")):
            parts.append("\n")
        elif tag == _HYPHEN:
            parts.append("-")
        elif tag in (_P, _TBL):
            continue                     # a nested paragraph or table is its cell's business
        else:
            _collect(child, parts)


class _TableReader:
    """One w:tbl as a rectangle of texts and its merged ranges (1-based, as a spreadsheet numbers
    them). Tables inside its cells are put in `nested`."""

    def __init__(self, tbl, nested: list) -> None:
        self.tbl = tbl
        self.nested = nested
        self.rows: list[list[str]] = []
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}     # cell -> top-left of its range
        self.ranges: dict[tuple[int, int], list[int]] = {}           # top-left -> [bottom, right]

    def grid(self) -> TableGrid:
        for tr in _children(self.tbl, _TR):
            self._row(tr)
        merges = tuple(sorted((r, c, bottom, right) for (r, c), (bottom, right) in self.ranges.items()
                              if (bottom, right) != (r, c)))
        return TableGrid(square(self.rows), "", merges)

    def _row(self, tr) -> None:
        r = len(self.rows) + 1
        row: list[str] = [""] * _grid_value(tr, "gridBefore")
        for tc in _children(tr, _TC):
            span = min(max(_grid_value(tc, "gridSpan"), 1), MAX_GRID_COLUMNS)
            c = len(row) + 1
            merge = _vmerge(tc)
            above = self.origin.get((r - 1, c)) if merge == "continue" else None
            if above is not None:
                text = self.rows[above[0] - 1][above[1] - 1]
                top = above
            else:
                text = self._cell_text(tc)
                top = (r, c)
                self.ranges[top] = [r, c + span - 1]
            bottom, right = self.ranges[top]
            self.ranges[top] = [max(bottom, r), max(right, c + span - 1)]
            for k in range(span):
                self.origin[(r, c + k)] = top
                row.append(text)
        row += [""] * _grid_value(tr, "gridAfter")
        self.rows.append(row)

    def _cell_text(self, tc) -> str:
        """The cell's paragraphs joined by line breaks, empty ones at either end left out; a table in
        the cell goes to `nested`."""
        lines = []
        for child in _flattened(tc):
            if child.tag == _P:
                lines.append(paragraph_text(child))
            elif child.tag == _TBL:
                self.nested.append(child)
        return "\n".join(lines).strip("\n")


def _children(node, tag: str):
    """The children of `node` with `tag`, content controls and custom XML around them read through."""
    return [child for child in _flattened(node) if child.tag == tag]


def _flattened(node):
    for child in node:
        if child.tag in _WRAPPERS:
            yield from _flattened(child)
        else:
            yield child


def _grid_value(node, name: str) -> int:
    """A row's w:gridBefore/w:gridAfter or a cell's w:gridSpan (in trPr/tcPr); 0 when absent, and
    for a value that is no number (a damaged file reads as if it had none)."""
    for props in node:
        if isinstance(props.tag, str) and props.tag in (f"{{{_W}}}trPr", f"{{{_W}}}tcPr"):
            element = props.find(f"{{{_W}}}{name}")
            if element is not None:
                try:
                    return min(max(int(element.get(_VAL, "0")), 0), MAX_GRID_COLUMNS)
                except ValueError:
                    return 0
    return 1 if name == "gridSpan" else 0


def _vmerge(tc) -> str | None:
    """“restart”, “continue” (w:vMerge without a value) or None for a cell not merged down."""
    props = tc.find(f"{{{_W}}}tcPr")
    element = props.find(f"{{{_W}}}vMerge") if props is not None else None
    if element is None:
        return None
    return element.get(_VAL) or "continue"
