"""Fixtures for the window tests: an isolated data folder, scripted answers to every dialog, and
helpers that type into the window as a user does (keys for ASCII, an input-method commit for
Chinese — QTest.keyClicks aborts the process on non-ASCII text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QDesktopServices, QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu

from ui import dialogs


class ScriptedDialogs:
    """Stands in for ui.dialogs: records every message and answers from a script."""

    def __init__(self):
        self.messages: list[tuple[str, str, str]] = []     # (kind, text, details)
        self.answers: list[str | None] = []                 # for ask(), in order
        self.asked: list[str] = []
        self.defaults: list[str] = []                      # the button Enter would press, per question
        self.files: list[Path | None] = []    # for open_file / save_draft_as / save_export_as / choose_folder

    def warn(self, parent, text, details=""):
        self.messages.append(("warn", text, details))

    def inform(self, parent, text, details=""):
        self.messages.append(("inform", text, details))

    def ask(self, parent, text, choices, details="", default=None):
        self.asked.append(text + details)
        self.defaults.append(default or choices[0][0])
        assert self.answers, f"unexpected question: {text}"
        answer = self.answers.pop(0)
        key = answer[0] if isinstance(answer, tuple) else answer
        assert key is None or key in [key for key, _ in choices], (answer, choices)
        return answer

    def ask_remembered(self, parent, text, choices, details="", default=None):
        """A question with “remember my choice”: answered (key, remember) or a key alone (not remembered)."""
        answer = self.ask(parent, text, choices, details, default)
        return answer if isinstance(answer, tuple) else (answer, False)

    def confirm_fix(self, parent, form, cell, before, after, candidates):
        """按建议修正's question: answered "fix" (True) or anything else (False) from `answers`."""
        self.asked.append(f"按建议修正{form.place(cell)}：{before} → {after}")
        assert self.answers, f"unexpected question: 按建议修正{form.place(cell)}"
        return self.answers.pop(0) == "fix"

    def _file(self, *args, **kwargs):
        assert self.files, "unexpected file dialog"
        return self.files.pop(0)

    open_file = save_draft_as = save_export_as = choose_folder = _file


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    """The fault log's folder for this test (NIANBAO_LOG_DIR), not yet made."""
    folder = tmp_path / "日志"
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def scripted(monkeypatch):
    script = ScriptedDialogs()
    for name in ("warn", "inform", "ask", "ask_remembered", "open_file", "save_draft_as", "save_export_as",
                 "choose_folder", "confirm_fix"):
        monkeypatch.setattr(dialogs, name, getattr(script, name))
    return script


class FakeFonts:
    """host.fonts.installed_fonts as the window sees it: `families` None (cannot tell: no question
    before a Word export, whatever this machine has) unless a test names the fonts installed."""

    def __init__(self):
        self.families: set[str] | None = None

    def __call__(self):
        from host.fonts import InstalledFonts

        return InstalledFonts(self.families)


@pytest.fixture(autouse=True)
def installed_fonts(monkeypatch):
    from host import fonts

    fake = FakeFonts()
    monkeypatch.setattr(fonts, "installed_fonts", fake)
    return fake


@pytest.fixture
def opened_urls(monkeypatch):
    """QDesktopServices.openUrl, recorded instead of starting Word or a file manager."""
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """The clerk's 文档 folder (QStandardPaths.DocumentsLocation), inside the test's own folder: a
    report's first save offers (and makes) 文档/年报通/<年度>, never in the real home folder."""
    folder = tmp_path / "文档"
    folder.mkdir(exist_ok=True)
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(folder) if location
                        == QStandardPaths.StandardLocation.DocumentsLocation else real(location))
    return folder


@pytest.fixture
def window(qtbot, qapp, data_dir, scripted, opened_urls, documents):
    from ui.app import make_app
    from ui.main_window import MainWindow

    make_app()
    win = MainWindow(folder=data_dir)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.start.format.isEnabled)      # the formats arrive from the background load
    yield win
    if win.document is not None:
        win.document._saved = win.document.report.copy()     # no "save?" question on teardown
    win.close()
    win.deleteLater()


# --- typing as a user does ---------------------------------------------------------------------------

def commit_text(widget, text: str) -> None:
    """What a Chinese input method does: commit text to the focused editor."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def editor_of(view):
    return view.indexWidget(view.currentIndex())


def type_in_cell(qtbot, view, cell, text: str, finish=Qt.Key_Return) -> None:
    """Select `cell`, type `text` (replacing what is there) and press Enter (or Tab)."""
    assert view.select_cell(cell), cell
    if text.isascii() and text:
        qtbot.keyClick(view, text[0])
        editor = editor_of(view)
        assert editor is not None and view.state() == QAbstractItemView.EditingState
        if len(text) > 1:
            qtbot.keyClicks(editor, text[1:])
    else:
        commit_text(view, text)         # the view opens the cell and passes the text on
        editor = editor_of(view)
        assert editor is not None
    if finish is not None:
        qtbot.keyClick(editor, finish)
        QApplication.processEvents()     # Qt commits an entry on Enter through a queued call


def page_widget(window, key: str):
    row = next(i for i, page in enumerate(window.pages) if page.key == key)
    window.go(row)
    return window.page_widgets[row]


def menus(window) -> dict[str, QMenu]:
    """The menu bar's menus by their title without the access key (文件, 编辑…). Taken from the bar's children,
    not from QAction.menu(): PySide6 6.9 invalidates the menu that call returns once the action's Python
    object is gone (the menu itself lives on)."""
    bar = window.menuBar()
    return {menu.title().split("(")[0]: menu
            for menu in bar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)}
