"""The report being edited in the window: the domain `Report`, last year's report (for the
cross-year checks), the draft file it belongs to, its undo stack and its current findings.

Every edit goes through here, so that the findings, the page states, the autosave and the window
title follow each change. Parsing what was typed and checking belong to `forms`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from forms.draft import write_draft
from forms.expr import Cell
from forms.numbers import EntryError
from forms.report import CellError, Report
from forms.rules import CheckResult, Finding, check

from .commands import ABSENT, EditCells

# A text edit that adds or removes more characters than this is a paste or a cut, not typing (an
# input method commits a phrase of a few characters at a time).
TYPED_CHARS = 10


class ReportDocument(QObject):
    changed = Signal()              # the content changed (autosave, window title)
    large_change = Signal()         # ... by more than a keystroke (a paste, 填为0, a fix): autosave at once
    checked = Signal()              # `result` holds fresh findings (after every change: tables redraw)
    reveal = Signal(object)         # undo/redo touched this Cell: show it
    file_changed = Signal()         # the draft path, last year's report or the saved state changed

    def __init__(self, report: Report, path: Path | None = None, last: Report | None = None,
                 last_path: Path | None = None, saved: Report | None | bool = True, parent: QObject | None = None):
        """`saved`: what the draft file at `path` holds — True when it is `report` as given (just
        opened), a Report when it differs (a restored recovery file), None when unknown."""
        super().__init__(parent)
        self.report = report
        # absolute: a draft opened by a relative name (python main.py open 报告.json) is still shown,
        # exported next to and remembered by its whole path
        self.path = Path(path).absolute() if path else None
        self.last = last
        self.last_path = Path(last_path) if last_path else None
        if saved is True:
            saved = report.copy() if path else None
        self._saved = saved or None
        self.undo_stack = QUndoStack(self)
        self.result: CheckResult = check(report, last)

    # --- state --------------------------------------------------------------------------------------

    @property
    def form(self):
        return self.report.form

    @property
    def is_dirty(self) -> bool:
        """True when the window holds something the draft file does not (a new report always)."""
        return self._saved is None or not self.report.same_content(self._saved)

    def _after_change(self, large: bool = False) -> None:
        self.result = check(self.report, self.last)
        self.checked.emit()
        self.changed.emit()
        if large:
            self.large_change.emit()

    # --- figures ------------------------------------------------------------------------------------

    def enter(self, cell: Cell, text: str) -> str | None:
        """Put what was typed into a cell; returns why it was refused, or None."""
        before = self.report.values.get(cell)
        try:
            self.report.enter(cell, text)
        except (EntryError, CellError) as exc:
            return str(exc)
        after = self.report.values.get(cell)
        if after != before:
            self._push(f"填写{self.form.place(cell)}", {cell: (before, after)}, large=False)
        return None

    def paste(self, entries: list[tuple[Cell, str]]) -> tuple[int, list[str]]:
        """Enter several cells as one undoable step; returns (cells filled, why others were refused)."""
        changes: dict[Cell, tuple] = {}
        refused: list[str] = []
        filled = 0
        for cell, text in entries:
            before = self.report.values.get(cell)
            try:
                self.report.enter(cell, text)
            except (EntryError, CellError) as exc:
                refused.append(str(exc))
                continue
            filled += 1
            after = self.report.values.get(cell)
            if after != before:
                first = changes.get(cell, (before, None))[0]
                changes[cell] = (first, after)
        if changes:
            self._push(f"粘贴{len(changes)}个单元格", changes)
        return filled, refused

    def clear(self, cells: list[Cell]) -> None:
        changes = {c: (self.report.values[c], None) for c in cells
                   if not self.form.is_computed(c) and self.report.values.get(c) is not None}
        for cell in changes:
            self.report.set(cell, None)
        if changes:
            self._push(f"清除{len(changes)}个单元格", changes)

    def fill_blanks_with_zero(self, table: str | None = None) -> int:
        cells = self.report.fill_blanks_with_zero(table)
        if cells:
            self._push("将空白单元格填为0", {c: (None, self.report.values[c]) for c in cells})
        return len(cells)

    def apply_fix(self, finding: Finding) -> bool:
        """Set the cell a finding names to the value that satisfies its rule (R1's 结转下年度继续办理)."""
        if not finding.fix:
            return False
        cell, value = finding.fix
        before = self.report.values.get(cell)
        self.report.set(cell, value)
        self._push(f"按建议修正{self.form.place(cell)}", {cell: (before, self.report.values.get(cell))})
        return True

    def stated_cells(self, finding: Finding) -> list[Cell]:
        """Computed cells of `finding` whose figure from a file disagrees with their parts."""
        return [c for c in finding.cells if c in self.report.stated]

    def accept_computed(self, cells: list[Cell]) -> None:
        """Use the computed totals instead of the disagreeing ones that came with the file."""
        stated = {c: (self.report.stated[c], ABSENT) for c in cells if c in self.report.stated}
        for cell in stated:
            self.report.accept_computed(cell)
        if stated:
            self._push("采用计算结果", {}, stated)

    def _push(self, text: str, values: dict, stated: dict | None = None, large: bool = True) -> None:
        """Every edit but a single typed figure is `large` (pastes, clears, 填为0, fixes)."""
        self.undo_stack.push(EditCells(self, text, values, stated))
        self._after_change(large)

    def restore_cells(self, values: dict[Cell, object], stated: dict[Cell, object]) -> None:
        """Set cells back or forth (the undo stack's way in)."""
        for cell, value in values.items():
            self.report.set(cell, value)
        for cell, value in stated.items():
            if value is ABSENT:
                self.report.stated.pop(cell, None)
            else:
                self.report.stated[cell] = value
        touched = list(values) + list(stated)
        self._after_change(large=len(touched) > 1)
        if touched:
            self.reveal.emit(touched[0])

    # --- prose and identity ---------------------------------------------------------------------------

    def _set_text(self, texts: dict[str, str], key: str, text: str) -> None:
        """Set one of the report's texts; an empty text is no entry at all (as the draft file has it)."""
        before = texts.get(key, "")
        if before == text:
            return
        if text:
            texts[key] = text
        else:
            texts.pop(key, None)
        self._after_change(large=abs(len(text) - len(before)) > TYPED_CHARS)

    def set_section(self, key: str, text: str) -> None:
        self._set_text(self.report.sections, key, text)

    def set_identity(self, organ: str | None = None, year: int | None = None) -> None:
        if organ is not None:
            self.report.organ = organ
        if year is not None:
            self.report.year = year
        self._after_change()

    def set_info(self, key: str, text: str) -> None:
        self._set_text(self.report.info, key, text)

    def set_last(self, last: Report | None, last_path: Path | None) -> None:
        self.last, self.last_path = last, Path(last_path) if last_path else None
        self._after_change(large=True)
        self.file_changed.emit()

    # --- file -----------------------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> Path:
        """Write the draft atomically (raises forms.atomic.SaveError with a plain message)."""
        target = Path(path) if path else self.path
        written = write_draft(self.report, target)
        self.path = Path(written).absolute()
        self._saved = self.report.copy()
        self.file_changed.emit()
        return written
