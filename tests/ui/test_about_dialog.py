"""帮助 › 关于年报通: the program's name and version, the formats and files it knows, the data and log
folders as text to select and copy, buttons that open them (the log folder made first when it is not
there yet), 复制信息 for telling support, and the promise that it never connects to the network."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from forms.loader import all_forms
from host.log import program_version


@pytest.fixture
def about(window, qtbot, log_dir):
    from ui.about_dialog import AboutDialog

    window.act_about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.close()


def _button(dialog, text: str) -> QPushButton:
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    return button


def _texts(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_it_names_the_program_its_version_the_formats_and_the_files_it_knows(about):
    text = _texts(about)
    assert "年报通" in text and program_version() in text
    assert all(form.name in text for form in all_forms())
    assert all(kind in text for kind in ("Word", "Excel", "PDF", "网页", "草稿"))
    assert "从不连接网络" in text


def test_the_folders_are_shown_as_text_to_select(about, window, log_dir):
    folders = [label for label in about.findChildren(QLabel) if label.text() in (str(window.data_dir), str(log_dir))]
    assert {label.text() for label in folders} == {str(window.data_dir), str(log_dir)}
    assert all(label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse for label in folders)


def test_the_buttons_open_the_data_folder_and_the_log_folder_made_if_needed(about, window, qtbot, opened_urls,
                                                                          log_dir):
    shutil.rmtree(log_dir, ignore_errors=True)
    qtbot.mouseClick(_button(about, "打开数据文件夹"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(about, "打开日志文件夹"), Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened_urls] == [str(window.data_dir), str(log_dir)]
    assert log_dir.is_dir()


def test_a_folder_that_cannot_be_opened_is_said_with_its_path(about, window, qtbot, monkeypatch, scripted, log_dir):
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    qtbot.mouseClick(_button(about, "打开日志文件夹"), Qt.MouseButton.LeftButton)
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "无法打开" in text and str(log_dir) in text + details


def test_copy_puts_the_version_and_the_folders_on_the_clipboard(about, window, qtbot, log_dir):
    QApplication.clipboard().clear()
    qtbot.mouseClick(_button(about, "复制信息"), Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    for expected in (program_version(), str(window.data_dir), str(log_dir), "Python", "Qt"):
        assert expected in copied, expected


def test_close_closes_it_and_asking_again_shows_it_again(about, window, qtbot):
    from ui.about_dialog import AboutDialog

    qtbot.mouseClick(_button(about, "关闭"), Qt.MouseButton.LeftButton)
    assert not about.isVisible()
    window.act_about.trigger()
    again = window.findChild(AboutDialog)
    assert again is not None and again.isVisible()
    again.close()
