"""The Qt models: every table model of every page of every format passes Qt's model tester, draws
exactly the printed grid (labels, merges) and shows every change made through the document; the
page list and the findings list follow the document."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from forms.carryover import new_report
from forms.expr import Cell
from forms.layout import grid
from forms.loader import all_forms
from ui.document import ReportDocument
from ui.findings_model import FindingListModel
from ui.page_list import PageListModel, StateRole
from ui.page_plan import PageKind, plan_pages
from ui.table_model import CellRole, ReportTableModel

FORM_IDS = [f.id for f in all_forms()]


def table_models(document):
    for page in plan_pages(document.form):
        if page.kind is PageKind.TABLE:
            yield page, ReportTableModel(document, page.table, grid(page.table, document.form.computed_by_cell))


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_table_model_passes_the_model_tester(qtmodeltester, form_id):
    form = next(f for f in all_forms() if f.id == form_id)
    document = ReportDocument(new_report("某局", form.years[0], form))
    for _page, model in table_models(document):
        qtmodeltester.check(model)


def test_sample_models_pass_the_model_tester_after_edits(qtmodeltester, samples):
    for report in samples.values():
        document = ReportDocument(report)
        for page, model in table_models(document):
            first = next(c for c in sorted(page.cells) if not document.form.is_computed(c))
            qtmodeltester.check(model)
            assert model.setData(model.index_of(first), "7")
            qtmodeltester.check(model)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_models_draw_the_printed_grid(form_id):
    form = next(f for f in all_forms() if f.id == form_id)
    document = ReportDocument(new_report("某局", form.years[0], form))
    for page, model in table_models(document):
        printed = model.grid
        assert (model.rowCount(), model.columnCount()) == (printed.n_rows, printed.n_cols)
        for gc in printed.cells:
            index = model.index(gc.row, gc.col)
            assert model.data(index, CellRole) == gc.cell
            if gc.cell is None:
                assert model.data(index, Qt.EditRole) == gc.text
            # positions a merge covers show nothing of their own
            for r in range(gc.row, gc.row + gc.rowspan):
                for c in range(gc.col, gc.col + gc.colspan):
                    if (r, c) != (gc.row, gc.col):
                        assert model.data(model.index(r, c)) is None
        assert model.cells() == set(page.cells)


def test_the_model_shows_every_change_made_through_the_document(qingchuan):
    """What a cell shows is read from the report, and after every change made through the document
    (which says so with `changed`) the cell shows the new figure, even when it was shown before."""
    document = ReportDocument(qingchuan)
    _page, model = next(pm for pm in table_models(document) if pm[0].key == "table:t3")
    natural = Cell("t3", "granted", "natural")
    total = Cell("t3", "granted", "total")
    index, total_index = model.index_of(natural), model.index_of(total)
    assert model.data(index) == format(document.report.value(natural), ",")     # read (and kept) first
    shown_total = model.data(total_index)
    assert document.enter(natural, "1234567") is None
    assert model.data(index) == "1,234,567"
    assert model.data(index, Qt.EditRole) == "1234567"
    assert model.data(total_index) != shown_total            # the total that follows from it too
    assert model.data(total_index) == format(document.report.value(total), ",")
    assert model.setData(index, "7654321")
    assert model.data(index) == "7,654,321" and document.report.value(natural) == 7654321
    assert not model.setData(index, "abc")
    assert document.report.value(natural) == 7654321 and model.data(index) == "7,654,321"
    document.undo_stack.undo()                               # undo goes through the document too
    assert model.data(index) == "1,234,567"


def test_list_labels_are_indented_by_level(yueqing):
    document = ReportDocument(yueqing)
    page, model = next(pm for pm in table_models(document) if pm[0].key == "table:stats:c")
    texts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert "\u3000\u3000" + "1.当面申请数" in texts
    assert "\u3000" + "（一）收到申请数" in texts


def test_page_list_states_follow_the_findings(qingchuan):
    document = ReportDocument(qingchuan)
    model = PageListModel()
    model.set_pages(plan_pages(document.form))
    model.update_states(document.report, document.result)
    states = {page.key: model.data(model.index(row), StateRole) for row, page in enumerate(model.pages)}
    assert states["table:t3"] == "done" and states["review"] == "done" and states["export"] == ""
    document.enter(Cell("t3", "new_received", "natural"), "999")
    model.update_states(document.report, document.result)
    states = {page.key: model.data(model.index(row), StateRole) for row, page in enumerate(model.pages)}
    assert states["table:t3"] == "errors" and states["review"] == "errors" and states["table:t2"] == "done"
    t3 = model.pages.index(next(p for p in model.pages if p.key == "table:t3"))
    assert "有错误" in model.data(model.index(t3), Qt.ToolTipRole)


def test_findings_list_groups_by_severity(qtmodeltester, yueqing):
    document = ReportDocument(yueqing)
    model = FindingListModel(grouped=True)
    model.set_findings(document.result.findings)
    qtmodeltester.check(model)
    texts = [model.data(model.index(r)) for r in range(model.rowCount())]
    assert texts[0].startswith("错误（4个）") and texts[5].startswith("提醒（2个）")
    assert model.flags(model.index(0)) & Qt.ItemIsSelectable == Qt.NoItemFlags
    assert model.finding(model.index(1)).severity == "error"
