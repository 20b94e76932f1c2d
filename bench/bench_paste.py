"""A hostile paste on 表三: 10,000 rows whose labels name no row (and a row of 10,000 figures under no
header). Nothing is pasted; the clerk waits for the message that says so, and it must stay short.

Prints the time of placing the block by its labels (`forms.paste.place_block`, as Ctrl+V does) next
to a floor measured in the same run — reading every cell's text of the block once — and the ratio.
Target: under 1 s for 10,000 rows (it was 13.6 s in the window: every unknown label tried as a typo).

    python bench/bench_paste.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import median_ms
from forms.layout import Role, grid
from forms.loader import get_form
from forms.paste import PasteReport, place_block

TARGET_S = 1.0
ROWS = 10_000


def median_s(fn, runs: int) -> float:
    return median_ms(fn, runs) / 1000


def header_rows(form) -> list[list[str]]:
    """表三's header rows as a spreadsheet copies them (merged cells as blanks)."""
    printed = grid(form.tables["t3"], form.computed_by_cell)
    rows = [[""] * printed.n_cols for _ in range(printed.header_rows)]
    for gc in printed.cells:
        if gc.row < printed.header_rows and gc.role not in (Role.VALUE, Role.COMPUTED):
            rows[gc.row][gc.col] = gc.text
    return rows


def main() -> int:
    form = get_form("gov-2021")
    table = form.tables["t3"]
    header = header_rows(form)
    block = header + [[f"第{i}行", "", ""] + ["1"] * 7 for i in range(ROWS)]
    wide = [["", "", "", "自然人", "商业企业"], ["（一）予以公开", "", ""] + ["1"] * ROWS]

    def floor():
        return sum(len(text) for row in block for text in row)

    placed = place_block(block, form, table, "natural", "new_received")
    assert placed is not None and placed.blocked
    message = PasteReport(blocked=list(placed.blocked)).text()
    floor_s = median_s(floor, 5)
    paste_s = median_s(lambda: place_block(block, form, table, "natural", "new_received"), 3)
    wide_s = median_s(lambda: place_block(wide, form, table, "natural", "new_received"), 3)
    print(f"{ROWS} rows of unknown labels on 表三: median {paste_s:.3f} s, message {len(message)} characters")
    print(f"one row of {ROWS} figures under no header: median {wide_s:.3f} s")
    print(f"floor (read every cell once): median {floor_s * 1000:.2f} ms")
    print(f"ratio: {paste_s / floor_s:.0f}x   target: under {TARGET_S} s -> "
          f"{'OK' if paste_s < TARGET_S else 'TOO SLOW'}")
    return 0 if paste_s < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
