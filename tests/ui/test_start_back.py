"""The start page with a report open: a way back to it (a button naming the report, and Esc)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import page_widget


def test_the_start_page_leads_back_to_the_open_report(window, qtbot):
    assert not window.start.back_button.isVisible()
    qtbot.keyClick(window.start.organ, Qt.Key_Escape)                       # nothing open: Esc does nothing
    assert window.central.currentWidget() is window.start
    window.open_sample("2025-qingchuan-scjgj.json")
    page_widget(window, "table:t3")
    row = window.current_row()
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)                    # 新建/开始页
    assert window.central.currentWidget() is window.start
    back = window.start.back_button
    assert back.isVisible() and back.text() == f"返回当前报告《{window.document.report.title}》（Esc）"
    qtbot.mouseClick(back, Qt.LeftButton)
    assert window.central.currentWidget() is window.workspace and window.current_row() == row
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)
    qtbot.keyClick(window.start.organ, Qt.Key_Escape)                        # Esc, from the name field
    assert window.central.currentWidget() is window.workspace and window.current_row() == row
