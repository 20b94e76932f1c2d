"""上年对照: each key figure of this year's report beside last year's, with the change — the comparison
evaluators make first — and the large swings marked.

Which figures are key is data: the `compare:` key of each format file (docs/format-files.md). Last
year's report may be of another format (a 2019-format report last year, a 2021 one this year), so
each side is read with its own format's expression for the figure's `key`; a figure last year's
format has no key for is shown as such (“上年格式中没有”), never guessed. The window's page, the Excel
sheet and `check --last` all show these rows as `CompareRow.texts()` words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from .definition import CellKind, KeyFigure, KeyFigures
from .expr import Number
from .numbers import format_value
from .report import Report

COLUMNS = ("项目", "本年", "上年", "增减", "增减幅度")
NOT_IN_LAST_FORMAT = "上年格式中没有"
NOT_FILLED = "未填"
_NO_PERCENT = "—"          # last year's figure is 0: no percent of it
_PERCENT_STEP = Decimal("0.1")


@dataclass(frozen=True)
class CompareRow:
    """One key figure: this year's and last year's (None: blank, or not in last year's format), the
    change and its percent of last year's (None when either side is missing, or last year's is 0)."""

    key: str
    label: str
    this: Number | None
    last: Number | None
    change: Number | None
    pct: Decimal | None
    swing: bool
    note: str = ""                   # why a side is missing: 上年格式中没有, 上年未填, 本年未填…
    kind: CellKind = CellKind.COUNT
    in_last_format: bool = True
    compared: bool = True            # False: no last year's report given, the 上年 column stays empty

    def texts(self) -> tuple[str, str, str, str, str]:
        """The row as shown: 项目, 本年, 上年, 增减, 增减幅度 (figures with thousands separators, a sign on
        the change, “—” for a percent of 0)."""
        last = self._figure(self.last) if self.in_last_format else NOT_IN_LAST_FORMAT
        if not self.compared:
            last = ""
        change = "" if self.change is None else _signed(self.change, self.kind)
        if self.change is None:
            pct = ""
        elif self.pct is None:
            pct = _NO_PERCENT
        else:
            pct = f"{'+' if self.pct > 0 else ''}{self.pct}%"
        return self.label, self._figure(self.this), last, change, pct

    def _figure(self, value: Number | None) -> str:
        return NOT_FILLED if value is None else format_value(value, self.kind, thousands=True)

    @property
    def remark(self) -> str:
        """The note when the row's own cells do not already say it (both sides have a figure, some
        of whose cells were blank)."""
        return self.note if self.this is not None and self.last is not None else ""

    def to_json(self) -> dict:
        """For `check --json`: figures as numbers (amounts as text, as the findings give them)."""
        def plain(value):
            return format_value(value) if isinstance(value, Decimal) else value
        return {"key": self.key, "label": self.label, "this": plain(self.this), "last": plain(self.last),
                "change": plain(self.change), "percent": None if self.pct is None else str(self.pct),
                "swing": self.swing, "note": self.note}


def swing_words(spec: KeyFigures) -> str:
    """What a large swing is, for a legend: 增减50%以上且至少10."""
    return f"增减{format_value(spec.percent)}%以上且至少{format_value(spec.least)}"


def _signed(value: Number, kind: CellKind) -> str:
    text = format_value(value, kind, thousands=True)
    return "+" + text if value > 0 else text


def compare(report: Report, last: Report | None) -> list[CompareRow]:
    """The key figures of `report`'s format, each beside `last`'s (none given: this year's only)."""
    spec = report.form.compare
    if spec is None:
        return []
    theirs = {f.key: f for f in last.form.compare.figures} if last is not None and last.form.compare else {}
    return [_row(figure, report, last, theirs.get(figure.key), spec) for figure in spec.figures]


def _value(figure: KeyFigure, report: Report) -> tuple[Number | None, bool]:
    """The figure's value (None when every cell it adds is blank) and whether some of them were."""
    total, blanks = figure.value.evaluate(report.value)
    if blanks == len(figure.value.terms):
        return None, True
    return total, blanks > 0


def _row(figure: KeyFigure, report: Report, last: Report | None, theirs: KeyFigure | None,
         spec: KeyFigures) -> CompareRow:
    this, this_blanks = _value(figure, report)
    in_last_format = last is None or theirs is not None
    before, last_blanks = _value(theirs, last) if last is not None and theirs is not None else (None, False)
    note = _note(this, this_blanks, before, last_blanks, last is not None, in_last_format)
    if this is None or before is None:
        return CompareRow(figure.key, figure.label, this, before, None, None, False, note, figure.kind,
                          in_last_format, compared=last is not None)
    change = this - before
    pct = None if before == 0 else (Decimal(change) * 100 / Decimal(before)).quantize(_PERCENT_STEP, ROUND_DOWN)
    swing = abs(Decimal(change)) >= Decimal(spec.least) and (pct is None or abs(pct) >= Decimal(spec.percent))
    return CompareRow(figure.key, figure.label, this, before, change, pct, swing, note, figure.kind)


def _note(this: Number | None, this_blanks: bool, before: Number | None, last_blanks: bool, have_last: bool,
          in_last_format: bool) -> str:
    """Why a side is missing or partly blank, in the words of the page."""
    if not in_last_format:
        return NOT_IN_LAST_FORMAT
    if not have_last:
        return "本年未填" if this is None else ""
    if this is None and before is None:
        return "本年、上年均未填"
    if this is None:
        return "本年未填"
    if before is None:
        return "上年未填"
    partly = [side for side, blanks in (("本年", this_blanks), ("上年", last_blanks)) if blanks]
    return f"{'、'.join(partly)}有空白单元格，按0计" if partly else ""
