"""Shortcuts and the menu bar, as in office programs: Ctrl+E exports Word wherever the focus is (a
one-line field, a cell being typed in, a prose editor); Ctrl+S, Ctrl+Shift+S, Ctrl+O, Ctrl+Q; the
menus 文件 / 编辑 / 检查 / 帮助 list every action with its shortcut, disabled without a report."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from forms.draft import write_draft

from .conftest import editor_of, menus, page_widget

WORD = "青川市市场监督管理局2025年政府信息公开工作年度报告.docx"


class LinuxKeys(QObject):
    """A line edit as under Linux's key bindings (xcb): it claims Ctrl+E (end of line) and Ctrl+K
    through ShortcutOverride, which would keep the window's shortcut from firing. The offscreen
    platform's bindings are Windows', where it does not."""

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() == Qt.ControlModifier \
                and event.key() in (Qt.Key_E, Qt.Key_K):
            event.accept()
            return True
        return False


def opened_draft(window, tmp_path, qingchuan):
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    return tmp_path / WORD


def exported(window, word):
    page = window.current_page()
    return window.pages[window.current_row()].key == "export" and page.written.get("docx") == word and word.exists()


def test_ctrl_e_in_a_one_line_field_exports_word(window, qtbot, tmp_path, qingchuan, opened_urls):
    word = opened_draft(window, tmp_path, qingchuan)
    identity = page_widget(window, "identity")
    claims = LinuxKeys(identity.organ)
    identity.organ.installEventFilter(claims)
    identity.organ.setFocus()
    qtbot.waitUntil(identity.organ.hasFocus)
    qtbot.keyClick(identity.organ, Qt.Key_E, Qt.ControlModifier)
    QApplication.processEvents()
    assert exported(window, word)
    assert identity.organ.text() == qingchuan.organ


def test_ctrl_e_with_a_cell_being_typed_in_exports_word(window, qtbot, tmp_path, qingchuan, opened_urls):
    word = opened_draft(window, tmp_path, qingchuan)
    page = page_widget(window, "table:t3")
    page.focus_first()
    view = page.view
    typed_in = view.currentIndex()
    figure = str(typed_in.data())                # typed again: the report stays free of errors
    qtbot.keyClick(view, figure[0])
    editor = editor_of(view)
    assert editor is not None and view.state() == QAbstractItemView.EditingState
    qtbot.keyClicks(editor, figure[1:])
    editor.installEventFilter(LinuxKeys(editor))
    qtbot.keyClick(editor, Qt.Key_E, Qt.ControlModifier)
    QApplication.processEvents()
    assert exported(window, word)
    assert view.state() != QAbstractItemView.EditingState and str(typed_in.data()) == figure


def test_ctrl_e_in_a_prose_editor_exports_word(window, qtbot, tmp_path, qingchuan, opened_urls):
    from ui.pages.prose import ProsePage

    word = opened_draft(window, tmp_path, qingchuan)
    row = next(i for i, widget in enumerate(window.page_widgets) if isinstance(widget, ProsePage))
    window.go(row)
    page = window.page_widgets[row]
    page.focus_first()
    target = QApplication.focusWidget()
    assert target is not None and page.isAncestorOf(target)
    qtbot.keyClick(target, Qt.Key_E, Qt.ControlModifier)
    QApplication.processEvents()
    assert exported(window, word)


def test_ctrl_shift_s_saves_as(window, qtbot, tmp_path, qingchuan, scripted):
    opened_draft(window, tmp_path, qingchuan)
    identity = page_widget(window, "identity")
    identity.organ.setFocus()
    scripted.files.append(tmp_path / "副本.json")
    qtbot.keyClick(identity.organ, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    assert not scripted.files and (tmp_path / "副本.json").exists()
    assert window.document.path == tmp_path / "副本.json"


def test_ctrl_s_and_ctrl_o_from_a_field(window, qtbot, tmp_path, qingchuan, scripted):
    draft = tmp_path / "青川.json"
    opened_draft(window, tmp_path, qingchuan)
    identity = page_widget(window, "identity")
    identity.organ.setFocus()
    qtbot.keyClicks(identity.organ, "X")
    assert window.document.is_dirty
    qtbot.keyClick(identity.organ, Qt.Key_S, Qt.ControlModifier)
    assert not window.document.is_dirty and "X" in draft.read_text(encoding="utf-8")
    scripted.files.append(None)                 # the open dialog, cancelled
    qtbot.keyClick(identity.organ, Qt.Key_O, Qt.ControlModifier)
    assert not scripted.files


def test_ctrl_q_on_a_changed_report_asks_before_closing(window, qtbot, tmp_path, qingchuan, scripted):
    opened_draft(window, tmp_path, qingchuan)
    identity = page_widget(window, "identity")
    identity.organ.setFocus()
    qtbot.keyClicks(identity.organ, "X")
    scripted.answers.append("cancel")
    qtbot.keyClick(identity.organ, Qt.Key_Q, Qt.ControlModifier)
    QApplication.processEvents()
    assert scripted.asked and "还没有保存的修改" in scripted.asked[0]
    assert window.isVisible() and window.document.is_dirty
    scripted.answers.append("dont_save")
    qtbot.keyClick(identity.organ, Qt.Key_Q, Qt.ControlModifier)
    QApplication.processEvents()
    assert len(scripted.asked) == 2 and not window.isVisible()


def test_the_menu_bar_lists_every_action_with_its_shortcut(window, qtbot, qingchuan):
    bar = menus(window)
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "编辑(&E)", "转到(&G)", "检查(&C)",
                                                              "帮助(&H)"]
    file_menu = [a for a in bar["文件"].actions() if not a.isSeparator()]
    assert [a.text() for a in file_menu] == ["新建/开始页", "打开草稿…", "保存", "另存为…", "导入上年或本年报告…",
                                             "批量检查…", "汇总…", "一键导出Word", "导出Excel", "导出PDF", "退出"]
    shortcuts = {a.text(): a.shortcut().toString() for a in file_menu}
    assert shortcuts["一键导出Word"] == "Ctrl+E" and shortcuts["另存为…"] == "Ctrl+Shift+S"
    assert shortcuts["退出"] == "Ctrl+Q" and shortcuts["保存"] == "Ctrl+S" and shortcuts["打开草稿…"] == "Ctrl+O"
    edit_menu = [a for a in bar["编辑"].actions() if not a.isSeparator()]
    assert [a.text() for a in edit_menu] == ["撤销", "重做", "复制\tCtrl+C", "粘贴\tCtrl+V", "设置…"]
    assert [a.shortcut().toString() for a in edit_menu][:2] == ["Ctrl+Z", "Ctrl+Y"]
    # one action per command: the toolbar's
    assert window.act_export_word in file_menu and window.act_save in file_menu and window.act_undo in edit_menu
    needs_report = (window.act_save, window.act_save_as, window.act_export_word, window.act_export_excel,
                    window.act_review)
    assert not any(a.isEnabled() for a in needs_report)
    assert window.act_open.isEnabled() and window.act_quit.isEnabled() and window.act_about.isEnabled()
    assert window.act_settings.isEnabled()
    window.open_sample("2025-qingchuan-scjgj.json")
    assert all(a.isEnabled() for a in needs_report)
    window.act_review.trigger()
    assert window.pages[window.current_row()].key == "review"


def test_menu_entries_show_the_shortcut_text(window, qtbot):
    from PySide6.QtWidgets import QStyleOptionMenuItem

    file_menu = menus(window)["文件"]
    option = QStyleOptionMenuItem()
    texts = []
    for action in file_menu.actions():
        if not action.isSeparator():
            file_menu.initStyleOption(option, action)
            texts.append(option.text)
    assert "一键导出Word\tCtrl+E" in texts and "退出\tCtrl+Q" in texts and "另存为…\tCtrl+Shift+S" in texts


def shown_texts(menu) -> list[str]:
    """Each entry of `menu` as the menu draws it: its text, a tab, its shortcut."""
    from PySide6.QtWidgets import QStyleOptionMenuItem

    option = QStyleOptionMenuItem()
    texts = []
    for action in menu.actions():
        if not action.isSeparator():
            menu.initStyleOption(option, action)
            texts.append(option.text)
    return texts


def test_go_to_menu_lists_previous_and_next_page(window, qtbot):
    go_menu = menus(window)["转到"]
    assert shown_texts(go_menu) == ["上一页\tCtrl+PgUp", "下一页\tCtrl+PgDown"]
    window.open_sample("2025-qingchuan-scjgj.json")
    row = window.current_row()
    next(a for a in go_menu.actions() if a.text() == "下一页").trigger()
    assert window.current_row() == row + 1
    next(a for a in go_menu.actions() if a.text() == "上一页").trigger()
    assert window.current_row() == row


def test_edit_menu_copy_and_paste_act_on_the_focused_table_or_field(window, qtbot):
    from forms.expr import Cell

    edit_menu = menus(window)["编辑"]
    texts = shown_texts(edit_menu)
    assert "复制\tCtrl+C" in texts and "粘贴\tCtrl+V" in texts
    copy = next(a for a in edit_menu.actions() if a.text().startswith("复制"))
    paste = next(a for a in edit_menu.actions() if a.text().startswith("粘贴"))
    window.open_sample("2025-qingchuan-scjgj.json")
    clipboard = QApplication.clipboard()
    table = page_widget(window, "table:t3")
    view = table.view
    view.setFocus()
    assert view.select_cell(Cell("t3", "granted", "natural"))
    copy.trigger()
    assert clipboard.text().strip() == "71"
    assert view.select_cell(Cell("t3", "partial", "natural"))
    paste.trigger()                                  # the table's own paste: one undoable entry
    document = window.document
    assert document.report.value(Cell("t3", "partial", "natural")) == 71
    window.act_undo.trigger()
    assert document.report.value(Cell("t3", "partial", "natural")) != 71

    identity = page_widget(window, "identity")
    phone = identity.info["phone"]
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus)
    phone.selectAll()
    copy.trigger()
    assert clipboard.text() == phone.text() and phone.text()
    email = identity.info["email"]
    email.setFocus()
    qtbot.waitUntil(email.hasFocus)
    email.selectAll()
    paste.trigger()
    assert email.text() == phone.text() and document.report.info["email"] == phone.text()
