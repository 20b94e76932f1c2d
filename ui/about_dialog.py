"""帮助 › 关于年报通: what the program is (name, version, the report formats and the files it reads and
writes), where it keeps its own files (the data folder and the log folder, as text to select, with
buttons that open them), 复制信息 for telling support, and that it never connects to the network.

What is said about this PC comes from `host` (host.paths, host.log.environment): the same words the
fault log records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from host.log import LOG_NAME, environment, program_version
from host.paths import log_dir

from . import dialogs

if TYPE_CHECKING:
    from forms.definition import Form

NO_NETWORK = "年报通从不连接网络：报告、草稿、设置和错误记录都只保存在这台电脑上，不会发送到任何地方。"
LOG_NOTE = f"出错时程序把错误记录写在日志文件夹的 {LOG_NAME} 中（不含报告的内容），可以发给技术支持人员。"


def _formats_text(forms: Sequence[Form]) -> str:
    return "\n".join(f"· {form.name}（{form.years_text}）" for form in forms)


def _files_text() -> str:
    from exports.common import ExportKind
    from exports.report_reader import KINDS_TEXT

    written = "、".join(f"{kind.label}（{kind.suffix}）" for kind in ExportKind)
    return f"导入：{KINDS_TEXT}。\n导出：{written}。"


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setWordWrap(True)
    return label


class AboutDialog(QDialog):
    """Shown by the window (not modal: the clerk may copy a folder's path into a file dialog)."""

    def __init__(self, parent: QWidget | None, data_dir: Path, forms: Sequence[Form]):
        super().__init__(parent)
        self.setWindowTitle("关于年报通")
        self.data_dir, self.log_dir = data_dir, log_dir()
        layout = QVBoxLayout(self)
        title = QLabel(f"年报通 {program_version()}")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(QLabel("政府信息公开工作年度报告的填写、检查和导出程序。"))
        facts = QFormLayout()
        facts.addRow("报告格式：", _selectable(_formats_text(forms)))
        facts.addRow("文件：", _selectable(_files_text()))
        facts.addRow("数据文件夹：", _selectable(str(self.data_dir)))
        facts.addRow("日志文件夹：", _selectable(str(self.log_dir)))
        layout.addLayout(facts)
        note = QLabel(f"{LOG_NOTE}\n{NO_NETWORK}")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self._buttons())
        # Wrapped lines need a width to know their height: the dialog keeps the size its contents ask
        # for, at any scaling (at 150 % a freely sized one cut the lists off).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        actions: list[tuple[str, Callable[[], object], QDialogButtonBox.ButtonRole]] = [
            ("打开数据文件夹", lambda: self._open(self.data_dir, "数据文件夹"), QDialogButtonBox.ButtonRole.ActionRole),
            ("打开日志文件夹", self._open_log_folder, QDialogButtonBox.ButtonRole.ActionRole),
            ("复制信息", self.copy_info, QDialogButtonBox.ButtonRole.ActionRole),
            ("关闭", self.close, QDialogButtonBox.ButtonRole.RejectRole)]
        for text, slot, role in actions:
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            box.addButton(button, role)
        return box

    def _open_log_folder(self) -> None:
        """The log folder is made on the first fault: made now if there has been none yet."""
        self.log_dir = log_dir()
        self._open(self.log_dir, "日志文件夹")

    def _open(self, folder: Path, what: str) -> None:
        from .export_actions import open_folder

        if not open_folder(folder):
            dialogs.warn(self, f"无法打开{what}：这台电脑上没有能打开文件夹的文件管理器。",
                         f"{what}的位置（可以在“关于”里选中复制，或按“复制信息”）：\n{folder}")

    def info_text(self) -> str:
        """What 复制信息 copies: the version, this PC and the program's folders, to paste in a message
        to support."""
        return "\n".join(f"{label}：{value}" for label, value in environment())

    def copy_info(self) -> None:
        QApplication.clipboard().setText(self.info_text())
