"""Property: a report built from random inputs always satisfies its computed rules, and survives a
draft round trip unchanged."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings

from forms.draft import dump_draft, parse_draft
from tests.support.strategies import reports


@settings(max_examples=150, deadline=None)
@given(reports())
def test_computed_cells_always_equal_the_sum_of_their_parts(report):
    for computed in report.form.computed:
        parts = [report.value(cell) for _, cell in computed.value.terms]
        value = report.value(computed.cell)
        if all(p is None for p in parts):
            assert value is None
        else:
            assert value == sum((p or 0) for p in parts)
            assert isinstance(value, Decimal) == any(isinstance(p, Decimal) for p in parts)


@settings(max_examples=150, deadline=None)
@given(reports())
def test_random_reports_round_trip_through_a_draft(report):
    back = parse_draft(dump_draft(report))
    # texts come back as every output can hold them (forms.text); a copy of the report is cleaned the same way
    assert back.same_content(report.copy())
    assert all(back.value(c) == report.value(c) for c in report.form.all_cells())
