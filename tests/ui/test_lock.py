"""Two windows (or two clerks on a shared folder) and one draft: the owner file beside an open
draft, the question to the second opener, stale locks after a crash, and the check before every
save that the file on disk is still the one opened — nothing anyone saved is overwritten silently."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

import forms.lock
from forms.draft import read_draft, write_draft
from forms.expr import Cell
from forms.lock import lock_path, me, read_lock
from forms.samples import write_samples
from ui.main_window import MainWindow

from .conftest import page_widget, type_in_cell

QINGCHUAN = "2025-qingchuan-scjgj.json"
GRANTED = Cell("t3", "granted", "natural")


@pytest.fixture
def drafts(tmp_path):
    folder = tmp_path / "drafts"
    write_samples(folder)
    return folder


@pytest.fixture
def second(qtbot, tmp_path, window):
    """Another window: a colleague's copy of 年报通 (its own data folder)."""
    folder = tmp_path / "data2"
    folder.mkdir()
    win = MainWindow(folder=folder)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if win.document is not None:
        win.document._saved = win.document.report.copy()
    win.close()
    win.deleteLater()


def _save_keys(qtbot, window):
    """Ctrl+S in `window` (the shortcut goes to the active window: the clerk clicks it first)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)


def test_the_second_opener_is_told_who_has_it_and_may_open_it_read_only(window, second, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    assert window.open_path(path)
    assert read_lock(path) is not None and read_lock(path).pid == os.getpid()
    scripted.answers.append("read_only")
    assert second.open_path(path)
    assert "正由" in scripted.asked[-1] and read_lock(path).user in scripted.asked[-1]
    assert second.document.read_only and "只读" in second.windowTitle()
    # the read-only window types and saves: only as another file, never over the draft
    type_in_cell(qtbot, page_widget(second, "table:t3").view, GRANTED, "55")
    scripted.files.append(path)
    _save_keys(qtbot, second)
    assert "正由" in scripted.messages[-1][1] and second.document.is_dirty
    # the first window's change is kept
    type_in_cell(qtbot, page_widget(window, "table:t3").view, GRANTED, "70")
    _save_keys(qtbot, window)
    assert read_draft(path).value(GRANTED) == 70 and not window.windowTitle().startswith("*")
    scripted.files.append(drafts / "我的副本.json")
    _save_keys(qtbot, second)
    assert read_draft(drafts / "我的副本.json").value(GRANTED) == 55
    assert not second.document.read_only and read_lock(drafts / "我的副本.json") is not None
    assert read_draft(path).value(GRANTED) == 70


def test_the_second_opener_may_open_a_copy_or_cancel(window, second, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    scripted.answers.append("cancel")
    assert not second.open_path(path) and second.document is None
    scripted.answers.append("copy")
    scripted.files.append(drafts / "副本.json")
    assert second.open_path(path)
    assert second.document.path == (drafts / "副本.json").absolute() and not second.document.is_dirty
    assert read_draft(drafts / "副本.json").value(GRANTED) == read_draft(path).value(GRANTED)


def test_a_save_over_a_file_changed_by_someone_else_asks(window, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    theirs = read_draft(path)
    theirs.set(GRANTED, 44)
    write_draft(theirs, path)                    # a colleague without 年报通's lock (an older copy)
    type_in_cell(qtbot, page_widget(window, "table:t3").view, GRANTED, "70")
    scripted.answers.append("cancel")
    _save_keys(qtbot, window)
    assert "改过" in scripted.asked[-1]
    assert read_draft(path).value(GRANTED) == 44 and window.windowTitle().startswith("*")
    scripted.answers.append("copy")
    scripted.files.append(drafts / "我的.json")
    _save_keys(qtbot, window)
    assert read_draft(drafts / "我的.json").value(GRANTED) == 70 and read_draft(path).value(GRANTED) == 44
    assert not lock_path(path).exists()          # the lock moved with the document
    assert read_lock(drafts / "我的.json").pid == os.getpid()
    theirs.set(GRANTED, 45)
    write_draft(theirs, drafts / "我的.json")
    scripted.answers.append("overwrite")
    type_in_cell(qtbot, page_widget(window, "table:t3").view, GRANTED, "71")
    _save_keys(qtbot, window)
    assert read_draft(drafts / "我的.json").value(GRANTED) == 71
    # saved again without anyone in between: no question
    type_in_cell(qtbot, page_widget(window, "table:t3").view, GRANTED, "72")
    _save_keys(qtbot, window)
    assert read_draft(drafts / "我的.json").value(GRANTED) == 72 and len(scripted.asked) == 3


def test_a_stale_lock_after_a_crash_is_taken_over(window, drafts, scripted):
    path = drafts / QINGCHUAN
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    lock_path(path).write_bytes(replace(me(), pid=process.pid, token="crashed").to_json())
    assert window.open_path(path)
    assert not scripted.asked and read_lock(path).pid == os.getpid()
    assert "接管" in window.statusBar().currentMessage()


def test_the_lock_is_released_on_close_and_by_another_report(window, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    assert lock_path(path).exists()
    window.open_path(path)                       # reopened in the same window: still ours, no question
    assert not scripted.asked and lock_path(path).exists()
    window.open_path(drafts / "2017-yueqing-wenguangxin.json")
    assert not lock_path(path).exists() and lock_path(drafts / "2017-yueqing-wenguangxin.json").exists()
    window.close()
    assert not lock_path(drafts / "2017-yueqing-wenguangxin.json").exists()


def test_a_folder_where_no_lock_can_be_written_still_opens(window, drafts, scripted, monkeypatch):
    def read_only(draft, owner):
        raise PermissionError(13, "read-only folder")

    monkeypatch.setattr(forms.lock, "_create", read_only)
    assert window.open_path(drafts / QINGCHUAN)
    kind, text, details = scripted.messages[-1]
    assert kind == "inform" and "没有加锁保护" in text and str(drafts) in details
    assert window.document.path == (drafts / QINGCHUAN).absolute()
