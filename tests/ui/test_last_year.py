"""Last year's report, wherever it is chosen: on 基本信息 after the report exists it fills exactly what
the start page fills for a new report (上年结转 per column, 现行有效件数 as a suggestion, contacts), as
one undo step, says what it filled, and asks before replacing figures the clerk typed differently."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from forms.carryover import new_report
from forms.draft import write_draft
from forms.expr import Cell

from .conftest import commit_text, page_widget, type_in_cell

ORGAN = "青川市市场监督管理局"
IN_FORCE = Cell("t2", "normative", "in_force")
LEGAL = Cell("t3", "carried_over", "legal")


def last_year_draft(tmp_path, qingchuan):
    return write_draft(qingchuan, tmp_path / "青川2025.json")


def new_from_start(window, qtbot, organ=ORGAN, year=2026):
    start = window.start
    start.organ.setFocus()
    commit_text(start.organ, organ)
    start.year.setFocus()
    start.year.lineEdit().selectAll()
    qtbot.keyClicks(start.year, str(year))
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    assert window.document.report.year == year
    return window.document


def choose_on_identity(window, qtbot, scripted, path):
    identity = page_widget(window, "identity")
    button = next(b for b in identity.findChildren(QPushButton) if b.text() == "选择上年草稿…")
    scripted.files.append(path)
    qtbot.mouseClick(button, Qt.LeftButton)
    return identity


def test_chosen_on_identity_it_fills_what_the_start_page_would_as_one_undo_step(window, qtbot, tmp_path,
                                                                                 scripted, qingchuan):
    path = last_year_draft(tmp_path, qingchuan)
    document = new_from_start(window, qtbot)
    report = document.report
    assert report.values == {} and document.undo_stack.count() == 0
    identity = choose_on_identity(window, qtbot, scripted, path)
    from_start = new_report(ORGAN, 2026, last=qingchuan)
    assert report.values == from_start.values and report.info == from_start.info
    assert report.value(Cell("t3", "carried_over", "business")) == 4 and report.value(IN_FORCE) == 27
    assert identity.info["phone"].text() == "0839-6123456"            # the field shows what was filled
    assert identity.message.isVisible()
    assert identity.message.text().startswith(
        "已从上年报告填入：表三“二、上年结转政府信息公开申请数量”（6个单元格）、表二“现行有效件数”（2个单元格）、"
        "通信地址、邮政编码、联系电话、电子邮箱。")
    assert document.last_path == path and document.undo_stack.count() == 1
    assert not [f for f in document.result.findings if f.rule in ("R6", "R7")]

    identity.organ.setFocus()
    qtbot.keyClick(identity.organ, Qt.Key_Z, Qt.ControlModifier)      # one step takes it all back
    assert report.values == {} and "phone" not in report.info and identity.info["phone"].text() == ""
    assert document.last is None and identity.last_label.text().startswith("未选择")
    assert not identity.message.isVisible()
    qtbot.keyClick(identity.organ, Qt.Key_Y, Qt.ControlModifier)
    assert report.values == from_start.values and document.last_path == path
    assert identity.info["phone"].text() == "0839-6123456"


def test_figures_typed_differently_are_asked_about_not_overwritten(window, qtbot, tmp_path, scripted, qingchuan):
    path = last_year_draft(tmp_path, qingchuan)
    document = new_from_start(window, qtbot)
    report = document.report
    t3 = page_widget(window, "table:t3")
    type_in_cell(qtbot, t3.view, LEGAL, "3")                         # last year carried 2 forward
    t2 = page_widget(window, "table:t2")
    type_in_cell(qtbot, t2.view, Cell("t2", "normative", "issued"), "5")
    type_in_cell(qtbot, t2.view, Cell("t2", "normative", "repealed"), "2")
    scripted.answers.append("keep")
    identity = choose_on_identity(window, qtbot, scripted, path)
    assert "1个单元格" in scripted.asked[-1] and "本年已填3，按上年报告应为2" in scripted.asked[-1]
    assert report.value(LEGAL) == 3                                  # kept, and said so
    assert "保留了本年的数字" in identity.message.text() and "（本年3，上年报告推算为2）" in identity.message.text()
    assert report.value(IN_FORCE) == 30                              # 27 + 5 − 2
    assert report.value(Cell("t3", "carried_over", "business")) == 4
    r6 = [f for f in document.result.findings if f.rule == "R6"]
    assert [f.cells[0] for f in r6] == [LEGAL]                        # R6 still points at the difference

    qtbot.keyClick(identity.organ, Qt.Key_Z, Qt.ControlModifier)
    assert report.value(IN_FORCE) is None and report.value(LEGAL) == 3
    scripted.answers.append("replace")
    choose_on_identity(window, qtbot, scripted, path)
    assert report.value(LEGAL) == 2 and "保留" not in identity.message.text()


def test_in_force_suggestion_follows_until_the_clerk_changes_it_and_r7_offers_it_again(
        window, qtbot, tmp_path, scripted, qingchuan):
    path = last_year_draft(tmp_path, qingchuan)
    scripted.files.append(path)
    qtbot.mouseClick(window.start.choose_last, Qt.LeftButton)        # chosen on the start page this time
    qtbot.mouseClick(window.start.create_button, Qt.LeftButton)
    document = window.document
    assert document.report.value(IN_FORCE) == 27
    t2 = page_widget(window, "table:t2")
    type_in_cell(qtbot, t2.view, Cell("t2", "normative", "issued"), "4")
    assert document.report.value(IN_FORCE) == 31                       # the suggestion follows
    type_in_cell(qtbot, t2.view, Cell("t2", "normative", "repealed"), "1")
    assert document.report.value(IN_FORCE) == 30 and document.undo_stack.count() == 2
    assert not [f for f in document.result.findings if f.rule == "R7"]
    qtbot.keyClick(t2.view, Qt.Key_Z, Qt.ControlModifier)              # with the figure that moved it
    assert document.report.value(IN_FORCE) == 31
    type_in_cell(qtbot, t2.view, IN_FORCE, "28")                       # the clerk's own figure stands
    type_in_cell(qtbot, t2.view, Cell("t2", "normative", "repealed"), "2")
    assert document.report.value(IN_FORCE) == 28
    (r7,) = [f for f in document.result.findings if f.rule == "R7"]    # still checked, the figure offered
    assert r7.fix == (IN_FORCE, 27 + 4 - 2)


def test_the_red_organ_message_goes_once_the_chosen_draft_fills_the_name(window, qtbot, tmp_path, scripted,
                                                                         qingchuan):
    start = window.start
    qtbot.mouseClick(start.create_button, Qt.LeftButton)
    assert start.message.isVisible() and start.message.text() == "请先填写机关名称。"
    scripted.files.append(last_year_draft(tmp_path, qingchuan))
    qtbot.mouseClick(start.choose_last, Qt.LeftButton)
    assert start.organ.text() == ORGAN
    assert not start.message.isVisible()


def test_undoing_the_choice_forgets_the_pair_for_the_draft(window, qtbot, tmp_path, scripted, qingchuan):
    """An open draft remembers its last year's draft (reopening runs the cross-year checks): undone,
    the choice is forgotten too, redone it is remembered again."""
    last = last_year_draft(tmp_path, qingchuan)
    this_year = new_report(ORGAN, 2026, last=qingchuan)
    draft = write_draft(this_year, tmp_path / "青川2026.json")
    window.open_path(draft)
    assert window.document.last is None
    identity = choose_on_identity(window, qtbot, scripted, last)
    assert window.settings.last_year_for(draft) == last.resolve()
    identity.organ.setFocus()
    qtbot.keyClick(identity.organ, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.last is None and window.settings.last_year_for(draft) is None
    qtbot.keyClick(identity.organ, Qt.Key_Y, Qt.ControlModifier)
    assert window.settings.last_year_for(draft) == last.resolve()


def _draft_of(tmp_path, report, year=None, organ=None):
    other = report.copy()
    if year is not None:
        other.year = year
    if organ is not None:
        other.set_organ(organ)
    return write_draft(other, tmp_path / f"{other.organ}{other.year}.json")


def test_a_draft_of_the_same_year_is_asked_about_before_it_fills(window, qtbot, tmp_path, scripted, qingchuan):
    path = _draft_of(tmp_path, qingchuan, year=2026)                 # this year's own draft, not last year's
    document = new_from_start(window, qtbot)
    scripted.answers.append("cancel")
    identity = choose_on_identity(window, qtbot, scripted, path)
    assert scripted.asked[-1].startswith("所选草稿是2026年度的，不是上一年度（2025）的报告。仍要用它填入吗？")
    assert scripted.defaults[-1] == "cancel"
    assert document.report.values == {} and document.last_path is None and document.undo_stack.count() == 0
    assert not identity.message.isVisible()

    scripted.answers.append("use")
    choose_on_identity(window, qtbot, scripted, path)
    assert document.last_path == path and document.report.value(Cell("t3", "carried_over", "business")) == 4
    assert identity.message.text().startswith(
        "注意：所选草稿是2026年度的，不是上一年度（2025）的报告。已从上年报告填入：")


def test_another_organs_draft_names_both_organs(window, qtbot, tmp_path, scripted, qingchuan):
    path = _draft_of(tmp_path, qingchuan, organ="青川县教育局")
    document = new_from_start(window, qtbot)
    scripted.answers.append("cancel")
    choose_on_identity(window, qtbot, scripted, path)
    assert scripted.asked[-1].startswith(f"所选草稿是“青川县教育局”的报告，不是“{ORGAN}”的。仍要用它填入吗？")
    assert document.last_path is None and document.report.info.get("phone") in (None, "")


def test_last_years_draft_of_this_organ_is_not_asked_about(window, qtbot, tmp_path, scripted, qingchuan):
    path = last_year_draft(tmp_path, qingchuan)
    document = new_from_start(window, qtbot)
    choose_on_identity(window, qtbot, scripted, path)        # no answer scripted: a question would fail
    assert document.last_path == path and scripted.asked == []


def test_start_page_asks_when_the_draft_is_not_the_year_before_the_one_typed(window, qtbot, tmp_path, scripted,
                                                                          qingchuan):
    year = date.today().year - 3                  # typed by the clerk: not the year the page proposes
    path = _draft_of(tmp_path, qingchuan, year=year - 2)
    start = window.start
    start.year.setFocus()
    start.year.lineEdit().selectAll()
    qtbot.keyClicks(start.year, str(year))
    scripted.files.append(path)
    scripted.answers.append("cancel")
    qtbot.mouseClick(start.choose_last, Qt.LeftButton)
    assert scripted.asked[-1].startswith(f"所选草稿是{year - 2}年度的，不是上一年度（{year - 1}）的报告。")
    assert start.last_path is None and start.year.value() == year

    scripted.files.append(path)
    scripted.answers.append("use")
    qtbot.mouseClick(start.choose_last, Qt.LeftButton)
    assert start.last_path == path and start.year.value() == year    # the year typed stays

    scripted.files.append(path)
    scripted.answers.append("year")                                 # a report for the year after the draft
    qtbot.mouseClick(start.choose_last, Qt.LeftButton)
    assert start.last_path == path and start.year.value() == year - 1


def _published_word(tmp_path, qingchuan):
    """Last year's report as the office has it: the Word file it published, not our draft."""
    from exports.docx_writer import write_docx

    return write_docx(qingchuan, tmp_path / "青川市市场监督管理局2025年政府信息公开工作年度报告.docx")


def test_last_years_published_word_file_starts_a_new_report(window, qtbot, tmp_path, scripted, qingchuan):
    path = _published_word(tmp_path, qingchuan)
    scripted.files.append(path)
    qtbot.mouseClick(window.start.choose_last, Qt.LeftButton)
    assert not [m for m in scripted.messages if m[0] == "warn"], scripted.messages
    document = new_from_start(window, qtbot)
    report = document.report
    assert report.value(Cell("t3", "carried_over", "business")) == 4 and report.value(IN_FORCE) == 27
    assert report.info["phone"] == "0839-6123456" and document.last_path == path
    assert report.sections["overview"] == qingchuan.sections["overview"]       # last year's text, to rewrite


def test_last_years_published_word_file_chosen_on_identity_fills_and_is_read_again(window, qtbot, tmp_path,
                                                                                     scripted, qingchuan):
    path = _published_word(tmp_path, qingchuan)
    document = new_from_start(window, qtbot)
    choose_on_identity(window, qtbot, scripted, path)
    assert document.report.value(Cell("t3", "carried_over", "business")) == 4
    assert document.last is not None and document.last.value(Cell("t3", "carried_forward", "natural")) == 9
    assert window._read_quietly(path).same_content(document.last)       # reopening the draft reads it again
