"""Cold start of the window: from starting the process to the start page shown with the cursor in
机关名称 (ready for input), against a floor measured in the same run — a bare PySide6 QWizard with
one page and one text field, shown the same way. Every run is a fresh process; medians; ratio.
Target: under 1.5× the floor.

    python bench/bench_startup.py [RUNS] [--bundle FOLDER]

With --bundle, the install bundle built by `python packaging/build.py` (FOLDER: its folder, e.g.
dist/nianbao) is timed too, against the same floor in the same run: its program started as a clerk starts
it, with NIANBAO_SAY_READY=1 so that it prints "ready" once its start page takes input (ui/app.py).

Without a display it runs offscreen (QT_QPA_PLATFORM=offscreen), as every process does.
"""

from __future__ import annotations

import argparse
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


def python(code: str) -> list[str]:
    """The command running `code` in this Python."""
    return [sys.executable, "-c", code]


def time_to_ready(command: list[str], env: dict, stays_open: bool = False) -> tuple[float, float | None]:
    """Milliseconds from starting the process to its "ready" line (and to "formats", if printed). A process
    that `stays_open` (the bundle's window) is ended once it is ready."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    line = process.stdout.readline()
    ready = (time.perf_counter() - start) * 1000
    if stays_open:
        process.kill()
    more = process.stdout.readline()
    later = (time.perf_counter() - start) * 1000 if more.strip() else None
    process.wait(timeout=60)
    if line.strip() != "ready":
        raise SystemExit(f"the process did not get ready:\n{process.stderr.read()}")
    return ready, later


def bundle_program(folder: Path) -> list[str]:
    """The command starting the bundle in `folder` (packaging/build.py's output)."""
    program = folder / ("nianbao.exe" if sys.platform == "win32" else "nianbao")
    if not program.is_file():
        raise SystemExit(f"no bundle in {folder}: build it with python packaging/build.py")
    return [str(program)]


def ratio_line(name: str, ms: float, floor_ms: float) -> tuple[str, bool]:
    """The line saying `name`'s ratio to the floor and the target; whether it is met."""
    ratio = ms / floor_ms
    met = ratio < TARGET_RATIO
    return f"{name}: {ratio:.2f}x the floor   target: under {TARGET_RATIO}x -> {'OK' if met else 'TOO SLOW'}", met


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Cold start of the window against a bare QWizard.")
    parser.add_argument("runs", nargs="?", type=int, default=9)
    parser.add_argument("--bundle", type=Path, help="the bundle's folder (python packaging/build.py)")
    options = parser.parse_args(argv[1:])
    env = dict(os.environ)
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as data:
        env["NIANBAO_DATA_DIR"] = data
        commands = {"floor": python(FLOOR), "window": python(WINDOW.format(root=str(ROOT), data=data))}
        if options.bundle:
            commands["bundle"] = bundle_program(options.bundle.resolve())
            env["NIANBAO_SAY_READY"] = "1"
        times: dict[str, list[tuple[float, float | None]]] = {name: [] for name in commands}
        for name, command in commands.items():        # warm the file cache for each
            time_to_ready(command, env, stays_open=name == "bundle")
        for _ in range(options.runs):                 # interleaved, so drift hits all alike
            for name, command in commands.items():
                times[name].append(time_to_ready(command, env, stays_open=name == "bundle"))
    medians = {name: statistics.median(ready for ready, _ in runs) for name, runs in times.items()}
    floor_ms = medians["floor"]
    print(f"年报通 start page ready for input: median {medians['window']:.0f} ms over {options.runs} processes")
    print(f"  (the format list, loaded in the background after the window is shown, is complete "
          f"at {statistics.median(later or 0 for _, later in times['window']):.0f} ms)")
    if "bundle" in medians:
        print(f"年报通 bundle ({options.bundle}), start page ready for input: median {medians['bundle']:.0f} ms")
    print(f"floor (bare QWizard, one page, one field): median {floor_ms:.0f} ms")
    verdicts = [ratio_line(name, medians[name], floor_ms) for name in ("window", "bundle") if name in medians]
    for line, _ in verdicts:
        print(line)
    return 0 if all(met for _, met in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
