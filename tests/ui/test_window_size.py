"""The window on real office screens: it opens inside the screen's available area (a 1366×768
laptop with a taskbar, 1024×700, 1600×1000 at 150 % scaling), the page list, 上一步/下一步 and a
table's viewport stay visible, and its size and position are kept between runs — brought back
inside the screen when the remembered place no longer fits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QPushButton

from .conftest import page_widget, type_in_cell

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


def fits(window, area: QRect) -> bool:
    """The window, and the least height its content asks for, inside the screen's available area."""
    return (area.contains(window.frameGeometry())
            and window.minimumSizeHint().height() <= area.height() and window.minimumSizeHint().width() <= area.width()
            and window.minimumSize().height() <= area.height())


def navigation_visible(window) -> bool:
    workspace = window.workspace
    return all(visible_in(window, widget) for widget in (workspace.prev_button, workspace.next_button,
                                                         window.statusBar()))


def _r1_clicked_on_review(window, qtbot):
    """表三 (一)予以公开/自然人 typed as 17 (the sample has 71): R1's finding clicked lists the likely typos."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from forms.expr import Cell

    table = page_widget(window, "table:t3")
    type_in_cell(qtbot, table.view, Cell("t3", "granted", "natural"), "17")
    review = page_widget(window, "review")
    model = review.findings.model()
    row = next(r for r in range(model.rowCount())
               if model.finding(model.index(r)) is not None and model.finding(model.index(r)).rule == "R1")
    QTest.mouseClick(review.findings.viewport(), Qt.MouseButton.LeftButton,
                     pos=review.findings.visualRect(model.index(row)).center())
    qtbot.waitUntil(review.typos.isVisible)
    return review


@pytest.mark.parametrize("area", [SCREENS["1600x1000 at 150%"], SCREENS["1024x700"]], ids=["150%", "1024x700"])
def test_review_with_likely_typos_fits_screen(open_window, qtbot, area):
    window = open_window(area)
    window.open_sample("2025-qingchuan-scjgj.json")
    review = _r1_clicked_on_review(window, qtbot)
    assert len(review.typos.links()) >= 3
    qtbot.wait(50)
    assert fits(window, area), (window.frameGeometry(), window.minimumSizeHint(), area)
    assert navigation_visible(window)
    assert visible_in(window, review.findings)
    viewport = review.scroll_area.viewport()           # the buttons and the typos in sight without scrolling
    for widget in (review.fix_button, review.typos):
        top_left = widget.mapTo(viewport, QPoint(0, 0))
        assert viewport.rect().contains(QRect(top_left, widget.size())), widget
    # back on a table page the window is not kept taller than the screen by the page it left
    page_widget(window, "table:t3")
    assert fits(window, area), (window.frameGeometry(), window.minimumSizeHint(), area)


def test_identity_with_carry_over_conflicts_fits_screen(open_window, qtbot, scripted, tmp_path):
    """A 上年草稿 whose 结转 differs from the 上年结转 typed in 7 cells: the long red message on 基本信息
    keeps the fields whole and the window inside the screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    sample = json.loads((Path(__file__).parents[2] / "forms" / "samples" / "2025-qingchuan-scjgj.json")
                        .read_text(encoding="utf-8"))
    sample["year"] = 2024
    carried = sample["tables"]["t3"]["carried_forward"]
    for column in carried:
        carried[column] = 99
    path = tmp_path / "上年.json"
    path.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    area = SCREENS["1600x1000 at 150%"]
    window = open_window(area)
    window.open_sample("2025-qingchuan-scjgj.json")
    identity = page_widget(window, "identity")
    scripted.files.append(path)
    scripted.answers.append("keep")
    choose = next(b for b in identity.findChildren(QPushButton) if b.text() == "选择上年草稿…")
    QTest.mouseClick(choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(identity.message.isVisible)
    assert "保留了本年的数字" in identity.message.text()
    qtbot.wait(50)
    assert fits(window, area), (window.frameGeometry(), window.minimumSizeHint(), area)
    assert navigation_visible(window)
    for edit in (identity.organ, identity.year, *identity.info.values()):   # no field squashed below its text
        assert edit.height() >= edit.minimumSizeHint().height(), edit


def test_empty_text_before_the_table_keeps_small_and_grows_as_typed(open_window, qtbot):
    """表二's optional “表格前的说明文字” box on a 1366×768 laptop: one line while empty (the table shows
    its rows), taller as lines are typed, up to a few lines (the rest scrolls); typed text is the
    report's and undone with Ctrl+Z."""
    from PySide6.QtCore import Qt

    from .conftest import commit_text

    window = open_window(SCREENS["1366x768 with a taskbar"])
    window.open_sample("2025-qingchuan-scjgj.json")
    page = page_widget(window, "table:t2")
    prose, view = page.prose, page.view
    key = page.page.prose_key
    assert prose is not None and prose.text() == ""
    line = prose.fontMetrics().lineSpacing()
    assert prose.height() <= 2 * line + 16, prose.height()
    shown_rows = view.rowAt(view.viewport().height() - 1) - view.rowAt(0)
    assert shown_rows >= 8 or view.rowAt(view.viewport().height() - 1) == -1, shown_rows
    empty_height = prose.height()

    prose.setFocus()
    qtbot.waitUntil(prose.hasFocus)
    commit_text(prose, "本年度新制发规章2件。")
    for _ in range(3):
        qtbot.keyClick(prose, Qt.Key_Return)
        commit_text(prose, "另有说明。")
    assert prose.height() > empty_height + 2 * line          # grown with its lines
    assert window.document.report.sections[key].startswith("本年度新制发规章2件。")
    for _ in range(20):
        qtbot.keyClick(prose, Qt.Key_Return)
        commit_text(prose, "又一行。")
    assert prose.height() <= 8 * line + 16                    # a few lines at most: the rest scrolls
    assert visible_in(window, view.viewport()) and view.viewport().height() >= 100
    while window.document.report.sections.get(key):
        qtbot.keyClick(prose, Qt.Key_Z, Qt.ControlModifier)
    assert prose.text() == "" and prose.height() <= 2 * line + 16


def test_review_with_eight_likely_typos_fits_a_laptop(open_window, qtbot):
    """1366×768: two-digit figures in 自然人's column, the balance 9 out: eight swapped digits would each
    explain it. The list shows a few and scrolls; the window stays inside the screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from forms.expr import Cell

    area = SCREENS["1366x768 with a taskbar"]
    window = open_window(area)
    window.open_sample("2025-qingchuan-scjgj.json")
    table = page_widget(window, "table:t3")
    report = window.document.report
    rows = [r for r in ("granted", "partial", "denied_state_secret", "denied_law_forbidden",
                        "denied_three_security", "denied_third_party", "denied_internal", "denied_process",
                        "denied_enforcement_file", "denied_admin_query", "unable_not_held")]
    figures = ["21", "32", "43", "54", "65", "76", "87", "98", "21", "32", "43"]
    assert table.view.select_cell(Cell("t3", rows[0], "natural"))
    QGuiApplication.clipboard().setText("\n".join(figures) + "\n")
    qtbot.keyClick(table.view, Qt.Key_V, Qt.ControlModifier)
    assert [report.value(Cell("t3", r, "natural")) for r in rows] == [int(f) for f in figures]
    value = report.value
    received = (value(Cell("t3", "total_processed", "natural")) + value(Cell("t3", "carried_forward", "natural"))
                - value(Cell("t3", "carried_over", "natural")) - 9)
    type_in_cell(qtbot, table.view, Cell("t3", "new_received", "natural"), str(received))
    review = page_widget(window, "review")
    model = review.findings.model()
    row = next(r for r in range(model.rowCount()) if (f := model.finding(model.index(r))) is not None
               and f.rule == "R1" and "自然人" in f.message)
    QTest.mouseClick(review.findings.viewport(), Qt.MouseButton.LeftButton,
                     pos=review.findings.visualRect(model.index(row)).center())
    qtbot.waitUntil(review.typos.isVisible)
    assert len(review.typos.links()) == 8
    qtbot.wait(50)
    assert fits(window, area), (window.frameGeometry(), window.minimumSizeHint(), area)
    assert navigation_visible(window) and visible_in(window, review.findings)
    assert review.typos.height() < 8 * review.typos.links()[0].sizeHint().height()     # a few shown, the rest scroll
