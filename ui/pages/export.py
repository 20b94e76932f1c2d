"""导出: writes the Word and Excel files (one click each) and the PDF (our Word file printed by LibreOffice
or WPS on this PC, off the window's thread), says where they went and opens them.
A report with errors is not exported as final: the page says why and offers a 草稿 instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from exports.common import DRAFT_MARK, ExportRefused
from forms.lock import Fingerprint, changed_on_disk, fingerprint
from host import office as host_office

from .. import dialogs, export_actions
from ..export_actions import ExportKind
from ..export_worker import ExportWorker
from . import WizardPage, hint_label, message_label, show_message

if TYPE_CHECKING:
    from exports.typesetting import Typesetting

    from ..document import ReportDocument
    from ..page_plan import Page
    from ..settings import Settings


_MAX_LISTED = 5


class ExportPage(WizardPage):
    show_errors = Signal()

    def __init__(self, page: Page, document: ReportDocument, settings: Settings, parent: QWidget | None = None):
        super().__init__(page, document, parent)
        self.settings = settings
        self.chosen_folder: Path | None = None     # 导出到其他位置…, for this report in this window
        # Before the first save: saves the draft in the folder the clerk chooses (the window's
        # save); False when it was not saved. The exports then go beside the draft.
        self.settle_home: Callable[[], bool] | None = None
        self._unplaced = False
        self._fonts_declined = False               # the last Word export was cancelled over missing fonts
        self._exporting: ExportKind | None = None  # the kind of file being planned (the fonts' question)
        self._ours: dict[Path, Fingerprint | None] = {}     # files this page wrote, as it wrote them
        self._copy_path: Path | None = None
        self.office = host_office.find_office()     # the program that prints the PDF; None: 导出PDF disabled
        self.pdf_worker = ExportWorker(self)
        self._pdf_job: export_actions.ExportJob | None = None     # the PDF being made, with its copy of the report
        self.pdf_worker.done.connect(self._pdf_done)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self.layout_.addLayout(self._folder_row())
        self.layout_.addLayout(self._buttons())
        self.refusal = self._refusal_box()
        self.layout_.addWidget(self.refusal)
        self._pdf_ready()
        self.results: dict[ExportKind, tuple[QWidget, QLabel]] = {}
        self.written: dict[ExportKind, Path] = {}
        for kind in ExportKind:
            self.layout_.addWidget(self._result_row(kind))
        self.layout_.addLayout(self._failure_row())
        self.layout_.addWidget(hint_label(
            f"导出的文件与草稿放在同一个文件夹；还没有保存的报告，第一次导出时先请您选定存放本年度报告的文件夹，"
            f"草稿保存在那里。再次导出时，本窗口导出后没有改动过的文件直接更新；别人改过的、"
            f"正在Word或WPS里打开的同名文件，先问您替换它还是另存为。"
            f"报告有错误时只能导出草稿，草稿每页页眉标注“{DRAFT_MARK}”。"))
        self.layout_.addStretch(1)
        self.follow(lambda changes: changes.findings or changes.file)     # the folder is the draft's

    def _folder_row(self) -> QHBoxLayout:
        where = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        change = QPushButton("导出到其他位置…")
        change.setToolTip("把Word、Excel和PDF文件导出到另一个文件夹（如U盘）；草稿仍在原处")
        change.clicked.connect(self._choose_folder)
        where.addWidget(self.folder_label, 1)
        where.addWidget(change)
        return where

    def _buttons(self) -> QVBoxLayout:
        buttons = QHBoxLayout()
        self.word_button = QPushButton("一键导出Word（Ctrl+E）")
        self.word_button.clicked.connect(lambda: self.export(ExportKind.WORD))
        self.excel_button = QPushButton("导出Excel")
        self.excel_button.clicked.connect(lambda: self.export(ExportKind.EXCEL))
        self.pdf_button = QPushButton("导出PDF")
        self.pdf_button.clicked.connect(lambda: self.export(ExportKind.PDF))
        for button in (self.word_button, self.excel_button, self.pdf_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(buttons)
        self.pdf_note = message_label()         # what 导出PDF needs, or that it is running
        column.addWidget(self.pdf_note)
        return column

    def _pdf_ready(self, running: bool = False) -> None:
        """导出PDF (and 导出草稿PDF) usable when this PC has a program for it and no PDF is being made;
        the line under the buttons says what is needed, or what is going on."""
        if self.office is None:
            show_message(self.pdf_note, host_office.NO_OFFICE)
        elif running:
            show_message(self.pdf_note, f"正在用{self.office.label}把报告转换成PDF……需要几秒钟，可以继续填写。",
                         ok=True)
        else:
            self.pdf_note.hide()
            self.pdf_button.setToolTip(f"由本机的{self.office.label}把导出的Word文件转换成PDF（需要几秒钟）")
        for button in (self.pdf_button, self.draft_pdf):
            button.setEnabled(self.office is not None and not running)

    def _failure_row(self) -> QHBoxLayout:
        """What went wrong (or did not happen), with a button to copy the path it names."""
        row = QHBoxLayout()
        self.failure = message_label()
        self.copy_button = QPushButton("复制路径")
        self.copy_button.setToolTip("复制后可以粘贴到文件管理器的地址栏")
        self.copy_button.clicked.connect(self._copy)
        self.copy_button.hide()
        row.addWidget(self.failure, 1)
        row.addWidget(self.copy_button)
        return row

    def _say(self, text: str, ok: bool = False, path: Path | None = None) -> None:
        show_message(self.failure, text, ok)
        self._copy_path = path
        self.copy_button.setVisible(path is not None)

    def _copy(self) -> None:
        if self._copy_path is not None:
            QGuiApplication.clipboard().setText(str(self._copy_path))

    def _refusal_box(self) -> QWidget:
        """Why a final export is refused, with the way to the errors and the 草稿 exports."""
        box = QWidget()
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 8, 0, 8)
        self.refusal_text = message_label()
        layout.addWidget(self.refusal_text, 0, 0, 1, 5)
        errors = QPushButton("查看错误")
        errors.clicked.connect(self.show_errors)
        self.draft_word = QPushButton("导出草稿Word")
        self.draft_word.clicked.connect(lambda: self.export(ExportKind.WORD, draft=True))
        self.draft_excel = QPushButton("导出草稿Excel")
        self.draft_excel.clicked.connect(lambda: self.export(ExportKind.EXCEL, draft=True))
        self.draft_pdf = QPushButton("导出草稿PDF")
        self.draft_pdf.clicked.connect(lambda: self.export(ExportKind.PDF, draft=True))
        layout.addWidget(errors, 1, 0)
        layout.addWidget(self.draft_word, 1, 1)
        layout.addWidget(self.draft_excel, 1, 2)
        layout.addWidget(self.draft_pdf, 1, 3)
        layout.setColumnStretch(4, 1)
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
        open_file.clicked.connect(lambda: self._open(kind, folder=False))
        open_folder = QPushButton("打开所在文件夹")
        open_folder.clicked.connect(lambda: self._open(kind, folder=True))
        layout.addWidget(label, 1)
        layout.addWidget(open_file)
        layout.addWidget(open_folder)
        row.hide()
        self.results[kind] = (row, label)
        return row

    def _open(self, kind: ExportKind, folder: bool) -> None:
        """Open the written file, or its folder; when the desktop cannot (no file manager on a
        minimal 统信UOS or 麒麟, no program for .docx), say so and show where it is, to be copied."""
        path = self.written[kind]
        if (export_actions.open_folder if folder else export_actions.open_file)(path):
            self._say("")
        elif folder:
            self._say(f"无法打开文件夹：这台电脑上没有能打开文件夹的文件管理器。"
                      f"导出的文件在下面这个文件夹里（可以选中复制，或按“复制路径”）：\n{path.parent}",
                      path=path.parent)
        else:
            self._say(f"无法打开文件：这台电脑上没有能打开{path.suffix}文件的程序（如WPS）。"
                      f"文件的位置（可以选中复制，或按“复制路径”）：\n{path}", path=path)

    def folder(self) -> Path | None:
        """Where the exports go: the place chosen on this page, else beside the draft; None before
        the report is first saved (the first export asks)."""
        return self.chosen_folder or export_actions.beside_draft(self.document)

    def refresh(self) -> None:
        result = self.document.result
        if result.warnings:
            text = f"可以导出正式稿。还有 {len(result.warnings)} 个提醒，建议导出前再核对一遍。"
        else:
            text = "检查通过，可以导出正式稿。"
        show_message(self.status, "" if result.errors else text, ok=True)
        folder = self.folder()
        if folder is None:
            self.folder_label.setText("保存到：还没有选定。第一次导出（或保存）时请选择存放本年度报告的文件夹，"
                                      "草稿和导出的文件都放在那里。")
        elif self.chosen_folder is not None:
            self.folder_label.setText(f"保存到：{folder}（另选的位置）")
        else:
            self.folder_label.setText(f"保存到：{folder}（草稿所在的文件夹）")
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
        """导出到其他位置…: offered from the other place chosen last time (a USB stick), else from here."""
        last = self.settings.export_folder
        offered = last if last is not None and last.is_dir() else self.folder()
        with export_actions.report_home(self.document.report.year, self.settings.reports_folder) as home:
            folder = dialogs.choose_folder(self, "导出到其他位置：选择文件夹", offered or home.folder)
            if folder is not None:
                home.keep(folder)               # the exports go there later
        if folder is not None:
            self.chosen_folder = folder
            self.settings.export_folder = folder
            self.refresh()

    def _target(self, name: str) -> Path | None:
        """The file named `name` in this report's folder, asked for (and the draft saved there) the
        first time; None when it is not to be written."""
        folder = self.folder()
        if folder is None and self.settle_home is not None and self.settle_home():
            folder = self.folder()
        if folder is None:
            self._unplaced = True
            return None
        return self._where_to_write(folder / name)

    def _where_to_write(self, target: Path, typed: bool = False) -> Path | None:
        """`target`, unless a file of that name is there that this window did not write or that
        changed since (it may hold changes made by hand in Word or Excel), or that is open in Word
        or WPS, or whose name the clerk `typed`: then the clerk decides. Enter keeps the existing file."""
        if not target.exists():
            return target
        kind = ExportKind(target.suffix.lstrip(".").lower())
        label = "PDF阅读器" if kind is ExportKind.PDF else kind.label        # the program it is open in
        owner = export_actions.open_elsewhere(target)
        if owner is not None:
            return self._ask_replace(target, f"“{target.name}”正在{label}或WPS里打开，要替换它吗？",
                                     f"它在“{target.parent}”。请先在{label}或WPS里关闭它（里面的改动先保存），"
                                     f"再导出一次；要保留它，请选“另存为…”换一个文件名。如果确定没有人打开它"
                                     f"（程序意外关闭时会留下“{owner.name}”这样的标记文件），可以选“替换”。")
        known = self._ours.get(target)
        if known is not None and not typed and not changed_on_disk(target, known):
            return target                   # written by this page, unchanged since: brought up to date
        return self._ask_replace(target, f"“{target.name}”已经存在，要替换它吗？",
                                 f"它在“{target.parent}”。如果在Word或Excel里手工改过这个文件，替换后那些改动就没有了；"
                                 f"要保留它，请选“另存为…”换一个文件名。")

    def _fonts(self) -> Typesetting | None:
        """The Word file's fonts: the settings', after asking about those this PC lacks (ui.font_check)."""
        from ..font_check import fonts_for_export

        fonts = fonts_for_export(self, self.settings, pdf=self._exporting is ExportKind.PDF)
        self._fonts_declined = fonts is None
        return fonts

    def _ask_replace(self, target: Path, text: str, details: str) -> Path | None:
        choice = dialogs.ask(self, text, [("replace", "替换"), ("save_as", "另存为…"), ("cancel", "取消")],
                             details, default="cancel")
        if choice == "replace":
            return target
        if choice == "save_as":
            kind = ExportKind(target.suffix.lstrip(".").lower())
            chosen = dialogs.save_export_as(self, target, kind.file_filter)
            if chosen is None or chosen.suffix.lower() == target.suffix:
                return chosen                # the file dialog itself asks before replacing
            # typed without the extension (which finds the file again): that name may be taken too
            return self._where_to_write(chosen.with_name(chosen.name + target.suffix), typed=True)
        return None

    def export(self, kind: ExportKind | str, draft: bool = False) -> export_actions.ExportOutcome:
        kind = ExportKind(kind)
        self._unplaced = self._fonts_declined = False
        self._exporting = kind
        planned = export_actions.plan(self.document, kind, self._target, draft, fonts=self._fonts)
        if isinstance(planned, export_actions.ExportJob) and kind is ExportKind.PDF:
            self._say("")
            self._pdf_job = planned
            self.pdf_worker.start(planned)          # seconds long: told by _pdf_done
            self._pdf_ready(running=True)
            return export_actions.ExportOutcome(kind, running=True)
        outcome = planned.run() if isinstance(planned, export_actions.ExportJob) else planned
        self._show(outcome)
        return outcome

    def _pdf_done(self, outcome: export_actions.ExportOutcome) -> None:
        job, self._pdf_job = self._pdf_job, None
        self._pdf_ready()
        self._show(outcome)
        if outcome.path is not None and job is not None and not job.report.same_content(self.document.report):
            # the clerk was told to go on typing: what was typed meanwhile is not in this PDF
            label = self.results[outcome.kind][1]
            label.setText(f"{label.text()}\n（PDF里是开始导出时的内容，之后的改动不在其中；需要时请再导出一次。）")
        if not self.isVisible():
            self._tell_elsewhere(outcome)

    def _tell_elsewhere(self, outcome: export_actions.ExportOutcome) -> None:
        """The clerk went on working on another page: the window's status bar says how the PDF went."""
        window = self.window()
        if not isinstance(window, QMainWindow):
            return
        if outcome.path is not None:
            text = f"PDF已生成：{outcome.path}（在“导出”页可以打开它）"
        elif outcome.error is not None:
            text = "PDF没有生成：原因和办法请看“导出”页。"
        else:
            return                              # called off: the window is closing
        window.statusBar().showMessage(text, 30000)

    def _show(self, outcome: export_actions.ExportOutcome) -> None:
        """What became of an export: the result row with the file, or why there is none."""
        kind = outcome.kind
        self._say("")
        if outcome.cancelled and self._fonts_declined:
            self._say("没有导出：本机缺少字体时您选择了取消。可以在“编辑 › 设置…”里改用本机已有的字体。", ok=True)
        elif outcome.cancelled and self._unplaced:
            self._say("没有导出：还没有选定存放本年度报告的文件夹（导出的文件和草稿放在一起）。"
                      "再导出一次时，请选择一个文件夹。", ok=True)
        elif outcome.cancelled:
            self._say("没有导出：已有的文件保持原样。", ok=True)
        elif outcome.refused is not None:
            self._show_refusal(outcome.refused)
        elif outcome.error is not None:
            self._say(outcome.error)
        elif outcome.path is not None:
            self._ours[outcome.path] = fingerprint(outcome.path)
            self.written[kind] = outcome.path
            row, label = self.results[kind]
            what = f"{kind.label}{'草稿' if outcome.draft else ''}文件"
            label.setText(f"已导出{what}：{outcome.path}")
            row.show()
