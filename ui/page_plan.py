"""Which pages the wizard has for a format, and what each page's state is.

Pages follow the format: 基本信息, one page per prose section, one page per table (or per block of a
table whose format says `wizard_pages: blocks`, as the gov-2014 statistics table), then 检查,
上年对照 (when the format declares its key figures) and 导出. A page knows the cells it shows, so
findings can be placed on it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from forms.definition import Block, Form, ProseNeed, Section, SectionKind, Severity, Table, Vocabulary, WizardPages
from forms.expr import Cell
from forms.report import Report
from forms.rules import CheckResult, Finding


class PageKind(Vocabulary):
    """What a page of the wizard is for."""

    IDENTITY = "identity"
    PROSE = "prose"
    TABLE = "table"
    REVIEW = "review"
    COMPARE = "compare"     # 上年对照: key figures beside last year's (read only)
    EXPORT = "export"


class PageState(Vocabulary):
    """What the page list says of a page (the export page says nothing)."""

    DONE = "done"
    ERRORS = "errors"
    WARNINGS = "warnings"
    EMPTY = "empty"
    NONE = ""

    @property
    def label(self) -> str:
        return _STATE_LABEL[self]


_STATE_LABEL = {PageState.DONE: "完成", PageState.ERRORS: "有错误", PageState.WARNINGS: "有提醒",
                PageState.EMPTY: "未填写", PageState.NONE: ""}


@dataclass(frozen=True)
class Page:
    key: str
    kind: PageKind
    title: str
    section: Section | None = None
    table: Table | None = None          # for a block page: the table cut down to that block
    cells: frozenset[Cell] = frozenset()

    @property
    def has_prose(self) -> bool:
        return self.prose_key is not None

    @property
    def prose_key(self) -> str | None:
        """The section whose text this page edits, if it edits one."""
        return self.section.key if self.section is not None and self.section.has_prose else None

    def shows(self, finding: Finding) -> bool:
        """Whether `finding` belongs on this page (its cells are here, or its prose is)."""
        if self.kind is PageKind.IDENTITY:
            return not finding.cells and finding.section is None
        if finding.section is not None and finding.section == self.prose_key:
            return True
        return any(cell in self.cells for cell in finding.cells)


def block_table(table: Table, block: Block) -> Table:
    """`table` with only the rows of `block`: the printed grid of one wizard page."""
    return dataclasses.replace(table, rows=[table.row(k) for k in block.rows], blocks=[block])


def plan_pages(form: Form) -> list[Page]:
    pages = [Page("identity", PageKind.IDENTITY, "基本信息")]
    for section in form.sections:
        if section.kind is SectionKind.PROSE:
            pages.append(Page(f"section:{section.key}", PageKind.PROSE, section.heading, section))
            continue
        table = form.tables[section.table or ""]          # a table section names its table (forms.loader)
        if table.wizard_pages is WizardPages.BLOCKS and table.blocks:
            for block in table.blocks:
                part = block_table(table, block)
                pages.append(Page(f"table:{table.key}:{block.key}", PageKind.TABLE, f"{table.short}：{block.heading}",
                                  dataclasses.replace(section, prose=ProseNeed.NONE), part, frozenset(part.cells)))
        else:
            pages.append(Page(f"table:{table.key}", PageKind.TABLE, section.heading, section, table,
                              frozenset(table.cells)))
    pages.append(Page("review", PageKind.REVIEW, "检查"))
    if form.compare is not None:
        pages.append(Page("compare", PageKind.COMPARE, "上年对照"))
    pages.append(Page("export", PageKind.EXPORT, "导出"))
    return pages


def page_for_finding(pages: list[Page], finding: Finding) -> Page:
    """The page to open for a finding: its prose if it quotes prose, else its first cell's page."""
    if finding.section is not None:
        for page in pages:
            if page.prose_key == finding.section:
                return page
    for cell in finding.cells:
        for page in pages:
            if cell in page.cells:
                return page
    return pages[0]


def page_state(page: Page, report: Report, result: CheckResult) -> PageState:
    if page.kind in (PageKind.EXPORT, PageKind.COMPARE):     # nothing to fill or correct there
        return PageState.NONE
    findings = result.findings if page.kind is PageKind.REVIEW else [f for f in result.findings if page.shows(f)]
    # An untouched prose page says 未填写 rather than 有错误 (the error that it is empty is the same news).
    if _unwritten(page, report):
        return PageState.EMPTY
    if any(f.severity is Severity.ERROR for f in findings):
        return PageState.ERRORS
    if page.kind is PageKind.TABLE and all(report.values.get(c) is None for c in page.cells
                                           if not report.form.is_computed(c)):
        return PageState.EMPTY
    return PageState.WARNINGS if findings else PageState.DONE


def _unwritten(page: Page, report: Report) -> bool:
    """A prose page the format requires, still without text."""
    section = page.section
    return (page.kind is PageKind.PROSE and section is not None and not section.optional
            and not report.sections.get(section.key, "").strip())
