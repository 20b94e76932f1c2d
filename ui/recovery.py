"""Nothing lost after a crash: every change is written to a recovery file in the user data folder —
typing a second after the last keystroke, anything larger (a paste, 将空白单元格填为0, a fix, an
import, a new report) at once; a clean close or a save removes it; the next start offers what is left.
Writing the file takes a few milliseconds, so the delay only spares the disk, not the clerk.

A recovery file holds the whole report (as a draft) plus where it came from, so a restored report
saves back to its own draft file and keeps its cross-year checks; the page the clerk was on, so the
restored report opens there; and what was typed into a cell but not yet entered (no Enter, no arrow):
a figure goes into the report it holds, a text that is no figure is listed with why, so that the
clerk is told which cell to fill again. Typing into a cell starts the timer as any change does.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from forms.atomic import SaveError, atomic_write, write_problem

if TYPE_CHECKING:
    from forms.expr import Cell
    from forms.report import Report

    from .document import Changes, ReportDocument

TAG = "nianbao.recovery"
DELAY_MS = 1000          # after the last change
MAX_WAIT_MS = 5000       # while changes keep coming
RETRY_MS = 10_000        # after a failed write, when nothing changes meanwhile


class Where(Protocol):
    """What the window can say beyond the report: the page shown and the cells still being typed in
    (`ui.workspace.Workspace`)."""

    def current_key(self) -> str | None: ...

    def typed_entries(self) -> list[tuple[Cell, str]]: ...


class Typed(NamedTuple):
    """A cell typed into without Enter when the recovery file was written: `why` it could not be
    kept (the entry's refusal), None when its figure is in the report."""

    place: str
    text: str
    why: str | None = None

    def told(self) -> str:
        """The cell, the text and (when it was not kept) why, in one line for the clerk."""
        said = f"{self.place}：“{self.text}”"
        return said if self.why is None else f"{said}——{self.why.removeprefix(self.place + '：')}"


class Recovered:
    """A recovery file that was left behind, read."""

    def __init__(self, file: Path, saved_at: datetime, report: Report, draft_path: Path | None,
                 last_path: Path | None, page: str | None = None, typed: list[Typed] | None = None):
        self.file, self.saved_at, self.report = file, saved_at, report
        self.draft_path, self.last_path = draft_path, last_path
        self.page = page                    # the key of the page the clerk was on
        self.typed = typed or []

    @property
    def kept(self) -> list[Typed]:
        return [t for t in self.typed if t.why is None]

    @property
    def lost(self) -> list[Typed]:
        return [t for t in self.typed if t.why is not None]

    def describe(self) -> str:
        where = f"草稿文件“{self.draft_path}”" if self.draft_path else "还没有保存过的新报告"
        return f"{self.saved_at:%Y年%m月%d日 %H:%M} 自动保存的《{self.report.title}》（{where}）"


MAX_FILE_BYTES = 50 * 1024 * 1024     # a recovery file is a draft and a few lines: far less than this
TMP_AGE_S = 60                        # a temporary file older than this was left by a killed write


def recovery_folder(data_dir: Path) -> Path:
    """The folder of recovery files, readable by the user alone (made when missing; when it
    cannot be, the writes say so)."""
    folder = data_dir / "recovery"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    except OSError:
        pass
    return folder


def set_aside(path: Path) -> Path | None:
    """Move a file that cannot be read out of the way (`name.bad-YYYYMMDD-HHMMSS`), kept for
    technical support; returns its new name (None when it could not be moved)."""
    target = path.with_name(f"{path.name}.bad-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        path.rename(target)
    except OSError:
        return None
    print(f"年报通：“{path}”无法读取，已改名为“{target.name}”。", file=sys.stderr)
    return target


def clean_temporary(folder: Path) -> None:
    """Remove what a write killed half-way left (`.name.XXXXXXXX.tmp` from forms.atomic)."""
    now = time.time()
    for tmp in folder.glob(".*.tmp"):
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime > TMP_AGE_S:
                tmp.unlink()
        except OSError:
            pass


def _path_or_none(value: object) -> Path | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise TypeError("a path is text")
    return Path(value)


def _typed(value: object) -> list[Typed]:
    """The cells typed in without Enter, as the file lists them (none in files of older versions)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError("typed is a list")
    typed = []
    for item in value:
        if not isinstance(item, dict):
            raise TypeError("a typed entry is an object")
        place, text, why = item.get("place"), item.get("text"), item.get("why")
        if not isinstance(place, str) or not isinstance(text, str) or not isinstance(why, (str, type(None))):
            raise TypeError("a typed entry of the wrong type")
        typed.append(Typed(place, text, why))
    return typed


def with_typed(report: Report, entries: list[tuple[Cell, str]]) -> tuple[Report, list[Typed]]:
    """The report as it would be if what is still being typed were entered (a copy, when there is
    any), and each entry that would change a cell: kept, or with why it cannot be."""
    from forms.numbers import EntryError
    from forms.report import CellError

    typed: list[Typed] = []
    if not any(text.strip() for _, text in entries):       # an emptied cell is no figure to keep
        return report, typed
    copy = report.copy()
    for cell, text in entries:
        if not text.strip():
            continue
        before = copy.value(cell)
        try:
            copy.enter(cell, text)
        except (EntryError, CellError) as exc:
            typed.append(Typed(report.form.place(cell), text, str(exc)))
            continue
        if copy.value(cell) != before:
            typed.append(Typed(report.form.place(cell), text))
    return copy, typed


def _read(path: Path) -> Recovered | None:
    """One recovery file; None when it is not ours. Raises when it is damaged."""
    from forms.draft import parse_draft

    if not path.is_file():
        raise ValueError("not a regular file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError("too large")
    doc = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or doc.get("format") != TAG:
        return None
    if not isinstance(doc.get("report"), dict) or not isinstance(doc.get("saved_at"), str):
        raise TypeError("report or saved_at of the wrong type")
    saved_at = datetime.fromisoformat(doc["saved_at"])
    if saved_at.tzinfo is not None:           # written elsewhere with a time zone: the local time of it
        saved_at = saved_at.astimezone().replace(tzinfo=None)
    report = parse_draft(json.dumps(doc["report"], ensure_ascii=False))
    page = doc.get("page")
    if not isinstance(page, (str, type(None))):
        raise TypeError("page is text")
    return Recovered(path, saved_at, report, _path_or_none(doc.get("draft_path")),
                     _path_or_none(doc.get("last_path")), page, _typed(doc.get("typed")))


def scan(data_dir: Path) -> tuple[list[Recovered], list[Path]]:
    """Recovery files left by a run that did not close cleanly, newest first; and the damaged
    ones, moved aside (their new names)."""
    folder = recovery_folder(data_dir)
    clean_temporary(folder)
    try:
        files = sorted(folder.glob("*.json"))
    except OSError:
        return [], []
    if not files:           # the usual start: the draft machinery is not imported (start-up time)
        return [], []
    from forms.draft import DraftError  # only when there is something to read

    found: list[Recovered] = []
    bad: list[Path] = []
    for path in files:
        try:
            recovered = _read(path)
        except (OSError, ValueError, KeyError, TypeError, RecursionError, DraftError):
            print(f"年报通：恢复文件 {path.name} 无法读取。", file=sys.stderr)
            moved = set_aside(path)
            if moved is not None:
                bad.append(moved)
            continue
        if recovered is not None:
            found.append(recovered)
    return sorted(found, key=lambda r: r.saved_at, reverse=True), bad


def pending(data_dir: Path) -> list[Recovered]:
    """Recovery files left by a run that did not close cleanly, newest first."""
    return scan(data_dir)[0]


def discard(recovered: Recovered) -> None:
    try:
        recovered.file.unlink()
    except OSError:
        pass


class Autosave(QObject):
    """Writes the document to this window's recovery file, debounced. A write that fails (disk
    full, folder gone, no permission) is said at once and tried again on the next change, or after
    RETRY_MS without one, until it succeeds."""

    write_failed = Signal(str, bool)    # why (in plain Chinese), and whether the writes worked until now
    write_recovered = Signal()          # a write succeeded after failing

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        # one file per window: the start time and the process make it unique
        self.path = recovery_folder(data_dir) / f"{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}.json"
        self.document: ReportDocument | None = None
        self.where: Where | None = None
        self.failed: str | None = None     # why the last write failed; None when it succeeded
        self._first_pending: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    def watch(self, document: ReportDocument) -> None:
        """Follow `document` (replacing the one followed before)."""
        if self.document is not None:
            self.document.changed.disconnect(self._document_changed)
        self.document = document
        document.changed.connect(self._document_changed)

    def follow(self, where: Where) -> None:
        """Keep the page shown and the cells being typed in too (read at each write)."""
        self.where = where

    def _document_changed(self, changes: Changes) -> None:
        if changes.large:
            self.write_now()
        elif changes.content:
            self.schedule()

    def schedule(self) -> None:
        now = time.monotonic()
        if self._first_pending is None:
            self._first_pending = now
        if (now - self._first_pending) * 1000 >= MAX_WAIT_MS:
            self.flush()
        else:
            self._timer.start(DELAY_MS)

    @property
    def pending_write(self) -> bool:
        return self._first_pending is not None

    def flush(self) -> None:
        """Write now (when something is waiting to be written)."""
        self._timer.stop()
        if self._first_pending is None or self.document is None:
            return
        self._first_pending = None
        document = self.document
        where = self.where
        report, typed = with_typed(document.report, where.typed_entries() if where is not None else [])
        if not document.is_dirty and not typed:
            self.remove()
            return
        from forms.draft import draft_dict

        doc = {"format": TAG, "version": 1, "saved_at": datetime.now().isoformat(timespec="seconds"),
               "pid": os.getpid(),
               "draft_path": str(document.path) if document.path else None,
               "last_path": str(document.last_path) if document.last_path else None,
               "page": where.current_key() if where is not None else None,
               "typed": [t._asdict() for t in typed],
               "report": draft_dict(report)}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)    # it may have been cleaned away
            # ASCII: a character no UTF-8 file can hold (a lone surrogate) is escaped, not a failure
            atomic_write(self.path, json.dumps(doc, ensure_ascii=True).encode("ascii"))
            os.chmod(self.path, 0o600)          # the whole unsaved report: for the user alone
        except OSError as exc:
            self._failed(self._why(exc))
            return
        if self.failed is not None:
            self.failed = None
            self.write_recovered.emit()

    def _why(self, exc: OSError) -> str:
        """Why the backup was not written, in the clerk's words: the reason and the folder (the
        recovery file's own name means nothing to anyone)."""
        cause = exc.__cause__ if isinstance(exc, SaveError) else exc
        if not isinstance(cause, OSError):          # a SaveError that says it all itself
            return str(exc)
        return f"{write_problem(cause)}，备份文件夹：{self.path.parent}"

    def _failed(self, why: str) -> None:
        """Still to be written: on the next change (a moment after it), or after RETRY_MS."""
        first = self.failed is None
        self.failed = why
        self._first_pending = time.monotonic()
        self._timer.start(RETRY_MS)
        self.write_failed.emit(why, first)

    def write_now(self) -> None:
        """Write at once (before something risky, or when the draft file could not be written)."""
        if self._first_pending is None:
            self._first_pending = time.monotonic()
        self.flush()

    def remove(self) -> None:
        """The work is safe elsewhere (saved, or the user chose to discard it)."""
        self._timer.stop()
        self._first_pending = None
        try:
            self.path.unlink()
        except OSError:
            pass
