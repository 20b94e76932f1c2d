"""Hypothesis strategies shared by the property tests: random valid reports of every format."""

from __future__ import annotations

from hypothesis import strategies as st

from forms.definition import CellKind
from forms.loader import all_forms
from forms.report import INFO_FIELDS, Report

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=15) \
    .map(str.strip).filter(bool)


@st.composite
def reports(draw, with_prose: bool = True):
    """A report of any format, every input cell blank or a valid value of its kind. Values stay within
    what Excel keeps exactly (15 significant digits: amounts 10 before the point and 4 after)."""
    form = draw(st.sampled_from(all_forms()))
    report = Report(form=form, organ=draw(TEXT), year=draw(st.integers(2000, 2100)))
    for key in INFO_FIELDS:
        if draw(st.booleans()):
            report.info[key] = draw(TEXT | st.from_regex(r"0\d{5}", fullmatch=True))
    for cell in form.input_cells:
        kind = form.kind_of(cell)
        if kind == CellKind.DECIMAL:
            value = draw(st.none() | st.decimals(min_value=0, max_value=10**10, places=4,
                                                allow_nan=False, allow_infinity=False))
        elif kind == CellKind.SIGNED:
            value = draw(st.none() | st.integers(-10**9, 10**9))
        else:
            value = draw(st.none() | st.integers(0, 10**14))
        report.set(cell, value)
    if with_prose:
        for section in form.sections:
            if section.has_prose and draw(st.booleans()):
                report.sections[section.key] = draw(st.text(max_size=40)).replace("\r", "")
    return report
