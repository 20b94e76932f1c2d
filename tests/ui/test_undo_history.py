"""One undo history for the whole report: prose and 基本信息 edits are undone by the toolbar's 撤销 and
Ctrl+Z like figures, in the order things were done; a burst of typing is one step (not one per
character), and undoing it puts the text back where it was typed, on its page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QToolBar

from forms.expr import Cell

from .conftest import commit_text, editor_of, page_widget, type_in_cell

GRANTED = Cell("t3", "granted", "legal")


def open_sample(window):
    window.open_sample("2025-qingchuan-scjgj.json")
    return window.document


def toolbar_click(window, qtbot, action):
    """Press a toolbar button with the mouse, as the clerk does."""
    button = window.findChild(QToolBar).widgetForAction(action)
    assert button is not None and button.isEnabled(), action.text()
    qtbot.mouseClick(button, Qt.LeftButton)


def shown_key(window) -> str:
    return window.pages[window.current_row()].key


def type_at_end(qtbot, editor, chinese: str, figures: str) -> None:
    """A new paragraph typed at the end: Chinese by the input method, a figure on the keyboard."""
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key_Return)
    commit_text(editor, chinese)
    qtbot.keyClicks(editor, figures)
    commit_text(editor, "件。")


def test_typing_in_a_prose_editor_is_one_step_and_ctrl_z_takes_it_back(window, qtbot):
    document = open_sample(window)
    prose = page_widget(window, "section:problems")
    before = prose.editor.text()
    seen = []
    document.changed.connect(seen.append)
    type_at_end(qtbot, prose.editor, "本年共收到政府信息公开申请", "3,001")    # an input method commits phrases
    typed = before + "\n本年共收到政府信息公开申请3,001件。"
    assert document.report.sections["problems"] == typed
    assert document.undo_stack.count() == 1                    # one step for the burst, not one per key
    assert not prose.editor.document().isUndoAvailable()         # one history: the editor keeps none of its own
    seen.clear()
    qtbot.keyClick(prose.editor, Qt.Key_Z, Qt.ControlModifier)
    assert prose.editor.text() == before and document.report.sections["problems"] == before
    assert prose.editor.textCursor().position() == len(before)  # the caret where the typing was
    assert [c.sections for c in seen] == [frozenset({"problems"})] and not seen[0].cells
    qtbot.keyClick(prose.editor, Qt.Key_Y, Qt.ControlModifier)
    assert prose.editor.text() == typed and document.report.sections["problems"] == typed
    assert prose.editor.textCursor().position() == len(typed)


def test_one_history_in_the_order_things_were_done(window, qtbot):
    document = open_sample(window)
    report = document.report
    identity = page_widget(window, "identity")
    identity.info["phone"].setFocus()
    identity.info["phone"].selectAll()
    qtbot.keyClicks(identity.info["phone"], "0839-7654321")
    prose = page_widget(window, "section:problems")
    before = prose.editor.text()
    type_at_end(qtbot, prose.editor, "全年共", "12")
    table = page_widget(window, "table:t3")
    type_in_cell(qtbot, table.view, GRANTED, "40")
    identity = page_widget(window, "identity")
    identity.organ.setFocus()
    identity.organ.end(False)
    commit_text(identity.organ, "（本级）")
    assert report.organ == "青川市市场监督管理局（本级）" and document.undo_stack.count() == 4
    window.go(window.page_index(table.page.kind))      # undo from another page: each step shows its own

    toolbar_click(window, qtbot, window.act_undo)
    assert report.organ == "青川市市场监督管理局" and identity.organ.text() == report.organ
    assert shown_key(window) == "identity"
    toolbar_click(window, qtbot, window.act_undo)
    assert report.value(GRANTED) == 3 and shown_key(window) == "table:t3"
    toolbar_click(window, qtbot, window.act_undo)
    assert report.sections["problems"] == before and prose.editor.text() == before
    assert shown_key(window) == "section:problems"
    toolbar_click(window, qtbot, window.act_undo)
    assert report.info["phone"] == "0839-6123456" and identity.info["phone"].text() == "0839-6123456"
    assert shown_key(window) == "identity" and not window.act_undo.isEnabled()

    for _ in range(4):
        toolbar_click(window, qtbot, window.act_redo)
    assert report.info["phone"] == "0839-7654321" and report.value(GRANTED) == 40
    assert report.organ == "青川市市场监督管理局（本级）" and prose.editor.text().endswith("全年共12件。")


def test_leaving_a_field_ends_the_burst(window, qtbot):
    document = open_sample(window)
    identity = page_widget(window, "identity")
    phone, address = identity.info["phone"], identity.info["address"]
    phone.setFocus()
    phone.end(False)
    qtbot.keyClicks(phone, " 8")
    address.setFocus()
    phone.setFocus()
    phone.end(False)
    qtbot.keyClicks(phone, "01")           # back in the same field: a new step
    assert document.report.info["phone"] == "0839-6123456 801"
    assert document.undo_stack.count() == 2
    qtbot.keyClick(phone, Qt.Key_Z, Qt.ControlModifier)
    assert phone.text() == document.report.info["phone"] == "0839-6123456 8"


def test_the_year_and_its_undo(window, qtbot):
    document = open_sample(window)
    identity = page_widget(window, "identity")
    seen = []
    document.changed.connect(seen.append)
    identity.year.setFocus()
    identity.year.lineEdit().selectAll()
    qtbot.keyClicks(identity.year, "2024")
    assert document.report.year == 2024 and document.undo_stack.count() == 1
    seen.clear()
    qtbot.keyClick(identity.year, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.year == 2025 and identity.year.value() == 2025
    assert [c.identity for c in seen] == [True] and not seen[0].sections and not seen[0].cells


def test_ctrl_z_in_a_cell_being_typed_is_the_cells_own(window, qtbot):
    """A figure still being typed is not in the report yet: Ctrl+Z there undoes that typing, not the
    last step of the report."""
    document = open_sample(window)
    prose = page_widget(window, "section:problems")
    type_at_end(qtbot, prose.editor, "全年共", "12")
    table = page_widget(window, "table:t3")
    type_in_cell(qtbot, table.view, GRANTED, "45", finish=None)
    editor = editor_of(table.view)
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert table.view.state() == QAbstractItemView.EditingState
    assert document.report.sections["problems"].endswith("全年共12件。") and document.undo_stack.index() == 1


def test_the_text_over_a_table_is_in_the_same_history(window, qtbot):
    """表二's page has its own text box (the words printed before the table): undone like any prose."""
    document = open_sample(window)
    t2 = page_widget(window, "table:t2")
    before = t2.prose.text()
    t2.prose.setFocus()
    t2.prose.moveCursor(QTextCursor.MoveOperation.End)
    commit_text(t2.prose, "本年度主动公开信息")
    qtbot.keyClicks(t2.prose, "1,204")
    type_in_cell(qtbot, t2.view, Cell("t2", "rules", "issued"), "2")
    assert document.undo_stack.count() == 2 and not t2.prose.document().isUndoAvailable()
    window.go(0)
    toolbar_click(window, qtbot, window.act_undo)
    toolbar_click(window, qtbot, window.act_undo)
    assert shown_key(window) == "table:t2" and t2.prose.text() == before
    assert document.report.sections.get("proactive", "") == before


def test_ctrl_z_on_the_start_page_leaves_the_open_report_alone(window, qtbot):
    document = open_sample(window)
    identity = page_widget(window, "identity")
    identity.info["phone"].setFocus()
    qtbot.keyClicks(identity.info["phone"], "9")
    window.show_start()
    start = window.start
    start.organ.setFocus()
    qtbot.keyClicks(start.organ, "abc")
    qtbot.keyClick(start.organ, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.info["phone"].endswith("9") and window.central.currentWidget() is start
    assert start.organ.text() == ""                       # the field's own typing was undone


def test_a_paste_into_prose_is_a_step_of_its_own(window, qtbot):
    document = open_sample(window)
    prose = page_widget(window, "section:other")
    before = prose.editor.text()
    prose.editor.setFocus()
    prose.editor.moveCursor(QTextCursor.MoveOperation.End)
    commit_text(prose.editor, "另外，")
    QGuiApplication.clipboard().setText("本年度未收取信息处理费。")
    qtbot.keyClick(prose.editor, Qt.Key_V, Qt.ControlModifier)
    qtbot.keyClicks(prose.editor, " 1")
    assert document.report.sections["other"] == before + "另外，本年度未收取信息处理费。 1"
    assert document.undo_stack.count() == 3
    qtbot.keyClick(prose.editor, Qt.Key_Z, Qt.ControlModifier)
    qtbot.keyClick(prose.editor, Qt.Key_Z, Qt.ControlModifier)
    assert prose.editor.text() == before + "另外，" == document.report.sections["other"]
