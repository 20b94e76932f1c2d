"""The window: a toolbar (保存, 撤销, 一键导出Word …), the start page, and once a report is open the
workspace (page list with each page's state, the current page). It opens, creates, saves and
restores reports, and asks before anything the user typed could be lost.

Start-up time matters (the window should appear at once): at import only what the start page needs
is loaded; the report machinery (forms, the wizard pages, exports) is imported where it is first
used, and the formats load in the background (`ui.preload`).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QStackedWidget, QToolBar

from forms.atomic import SaveError

from . import dialogs, recovery
from .pages.start import StartPage
from .preload import Preload
from .settings import Settings, data_dir

if TYPE_CHECKING:
    from forms.expr import Cell
    from forms.report import Report
    from forms.rules import Finding

    from .document import Changes, ReportDocument
    from .export_actions import ExportKind
    from .page_list import PageListModel, PageListView
    from .page_plan import Page, PageKind
    from .pages import WizardPage
    from .workspace import Workspace

WINDOW_SIZE = (1280, 800)
PRELOAD_DELAY_MS = 150


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, folder: Path | None = None):
        super().__init__()
        self.data_dir = folder or data_dir()
        self.settings = settings or Settings(self.data_dir)
        self.autosave = recovery.Autosave(self.data_dir, self)
        self.autosave.write_failed.connect(self._autosave_failed)
        self.autosave.write_recovered.connect(self._autosave_recovered)
        self.undo_group = QUndoGroup(self)
        self.preload = Preload(self)
        self.preload.done.connect(self._formats_loaded)
        self.document: ReportDocument | None = None
        self.workspace: Workspace | None = None
        self._start_last: tuple[Report, Path] | None = None
        self.setWindowTitle("年报通")
        self.resize(*WINDOW_SIZE)
        self._build_actions()
        self.central = QStackedWidget()
        self.start = StartPage()
        self.start.new_requested.connect(self.create_report)
        self.start.open_requested.connect(lambda path: self.open_path(path) if path else self.open_dialog())
        self.start.import_requested.connect(self.import_excel)
        self.start.sample_requested.connect(self.open_sample)
        self.start.choose_last_requested.connect(self._choose_last_for_new)
        self.central.addWidget(self.start)
        self.setCentralWidget(self.central)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._update_title()
        self.show_start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Once the window is on screen: the thread would otherwise compete with the first paint.
        QTimer.singleShot(PRELOAD_DELAY_MS, self.preload.start)

    # --- building ------------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object], shortcuts: Sequence[str] = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcuts:
            # Written out, not QKeySequence.StandardKey: the same keys on Windows and Linux (and
            # no duplicate, which makes a shortcut ambiguous so that Qt fires neither).
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            tip = f"{tip or text}（{shortcuts[0]}）"
        action.setToolTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_start = self._action("开始页", self.show_start, ["Ctrl+N"], "新建、打开或导入报告")
        self.act_open = self._action("打开草稿", self.open_dialog, ["Ctrl+O"])
        self.act_save = self._action("保存", self.save, ["Ctrl+S"])
        self.act_save_as = self._action("另存为", self.save_as, ["Ctrl+Shift+S"])
        self.act_undo = self._action("撤销", self.undo_group.undo, ["Ctrl+Z"])
        self.act_redo = self._action("重做", self.undo_group.redo, ["Ctrl+Y", "Ctrl+Shift+Z"])
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.undo_group.canUndoChanged.connect(self.act_undo.setEnabled)
        self.undo_group.canRedoChanged.connect(self.act_redo.setEnabled)
        self.undo_group.undoTextChanged.connect(
            lambda text: self.act_undo.setToolTip(f"撤销：{text}（Ctrl+Z）" if text else "撤销（Ctrl+Z）"))
        self.undo_group.redoTextChanged.connect(
            lambda text: self.act_redo.setToolTip(f"重做：{text}（Ctrl+Y）" if text else "重做（Ctrl+Y）"))
        self.act_export_word = self._action("一键导出Word", self._export_word, ["Ctrl+E"], "检查后导出Word文件")
        self.act_export_excel = self._action("导出Excel", self._export_excel, [], "检查后导出Excel文件")
        self.act_prev = self._action("上一页", lambda: self.go(self.current_row() - 1), ["Ctrl+PgUp"])
        self.act_next = self._action("下一页", lambda: self.go(self.current_row() + 1), ["Ctrl+PgDown"])
        toolbar = QToolBar("工具栏")
        toolbar.setMovable(False)
        for action in (self.act_start, self.act_open, self.act_save, self.act_save_as, None,
                       self.act_undo, self.act_redo, None, self.act_export_word, self.act_export_excel):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _formats_loaded(self) -> None:
        if self.preload.error is None:
            self.start.set_formats(self.preload.forms)
            self.start.set_samples([(name, f"{r.title}（{r.form.id}）") for name, r in self.preload.samples])

    def _ensure_workspace(self) -> Workspace:
        if self.workspace is None:
            from .workspace import Workspace

            self.workspace = Workspace()
            self.central.addWidget(self.workspace)
        return self.workspace

    # --- the document ------------------------------------------------------------------------------------

    def set_document(self, document: ReportDocument) -> None:
        workspace = self._ensure_workspace()
        old = self.document
        self.document = document
        document.setParent(self)
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.changed.connect(self._document_changed)
        document.reveal.connect(self.show_cell)
        self._build_pages(document, workspace)
        self.autosave.watch(document)
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.deleteLater()
        self.autosave.remove()
        if document.is_dirty:           # new, imported, restored: in the recovery file at once
            self.autosave.write_now()
        self.central.setCurrentWidget(workspace)
        self._update_title()
        self.go(0)

    def _build_pages(self, document: ReportDocument, workspace: Workspace) -> None:
        from .page_plan import plan_pages

        pages = plan_pages(document.form)
        workspace.set_pages(pages, [self._make_page(page, document) for page in pages])
        self._update_states()

    def _make_page(self, page: Page, document: ReportDocument) -> WizardPage:
        widget = self._new_page(page, document)
        widget.cell_requested.connect(self.show_cell)
        return widget

    def _new_page(self, page: Page, document: ReportDocument) -> WizardPage:
        from .page_plan import PageKind

        if page.kind is PageKind.IDENTITY:
            from .pages.identity import IdentityPage

            identity = IdentityPage(page, document)
            identity.choose_last.connect(self.choose_last)
            identity.clear_last.connect(self.clear_last)
            return identity
        if page.kind is PageKind.PROSE:
            from .pages.prose import ProsePage

            return ProsePage(page, document)
        if page.kind is PageKind.TABLE:
            from .pages.table import TablePage

            return TablePage(page, document)
        if page.kind is PageKind.REVIEW:
            from .pages.review import ReviewPage

            review = ReviewPage(page, document)
            review.open_finding.connect(self.open_finding)
            review.choose_last.connect(self.choose_last)
            return review
        from .pages.export import ExportPage

        export = ExportPage(page, document, self.settings)
        export.show_errors.connect(lambda: self.go(self.page_index(PageKind.REVIEW)))
        return export

    def _update_states(self, changes: Changes | None = None) -> None:
        if self.document is not None and self.workspace is not None:
            self.workspace.update_states(self.document.report, self.document.result, changes)

    def _document_changed(self, changes: Changes) -> None:
        self._update_states(changes)
        self._update_title()

    def _update_title(self) -> None:
        document = self.document
        for action in (self.act_save, self.act_save_as, self.act_export_word, self.act_export_excel):
            action.setEnabled(document is not None)
        if document is None:
            self.setWindowTitle("年报通")
            self.file_label.setText("")
            return
        name = document.path.name if document.path else "未保存的新报告"
        star = "*" if document.is_dirty else ""
        self.setWindowTitle(f"{star}{name} — {document.report.title} — 年报通")
        state = "有未保存的修改" if document.is_dirty else "已保存"
        where = str(document.path) if document.path else "还没有保存为草稿文件"
        self.file_label.setText(f"{where}（{state}）")

    # --- pages ---------------------------------------------------------------------------------------------

    @property
    def pages(self) -> list:
        return self.workspace.pages if self.workspace else []

    @property
    def page_widgets(self) -> list:
        return self.workspace.widgets if self.workspace else []

    def _workspace(self) -> Workspace:
        if self.workspace is None:
            raise RuntimeError("no report is open")
        return self.workspace

    @property
    def next_button(self) -> QPushButton:
        return self._workspace().next_button

    @property
    def page_list(self) -> PageListView:
        return self._workspace().list

    @property
    def page_model(self) -> PageListModel:
        return self._workspace().model

    def current_row(self) -> int:
        return self.workspace.current_row() if self.workspace else -1

    def current_page(self) -> WizardPage | None:
        return self.page_widgets[self.current_row()] if self.page_widgets else None

    def page_index(self, kind: PageKind) -> int:
        return next(i for i, page in enumerate(self.pages) if page.kind == kind)

    def go(self, row: int) -> None:
        if self.workspace is not None and self.central.currentWidget() is self.workspace:
            self.workspace.go(row)

    def show_start(self) -> None:
        self.start.set_recent(self.settings.recent_files())
        self.central.setCurrentWidget(self.start)
        self.start.focus_first()

    def show_workspace(self) -> None:
        if self.document is not None and self.workspace is not None:
            self.central.setCurrentWidget(self.workspace)

    def show_cell(self, cell: Cell) -> bool:
        """Open the page that shows `cell` and select it there."""
        for row, page in enumerate(self.pages):
            if cell in page.cells:
                self.show_workspace()
                if row != self.current_row():
                    self.go(row)
                return self.page_widgets[row].select_cell(cell)
        return False

    def open_finding(self, finding: Finding) -> None:
        from .page_plan import page_for_finding

        row = self.pages.index(page_for_finding(self.pages, finding))
        self.go(row)
        for cell in finding.cells:
            if self.page_widgets[row].select_cell(cell):
                return

    # --- new, open, import -------------------------------------------------------------------------------

    def commit_edits(self, undone: str) -> bool:
        """The one place where what is still open in an editor (a figure typed without Enter)
        goes into the report, before anything saves, closes, replaces or exports it. When it is
        refused, nothing else happens: the page shows the text still in its editor, and the clerk
        is told why and what to do; `undone` says what did not happen (还没有保存, 窗口没有关闭…)."""
        if self.workspace is None or self.document is None:
            return True
        refusal = self.workspace.commit_edits()
        if refusal is None:
            return True
        self.show_workspace()
        page = self.current_page()
        if page is not None:
            page.focus_first()
        dialogs.warn(self, f"{undone}：有一个单元格里正在填写的内容不能填入。",
                     f"{refusal}\n请改正后按回车（或按Esc键放弃这次输入），然后再试一次。")
        return False

    def _may_replace(self, undone: str = "没有打开别的报告") -> bool:
        """Before another report replaces this one: save it, or confirm that it may go."""
        if not self.commit_edits(undone):
            return False
        document = self.document
        if document is None or not document.is_dirty:
            return True
        choice = dialogs.ask(self, f"《{document.report.title}》有还没有保存的修改。要先保存吗？",
                             [("save", "保存"), ("dont_save", "不保存"), ("cancel", "取消")])
        if choice == "save":
            return self.save()
        return choice == "dont_save"

    def _new_document(self, report: Report, path: Path | None = None, last: Report | None = None,
                      last_path: Path | None = None, saved: Report | None | bool = True) -> ReportDocument:
        from .document import ReportDocument

        return ReportDocument(report, path, last, last_path, saved=saved)

    def create_report(self, organ: str, year: int, form_id: str) -> None:
        self.preload.wait()
        if not self._may_replace():
            return
        from forms.carryover import new_report
        from forms.loader import get_form

        last, last_path = self._start_last if self._start_last else (None, None)
        # no form id: 新建 was pressed before the formats were listed; the year decides
        report = new_report(organ, year, get_form(form_id) if form_id else None, last)
        self.set_document(self._new_document(report, None, last, last_path))

    def _read(self, path: Path, what: str) -> Report | None:
        from forms.draft import DraftError, read_draft

        self.preload.wait()
        try:
            return read_draft(path)
        except DraftError as exc:
            dialogs.warn(self, f"无法打开{what}。", str(exc))
            return None

    def _read_quietly(self, path: Path | None) -> Report | None:
        """Last year's draft remembered with a draft: used when still readable, else forgotten."""
        from forms.draft import DraftError, read_draft

        if path is None or not path.exists():
            return None
        try:
            return read_draft(path)
        except DraftError:
            return None

    def open_dialog(self) -> None:
        folder = self.document.path.parent if self.document and self.document.path else None
        path = dialogs.open_file(self, "打开草稿", dialogs.DRAFT_FILTER, folder)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        path = Path(path)
        if not self._may_replace():
            return False
        report = self._read(path, "草稿文件")
        if report is None:
            if not path.exists():
                self.settings.remove_recent(path)
                self.start.set_recent(self.settings.recent_files())
            return False
        last_path = self.settings.last_year_for(path)
        last = self._read_quietly(last_path)
        self.set_document(self._new_document(report, path, last, last_path if last else None))
        self.settings.add_recent(path)
        return True

    def open_sample(self, name: str) -> None:
        self.preload.wait()
        if not self._may_replace():
            return
        from forms.samples import load_samples

        report = dict(load_samples())[name]
        self.set_document(self._new_document(report))
        self.statusBar().showMessage("这是示例报告的一份副本：改动不会影响示例；要保留请“另存为”。", 10000)

    def import_excel(self) -> None:
        path = dialogs.open_file(self, "从Excel导入", dialogs.IMPORT_FILTER)
        if path is None or not self._may_replace():
            return
        self.preload.wait()
        from exports.xlsx_reader import WorkbookError, read_xlsx

        try:
            result = read_xlsx(path)
        except WorkbookError as exc:
            dialogs.warn(self, "无法从这个Excel文件导入。", str(exc))
            return
        except Exception as exc:   # a fault in the reader must not close the window
            traceback.print_exc(file=sys.stderr)
            dialogs.warn(self, "从Excel导入时程序出错，没有导入任何内容。",
                         f"（{type(exc).__name__}）请把这个Excel文件发给技术支持人员。")
            return
        self.set_document(self._new_document(result.report))
        self.settings.export_folder = path.parent          # the Word file goes beside the workbook
        notes = [f"报告格式：{result.report.form.name}（{result.form_reason}）。"]
        notes.append("Excel表格里只有表格中的数字：各部分的正文（如“一、总体情况”）和成文日期请在相应页面填写。")
        notes += result.problems[:20]
        more = f"\n……共{len(result.problems)}处" if len(result.problems) > 20 else ""
        dialogs.inform(self, f"已从“{path.name}”导入《{result.report.title}》。请逐页核对，然后保存为草稿。",
                       "\n".join(notes) + more)

    # --- last year's report ----------------------------------------------------------------------------

    def _pick_last(self) -> tuple[Report, Path] | None:
        path = dialogs.open_file(self, "选择上年报告的草稿", dialogs.DRAFT_FILTER)
        if path is None:
            return None
        report = self._read(path, "上年草稿")
        return (report, path) if report is not None else None

    def _choose_last_for_new(self) -> None:
        picked = self._pick_last()
        if picked:
            self._start_last = picked
            report, path = picked
            self.start.set_last(path, report.organ, report.year)

    def choose_last(self) -> None:
        picked = self._pick_last()
        if picked and self.document is not None:
            report, path = picked
            self.document.set_last(report, path)
            if self.document.path is not None:
                self.settings.set_last_year_for(self.document.path, path)

    def clear_last(self) -> None:
        if self.document is not None:
            self.document.set_last(None, None)
            if self.document.path is not None:
                self.settings.set_last_year_for(self.document.path, None)

    # --- saving ----------------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.document is None or not self.commit_edits("还没有保存"):
            return False
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        if self.document is None or not self.commit_edits("还没有另存"):
            return False
        from .export_actions import default_folder

        document = self.document
        suggested = document.path or default_folder(document, self.settings) / f"{document.report.title}.json"
        path = dialogs.save_draft_as(self, suggested)
        if path is None:
            return False
        if path.suffix.lower() != ".json":      # a draft is always found again by its extension
            path = path.with_name(path.name + ".json")
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        document = self.document
        if document is None:
            return False
        try:
            written = document.save(path)
        except SaveError as exc:
            self.autosave.write_now()
            dialogs.warn(self, "草稿没有保存。填写的内容都还在窗口里，也已自动备份。", str(exc))
            return False
        self.autosave.remove()
        self.settings.add_recent(written)
        if document.last_path is not None:
            self.settings.set_last_year_for(written, document.last_path)
        self.statusBar().showMessage(f"已保存：{written}", 5000)
        self._update_title()
        return True

    # --- export ------------------------------------------------------------------------------------------

    def _export_word(self) -> None:
        from .export_actions import ExportKind

        self.export(ExportKind.WORD)

    def _export_excel(self) -> None:
        from .export_actions import ExportKind

        self.export(ExportKind.EXCEL)

    def export(self, kind: ExportKind) -> None:
        if self.document is None or not self.commit_edits("还没有导出"):
            return
        from .page_plan import PageKind

        row = self.page_index(PageKind.EXPORT)
        self.show_workspace()
        self.go(row)
        self.page_widgets[row].export(kind)

    # --- recovery and closing ---------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """After a crash: offer what the last run autosaved. Returns True when a report was restored."""
        for found in recovery.pending(self.data_dir):
            if found.file == self.autosave.path:
                continue
            choice = dialogs.ask(self, "年报通上次没有正常关闭，有一份自动保存的内容还没有存入草稿文件：",
                                 [("restore", "恢复"), ("discard", "丢弃"), ("later", "以后再说")],
                                 found.describe() + "\n\n选“恢复”打开它，再保存；选“丢弃”将删除这份自动保存的内容。")
            if choice == "restore":
                self._restore(found)
                return True
            if choice == "discard":
                recovery.discard(found)
        return False

    def _autosave_failed(self, why: str, first: bool) -> None:
        """The recovery file could not be written: said in the status bar every time it is tried,
        in a message only the first time (not again while it keeps failing)."""
        self.statusBar().showMessage(f"自动备份没有写成，程序会继续尝试。请尽快保存草稿。（{why}）")
        if first:
            # after the change that caused the write has been dealt with, not in the middle of it
            QTimer.singleShot(0, self, lambda: dialogs.warn(
                self, "自动备份没有写成：万一程序意外关闭，最近填写的内容将无法恢复。",
                f"{why}\n填写的内容都还在窗口里。请尽快保存草稿；程序会继续尝试自动备份，"
                f"恢复正常时窗口底部的状态栏会告诉您。"))

    def _autosave_recovered(self) -> None:
        self.statusBar().showMessage("自动备份已恢复正常：填写的内容又能在程序意外关闭后恢复了。", 10000)

    def _restore(self, found: recovery.Recovered) -> None:
        saved = self._read_quietly(found.draft_path) if found.draft_path else None
        last = self._read_quietly(found.last_path)
        document = self._new_document(found.report, found.draft_path, last,
                                      found.last_path if last else None, saved=saved)
        self.set_document(document)
        self.autosave.write_now()      # this window's own recovery file exists before the old one goes
        recovery.discard(found)
        self.statusBar().showMessage(f"已恢复 {found.saved_at:%Y-%m-%d %H:%M} 自动保存的内容。请保存。", 10000)

    def begin(self, path: Path | None = None) -> None:
        """What happens once the window is shown: the recovery offer, then the file asked for."""
        restored = self.offer_recovery()
        opened = self.document.path if restored and self.document is not None else None
        if path is not None and not (opened is not None and opened.resolve() == Path(path).resolve()):
            self.open_path(Path(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_replace("窗口没有关闭"):
            self.autosave.remove()
            event.accept()
        else:
            event.ignore()
