"""Screenshots of every page of the wizard, for both the current format (the gov-2021 sample) and
the legacy one (the gov-2014 sample), plus the start page, a 表三 with a typo (its table, the 检查 page
listing the likely typos), the 按建议修正 dialog, 设置 and the question about missing fonts.

    python tools/screenshots.py [OUT_FOLDER] [--size 1366x768]      (default: screenshots/, 1280×800)

For 150 % scaling set QT_SCALE_FACTOR=1.5 (the size is then in device-independent pixels: 1600×1000
at 150 % is --size 1066x666). Runs offscreen (no display needed). Chinese shows as boxes unless a CJK font is installed
(fonts-noto-cjk): look at the PNGs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from forms.expr import Cell
from ui import style
from ui.app import create_window

SAMPLES = {"gov-2021": "2025-qingchuan-scjgj.json", "gov-2014": "2017-yueqing-wenguangxin.json"}


def settle(app) -> None:
    for _ in range(3):
        app.processEvents()


def grab_pages(app, window, out: Path, prefix: str, keys=None) -> list[Path]:
    written = []
    for row, page in enumerate(window.pages):
        if keys is not None and page.key not in keys:
            continue
        window.go(row)
        settle(app)
        path = out / f"{prefix}-{row + 1:02d}-{page.key.replace(':', '-')}.png"
        window.grab().save(str(path))
        written.append(path)
    return written


def grab_typo(app, window, out: Path) -> list[Path]:
    """表三 with two digits swapped (71 typed as 17): the table, the 检查 page with the typo listed
    beside the offer, and the 按建议修正 dialog."""
    from forms.typos import candidates
    from ui.fix_dialog import FixDialog
    from ui.page_plan import PageKind

    window.open_sample(SAMPLES["gov-2021"])
    document = window.document
    cell = Cell("t3", "granted", "natural")
    document.enter(cell, str(document.report.value(cell))[::-1])
    written = grab_pages(app, window, out, "gov-2021-typo", {"table:t3", "review"})
    review = window.page_widgets[window.page_index(PageKind.REVIEW)]
    review.findings.setCurrentIndex(review.findings.model().index(1, 0))
    settle(app)
    written.append(out / "gov-2021-typo-review-selected.png")
    window.grab().save(str(written[-1]))
    finding = next(f for f in document.result.findings if f.fix is not None)
    target, value = finding.fix
    dialog = FixDialog(window, document.form, target, document.report.value(target), value,
                       candidates(document.report, finding, document.last))
    dialog.show()
    settle(app)
    written.append(out / "gov-2021-typo-fix-dialog.png")
    dialog.grab().save(str(written[-1]))
    dialog.close()
    document._saved = document.report.copy()
    return written


# The fonts of a usual Windows PC: 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体 are not among them.
WINDOWS_FONTS = {"宋体", "SimSun", "仿宋", "FangSong", "黑体", "SimHei", "楷体", "KaiTi", "Times New Roman"}


def grab_settings(app, window, out: Path) -> list[Path]:
    """设置 and the question before a Word export, as on a usual Windows PC (its fonts, not this one's)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from host import fonts
    from ui.font_check import fonts_for_export
    from ui.settings_dialog import SettingsDialog

    fonts.installed_fonts = lambda: fonts.InstalledFonts(WINDOWS_FONTS)
    written = [out / "settings-dialog.png", out / "missing-fonts-question.png"]
    dialog = SettingsDialog(window.settings, window)
    dialog.show()
    settle(app)
    dialog.grab().save(str(written[0]))
    dialog.reject()

    def grab_question():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        settle(app)
        box.grab().save(str(written[1]))
        box.reject()

    QTimer.singleShot(200, grab_question)
    fonts_for_export(window, window.settings)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every page of the window.")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "screenshots", help="folder for the PNGs")
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args(argv[1:])
    width, height = (int(n) for n in args.size.lower().split("x"))
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        app, window = create_window(Path(data))
        if not style.has_cjk_font():
            print("注意：没有找到中文字体（如 fonts-noto-cjk），截图中的中文会显示为方框。", file=sys.stderr)
        window.resize(width, height)
        window.preload.wait()
        settle(app)
        written = [out / "start.png"]
        window.grab().save(str(written[0]))
        for form_id, sample in SAMPLES.items():
            window.open_sample(sample)
            written += grab_pages(app, window, out, form_id)
            window.document._saved = window.document.report.copy()   # no "save?" question between samples
        # the current format with an R1 error, as a clerk sees it while typing
        window.open_sample(SAMPLES["gov-2021"])
        window.document.enter(Cell("t3", "new_received", "natural"), "190")
        written += grab_pages(app, window, out, "gov-2021-error", {"table:t3", "review", "export"})
        # the bottom of 表三: its header rows stay above the rows that scrolled
        t3 = next(row for row, page in enumerate(window.pages) if page.key == "table:t3")
        window.go(t3)
        view = window.page_widgets[t3].view
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        settle(app)
        written.append(out / "gov-2021-error-05-table-t3-bottom.png")
        window.grab().save(str(written[-1]))
        window.document._saved = window.document.report.copy()
        written += grab_typo(app, window, out)
        written += grab_settings(app, window, out)
        for path in written:
            print(path)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
