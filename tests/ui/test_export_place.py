"""One place per report: before the first save the window asks once where to keep this year's
report (文档/年报通/<年度> by default), saves the draft there and exports beside it; afterwards Word
and Excel go beside the draft without asking. A file changed by someone else or open in Word is
never replaced silently; a folder that cannot be opened is named so the clerk can find it."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QPushButton

from forms.draft import read_draft, write_draft
from ui import dialogs
from ui.export_actions import draft_name, file_name

from .conftest import commit_text, page_widget

QINGCHUAN = "2025-qingchuan-scjgj.json"


@pytest.fixture
def folder_questions(monkeypatch):
    """dialogs.choose_folder, answered as a clerk who presses 选择 at once (the folder offered);
    records (title, offered folder). `answers` replaces that answer, in order (None: 取消)."""
    asked: list[tuple[str, Path | None]] = []
    answers: list[Path | None] = []

    def choose(parent, title, folder=None):
        asked.append((title, folder))
        return answers.pop(0) if answers else folder

    monkeypatch.setattr(dialogs, "choose_folder", choose)
    asked_answers = asked, answers
    return asked_answers


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def _open_sample(window, qtbot, name: str = QINGCHUAN) -> None:
    """The sample's button on the start page, clicked."""
    title = next(r.title for n, r in window.preload.samples if n == name)
    qtbot.mouseClick(next(b for b in window.start.findChildren(QPushButton) if b.text().startswith(title)),
                     Qt.LeftButton)
    assert window.document is not None and window.document.path is None


def test_first_export_asks_once_where_to_keep_the_report_then_exports_beside_the_draft(
        window, qtbot, documents, folder_questions, scripted):
    asked, _ = folder_questions
    _open_sample(window, qtbot)
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    home = documents / "年报通" / "2025"
    assert len(asked) == 1 and asked[0][1] == home and "2025" in asked[0][0]
    report = window.document.report
    draft = home / draft_name(report)
    assert window.document.path == draft and read_draft(draft).same_content(report)
    assert not window.document.is_dirty
    page = window.current_page()
    word = home / file_name(report, "docx", draft=False)
    assert page.written["docx"] == word and word.exists()
    assert f"保存到：{home}" in page.folder_label.text()
    # a figure changed, both exports again: no more questions about the place, the window's own
    # unchanged Word file is brought up to date
    phone = page_widget(window, "identity").info["phone"]
    phone.setFocus()
    qtbot.keyClick(phone, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClicks(phone, "0839-6999999")
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    qtbot.mouseClick(window.current_page().excel_button, Qt.LeftButton)
    assert len(asked) == 1 and scripted.asked == []
    assert window.current_page().written["xlsx"] == home / file_name(report, "xlsx", draft=False)
    assert "0839-6999999" in "".join(p.text for p in docx.Document(str(word)).paragraphs)


def test_the_place_chooser_cancelled_writes_nothing_and_is_asked_again(window, qtbot, documents, folder_questions):
    asked, answers = folder_questions
    _open_sample(window, qtbot)
    answers.append(None)
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    page = window.current_page()
    assert window.document.path is None and "docx" not in page.written
    assert "没有导出" in page.failure.text()
    assert not list(documents.rglob("*.docx")) and not list(documents.rglob("*.json"))
    assert not (documents / "年报通").exists()          # no empty 文档/年报通/2025 left behind
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    assert len(asked) == 2 and page.written["docx"].parent == documents / "年报通" / "2025"


def test_saving_a_new_report_asks_for_its_folder_and_names_the_draft(window, qtbot, documents, folder_questions,
                                                                     tmp_path):
    asked, answers = folder_questions
    start = window.start
    start.organ.setFocus()
    commit_text(start.organ, "临河县教育局")
    start.year.setValue(2024)
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    chosen = tmp_path / "D盘" / "年报"
    chosen.mkdir(parents=True)
    answers.append(chosen)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert asked[0][1] == documents / "年报通" / "2024"                                # offered
    assert not (documents / "年报通").exists()         # made for the chooser only: chosen elsewhere, gone again
    draft = chosen / draft_name(window.document.report)
    assert draft.name.startswith("临河县教育局2024年") and window.document.path == draft and draft.exists()
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)                             # saved there again
    assert len(asked) == 1
    page = page_widget(window, "export")               # a new report has errors: its 草稿 goes there
    assert page.folder() == chosen and str(chosen) in page.folder_label.text()
    qtbot.mouseClick(page.draft_word, Qt.LeftButton)
    assert page.written["docx"].parent == chosen and len(asked) == 1


def test_a_draft_of_that_name_in_the_chosen_folder_is_not_overwritten(window, qtbot, documents, folder_questions,
                                                                      scripted, samples):
    asked, _ = folder_questions
    _open_sample(window, qtbot)
    home = documents / "年报通" / "2025"
    home.mkdir(parents=True)
    theirs = write_draft(samples["2017-yueqing-wenguangxin.json"], home / draft_name(window.document.report))
    before = theirs.read_bytes()
    other = home / "青川第二份.json"
    scripted.files.append(other)            # the file dialog, opened in that folder
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert [folder for _, folder in asked] == [home] and theirs.read_bytes() == before
    assert window.document.path == other and other.exists()


def test_export_to_another_place_leaves_the_draft_where_it_is(window, qtbot, tmp_path, qingchuan, folder_questions):
    asked, answers = folder_questions
    draft = write_draft(qingchuan, tmp_path / "青川.json")
    window.open_path(draft)
    page = page_widget(window, "export")
    elsewhere = tmp_path / "U盘"
    elsewhere.mkdir()
    answers.append(elsewhere)
    qtbot.mouseClick(_button(page, "导出到其他位置…"), Qt.LeftButton)
    assert asked[0][1] == tmp_path                         # offered from beside the draft
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert page.written["docx"].parent == elsewhere and window.document.path == draft


def _owner_file(word: Path) -> Path:
    """The owner file Word (and WPS) keeps beside a document it has open: ~$ over its first two characters."""
    return word.with_name("~$" + word.name[2:])


def test_a_file_open_in_word_is_not_replaced_silently(window, qtbot, tmp_path, qingchuan, scripted):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    word = tmp_path / file_name(qingchuan, "docx", draft=False)
    word.write_bytes(b"PK from an earlier session")           # not written by this window: asked about
    scripted.answers.append("replace")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert "已经存在" in scripted.asked[-1] and page.written["docx"] == word
    before = word.read_bytes()
    _owner_file(word).write_bytes(b"\x0cclerk")
    scripted.answers.append("cancel")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert "正在" in scripted.asked[-1] and "打开" in scripted.asked[-1] and word.name in scripted.asked[-1]
    assert scripted.defaults[-1] == "cancel" and word.read_bytes() == before
    # LibreOffice's owner file counts too
    _owner_file(word).unlink()
    word.with_name(f".~lock.{word.name}#").write_text("clerk", encoding="utf-8")
    scripted.answers.append("cancel")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert "正在" in scripted.asked[-1] and word.read_bytes() == before


@pytest.fixture
def unopenable(monkeypatch):
    """A desktop without a file manager (统信UOS/麒麟 minimal): openUrl answers False."""
    urls: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) and False)
    return urls


def test_a_folder_that_cannot_be_opened_is_named_and_can_be_copied(window, qtbot, tmp_path, qingchuan, unopenable):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    row = page.results["docx"][0]
    qtbot.mouseClick(_button(row, "打开所在文件夹"), Qt.LeftButton)
    assert unopenable and page.failure.isVisible()
    text = page.failure.text()
    assert "无法打开" in text and str(tmp_path) in text and text.isascii() is False
    assert page.failure.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    qtbot.mouseClick(_button(page, "复制路径"), Qt.LeftButton)
    assert QApplication.clipboard().text() == str(tmp_path)
    # 打开文件 the same way, with the file's folder named
    qtbot.mouseClick(_button(row, "打开文件"), Qt.LeftButton)
    assert "无法打开" in page.failure.text() and page.written["docx"].name in page.failure.text()
    qtbot.mouseClick(_button(page, "复制路径"), Qt.LeftButton)
    assert QApplication.clipboard().text() == str(page.written["docx"])


def _texts(dialog) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    return [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
            if w.isVisible() and w.text()]


@pytest.mark.parametrize("mode", ["open", "folder", "save"])
def test_file_dialogs_are_all_chinese(window, qtbot, tmp_path, mode):
    """Qt's own file dialog (used where the desktop offers none) with every label and button in
    Chinese: 查找范围, 文件名称, 文件类型, 打开, 取消…"""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(window, "打开草稿", str(tmp_path), dialogs.DRAFT_FILTER)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    if mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = _texts(dialog)
    assert "取消" in texts
    latin = [t for t in texts if re.search("[A-Za-z]", re.sub(r"\(&[A-Z]\)|\(\*\.json\)", "", t))]
    assert not latin, texts
    dialog.reject()


@pytest.mark.parametrize("how", ["save_as", "export_elsewhere"])
def test_a_folder_made_for_a_chooser_opens_inside_it_and_goes_when_not_used(window, qtbot, documents, scripted,
                                                                             monkeypatch, how):
    made_when_asked = []

    def choose(parent, title, folder=None):
        made_when_asked.append(folder is not None and folder.is_dir())
        return None                                  # 取消

    def save_as(parent, path):
        made_when_asked.append(path.parent.is_dir())
        return None

    monkeypatch.setattr(dialogs, "choose_folder", choose)
    monkeypatch.setattr(dialogs, "save_draft_as", save_as)
    _open_sample(window, qtbot)
    if how == "save_as":
        qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    else:
        page = page_widget(window, "export")
        qtbot.mouseClick(_button(page, "导出到其他位置…"), Qt.LeftButton)
    assert made_when_asked == [True]                 # the chooser opened inside 文档/年报通/2025
    assert not (documents / "年报通").exists()


def test_a_folder_chosen_elsewhere_for_exports_is_kept(window, qtbot, documents, monkeypatch):
    home = documents / "年报通" / "2025"
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, folder=None: folder)    # 选择 at once
    _open_sample(window, qtbot)
    page = page_widget(window, "export")
    qtbot.mouseClick(_button(page, "导出到其他位置…"), Qt.LeftButton)
    assert page.folder() == home and home.is_dir()
