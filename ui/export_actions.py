"""Exporting from the window: where the file goes, the findings it goes by (the document's own: a
report with errors is exported only as a marked 草稿), the writers of `exports/`, and opening the
result afterwards. Nothing here changes the report; a failed export leaves it as it was."""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices

from exports.common import ExportKind, ExportRefused, prepare_export
from forms.atomic import SaveError
from forms.names import safe_name

if TYPE_CHECKING:
    from exports.typesetting import Typesetting
    from forms.report import Report

    from .document import ReportDocument


@dataclass
class ExportOutcome:
    kind: ExportKind
    path: Path | None = None           # the file written
    draft: bool = False                # written with the 草稿 mark
    refused: ExportRefused | None = None
    error: str | None = None           # why the file could not be written
    cancelled: bool = False            # the clerk chose not to write it (a file of that name exists)
    running: bool = False              # being written off the window's thread (the PDF): told when done

    @property
    def ok(self) -> bool:
        return self.path is not None


def file_name(report: Report, kind: ExportKind, draft: bool) -> str:
    """The exported file's name: the report's title, cut to fit (forms.names), 草稿's mark kept."""
    return safe_name(report.title, str(kind), keep="（草稿）" if draft else "", fallback="政府信息公开工作年度报告")


def draft_name(report: Report) -> str:
    """The name suggested for a new draft file: the report's title, cut to fit (forms.names)."""
    return safe_name(report.title, "json", fallback="政府信息公开工作年度报告")


APP_FOLDER = "年报通"           # in 文档: one folder per year's report inside it


def beside_draft(document: ReportDocument) -> Path | None:
    """Where this report's exports go: the draft's folder; None until the report is saved."""
    return document.path.absolute().parent if document.path is not None else None


@dataclass
class OfferedHome:
    """文档/年报通/<年度> offered in a chooser, and the folders made for that (deepest first)."""

    folder: Path
    made: list[Path]

    def keep(self, chosen: Path) -> None:
        """`chosen` is where files will go later: it and the folders above it stay."""
        chosen = chosen.absolute()
        self.made = [level for level in self.made if level != chosen and level not in chosen.parents]


def default_reports_folder() -> Path:
    """Where each year's folder of reports is made unless 设置 says otherwise: 文档/年报通."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return (Path(documents) if documents else Path.home()) / APP_FOLDER


@contextmanager
def report_home(year: int | None, base: Path | None = None) -> Iterator[OfferedHome]:
    """The folder offered for a report not yet saved, while a chooser is open: <base>/<年度> — `base`
    the folder for reports chosen in 设置, else 文档/年报通 —, made when missing so that the chooser
    opens inside it. The folders made for it are removed again afterwards when they are still empty
    (the question cancelled, another folder chosen) unless kept (`OfferedHome.keep`): no empty folder
    is left behind. Where it cannot be made (no 文档, no permission, a file of that name): the home folder."""
    folder = base or default_reports_folder()
    if year is not None:
        folder /= str(year)
    offer = OfferedHome(folder, [level for level in (folder, *folder.parents) if not level.exists()])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        offer = OfferedHome(Path.home(), [])
    try:
        yield offer
    finally:
        for level in offer.made:                # deepest first; a folder with anything in it stays
            try:
                level.rmdir()
            except OSError:
                break


def open_elsewhere(path: Path) -> Path | None:
    """The owner file an office program keeps beside `path` while it has it open, or None:
    Word and WPS write “~$” over the name's first two characters (or before a short name),
    LibreOffice writes “.~lock.<name>#”. Replacing a file that is open there loses what the clerk
    has not yet saved in it, and on Linux the program would go on showing (and saving) the old one."""
    name = path.name
    owners = ["~$" + name[2:], "~$" + name[1:], "~$" + name, f".~lock.{name}#"]
    return next((path.with_name(owner) for owner in owners if path.with_name(owner).is_file()), None)


@dataclass(frozen=True)
class ExportJob:
    """An export decided — the report, where it goes, its mark and fonts — and not yet written. The PDF's
    is written off the window's thread (an office program takes seconds): it holds a copy of the report
    as it was when asked for, which the clerk's further typing does not change."""

    kind: ExportKind
    report: Report
    target: Path
    mark: str | None
    last: Report | None = None
    fonts: Typesetting | None = None

    def run(self, cancel: threading.Event | None = None) -> ExportOutcome:
        """Write the file (on any thread: nothing here touches the window). `cancel`: the PDF's
        conversion stops when it is set (the window is closing)."""
        from exports.pdf_writer import write_pdf
        from host.office import ConversionCancelled

        kind = self.kind
        try:
            if kind is ExportKind.PDF:
                written = write_pdf(self.report, self.target, self.mark, self.fonts, cancel=cancel)
            else:
                written = kind.write(self.report, self.target, self.mark, self.last, self.fonts)  # last: 上年对照
        except SaveError as exc:
            return ExportOutcome(kind, error=str(exc))
        except ConversionCancelled:
            return ExportOutcome(kind, cancelled=True)
        except Exception as exc:   # a fault in a writer must not take the clerk's input with it
            from host.log import report_private, told_fault

            traceback.print_exc(file=sys.stderr)
            told = told_fault(f"导出{kind.label}文件", exc, [self.target], report_private(self.report))
            return ExportOutcome(kind, error=f"导出{kind.label}文件时程序出错。"
                                             f"填写的内容没有丢失，请先保存草稿。{told}")
        return ExportOutcome(kind, path=Path(written), draft=self.mark is not None)


def plan(document: ReportDocument, kind: ExportKind, where: Callable[[str], Path | None],
         draft: bool = False, fonts: Callable[[], Typesetting | None] | None = None) -> ExportJob | ExportOutcome:
    """The export of the report as `kind`, to be run; or the outcome when there is nothing to write.
    A report with errors is refused unless `draft`.
    `where`: given the name of the file, the file to write, or None to write nothing (asked only
    once the report may be exported: a refused report never asks where to go). `fonts`: the Word
    file's typesetting (`ui.font_check`: it may ask about fonts missing here, before `where`), or None
    to write nothing."""
    report = document.report
    try:
        # the document's findings are for the report as it is now: no need to check it again
        mark = prepare_export(report, draft, result=document.result)
    except ExportRefused as refused:
        return ExportOutcome(kind, refused=refused)
    typeset = fonts() if fonts is not None and kind.word_fonts else None
    if fonts is not None and kind.word_fonts and typeset is None:
        return ExportOutcome(kind, cancelled=True)
    target = where(file_name(report, kind, mark is not None))
    if target is None:
        return ExportOutcome(kind, cancelled=True)
    if kind is ExportKind.PDF:
        return ExportJob(kind, report.copy(), target, mark, fonts=typeset)
    return ExportJob(kind, report, target, mark, document.last, typeset)


def export(document: ReportDocument, kind: ExportKind, where: Callable[[str], Path | None],
           draft: bool = False, fonts: Callable[[], Typesetting | None] | None = None) -> ExportOutcome:
    """Write the report as `kind` now (`plan`, then run on this thread)."""
    planned = plan(document, kind, where, draft, fonts)
    return planned.run() if isinstance(planned, ExportJob) else planned


def open_file(path: Path) -> bool:
    """Open `path` in the program the desktop has for it; False when the desktop could not."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    """Show the folder of `path` (or `path`, a folder) in the file manager; False when there is none
    (统信UOS or 麒麟 without one, a session without a desktop)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent if path.is_file() else path)))
