"""Message boxes show a few lines, never megabytes: a long text is cut with "…", says how much was
left out, and the whole of it goes to messages.log in the data folder (not the fault log: it may quote
the report)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ui.dialogs import ask, inform, listed, warn  # the real ones (the window's fixture scripts them)


def test_long_texts_are_cut_and_logged_in_full(window, qtbot, data_dir, monkeypatch):
    shown: list[tuple[str, str]] = []

    def exec_(box):
        shown.append((box.text(), box.informativeText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    huge = "第一行说明。\n" + "很长的问题说明" * 300_000 + "最后一句"        # 2 MB of text
    warn(window, "导入时发现问题。", huge)
    inform(window, "长标题" * 1000, "短说明")
    ask(window, "要继续吗？", [("yes", "继续"), ("cancel", "取消")], huge)
    (text, details), (long_text, short) = shown[0], shown[1]
    assert text == "导入时发现问题。" and details.startswith("第一行说明。")
    assert len(details) < 2200 and "…" in details and "后面还有" in details
    assert f"“{data_dir / 'messages.log'}”" in details
    assert len(long_text) < 800 and "…" in long_text and short == "短说明"
    assert len(shown[2][1]) < 2200
    log = "".join(path.read_text(encoding="utf-8") for path in sorted(data_dir.glob("messages.log*")))
    assert huge in log and "长标题" * 1000 in log
    assert not list(data_dir.glob("error.log*"))


def test_a_short_text_is_shown_as_it_is(window, qtbot, data_dir):
    def close_it():
        box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
        assert box.informativeText() == "请换一个文件夹保存。"
        qtbot.keyClick(box, Qt.Key_Return)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, close_it)
    warn(window, "无法写入。", "请换一个文件夹保存。")
    assert not (data_dir / "messages.log").exists()


def test_a_long_list_names_its_first_points_and_how_many_there_are():
    lines = [f"第{n}行没有读入" for n in range(1, 26)]
    assert listed(lines) == [*lines[:20], "……共25处"]
    assert listed(lines[:20]) == lines[:20]
