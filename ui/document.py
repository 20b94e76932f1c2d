"""The report being edited in the window: the domain `Report`, last year's report (for the
cross-year checks), the draft file it belongs to, its undo stack and its current findings.

Every edit goes through here, so that the findings, the page states, the autosave and the window
title follow each change: after each one the document re-checks the report and emits `changed`
with a `Changes` that says what changed, and each view redoes only what that touches. Figures
change along one path (`_edit`: typing, paste, Delete, 填为0, fixes, 采用计算结果), which records
before and after and pushes the undo step; prose and 基本信息 along another (`edit_text`), one undo
step per burst of typing, on the same stack: one history for the whole report. Undo and redo emit
the same `Changes`. Parsing what was typed, checking and carrying over belong to `forms`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from forms.carryover import CarryOver, follow_suggestions, suggestions
from forms.changes import dependents, touched
from forms.definition import Form
from forms.draft import write_draft
from forms.expr import Cell
from forms.lock import Fingerprint, Lock, changed_on_disk, fingerprint
from forms.numbers import EntryError
from forms.report import INFO_FIELDS, CellError, Report
from forms.rules import CheckResult, Finding, check

from .commands import (
    ABSENT,
    Absent,
    ChooseLast,
    EditCells,
    EditText,
    LastChoice,
    Stated,
    Text,
    TextField,
    TextKind,
    Value,
    inserted,
)

# A text edit that adds or removes more characters than this is a paste or a cut, not typing (an
# input method commits a phrase of a few characters at a time).
TYPED_CHARS = 10
# Typing goes on one undo step while each change puts in at most this much: an input method commits a
# phrase or a sentence at a time. More is a paste, a step of its own (a prose editor says so itself).
BURST_CHARS = 40


@dataclass(frozen=True)
class Changes:
    """What one change to the document touched: the one thing its `changed` signal carries, so that
    every view redoes only what concerns it (as Anki's OpChanges)."""

    cells: frozenset[Cell] = frozenset()     # figures whose value changed, with the totals that follow from them
    stated: frozenset[Cell] = frozenset()    # totals that came with a file whose stated figure changed
    sections: frozenset[str] = frozenset()   # keys of the sections whose text changed
    identity: bool = False                   # 机关名称 or 年度
    info: frozenset[str] = frozenset()       # keys of the contact details and 成文日期 that changed
    last: bool = False                       # last year's report (or none) chosen
    file: bool = False                       # the draft's path or its saved state (nothing in the report)
    findings: bool = False                   # the findings (or the checks skipped) differ from before
    large: bool = False                      # more than a keystroke: written to the recovery file at once

    @property
    def content(self) -> bool:
        """Something the report (with last year's) holds changed: to check, to autosave."""
        return bool(self.cells or self.stated or self.sections or self.identity or self.info or self.last)

    @property
    def figures(self) -> bool:
        return bool(self.cells or self.stated)


class ReportDocument(QObject):
    changed = Signal(object)        # a Changes, after every change (the findings already re-checked)
    reveal = Signal(object)         # undo/redo touched this Cell: show it
    text_set = Signal(object)       # a TextField set other than by typing in it (undo, redo, last year's): shown
    reveal_text = Signal(object)    # undo/redo set this TextField: show its page

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
        self._saved: Report | None = saved or None
        # the draft file as it was opened or last saved: a save checks that nobody changed it since
        self.on_disk: Fingerprint | None = fingerprint(self.path) if self.path else None
        self.lock: Lock | None = None          # our owner file beside the draft, while it is open
        self.read_only = False                 # opened while someone else has it: saved only as a copy
        self.undo_stack = QUndoStack(self)
        self._typing = False                   # the last step is a burst of typing the next keystroke joins
        self.result: CheckResult = check(report, last)
        self._follows = dependents(report.form)
        self._suggested = suggestions(report.form)

    # --- state --------------------------------------------------------------------------------------

    @property
    def form(self) -> Form:
        return self.report.form

    @property
    def is_dirty(self) -> bool:
        """True when the window holds something the draft file does not (a new report always)."""
        return self._saved is None or not self.report.same_content(self._saved)

    def _emit(self, changes: Changes) -> None:
        """Re-check after a change to the report, then tell everyone what changed."""
        if changes.content:
            before = self.result
            self.result = check(self.report, self.last)
            if self.result.findings != before.findings or self.result.skipped != before.skipped:
                changes = replace(changes, findings=True)
        self.changed.emit(changes)

    # --- figures ------------------------------------------------------------------------------------

    def _edit(self, label: Callable[[int], str], typed: Iterable[tuple[Cell, str]] = (),
              values: Mapping[Cell, Value] | None = None, accepted: Iterable[Cell] = (),
              large: bool = True) -> tuple[int, list[str]]:
        """The one way figures change: what was typed (parsed by the report, which may refuse it),
        values set, stated totals dropped for the computed ones. Records before and after, pushes
        one undo step named `label(cells changed)` and tells what changed. Returns (entries taken,
        why the others were refused)."""
        report = self.report
        before: dict[Cell, Value] = {}
        refused: list[str] = []
        taken = 0
        for cell, text in typed:
            old = report.values.get(cell)
            try:
                report.enter(cell, text)
            except (EntryError, CellError) as exc:
                refused.append(str(exc))
                continue
            taken += 1
            before.setdefault(cell, old)
        for cell, value in (values or {}).items():
            before.setdefault(cell, report.values.get(cell))
            report.set(cell, value)
        if self.last is not None and self._suggested and before:
            # a suggestion (现行有效件数) follows the figures it is made from, in the same undo step
            for cell, value in follow_suggestions(self._suggested, self.last, report, before).items():
                before[cell] = report.values.get(cell)
                report.set(cell, value)
        stated: dict[Cell, tuple[Stated, Stated]] = {c: (report.stated[c], ABSENT) for c in accepted
                                                     if c in report.stated}
        for cell in stated:
            report.accept_computed(cell)
        changed = {c: (old, report.values.get(c)) for c, old in before.items() if report.values.get(c) != old}
        if changed or stated:
            self.undo_stack.push(EditCells(self, label(len(changed)), changed, stated))
            self._emit(Changes(cells=touched(changed, self._follows), stated=frozenset(stated), large=large))
        return taken, refused

    def enter(self, cell: Cell, text: str) -> str | None:
        """Put what was typed into a cell; returns why it was refused, or None."""
        _, refused = self._edit(lambda _: f"填写{self.form.place(cell)}", typed=[(cell, text)], large=False)
        return refused[0] if refused else None

    def paste(self, entries: list[tuple[Cell, str]]) -> tuple[int, list[str]]:
        """Enter several cells as one undoable step; returns (cells filled, why others were refused)."""
        return self._edit(lambda n: f"粘贴{n}个单元格", typed=entries)

    def clear(self, cells: Iterable[Cell]) -> None:
        """Empty the input cells among `cells` (computed ones are left as they are)."""
        blank = {c: None for c in cells if not self.form.is_computed(c)}
        self._edit(lambda n: f"清除{n}个单元格", values=blank)

    def fill_blanks_with_zero(self, table: str | None = None) -> int:
        zeros = {c: self.form.kind_of(c).zero for c in self.report.blank_input_cells(table)}
        self._edit(lambda _: "将空白单元格填为0", values=zeros)
        return len(zeros)

    def apply_fix(self, finding: Finding) -> bool:
        """Set the cell a finding names to the value that satisfies its rule (R1's 结转下年度继续办理)."""
        if not finding.fix:
            return False
        cell, value = finding.fix
        self._edit(lambda _: f"按建议修正{self.form.place(cell)}", values={cell: value})
        return True

    def stated_cells(self, finding: Finding) -> list[Cell]:
        """Computed cells of `finding` whose figure from a file disagrees with their parts."""
        return [c for c in finding.cells if c in self.report.stated]

    def accept_computed(self, cells: list[Cell], label: str = "采用计算结果") -> None:
        """Use the computed totals instead of the disagreeing ones that came with the file
        (one undo step named `label`)."""
        self._edit(lambda _: label, accepted=cells)

    def restore_cells(self, values: dict[Cell, Value], stated: dict[Cell, Stated]) -> None:
        """Set cells back or forth (the undo stack's way in): the same change as the edit it undoes."""
        for cell, value in values.items():
            self.report.set(cell, value)
        for cell, total in stated.items():
            if isinstance(total, Absent):
                self.report.stated.pop(cell, None)
            else:
                self.report.stated[cell] = total
        moved = list(values) + list(stated)
        self._emit(Changes(cells=touched(values, self._follows), stated=frozenset(stated), large=len(moved) > 1))
        if moved:
            self.reveal.emit(moved[0])

    # --- prose and identity ---------------------------------------------------------------------------

    @staticmethod
    def _typed(before: Text, after: Text) -> bool:
        return abs(len(str(after or "")) - len(str(before or ""))) <= TYPED_CHARS

    def text_of(self, field: TextField) -> Text:
        report = self.report
        if field.kind is TextKind.SECTION:
            return report.sections.get(field.key, "")
        if field.kind is TextKind.INFO:
            return report.info.get(field.key, "")
        return report.organ if field.kind is TextKind.ORGAN else report.year

    def _put_text(self, field: TextField, value: Text) -> bool:
        """Set a text through the report's setters (the one rule for incoming text); whether it changed."""
        report = self.report
        if field.kind is TextKind.SECTION:
            return report.set_section(field.key, str(value or ""))
        if field.kind is TextKind.INFO:
            return report.set_info(field.key, str(value or ""))
        if field.kind is TextKind.ORGAN:
            return report.set_organ(str(value or ""))
        changed = report.year != value
        report.year = value if isinstance(value, int) else None
        return changed

    @staticmethod
    def _text_changes(fields: Iterable[TextField], large: bool) -> Changes:
        fields = list(fields)
        return Changes(sections=frozenset(f.key for f in fields if f.kind is TextKind.SECTION),
                       info=frozenset(f.key for f in fields if f.kind is TextKind.INFO),
                       identity=any(f.kind in (TextKind.ORGAN, TextKind.YEAR) for f in fields), large=large)

    def _text_label(self, field: TextField) -> str:
        if field.kind is TextKind.SECTION:
            return f"输入“{self.form.section_by_key[field.key].heading}”"
        if field.kind is TextKind.INFO:
            return f"修改{INFO_FIELDS[field.key]}"
        return "修改机关名称" if field.kind is TextKind.ORGAN else "修改报告年度"

    def edit_text(self, field: TextField, value: Text) -> None:
        """Typed or pasted text: one undo step per burst of typing (a paste is a step of its own)."""
        before = self.text_of(field)
        if not self._put_text(field, value):
            return
        after = self.text_of(field)
        typed = len(inserted(before, after)) <= BURST_CHARS       # a keystroke, not a paste
        label = self._text_label(field)
        self.undo_stack.push(EditText(self, label, field, before, after, joins=typed and self._typing))
        self._typing = typed
        self._emit(self._text_changes([field], large=not self._typed(before, after)))

    def end_typing(self) -> None:
        """The clerk left the field: what is typed next is a new undo step."""
        self._typing = False

    def restore_text(self, field: TextField, value: Text) -> None:
        """Set a text back or forth (the undo stack's way in): the same change as the edit it undoes."""
        before = self.text_of(field)
        self._typing = False
        if self._put_text(field, value):
            self._emit(self._text_changes([field], large=not self._typed(before, value)))
        self.text_set.emit(field)
        self.reveal_text.emit(field)

    def set_section(self, key: str, text: str) -> None:
        """Typed or pasted prose, cleaned by the report's one rule for incoming text (forms.text)."""
        self.edit_text(TextField(TextKind.SECTION, key), text)

    def set_identity(self, organ: str | None = None, year: int | None = None) -> None:
        if organ is not None:
            self.edit_text(TextField(TextKind.ORGAN), organ)
        if year is not None:
            self.edit_text(TextField(TextKind.YEAR), year)

    def set_info(self, key: str, text: str) -> None:
        self.edit_text(TextField(TextKind.INFO, key), text)

    # --- last year's report ---------------------------------------------------------------------------

    def _choice(self, fields: Iterable[TextField], cells: Iterable[Cell]) -> LastChoice:
        return LastChoice(self.last, self.last_path, {f: self.text_of(f) for f in fields},
                          {c: self.report.values.get(c) for c in cells})

    def choose_last(self, last: Report | None, last_path: Path | None, carry: CarryOver | None = None,
                    overwrite: bool = False) -> None:
        """Last year's report chosen (None: none), with what `carry` fills from it (the figures this
        year's report holds differently only with `overwrite`): one undo step."""
        fields = [TextField(TextKind.INFO, key) for key in carry.info] if carry else []
        if carry is not None and carry.organ:
            fields.append(TextField(TextKind.ORGAN))
        cells = [*carry.values, *(carry.conflicts if overwrite else ())] if carry else []
        before = self._choice(fields, cells)
        if carry is not None:
            carry.apply(self.report, overwrite)
        self.last, self.last_path = last, Path(last_path) if last_path else None
        after = self._choice(fields, cells)
        self.undo_stack.push(ChooseLast(self, "选择上年草稿" if last else "不使用上年报告", before, after))
        self._typing = False
        self._emit(self._choice_changes(before, after))
        for field in fields:
            self.text_set.emit(field)

    def _choice_changes(self, before: LastChoice, after: LastChoice) -> Changes:
        changed = {c: (before.values[c], after.values[c]) for c in after.values
                   if before.values[c] != after.values[c]}
        texts = self._text_changes((f for f in after.texts if before.texts[f] != after.texts[f]), large=True)
        return replace(texts, cells=touched(changed, self._follows), last=True, file=True)

    def restore_choice(self, choice: LastChoice) -> None:
        """Last year's choice back or forth (the undo stack's way in)."""
        before = self._choice(choice.texts, choice.values)
        for field, text in choice.texts.items():
            self._put_text(field, text)
        for cell, value in choice.values.items():
            self.report.set(cell, value)
        self.last, self.last_path = choice.last, choice.last_path
        self._typing = False
        self._emit(self._choice_changes(before, choice))
        for field in choice.texts:
            self.text_set.emit(field)
        self.reveal_text.emit(TextField(TextKind.ORGAN))     # where last year's draft is chosen: 基本信息

    # --- file -----------------------------------------------------------------------------------------

    def changed_on_disk(self, path: Path) -> bool:
        """Whether saving to `path` would overwrite what someone else wrote there since this
        document opened or last saved it."""
        return self.path is not None and Path(path).absolute() == self.path and changed_on_disk(path, self.on_disk)

    def save(self, path: Path | None = None, lock: Lock | None = None) -> Path:
        """Write the draft atomically (raises forms.atomic.SaveError with a plain message).
        `lock`: the lock taken on a new path (the lock on the old one is released)."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("a new report is saved with a path")
        written = Path(write_draft(self.report, target)).absolute()
        if written != self.path or lock is not None:
            self.release_lock()
            self.lock, self.read_only = lock, False
        elif self.lock is not None:
            self.lock.refresh()
        self.path = written
        self.on_disk = fingerprint(written)
        self._saved = self.report.copy()
        self.changed.emit(Changes(file=True))
        return written

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
