"""A report as a government website publishes it: the test corpus of the web-page reader.

Sites built on the common content systems put the article inside a page-layout table with the site's
navigation above, a column of links beside and a footer below; the title is often split over two
centred <p> (organ, then year and title); the prose is <p> with full-width spaces or &nbsp; for the
first-line indent; the tables keep the printed merges as rowspan/colspan and an empty cell holds
&nbsp;. The page is saved in GB2312/GBK by most older sites.
"""

from __future__ import annotations

import html

from forms.layout import Role, grid, printed_value
from forms.numbers import format_value
from forms.report import Report

NAV = "首页 | 政务公开 | 政府信息公开年报 | 2024年政府信息公开工作年度报告 | 互动交流"
SIDE = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报")
FOOTER = "主办单位：青川市人民政府办公室　版权所有　网站标识码5101000001　蜀ICP备12345678号"


def table_html(report: Report, key: str, border: str = 'border="1" cellspacing="0"') -> str:
    """One table of the report as a site prints it: merges as rowspan/colspan, &nbsp; in empty cells."""
    g = grid(report.form.tables[key], report.form.computed_by_cell)
    rows = []
    for row in g.rows():
        cells = []
        for c in row:
            if c.role in (Role.VALUE, Role.COMPUTED) and c.cell is not None:
                text = format_value(printed_value(report, c.cell), kind=report.form.kind_of(c.cell))
            else:
                text = c.text
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + \
                   (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            cells.append(f'<td{span} style="border:1px solid #000">{html.escape(text) or "&nbsp;"}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table {border} width="100%"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


def article_html(report: Report) -> str:
    """The article: the title in two <p>, the preface, each section's heading, prose and table."""
    parts = [f'<p align="center"><strong>{html.escape(report.organ)}</strong></p>',
             f'<p align="center"><strong>{report.year}年政府信息公开工作年度报告</strong></p>']
    parts += [f'<p style="text-indent:2em">&nbsp;&nbsp;{html.escape(line)}</p>'
              for line in report.preface().split("\n") if line]
    for section in report.form.sections:
        if section is report.form.preface:
            continue
        parts.append(f"<p>　　<strong>{html.escape(section.heading)}</strong></p>")
        if section.has_prose:
            parts += [f"<p>　　{html.escape(line)}</p>"
                      for line in report.section_text(section.key).split("\n") if line]
        if section.table:
            parts.append(table_html(report, section.table))
    return "\n".join(parts)


def government_page(report: Report, charset: str = "gb2312") -> bytes:
    """A whole saved page: head with scripts and styles, the layout table with navigation, side
    column, the article and the footer; encoded in `charset` and declaring it."""
    side = "".join(f'<li><a href="/gk/{i}.html">{name}</a></li>' for i, name in enumerate(SIDE))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{report.year}年政府信息公开工作年度报告_青川市人民政府</title>
<style>td {{ font-size: 14px; }} .nav a {{ color: #fff; }}</style>
<script type="text/javascript">var s = "<p>不是正文</p>"; document.write(s);</script>
</head><body>
<table width="1000" align="center" class="layout"><tr><td colspan="2" class="nav">
<div class="nav">{NAV}</div>
<table width="100%"><tr><td>当前位置：首页 &gt; 政务公开 &gt; 年度报告</td></tr></table>
</td></tr>
<tr><td width="200" valign="top"><ul>{side}</ul></td>
<td valign="top"><div class="TRS_Editor">
{article_html(report)}
</div>
<div class="info">发布日期：{report.year + 1}-01-20　浏览次数：<script>document.write(1024)</script></div>
</td></tr>
<tr><td colspan="2" class="footer"><p>{FOOTER}</p></td></tr>
</table>
<noscript>您的浏览器不支持脚本</noscript>
</body></html>"""
    # Sites that declare GB2312 save in GBK, its extension (— and many names' characters are not in GB2312)
    return page.encode("gbk" if charset == "gb2312" else charset)
