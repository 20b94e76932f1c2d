"""批量检查 at a province office's scale: `exports.batch.check_files` over

- 1,000 generated gov-2021 drafts (the sample with varied figures and organs), target ≤ 3 s;
- 100 Word reports written from the sample with varied figures, read in parallel on this machine's
  cores, target ≤ 20 s.

Each prints its figure beside a floor measured in the same run — for the drafts, parsing each file's
JSON (the least any check of them must do); for the Word files, opening each as a zip and parsing its
document.xml, on as many processes — and the ratio. Peak memory of this process is printed too, and the
peak allocated while checking 100 and 1,000 drafts: it must not grow with the number of files (results
are streamed, no report is kept).

    python bench/bench_batch.py
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lxml import etree  # noqa: E402

from exports.batch import _workers, check_files  # noqa: E402
from exports.docx_writer import write_docx  # noqa: E402
from forms.draft import write_draft  # noqa: E402
from forms.expr import Cell  # noqa: E402
from forms.samples import load_samples  # noqa: E402

DRAFTS, DRAFT_TARGET_S = 1000, 3.0
WORDS, WORD_TARGET_S = 100, 20.0


def _varied(n: int):
    report = dict(load_samples())["2025-qingchuan-scjgj.json"].copy()
    report.set_organ(f"青川市第{n}局")
    report.enter(Cell("t3", "new_received", "natural"), f"{n % 90 + 3:,}")     # some balance, most do not
    return report


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_json(path: Path) -> None:
    json.loads(path.read_bytes())


def _parse_docx(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        etree.fromstring(archive.read("word/document.xml"))


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _line(what: str, seconds: float, floor: float, target: float) -> str:
    verdict = "ok" if seconds <= target else "OVER TARGET"
    return (f"{what}: {seconds:.2f} s (floor {floor:.2f} s, ratio {seconds / floor:.1f}x; target ≤ {target:.0f} s) "
            f"{verdict}; peak memory {_peak_mb():.0f} MB")


def bench_drafts(folder: Path) -> str:
    paths = []
    for n in range(DRAFTS):
        path = folder / f"{n:04d}.json"
        write_draft(_varied(n), path)
        paths.append(path)
    floor = _timed(lambda: [_read_json(p) for p in paths])
    seconds = _timed(lambda: sum(1 for _ in check_files(paths)))
    flat = ", ".join(f"{n} drafts {_traced_peak_mb(paths[:n]):.1f} MB" for n in (DRAFTS // 10, DRAFTS))
    return _line(f"check {DRAFTS} drafts", seconds, floor, DRAFT_TARGET_S) + f"\n  memory while checking: {flat}"


def _traced_peak_mb(paths: list[Path]) -> float:
    """Peak memory allocated while checking `paths` (not timed: tracing slows it): flat in their number."""
    tracemalloc.start()
    for _ in check_files(paths):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2 ** 20


def bench_words(folder: Path) -> str:
    paths = []
    for n in range(WORDS):
        path = folder / f"{n:03d}.docx"
        write_docx(_varied(n), path)
        paths.append(path)
    workers = _workers(None)

    def floor_run() -> None:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            list(pool.map(_parse_docx, paths))

    floor = _timed(floor_run)
    seconds = _timed(lambda: sum(1 for _ in check_files(paths)))
    return _line(f"read and check {WORDS} Word reports on {workers} processes", seconds, floor, WORD_TARGET_S)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as root:
        drafts, words = Path(root) / "drafts", Path(root) / "words"
        drafts.mkdir()
        words.mkdir()
        print(bench_drafts(drafts))
        print(bench_words(words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
