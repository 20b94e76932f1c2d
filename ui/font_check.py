"""The question before a Word export when this PC lacks fonts the file names: which are missing and how
the file will look here, the fonts of the same role this PC has (改用), the official ones anyway, or 取消.
A choice remembered is kept in the settings: 改用 becomes the font of those roles, 仍按规定字体导出 keeps
those fonts from being asked about again. When the installed fonts cannot be told, nothing is asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exports.font_roles import consequence, font_problems, replacements, with_fonts
from host import fonts as host_fonts

from . import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from exports.typesetting import Typesetting

    from .settings import Settings


def fonts_for_export(parent: QWidget | None, settings: Settings, pdf: bool = False) -> Typesetting | None:
    """The typesetting to write the Word file with — the settings' own, or with the installed
    alternatives the clerk chose; None: the clerk cancelled the export. `pdf`: the Word file is to be
    printed to PDF here, which keeps this PC's fonts for good (said so)."""
    ts = settings.typesetting()
    installed = host_fonts.installed_fonts()
    kept = settings.kept_missing()
    problems = [p for p in font_problems(ts, installed) if p.font not in kept]
    if not problems:
        return ts
    offered = replacements(ts, problems, installed)
    names = "".join(f"“{name}”" for name in dict.fromkeys(offered.values()))
    # a PDF keeps this PC's fonts whatever is chosen: its button promises no official fonts
    keep = "仍然导出PDF" if pdf else "仍按规定字体导出"
    choices = ([("use", f"改用{names}")] if offered else []) + [("keep", keep), ("cancel", "取消")]
    text = "本机缺少Word文件规定使用的字体：\n" + "\n".join(f"· {p.says(pdf)}" for p in problems)
    details = f"{consequence(pdf)}。"
    if offered and not pdf:
        details += (f"选择改用{names}，导出的文件改用本机已有的这些字体，在哪台电脑上打开都是这些字体；"
                    f"要交给上级或印发的文件，一般应按规定字体导出。")
    choice, remember = dialogs.ask_remembered(parent, text, choices, details, default="keep")
    if choice == "use":
        if remember:
            settings.set_fonts(offered)
        return with_fonts(ts, offered)
    if choice == "keep":
        if remember:
            settings.keep_missing(p.font for p in problems)
        return ts
    return None
