"""Which fonts this PC has: fontconfig's list (Linux, 统信UOS, 麒麟), the Fonts folders and the registry
(Windows, faked here through injected readers), one font under its Chinese and English names."""

from __future__ import annotations

import os
import struct
import subprocess
from pathlib import Path

import pytest

from host import fonts
from host.fonts import InstalledFonts, fc_list_families, parse_fc_list, windows_families

FC_LIST = """\
仿宋,FangSong:style=Regular,常规
SimHei,黑体:style=Regular
KaiTi,楷体:style=Normal
Noto Serif CJK SC,Noto Serif CJK SC Black:style=Black,Regular
Liberation Serif:style=Bold Italic
Foo\\-Bar\\,Inc:style=Regular

"""


def test_every_comma_separated_name_of_a_family_counts_chinese_and_english_styles_ignored():
    names = parse_fc_list(FC_LIST)
    assert {"仿宋", "FangSong", "SimHei", "黑体", "KaiTi", "楷体", "Noto Serif CJK SC",
            "Noto Serif CJK SC Black", "Liberation Serif", "Foo-Bar,Inc"} == names


def test_a_font_installed_under_one_name_is_found_under_the_other():
    installed = InstalledFonts(parse_fc_list("SimHei:style=Regular\n仿宋:style=Regular\n"))
    assert installed.has("黑体") and installed.has("simhei") and installed.has("SimHei")
    assert installed.has("FangSong") and installed.has("仿宋")
    assert not installed.has("仿宋_GB2312")       # another font (another file), not another name of 仿宋
    assert not installed.has("FangSong_GB2312")
    assert installed.has("方正小标宋简体") is False


def test_the_founders_fonts_english_names_are_the_same_font():
    installed = InstalledFonts({"FZXiaoBiaoSong-B05S", "FZFangSong-Z02"})
    assert installed.has("方正小标宋简体") and installed.has("方正仿宋_GBK")
    assert not installed.has("方正小标宋_GBK")


def test_liberation_serif_stands_for_times_new_roman_with_the_same_widths():
    assert InstalledFonts({"Liberation Serif"}).has("Times New Roman")
    assert not InstalledFonts({"DejaVu Serif"}).has("Times New Roman")


def test_cannot_tell_is_neither_installed_nor_missing():
    unknown = InstalledFonts(None)
    assert unknown.has("仿宋") is None and not unknown.known
    assert unknown.missing(["仿宋", "黑体"]) == []


def test_missing_lists_each_name_once_in_order():
    installed = InstalledFonts({"黑体"})
    assert installed.missing(["仿宋_GB2312", "SimHei", "仿宋_GB2312", "楷体"]) == ["仿宋_GB2312", "楷体"]


def test_fc_list_missing_failing_or_hanging_is_cannot_tell():
    def absent(*args, **kwargs):
        raise FileNotFoundError("fc-list")

    def failing(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, stdout=b"", stderr=b"error")

    def hanging(*args, **kwargs):
        raise subprocess.TimeoutExpired("fc-list", 5)

    for run in (absent, failing, hanging):
        assert fc_list_families(run) is None


def test_fc_list_is_asked_for_family_names_and_its_utf8_read():
    asked = []

    def run(args, **kwargs):
        asked.append(args)
        return subprocess.CompletedProcess(args, 0, stdout="仿宋,FangSong:style=常规\n".encode(), stderr=b"")

    assert fc_list_families(run) == {"仿宋", "FangSong"}
    assert asked == [["fc-list", ":", "family"]]


def test_fc_list_on_this_machine_finds_what_fontconfig_has():
    if fonts.fc_list_families() is None:
        pytest.skip("fc-list is not installed here")
    families = fonts.fc_list_families() or set()
    assert "DejaVu Sans" in families


# --- Windows, faked ----------------------------------------------------------------------------------

def _name_record(name_id: int, language: int, text: str, offset: int) -> tuple[bytes, bytes]:
    data = text.encode("utf-16-be")
    return struct.pack(">HHHHHH", 3, 1, language, name_id, len(data), offset), data


def font_file(path: Path, *families: tuple[int, str], collection: bool = False) -> Path:
    """A minimal TrueType file (or a collection of one) whose name table holds `families`
    [(Windows language id, family name)]."""
    records, strings, offset = b"", b"", 0
    for language, family in families:
        record, data = _name_record(1, language, family, offset)
        records, strings, offset = records + record, strings + data, offset + len(data)
    name = struct.pack(">HHH", 0, len(families), 6 + len(records)) + records + strings
    head = struct.pack(">4sIII", b"ttcf", 0x00010000, 1, 16) if collection else b""
    table_offset = len(head) + 12 + 16
    sfnt = struct.pack(">IHHHH", 0x00010000, 1, 0, 0, 0) + struct.pack(">4sIII", b"name", 0, table_offset, len(name))
    path.write_bytes(head + sfnt + name)
    return path


def test_a_font_files_own_names_chinese_and_english(tmp_path):
    path = font_file(tmp_path / "simfang.ttf", (0x0409, "FangSong"), (0x0804, "仿宋"))
    assert fonts.font_file_families(path) == {"FangSong", "仿宋"}
    ttc = font_file(tmp_path / "simsun.ttc", (0x0409, "SimSun"), (0x0804, "宋体"), collection=True)
    assert fonts.font_file_families(ttc) == {"SimSun", "宋体"}
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    assert fonts.font_file_families(junk) == set()


def test_windows_fonts_from_both_folders_and_both_registry_keys(tmp_path):
    system, user = tmp_path / "Windows" / "Fonts", tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    font_file(system / "simhei.ttf", (0x0409, "SimHei"), (0x0804, "黑体"))
    font_file(user / "FZXBSJW.TTF", (0x0409, "FZXiaoBiaoSong-B05S"), (0x0804, "方正小标宋简体"))
    (system / "desktop.ini").write_text("[.ShellClassInfo]")
    registry = {"HKLM": ["仿宋 (TrueType)", "SimSun & NSimSun (TrueType)", "Times New Roman Bold (TrueType)"],
                "HKCU": ["楷体_GB2312 (TrueType)"]}
    names = windows_families([system, user, tmp_path / "nowhere"], lambda: [n for v in registry.values() for n in v])
    installed = InstalledFonts(names)
    for name in ("黑体", "方正小标宋简体", "仿宋", "宋体", "NSimSun", "楷体_GB2312", "Times New Roman"):
        assert installed.has(name), name
    assert not installed.has("方正仿宋_GBK")


def test_registry_value_names_become_family_names():
    values = ["仿宋 (TrueType)", "SimSun & NSimSun (TrueType)", "Arial Bold Italic (TrueType)",
              "Cambria & Cambria Math (TrueType)", "方正小标宋简体 (OpenType)", "Courier 10,12,15"]
    assert fonts.registry_families(values) == {
        "仿宋", "SimSun", "NSimSun", "Arial", "Cambria", "Cambria Math", "方正小标宋简体", "Courier"}


def test_windows_folders_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert fonts.windows_font_folders() == [tmp_path / "Windows" / "Fonts",
                                            tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"]


def test_detection_is_done_once(monkeypatch):
    calls = []
    monkeypatch.setattr(fonts, "_detect", lambda: calls.append(1) or frozenset({"仿宋"}))
    fonts.installed_fonts.cache_clear()
    try:
        assert fonts.installed_fonts().has("FangSong") and fonts.installed_fonts().has("仿宋")
        assert calls == [1]
    finally:
        fonts.installed_fonts.cache_clear()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_font_file_passes_the_reader_gate_before_it_is_opened(tmp_path):
    """The Fonts folder is read in the preload thread: a pipe, a device or a folder under a font's name
    is judged by forms.atomic's gate (os.stat) and passed over, never opened (a FIFO would block the
    thread for ever). Run in a process of its own, so that a block fails the test instead of hanging it."""
    import sys

    os.mkfifo(tmp_path / "pipe.ttf")
    (tmp_path / "folder.ttc").mkdir()
    font_file(tmp_path / "simhei.ttf", (0x0409, "SimHei"), (0x0804, "黑体"))
    code = ("import sys; from pathlib import Path; from host.fonts import windows_families; "
            "print(sorted(windows_families([Path(sys.argv[1])], lambda: [])))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60,
                          cwd=Path(fonts.__file__).parent.parent)
    assert done.stdout.strip() == "['SimHei', '黑体']", done.stderr


def test_an_fc_list_that_prints_without_end_is_cannot_tell_and_read_only_so_far(tmp_path, monkeypatch):
    """fontconfig's list is read up to a bound (a PC with ten thousand fonts lists about a megabyte): a
    broken fc-list printing more is stopped and nothing is known, instead of its output filling the
    memory of the window's preload thread; what it prints within the bound is read as before."""
    program = tmp_path / "fc-list"
    program.write_text("#!/bin/sh\nhead -c 40000000 /dev/zero | tr '\\0' 'x'\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    assert fc_list_families() is None
    program.write_text("#!/bin/sh\nprintf '仿宋,FangSong:style=Regular\\nDejaVu Sans\\n'\n", encoding="utf-8")
    assert fc_list_families() == {"仿宋", "FangSong", "DejaVu Sans"}


def test_a_look_alike_counts_whatever_the_case_the_name_is_typed_in():
    """Font names are compared without case (Word and WPS do): a name typed in 设置 as “times new roman”
    is the Times New Roman that Liberation Serif stands for."""
    linux = InstalledFonts({"Liberation Serif"})
    assert linux.has("Times New Roman") is True and linux.has("times new roman") is True
    assert linux.has("Times") is False
