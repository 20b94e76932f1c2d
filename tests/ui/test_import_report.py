"""导入上年或本年报告: the window imports a whole report from a Word file (and every kind the command
line reads), as a clerk does it — the start page's button or the File menu, a file chosen, a summary."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui import dialogs

from .conftest import menus

QINGCHUAN = "2025-qingchuan-scjgj.json"


def test_import_a_word_report_from_the_start_page(window, qtbot, tmp_path, scripted, samples):
    from exports.docx_writer import write_docx

    report = samples[QINGCHUAN]
    scripted.files.append(write_docx(report, tmp_path / "2025年报.docx"))
    assert window.start.import_button.text() == "导入上年或本年报告…"
    qtbot.mouseClick(window.start.import_button, Qt.LeftButton)
    document = window.document
    assert document is not None and document.path is None
    for cell in document.form.input_cells:
        assert document.report.value(cell) == report.value(cell), str(cell)
    for key in ("overview", "problems", "other"):
        assert document.report.section_text(key) == report.section_text(key).strip()
    kind, text, details = scripted.messages[-1]
    assert kind == "inform" and "2025年报.docx" in text and report.title in text
    assert "成文日期" not in details                       # read from the signature


def test_the_file_menu_offers_every_kind_of_report_file(window, qtbot, tmp_path, scripted, samples, monkeypatch):
    asked = []

    def choose(parent, title, file_filter, folder=None):
        asked.append((title, file_filter))
        return None                                        # the clerk cancels

    monkeypatch.setattr(dialogs, "open_file", choose)
    action = next(a for a in menus(window)["文件"].actions() if a.text() == "导入上年或本年报告…")
    action.trigger()
    title, file_filter = asked[-1]
    assert title == "导入上年或本年报告"
    first = file_filter.split(";;")[0]
    assert all(pattern in first for pattern in ("*.docx", "*.html", "*.htm", "*.pdf", "*.xlsx"))
    assert window.document is None


def test_a_word_file_that_is_no_report_says_why(window, qtbot, tmp_path, scripted):
    from docx import Document

    doc = Document()
    doc.add_paragraph("会议纪要")
    path = tmp_path / "纪要.docx"
    doc.save(path)
    scripted.files.append(path)
    qtbot.mouseClick(window.start.import_button, Qt.LeftButton)
    assert window.document is None
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "无法导入" in text and "纪要.docx" in details and "Excel" not in text
