"""Every question and file chooser the window asks, in one place, in plain Chinese (tests replace
these functions; the program never shows a dialog from anywhere else)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Imported where used: the dialogs are not needed to show the start page.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

    from forms.definition import Form
    from forms.expr import Cell, Number
    from forms.typos import Candidate

TITLE = "年报通"
DRAFT_FILTER = "年报通草稿 (*.json)"
# Importing: the reader judges a file by its bytes (a workbook saved under .xls reads fine, a real
# .xls is told to be saved as .xlsx), so the chooser offers what clerks have on disk: last year's
# report as published (Word, a saved web page, PDF) or a workbook.
IMPORT_FILTER = ("上年或本年的报告 (*.docx *.html *.htm *.pdf *.xlsx *.xls *.et *.xlsm);;Word文档 (*.docx);;"
                 "网页 (*.html *.htm);;PDF (*.pdf);;Excel / WPS 表格 (*.xlsx *.xls *.et *.xlsm);;所有文件 (*)")
# Last year's report: the draft, or the report as published (read whole by exports.report_reader).
LAST_FILTER = ("上年报告 (*.json *.docx *.html *.htm *.pdf *.xlsx *.xls *.et *.xlsm);;年报通草稿 (*.json);;"
               "Word文档 (*.docx);;网页 (*.html *.htm);;PDF (*.pdf);;Excel / WPS 表格 (*.xlsx *.xls *.et *.xlsm);;"
               "所有文件 (*)")
_DESTRUCTIVE = ("discard", "dont_save", "replace")
# A message box shows a few lines, never megabytes: longer texts are cut (and said so), the whole
# text goes to messages.log in the data folder (host.log.record_message).
MAX_TEXT = 500
MAX_DETAILS = 2000
MAX_LISTED = 20          # the points of a list a message names one by one; then how many there are


def listed(lines: list[str], most: int = MAX_LISTED) -> list[str]:
    """The first `most` of `lines`, and a last line with their number when some are left out."""
    return [*lines[:most], f"……共{len(lines)}处"] if len(lines) > most else list(lines)


def shown(text: str, limit: int) -> str:
    """`text` as a message box shows it: cut after `limit` characters with "…", saying how much
    was left out and where the whole text is."""
    if len(text) <= limit:
        return text
    where = _log_full(text)
    rest = len(text) - limit
    return (text[:limit] + f"…\n（后面还有{rest}个字没有显示"
            + (f"，全文已记入“{where}”）" if where else "，全文也没能保存下来）"))


def _log_full(text: str) -> Path | None:
    """`text` kept whole in messages.log in the data folder; its path, or None when it cannot be written."""
    from host.log import record_message

    return record_message(text)


def _box(icon: QMessageBox.Icon, parent: QWidget | None, text: str, details: str,
         buttons: QMessageBox.StandardButton) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, TITLE, shown(text, MAX_TEXT), buttons, parent)
    if details:
        box.setInformativeText(shown(details, MAX_DETAILS))
    return box


def warn(parent: QWidget | None, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(QMessageBox.Icon.Warning, parent, text, details, QMessageBox.StandardButton.Ok).exec()


def inform(parent: QWidget | None, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    _box(QMessageBox.Icon.Information, parent, text, details, QMessageBox.StandardButton.Ok).exec()


def ask(parent: QWidget | None, text: str, choices: list[tuple[str, str]], details: str = "",
        default: str | None = None) -> str | None:
    """Ask with buttons `choices` [(key, label)]; Enter presses `default` (else the first);
    None when dismissed (Esc)."""
    return _question(parent, text, choices, details, default)[0]


def _question(parent: QWidget | None, text: str, choices: list[tuple[str, str]], details: str,
              default: str | None, remember: str = "") -> tuple[str | None, bool]:
    """The question box of `ask`, with a box to tick labelled `remember` when given: the key of the
    button pressed (None when dismissed) and whether the box was ticked."""
    from PySide6.QtWidgets import QCheckBox, QMessageBox

    box = _box(QMessageBox.Icon.Question, parent, text, details, QMessageBox.StandardButton.NoButton)
    if remember:
        box.setCheckBox(QCheckBox(remember, box))       # parented: not deleted with the Python object
    buttons: dict[QAbstractButton, str] = {}
    default = default or choices[0][0]
    for i, (key, label) in enumerate(choices):
        button = box.addButton(label, _role(key, first=i == 0))
        buttons[button] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    clicked = box.clickedButton()
    ticked = box.checkBox() is not None and box.checkBox().isChecked()
    return (buttons.get(clicked) if clicked is not None else None), ticked


REMEMBER = "记住这个选择，以后导出时不再询问（可在“编辑 › 设置…”里更改）"


def ask_remembered(parent: QWidget | None, text: str, choices: list[tuple[str, str]], details: str = "",
                   default: str | None = None) -> tuple[str | None, bool]:
    """`ask`, with a box to tick to remember the answer: (the key chosen, whether to remember it);
    (None, False) when dismissed — a question closed is not an answer to remember."""
    key, ticked = _question(parent, text, choices, details, default, REMEMBER)
    return key, ticked and key not in (None, "cancel")


def _role(key: str, first: bool) -> QMessageBox.ButtonRole:
    from PySide6.QtWidgets import QMessageBox

    if key == "cancel":
        return QMessageBox.ButtonRole.RejectRole
    if key in _DESTRUCTIVE:
        return QMessageBox.ButtonRole.DestructiveRole
    return QMessageBox.ButtonRole.AcceptRole if first else QMessageBox.ButtonRole.ActionRole


def open_file(parent: QWidget | None, title: str, file_filter: str, folder: Path | None = None) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder or Path.home()), file_filter)
    return Path(path) if path else None


def save_draft_as(parent: QWidget | None, suggested: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "保存草稿", str(suggested), DRAFT_FILTER)
    return Path(path) if path else None


def save_export_as(parent: QWidget | None, suggested: Path, file_filter: str) -> Path | None:
    """Another name or place for an exported file; `file_filter` names its kind (ExportKind.file_filter)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "另存为", str(suggested), file_filter)
    return Path(path) if path else None


def choose_folder(parent: QWidget | None, title: str, folder: Path | None = None) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getExistingDirectory(parent, title, str(folder or Path.home()))
    return Path(path) if path else None


def confirm_fix(parent: QWidget | None, form: Form, cell: Cell, before: Number | None, after: Number,
                candidates: list[Candidate]) -> bool | Cell:
    """按建议修正 asked first (`ui.fix_dialog.FixDialog`): True to fix, False not to, or the cell of a
    likely typo the clerk chose to look at instead."""
    from .fix_dialog import FixDialog

    dialog = FixDialog(parent, form, cell, before, after, candidates)
    if dialog.exec() == FixDialog.DialogCode.Accepted:
        return True
    return dialog.chosen if dialog.chosen is not None else False
