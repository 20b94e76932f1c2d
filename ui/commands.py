"""Undo commands: one history for the whole report. Every change to the figures (typing, paste,
Delete, 将空白单元格填为0, a suggested fix, accepting a computed total) is one `EditCells`; a burst of
typing in a prose editor or a 基本信息 field is one `EditText` (keystrokes merge, as in text editors);
last year's draft chosen, with what it fills, is one `ChooseLast`.

A command is built after its change was made (the report is the one that parses and refuses
entries), so its first `redo()` — which QUndoStack.push calls — has nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from forms.expr import Cell

if TYPE_CHECKING:
    from forms.report import Report

    from .document import ReportDocument

Value = int | Decimal | None      # what a cell holds (None: blank)


class Absent:
    """A stated total that is not there (distinct from a stated blank, None)."""


ABSENT = Absent()
Stated = Value | Absent


class _MadeAlready(QUndoCommand):
    """A command pushed after its change was made: its first redo (QUndoStack.push's) does nothing,
    later ones `reapply`."""

    def __init__(self, document: ReportDocument, text: str):
        super().__init__(text)
        self.document = document
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.reapply()

    def reapply(self) -> None:
        raise NotImplementedError


class EditCells(_MadeAlready):
    def __init__(self, document: ReportDocument, text: str, values: dict[Cell, tuple[Value, Value]],
                 stated: dict[Cell, tuple[Stated, Stated]] | None = None):
        """`values` and `stated` map a cell to (before, after)."""
        super().__init__(document, text)
        self.values = values
        self.stated = stated or {}

    def reapply(self) -> None:
        self.document.restore_cells({c: after for c, (_, after) in self.values.items()},
                                    {c: after for c, (_, after) in self.stated.items()})

    def undo(self) -> None:
        self.document.restore_cells({c: before for c, (before, _) in self.values.items()},
                                    {c: before for c, (before, _) in self.stated.items()})


class TextKind(Enum):
    """The texts of a report a page edits: a section's prose, a contact detail (or 成文日期), the
    机关名称, the 年度."""

    SECTION = "section"
    INFO = "info"
    ORGAN = "organ"
    YEAR = "year"


@dataclass(frozen=True)
class TextField:
    kind: TextKind
    key: str = ""         # the section's or the contact detail's key


Text = str | int | None   # what a TextField holds (the year is a number)

MERGE_TYPING = 1          # EditText's id: consecutive keystrokes in one field merge into one step


def _shared(old: str, new: str, most: int, at_end: bool) -> int:
    """How many characters `old` and `new` share at their start (or end), up to `most`: a binary
    search over slices compared in C, since prose runs to thousands of characters per keystroke."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if (old[len(old) - middle:] == new[len(new) - middle:]) if at_end else (old[:middle] == new[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def changed_span(old: str, new: str) -> tuple[int, int]:
    """Where `new` differs from `old`: (start, end) in `new`, without what the two share at either
    end (where the clerk typed, for the caret after an undo)."""
    same = _shared(old, new, min(len(old), len(new)), at_end=False)
    tail = _shared(old, new, min(len(old), len(new)) - same, at_end=True)
    return same, len(new) - tail


def inserted(before: Text, after: Text) -> str:
    """What an edit put in (typed over a selection, too); empty for a deletion."""
    old, new = str(before or ""), str(after or "")
    start, end = changed_span(old, new)
    return new[start:end]


def _new_paragraph(before: Text, after: Text) -> bool:
    return str(after or "").count("\n") > str(before or "").count("\n")


class EditText(_MadeAlready):
    def __init__(self, document: ReportDocument, text: str, field: TextField, before: Text, after: Text,
                 joins: bool):
        """`joins`: typed in the same burst as the step before (the clerk has not left the field,
        nothing was undone since), so that one step takes the whole burst back."""
        super().__init__(document, text)
        self.field = field
        self.before = before
        self.after = after
        self.joins = joins

    def id(self) -> int:
        return MERGE_TYPING

    def mergeWith(self, other: QUndoCommand) -> bool:
        """As text editors do: keystrokes (corrections too) go on one step until the clerk leaves the
        field, starts a new paragraph, pastes or undoes."""
        if not (isinstance(other, EditText) and other.joins and other.field == self.field
                and other.before == self.after
                and not _new_paragraph(other.before, other.after)):
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)     # typed and deleted again: nothing to undo
        return True

    def reapply(self) -> None:
        self.document.restore_text(self.field, self.after)

    def undo(self) -> None:
        self.document.restore_text(self.field, self.before)


@dataclass
class LastChoice:
    """Last year's report chosen for a report and what it filled: either side of a `ChooseLast`."""

    last: Report | None
    last_path: Path | None
    texts: dict[TextField, Text]
    values: dict[Cell, Value]


class ChooseLast(_MadeAlready):
    def __init__(self, document: ReportDocument, text: str, before: LastChoice, after: LastChoice):
        super().__init__(document, text)
        self.before = before
        self.after = after

    def reapply(self) -> None:
        self.document.restore_choice(self.after)

    def undo(self) -> None:
        self.document.restore_choice(self.before)
