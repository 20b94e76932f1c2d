"""No character of the prose is lost on the way to paper (issue 11, “No character lost”).

LibreOffice printed our Word file without the full-width 、 or ， that ended some justified lines
(“缴费1份，” lost its comma, “先审查、后公开” its 、), while the .docx held them. The prose of the
bundled samples and a long generated prose with punctuation at many line ends are exported, printed
to PDF by LibreOffice headless (one run for all three files), and every character of every paragraph
must be read back from the PDF's text, in order. Skipped where LibreOffice is not installed, a
failure in CI (tests/support/libreoffice.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from exports.common import prepare_export
from exports.docx_writer import write_docx
from exports.prose import paragraphs
from forms.report import Report
from forms.samples import load_samples
from tests.support.libreoffice import convert_all, pdf_text, require_soffice

_PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")
_SPACE = re.compile(r"\s+")
MARKS = "，。、；：？！"

# Clauses as published reports write them: figures with thousands separators, 件/份/条, quotes.
_CLAUSES = (
    "本年度共收到政府信息公开申请3,001件", "结转下一年31件", "其中予以公开1,245件", "部分公开136件",
    "无法提供2,017件", "向申请人发出信息处理费收费通知3份", "申请人按时缴费1份",
    "收取信息处理费共计0.45万元", "坚持“先审查、后公开”和“一事一审”", "全年未发生泄密和侵犯个人隐私事件",
    "主动公开规范性文件18件", "通过政府网站发布信息4,528条", "政务新媒体发布信息712条",
    "召开新闻发布会6场", "办理行政复议案件11件", "行政诉讼5件", "依申请公开工作规范有序",
)
_LEAD = "我局持续深化政府信息公开工作围绕中心服务大局各项任务落实到位取得明显成效"


def generated_prose(n: int = 48) -> list[str]:
    """Paragraphs whose punctuation falls at every column of a line: paragraph i opens with 18 + i % 10
    characters before its first mark, so the marks after it move along the line from one paragraph
    to the next and many of them land at a line's end (where LibreOffice lost them)."""
    out = []
    for i in range(n):
        clauses = [_CLAUSES[(i * 3 + j) % len(_CLAUSES)] + MARKS[(i + j) % len(MARKS)] for j in range(6)]
        opening = "（一）主动公开。" if i % 8 == 0 else ""
        out.append(opening + _LEAD[:18 + i % 10] + MARKS[i % len(MARKS)] + "".join(clauses)
                   + _LEAD[:i % 17] + "。")
    return out


def generated_report() -> Report:
    """The complete gov-2021 sample with the generated paragraphs shared out among its prose sections."""
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    keys = [s.key for s in report.form.sections if s.has_prose and s is not report.form.preface]
    prose = generated_prose()
    for k, key in enumerate(keys):
        report.set_section(key, "\n".join(prose[k::len(keys)]))
    return report


def printed_prose(report: Report) -> list[str]:
    """Every paragraph of prose the Word file prints, in the order it prints them."""
    texts = [p.text for p in paragraphs(report.preface())]
    for section in report.form.sections:
        if section is not report.form.preface and section.has_prose:
            texts += [p.text for p in paragraphs(report.section_text(section.key))]
    return texts


def body_text(pdf_txt: str, mark: str | None) -> str:
    """The PDF's text without page numbers, the draft mark and any whitespace (pdftotext breaks lines
    and pads with spaces where it likes)."""
    lines = [line for line in pdf_txt.splitlines()
             if not _PAGE_NUMBER.match(line) and not (mark and line.strip() == mark)]
    return _SPACE.sub("", "".join(lines))


def lost_characters(prose: list[str], printed: str) -> list[str]:
    """Each paragraph not read back whole and in order, with what is missing in 【】 in its context."""
    lost, pos = [], 0
    for number, text in enumerate(prose, 1):
        text = _SPACE.sub("", text)
        found = printed.find(text, pos)
        if found >= 0:
            pos = found + len(text)
            continue
        window = printed[pos:pos + 3 * len(text)]
        matcher = difflib.SequenceMatcher(None, text, window, autojunk=False)
        for tag, a1, a2, _b1, _b2 in matcher.get_opcodes():
            if tag in ("delete", "replace"):
                lost.append(f"第{number}段：{text[max(0, a1 - 8):a1]}【{text[a1:a2]}】{text[a2:a2 + 4]}")
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        pos += blocks[-1].b + blocks[-1].size if blocks else 0
    return lost


@dataclass
class Printed:
    name: str
    report: Report
    mark: str | None
    text: str


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Printed]:
    """The two samples and the generated report, exported as a clerk would (draft mark where checks
    fail) and printed to PDF in one LibreOffice run."""
    require_soffice()
    folder: Path = tmp_path_factory.mktemp("characters")
    reports = [(Path(name).stem, report) for name, report in load_samples()]
    reports.append(("generated", generated_report()))
    items, files = [], []
    for name, report in reports:
        mark = prepare_export(report, draft=True)
        files.append(write_docx(report, folder / f"{name}.docx", mark=mark))
        items.append((name, report, mark))
    pdfs = convert_all(files, "pdf")
    return {name: Printed(name, report, mark, pdf_text(pdf))
            for (name, report, mark), pdf in zip(items, pdfs, strict=True)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["2017-yueqing-wenguangxin", "2025-qingchuan-scjgj", "generated"])
def test_every_prose_character_is_printed_in_order(printed, name):
    doc = printed[name]
    prose = printed_prose(doc.report)
    assert sum(map(len, prose)) > 1000          # real reports' prose, not a few lines
    assert lost_characters(prose, body_text(doc.text, doc.mark)) == []


@pytest.mark.libreoffice
def test_generated_prose_puts_punctuation_at_line_ends(printed):
    """The generated prose does what it is for: many printed lines end in a full-width mark."""
    ends = [line.rstrip()[-1] for line in printed["generated"].text.splitlines() if line.strip()]
    assert sum(ch in MARKS for ch in ends) >= 20


def test_lost_characters_names_what_is_missing():
    """The comparison itself can fail: the comma of “缴费1份，” missing from a line end is found."""
    prose = ["向申请人发出信息处理费收费通知3份，申请人按时缴费1份，收取信息处理费0元。", "结转下一年31件。"]
    printed = "标题向申请人发出信息处理费收费通知3份，申请人按时缴费1份收取信息处理费0元。表格结转下一年31件。"
    assert lost_characters(prose, printed) == ["第1段：请人按时缴费1份【，】收取信息"]
    assert lost_characters(prose, printed.replace("1份收", "1份，收")) == []


def test_body_text_drops_page_numbers_and_the_mark():
    text = "草稿（未通过校验）\n  本年度共收到申请 3,001 件，\n结转下一年 31 件。\n                — 2 —\n"
    assert body_text(text, "草稿（未通过校验）") == "本年度共收到申请3,001件，结转下一年31件。"


def test_body_paragraphs_let_libreoffice_keep_line_end_punctuation(tmp_path):
    """The Normal style, which every paragraph style is based on, says `w:overflowPunct` on (see
    exports/docx_setup.py for why), and no style turns it off."""
    report = dict(load_samples())["2025-qingchuan-scjgj.json"]
    styles = docx.Document(str(write_docx(report, tmp_path / "r.docx"))).styles.element
    normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    punct = normal.find(f"{qn('w:pPr')}/{qn('w:overflowPunct')}")
    assert punct is not None and punct.get(qn("w:val"), "1") in ("1", "true", "on")
    assert [p.get(qn("w:val")) for p in styles.iter(qn("w:overflowPunct"))
            if p.get(qn("w:val")) in ("0", "false", "off")] == []
