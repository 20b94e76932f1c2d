"""gov-2014: a subtotal the report states blank (the 2017 sample printed （一）收到申请数 blank while
its 网络申请数 is 1) shows blank in the table, with the figure its parts add up to as a grey hint, and
the 检查 page takes every such computed figure at once, as one step that can be undone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from forms.expr import Cell
from ui import style

from .conftest import page_widget, type_in_cell

SAMPLE = "2017-yueqing-wenguangxin.json"
RECEIVED = Cell("stats", "c1", "value")            # （一）收到申请数, stated blank
BY_POST = Cell("stats", "c1_4", "value")           # 4.信函申请数, blank; 3.网络申请数 is 1
STAFF = Cell("stats", "h3", "value")               # （三）从事政府信息公开工作人员数, stated blank


def _shown(model, cell, role=Qt.DisplayRole):
    return model.data(model.index_of(cell), role)


def test_a_stated_blank_subtotal_shows_blank_with_its_computed_value_as_a_hint(window, qtbot):
    window.open_sample(SAMPLE)
    page = page_widget(window, "table:stats:c")
    model, view = page.model, page.view
    assert model.text(model.index_of(RECEIVED)) == ""                  # blank, as the report states it
    assert _shown(model, RECEIVED) == "计算值：1"                        # the hint, in grey, not a red figure
    assert _shown(model, RECEIVED, Qt.ForegroundRole) == style.MUTED_FG
    tip = _shown(model, RECEIVED, Qt.ToolTipRole)
    assert "空白" in tip and "计算值：1" in tip and "采用计算结果" in tip
    view.select_cell(RECEIVED)
    qtbot.keyClick(view, Qt.Key_C, Qt.ControlModifier)                 # copied as it is: blank, no hint
    assert QGuiApplication.clipboard().text().strip() == ""
    # the hint follows the parts: 信函申请数 typed as 2 makes it 3, still a hint, still blank
    type_in_cell(qtbot, view, BY_POST, "2")
    assert model.text(model.index_of(RECEIVED)) == "" and _shown(model, RECEIVED) == "计算值：3"
    # a computed total the report does not state is its figure, as always: 不同意公开答复数 from its parts
    refused, kinds = Cell("stats", "c3_4", "value"), Cell("stats", "c3_4a", "value")
    type_in_cell(qtbot, view, kinds, "3,001")
    assert _shown(model, refused) == "3,001" and _shown(model, refused, Qt.ForegroundRole) == style.COMPUTED_FG


def test_all_computed_results_are_taken_at_once_and_undone_as_one_step(window, qtbot):
    window.open_sample(SAMPLE)
    document = window.document
    review = page_widget(window, "review")
    button = review.accept_all_button
    assert button.isEnabled() and button.text() == "全部采用计算结果（4处）"
    steps = document.undo_stack.count()
    qtbot.mouseClick(button, Qt.LeftButton)
    assert document.report.stated == {}
    assert document.undo_stack.count() == steps + 1                    # one step for all four
    assert window.act_undo.toolTip() == "撤销：全部采用计算结果（4处）（Ctrl+Z）"
    assert "4处" in review.message.text() and "可以撤销" in review.message.text()
    assert not any(f.rule in ("C1", "C2", "C3", "C7") for f in document.result.findings)
    assert not button.isEnabled()
    model = page_widget(window, "table:stats:c").model
    assert _shown(model, RECEIVED) == "1" and _shown(model, RECEIVED, Qt.ForegroundRole) == style.COMPUTED_FG

    review = page_widget(window, "review")
    qtbot.keyClick(review.findings, Qt.Key_Z, Qt.ControlModifier)     # all four back, in one undo
    assert set(document.report.stated) == {RECEIVED, Cell("stats", "c2", "value"), Cell("stats", "c3", "value"),
                                           STAFF}
    assert button.isEnabled() and button.text() == "全部采用计算结果（4处）"
    assert _shown(page_widget(window, "table:stats:h").model, STAFF) == "计算值：1"
