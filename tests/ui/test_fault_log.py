"""A program error in the window goes to the one fault log (host.log: nianbao.log in the log folder),
with the window's action, the draft's path and the traceback — never the report's words or figures —
and the clerk is told the real file."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt

from forms.expr import Cell
from ui import app as ui_app

ORGAN = "青川市怪诞测试局"
PROSE = "本机关全年主动公开政府信息一千零一条，群众普遍满意，再无异议。"
FIGURE = "97531"


@pytest.fixture
def recognisable(window, tmp_path):
    """The sample with an organ name, a paragraph and a figure found nowhere else, saved as a draft."""
    window.open_sample("2025-qingchuan-scjgj.json")
    document = window.document
    document.set_identity(organ=ORGAN)
    document.set_section(document.report.form.sections[0].key, PROSE)
    assert document.enter(Cell("t3", "granted", "natural"), FIGURE) is None
    path = tmp_path / f"{ORGAN}.json"
    document.save(path)
    return document, path


def _assert_private(text: str) -> None:
    """None of the report's words or figures in `text` but in the lines naming the files (文件：…)."""
    without_path = "\n".join(line for line in text.splitlines() if not line.startswith("文件："))
    for secret in (ORGAN, PROSE[:8], PROSE[-8:], FIGURE):
        assert secret not in without_path, secret


def _assert_plain_chinese(text: str, log) -> None:
    """What the clerk reads names no exception class (“RuntimeError”): the log holds it, the message says
    what to do in Chinese; the only Latin letters are those of the log's path and the names of file kinds."""
    for known in (str(log), "Word", "Excel", "PDF"):
        text = text.replace(known, "")
    assert not any("a" <= ch.lower() <= "z" for ch in text), text


def test_a_fault_in_the_window_is_logged_without_the_report_and_told_by_its_real_file(
        window, scripted, recognisable, log_dir):
    document, path = recognisable
    window.act_save.trigger()                                   # the last thing the clerk did
    hook = ui_app._plain_fault_report(window)
    try:
        raise RuntimeError(f"{ORGAN}：{PROSE[:20]} {FIGURE}")
    except RuntimeError:
        hook(*sys.exc_info())
    kind, text, details = scripted.messages[-1]
    log = log_dir / "nianbao.log"
    assert kind == "warn" and "没有丢失" in text and f"“{log}”" in details
    record = log.read_text(encoding="utf-8")
    assert "RuntimeError" in record and "Traceback" in record and str(path) in record and "保存" in record
    _assert_private(record)


def test_a_fault_while_saving_is_logged_and_the_message_names_the_log(window, scripted, recognisable, log_dir,
                                                                     monkeypatch, qtbot):
    document, path = recognisable

    def broken(*args, **kwargs):
        raise TypeError(f"cannot save {ORGAN} {PROSE}")

    monkeypatch.setattr(type(document), "save", broken)
    assert document.enter(Cell("t3", "granted", "natural"), "12") is None
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    kind, text, details = scripted.messages[-1]
    log = log_dir / "nianbao.log"
    assert kind == "warn" and "草稿没有保存" in text and f"“{log}”" in details
    _assert_plain_chinese(text + details, log)
    record = log.read_text(encoding="utf-8")
    assert "TypeError" in record and "保存草稿" in record and str(path) in record
    _assert_private(record)


def test_a_fault_while_importing_is_logged_with_the_file(window, scripted, log_dir, monkeypatch, tmp_path):
    import exports.report_reader

    def broken(path, *args, **kwargs):
        raise RuntimeError("the reader broke")

    monkeypatch.setattr(exports.report_reader, "read_report", broken)
    path = tmp_path / "上年报告.docx"
    path.write_bytes(b"PK")
    assert not window.import_path(path)
    kind, text, details = scripted.messages[-1]
    log = log_dir / "nianbao.log"
    assert kind == "warn" and "导入时程序出错" in text and f"“{log}”" in details
    _assert_plain_chinese(text + details, log)
    record = log.read_text(encoding="utf-8")
    assert "导入" in record and f"文件：{path}" in record and "RuntimeError: the reader broke" in record


def test_a_fault_in_a_writer_is_logged_without_the_report(window, qtbot, scripted, recognisable, log_dir, monkeypatch,
                                                          tmp_path):
    import exports.docx_writer
    from tests.ui.conftest import page_widget

    document, path = recognisable

    def broken(report, target, *args, **kwargs):
        raise RuntimeError(f"{report.organ} {PROSE}")

    monkeypatch.setattr(exports.docx_writer, "write_docx", broken)
    page = page_widget(window, "export")
    page.chosen_folder = tmp_path / "导出"
    page.chosen_folder.mkdir()
    (draft,) = [b for b in page.findChildren(type(page.word_button)) if b.text() == "导出草稿Word"]
    qtbot.mouseClick(draft, Qt.MouseButton.LeftButton)        # the figure typed leaves errors: a draft
    log = log_dir / "nianbao.log"
    qtbot.waitUntil(lambda: "程序出错" in page.failure.text())
    assert f"“{log}”" in page.failure.text() and "没有丢失" in page.failure.text()
    _assert_plain_chinese(page.failure.text(), log)
    record = log.read_text(encoding="utf-8")
    assert "导出Word" in record and str(page.chosen_folder) in record and "RuntimeError" in record
    _assert_private(record)


def test_a_fault_while_checking_one_file_of_a_batch_is_logged(window, qtbot, scripted, log_dir, monkeypatch, tmp_path,
                                                              qingchuan):
    import exports.batch
    from forms.draft import write_draft
    from ui.batch_window import BatchWindow

    real = exports.batch.check

    def check(report, last=None):
        if report.organ == ORGAN:
            raise RuntimeError("the check broke")
        return real(report, last)

    monkeypatch.setattr(exports.batch, "check", check)
    folder = tmp_path / "各单位"
    folder.mkdir()
    write_draft(qingchuan, folder / "a.json")
    odd = qingchuan.copy()
    odd.set_organ(ORGAN)
    write_draft(odd, folder / "b.json")
    window.act_batch.trigger()
    batch = window.findChild(BatchWindow)
    scripted.files = [folder]
    qtbot.mouseClick(batch.add_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(batch.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not batch.running, timeout=60000)
    log = log_dir / "nianbao.log"
    (row,) = [row.cells()[-1] for row in batch.model.rows if row.result.file.endswith("b.json")]
    assert "程序出错" in row and f"“{log}”" in row
    _assert_plain_chinese(row, log)
    record = log.read_text(encoding="utf-8")
    assert str(folder / "b.json") in record and "RuntimeError: the check broke" in record
    batch.close()


def test_a_fault_while_reading_a_unit_to_merge_is_logged(window, qtbot, scripted, log_dir, monkeypatch, tmp_path,
                                                          qingchuan):
    from forms.draft import write_draft
    from tests.ui.test_merge_window import open_merge
    from ui import merge_window

    def broken(found):
        raise RuntimeError("the unit's reader broke")

    monkeypatch.setattr(merge_window, "read_unit", broken)
    folder = tmp_path / "各单位"
    folder.mkdir()
    write_draft(qingchuan, folder / "a.json")
    win = open_merge(window)
    scripted.files.append(folder)
    qtbot.mouseClick(win.add_folder_button, Qt.MouseButton.LeftButton)
    from tests.ui.conftest import commit_text

    commit_text(win.organ_edit, "青川县人民政府办公室")
    qtbot.mouseClick(win.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.running, timeout=60000)
    log = log_dir / "nianbao.log"
    notes = [win.model.index(row, win.model.columnCount() - 1).data() for row in range(win.model.rowCount())]
    (note,) = [note for note in notes if "程序出错" in note and f"“{log}”" in note]
    _assert_plain_chinese(note, log)
    record = log.read_text(encoding="utf-8")
    assert str(folder / "a.json") in record and "the unit's reader broke" in record
