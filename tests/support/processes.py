"""Running the program as a clerk's PC would, in a process of its own."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path


def first_line(command: list[str], env: dict, cwd: Path) -> tuple[str, str]:
    """The first line `command` prints with `env`, and what it wrote on stderr; the process then stopped
    (a window that never prints fails its test after two minutes instead of hanging it)."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
    hang_guard = threading.Timer(120, process.kill)
    hang_guard.start()
    try:
        line = process.stdout.readline() if process.stdout else ""
    finally:
        hang_guard.cancel()
        process.kill()
        _, errors = process.communicate(timeout=60)
    return line, errors
