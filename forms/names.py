"""The one rule for the file names the program makes from what the clerk typed (an organ name, a
report title): the exported Word and Excel files, the suggested draft name, a copy's name.

A name keeps only characters every file system we meet accepts (no control characters, none of
Windows' reserved `<>:"/\\|?*`, no text that cannot be written as UTF-8), is not one of Windows'
device names (CON, NUL, COM1…), does not end in a dot or a space, and fits in 255 bytes of UTF-8
with room left for the temporary name the atomic writer makes beside it (`.{name}.XXXXXXXX.tmp`,
forms/atomic.py) — cut at a character, never inside one, the extension kept.
"""

from __future__ import annotations

import re

MAX_FILE_NAME_BYTES = 255                     # ext4, NTFS (in UTF-16 units, more than this), FAT's long names
TEMP_EXTRA_BYTES = len(".") + len(".XXXXXXXX.tmp")   # what tempfile.mkstemp adds in forms.atomic.atomic_write
MAX_NAME_BYTES = MAX_FILE_NAME_BYTES - TEMP_EXTRA_BYTES

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')
_DEVICE = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)")
_EDGES = " .\u3000"                            # a name neither begins nor ends with these


def _clean(text: str) -> str:
    text = _UNSAFE.sub("", text)
    # a lone surrogate (from a damaged file) cannot be written in a file name
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


def _cut(text: str, limit: int) -> str:
    """The longest beginning of `text` that is at most `limit` bytes of UTF-8 (whole characters)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:max(limit, 0)].decode("utf-8", "ignore")


def safe_name(stem: str, extension: str = "", keep: str = "", fallback: str = "报告",
              limit: int = MAX_NAME_BYTES) -> str:
    """A file name from `stem` (cut when too long) followed by `keep` (never cut: 草稿's mark) and
    `extension` ("docx" or ".docx"). `fallback` stands in for a stem with nothing usable left."""
    extension = _clean(extension).strip(_EDGES)
    tail = _clean(keep) + (f".{extension}" if extension else "")
    room = limit - len(tail.encode("utf-8"))
    stem = _cut(_clean(stem).strip(_EDGES), room).strip(_EDGES)
    if not stem:
        stem = _cut(_clean(fallback).strip(_EDGES), room).strip(_EDGES) or "_"
    if _DEVICE.fullmatch(stem.split(".")[0].rstrip(_EDGES)):
        stem = "_" + stem[:-1] if len((stem + tail).encode("utf-8")) >= limit else "_" + stem
    name = (stem + tail).rstrip(_EDGES)
    return name or "_"


def copy_name(name: str) -> str:
    """The suggested name of a copy of file `name`: 报告.json → 报告（副本）.json."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    return safe_name(stem, extension, keep="（副本）")
