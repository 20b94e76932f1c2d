"""导出PDF: our Word file, exactly as 一键导出Word writes it (the draft mark, the fonts of 设置), printed
to PDF by the office program this PC has (host.office: LibreOffice, or WPS or Word on Windows). A PDF
made by the program that also opens the Word file looks as the Word file does there, and there is one
layout to get right, not two. Seconds long: the window runs it off its own thread."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from forms.names import safe_name
from forms.report import Report
from host import office as host_office
from host.office import NO_OFFICE, ConversionError, Office

from .docx_writer import write_docx
from .typesetting import Typesetting


def write_pdf(report: Report, path: str | Path, mark: str | None = None, fonts: Typesetting | None = None,
              office: Office | None = None, cancel: threading.Event | None = None) -> Path:
    """Write the report as a PDF at `path`, through `office` (the one found on this PC when None).
    Raises host.office.ConversionError (a forms.atomic.SaveError) with the message for the clerk —
    NO_OFFICE when this PC has no program for it — or host.office.ConversionCancelled."""
    found = office or host_office.find_office()
    if found is None:
        raise ConversionError(NO_OFFICE)
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="nianbao-docx-") as folder:
        # named as the PDF will be (the program may print the file's name in the PDF's properties), by
        # the one rule for the names we make: a PDF's legal name with .docx may be a byte too long
        docx = write_docx(report, Path(folder) / safe_name(target.stem, "docx"), mark=mark, fonts=fonts)
        return host_office.convert(found, docx, target, cancel=cancel)
