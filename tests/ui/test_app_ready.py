"""NIANBAO_SAY_READY: the window, started as a clerk starts it (`python main.py`), prints "ready" once its
start page takes input: how bench/bench_startup.py times a program it cannot look into (the bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.support.processes import first_line

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_prints_ready_when_asked(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_SAY_READY": "1", "HOME": str(tmp_path),
           "NIANBAO_DATA_DIR": str(tmp_path / "data")}
    line, errors = first_line([sys.executable, str(ROOT / "main.py")], env, tmp_path)
    assert line == "ready\n", errors
