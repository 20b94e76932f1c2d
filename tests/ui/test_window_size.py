"""The window on real office screens: it opens inside the screen's available area (a 1366×768
laptop with a taskbar, 1024×700, 1600×1000 at 150 % scaling), the page list, 上一步/下一步 and a
table's viewport stay visible, and its size and position are kept between runs — brought back
inside the screen when the remembered place no longer fits."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen

SCREENS = {
    "1366x768 with a taskbar": QRect(0, 0, 1366, 728),
    "1024x700": QRect(0, 0, 1024, 700),
    "1600x1000 at 150%": QRect(0, 0, 1067, 667),
}


@pytest.fixture
def open_window(qtbot, qapp, data_dir, scripted, opened_urls, monkeypatch):
    """A function making a new window (on the data folder) on a screen of the given available area."""
    from ui.app import make_app
    from ui.main_window import MainWindow

    make_app()
    made = []

    def open_(area: QRect) -> MainWindow:
        monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(area))
        win = MainWindow(folder=data_dir)
        made.append(win)
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(win.start.format.isEnabled)
        return win

    yield open_
    for win in made:
        if win.document is not None:
            win.document._saved = win.document.report.copy()
        win.close()
        win.deleteLater()


def visible_in(window, widget) -> bool:
    """`widget` is shown and its whole rectangle lies inside the window's."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("area", SCREENS.values(), ids=SCREENS.keys())
def test_window_fits_screen_and_table_page_shows_navigation(open_window, qtbot, area):
    window = open_window(area)
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    window.open_sample("2025-qingchuan-scjgj.json")
    row = next(i for i, page in enumerate(window.pages) if page.key == "table:t3")
    window.go(row)
    qtbot.waitUntil(lambda: window.page_widgets[row].isVisible())
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    workspace = window.workspace
    table = window.page_widgets[row].view
    for widget in (workspace.list, workspace.prev_button, workspace.next_button, table.viewport()):
        assert visible_in(window, widget), widget
    assert table.viewport().height() >= 100


def test_geometry_saved_on_close_and_restored(open_window, data_dir):
    area = SCREENS["1366x768 with a taskbar"]
    first = open_window(area)
    first.setGeometry(QRect(120, 90, 1000, 600))
    first.close()
    saved = json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["window"]
    assert saved["width"] == 1000 and saved["height"] == 600
    second = open_window(area)
    assert second.geometry().size() == first.geometry().size()
    assert second.geometry().topLeft() == first.geometry().topLeft()
    assert area.contains(second.frameGeometry())


def test_saved_geometry_off_screen_is_brought_back(open_window, data_dir):
    # last used on a big monitor to the right of the laptop's screen
    (data_dir / "settings.json").write_text(json.dumps(
        {"window": {"x": 2200, "y": 300, "width": 1800, "height": 1100, "maximized": False}}), encoding="utf-8")
    area = SCREENS["1366x768 with a taskbar"]
    window = open_window(area)
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)


@pytest.mark.parametrize("value", [[1, 2], {"x": "a", "y": 0, "width": 10, "height": 10}, {"x": True}, "big"])
def test_damaged_saved_geometry_is_ignored(open_window, data_dir, value):
    (data_dir / "settings.json").write_text(json.dumps({"window": value}), encoding="utf-8")
    area = SCREENS["1024x700"]
    window = open_window(area)
    assert area.contains(window.frameGeometry())
