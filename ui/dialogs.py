"""Every question and file chooser the window asks, in one place, in plain Chinese (tests replace
these functions; the program never shows a dialog from anywhere else)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Imported where used: the dialogs are not needed to show the start page.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

TITLE = "年报通"
DRAFT_FILTER = "年报通草稿 (*.json)"
# Importing: the reader judges a file by its bytes (a workbook saved under .xls reads fine, a real
# .xls is told to be saved as .xlsx), so the chooser offers what clerks have on disk.
IMPORT_FILTER = "Excel / WPS 表格 (*.xlsx *.xls *.et *.xlsm);;所有文件 (*)"
_DESTRUCTIVE = ("discard", "dont_save", "replace")


def warn(parent: QWidget | None, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setInformativeText(details)
    box.exec()


def inform(parent: QWidget | None, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setInformativeText(details)
    box.exec()


def ask(parent: QWidget | None, text: str, choices: list[tuple[str, str]], details: str = "",
        default: str | None = None) -> str | None:
    """Ask with buttons `choices` [(key, label)]; Enter presses `default` (else the first);
    None when dismissed (Esc)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    if details:
        box.setInformativeText(details)
    buttons: dict[QAbstractButton, str] = {}
    default = default or choices[0][0]
    for i, (key, label) in enumerate(choices):
        button = box.addButton(label, _role(key, first=i == 0))
        buttons[button] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    clicked = box.clickedButton()
    return buttons.get(clicked) if clicked is not None else None


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
