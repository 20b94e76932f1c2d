"""Paste as from Excel: a block copied with its header rows or label column lands by its labels, its
totals are compared with the computed ones, and the message says everything, neutrally when all went
in, and goes away with the next edit. The findings panel grows with what it lists. All on 表三 of the
gov-2021 sample, through the clipboard and Ctrl+V as a clerk pastes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from forms.expr import Cell
from forms.layout import Role, grid
from ui import style
from ui.tsv import format_block

from .conftest import page_widget, type_in_cell

T3 = "table:t3"
SAMPLE = "2025-qingchuan-scjgj.json"
# What the 三 rows of 表三 hold in the block pasted below (自然人, 商业企业, then 0s), and its （七）总计.
RESULTS = {"granted": (1500, 9), "partial": (400, 2), "denied_state_secret": (4, 0), "denied_law_forbidden": (1, 0),
           "denied_third_party": (3, 1), "unable_not_held": (1002, 4), "notproc_repeat": (77, 1),
           "other_other": (17, 0)}


def cell(row, column):
    return Cell("t3", row, column)


def open_t3(window):
    window.open_sample(SAMPLE)
    return window.document, page_widget(window, T3)


def excel_block(form, figures, labels=None):
    """表三 as Excel or WPS copies it from a workbook laid out like the printed table: three header rows
    (merged cells come as blanks), the group and label columns, then the figures; `figures` maps a row
    key to its seven texts, `labels` replaces a row's label (a typo)."""
    table = form.tables["t3"]
    printed = grid(table, form.computed_by_cell)
    rows = [[""] * printed.n_cols for _ in range(printed.n_rows)]
    keep = set()
    for gc in printed.cells:
        if gc.role in (Role.VALUE, Role.COMPUTED):
            rows[gc.row][gc.col] = figures.get(gc.cell.row, [""] * 7)[gc.col - printed.label_cols]
            keep.add(gc.row) if gc.cell.row in figures else None
        elif gc.role == Role.LABEL:
            key = table.rows[gc.row - printed.header_rows].key
            rows[gc.row][gc.col] = (labels or {}).get(key, gc.text)
        else:
            rows[gc.row][gc.col] = gc.text
    return format_block([r for i, r in enumerate(rows) if i < printed.header_rows or i in keep])


def paste(qtbot, view, text, at):
    QGuiApplication.clipboard().setText(text)
    assert view.select_cell(at)
    qtbot.keyClick(view, Qt.Key_V, Qt.ControlModifier)
    QApplication.processEvents()


def results_block(form, total="3004", labels=None):
    """The whole 三、本年度办理结果 part of 表三, as copied with its header rows; rows not in RESULTS hold 0."""
    keys = [r.key for r in form.tables["t3"].rows if not r.is_group]
    results = keys[keys.index("granted"):keys.index("other_other") + 1]
    figures = {key: ["0"] * 7 for key in results}
    figures.update({key: [f"{a:,}", str(b), "0", "0", "0", "0", f"{a + b:,}"] for key, (a, b) in RESULTS.items()})
    figures["total_processed"] = [total, "17", "0", "0", "0", "0", ""]
    return excel_block(form, figures, labels)


def foreground(label):
    return label.palette().color(label.foregroundRole())


def test_a_block_with_header_rows_and_label_columns_lands_by_its_labels(window, qtbot):
    document, page = open_t3(window)
    text = excel_block(document.form, {"new_received": ["3,001", "23", "", "1", "7", "2", "3,034"],
                                       "granted": ["71", "9", "0", "1", "3", "1", "85"],
                                       "denied_law_forbidden": ["6", "0", "0", "0", "0", "0", "6"]})
    paste(qtbot, page.view, text, at=cell("new_received", "natural"))      # the top-left input cell
    report = document.report
    assert report.value(cell("new_received", "natural")) == 3001
    assert report.value(cell("new_received", "research")) is None          # a blank in the block
    assert report.value(cell("denied_law_forbidden", "natural")) == 6      # not one row too low
    assert report.value(cell("denied_state_secret", "natural")) == 0      # a row the block left out
    assert report.value(cell("carried_over", "natural")) == 9
    message = page.message.text()
    assert message.startswith("已粘贴18个单元格。") and "没有填入" not in message, message
    assert foreground(page.message) not in (style.DONE_FG, style.ERROR_FG)     # neutral: nothing to do
    assert document.undo_stack.count() == 1


def test_a_label_typo_still_lands_on_its_row_and_is_said(window, qtbot):
    document, page = open_t3(window)
    text = excel_block(document.form, {"denied_law_forbidden": ["6", "0", "0", "0", "0", "0", "6"],
                                       "new_received": ["200", "23", "0", "1", "7", "2", "233"]},
                       labels={"denied_law_forbidden": "2.其他法律行政止公开",
                               "new_received": "一、本年新受理政府信息公开申请数量"})
    paste(qtbot, page.view, text, at=cell("granted", "natural"))
    report = document.report
    assert report.value(cell("denied_law_forbidden", "natural")) == 6
    assert report.value(cell("new_received", "natural")) == 200
    message = page.message.text()
    assert "“2.其他法律行政止公开”" in message and "“2.其他法律行政法规禁止公开”" in message, message


def test_a_block_whose_labels_name_no_row_pastes_nothing_and_says_why(window, qtbot):
    document, page = open_t3(window)
    before = document.report.copy()
    text = ("\t自然人\t商业企业\t科研机构\n"
            "（一）予以公开\t5\t1\t0\n"
            "本年度新增加的申请\t9\t0\t0\n")
    paste(qtbot, page.view, text, at=cell("granted", "natural"))
    assert document.report.same_content(before)
    assert document.undo_stack.count() == 0
    message = page.message.text()
    assert message.startswith("没有粘贴任何数字") and "“本年度新增加的申请”不是表三的栏目" in message, message
    assert foreground(page.message) == style.ERROR_FG


def test_a_pasted_total_unlike_the_sum_of_its_parts_is_named_with_both_figures(window, qtbot):
    document, page = open_t3(window)
    paste(qtbot, page.view, results_block(document.form, total="3,094"), at=cell("granted", "natural"))
    assert document.report.value(cell("total_processed", "natural")) == 3004
    message = page.message.text()
    assert "粘贴的“（七）总计”（自然人）3094与各项之和3004不一致" in message, message
    assert "商业企业" not in message                   # its total agrees: nothing to say
    assert foreground(page.message) == style.WARNING_FG


def test_the_message_goes_with_the_next_typed_entry(window, qtbot):
    document, page = open_t3(window)
    paste(qtbot, page.view, results_block(document.form), at=cell("granted", "natural"))
    assert page.message_area.isVisible() and page.message.text().startswith("已粘贴")
    type_in_cell(qtbot, page.view, cell("carried_over", "legal"), "1")
    assert not page.message_area.isVisible() and not page.message.text()


def test_the_message_goes_with_a_page_change_and_with_undo(window, qtbot):
    document, page = open_t3(window)
    paste(qtbot, page.view, results_block(document.form), at=cell("granted", "natural"))
    assert page.message_area.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_PageDown, Qt.ControlModifier)
    assert window.current_page() is not page
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_PageUp, Qt.ControlModifier)
    assert window.current_page() is page and not page.message_area.isVisible()
    paste(qtbot, page.view, results_block(document.form, total="3,094"), at=cell("granted", "natural"))
    assert page.message_area.isVisible()
    qtbot.keyClick(page.view, Qt.Key_Z, Qt.ControlModifier)
    assert document.report.value(cell("granted", "natural")) == 71 and not page.message_area.isVisible()


def test_every_refused_cell_is_listed(window, qtbot):
    document, page = open_t3(window)
    rows = ["granted", "partial", "denied_internal", "denied_process", "other_other"]
    figures = {key: [f"{key[:2]}{i}" for i in range(6)] + [""] for key in rows}    # “gr0”…: not figures
    paste(qtbot, page.view, excel_block(document.form, figures), at=cell("granted", "natural"))
    message = page.message.text()
    assert "有30处没有填入" in message, message
    for key in rows:
        for i in range(6):
            assert f"“{key[:2]}{i}”不是数字" in message
    area = page.message_area
    assert area.height() < page.height() / 3                         # the rest is a scroll away
    assert area.verticalScrollBar().maximum() > 0


def test_the_findings_panel_grows_with_its_findings_and_keeps_its_place_while_typing(window, qtbot):
    document, page = open_t3(window)
    document.set_section("overview", "本年度政务公开工作情况如下。")     # no figure R8 would compare
    window.resize(1366, 768)
    QApplication.processEvents()
    small = page.findings.height()
    type_in_cell(qtbot, page.view, cell("granted", "legal"), "4")       # one finding: the panel stays
    assert [f.rule for f in document.result.findings] == ["R1"]
    assert page.findings.height() == small
    paste(qtbot, page.view, "900\t900\t900\t900\t900\t900\n", at=cell("new_received", "natural"))
    QApplication.processEvents()
    assert len(document.result.findings) >= 6
    grown, table = page.findings.height(), page.view.height()
    assert grown > small * 1.5, (small, grown)
    assert page.findings.height() + page.message_area.height() <= page.splitter.height() * 0.45
    for figure in ("723", "9", "723"):              # a finding goes and comes back as the clerk types
        type_in_cell(qtbot, page.view, cell("carried_forward", "natural"), figure)
        assert page.view.height() == table and page.findings.height() >= grown     # the table does not jump
    splitter = page.splitter
    splitter.moveSplitter(splitter.sizes()[0] - 40, 1)                # the clerk drags it up
    assert page.findings.height() > grown
    type_in_cell(qtbot, page.view, cell("carried_forward", "natural"), "9")
    assert page.findings.height() > grown                              # and it stays where put


def test_table_four_copied_as_printed_lands_under_its_headers(window, qtbot):
    document, _ = open_t3(window)
    page = page_widget(window, "table:t4")
    results = "结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
    text = ("行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n"
            f"{results}\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n"
            f"\t\t\t\t\t{results}\t{results}\n"
            "2\t1\t0\t0\t3\t1\t0\t0\t1\t2\t0\t1\t0\t0\t1\n")
    paste(qtbot, page.view, text, at=Cell("t4", "admin_review", "upheld"))
    value = document.report.value
    assert [value(Cell("t4", "suit_direct", c)) for c in ("upheld", "corrected", "other", "pending")] == [1, 0, 0, 1]
    assert value(Cell("t4", "admin_review", "upheld")) == 2 and value(Cell("t4", "suit_after_review", "corrected")) == 1
    assert page.message.text() == "已粘贴12个单元格。"


def test_a_label_column_without_header_rows_pasted_on_a_label_fills_from_the_first_column(window, qtbot):
    document, page = open_t3(window)
    text = ("\t（三）不予公开\t1.属于国家秘密\t1\t0\t0\t0\t0\t0\t1\n"
            "\t\t2.其他法律行政法规禁止公开\t2\t1\t0\t0\t0\t0\t3\n")
    QGuiApplication.clipboard().setText(text)
    model = page.model
    label = model.index(model.index_of(cell("denied_state_secret", "natural")).row(), 2)     # its label cell
    page.view.setCurrentIndex(label)
    qtbot.keyClick(page.view, Qt.Key_V, Qt.ControlModifier)
    value = document.report.value
    assert [value(cell("denied_state_secret", "natural")), value(cell("denied_law_forbidden", "business"))] == [1, 1]
    assert page.message.text() == "已粘贴12个单元格。"


def test_a_row_of_figures_with_spaces_pasted_on_one_cell_goes_across_the_row(window, qtbot):
    """Copied from a PDF or Word, a table's row comes as figures with spaces between them: it fills
    the row as an Excel row does, and the message says so (never joined: 706018030)."""
    document, page = open_t3(window)
    paste(qtbot, page.view, "70 60 180 30", at=cell("new_received", "natural"))
    value = document.report.value
    assert [value(cell("new_received", c)) for c in ("natural", "business", "research", "public_interest")] == [
        70, 60, 180, 30]
    message = page.message.text()
    assert message.startswith("已粘贴4个单元格") and "用空格隔开的几个数字" in message, message
    head = message.split("\n")[0]
    assert "栏目名称" not in head and "用空格隔开的数字" in head, head
    assert foreground(page.message) == style.WARNING_FG


def test_figures_with_spaces_on_several_lines_fill_as_many_rows(window, qtbot):
    document, page = open_t3(window)
    paste(qtbot, page.view, "1 2 3\n4 5 6\n", at=cell("granted", "natural"))
    value = document.report.value
    assert [value(cell("granted", c)) for c in ("natural", "business", "research")] == [1, 2, 3]
    assert [value(cell("partial", c)) for c in ("natural", "business", "research")] == [4, 5, 6]


def test_a_figure_grouped_with_a_space_is_refused_and_says_how(window, qtbot):
    document, page = open_t3(window)
    paste(qtbot, page.view, "3 001", at=cell("new_received", "natural"))
    assert document.report.value(cell("new_received", "natural")) != 3001
    assert document.report.value(cell("new_received", "business")) == 23
    message = page.message.text()
    assert "没有粘贴任何数字" in message and "如果是一个数字，请去掉空格" in message, message


def test_table_three_pasted_on_table_two_says_why_nothing_went_in(window, qtbot):
    document, _ = open_t3(window)
    page = page_widget(window, "table:t2")
    before = document.report.copy()
    first = next(iter(page.model.cells()))
    paste(qtbot, page.view, results_block(document.form), at=first)
    assert document.report.same_content(before)
    message = page.message.text()
    assert message.startswith("没有粘贴任何数字") and "复制的栏目不是表二的" in message, message
    assert "请到表三粘贴" in message


def test_a_long_word_text_pasted_on_a_table_is_refused_plainly(window, qtbot):
    """~180 KB of prose opening with a quote (csv's field limit was a program error)."""
    document, page = open_t3(window)
    before = document.report.copy()
    text = '"关于印发通知的说明\n' + "本机关认真贯彻落实政府信息公开条例，持续推进政务公开工作。\n" * 6000
    paste(qtbot, page.view, text, at=cell("granted", "natural"))
    assert document.report.same_content(before)
    message = page.message.text()
    assert message.startswith("没有粘贴任何数字") and "是文字，没有数字" in message and len(message) < 500, message


def test_ten_thousand_bare_rows_say_as_many_not_pasted_in_the_head_line_as_below(window, qtbot):
    document, page = open_t3(window)
    paste(qtbot, page.view, "\n".join(["1\t1\t1\t1\t1\t1"] * 10000), at=cell("new_received", "natural"))
    message = page.message.text()
    head, *items = message.split("\n")
    outside = next(item for item in items if "超出了表格范围" in item)
    count = int(outside.split("有")[1].split("个")[0])
    assert count > 50000 and f"有{count}处没有填入" in head, message


def test_ten_thousand_rows_with_unknown_labels_are_refused_with_a_short_message(window, qtbot):
    document, page = open_t3(window)
    before = document.report.copy()
    rows = "".join(f"第{i}行\t\t\t" + "\t".join(["1"] * 7) + "\n" for i in range(10000))
    paste(qtbot, page.view, results_block(document.form) + rows, at=cell("granted", "natural"))
    assert document.report.same_content(before)
    message = page.message.text()
    assert "“第0行”不是表三的栏目" in message and "共10000处" in message and len(message) < 3000, message
