"""Build 年报通's one-folder bundle with PyInstaller, on the system it runs on (Windows or Linux: a bundle
is built for the system that builds it), and print its size.

    pip install -e ".[bundle]"
    python packaging/build.py [--dist FOLDER] [--work FOLDER]

The bundle is FOLDER/nianbao (default: dist/nianbao in the project folder): copy that folder to the
offline PC and run nianbao (nianbao.exe on Windows) inside it; it needs no Python there.
Paths are pathlib's and the build runs PyInstaller through this Python: no shell, on any system.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "nianbao.spec"
NAME = "nianbao"          # the spec's folder and program name


def folder_size(folder: Path) -> int:
    """Bytes of every file under `folder` (links not followed: what copying the folder costs)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec into `dist`; the bundle's folder. Raises CalledProcessError when it fails."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, cwd=ROOT, check=True)
    return dist / NAME


def executable(bundle: Path, name: str = NAME) -> Path:
    """The program `name` inside a built bundle, with this system's suffix."""
    return bundle / (name + (".exe" if sys.platform == "win32" else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build 年报通's one-folder bundle with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle's folder goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's working folder")
    options = parser.parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        print('PyInstaller is not installed: pip install -e ".[bundle]"', file=sys.stderr)
        return 2
    try:
        bundle = build(options.dist.resolve(), options.work.resolve())
    except subprocess.CalledProcessError as exc:
        print(f"PyInstaller failed (exit {exc.returncode}); its messages are above.", file=sys.stderr)
        return 1
    print(f"bundle: {bundle}")
    print(f"program: {executable(bundle)}")
    size = folder_size(bundle)
    print(f"size: {size / 10**6:.0f} MB ({size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
