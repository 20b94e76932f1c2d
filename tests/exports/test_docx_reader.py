"""The Word reader: paragraphs and tables of any .docx in body order, merged cells spread, figures
split across runs joined, page furniture (headers, footers, text boxes) left out."""

from __future__ import annotations

import copy
import zipfile

import pytest
from docx import Document
from docx.oxml import OxmlElement

from exports.blocks import Paragraph, TableGrid
from exports.docx_reader import read_blocks
from exports.xlsx_gate import WorkbookError


def _split_runs(paragraph, *pieces: str) -> None:
    """A paragraph whose text Word stored in several runs (“3”, “0”, “01”), as editing leaves it."""
    for piece in pieces:
        paragraph.add_run(piece)


def _texts(blocks) -> list[str]:
    return [b.text for b in blocks.blocks if isinstance(b, Paragraph)]


def _tables(blocks) -> list[TableGrid]:
    return [b for b in blocks.blocks if isinstance(b, TableGrid)]


def test_body_order_merges_and_split_runs(tmp_path):
    doc = Document()
    doc.add_paragraph("青川县教育局")
    doc.add_paragraph("2024年政府信息公开工作年度报告")
    table = doc.add_table(rows=3, cols=4)
    head = table.cell(0, 1).merge(table.cell(0, 3))          # gridSpan over three columns
    head.text = "申请人情况"
    side = table.cell(0, 0).merge(table.cell(1, 0))          # vMerge restart / continue
    side.text = "项目"
    for c, text in enumerate(("自然人", "商业企业", "总计"), start=1):
        table.cell(1, c).text = text
    table.cell(2, 0).text = "一、本年新收政府信息公开申请数量"
    _split_runs(table.cell(2, 1).paragraphs[0], "3", ",0", "01")
    table.cell(2, 3).text = "3,001"
    doc.add_paragraph("一、总体情况")
    path = tmp_path / "报告.docx"
    doc.save(path)

    blocks = read_blocks(path)
    assert blocks.source == "报告.docx"
    kinds = [type(b).__name__ for b in blocks.blocks]
    assert kinds == ["Paragraph", "Paragraph", "TableGrid", "Paragraph"]
    grid = _tables(blocks)[0]
    assert grid.rows == (
        ("项目", "申请人情况", "申请人情况", "申请人情况"),
        ("项目", "自然人", "商业企业", "总计"),
        ("一、本年新收政府信息公开申请数量", "3,001", "", "3,001"),
    )
    assert grid.where == "第1个表格"
    assert grid.merges == ((1, 1, 2, 1), (1, 2, 1, 4))


def test_headers_footers_text_boxes_and_page_numbers_are_no_prose(tmp_path):
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "青川县人民政府办公室"
    section.footer.paragraphs[0].text = "- 1 -"
    p = doc.add_paragraph("正文第一段。")
    box = OxmlElement("w:txbxContent")                     # a text box anchored in the paragraph
    inner = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "文本框里的批注"
    r.append(t)
    inner.append(r)
    box.append(inner)
    holder = OxmlElement("w:r")
    holder.append(box)
    p._p.append(holder)
    doc.add_paragraph("第二段。")
    path = tmp_path / "x.docx"
    doc.save(path)
    assert _texts(read_blocks(path)) == ["正文第一段。", "第二段。"]


def test_line_break_and_tab_inside_a_paragraph(tmp_path):
    doc = Document()
    p = doc.add_paragraph("青川县教育局")
    p.add_run().add_break()
    p.add_run("2024年政府信息公开工作年度报告")
    path = tmp_path / "x.docx"
    doc.save(path)
    assert _texts(read_blocks(path)) == ["青川县教育局\n2024年政府信息公开工作年度报告"]


def test_nested_table_is_flattened_and_said(tmp_path):
    doc = Document()
    outer = doc.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "表二"
    inner = outer.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "规章"
    inner.cell(0, 1).text = "5"
    outer.cell(1, 0).text = "外层"
    path = tmp_path / "x.docx"
    doc.save(path)
    blocks = read_blocks(path)
    grids = _tables(blocks)
    assert grids[0].rows[1][0] == "外层"
    assert ("规章", "5") in grids[1].rows
    assert grids[1].where == "第1个表格中嵌套的表格"
    assert any("嵌套" in note for note in blocks.notes)


def test_vmerge_continue_and_uneven_rows(tmp_path):
    """A hand-laid table whose rows have different numbers of cells (gridBefore/gridSpan missing):
    every row is as wide as the widest."""
    doc = Document()
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"
    table.cell(0, 1).text = "（一）予以公开"
    table.cell(0, 2).text = "1"
    table.cell(1, 1).text = "（二）部分公开"
    table.cell(2, 1).text = "（三）不予公开"
    table.cell(2, 2).text = "0"
    last = table.rows[2]._tr
    last.remove(last.tc_lst[-1])                         # the last row one cell short
    path = tmp_path / "x.docx"
    doc.save(path)
    grid = _tables(read_blocks(path))[0]
    assert [len(row) for row in grid.rows] == [3, 3, 3]
    assert [row[0] for row in grid.rows] == ["三、本年度办理结果"] * 3
    assert grid.rows[2] == ("三、本年度办理结果", "（三）不予公开", "")


def test_not_a_word_file_is_refused_in_chinese(tmp_path):
    path = tmp_path / "坏.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(WorkbookError) as info:
        read_blocks(path)
    assert "Word" in str(info.value) and "无法读取" in str(info.value)


def test_a_workbook_renamed_docx_is_told(tmp_path):
    path = tmp_path / "表.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(WorkbookError) as info:
        read_blocks(path)
    assert "不是Word文档" in str(info.value)


def _with_document_xml(tmp_path, name: str, change, doc=None):
    """A .docx whose word/document.xml is changed by `change(bytes) -> bytes`, the rest as saved."""
    if doc is None:
        doc = Document()
        doc.add_paragraph("x")
    good = tmp_path / "good.docx"
    doc.save(good)
    path = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(copy.copy(item), change(data) if item.filename == "word/document.xml" else data,
                         zipfile.ZIP_DEFLATED)
    return path


def test_a_zip_bomb_is_refused_before_parsing(tmp_path):
    path = _with_document_xml(tmp_path, "炸弹.docx", lambda data: data.replace(
        b"</w:body>", b"<!--" + b" " * (60 * 1024 * 1024) + b"--></w:body>"))
    with pytest.raises(WorkbookError) as info:
        read_blocks(path)
    assert "太大" in str(info.value)


def test_document_xml_with_entities_is_refused(tmp_path):
    path = _with_document_xml(tmp_path, "实体.docx", lambda data: data.replace(
        b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1))
    with pytest.raises(WorkbookError) as info:
        read_blocks(path)
    assert "不安全" in str(info.value)


def test_table_cell_paragraphs_join_with_line_breaks(tmp_path):
    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.text = "（七）总计"
    cell.add_paragraph("")
    cell.paragraphs[0].runs[0].text = "（七）"
    cell.paragraphs[0].add_run("总计")
    table.cell(0, 1).text = "12"
    path = tmp_path / "x.docx"
    doc.save(path)
    grid = _tables(read_blocks(path))[0]
    assert grid.rows == (("（七）总计", "12"),)


def test_strict_open_xml_is_read(tmp_path):
    """Word's “Strict Open XML” save names the elements in another namespace."""
    doc = Document()
    doc.add_paragraph("一、总体情况")
    doc.add_table(rows=1, cols=2).cell(0, 1).text = "5"
    path = _with_document_xml(tmp_path, "strict.docx", lambda data: data.replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main"), doc)
    blocks = read_blocks(path)
    assert _texts(blocks) == ["一、总体情况"]
    assert _tables(blocks)[0].rows == (("", "5"),)


def test_many_wide_tables_are_refused_not_read_for_minutes(tmp_path):
    """Each table small enough, all of them together far beyond any report: gridSpan makes a short
    XML a wide grid."""
    row = b"<w:tr>" + b"<w:tc><w:tcPr><w:gridSpan w:val=\"199\"/></w:tcPr><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc>" \
        + b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
    table = b"<w:tbl>" + row * 500 + b"</w:tbl>"
    path = _with_document_xml(tmp_path, "宽表.docx", lambda data: data.replace(b"</w:body>", table * 30 + b"</w:body>"))
    with pytest.raises(WorkbookError) as info:
        read_blocks(path)
    assert "太大" in str(info.value) and "宽表.docx" in str(info.value)


def test_a_document_of_endless_paragraphs_is_refused(tmp_path):
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    path = _with_document_xml(tmp_path, "长文.docx", lambda data: data.replace(b"</w:body>", paragraph * 30_000
                                                                              + b"</w:body>"))
    with pytest.raises(WorkbookError) as info:
        read_blocks(path)
    assert "不像一份年度报告" in str(info.value)
