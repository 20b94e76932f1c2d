"""A keystroke in 表三: from Enter on a typed figure to the new totals and findings on screen (the
entry parsed, the report re-checked, the table, the findings panel and the page list repainted).
Each keystroke flips R1 between failing and passing, so the findings really change every time.

Floor, measured in the same run: the same keystroke in a bare QTableWidget of the same size (Qt's
own editor commit and repaint, nothing else). Prints our median and 95th percentile, the floor's,
and the ratio of the medians. Targets: a median of at most 8 ms and a 95th percentile of at most
12 ms (half a frame at 60 Hz, and under one frame nearly always). On a busy machine compare the
ratio: both figures move with the floor.

    python bench/bench_keystroke.py [KEYSTROKES]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from forms.expr import Cell
from ui.app import create_window

TARGET_MEDIAN_MS = 8.0
TARGET_P95_MS = 12.0
EDITED = Cell("t3", "new_received", "natural")


def commit_time(app, view, index, text: str) -> float:
    """Type `text` into the cell at `index` and time the Enter that commits it, to repainted."""
    view.setCurrentIndex(index)
    QTest.keyClick(view, text[0])
    editor = view.indexWidget(index)
    if len(text) > 1:
        QTest.keyClicks(editor, text[1:])
    start = time.perf_counter()
    QTest.keyClick(editor, Qt.Key_Return)
    app.processEvents()                 # the queued commit, the model signals and the repaint
    return (time.perf_counter() - start) * 1000


def floor_times(app, rows: int, columns: int, runs: int) -> list[float]:
    table = QTableWidget(rows, columns)
    for r in range(rows):
        for c in range(columns):
            table.setItem(r, c, QTableWidgetItem("0"))
    table.resize(1000, 700)
    table.show()
    app.processEvents()
    times = [commit_time(app, table, table.model().index(5, 3), "18" + str(i % 2)) for i in range(runs)]
    table.close()
    return times


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 200
    with tempfile.TemporaryDirectory() as data:
        app, window = create_window(Path(data))
        window.preload.wait()
        window.open_sample("2025-qingchuan-scjgj.json")
        row = [p.key for p in window.pages].index("table:t3")
        window.go(row)
        page = window.page_widgets[row]
        app.processEvents()
        document, model, view = window.document, page.model, page.view
        index = model.index_of(EDITED)
        total = model.index_of(Cell("t3", "new_received", "total"))
        times = []
        for i in range(runs):
            value = 186 + (i % 2)       # 187 breaks R1 for 自然人, 186 restores it
            times.append(commit_time(app, view, index, str(value)))
            assert document.report.value(EDITED) == value
            assert model.data(total) == f"{value + 33:,}"
            assert bool(document.result.errors) == (value == 187)
            assert bool(page.findings.model().findings()) == (value == 187)
        floor = floor_times(app, model.rowCount(), model.columnCount(), runs)
        document._saved = document.report.copy()
        window.close()
    return report(times[10:], floor[10:], model.rowCount(), model.columnCount())


def p95(times: list[float]) -> float:
    return sorted(times)[int(len(times) * 0.95)]


def report(times: list[float], floor: list[float], rows: int, columns: int) -> int:
    """Print the figures against the targets; 0 when both are met."""
    median, high = statistics.median(times), p95(times)
    base, base_high = statistics.median(floor), p95(floor)
    median_ok, high_ok = median <= TARGET_MEDIAN_MS, high <= TARGET_P95_MS
    print(f"keystroke in 表三 to new totals and findings on screen ({len(times)} keystrokes after 10 to warm up): "
          f"median {median:.2f} ms, 95th percentile {high:.2f} ms")
    print(f"floor (the same keystroke in a bare QTableWidget {rows}×{columns}): "
          f"median {base:.2f} ms, 95th percentile {base_high:.2f} ms")
    print(f"ratio to the floor: median {median / base:.2f}x, 95th percentile {high / base_high:.2f}x")
    print(f"target median ≤ {TARGET_MEDIAN_MS:.0f} ms -> {'OK' if median_ok else 'TOO SLOW'};  "
          f"target 95th percentile ≤ {TARGET_P95_MS:.0f} ms -> {'OK' if high_ok else 'TOO SLOW'}")
    return 0 if median_ok and high_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
