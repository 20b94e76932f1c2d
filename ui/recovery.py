"""Nothing lost after a crash: every change is written to a recovery file in the user data folder —
typing a second after the last keystroke, anything larger (a paste, 将空白单元格填为0, a fix, an
import, a new report) at once; a clean close or a save removes it; the next start offers what is left.
Writing the file takes a few milliseconds, so the delay only spares the disk, not the clerk.

A recovery file holds the whole report (as a draft) plus where it came from, so a restored report
saves back to its own draft file and keeps its cross-year checks.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from forms.atomic import SaveError, atomic_write, write_problem

if TYPE_CHECKING:
    from forms.report import Report

    from .document import Changes, ReportDocument

TAG = "nianbao.recovery"
DELAY_MS = 1000          # after the last change
MAX_WAIT_MS = 5000       # while changes keep coming
RETRY_MS = 10_000        # after a failed write, when nothing changes meanwhile


class Recovered:
    """A recovery file that was left behind, read."""

    def __init__(self, file: Path, saved_at: datetime, report: Report, draft_path: Path | None,
                 last_path: Path | None):
        self.file, self.saved_at, self.report = file, saved_at, report
        self.draft_path, self.last_path = draft_path, last_path

    def describe(self) -> str:
        where = f"草稿文件“{self.draft_path}”" if self.draft_path else "还没有保存过的新报告"
        return f"{self.saved_at:%Y年%m月%d日 %H:%M} 自动保存的《{self.report.title}》（{where}）"


def recovery_folder(data_dir: Path) -> Path:
    """The folder of recovery files (made when missing; when it cannot be, the writes say so)."""
    folder = data_dir / "recovery"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return folder


def pending(data_dir: Path) -> list[Recovered]:
    """Recovery files left by a run that did not close cleanly, newest first."""
    found: list[Recovered] = []
    files = sorted(recovery_folder(data_dir).glob("*.json"))
    if not files:
        return found
    from forms.draft import DraftError, parse_draft  # only when there is something to read

    for path in files:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("format") != TAG:
                continue
            report = parse_draft(json.dumps(doc["report"], ensure_ascii=False))
            saved_at = datetime.fromisoformat(doc["saved_at"])
        except (OSError, ValueError, KeyError, TypeError, DraftError) as exc:
            print(f"年报通：恢复文件 {path.name} 无法读取（{exc}），已跳过。", file=sys.stderr)
            continue
        found.append(Recovered(path, saved_at, report,
                               Path(doc["draft_path"]) if doc.get("draft_path") else None,
                               Path(doc["last_path"]) if doc.get("last_path") else None))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


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
        if not document.is_dirty:
            self.remove()
            return
        from forms.draft import draft_dict

        doc = {"format": TAG, "version": 1, "saved_at": datetime.now().isoformat(timespec="seconds"),
               "pid": os.getpid(),
               "draft_path": str(document.path) if document.path else None,
               "last_path": str(document.last_path) if document.last_path else None,
               "report": draft_dict(document.report)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)     # the folder may have been cleaned away
            # ASCII: a character no UTF-8 file can hold (a lone surrogate) is escaped, not a failure
            atomic_write(self.path, json.dumps(doc, ensure_ascii=True).encode("ascii"))
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
