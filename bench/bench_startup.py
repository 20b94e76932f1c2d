"""Cold start of the window: from starting the process to the start page shown with the cursor in
机关名称 (ready for input), against a floor measured in the same run — a bare PySide6 QWizard with
one page and one text field, shown the same way. Every run is a fresh process; medians; ratio.
Target: under 1.5× the floor.

    python bench/bench_startup.py [RUNS]

Without a display it runs offscreen (QT_QPA_PLATFORM=offscreen), as both processes do.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.5

FLOOR = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWizard, QWizardPage
    app = QApplication(sys.argv[:1])
    wizard = QWizard()
    page = QWizardPage()
    page.setTitle("新建报告")
    edit = QLineEdit()
    QVBoxLayout(page).addWidget(edit)
    wizard.addPage(page)
    wizard.resize(1280, 800)
    wizard.show()
    edit.setFocus()
    app.processEvents()
    print("ready", flush=True)
""")

WINDOW = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from ui.app import create_window, platform_problem
    assert platform_problem() is None
    app, window = create_window(Path({data!r}))
    window.begin(None)
    app.processEvents()
    assert window.central.currentWidget() is window.start and window.start.organ.hasFocus()
    print("ready", flush=True)
    while not window.start.format.isEnabled():      # the formats arrive from the background load
        app.processEvents()
    print("formats", flush=True)
""")


def time_to_ready(code: str, env: dict) -> tuple[float, float | None]:
    """Milliseconds from starting the process to its "ready" line (and to "formats", if printed)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, text=True)
    line = process.stdout.readline()
    ready = (time.perf_counter() - start) * 1000
    more = process.stdout.readline()
    later = (time.perf_counter() - start) * 1000 if more.strip() else None
    process.wait(timeout=60)
    if line.strip() != "ready":
        raise SystemExit(f"the process did not get ready:\n{process.stderr.read()}")
    return ready, later


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 9
    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as data:
        env["NIANBAO_DATA_DIR"] = data
        window_code = WINDOW.format(root=str(ROOT), data=data)
        time_to_ready(FLOOR, env)                     # warm the file cache for both
        time_to_ready(window_code, env)
        floors, windows, formats = [], [], []
        for _ in range(runs):                         # interleaved, so drift hits both alike
            floors.append(time_to_ready(FLOOR, env)[0])
            ready, listed = time_to_ready(window_code, env)
            windows.append(ready)
            formats.append(listed)
    floor_ms, window_ms = statistics.median(floors), statistics.median(windows)
    ratio = window_ms / floor_ms
    print(f"年报通 start page ready for input: median {window_ms:.0f} ms over {runs} processes")
    print(f"  (the format list, loaded in the background after the window is shown, is complete "
          f"at {statistics.median(formats):.0f} ms)")
    print(f"floor (bare QWizard, one page, one field): median {floor_ms:.0f} ms")
    print(f"ratio: {ratio:.2f}x   target: under {TARGET_RATIO}x -> {'OK' if ratio < TARGET_RATIO else 'TOO SLOW'}")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
