"""NIANBAO_SAY_READY: the window, started as a clerk starts it (`python main.py`), prints "ready" once its
start page takes input: how bench/bench_startup.py times a program it cannot look into (the bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def first_line(env: dict, cwd: Path) -> tuple[str, str]:
    """The first line `python main.py` prints with `env`, and what it wrote on stderr; the window closed."""
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    hang_guard = threading.Timer(120, process.kill)     # a window that never says it: the test fails, not hangs
    hang_guard.start()
    try:
        line = process.stdout.readline() if process.stdout else ""
    finally:
        hang_guard.cancel()
        process.kill()
        _, errors = process.communicate(timeout=60)
    return line, errors


def test_the_window_prints_ready_when_asked(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_SAY_READY": "1", "HOME": str(tmp_path),
           "NIANBAO_DATA_DIR": str(tmp_path / "data")}
    line, errors = first_line(env, tmp_path)
    assert line == "ready\n", errors
