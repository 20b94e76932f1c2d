"""The program's one fault log: `nianbao.log` in the log folder (host.paths.log_dir), rotated over a
few files of about 1 MB, written only when something goes wrong.

A record says what support needs to find the fault — the program's version, Python, the system and
machine, Qt when it is loaded, whether this is the install bundle, the data and log folders, what the
clerk was doing and the files involved, and the traceback — and never what the report says: the caller
names the report's texts and figures (`private`), which are left out of the exception messages (the
only lines of a traceback that carry data; the file paths are kept as they are). Where no caller has
the report in hand (a verb of the command line, one file of 批量检查 or 汇总), the reports read in this
process are held where they are read (`hold_private`: main.py's draft reader, exports.report_reader)
and left out of every record as well; a fault raised inside a reader (`reads_reports`), before its
report is held, keeps only the ASCII of its messages (names of parts, numbers), not the file's text.
Writing the log never raises: a program error must not become another one.

The full text of a message box too long to show (ui.dialogs) is kept apart, in the data folder,
because it may quote the report.
"""

from __future__ import annotations

import logging
import platform
import re
import sys
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import CodeType
from typing import Any

from .paths import data_dir, log_dir

LOG_NAME = "nianbao.log"
MESSAGES_NAME = "messages.log"      # in the data folder: the full texts of long message boxes
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 4                     # nianbao.log and four older files: at most about 5 MB
UNKNOWN_VERSION = "（版本未知）"
LEFT_OUT = "〔报告内容，未记录〕"
SHARED = 4                           # characters in a row that make a quote of the report
# The reports read last in this process whose words are left out of every record: the unit in hand,
# its last year's report and those just before (a province's thousands stay bounded in memory).
HELD_REPORTS = 16
_HELD: deque[Any] = deque(maxlen=HELD_REPORTS)     # the reports themselves: what they say is worked out
# only when a fault is recorded (for every report a batch reads, that took 0.4 ms)
_READERS: set[CodeType] = set()      # the functions that read a report from a file (reads_reports)
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
# The folder holding pyproject.toml: the source folder, or the bundle's root (PyInstaller puts the
# package at sys._MEIPASS/host), where the packaging copies it when the package's metadata is missing.
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def log_file() -> Path:
    """The current fault log (older ones beside it: nianbao.log.1 …)."""
    return log_dir() / LOG_NAME


def program_version() -> str:
    """The installed package's version, else the one in pyproject.toml (run from the source folder, or
    a bundle that ships it), else 版本未知."""
    from importlib import metadata

    try:
        return metadata.version("nianbao")
    except metadata.PackageNotFoundError:
        pass
    try:
        text = (_SOURCE_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return UNKNOWN_VERSION
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return found.group(1) if found else UNKNOWN_VERSION


def _qt() -> str:
    """PySide6's and Qt's versions when the window has loaded them (never imported here: the command
    line has no Qt, and host/ never imports it)."""
    pyside, core = sys.modules.get("PySide6"), sys.modules.get("PySide6.QtCore")
    if pyside is None or core is None:
        return "未加载"
    return f"PySide6 {getattr(pyside, '__version__', '?')}，Qt {core.qVersion()}"


def environment() -> list[tuple[str, str]]:
    """(label, value) of what a fault's diagnosis needs to know about this program and this PC; also
    what 关于 › 复制信息 gives the clerk to tell support."""
    frozen = "安装包" if getattr(sys, "frozen", False) else "源代码"
    return [("版本", f"年报通 {program_version()}（{frozen}运行）"),
            ("Python", f"{platform.python_version()} {platform.python_implementation()}，{sys.executable}"),
            ("系统", f"{platform.platform()}，{platform.machine()}"),
            ("编码", f"文件名 {sys.getfilesystemencoding()}，区域设置 {_locale()}"),
            ("Qt", _qt()),
            ("数据文件夹", str(data_dir())),
            ("日志文件夹", str(log_dir()))]


def _locale() -> str:
    import locale

    try:
        return str(locale.getlocale()[0] or "未设置")
    except ValueError:
        return "未知"


def record_fault(action: str, error: BaseException | str, files: Iterable[str | Path] = (),
                 private: Iterable[str] = ()) -> Path | None:
    """A record of a program error in the fault log: `action` (the verb or the window's action),
    the `files` it had in hand, this PC, and the traceback (`error`: the exception, or a traceback
    already formatted, as a reading process sends it). Returns the log's path, or None when it could
    not be written (never raises)."""
    try:
        lines = [f"==== {datetime.now():%Y-%m-%d %H:%M:%S} 程序错误：{action}",
                 *(f"文件：{name}" for name in files),
                 *(f"{label}：{value}" for label, value in environment())]
        details = format_fault(error, private)
        return _write(log_file(), "\n".join(lines) + "\n" + details.rstrip("\n") + "\n")
    except Exception:  # noqa: BLE001 - the log of a fault must never be a fault of its own
        return None


def hold_private(report: Any) -> Any:
    """Hold what `report` says (`report_private`) for the rest of the process: every fault recorded
    from now on leaves it out, whoever records it. Called where a report is read; returns `report`."""
    _HELD.append(report)
    return report


def reads_reports(function: Any) -> Any:
    """Mark `function` as one that reads a report from a file (main.py's draft reader,
    exports.report_reader.read_report): a fault raised inside it — a reader's bug met by an odd file —
    may quote the file before any report is held, so its messages keep only their ASCII."""
    _READERS.add(function.__code__)
    return function


def _inside_reader(error: BaseException) -> bool:
    """Whether `error`, or one it was raised from or during, passed through a reader (reads_reports)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = current.__traceback__
        while frames is not None:
            if frames.tb_frame.f_code in _READERS:
                return True
            frames = frames.tb_next
        current = current.__cause__ or current.__context__
    return False


def format_fault(error: BaseException | str, private: Iterable[str] = ()) -> str:
    """The traceback of `error` (or one already formatted, as a reading process sends it) with the
    report's words and figures — `private` and the reports held — left out of its messages."""
    scrub = _scrubber([*private, *(text for held in _HELD for text in report_private(held))])
    if not isinstance(error, str) and _inside_reader(error):
        held = scrub
        scrub = lambda line: _NOT_ASCII.sub(LEFT_OUT, held(line))  # noqa: E731 - as _scrubber's
    if isinstance(error, str):
        # a formatted traceback: the stack's lines are indented, the messages are not
        return "".join(line if line.startswith(" ") or line.startswith("Traceback (") else scrub(line)
                       for line in error.splitlines(keepends=True))
    return _traceback(error, scrub)


def where_told(where: Path | None) -> str:
    """The sentence telling the clerk where the fault's record is and what to do with it."""
    if where is None:
        return "错误记录也无法写出，请把刚才的操作和所用的文件告诉技术支持人员。"
    return f"错误记录在“{where}”，请把这个文件发给技术支持人员。"


def told_fault(action: str, error: BaseException | str, files: Iterable[str | Path | None] = (),
               private: Iterable[str] = ()) -> str:
    """`record_fault`, then the sentence for the clerk (`where_told`): what every fault handler says."""
    return where_told(record_fault(action, error, [f for f in files if f is not None], private))


def record_message(text: str) -> Path | None:
    """The full text of a message box too long to show, appended to messages.log in the data folder
    (it may quote the report, so never in the fault log); its path, or None when it cannot be written."""
    try:
        return _write(data_dir() / MESSAGES_NAME, f"==== {datetime.now():%Y-%m-%d %H:%M:%S} 提示框的全文\n{text}\n")
    except Exception:  # noqa: BLE001 - as record_fault
        return None


def report_private(report: Any) -> list[str]:
    """What a report says (forms.report.Report: the organ, the contact details, the sections' text,
    every figure), for `record_fault(private=…)`."""
    texts = [report.organ, *report.info.values(), *report.sections.values()]
    pieces = [piece for text in texts for piece in re.split(r"[\n。；;，,、：:！？!?（）()“”\"]+", text or "")]
    from forms.numbers import format_value

    # as held (98765.40), as the window shows it (98765.4), as Word and Excel print it (98,765.4)
    figures = {form for values in (report.values, report.stated) for value in values.values() if value is not None
               for form in (str(value), format_value(value), format_value(value, thousands=True))}
    return [*texts, *pieces, *sorted(figures)]


class _Handler(RotatingFileHandler):
    """A rotating file handler that remembers a failed write instead of printing logging's own
    English complaint to standard error."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


def _write(path: Path, text: str) -> Path | None:
    """`text` appended to `path`, rotated; the file opened only for this record (another copy of the
    program may rotate it next, and Windows keeps an open file from being renamed)."""
    handler = _Handler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8",
                       delay=True, errors="backslashreplace")
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        handler.handle(logging.makeLogRecord({"msg": text.rstrip("\n"), "levelno": logging.ERROR,
                                              "levelname": "ERROR", "name": "nianbao"}))
    finally:
        handler.close()
    return None if handler.failed else path


def _scrubber(private: Iterable[str]) -> Any:
    """A function that takes the report's words and figures out of a line of text: every run of
    characters that stands in one of its texts (`SHARED` characters or more in a row: an exception
    message quotes a piece cut anywhere), a whole text of two or three characters, and every figure
    as a whole number (a 12 in 123 is not the figure 12)."""
    texts = {p.strip() for p in private if p and p.strip()}
    figures = sorted((t for t in texts if _is_figure(t)), key=len, reverse=True)
    words = sorted((t for t in texts if not _is_figure(t) and 2 <= len(t) < SHARED), key=len, reverse=True)
    grams = {t[i:i + SHARED] for t in texts if not _is_figure(t) for i in range(len(t) - SHARED + 1)}
    patterns = [re.escape(w) for w in words] + [rf"(?<![\d.]){re.escape(f)}(?![\d])" for f in figures]
    pattern = re.compile("|".join(patterns)) if patterns else None

    def scrub(line: str) -> str:
        hidden = [False] * len(line)
        for i in range(len(line) - SHARED + 1):
            if line[i:i + SHARED] in grams:
                hidden[i:i + SHARED] = [True] * SHARED
        for found in pattern.finditer(line) if pattern else ():
            hidden[found.start():found.end()] = [True] * (found.end() - found.start())
        kept = "".join(LEFT_OUT if h and (i == 0 or not hidden[i - 1]) else "" if h else c
                       for i, (c, h) in enumerate(zip(line, hidden, strict=True)))
        return kept

    return scrub


def _is_figure(text: str) -> bool:
    return bool(re.fullmatch(r"-?\d[\d,]*(\.\d+)?", text))


def _traceback(error: BaseException, scrub: Any) -> str:
    return "".join(_chunks(traceback.TracebackException.from_exception(error), scrub))


def _chunks(exc: traceback.TracebackException, scrub: Any) -> Iterator[str]:
    """traceback.format_exception's text, with the messages (the only lines that carry data) scrubbed."""
    if exc.__cause__ is not None:
        yield from _chunks(exc.__cause__, scrub)
        yield "\nThe above exception was the direct cause of the following exception:\n\n"
    elif exc.__context__ is not None and not exc.__suppress_context__:
        yield from _chunks(exc.__context__, scrub)
        yield "\nDuring handling of the above exception, another exception occurred:\n\n"
    if exc.stack:
        yield "Traceback (most recent call last):\n"
        yield from exc.stack.format()
    yield from (scrub(line) for line in exc.format_exception_only())
