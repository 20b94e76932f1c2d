"""Exporting from the window: where the file goes, the findings it goes by (the document's own: a
report with errors is exported only as a marked 草稿), the writers of `exports/`, and opening the
result afterwards. Nothing here changes the report; a failed export leaves it as it was."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices

from exports.common import ExportKind, ExportRefused, prepare_export
from forms.atomic import SaveError
from forms.names import safe_name

if TYPE_CHECKING:
    from forms.report import Report

    from .document import ReportDocument
    from .settings import Settings


@dataclass
class ExportOutcome:
    kind: ExportKind
    path: Path | None = None           # the file written
    draft: bool = False                # written with the 草稿 mark
    refused: ExportRefused | None = None
    error: str | None = None           # why the file could not be written
    cancelled: bool = False            # the clerk chose not to write it (a file of that name exists)

    @property
    def ok(self) -> bool:
        return self.path is not None


def file_name(report: Report, kind: ExportKind, draft: bool) -> str:
    """The exported file's name: the report's title, cut to fit (forms.names), 草稿's mark kept."""
    return safe_name(report.title, str(kind), keep="（草稿）" if draft else "", fallback="政府信息公开工作年度报告")


def draft_name(report: Report) -> str:
    """The name suggested for a new draft file: the report's title, cut to fit (forms.names)."""
    return safe_name(report.title, "json", fallback="政府信息公开工作年度报告")


def default_folder(document: ReportDocument, settings: Settings) -> Path:
    """Next to the draft file; else the folder exported to last; else 文档."""
    if document.path is not None:
        return document.path.parent
    if settings.export_folder is not None and settings.export_folder.is_dir():
        return settings.export_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def export(document: ReportDocument, kind: ExportKind, folder: Path, draft: bool = False,
           where: Callable[[Path], Path | None] = lambda target: target) -> ExportOutcome:
    """Write the report as `kind` into `folder`. A report with errors is refused unless `draft`.
    `where`: given the file the report would go to, the file to write, or None to write nothing
    (asked only once the report may be exported)."""
    report = document.report
    try:
        # the document's findings are for the report as it is now: no need to check it again
        mark = prepare_export(report, draft, result=document.result)
    except ExportRefused as refused:
        return ExportOutcome(kind, refused=refused)
    target = where(Path(folder) / file_name(report, kind, mark is not None))
    if target is None:
        return ExportOutcome(kind, cancelled=True)
    try:
        written = kind.writer(report, target, mark=mark)
    except SaveError as exc:
        return ExportOutcome(kind, error=str(exc))
    except Exception as exc:   # a fault in a writer must not take the clerk's input with it
        traceback.print_exc(file=sys.stderr)
        return ExportOutcome(kind, error=f"导出{kind.label}文件时程序出错（{type(exc).__name__}）。"
                                         f"填写的内容没有丢失；请先保存草稿，再把草稿文件发给技术支持人员。")
    return ExportOutcome(kind, path=Path(written), draft=mark is not None)


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent if path.is_file() else path)))
