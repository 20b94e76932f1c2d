"""What a change reaches: every computed cell that follows from a changed cell, and no other."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.changes import dependents, touched
from forms.expr import Cell
from forms.loader import all_forms, get_form
from forms.report import Report

from ..support.strategies import reports


def test_a_figure_in_table_3_reaches_its_row_and_column_totals():
    form = get_form("gov-2021")
    reached = touched([Cell("t3", "new_received", "natural")], dependents(form))
    assert Cell("t3", "new_received", "natural") in reached
    assert Cell("t3", "new_received", "total") in reached                # the row's 总计
    assert all(form.is_computed(c) for c in reached - {Cell("t3", "new_received", "natural")})
    assert not any(c.table != "t3" for c in reached)


def test_totals_of_totals_are_reached():
    for form in all_forms():
        follows = dependents(form)
        for computed in form.computed:
            for part in computed.value.cells:
                # whatever reaches a part reaches the total built on it
                assert computed.cell in follows[part]
                assert follows.get(computed.cell, frozenset()) <= follows[part]


@settings(max_examples=40, deadline=None)
@given(reports(with_prose=False), st.data())
def test_a_change_moves_no_computed_cell_outside_what_it_touches(report: Report, data):
    form = report.form
    follows = dependents(form)
    before = dict(report.derived())
    cells = data.draw(st.lists(st.sampled_from(form.input_cells), min_size=1, max_size=5, unique=True))
    for cell in cells:
        report.set(cell, None if report.values.get(cell) is not None else form.kind_of(cell).zero + 7)
    after = report.derived()
    reached = touched(cells, follows)
    assert {c for c in after if after[c] != before[c]} <= reached
