"""Reading a report saved from a government website (.html/.htm) as Blocks: paragraphs and tables
in reading order, for the one assembly (`exports.report_reader`).

Sites publish the report as an article inside a page: a layout table or divs with the site's
navigation, a column of links, the date and visit counter and a footer around it. The article is
found as the element holding the report's title (“…年度报告”) and its data tables, widened until it
holds at least half the page's text; what lies outside is skipped and said in a note. A data table is
a table with no table inside it and a figure in it; a layout table is read as the text it holds.

A page is untrusted input: its size is judged before it is read (forms.atomic), libxml2 parses it
with no network and no entity expansion (an internal DTD subset is cut off first), a nesting deeper
than libxml2 reads is refused with a message, and the spans of merged cells are bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from forms.atomic import ReadError, read_bytes_checked

from .blocks import Block, Blocks, Paragraph, TableGrid, square
from .printed_text import PAGE_NUMBER, tidy
from .xlsx_gate import WorkbookError

MAX_HTML_BYTES = 20 * 1024 * 1024
MAX_SPAN = 100                          # rowspan/colspan beyond this are read as this
MAX_TABLE_CELLS = 10_000                # a grid larger than this is no report's table
_ARTICLE_SHARE = 0.5                    # the article holds at least this share of the page's text
_MAX_TITLES, _MAX_TABLES = 50, 200      # bounds of the search for the report's title and tables

_SKIPPED_TAGS = ("script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed",
                 "svg", "select", "button", "textarea")
# The page header and footer a word processor saves with a document as a web page (LibreOffice marks
# them with a title, Word with an mso-element style): page numbers, the letterhead.
_PAGE_FURNITURE = ("//*[@title='header' or @title='footer' or contains(@style, 'mso-element:header') "
                   "or contains(@style, 'mso-element:footer')]")
_BLOCK_TAGS = frozenset("p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote section article header footer nav "
                        "aside main center pre address form fieldset table tbody thead tfoot tr td th caption hr "
                        "figure figcaption br".split())
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312", "gb_2312-80", "cp936", "gb18030", "euc-cn", "csgb2312"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_INTERNAL_SUBSET = re.compile(r"^\s*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_FIGURE = re.compile(r"\d")
_TITLE = re.compile(r"年度?报告")
_BREAK = object()                       # a paragraph ends here


def read_blocks(path: str | Path) -> Blocks:
    """The paragraphs and tables of the report in a saved web page. Raises WorkbookError (its
    message for the user) for a page that cannot be read or holds no text."""
    path = Path(path)
    try:
        data = read_bytes_checked(path, MAX_HTML_BYTES, "网页文件")
    except ReadError as exc:
        raise WorkbookError(str(exc)) from None
    root = _parse(_decode(*_html_part(data)), path)
    for element in [*root.iter(*_SKIPPED_TAGS), *root.xpath(_PAGE_FURNITURE)]:
        if element.getparent() is not None:
            element.drop_tree()
    article, title = _article(root)
    blocks = list(_blocks(article, path))
    if title is not None and blocks:
        blocks.insert(0, Paragraph(tidy(title.text_content())))
    if not blocks:
        raise WorkbookError(f"“{path.name}”中没有找到文字：它可能是用脚本加载内容的网页，保存下来的只是空壳。"
                            f"请在浏览器中打开这个网页，选中报告的全文复制，粘贴到Word中保存为.docx文件后再导入。")
    info = []
    skipped = _text_length(root) - _text_length(article) - (_text_length(title) if title is not None else 0)
    if skipped > 0:       # every page saved from a website has them: said, not a problem to review
        info.append(f"网页中正文以外的内容（导航、栏目、发布信息、页脚等，共{skipped}字）未读入。")
    return Blocks(blocks, path.name, info=info)


def _html_part(data: bytes) -> tuple[bytes, str | None]:
    """The page itself and the charset its container states: a single-file web page (.mht, .mhtml, as
    Internet Explorer, Word and WPS save one) is a MIME message whose first text/html part is the page,
    quoted-printable or base64; any other file is the page."""
    head = data[:4096].lower()
    if b"mime-version" not in head or b"multipart/" not in head:
        return data, None
    import email

    for part in email.message_from_bytes(data).walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return b"", None


def _decode(data: bytes, charset: str | None = None) -> str:
    """The page's text: a byte-order mark, else the charset its container (an .mht) or the page
    declares (GB2312 and GBK read as their superset GB18030), else UTF-8 if it is valid UTF-8, else
    GB18030 — what Chinese sites save in."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    declared = _CHARSET.search(data[:8192])
    if declared and not charset:
        charset = declared.group(1).decode("ascii")
    if charset:
        name = charset.lower()
        try:
            return data.decode("gb18030" if name in _GB else name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", "replace")


def _parse(text: str, path: Path):
    """libxml2's tree of the page, parsed without network and without a DTD's entities."""
    import lxml.html

    text = _INTERNAL_SUBSET.sub("", text[:65536], count=1) + text[65536:]
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except lxml.etree.LxmlError:         # libxml2 finds nothing to build a tree from
        root = None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise WorkbookError(f"“{path.name}”的结构嵌套太深，不像政府网站保存的网页，无法读取。请在浏览器中打开它，"
                            f"复制报告的全文粘贴到Word中保存为.docx文件后再导入。")
    if root is None:
        raise WorkbookError(f"“{path.name}”中没有找到文字，不是可以读取的网页。请确认选择的文件是否正确。")
    return root


# --- the article ----------------------------------------------------------------------------------

def _article(root):
    """The element that holds the report and, when the title stands outside it, the title: the
    report's data tables' common container (else the title's), widened until it holds at least half
    the page's text (prose beside the tables is not lost to a too narrow choice). A title in an <h1>
    above the content, with the publishing line and the share links around it, is taken alone."""
    tables = [t for t in root.iter("table") if _is_data_table(t)]
    inside = set(tables)                    # a title in a table's cell is a link in a list of documents
    titles = [el for el in root.iter() if isinstance(el.tag, str) and _is_title(el)
              and not any(a in inside for a in el.iterancestors("table"))][:_MAX_TITLES]
    title = None
    if titles and tables:
        tables, title = _report_tables(tables, titles)
    if tables:
        start = _common_ancestor(tables)
    elif titles:
        start = max((t.getparent() if t.getparent() is not None else t for t in titles), key=_text_length)
    else:
        start = root
    total = _text_length(root)
    article = start
    while article.getparent() is not None and _text_length(article) < total * _ARTICLE_SHARE:
        article = article.getparent()
    if title is None or title is article or article in title.iterancestors():
        return article, None
    return article, title


def _report_tables(tables, titles):
    """The report's title and tables: the title nearest to a table (a link to another year's report
    in the navigation is far from all), and the tables nearest to it (a list of documents beside the
    article or a visit counter in the footer holds figures too, but farther away)."""
    if len(tables) > _MAX_TABLES:
        return tables, None
    title = max(titles, key=lambda t: max(_depth(_common_ancestor([t, table])) for table in tables))
    depth = {id(table): _depth(_common_ancestor([title, table])) for table in tables}
    nearest = max(depth.values())
    return [table for table in tables if depth[id(table)] == nearest], title


def _is_title(element) -> bool:
    """A short text of its own naming a report (“2025年政府信息公开工作年度报告”)."""
    own = (element.text or "") + "".join(child.tail or "" for child in element)
    own = "".join(own.split())
    return bool(own) and len(own) <= 60 and bool(_TITLE.search(own))


def _is_data_table(table) -> bool:
    """A table of the report: no table inside it, two rows or more, a figure in it."""
    return (table.find(".//table") is None and len(table.findall(".//tr")) >= 2
            and bool(_FIGURE.search(table.text_content())))


def _common_ancestor(elements):
    """The deepest element holding all of `elements`."""
    chains = [[element, *element.iterancestors()][::-1] for element in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):     # chains of different lengths
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return common


def _depth(element) -> int:
    return sum(1 for _ in element.iterancestors())


def _text_length(element) -> int:
    return sum(len("".join(text.split())) for text in element.itertext())


# --- paragraphs and tables ------------------------------------------------------------------------

def _blocks(article, path: Path) -> Iterator[Block]:
    """Paragraphs and data tables of the article in reading order."""
    pieces: list[str] = []
    count = 0
    for item in [*_flow(article, tables=True), _BREAK]:
        if isinstance(item, str):
            pieces.append(item)
            continue
        text = tidy("".join(pieces))
        pieces = []
        if text and not (PAGE_NUMBER.fullmatch(text) and not text.isdigit()):    # “— 3 —” printed as text
            yield Paragraph(text)
        if item is not _BREAK:
            count += 1
            yield _grid(item, path, count)


def _flow(root, tables: bool) -> Iterator[object]:
    """The text of `root` in reading order, _BREAK where a block ends, and (with `tables`) each data
    table as its element in place of its text. Iterative: a page's nesting costs no recursion."""
    from lxml import etree

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if not isinstance(element.tag, str):
            continue
        block = element.tag in _BLOCK_TAGS
        if event == "start":
            if tables and element.tag == "table" and _is_data_table(element):
                walker.skip_subtree()
                yield element
                continue
            if block:
                yield _BREAK
            yield element.text or ""
            continue
        if block:
            yield _BREAK
        if element is not root:
            yield element.tail or ""


def _grid(table, path: Path, number: int) -> TableGrid:
    """The table as a rectangle: a merged cell's text in every position it covers and its range in
    `merges`, spans bounded."""
    rows = table.findall(".//tr")
    taken: dict[tuple[int, int], str] = {}
    merges = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            text = _cell_text(cell)
            rowspan = min(_span(cell.get("rowspan")), len(rows) - r)
            colspan = _span(cell.get("colspan"))
            for i in range(rowspan):
                for j in range(colspan):
                    taken[(r + i, c + j)] = text
            if rowspan > 1 or colspan > 1:
                merges.append((r + 1, c + 1, r + rowspan, c + colspan))
            if len(taken) > MAX_TABLE_CELLS:
                raise WorkbookError(f"“{path.name}”中的第{number}个表格太大（超过{MAX_TABLE_CELLS}个单元格），"
                                    f"不像年度报告的统计表，无法读取。请确认选择的文件是否正确。")
            c += colspan
    width = max((c for _, c in taken), default=-1) + 1
    grid = square([[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))])
    return TableGrid(grid, f"第{number}个表格", tuple(merges))


def _span(value: str | None) -> int:
    """A rowspan/colspan as browsers read it: a positive whole number, 1 otherwise, bounded."""
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(number, 1), MAX_SPAN)


def _cell_text(cell) -> str:
    """A cell's text on one line: its line breaks and paragraphs are spaces, dropped between Chinese
    characters (“商业<br>企业” is 商业企业)."""
    return tidy("".join(" " if item is _BREAK else str(item) for item in _flow(cell, tables=False)))
