"""The gate a PDF passes before pdfminer parses it.

A PDF is untrusted input. Its bytes are judged first: a regular file of a bounded size (forms.atomic),
a PDF at all (its %PDF- header), and no stream that unpacks to more than any report holds. pdfminer
unpacks a compressed stream whole in memory (and a damaged one a byte at a time), so a few megabytes
of compressed zeros would cost it gigabytes: every compressed stream it may unpack (page contents,
object and cross-reference streams, fonts; not pictures, which it leaves packed) is unpacked here
first, piece by piece, and counted. Raises WorkbookError with the message for the user.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from forms.atomic import ReadError, read_bytes_checked

from .xlsx_gate import WorkbookError

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024      # all compressed streams pdfminer may unpack, together
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_PIECE = 1024 * 1024


def read_pdf(path: Path) -> bytes:
    """The bytes of a PDF that pdfminer may parse."""
    try:
        data = read_bytes_checked(path, MAX_PDF_BYTES, "PDF文件")
    except ReadError as exc:
        raise WorkbookError(str(exc)) from None
    if not data:
        raise WorkbookError(f"“{path.name}”是空文件（0字节），不是PDF文件。请确认选择的文件是否正确。")
    if b"%PDF-" not in data[:1024]:
        raise WorkbookError(f"“{path.name}”不是PDF文件。请确认选择的文件是否正确："
                            f"Word文件请选择.docx，网页请选择.html。")
    if _unpacked_size(data) > MAX_UNPACKED_BYTES:
        raise WorkbookError(f"“{path.name}”中的内容解压后太大（超过{MAX_UNPACKED_BYTES // (1024 * 1024)}MB），"
                            f"不像一份年度报告，为安全起见不予读取。请确认选择的文件是否正确，或找到原来的Word文件导入。")
    return data


def _unpacked_size(data: bytes) -> int:
    """What the compressed streams other than pictures unpack to, counted up to just past the limit."""
    total = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096):match.start()]
        objects = list(_OBJECT.finditer(head))
        head = head[objects[-1].end():] if objects else head
        if b"FlateDecode" not in head or b"/Image" in head:
            continue
        end = data.find(b"endstream", match.end())
        total += _inflated(data[match.end():end if end >= 0 else len(data)], MAX_UNPACKED_BYTES + 1 - total)
        if total > MAX_UNPACKED_BYTES:
            break
    return total


def _inflated(packed: bytes, limit: int) -> int:
    """How many bytes `packed` unpacks to, at most `limit` (memory stays one piece); a damaged stream
    counts what unpacked before the damage."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        size += len(inflater.decompress(packed, _PIECE))
        while inflater.unconsumed_tail and size < limit:
            size += len(inflater.decompress(inflater.unconsumed_tail, _PIECE))
    except zlib.error:
        pass
    return size
