"""Exporting from the window: Ctrl+E writes the Word file next to the draft and shows it; errors
block a final export and offer a 草稿; a failed export says why and keeps the report."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt

from forms.draft import write_draft
from forms.expr import Cell
from ui.export_actions import file_name

from .conftest import page_widget


def test_ctrl_e_writes_word_next_to_the_draft(window, qtbot, tmp_path, qingchuan, opened_urls):
    draft = write_draft(qingchuan, tmp_path / "青川.json")
    window.open_path(draft)
    window.go(2)
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    page = window.current_page()
    assert window.pages[window.current_row()].key == "export"
    word = tmp_path / "青川市市场监督管理局2025年政府信息公开工作年度报告.docx"
    assert page.written["docx"] == word and word.exists()
    assert "草稿" not in "".join(p.text for s in docx.Document(str(word)).sections for p in s.header.paragraphs)
    folder_button = [b for b in page.results["docx"][0].findChildren(type(page.word_button))
                     if b.text() == "打开所在文件夹"][0]
    qtbot.mouseClick(folder_button, Qt.LeftButton)
    assert opened_urls[-1].toLocalFile() == str(tmp_path)


def test_errors_block_a_final_export_and_offer_a_draft(window, qtbot, tmp_path, yueqing):
    draft = write_draft(yueqing, tmp_path / "乐清.json")
    window.open_path(draft)
    page = page_widget(window, "export")
    assert page.refusal.isVisible() and "4个错误" in page.refusal_text.text()
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert "docx" not in page.written and not list(tmp_path.glob("*.docx"))
    qtbot.mouseClick(page.draft_word, Qt.LeftButton)
    written = page.written["docx"]
    assert written.name == file_name(yueqing, "docx", draft=True) and "（草稿）" in written.name
    headers = "".join(p.text for s in docx.Document(str(written)).sections for p in s.header.paragraphs)
    assert "草稿（未通过校验）" in headers
    assert "Word草稿文件" in page.results["docx"][1].text()
    # 查看错误 leads to the review page
    errors_button = [b for b in page.refusal.findChildren(type(page.word_button)) if b.text() == "查看错误"][0]
    qtbot.mouseClick(errors_button, Qt.LeftButton)
    assert window.pages[window.current_row()].key == "review"


def test_fixing_the_errors_allows_the_final_export(window, qtbot, tmp_path, yueqing):
    window.open_path(write_draft(yueqing, tmp_path / "乐清.json"))
    review = page_widget(window, "review")
    model = review.findings.model()
    while window.document.result.errors:          # 采用计算结果 for each disagreeing total
        row = next(r for r in range(model.rowCount())
                   if model.finding(model.index(r)) and model.finding(model.index(r)).severity == "error")
        review.findings.setCurrentIndex(model.index(row))
        assert review.accept_button.isEnabled()
        qtbot.mouseClick(review.accept_button, Qt.LeftButton)
    page = page_widget(window, "export")
    assert not page.refusal.isVisible()
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    assert page.written["xlsx"].name.endswith("年度报告.xlsx")
    # undo brings the errors back
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.result.errors


def test_a_failed_export_says_why_and_keeps_the_report(window, qtbot, tmp_path, qingchuan, scripted):
    window.open_sample("2025-qingchuan-scjgj.json")
    page = page_widget(window, "export")
    scripted.files.append(tmp_path / "不存在的文件夹")
    qtbot.mouseClick([b for b in page.findChildren(type(page.word_button)) if b.text() == "导出到其他位置…"][0],
                     Qt.LeftButton)
    before = window.document.report.copy()
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert page.failure.isVisible() and "不存在" in page.failure.text()
    assert window.document.report.same_content(before)


def test_another_export_place_is_offered_again_next_time(window, qtbot, tmp_path, scripted, monkeypatch, qingchuan):
    from ui import dialogs

    offered = []
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, folder=None: offered.append(folder) or stick)
    stick = tmp_path / "U盘"
    stick.mkdir()
    window.open_path(write_draft(qingchuan, tmp_path / "草稿.json"))
    page = page_widget(window, "export")
    other = [b for b in page.findChildren(type(page.word_button)) if b.text() == "导出到其他位置…"][0]
    qtbot.mouseClick(other, Qt.LeftButton)
    assert offered == [tmp_path] and "另选的位置" in page.folder_label.text()
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    assert page.written["xlsx"].parent == stick and window.settings.export_folder == stick
    window.open_path(tmp_path / "草稿.json")                     # the report again: beside its draft
    page = page_widget(window, "export")
    assert page.folder() == tmp_path
    qtbot.mouseClick([b for b in page.findChildren(type(page.word_button)) if b.text() == "导出到其他位置…"][0],
                     Qt.LeftButton)
    assert offered[-1] == stick                                  # the stick is offered first


def test_toolbar_export_before_any_report_does_nothing(window, qtbot):
    assert not window.act_export_word.isEnabled()
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    assert window.document is None


def test_a_writer_fault_keeps_the_report(window, qtbot, tmp_path, monkeypatch, capsys):
    import exports.docx_writer

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(exports.docx_writer, "write_docx", broken)
    window.open_sample("2025-qingchuan-scjgj.json")
    window.document.report.set(Cell("t4", "admin_review", "upheld"), 3)
    page = page_widget(window, "export")
    page.chosen_folder = tmp_path
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert "程序出错" in page.failure.text() and "没有丢失" in page.failure.text()
    assert window.document.report.value(Cell("t4", "admin_review", "upheld")) == 3


def _retouched(path):
    """The exported file as the clerk left it after changing it by hand."""
    document = docx.Document(str(path))
    document.add_paragraph("手工补充的一段话")
    document.save(str(path))
    return path.read_bytes()


def test_exporting_again_asks_before_replacing_and_keeps_the_file_by_default(window, qtbot, tmp_path, qingchuan,
                                                                            scripted):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    word = page.export("docx").path
    before = _retouched(word)
    scripted.answers.append("cancel")
    outcome = page.export("docx")
    assert "已经存在" in scripted.asked[-1] and word.name in scripted.asked[-1]
    assert scripted.defaults[-1] == "cancel"             # Enter keeps the file
    assert outcome.cancelled and not outcome.ok and word.read_bytes() == before
    assert "已有的文件保持原样" in page.failure.text()
    # no temporary file left (the draft's lock file, .~青川.json#, is there while it is open)
    assert sorted(p.name for p in tmp_path.glob("*.*")) == sorted([".~青川.json#", "青川.json", word.name])


def test_exporting_again_can_replace(window, qtbot, tmp_path, qingchuan, scripted):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    word = page.export("docx").path
    _retouched(word)
    scripted.answers.append("replace")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert "已经存在" in scripted.asked[-1] and not scripted.answers
    assert page.written["docx"] == word
    assert "手工补充的一段话" not in "".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "已导出Word文件" in page.results["docx"][1].text()


def test_exporting_again_can_save_under_another_name(window, qtbot, tmp_path, qingchuan, scripted):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    excel = page.export("xlsx").path
    workbook = openpyxl.load_workbook(excel)         # changed by hand in Excel: asked before it is replaced
    workbook.active["A1"] = "手工改过"
    workbook.save(excel)
    before = excel.read_bytes()
    other = tmp_path / "另一份" / "青川第二版"             # no extension typed: .xlsx is added
    other.parent.mkdir()
    scripted.answers.append("save_as")
    scripted.files.append(other)
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    written = other.with_name("青川第二版.xlsx")
    assert page.written["xlsx"] == written and written.exists()
    assert excel.read_bytes() == before                  # the first file untouched
    assert str(written) in page.results["xlsx"][1].text()
    # the same name typed again without its extension: asked again, not replaced silently
    second = written.read_bytes()
    scripted.answers += ["save_as", "cancel"]
    scripted.files.append(other)
    assert page.export("xlsx").cancelled and written.read_bytes() == second
    assert scripted.asked[-1].startswith("“青川第二版.xlsx”已经存在")
    # choosing 另存为 and then closing the file dialog writes nothing
    scripted.answers.append("save_as")
    scripted.files.append(None)
    assert page.export("xlsx").cancelled and excel.read_bytes() == before


def test_enter_in_a_question_presses_its_default(qtbot, qapp):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import dialogs

    shown = []

    def press_enter():
        box = QApplication.activeModalWidget()
        shown.append(box.defaultButton().text())
        qtbot.keyClick(box, Qt.Key_Return)

    QTimer.singleShot(0, press_enter)
    choice = dialogs.ask(None, "“报告.docx”已经存在，要替换它吗？",
                         [("replace", "替换"), ("save_as", "另存为…"), ("cancel", "取消")], default="cancel")
    assert shown == ["取消"] and choice == "cancel"


@pytest.mark.parametrize("documents", ["missing", "a file"])
def test_without_a_documents_folder_an_unsaved_report_is_kept_where_it_can_be_and_says_where(
        window, qtbot, tmp_path, monkeypatch, documents):
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths

    from ui import dialogs

    home = tmp_path / "home"
    home.mkdir()
    if documents == "a file":
        (home / "Documents").write_text("不是文件夹", encoding="utf-8")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: str(home / "Documents"))
    offered = []
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title, folder=None: offered.append(folder) or folder)
    window.open_sample("2025-qingchuan-scjgj.json")
    page = page_widget(window, "export")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    place = home / "Documents" / "年报通" / "2025" if documents == "missing" else home
    assert offered == [place] and place.is_dir()
    word = place / file_name(window.document.report, "docx", draft=False)
    assert page.written["docx"] == word and word.exists() and window.document.path.parent == place
    assert page.results["docx"][1].text() == f"已导出Word文件：{word}"       # the whole path, folder included
    assert f"保存到：{place}" in page.folder_label.text()


def test_a_draft_opened_by_a_relative_name_exports_with_the_full_path(window, qtbot, tmp_path, qingchuan, monkeypatch):
    write_draft(qingchuan, tmp_path / "青川.json")
    monkeypatch.chdir(tmp_path)
    from pathlib import Path

    window.open_path(Path("青川.json"))                    # python main.py open 青川.json
    page = page_widget(window, "export")
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    word = tmp_path / file_name(qingchuan, "docx", draft=False)
    assert page.written["docx"] == word and word.exists()
    assert page.results["docx"][1].text() == f"已导出Word文件：{word}"


def test_an_export_goes_by_the_findings_the_window_has(window, qtbot, tmp_path, monkeypatch):
    import exports.common
    import forms.rules

    def checked_again(*args, **kwargs):
        raise AssertionError("the report was checked again for the export")

    window.open_sample("2025-qingchuan-scjgj.json")
    page = page_widget(window, "export")
    page.chosen_folder = tmp_path
    monkeypatch.setattr(exports.common, "check", checked_again)
    monkeypatch.setattr(forms.rules, "check", checked_again)
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    assert page.written["xlsx"].exists() and not page.failure.isVisible()


def test_a_long_organ_name_exports_word_and_excel_and_suggests_a_draft_name_that_fits(window, qtbot, tmp_path,
                                                                                       qingchuan, monkeypatch):
    from forms.names import MAX_NAME_BYTES

    from .conftest import commit_text

    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    organ = page_widget(window, "identity").organ
    organ.setFocus()
    qtbot.keyClick(organ, Qt.Key_A, Qt.ControlModifier)
    qtbot.keyClick(organ, Qt.Key_Delete)
    long_name = "青川市" + "某" * 58 + "管理局办"          # 65 characters
    assert len(long_name) == 65
    commit_text(organ, long_name)
    assert window.document.report.organ == long_name
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    page = window.current_page()
    word = page.written["docx"]
    assert word.exists() and word.parent == tmp_path and word.suffix == ".docx"
    assert len(word.name.encode("utf-8")) <= MAX_NAME_BYTES
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)
    excel = page.written["xlsx"]
    assert excel.exists() and len(excel.name.encode("utf-8")) <= MAX_NAME_BYTES
    # the name suggested for the draft saved under another name fits too
    import ui.dialogs

    suggested = []
    monkeypatch.setattr(ui.dialogs, "save_draft_as", lambda parent, path: suggested.append(path))
    window.document.path = None                    # as a new report's
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    assert len(suggested[0].name.encode("utf-8")) <= MAX_NAME_BYTES and suggested[0].suffix == ".json"
    assert suggested[0].name.startswith("青川市某某")
