"""LibreOffice headless as a real client of the files we write.

`convert(path, "pdf")` converts with a profile of its own (two soffice processes sharing a
profile make one fail silently). Tests that need it use the `soffice` fixture: skipped where
LibreOffice is not installed, except in CI (CI=true), where .ci/run installs it and a missing
soffice is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FONTS_CONF = Path(__file__).resolve().parents[2] / "tools" / "fonts.conf"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    path = soffice_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run should have installed it")
        pytest.skip("LibreOffice is not installed (CI installs it)")
    return path


def convert(path: Path, target: str, outdir: Path | None = None, timeout: int = 180) -> Path:
    """Convert `path` to `target` ("pdf", "csv", …); returns the new file."""
    return convert_all([path], target, outdir, timeout)[0]


def convert_all(paths: list[Path], target: str, outdir: Path | None = None, timeout: int = 180) -> list[Path]:
    """Convert several files in one soffice run (each run costs seconds); returns the new files in order."""
    soffice = require_soffice()
    outdir = outdir or paths[0].parent
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=profile)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", target, "--outdir", str(outdir), *map(str, paths)],
                       check=True, capture_output=True, timeout=timeout * len(paths), env=env)
    results = [outdir / (path.stem + "." + target.split(":")[0]) for path in paths]
    for path, result in zip(paths, results, strict=True):
        if not result.exists():
            raise AssertionError(f"LibreOffice wrote no {target} for {path.name}")
    return results


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext is not installed")
    return subprocess.run([tool, "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page, from pdfinfo."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdfinfo (poppler-utils) is not installed")
        pytest.skip("pdfinfo is not installed")
    out = subprocess.run([tool, "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes
