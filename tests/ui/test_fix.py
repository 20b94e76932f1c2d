"""按建议修正 must not hide the real mistake: the review page lists the likely typos next to the offer
(each a link to its cell), the fix asks first with what will change (from → to) and that the figure
becomes next year's 上年结转, cancel changes nothing, the fix is one undo step, an implausible fix is
not offered; double-clicking a finding selects every cell it is about."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from forms.draft import write_draft
from forms.expr import Cell
from ui import dialogs
from ui.fix_dialog import FixDialog
from ui.pages.review import ReviewPage
from ui.pages.table import TablePage

from .conftest import page_widget, type_in_cell

REAL_CONFIRM_FIX = dialogs.confirm_fix

SAMPLE = "2025-qingchuan-scjgj.json"
GRANTED = Cell("t3", "granted", "natural")
CARRIED_FORWARD = Cell("t3", "carried_forward", "natural")
NATURAL = [Cell("t3", row, "natural") for row in ("new_received", "carried_over", "total_processed",
                                                    "carried_forward")]


@pytest.fixture(autouse=True)
def real_fix_dialog(scripted, monkeypatch):
    """The real 按建议修正 dialog, driven by keys and clicks (every other dialog stays scripted)."""
    monkeypatch.setattr(dialogs, "confirm_fix", REAL_CONFIRM_FIX)


def t3_page(window) -> TablePage:
    page = page_widget(window, "table:t3")
    assert isinstance(page, TablePage)
    return page


def review_page(window) -> ReviewPage:
    page = page_widget(window, "review")
    assert isinstance(page, ReviewPage)
    return page


def with_typo(window, qtbot, text: str = "17", cell: Cell = GRANTED) -> ReviewPage:
    """The sample with a figure typed wrong in 表三 (71 as 17 by default), the review page on R1."""
    window.open_sample(SAMPLE)
    type_in_cell(qtbot, t3_page(window).view, cell, text)
    review = review_page(window)
    click_finding(qtbot, review, "R1")
    return review


def click_finding(qtbot, review: ReviewPage, rule: str, double: bool = False):
    model = review.findings.model()
    row = next(r for r in range(model.rowCount())
               if model.finding(model.index(r)) and model.finding(model.index(r)).rule == rule)
    index = model.index(row)
    review.findings.scrollTo(index)
    rect = review.findings.visualRect(index)
    qtbot.mouseClick(review.findings.viewport(), Qt.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(review.findings.viewport(), Qt.LeftButton, pos=rect.center())
    return model.finding(index)


def typo_buttons(widget) -> list[QPushButton]:
    QApplication.processEvents()        # a widget added to a shown layout is shown by a queued call
    return [b for b in widget.typos.findChildren(QPushButton) if b.isVisibleTo(widget)]


def selected(page: TablePage) -> set[Cell]:
    model = page.model
    return {model.grid_cell(i).cell for i in page.view.selectionModel().selectedIndexes()
            if model.grid_cell(i) is not None and model.grid_cell(i).cell is not None}


def run_fix_dialog(qtbot, review: ReviewPage, respond) -> FixDialog:
    """Click 按建议修正 and, once its dialog is up, `respond(dialog)` as the clerk does."""
    seen: list[FixDialog] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FixDialog):
            QTimer.singleShot(10, handle)
            return
        seen.append(dialog)
        respond(dialog)

    QTimer.singleShot(0, handle)
    qtbot.mouseClick(review.fix_button, Qt.LeftButton)
    assert seen, "按建议修正 asks first"
    return seen[0]


# --- the typo list next to the offer -------------------------------------------------------------

def test_the_review_page_lists_the_likely_typo_and_its_link_opens_the_cell(window, qtbot):
    review = with_typo(window, qtbot)
    assert review.fix_button.isEnabled()
    buttons = typo_buttons(review)
    assert buttons, "the likely typos are listed next to the offer"
    first = buttons[0]
    assert "（一）予以公开" in first.text() and "填的是17" in first.text() and "71" in first.text()
    assert "颠倒" in first.text()
    qtbot.mouseClick(first, Qt.LeftButton)
    t3 = window.current_page()
    assert isinstance(t3, TablePage) and t3.page.key == "table:t3"
    assert t3.model.grid_cell(t3.view.currentIndex()).cell == GRANTED
    assert selected(t3) == {GRANTED}


def test_no_typo_list_when_no_single_slip_explains_the_difference(window, qtbot):
    review = with_typo(window, qtbot, "73")       # 71 as 73: a difference of 2, no single slip makes it
    assert review.fix_button.isEnabled()
    assert typo_buttons(review) == [] and not review.typos.isVisible()


# --- the fix asks first ---------------------------------------------------------------------------

def test_the_fix_shows_from_to_and_next_years_carry_over_and_cancel_changes_nothing(window, qtbot):
    review = with_typo(window, qtbot)
    document = window.document
    steps = document.undo_stack.count()

    dialog = run_fix_dialog(qtbot, review, lambda dialog: qtbot.keyClick(dialog, Qt.Key_Escape))
    text = dialog.change.text()
    assert "表三“四、结转下年度继续办理”行“自然人”列" in text and "9" in text and "63" in text
    assert "下一年度" in dialog.carry.text() and "二、上年结转政府信息公开申请数量" in dialog.carry.text()
    assert any("（一）予以公开" in b.text() for b in typo_buttons(dialog))
    assert document.report.value(CARRIED_FORWARD) == 9
    assert document.undo_stack.count() == steps
    assert [f for f in document.result.errors if f.rule == "R1"]


def test_the_fix_applied_is_one_undo_step(window, qtbot):
    review = with_typo(window, qtbot)
    document = window.document
    steps = document.undo_stack.count()
    run_fix_dialog(qtbot, review, lambda dialog: qtbot.mouseClick(dialog.fix_button, Qt.LeftButton))
    assert document.report.value(CARRIED_FORWARD) == 63
    assert not [f for f in document.result.errors if f.rule == "R1"]
    assert document.undo_stack.count() == steps + 1
    assert "63" in review.message.text()
    window.activateWindow()                 # as the window manager does when the dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    review.findings.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Z, Qt.ControlModifier)
    assert document.report.value(CARRIED_FORWARD) == 9
    assert [f for f in document.result.errors if f.rule == "R1"]


def test_enter_does_not_fix_over_a_likely_typo(window, qtbot):
    review = with_typo(window, qtbot)
    run_fix_dialog(qtbot, review, lambda dialog: qtbot.keyClick(dialog, Qt.Key_Return))
    assert window.document.report.value(CARRIED_FORWARD) == 9


def test_enter_fixes_when_no_typo_explains_the_difference(window, qtbot):
    review = with_typo(window, qtbot, "73")
    dialog = run_fix_dialog(qtbot, review, lambda dialog: qtbot.keyClick(dialog, Qt.Key_Return))
    assert "没有找到能单独解释这个差额的笔误" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert window.document.report.value(CARRIED_FORWARD) == 7


def test_a_typo_clicked_in_the_fix_dialog_opens_its_cell_and_fixes_nothing(window, qtbot):
    review = with_typo(window, qtbot)

    def follow_the_typo(dialog: FixDialog) -> None:
        qtbot.mouseClick(typo_buttons(dialog)[0], Qt.LeftButton)

    run_fix_dialog(qtbot, review, follow_the_typo)
    assert window.document.report.value(CARRIED_FORWARD) == 9
    t3 = window.current_page()
    assert isinstance(t3, TablePage) and t3.model.grid_cell(t3.view.currentIndex()).cell == GRANTED


def test_an_implausible_fix_is_not_offered(window, qtbot, scripted, tmp_path):
    """With last year's report (结转 9), 186 typed as 1860 would be balanced by a 结转 of 1683: more
    than 10 times last year's. No fix: the message says to look for the typo, the typo is listed."""
    window.open_sample(SAMPLE)
    last = window.document.report.copy()
    last.year = 2024
    scripted.files.append(write_draft(last, tmp_path / "2024年报告.json"))
    scripted.answers.append("keep")           # this year's figures stay where last year's would differ
    review = review_page(window)
    qtbot.mouseClick(review.last_button, Qt.LeftButton)
    assert window.document.last is not None
    type_in_cell(qtbot, t3_page(window).view, Cell("t3", "new_received", "natural"), "1860")
    review = review_page(window)
    finding = click_finding(qtbot, review, "R1")
    assert finding.fix is None and "请先查找笔误" in finding.message
    assert not review.fix_button.isEnabled()
    [button] = typo_buttons(review)
    assert "“一、本年新收政府信息公开申请数量”" in button.text() and "186" in button.text()


# --- double-click a finding selects every cell it is about ------------------------------------------

def test_double_clicking_a_finding_on_the_review_page_selects_all_its_cells(window, qtbot):
    review = with_typo(window, qtbot, "5", CARRIED_FORWARD)
    finding = click_finding(qtbot, review, "R1", double=True)
    t3 = window.current_page()
    assert isinstance(t3, TablePage)
    assert set(finding.cells) == set(NATURAL)
    assert selected(t3) == set(NATURAL)
    assert t3.model.grid_cell(t3.view.currentIndex()).cell == NATURAL[0]
    rects = [t3.view.visualRect(t3.model.index_of(cell)) for cell in NATURAL]
    viewport = t3.view.viewport().rect()
    assert viewport.contains(rects[0])               # the first in view; all of them when they fit
    if rects[-1].bottom() - rects[0].top() < viewport.height():
        assert all(viewport.contains(rect) for rect in rects)


def test_clicking_a_finding_on_the_table_page_selects_all_its_cells(window, qtbot):
    window.open_sample(SAMPLE)
    t3 = t3_page(window)
    type_in_cell(qtbot, t3.view, CARRIED_FORWARD, "5")
    t3.view.selectionModel().select(t3.model.index_of(GRANTED), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model = t3.findings.model()
    row = next(r for r in range(model.rowCount()) if model.finding(model.index(r)) is not None
               and model.finding(model.index(r)).rule == "R1")
    t3.findings.scrollTo(model.index(row))
    rect = t3.findings.visualRect(model.index(row))
    qtbot.mouseClick(t3.findings.viewport(), Qt.LeftButton, pos=rect.center())      # a double click:
    qtbot.mouseDClick(t3.findings.viewport(), Qt.LeftButton, pos=rect.center())     # press twice
    assert selected(t3) == set(NATURAL)
    assert t3.model.grid_cell(t3.view.currentIndex()).cell in NATURAL
