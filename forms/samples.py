"""The bundled sample reports: the 2017 乐清市文广新局 report (gov-2014, transcribed from the
published text, its own inconsistencies included) and a complete gov-2021 department report.
"""

from __future__ import annotations

from pathlib import Path

from .draft import DraftError, dump_draft, read_draft, write_draft
from .report import Report

SAMPLES_DIR = Path(__file__).with_name("samples")
SAMPLE_FILES = ("2017-yueqing-wenguangxin.json", "2025-qingchuan-scjgj.json")


def load_samples() -> list[tuple[str, Report]]:
    return [(name, read_draft(SAMPLES_DIR / name)) for name in SAMPLE_FILES]


def changed_samples(folder: str | Path) -> list[Path]:
    """Sample files already in `folder` that differ from the bundled ones: someone edited them."""
    changed = []
    for name, report in load_samples():
        path = Path(folder) / name
        if path.exists():
            try:
                if not read_draft(path).same_content(report):
                    changed.append(path)
            except DraftError:
                changed.append(path)
    return changed


def write_samples(folder: str | Path) -> list[Path]:
    """Write each sample as a draft file in `folder` (created if needed); returns the paths.
    A sample file there that someone has edited is kept as it is, never overwritten."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    keep = set(changed_samples(folder))
    paths = []
    for name, report in load_samples():
        path = folder / name
        if path not in keep and (not path.exists() or path.read_bytes() != dump_draft(report)):
            write_draft(report, path)
        paths.append(path)
    return paths
