"""The 汇总 window, driven as the office uses it: 文件 → 汇总…, a folder chosen, the summary unit typed,
开始汇总 clicked; the worker's run waited for; the rows, the messages, 打开汇总报告 and 导出各单位表…."""

from __future__ import annotations

import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt

from exports.merge_sheet import UNITS_SHEET
from forms.draft import write_draft
from ui import merge_window

from ..test_main_merge import NEW_TOTAL, OFFICE, mixed_folder, unit
from .conftest import commit_text, menus


def open_merge(window):
    action = next(a for a in menus(window)["文件"].actions() if a.text() == "汇总…")
    action.trigger()
    return window.merge_window


def run_merge(qtbot, window, scripted, folder, organ=OFFICE):
    win = open_merge(window)
    scripted.files.append(folder)
    qtbot.mouseClick(win.add_folder_button, Qt.LeftButton)
    if organ:
        win.organ_edit.setFocus()
        commit_text(win.organ_edit, organ)
    qtbot.mouseClick(win.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not win.running)
    return win


def column(win, header):
    n = win.model.headers().index(header)
    return [win.model.index(r, n).data() for r in range(win.model.rowCount())]


def test_a_folder_of_mixed_files_is_summed_row_by_unit_and_opened_as_a_new_unsaved_report(
        qtbot, window, scripted, tmp_path, qingchuan):
    folder = mixed_folder(tmp_path, qingchuan)
    write_draft(unit(qingchuan, "青川县教育局"), folder / "教育局副本.json")
    win = run_merge(qtbot, window, scripted, folder)
    assert win.progress.value() == win.progress.maximum() == 6
    files = column(win, "文件")
    assert sorted(files) == sorted(["教育局.json", "教育局副本.json", "乔庄镇2025年报.docx", "坏文件.docx",
                                    "乡镇/民政局.json", "乡镇/木鱼镇年报.xlsx"])
    checks = dict(zip(files, column(win, "本单位报告检查结果"), strict=True))
    notes = dict(zip(files, column(win, "备注"), strict=True))
    assert checks["坏文件.docx"] == "无法读取" and "坏文件.docx" in notes["坏文件.docx"]
    assert "重复" in notes["教育局副本.json"]
    assert column(win, "单位")[files.index("乡镇/木鱼镇年报.xlsx")] == "青川县木鱼镇人民政府"
    assert "新收" in "".join(win.model.headers())
    assert "已汇总4个单位" in win.message.text() and "无法读取" in win.message.text()
    assert win.open_button.isEnabled() and win.export_button.isEnabled()

    qtbot.mouseClick(win.open_button, Qt.LeftButton)
    report = window.document.report
    assert (report.organ, report.year) == (OFFICE, 2025)
    assert report.value(NEW_TOTAL) == 4 * qingchuan.value(NEW_TOTAL)
    assert window.document.path is None and window.document.is_dirty

    scripted.answers.append("cancel")             # an unsaved report is not replaced without asking
    qtbot.mouseClick(win.open_button, Qt.LeftButton)
    assert "还没有保存的修改" in scripted.asked[-1] and window.document.report is report


def test_reports_of_different_years_are_not_summed_and_the_files_are_named(qtbot, window, scripted, tmp_path,
                                                                          qingchuan):
    folder = tmp_path / "各单位"
    folder.mkdir()
    write_draft(unit(qingchuan, "青川县教育局"), folder / "教育局.json")
    write_draft(unit(qingchuan, "青川县民政局", year=2024), folder / "民政局.json")
    win = run_merge(qtbot, window, scripted, folder)
    kind, text, details = scripted.messages[-1]
    assert kind == "warn" and "不能加在一起" in text
    assert "“教育局.json”" in details and "“民政局.json”" in details and "2024年度" in details
    assert "没有汇总" in win.message.text()
    assert win.summary is None and not win.open_button.isEnabled() and not win.export_button.isEnabled()


def test_the_summary_unit_is_asked_for_before_anything_is_read(qtbot, window, scripted, tmp_path, qingchuan):
    folder = tmp_path / "各单位"
    folder.mkdir()
    write_draft(unit(qingchuan, "青川县教育局"), folder / "教育局.json")
    win = run_merge(qtbot, window, scripted, folder, organ="")
    kind, text, _ = scripted.messages[-1]
    assert kind == "warn" and "汇总单位" in text and merge_window.EXAMPLE_ORGAN in text
    assert win.model.rowCount() == 0 and win.summary is None


def test_cancel_stops_between_files_and_nothing_is_summed(qtbot, window, scripted, tmp_path, qingchuan, monkeypatch):
    folder = tmp_path / "各单位"
    folder.mkdir()
    for n in range(3):
        write_draft(unit(qingchuan, f"青川县第{n}局"), folder / f"{n}.json")
    reading, go = threading.Event(), threading.Event()
    real = merge_window.read_unit

    def held(found):
        reading.set()
        assert go.wait(30)
        return real(found)

    monkeypatch.setattr(merge_window, "read_unit", held)
    win = open_merge(window)
    scripted.files.append(folder)
    qtbot.mouseClick(win.add_folder_button, Qt.LeftButton)
    commit_text(win.organ_edit, OFFICE)
    qtbot.mouseClick(win.start_button, Qt.LeftButton)
    qtbot.waitUntil(reading.is_set)
    assert win.running and win.cancel_button.isEnabled() and not win.start_button.isEnabled()
    qtbot.mouseClick(win.cancel_button, Qt.LeftButton)
    go.set()
    qtbot.waitUntil(lambda: not win.running)
    assert win.model.rowCount() == 1 and win.summary is None
    assert "已取消" in win.message.text() and not win.open_button.isEnabled()


@pytest.mark.parametrize("answer", ["write", "cancel"])
def test_the_units_sheet_is_exported(qtbot, window, scripted, tmp_path, qingchuan, answer):
    folder = tmp_path / "各单位"
    folder.mkdir()
    for organ in ("青川县教育局", "青川县民政局"):
        write_draft(unit(qingchuan, organ), folder / f"{organ}.json")
    win = run_merge(qtbot, window, scripted, folder)
    target = tmp_path / "汇总.xlsx"
    scripted.files.append(target if answer == "write" else None)
    qtbot.mouseClick(win.export_button, Qt.LeftButton)
    if answer == "cancel":
        assert not target.exists() and not scripted.messages
        return
    assert scripted.messages[-1][0] == "inform" and "汇总.xlsx" in scripted.messages[-1][1]
    sheet = openpyxl.load_workbook(target)[UNITS_SHEET]
    texts = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "青川县教育局" in texts and "青川县民政局" in texts and "合计" in texts
