"""What changed, said once: the document emits one `Changes` per edit (typing, paste, Delete, a fix,
填为0, undo and redo alike), and every model and page redoes only what that change touched."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QRegion

from forms.changes import dependents
from forms.expr import Cell
from ui.document import Changes
from ui.table_model import CellRole

from .conftest import commit_text, page_widget, type_in_cell

RECEIVED = Cell("t3", "new_received", "natural")       # typing here unbalances R1 for 自然人
UPHELD = Cell("t4", "admin_review", "upheld")           # no check reads it alone: findings stay


def record(document) -> list[Changes]:
    seen: list[Changes] = []
    document.changed.connect(seen.append)
    return seen


def opened(window):
    window.open_sample("2025-qingchuan-scjgj.json")
    return window.document


def test_typing_a_figure_names_that_cell_and_the_totals_that_follow(window, qtbot):
    document = opened(window)
    view = page_widget(window, "table:t3").view
    seen = record(document)
    type_in_cell(qtbot, view, RECEIVED, "999")
    [changes] = seen
    assert RECEIVED in changes.cells
    assert Cell("t3", "new_received", "total") in changes.cells                  # the row's 总计
    assert changes.cells == {RECEIVED} | dependents(document.form)[RECEIVED]
    assert all(document.form.is_computed(c) for c in changes.cells - {RECEIVED})
    assert not (changes.sections or changes.info or changes.identity or changes.last or changes.stated)
    assert changes.findings and not changes.large and changes.content
    assert any(f.rule == "R1" for f in document.result.errors)


def test_undo_and_redo_say_the_same_as_the_edit(window, qtbot):
    document = opened(window)
    view = page_widget(window, "table:t3").view
    seen = record(document)
    type_in_cell(qtbot, view, RECEIVED, "999")
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)
    qtbot.keyClick(view, Qt.Key_Y, Qt.ControlModifier)
    edit, undo, redo = seen
    assert edit.cells == undo.cells == redo.cells
    assert undo.findings and redo.findings and not undo.large


def test_a_paste_and_filling_blanks_are_large(window, qtbot):
    document = opened(window)
    view = page_widget(window, "table:t3").view
    seen = record(document)
    view.select_cell(Cell("t3", "granted", "natural"))
    view.paste_text("5\t6\n")
    assert seen[-1].large and {Cell("t3", "granted", "natural"), Cell("t3", "granted", "business")} <= seen[-1].cells
    review = page_widget(window, "review")
    qtbot.mouseClick(review.zero_button, Qt.LeftButton)
    assert seen[-1].large and seen[-1].cells and not seen[-1].sections


def test_a_figure_that_moves_no_finding_leaves_the_findings_and_prose_pages_alone(window, qtbot):
    document = opened(window)
    prose = page_widget(window, "section:overview")
    review = page_widget(window, "review")
    refreshed = []
    prose.refresh = lambda: refreshed.append("prose")
    review.findings.set_findings = lambda findings: refreshed.append("review")
    view = page_widget(window, "table:t4").view
    seen = record(document)
    type_in_cell(qtbot, view, UPHELD, "31")
    [changes] = seen
    assert UPHELD in changes.cells and not changes.findings
    page_widget(window, "section:overview")                  # shown again: nothing was left to redo
    assert refreshed == []


def test_prose_typing_names_its_section_and_no_figure(window, qtbot):
    document = opened(window)
    model = page_widget(window, "table:t3").model
    emitted = []
    model.dataChanged.connect(lambda *args: emitted.append(args))
    editor = page_widget(window, "section:problems").editor
    seen = record(document)
    commit_text(editor, "一是")
    [changes] = seen
    assert changes.sections == {"problems"} and not changes.cells and not changes.large
    assert emitted == []


def test_a_table_model_repaints_only_the_cells_a_figure_touched(window, qtbot):
    document = opened(window)
    page = page_widget(window, "table:t3")
    view, model = page.view, page.model
    qtbot.waitUntil(lambda: view.isVisible())
    seen = record(document)
    emitted = []
    model.dataChanged.connect(lambda top_left, bottom_right, roles=(): emitted.append((top_left, bottom_right)))
    type_in_cell(qtbot, view, RECEIVED, "999")
    [changes] = seen
    assert emitted and all(tl == br for tl, br in emitted)               # one cell at a time, never a range
    repainted = {model.data(tl, CellRole) for tl, _ in emitted}
    marked = {c for f in document.result.findings for c in f.cells}
    assert repainted <= changes.cells | marked
    assert RECEIVED in repainted and Cell("t3", "new_received", "total") in repainted
    assert len(repainted) < len(model.cells()) // 4
    # a figure no check reads alone, in another table: this model says nothing at all
    emitted.clear()
    type_in_cell(qtbot, page_widget(window, "table:t4").view, UPHELD, "31")
    assert emitted == []


def test_the_page_list_is_told_only_of_pages_whose_state_moved(window, qtbot):
    opened(window)
    view = page_widget(window, "table:t3").view
    before = list(window.page_model.states)
    rows = []
    window.page_model.dataChanged.connect(lambda top_left, bottom_right, roles=(): rows.append(top_left.row()))
    type_in_cell(qtbot, view, RECEIVED, "999")
    moved = {row for row, state in enumerate(window.page_model.states) if state != before[row]}
    assert sorted(rows) == sorted(moved)
    assert {"table:t3", "review"} <= {window.pages[row].key for row in rows} < {p.key for p in window.pages}


class Paints(QObject):
    """The region of a widget painted since it was watched."""

    def __init__(self, widget):
        super().__init__(widget)
        self.region = QRegion()
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.region = self.region.united(event.region())
        return False


def test_a_page_state_that_moves_repaints_its_row_without_laying_out_the_list(window, qtbot):
    opened(window)
    view = page_widget(window, "table:t3").view
    qtbot.wait(50)                                        # the page change painted first
    paints = Paints(window.page_list.viewport())
    before = list(window.page_model.states)
    type_in_cell(qtbot, view, RECEIVED, "999")
    qtbot.waitUntil(lambda: not paints.region.isEmpty())
    painted = paints.region
    moved = [row for row, state in enumerate(window.page_model.states) if state != before[row]]
    assert moved
    for row in range(len(window.pages)):                  # a whole new layout would repaint every row
        shown = window.page_list.visualRect(window.page_model.index(row))
        assert painted.intersects(shown) == (row in moved), window.pages[row].key


def test_typing_a_figure_repaints_the_cells_it_moved_not_the_table(window, qtbot):
    # R1 alone moves: an overview stating no figure (R8 would add a finding, and the panel under the
    # table grows for it — a relayout, which repaints the table, as it should)
    opened(window).set_section("overview", "本年度政务公开工作情况如下。")
    page = page_widget(window, "table:t3")
    view, model = page.view, page.model
    qtbot.wait(50)
    paints = Paints(view.viewport())
    type_in_cell(qtbot, view, Cell("t3", "granted", "natural"), "72")      # R1 moves too: marks change
    qtbot.waitUntil(lambda: not paints.region.isEmpty())
    assert paints.region.intersects(view.visualRect(model.index_of(Cell("t3", "granted", "total"))))
    for untouched in (Cell("t3", "granted", "business"), Cell("t3", "denied_state_secret", "research")):
        assert not paints.region.intersects(view.visualRect(model.index_of(untouched))), untouched


def test_rows_far_apart_whose_state_moved_are_painted_alone(window, qtbot):
    """表三 and 检查 change state together: the rows between them are not drawn again."""
    from ui.page_list import PageListDelegate

    painted: list[int] = []

    class Recording(PageListDelegate):
        def paint(self, painter, option, index):
            painted.append(index.row())
            super().paint(painter, option, index)

    opened(window)
    view = page_widget(window, "table:t3").view
    window.page_list.setItemDelegate(Recording(window.page_list))
    qtbot.wait(50)
    painted.clear()
    before = list(window.page_model.states)
    type_in_cell(qtbot, view, RECEIVED, "999")
    qtbot.waitUntil(lambda: bool(painted))
    qtbot.wait(50)
    moved = {row for row, state in enumerate(window.page_model.states) if state != before[row]}
    assert len(moved) >= 2 and max(moved) - min(moved) > 2          # far apart, rows between them
    assert set(painted) == moved
