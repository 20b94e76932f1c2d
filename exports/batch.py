"""批量检查: many units' reports — drafts, Word files, web pages, PDFs, workbooks, loose or in folders —
each read by `exports.report_reader.read_report` and checked with every rule, one `UnitResult` per file.

An office holding thousands of files must not hold thousands of reports: `check_files` yields each
unit's result (small: its figures are gone, its findings are words) as soon as it is known, in the order
of the files, and the caller streams it on (to the terminal, JSON, the Excel result). A draft costs about
a millisecond to read and check, so drafts are checked in this process; a Word file, a PDF or a web page
costs a hundred times more, so those go to a pool of processes (started only when the first such file
comes), a bounded window of them in flight at a time.

With last year's folder each unit is paired with last year's report of the same organ (`organ_key`:
full-width and half-width, spaces and quotes do not matter), read again in the worker that checks it
— the index keeps only the organ and the file's name, never the report.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from forms.definition import Severity
from forms.labels import normalise
from forms.report import Report
from forms.rules import Finding, check
from host.log import format_fault

from .report_reader import _SUFFIXES, FileKind
from .xlsx_reader import WorkbookError

FIRST_MESSAGES = 3                  # how many findings a unit's row quotes
READ_RULE = "读取"                  # the rule named for what the reader could not place
_IN_FLIGHT_PER_WORKER = 4           # files handed to the pool ahead of the one awaited


@dataclass(frozen=True)
class UnitFinding:
    """One finding of one unit, in words: ready for a terminal, JSON or a sheet."""
    rule: str
    severity: Severity
    place: str                      # the cells or the part it concerns, as the printed report names them
    message: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity.value, "severity_label": self.severity.label,
                "place": self.place, "message": self.message}


@dataclass(frozen=True)
class UnitResult:
    """A file that was read and checked (`error` empty), or one that could not be read (`error` says why)."""
    file: str
    organ: str = ""
    form: str = ""                  # the format's short name: “2021年版格式”
    form_id: str = ""
    year: int | None = None
    findings: tuple[UnitFinding, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    last_file: str | None = None    # last year's report it was checked against
    last_note: str = ""             # why none was (with --last-folder only)
    error: str = ""
    fault: str = ""                 # the traceback of a program error met on this file (for the error log)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR and f.rule != READ_RULE)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING and f.rule != READ_RULE)

    @property
    def unplaced(self) -> int:
        """What the reader could not place (a Word file's row it could not match): the checks may miss it."""
        return sum(1 for f in self.findings if f.rule == READ_RULE)

    @property
    def unit(self) -> str:
        """How a sheet names the unit: its organ, else its file."""
        return self.organ or Path(self.file).name

    def first_messages(self, count: int = FIRST_MESSAGES) -> list[str]:
        checked = [f for f in self.findings if f.rule != READ_RULE]
        return [f"【{f.severity.label}】{f.rule} {f.message}" for f in checked[:count]]

    def to_json(self) -> dict:
        if self.error:
            return {"file": self.file, "error": self.error}
        return {"file": self.file, "organ": self.organ, "form": self.form_id, "form_name": self.form,
                "year": self.year, "errors": self.errors, "warnings": self.warnings, "unplaced": self.unplaced,
                "last_file": self.last_file, "last_note": self.last_note,
                "skipped": [{"rule": rule, "reason": why} for rule, why in self.skipped]}


@dataclass
class Files:
    """The files to check, found in what the clerk named; what a folder held that is no report."""
    reports: list[Path] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)
    missing: list[UnitResult] = field(default_factory=list)


def organ_key(organ: str) -> str:
    """An organ's name as pairing compares it: 临河县教育局 and “临河县 教育局” (full-width, spaced) alike."""
    return normalise(organ).lower()


def is_report_name(path: Path) -> bool:
    """A file a folder's listing takes as a report: by its name (Word's owner files ~$… and hidden files
    are not)."""
    return path.suffix.lower() in _SUFFIXES and not path.name.startswith(("~$", "."))


def folder_files(folder: Path, skip: Collection[Path] = ()) -> Iterator[Path]:
    """Every file under `folder` in a stable order — a folder's own files by name, then its subfolders'
    — never inside hidden folders (.git, .备份) nor the files in `skip` (resolved paths): the one walk of
    a folder of units' reports, for 批量检查 and 汇总; one folder's names at a time in memory."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.resolve() not in skip:
                yield path


IGNORED_WHY = "不是报告文件（不是Word、网页、PDF、Excel或草稿文件），没有检查"


def gather(paths: Iterable[str | Path], leave_out: str | Path | None = None) -> Files:
    """Every report file in `paths`: a file named is always read (a wrong one is told why); a folder is
    walked in name order, its files of a report's kind taken and the others (说明.txt, a cover letter's
    picture) left aside and listed — a folder collected from units holds such files, and they are no
    unit's report to fail. `leave_out`: the result file being written (a rerun finds it in the folder)."""
    found = Files()
    skip = {Path(leave_out).resolve()} if leave_out else set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for inner in folder_files(path, skip):
                (found.reports if is_report_name(inner) else found.ignored).append(inner)
        elif path.exists() or path.is_symlink():
            found.reports.append(path)
        else:
            found.missing.append(UnitResult(str(path), error=f"找不到“{path}”：请检查文件或文件夹的名称和位置。"))
    return found


def _place(report: Report, finding: Finding) -> str:
    if finding.cells:
        return "、".join(report.form.place(c) for c in finding.cells[:3]) + ("等" if len(finding.cells) > 3 else "")
    section = report.form.section_by_key.get(finding.section or "")
    return section.heading if section else ""


def _read(path: Path) -> tuple[Report, list[str]]:
    from .report_reader import read_report

    result = read_report(path)
    return result.report, result.problems


PROGRAM_ERROR = "检查这个文件时程序出错，没有检查完（其余文件照常检查）。"


def check_one(path: Path, last: LastYear | None = None) -> UnitResult:
    """One unit's file read and checked — with its own last-year report when `last` has one for its
    organ; never raises for a file that cannot be read: the result says why. A program error on one
    file (a reader's bug met by one unit's odd file) is that unit's result, its traceback in `fault`:
    a province's thousands of files are not stopped by one."""
    try:
        return _check_one(path, last)
    except Exception as exc:  # noqa: BLE001 - ours, not the file's: told as this unit's, logged by the caller
        # formatted here, in the reading process, where the unit's report is held (host.log)
        return UnitResult(str(path), error=PROGRAM_ERROR, fault=format_fault(exc))


def _check_one(path: Path, last: LastYear | None) -> UnitResult:
    try:
        report, problems = _read(path)
    except WorkbookError as exc:
        return UnitResult(str(path), error=str(exc))
    last_path, last_note = last.pair(report.organ) if last is not None else (None, "")
    last_report = None
    if last_path is not None:
        try:
            last_report = _read(last_path)[0]
        except WorkbookError as exc:
            last_note = f"上年报告“{last_path.name}”无法读取：{exc}"
            last_path = None
    result = check(report, last_report)
    findings = [UnitFinding(READ_RULE, Severity.WARNING, "", text) for text in problems]
    findings += [UnitFinding(f.rule, f.severity, _place(report, f), f.message) for f in result.findings]
    return UnitResult(str(path), report.organ, report.form.short_name, report.form.id, report.year,
                      tuple(findings), tuple(result.skipped), str(last_path) if last_path else None, last_note)


_WORKER_LAST: LastYear | None = None     # last year's index in a pool's process (set once, by _Pool)


def _set_last(last: LastYear | None) -> None:
    global _WORKER_LAST     # noqa: PLW0603 - a pool's initializer: the index travels once per process
    _WORKER_LAST = last


def _check_pooled(path: Path) -> UnitResult:
    return check_one(path, _WORKER_LAST)


def _organ_of(path: Path, last: LastYear | None = None) -> tuple[Path, str | None]:
    try:
        return path, _read(path)[0].organ
    except Exception:  # noqa: BLE001 - a file of last year's that cannot be read is listed, never fatal
        return path, None


class LastYear:
    """Last year's folder as an index: organ → its file (the report itself is read again when paired)."""

    def __init__(self, folder: str | Path, workers: int | None = None) -> None:
        self.folder = Path(folder)
        self.files: dict[str, list[Path]] = {}
        self.unreadable: list[Path] = []
        files = gather([self.folder]).reports
        for path, organ in _map_in_order(_organ_of, files, workers):
            if organ is None:
                self.unreadable.append(path)
            elif organ:
                self.files.setdefault(organ_key(organ), []).append(path)

    def pair(self, organ: str) -> tuple[Path | None, str]:
        """Last year's file of `organ`, or why there is none."""
        if not organ:
            return None, "报告中没有机关名称，无法找到它的上年报告。"
        paths = self.files.get(organ_key(organ), [])
        if len(paths) > 1:
            names = "、".join(f"“{p.name}”" for p in paths)
            return None, f"上年文件夹中有{len(paths)}份{organ}的报告（{names}），不知用哪一份：请只留一份。"
        if not paths:
            return None, f"上年文件夹中没有{organ}的报告。"
        return paths[0], ""


def _cheap(path: Path) -> bool:
    """A draft is checked here: reading it costs less than handing it to another process."""
    return _SUFFIXES.get(path.suffix.lower()) is FileKind.DRAFT


def _workers(workers: int | None) -> int:
    if workers:
        return workers
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:          # not on every system (Windows, macOS)
        return max(1, os.cpu_count() or 1)


class _Pool:
    """A process pool started on the first file that needs it ('spawn': the same on every system, and
    safe in a process that has threads)."""

    def __init__(self, workers: int | None, last: LastYear | None = None) -> None:
        self.workers = _workers(workers)
        self.last = last
        self.executor: Executor | None = None

    def _start(self, workers: int) -> Executor:
        return ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_set_last,
                                   initargs=(self.last,))

    def submit(self, fn, path: Path) -> Future:
        if self.executor is None:
            self.executor = self._start(self.workers)
        try:
            return self.executor.submit(fn, path)
        except BrokenProcessPool:       # a process died on an earlier file: a new pool for the rest
            self.executor.shutdown(wait=False)
            self.executor = self._start(self.workers)
            return self.executor.submit(fn, path)

    def resolved(self, fn, path: Path, item):
        """The result of `item` (a future of `fn` on `path`, or a result already). A pool whose process
        died fails every file it had in hand: each is tried again alone, in a process of its own, and
        only the file that kills that one too is told so."""
        if not isinstance(item, Future):
            return item
        try:
            return item.result()
        except BrokenProcessPool:
            with self._start(1) as alone:
                try:
                    return alone.submit(_POOLED[fn], path).result()
                except BrokenProcessPool:
                    return _CRASHED[fn](path)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


def _map_in_order(fn, paths: Iterable[Path], workers: int | None, last: LastYear | None = None) -> Iterator:
    """fn(path, last) for each path, in order: drafts here, other files in the pool, a bounded number of
    them ahead of the one awaited (memory stays flat in the number of files)."""
    pool = _Pool(workers, last)
    ahead = pool.workers * _IN_FLIGHT_PER_WORKER
    pending: deque = deque()
    try:
        for path in paths:
            item = fn(path, last) if _cheap(path) else pool.submit(_POOLED[fn], path)
            pending.append((path, item))
            while pending and (len(pending) > ahead or not isinstance(pending[0][1], Future)):
                yield pool.resolved(fn, *pending.popleft())
        while pending:
            yield pool.resolved(fn, *pending.popleft())
    finally:
        pool.close()


# what a pool's process runs for each function, and what a file gives whose process dies twice
_POOLED: dict[Callable[..., Any], Callable[[Path], Any]] = {check_one: _check_pooled, _organ_of: _organ_of}
WORKER_DIED = ("读取这个文件的进程意外退出（文件可能过大或结构异常，也可能是电脑内存不足），没有检查；"
               "其余文件照常检查。请单独检查这个文件，或请报送单位重新导出后再发来。")
_CRASHED: dict[Callable[..., Any], Callable[[Path], Any]] = {
    check_one: lambda path: UnitResult(str(path), error=WORKER_DIED), _organ_of: lambda path: (path, None)}


def check_files(paths: Iterable[Path], last: LastYear | None = None, workers: int | None = None
                ) -> Iterator[UnitResult]:
    """Each file's UnitResult, in order, as soon as it is known (see the module's docstring)."""
    yield from _map_in_order(check_one, paths, workers, last)
