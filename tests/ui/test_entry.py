"""Starting the window from main.py: `python main.py` and `python main.py open REPORT.json` open it
where there is a display, and say plainly what to do where there is none."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from forms.expr import Cell
from forms.samples import write_samples
from ui import app as ui_app
from ui import recovery

ROOT = Path(__file__).resolve().parents[2]


def _no_display_env():
    return {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}


def test_open_without_a_display_names_the_verbs(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "open", str(tmp_path / "r.json")],
                          capture_output=True, text=True, env=_no_display_env(), cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "没有检测到图形界面" in done.stderr and "python main.py check" in done.stderr
    assert "Traceback" not in done.stderr


def _unreachable_display_env() -> dict:
    """DISPLAY set to a display number no X server serves (a stale remote session), Qt left to choose."""
    number = next(n for n in range(4917, 5100)
                  if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists())
    env = _no_display_env()
    env["DISPLAY"] = f":{number}"
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays")
def test_open_with_an_unreachable_display_says_so_instead_of_aborting(tmp_path):
    env = _unreachable_display_env()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "open", str(tmp_path / "r.json")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stderr             # not 134 (Qt's abort)
    assert f"DISPLAY={env['DISPLAY']}" in done.stderr and "连接不上图形界面" in done.stderr
    assert "重新登录" in done.stderr and "python main.py check" in done.stderr
    assert "xcb" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays")
def test_main_with_an_unreachable_display_does_the_job_without_a_window(tmp_path):
    env = _unreachable_display_env()
    done = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("窗口无法打开：连接不上图形界面") and f"DISPLAY={env['DISPLAY']}" in done.stdout
    assert "xcb" not in done.stderr
    assert (tmp_path / "年报通示例" / "2025-qingchuan-scjgj.docx").exists()


def test_an_unreachable_display_is_found_before_qt_tries(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    for name, value in _unreachable_display_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    problem = ui_app.platform_problem()
    assert problem is not None and "DISPLAY=" in problem


def test_with_a_display_main_opens_the_window(monkeypatch):
    calls = []
    monkeypatch.setattr(main, "has_display", lambda: True)
    monkeypatch.setattr(ui_app, "run", lambda path=None: calls.append(path) or 0)
    assert main.main([]) == 0
    assert main.main(["open", "报告.json"]) == 0
    assert calls == [None, "报告.json"]


def test_the_window_process_starts_and_opens_the_draft(tmp_path):
    drafts = write_samples(tmp_path / "drafts")
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_DATA_DIR": str(data)}
    with subprocess.Popen([sys.executable, str(ROOT / "main.py"), "open", str(drafts[1])],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path) as process:
        _wait_for_the_recent_list(process, data, drafts[1])


def _wait_for_the_recent_list(process, data, draft):
    try:
        settings = data / "settings.json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if settings.exists() and json.loads(settings.read_text(encoding="utf-8")).get("recent"):
                break
            time.sleep(0.1)
        assert process.poll() is None, process.stderr.read().decode("utf-8", "replace")
        recent = json.loads(settings.read_text(encoding="utf-8"))["recent"]
        assert recent == [str(draft.resolve())]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_platform_chosen_by_name_is_not_probed_for_x11(monkeypatch):
    """QT_QPA_PLATFORM=offscreen (or wayland, windows…) needs no X11 library: a missing one is no problem."""
    def refuse(*args, **kwargs):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("ctypes.CDLL", refuse)
    assert ui_app.platform_problem() is None


def test_a_missing_x11_library_is_named(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("ctypes.CDLL", refuse)
    problem = ui_app.platform_problem()
    assert "libxcb-cursor.so.0" in problem and "sudo apt install libxcb-cursor0" in problem


def test_a_program_fault_is_logged_and_told_plainly(window, scripted, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))
    window.open_sample("2025-qingchuan-scjgj.json")
    document = window.document
    assert document.enter(Cell("t3", "granted", "natural"), "4321") is None   # typed: written a second later
    window.autosave.remove()                 # no recovery file yet when the fault comes
    assert not window.autosave.path.exists()
    hook = ui_app._plain_fault_report(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        hook(*sys.exc_info())
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "没有丢失" in text and str(tmp_path / "log" / "nianbao.log") in details
    assert "RuntimeError: boom" in (tmp_path / "log" / "nianbao.log").read_text(encoding="utf-8")
    # the report was backed up at once, as it stands
    backed_up = [found for found in recovery.pending(data_dir) if found.file == window.autosave.path]
    assert len(backed_up) == 1
    assert backed_up[0].report.same_content(document.report)
    assert backed_up[0].report.value(Cell("t3", "granted", "natural")) == 4321


def test_begin_opens_the_draft_given(window, tmp_path):
    drafts = write_samples(tmp_path)
    window.begin(drafts[0])
    assert window.document.path == drafts[0]


def test_qt_own_buttons_are_in_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    ui_app.make_app()
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
