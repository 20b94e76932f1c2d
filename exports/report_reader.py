"""Reading a whole report — identity, every prose section, every table — from any form an office has it in.

`read_report` is the one entry: it tells the file's kind by its bytes first and its name second (a
Word file renamed .xlsx is still read as Word), then a draft is opened as a draft, a workbook goes to
the Excel reader, and a Word file, a web page or a PDF is read by its reader into `Blocks` (paragraphs
and tables in reading order) that `assemble` turns into a report, the same way whatever the file was:

- the tables by their labels, through the Excel reader's placement (`exports.grid_sheet` stacks the
  tables into one sheet of cells): one label matcher, the same messages for what could not be placed,
  each naming the table and row as the file shows them (第1个表格第25行);
- the office and year from the title lines at the top (a title over two lines is read joined) —
  the Excel reader's title helpers; the format from the tables' labels or the year, as for a workbook;
- each prose section from its heading (`forms.labels.match_heading` with the format's aliases; a
  heading whose automatic numbering Word did not store in the text is recognised without it), the text
  between two headings going to the first, the text before 一、 to the preface. The signature (the
  office and the date at the end) is no prose: the date becomes 成文日期. The opening paragraph our
  own export writes from the identity is recognised and left to be written again, its contacts read.

Every text passes forms.text.clean_text (the one rule for incoming text) before anything matches it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from forms.atomic import ReadError, check_regular_file, explain_read_error
from forms.definition import Form, Section, SectionKind
from forms.draft import DraftError, read_draft
from forms.labels import (
    identity_key,
    match_bare_heading,
    match_heading,
    normalise,
    split_labelled,
    title_identity,
    year_only,
)
from forms.loader import all_forms
from forms.report import INFO_FIELDS, Report, parse_date
from forms.text import clean_text
from forms.vocabulary import Vocabulary
from host.log import hold_private, reads_reports

from .blocks import Blocks, Paragraph, TableGrid
from .grid_sheet import GridSheet
from .xlsx_gate import MAX_DIRECTORY_BYTES, MAX_FILE_BYTES, OLE_MAGIC, WorkbookError, directory_size
from .xlsx_reader import ImportResult, SheetCells, read_sheets, read_xlsx


class FileKind(Vocabulary):
    """What a report file is, and so which reader reads it."""

    DRAFT = "draft"
    WORKBOOK = "workbook"
    WORD = "word"
    WEB_PAGE = "web_page"
    PDF = "pdf"


_SUFFIXES = {".json": FileKind.DRAFT, ".xlsx": FileKind.WORKBOOK, ".xlsm": FileKind.WORKBOOK,
             ".xls": FileKind.WORKBOOK, ".et": FileKind.WORKBOOK, ".docx": FileKind.WORD, ".doc": FileKind.WORD,
             ".wps": FileKind.WORD, ".html": FileKind.WEB_PAGE, ".htm": FileKind.WEB_PAGE,
             ".mht": FileKind.WEB_PAGE, ".pdf": FileKind.PDF}
KINDS_TEXT = "Word文档（.docx）、网页（.html/.htm）、PDF（.pdf）、Excel工作簿（.xlsx）或年报通草稿（.json）"
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|meta|body|table|div|p)\b", re.IGNORECASE)
_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
_MAX_TITLE_LINE = 60              # a title line is short; the preface's first paragraph is not
_MAX_HEADING = 40
_RUN_IN = "。.：:，,；;"               # what ends a heading run into its text (normalised too)
_MIN_HEADINGS = 3              # part headings that make a document a report without its tables


@reads_reports
def read_report(path: str | Path, form_id: str | None = None) -> ImportResult:
    """A report from a Word file, a web page, a PDF, a workbook or a draft. Raises WorkbookError (a
    file that cannot be imported) with a plain Chinese message. What the report says is held out of
    the fault log for the rest of the process (host.log.hold_private)."""
    result = _read_report(Path(path), form_id)
    hold_private(result.report)
    return result


def _read_report(path: Path, form_id: str | None) -> ImportResult:
    kind = file_kind(path)
    if kind is FileKind.DRAFT:
        return _from_draft(path, form_id)
    if kind is FileKind.WORKBOOK:
        return read_xlsx(path, form_id=form_id)
    return assemble(_block_reader(kind)(path), path, form_id)


def _block_reader(kind: FileKind) -> Callable[[Path], Blocks]:
    if kind is FileKind.WORD:
        from .docx_reader import read_blocks as word
        return word
    if kind is FileKind.WEB_PAGE:
        from .html_reader import read_blocks as page
        return page
    from .pdf_reader import read_blocks as pdf
    return pdf


def file_kind(path: Path) -> FileKind:
    """The kind of a report file, by its first bytes (and a zip's parts), else by its name."""
    try:
        check_regular_file(path, MAX_FILE_BYTES, "报告文件")
        with path.open("rb") as handle:
            head = handle.read(1024)
    except ReadError as exc:
        raise WorkbookError(str(exc)) from None
    except OSError as exc:
        raise WorkbookError(explain_read_error(exc, path, "报告文件")) from None
    by_name = _SUFFIXES.get(path.suffix.lower())
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK"):
        return _zip_kind(path) or (by_name if by_name in (FileKind.WORD, FileKind.WORKBOOK) else FileKind.WORKBOOK)
    if start.startswith(b"%PDF"):
        return FileKind.PDF
    if head.startswith(OLE_MAGIC):
        return FileKind.WORD if by_name is FileKind.WORD else FileKind.WORKBOOK   # each gate says what to do
    if start.startswith(b"{\\rtf"):
        raise WorkbookError(f"“{path.name}”是RTF格式的文档，不能直接导入。请在Word或WPS中打开它，"
                            f"“另存为”Word文档（.docx）后再导入。")
    if start.startswith(b"{"):
        return FileKind.DRAFT
    if by_name is FileKind.WEB_PAGE or _HTML.search(head):
        return FileKind.WEB_PAGE
    if by_name is not None and by_name is not FileKind.WORD:
        return by_name                    # its reader's gate explains what is wrong with it
    raise WorkbookError(f"无法识别“{path.name}”的文件类型，不能导入。能导入的是{KINDS_TEXT}。"
                        f"请选择上年或本年报告的这几种文件之一。")


def _zip_kind(path: Path) -> FileKind | None:
    """A Word file or a workbook, by the parts of the zip (judged by its directory's size first)."""
    if directory_size(path) > MAX_DIRECTORY_BYTES:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return FileKind.WORD
    return FileKind.WORKBOOK if "xl/workbook.xml" in names else None


def _from_draft(path: Path, form_id: str | None) -> ImportResult:
    try:
        report = read_draft(path)
    except (DraftError, ReadError) as exc:
        raise WorkbookError(str(exc)) from None
    problems = []
    if form_id and form_id != report.form.id:
        problems.append(f"“{path.name}”是{report.form.short_name}的草稿，按草稿本身的格式读取（指定的格式不用于草稿）。")
    return ImportResult(report, problems, f"草稿文件中标明的格式为{report.form.short_name}")


# --- the one assembly ----------------------------------------------------------------------------

def assemble(blocks: Blocks, path: Path, form_id: str | None = None) -> ImportResult:
    """A report from a document's paragraphs and tables (see the module's docstring)."""
    lines = [clean_text(b.text).strip() for b in blocks.blocks if isinstance(b, Paragraph)]
    grids = [b for b in blocks.blocks if isinstance(b, TableGrid)]
    titles = _title_lines(lines)
    sheets: list[SheetCells] = [GridSheet(grids)]
    if titles:
        sheets.insert(0, GridSheet([TableGrid(tuple((t,) for t in titles), "标题")]))
    # a document with a report's part headings is a report even when its tables are pictures
    headings = {key for form in all_forms() for line in lines if (key := heading_of(form, line))}
    result = read_sheets(path, sheets, form_id, without_tables=len(headings) >= _MIN_HEADINGS)
    result.problems[:0] = blocks.notes
    result.info.extend(blocks.info)
    _Prose(result.report, result.problems).read(lines[len(titles):])
    return result


def _title_lines(lines: list[str]) -> list[str]:
    """The lines at the top that name the report: of the short lines before the first heading and the
    first sentence of the preface, those up to the last that is a title (alone or joined with the
    next: a title over two lines), a year (（2024年度）) or an identity field (填报单位：…). A short
    opening line of the preface under them stays prose."""
    short = []
    for line in lines:
        if line and (len(line) > _MAX_TITLE_LINE or line.endswith("。") or _TOP_HEADING.match(line)):
            break
        short.append(line)
    count = 0
    for i, line in enumerate(short):
        joined = line + short[i + 1] if i + 1 < len(short) else ""
        if title_identity(line) or year_only(line) or _names_identity(line):
            count = i + 1
        elif joined and title_identity(joined):
            count = i + 2
    return lines[:count]


def _names_identity(line: str) -> bool:
    """A line stating a field of the report's identity (填报单位：某局、报告年度：2024)."""
    return any(identity_key(label) for label, _ in split_labelled(line).fields)


class _Prose:
    """The prose of each section from the lines between headings."""

    def __init__(self, report: Report, problems: list[str]) -> None:
        self.report = report
        self.form: Form = report.form
        self.problems = problems

    def read(self, lines: list[str]) -> None:
        form = self.form
        current = form.preface.key if form.preface else None
        texts: dict[str | None, list[str]] = {}
        found: set[str] = set()
        signed = None                 # the part the signature ends: the last before an appendix
        for whole in lines:
            key, line = run_in_heading(form, whole)        # the text after a run-in heading, or the line
            if key is None and (key := heading_of(form, whole)) is not None:
                line = ""
            if key is not None:
                if signed is None and form.section_by_key[key].appendix:
                    signed = current
                current = key
                found.add(key)
            if line and not _caption(form, line):
                self._unknown_heading(line, current)
                texts.setdefault(current, []).append(line)
        signed = current if signed is None else signed
        for key, text in texts.items():
            self._set(key, self._without_signature(text) if key == signed else text)
        self._missing(found)

    def _set(self, key: str | None, lines: list[str]) -> None:
        if not lines:
            return
        if key is None:           # a format without a preface: the text above its first heading
            self.problems.append(f"第一个部分标题之前的文字“{_shown(lines[0])}”等没有导入（{self.form.short_name}"
                                 f"没有前言）。请核对。")
            return
        section = self.form.section_by_key[key]
        if not section.has_prose:
            self._no_prose(section, lines)
            return
        text = "\n".join(lines)
        if section is self.form.preface and self._standard_preface(text):
            return
        self.report.set_section(key, text)

    def _unknown_heading(self, line: str, current: str | None) -> None:
        """A line numbered like a part's heading that names none of the format's parts."""
        if not _TOP_HEADING.match(line) or len(line) > _MAX_HEADING:
            return
        into = self.form.section_by_key[current].heading if current else "前言"
        self.problems.append(f"“{line}”不是{self.form.short_name}的部分标题，它和下面的文字已并入“{into}”。"
                             f"请核对，需要时移到相应的部分。")

    def _no_prose(self, section: Section, lines: list[str]) -> None:
        """A part that is only a table in this format: a year line under its title is no text; other
        text is said, not dropped silently."""
        rest = [line for line in lines if year_only(line) is None]
        if rest:
            self.problems.append(f"“{section.heading}”下的文字“{_shown(rest[0])}”" + ("等" if len(rest) > 1 else "")
                                 + f"没有导入：{self.form.short_name}的这一部分只有表格。需要时请把它写到其他部分。")

    def _without_signature(self, lines: list[str]) -> list[str]:
        """The lines without the signature at their end — the office, then the date (as printed, or
        as the clerk typed it under the office's name): the date becomes 成文日期 when the report
        has none."""
        organ = normalise(self.report.organ)
        signed = len(lines) >= 2 and bool(organ) and normalise(lines[-2]) == organ and len(lines[-1]) <= 20
        while lines:
            last = lines[-1]
            if parse_date(last) is not None or signed:
                if not self.report.info.get("date"):
                    date = parse_date(last)
                    self.report.set_info("date", date.isoformat() if date else last)
                signed = False
            elif not organ or normalise(last) != organ:
                break
            lines = lines[:-1]
        return lines

    def _standard_preface(self, text: str) -> bool:
        """Whether the preface is the one our export writes from the identity; its contacts are read
        into the report's basic information then, and the preface is left to be written again."""
        report = self.report
        plain = Report(form=report.form, organ=report.organ, year=report.year)
        base = plain.standard_preface()
        if not text.startswith(base):
            return False
        rest = text[len(base):]
        contact = re.fullmatch(r"如对本报告有疑问，请与(.+?)联系（(.+)）。", rest)
        if rest and (contact is None or contact.group(1) != report.organ):
            return False
        labels = {label: key for key, label in INFO_FIELDS.items()}
        info = dict(report.info)
        for item in contact.group(2).split("；") if contact else ():
            label, _, value = item.partition("：")
            if label not in labels:
                return False
            info[labels[label]] = value
        plain.info = info
        if plain.standard_preface() != text:
            return False
        for key, value in info.items():
            report.set_info(key, value)
        return True

    def _missing(self, found: set[str]) -> None:
        for section in self.form.sections:
            if section.kind is SectionKind.PROSE and not section.optional and section.key not in found:
                self.problems.append(f"没有找到“{section.heading}”这一部分的标题，这一部分的文字按空白处理。"
                                     f"请核对文件中的标题，或在导入后补写。")


def heading_of(form: Form, line: str) -> str | None:
    """The section a line is the heading of: its heading or an alias (forms.labels.match_heading),
    or, for a short line, the same words without the numbering (Word's automatic numbering is not in
    the text)."""
    key = match_heading(form, line)
    if key is not None or not line or len(line) > _MAX_HEADING:
        return key
    return match_bare_heading(form, line)


def run_in_heading(form: Form, line: str) -> tuple[str | None, str]:
    """A heading run into its text (“六、其他需要报告的事项：本年度未收取信息处理费。”): the section and
    the text after the heading and its punctuation; (None, line) for any other line."""
    if not _TOP_HEADING.match(line):
        return None, line
    n = normalise(line)
    for section in form.sections:
        for heading in (section.heading, *section.aliases):
            h = normalise(heading)
            if not n.startswith(h) or len(n) == len(h) or n[len(h)] not in _RUN_IN:
                continue
            end = next((i for i in range(len(line) + 1) if normalise(line[:i]) == h), None)
            if end is not None:
                return section.key, line[end:].lstrip(_RUN_IN + " \u3000")
    return None, line


def _caption(form: Form, line: str) -> bool:
    """A table's caption above it (“表三 收到和处理政府信息公开申请情况”): no prose."""
    n = normalise(line)
    return len(line) <= _MAX_HEADING and any(normalise(t.title) in n for t in form.tables.values())


def _shown(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "……"
