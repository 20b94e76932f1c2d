"""A clerk's whole session, through the window, for the current format (gov-2021) and the legacy
one (gov-2014): new report from the start page, every page in order with 下一步, text typed with an
input method, figures typed into the tables, a pasted block undone, an R1 error fixed from the
review page, then Word and Excel exported and read back."""

from __future__ import annotations

import docx
import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from forms.draft import read_draft
from forms.expr import Cell
from ui.export_actions import draft_name
from ui.pages.compare import ComparePage
from ui.pages.export import ExportPage
from ui.pages.identity import IdentityPage
from ui.pages.prose import ProsePage
from ui.pages.review import ReviewPage
from ui.pages.table import TablePage

from .conftest import commit_text, page_widget, type_in_cell

ORGAN = "某某市某某局"


def start_new_report(window, qtbot, year: int, expected_form: str):
    start = window.start
    assert window.central.currentWidget() is start
    start.organ.setFocus()
    commit_text(start.organ, ORGAN)
    start.year.setFocus()
    start.year.lineEdit().selectAll()
    qtbot.keyClicks(start.year, str(year))
    assert start.format.currentData() == expected_form        # the format follows the year
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    assert window.central.currentWidget() is window.workspace
    assert window.document.report.organ == ORGAN and window.document.report.year == year
    return window.document


def next_page(window, qtbot):
    row = window.current_row()
    qtbot.mouseClick(window.next_button, Qt.LeftButton)
    assert window.current_row() == row + 1
    assert window.page_list.currentIndex().row() == row + 1
    return window.current_page()


def next_past_compare(window, qtbot):
    """检查 → 上年对照 (no last year's report chosen: it offers to choose one) → 导出."""
    page = next_page(window, qtbot)
    assert isinstance(page, ComparePage) and page.last_button.isVisible()
    return next_page(window, qtbot)


def fill_identity(page: IdentityPage, year: int):
    for key, text in {"date": f"{year + 1}-01-20", "address": "某某市人民路1号", "phone": "0577-1234567"}.items():
        page.info[key].setFocus()
        commit_text(page.info[key], text)


def double_click_finding(qtbot, review: ReviewPage, rule: str):
    model = review.findings.model()
    row = next(r for r in range(model.rowCount())
               if model.finding(model.index(r)) and model.finding(model.index(r)).rule == rule)
    index = model.index(row)
    review.findings.scrollTo(index)
    rect = review.findings.visualRect(index)
    qtbot.mouseClick(review.findings.viewport(), Qt.LeftButton, pos=rect.center())
    qtbot.mouseDClick(review.findings.viewport(), Qt.LeftButton, pos=rect.center())
    return model.finding(index)


def export_both(window, qtbot, scripted, opened_urls, folder):
    page = window.current_page()
    assert isinstance(page, ExportPage)
    scripted.files.append(folder)       # the first export asks where to keep this year's report
    qtbot.mouseClick(page.word_button, Qt.LeftButton)
    assert page.folder() == folder and window.document.path.parent == folder     # the draft saved there
    qtbot.mouseClick(page.excel_button, Qt.LeftButton)          # beside it, without asking again
    word, excel = page.written["docx"], page.written["xlsx"]
    assert word.parent == folder and word.exists() and excel.exists()
    row, label = page.results["docx"]
    assert row.isVisible() and str(word) in label.text()
    open_file = [b for b in row.findChildren(type(page.word_button)) if b.text() == "打开文件"][0]
    qtbot.mouseClick(open_file, Qt.LeftButton)
    assert opened_urls[-1].toLocalFile() == str(word)
    return word, excel


def docx_text(path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def sheet_values(path, sheet: str) -> list:
    workbook = openpyxl.load_workbook(str(path), data_only=True)
    return [c.value for row in workbook[sheet].iter_rows() for c in row if c.value is not None]


def test_gov_2021_whole_session(window, qtbot, scripted, opened_urls, tmp_path):
    document = start_new_report(window, qtbot, 2025, "gov-2021")
    page = window.current_page()
    assert isinstance(page, IdentityPage) and page.organ.text() == ORGAN
    fill_identity(page, 2025)
    assert document.report.info["phone"] == "0577-1234567"

    texts = {"preface": "", "overview": "（一）主动公开\n本年度主动公开政府信息120条。",
             "problems": "一是公开内容不够全面。", "other": "本年度未收取信息处理费。"}
    seen = []
    while True:
        page = next_page(window, qtbot)
        key = window.pages[window.current_row()].key
        seen.append(key)
        if isinstance(page, ProsePage):
            section = window.pages[window.current_row()].section.key
            if texts[section]:
                assert page.editor.hasFocus()
                commit_text(page.editor, texts[section])
                assert document.report.sections[section] == texts[section]
        elif key == "table:t2":
            type_in_cell(qtbot, page.view, Cell("t2", "rules", "issued"), "2", finish=Qt.Key_Tab)
            type_in_cell(qtbot, page.view, Cell("t2", "fees", "amount"), "1.5")
            commit_text(page.prose, "本年度主动公开情况如下。")
            assert document.report.sections["proactive"] == "本年度主动公开情况如下。"
        elif key == "table:t3":
            t3 = page
            for row, value in (("new_received", "10"), ("carried_over", "2"), ("granted", "6"),
                               ("partial", "2"), ("unable_not_held", "1")):
                type_in_cell(qtbot, page.view, Cell("t3", row, "natural"), value)
            assert page.model.data(page.model.index_of(Cell("t3", "total_processed", "natural"))) == "9"
            assert any(f.rule == "R1" for f in document.result.errors)      # 10+2 ≠ 9+blank
            assert window.page_model.states[window.current_row()] == "errors"
            # a block pasted from Excel, then undone in one step
            before = document.report.copy()
            QGuiApplication.clipboard().setText("1\t1\n1\t1\n")
            page.view.select_cell(Cell("t3", "denied_state_secret", "research"))
            qtbot.keyClick(page.view, Qt.Key_V, Qt.ControlModifier)
            assert document.report.value(Cell("t3", "denied_law_forbidden", "public_interest")) == 1
            qtbot.keyClick(page.view, Qt.Key_Z, Qt.ControlModifier)
            assert document.report.same_content(before)
        elif key == "table:t4":
            type_in_cell(qtbot, page.view, Cell("t4", "admin_review", "upheld"), "1")
            assert page.model.data(page.model.index_of(Cell("t4", "admin_review", "total"))) == "1"
        elif isinstance(page, ReviewPage):
            review = page
            break
    assert seen == ["section:preface", "section:overview", "table:t2", "table:t3", "table:t4",
                    "section:problems", "section:other", "review"]

    # the review page: double-click R1 opens 表三 with the cell selected; back, and fix it there
    finding = double_click_finding(qtbot, review, "R1")
    assert window.current_page() is t3
    assert t3.model.data(t3.view.currentIndex(), Qt.UserRole + 1) in finding.cells
    window.go(window.pages.index(next(p for p in window.pages if p.kind == "review")))
    model = review.findings.model()
    row = next(r for r in range(model.rowCount())
               if model.finding(model.index(r)) and model.finding(model.index(r)).rule == "R1")
    review.findings.setCurrentIndex(model.index(row))
    assert review.fix_button.isEnabled() and "结转下年度继续办理" in review.fix_hint.text()
    scripted.answers.append("fix")                           # 按建议修正 asks first (tests/ui/test_fix.py)
    qtbot.mouseClick(review.fix_button, Qt.LeftButton)
    assert document.report.value(Cell("t3", "carried_forward", "natural")) == 3
    assert not [f for f in document.result.errors if f.rule == "R1"]
    # blanks are warnings until filled with 0 explicitly (and that is undoable)
    assert review.zero_button.isEnabled()
    qtbot.mouseClick(review.zero_button, Qt.LeftButton)
    assert document.report.blank_input_cells() == []
    assert document.result.ok

    next_past_compare(window, qtbot)
    word, excel = export_both(window, qtbot, scripted, opened_urls, tmp_path)
    text = docx_text(word)
    assert f"{ORGAN}" in text and "2025年政府信息公开工作年度报告" in text
    assert "本年度主动公开政府信息120条。" in text and "草稿" not in text
    t3 = sheet_values(excel, "表三")
    assert 10 in t3 and 9 in t3 and 3 in t3 and 1.5 in sheet_values(excel, "表二")

    # the first export saved the draft beside the files; Ctrl+S saves it there again, holding everything
    draft = document.path
    assert draft.parent == tmp_path and draft.name == draft_name(document.report)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    saved = read_draft(draft)
    assert saved.same_content(document.report) and not document.is_dirty
    assert draft.name in window.windowTitle() and not window.windowTitle().startswith("*")


def test_gov_2014_whole_session(window, qtbot, scripted, opened_urls, tmp_path):
    document = start_new_report(window, qtbot, 2017, "gov-2014")
    assert len(window.pages) == 21
    page = window.current_page()
    fill_identity(page, 2017)
    first_cells = {}
    while True:
        page = next_page(window, qtbot)
        key = window.pages[window.current_row()].key
        if isinstance(page, ProsePage):
            if not window.pages[window.current_row()].section.optional:
                commit_text(page.editor, f"{window.pages[window.current_row()].title}的情况。")
        elif isinstance(page, TablePage):
            assert key.startswith("table:stats:")
            assert page.view.currentIndex().isValid() and page.model.is_input(page.view.currentIndex())
            cell = page.model.data(page.view.currentIndex(), Qt.UserRole + 1)
            first_cells[key] = cell
            type_in_cell(qtbot, page.view, cell, "5")
            if key == "table:stats:a":
                # 其中：主动公开规范性文件数 cannot exceed 主动公开政府信息数: an error, then fixed
                type_in_cell(qtbot, page.view, Cell("stats", "a1a", "value"), "8")
                assert any(Cell("stats", "a1a", "value") in f.cells for f in document.result.errors)
                type_in_cell(qtbot, page.view, Cell("stats", "a1a", "value"), "3")
            if key == "table:stats:c":
                type_in_cell(qtbot, page.view, Cell("stats", "c1_2", "value"), "2")
                assert page.model.data(page.model.index_of(Cell("stats", "c1", "value"))) == "7"
        elif isinstance(page, ReviewPage):
            break
    assert len(first_cells) == 9
    assert document.result.ok, [f.message for f in document.result.errors]
    assert window.page_model.states[window.current_row()] in ("done", "warnings")
    next_past_compare(window, qtbot)
    word, excel = export_both(window, qtbot, scripted, opened_urls, tmp_path)
    text = docx_text(word)
    assert "政府信息公开情况统计表" in text and "（2017年度）" in text
    assert "一、政府信息公开工作的基本概况的情况。" in text
    values = sheet_values(excel, "统计表")
    assert 7 in values and 5 in values


def test_start_page_new_report_needs_an_organ(window, qtbot):
    start = window.start
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    assert window.document is None and "机关名称" in start.message.text()
    assert start.organ.hasFocus() or QApplication.focusWidget() is start.organ


def test_format_can_be_changed_against_the_year(window, qtbot):
    start = window.start
    start.year.setValue(2025)
    start.format.setCurrentIndex(start.format.findData("gov-2019"))
    start.format.activated.emit(start.format.currentIndex())
    assert "一般使用" in start.format_hint.text()
    start.year.setValue(2024)
    assert start.format.currentData() == "gov-2019"          # the user's choice stays
    commit_text(start.organ, ORGAN)
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    assert window.document.form.id == "gov-2019"
    assert any(f.rule == "ID" and f.severity == "warning" for f in window.document.result.findings)
    assert window.document.report.year == 2024        # the year set, not the default (last year)


def test_a_prose_finding_leads_to_the_table_cell_it_quotes(window, qtbot, yueqing):
    window.open_sample("2017-yueqing-wenguangxin.json")
    row = next(i for i, p in enumerate(window.pages) if p.key == "section:requests")
    window.go(row)
    prose = window.current_page()
    model = prose.findings.model()
    finding = model.finding(model.index(0))
    assert finding.rule == "R8"
    qtbot.mouseClick(prose.findings.viewport(), Qt.LeftButton, pos=prose.findings.visualRect(model.index(0)).center())
    assert window.pages[window.current_row()].key == "table:stats:c"
    table = window.current_page()
    assert table.model.data(table.view.currentIndex(), Qt.UserRole + 1) == Cell("stats", "c3_2", "value")


def test_any_page_opens_from_the_page_list(window, qtbot):
    window.open_sample("2025-qingchuan-scjgj.json")
    for row in (7, 2, 9, 0):
        index = window.page_model.index(row)
        qtbot.mouseClick(window.page_list.viewport(), Qt.LeftButton, pos=window.page_list.visualRect(index).center())
        assert window.current_row() == row and window.current_page().isVisible()


def test_fill_blanks_with_zero_is_one_undoable_step(window, qtbot):
    window.start.organ.setText(ORGAN)
    qtbot.mouseClick(window.start.create_button, Qt.LeftButton)
    document = window.document
    review = window.page_widgets[window.page_index("review")]
    window.go(window.page_index("review"))
    blanks = len(document.report.blank_input_cells())
    assert blanks > 100 and str(blanks) in review.zero_button.text()
    qtbot.mouseClick(review.zero_button, Qt.LeftButton)
    assert document.report.blank_input_cells() == [] and not review.zero_button.isEnabled()
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert len(document.report.blank_input_cells()) == blanks


def test_the_preface_page_shows_the_standard_opening_in_full_and_follows_the_identity(window, qtbot):
    window.open_sample("2025-qingchuan-scjgj.json")
    document = window.document
    preface = page_widget(window, "section:preface")
    assert preface.standard.isVisible()
    assert preface.standard.text() == document.report.standard_preface()
    assert "\n" not in preface.editor.placeholderText()          # a placeholder draws one line only
    identity = page_widget(window, "identity")
    identity.organ.setText("某某市某某局")
    preface = page_widget(window, "section:preface")
    assert "某某市某某局" in preface.standard.text()
    assert preface.standard.text() == document.report.standard_preface()
    # other prose pages have no such paragraph
    assert page_widget(window, "section:overview").standard is None


def test_the_gov_2014_table_names_the_year_chosen_on_the_identity_page(window, qtbot, tmp_path, yueqing):
    from forms.draft import write_draft

    window.open_path(write_draft(yueqing, tmp_path / "乐清.json"))
    first_table = next(p for p in window.pages if p.kind == "table")
    page = page_widget(window, first_table.key)
    assert f"（{yueqing.year}年度）" in page.title.text()
    identity = page_widget(window, "identity")
    identity.year.setValue(yueqing.year + 1)
    page = page_widget(window, first_table.key)
    assert f"（{yueqing.year + 1}年度）" in page.title.text()
