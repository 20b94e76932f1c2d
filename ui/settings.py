"""What the program keeps between runs, and where: recent files, the other place last exported to
(导出到其他位置…: a USB stick, offered first next time),
which of last year's drafts goes with which draft (for the cross-year checks), the window's
size and place, and what 设置 sets: the Word file's font for each role, the folder for reports, the
missing fonts the clerk chose to export with anyway.

Everything lives in one JSON file in the user data folder (platformdirs), written atomically.
`NIANBAO_DATA_DIR` points it elsewhere (tests, a portable copy on a USB stick).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from forms.atomic import SaveError, atomic_write
from host.paths import data_dir

if TYPE_CHECKING:
    from exports.font_roles import FontRole
    from exports.typesetting import Typesetting

MAX_RECENT = 8


MAX_BYTES = 1024 * 1024       # the settings are a few kilobytes: anything larger is not ours
MAX_PAIRS = 1000              # drafts remembered with their last year's draft
MAX_KEPT_FONTS = 50           # missing fonts not asked about again (a document names seven)


def _read(path: Path, tidy: bool = True) -> dict:
    """The settings file's contents; an unusable file is moved aside (the defaults are used) —
    unless not `tidy` (the command line only reads: the file is the window's to set aside)."""
    if not path.exists():
        return {}
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise ValueError("not a regular file of settings")
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    except (OSError, ValueError, RecursionError):
        if not tidy:
            return {}
        from .recovery import set_aside

        print("年报通：设置文件无法读取，已改用默认设置。", file=sys.stderr)
        set_aside(path)
        return {}


def _clean(data: dict) -> dict:
    """Only what the program wrote, of the types it wrote (anything else dropped)."""
    clean: dict = {}
    recent = data.get("recent")
    if isinstance(recent, list):
        clean["recent"] = [p for p in recent if isinstance(p, str) and p][:MAX_RECENT]
    if isinstance(data.get("export_folder"), str):
        clean["export_folder"] = data["export_folder"]
    pairs = data.get("last_year")
    if isinstance(pairs, dict):
        clean["last_year"] = {k: v for k, v in list(pairs.items())[-MAX_PAIRS:]
                              if isinstance(k, str) and isinstance(v, str)}
    window = _window(data.get("window"))
    if window is not None:
        clean["window"] = window
    clean.update(_typesetting_settings(data))
    return clean


def _typesetting_settings(data: dict) -> dict:
    """The 设置 dialog's part: a font name per role (only roles we know, names we could have written),
    the folder for reports, the missing fonts the clerk chose to keep."""
    from exports.font_roles import FontRole, clean_font_name

    clean: dict = {}
    fonts = data.get("fonts")
    if isinstance(fonts, dict):
        kept = {role.value: name for role in FontRole if (name := clean_font_name(fonts.get(role.value)))}
        if kept:
            clean["fonts"] = kept
    folder = data.get("reports_folder")
    if isinstance(folder, str) and folder:
        clean["reports_folder"] = folder
    missing = data.get("kept_missing_fonts")
    if isinstance(missing, list):
        names = [name for name in map(clean_font_name, missing) if name]
        if names:
            clean["kept_missing_fonts"] = names[:MAX_KEPT_FONTS]
    return clean


def usable_folder(value: object) -> Path | None:
    """A folder the settings name, as the program could have written it: a full path (a relative one
    would depend on the folder the program was started from) of text the one text rule leaves as it is
    (forms.text.clean_text: a NUL or half a character names no folder, and a NUL stopped the first
    save); None for anything else, so that the default is used."""
    from forms.text import clean_text

    if not isinstance(value, str) or not value.strip() or clean_text(value, multiline=False) != value:
        return None
    path = Path(value)
    return path if path.is_absolute() else None


def saved_typesetting(folder: Path | None = None) -> Typesetting:
    """The Word file's typesetting as 设置 left it, read without changing anything (the command line's
    export and merge: no Qt, and a file the window has to set aside is left to it)."""
    from exports.font_roles import typesetting_for

    data = _clean(_read((folder or data_dir()) / "settings.json", tidy=False))
    return typesetting_for(data.get("fonts", {}))


def _window(value: object) -> dict | None:
    """The window's kept place, when it is one: whole numbers (a size of at least 1) and a flag."""
    if not isinstance(value, dict):
        return None
    numbers = [n for n in (value.get(key) for key in ("x", "y", "width", "height"))
               if isinstance(n, int) and not isinstance(n, bool) and abs(n) < 100_000]
    if len(numbers) != 4 or min(numbers[2:]) < 1:
        return None
    return {"x": numbers[0], "y": numbers[1], "width": numbers[2], "height": numbers[3],
            "maximized": value.get("maximized") is True}


class Settings:
    def __init__(self, folder: Path | None = None):
        from .recovery import clean_temporary

        self.path = (folder or data_dir()) / "settings.json"
        clean_temporary(self.path.parent)        # what a killed write of the settings left
        self._data = _clean(_read(self.path))

    def _save(self) -> None:
        try:
            atomic_write(self.path, json.dumps(self._data, ensure_ascii=False, indent=2).encode("utf-8"))
        except SaveError as exc:
            # Settings are a convenience: losing them must never interrupt the clerk's work.
            print(f"年报通：无法保存设置：{exc}", file=sys.stderr)

    # --- recent files --------------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        return [Path(p) for p in self._data.get("recent", []) if isinstance(p, str)]

    def add_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        recent = [p for p in self._data.get("recent", []) if p != text]
        self._data["recent"] = [text] + recent[: MAX_RECENT - 1]
        self._save()

    def remove_recent(self, path: Path) -> None:
        text = str(Path(path).resolve())
        self._data["recent"] = [p for p in self._data.get("recent", []) if p != text]
        self._save()

    # --- folders ---------------------------------------------------------------------------------

    def _folder(self, key: str) -> Path | None:
        return usable_folder(self._data.get(key))

    def _set_folder(self, key: str, folder: Path | None) -> None:
        if folder is None:
            self._data.pop(key, None)
        else:
            self._data[key] = str(folder)
        self._save()

    @property
    def export_folder(self) -> Path | None:
        return self._folder("export_folder")

    @export_folder.setter
    def export_folder(self, folder: Path) -> None:
        self._set_folder("export_folder", folder)

    # --- 设置: the Word file's fonts, the folder for reports ------------------------------------------

    def fonts(self) -> dict[FontRole, str]:
        """The font of each role: the one chosen in 设置, else the official one."""
        from exports.font_roles import fonts_of

        return fonts_of(self.typesetting())

    def typesetting(self) -> Typesetting:
        """What every Word export from the window is typeset with."""
        from exports.font_roles import typesetting_for

        return typesetting_for(self._data.get("fonts", {}))

    def set_fonts(self, fonts: Mapping[FontRole, str]) -> None:
        """Set the fonts of the roles in `fonts`; an official font is not stored (the default stays
        the program's, should a later version change it)."""
        from exports.font_roles import clean_font_name

        kept = dict(self._data.get("fonts", {}))
        for role, name in fonts.items():
            cleaned = clean_font_name(name)
            if cleaned is None or cleaned == role.default:
                kept.pop(role.value, None)
            else:
                kept[role.value] = cleaned
        if kept:
            self._data["fonts"] = kept
        else:
            self._data.pop("fonts", None)
        self._save()

    def kept_missing(self) -> set[str]:
        """Fonts this PC lacks that the clerk chose to export with anyway, not to be asked about again."""
        return set(self._data.get("kept_missing_fonts", []))

    def keep_missing(self, names: Iterable[str]) -> None:
        self._data["kept_missing_fonts"] = sorted(self.kept_missing() | set(names))
        self._save()

    def forget_kept_missing(self) -> None:
        """Ask about every missing font again (设置's 恢复提醒)."""
        self._data.pop("kept_missing_fonts", None)
        self._save()

    @property
    def reports_folder(self) -> Path | None:
        """The folder in which each year's folder of reports is made (文档/年报通 when not set)."""
        return self._folder("reports_folder")

    @reports_folder.setter
    def reports_folder(self, folder: Path | None) -> None:
        self._set_folder("reports_folder", folder)

    # --- the window's size and place ------------------------------------------------------------------

    def window_geometry(self) -> tuple[tuple[int, int, int, int], bool] | None:
        """The window's (x, y, width, height) without its frame and whether it was maximized, as it
        was when last closed; None the first time."""
        window = self._data.get("window")
        if window is None:
            return None
        return (window["x"], window["y"], window["width"], window["height"]), window["maximized"]

    def set_window_geometry(self, rect: tuple[int, int, int, int], maximized: bool) -> None:
        x, y, width, height = rect
        self._data["window"] = {"x": x, "y": y, "width": width, "height": height, "maximized": maximized}
        self._save()

    # --- last year's draft for a draft -------------------------------------------------------------

    def last_year_for(self, draft: Path) -> Path | None:
        path = self._data.get("last_year", {}).get(str(Path(draft).resolve()))
        return Path(path) if isinstance(path, str) else None

    def set_last_year_for(self, draft: Path, last: Path | None) -> None:
        pairs = self._data.setdefault("last_year", {})
        key = str(Path(draft).resolve())
        if last is None:
            pairs.pop(key, None)
        else:
            pairs[key] = str(Path(last).resolve())
        self._save()
