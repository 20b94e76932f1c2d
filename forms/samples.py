"""The bundled sample reports: the 2017 乐清市文广新局 report (gov-2014, transcribed from the
published text, its own inconsistencies included) and a complete gov-2021 department report.
"""

from __future__ import annotations

from pathlib import Path

from .draft import read_draft, write_draft
from .report import Report

SAMPLES_DIR = Path(__file__).with_name("samples")
SAMPLE_FILES = ("2017-yueqing-wenguangxin.json", "2025-qingchuan-scjgj.json")


def load_samples() -> list[tuple[str, Report]]:
    return [(name, read_draft(SAMPLES_DIR / name)) for name in SAMPLE_FILES]


def write_samples(folder: str | Path) -> list[Path]:
    """Write each sample as a draft file in `folder` (created if needed); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_draft(report, folder / name) for name, report in load_samples()]
