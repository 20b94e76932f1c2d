"""House rules that keep the code readable, checked on every run (ruff checks complexity and style;
these are the rules it has no option for)."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("forms", "exports", "host", "ui")
MAX_FUNCTION_LINES = 80
# The folder of specs, samples and notes that sits beside the project on developers' machines only.
_BESIDE = "shared"
_OUTSIDE = (f"../{_BESIDE}", *(f"{_BESIDE}/{part}" for part in ("spec", "samples", "notes")))


def _sources(*roots: str) -> list[Path]:
    files = [ROOT / "main.py"] if "main.py" in roots else []
    for root in roots:
        if (ROOT / root).is_dir():
            files.extend(sorted((ROOT / root).rglob("*.py")))
    return files


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_no_function_is_longer_than_a_screen():
    long = [f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
            for path in _sources(*PACKAGES, "main.py") for fn in _functions(path)
            if fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES]
    assert not long, "split these functions:\n" + "\n".join(long)


def test_the_domain_the_writers_and_the_host_never_import_qt_or_the_window():
    offenders = []
    for path in _sources("forms", "exports", "host"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("PySide6", "ui")]
    assert not offenders, offenders


def test_no_file_of_the_project_refers_to_files_outside_it():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    outside = []
    for name in tracked.split("\n"):
        path = ROOT / name
        if not name or not path.is_file() or path.suffix not in (".py", ".md", ".yaml", ".toml", ".json", ""):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for marker in _OUTSIDE:
            if marker in text:
                outside.append(f"{name}: {marker}")
    assert not outside, outside
