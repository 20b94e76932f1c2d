"""Property: a report built from random inputs always satisfies its computed rules, and survives a
draft round trip unchanged."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from forms.definition import DECIMAL, SIGNED
from forms.draft import dump_draft, parse_draft
from forms.loader import all_forms
from forms.report import Report

FORMS = all_forms()


@st.composite
def reports(draw):
    form = draw(st.sampled_from(FORMS))
    report = Report(form=form, organ=draw(st.text(min_size=1, max_size=12)), year=draw(st.integers(2000, 2100)))
    for cell in form.input_cells:
        kind = form.kind_of(cell)
        if kind == DECIMAL:
            value = draw(st.none() | st.decimals(min_value=0, max_value=10**9, places=4,
                                                allow_nan=False, allow_infinity=False))
        elif kind == SIGNED:
            value = draw(st.none() | st.integers(-10**6, 10**6))
        else:
            value = draw(st.none() | st.integers(0, 10**8))
        report.set(cell, value)
    for section in form.sections:
        if section.has_prose and draw(st.booleans()):
            report.sections[section.key] = draw(st.text(max_size=40)).replace("\r", "")
    return report


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
    assert back.same_content(report)
    assert all(back.value(c) == report.value(c) for c in report.form.all_cells())
