"""Import of a whole report from a Word file: the gov-2021 sample's own Word export (6 pages), read back
into a report — the gate, the XML, the paragraphs and tables, the title, every section by its heading
and every table by its labels.

Prints the median next to a floor measured in the same run — reading every entry of the same .docx
(zipfile: open, decompress), the least any reader of that file costs — and the ratio. Target: ≤ 1 s.

    python bench/bench_import.py
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import median_ms
from exports.docx_writer import write_docx
from exports.report_reader import read_report
from forms.samples import load_samples

RUNS = 15


def main() -> int:
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    with tempfile.TemporaryDirectory() as folder:
        path = write_docx(report, Path(folder) / "bench.docx")

        def unzip():
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    archive.read(info)

        def import_back():
            result = read_report(path)
            assert not result.problems, result.problems
            assert result.report.values

        floor_ms = median_ms(unzip, RUNS, warm_up=True)
        import_ms = median_ms(import_back, RUNS, warm_up=True)
        size = path.stat().st_size
    print(f"import of the gov-2021 sample's Word export ({size // 1024} KB, 3 tables, 6 sections): "
          f"median {import_ms:.1f} ms (target ≤ 1000 ms)")
    print(f"  floor (zipfile: every entry of the same file read): median {floor_ms:.1f} ms"
          f"   ratio {import_ms / floor_ms:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
