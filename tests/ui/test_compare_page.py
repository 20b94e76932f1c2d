"""上年对照 in the window: a read-only page after 检查 showing each key figure beside last year's, the
large swings marked, the way to choose last year's draft when none is, and every change followed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QAbstractItemView, QPushButton

from forms.draft import write_draft
from forms.expr import Cell

from .conftest import commit_text, page_widget, type_in_cell

ORGAN = "青川市市场监督管理局"
NATURAL = Cell("t3", "new_received", "natural")


def _new_report(window, qtbot, year=2026):
    start = window.start
    start.organ.setFocus()
    commit_text(start.organ, ORGAN)
    start.year.setFocus()
    start.year.lineEdit().selectAll()
    qtbot.keyClicks(start.year, str(year))
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    return window.document


def _row(page, key):
    model = page.view.model()
    for r in range(model.rowCount()):
        if model.row_key(r) == key:
            return [model.data(model.index(r, c)) for c in range(model.columnCount())], model.index(r, 0)
    raise AssertionError(key)


def _choose_last(window, qtbot, scripted, page, path):
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "选择上年草稿…")
    assert button.isVisible()
    scripted.files.append(path)
    qtbot.mouseClick(button, Qt.LeftButton)


def test_the_page_stands_after_review_and_shows_how_to_choose_last_year(window, qtbot, tmp_path, scripted,
                                                                       qingchuan):
    _new_report(window, qtbot)
    titles = [page.title for page in window.pages]
    assert titles[-3:] == ["检查", "上年对照", "导出"]
    page = page_widget(window, "compare")
    assert page.isVisible()
    assert page.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    header = page.view.model()
    assert [header.headerData(c, Qt.Horizontal) for c in range(5)] == ["项目", "本年", "上年", "增减", "增减幅度"]
    assert page.last_line.isVisible() and "选择上年草稿…" in page.last_line.text()
    assert _row(page, "new_received")[0][1:] == ["未填", "", "", ""]    # this year's column only

    _choose_last(window, qtbot, scripted, page, write_draft(qingchuan, tmp_path / "青川2025.json"))
    assert window.document.last is not None
    assert "2025年度" in page.last_line.text() and not page.last_button.isVisible()
    texts, _ = _row(page, "new_received")
    assert texts == ["表三 本年新收申请（总计）", "未填", "219", "", ""]
    texts, _ = _row(page, "carried_over")       # 上年结转 came over from last year's 结转下年度 (15)
    assert texts[1:] == ["15", "10", "+5", "+50.0%"]


def test_typing_a_figure_updates_the_page_and_marks_a_large_swing(window, qtbot, tmp_path, scripted, qingchuan):
    _new_report(window, qtbot)
    page = page_widget(window, "compare")
    _choose_last(window, qtbot, scripted, page, write_draft(qingchuan, tmp_path / "青川2025.json"))
    t3 = page_widget(window, "table:t3")
    type_in_cell(qtbot, t3.view, NATURAL, "3,001")
    page = page_widget(window, "compare")
    model = page.view.model()
    texts, index = _row(page, "new_received")
    assert texts[1:] == ["3,001", "219", "+2,782", "+1270.3%"]
    assert model.data(index, Qt.BackgroundRole) is not None                   # a swing is shaded
    assert "变化较大" in model.data(index, Qt.ToolTipRole)
    _, calm = _row(page, "carried_over")
    assert model.data(calm, Qt.BackgroundRole) is None
    # prose typed elsewhere does not redo the page; a figure undone does, at once
    refreshed = []
    redo = page.refresh
    page.refresh = lambda: (refreshed.append(1), redo())
    prose = page_widget(window, "section:overview")
    prose.editor.setFocus()
    commit_text(prose.editor, "本年度主动公开政府信息。")
    assert window.document.report.sections.get("overview")
    page_widget(window, "compare")
    assert refreshed == []
    window.document.undo_stack.undo()               # the prose
    window.document.undo_stack.undo()               # the figure (undo shows its cell on 表三)
    page_widget(window, "compare")
    assert refreshed and _row(page, "new_received")[0][1] == "未填"


SCREENS = {"1366x768 with a taskbar": QRect(0, 0, 1366, 728), "1600x1000 at 150%": QRect(0, 0, 1067, 667)}


@pytest.mark.parametrize("area", SCREENS.values(), ids=SCREENS.keys())
def test_the_page_fits_a_laptop_screen(qtbot, qapp, data_dir, scripted, opened_urls, documents, monkeypatch,
                                       tmp_path, qingchuan, area):
    from ui.app import make_app
    from ui.main_window import MainWindow

    make_app()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(area))
    window = MainWindow(folder=data_dir)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.start.format.isEnabled)
    try:
        _new_report(window, qtbot)
        page = page_widget(window, "compare")
        _choose_last(window, qtbot, scripted, page, write_draft(qingchuan, tmp_path / "青川2025.json"))
        qtbot.waitUntil(page.view.isVisible)
        assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
        view = page.view
        corner = view.viewport().mapTo(window, QPoint(0, 0))
        assert window.rect().contains(QRect(corner, view.viewport().size()))
        assert view.viewport().height() >= 5 * view.verticalHeader().defaultSectionSize()
        assert view.horizontalHeader().length() <= view.viewport().width()    # all five columns in sight
        label = view.fontMetrics().horizontalAdvance("表四 行政诉讼总计（直接起诉与复议后起诉）")
        assert view.columnWidth(0) >= label                                      # the longest label whole
    finally:
        window.document._saved = window.document.report.copy()
        window.close()
        window.deleteLater()


def test_excel_exported_with_last_year_chosen_has_the_sheet(window, qtbot, tmp_path, scripted, qingchuan):
    import openpyxl

    from forms.carryover import new_report

    window.open_path(write_draft(new_report(ORGAN, 2026), tmp_path / "青川2026.json"))
    _choose_last(window, qtbot, scripted, page_widget(window, "compare"),
                 write_draft(qingchuan, tmp_path / "青川2025.json"))
    type_in_cell(qtbot, page_widget(window, "table:t3").view, NATURAL, "3,001")
    export = page_widget(window, "export")
    outcome = export.export("xlsx", draft=True)
    assert outcome.path is not None, outcome
    workbook = openpyxl.load_workbook(outcome.path)
    assert workbook.sheetnames[-1] == "上年对照"
    sheet = workbook["上年对照"]
    assert any(row[1] == 3001 for row in sheet.iter_rows(values_only=True))


def test_double_click_opens_the_figures_table_and_a_wrong_year_is_said(window, qtbot, tmp_path, scripted,
                                                                        qingchuan):
    _new_report(window, qtbot, year=2027)                 # qingchuan is 2025's, not 2026's
    page = page_widget(window, "compare")
    scripted.answers.append("use")                        # 仍然使用 the draft of another year
    _choose_last(window, qtbot, scripted, page, write_draft(qingchuan, tmp_path / "青川2025.json"))
    page = page_widget(window, "compare")
    assert "所选草稿是2025年度的，不是上一年度（2026）的报告" in page.last_line.text()
    _, index = _row(page, "granted")
    view = page.view
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=rect.center())
    current = window.current_page()
    assert current.page.key == "table:t3"
    assert current.view.currentIndex() == current.view.model().index_of(Cell("t3", "granted", "total"))
