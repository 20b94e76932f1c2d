"""Excel export of the full gov-2021 sample, and import of that workbook back into a report.

Prints each median next to a floor measured in the same run — openpyxl creating an empty workbook
and saving it to memory (export) or loading that saved empty workbook (import), the least any
openpyxl export or import costs — and the ratio.

    python bench/bench_xlsx.py
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook, load_workbook

from bench.bench_check import median_ms
from exports.xlsx_reader import read_xlsx
from exports.xlsx_writer import write_xlsx
from forms.samples import load_samples

RUNS = 15


def main() -> int:
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        empty = io.BytesIO()
        Workbook().save(empty)

        def empty_save():
            Workbook().save(io.BytesIO())

        def empty_load():
            load_workbook(io.BytesIO(empty.getvalue()))

        def export():
            write_xlsx(report, path)

        def import_back():
            result = read_xlsx(path)
            assert not result.problems

        floor_save = median_ms(empty_save, RUNS, warm_up=True)
        export_ms = median_ms(export, RUNS, warm_up=True)
        floor_load = median_ms(empty_load, RUNS, warm_up=True)
        import_ms = median_ms(import_back, RUNS, warm_up=True)
    print(f"export of the gov-2021 sample (4 sheets, atomic write): median {export_ms:.1f} ms")
    print(f"  floor (openpyxl: empty workbook saved to memory): median {floor_save:.1f} ms"
          f"   ratio {export_ms / floor_save:.1f}x")
    print(f"import of that workbook (checks, load, label matching): median {import_ms:.1f} ms")
    print(f"  floor (openpyxl: empty workbook loaded from memory): median {floor_load:.1f} ms"
          f"   ratio {import_ms / floor_load:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
