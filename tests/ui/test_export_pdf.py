"""导出PDF in the window: the button beside 一键导出Word/导出Excel when this PC has LibreOffice (or WPS or
Word on Windows), disabled with a line saying what is needed when not; the conversion runs off the
window's thread (the clerk goes on typing), then the result row as for Word; a report with errors only
as 导出草稿PDF; a failure said on the page. A fake converter stands in for LibreOffice except in the
last test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from exports.common import DRAFT_MARK
from forms.draft import write_draft
from forms.expr import Cell
from host import office
from host.office import Office
from tests.support.fake_office import WRITE_PDF, fake_soffice, given_text, keep_word_file

from .conftest import page_widget, type_in_cell

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake converter is a shell script")


def _converter(folder: Path, write: str = WRITE_PDF, go: Path | None = None) -> Office:
    """A fake soffice that waits (at most 20 s) for `go` to appear, keeps the Word file it was given
    and then runs `write`."""
    wait = f'i=0; while [ ! -e "{go or folder}" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done\n'
    return fake_soffice(folder, wait + keep_word_file(folder) + write)


@pytest.fixture
def fake_office(tmp_path, monkeypatch):
    """This PC's converter: a fake one that writes once `tmp_path / "go"` exists."""
    (tmp_path / "office").mkdir()
    fake = _converter(tmp_path / "office", go=tmp_path / "go")
    monkeypatch.setattr(office, "find_office", lambda: fake)
    return tmp_path / "go"


def _button(page, text: str) -> QPushButton:
    (button,) = [b for b in page.findChildren(QPushButton) if b.text() == text]
    return button


def test_the_pdf_is_made_off_the_window_thread_while_the_clerk_types(window, qtbot, tmp_path, qingchuan,
                                                                   fake_office, opened_urls):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    assert page.pdf_button.isEnabled() and not page.pdf_note.isVisible()
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    # the converter is waiting: the window answers meanwhile
    assert "正在用LibreOffice把报告转换成PDF" in page.pdf_note.text() and page.pdf_note.isVisible()
    assert not page.pdf_button.isEnabled()
    assert not page.results["pdf"][0].isVisible()
    t3 = page_widget(window, "table:t3")
    cell = Cell("t3", "granted", "natural")
    type_in_cell(qtbot, t3.view, cell, "7")
    assert window.document.report.value(cell) == 7
    fake_office.touch()                                               # the converter may finish now
    page = page_widget(window, "export")
    qtbot.waitUntil(lambda: page.results["pdf"][0].isVisible(), timeout=20000)
    pdf = tmp_path / "青川市市场监督管理局2025年政府信息公开工作年度报告.pdf"
    assert page.written["pdf"] == pdf and pdf.read_bytes().startswith(b"%PDF-")
    assert f"已导出PDF文件：{pdf}" in page.results["pdf"][1].text()
    assert page.pdf_button.isEnabled() and not page.pdf_note.isVisible() and not page.failure.isVisible()
    assert qingchuan.organ in given_text(tmp_path / "office")           # made from our Word file
    qtbot.mouseClick(_button(page.results["pdf"][0], "打开文件"), Qt.LeftButton)
    assert opened_urls[-1].toLocalFile() == str(pdf)


def test_the_pdf_says_when_the_report_changed_while_it_was_made(window, qtbot, tmp_path, qingchuan, fake_office):
    """The PDF holds the report as it was when 导出PDF was pressed: a figure typed meanwhile is not in it,
    and the result row says so (the clerk was told to go on typing); a PDF made with nothing typed says nothing."""
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    type_in_cell(qtbot, page_widget(window, "table:t3").view, Cell("t3", "granted", "natural"), "7")
    fake_office.touch()
    page = page_widget(window, "export")
    qtbot.waitUntil(lambda: page.results["pdf"][0].isVisible(), timeout=20000)
    assert "之后的改动不在其中" in page.results["pdf"][1].text()
    qtbot.mouseClick(page.draft_pdf, Qt.LeftButton)             # 7 made an error: 导出草稿PDF, nothing typed
    qtbot.waitUntil(lambda: page.pdf_button.isEnabled(), timeout=20000)
    assert "PDF草稿文件" in page.results["pdf"][1].text() and "改动" not in page.results["pdf"][1].text()


def test_closing_the_window_while_the_pdf_is_made_asks_first(window, qtbot, tmp_path, qingchuan, fake_office,
                                                             scripted):
    """Closing the window calls a conversion off (nothing written): the clerk who pressed 导出PDF a moment
    ago is asked first, and Enter keeps the window open until the PDF is there."""
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    scripted.answers.append("wait")
    qtbot.keyClick(window, Qt.Key_Q, Qt.ControlModifier)
    assert "正在生成PDF文件" in scripted.asked[-1] and scripted.defaults[-1] == "wait"
    assert window.isVisible() and page.pdf_worker.running
    scripted.answers.append("quit")
    qtbot.keyClick(window, Qt.Key_Q, Qt.ControlModifier)
    assert not window.isVisible()
    fake_office.touch()                                             # (the application is not quitting here)
    qtbot.waitUntil(lambda: not page.pdf_worker.running, timeout=20000)


def test_closing_the_window_with_no_pdf_being_made_asks_nothing_about_it(window, qtbot, tmp_path, qingchuan,
                                                                         fake_office, scripted):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    fake_office.touch()
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.results["pdf"][0].isVisible(), timeout=20000)
    qtbot.keyClick(window, Qt.Key_Q, Qt.ControlModifier)
    assert not window.isVisible() and scripted.asked == []


def test_a_pdf_finished_while_the_clerk_is_on_another_page_is_told_in_the_status_bar(window, qtbot, tmp_path,
                                                                                    qingchuan, monkeypatch):
    """The clerk went back to 表三 while the PDF was made: that it is there (or why it is not) must not wait
    on the 导出 page unseen."""
    silent = _converter(tmp_path, write="exit 0\n")                    # fails: nothing written
    monkeypatch.setattr(office, "find_office", lambda: silent)
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    page_widget(window, "table:t3")
    qtbot.waitUntil(lambda: page.pdf_button.isEnabled(), timeout=20000)
    said = window.statusBar().currentMessage()
    assert said.startswith("PDF没有生成") and "“导出”页" in said


def test_without_libreoffice_or_wps_the_button_says_what_is_needed(window, qtbot, tmp_path, yueqing, monkeypatch):
    monkeypatch.setattr(office, "find_office", lambda: None)
    window.open_path(write_draft(yueqing, tmp_path / "乐清.json"))
    page = page_widget(window, "export")
    assert not page.pdf_button.isEnabled() and not page.draft_pdf.isEnabled()
    assert page.pdf_note.isVisible() and page.pdf_note.text() == office.NO_OFFICE
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    assert not list(tmp_path.glob("*.pdf"))


def test_a_report_with_errors_is_printed_only_as_a_marked_draft(window, qtbot, tmp_path, yueqing, fake_office):
    fake_office.touch()
    window.open_path(write_draft(yueqing, tmp_path / "乐清.json"))
    page = page_widget(window, "export")
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    assert page.refusal.isVisible() and "pdf" not in page.written and not list(tmp_path.glob("*.pdf"))
    qtbot.mouseClick(page.draft_pdf, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.results["pdf"][0].isVisible(), timeout=20000)
    assert "（草稿）" in page.written["pdf"].name and "PDF草稿文件" in page.results["pdf"][1].text()
    assert DRAFT_MARK in given_text(tmp_path / "office")


def test_a_failed_conversion_is_said_and_the_earlier_pdf_kept(window, qtbot, tmp_path, qingchuan, monkeypatch,
                                                              scripted):
    silent = _converter(tmp_path, write="exit 0\n")                    # soffice's silent failure: nothing written
    monkeypatch.setattr(office, "find_office", lambda: silent)
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    earlier = tmp_path / "青川市市场监督管理局2025年政府信息公开工作年度报告.pdf"
    earlier.write_bytes(b"%PDF- the clerk's earlier PDF")
    page = page_widget(window, "export")
    scripted.answers.append("replace")
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    assert "已经存在" in scripted.asked[-1]                          # the rules of Word for a file already there
    qtbot.waitUntil(lambda: "没有生成PDF文件" in page.failure.text(), timeout=20000)
    assert page.failure.text().startswith("LibreOffice没有把报告转换成PDF") and page.pdf_button.isEnabled()
    assert earlier.read_bytes() == b"%PDF- the clerk's earlier PDF" and "pdf" not in page.written
    assert not page.results["pdf"][0].isVisible()


@pytest.mark.libreoffice
def test_the_real_libreoffice_prints_the_report(window, qtbot, tmp_path, qingchuan):
    from tests.support.libreoffice import pdf_text, require_soffice

    require_soffice()
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.results["pdf"][0].isVisible() or page.failure.text().startswith("LibreOffice"),
                    timeout=120000)
    text = "".join(pdf_text(page.written["pdf"]).split())
    assert qingchuan.title in text and "本年度，我局无其他需要报告的事项。" in text


def test_a_conversion_still_running_is_called_off_when_the_program_quits(qapp, qtbot, tmp_path, qingchuan,
                                                                        monkeypatch):
    """Quitting while LibreOffice works: the program is stopped (not left running for minutes), nothing is
    written, and the thread is waited for."""
    from ui.export_actions import ExportJob, ExportKind
    from ui.export_worker import ExportWorker

    (tmp_path / "office").mkdir()
    waiting = _converter(tmp_path / "office", go=tmp_path / "never")     # waits its 20 s for a file never made
    monkeypatch.setattr(office, "find_office", lambda: waiting)
    worker = ExportWorker()
    told = []
    worker.done.connect(told.append)
    target = tmp_path / "报告.pdf"
    worker.start(ExportJob(ExportKind.PDF, qingchuan, target, None))
    assert worker.running
    qapp.aboutToQuit.emit()                                    # what QApplication.quit() sends
    assert not worker.running and not target.exists()
    qtbot.waitUntil(lambda: bool(told))
    assert told[0].cancelled and not told[0].ok


def test_the_file_menu_and_the_toolbar_offer_pdf_export(window, qtbot, tmp_path, qingchuan, fake_office):
    """导出PDF from the 文件 menu (or the toolbar), from any page, as 一键导出Word and 导出Excel are."""
    from PySide6.QtWidgets import QToolBar

    from .conftest import menus

    assert not window.act_export_pdf.isEnabled()                    # no report yet
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    texts = [action.text() for action in menus(window)["文件"].actions()]
    assert texts.index("导出PDF") == texts.index("导出Excel") + 1
    (toolbar,) = window.findChildren(QToolBar)
    assert window.act_export_pdf in toolbar.actions()
    window.go(0)
    window.act_export_pdf.trigger()
    page = page_widget(window, "export")
    assert window.central.currentWidget() is not window.start and page.isVisible()
    fake_office.touch()
    qtbot.waitUntil(lambda: page.results["pdf"][0].isVisible(), timeout=20000)
    assert page.written["pdf"].read_bytes().startswith(b"%PDF-")
