"""The start page: a new report (机关名称, 年度, the format that follows the year, optionally last
year's draft), or an existing draft, an Excel workbook, a recent file or a sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from . import heading_label, hint_label, message_label, show_message

if TYPE_CHECKING:
    from forms.definition import Form


_MAX_BACK_TITLE = 40        # characters of the open report's title on the way back to it


_NEEDS_ORGAN = "请先填写机关名称。"


class StartPage(QWidget):
    new_requested = Signal(str, int, str)    # organ, year, form id (last year's draft: `last_path`)
    open_requested = Signal(object)          # a Path, or None to ask for one
    import_requested = Signal()
    sample_requested = Signal(str)           # a sample's file name
    choose_last_requested = Signal()
    back_requested = Signal()                # 返回当前报告 (or Esc) while a report is open

    def __init__(self, parent: QWidget | None = None):
        """The formats and samples arrive a moment later (`set_formats`, `set_samples`): they load
        in the background so that this page is on screen at once."""
        super().__init__(parent)
        self.last_path: Path | None = None
        self._format_chosen = False
        self._forms: list[Form] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addWidget(heading_label("年报通"))
        outer.addWidget(hint_label("政府信息公开工作年度报告：逐项填写，随时检查每一个数字，一键按官方格式导出Word和Excel。"
                                   "全程离线，不联网。"))
        outer.addLayout(self._back_row())
        columns = QHBoxLayout()
        columns.setSpacing(24)
        outer.addLayout(columns, 1)
        columns.addWidget(self._new_box(), 3)
        columns.addWidget(self._open_box(), 2)

    def _back_row(self) -> QHBoxLayout:
        """The way back to the report still open in the window (hidden when none is): a button
        naming it, and Esc anywhere on this page."""
        row = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setMinimumHeight(32)
        self.back_button.clicked.connect(self.back_requested)
        self.back_button.hide()
        row.addWidget(self.back_button)
        row.addStretch(1)
        self._back_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._back_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._back_key.activated.connect(self.back_requested)
        self._back_key.setEnabled(False)
        return row

    def set_current(self, title: str | None) -> None:
        """The report open in the window (its title), or None: shows or hides the way back to it."""
        shown = title if title is None or len(title) <= _MAX_BACK_TITLE else title[:_MAX_BACK_TITLE - 1] + "…"
        self.back_button.setText(f"返回当前报告《{shown}》（Esc）" if title is not None else "")
        self.back_button.setToolTip(f"回到正在填写的《{title}》，停在刚才的页面" if title is not None else "")
        self.back_button.setVisible(title is not None)
        self._back_key.setEnabled(title is not None)

    def _new_box(self) -> QGroupBox:
        box = QGroupBox("新建报告")
        form = QFormLayout(box)
        form.setVerticalSpacing(12)
        self.organ = QLineEdit()
        self.organ.setPlaceholderText("发布报告的机关全称，如“某某市某某局”")
        self.organ.returnPressed.connect(self._create)
        self.organ.textChanged.connect(self._organ_changed)
        form.addRow("机关名称：", self.organ)
        self.year = QSpinBox()
        self.year.setRange(1900, 2999)             # narrowed to the draft file's range in set_formats
        self.year.setSuffix(" 年度")
        self.year.setValue(date.today().year - 1)      # reports are written early in the next year
        self.year.valueChanged.connect(self._year_changed)
        form.addRow("报告年度：", self.year)
        self.format = QComboBox()
        self.format.addItem("正在载入报告格式……")
        self.format.setEnabled(False)
        self.format.activated.connect(self._format_activated)
        form.addRow("报告格式：", self.format)
        self.format_hint = hint_label("")
        form.addRow("", self.format_hint)
        form.addRow("上年草稿（可选）：", self._last_year_row())
        form.addRow("", hint_label("选了上年报告的草稿，会自动填入“上年结转”等数字和联系方式，"
                                   "各部分先填入上年的正文（标为上年原文，请逐部分改写），"
                                   "并核对与上年数字的衔接。"))
        self.message = message_label()
        form.addRow("", self.message)
        self.create_button = QPushButton("新建报告")
        self.create_button.setDefault(True)
        self.create_button.setMinimumHeight(36)
        self.create_button.clicked.connect(self._create)
        form.addRow("", self.create_button)
        return box

    def _last_year_row(self) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.last_label = QLabel("未选择")
        self.last_label.setWordWrap(True)
        self.choose_last = QPushButton("选择…")
        self.choose_last.clicked.connect(self.choose_last_requested)
        self.clear_last = QPushButton("不使用")
        self.clear_last.clicked.connect(lambda: self.set_last(None))
        self.clear_last.setEnabled(False)
        layout.addWidget(self.last_label, 1)
        layout.addWidget(self.choose_last)
        layout.addWidget(self.clear_last)
        return row

    def _open_box(self) -> QGroupBox:
        box = QGroupBox("打开")
        layout = QVBoxLayout(box)
        buttons = QGridLayout()
        self.open_button = QPushButton("打开草稿…")
        self.open_button.clicked.connect(lambda: self.open_requested.emit(None))
        self.import_button = QPushButton("导入上年或本年报告…")
        self.import_button.clicked.connect(self.import_requested)
        buttons.addWidget(self.open_button, 0, 0)
        buttons.addWidget(self.import_button, 0, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("最近打开的文件（双击打开）："))
        self.recent = QListWidget()
        self.recent_paths: list[Path] = []
        self.recent.itemActivated.connect(self._recent_activated)
        layout.addWidget(self.recent, 1)
        self.no_recent = hint_label("（还没有打开过文件）")
        layout.addWidget(self.no_recent)
        layout.addStretch(1)
        layout.addWidget(QLabel("示例报告（不会改动示例本身）："))
        self.samples = QVBoxLayout()
        layout.addLayout(self.samples)
        return box

    def set_formats(self, forms: list[Form]) -> None:
        from forms.draft import YEAR_RANGE

        self._forms = forms
        self.year.setRange(*YEAR_RANGE)
        self.format.clear()
        for f in forms:
            self.format.addItem(f"{f.name}（{f.years_text}）", f.id)
        self.format.setEnabled(True)
        self._year_changed(self.year.value())

    def set_samples(self, samples: list[tuple[str, str]]) -> None:
        """`samples`: (file name, title) of the bundled sample reports."""
        for name, title in samples:
            button = QPushButton(title)
            button.setStyleSheet("text-align: left; padding: 4px 8px;")
            button.clicked.connect(lambda _=False, name=name: self.sample_requested.emit(name))
            self.samples.addWidget(button)

    # --- new report ---------------------------------------------------------------------------------

    def _usual_form(self, year: int) -> Form:
        from forms.loader import form_for_year

        return form_for_year(year)

    def _year_changed(self, year: int) -> None:
        if not self._forms:
            return
        if not self._format_chosen:
            self.format.setCurrentIndex(self.format.findData(self._usual_form(year).id))
        self._update_format_hint()

    def _format_activated(self, _index: int) -> None:
        self._format_chosen = self.format.currentData() != self._usual_form(self.year.value()).id
        self._update_format_hint()

    def _update_format_hint(self) -> None:
        chosen = self.format.currentData()
        usual = self._usual_form(self.year.value())
        if chosen == usual.id:
            self.format_hint.setText(f"{self.year.value()}年度的报告使用{usual.document_number}规定的格式。")
        else:
            self.format_hint.setText(f"注意：{self.year.value()}年度的报告一般使用“{usual.name}”。")

    def set_last(self, path: Path | None, organ: str = "", year: int | None = None) -> None:
        """Last year's draft chosen (its organ and year fill the fields the user has left alone)."""
        self.last_path = path
        self.last_label.setText(f"{path.name}（{path.parent}）" if path else "未选择")
        self.clear_last.setEnabled(path is not None)
        if path is not None:
            if organ and not self.organ.text().strip():
                self.organ.setText(organ)
            if year is not None:
                self.year.setValue(year + 1)

    def _organ_changed(self, text: str) -> None:
        """“请先填写机关名称” goes as soon as there is a name (typed, or from last year's draft)."""
        if text.strip() and self.message.text() == _NEEDS_ORGAN:
            show_message(self.message, "")

    def _create(self) -> None:
        organ = self.organ.text().strip()
        if not organ:
            show_message(self.message, _NEEDS_ORGAN)
            self.organ.setFocus()
            return
        show_message(self.message, "")
        form_id = self.format.currentData()
        self.new_requested.emit(organ, self.year.value(), form_id or "")

    # --- recent files -------------------------------------------------------------------------------

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        self.recent_paths = list(paths)
        for path in paths:
            shown = f"{path.name}    {path.parent}" if path.exists() else f"{path.name}（文件已不在原处）"
            item = QListWidgetItem(shown)
            item.setToolTip(str(path))
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(self.recent_paths[self.recent.row(item)])

    def focus_first(self) -> None:
        self.organ.setFocus()
