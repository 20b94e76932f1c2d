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
    return _usable(Path(os.environ.get("NIANBAO_DATA_DIR") or user_data_dir(APP, appauthor=False)), "程序文件夹", "")


def log_dir() -> Path:
    """The folder of the fault log (created on first use): the user's log folder (on Windows
    %LOCALAPPDATA%\\nianbao\\Logs, on Linux ~/.local/state/nianbao/log), apart from the data folder so
    that what a clerk sends to support holds no report."""
    return _usable(Path(os.environ.get("NIANBAO_LOG_DIR") or user_log_dir(APP, appauthor=False)), "日志文件夹", "-log")


def _usable(folder: Path, what: str, suffix: str) -> Path:
    """`folder`, made if needed, when it is a folder this user can write in; else a private folder in
    the system's temporary folder (said once on standard error: there is no window yet)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
            return folder
    except OSError:
        pass
    fallback = Path(tempfile.gettempdir()) / f"{APP}-{os.getpid()}{suffix}"
    print(f"年报通：{what}“{folder}”无法使用，本次改用“{fallback}”。", file=sys.stderr)
    fallback.mkdir(mode=0o700, parents=True, exist_ok=True)
    return fallback
