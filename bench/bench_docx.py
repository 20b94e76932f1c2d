"""Word export of the full gov-2021 sample (title, six sections, 表二/表三/表四), in-process.

Prints the median of the whole export — build the document and write the file atomically, as
`python main.py export` and the wizard's export button do — next to a floor measured in the same
run: python-docx opening its default document and saving it to memory, the least any python-docx
export costs. Also the build alone, saved to memory, to compare like with like. Target: under
250 ms and under 3× the floor.

    python bench/bench_docx.py [runs]
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import docx

from bench.bench_check import median_ms
from exports.docx_writer import build_document, write_docx
from forms.samples import load_samples

TARGET_MS = 250.0
TARGET_RATIO = 3.0


def main(runs: int = 30) -> int:
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "报告.docx"

        def floor():
            docx.Document().save(io.BytesIO())

        def build_in_memory():
            build_document(report).save(io.BytesIO())

        def export():
            write_docx(report, target)

        for fn in (floor, build_in_memory, export):
            median_ms(fn, 3)                                   # warm up (imports, caches)
        floor_ms = median_ms(floor, runs)
        build_ms = median_ms(build_in_memory, runs)
        export_ms = median_ms(export, runs)
        size = target.stat().st_size

    ratio = export_ms / floor_ms
    ok = export_ms < TARGET_MS and ratio < TARGET_RATIO
    print(f"Word export of the gov-2021 sample ({size // 1024} KB, {runs} runs): median {export_ms:.1f} ms")
    print(f"  of which building and saving to memory: median {build_ms:.1f} ms")
    print(f"floor (python-docx default document saved to memory): median {floor_ms:.1f} ms")
    print(f"ratio: {ratio:.2f}x   target: under {TARGET_MS:.0f} ms and under {TARGET_RATIO:.0f}x -> "
          f"{'OK' if ok else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
