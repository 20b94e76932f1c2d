"""What the program keeps between runs, and where: recent files, the folder last exported to, and
which of last year's drafts goes with which draft (for the cross-year checks).

Everything lives in one JSON file in the user data folder (platformdirs), written atomically.
`NIANBAO_DATA_DIR` points it elsewhere (tests, a portable copy on a USB stick).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from forms.atomic import SaveError, atomic_write

MAX_RECENT = 8


def data_dir() -> Path:
    """The program's own folder (created on first use)."""
    folder = Path(os.environ.get("NIANBAO_DATA_DIR") or user_data_dir("nianbao", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Settings:
    def __init__(self, folder: Path | None = None):
        self.path = (folder or data_dir()) / "settings.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self._data = data if isinstance(data, dict) else {}

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

    @property
    def export_folder(self) -> Path | None:
        folder = self._data.get("export_folder")
        return Path(folder) if isinstance(folder, str) else None

    @export_folder.setter
    def export_folder(self, folder: Path) -> None:
        self._data["export_folder"] = str(folder)
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
