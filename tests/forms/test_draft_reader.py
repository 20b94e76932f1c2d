"""The draft reader against files that are not what they claim: keys written twice, pipes and devices,
files too big, figures too long, JSON other programs break — always a Chinese message, never a hang,
a traceback or the system's English."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest

from forms.atomic import ReadError, explain_os_error, explain_read_error, read_bytes_checked
from forms.draft import DraftError, dump_draft, parse_draft, read_draft
from forms.expr import Cell
from forms.rules import check, describe

GRANTED = Cell("t3", "granted", "natural")


_NAMES = ("JSON", "UTF", "MB", "KB", "Word", "WPS", "Excel")


def _english(message: str, folder: Path | None = None) -> list[str]:
    """English words in a message, leaving out what it quotes from the file (“…”), the folder it
    names, the names of formats and programs (JSON, UTF-8, Word) and sizes."""
    unquoted = re.sub("“[^”]*”", "", message.replace(str(folder), "") if folder else message)
    return [w for w in re.findall("[A-Za-z]{2,}", unquoted) if w not in _NAMES]


def _draft_text(report) -> str:
    return dump_draft(report).decode("utf-8")


# --- keys written twice --------------------------------------------------------------------------

def test_a_key_written_twice_is_an_error_naming_its_path(qingchuan):
    text = _draft_text(qingchuan)
    # the whole of 表三 written twice: json would keep the last, an empty one, and the table vanish
    doubled = text.replace('"tables": {', '"tables": {\n    "t3": {},', 1)
    with pytest.raises(DraftError, match="“tables.t3”处：项目“t3”写了不止一次"):
        parse_draft(doubled)
    with pytest.raises(DraftError, match="“organ”处：项目“organ”写了不止一次"):
        parse_draft(text.replace('"organ":', '"organ": "甲",\n  "organ":', 1))


def test_a_key_written_twice_deep_in_a_table_is_named_by_its_path(qingchuan):
    text = _draft_text(qingchuan).replace('"natural": 71', '"natural": 71, "natural": 0', 1)
    assert '"natural": 0' in text
    with pytest.raises(DraftError, match=r"“tables\.t3\.granted\.natural”处"):
        parse_draft(text)


# --- the reader gate --------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "报告.json"
    os.mkfifo(pipe)
    with pytest.raises(DraftError, match="不是保存在磁盘上的普通文件（可能是设备"):
        read_draft(pipe)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "报告.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(DraftError, match="不是保存在磁盘上的普通文件（可能是设备.*请选择保存在磁盘上的草稿文件"):
        read_draft(link)


def test_the_gate_reads_regular_files_up_to_the_limit(tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes(b"x" * 2048)
    assert read_bytes_checked(path, 2048, "Excel文件") == b"x" * 2048
    with pytest.raises(ReadError, match="“表.xlsx”太大（超过1KB），不是Excel文件"):
        read_bytes_checked(path, 1024, "Excel文件")
    with pytest.raises(ReadError, match="是一个文件夹，不是Excel文件"):
        read_bytes_checked(tmp_path, 1024, "Excel文件")
    with pytest.raises(ReadError, match="找不到文件"):
        read_bytes_checked(tmp_path / "无.xlsx", 1024, "Excel文件")


# --- no English -------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    b'{"format": "nianbao.report", "organ": "\\x"}',
    b'{"format": "nianbao.report", "organ": "\\u12"}',
    b'{"format": "nianbao.report",}',
    b'{"format": "nianbao.report"} []',
    b'{"format": "nianbao.report", "organ": "\xff"}',
    b'{"format": "nianbao.report", "organ": "\xe4\xb8"}',
], ids=["escape", "unicode-escape", "trailing-comma", "extra", "not-utf8", "cut-utf8"])
def test_broken_json_is_told_in_chinese(data):
    with pytest.raises(DraftError) as raised:
        parse_draft(data)
    assert not _english(str(raised.value)), str(raised.value)


def test_a_byte_order_mark_is_accepted(qingchuan, tmp_path):
    path = tmp_path / "记事本.json"
    path.write_bytes(b"\xef\xbb\xbf" + dump_draft(qingchuan))       # as Windows Notepad saves
    assert read_draft(path).same_content(qingchuan)
    assert parse_draft("\ufeff" + _draft_text(qingchuan)).same_content(qingchuan)


@pytest.mark.parametrize("code", [errno.EEXIST, errno.EROFS, errno.ENAMETOOLONG, errno.ENOTDIR, errno.ELOOP,
                                  errno.EISDIR])
def test_system_errors_are_told_in_chinese_words(code, tmp_path):
    exc = OSError(code, os.strerror(code), str(tmp_path / "报告.json"))
    for message in (explain_os_error(exc, tmp_path / "报告.json"),
                    explain_read_error(exc, tmp_path / "报告.json", "草稿文件")):
        assert not _english(message, tmp_path), message
        assert "错误代码" not in message, message


# --- figures too long ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ['"1.' + "0" * 100_000 + '"', "1." + "0" * 100_000, "1" * 100_000,
                                   '"' + "9" * 5000 + '"'], ids=["text", "number", "integer", "digits"])
def test_a_figure_of_thousands_of_digits_is_refused_at_reading(qingchuan, value):
    amount = next(c for c in qingchuan.form.input_cells if qingchuan.form.kind_of(c) == "decimal")
    for cell in (GRANTED, amount):
        doc = json.loads(dump_draft(qingchuan))
        doc["tables"].setdefault(cell.table, {}).setdefault(cell.row, {})[cell.column] = "__FIGURE__"
        text = json.dumps(doc, ensure_ascii=False).replace('"__FIGURE__"', value)
        with pytest.raises(DraftError, match=f"“tables.{cell.table}.{cell.row}.{cell.column}”处.*数字太长"):
            parse_draft(text)


def test_a_figure_of_thousands_of_digits_in_the_prose_is_a_finding(qingchuan):
    section = next(s for s in qingchuan.form.sections if s.has_prose)
    qingchuan.sections[section.key] = "本年度收到政府信息公开申请" + "9" * 5000 + "件。"
    findings = [f for f in check(qingchuan).findings if f.rule == "R8"]
    assert any("有5000位" in f.message for f in findings), [describe(f) for f in findings]
    assert all(len(f.message) < 300 for f in findings)
