"""The gate an Excel file passes before openpyxl parses it.

A workbook is untrusted input. Its bytes are inspected first, so that a pipe or a device, an .xls, an
encrypted file, a Word file, a draft file, a zip bomb, a huge sheet (by its dimension), more merged
cells, cells, rows or XML elements than openpyxl reads in about a second, or XML entities are refused
at once, with one plain message that says what to do — never a library's error. Every XML part is
counted whatever its name and encoding: the workbook's rels may give a sheet any part name.
`check_workbook` is the one entry; `check_sheet_size` is the second line of defence once the sheets are
loaded.

The checks go from the general to the particular: the file's bytes (any file), the zip package and
its XML parts (any Office Open XML file, a Word .docx too), then what only a workbook has (the size
each sheet states). Readers of other file types put their gates beside this one.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from forms.atomic import ReadError, check_regular_file, explain_read_error

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_XML_BYTES = 10 * 1024 * 1024          # all XML parts together, uncompressed (parsing ~3 s)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 5_000                          # members of the zip (a workbook has tens; each is opened here)
MAX_DIRECTORY_BYTES = 1024 * 1024          # the zip's directory, which zipfile reads whole (~5 µs an entry)
MAX_SHEET_CELLS = 200_000                  # rows × columns of one sheet
# What openpyxl makes objects for, in all sheets together: each costs it microseconds (a merged cell
# on a range's edge ~25 µs), so these bound its time to about a second and its memory to ~100 MB.
MAX_MERGED_CELLS = 30_000                  # cells covered by merged ranges, overlaps counted each time
MAX_MERGES = 5_000                         # merged ranges (~100 µs each)
MAX_CELLS = 20_000                         # stored cells (<c> elements; the reader's label matching ~50 µs each)
MAX_LINES = 20_000                         # row and column elements (~20 µs each with attributes)
MAX_RANGES = 20_000                        # ranges listed in sqref attributes (~15 µs each)
MAX_SETTINGS = 20_000                      # cell formats, fonts, names, comments, rules (~30 µs each)
MAX_XML_ELEMENTS = 200_000                 # elements of all XML parts (shared strings ~10 µs each)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_DIRECTORY_BYTES = 4 * 1024 * 1024     # where an OLE file's directory names its streams
_XML_HEAD_BYTES = 65536                    # where a part declares a DOCTYPE and a sheet its dimension
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# A merged range as any XML parser reads it: the ref attribute anywhere in the element, either
# quote, character references (&#58;) and lower case or $ in the reference, with or without a prefix.
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b([^>]*)>")
_REF = re.compile(rb"""(?:^|\s)ref\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_CELL = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_HYPERLINK = re.compile(rb"<(?:[\w.-]+:)?hyperlink\b([^>]*)>")     # openpyxl makes every cell of its range
_SQREF = re.compile(rb"""(?:^|\s)sqref\s*=\s*(["'])(.*?)\1""", re.DOTALL)   # validations, formats: lists of ranges
_LINE = re.compile(rb"<(?:[\w.-]+:)?(?:row|col)[\s/>]")
# Elements openpyxl makes a costly object of (a cell format ~30 µs): formats, names, comments, rules.
_SETTING = re.compile(rb"<(?:[\w.-]+:)?(?:xf|font|fill|border|numFmt|dxf|cellStyle|definedName|comment|cfRule|"
                      rb"dataValidation|hyperlink|protectedRange|ignoredError|brk)[\s/>]")
_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SHEET_ROWS, _SHEET_COLS = 1_048_576, 16_384
OTHER_PACKAGES = (                         # (the parts only this kind of package has, what it is)
    (("xl/workbook.bin",), "Excel二进制工作簿（.xlsb）"),
    (("content.xml", "mimetype"), "OpenDocument表格（.ods）"),
    (("word/document.xml",), "Word文档"),
    (("ppt/presentation.xml",), "PowerPoint演示文稿"),
)
_COPY_TO_NEW = "请把统计表复制到一个新的工作簿，保存后再导入。"


class WorkbookError(Exception):
    """A file that cannot be imported at all. `str()` is the message for the user."""

    def __str__(self) -> str:
        return self.args[0]


def check_workbook(path: Path) -> bool:
    """Refuse what openpyxl should never parse (raises WorkbookError); returns whether the sheets
    hold formulas."""
    _check_bytes(path)
    _check_directory(path)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_package(archive, path)
            has_formulas, parts = _check_parts(archive, path)
            # a workbook with formulas may be loaded twice (exports.xlsx_reader: formulas without results)
            _check_sheets(archive, path, parts, loads=2 if has_formulas else 1)
            return has_formulas
    except WorkbookError:
        raise
    except Exception:  # noqa: BLE001 - a cut file, a bad CRC, damaged compression, an encrypted part …
        raise WorkbookError(damaged(path)) from None


def check_sheet_size(path: Path, sheet: str, cells: int) -> None:
    """Refuse a loaded sheet larger than any statistics table (its file may state no dimension)."""
    if cells > MAX_SHEET_CELLS:
        raise WorkbookError(too_big(path, sheet, cells))


def damaged(path: Path) -> str:
    """The one message for a file that is a zip but cannot be read as a workbook. Library error
    texts never reach the user: they are English and name nothing the user can act on."""
    return (f"“{path.name}”已损坏或不是完整的Excel工作簿，无法读取。请在Excel或WPS中打开它：能打开的，"
            f"“另存为”Excel工作簿（.xlsx）后再导入；打不开的，请找到原始文件或请发送人重新发送。")


def too_big(path: Path, sheet: str, cells: int, rows: int | None = None, cols: int | None = None) -> str:
    size = f"{rows}行×{cols}列" if rows else f"{cells}个单元格"
    return (f"“{path.name}”中的工作表“{sheet}”太大（{size}），不像年度报告的统计表（上限{MAX_SHEET_CELLS}个单元格）。"
            f"{_COPY_TO_NEW}")


# --- the file's bytes (any file) ------------------------------------------------------------------

def _check_bytes(path: Path) -> None:
    """What the first bytes and the size tell: empty, an OLE file (.xls, .et, an encrypted .xlsx),
    too large, one of our draft files, or no zip at all."""
    name = path.name
    size = _regular_file_size(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
            # an OLE compound file is an .xls or an encrypted .xlsx: its directory tells which
            ole = handle.read(_OLE_DIRECTORY_BYTES) if head == OLE_MAGIC else b""
    except OSError as exc:
        raise WorkbookError(explain_read_error(exc, path, "Excel文件")) from None
    if size == 0:
        raise WorkbookError(f"“{name}”是空文件（0字节），不是Excel工作簿。")
    if head == OLE_MAGIC:
        raise WorkbookError(_ole_message(name, ole))
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"nianbao" in _peek(path):
        raise WorkbookError(f"“{name}”是年报通的草稿文件，不需要导入：请在窗口中用“打开草稿”打开它"
                            f"（命令行：python main.py open {name}）。")
    if not head.startswith(b"PK"):
        raise WorkbookError(f"“{name}”不是Excel工作簿（.xlsx）。如果它是CSV或文本文件，请在Excel或WPS中"
                            f"打开并“另存为”Excel工作簿（.xlsx）后再导入。")


def _regular_file_size(path: Path) -> int:
    """The size of `path`, judged by the one gate before any file is read (forms.atomic): a regular
    file, not a pipe or a device (a link to /dev/zero named .xlsx would block or never end)."""
    try:
        status = check_regular_file(path, 2**63 - 1, "Excel文件")
    except ReadError as exc:
        raise WorkbookError(str(exc)) from None
    if status.st_size > MAX_FILE_BYTES:
        raise WorkbookError(f"“{path.name}”太大（{status.st_size // (1024 * 1024)}MB），不像年度报告的统计表。"
                            f"{_COPY_TO_NEW}")
    return status.st_size


def _ole_message(name: str, directory: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in directory:
        return (f"“{name}”设置了打开密码，无法读取。请在Excel或WPS中打开它，取消密码"
                f"（文件→信息→保护工作簿→用密码进行加密，清空密码）后保存，再导入。")
    return (f"“{name}”是旧版Excel（.xls）或WPS（.et）格式。请在Excel或WPS中打开它，"
            f"“另存为”Excel工作簿（.xlsx）后再导入。")


def _peek(path: Path, size: int = 256) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


# --- the zip package and its XML parts (any Office Open XML file) ---------------------------------

def _check_package(archive: zipfile.ZipFile, path: Path) -> None:
    """A workbook, not another kind of package, and not a bomb: the sizes its directory states."""
    name = path.name
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        what = next((what for parts, what in OTHER_PACKAGES if names.issuperset(parts)), None)
        if what is None:
            raise WorkbookError(f"“{name}”是一个压缩包，不是Excel工作簿（.xlsx）。")
        raise WorkbookError(f"“{name}”是{what}，不是Excel工作簿（.xlsx）。"
                            f"请在Excel或WPS中打开它，“另存为”Excel工作簿（.xlsx）后再导入。")
    if len(archive.infolist()) > MAX_PARTS:
        raise WorkbookError(f"“{name}”由{len(archive.infolist())}个部分组成，不像年度报告的统计表。{_COPY_TO_NEW}")
    total = sum(i.file_size for i in archive.infolist())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(_unpacked_too_big(path, total))


def _unpacked_too_big(path: Path, size: int) -> str:
    return f"“{path.name}”解压后太大（{size // (1024 * 1024)}MB），不像年度报告的统计表。{_COPY_TO_NEW}"


def _check_directory(path: Path) -> None:
    """The size of the zip's central directory, before zipfile parses it."""
    directory = directory_size(path)
    if directory > MAX_DIRECTORY_BYTES:
        raise WorkbookError(f"“{path.name}”由太多部分组成（目录{directory // 1024}KB），不像年度报告的统计表。"
                            f"{_COPY_TO_NEW}")


def directory_size(path: Path) -> int:
    """The size of a zip's central directory, read from its end record: zipfile reads the whole
    directory (hundreds of thousands of empty parts fit in a small file). 0 when it is no zip
    (zipfile says so). Any zip package (a .docx too) is judged by it."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 65_557))      # the end record and its longest comment
        tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 16:
        return 0
    return int.from_bytes(tail[at + 12:at + 16], "little")


class _Part(NamedTuple):
    """What an XML part states of the work parsing it makes, before it is parsed."""

    part: str                    # xl/worksheets/sheet1.xml, or whatever name the workbook's rels give it
    rows: int                    # the dimension it states (0 when it states none)
    cols: int
    merged: int                  # cells in its merged ranges (openpyxl makes an object for each)
    merges: int                  # merged ranges
    cells: int                   # stored cells
    lines: int                   # row and column elements
    ranges: int                  # ranges listed in sqref attributes
    settings: int                # cell formats, fonts, names, comments, rules
    elements: int


def _check_parts(archive: zipfile.ZipFile, path: Path) -> tuple[bool, list[_Part]]:
    """Every XML part — known by its bytes, not by its name, which the workbook's rels may choose
    freely — is free of DTDs and entities. Returns whether a part holds formulas, and what each part
    states of its size."""
    has_formulas = False
    parts = []
    for info, data in checked_xml_parts(archive, path, lambda size: _unpacked_too_big(path, size),
                                        "请在Excel或WPS中把统计表复制到一个新的工作簿，保存后再导入。"):
        head = data[:_XML_HEAD_BYTES]
        elements = data.count(b"<") - data.count(b"</")
        parts.append(_Part(info.filename, *(_dimension(head) or (0, 0)), _merged_cells(data),
                           len(_MERGE.findall(data)), _cells(data),
                           len(_LINE.findall(data)), _ranges(data),
                           len(_SETTING.findall(data)), elements))
        has_formulas = has_formulas or b"<f>" in data or b"<f " in data
    return has_formulas, parts


def checked_xml_parts(archive: zipfile.ZipFile, path: Path, too_big: Callable[[int], str],
                      advice: str) -> Iterator[tuple[zipfile.ZipInfo, bytes]]:
    """Each XML part of any Office package (known by its bytes, not its name) in UTF-8, once it is
    judged: all of them together of a bounded size (`too_big(size)` says so) and none with a DTD or
    entities (said with `advice`, what to do instead). Raises WorkbookError."""
    xml_total = 0
    for info in archive.infolist():
        with archive.open(info) as member:
            if not _is_xml(member.read(_XML_HEAD_BYTES)):
                continue
        xml_total += info.file_size
        if xml_total > MAX_XML_BYTES:
            raise WorkbookError(too_big(xml_total))
        data = _as_utf8(archive.read(info), path)
        head = data[:_XML_HEAD_BYTES].upper()
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise WorkbookError(f"“{path.name}”中含有不安全的XML内容（实体定义），为安全起见不予读取。{advice}")
        yield info, data


def _is_xml(head: bytes) -> bool:
    """Whether a part's first bytes may begin an XML document for expat or libxml2: after white
    space its first byte is <, or a byte-order mark or the first bytes of UTF-16, UTF-32 or EBCDIC
    text say so (pictures and other binary parts are never parsed as XML). A head of white space
    only is counted as XML."""
    stripped = head.lstrip(b" \t\r\n")
    return not stripped or stripped[:1] == b"<" or head.startswith(
        (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<\0", b"\0<", b"\0\0", _EBCDIC))


_EBCDIC = b"\x4c\x6f\xa7\x94"                  # <?xm
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\0\0", "utf-32"), (b"\0\0\xfe\xff", "utf-32"),
         (b"<\0\0\0", "utf-32-le"), (b"\0\0\0<", "utf-32-be"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
         (b"<\0", "utf-16-le"), (b"\0<", "utf-16-be"), (_EBCDIC, "cp037"))


def _as_utf8(data: bytes, path: Path) -> bytes:
    """An XML part as UTF-8, whatever encoding its BOM, first bytes or declaration state, so that what
    the parser will see is what is counted; an encoding no parser here knows is a damaged file."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and data.startswith(b"\0\0"):
        raise WorkbookError(damaged(path))
    if encoding is None:
        declared = _ENCODING.match(data.lstrip(b" \t\r\n"))
        encoding = declared.group(1).decode().lower() if declared else "utf-8"
    if encoding.replace("_", "-") in ("utf-8", "utf8", "us-ascii", "ascii"):
        return data
    try:
        return data.decode(encoding, "replace").encode("utf-8", "replace")
    except LookupError:
        raise WorkbookError(damaged(path)) from None


# --- what only a workbook has ---------------------------------------------------------------------

def _dimension(head: bytes) -> tuple[int, int] | None:
    """The (rows, columns) a sheet part states it spans (`<dimension ref="A1:Z100"/>`), if it does."""
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return None
    return _span(*match.groups())


def _merged_cells(data: bytes) -> int:
    """How many cells the merged ranges of a part cover (`<mergeCell ref="A1:G1"/>`), overlapping
    ranges each time: openpyxl does the work for every range."""
    return sum(_area(ref.group(2)) for m in _MERGE.finditer(data) if (ref := _REF.search(m.group(1))))


def _cells(data: bytes) -> int:
    """The cells openpyxl makes for a part: its stored cells, and every cell of a hyperlink's range."""
    links = sum(_area(ref.group(2)) for m in _HYPERLINK.finditer(data) if (ref := _REF.search(m.group(1))))
    return len(_CELL.findall(data)) + links


def _ranges(data: bytes) -> int:
    """How many ranges the sqref attributes of a part list (A1 B2:C3 …): openpyxl makes an object for each."""
    return sum(len(m.group(2).split()) for m in _SQREF.finditer(data))


def _area(ref: bytes) -> int:
    """The cells of a range reference as openpyxl reads it (A1:XFD1048576, a1:xfd1048576, $A$1:$B$2,
    whole rows or columns); 0 for what it cannot read (it refuses the file then)."""
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(html.unescape(ref.decode("utf-8", "replace")))
    except (ValueError, TypeError):
        return 0
    rows = abs((max_row or _SHEET_ROWS) - (min_row or 1)) + 1
    cols = abs((max_col or _SHEET_COLS) - (min_col or 1)) + 1
    return rows * cols


def _span(first_col: bytes, first_row: bytes, last_col: bytes, last_row: bytes) -> tuple[int, int]:
    from openpyxl.utils import column_index_from_string

    cols = column_index_from_string(last_col.decode()) - column_index_from_string(first_col.decode()) + 1
    return int(last_row) - int(first_row) + 1, cols


def _check_sheets(archive: zipfile.ZipFile, path: Path, parts: list[_Part], loads: int) -> None:
    """No sheet states a size beyond any statistics table, and all of them together hold no more
    merged cells, cells and elements than openpyxl reads, `loads` times, in about a second: counted in
    every part, whatever its name, so that no name the workbook gives a sheet escapes."""
    for part in parts:
        if part.rows * part.cols > MAX_SHEET_CELLS:
            raise WorkbookError(too_big(path, _sheet_name(archive, part.part), part.rows * part.cols,
                                        part.rows, part.cols))
    for count, limit, what in ((lambda p: p.merged, MAX_MERGED_CELLS, "合并单元格共覆盖{}个单元格"),
                               (lambda p: p.merges, MAX_MERGES, "共{}处合并单元格"),
                               (lambda p: p.cells, MAX_CELLS, "共{}个单元格"),
                               (lambda p: p.lines, MAX_LINES, "共{}个行或列的设置"),
                               (lambda p: p.ranges, MAX_RANGES, "数据有效性和条件格式共涉及{}个区域"),
                               (lambda p: p.settings, MAX_SETTINGS, "单元格格式、批注、名称等设置共{}项"),
                               (lambda p: p.elements, MAX_XML_ELEMENTS, "XML元素共{}个")):
        total = sum(count(p) for p in parts)
        limit //= loads
        if total > limit:
            largest = max(parts, key=count)
            raise WorkbookError(f"“{path.name}”中的工作表“{_sheet_name(archive, largest.part)}”太大"
                                f"（{what.format(total)}），不像年度报告的统计表（上限{limit}）。{_COPY_TO_NEW}")


def _sheet_name(archive: zipfile.ZipFile, part: str) -> str:
    """The name on the tab of the sheet in `part`, else the part's file name."""
    return _sheet_names(archive).get(part) or part.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part (xl/worksheets/sheet1.xml) -> the name on its tab (表三), so that a message names
    the sheet the user sees; the part names resolved from the workbook's rels as openpyxl resolves
    them. Read after the entity check; an unreadable map just gives no names."""
    from defusedxml import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - the names only decorate a message
        return {}
    targets = {rel.get("Id"): _target_part(rel.get("Target", "")) for rel in rels}
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        names[targets.get(rid, "")] = sheet.get("name", "")
    return names


def _target_part(target: str) -> str:
    """The part a target of xl/_rels/workbook.xml.rels names, as openpyxl.packaging.relationship
    resolves it (worksheets/../worksheets/sheet1.xml is xl/worksheets/sheet1.xml)."""
    return target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
