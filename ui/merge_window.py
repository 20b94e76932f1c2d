"""The 汇总 window: many units' reports of one format and year summed into one report (forms.merge), as
main.py's `merge` verb does it. The clerk picks files or a folder and names the summary unit; the files
are read one at a time on a worker thread (a progress bar, 取消 stops between files); one row per unit
shows what it contributed. 打开汇总报告 opens the summed report in the main window as a new, unsaved
report (its prose is the office's to write); 导出各单位表… writes the Excel file with the 各单位 sheet.

The window draws; forms.merge and exports.merge_inputs decide.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from exports.merge_inputs import Found, read_unit, report_files
from forms.merge import Merge
from forms.numbers import format_value

from . import dialogs

if TYPE_CHECKING:
    from forms.definition import KeyFigure
    from forms.expr import Number
    from forms.report import Report

    from .main_window import MainWindow

EXAMPLE_ORGAN = "某某县人民政府办公室"
UNREAD = "无法读取"
OTHER_GROUP = "格式或年度与其他报告不同，未计入汇总"
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Line:
    """One row of the list: a unit as merged, or a file that gave none (no figures, the reason in `note`)."""

    source: str
    organ: str = ""
    figures: tuple[Number | None, ...] = ()
    check: str = UNREAD
    note: str = ""


class UnitsModel(QAbstractTableModel):
    """The units read so far: 文件, 单位, the format's key figures, 本单位报告检查结果, 备注."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.lines: list[Line] = []
        self.figures: tuple[KeyFigure, ...] = ()

    def headers(self) -> list[str]:
        return ["文件", "单位", *(f.label for f in self.figures), "本单位报告检查结果", "备注"]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], index.column()
        shown = len(self.figures)
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column < 2 + shown:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column < 2:
            return (line.source, line.organ)[column]
        if column < 2 + shown:
            if not line.figures:
                return ""
            value = line.figures[column - 2]
            return "未填" if value is None else format_value(value, self.figures[column - 2].kind, thousands=True)
        return (line.check, line.note)[column - 2 - shown]

    def set_figures(self, figures: tuple[KeyFigure, ...]) -> None:
        self.beginResetModel()
        self.figures = figures
        self.endResetModel()

    def append(self, line: Line) -> None:
        self.beginInsertRows(QModelIndex(), len(self.lines), len(self.lines))
        self.lines.append(line)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.lines, self.figures = [], ()
        self.endResetModel()


class MergeWorker(QObject):
    """Reads and adds the units on its own thread; `cancel` (from the window's thread) stops it between files."""

    counted = Signal(int)            # how many files there are to read
    figures_known = Signal(object)   # the key figures of the format of the first unit
    line_ready = Signal(object)      # a Line
    said = Signal(str)               # something to tell (a file read only in part)
    done = Signal(object)            # the Merge, or None when cancelled

    def __init__(self, inputs: list[str]):
        super().__init__()
        self.inputs = inputs
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        merge = Merge()
        try:
            files = list(report_files(self.inputs))
        except OSError as exc:
            self.said.emit(f"无法列出所选文件夹中的文件：{exc.strerror or exc}。请检查文件夹后重新汇总。")
            files = []
        self.counted.emit(len(files))
        for found in files:
            if self._cancelled:
                self.done.emit(None)
                return
            had_form = merge.form is not None
            line = self._add(merge, found)
            if not had_form and merge.form is not None:
                self.figures_known.emit(merge.figures)
            self.line_ready.emit(line)
        self.done.emit(None if self._cancelled else merge)

    def _add(self, merge: Merge, found: Found) -> Line:
        try:
            read = read_unit(found)
        except Exception as exc:   # a fault in a reader fails only this unit's file
            from host.log import told_fault

            traceback.print_exc(file=sys.stderr)
            told = told_fault("汇总：读取单位的报告", exc, [found.path])
            return Line(found.name, note=f"读取时程序出错，未计入汇总。{told}")
        if isinstance(read, str):
            return Line(found.name, note=read)
        row = merge.add(read.report, found.name)
        if row is None:
            return Line(found.name, read.report.organ, check="", note=OTHER_GROUP)
        note = row.note
        if read.problems:
            self.said.emit(f"“{found.name}”有{len(read.problems)}处没有读入，汇总中缺少这些数字，请核对："
                           + "；".join(read.problems[:3]) + ("……" if len(read.problems) > 3 else ""))
            note = "；".join(filter(None, (f"有{len(read.problems)}处没有读入", note)))
        return Line(row.source, row.organ, row.figures, row.check_words, note)


class MergeWindow(QWidget):
    """The 汇总 window of `main` (whose report 打开汇总报告 replaces, asking first as an import does)."""

    def __init__(self, main: MainWindow):
        super().__init__(main, Qt.WindowType.Window)
        self.main = main
        self.setWindowTitle("汇总各单位的报告 - 年报通")
        self.inputs: list[str] = []
        self.merge: Merge | None = None
        self.summary: Report | None = None
        self._thread: QThread | None = None
        self._worker: MergeWorker | None = None
        self._said: list[str] = []
        self.model = UnitsModel(self)
        self._build()
        self._update_buttons()
        self.resize(1100, 640)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("把各单位报送的报告（Word、网页、PDF、Excel或年报通草稿）加起来，得到本地区的汇总报告。"
                                "只能汇总同一年度、同一格式的报告。"))
        organ_row = QHBoxLayout()
        organ_row.addWidget(QLabel("汇总单位（必填）："))
        self.organ_edit = QLineEdit()
        self.organ_edit.setPlaceholderText(f"如：{EXAMPLE_ORGAN}")
        organ_row.addWidget(self.organ_edit, 1)
        layout.addLayout(organ_row)
        pick_row = QHBoxLayout()
        self.add_files_button = self._button(pick_row, "添加报告文件…", self.add_file)
        self.add_folder_button = self._button(pick_row, "添加文件夹…", self.add_folder)
        self.clear_button = self._button(pick_row, "清空所选", self.clear_inputs)
        self.inputs_label = QLabel()
        self.inputs_label.setWordWrap(True)
        pick_row.addWidget(self.inputs_label, 1)
        layout.addLayout(pick_row)
        run_row = QHBoxLayout()
        self.start_button = self._button(run_row, "开始汇总", self.start)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        run_row.addWidget(self.progress, 1)
        self.cancel_button = self._button(run_row, "取消", self.cancel)
        layout.addLayout(run_row)
        self.message = QLabel("请添加各单位的报告文件或所在的文件夹，写明汇总单位，然后按“开始汇总”。")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        end_row = QHBoxLayout()
        end_row.addStretch(1)
        self.open_button = self._button(end_row, "打开汇总报告", self.open_summary)
        self.export_button = self._button(end_row, "导出各单位表…", self.export_units)
        layout.addLayout(end_row)

    @staticmethod
    def _button(row: QHBoxLayout, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _update_buttons(self) -> None:
        running, ready = self.running, self.summary is not None
        for button in (self.add_files_button, self.add_folder_button, self.clear_button):
            button.setEnabled(not running)
        self.clear_button.setEnabled(not running and bool(self.inputs))
        self.start_button.setEnabled(not running and bool(self.inputs))
        self.cancel_button.setEnabled(running)
        self.organ_edit.setReadOnly(running)
        self.open_button.setEnabled(ready and not running)
        self.export_button.setEnabled(ready and not running)
        names = "、".join(f"“{Path(p).name or p}”" for p in self.inputs[:5])
        more = f"等{len(self.inputs)}项" if len(self.inputs) > 5 else ""
        self.inputs_label.setText(f"已选：{names}{more}" if self.inputs else "还没有选择报告。")

    # --- choosing ---------------------------------------------------------------------------------------

    def add_file(self) -> None:
        path = dialogs.open_file(self, "添加一个单位的报告", dialogs.LAST_FILTER)
        self._add_input(path)

    def add_folder(self) -> None:
        path = dialogs.choose_folder(self, "选择存放各单位报告的文件夹（包括其中的子文件夹）")
        self._add_input(path)

    def _add_input(self, path: Path | None) -> None:
        if path is not None and str(path) not in self.inputs:
            self.inputs.append(str(path))
        self._update_buttons()

    def clear_inputs(self) -> None:
        self.inputs = []
        self._update_buttons()

    # --- the run ----------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.running or not self.inputs:
            return
        if not self.organ_edit.text().strip():
            dialogs.warn(self, f"请先写明汇总单位的名称，如“{EXAMPLE_ORGAN}”。", "汇总报告以它的名义发布。")
            self.organ_edit.setFocus()
            return
        self.merge, self.summary, self._said = None, None, []
        self.model.clear()
        self.progress.setRange(0, 0)          # busy until the files are counted
        self.message.setText("正在查找报告文件……")
        worker = MergeWorker(list(self.inputs))
        thread = QThread(self)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.counted.connect(self._counted)
        worker.figures_known.connect(self.model.set_figures)
        worker.line_ready.connect(self._line_ready)
        worker.said.connect(self._said.append)
        worker.done.connect(self._done)
        worker.done.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker
        self._update_buttons()
        thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("正在取消：读完手头这个文件就停下……")

    def _counted(self, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(0)
        self.message.setText(f"共找到{total}个报告文件，正在逐个读取和汇总……")

    def _line_ready(self, line: Line) -> None:
        self.model.append(line)
        self.progress.setValue(len(self.model.lines))
        self.message.setText(f"已读取{len(self.model.lines)}/{self.progress.maximum()}个文件：{line.source}")

    def _done(self, merge: Merge | None) -> None:
        if self._thread is not None:
            self._thread.quit()             # its queued quit would come after this slot: ask now
            self._thread.wait()
            self._thread.deleteLater()
        self._thread, self._worker = None, None
        self.merge = merge
        if merge is None:
            self.message.setText(f"已取消：读了{len(self.model.lines)}个文件，没有汇总。要汇总请重新按“开始汇总”。")
        else:
            self._finish(merge)
        # the figure headers and each unit's 备注 readable once the rows are in (the last column stretches)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def _finish(self, merge: Merge) -> None:
        refusal = merge.refusal() if merge.form is not None else \
            "没有读到可以汇总的报告。请检查所选的文件和文件夹（无法读取的原因见列表的“备注”）。"
        if refusal:
            self.message.setText("没有汇总。" + refusal)
            dialogs.warn(self, "没有汇总：所选的报告不能加在一起。", refusal)
            return
        self.summary = merge.summary(self.organ_edit.text().strip())
        summed = sum(row.summed for row in merge.units)
        lines = [f"已汇总{summed}个单位：{self.summary.title}（{self.summary.form.short_name}）。"
                 "请按“打开汇总报告”填写正文，或按“导出各单位表…”导出Excel文件。"]
        lines += merge.duplicates
        erring = merge.with_errors()
        if erring:
            lines.append(f"有{len(erring)}个单位的报告有错误，已计入汇总，请这些单位核对改正后重新汇总（见“本单位报告检查结果”）。")
        unread = sum(line.check == UNREAD for line in self.model.lines)
        if unread:
            lines.append(f"有{unread}个文件无法读取，未计入汇总（原因见“备注”）。")
        self.message.setText("\n".join(lines + self._said))

    # --- the results ------------------------------------------------------------------------------------

    def open_summary(self) -> None:
        """The summed report in the main window as a new, unsaved report (as an import opens one)."""
        if self.summary is None or not self.main._may_replace("没有打开汇总报告"):
            return
        summary = self.summary.copy()
        self.main.set_document(self.main._new_document(summary))
        self.main.statusBar().showMessage(f"已打开汇总报告《{summary.title}》：请填写正文各部分，核对后保存。", 15000)

    def export_units(self) -> None:
        """The summary's Excel file with the 各单位 sheet (exports.merge_sheet)."""
        if self.summary is None or self.merge is None:
            return
        from exports.common import ExportKind, prepare_export
        from exports.merge_sheet import write_merge_xlsx
        from forms.atomic import SaveError

        folder = Path(self.inputs[0]) if self.inputs else Path.home()
        folder = folder if folder.is_dir() else folder.parent
        suggested = folder.parent / f"{self.summary.organ}{self.summary.year or ''}年汇总.xlsx"
        path = dialogs.save_export_as(self, suggested, ExportKind.EXCEL.file_filter)
        if path is None:
            return
        mark = prepare_export(self.summary, draft=True)   # its prose is still to write: a draft until then
        try:
            written = write_merge_xlsx(self.summary, self.merge, path, mark)
        except SaveError as exc:
            dialogs.warn(self, "没有导出。", str(exc))
            return
        marked = f"\n文件标注了“{mark}”：汇总报告的正文还没有写。" if mark else ""
        dialogs.inform(self, f"已导出“{written.name}”（含“各单位”工作表）。", f"保存在：{written.parent}{marked}")

    def closeEvent(self, event: QCloseEvent) -> None:
        """A run still going is stopped (after the file in hand) before the window goes."""
        if self._worker is not None:
            self._worker.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        super().closeEvent(event)
