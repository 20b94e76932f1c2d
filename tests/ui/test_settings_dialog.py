"""设置 (编辑 › 设置…): the Word file's font for each role — an editable list of the names offices use,
each marked installed or not on this PC — and the folder for reports, with 恢复默认, 确定 and 取消.
Driven as a clerk does: keys in the lists, an input method for Chinese, mouse clicks on the buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from exports.font_roles import FontRole
from exports.typesetting import Typesetting
from ui import dialogs
from ui.settings import Settings
from ui.settings_dialog import SettingsDialog

from .conftest import commit_text, menus

WINDOWS_PC = {"宋体", "仿宋", "黑体", "楷体", "Times New Roman"}


def button(dialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def open_dialog(qtbot, settings, parent=None) -> SettingsDialog:
    dialog = SettingsDialog(settings, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_lists_mark_each_font_installed_or_not(qtbot, qapp, tmp_path, installed_fonts):
    installed_fonts.families = WINDOWS_PC
    dialog = open_dialog(qtbot, Settings(tmp_path))
    body = dialog.combos[FontRole.BODY]
    items = [body.itemText(i) for i in range(body.count())]
    assert items == ["仿宋_GB2312（规定字体，本机未安装）", "仿宋（本机已安装）", "FangSong（本机已安装）",
                     "方正仿宋_GBK（本机未安装）"]
    assert body.currentText() == "仿宋_GB2312"
    assert dialog.status[FontRole.BODY].text() == "本机未安装：在本机打开时显示为“仿宋”"
    assert dialog.status[FontRole.HEADING].text() == "本机已安装"
    assert "无法查知" not in dialog.fonts_hint.text()
    dialog.reject()


def test_nothing_marked_when_the_fonts_cannot_be_told(qtbot, qapp, tmp_path):
    dialog = open_dialog(qtbot, Settings(tmp_path))
    title = dialog.combos[FontRole.TITLE]
    assert [title.itemText(i) for i in range(title.count())][:2] == ["方正小标宋简体（规定字体）", "方正小标宋_GBK"]
    assert dialog.status[FontRole.TITLE].text() == ""
    assert "无法查知本机装有哪些字体" in dialog.fonts_hint.text()
    dialog.reject()


def test_fonts_chosen_with_keys_and_typed_are_saved_on_ok(qtbot, qapp, tmp_path, installed_fonts):
    installed_fonts.families = WINDOWS_PC
    settings = Settings(tmp_path)
    dialog = open_dialog(qtbot, settings)
    body = dialog.combos[FontRole.BODY]
    body.setFocus()
    qtbot.keyClick(body, Qt.Key_Down)                   # the next name in the list: 仿宋
    assert body.currentText() == "仿宋"                  # the name itself, not its mark
    assert dialog.status[FontRole.BODY].text() == "本机已安装"
    table = dialog.combos[FontRole.TABLE]
    table.lineEdit().selectAll()
    qtbot.keyClick(table.lineEdit(), Qt.Key_Delete)
    commit_text(table.lineEdit(), "华文仿宋")            # a font not in the list, typed
    assert dialog.status[FontRole.TABLE].text() == "本机未安装：在本机打开时显示为本机的其他字体"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    again = Settings(tmp_path)
    assert again.typesetting() == Typesetting(body_font="仿宋", table_font="华文仿宋")


def test_cancel_keeps_the_settings_and_restore_defaults_resets_everything(qtbot, qapp, tmp_path, scripted):
    settings = Settings(tmp_path)
    settings.set_fonts({FontRole.HEADING: "方正黑体_GBK"})
    settings.reports_folder = tmp_path / "年报"
    dialog = open_dialog(qtbot, settings)
    assert dialog.combos[FontRole.HEADING].currentText() == "方正黑体_GBK"
    assert dialog.folder.text() == str(tmp_path / "年报")
    qtbot.mouseClick(button(dialog, "恢复默认"), Qt.LeftButton)
    assert dialog.combos[FontRole.HEADING].currentText() == "黑体" and dialog.folder.text() == ""
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.LeftButton)
    assert Settings(tmp_path).fonts()[FontRole.HEADING] == "方正黑体_GBK"
    dialog = open_dialog(qtbot, settings)
    qtbot.mouseClick(button(dialog, "恢复默认"), Qt.LeftButton)
    dialog.folder.setFocus()
    qtbot.keyClick(dialog.folder, Qt.Key_Return)         # Enter in a field is 确定
    again = Settings(tmp_path)
    assert again.typesetting() == Typesetting() and again.reports_folder is None


def test_the_folder_is_chosen_with_the_button_and_a_relative_path_refused(qtbot, qapp, tmp_path, scripted):
    settings = Settings(tmp_path)
    dialog = open_dialog(qtbot, settings)
    scripted.files.append(tmp_path / "报告")
    qtbot.mouseClick(button(dialog, "选择…"), Qt.LeftButton)
    assert dialog.folder.text() == str(tmp_path / "报告")
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, "reports")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    assert dialog.isVisible() and "完整" in dialog.problem.text()
    assert Settings(tmp_path).reports_folder is None
    (tmp_path / "a-file").write_text("x")
    dialog.folder.setText(str(tmp_path / "a-file"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    assert dialog.isVisible() and "是一个文件" in dialog.problem.text()
    dialog.folder.setText(str(tmp_path / "报告"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    assert not dialog.isVisible() and Settings(tmp_path).reports_folder == tmp_path / "报告"


def test_kept_missing_fonts_can_be_asked_about_again(qtbot, qapp, tmp_path):
    settings = Settings(tmp_path)
    settings.keep_missing(["方正小标宋简体"])
    dialog = open_dialog(qtbot, settings)
    assert "方正小标宋简体" in dialog.kept_label.text()
    qtbot.mouseClick(button(dialog, "恢复提醒"), Qt.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)
    assert Settings(tmp_path).kept_missing() == set()


def test_reached_from_the_edit_menu_and_the_folder_used_for_a_new_report(window, qtbot, tmp_path, scripted,
                                                                        monkeypatch):
    action = next(a for a in menus(window)["编辑"].actions() if a.text() == "设置…")
    assert action.isEnabled()                       # no report needed

    def fill():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog) and w.isVisible())
        dialog.folder.setText(str(tmp_path / "年报"))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)

    QTimer.singleShot(0, fill)
    action.trigger()
    assert window.settings.reports_folder == tmp_path / "年报"
    offered: list[Path] = []
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, folder=None: offered.append(folder))
    window.open_sample("2025-qingchuan-scjgj.json")          # a copy never saved: asked where to keep it
    assert window.save() is False
    assert offered == [tmp_path / "年报" / "2025"]


def test_enter_is_ok_after_the_clerk_has_tabbed_past_every_button(qtbot, qapp, tmp_path, installed_fonts):
    """Tabbing round the dialog passes 取消 and 恢复默认: Enter back in a field must still be 确定, not
    whichever button the focus crossed last (the clerk's choices silently thrown away)."""
    installed_fonts.families = WINDOWS_PC
    settings = Settings(tmp_path)
    dialog = open_dialog(qtbot, settings)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)              # the keys go where the clerk's focus is
    body = dialog.combos[FontRole.BODY]
    body.setFocus()
    qtbot.keyClick(body, Qt.Key_Down)                   # 仿宋
    passed = []
    for _ in range(20):                                 # once round the whole dialog, to the folder field
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        focused = QApplication.focusWidget()
        passed.append(focused.text() if isinstance(focused, QPushButton) else type(focused).__name__)
    assert {"取消", "恢复默认"} <= set(passed)
    dialog.folder.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert Settings(tmp_path).typesetting().body_font == "仿宋"


def test_the_folder_chooser_opens_in_a_folder_that_exists(qtbot, qapp, tmp_path, documents, monkeypatch):
    """文档/年报通 (or a typed folder) not made yet: the chooser opens in the nearest folder above it that
    exists (文档), not wherever the program was started (the program's own folder, on Windows)."""
    offered: list[Path | None] = []
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, folder=None: offered.append(folder))
    dialog = open_dialog(qtbot, Settings(tmp_path))
    qtbot.mouseClick(button(dialog, "选择…"), Qt.LeftButton)
    dialog.folder.setText(str(documents / "年报" / "各单位"))
    qtbot.mouseClick(button(dialog, "选择…"), Qt.LeftButton)
    assert offered == [documents, documents]
    assert not (documents / "年报通").exists() and dialog.folder.text() == str(documents / "年报" / "各单位")
    dialog.reject()
