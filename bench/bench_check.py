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
from forms.rules import check, similarity
from forms.samples import load_samples

TARGET_MS = 2.0
PROSE_TARGET_MS = 5.0     # a keystroke's check while typing in a long section that repeats last year's


def median_ms(fn, runs: int, warm_up: bool = False) -> float:
    """The median time of `runs` calls of `fn`, in ms; with `warm_up`, after one call not timed."""
    if warm_up:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    last = report.copy()
    last.year = report.year - 1          # the year before: the cross-year checks (R6, R7, P1, P4) run too
    cells = report.form.all_cells()
    edited = Cell("t3", "granted", "natural")

    def floor():
        for cell in cells:
            report.values.get(cell)

    def full_check():
        # an edit first, so computed cells are derived again as after a keystroke
        report.set(edited, report.value(edited))
        return check(report, last)

    overview = report.section_text("overview")
    typed = iter(range(10 ** 9))

    def prose_check():
        # a keystroke in a section still nearly last year's: P4 measures that section afresh
        report.set_section("overview", f"{overview}{next(typed)}")
        return check(report, last)

    for fn in (floor, full_check, prose_check):
        median_ms(fn, 50)                                  # warm up
    floor_ms = median_ms(floor, 500)
    check_ms = median_ms(full_check, 500)
    prose_ms = median_ms(prose_check, 200)
    report.set_section("overview", overview)
    print(f"full check of gov-2021 sample ({len(cells)} cells, {len(report.form.compares)} comparisons, "
          f"with last year): median {check_ms:.3f} ms")
    print(f"the same after a keystroke in “一、总体情况” ({len(overview)} characters, "
          f"{int(similarity(overview + '1', overview) * 100)}% last year's "
          f"text: P4 measures it again): median {prose_ms:.3f} ms   target: under {PROSE_TARGET_MS} ms -> "
          f"{'OK' if prose_ms < PROSE_TARGET_MS else 'TOO SLOW'}")
    print(f"floor (read every cell once): median {floor_ms:.3f} ms")
    print(f"ratio: {check_ms / floor_ms:.1f}x   target: under {TARGET_MS} ms -> "
          f"{'OK' if check_ms < TARGET_MS else 'TOO SLOW'}")
    return 0 if check_ms < TARGET_MS and prose_ms < PROSE_TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
