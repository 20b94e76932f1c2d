"""Hostile workbooks (those of tests/exports/test_xlsx_hostile.py): the time each takes to be
answered — refused by the gate, or read when just within its limits — and the memory it adds, slowest
first. Rerun it after changing a limit of exports/xlsx_gate.py: every line should stay under 2 s and
300 MB on the slowest supported machine. Floor, measured in the same run: importing the Excel file of
the gov-2021 sample (a real workbook of four sheets); the slowest hostile workbook is given as a ratio.

    python bench/bench_xlsx_hostile.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exports.xlsx_reader import WorkbookError, read_xlsx
from tests.exports.test_xlsx_hostile import _REFUSED, _WITHIN


def measure(path: Path) -> tuple[float, float, str]:
    """Seconds, MB of peak memory added, and the answer."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        read_xlsx(path)
        answer = "read"
    except WorkbookError as exc:             # refused by the gate, or read and found to hold no table
        answer = "refused" if "不像年度报告" in str(exc) else "read"
    elapsed = time.perf_counter() - started
    return elapsed, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, answer


def _floor(folder: Path) -> float:
    """The median time to import a real workbook: the sample exported by our own writer."""
    from exports.xlsx_writer import write_xlsx
    from forms.samples import load_samples

    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    path = write_xlsx(report, folder / "sample.xlsx")
    return statistics.median(measure(path)[0] for _ in range(5))


def main() -> int:
    makers = {what: make for what, (make, _) in _REFUSED.items()} | _WITHIN
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        measure(_WITHIN["as many rows with attributes as allowed"](Path(folder) / "warm-up.xlsx"))   # imports
        for i, (what, make) in enumerate(makers.items()):
            rows.append((what, *measure(make(Path(folder) / f"{i}.xlsx"))))
        floor = _floor(Path(folder))
    for what, seconds, grown, answer in sorted(rows, key=lambda row: -row[1]):
        print(f"{seconds:6.2f} s  {grown:6.0f} MB  {answer:10}  {what}")
    slowest = max(seconds for _, seconds, _, _ in rows)
    print(f"floor (importing the gov-2021 sample's own workbook): {floor:.2f} s; "
          f"slowest hostile workbook: {slowest / floor:.1f}x the floor")
    print(f"peak memory of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    return 0 if all(seconds < 2 and grown < 300 for _, seconds, grown, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
