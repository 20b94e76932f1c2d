"""汇总 of 1,000 units' gov-2021 drafts (`python main.py merge FOLDER -o SUMMARY.json`), as a province-level
office would run it.

The drafts are generated into a temporary folder first (the sample with another organ and other
figures for each unit). Prints the time of the verb's work in this process — finding the files,
reading and checking each unit, the running sums, the summary's draft written — beside a floor
measured in the same run, reading the same 1,000 files with json.load (the least any merge must
do), and the ratio. Then the peak memory of merging 100 and 1,000 units, which must stay flat: the
units are summed one at a time, never held. Target: ≤ 3 s for 1,000 drafts.

    python bench/bench_merge.py
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import main
from forms.draft import write_draft
from forms.expr import Cell
from forms.samples import load_samples

UNITS = 1000
TARGET_S = 3.0
RUNS = 3


def write_units(folder: Path, count: int) -> None:
    """`count` drafts: the sample as units of a county, each with its own figures (figures that keep
    the unit's own report consistent: a new request granted more)."""
    sample = dict(load_samples())["2025-qingchuan-scjgj.json"]
    natural, granted = Cell("t3", "new_received", "natural"), Cell("t3", "granted", "natural")
    for n in range(count):
        unit = sample.copy()
        unit.set_organ(f"某某县第{n + 1}单位")
        extra = n % 7
        unit.set(natural, sample.value(natural) + extra)
        unit.set(granted, sample.value(granted) + extra)
        write_draft(unit, folder / f"单位{n + 1:04d}.json")


def seconds(fn) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def merge(folder: Path, target: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main.merge_reports([str(folder)], str(target), organ="某某县人民政府办公室", overwrite=True)


def peak_bytes(folder: Path, target: Path) -> int:
    tracemalloc.start()
    merge(folder, target)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main_bench() -> int:
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as temp:
        root = Path(temp)
        small, big = root / "100", root / "1000"
        small.mkdir()
        big.mkdir()
        write_units(small, 100)
        write_units(big, UNITS)
        target = root / "汇总.json"
        files = sorted(big.glob("*.json"))

        def floor() -> None:
            for path in files:
                with path.open("rb") as handle:
                    json.load(handle)

        assert merge(big, target) == main.EXIT_OK, "the generated units should merge cleanly"
        floor_s, merge_s = seconds(floor), seconds(lambda: merge(big, target))
        print(f"汇总{UNITS}份草稿：{merge_s:.2f} s（目标 ≤ {TARGET_S:.0f} s）；"
              f"下限（json.load 读同样的文件）：{floor_s:.3f} s；倍数 {merge_s / floor_s:.1f}")
        small_peak, big_peak = peak_bytes(small, target), peak_bytes(big, target)
        print(f"内存峰值：100份 {small_peak / 2**20:.1f} MB，{UNITS}份 {big_peak / 2**20:.1f} MB"
              f"（比 {big_peak / small_peak:.2f}）")
        return 0 if merge_s <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main_bench())
