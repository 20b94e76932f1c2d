"""The gate a PDF passes before pdfminer parses it.

A PDF is untrusted input. Its bytes are judged first: a regular file of a bounded size (forms.atomic),
a PDF at all (its %PDF- header), and no more in its streams than any report holds. pdfminer unpacks a
compressed stream whole in memory (and a damaged one a byte at a time), so a few hundred kilobytes of
compressed zeros cost it gigabytes; and it reads page contents token by token, about 6 s a megabyte
(a report's page holds 10–25 KB). So every stream it may read is measured here first, a compressed
one unpacked piece by piece: page contents, object and cross-reference streams and character maps
against one limit, embedded fonts (only unpacked) against a larger one; pictures, which it leaves
packed, are not counted. Raises WorkbookError with the message for the user.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from forms.atomic import ReadError, read_bytes_checked

from .xlsx_gate import WorkbookError

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_READ_BYTES = 10 * 1024 * 1024           # contents and other streams pdfminer reads, together (~1 min)
MAX_FONT_BYTES = 100 * 1024 * 1024          # embedded fonts, unpacked, together
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_FONT = re.compile(rb"/Length1|/Type1C|/CIDFontType0C|/OpenType")
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
    read, fonts = _stream_sizes(data)
    if read > MAX_READ_BYTES or fonts > MAX_FONT_BYTES:
        raise WorkbookError(f"“{path.name}”中的内容解压后太大（超过{max(read, fonts) // (1024 * 1024)}MB），"
                            f"不像一份年度报告，为安全起见不予读取。请确认选择的文件是否正确，或找到原来的Word文件导入。")
    return data


def _stream_sizes(data: bytes) -> tuple[int, int]:
    """What the streams pdfminer reads and the embedded fonts unpack to (pictures left out), each
    counted up to just past its limit."""
    read = fonts = 0
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096):match.start()]
        objects = list(_OBJECT.finditer(head))
        head = head[objects[-1].end():] if objects else head
        if b"/Image" in head:
            continue
        end = data.find(b"endstream", match.end())
        stream = data[match.end():end if end >= 0 else len(data)]
        font = bool(_FONT.search(head))
        left = (MAX_FONT_BYTES - fonts if font else MAX_READ_BYTES - read) + 1
        size = _inflated(stream, left) if b"FlateDecode" in head else len(stream)
        if font:
            fonts += size
        else:
            read += size
        if read > MAX_READ_BYTES or fonts > MAX_FONT_BYTES:
            break
    return read, fonts


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
