"""批量检查's window driven as a clerk does: the menu, a folder chosen, 开始检查, the rows as they come
(errors shaded, an unreadable file with its reason, a file that is no report listed as not checked),
导出结果…, 取消 between files, and a unit double-clicked opened in the main window."""

from __future__ import annotations

import threading
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from exports.batch import UnitResult
from forms.carryover import new_report
from forms.draft import write_draft
from forms.samples import load_samples
from tests.exports.test_batch import collected_folder
from ui import batch_window
from ui.batch_window import BatchWindow, RowKind


def open_batch(window, qtbot) -> BatchWindow:
    window.act_batch.trigger()
    batch = window.findChild(BatchWindow)
    assert batch is not None and batch.isVisible()
    qtbot.waitExposed(batch)
    return batch


def run(batch, qtbot) -> None:
    qtbot.mouseClick(batch.start_button, Qt.MouseButton.LeftButton)
    assert batch.running and batch.cancel_button.isEnabled() and not batch.start_button.isEnabled()
    qtbot.waitUntil(lambda: not batch.running, timeout=60000)


def texts(batch, column: int) -> list[str]:
    return [row.cells()[column] for row in batch.model.rows]


def double_click(batch, qtbot, row: int) -> None:
    rect = batch.view.visualRect(batch.model.index(row, 1))
    qtbot.mouseClick(batch.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(batch.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_folder_is_checked_unit_by_unit_and_the_result_exported(window, qtbot, scripted, tmp_path):
    folder = collected_folder(tmp_path / "各单位")
    batch = open_batch(window, qtbot)
    assert not batch.start_button.isEnabled()            # nothing chosen yet
    scripted.files = [folder]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    assert "1 个文件夹" in batch.paths_label.text()
    run(batch, qtbot)
    assert texts(batch, 0) == ["报送说明.txt", "01 市场监管局.json", "02 教育局.docx", "03 卫健局.xlsx",
                               "04 民政局.docx"]
    kinds = [row.kind for row in batch.model.rows]
    assert kinds == [RowKind.IGNORED, RowKind.CHECKED, RowKind.CHECKED, RowKind.CHECKED, RowKind.UNREADABLE]
    assert texts(batch, 6)[0].startswith("没有检查") and texts(batch, 6)[4].startswith("无法读取：")
    assert texts(batch, 1)[1:3] == ["青川市市场监督管理局", "青川市教育局"]
    assert texts(batch, 2)[1] == "2025年度" and texts(batch, 4)[1] == "0" and int(texts(batch, 4)[2]) > 0
    assert "R1" in texts(batch, 6)[2]
    shade = [batch.model.data(batch.model.index(n, 0), Qt.ItemDataRole.BackgroundRole) for n in range(5)]
    assert shade[1] is None and shade[2] is not None and shade[4] is not None      # errors, unreadable shaded
    assert batch.progress.value() == batch.progress.maximum() == 4
    assert "检查了 3 份报告，2 份有错误" in batch.status.text() and "1 个文件无法读取" in batch.status.text()

    result = tmp_path / "结果.xlsx"
    scripted.files = [result]
    qtbot.mouseClick(batch.export_button, Qt.MouseButton.LeftButton)
    book = load_workbook(result, read_only=True)
    units = [row for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert [Path(row[0]).name for row in units] == ["01 市场监管局.json", "02 教育局.docx", "03 卫健局.xlsx",
                                                   "04 民政局.docx"]
    assert "报送说明.txt" in str(list(book.worksheets[-1].iter_rows(values_only=True)))
    book.close()
    assert not scripted.messages


def test_cancel_stops_between_files(window, qtbot, scripted, tmp_path, monkeypatch):
    started: list[str] = []
    gate = threading.Event()

    def held(paths, last=None):
        for path in paths:
            started.append(path.name)
            if len(started) == 2:
                assert gate.wait(30)            # the second file is in hand while 取消 is pressed
            yield UnitResult(str(path), organ=path.stem, year=2025)

    monkeypatch.setattr(batch_window, "check_files", held)
    folder = tmp_path / "各单位"
    folder.mkdir()
    for n in range(20):
        (folder / f"{n:02}.json").write_text("{}", encoding="utf-8")
    batch = open_batch(window, qtbot)
    scripted.files = [folder]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(batch.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(batch.model.rows) == 1 and len(started) == 2)
    qtbot.mouseClick(batch.cancel_button, Qt.MouseButton.LeftButton)
    assert not batch.cancel_button.isEnabled() and "正在停止" in batch.status.text()
    gate.set()
    qtbot.waitUntil(lambda: not batch.running)
    assert started == ["00.json", "01.json"]           # the file in hand finished, no other begun
    assert texts(batch, 0) == ["00.json", "01.json"]
    assert batch.status.text().startswith("已取消。") and batch.start_button.isEnabled()


def test_last_years_folder_pairs_each_unit(window, qtbot, scripted, tmp_path):
    last_folder, this_folder = tmp_path / "上年", tmp_path / "本年"
    last_folder.mkdir()
    this_folder.mkdir()
    write_draft(new_report("某某县交通运输局", 2020), last_folder / "上年交通.json")
    write_draft(new_report("某某县交通运输局", 2021), this_folder / "交通.json")
    write_draft(new_report("某某县水利局", 2021), this_folder / "水利.json")
    batch = open_batch(window, qtbot)
    scripted.files = [this_folder, last_folder]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(batch.last_button, Qt.MouseButton.LeftButton)
    assert "上年" in batch.last_label.text()
    run(batch, qtbot)
    rows = {Path(row.result.file).name: row.result for row in batch.model.rows}
    assert Path(rows["交通.json"].last_file or "").name == "上年交通.json"
    assert rows["水利.json"].last_file is None and "没有某某县水利局" in rows["水利.json"].last_note
    assert "上年报告：" in batch.model.rows[0].tip() or "上年报告：" in batch.model.rows[1].tip()


def test_a_unit_double_clicked_opens_in_the_main_window(window, qtbot, scripted, tmp_path):
    folder = collected_folder(tmp_path / "各单位")
    batch = open_batch(window, qtbot)
    scripted.files = [folder]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    run(batch, qtbot)
    double_click(batch, qtbot, 1)                       # a draft: opened as a draft
    assert window.document is not None and window.document.path == folder / "01 市场监管局.json"
    double_click(batch, qtbot, 2)                       # a Word file: imported, said so
    assert window.document.path is None and window.document.report.organ == "青川市教育局"
    assert scripted.messages[-1][0] == "inform" and "02 教育局.docx" in scripted.messages[-1][1]
    scripted.answers = ["cancel"]                       # the imported report is not saved: asked first
    double_click(batch, qtbot, 3)
    assert "还没有保存的修改" in scripted.asked[-1] and window.document.report.organ == "青川市教育局"
    double_click(batch, qtbot, 0)                       # no report: told, nothing opened
    assert "没有检查" in scripted.messages[-1][1] and window.document.report.organ == "青川市教育局"


def test_a_run_closed_half_way_stops(window, qtbot, scripted, tmp_path):
    folder = tmp_path / "各单位"
    folder.mkdir()
    clean = dict(load_samples())["2025-qingchuan-scjgj.json"]
    for n in range(3):
        write_draft(clean, folder / f"{n}.json")
    batch = open_batch(window, qtbot)
    scripted.files = [folder]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(batch.start_button, Qt.MouseButton.LeftButton)
    batch.close()                                       # waits for the file in hand, then the thread ends
    assert batch.worker is None or not batch.thread_.isRunning()


def test_a_program_error_ends_the_run_with_a_message(window, qtbot, scripted, tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))

    def broken(paths, leave_out=None):
        raise RuntimeError("a reader's fault")

    monkeypatch.setattr(batch_window, "gather", broken)
    batch = open_batch(window, qtbot)
    scripted.files = [tmp_path]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    run(batch, qtbot)
    log = tmp_path / "log" / "nianbao.log"
    assert scripted.messages == [("warn", "批量检查没有完成。", "检查时程序出错，已停止。"
                                  f"错误记录在“{log}”，请把这个文件发给技术支持人员。")]
    assert "a reader's fault" in log.read_text(encoding="utf-8")
    assert batch.start_button.isEnabled() and not batch.cancel_button.isEnabled()
