"""设置 (编辑 › 设置…): the Word file's font for each role and the folder for reports.

Each font is an editable list: the names offices use for that role, the official one first, each
marked whether this PC has it (nothing marked when that cannot be told); any other name may be typed.
Beside it, what this PC will show for the font chosen. The folder for reports is the one in which each
year's folder is made (文档/年报通 when empty), as a clerk keeps one folder per year and finds last
year's report next door. Nothing is saved before 确定; 恢复默认 puts back the official fonts and the
usual folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exports.font_roles import FontRole, shown_instead
from host import fonts as host_fonts

from . import dialogs
from .pages import hint_label, message_label, show_message

if TYPE_CHECKING:
    from host.fonts import InstalledFonts

    from .settings import Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.settings = settings
        self.installed: InstalledFonts = host_fonts.installed_fonts()
        self.combos: dict[FontRole, QComboBox] = {}
        self.status: dict[FontRole, QLabel] = {}
        self._forget_kept = False
        layout = QVBoxLayout(self)
        layout.addWidget(self._fonts_box())
        self.kept_row = self._kept_row()
        layout.addWidget(self.kept_row)
        layout.addWidget(self._folder_box())
        self.problem = message_label()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons = QDialogButtonBox.StandardButton
        for which, text in ((buttons.Ok, "确定"), (buttons.Cancel, "取消"), (buttons.RestoreDefaults, "恢复默认")):
            self.buttons.button(which).setText(text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout.addWidget(self.buttons)
        # Enter is 确定, wherever the focus was last (a button the focus crossed would otherwise become the
        # default: Tab past 取消 and Enter threw the choices away). Only once the box is in the dialog:
        # before, its buttons are not the dialog's children and 确定 is not the dialog's own default.
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(button is ok)
        ok.setDefault(True)
        self._show(settings.fonts(), settings.reports_folder)

    # --- building -------------------------------------------------------------------------------------

    def _fonts_box(self) -> QGroupBox:
        box = QGroupBox("Word文件的字体")
        column = QVBoxLayout(box)
        hint = ("每项列表中第一个是公文格式规定的字体，也可以直接输入字体名称。本机没有的字体，"
                "导出的文件仍然写它，在装有它的电脑上打开、打印时正常。")
        if not self.installed.known:
            hint += "（无法查知本机装有哪些字体，导出Word前不会提醒缺少字体。）"
        self.fonts_hint = hint_label(hint)
        column.addWidget(self.fonts_hint)
        grid = QGridLayout()
        column.addLayout(grid)
        for row, role in enumerate(FontRole):
            combo = QComboBox()
            combo.setEditable(True)
            # no completer: typing never jumps to a listed name with its mark (Qt takes a null completer)
            combo.setCompleter(None)  # type: ignore[arg-type]  # PySide's stub lacks Optional
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for name in role.alternatives:
                combo.addItem(self._item_text(role, name), name)
            combo.currentIndexChanged.connect(lambda index, c=combo: index >= 0 and c.setEditText(c.itemData(index)))
            combo.editTextChanged.connect(lambda _text, r=role: self._show_status(r))
            combo.setMinimumContentsLength(16)
            # the list shows the names with their marks in full, wider than the field if need be
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 2 * combo.view().frameWidth() + 24)
            label = QLabel(f"{role.label}：")
            label.setBuddy(combo)
            status = QLabel()
            self.combos[role], self.status[role] = combo, status
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            grid.addWidget(status, row, 2)
        grid.setColumnStretch(2, 1)
        return box

    def _kept_row(self) -> QWidget:
        """The missing fonts the clerk chose not to be asked about again, with 恢复提醒."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kept_label = QLabel()
        self.kept_label.setWordWrap(True)
        ask_again = QPushButton("恢复提醒")
        ask_again.clicked.connect(self._ask_again)
        layout.addWidget(self.kept_label, 1)
        layout.addWidget(ask_again)
        kept = sorted(self.settings.kept_missing())
        self.kept_label.setText(f"导出Word时不再提醒本机缺少的字体：{'、'.join(f'“{n}”' for n in kept)}")
        row.setVisible(bool(kept))
        return row

    def _folder_box(self) -> QGroupBox:
        from .export_actions import default_reports_folder

        box = QGroupBox("报告存放位置")
        layout = QVBoxLayout(box)
        self.default_folder = default_reports_folder()
        layout.addWidget(hint_label(f"第一次保存或导出一份报告时，在这个文件夹里建立以年度命名的文件夹（如“2025”）"
                                    f"存放它。不填写时为“{self.default_folder}”。"))
        row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(str(self.default_folder))
        choose = QPushButton("选择…")
        choose.clicked.connect(self._choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        return box

    def _item_text(self, role: FontRole, name: str) -> str:
        marks = ["规定字体"] if name == role.default else []
        installed = self.installed.has(name)
        if installed is not None:
            marks.append("本机已安装" if installed else "本机未安装")
        return f"{name}（{'，'.join(marks)}）" if marks else name

    # --- what is shown ------------------------------------------------------------------------------

    def _show(self, fonts: dict[FontRole, str], folder: Path | None) -> None:
        for role, combo in self.combos.items():
            index = combo.findData(fonts[role])
            combo.setCurrentIndex(index)
            combo.setEditText(fonts[role])
            self._show_status(role)
        self.folder.setText(str(folder) if folder is not None else "")
        show_message(self.problem, "")

    def _show_status(self, role: FontRole) -> None:
        name = self.font_of(role)
        installed = self.installed.has(name)
        if installed is None:
            text = ""
        elif installed:
            text = "本机已安装"
        else:
            instead = shown_instead(name, self.installed)
            text = f"本机未安装：在本机打开时显示为{f'“{instead}”' if instead else '本机的其他字体'}"
        self.status[role].setText(text)

    def font_of(self, role: FontRole) -> str:
        """The name in the role's list: a listed item's name without its marks; empty: the official font."""
        combo = self.combos[role]
        text = combo.currentText().strip()
        listed = next((combo.itemData(i) for i in range(combo.count()) if combo.itemText(i) == text), None)
        return listed or text or role.default

    # --- buttons --------------------------------------------------------------------------------------

    def restore_defaults(self) -> None:
        self._show({role: role.default for role in FontRole}, None)

    def _ask_again(self) -> None:
        self._forget_kept = True
        self.kept_row.hide()

    def _choose_folder(self) -> None:
        """The chooser opens in the folder typed (else the usual one) or, not made yet, in the nearest one
        above it that exists: given a folder that does not exist, Qt's chooser opened wherever the program
        was started (on Windows, the program's own folder)."""
        current = self._typed_folder()
        offered = current if current is not None and current.is_absolute() else self.default_folder
        offered = next((level for level in (offered, *offered.parents) if level.is_dir()), Path.home())
        chosen = dialogs.choose_folder(self, "选择存放报告的文件夹", offered)
        if chosen is not None:
            self.folder.setText(str(chosen))

    def _typed_folder(self) -> Path | None:
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def _folder_problem(self, folder: Path | None) -> str:
        if folder is None:
            return ""
        if not folder.is_absolute():
            return "请填写完整的文件夹路径（从盘符或“/”开始），或按“选择…”选择一个文件夹。"
        if folder.exists() and not folder.is_dir():
            return f"“{folder}”是一个文件，不是文件夹。请换一个文件夹。"
        return ""

    def accept(self) -> None:
        folder = self._typed_folder()
        problem = self._folder_problem(folder)
        if problem:
            show_message(self.problem, problem)
            self.folder.setFocus()
            return
        self.settings.set_fonts({role: self.font_of(role) for role in FontRole})
        self.settings.reports_folder = folder
        if self._forget_kept:
            self.settings.forget_kept_missing()
        super().accept()
