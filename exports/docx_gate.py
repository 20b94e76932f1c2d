"""The gate a Word file (.docx) passes before its XML is parsed.

A .docx is a zip package like a workbook, and as untrusted: the same limits apply (the one gate of
forms.atomic for the file itself, the zip's directory, the number and unpacked size of its parts, no
DTD or entity in any XML part, whatever its encoding) — `exports.xlsx_gate` states them once; this
module only says them in a Word file's words. Only word/document.xml is handed on: headers, footers
and text boxes in other parts are page furniture, never report text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from forms.atomic import ReadError, check_regular_file, explain_read_error

from .xlsx_gate import (
    MAX_DIRECTORY_BYTES,
    MAX_FILE_BYTES,
    MAX_PARTS,
    MAX_UNCOMPRESSED_BYTES,
    OLE_MAGIC,
    OTHER_PACKAGES,
    WorkbookError,
    checked_xml_parts,
    directory_size,
)

DOCUMENT_PART = "word/document.xml"
_WHAT = "Word文档"
_RESAVE = "请在Word或WPS中打开它，“另存为”Word文档（.docx）后再导入。"


def damaged_document(path: Path) -> str:
    """The one message for a zip that cannot be read as a Word document."""
    return (f"“{path.name}”已损坏或不是完整的Word文档，无法读取。请在Word或WPS中打开它：能打开的，"
            f"“另存为”Word文档（.docx）后再导入；打不开的，请找到原始文件或请发送人重新发送。")


def read_document_xml(path: Path) -> bytes:
    """The bytes of word/document.xml in UTF-8, once the whole package is judged safe to parse.
    Raises WorkbookError (a file that cannot be imported) with a plain Chinese message."""
    _check_file(path)
    if directory_size(path) > MAX_DIRECTORY_BYTES:
        raise WorkbookError(f"“{path.name}”由太多部分组成，不像年度报告。{_RESAVE}")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_package(archive, path)
            return _checked_parts(archive, path)
    except WorkbookError:
        raise
    except Exception:  # noqa: BLE001 - a cut file, a bad CRC, damaged compression, an encrypted part …
        raise WorkbookError(damaged_document(path)) from None


def _check_file(path: Path) -> None:
    """A regular file of a bounded size whose first bytes are a zip's: not empty, not an old .doc
    (an OLE file, as an encrypted .docx is too), not a draft or a text file."""
    try:
        status = check_regular_file(path, MAX_FILE_BYTES, _WHAT)
        with path.open("rb") as handle:
            head = handle.read(8)
    except ReadError as exc:
        raise WorkbookError(str(exc)) from None
    except OSError as exc:
        raise WorkbookError(explain_read_error(exc, path, _WHAT)) from None
    if status.st_size == 0:
        raise WorkbookError(f"“{path.name}”是空文件（0字节），不是Word文档。")
    if head == OLE_MAGIC:
        raise WorkbookError(f"“{path.name}”是旧版Word（.doc）、WPS（.wps）格式或设置了打开密码，无法读取。"
                            f"请在Word或WPS中打开它（有密码的先取消密码），“另存为”Word文档（.docx）后再导入。")
    if not head.startswith(b"PK"):
        raise WorkbookError(f"“{path.name}”不是Word文档（.docx）。{_RESAVE}")


def _check_package(archive: zipfile.ZipFile, path: Path) -> None:
    """A Word document, not another kind of package, and not a bomb: the sizes its directory states."""
    names = set(archive.namelist())
    if DOCUMENT_PART not in names:
        what = next((what for parts, what in OTHER_PACKAGES if names.issuperset(parts)), None)
        if "xl/workbook.xml" in names:
            what = "Excel工作簿"
        raise WorkbookError(f"“{path.name}”是{what or '一个压缩包'}，不是Word文档（.docx）。"
                            + ("Excel工作簿请保存为.xlsx后导入。" if what == "Excel工作簿" else _RESAVE))
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise WorkbookError(f"“{path.name}”由{len(infos)}个部分组成，不像年度报告。{_RESAVE}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(_unpacked_too_big(path, total))


def _unpacked_too_big(path: Path, size: int) -> str:
    return f"“{path.name}”解压后太大（{size // (1024 * 1024)}MB），不像年度报告。{_RESAVE}"


def _checked_parts(archive: zipfile.ZipFile, path: Path) -> bytes:
    """Every XML part is judged as a workbook's are (xlsx_gate.checked_xml_parts); returns
    word/document.xml in UTF-8."""
    document = b""
    for info, data in checked_xml_parts(archive, path, lambda size: _unpacked_too_big(path, size),
                                        "请在Word或WPS中把报告复制到一个新的文档，保存后再导入。"):
        if info.filename == DOCUMENT_PART:
            document = data
    if not document:
        raise WorkbookError(damaged_document(path))
    return document
