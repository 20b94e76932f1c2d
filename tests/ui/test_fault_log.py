"""A program error in the window goes to the one fault log (host.log: nianbao.log in the log folder),
with the window's action, the draft's path and the traceback — never the report's words or figures —
and the clerk is told the real file."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt

from forms.expr import Cell
from ui import app as ui_app

ORGAN = "青川市怪诞测试局"
PROSE = "本机关全年主动公开政府信息一千零一条，群众普遍满意，再无异议。"
FIGURE = "97531"


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "日志"
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def recognisable(window, tmp_path):
    """The sample with an organ name, a paragraph and a figure found nowhere else, saved as a draft."""
    window.open_sample("2025-qingchuan-scjgj.json")
    document = window.document
    document.set_identity(organ=ORGAN)
    document.set_section(document.report.form.sections[0].key, PROSE)
    assert document.enter(Cell("t3", "granted", "natural"), FIGURE) is None
    path = tmp_path / f"{ORGAN}.json"
    document.save(path)
    return document, path


def _assert_private(text: str, path) -> None:
    without_path = text.replace(str(path), "").replace(path.name, "")
    for secret in (ORGAN, PROSE[:8], PROSE[-8:], FIGURE):
        assert secret not in without_path, secret


def test_a_fault_in_the_window_is_logged_without_the_report_and_told_by_its_real_file(
        window, scripted, recognisable, log_dir):
    document, path = recognisable
    window.act_save.trigger()                                   # the last thing the clerk did
    hook = ui_app._plain_fault_report(window)
    try:
        raise RuntimeError(f"{ORGAN}：{PROSE[:20]} {FIGURE}")
    except RuntimeError:
        hook(*sys.exc_info())
    kind, text, details = scripted.messages[-1]
    log = log_dir / "nianbao.log"
    assert kind == "warn" and "没有丢失" in text and f"“{log}”" in details
    record = log.read_text(encoding="utf-8")
    assert "RuntimeError" in record and "Traceback" in record and str(path) in record and "保存" in record
    _assert_private(record, path)


def test_a_fault_while_saving_is_logged_and_the_message_names_the_log(window, scripted, recognisable, log_dir,
                                                                     monkeypatch, qtbot):
    document, path = recognisable

    def broken(*args, **kwargs):
        raise TypeError(f"cannot save {ORGAN} {PROSE}")

    monkeypatch.setattr(type(document), "save", broken)
    assert document.enter(Cell("t3", "granted", "natural"), "12") is None
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    kind, text, details = scripted.messages[-1]
    log = log_dir / "nianbao.log"
    assert kind == "warn" and "草稿没有保存" in text and f"“{log}”" in details and "TypeError" in details
    record = log.read_text(encoding="utf-8")
    assert "TypeError" in record and "保存草稿" in record and str(path) in record
    _assert_private(record, path)
