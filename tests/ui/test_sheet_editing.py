"""Editing a table as in a spreadsheet: typing, Enter/Tab, Delete, refused entries, Chinese input,
copy and paste of blocks, undo and redo — all through the view, on the gov-2021 sample."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QApplication

from forms.expr import Cell
from forms.layout import Role
from ui import style

from .conftest import commit_text, editor_of, page_widget, type_in_cell

T3 = "table:t3"


def cell(row, column, table="t3"):
    return Cell(table, row, column)


def open_sample(window, name="2025-qingchuan-scjgj.json"):
    window.open_sample(name)
    return window.document


def test_typing_replaces_and_totals_follow(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    view, model = page.view, page.model
    assert document.report.value(cell("granted", "natural")) == 71
    processed = document.report.value(cell("total_processed", "natural"))
    type_in_cell(qtbot, view, cell("granted", "natural"), "80")
    assert document.report.value(cell("granted", "natural")) == 80
    # computed cells on screen follow at once: the row total and the column total
    assert model.data(model.index_of(cell("granted", "total"))) == "94"
    assert model.data(model.index_of(cell("total_processed", "natural"))) == str(processed + 9)
    # Enter moved down to the next input cell of the column
    assert view.currentIndex() == model.index_of(cell("partial", "natural"))


def test_tab_moves_right_and_skips_computed_cells(window, qtbot):
    open_sample(window)
    page = page_widget(window, T3)
    view, model = page.view, page.model
    type_in_cell(qtbot, view, cell("granted", "other_org"), "2", finish=Qt.Key_Tab)
    # 总计 is computed: Tab goes on to the first input cell of the next row
    assert view.currentIndex() == model.index_of(cell("partial", "natural"))
    view.select_cell(cell("granted", "business"))
    qtbot.keyClick(view, Qt.Key_Tab)
    assert view.currentIndex() == model.index_of(cell("granted", "research"))
    qtbot.keyClick(view, Qt.Key_Return)
    assert view.currentIndex() == model.index_of(cell("partial", "research"))


def test_delete_clears_the_selection_as_one_undo_step(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    view, model = page.view, page.model
    view.select_cell(cell("granted", "natural"))
    view.selectionModel().select(model.index_of(cell("granted", "business")), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key_Delete)
    assert document.report.value(cell("granted", "natural")) is None
    assert document.report.value(cell("granted", "business")) is None
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.value(cell("granted", "natural")) == 71
    assert document.report.value(cell("granted", "business")) == 9


def test_a_refused_entry_keeps_the_editor_and_says_why(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    view = page.view
    type_in_cell(qtbot, view, cell("granted", "natural"), "12.5")
    assert view.state() == QAbstractItemView.EditingState      # still open, text kept for correcting
    assert editor_of(view).text() == "12.5"
    assert "整数" in page.message.text() and page.message.isVisible()
    assert document.report.value(cell("granted", "natural")) == 71
    qtbot.keyClicks(editor_of(view), "13")                      # the text was selected: typing replaces
    qtbot.keyClick(editor_of(view), Qt.Key_Return)
    QApplication.processEvents()
    assert document.report.value(cell("granted", "natural")) == 13
    assert not page.message.isVisible()


def test_chinese_input_method_full_width_digits_and_unit(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    type_in_cell(qtbot, page.view, cell("denied_internal", "natural"), "１２件")
    assert document.report.value(cell("denied_internal", "natural")) == 12
    # and through an editor opened with F2
    page.view.select_cell(cell("denied_internal", "business"))
    qtbot.keyClick(page.view, Qt.Key_F2)
    commit_text(editor_of(page.view), "３")
    qtbot.keyClick(editor_of(page.view), Qt.Key_Return)
    QApplication.processEvents()
    assert document.report.value(cell("denied_internal", "business")) == 3


def test_typing_on_a_computed_cell_explains(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    page.view.select_cell(cell("granted", "total"))
    qtbot.keyClick(page.view, "5")
    assert page.view.state() != QAbstractItemView.EditingState
    assert "自动计算" in page.message.text()
    assert document.report.value(cell("granted", "total")) == 85


def test_error_cells_are_marked_with_tooltip_and_panel(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    model = page.model
    type_in_cell(qtbot, page.view, cell("new_received", "natural"), "190")     # R1 no longer balances
    errors = [f for f in document.result.errors if f.rule == "R1"]
    assert errors
    index = model.index_of(cell("carried_forward", "natural"))
    unmarked = model.data(model.index_of(cell("granted", "natural")), Qt.BackgroundRole)     # an input cell R1 spares
    assert unmarked == style.INPUT_BG
    for in_error in (index, model.index_of(cell("new_received", "natural"))):
        assert model.data(in_error, Qt.BackgroundRole) == style.ERROR_BG != unmarked
    assert "R1" not in model.data(index, Qt.ToolTipRole) and "【错误】" in model.data(index, Qt.ToolTipRole)
    panel = page.findings.model()
    shown = [panel.data(panel.index(r)) for r in range(panel.rowCount())]
    assert any(errors[0].message in text for text in shown)
    # clicking the finding selects a cell it is about
    page.findings.finding_activated.emit(errors[0])
    assert model.data(page.view.currentIndex(), 257) in errors[0].cells


def test_paste_a_block_checks_every_cell_and_undoes_in_one_step(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    view = page.view
    before = document.report.copy()
    QGuiApplication.clipboard().setText("1\t2\t3\r\n4\tx\t-1\r\n")
    view.select_cell(cell("denied_state_secret", "natural"))
    qtbot.keyClick(view, Qt.Key_V, Qt.ControlModifier)
    values = document.report
    assert values.value(cell("denied_state_secret", "natural")) == 1
    assert values.value(cell("denied_state_secret", "business")) == 2
    assert values.value(cell("denied_state_secret", "research")) == 3
    assert values.value(cell("denied_law_forbidden", "natural")) == 4
    assert values.value(cell("denied_law_forbidden", "business")) == 0        # unchanged: "x" refused
    text = page.message.text()
    assert text.startswith("已粘贴4个单元格") and "2处没有填入" in text and "不是数字" in text and "负数" in text
    assert document.undo_stack.count() == 1
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.same_content(before)
    qtbot.keyClick(window, Qt.Key_Y, Qt.ControlModifier)
    assert document.report.value(cell("denied_law_forbidden", "natural")) == 4


def test_paste_over_labels_and_computed_cells_says_what_was_not_taken(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    QGuiApplication.clipboard().setText("5\t6\t7\t8\t9\t10\t99\t11\n")     # 7 columns + one too many
    page.view.select_cell(cell("granted", "natural"))
    page.view.paste_text(QGuiApplication.clipboard().text())
    assert [document.report.value(cell("granted", c)) for c in
            ("natural", "business", "research", "public_interest", "legal", "other_org")] == [5, 6, 7, 8, 9, 10]
    assert document.report.value(cell("granted", "total")) == 45
    text = page.message.text()
    assert "自动计算" in text and "超出了表格范围" in text


def test_one_figure_fills_every_selected_cell(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    view, model = page.view, page.model
    view.select_cell(cell("notproc_petition", "research"))
    for column in ("public_interest", "legal"):
        view.selectionModel().select(model.index_of(cell("notproc_petition", column)),
                                     QItemSelectionModel.SelectionFlag.Select)
    view.paste_text("7")
    assert [document.report.value(cell("notproc_petition", c))
            for c in ("research", "public_interest", "legal")] == [7, 7, 7]


def test_copy_gives_excel_a_tab_separated_block(window, qtbot):
    open_sample(window)
    page = page_widget(window, T3)
    view, model = page.view, page.model
    view.select_cell(cell("new_received", "natural"))
    view.selectionModel().select(model.index_of(cell("carried_over", "business")),
                                 QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key_C, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "186\t23\n9\t1\n"


def test_amounts_in_wan_yuan(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, "table:t2")
    type_in_cell(qtbot, page.view, cell("fees", "amount", "t2"), "12.3456万元")
    assert document.report.value(cell("fees", "amount", "t2")) == Decimal("12.3456")
    type_in_cell(qtbot, page.view, cell("fees", "amount", "t2"), "3940元")
    assert "万元" in page.message.text()
    qtbot.keyClick(editor_of(page.view), Qt.Key_Escape)
    assert document.report.value(cell("fees", "amount", "t2")) == Decimal("12.3456")


def test_undo_shows_the_cell_it_changed(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    type_in_cell(qtbot, page.view, cell("granted", "legal"), "4")
    window.go(0)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.value(cell("granted", "legal")) == 3
    assert window.pages[window.current_row()].key == T3
    assert page.view.currentIndex() == page.model.index_of(cell("granted", "legal"))


def test_computed_cells_are_grey_and_read_only(window):
    open_sample(window)
    model = page_widget(window, T3).model
    assert not model.findings()                # the sample's t3 is clean: no cell wears a finding's colour
    grey = style.COMPUTED_BG
    assert grey.red() == grey.green() == grey.blue() < style.INPUT_BG.lightness()
    roles = set()
    for gc in model.grid.cells:
        index = model.index(gc.row, gc.col)
        editable = bool(model.flags(index) & Qt.ItemIsEditable)
        assert editable == (gc.role == "value")
        if gc.role == Role.COMPUTED:
            assert model.data(index, Qt.BackgroundRole) == grey, gc
            assert model.setData(index, "3") is False
        elif gc.role == Role.VALUE:
            assert model.data(index, Qt.BackgroundRole) == style.INPUT_BG, gc
        roles.add(gc.role)
    assert {Role.COMPUTED, Role.VALUE} <= roles


def test_ctrl_z_in_a_text_box_undoes_the_typing_not_a_table_edit(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    type_in_cell(qtbot, page.view, cell("granted", "legal"), "4")
    prose = page_widget(window, "section:problems")
    before = prose.editor.toPlainText()
    commit_text(prose.editor, "新增一句。")
    assert document.report.sections["problems"].startswith("新增一句。")
    qtbot.keyClick(prose.editor, Qt.Key_Z, Qt.ControlModifier)
    assert prose.editor.toPlainText() == before and document.report.sections["problems"] == before
    assert document.report.value(cell("granted", "legal")) == 4          # the table edit stays


def test_a_figure_longer_than_its_column_widens_it(window, qtbot):
    open_sample(window)
    page = page_widget(window, "table:t4")
    view = page.view
    narrow = view.columnWidth(0)
    type_in_cell(qtbot, view, Cell("t4", "admin_review", "upheld"), "123456789012")
    assert view.columnWidth(0) > narrow
    assert view.columnWidth(0) >= view.fontMetrics().horizontalAdvance("123,456,789,012")


def test_the_paste_message_reads_as_one_sentence(window, qtbot):
    """Refusals end with a full stop of their own: joined, none is doubled (the tester saw "填 0。。请从")."""
    import re

    document = open_sample(window)
    before = document.report.copy()
    page = page_widget(window, T3)
    page.view.select_cell(cell("denied_state_secret", "natural"))
    page.view.paste_text("x\t-1\n")
    text = page.message.text()
    assert text.startswith("没有粘贴任何数字，有2处没有填入，请改正后重新粘贴这几处。")
    assert "不是数字" in text and "负数" in text
    assert not re.search(r"[。；，.;,][。；，.;,]", text), text
    assert all(line.startswith("· ") and line.endswith("。") for line in text.splitlines()[1:]), text
    page.view.select_cell(cell("denied_state_secret", "natural"))
    page.view.paste_text("a\tb\tc\td\te\n")                    # every refusal is listed, one a line
    text = page.message.text()
    assert (text.startswith("没有粘贴任何数字，有5处没有填入") and len(text.splitlines()) == 6
            and not re.search(r"[。；，.;,][。；，.;,]", text)), text
    assert document.report.same_content(before)                # nothing refused went in


def test_a_figure_typed_without_enter_goes_in_when_the_page_changes(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    type_in_cell(qtbot, page.view, cell("granted", "natural"), "66", finish=None)
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.current_page() is not page
    assert document.report.value(cell("granted", "natural")) == 66


def test_a_refused_entry_keeps_the_page_open_on_next_or_the_page_list(window, qtbot):
    document = open_sample(window)
    page = page_widget(window, T3)
    row = window.current_row()
    type_in_cell(qtbot, page.view, cell("granted", "natural"), "abc", finish=None)
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.current_row() == row and window.current_page() is page
    assert page.view.state() == QAbstractItemView.EditingState and editor_of(page.view).text() == "abc"
    assert page.message.isVisible() and "abc" in page.message.text()
    assert page.view.focusWidget() is editor_of(page.view) or QApplication.focusWidget() is editor_of(page.view)
    # a click on another page in the list: the same
    list_view = window.page_list
    target = window.page_model.index(0)
    qtbot.mouseClick(list_view.viewport(), Qt.LeftButton, pos=list_view.visualRect(target).center())
    assert window.current_row() == row and window.page_list.currentIndex().row() == row
    assert editor_of(page.view).text() == "abc"
    assert document.report.value(cell("granted", "natural")) == 71
    # corrected, it goes in and the page changes
    editor_of(page.view).setText("67")
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.current_row() == row + 1
    assert document.report.value(cell("granted", "natural")) == 67


def test_t3_header_rows_stay_in_sight_at_the_bottom_of_the_table(window, qtbot):
    open_sample(window)
    page = page_widget(window, T3)
    view, model = page.view, page.model
    header = view._header
    rows = model.grid.header_rows
    assert rows == 3 and header.isVisible()
    view.select_cell(cell("carried_forward", "natural"))          # the last row
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert view.verticalScrollBar().value() > 0
    # the header rows are drawn above the scrolled rows, with the table's own widths and heights
    assert header.geometry().bottom() < view.viewport().geometry().top() + 1
    assert header.height() == sum(view._header.rowHeight(r) for r in range(rows)) > 0
    assert [header.isRowHidden(r) for r in range(rows + 1)] == [False] * rows + [True]
    assert all(view.isRowHidden(r) for r in range(rows))
    assert [header.columnWidth(c) for c in range(model.columnCount())] == \
           [view.columnWidth(c) for c in range(model.columnCount())]
    labels = {model.text(model.index(r, c)) for r in range(rows) for c in range(model.columnCount())}
    assert "自然人" in labels
    last = view.visualRect(model.index_of(cell("carried_forward", "natural")))
    assert view.viewport().rect().contains(last)                # the last row is in sight too
    # typing at the bottom still works
    type_in_cell(qtbot, view, cell("carried_forward", "natural"), "13")
    assert window.document.report.value(cell("carried_forward", "natural")) == 13


def test_the_computed_cell_refusal_has_one_wording(window, qtbot):
    from forms.definition import computed_refusal

    document = open_sample(window)
    page = page_widget(window, T3)
    total = cell("granted", "total")
    page.view.select_cell(total)
    qtbot.keyClick(page.view, "5")
    assert page.message.text().startswith(computed_refusal(document.form.place(total)))
    page.view.select_cell(cell("granted", "other_org"))
    page.view.paste_text("1\tx\n")          # “x” lands on 总计 (a figure there is compared: tests/ui/test_paste.py)
    assert f"{computed_refusal(document.form.place(total))}，粘贴的“x”没有填入" in page.message.text()
