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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QStackedWidget, QToolBar, QWidget

from forms.atomic import SaveError

from . import dialogs, recovery, window_geometry
from .pages.start import StartPage
from .preload import Preload
from .settings import Settings, data_dir

if TYPE_CHECKING:
    from forms.expr import Cell
    from forms.lock import Lock
    from forms.report import Report
    from forms.rules import Finding

    from .commands import TextField
    from .document import Changes, ReportDocument
    from .export_actions import ExportKind
    from .page_list import PageListModel, PageListView
    from .page_plan import Page, PageKind
    from .pages import WizardPage
    from .workspace import Workspace

PRELOAD_DELAY_MS = 150
REFRESH_MS = 30 * 60 * 1000     # forms.lock.REFRESH_MINUTES (not imported here: start-up time)


def _still_to_fill(report: Report) -> str:
    """What an imported report still lacks that a workbook never holds (the sections' text) or that
    this one did not (成文日期, contacts): only what is really missing is asked for."""
    from forms.report import INFO_FIELDS

    first = next((s.heading for s in report.form.sections if s.role is None and s.has_prose), "")
    missing = [f"各部分的正文（如“{first}”）"] if not any(report.sections.values()) else []
    missing += [label for key, label in INFO_FIELDS.items() if not report.info.get(key)]
    return f"导入的文件里没有的内容：{'、'.join(missing)}，请在相应页面填写。" if missing else ""


def _in_cell_editor(widget: QWidget) -> bool:
    """Whether `widget` is the editor of a table cell being typed in (inside an item view's viewport)."""
    from PySide6.QtWidgets import QAbstractItemView

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


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
        self.last_action = "无"          # the menu or toolbar action the clerk chose last (for the fault log)
        self.workspace: Workspace | None = None
        self._start_last: tuple[Report, Path] | None = None
        self.setWindowTitle("年报通")
        self._build_actions()
        self.central = QStackedWidget()
        self.start = StartPage()
        self.start.new_requested.connect(self.create_report)
        self.start.open_requested.connect(lambda path: self.open_path(path) if path else self.open_dialog())
        self.start.import_requested.connect(self.import_report)
        self.start.sample_requested.connect(self.open_sample)
        self.start.choose_last_requested.connect(self._choose_last_for_new)
        self.start.back_requested.connect(self.show_workspace)
        self.central.addWidget(self.start)
        self.setCentralWidget(self.central)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._update_title()
        self.show_start()
        self._lock_timer = QTimer(self)         # an open window keeps its lock fresh (a stale one is taken over)
        self._lock_timer.timeout.connect(self._refresh_lock)
        self._lock_timer.start(REFRESH_MS)
        self._placed = False
        self._place()

    def _place(self) -> None:
        """The size and place kept from the last run, else a default size in the middle of the
        screen; either way inside the screen's available area (no part of the window off-screen)."""
        kept = self.settings.window_geometry()
        area = window_geometry.available_area(self)
        frame = window_geometry.frame_margins(self)
        if kept is None:
            self.setGeometry(window_geometry.centred(window_geometry.WINDOW_SIZE, area, frame))
            return
        rect, maximized = kept
        self.setGeometry(window_geometry.fitted(QRect(*rect), area, frame))
        if maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _keep_on_screen(self) -> None:
        """Once shown, with the real frame known: brought inside the available area if it is not."""
        if self.isMaximized() or self.isFullScreen():
            return
        area = window_geometry.available_area(self)
        if not area.contains(self.frameGeometry()):
            self.setGeometry(window_geometry.fitted(self.geometry(), area, window_geometry.frame_margins(self)))

    def _remember_place(self) -> None:
        rect = self.normalGeometry() if self.isMaximized() else self.geometry()
        if rect.isValid():
            self.settings.set_window_geometry((rect.x(), rect.y(), rect.width(), rect.height()), self.isMaximized())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            self._keep_on_screen()
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
        action.triggered.connect(lambda: setattr(self, "last_action", text))   # first: for a fault's record
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_start = self._action("新建/开始页", self.show_start, ["Ctrl+N"], "新建、打开或导入报告")
        self.act_open = self._action("打开草稿…", self.open_dialog, ["Ctrl+O"])
        self.act_save = self._action("保存", self.save, ["Ctrl+S"])
        self.act_save_as = self._action("另存为…", self.save_as, ["Ctrl+Shift+S"])
        self.act_import = self._action("导入上年或本年报告…", self.import_report, [],
                                       "从Word文档、网页、PDF或Excel文件导入整份报告（数字和各部分文字）")
        self.act_merge = self._action("汇总…", self.open_merge, [], "把各单位的报告加起来，得到本地区的汇总报告")
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
        self.act_export_pdf = self._action("导出PDF", self._export_pdf, [],
                                           "检查后导出PDF文件（由本机的LibreOffice或WPS转换）")
        self.act_batch = self._action("批量检查…", self.open_batch, [], "检查各单位的报告，逐个列出问题")
        self.act_review = self._action("检查报告", self._show_review, [], "转到“检查”页：列出错误和提醒")
        self.act_quit = self._action("退出", self.close, ["Ctrl+Q"], "关闭年报通（有未保存的修改时先询问）")
        self.act_about = self._action("关于年报通", self.about)
        self.act_settings = self._action("设置…", self.open_settings, [], "Word文件的字体、报告存放位置")
        self.act_prev = self._action("上一页", lambda: self.go(self.current_row() - 1), ["Ctrl+PgUp"])
        self.act_next = self._action("下一页", lambda: self.go(self.current_row() + 1), ["Ctrl+PgDown"])
        # 复制/粘贴 carry no shortcut of their own (the keys stay the focused widget's: a table copies its
        # block, a cell editor or a field its text); from the menu they press that key on it
        self.act_copy = self._action("复制\tCtrl+C", lambda: self._key_to_focus(Qt.Key.Key_C), (), "复制")
        self.act_paste = self._action("粘贴\tCtrl+V", lambda: self._key_to_focus(Qt.Key.Key_V), (), "粘贴")
        for action, short in ((self.act_start, "开始页"), (self.act_open, "打开草稿"), (self.act_save_as, "另存为")):
            action.setIconText(short)
        # Window commands win over a focused editor that would claim their keys (a line edit takes
        # Ctrl+E as "end of line" under Linux's key bindings). Undo and redo too — one history for the
        # whole report — except in a cell being typed in, whose figure is not in the report yet.
        self._window_keys = {(sequence.toString(), action) for action in self.actions()
                             for sequence in action.shortcuts()}
        self._history_actions = (self.act_undo, self.act_redo)
        self._watching_keys = False      # the filter is installed with the first report (_watch_window_keys)
        self._build_toolbar()
        self._build_menus()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("工具栏")
        toolbar.setMovable(False)
        for action in (self.act_start, self.act_open, self.act_save, self.act_save_as, None,
                       self.act_undo, self.act_redo, None, self.act_export_word, self.act_export_excel,
                       self.act_export_pdf):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_menus(self) -> None:
        """The menu bar, as in office programs: every command with its shortcut (the toolbar's actions)."""
        menus: list[tuple[str, list[QAction | None]]] = [
            ("文件(&F)", [self.act_start, self.act_open, None, self.act_save, self.act_save_as, None,
                        self.act_import, self.act_batch, self.act_merge, self.act_export_word, self.act_export_excel,
                        self.act_export_pdf, None, self.act_quit]),
            ("编辑(&E)", [self.act_undo, self.act_redo, None, self.act_copy, self.act_paste, None, self.act_settings]),
            ("转到(&G)", [self.act_prev, self.act_next]),
            ("检查(&C)", [self.act_review]),
            ("帮助(&H)", [self.act_about]),
        ]
        bar = self.menuBar()
        for title, actions in menus:
            menu = bar.addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def _key_to_focus(self, key: Qt.Key) -> None:
        """复制 or 粘贴 chosen in the menu: the widget that has the focus gets Ctrl+`key`, as if pressed."""
        widget = self.focusWidget()
        if widget is not None:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.ControlModifier))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A window command's key is not taken by the focused editor (ShortcutOverride refused)."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget) and watched.window() is self):
            pressed = QKeySequence(event.keyCombination()).toString()
            if any(key == pressed and action.isEnabled()
                   and (action not in self._history_actions or self._edits_report(watched))
                   for key, action in self._window_keys):
                return True
        return False        # QObject.eventFilter's answer, without a call into Qt for each of the app's events

    def _edits_report(self, widget: QWidget) -> bool:
        """Whether what is typed in `widget` goes into the report at once (a prose editor, a 基本信息
        field): its Ctrl+Z is the report's. Not a cell being typed in, nor the start page's fields."""
        return self.workspace is not None and self.workspace.isAncestorOf(widget) and not _in_cell_editor(widget)

    def _show_review(self) -> None:
        from .page_plan import PageKind

        if self.document is not None:
            self.show_workspace()
            self.go(self.page_index(PageKind.REVIEW))

    def about(self) -> None:
        """关于年报通 (ui.about_dialog), one for the window, shown again when asked again."""
        from .about_dialog import AboutDialog

        dialog = self.findChild(AboutDialog)
        if dialog is None:
            self.preload.wait()
            dialog = AboutDialog(self, self.data_dir, self.preload.forms)
        dialog.show()
        dialog.activateWindow()

    def open_batch(self) -> None:
        """The 批量检查 window (ui.batch_window), one for the window, shown again when asked again."""
        from .batch_window import BatchWindow

        window = self.findChild(BatchWindow) or BatchWindow(self)
        window.show()
        window.activateWindow()

    def _formats_loaded(self) -> None:
        if self.preload.error is None:
            self.start.set_formats(self.preload.forms)
            self.start.set_samples([(name, f"{r.title}（{r.form.short_name}）") for name, r in self.preload.samples])

    def _ensure_workspace(self) -> Workspace:
        if self.workspace is None:
            from .workspace import Workspace

            self.workspace = Workspace()
            self.central.addWidget(self.workspace)
        return self.workspace

    # --- the document ------------------------------------------------------------------------------------

    def _watch_window_keys(self) -> None:
        """The window-key filter (eventFilter) on the whole application, from the first report on: every
        event of the program then passes through Python, and the first of each kind makes a Python type
        (100 ms when installed before the start page, bench/bench_startup.py). Without a report no window
        key is one a line edit claims (Ctrl+E, undo and redo need a report)."""
        app = QApplication.instance()
        if app is not None and not self._watching_keys:
            app.installEventFilter(self)
            self._watching_keys = True

    def set_document(self, document: ReportDocument) -> None:
        self._watch_window_keys()
        workspace = self._ensure_workspace()
        old = self.document
        self.document = document
        document.setParent(self)
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        document.changed.connect(self._document_changed)
        document.reveal.connect(self.show_cell)
        document.reveal_text.connect(self.show_text)
        self._build_pages(document, workspace)
        self.autosave.watch(document)
        if self.autosave.where is not workspace:    # the page shown and figures typed without Enter
            self.autosave.follow(workspace)
            workspace.where_changed.connect(self.autosave.schedule)
        if old is not None:
            if old.lock is not document.lock:
                old.release_lock()
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
        if page.kind is PageKind.COMPARE:
            from .pages.compare import ComparePage

            compare = ComparePage(page, document)
            compare.choose_last.connect(self.choose_last)
            return compare
        from .pages.export import ExportPage

        export = ExportPage(page, document, self.settings)
        export.settle_home = self.save          # the first export saves the draft where the clerk chooses
        export.show_errors.connect(lambda: self.go(self.page_index(PageKind.REVIEW)))
        return export

    def _update_states(self, changes: Changes | None = None) -> None:
        if self.document is not None and self.workspace is not None:
            self.workspace.update_states(self.document.report, self.document.result, changes)

    def _document_changed(self, changes: Changes) -> None:
        self._update_states(changes)
        self._update_title()
        document = self.document
        if changes.last and document is not None and document.path is not None:
            # chosen, cleared, undone or redone: reopening the draft brings back the same last year's
            self.settings.set_last_year_for(document.path, document.last_path)

    def _update_title(self) -> None:
        document = self.document
        for action in (self.act_save, self.act_save_as, self.act_export_word, self.act_export_excel,
                       self.act_export_pdf, self.act_review):
            action.setEnabled(document is not None)
        if document is None:
            self.setWindowTitle("年报通")
            self.file_label.setText("")
            return
        name = document.path.name if document.path else "未保存的新报告"
        star = "*" if document.is_dirty else ""
        only = "（只读）" if document.read_only else ""
        self.setWindowTitle(f"{star}{name}{only} — {document.report.title} — 年报通")
        state = "有未保存的修改" if document.is_dirty else "已保存"
        state += "，只读：只能另存为副本" if document.read_only else ""
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
        self.start.set_current(self.document.report.title if self.document is not None else None)
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

    def show_text(self, field: TextField) -> None:
        """Open the page that edits `field` (a section's prose, a 基本信息 field): undo and redo show
        what they changed, as for a cell."""
        from .commands import TextKind
        from .page_plan import PageKind

        for row, page in enumerate(self.pages):
            if (page.prose_key == field.key) if field.kind is TextKind.SECTION else page.kind is PageKind.IDENTITY:
                self.show_workspace()
                if row != self.current_row():
                    self.go(row)
                return

    def open_finding(self, finding: Finding) -> None:
        from .page_plan import page_for_finding

        row = self.pages.index(page_for_finding(self.pages, finding))
        self.go(row)
        self.page_widgets[row].select_cells(finding.cells)    # all of them: both sides of a balance

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
            if self.save():
                return True
            # never go on without what could not be saved: the clerk has been told why
            self.statusBar().showMessage(f"{undone}：草稿没有保存，填写的内容都还在窗口里。")
            return False
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
        """Last year's report remembered with a draft (a draft, or the report as published): used when
        still readable, else forgotten."""
        from exports.report_reader import read_report
        from exports.xlsx_gate import WorkbookError

        if path is None or not path.exists():
            return None
        try:
            return read_report(path).report           # a draft too, told by its content
        except WorkbookError:
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
        document = self._new_document(report, path, last, last_path if last else None)
        how = self._lock(document)
        if how == "cancel":
            return False
        if how == "copy":
            return self._open_copy(document)
        self.set_document(document)
        self.settings.add_recent(path)
        return True

    def _lock(self, document: ReportDocument, ask: bool = True) -> str:
        """Take the owner file of the draft `document` is opening: "open" (locked, or without a
        lock the clerk has been told about), "read_only", "copy" or "cancel" (someone else has it open)."""
        from forms.lock import acquire

        assert document.path is not None
        current = self.document
        if current is not None and current.lock is not None and current.path == document.path:
            document.lock = current.lock          # reopened in this window: the lock stays ours
            return "open"
        attempt = acquire(document.path)
        if attempt.lock is not None:
            document.lock = attempt.lock
            if attempt.taken_over is not None:
                self.statusBar().showMessage(
                    f"“{document.path.name}”上次没有正常关闭（{attempt.taken_over.describe()}打开），"
                    f"已接管它的锁定文件。", 10000)
            return "open"
        if attempt.held_by is None:
            dialogs.inform(self, f"“{document.path.name}”已打开，但没有加锁保护：别人同时打开它时不会得到提醒。",
                           f"无法在文件夹“{document.path.parent}”里写锁定文件（{attempt.problem}）。"
                           f"保存前程序仍会检查文件是否被别人改过；如果要保存，请确认对这个文件夹有写入权限。")
            return "open"
        if not ask:
            document.read_only = True
            return "read_only"
        choice = dialogs.ask(self, f"“{document.path.name}”正由{attempt.held_by.describe()}打开。",
                             [("read_only", "以只读方式打开"), ("copy", "打开一份副本"), ("cancel", "取消")],
                             "两人同时修改同一份草稿，先保存的内容会被后保存的覆盖。\n"
                             "选“以只读方式打开”可以查看，要保存时只能另存为别的文件；"
                             "选“打开一份副本”会先把草稿另存为一个新文件，再打开这个新文件。")
        if choice == "read_only":
            document.read_only = True
            return "read_only"
        return "copy" if choice == "copy" else "cancel"

    def _open_copy(self, document: ReportDocument) -> bool:
        """Open `document` (a draft someone else has open) as a copy of it saved under a new name."""
        from forms.names import copy_name

        assert document.path is not None
        original = document.path
        path = dialogs.save_draft_as(self, original.with_name(copy_name(original.name)))
        if path is None:
            return False
        path = self._draft_suffix(path)
        if path.absolute() == original:
            dialogs.warn(self, "副本不能和原草稿同名。", f"“{original.name}”正由别人打开。请换一个文件名。")
            return False
        copy = self._new_document(document.report, None, document.last, document.last_path, saved=None)
        self.set_document(copy)
        return self._save_to(path)

    def open_sample(self, name: str) -> None:
        self.preload.wait()
        if not self._may_replace():
            return
        from forms.samples import load_samples

        report = dict(load_samples())[name]
        self.set_document(self._new_document(report))
        self.statusBar().showMessage("这是示例报告的一份副本：改动不会影响示例；"
                                     "要保留请保存（Ctrl+S），先选好存放它的文件夹。", 10000)

    def import_report(self) -> None:
        """A whole report from a Word file, a web page, a PDF or a workbook (exports.report_reader)."""
        path = dialogs.open_file(self, "导入上年或本年报告", dialogs.IMPORT_FILTER)
        if path is not None:
            self.import_path(path)

    def import_path(self, path: Path) -> bool:
        """Import the report in `path` (any form exports.report_reader takes) as a new unsaved report,
        after asking about an unsaved one; says what was read and what is to check. True when it opened."""
        if not self._may_replace():
            return False
        self.preload.wait()
        from exports.report_reader import read_report
        from exports.xlsx_reader import WorkbookError

        try:
            result = read_report(path)
        except WorkbookError as exc:
            dialogs.warn(self, "无法导入这个文件。", str(exc))
            return False
        except Exception as exc:   # a fault in the reader must not close the window
            traceback.print_exc(file=sys.stderr)
            dialogs.warn(self, "导入时程序出错，没有导入任何内容。",
                         self.log_fault(exc, "导入报告", [path]))
            return False
        self.set_document(self._new_document(result.report))
        notes = [f"报告格式：{result.report.form.name}（{result.form_reason}）。", _still_to_fill(result.report)]
        notes = [note for note in notes if note] + result.info + dialogs.listed(result.problems)
        dialogs.inform(self, f"已从“{path.name}”导入《{result.report.title}》。请逐页核对，然后保存为草稿。",
                       "\n".join(notes))
        return True

    def open_merge(self) -> None:
        """The 汇总 window (ui.merge_window), one for the window, shown again when asked again."""
        from .merge_window import MergeWindow

        if getattr(self, "merge_window", None) is None:
            self.merge_window = MergeWindow(self)
        self.merge_window.show()

    # --- last year's report ----------------------------------------------------------------------------

    def _pick_last(self) -> tuple[Report, Path] | None:
        """Last year's report: its draft, or the report as published — a Word file, a saved web page, a
        PDF, a workbook (read whole; what could not be placed is told before it is used)."""
        path = dialogs.open_file(self, "选择上年报告（草稿，或发布的Word、网页、PDF、Excel文件）", dialogs.LAST_FILTER)
        if path is None:
            return None
        self.preload.wait()
        from exports.report_reader import read_report
        from exports.xlsx_gate import WorkbookError

        try:
            result = read_report(path)
        except WorkbookError as exc:
            dialogs.warn(self, "无法读取这份上年报告。", str(exc))
            return None
        if result.problems:
            dialogs.inform(self, f"已读取“{path.name}”：《{result.report.title}》。下面几处没有读入，请核对：",
                           "\n".join(dialogs.listed(result.problems)))
        return result.report, path

    def _choose_last_for_new(self) -> None:
        """Last year's draft for the report about to be made: one of another year than the year typed
        before it, or of another organ than the one typed, is asked about (or sets the year after it)."""
        from forms.carryover import last_mismatch

        picked = self._pick_last()
        if not picked:
            return
        report, path = picked
        year = self.start.year.value()
        # the year the start page proposes (last year: reports are written early in the next) follows
        # the draft, as before; a year the clerk set is asked about
        proposed = year == date.today().year - 1
        answer = "year"
        mismatch = last_mismatch(None if proposed else year, self.start.organ.text(), report)
        if mismatch:
            choices = [("use", "仍然使用"), ("cancel", "取消")]
            if report.year is not None and report.year + 1 != year:
                choices.insert(0, ("year", f"改为新建{report.year + 1}年度的报告"))
            answer = dialogs.ask(self, mismatch + "仍要用它填入吗？", choices, default="cancel") or "cancel"
            if answer == "cancel":
                return
        self._start_last = picked
        self.start.set_last(path, report.organ, report.year if answer == "year" or proposed else None)

    def choose_last(self) -> None:
        """Last year's draft chosen for the open report: it fills what a new report made from it gets
        (上年结转, 现行有效件数, contacts…) as one undo step, asks before replacing figures the clerk
        typed differently, and 基本信息 says what it filled."""
        from forms.carryover import last_mismatch, plan_carry

        from .page_plan import PageKind

        picked = self._pick_last()
        document = self.document
        if not picked or document is None:
            return
        report, path = picked
        mismatch = last_mismatch(document.report.year, document.report.organ, report)
        if mismatch and dialogs.ask(self, mismatch + "仍要用它填入吗？", [("use", "仍然使用"), ("cancel", "取消")],
                                    default="cancel") != "use":
            return
        carry = plan_carry(report, document.report)
        overwrite = False
        if carry.conflicts:
            answer = dialogs.ask(self, f"本年报告里有{len(carry.conflicts)}个单元格已填的数字与上年报告推算的不同。",
                                 [("keep", "保留本年已填的数字"), ("replace", "改为上年报告推算的数字"),
                                  ("cancel", "取消")], carry.conflict_lines(document.form))
            if answer not in ("keep", "replace"):
                return
            overwrite = answer == "replace"
        document.choose_last(report, path, carry, overwrite)
        identity = self.page_index(PageKind.IDENTITY)
        said = carry.message(document.form, overwrite)
        self.page_widgets[identity].show_carried(f"注意：{mismatch}{said}" if mismatch else said,
                                                 ok=not mismatch and (overwrite or not carry.conflicts))
        if self.current_row() != identity:
            self.statusBar().showMessage("已选择上年报告。从上年报告填入了哪些内容，请看“基本信息”页。", 10000)

    def clear_last(self) -> None:
        if self.document is not None:
            self.document.choose_last(None, None)

    # --- saving ----------------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.document is None or not self.commit_edits("还没有保存"):
            return False
        if self.document.read_only:
            return self.save_as()
        if self.document.path is None:
            return self._save_first()
        return self._save_to(self.document.path)

    def _save_first(self) -> bool:
        """A report never saved (new, imported, a sample's copy): asked once where to keep this
        year's report — a folder, 文档/年报通/<年度> offered — and saved there under its title; its
        exports then go beside it. A draft of that name already there is never replaced unasked:
        the file dialog opens in that folder for another name."""
        from .export_actions import draft_name, report_home

        document = self.document
        assert document is not None
        year = document.report.year
        title = f"选择存放{year or '本'}年度报告的文件夹（草稿和导出的Word、Excel都放在这里）"
        with report_home(year, self.settings.reports_folder) as home:      # made for the chooser; gone unless used
            folder = dialogs.choose_folder(self, title, home.folder)
            if folder is None:
                return False
            path = folder / draft_name(document.report)
            if path.exists():
                chosen = dialogs.save_draft_as(self, path)
                if chosen is None:
                    return False
                path = self._draft_suffix(chosen)
            return self._save_to(path)

    def save_as(self) -> bool:
        if self.document is None or not self.commit_edits("还没有另存"):
            return False
        from .export_actions import beside_draft, draft_name, report_home

        document = self.document
        with report_home(document.report.year, self.settings.reports_folder) as home:      # gone unless saved in
            folder = beside_draft(document) or home.folder
            path = dialogs.save_draft_as(self, document.path or folder / draft_name(document.report))
            if path is None:
                return False
            return self._save_to(self._draft_suffix(path))

    @staticmethod
    def _draft_suffix(path: Path) -> Path:
        """A draft is always found again by its extension."""
        return path if path.suffix.lower() == ".json" else path.with_name(path.name + ".json")

    def _save_to(self, path: Path) -> bool:
        document = self.document
        if document is None:
            return False
        free, new_lock = self._lock_new_path(document, path)
        if not free:
            return False
        if document.changed_on_disk(path):
            choice = dialogs.ask(self, f"“{path.name}”在您打开之后被别人（或别的程序）改过了。",
                                 [("copy", "另存为副本"), ("overwrite", "覆盖"), ("cancel", "取消")],
                                 "选“覆盖”会用窗口里的内容替换文件里别人保存的内容；"
                                 "选“另存为副本”把窗口里的内容存成另一个文件，两份都保留。")
            if choice != "overwrite":
                return choice == "copy" and self.save_as()
        try:
            written = document.save(path, lock=new_lock)
        except Exception as exc:
            if new_lock:
                new_lock.release()
            return self._save_failed(exc)
        self.autosave.remove()
        self.settings.add_recent(written)
        if document.last_path is not None:
            self.settings.set_last_year_for(written, document.last_path)
        self.statusBar().showMessage(f"已保存：{written}", 5000)
        self._update_title()
        return True

    def _lock_new_path(self, document: ReportDocument, path: Path) -> tuple[bool, Lock | None]:
        """Before saving to another file than the document's: (whether it may be written, its lock
        — None when none can be written); not when someone else has that file open (the clerk is told)."""
        from forms.lock import acquire

        if document.path is not None and path.absolute() == document.path and not document.read_only:
            return True, None
        attempt = acquire(path)
        if attempt.held_by is not None:
            dialogs.warn(self, f"草稿没有保存：“{path.name}”正由{attempt.held_by.describe()}打开。",
                         "请换一个文件名保存，或者等对方关闭这个文件后再保存。")
            return False, None
        return True, attempt.lock

    def _save_failed(self, exc: Exception) -> bool:
        """A save that did not happen: the clerk is told why, and everything is backed up."""
        if isinstance(exc, SaveError):
            why = str(exc)
        elif isinstance(exc, UnicodeEncodeError):       # a character no file can hold (damaged text)
            why = ("报告里有无法保存的字符（多半是从别的文件复制来的乱码，显示为方框或问号）。"
                   "请检查最近粘贴的文字，删去乱码后再保存。")
        else:                     # a fault in the program: logged, told in plain words
            traceback.print_exc(file=sys.stderr)
            why = ("保存时程序出错。请先用“另存为”换一个文件名再试；"
                   + self.log_fault(exc, "保存草稿"))
        self.autosave.write_now()
        dialogs.warn(self, "草稿没有保存。填写的内容都还在窗口里，也已自动备份。", why)
        return False

    def log_fault(self, exc: BaseException, action: str = "", files: Sequence[Path] = ()) -> str:
        """A program error recorded in the one fault log (host.log) with what the clerk was doing, the
        `files` in hand and the draft's path, the report's own words and figures left out; the sentence
        naming the log."""
        from host.log import report_private, told_fault

        document = self.document
        page = self.current_page()
        doing = action or f"窗口，最近的操作“{self.last_action}”，页面“{page.page.title if page else '开始页'}”"
        private = report_private(document.report) if document is not None else []
        return told_fault(doing, exc, [*files, document.path if document is not None else None], private)

    def _refresh_lock(self) -> None:
        if self.document is not None and self.document.lock is not None:
            self.document.lock.refresh()

    # --- export ------------------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """设置: the Word file's fonts and the folder for reports (ui.settings_dialog)."""
        from .settings_dialog import SettingsDialog

        SettingsDialog(self.settings, self).exec()

    def _export_word(self) -> None:
        from .export_actions import ExportKind

        self.export(ExportKind.WORD)

    def _export_excel(self) -> None:
        from .export_actions import ExportKind

        self.export(ExportKind.EXCEL)

    def _export_pdf(self) -> None:
        from .export_actions import ExportKind

        self.export(ExportKind.PDF)

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
        found_files, bad = recovery.scan(self.data_dir)
        if bad:
            self.statusBar().showMessage(
                f"有{len(bad)}份自动备份文件已损坏、无法恢复，已改名留在“{bad[0].parent}”"
                f"（如“{bad[0].name}”）。如需找回，请把它们发给技术支持人员。", 30000)
        for found in found_files:
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
        if document.path is not None:
            self._lock(document, ask=False)
        self.set_document(document)
        self.go(next((row for row, page in enumerate(self.pages) if page.key == found.page), 0))
        self.autosave.write_now()      # this window's own recovery file exists before the old one goes
        recovery.discard(found)
        kept = "".join(f"上次还没有按回车的{t.place}“{t.text}”也已填入，请核对。" for t in found.kept)
        self.statusBar().showMessage(f"已恢复 {found.saved_at:%Y-%m-%d %H:%M} 自动保存的内容。{kept}请保存。", 30000)
        if found.lost:
            dialogs.warn(self, f"上次正在填写、还没有按回车的{len(found.lost)}个单元格的内容没有能保留。",
                         "\n".join(t.told() for t in found.lost) + "\n这些内容不是有效的数字，没有填入报告。"
                         "请在这些单元格里重新填写。")

    def begin(self, path: Path | None = None) -> None:
        """What happens once the window is shown: the recovery offer, then the file asked for."""
        restored = self.offer_recovery()
        opened = self.document.path if restored and self.document is not None else None
        if path is not None and not (opened is not None and opened.resolve() == Path(path).resolve()):
            self.open_path(Path(path))

    def _pdf_may_stop(self) -> bool:
        """Closing the window calls off a PDF being made (ui.export_worker): the clerk who pressed 导出PDF
        a moment ago is asked first; Enter (or Esc) keeps the window open."""
        from .pages.export import ExportPage

        if not any(page.pdf_worker.running for page in self.findChildren(ExportPage)):
            return True
        choice = dialogs.ask(self, "正在生成PDF文件。现在关闭窗口，这个PDF文件就不生成了。",
                             [("wait", "不关闭，等PDF生成"), ("quit", "仍然关闭")],
                             "PDF一般几秒钟就能生成，生成后“导出”页会显示它在哪里，那时再关闭窗口。", default="wait")
        return choice == "quit"

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._pdf_may_stop() and self._may_replace("窗口没有关闭"):
            self.autosave.remove()
            if self.document is not None:
                self.document.release_lock()
            self._remember_place()
            event.accept()
        else:
            event.ignore()
