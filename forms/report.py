"""The report being written: identity, prose per section and the figures of its tables.

A blank cell is absent from `values` (never 0). Counts are ints, amounts `Decimal`. Computed cells
are never typed: `value()` derives them from their parts. A computed figure that came from a file
or a workbook and disagrees with its parts is kept in `stated` so the checks can show it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .definition import CellKind, Form, computed_refusal
from .expr import Cell
from .numbers import parse_entry
from .text import clean_text

INFO_FIELDS = {
    "date": "成文日期",
    "address": "通信地址",
    "postcode": "邮政编码",
    "phone": "联系电话",
    "email": "电子邮箱",
}


_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str | None) -> datetime.date | None:
    """A date as clerks write it: 2026-01-20, 2026.1.20, 2026/1/20, 2026年1月20日; None otherwise."""
    m = _DATE.match(text or "")
    if not m:
        return None
    try:
        return datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def printed_date(text: str | None) -> str:
    """How the 成文日期 is printed: 2026年1月20日 (anything unrecognised as it was typed)."""
    date = parse_date(text)
    return f"{date.year}年{date.month}月{date.day}日" if date else (text or "").strip()


class CellError(KeyError):
    """A cell address that the report's format does not have."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass
class Report:
    form: Form
    organ: str = ""
    year: int | None = None
    info: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    values: dict[Cell, int | Decimal] = field(default_factory=dict)
    stated: dict[Cell, int | Decimal | None] = field(default_factory=dict)
    # Sections whose text is still last year's as it was carried over (forms.carryover): the mark goes
    # with the first change of the text, and is saved in the draft file.
    carried_text: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._derived: dict[Cell, int | Decimal | None] | None = None
        # Text that comes in is text every output can hold (forms.text), whoever builds the report.
        self.organ = clean_text(self.organ, multiline=False)
        self.info = {k: clean_text(v, multiline=False) for k, v in self.info.items()}
        self.sections = {k: clean_text(v) for k, v in self.sections.items()}

    # --- cells ------------------------------------------------------------------------------

    def _require(self, cell: Cell) -> None:
        table = self.form.tables.get(cell.table)
        if table is None or not table.has_cell(cell.row, cell.column):
            raise CellError(f"格式 {self.form.id} 没有单元格 {cell}")

    def value(self, cell: Cell):
        """The value of any cell: typed for input cells, derived for computed ones; None if blank."""
        if cell in self.form.computed_by_cell:
            return self.derived()[cell]
        return self.values.get(cell)

    def derived(self) -> dict[Cell, int | Decimal | None]:
        """All computed cells, recomputed after any change (the whole pass is a few hundred adds)."""
        if self._derived is None:
            derived: dict[Cell, int | Decimal | None] = {}
            values = self.values
            for computed in self.form.computed:
                total, blanks = computed.value.evaluate(lambda c: derived[c] if c in derived else values.get(c))
                derived[computed.cell] = None if blanks == len(computed.value.terms) else total
            self._derived = derived
        return self._derived

    def set(self, cell: Cell, value) -> None:
        """Set an input cell (None clears it). The value must already be of the cell's type."""
        self._require(cell)
        if cell in self.form.computed_by_cell:
            raise CellError(computed_refusal(self.form.place(cell)))
        if value is None:
            self.values.pop(cell, None)
        else:
            if not isinstance(value, Decimal) and self.form.kind_of(cell) == CellKind.DECIMAL:
                value = Decimal(str(value))
            self.values[cell] = value
        self._derived = None

    def enter(self, cell: Cell, text: str | None) -> None:
        """Set a cell from what the user typed; raises EntryError (with a Chinese message) if refused."""
        self._require(cell)
        if cell in self.form.computed_by_cell:
            raise CellError(computed_refusal(self.form.place(cell)))
        table = self.form.tables[cell.table]
        value = parse_entry(text, table.kind_of(cell), table.unit_of(cell), table.place(cell))
        self.set(cell, value)

    def disagreeing_totals(self) -> dict[Cell, tuple[int | Decimal | None, int | Decimal | None]]:
        """{cell: (stated, computed)} for every total the report states that its parts do not add up
        to: the one rule behind the checks' error and the exports' marked cell."""
        found = {}
        for cell in self.stated:
            disagreeing = self.disagreeing_total(cell)
            if disagreeing is not None:
                found[cell] = disagreeing
        return found

    def disagreeing_total(self, cell: Cell) -> tuple[int | Decimal | None, int | Decimal | None] | None:
        """(stated, computed) when the report states `cell`'s total and its parts do not add up to it."""
        if cell not in self.stated:
            return None
        stated, computed = self.stated[cell], self.value(cell)
        return None if stated == computed else (stated, computed)

    def accept_computed(self, cell: Cell | None = None) -> None:
        """Drop stated totals that disagree with their parts (all of them, or one)."""
        if cell is None:
            self.stated.clear()
        else:
            self.stated.pop(cell, None)

    def blank_input_cells(self, table: str | None = None) -> list[Cell]:
        return [c for c in self.form.input_cells
                if c not in self.values and (table is None or c.table == table)]

    def fill_blanks_with_zero(self, table: str | None = None) -> list[Cell]:
        """Set every blank input cell to 0; returns the cells changed (so the UI can undo)."""
        changed = self.blank_input_cells(table)
        for cell in changed:
            self.values[cell] = self.form.kind_of(cell).zero
        self._derived = None
        return changed

    # --- texts -------------------------------------------------------------------------------
    # Every text typed, pasted or read goes in through these: they make it text that every output
    # can hold (forms.text.clean_text). An empty text is no entry at all, as the draft file has it.

    def set_organ(self, text: str | None) -> bool:
        """Set the 机关名称 (one line); returns whether it changed."""
        before, self.organ = self.organ, clean_text(text or "", multiline=False)
        return self.organ != before

    def set_info(self, key: str, text: str | None) -> bool:
        """Set one of INFO_FIELDS (one line); returns whether it changed."""
        if key not in INFO_FIELDS:
            raise KeyError(f"没有基本信息项“{key}”（可用：{'、'.join(INFO_FIELDS)}）")
        return _set_text(self.info, key, clean_text(text or "", multiline=False))

    def set_section(self, key: str, text: str | None) -> bool:
        """Set the prose of a section (line breaks kept); returns whether it changed. A change makes it
        this year's text: it is no longer marked as carried from last year's report."""
        if key not in self.form.section_by_key:
            raise KeyError(f"格式 {self.form.id} 没有部分“{key}”")
        changed = _set_text(self.sections, key, clean_text(text or ""))
        if changed:
            self.carried_text.discard(key)
        return changed

    # --- identity ----------------------------------------------------------------------------

    @property
    def title(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{self.organ}{year}政府信息公开工作年度报告"

    def section_text(self, key: str) -> str:
        return self.sections.get(key, "")

    def standard_preface(self) -> str:
        """The opening paragraph written from the identity when the preface section is empty."""
        year = self.year or ""
        text = (f"本报告由{self.organ}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）"
                f"和有关规定编制。本报告所列数据统计期限自{year}年1月1日至{year}年12月31日。")
        contact = []
        if self.info.get("address"):
            contact.append(f"通信地址：{self.info['address']}")
        if self.info.get("postcode"):
            contact.append(f"邮政编码：{self.info['postcode']}")
        if self.info.get("phone"):
            contact.append(f"联系电话：{self.info['phone']}")
        if self.info.get("email"):
            contact.append(f"电子邮箱：{self.info['email']}")
        if contact:
            text += "如对本报告有疑问，请与" + self.organ + "联系（" + "；".join(contact) + "）。"
        return text

    def preface(self) -> str:
        """The opening paragraph: the preface section's text, or the standard one when it is empty
        ("" for a format without a preface section)."""
        if self.form.preface is None:
            return ""
        return self.sections.get(self.form.preface.key, "").strip() or self.standard_preface()

    def copy(self) -> Report:
        return Report(form=self.form, organ=self.organ, year=self.year, info=dict(self.info),
                      sections=dict(self.sections), values=dict(self.values), stated=dict(self.stated),
                      carried_text=set(self.carried_text))

    def same_content(self, other: Report) -> bool:
        """Equal as far as a reader can tell (an empty section is the same as a missing one)."""
        def key(r: Report):
            return (r.form.id, r.organ, r.year, {k: v for k, v in r.info.items() if v},
                    {k: v for k, v in r.sections.items() if v}, r.values, r.stated, r.carried_text)
        return key(self) == key(other)


def _set_text(texts: dict[str, str], key: str, text: str) -> bool:
    before = texts.get(key, "")
    if text:
        texts[key] = text
    else:
        texts.pop(key, None)
    return text != before
