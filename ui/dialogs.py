"""Every question and file chooser the window asks, in one place, in plain Chinese (tests replace
these functions; the program never shows a dialog from anywhere else)."""

from __future__ import annotations

from pathlib import Path

# Imported where used: the dialogs are not needed to show the start page.

TITLE = "年报通"
DRAFT_FILTER = "年报通草稿 (*.json)"
EXCEL_FILTER = "Excel 表格 (*.xlsx)"
# Importing: the reader judges a file by its bytes (a workbook saved under .xls reads fine, a real
# .xls is told to be saved as .xlsx), so the chooser offers what clerks have on disk.
IMPORT_FILTER = "Excel / WPS 表格 (*.xlsx *.xls *.et *.xlsm);;所有文件 (*)"
EXPORT_FILTERS = {".docx": "Word 文档 (*.docx)", ".xlsx": EXCEL_FILTER}
_DESTRUCTIVE = ("discard", "dont_save", "replace")


def warn(parent, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Warning, TITLE, text, QMessageBox.Ok, parent)
    if details:
        box.setInformativeText(details)
    box.exec()


def inform(parent, text: str, details: str = "") -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Information, TITLE, text, QMessageBox.Ok, parent)
    if details:
        box.setInformativeText(details)
    box.exec()


def ask(parent, text: str, choices: list[tuple[str, str]], details: str = "",
        default: str | None = None) -> str | None:
    """Ask with buttons `choices` [(key, label)]; Enter presses `default` (else the first);
    None when dismissed (Esc)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Question, TITLE, text, QMessageBox.NoButton, parent)
    if details:
        box.setInformativeText(details)
    buttons = {}
    default = default or choices[0][0]
    for i, (key, label) in enumerate(choices):
        role = (QMessageBox.RejectRole if key == "cancel" else QMessageBox.DestructiveRole if key in _DESTRUCTIVE
                else QMessageBox.AcceptRole if i == 0 else QMessageBox.ActionRole)
        button = box.addButton(label, role)
        buttons[button] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    return buttons.get(box.clickedButton())


def open_file(parent, title: str, file_filter: str, folder: Path | None = None) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder or Path.home()), file_filter)
    return Path(path) if path else None


def save_draft_as(parent, suggested: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "保存草稿", str(suggested), DRAFT_FILTER)
    return Path(path) if path else None


def save_export_as(parent, suggested: Path) -> Path | None:
    """Another name or place for an exported file (of the kind `suggested` ends with)."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, "另存为", str(suggested), EXPORT_FILTERS[suggested.suffix.lower()])
    return Path(path) if path else None


def choose_folder(parent, title: str, folder: Path | None = None) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getExistingDirectory(parent, title, str(folder or Path.home()))
    return Path(path) if path else None
