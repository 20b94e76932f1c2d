"""Pages without holes: a long table breaks between rows (its header rows repeated on the next page,
no row split), only its title and first rows are kept together, so no page but the last is more than
a third empty — measured on the rendered PDF: each page's lowest text line against the text block.
"""

from __future__ import annotations

import re

import docx
import pytest
from docx.oxml.ns import qn

from exports.docx_writer import write_docx
from forms.layout import Role, grid
from tests.support.gov2019 import gov2019_report
from tests.support.pdf_pages import convert_all, filled, flat, page_words, require_metric_fonts, top_line

MOST_EMPTY = 1 / 3

# How offices write the work they did: paragraphs with run-in sub-headings, figures inside the text.
WORK = [
    "（{n}）制度建设。我局对照《中华人民共和国政府信息公开条例》，修订完善了政府信息公开保密审查、"
    "依申请公开办理、政策解读等{n}项工作制度，明确了各科室、直属单位的职责分工和办理时限，"
    "做到公开工作有章可循、有据可依。全年组织业务培训3次，参训人员156人次。",
    "{n}.平台建设。优化门户网站政府信息公开专栏，新增“优化营商环境”“质量强市”等专题{n}个，"
    "完善站内检索、无障碍阅读等功能；加强政务新媒体管理，“青川市场监管”微信公众号全年发布信息936条，"
    "回应群众关切128件，做到及时准确、权威发布。",
    "我局坚持“以公开为常态、不公开为例外”，全年通过市政府门户网站、局政务公开专栏主动公开政府信息1,862条，"
    "其中机构职能、政策文件、行政许可、行政处罚、“双随机、一公开”抽查结果、食品安全监督抽检信息等重点领域"
    "信息1,247条，较上年增长{n}%。",
]


def long_prose(report, paragraphs: int):
    """The sample with `paragraphs` more paragraphs of work in 一、总体情况 and one in 二 before 表二:
    each count puts 表三 at another place on its page."""
    extra = [WORK[i % len(WORK)].format(n=i + 1) for i in range(paragraphs)]
    report.set_section("overview", report.section_text("overview") + "\n" + "\n".join(extra))
    report.set_section("proactive", "本年度主动公开政府信息情况见下表。")
    return report


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """{name: (report, words of every page)}: the bundled samples, the 2019 report and the sample
    with long prose, converted in one LibreOffice run."""
    from forms.samples import load_samples

    require_metric_fonts()
    folder = tmp_path_factory.mktemp("pages")
    samples = dict(load_samples())
    reports = {"qingchuan": samples["2025-qingchuan-scjgj.json"],
               "yueqing": samples["2017-yueqing-wenguangxin.json"], "gov-2019": gov2019_report()}
    for n in (2, 3, 5, 8):
        reports[f"prose-{n}"] = long_prose(dict(load_samples())["2025-qingchuan-scjgj.json"], n)
    paths = [write_docx(report, folder / f"{name}.docx") for name, report in reports.items()]
    pdfs = convert_all(paths, folder)
    return {name: (report, page_words(pdf)) for (name, report), pdf in zip(reports.items(), pdfs, strict=True)}


NAMES = ["qingchuan", "yueqing", "gov-2019", "prose-2", "prose-3", "prose-5", "prose-8"]


def ends_a_part(report, pages, index: int) -> bool:
    """Whether page `index` is the last of the report or the last before an appendix, which starts a
    new page by rule (GB/T 9704: an attachment begins on a page of its own)."""
    if index == len(pages) - 1:
        return True
    titles = [report.form.tables[s.table].title for s in report.form.sections if s.appendix and s.table]
    following = top_line(pages[index + 1])
    return any(title and following.startswith(re.sub(r"\s+", "", title)) for title in titles)


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", NAMES)
def test_no_page_but_the_last_is_more_than_a_third_empty(rendered, name):
    report, pages = rendered[name]
    assert len(pages) >= 2
    holes = {i + 1: round(1 - filled(page), 2) for i, page in enumerate(pages)
             if not ends_a_part(report, pages, i) and 1 - filled(page) > MOST_EMPTY}
    assert not holes, f"pages more than a third empty (page: empty part): {holes}"


def body_labels(report, key: str) -> list[str]:
    """Beginnings of a table's row labels, long enough not to occur in prose, short enough not to wrap."""
    g = grid(report.form.tables[key], report.form.computed_by_cell)
    texts = [re.sub(r"\s+", "", c.text) for c in g.cells if c.row >= g.header_rows and c.role is Role.LABEL]
    return [t[:6] for t in texts if len(t) >= 6]


def first_header_row(report, key: str) -> list[str]:
    g = grid(report.form.tables[key], report.form.computed_by_cell)
    return [re.sub(r"\s+", "", c.text) for c in g.cells if c.row == 0 and c.rowspan == 1 and c.text]


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", NAMES)
def test_a_table_continued_on_the_next_page_starts_with_its_header_rows(rendered, name):
    report, pages = rendered[name]
    continued = 0
    for key, table in report.form.tables.items():
        if not grid(table, report.form.computed_by_cell).header_rows:
            continue                                     # 表二: blocks, each with its own header row
        labels = body_labels(report, key)
        on = [any(label in flat(page) for label in labels) for page in pages]
        for i in range(1, len(pages)):
            if on[i] and on[i - 1]:
                continued += 1
                top = top_line(pages[i])
                assert all(text in top for text in first_header_row(report, key)), (key, i + 1, top)
    if name.startswith("prose") or name == "yueqing":
        assert continued, "a long table should have broken across pages here"


def rows_kept(path, index: int) -> list[bool]:
    tbl = list(docx.Document(str(path)).element.body.iter(qn("w:tbl")))[index]
    return [tr.find(f".//{qn('w:keepNext')}") is not None for tr in tbl.findall(qn("w:tr"))]


def test_only_the_title_header_and_first_rows_of_t3_keep_together(qingchuan, tmp_path):
    path = write_docx(qingchuan, tmp_path / "a.docx")
    g = grid(qingchuan.form.tables["t3"], qingchuan.form.computed_by_cell)
    kept = rows_kept(path, 1)
    assert all(kept[:g.header_rows + 1])                 # the header rows stay with the first row
    assert not all(kept[:-1])                            # but not the whole table
    assert kept[-1] is False
    body = docx.Document(str(path)).element.body
    tbl = list(body.iter(qn("w:tbl")))[1]
    before = tbl.getprevious()                           # the section heading stays with the table
    assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None or \
        before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")).startswith("Heading")
