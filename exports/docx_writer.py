"""The Word file of a report, typeset as GB/T 9704 with the official table layouts (docs/format-files.md §5).

    write_docx(report, "报告.docx", mark=None) → Path

The document reads, in order: the title (机关名称 + 年度 + 政府信息公开工作年度报告), a blank line,
the opening paragraph, every section under its heading (prose split into paragraphs with their
sub-headings, tables in their official layout), then the organ's name and the date in the place
GB/T 9704 gives a signature. A section marked `appendix` (the 2014 统计表) follows on a new page
under its own title, as an attachment follows a document.

Whether a report may be exported at all is the caller's business (`exports.common.prepare_export`);
the writer prints `mark` ("草稿（未通过校验）") in the header of every page when it is given.
The file is written atomically: a failure leaves any previous file as it was and raises
`forms.atomic.SaveError` with a message for the user.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from forms.atomic import atomic_write
from forms.definition import SectionKind
from forms.layout import grid
from forms.report import Report, printed_date

from .docx_setup import (
    HEADING,
    NORMAL,
    SUBTITLE,
    TABLE_TEXT,
    TITLE,
    RunFormats,
    add_mark,
    add_page_numbers,
    install_styles,
    set_up_page,
    tidy_package,
)
from .docx_table import build_table
from .docx_xml import indent, keep_with_next, line_break, paragraph, run
from .prose import BODY, NUMBERED, SUBHEADING, SUBNUMBERED, Paragraph, paragraphs
from .typesetting import TEXT_WIDTH_MM, Typesetting, text_width

# GB/T 9704: the date stands two characters in from the right, the organ's name starts two
# characters left of the date.
_SIGNATURE_RIGHT, _SIGNATURE_OFFSET = 2.0, 2.0


def write_docx(report: Report, path, mark: str | None = None, fonts: Typesetting | None = None) -> Path:
    """Write the report as a Word file at `path`; returns the path written."""
    document = build_document(report, mark=mark, fonts=fonts)
    return atomic_write(path, document.save)


def build_document(report: Report, mark: str | None = None, fonts: Typesetting | None = None):
    """The report as a python-docx `Document` (not yet saved)."""
    ts = fonts or Typesetting()
    formats = RunFormats.of(ts)
    document = docx.Document()
    install_styles(document, ts, formats)
    tidy_package(document, ts, title=report.title, author=report.organ)
    for section in document.sections:         # one today; each states its page, grid and footers
        set_up_page(section)
        if mark:
            add_mark(section, mark, formats)      # headers first: Word writes their references first
        add_page_numbers(section, ts, formats)
    _Writer(document, report, ts, formats).write()
    return document


def signature_indents(organ: str, date: str) -> tuple[float, float]:
    """Right indents, in characters, of the organ's name and of the date (GB/T 9704 7.3.5.2): the
    date two characters in from the right and starting two characters right of the organ's name;
    a name longer than that moves right until it stands two characters in, and the date with it."""
    if not date:
        return _SIGNATURE_RIGHT, 0.0
    o, d = text_width(organ), text_width(date)
    organ_right = _SIGNATURE_RIGHT + d + _SIGNATURE_OFFSET - o
    if organ_right >= _SIGNATURE_RIGHT:
        return organ_right, _SIGNATURE_RIGHT
    return _SIGNATURE_RIGHT, _SIGNATURE_RIGHT + o - _SIGNATURE_OFFSET - d


class _Writer:
    """Appends the report's paragraphs and tables to the body, in reading order."""

    def __init__(self, document, report: Report, ts: Typesetting, formats: RunFormats):
        self.report = report
        self.form = report.form
        self.ts = ts
        self.f = formats
        self._end = document.element.body.sectPr   # everything goes before the section properties
        self._last = None

    def add(self, element) -> None:
        self._end.addprevious(element)
        self._last = element

    def write(self) -> None:
        self.title()
        self.add(paragraph(NORMAL))
        preface = self.report.preface()
        if preface:
            self.prose(preface)
        appendices = []
        for section in self.form.sections:
            if section is self.form.preface:
                continue
            if section.appendix:
                appendices.append(section)
                continue
            self.add(paragraph(HEADING[1], [run(section.heading, self.f.heading)]))
            if section.has_prose:
                self.prose(self.report.section_text(section.key))
            if section.kind is SectionKind.TABLE and section.table:
                self.table(section.table)
        self.signature()
        for section in appendices:
            self.appendix(section)
        if self._last is not None and self._last.tag == qn("w:tbl"):
            self.add(paragraph(TABLE_TEXT))     # Word needs a paragraph after a closing table

    def title(self) -> None:
        """The title, broken after the organ's name when it does not fit one line (GB/T 9704
        wants a title broken where the words allow, not mid-word)."""
        report = self.report
        fmt = self.f.title
        per_line = int(TEXT_WIDTH_MM / 25.4 * 72 / self.ts.title_size)
        title, organ = report.title, report.organ
        rest = title[len(organ):]
        if text_width(title) > per_line and organ and text_width(organ) <= per_line \
                and text_width(rest) <= per_line:
            runs = [run(organ, fmt), line_break(fmt), run(rest, fmt)]
        else:
            runs = [run(title, fmt)]
        self.add(paragraph(TITLE, runs))

    def prose(self, text: str) -> None:
        for par in paragraphs(text):
            self.add(self._paragraph(par))

    def _paragraph(self, par: Paragraph):
        if par.level == BODY:
            return paragraph(NORMAL, [run(par.text, self.f.body)])
        fmt = {SUBHEADING: self.f.subheading, NUMBERED: self.f.numbered, SUBNUMBERED: self.f.body}[par.level]
        if not par.rest:
            return paragraph(HEADING[par.level], [run(par.text, fmt)])
        return paragraph(NORMAL, [run(par.heading, fmt), run(par.rest, self.f.body)])

    def table(self, key: str) -> None:
        if self._last is not None and self._last.tag == qn("w:p"):
            keep_with_next(self._last)          # “……见下表。” stays with its table
        self.add(build_table(grid(self.form.tables[key], self.form.computed_by_cell), self.report,
                             self.ts, self.f))

    def signature(self) -> None:
        organ = self.report.organ.strip()
        date = printed_date(self.report.info.get("date"))
        if not organ and not date:
            return
        organ_right, date_right = signature_indents(organ, date)
        size = self.ts.body_size
        # The signature never stands alone on a page: the text's last lines go with it.
        if self._last is not None and self._last.tag == qn("w:p"):
            keep_with_next(self._last)
        self.add(paragraph(NORMAL, keep_next=True))
        if organ:
            self.add(paragraph(NORMAL, [run(organ, self.f.body)], jc="right", keep_next=bool(date),
                               ind=indent(size, first_chars=0, right_chars=organ_right)))
        if date:
            self.add(paragraph(NORMAL, [run(date, self.f.body)], jc="right",
                               ind=indent(size, first_chars=0, right_chars=date_right)))

    def appendix(self, section) -> None:
        """A table appended on a new page under its own title and its year line (the 2014 统计表)."""
        table = self.form.tables[section.table] if section.table else None
        title = table.title if table else section.heading
        self.add(paragraph(TITLE, [run(title, self.f.title)], page_break_before=True))
        subtitle = table.subtitle_for(self.report.year) if table else None
        if subtitle:
            self.add(paragraph(SUBTITLE, [run(subtitle, self.f.subheading)]))
        if section.has_prose:
            self.prose(self.report.section_text(section.key))
        if table is not None:
            self.table(table.key)
