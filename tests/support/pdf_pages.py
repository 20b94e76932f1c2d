"""Reading a rendered PDF page by page: its words with their boxes (`pdftotext -bbox`), how full each
page's text block is, and several Word files converted in one LibreOffice run (each run costs seconds).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from exports.typesetting import MARGIN_BOTTOM_MM, MARGIN_TOP_MM, PAGE_HEIGHT_MM
from tests.support.libreoffice import FONTS_CONF, require_soffice

POINTS_PER_MM = 72 / 25.4
BLOCK_TOP = MARGIN_TOP_MM * POINTS_PER_MM                       # the text block, in PDF points from the top
BLOCK_BOTTOM = (PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM) * POINTS_PER_MM
_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def require_metric_fonts() -> None:
    """Widths are judged only with a font metric-compatible with Times New Roman (Liberation Serif,
    fonts-liberation): with LibreOffice's fallback (DejaVu Serif, much wider) figures wrap that fit in Word."""
    tool = shutil.which("fc-match")
    found = "" if tool is None else subprocess.run(
        [tool, "Times New Roman"], capture_output=True, text=True, timeout=30,
        env=dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))).stdout
    if "Liberation Serif" not in found:
        if os.environ.get("CI"):
            pytest.fail("fonts-liberation is not installed: .ci/run should have installed it")
        pytest.skip("fonts-liberation is not installed (CI installs it)")


def convert_all(paths: list[Path], outdir: Path) -> list[Path]:
    """Convert Word files to PDF in one LibreOffice run (a profile of its own); the PDFs in order."""
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=profile)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
                       check=True, capture_output=True, timeout=300, env=env)
    pdfs = [outdir / (path.stem + ".pdf") for path in paths]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


def page_words(pdf: Path) -> list[list[Word]]:
    """The words of every page, each with its box in points (origin at the top left)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext is not installed")
    out = subprocess.run([tool, "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True,
                         timeout=60).stdout
    return [[Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in _WORD.findall(page)]
            for page in _PAGE.findall(out)]


def in_block(words: list[Word]) -> list[Word]:
    """The words inside the text block (not the draft mark above it nor the page number below)."""
    return [w for w in words if w.y0 >= BLOCK_TOP - 2 and w.y1 <= BLOCK_BOTTOM + 2]


def filled(words: list[Word]) -> float:
    """How much of the text block's height is used: its top down to the lowest text line, 0 to 1."""
    body = in_block(words)
    if not body:
        return 0.0
    return (max(w.y1 for w in body) - BLOCK_TOP) / (BLOCK_BOTTOM - BLOCK_TOP)


def top_line(words: list[Word]) -> str:
    """The text of the topmost line of the text block, without spaces."""
    body = in_block(words)
    if not body:
        return ""
    top = min(w.y0 for w in body)
    return "".join(w.text for w in sorted(body, key=lambda w: w.x0) if w.y0 <= top + 3)


def flat(words: list[Word]) -> str:
    return "".join(w.text for w in words)
