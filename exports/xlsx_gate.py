"""The gate an Excel file passes before openpyxl parses it.

A workbook is untrusted input. Its bytes are inspected first, so that an .xls, an encrypted file, a
Word file, a draft file, a zip bomb, a huge sheet (by its dimension or its merged ranges) or XML
entities are refused within seconds, with one plain message that says what to do — never a library's
error. `check_workbook` is the one entry; `check_sheet_size` is the second line of defence once the
sheets are loaded.

The checks go from the general to the particular: the file's bytes (any file), the zip package and
its XML parts (any Office Open XML file, a Word .docx too), then what only a workbook has (the size
each sheet states). Readers of other file types put their gates beside this one.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from forms.atomic import explain_read_error

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_XML_BYTES = 10 * 1024 * 1024          # all XML parts together, uncompressed (parsing ~3 s)
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_SHEET_CELLS = 200_000                  # rows × columns of one sheet

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_DIRECTORY_BYTES = 4 * 1024 * 1024     # where an OLE file's directory names its streams
_XML_HEAD_BYTES = 65536                    # where a part declares a DOCTYPE and a sheet its dimension
_XML_PARTS = (".xml", ".rels", ".vml")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_OTHER_PACKAGES = (                        # (the parts only this kind of package has, what it is)
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
    try:
        with zipfile.ZipFile(path) as archive:
            _check_package(archive, path)
            has_formulas, sheets = _check_parts(archive, path)
            _check_sheets(archive, path, sheets)
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
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            # an OLE compound file is an .xls or an encrypted .xlsx: its directory tells which
            ole = handle.read(_OLE_DIRECTORY_BYTES) if head == _OLE_MAGIC else b""
    except OSError as exc:
        raise WorkbookError(explain_read_error(exc, path, "Excel文件")) from None
    if size == 0:
        raise WorkbookError(f"“{name}”是空文件（0字节），不是Excel工作簿。")
    if head == _OLE_MAGIC:
        raise WorkbookError(_ole_message(name, ole))
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"“{name}”太大（{size // (1024 * 1024)}MB），不像年度报告的统计表。{_COPY_TO_NEW}")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"nianbao" in _peek(path):
        raise WorkbookError(f"“{name}”是年报通的草稿文件，不需要导入：请在窗口中用“打开草稿”打开它"
                            f"（命令行：python main.py open {name}）。")
    if not head.startswith(b"PK"):
        raise WorkbookError(f"“{name}”不是Excel工作簿（.xlsx）。如果它是CSV或文本文件，请在Excel或WPS中"
                            f"打开并“另存为”Excel工作簿（.xlsx）后再导入。")


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
        what = next((what for parts, what in _OTHER_PACKAGES if names.issuperset(parts)), None)
        if what is None:
            raise WorkbookError(f"“{name}”是一个压缩包，不是Excel工作簿（.xlsx）。")
        raise WorkbookError(f"“{name}”是{what}，不是Excel工作簿（.xlsx）。"
                            f"请在Excel或WPS中打开它，“另存为”Excel工作簿（.xlsx）后再导入。")
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    xml_total = sum(i.file_size for i in infos if i.filename.endswith(_XML_PARTS))
    if total > MAX_UNCOMPRESSED_BYTES or xml_total > MAX_XML_BYTES:
        raise WorkbookError(f"“{name}”解压后太大（{max(total, xml_total) // (1024 * 1024)}MB），"
                            f"不像年度报告的统计表。{_COPY_TO_NEW}")


class _SheetPart(NamedTuple):
    """What a sheet part states of its size before it is parsed."""

    part: str                    # xl/worksheets/sheet1.xml
    rows: int                    # the dimension it states (0 when it states none)
    cols: int
    merged: int                  # cells in its merged ranges (openpyxl makes an object for each)


def _check_parts(archive: zipfile.ZipFile, path: Path) -> tuple[bool, list[_SheetPart]]:
    """Every XML part is free of DTDs and entities. Returns whether a sheet holds formulas, and what
    each sheet states of its size."""
    has_formulas = False
    sheets = []
    for info in archive.infolist():
        if not info.filename.endswith(_XML_PARTS):
            continue
        data = archive.read(info)
        head = _xml_head(data)
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise WorkbookError(f"“{path.name}”中含有不安全的XML内容（实体定义），为安全起见不予读取。"
                                f"请在Excel或WPS中把统计表复制到一个新的工作簿，保存后再导入。")
        if info.filename.startswith("xl/worksheets/"):
            sheets.append(_SheetPart(info.filename, *(_dimension(head) or (0, 0)), _merged_cells(data)))
            has_formulas = has_formulas or b"<f>" in data or b"<f " in data
    return has_formulas, sheets


def _xml_head(data: bytes) -> bytes:
    """The start of an XML part, as UTF-8 also when the part is UTF-16."""
    head = data[:_XML_HEAD_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8", "replace")
    return head


# --- what only a workbook has ---------------------------------------------------------------------

def _dimension(head: bytes) -> tuple[int, int] | None:
    """The (rows, columns) a sheet part states it spans (`<dimension ref="A1:Z100"/>`), if it does."""
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return None
    return _span(*match.groups())


def _merged_cells(data: bytes) -> int:
    """How many cells the merged ranges of a sheet part cover (`<mergeCell ref="A1:G1"/>`)."""
    return sum(rows * cols for rows, cols in (_span(*m.groups()) for m in _MERGE.finditer(data)))


def _span(first_col: bytes, first_row: bytes, last_col: bytes, last_row: bytes) -> tuple[int, int]:
    from openpyxl.utils import column_index_from_string

    cols = column_index_from_string(last_col.decode()) - column_index_from_string(first_col.decode()) + 1
    return int(last_row) - int(first_row) + 1, cols


def _check_sheets(archive: zipfile.ZipFile, path: Path, sheets: list[_SheetPart]) -> None:
    """No sheet states a size beyond any statistics table: its dimension, or merged ranges that
    would make openpyxl create millions of cells."""
    for sheet in sheets:
        if max(sheet.rows * sheet.cols, sheet.merged) > MAX_SHEET_CELLS:
            name = _sheet_names(archive).get(sheet.part) or sheet.part.rsplit("/", 1)[-1].removesuffix(".xml")
            if sheet.rows * sheet.cols > MAX_SHEET_CELLS:
                raise WorkbookError(too_big(path, name, sheet.rows * sheet.cols, sheet.rows, sheet.cols))
            raise WorkbookError(too_big(path, name, sheet.merged))


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part (xl/worksheets/sheet1.xml) -> the name on its tab (表三), so that a message names
    the sheet the user sees. Read after the entity check; an unreadable map just gives no names."""
    from defusedxml import ElementTree

    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - the names only decorate a message
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        names[part] = sheet.get("name", "")
    return names
