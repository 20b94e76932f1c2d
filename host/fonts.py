"""Which font families this PC has, so that a Word export can say beforehand which of the fonts it
names will be replaced on this PC (and by what).

- Linux, 统信UOS, 银河麒麟: fontconfig's list (`fc-list : family`), every comma-separated name of a
  family (a Chinese font is listed under its Chinese and its English name).
- Windows: the font files in the system and the per-user Fonts folders, by the names in each file's
  own name table (Chinese and English), and the value names under the registry's Fonts keys
  (“仿宋 (TrueType)”, “SimSun & NSimSun (TrueType)”). `winreg` is imported only there.

Chinese and English names of one font are one font (`SAME_FONT`); Liberation Serif counts as Times New
Roman, whose widths it copies exactly (`LOOK_ALIKES`). When the list cannot be had (no fc-list, a
failure, another system), nothing is known: `InstalledFonts.has` answers None and nothing is reported
missing — a false alarm would be worse than silence. The detection runs once per process."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from forms.atomic import ReadError, check_regular_file

# The names of one font, Chinese and English (as Word, WPS, fontconfig and the registry may give them).
# 仿宋 and 仿宋_GB2312 are two fonts (two files), not two names of one.
SAME_FONT: tuple[tuple[str, ...], ...] = (
    ("宋体", "SimSun"),
    ("新宋体", "NSimSun"),
    ("仿宋", "FangSong"),
    ("黑体", "SimHei"),
    ("楷体", "KaiTi"),
    ("仿宋_GB2312", "FangSong_GB2312"),
    ("楷体_GB2312", "KaiTi_GB2312"),
    ("微软雅黑", "Microsoft YaHei"),
    ("华文仿宋", "STFangsong"),
    ("华文中宋", "STZhongsong"),
    ("华文楷体", "STKaiti"),
    ("方正小标宋简体", "FZXiaoBiaoSong-B05S"),
    ("方正小标宋_GBK", "FZXiaoBiaoSong-B05"),
    ("方正仿宋_GBK", "FZFangSong-Z02"),
    ("方正仿宋简体", "FZFangSong-Z02S"),
    ("方正黑体_GBK", "FZHei-B01"),
    ("方正黑体简体", "FZHei-B01S"),
    ("方正楷体_GBK", "FZKai-Z03"),
    ("方正楷体简体", "FZKai-Z03S"),
)
# Another font drawn to exactly the same widths: a page set in it breaks where it would in the named one.
LOOK_ALIKES: dict[str, tuple[str, ...]] = {
    "Times New Roman": ("Liberation Serif",),
}
FC_LIST_TIMEOUT_S = 10
MAX_FC_LIST_BYTES = 16 * 1024 * 1024    # a PC with ten thousand fonts lists about 1 MB
MAX_FONT_FILE = 1024 * 1024 * 1024      # a CJK collection is tens of MB; only its name table is read
# The registry's value names end in the font's technology, and old bitmap fonts in their sizes.
_REGISTRY_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$|\s+\d+(,\d+)*\s*$")
_REGISTRY_STYLE = re.compile(r"\s+(Bold Italic|Bold|Italic|Oblique|Light|Regular|Semibold|Semilight|Black)$")
_FONT_FILES = (".ttf", ".ttc", ".otf", ".otc")
FONTS_KEY = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"


def _key(name: str) -> str:
    return name.strip().casefold()


_NAMES_OF: dict[str, frozenset[str]] = {
    _key(name): frozenset(_key(n) for n in group) for group in SAME_FONT for name in group
}


_LOOK_ALIKES = {_key(name): twins for name, twins in LOOK_ALIKES.items()}


def names_of(name: str) -> frozenset[str]:
    """Every name `name` goes by (compared without case), itself included."""
    return _NAMES_OF.get(_key(name), frozenset({_key(name)}))


class InstalledFonts:
    """The font families found on this PC; `families` None: they could not be found out."""

    def __init__(self, families: Iterable[str] | None):
        self.known = families is not None
        self._keys = frozenset(_key(f) for f in families or ())

    def has(self, name: str) -> bool | None:
        """Whether the font `name` (under any of its names, or a look-alike) is installed; None: cannot tell."""
        if not self.known:
            return None
        if names_of(name) & self._keys:
            return True
        return any(_key(twin) in self._keys for twin in _LOOK_ALIKES.get(_key(name), ()))

    def missing(self, names: Iterable[str]) -> list[str]:
        """The fonts of `names` not installed, each once, in order; none when it cannot be told."""
        return [name for name in dict.fromkeys(names) if self.has(name) is False]


# --- Linux: fontconfig ------------------------------------------------------------------------------

def _split_escaped(text: str, separator: str) -> list[str]:
    """`text` split at the `separator`s not escaped by a backslash (fontconfig writes “\\-”, “\\,” and
    “\\:” inside names); the escapes are kept, for `_unescape`."""
    parts, start, escaped = [], 0, False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name).strip()


def parse_fc_list(text: str) -> set[str]:
    """Family names in `fc-list : family` output: each line's names before any “:style=…”, split at commas."""
    names = {_unescape(name) for line in text.splitlines()
             for name in _split_escaped(_split_escaped(line, ":")[0], ",")}
    return {name for name in names if name}


Runner = Callable[..., "subprocess.CompletedProcess[bytes]"]


def run_bounded(args: list[str], timeout: float = FC_LIST_TIMEOUT_S, **_: object) -> subprocess.CompletedProcess[bytes]:
    """`args` run as subprocess.run would, its output read only up to MAX_FC_LIST_BYTES: a program
    printing more (a broken fc-list) or running past `timeout` is stopped and fails (exit code -9),
    instead of its output filling the memory."""
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    data = bytearray()
    try:
        pipe = process.stdout.fileno() if process.stdout is not None else -1
        while chunk := os.read(pipe, 1 << 16):
            data += chunk
            if len(data) > MAX_FC_LIST_BYTES:
                process.kill()
                break
        process.wait()
    finally:
        timer.cancel()
        if process.stdout is not None:
            process.stdout.close()
    failed = len(data) > MAX_FC_LIST_BYTES or process.returncode is None
    return subprocess.CompletedProcess(args, -9 if failed else process.returncode, bytes(data), b"")


def fc_list_families(run: Runner = run_bounded) -> set[str] | None:
    """fontconfig's family names; None when fc-list is missing, fails or hangs (cannot tell)."""
    try:
        done = run(["fc-list", ":", "family"], capture_output=True, timeout=FC_LIST_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return parse_fc_list(done.stdout.decode("utf-8", errors="replace"))


# --- Windows: the Fonts folders and the registry ------------------------------------------------------

def _name_table(handle, font_offset: int) -> tuple[int, int] | None:
    """(offset, length) of the `name` table of the font whose offset table is at `font_offset`."""
    handle.seek(font_offset + 4)
    (count,) = struct.unpack(">H", handle.read(2))
    handle.seek(font_offset + 12)
    directory = handle.read(16 * count)
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
        if tag == b"name":
            return offset, length
    return None


def _family_names(table: bytes) -> set[str]:
    """Family names (name ids 1 and 16) of a `name` table, in every Windows Unicode language."""
    _, count, strings = struct.unpack(">HHH", table[:6])
    names: set[str] = set()
    for i in range(count):
        platform, encoding, _, name_id, length, offset = struct.unpack(">HHHHHH", table[6 + 12 * i:18 + 12 * i])
        if platform == 3 and encoding in (0, 1, 10) and name_id in (1, 16):
            text = table[strings + offset:strings + offset + length].decode("utf-16-be", errors="ignore")
            if text.strip():
                names.add(text.strip())
    return names


def font_file_families(path: Path) -> set[str]:
    """The family names a TrueType/OpenType file (or collection) gives itself; none for anything else
    (judged by the gate before it is opened: a pipe under a font's name would block for ever)."""
    try:
        check_regular_file(path, MAX_FONT_FILE, "字体文件")
        with open(path, "rb") as handle:
            head = handle.read(16)
            offsets = [0]
            if head[:4] == b"ttcf":
                (count,) = struct.unpack(">I", head[8:12])
                handle.seek(12)
                offsets = list(struct.unpack(f">{min(count, 64)}I", handle.read(4 * min(count, 64))))
            names: set[str] = set()
            for font in offsets:
                table = _name_table(handle, font)
                if table is not None and table[1] < 1024 * 1024:
                    handle.seek(table[0])
                    names |= _family_names(handle.read(table[1]))
            return names
    except (OSError, struct.error, ValueError, ReadError):
        return set()


def registry_families(value_names: Iterable[str]) -> set[str]:
    """Family names in the registry's value names: “SimSun & NSimSun (TrueType)” is SimSun and NSimSun,
    “Arial Bold Italic (TrueType)” is Arial."""
    names: set[str] = set()
    for value in value_names:
        for part in _REGISTRY_SUFFIX.sub("", value).split("&"):
            name = _REGISTRY_STYLE.sub("", part.strip())
            if name:
                names.add(name)
    return names


def windows_font_folders() -> list[Path]:
    """The system's Fonts folder and the one fonts installed without administrator rights go to."""
    folders = [Path(os.environ.get("WINDIR") or r"C:\Windows") / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return folders


def registry_value_names() -> list[str]:
    """The value names under the Fonts key of HKEY_LOCAL_MACHINE and HKEY_CURRENT_USER (Windows only)."""
    names: list[str] = []
    if sys.platform != "win32":
        return names
    import winreg


    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(root, FONTS_KEY) as key:
                count = winreg.QueryInfoKey(key)[1]
                names.extend(winreg.EnumValue(key, i)[0] for i in range(count))
        except OSError:
            continue
    return names


def windows_families(folders: Iterable[Path], read_registry: Callable[[], list[str]]) -> set[str]:
    """The families of the font files in `folders` and of the registry's value names."""
    names: set[str] = set()
    for folder in folders:
        try:
            files = [p for p in folder.iterdir() if p.suffix.lower() in _FONT_FILES]
        except OSError:
            continue
        for path in files:
            names |= font_file_families(path)
    try:
        names |= registry_families(read_registry())
    except OSError:
        pass
    return names


def _detect() -> frozenset[str] | None:
    if sys.platform == "win32":
        return frozenset(windows_families(windows_font_folders(), registry_value_names))
    families = fc_list_families()
    return frozenset(families) if families is not None else None


@lru_cache(maxsize=1)
def installed_fonts() -> InstalledFonts:
    """This PC's fonts, found out once per run (fc-list takes a few tens of milliseconds; the Windows
    folders a little more): fonts installed while the program runs are seen at its next start."""
    return InstalledFonts(_detect())
