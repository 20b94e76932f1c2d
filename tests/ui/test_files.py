"""Drafts in the window: open, save, save as, recent files, last year's draft, Excel import, and
that nothing typed is lost — a failed save keeps everything, closing with changes asks."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from forms.draft import read_draft, write_draft
from forms.expr import Cell
from forms.samples import write_samples
from ui import recovery
from ui.main_window import MainWindow

from .conftest import commit_text, editor_of, page_widget, type_in_cell

QINGCHUAN = "2025-qingchuan-scjgj.json"


@pytest.fixture
def drafts(tmp_path):
    folder = tmp_path / "drafts"
    write_samples(folder)
    return folder


def test_open_edit_save_and_reopen(window, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    granted = Cell("t3", "granted", "natural")
    assert window.open_path(path)
    assert window.settings.recent_files()[0] == path.resolve()
    assert not window.document.is_dirty and not window.windowTitle().startswith("*")
    assert window.document.report.value(granted) != 70
    page = page_widget(window, "table:t3")
    type_in_cell(qtbot, page.view, granted, "70")
    assert window.document.is_dirty and window.windowTitle().startswith("*")
    # undoing back to the saved state is "unchanged" again; redoing is a change again
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.report.value(granted) != 70
    assert not window.document.is_dirty and not window.windowTitle().startswith("*")
    qtbot.keyClick(window, Qt.Key_Y, Qt.ControlModifier)
    assert window.document.report.value(granted) == 70
    assert window.document.is_dirty and window.windowTitle().startswith("*")
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert read_draft(path).value(granted) == 70
    assert not window.document.is_dirty and not window.windowTitle().startswith("*")
    # one step back from the saved state is a change; redoing it returns to the saved state
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.is_dirty
    qtbot.keyClick(window, Qt.Key_Y, Qt.ControlModifier)
    assert not window.document.is_dirty
    # reopened in the window, the draft shows the saved figure
    edited = window.document
    assert window.open_path(path)
    assert window.document is not edited and window.document.path == path.absolute()
    assert not window.document.is_dirty and window.document.undo_stack.count() == 0
    page = page_widget(window, "table:t3")
    assert page.model.data(page.model.index_of(granted)) == "70"
    assert not scripted.asked                   # nothing unsaved, so nothing to ask


def test_save_as_writes_a_new_file_and_keeps_the_old(window, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    commit_text(page_widget(window, "section:problems").editor, "补充一句。")
    scripted.files.append(drafts / "副本.json")
    window.save_as()
    assert window.document.path == drafts / "副本.json"
    assert read_draft(drafts / "副本.json").sections["problems"].startswith("补充一句。")
    assert not read_draft(path).sections["problems"].startswith("补充一句。")


def test_open_a_broken_file_says_why_and_keeps_the_current_report(window, drafts, scripted):
    window.open_path(drafts / QINGCHUAN)
    broken = drafts / "broken.json"
    broken.write_text('{"format": "nianbao.report", "version": 1, "form": "gov-2099"}', encoding="utf-8")
    assert not window.open_path(broken)
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "无法打开" in text and "gov-2099" in details
    assert window.document.path == drafts / QINGCHUAN


def test_a_missing_recent_file_is_dropped(window, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    path.unlink()
    window.show_start()
    assert "不在原处" in window.start.recent.item(0).text()
    window.start.recent.itemActivated.emit(window.start.recent.item(0))
    assert "找不到文件" in scripted.messages[-1][2]
    assert window.settings.recent_files() == []


def test_a_failed_save_keeps_all_input_and_backs_it_up(window, qtbot, drafts, scripted, data_dir):
    path = drafts / QINGCHUAN
    window.open_path(path)
    page = page_widget(window, "table:t3")
    type_in_cell(qtbot, page.view, Cell("t3", "granted", "natural"), "72")
    moved = drafts.with_name("moved")
    drafts.rename(moved)                       # the folder is gone (a USB stick pulled out, say)
    assert window.save() is False
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "没有保存" in text and "不存在" in details
    assert window.document.report.value(Cell("t3", "granted", "natural")) == 72 and window.document.is_dirty
    backed_up = recovery.pending(data_dir)
    assert backed_up and backed_up[0].report.value(Cell("t3", "granted", "natural")) == 72
    assert read_draft(moved / QINGCHUAN).value(Cell("t3", "granted", "natural")) == 71   # the old file is intact


def test_closing_with_changes_asks(window, qtbot, drafts, scripted):
    window.open_path(drafts / QINGCHUAN)
    type_in_cell(qtbot, page_widget(window, "table:t4").view, Cell("t4", "admin_review", "upheld"), "9")
    scripted.answers.append("cancel")
    assert not window.close()
    assert window.isVisible()
    scripted.answers.append("save")
    assert window.close()
    assert read_draft(drafts / QINGCHUAN).value(Cell("t4", "admin_review", "upheld")) == 9


def test_closing_without_saving_removes_the_backup(window, qtbot, drafts, scripted, data_dir):
    window.open_path(drafts / QINGCHUAN)
    type_in_cell(qtbot, page_widget(window, "table:t4").view, Cell("t4", "admin_review", "upheld"), "9")
    window.autosave.flush()
    window.autosave.write_now()
    assert window.autosave.path.exists()
    scripted.answers.append("dont_save")
    assert window.close()
    assert not window.autosave.path.exists()
    assert read_draft(drafts / QINGCHUAN).value(Cell("t4", "admin_review", "upheld")) == 3


def test_replacing_the_report_asks_first(window, qtbot, drafts, scripted):
    window.open_sample(QINGCHUAN)
    scripted.answers.append("cancel")
    assert not window.open_path(drafts / "2017-yueqing-wenguangxin.json")
    assert window.document.form.id == "gov-2021"


def test_last_years_draft_prefills_and_enables_cross_year_checks(window, qtbot, drafts, scripted):
    scripted.files.append(drafts / QINGCHUAN)
    qtbot.mouseClick(window.start.choose_last, Qt.LeftButton)
    assert window.start.organ.text() == "青川市市场监督管理局" and window.start.year.value() == 2026
    qtbot.mouseClick(window.start.create_button, Qt.LeftButton)
    document = window.document
    assert (document.report.value(Cell("t3", "carried_over", "natural"))
            == document.last.value(Cell("t3", "carried_forward", "natural")))
    assert document.result.skipped == []             # R6/R7 run
    type_in_cell(qtbot, page_widget(window, "table:t3").view, Cell("t3", "carried_over", "natural"), "99")
    assert any(f.rule == "R6" for f in document.result.warnings)
    # saved with it, the pair is remembered: reopening runs the cross-year checks again
    scripted.files.append(drafts)                  # where to keep the report: saved there under its title
    assert window.save()
    saved = window.document.path
    assert saved.parent == drafts and saved.name.startswith("青川市市场监督管理局2026年")
    window.open_path(drafts / QINGCHUAN)
    window.open_path(saved)
    assert window.document.last_path == (drafts / QINGCHUAN).resolve()
    assert any(f.rule == "R6" for f in window.document.result.warnings)


def test_choosing_last_year_later_from_the_review_page(window, qtbot, drafts, scripted):
    window.open_path(drafts / QINGCHUAN)
    review = page_widget(window, "review")
    assert review.last_button.isVisible() and "R6" in review.skipped.text()
    last = read_draft(drafts / QINGCHUAN)      # the cross-year checks need the year before
    last.year -= 1
    write_draft(last, drafts / "上年.json")
    scripted.files.append(drafts / "上年.json")
    scripted.answers.append("keep")     # its 上年结转 differs from what this "last year" carried forward: asked
    qtbot.mouseClick(review.last_button, Qt.LeftButton)
    assert window.document.last is not None and not review.skipped.isVisible()
    identity = page_widget(window, "identity")
    assert "上年.json" in identity.last_label.text()
    qtbot.mouseClick(identity.clear, Qt.LeftButton)
    assert window.document.last is None


def test_import_from_excel(window, qtbot, tmp_path, scripted, samples):
    from exports.xlsx_writer import write_xlsx

    workbook = write_xlsx(samples[QINGCHUAN], tmp_path / "表.xlsx")
    scripted.files.append(workbook)
    qtbot.mouseClick(window.start.import_button, Qt.LeftButton)
    assert window.document is not None and window.document.path is None
    for cell in window.document.form.input_cells:
        assert window.document.report.value(cell) == samples[QINGCHUAN].value(cell)
    kind, text, details = scripted.messages[-1]
    assert kind == "inform" and "表.xlsx" in text
    assert "报告格式：政府信息公开工作年度报告格式（2021年版）" in details and "正文" in details
    assert "成文日期" not in details                  # the workbook had it: only what is missing is asked for
    assert page_widget(window, "export").folder() is None      # the first export asks where to keep the report


def test_import_asks_for_a_date_only_when_the_workbook_has_none(window, qtbot, tmp_path, scripted, samples):
    from exports.xlsx_writer import write_xlsx

    report = samples[QINGCHUAN].copy()
    report.set_info("date", "")
    report.set_info("phone", "")
    scripted.files.append(write_xlsx(report, tmp_path / "没有日期.xlsx"))
    qtbot.mouseClick(window.start.import_button, Qt.LeftButton)
    kind, text, details = scripted.messages[-1]
    assert kind == "inform" and "成文日期" in details and "联系电话" in details and "通信地址" not in details


def test_import_of_a_file_that_is_no_workbook_says_why(window, qtbot, tmp_path, scripted):
    fake = tmp_path / "报表.xlsx"
    fake.write_text("这不是Excel", encoding="utf-8")
    scripted.files.append(fake)
    qtbot.mouseClick(window.start.import_button, Qt.LeftButton)
    assert window.document is None
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "无法" in text and "报表.xlsx" in details


def test_settings_survive_a_restart(window, drafts, data_dir, qtbot):
    window.open_path(drafts / QINGCHUAN)
    again = MainWindow(folder=data_dir)
    try:
        assert again.settings.recent_files() == [(drafts / QINGCHUAN).resolve()]
        assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["recent"]
    finally:
        again.deleteLater()


# --- a figure typed without Enter is part of the report for every save, close and replace -------------

GRANTED = Cell("t3", "granted", "natural")


def _typed_without_enter(window, qtbot, text):
    page = page_widget(window, "table:t3")
    type_in_cell(qtbot, page.view, GRANTED, text, finish=None)
    return page


def test_ctrl_s_saves_a_figure_typed_without_enter(window, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    page = _typed_without_enter(window, qtbot, "70")
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    assert read_draft(path).value(GRANTED) == 70
    assert not window.document.is_dirty and "已保存" in window.file_label.text()
    assert page.view.state() != QAbstractItemView.EditingState


def test_closing_with_a_figure_typed_without_enter_asks_and_keeps_it(window, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    _typed_without_enter(window, qtbot, "70")
    scripted.answers.append("cancel")
    assert not window.close()
    assert window.document.report.value(GRANTED) == 70 and window.document.is_dirty
    scripted.answers.append("save")
    assert window.close()
    assert read_draft(path).value(GRANTED) == 70


def test_opening_another_draft_asks_about_a_figure_typed_without_enter(window, qtbot, drafts, scripted):
    window.open_path(drafts / QINGCHUAN)
    _typed_without_enter(window, qtbot, "70")
    scripted.answers.append("cancel")
    assert not window.open_path(drafts / "2017-yueqing-wenguangxin.json")
    assert window.document.report.value(GRANTED) == 70


def test_a_refused_entry_cancels_the_close_and_stays_in_its_editor(window, qtbot, drafts, scripted):
    path = drafts / QINGCHUAN
    window.open_path(path)
    page = _typed_without_enter(window, qtbot, "abc")
    window.go(0)                                       # even from another page (it comes back)
    assert not window.close()
    assert window.isVisible() and not scripted.asked
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "窗口没有关闭" in text and "Esc" in details
    assert window.current_page() is page and page.message.isVisible() and page.message.text() in details
    assert page.view.state() == QAbstractItemView.EditingState and editor_of(page.view).text() == "abc"
    assert not window.save()                           # nor is it saved without it
    assert "还没有保存" in scripted.messages[-1][1] and read_draft(path).value(GRANTED) == 71
    qtbot.keyClick(editor_of(page.view), Qt.Key_Escape)  # the clerk gives the entry up: now it closes
    scripted.answers.append("dont_save")
    assert window.close()


def _cannot_encode(report, path):
    """What writing a draft holding a lone surrogate (text from a damaged source) raises. (The
    character itself is not put in the window: handed to a Qt widget it can crash Qt.)"""
    raise UnicodeEncodeError("utf-8", "乱码\ud800", 2, 3, "surrogates not allowed")


def test_a_draft_that_cannot_be_encoded_is_not_saved_and_the_window_stays(window, qtbot, drafts, scripted,
                                                                            monkeypatch):
    import ui.document

    window.open_path(drafts / QINGCHUAN)
    type_in_cell(qtbot, page_widget(window, "table:t3").view, Cell("t3", "granted", "natural"), "72")
    monkeypatch.setattr(ui.document, "write_draft", _cannot_encode)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "没有保存" in text and "乱码" in details
    assert window.document.is_dirty and window.windowTitle().startswith("*")
    assert read_draft(drafts / QINGCHUAN).value(Cell("t3", "granted", "natural")) == 71
    scripted.answers.append("save")
    assert not window.close()
    assert window.isVisible() and window.document.report.value(Cell("t3", "granted", "natural")) == 72
    assert "窗口没有关闭" in window.statusBar().currentMessage()
    assert scripted.messages[-1][0] == "warn" and "没有保存" in scripted.messages[-1][1]


def test_any_failing_save_keeps_the_window_open_and_says_why(window, qtbot, drafts, scripted, monkeypatch):
    import ui.document
    from forms.atomic import SaveError

    def fails(report, path):
        raise SaveError(f"无法写入“{path.name}”：磁盘空间不足。请清理磁盘或换一个位置保存。")

    window.open_path(drafts / QINGCHUAN)
    type_in_cell(qtbot, page_widget(window, "table:t3").view, Cell("t3", "granted", "natural"), "72")
    monkeypatch.setattr(ui.document, "write_draft", fails)
    scripted.answers.append("save")
    assert not window.close()
    assert window.isVisible() and window.document.is_dirty
    assert "磁盘空间不足" in scripted.messages[-1][2]
    monkeypatch.setattr(ui.document, "write_draft", write_draft)
    # a real cause: the name chosen is a folder's
    (drafts / "文件夹.json").mkdir()
    scripted.files.append(drafts / "文件夹.json")
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "没有保存" in text and "文件夹" in details
    assert window.document.path == (drafts / QINGCHUAN).absolute() and window.document.is_dirty
    assert not (drafts / ".~文件夹.json#").exists()
