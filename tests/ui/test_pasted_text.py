"""Text pasted from Word or a web page into the window is held as every output can hold it: the
report that passes `check` exports, whatever came in with the paste."""

from __future__ import annotations

import docx
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from exports.docx_writer import write_docx
from exports.xlsx_writer import write_xlsx
from forms.rules import check

from .conftest import page_widget


def test_an_organ_name_pasted_from_word_exports(window, qtbot, tmp_path):
    window.open_sample("2025-qingchuan-scjgj.json")
    identity = page_widget(window, "identity")
    identity.organ.setFocus()
    identity.organ.selectAll()
    QGuiApplication.clipboard().setText("青川市\u000b市场监督管理局\u0007")     # Word's line break, a bell
    qtbot.keyClick(identity.organ, Qt.Key_V, Qt.ControlModifier)
    report = window.document.report
    assert report.organ.replace(" ", "") == "青川市市场监督管理局"
    assert not [f for f in check(report).findings if f.rule == "ID"]
    word = write_docx(report, tmp_path / "报告.docx")
    assert "青川市" in docx.Document(word).paragraphs[0].text
    load_workbook(write_xlsx(report, tmp_path / "报告.xlsx"))


def test_prose_with_separators_and_broken_characters_is_kept_as_lines(window, qtbot):
    window.open_sample("2025-qingchuan-scjgj.json")
    window.document.set_section("other", "本年度未收取信息处理费。\u2029第二段\ud83d。")
    assert window.document.report.sections["other"] == "本年度未收取信息处理费。\n第二段。"
