"""The units' files of a 汇总 (or of any verb that takes many reports): the files and folders given,
folders walked for report files in a stable order, each file read by `exports.report_reader`.

A folder is walked into its subfolders, sorted by name (a folder's own files before its subfolders'),
never into hidden folders; what is no report by its name (exports.batch.is_report_name: hidden
files, Office's owner files ~$报告.docx, 说明.txt) and the files the verb writes are left out. A file
named outright is read whatever its name (its reader judges it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .batch import folder_files, is_report_name
from .report_reader import read_report
from .xlsx_gate import WorkbookError
from .xlsx_reader import ImportResult


@dataclass(frozen=True)
class Found:
    """A file to read (`path`), or why an input gives none (`problem`); `name` as messages and the units
    sheet show it: a file named outright as it was named, a file found in a folder by its path inside
    that folder (乡镇/木鱼镇.docx — the folder's own path, the same for every unit, would only crowd it)."""

    name: str
    path: Path | None = None
    problem: str = ""


def report_files(inputs: Sequence[str], leave_out: Iterable[str | Path] = ()) -> Iterator[Found]:
    """Every report file of `inputs` (files and folders), in order; one at a time, so that a folder of
    thousands of files is never listed whole in memory beyond one folder's names."""
    skip = {Path(p).resolve() for p in leave_out}
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found_any = False
            for found in _walk(path, skip):
                found_any = True
                yield found
            if not found_any:
                yield Found(given, problem=f"文件夹“{given}”中没有报告文件（Word、网页、PDF、Excel或草稿文件）。")
        elif path.exists():
            if path.resolve() not in skip:
                yield Found(given, path)
        else:
            yield Found(given, problem=f"找不到“{given}”。请检查文件名或文件夹名是否写对。")


def _walk(folder: Path, skip: set[Path]) -> Iterator[Found]:
    for path in folder_files(folder, skip):
        if is_report_name(path):
            yield Found(path.relative_to(folder).as_posix(), path)


def read_unit(found: Found) -> ImportResult | str:
    """The report in a found file, or why it cannot be read (naming the file)."""
    if found.path is None:
        return found.problem
    try:
        return read_report(found.path)
    except WorkbookError as exc:
        return f"无法读取“{found.name}”：{exc}"
