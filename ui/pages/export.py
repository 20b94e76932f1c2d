"""导出: writes the Word and Excel files (one click each), says where they went and opens them.
A report with errors is not exported as final: the page says why and offers a 草稿 instead."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from exports.common import DRAFT_MARK, ExportRefused

from .. import dialogs, export_actions
from ..export_actions import ExportKind
from . import WizardPage, hint_label, message_label, show_message

if TYPE_CHECKING:
    from ..document import ReportDocument
    from ..page_plan import Page
    from ..settings import Settings


_MAX_LISTED = 5


class ExportPage(WizardPage):
    show_errors = Signal()

    def __init__(self, page: Page, document: ReportDocument, settings: Settings, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        self.settings = settings
        self.chosen_folder: Path | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self.layout_.addLayout(self._folder_row())
        self.layout_.addLayout(self._buttons())
        self.refusal = self._refusal_box()
        self.layout_.addWidget(self.refusal)
        self.results: dict[ExportKind, tuple[QWidget, QLabel]] = {}
        self.written: dict[ExportKind, Path] = {}
        for kind in ExportKind:
            self.layout_.addWidget(self._result_row(kind))
        self.failure = message_label()
        self.layout_.addWidget(self.failure)
        self.layout_.addWidget(hint_label(
            f"导出的文件与草稿放在同一个文件夹（草稿还没有保存时，放在上次导出的文件夹）。"
            f"已有同名文件时，先问您替换它还是另存为。"
            f"报告有错误时只能导出草稿，草稿每页页眉标注“{DRAFT_MARK}”。"))
        self.layout_.addStretch(1)
        self.follow(lambda changes: changes.findings or changes.file)     # the folder is the draft's

    def _folder_row(self) -> QHBoxLayout:
        where = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        change = QPushButton("更改文件夹…")
        change.clicked.connect(self._choose_folder)
        where.addWidget(self.folder_label, 1)
        where.addWidget(change)
        return where

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.word_button = QPushButton("一键导出Word（Ctrl+E）")
        self.word_button.clicked.connect(lambda: self.export(ExportKind.WORD))
        self.excel_button = QPushButton("导出Excel")
        self.excel_button.clicked.connect(lambda: self.export(ExportKind.EXCEL))
        for button in (self.word_button, self.excel_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        return buttons

    def _refusal_box(self) -> QWidget:
        """Why a final export is refused, with the way to the errors and the 草稿 exports."""
        box = QWidget()
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 8, 0, 8)
        self.refusal_text = message_label()
        layout.addWidget(self.refusal_text, 0, 0, 1, 4)
        errors = QPushButton("查看错误")
        errors.clicked.connect(self.show_errors)
        self.draft_word = QPushButton("导出草稿Word")
        self.draft_word.clicked.connect(lambda: self.export(ExportKind.WORD, draft=True))
        self.draft_excel = QPushButton("导出草稿Excel")
        self.draft_excel.clicked.connect(lambda: self.export(ExportKind.EXCEL, draft=True))
        layout.addWidget(errors, 1, 0)
        layout.addWidget(self.draft_word, 1, 1)
        layout.addWidget(self.draft_excel, 1, 2)
        layout.setColumnStretch(3, 1)
        box.hide()
        return box

    def _result_row(self, kind: ExportKind) -> QWidget:
        """Where the file of `kind` went, with buttons to open it and its folder (shown once written)."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel()
        label.setWordWrap(True)
        open_file = QPushButton("打开文件")
        open_file.clicked.connect(lambda: export_actions.open_file(self.written[kind]))
        open_folder = QPushButton("打开所在文件夹")
        open_folder.clicked.connect(lambda: export_actions.open_folder(self.written[kind]))
        layout.addWidget(label, 1)
        layout.addWidget(open_file)
        layout.addWidget(open_folder)
        row.hide()
        self.results[kind] = (row, label)
        return row

    def folder(self) -> Path:
        return self.chosen_folder or export_actions.default_folder(self.document, self.settings)

    def refresh(self) -> None:
        result = self.document.result
        if result.warnings:
            text = f"可以导出正式稿。还有 {len(result.warnings)} 个提醒，建议导出前再核对一遍。"
        else:
            text = "检查通过，可以导出正式稿。"
        show_message(self.status, "" if result.errors else text, ok=True)
        self.folder_label.setText(f"保存到：{self.folder()}")
        if result.errors:
            self._show_refusal(ExportRefused(result))
        else:
            self.refusal.hide()

    def _show_refusal(self, refused: ExportRefused) -> None:
        errors = refused.result.errors
        listed = "\n".join(f"· {f.message}" for f in errors[:_MAX_LISTED])
        more = f"\n……共{len(errors)}个错误" if len(errors) > _MAX_LISTED else ""
        show_message(self.refusal_text, f"{refused}\n{listed}{more}")
        self.refusal.show()

    def _choose_folder(self) -> None:
        folder = dialogs.choose_folder(self, "选择导出文件夹", self.folder())
        if folder is not None:
            self.chosen_folder = folder
            self.refresh()

    def _where_to_write(self, target: Path) -> Path | None:
        """`target`, unless a file of that name is there: then the clerk decides (it may hold
        changes made by hand in Word or Excel). Enter keeps the existing file."""
        if not target.exists():
            return target
        choice = dialogs.ask(self, f"“{target.name}”已经存在，要替换它吗？",
                             [("replace", "替换"), ("save_as", "另存为…"), ("cancel", "取消")],
                             f"它在“{target.parent}”。如果在Word或Excel里手工改过这个文件，替换后那些改动就没有了；"
                             f"要保留它，请选“另存为…”换一个文件名。", default="cancel")
        if choice == "replace":
            return target
        if choice == "save_as":
            kind = ExportKind(target.suffix.lstrip(".").lower())
            chosen = dialogs.save_export_as(self, target, kind.file_filter)
            if chosen is None or chosen.suffix.lower() == target.suffix:
                return chosen                # the file dialog itself asks before replacing
            # typed without the extension (which finds the file again): that name may be taken too
            return self._where_to_write(chosen.with_name(chosen.name + target.suffix))
        return None

    def export(self, kind: ExportKind | str, draft: bool = False) -> export_actions.ExportOutcome:
        kind = ExportKind(kind)
        folder = self.folder()
        outcome = export_actions.export(self.document, kind, folder, draft, where=self._where_to_write)
        show_message(self.failure, "")
        if outcome.cancelled:
            show_message(self.failure, "没有导出：已有的文件保持原样。", ok=True)
        elif outcome.refused is not None:
            self._show_refusal(outcome.refused)
        elif outcome.error is not None:
            show_message(self.failure, outcome.error)
        elif outcome.path is not None:
            self.written[kind] = outcome.path
            row, label = self.results[kind]
            what = f"{kind.label}{'草稿' if outcome.draft else ''}文件"
            label.setText(f"已导出{what}：{outcome.path}")
            row.show()
            if self.chosen_folder is not None or self.document.path is None:
                self.settings.export_folder = folder
        return outcome
