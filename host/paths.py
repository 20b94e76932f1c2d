"""Where the program keeps its own files, named in one place: the data folder (settings, the
recovery files) and the log folder (the fault log). Each can be moved by an environment variable
(`NIANBAO_DATA_DIR`, `NIANBAO_LOG_DIR`: tests, a portable copy on a USB stick); a folder that cannot be
made or written is replaced by one in the system's temporary folder, so that the program still starts.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP = "nianbao"


def data_dir() -> Path:
    """The program's own folder (created on first use): settings and the recovery files. What is
    kept in a stand-in folder may be lost at the next restart."""
    return _usable(_chosen("NIANBAO_DATA_DIR", user_data_dir(APP, appauthor=False)), "程序文件夹", "")


def log_dir() -> Path:
    """The folder of the fault log (created on first use): the user's log folder (on Windows
    %LOCALAPPDATA%\\nianbao\\Logs, on Linux ~/.local/state/nianbao/log), apart from the data folder so
    that what a clerk sends to support holds no report."""
    return _usable(_chosen("NIANBAO_LOG_DIR", user_log_dir(APP, appauthor=False)), "日志文件夹", "-log")


def _chosen(variable: str, default: str) -> Path:
    """The folder the environment names (in full: a relative one is taken from the current folder, as
    the clerk's shell meant it), else the system's place for it."""
    return Path(os.environ.get(variable) or default).absolute()


# The stand-in made this run for each folder that could not be used: made once, said once.
_STAND_INS: dict[Path, Path] = {}


def _usable(folder: Path, what: str, suffix: str) -> Path:
    """`folder`, made if needed, when it is a folder this user can write in; else a private folder in
    the system's temporary folder, made once a run under a name nobody could take beforehand (said
    once on standard error: there is no window yet); `folder` itself when even that cannot be made
    (each write then says why, where it happens)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return folder
    except OSError:
        pass
    if folder not in _STAND_INS:
        try:
            stand_in = Path(tempfile.mkdtemp(prefix=f"{APP}-", suffix=suffix))      # private (0700)
        except OSError:
            return folder
        print(f"年报通：{what}“{folder}”无法使用，本次改用“{stand_in}”。", file=sys.stderr)
        _STAND_INS[folder] = stand_in
    return _STAND_INS[folder]
