"""Undo commands: every change to the figures of a report (typing, paste, Delete, 将空白单元格填为0,
a suggested fix, accepting a computed total) is one `EditCells` on the document's undo stack.

A command is built after its change was made (the report is the one that parses and refuses
entries), so its first `redo()` — which QUndoStack.push calls — has nothing to do.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from forms.expr import Cell

if TYPE_CHECKING:
    from .document import ReportDocument

Value = int | Decimal | None      # what a cell holds (None: blank)


class Absent:
    """A stated total that is not there (distinct from a stated blank, None)."""


ABSENT = Absent()
Stated = Value | Absent


class EditCells(QUndoCommand):
    def __init__(self, document: ReportDocument, text: str, values: dict[Cell, tuple[Value, Value]],
                 stated: dict[Cell, tuple[Stated, Stated]] | None = None):
        """`values` and `stated` map a cell to (before, after)."""
        super().__init__(text)
        self.document = document
        self.values = values
        self.stated = stated or {}
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.document.restore_cells({c: after for c, (_, after) in self.values.items()},
                                    {c: after for c, (_, after) in self.stated.items()})

    def undo(self) -> None:
        self.document.restore_cells({c: before for c, (before, _) in self.values.items()},
                                    {c: before for c, (before, _) in self.stated.items()})
