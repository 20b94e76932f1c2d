"""Reading a report from a PDF: the gov-2021 sample's Word export printed to PDF by LibreOffice
(6 pages, three ruled tables, one of them over two pages) read into paragraphs and tables
(exports/pdf_reader.py). Target: at most 1 s.

Prints the median next to a floor measured in the same run — pdfplumber opening the same file and
taking every character of every page, the least any reading of its text costs — and the ratio.
The PDF is made once before timing (LibreOffice, a few seconds).

    python bench/bench_pdf.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pdfplumber

from bench.bench_check import median_ms
from exports.docx_writer import write_docx
from exports.pdf_reader import read_blocks
from forms.samples import load_samples
from tests.support.libreoffice import convert, soffice_path

RUNS = 7


def main() -> int:
    if soffice_path() is None:
        print("LibreOffice (soffice) is needed to print the sample to PDF: apt-get install libreoffice-writer-nogui")
        return 1
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    with tempfile.TemporaryDirectory() as folder:
        pdf = convert(write_docx(report, Path(folder) / "sample.docx"), "pdf")

        def floor():
            with pdfplumber.open(pdf) as document:
                assert sum(len(page.chars) for page in document.pages)

        def read():
            assert read_blocks(pdf).blocks

        with pdfplumber.open(pdf) as document:
            pages = len(document.pages)
        floor_ms = median_ms(floor, RUNS, warm_up=True)
        read_ms = median_ms(read, RUNS, warm_up=True)
    print(f"reading the gov-2021 sample's PDF ({pages} pages: paragraphs, tables, a table over two pages): "
          f"median {read_ms:.0f} ms (target ≤ 1000 ms)")
    print(f"  floor (pdfplumber: open, every character of every page): median {floor_ms:.0f} ms"
          f"   ratio {read_ms / floor_ms:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
