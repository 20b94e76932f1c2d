"""插入数据摘要 on a prose page: a passage stating the tables' figures goes in at the caret as ordinary
text, one undo step, and it agrees with the tables (no R8 finding)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from forms.expr import Cell

from .conftest import commit_text, page_widget, type_in_cell

SAMPLE_SUMMARY = (
    "本年度，我局共收到政府信息公开申请219件，上年结转10件；办结214件，其中予以公开85件、部分公开15件、"
    "不予公开19件、无法提供61件、不予处理25件、其他处理9件；结转下年度继续办理15件。"
    "本年度发生政府信息公开行政复议6件、行政诉讼5件。")


def r8(window, section: str) -> list:
    return [f for f in window.document.result.findings if f.rule == "R8" and f.section == section]


def test_the_passage_goes_in_at_the_caret_as_one_undo_step(window, qtbot):
    window.open_sample("2025-qingchuan-scjgj.json")
    document = window.document
    prose = page_widget(window, "section:problems")
    before = prose.editor.text()
    first = before.index("\n")                       # the clerk clicks at the end of the first paragraph
    cursor = prose.editor.textCursor()
    cursor.setPosition(first)
    prose.editor.setTextCursor(cursor)
    prose.editor.setFocus()
    qtbot.keyClick(prose.editor, Qt.Key_Return)
    commit_text(prose.editor, "全年情况如下：")
    steps = document.undo_stack.count()
    assert prose.summary_button.text() == "插入数据摘要" and prose.summary_button.isVisible()
    qtbot.mouseClick(prose.summary_button, Qt.LeftButton)
    typed = before[:first] + "\n全年情况如下：" + SAMPLE_SUMMARY + before[first:]
    assert document.report.sections["problems"] == typed == prose.editor.text()
    assert document.undo_stack.count() == steps + 1
    assert prose.editor.hasFocus()                             # the clerk goes on writing after it
    assert prose.editor.textCursor().position() == first + len("\n全年情况如下：" + SAMPLE_SUMMARY)
    assert r8(window, "problems") == []
    qtbot.keyClick(prose.editor, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.sections["problems"] == before[:first] + "\n全年情况如下：" + before[first:]
    qtbot.keyClick(prose.editor, Qt.Key_Y, Qt.ControlModifier)
    assert prose.editor.text() == typed


def test_the_passage_states_the_figures_just_typed_and_is_ordinary_text(window, qtbot):
    window.open_sample("2025-qingchuan-scjgj.json")
    document = window.document
    table = page_widget(window, "table:t3")
    type_in_cell(qtbot, table.view, Cell("t3", "new_received", "legal"), "3,001")      # 7 → 3,001
    type_in_cell(qtbot, table.view, Cell("t3", "granted", "legal"), "2,997")           # 3 → 2,997
    assert table.view.select_cell(Cell("t3", "carried_forward", "legal"))
    qtbot.keyClick(table.view, Qt.Key_Delete)                                         # 2 → blank
    assert document.report.values.get(Cell("t3", "carried_forward", "legal")) is None
    prose = page_widget(window, "section:other")
    prose.editor.setFocus()
    prose.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(prose.editor, Qt.Key_Return)
    qtbot.mouseClick(prose.summary_button, Qt.LeftButton)
    text = document.report.sections["other"]
    assert "共收到政府信息公开申请3213件" in text and "予以公开3079件" in text
    assert "结转下年度继续办理13件" in text                     # the blank counts as nothing
    assert r8(window, "other") == [] and r8(window, "overview")   # the overview still states the old figures
    qtbot.keyClick(prose.editor, Qt.Key_Backspace)             # ordinary text: the clerk edits it
    assert document.report.sections["other"] == text[:-1]
