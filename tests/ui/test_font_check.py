"""Before a Word export the window says which fonts of the file this PC lacks, how the file will look
here, and offers the fonts of the same role it has (改用), the official ones anyway, or 取消; a choice
remembered is not asked again. When it cannot tell which fonts are installed, it asks nothing."""

from __future__ import annotations

import re
import zipfile

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox, QPushButton

from exports.font_roles import FontRole
from forms.draft import write_draft
from ui import dialogs
from ui.settings import Settings

from .conftest import page_widget

WINDOWS_PC = {"宋体", "SimSun", "仿宋", "FangSong", "黑体", "SimHei", "楷体", "KaiTi", "Times New Roman"}
WORD = "青川市市场监督管理局2025年政府信息公开工作年度报告.docx"


def styles_and_runs(path) -> tuple[dict[str, str], set[str]]:
    """{style id: its East Asian font} and every East Asian font the body's runs name."""
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
    by_style = {}
    for style in re.findall(r"<w:style\b.*?</w:style>", styles, re.S):
        found = re.search(r'w:eastAsia="([^"]+)"', style.split("<w:lang")[0])
        name = re.search(r'w:styleId="([^"]+)"', style)
        if found and name:
            by_style[name.group(1)] = found.group(1)
    return by_style, set(re.findall(r'<w:rFonts[^>]*w:eastAsia="([^"]+)"', body))


def export_word(window, qtbot, tmp_path, qingchuan):
    if window.document is None:
        window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    return window.current_page()


def test_a_missing_font_is_told_and_the_installed_alternative_written(window, qtbot, tmp_path, qingchuan,
                                                                      scripted, installed_fonts):
    installed_fonts.families = WINDOWS_PC
    scripted.answers = ["use"]
    page = export_word(window, qtbot, tmp_path, qingchuan)
    asked = scripted.asked[-1]
    assert "本机没有“方正小标宋简体”：在本机打开时标题将以“宋体”显示" in asked
    assert "本机没有“仿宋_GB2312”：在本机打开时正文和表格将以“仿宋”显示" in asked
    assert "文件本身仍使用规定字体，在装有该字体的电脑上打开、打印时正常" in asked
    assert "选择改用“宋体”“仿宋”“楷体”，导出的文件" in asked and "””" not in asked      # no quotes in quotes
    word = page.written["docx"]
    assert word == tmp_path / WORD
    styles, runs = styles_and_runs(word)
    assert "仿宋" in styles.values() and "楷体" in styles.values() and "黑体" in styles.values()
    assert not {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"} & (set(styles.values()) | runs)
    assert "宋体" in runs                            # the title's runs
    # not remembered: the next export asks again, and the settings still name the official fonts
    assert Settings(window.data_dir).fonts()[FontRole.BODY] == "仿宋_GB2312"
    scripted.answers = ["keep"]
    export_word(window, qtbot, tmp_path, qingchuan)
    assert len(scripted.asked) == 2
    styles, runs = styles_and_runs(word)
    assert "仿宋_GB2312" in styles.values() and "方正小标宋简体" in runs


def test_the_alternative_remembered_becomes_the_setting(window, qtbot, tmp_path, qingchuan, scripted,
                                                        installed_fonts):
    installed_fonts.families = WINDOWS_PC
    scripted.answers = [("use", True)]
    export_word(window, qtbot, tmp_path, qingchuan)
    fonts = Settings(window.data_dir).fonts()
    assert (fonts[FontRole.TITLE], fonts[FontRole.BODY], fonts[FontRole.SUBHEADING]) == ("宋体", "仿宋", "楷体")
    export_word(window, qtbot, tmp_path, qingchuan)          # nothing missing now: not asked
    assert len(scripted.asked) == 1


def test_exporting_with_the_official_fonts_remembered_is_not_asked_again(window, qtbot, tmp_path, qingchuan,
                                                                         scripted, installed_fonts):
    installed_fonts.families = WINDOWS_PC
    scripted.answers = [("keep", True)]
    page = export_word(window, qtbot, tmp_path, qingchuan)
    styles, runs = styles_and_runs(page.written["docx"])
    assert "仿宋_GB2312" in styles.values() and "方正小标宋简体" in runs
    export_word(window, qtbot, tmp_path, qingchuan)
    assert len(scripted.asked) == 1
    installed_fonts.families = WINDOWS_PC - {"黑体", "SimHei"}     # another font missing: asked again
    scripted.answers = ["cancel"]
    export_word(window, qtbot, tmp_path, qingchuan)
    assert "本机没有“黑体”" in scripted.asked[-1] and "方正小标宋简体" not in scripted.asked[-1]


def test_cancel_writes_nothing(window, qtbot, tmp_path, qingchuan, scripted, installed_fonts):
    installed_fonts.families = WINDOWS_PC
    scripted.answers = ["cancel"]
    page = export_word(window, qtbot, tmp_path, qingchuan)
    assert "docx" not in page.written and not (tmp_path / WORD).exists()
    assert "没有导出" in page.failure.text()


def test_no_installed_alternative_offers_only_the_official_fonts_or_cancel(window, qtbot, tmp_path, qingchuan,
                                                                           scripted, installed_fonts, monkeypatch):
    installed_fonts.families = {"Noto Serif CJK SC", "Liberation Serif"}
    offered = []
    monkeypatch.setattr(dialogs, "ask_remembered", lambda parent, text, choices, details="", default=None:
                        offered.append(choices) or ("cancel", False))
    export_word(window, qtbot, tmp_path, qingchuan)
    assert [key for key, _ in offered[0]] == ["keep", "cancel"]


def test_when_the_fonts_cannot_be_told_nothing_is_asked(window, qtbot, tmp_path, qingchuan, scripted):
    page = export_word(window, qtbot, tmp_path, qingchuan)
    assert page.written["docx"].exists() and scripted.asked == []


def test_the_question_itself_clicked_with_remember_ticked(qtbot, qapp):
    """dialogs.ask_remembered as the clerk sees it: the buttons, the box to tick (never remembered for 取消)."""
    seen = {}

    def click(tick: bool, button: str):
        def shown():
            return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
                         and w.windowHandle() is not None and w.windowHandle().isExposed()), None)

        qtbot.waitUntil(lambda: shown() is not None)
        box = shown()
        seen["buttons"] = [b.text() for b in box.findChildren(QPushButton)]
        if tick:
            qtbot.mouseClick(box.findChild(QCheckBox), Qt.LeftButton)
        if button == "esc":
            qtbot.keyClick(box, Qt.Key_Escape)
        else:
            qtbot.mouseClick(next(b for b in box.findChildren(QPushButton) if b.text() == button), Qt.LeftButton)

    choices = [("use", "改用“仿宋”"), ("keep", "仍按规定字体导出"), ("cancel", "取消")]
    QTimer.singleShot(0, lambda: click(True, "改用“仿宋”"))
    assert dialogs.ask_remembered(None, "本机没有“仿宋_GB2312”", choices, "说明") == ("use", True)
    assert set(seen["buttons"]) >= {"改用“仿宋”", "仍按规定字体导出", "取消"}
    QTimer.singleShot(0, lambda: click(False, "仍按规定字体导出"))
    assert dialogs.ask_remembered(None, "本机没有“仿宋_GB2312”", choices, "说明") == ("keep", False)
    QTimer.singleShot(0, lambda: click(True, "esc"))
    assert dialogs.ask_remembered(None, "本机没有“仿宋_GB2312”", choices, "说明") == ("cancel", False)   # Esc: 取消


def test_before_a_pdf_the_question_says_the_pdf_keeps_this_pcs_fonts(window, qtbot, tmp_path, qingchuan, scripted,
                                                                    installed_fonts, monkeypatch):
    from pathlib import Path

    from host import office
    from host.office import Converter, Office

    monkeypatch.setattr(office, "find_office", lambda: Office(Converter.LIBREOFFICE, Path("/nowhere/soffice")))
    installed_fonts.families = WINDOWS_PC
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    scripted.answers = ["cancel"]
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    asked = scripted.asked[-1]
    assert "本机没有“方正小标宋简体”：PDF中的标题将改用本机的“宋体”" in asked
    assert "PDF按本机已有的字体生成" in asked and "在装有该字体的电脑上打开、打印时正常" not in asked
    assert "pdf" not in page.written and "没有导出" in page.failure.text()


REAL_ASK_REMEMBERED = dialogs.ask_remembered       # before the `scripted` fixture stands in for it


def test_before_a_pdf_no_button_promises_the_official_fonts(window, qtbot, tmp_path, qingchuan, installed_fonts,
                                                           monkeypatch):
    """The PDF keeps this PC's fonts whatever is chosen: the button that goes on says so (仍然导出PDF), not
    仍按规定字体导出, which the text above it contradicts. The question as the clerk sees it, clicked."""
    from pathlib import Path

    from host import office
    from host.office import Converter, Office

    monkeypatch.setattr(dialogs, "ask_remembered", REAL_ASK_REMEMBERED)
    monkeypatch.setattr(office, "find_office", lambda: Office(Converter.LIBREOFFICE, Path("/nowhere/soffice")))
    installed_fonts.families = {"Noto Serif CJK SC", "Liberation Serif"}      # no font of the roles here
    window.open_path(write_draft(qingchuan, tmp_path / "青川.json"))
    page = page_widget(window, "export")
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen.extend(b.text() for b in box.buttons())
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "取消"), Qt.LeftButton)

    QTimer.singleShot(50, answer)
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    assert set(seen) == {"仍然导出PDF", "取消"}
    assert "pdf" not in page.written and "没有导出" in page.failure.text()
