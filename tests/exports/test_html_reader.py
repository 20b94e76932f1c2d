"""Reading a report saved from a government website (.html/.htm) into Blocks: the encodings sites
use, the article found inside the page's layout table (navigation, side column and footer skipped and
said), merged cells expanded, &nbsp; and full-width spaces, hostile pages refused or read safely."""

from __future__ import annotations

import quopri

import pytest

from exports.blocks import Paragraph, TableGrid
from exports.docx_writer import write_docx
from exports.html_reader import MAX_HTML_BYTES, read_blocks
from exports.xlsx_gate import WorkbookError
from forms.expr import Cell
from forms.samples import load_samples
from tests.support.libreoffice import convert_all
from tests.support.printed import missing_rows, prose_keys, prose_lines
from tests.support.webpage import FOOTER, NAV, government_page

# 表三's head as sites print it: rowspan/colspan, &nbsp; in empty cells, a mistyped label (数最).
TABLE3 = """
<table border="1" cellspacing="0" cellpadding="0">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br/>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数最</td><td>2,186</td><td>23</td><td>&nbsp;</td>
    <td>1</td><td>7</td><td>2</td><td>3,001</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>9</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>
    <td>10</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>71</td><td>9</td><td>0</td><td>1</td>
    <td>3</td><td>1</td><td>85</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>&nbsp;</td><td>　</td><td>0</td><td>0</td><td>0</td>
    <td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>"""

PAGE = f"""<html><head><meta charset="gb2312"><title>年度报告</title>
<script>var nav = "<table><tr><td>1</td><td>2</td></tr></table>";</script><style>p {{ margin: 0 }}</style></head>
<body><table class="layout" width="980"><tr><td colspan="2">{NAV}</td></tr>
<tr><td><a href="/">政府信息公开年报</a><br><a href="/2">2023年政府信息公开工作年度报告</a></td>
<td><div id="zoom">
<p style="text-align:center">青川市市场监督管理局</p>
<p style="text-align:center">2025年政府信息公开工作年度报告</p>
<p>　　本报告由青川市市场监督管理局根据《中华人民共和国政府
信息公开条例》编制。</p>
<div>&nbsp;&nbsp;&nbsp;&nbsp;一、总体情况</div>
<p>　　2025年，我局全年新收政府信息公开申请 3,001 件。<br>下一步，我局将继续做好工作。</p>
<p>　　三、收到和处理政府信息公开申请情况</p>
{TABLE3}
<p>&nbsp;</p>
</div></td></tr>
<tr><td colspan="2"><p>{FOOTER}</p></td></tr></table></body></html>"""


def write(tmp_path, data: bytes, name: str = "年报.html"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def paragraphs(blocks) -> list[str]:
    return [b.text for b in blocks.blocks if isinstance(b, Paragraph)]


def tables(blocks) -> list[TableGrid]:
    return [b for b in blocks.blocks if isinstance(b, TableGrid)]


def test_gbk_page_in_a_layout_table_gives_the_article_only(tmp_path):
    blocks = read_blocks(write(tmp_path, PAGE.encode("gbk")))
    assert paragraphs(blocks) == [
        "青川市市场监督管理局",
        "2025年政府信息公开工作年度报告",
        "本报告由青川市市场监督管理局根据《中华人民共和国政府信息公开条例》编制。",
        "一、总体情况",
        "2025年，我局全年新收政府信息公开申请 3,001 件。",
        "下一步，我局将继续做好工作。",
        "三、收到和处理政府信息公开申请情况",
    ]
    assert blocks.source == "年报.html"
    text = "".join(paragraphs(blocks)) + "".join("".join(r) for t in tables(blocks) for r in t.rows)
    assert "首页" not in text and "版权所有" not in text and "2023年" not in text and "nav" not in text
    # said, but no problem to review: every page saved from a website has its navigation and footer
    assert any("导航" in note and "未读入" in note for note in blocks.info) and not blocks.notes


# The other common layout: the title in an <h1> above the content div, the publishing line between
# them and the share and print links below; the report's own text and tables inside the content div.
ARTICLE_PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="header"><ul class="nav"><li>首页</li><li>政务公开</li><li>2024年政府信息公开工作年度报告</li></ul></div>
<div class="main"><div class="article">
<h1 class="title">青川市市场监督管理局2025年政府信息公开工作年度报告</h1>
<div class="info">发布时间：2026-01-20 09:30　来源：青川市市场监督管理局　字号：[大 中 小]</div>
<div class="content TRS_Editor">
<p>　　本报告由青川市市场监督管理局编制。</p>
<p><strong>　　一、总体情况</strong></p>
<p>　　全年新收政府信息公开申请219件。</p>
{TABLE3}
<p>　　五、存在的主要问题及改进情况</p>
<p>　　一是政策解读形式较为单一；二是信息报送不够及时。</p>
</div>
<div class="share">分享到：微信 微博　【打印本页】【关闭窗口】</div>
</div></div>
<div class="footer">{FOOTER}</div></body></html>"""


def test_a_title_above_the_content_is_read_and_the_publishing_line_is_not(tmp_path):
    blocks = read_blocks(write(tmp_path, ARTICLE_PAGE.encode()))
    assert paragraphs(blocks) == ["青川市市场监督管理局2025年政府信息公开工作年度报告",
                                  "本报告由青川市市场监督管理局编制。", "一、总体情况",
                                  "全年新收政府信息公开申请219件。", "五、存在的主要问题及改进情况",
                                  "一是政策解读形式较为单一；二是信息报送不够及时。"]
    assert len(tables(blocks)) == 1


def test_tables_of_figures_outside_the_article_do_not_widen_it(tmp_path):
    """A side list of the latest documents with their numbers and a visit counter table in the footer
    hold figures too; they are not the report's tables."""
    side = ('<table class="list"><tr><td>1</td><td>关于2025年度政务公开工作要点的通知</td><td>2025-03-01</td></tr>'
            '<tr><td>2</td><td>2024年政府信息公开工作年度报告</td><td>2025-01-20</td></tr></table>')
    counter = '<table><tr><td>今日访问</td><td>1024</td></tr><tr><td>累计访问</td><td>3001245</td></tr></table>'
    page = ARTICLE_PAGE.replace('<div class="main">', f'<div class="side">{side}</div><div class="main">')
    page = page.replace(f'<div class="footer">{FOOTER}</div>', f'<div class="footer">{FOOTER}{counter}</div>')
    blocks = read_blocks(write(tmp_path, page.encode()))
    assert paragraphs(blocks)[:2] == ["青川市市场监督管理局2025年政府信息公开工作年度报告",
                                      "本报告由青川市市场监督管理局编制。"]
    assert len(tables(blocks)) == 1 and tables(blocks)[0].rows[0][-1] == "申请人情况"
    assert not any("访问" in t or "通知" in t or "版权" in t for t in paragraphs(blocks))


def test_rowspan_and_colspan_expand_into_the_grid_with_nbsp_as_empty(tmp_path):
    (table,) = tables(read_blocks(write(tmp_path, PAGE.encode("gbk"))))
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert table.where == "第1个表格"
    assert table.rows[0] == (corner,) * 3 + ("申请人情况",) * 7
    assert table.rows[1] == (corner,) * 3 + ("自然人",) + ("法人或其他组织",) * 5 + ("总计",)
    assert table.rows[2] == (corner,) * 3 + ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
                                             "总计")
    assert table.rows[3] == ("一、本年新收政府信息公开申请数最",) * 3 + ("2,186", "23", "", "1", "7", "2", "3,001")
    assert table.rows[5] == ("三、本年度办理结果", "（一）予以公开", "（一）予以公开",
                             "71", "9", "0", "1", "3", "1", "85")
    # the cells under a rowspan: 三、… and （三）不予公开 repeated, &nbsp; and a full-width space are empty
    assert table.rows[6] == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "", "", "0", "0", "0", "0", "0")
    assert table.rows[7] == ("三、本年度办理结果", "（三）不予公开", "2.其他法律行政法规禁止公开",
                             "1", "0", "0", "0", "0", "0", "1")
    assert len(table.rows) == 8 and all(len(r) == 10 for r in table.rows)
    assert set(table.merges) == {(1, 1, 3, 3), (1, 4, 1, 10), (2, 4, 3, 4), (2, 5, 2, 9), (2, 10, 3, 10),
                                 (4, 1, 4, 3), (5, 1, 5, 3), (6, 1, 8, 1), (6, 2, 6, 3), (7, 2, 8, 2)}


def test_a_single_file_web_page_mht_as_ie_and_wps_save_it(tmp_path):
    body = quopri.encodestring(PAGE.encode("gbk")).decode("ascii")
    mht = ('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01DA"; '
           'type="text/html"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n'
           '------=_NextPart_01DA\r\nContent-Type: text/html; charset="gb2312"\r\n'
           'Content-Transfer-Encoding: quoted-printable\r\nContent-Location: http://www.example.gov.cn/nb.htm\r\n\r\n'
           f'{body}\r\n------=_NextPart_01DA\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n'
           'Content-Location: http://www.example.gov.cn/logo.png\r\n\r\niVBORw0KGgo=\r\n------=_NextPart_01DA--\r\n')
    blocks = read_blocks(write(tmp_path, mht.encode("ascii"), "年报.mht"))
    assert paragraphs(blocks)[:4] == ["青川市市场监督管理局", "2025年政府信息公开工作年度报告",
                                      "本报告由青川市市场监督管理局根据《中华人民共和国政府信息公开条例》编制。",
                                      "一、总体情况"]
    assert tables(blocks)[0].rows[3][-1] == "3,001"


@pytest.mark.parametrize("encoding, declare", [
    ("utf-8", '<meta charset="utf-8">'),
    ("utf-8", ""),                                     # no declaration: UTF-8 is tried first
    ("gb18030", ""),                                   # no declaration, not UTF-8: GB18030
    ("gbk", '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'),
    ("utf-8-sig", '<meta charset="gb2312">'),          # a BOM wins over a wrong declaration
])
def test_encodings_sites_save_pages_in(tmp_path, encoding, declare):
    page = f"<html><head>{declare}</head><body><p>青川市市场监督管理局2025年政府信息公开工作年度报告</p>" \
           f"<p>　　全年新收申请219件，“双随机、一公开”。</p></body></html>"
    blocks = read_blocks(write(tmp_path, page.encode(encoding), "page.htm"))
    assert paragraphs(blocks) == ["青川市市场监督管理局2025年政府信息公开工作年度报告",
                                  "全年新收申请219件，“双随机、一公开”。"]


def test_the_whole_sample_as_a_gbk_government_page(tmp_path, qingchuan):
    blocks = read_blocks(write(tmp_path, government_page(qingchuan)))
    texts = paragraphs(blocks)
    assert texts[:2] == [qingchuan.organ, "2025年政府信息公开工作年度报告"]
    for key in ("overview", "problems", "other"):
        for line in qingchuan.section_text(key).split("\n"):
            assert line in texts
    assert not any("发布日期" in t or "浏览次数" in t or "不是正文" in t or "浏览器" in t for t in texts)
    grids = tables(blocks)
    assert [t.where for t in grids] == ["第1个表格", "第2个表格", "第3个表格"]
    assert ("四、结转下年度继续办理",) * 3 + ("9", "4", "0", "0", "2", "0", "15") in grids[1].rows
    assert grids[2].rows[-1] == ("3", "1", "1", "1", "6", "2", "0", "1", "1", "4", "1", "0", "0", "0", "1")


@pytest.mark.parametrize("name", ["2025-qingchuan-scjgj.json", "2017-yueqing-wenguangxin.json"])
def test_the_whole_sample_reads_back_as_the_report(tmp_path, samples, name):
    report_reader = pytest.importorskip("exports.report_reader")
    sample = samples[name]
    result = report_reader.read_report(write(tmp_path, government_page(sample)))
    report = result.report if hasattr(result, "report") else result
    for key, table in sample.form.tables.items():
        for cell in table.cells:
            assert report.value(cell) == sample.value(cell), (key, cell)
    for key in prose_keys(sample):
        assert report.section_text(key) == sample.section_text(key)


def test_invisible_characters_editors_leave_are_not_read(tmp_path):
    """Web editors leave zero-width spaces, word joiners, soft hyphens and stray BOMs in the text:
    invisible on the page, they would split a label or a figure for the matcher."""
    page = ("<p>2025年政府信息公开工作年度报告</p><table><tr><td>行政&#8203;许可</td><td>15&#x200b;832</td></tr>"
            "<tr><td>行政&shy;处罚</td><td>1&#8288;264</td></tr></table><p>全年&#65279;新收申请219件。</p>")
    blocks = read_blocks(write(tmp_path, page.encode()))
    assert tables(blocks)[0].rows == (("行政许可", "15832"), ("行政处罚", "1264"))
    assert paragraphs(blocks)[-1] == "全年新收申请219件。"


def test_a_page_without_text_says_what_to_do(tmp_path):
    page = b"<html><head><script>load('/api/report/2025')</script></head><body><div id='app'></div></body></html>"
    with pytest.raises(WorkbookError) as caught:
        read_blocks(write(tmp_path, page))
    message = str(caught.value)
    assert "“年报.html”" in message and "没有" in message and "复制" in message


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.html"
    with path.open("wb") as handle:
        handle.truncate(MAX_HTML_BYTES + 1)
    with pytest.raises(WorkbookError) as caught:
        read_blocks(path)
    assert "太大" in str(caught.value)


def test_nesting_deeper_than_any_site_is_refused_with_a_message(tmp_path):
    deep = "<div>" * 50_000 + "<p>2025年政府信息公开工作年度报告</p>" + "</div>" * 50_000
    with pytest.raises(WorkbookError) as caught:
        read_blocks(write(tmp_path, deep.encode()))
    assert "嵌套太深" in str(caught.value) and "Word" in str(caught.value)


def test_huge_spans_are_bounded(tmp_path):
    spans = ('<p>2025年政府信息公开工作年度报告</p><table><tr><td colspan="100000" rowspan="100000">申请人情况</td>'
             '<td>1</td></tr><tr><td>2</td><td>3</td></tr></table>')
    (table,) = tables(read_blocks(write(tmp_path, spans.encode())))
    assert sum(len(row) for row in table.rows) <= 10_000
    assert table.rows[0][100:] == ("1", "") and table.rows[1][100:] == ("2", "3")   # spans read as 100


def test_entities_are_not_expanded(tmp_path):
    bomb = ('<!DOCTYPE html [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            '<html><body><p>2025年政府信息公开工作年度报告&c;&c;&c;&c;</p></body></html>')
    blocks = read_blocks(write(tmp_path, bomb.encode()))
    assert all(len(text) < 200 for text in paragraphs(blocks))


@pytest.fixture(scope="module")
def saved_as_web_pages(tmp_path_factory):
    """Both samples' Word exports saved as web pages by LibreOffice (as an office saves a report with
    “另存为网页” to post it): [(report, page)], in one soffice run."""
    folder = tmp_path_factory.mktemp("html")
    reports = [report for _, report in load_samples()]
    docs = [write_docx(report, folder / f"{report.form.id}.docx") for report in reports]
    return list(zip(reports, convert_all(docs, "html"), strict=True))


@pytest.mark.libreoffice
def test_a_word_file_saved_as_a_web_page_gives_back_its_prose_and_figures(saved_as_web_pages):
    for report, page in saved_as_web_pages:
        blocks = read_blocks(page)
        texts = paragraphs(blocks)
        assert [line for line in prose_lines(report) if line not in texts] == []
        assert [t for t in texts if "—" in t and any(ch.isdigit() for ch in t) and len(t) < 10] == []   # — 3 —
        assert missing_rows(report, [row for t in tables(blocks) for row in t.rows]) == []


def test_a_government_page_of_a_whole_report_imports_with_nothing_to_review(tmp_path, samples, capsys):
    """The navigation and footer every site has are said once, as information: an import of a complete
    report from its web page exits 0, not “written, with problems to review”."""
    import main
    from forms.draft import read_draft

    out = tmp_path / "导入.json"
    code = main.main(["import", str(write(tmp_path, government_page(samples["2025-qingchuan-scjgj.json"]))),
                      "-o", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "说明：网页中正文以外的内容" in printed and "需要核对" not in printed
    assert read_draft(out).value(Cell("t3", "new_received", "total")) == 219
