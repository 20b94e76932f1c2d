"""forms.names: the one rule for file names made from what the clerk typed."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from forms.atomic import atomic_write
from forms.names import MAX_NAME_BYTES, copy_name, safe_name

RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{i}" for d in ("COM", "LPT") for i in range(10)}


def _fits(name: str, extension: str) -> None:
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert not RESERVED.search(name)
    assert name == name.rstrip(" .") and name == name.lstrip(" .")
    assert name.split(".")[0].upper() not in DEVICES
    assert name.endswith(f".{extension}")


@given(st.text(max_size=400), st.sampled_from(["docx", "xlsx", "json"]), st.sampled_from(["", "（草稿）"]))
def test_generated_names_always_fit_and_hold_no_reserved_character(stem, extension, keep):
    name = safe_name(stem, extension, keep=keep)
    _fits(name, extension)
    assert keep in name
    name.encode("utf-8")                   # no lone surrogate


def test_a_long_organ_name_is_cut_at_a_character_and_keeps_its_extension():
    title = "某" * 65 + "2025年政府信息公开工作年度报告"
    name = safe_name(title, "docx", keep="（草稿）")
    _fits(name, "docx")
    assert name.endswith("（草稿）.docx") and name.startswith("某" * 40)
    assert safe_name("短名称", "docx") == "短名称.docx"


def test_reserved_characters_device_names_and_edges():
    assert safe_name('a<b>c:d"e/f\\g|h?i*j\tk\x00', "xlsx") == "abcdefghijk.xlsx"
    assert safe_name("CON", "json") == "_CON.json"
    assert safe_name("nul.txt", "json") == "_nul.txt.json"
    assert safe_name("  报告. . ", "json") == "报告.json"
    assert safe_name("???", "json") == "报告.json"
    assert safe_name("a\ud800b", "json") == "ab.json"


def test_a_name_at_the_limit_can_be_written_atomically(tmp_path):
    name = safe_name("报" * 200, "json")
    assert MAX_NAME_BYTES - 3 < len(name.encode("utf-8")) <= MAX_NAME_BYTES     # cut at a 3-byte character
    written = atomic_write(tmp_path / name, b"{}")
    assert written.read_bytes() == b"{}"
    # a legal 245-byte name is cut to fit (written as it is, the writer's temporary name would be 259 bytes)
    legal = "a" * 240 + ".json"
    assert len(legal) == 245
    fitted = safe_name(legal[:-5], "json")
    atomic_write(tmp_path / fitted, b"{}")
    assert (tmp_path / fitted).exists()


def test_copy_name():
    assert copy_name("报告.json") == "报告（副本）.json"
    assert copy_name("报告") == "报告（副本）"
    assert len(copy_name("报" * 80 + ".json").encode("utf-8")) <= MAX_NAME_BYTES
