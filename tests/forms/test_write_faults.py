"""Every file we write × every way the file system says no: a plain Chinese message that names the
file, the file that was there before kept as it was, no temporary file left, no English."""

from __future__ import annotations

import errno
import os
import re

import pytest

from exports.docx_writer import write_docx
from exports.xlsx_writer import write_xlsx
from forms.atomic import SaveError
from forms.draft import write_draft

WRITERS = {"草稿": (write_draft, ".json"), "Word": (write_docx, ".docx"), "Excel": (write_xlsx, ".xlsx")}
# What the system may answer while the file is written, and the words the clerk must see.
FAULTS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "只读",
    errno.EIO: "错误代码",
    errno.ENAMETOOLONG: "太长",
    errno.EEXIST: "已经存在",
}
_ENGLISH = re.compile(r"[A-Za-z]{4,}")


# Words a message may hold: the programs a clerk knows, and the system's error code next to its number.
_ALLOWED = re.compile(r"Word|Excel|WPS|E[A-Z]{3,}|\.(json|docx|xlsx)\b")


def _no_english(message: str, folder) -> None:
    """Nothing in English but the file's own path, the programs' names and an error code."""
    assert not _ENGLISH.search(_ALLOWED.sub("", message.replace(str(folder), ""))), message


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("code", FAULTS)
def test_a_fault_while_writing_keeps_the_old_file_and_says_why(qingchuan, tmp_path, monkeypatch, kind, code):
    write, suffix = WRITERS[kind]
    target = tmp_path / f"报告{suffix}"
    target.write_bytes(b"the file that was there")

    def refuse(fd):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(SaveError) as raised:
        write(qingchuan, target)
    message = str(raised.value)
    assert target.name in message and FAULTS[code] in message, message
    _no_english(message, tmp_path)
    assert target.read_bytes() == b"the file that was there"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]          # no temporary file left


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("where,words", [
    ("没有这个文件夹/报告", "不存在"),
    ("一个文件/报告", "不是文件夹"),
    ("一个文件夹", "文件夹"),
])
def test_a_target_the_system_cannot_hold_is_told_plainly(qingchuan, tmp_path, kind, where, words):
    write, suffix = WRITERS[kind]
    (tmp_path / "一个文件").write_bytes(b"x")
    (tmp_path / f"一个文件夹{suffix}").mkdir()
    target = tmp_path / f"{where}{suffix}"
    with pytest.raises(SaveError) as raised:
        write(qingchuan, target)
    assert words in str(raised.value), str(raised.value)
    _no_english(str(raised.value), tmp_path)
