"""Reading a report published as a PDF with a text layer into Blocks: our own Word export of both
samples printed to PDF by LibreOffice (the way WPS and Word export), a table continued over two pages
joined, page numbers dropped, paragraphs joined across lines and pages; a scanned PDF, an encrypted
one and a file that is no PDF refused with a message that says what to do."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from exports.blocks import Paragraph, TableGrid
from exports.docx_writer import write_docx
from exports.pdf_reader import read_blocks
from exports.xlsx_gate import WorkbookError
from forms.samples import load_samples
from tests.support.libreoffice import convert_all
from tests.support.printed import missing_rows, prose_keys, prose_lines

pytestmark = pytest.mark.libreoffice

SAMPLES = ("2025-qingchuan-scjgj.json", "2017-yueqing-wenguangxin.json")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{sample file name: (report, its Word export printed to PDF by LibreOffice)}, in one soffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    reports = dict(load_samples())
    docs = [write_docx(reports[name], folder / name.replace(".json", ".docx")) for name in SAMPLES]
    pdfs = convert_all(docs, "pdf")
    return {name: (reports[name], pdf) for name, pdf in zip(SAMPLES, pdfs, strict=True)}


def paragraphs(blocks) -> list[str]:
    return [b.text for b in blocks.blocks if isinstance(b, Paragraph)]


def grids(blocks) -> list[TableGrid]:
    return [b for b in blocks.blocks if isinstance(b, TableGrid)]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_paragraph_of_the_prose_is_one_paragraph(printed, name):
    report, pdf = printed[name]
    texts = paragraphs(read_blocks(pdf))
    missing = [line for line in prose_lines(report) if line not in texts]
    assert not missing
    assert "".join(texts[:2]).startswith(report.organ) and report.title in "".join(texts[:2])
    assert not [t for t in texts if re.fullmatch(r"[—\-\s]*\d+[—\-\s]*", t)]      # page numbers dropped


@pytest.mark.parametrize("name", SAMPLES)
def test_every_figure_of_the_tables_is_in_a_row_of_a_grid(printed, name):
    report, pdf = printed[name]
    read = [row for g in grids(read_blocks(pdf)) for row in g.rows]
    assert missing_rows(report, read) == []


def test_a_table_continued_on_the_next_page_is_one_grid(printed):
    report, pdf = printed["2025-qingchuan-scjgj.json"]
    blocks = read_blocks(pdf)
    (t3,) = [g for g in grids(blocks) if any("一、本年新收政府信息公开申请数量" in row for row in g.rows)]
    assert t3.where == "第3—4页的第2个表格"                                 # 表二 is the first on page 3
    assert sum("申请人情况" in row for row in t3.rows) == 1                     # the repeated header read once
    assert ("四、结转下年度继续办理",) * 3 + ("9", "4", "0", "0", "2", "0", "15") in t3.rows
    secret = next(row for row in t3.rows if "1.属于国家秘密" in row)
    assert secret == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0")
    assert ("三、本年度办理结果", "（一）予以公开", "（一）予以公开", "71", "9", "0", "1", "3", "1", "85") in t3.rows
    assert all(len(row) == len(t3.rows[0]) for row in t3.rows)
    carried = t3.rows.index(("四、结转下年度继续办理",) * 3 + ("9", "4", "0", "0", "2", "0", "15")) + 1
    assert (carried, 1, carried, 3) in t3.merges                                    # 1-based, as a sheet
    assert (1, 1, 3, 3) in t3.merges and (1, 4, 1, 10) in t3.merges
    assert blocks.notes == []                          # nothing for the clerk to check


@pytest.mark.parametrize("name", SAMPLES)
def test_the_sample_reads_back_as_the_report(printed, name):
    report_reader = pytest.importorskip("exports.report_reader")
    report, pdf = printed[name]
    result = report_reader.read_report(pdf)
    read = result.report if hasattr(result, "report") else result
    for table in report.form.tables.values():
        for cell in table.cells:
            assert read.value(cell) == report.value(cell), cell
    for key in prose_keys(report):
        assert read.section_text(key) == report.section_text(key)


# --- PDFs that cannot be read --------------------------------------------------------------------

def handmade_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF of `objects` (numbered from 1, the first the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def scanned_pdf() -> bytes:
    """One A4 page holding only a picture (a grey 8×8 image stretched over the page), no text."""
    content = b"q 495 0 0 742 50 50 cm /Im0 Do Q"
    pixels = bytes(range(100, 164))
    return handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 64 >>\nstream\n" + pixels + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ])


def encrypted_pdf() -> bytes:
    """A PDF with an open password (the standard security handler; not the empty password)."""
    return handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -44 >>",
    ], trailer=b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]")


# A PDF as WPS exports one, written by hand with the standard Chinese font every PDF reader has
# (STSong-Light, characters by their Unicode values): a running header and a 第N页 共N页 footer on
# every page, a heading printed twice for a bold effect, a paragraph running on over a page break.
_SONG = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts "
         b"[<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
         b"/Ordering (GB1) /Supplement 2 >> /DW 1000 >>] >>")
LEFT, SIZE, PER_LINE = 90, 16, 26
LONG = ("我局坚持以公开为常态、不公开为例外，全年通过市政府门户网站主动公开政府信息1862条，"
        "其中重点领域信息1247条，依申请公开政府信息219件，按时答复率100%，未发生因政府信息公开被追究责任的情况。")


def _show(text: str, x: float, y: float, size: int = SIZE) -> bytes:
    return b"BT /F1 %d Tf %.2f %.2f Td <%s> Tj ET\n" % (size, x, y, text.encode("utf-16-be").hex().encode())


def _paragraph(text: str, top: float) -> list[tuple[str, float, float]]:
    """(text, x, y) of the lines of a justified paragraph with a first-line indent of two characters."""
    lines, first = [], PER_LINE - 2
    lines.append((text[:first], LEFT + 2 * SIZE, top))
    for i, at in enumerate(range(first, len(text), PER_LINE), start=1):
        lines.append((text[at:at + PER_LINE], LEFT, top - 28 * i))
    return lines


def wps_style_pdf() -> bytes:
    body = _paragraph(LONG, 130)
    pages: list[list[bytes]] = [[], [], []]
    pages[0] += [_show("2025年政府信息公开工作年度报告", LEFT + 2 * SIZE, 200, 22)]
    pages[0] += [_show(text, x, y) for text, x, y in body[:2]]                   # the paragraph's first lines
    pages[1] += [_show(text, x, y + 600) for text, x, y in body[2:]]             # and the rest, on page 2
    pages[1] += [_show("一、总体情况", LEFT + 2 * SIZE + dx, 560) for dx in (0, 0.3)]   # bold: printed twice
    pages[2] += [_show(text, x, y + 550) for text, x, y in _paragraph("本年度无其他需要报告的事项。", 130)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count 3 >>" % b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(3)),
               _SONG]
    for number, shown in enumerate(pages, start=1):
        content = (_show("青川市市场监督管理局政务公开", 230, 810, 9) + b"".join(shown)
                   + _show(f"第 {number} 页 共 3 页", 270, 30, 9))
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (len(objects) + 2),
                    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    return handmade_pdf(objects)


def test_headers_footers_bold_and_a_paragraph_over_a_page_break(tmp_path):
    path = tmp_path / "年报.pdf"
    path.write_bytes(wps_style_pdf())
    blocks = read_blocks(path)
    assert paragraphs(blocks) == ["2025年政府信息公开工作年度报告", LONG, "一、总体情况",
                                  "本年度无其他需要报告的事项。"]
    assert blocks.notes == []


def test_a_fault_in_our_own_reading_is_not_said_as_a_damaged_file(tmp_path, monkeypatch):
    """Only pdfplumber's failures mean an unreadable PDF; a mistake in what we do with its pages
    must surface, not be told to the clerk as “已损坏”."""
    import exports.pdf_reader as pdf_reader

    def broken(*args):
        raise RuntimeError("our own fault")

    path = tmp_path / "年报.pdf"
    path.write_bytes(wps_style_pdf())
    monkeypatch.setattr(pdf_reader, "_read_page", broken)
    with pytest.raises(RuntimeError, match="our own fault"):
        read_blocks(path)


def _ruled(rows: list[tuple[str, ...]], top: float, widths: tuple[int, ...]) -> bytes:
    """A ruled table drawn as Word draws one: a stroked rectangle around every cell, its text inside."""
    out, height = b"", 24
    for r, row in enumerate(rows):
        x, y = LEFT, top - height * (r + 1)
        for text, width in zip(row, widths, strict=True):
            out += b"%d %d %d %d re S\n" % (x, y, width, height) + _show(text, x + 4, y + 6, 12)
            x += width
    return out


@pytest.mark.parametrize("widths_then, grids_read", [((200, 215), 1), ((150, 265), 2)])
def test_a_table_without_a_repeated_header_is_joined_when_its_columns_line_up(tmp_path, widths_then, grids_read):
    first = _show("二、主动公开政府信息情况", LEFT + 2 * SIZE, 700) + _ruled(
        [("信息内容", "本年处理决定数量"), ("行政许可", "15832"), ("行政处罚", "1264")], 150, (200, 215))
    then = _ruled([("行政强制", "87"), ("行政事业性收费", "36")], 780, widths_then) + _show(
        "三、收到和处理政府信息公开申请情况", LEFT + 2 * SIZE, 600)
    path = tmp_path / "年报.pdf"
    path.write_bytes(handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
        _SONG,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(first) + first + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 7 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(then) + then + b"\nendstream",
    ]))
    blocks = read_blocks(path)
    assert paragraphs(blocks) == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    rows = [row for g in grids(blocks) for row in g.rows]
    assert rows == [("信息内容", "本年处理决定数量"), ("行政许可", "15832"), ("行政处罚", "1264"),
                    ("行政强制", "87"), ("行政事业性收费", "36")]
    assert len(grids(blocks)) == grids_read
    assert grids(blocks)[0].where == ("第1—2页的表格" if grids_read == 1 else "第1页的表格")


def test_nothing_in_english_reaches_the_terminal(tmp_path):
    """pdfminer logs what it finds odd in a file (“Could not get FontBBox from font descriptor…” for
    the standard Chinese font): a clerk running `main.py import` must not see it."""
    path = tmp_path / "年报.pdf"
    path.write_bytes(wps_style_pdf())
    run = subprocess.run([sys.executable, "-c", "import sys; from exports.pdf_reader import read_blocks; "
                          "print(len(read_blocks(sys.argv[1]).blocks))", str(path)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=120)
    assert (run.stdout.strip(), run.stderr) == ("4", "")


def test_a_scanned_page_among_pages_of_text_is_said(tmp_path):
    text = _show("2025年政府信息公开工作年度报告", LEFT, 700, 22)
    picture = b"q 495 0 0 742 50 50 cm /Im0 Do Q"
    path = tmp_path / "年报.pdf"
    path.write_bytes(handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
        _SONG,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 7 0 R >> >> "
        b"/Contents 8 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 64 >>\nstream\n" + bytes(range(64)) + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(picture) + picture + b"\nendstream",
    ]))
    blocks = read_blocks(path)
    assert paragraphs(blocks) == ["2025年政府信息公开工作年度报告"]
    assert blocks.notes == ["第2页是扫描的图片，没有文字，未读入：请对照原件补上其中的内容。"]


def test_a_scanned_pdf_says_it_holds_no_text(tmp_path):
    path = tmp_path / "2024年报（扫描件）.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(WorkbookError) as caught:
        read_blocks(path)
    message = str(caught.value)
    assert "“2024年报（扫描件）.pdf”" in message and "扫描" in message and "没有文字" in message and "Word" in message


def test_a_pdf_with_a_password_says_so(tmp_path):
    path = tmp_path / "年报.pdf"
    path.write_bytes(encrypted_pdf())
    with pytest.raises(WorkbookError) as caught:
        read_blocks(path)
    assert "密码" in str(caught.value)


@pytest.mark.parametrize("data, words", [
    (b"PK\x03\x04 a Word file renamed", "不是PDF"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "损坏"),
    (b"", "空文件"),
])
def test_a_file_that_is_no_readable_pdf_says_so(tmp_path, data, words):
    path = tmp_path / "年报.pdf"
    path.write_bytes(data)
    with pytest.raises(WorkbookError) as caught:
        read_blocks(path)
    assert words in str(caught.value) and "“年报.pdf”" in str(caught.value)


@pytest.mark.parametrize("packed", [True, False])
def test_page_contents_larger_than_any_report_are_refused_before_parsing(tmp_path, packed):
    """11 MB of drawing operators (a report's page has 10–25 KB): pdfminer would read them for minutes."""
    contents = b"0 0 m " * (1 << 16) * 30
    packer = zlib.compressobj(9)
    stream = packer.compress(contents) + packer.flush() if packed else contents
    path = tmp_path / "年报.pdf"
    path.write_bytes(handmade_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d %s>>\nstream\n" % (len(stream), b"/Filter /FlateDecode " if packed else b"")
        + stream + b"\nendstream",
    ]))
    with pytest.raises(WorkbookError) as caught:
        read_blocks(path)
    assert "解压后太大" in str(caught.value) and "“年报.pdf”" in str(caught.value)
