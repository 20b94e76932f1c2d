"""Enter mode and edit mode, as in Excel and WPS: typing into a cell then pressing an arrow enters
the figure and moves to the neighbouring input cell (computed cells skipped, as Tab does); F2 or a
double click edits the text in place, where ←/→ move the caret and ↑/↓ still enter and move."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication

from forms.expr import Cell

from .conftest import editor_of, page_widget

T3 = "table:t3"
FIRST_ROW = ("natural", "business", "research", "public_interest")


def cell(row, column):
    return Cell("t3", row, column)


def opened(window):
    window.open_sample("2025-qingchuan-scjgj.json")
    page = page_widget(window, T3)
    return window.document, page


def press(qtbot, view, key):
    target = editor_of(view) if view.state() == QAbstractItemView.EditingState else view
    qtbot.keyClick(target, key)
    QApplication.processEvents()


def type_keys(qtbot, view, text):
    """Type as a user does: the first key opens the cell, the others go to its editor."""
    qtbot.keyClick(view, text[0])
    if len(text) > 1:
        qtbot.keyClicks(editor_of(view), text[1:])


def test_arrows_enter_each_figure_and_move_right(window, qtbot):
    document, page = opened(window)
    view = page.view
    view.select_cell(cell("new_received", "natural"))
    for figure in ("70", "60", "180", "30"):
        type_keys(qtbot, view, figure)
        press(qtbot, view, Qt.Key_Right)
    press(qtbot, view, Qt.Key_Return)
    values = [document.report.value(cell("new_received", c)) for c in FIRST_ROW]
    assert values == [70, 60, 180, 30]
    assert 706018030 not in [document.report.value(c) for c in page.model.cells()]
    assert view.state() != QAbstractItemView.EditingState


def _type_then(qtbot, view, document, typed: str, key, at: Cell, lands: Cell) -> None:
    """Type `typed` in the current cell (`at`), press `key`: the figure is in `at`, the cursor on `lands`."""
    type_keys(qtbot, view, typed)
    press(qtbot, view, key)
    assert document.report.value(at) == int(typed)
    assert view.currentIndex() == view.model().index_of(lands)


def test_down_enters_and_moves_down_left_and_up_skip_computed_cells(window, qtbot):
    document, page = opened(window)
    view = page.view
    granted, partial, other = cell("granted", "natural"), cell("partial", "natural"), cell("granted", "other_org")
    view.select_cell(granted)
    _type_then(qtbot, view, document, "80", Qt.Key_Down, granted, lands=partial)
    _type_then(qtbot, view, document, "5", Qt.Key_Up, partial, lands=granted)
    # nothing to the left to fill in: entered, stays
    _type_then(qtbot, view, document, "81", Qt.Key_Left, granted, lands=granted)
    assert view.state() != QAbstractItemView.EditingState
    view.select_cell(other)
    # 总计 is computed: no input cell to the right
    _type_then(qtbot, view, document, "2", Qt.Key_Right, other, lands=other)


def test_f2_edits_in_place_arrows_move_the_caret(window, qtbot):
    document, page = opened(window)
    view, model = page.view, page.model
    view.select_cell(cell("new_received", "natural"))
    type_keys(qtbot, view, "70")
    press(qtbot, view, Qt.Key_Return)
    view.select_cell(cell("new_received", "natural"))
    press(qtbot, view, Qt.Key_F2)
    assert view.state() == QAbstractItemView.EditingState
    press(qtbot, view, Qt.Key_Home)
    qtbot.keyClick(editor_of(view), "1")
    assert editor_of(view).text() == "170"
    press(qtbot, view, Qt.Key_End)
    press(qtbot, view, Qt.Key_Left)
    assert view.state() == QAbstractItemView.EditingState                 # ← moved the caret only
    assert view.currentIndex() == model.index_of(cell("new_received", "natural"))
    qtbot.keyClick(editor_of(view), "5")
    press(qtbot, view, Qt.Key_Right)
    assert view.state() == QAbstractItemView.EditingState
    assert editor_of(view).text() == "1750"
    press(qtbot, view, Qt.Key_Down)                                       # ↓ enters and moves, as Excel does
    assert document.report.value(cell("new_received", "natural")) == 1750
    assert view.currentIndex() == model.index_of(cell("carried_over", "natural"))


def test_double_click_edits_in_place(window, qtbot):
    document, page = opened(window)
    view, model = page.view, page.model
    index = model.index_of(cell("new_received", "business"))
    view.select_cell(cell("new_received", "business"))
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=where)       # a real double click: press, release, then
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=where)      # the double-click event
    assert view.state() == QAbstractItemView.EditingState
    before = document.report.value(cell("new_received", "business"))
    press(qtbot, view, Qt.Key_Home)
    press(qtbot, view, Qt.Key_Right)
    assert view.state() == QAbstractItemView.EditingState
    qtbot.keyClick(editor_of(view), "1")
    press(qtbot, view, Qt.Key_Return)
    text = str(before)
    assert document.report.value(cell("new_received", "business")) == int(text[0] + "1" + text[1:])


def test_a_refused_entry_does_not_move_on_an_arrow(window, qtbot):
    document, page = opened(window)
    view, model = page.view, page.model
    view.select_cell(cell("granted", "natural"))
    type_keys(qtbot, view, "abc")
    press(qtbot, view, Qt.Key_Right)
    assert view.state() == QAbstractItemView.EditingState
    assert editor_of(view).text() == "abc"
    assert view.currentIndex() == model.index_of(cell("granted", "natural"))
    assert "数字" in page.message.text() and page.message.isVisible()
    assert document.report.value(cell("granted", "natural")) == 71
    qtbot.keyClicks(editor_of(view), "9")          # the text was selected: typing replaces
    press(qtbot, view, Qt.Key_Right)
    assert document.report.value(cell("granted", "natural")) == 9
    assert view.currentIndex() == model.index_of(cell("granted", "business"))
    assert not page.message.isVisible()


def test_shift_arrows_select_keypad_arrows_move_f2_switches_mode(window, qtbot):
    document, page = opened(window)
    view, model = page.view, page.model
    view.select_cell(cell("granted", "natural"))
    type_keys(qtbot, view, "44")
    qtbot.keyClick(editor_of(view), Qt.Key_Left, Qt.ShiftModifier)       # selects text, as a line edit does
    assert view.state() == QAbstractItemView.EditingState and editor_of(view).selectedText() == "4"
    qtbot.keyClick(editor_of(view), Qt.Key_Right, Qt.KeypadModifier)     # the number pad's arrow (NumLock off)
    QApplication.processEvents()
    assert document.report.value(cell("granted", "natural")) == 44
    assert view.currentIndex() == model.index_of(cell("granted", "business"))
    view.select_cell(cell("granted", "research"))
    type_keys(qtbot, view, "3")
    press(qtbot, view, Qt.Key_F2)               # enter mode -> edit mode, as in Excel
    press(qtbot, view, Qt.Key_Left)
    assert view.state() == QAbstractItemView.EditingState
    assert view.currentIndex() == model.index_of(cell("granted", "research"))
    press(qtbot, view, Qt.Key_Return)           # (a window closed with a cell still open crashes pytest at exit)
    assert document.report.value(cell("granted", "research")) == 3


def test_two_figures_typed_with_a_space_are_refused_never_joined(window, qtbot):
    document, page = opened(window)
    view, model = page.view, page.model
    partial = cell("partial", "natural")
    before = document.report.value(partial)
    view.select_cell(partial)
    type_keys(qtbot, view, "70 60")
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(partial) == before
    assert view.state() == QAbstractItemView.EditingState and editor_of(view).text() == "70 60"
    assert "不是一个数字" in page.message.text() and "如果是一个数字，请去掉空格" in page.message.text()
    assert view.currentIndex() == model.index_of(partial)
    qtbot.keyClick(editor_of(view), Qt.Key_Escape)


def test_an_excel_row_pasted_into_an_open_cell_goes_cell_by_cell(window, qtbot):
    document, page = opened(window)
    view = page.view
    view.select_cell(cell("new_received", "natural"))
    press(qtbot, view, Qt.Key_F2)                           # edit mode, as a clerk may be in when pasting
    assert view.state() == QAbstractItemView.EditingState
    QGuiApplication.clipboard().setText("70\t60\t180\t30\r\n")
    qtbot.keyClick(editor_of(view), Qt.Key_V, Qt.ControlModifier)
    QApplication.processEvents()
    assert [document.report.value(cell("new_received", c)) for c in FIRST_ROW] == [70, 60, 180, 30]
    assert view.state() != QAbstractItemView.EditingState
    assert page.message.text() == "已粘贴4个单元格。"
    assert document.undo_stack.count() == 1


def test_one_figure_pasted_into_an_open_cell_goes_where_the_caret_is(window, qtbot):
    document, page = opened(window)
    view = page.view
    view.select_cell(cell("new_received", "natural"))
    type_keys(qtbot, view, "12")
    QGuiApplication.clipboard().setText("3\r\n")                 # one cell copied in Excel: with its line break
    press(qtbot, view, Qt.Key_Left)                                # (enter mode: ← enters 12 and stays)
    press(qtbot, view, Qt.Key_F2)
    press(qtbot, view, Qt.Key_Left)
    qtbot.keyClick(editor_of(view), Qt.Key_V, Qt.ControlModifier)
    assert view.state() == QAbstractItemView.EditingState and editor_of(view).text() == "132"
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(cell("new_received", "natural")) == 132


def _entered(qtbot, view, document, at: Cell, figure: str) -> None:
    view.select_cell(at)
    type_keys(qtbot, view, figure)
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(at) == int(figure)
    view.select_cell(at)


def test_f2_puts_the_caret_at_the_end_without_selecting_as_excel_does(window, qtbot):
    document, page = opened(window)
    view = page.view
    at = cell("new_received", "natural")
    _entered(qtbot, view, document, at, "12")
    press(qtbot, view, Qt.Key_F2)
    assert editor_of(view).selectedText() == "" and editor_of(view).cursorPosition() == 2
    press(qtbot, view, Qt.Key_Left)
    qtbot.keyClick(editor_of(view), "5")
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(at) == 152                  # Excel: 152 (was 512)
    view.select_cell(at)
    press(qtbot, view, Qt.Key_F2)
    press(qtbot, view, Qt.Key_Backspace)                     # erases one digit, not all
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(at) == 15


def test_double_click_puts_the_caret_where_clicked(window, qtbot):
    document, page = opened(window)
    view, model = page.view, page.model
    at = cell("new_received", "natural")
    _entered(qtbot, view, document, at, "1234")
    rect = view.visualRect(model.index_of(at))
    where = QPoint(rect.right() - 3, rect.center().y())      # right of the figure (right-aligned): after its end
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=where)
    editor = editor_of(view)
    assert view.state() == QAbstractItemView.EditingState
    assert editor.selectedText() == "" and editor.cursorPosition() == 4
    editor.setCursorPosition(2)                              # where the caret shows between 2 and 3
    between = editor.mapTo(view.viewport(), editor.cursorRect().center())
    press(qtbot, view, Qt.Key_Escape)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=between)
    qtbot.mouseDClick(view.viewport(), Qt.LeftButton, pos=between)
    editor = editor_of(view)
    assert editor.selectedText() == "" and editor.cursorPosition() == 2
    qtbot.keyClick(editor, "5")
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(at) == 12534


def test_typing_over_a_selected_cell_still_replaces_its_figure(window, qtbot):
    document, page = opened(window)
    view = page.view
    at = cell("new_received", "natural")
    _entered(qtbot, view, document, at, "12")
    type_keys(qtbot, view, "7")
    press(qtbot, view, Qt.Key_Return)
    assert document.report.value(at) == 7
