"""Full check of the gov-2021 sample (all rules, all cells), as the wizard runs it on every keystroke.

Prints the median next to a floor measured in the same run — reading every cell of the report once,
the least any full check must do — and the ratio. Target: median under 2 ms.

    python bench/bench_check.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms.expr import Cell
from forms.rules import check
from forms.samples import load_samples

TARGET_MS = 2.0


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    last = report.copy()
    cells = report.form.all_cells()
    edited = Cell("t3", "granted", "natural")

    def floor():
        for cell in cells:
            report.values.get(cell)

    def full_check():
        # an edit first, so computed cells are derived again as after a keystroke
        report.set(edited, report.value(edited))
        return check(report, last)

    for fn in (floor, full_check):
        median_ms(fn, 50)                                  # warm up
    floor_ms = median_ms(floor, 500)
    check_ms = median_ms(full_check, 500)
    print(f"full check of gov-2021 sample ({len(cells)} cells, {len(report.form.compares)} comparisons, "
          f"with last year): median {check_ms:.3f} ms")
    print(f"floor (read every cell once): median {floor_ms:.3f} ms")
    print(f"ratio: {check_ms / floor_ms:.1f}x   target: under {TARGET_MS} ms -> "
          f"{'OK' if check_ms < TARGET_MS else 'TOO SLOW'}")
    return 0 if check_ms < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
