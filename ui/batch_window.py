"""批量检查: the window over `exports.batch` — files or folders chosen (and last year's folder), checked
in a worker thread one file after another with a progress bar and 取消, one row per unit in a table
model, the Excel result written by `exports.batch_xlsx`; a unit double-clicked opens in the main window.

The window only draws: which files are reports, how a unit is checked and paired with last year's
report, and what a row says are the domain's (`exports.batch`)."""

from __future__ import annotations

import threading
import traceback
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exports.batch import IGNORED_WHY, LastYear, UnitResult, check_files, gather
from host.log import told_fault

from . import dialogs

if TYPE_CHECKING:
    from .main_window import MainWindow

COLUMNS = ("文件", "机关", "年度", "格式", "错误", "提醒", "主要问题")
XLSX_FILTER = "Excel工作簿 (*.xlsx)"
RESULT_NAME = "批量检查结果.xlsx"


class RowKind(Enum):
    CHECKED = "checked"
    UNREADABLE = "unreadable"
    IGNORED = "ignored"            # a folder's file of no report's kind: listed, not checked


_SHADES = {RowKind.UNREADABLE: QColor("#fde2c8"), RowKind.IGNORED: QColor("#ececec")}
_ERROR_SHADE = QColor("#f8d0d0")


@dataclass(frozen=True)
class Row:
    result: UnitResult
    kind: RowKind

    @property
    def has_errors(self) -> bool:
        return self.kind is RowKind.CHECKED and self.result.errors > 0

    def cells(self) -> tuple[str, ...]:
        r = self.result
        name = Path(r.file).name
        if self.kind is RowKind.IGNORED:
            return name, "", "", "", "", "", f"没有检查：{IGNORED_WHY}"
        if self.kind is RowKind.UNREADABLE:
            return name, "", "", "", "", "", f"无法读取：{r.error}"
        problems = "；".join(r.first_messages()) or "没有发现问题"
        return (name, r.organ, f"{r.year}年度" if r.year else "", r.form, str(r.errors), str(r.warnings), problems)

    def tip(self) -> str:
        r = self.result
        lines = [r.file]
        if self.kind is RowKind.CHECKED:
            lines += [f"【{f.severity.label}】{f.rule} {f.place} {f.message}".replace("  ", " ") for f in r.findings]
            if r.last_file or r.last_note:
                lines.append(f"上年报告：{r.last_file or r.last_note}")
            lines.append("双击打开这份报告。")
        return "\n".join(dialogs.listed(lines))


def _logged(result: UnitResult) -> UnitResult:
    """A unit whose check met a program error: its traceback to the fault log, where that is said
    (as `python main.py check` does)."""
    if not result.fault:
        return result
    from dataclasses import replace

    told = told_fault(f"批量检查 {result.file}", result.fault, [result.file])
    return replace(result, error=result.error + told, fault="")


def row_of(result: UnitResult) -> Row:
    return Row(result, RowKind.UNREADABLE if result.error else RowKind.CHECKED)


class BatchResultModel(QAbstractTableModel):
    """The units' rows as they come; a unit with errors is shaded, so is a file not read or not checked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells()[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tip()
        if role == Qt.ItemDataRole.BackgroundRole:
            shade = _ERROR_SHADE if row.has_errors else _SHADES.get(row.kind)
            return QBrush(shade) if shade is not None else None
        return None

    def add(self, row: Row) -> None:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.endResetModel()


class BatchWorker(QObject):
    """Runs in its own thread: gathers the files, indexes last year's folder, checks file after file;
    `cancel` (from any thread) stops it before the next file."""

    counted = Signal(int, list)     # the files to check; the folders' files that are no report
    unit = Signal(object)           # one UnitResult
    failed = Signal(str)
    done = Signal(bool)             # cancelled

    def __init__(self, paths: list[Path], last_folder: Path | None) -> None:
        super().__init__()
        self.paths = paths
        self.last_folder = last_folder
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            files = gather(self.paths)
            self.counted.emit(len(files.missing) + len(files.reports), [str(p) for p in files.ignored])
            for missing in files.missing:
                self.unit.emit(missing)
            last = LastYear(self.last_folder) if self.last_folder and not self._stop.is_set() else None
            results = iter(check_files(files.reports, last))
            try:
                while not self._stop.is_set():
                    result = next(results, None)
                    if result is None:
                        break
                    self.unit.emit(_logged(result))
            finally:
                close = getattr(results, "close", None)
                if close is not None:
                    close()
        except Exception as exc:  # noqa: BLE001 - a fault must end the run with a message, never hang the window
            traceback.print_exc()
            told = told_fault("批量检查", exc, self.paths)
            self.failed.emit(f"检查时程序出错，已停止。{told}")
        self.done.emit(self._stop.is_set())


class BatchWindow(QWidget):
    """批量检查's own window, opened from the main window's 文件 menu."""

    def __init__(self, main: MainWindow) -> None:
        super().__init__(main, Qt.WindowType.Window)
        self.main = main
        self.setWindowTitle("批量检查 — 年报通")
        self.resize(1100, 640)
        self.paths: list[Path] = []
        self.last_folder: Path | None = None
        self.thread_: QThread | None = None
        self.worker: BatchWorker | None = None
        self.model = BatchResultModel(self)
        self._build()
        self._update()

    # --- building ------------------------------------------------------------------------------------

    def _button(self, text: str, slot, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setToolTip(tip or text)
        return button

    def _build(self) -> None:
        self.add_files_button = self._button("添加文件…", self.add_file,
                                             "添加一个单位的报告：草稿、Word、网页、PDF或Excel文件")
        self.add_folder_button = self._button("添加文件夹…", self.add_folder,
                                              "添加一个文件夹：其中（含子文件夹）的报告都检查")
        self.clear_button = self._button("清空", self.clear_paths, "清空已选的文件和文件夹")
        self.last_button = self._button("选择上年文件夹…", self.choose_last,
                                        "各单位上年的报告所在的文件夹：按机关名称配对，再检查跨年的规则")
        self.no_last_button = self._button("不用上年报告", self.clear_last)
        self.start_button = self._button("开始检查", self.start, "逐个检查所选的报告")
        self.cancel_button = self._button("取消", self.cancel, "检查完正在检查的这个文件后停止")
        self.export_button = self._button("导出结果…", self.export, "把检查结果写成Excel文件，可发回各单位")
        self.paths_label, self.last_label, self.status = QLabel(), QLabel(), QLabel()
        for label in (self.paths_label, self.last_label, self.status):
            label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column, width in enumerate((190, 190, 80, 120, 50, 50)):
            self.view.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(self.open_row)
        layout = QVBoxLayout(self)
        for widgets in ((QLabel("要检查的报告："), self.paths_label, None, self.add_files_button,
                         self.add_folder_button, self.clear_button),
                        (QLabel("上年报告（可不选）："), self.last_label, None, self.last_button, self.no_last_button),
                        (self.start_button, self.progress, self.cancel_button)):
            line = QHBoxLayout()
            for widget in widgets:
                if widget is None:
                    line.addStretch(1)
                else:
                    line.addWidget(widget, 1 if widget is self.progress else 0)
            layout.addLayout(line)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)

    # --- choosing ------------------------------------------------------------------------------------

    def add_file(self) -> None:
        path = dialogs.open_file(self, "添加要检查的报告", dialogs.LAST_FILTER)
        if path is not None and path not in self.paths:
            self.paths.append(path)
        self._update()

    def add_folder(self) -> None:
        path = dialogs.choose_folder(self, "添加要检查的文件夹（各单位的报告）")
        if path is not None and path not in self.paths:
            self.paths.append(path)
        self._update()

    def clear_paths(self) -> None:
        self.paths = []
        self._update()

    def choose_last(self) -> None:
        path = dialogs.choose_folder(self, "选择各单位上年报告所在的文件夹")
        if path is not None:
            self.last_folder = path
        self._update()

    def clear_last(self) -> None:
        self.last_folder = None
        self._update()

    @property
    def running(self) -> bool:
        return self.worker is not None

    def _update(self) -> None:
        folders = sum(1 for p in self.paths if p.is_dir())
        files = len(self.paths) - folders
        chosen = "、".join(f"“{p.name}”" for p in self.paths[:3]) + ("等" if len(self.paths) > 3 else "")
        counts = "、".join(text for n, text in ((files, f"{files} 个文件"), (folders, f"{folders} 个文件夹")) if n)
        self.paths_label.setText(f"{counts}：{chosen}" if self.paths else "还没有选择：请添加文件或文件夹。")
        self.last_label.setText(f"“{self.last_folder}”" if self.last_folder else "不用（不检查跨年的规则）")
        running = self.running
        for widget in (self.add_files_button, self.add_folder_button, self.clear_button, self.last_button,
                       self.no_last_button):
            widget.setEnabled(not running)
        self.no_last_button.setEnabled(not running and self.last_folder is not None)
        self.start_button.setEnabled(not running and bool(self.paths))
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running and any(r.kind is not RowKind.IGNORED for r in self.model.rows))

    # --- the run -------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.running or not self.paths:
            return
        self.model.clear()
        self.progress.setRange(0, 0)         # busy until the files are counted
        self.status.setText("正在查找报告文件…")
        thread, worker = QThread(self), BatchWorker(list(self.paths), self.last_folder)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.counted.connect(self._counted)
        worker.unit.connect(self._unit)
        worker.failed.connect(self._failed)
        worker.done.connect(self._done)
        worker.done.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)      # the thread itself is the window's child
        self.thread_, self.worker = thread, worker
        self._update()
        thread.start()

    def _in_hand(self) -> BatchWorker | None:
        """The worker while its thread still runs (after, it may be gone before `_done` is told)."""
        return self.worker if self.thread_ is not None and self.thread_.isRunning() else None

    def cancel(self) -> None:
        worker = self._in_hand()
        if worker is not None:
            worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在停止：检查完手上的这个文件就停下…")

    def _counted(self, total: int, ignored: list[str]) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        for path in ignored:
            self.model.add(Row(UnitResult(path), RowKind.IGNORED))
        self.status.setText(f"共 {total} 个报告文件，正在检查…" if total else "所选的文件和文件夹中没有报告文件。")

    def _unit(self, result: UnitResult) -> None:
        self.model.add(row_of(result))
        self.progress.setValue(self.progress.value() + 1)
        self.status.setText(f"已检查 {self.progress.value()} / {self.progress.maximum()}：{Path(result.file).name}")

    def _failed(self, text: str) -> None:
        dialogs.warn(self, "批量检查没有完成。", text)

    def _done(self, cancelled: bool) -> None:
        self.thread_, self.worker = None, None
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)
        self.status.setText(("已取消。" if cancelled else "检查完毕。") + self.summary() + "双击一行可打开那份报告。")
        self._update()

    def summary(self) -> str:
        rows = [r for r in self.model.rows if r.kind is RowKind.CHECKED]
        unreadable = sum(1 for r in self.model.rows if r.kind is RowKind.UNREADABLE)
        ignored = sum(1 for r in self.model.rows if r.kind is RowKind.IGNORED)
        text = f"检查了 {len(rows)} 份报告，{sum(1 for r in rows if r.has_errors)} 份有错误（红底）"
        text += f"；{unreadable} 个文件无法读取" if unreadable else ""
        text += f"；{ignored} 个文件不是报告，没有检查（灰底）" if ignored else ""
        return text + "。"

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed while checking: stopped after the file in hand, and waited for."""
        thread, worker = self.thread_, self._in_hand()
        if worker is not None and thread is not None:
            worker.cancel()
            thread.quit()
            thread.wait()
        super().closeEvent(event)

    # --- after the run -------------------------------------------------------------------------------

    def export(self) -> None:
        from exports.batch_xlsx import BatchWorkbook
        from forms.atomic import SaveError

        folder = next((p if p.is_dir() else p.parent for p in self.paths), Path.home())
        path = dialogs.save_export_as(self, folder / RESULT_NAME, XLSX_FILTER)
        if path is None:
            return
        book = BatchWorkbook()
        for row in self.model.rows:
            if row.kind is RowKind.IGNORED:
                book.ignore(row.result.file, IGNORED_WHY)
            else:
                book.add(row.result)
        try:
            book.save(path)
        except SaveError as exc:
            dialogs.warn(self, "检查结果没有导出。", str(exc))
            return
        self.status.setText(f"检查结果已导出到“{path}”。")

    def open_row(self, index: QModelIndex) -> None:
        """A unit double-clicked: its draft opened in the main window, or its Word, web page, PDF or Excel
        file imported there (asked first when the report open there has unsaved changes)."""
        row = self.model.rows[index.row()]
        if row.kind is not RowKind.CHECKED:
            dialogs.inform(self, "这个文件没有检查，不能打开。", row.cells()[-1])
            return
        from exports.report_reader import FileKind, file_kind
        from exports.xlsx_gate import WorkbookError

        path = Path(row.result.file)
        try:
            draft = file_kind(path) is FileKind.DRAFT
        except WorkbookError as exc:
            dialogs.warn(self, "无法打开这份报告。", str(exc))
            return
        if self.main.open_path(path) if draft else self.main.import_path(path):
            self.main.activateWindow()
