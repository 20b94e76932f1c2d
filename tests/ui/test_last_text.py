"""Last year's text on the prose pages: a report made from last year's starts each section from last
year's text, marked as such until the clerk rewrites it; and on every prose page last year's text of
the same section stands beside the editor, read-only, with 复制 — nobody reopens last year's file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .conftest import commit_text, page_widget
from .test_last_year import choose_on_identity, last_year_draft, new_from_start
from .test_window_size import SCREENS, fits, navigation_visible, open_window, visible_in  # noqa: F401 (fixture)

NOTE = "这是上年报告的原文，请按本年度情况改写"


def new_from_last_on_start(window, qtbot, scripted, path):
    scripted.files.append(path)
    qtbot.mouseClick(window.start.choose_last, Qt.LeftButton)
    qtbot.mouseClick(window.start.create_button, Qt.LeftButton)
    return window.document


def test_last_years_text_stands_beside_the_editor_and_is_copied_with_the_button(window, qtbot, tmp_path,
                                                                                scripted, qingchuan):
    path = last_year_draft(tmp_path, qingchuan)
    document = new_from_start(window, qtbot)              # a report begun without last year's
    page = page_widget(window, "section:problems")
    assert not page.last_pane.isVisible()                 # no last year's report: nothing beside
    choose_on_identity(window, qtbot, scripted, path)
    page = page_widget(window, "section:problems")
    assert page.last_pane.isVisible() and page.last_text.isReadOnly()
    assert page.last_text.toPlainText() == qingchuan.section_text("problems")
    assert page.editor.text() == "" and not page.carried_note.isVisible()     # chosen later: nothing filled

    QApplication.clipboard().clear()
    qtbot.waitUntil(lambda: page.copy_button.width() > 0)      # laid out once shown
    qtbot.mouseClick(page.copy_button, Qt.LeftButton)
    assert QApplication.clipboard().text() == qingchuan.section_text("problems")
    assert page.copied.isVisible() and "已复制" in page.copied.text()
    page.editor.setFocus()
    qtbot.keyClick(page.editor, Qt.Key_V, Qt.ControlModifier)        # pasted by the clerk: the clerk's text
    assert document.report.section_text("problems") == qingchuan.section_text("problems")
    assert "problems" not in document.report.carried_text

    other = page_widget(window, "section:other")          # each page shows its own section
    assert other.last_text.toPlainText() == qingchuan.section_text("other")


def test_a_report_made_from_last_years_marks_its_text_until_the_clerk_rewrites_it(window, qtbot, tmp_path,
                                                                                  scripted, qingchuan):
    document = new_from_last_on_start(window, qtbot, scripted, last_year_draft(tmp_path, qingchuan))
    report = document.report
    assert report.carried_text == {"overview", "problems", "other"}
    page = page_widget(window, "section:overview")
    assert page.editor.text() == qingchuan.section_text("overview")
    assert page.carried_note.isVisible() and NOTE in page.carried_note.text()
    assert any(f.rule == "P4" for f in page.findings.model().findings())        # the check says so too

    page.editor.setFocus()
    page.editor.selectAll()
    commit_text(page.editor, "2026年，本局把政务公开与“高效办成一件事”结合起来，重点公开了食品安全抽检、"
                             "价格监督检查和特种设备安全等信息。")
    assert report.section_text("overview").startswith("2026年，本局")
    assert not page.carried_note.isVisible() and "overview" not in report.carried_text
    assert not any(f.rule == "P4" and f.section == "overview" for f in document.result.findings)
    assert page.last_text.toPlainText() == qingchuan.section_text("overview")   # still there to look at

    problems = page_widget(window, "section:problems")    # untouched: still marked
    assert problems.carried_note.isVisible()


def test_a_section_nearly_last_years_is_warned_on_its_page(window, qtbot, tmp_path, scripted, qingchuan):
    document = new_from_last_on_start(window, qtbot, scripted, last_year_draft(tmp_path, qingchuan))
    page = page_widget(window, "section:overview")
    page.editor.setFocus()
    cursor = page.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    page.editor.setTextCursor(cursor)
    commit_text(page.editor, "今年继续。")                 # one sentence added to last year's text
    (repeat,) = [f for f in document.result.findings if f.rule == "P4" and f.section == "overview"]
    assert repeat.message.startswith("‘一、总体情况’与上年报告的同一部分有9") and "%的文字相同" in repeat.message
    assert repeat in page.findings.model().findings()


def test_the_prose_page_with_last_years_text_fits_a_1366x768_screen(open_window, qtbot, tmp_path, scripted,  # noqa: F811
                                                                    qingchuan):
    area = SCREENS["1366x768 with a taskbar"]
    window = open_window(area)
    new_from_last_on_start(window, qtbot, scripted, last_year_draft(tmp_path, qingchuan))
    page = page_widget(window, "section:overview")
    qtbot.wait(50)
    assert fits(window, area), (window.frameGeometry(), window.minimumSizeHint(), area)
    assert navigation_visible(window)
    for widget in (page.editor, page.last_text, page.copy_button, page.carried_note):
        assert visible_in(window, widget), widget
    assert page.editor.width() >= 400 and page.last_text.width() >= 250


def test_the_mark_comes_back_with_the_saved_draft(window, qtbot, tmp_path, scripted, qingchuan):
    """Saved and opened again (the next morning): the sections not yet rewritten are still marked."""
    from forms.carryover import new_report
    from forms.draft import write_draft

    report = new_report("青川市市场监督管理局", 2026, last=qingchuan)
    report.set_section("overview", "2026年，本局重点做了三件事。")
    path = write_draft(report, tmp_path / "2026.json")
    assert window.open_path(path)
    overview = page_widget(window, "section:overview")
    assert not overview.carried_note.isVisible()
    problems = page_widget(window, "section:problems")
    assert problems.carried_note.isVisible() and NOTE in problems.carried_note.text()
    assert window.document.report.carried_text == {"problems", "other"}
