"""Reading a whole report from a Word file: our own export of both samples back to every figure and
every prose section; a Word report laid out by hand (title over two paragraphs, heading variants,
表三 with a title row and a three-row header inside the table, figures split across runs, 3,001,
blanks, a label with a typo, gov-2019's one row （六）其他处理 in a 2021 table); the one entry
read_report choosing the reader by the file's content; and `main.py import` on a .docx."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from exports.docx_writer import write_docx
from exports.report_reader import read_report
from exports.xlsx_gate import WorkbookError
from exports.xlsx_writer import write_xlsx
from forms.draft import read_draft, write_draft
from forms.expr import Cell
from forms.layout import printed_value
from forms.samples import load_samples
from forms.text import clean_text
from tests.exports.test_xlsx_unplaced import CORNER, DISTRICT_T3, LEAVES, ROW_KEYS
from tests.support.strategies import reports

SAMPLES = dict(load_samples())


# --- our own Word export, read back ----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_our_word_export_reads_back_every_figure_and_section(tmp_path, name):
    report = SAMPLES[name]
    path = write_docx(report, tmp_path / "报告.docx")
    result = read_report(path)
    back = result.report
    assert back.form.id == report.form.id
    assert (back.organ, back.year) == (report.organ, report.year)
    for table in report.form.tables.values():
        for cell in table.cells:
            if not report.form.is_computed(cell):
                assert back.value(cell) == report.value(cell), (name, str(cell))
    # A total printed as the report states it is read as stated; a blank total cannot be told from
    # one left to the program in a Word file, and is computed (as the Excel reader does).
    assert back.stated == {cell: value for cell, value in report.stated.items() if value is not None}
    for section in report.form.sections:
        expected = clean_text(report.section_text(section.key)).strip()
        if section is report.form.preface and not expected:
            expected = ""                       # the standard opening paragraph is not kept as text
        assert back.section_text(section.key).strip() == expected, (name, section.key)
    assert not [p for p in result.problems if "没有导入" in p or "没有找到" in p], result.problems


# --- a Word report laid out by hand ----------------------------------------------------------------

def _split(paragraph, text: str) -> None:
    """Text stored in runs of one to three characters, as Word leaves a figure typed over twice."""
    for i in range(0, len(text), 2):
        paragraph.add_run(text[i:i + 2])


def _t3_by_hand(doc, lines=tuple(DISTRICT_T3)):
    """表三 as a district lays it out in Word: a title row inside the table, the header in three rows
    (the corner merged 3×3, 申请人情况 across seven columns, 自然人 and 总计 down two rows), group cells
    merged down, labels without a subgroup merged across, an empty column at the right, figures typed
    in pieces, blanks left empty."""
    width = 3 + 7 + 1
    table = doc.add_table(rows=4 + len(lines), cols=width)
    table.cell(0, 0).merge(table.cell(0, width - 1)).text = "表三  收到和处理政府信息公开申请情况"
    table.cell(1, 0).merge(table.cell(3, 2)).text = CORNER
    table.cell(1, 3).merge(table.cell(1, 9)).text = "申请人情况"
    table.cell(2, 3).merge(table.cell(3, 3)).text = "自然人"
    table.cell(2, 4).merge(table.cell(2, 8)).text = "法人或其他组织"
    table.cell(2, 9).merge(table.cell(3, 9)).text = "总计"
    for i, text in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        table.cell(3, 4 + i).text = text
    first = 4
    for i, (group, sub, label, *figures) in enumerate(lines):
        r = first + i
        texts = [t for t in (group, sub, label) if t]
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
        if len(texts) < 3:
            table.cell(r, len(texts) - 1).merge(table.cell(r, 2))
        for c, figure in enumerate(figures, start=3):
            if figure is not None:
                _split(table.cell(r, c).paragraphs[0], str(figure))
    for column in (0, 1):                     # group cells merged down, their text at the top only
        r = first
        while r < first + len(lines):
            text = lines[r - first][column]
            end = r
            while end + 1 < first + len(lines) and text and lines[end + 1 - first][column] == text \
                    and lines[end + 1 - first][2] is not None:
                end += 1
            if end > r and lines[r - first][2] is not None:
                table.cell(r, column).merge(table.cell(end, column)).text = text
            r = end + 1
    return {key: first + 1 + i for i, key in enumerate(ROW_KEYS) if key}


OVERVIEW = ["（一）主动公开", "2025年，本局通过门户网站主动公开政府信息1,200条。", "（二）依申请公开",
            "全年收到政府信息公开申请3,014件。"]
PROBLEMS = ["一是公开内容不够全面；二是解读形式单一。", "下一步，我局将加强培训。"]
OTHER = "本年度未收取信息处理费。"


def hand_laid_report(tmp_path, t3_lines=tuple(DISTRICT_T3)):
    doc = Document()
    section = doc.sections[0]
    section.footer.paragraphs[0].text = "— 2 —"
    for text in ("青川市市场监督管理局", "2025年政府信息公开工作年度报告"):   # the title over two lines
        doc.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("")
    doc.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》编制，统计期限自2025年1月1日至12月31日。")
    doc.add_paragraph("一、总体情况")
    for text in OVERVIEW:
        doc.add_paragraph(text)
    doc.add_paragraph("二、主动公开政府信息情况")
    doc.add_paragraph("三、收到和处理政府信息公开的申请情况")
    rows = _t3_by_hand(doc, t3_lines)
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    doc.add_paragraph("五、存在的主要问题及整改措施")
    for text in PROBLEMS:
        doc.add_paragraph(text)
    doc.add_paragraph("六、 其他需要报告的事项")
    doc.add_paragraph(OTHER)
    doc.add_paragraph("")
    doc.add_paragraph("青川市市场监督管理局").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("2026年1月20日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = tmp_path / "区县年报.docx"
    doc.save(path)
    return path, rows


def test_hand_laid_word_report_identity_and_prose(tmp_path):
    path, _ = hand_laid_report(tmp_path)
    result = read_report(path, form_id="gov-2021")
    report = result.report
    assert (report.organ, report.year) == ("青川市市场监督管理局", 2025)
    assert report.info.get("date") == "2026-01-20"
    assert report.section_text("preface").startswith("本报告根据《中华人民共和国政府信息公开条例》编制")
    assert report.section_text("overview") == "\n".join(OVERVIEW)
    assert report.section_text("problems") == "\n".join(PROBLEMS)      # “……及整改措施” is 五's alias
    assert report.section_text("other") == OTHER                       # signature and page number left out
    assert report.section_text("requests") == ""


def test_hand_laid_word_table_every_figure_placed(tmp_path):
    path, _ = hand_laid_report(tmp_path)
    report = read_report(path, form_id="gov-2021").report
    for (_, _, _, *figures), key in zip(DISTRICT_T3, ROW_KEYS, strict=True):
        if key is None or key == "total_processed":
            continue
        for column, figure in zip(LEAVES, figures, strict=True):
            expected = None if figure is None else int(str(figure).replace(",", ""))
            assert report.value(Cell("t3", key, column)) == expected, (key, column)
    assert report.value(Cell("t3", "new_received", "natural")) == 3001


def test_hand_laid_word_table_what_could_not_be_placed_is_said_where_it_stood(tmp_path):
    path, rows = hand_laid_report(tmp_path)
    result = read_report(path, form_id="gov-2021")
    other_row = rows["total_processed"] - 1
    message = next((p for p in result.problems if "（六）其他处理" in p), None)
    assert message is not None, result.problems
    assert f"第1个表格第{other_row}行" in message
    assert "自然人 40" in message and "总计 41" in message and "没有导入" in message
    assert "请把这些数字分到这三行中" in message
    typo = [p for p in result.problems if "2.其他法律行政止公开" in p]
    assert len(typo) == 1 and "按“2.其他法律行政法规禁止公开”读入" in typo[0]
    assert f"第1个表格第{rows['denied_law_forbidden']}行" in typo[0]
    assert any("没有找到表二" in p for p in result.problems)
    assert not any("工作表" in p for p in result.problems), result.problems


def test_format_from_labels_when_not_given(tmp_path):
    path, _ = hand_laid_report(tmp_path)
    result = read_report(path)
    assert result.report.form.id == "gov-2021"
    assert "栏目名称" in result.form_reason or "年度" in result.form_reason


def test_unknown_top_heading_is_said_and_its_text_kept(tmp_path):
    doc = Document()
    doc.add_paragraph("青川市市场监督管理局2025年政府信息公开工作年度报告")
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("问题一。")
    doc.add_paragraph("七、附件说明")
    doc.add_paragraph("附件略。")
    _t3_by_hand(doc)
    path = tmp_path / "x.docx"
    doc.save(path)
    result = read_report(path, form_id="gov-2021")
    assert result.report.section_text("problems") == "问题一。\n七、附件说明\n附件略。"
    said = [p for p in result.problems if "七、附件说明" in p]
    assert len(said) == 1 and "五、存在的主要问题及改进情况" in said[0]
    assert any("六、其他需要报告的事项" in p and "没有找到" in p for p in result.problems)


# --- the one entry -------------------------------------------------------------------------------

def test_read_report_picks_the_reader_by_content(tmp_path):
    report = SAMPLES["2025-qingchuan-scjgj.json"]
    xlsx = write_xlsx(report, tmp_path / "表.xlsx")
    renamed = tmp_path / "实为Word.xlsx"
    renamed.write_bytes(write_docx(report, tmp_path / "报告.docx").read_bytes())
    draft = write_draft(report, tmp_path / "草稿.json")
    for path in (xlsx, renamed, draft):
        back = read_report(path).report
        assert back.value(Cell("t3", "new_received", "natural")) == report.value(Cell("t3", "new_received",
                                                                                          "natural")), path
        assert (back.organ, back.year) == (report.organ, report.year)


def test_read_report_refuses_what_it_cannot_read_in_chinese(tmp_path):
    text = tmp_path / "说明.txt"
    text.write_text("这不是报告", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        read_report(text)
    message = str(info.value)
    assert "说明.txt" in message and ".docx" in message and ".xlsx" in message
    folder = tmp_path / "文件夹.docx"
    folder.mkdir()
    with pytest.raises(WorkbookError) as info:
        read_report(folder)
    assert "文件夹" in str(info.value)


def test_word_without_any_table_is_refused_with_what_to_do(tmp_path):
    doc = Document()
    doc.add_paragraph("会议纪要")
    path = tmp_path / "纪要.docx"
    doc.save(path)
    with pytest.raises(WorkbookError) as info:
        read_report(path)
    assert "纪要.docx" in str(info.value) and "没有找到" in str(info.value)


# --- the command line ----------------------------------------------------------------------------

def test_cli_imports_a_word_report(tmp_path, capsys):
    path, _ = hand_laid_report(tmp_path)
    out = tmp_path / "导入.json"
    code = main.main(["import", str(path), "-o", str(out), "--form", "gov-2021"])
    printed = capsys.readouterr()
    assert code == 1, printed                             # written, with problems to review
    report = read_draft(out)
    assert report.value(Cell("t3", "new_received", "natural")) == 3001
    assert report.section_text("problems") == "\n".join(PROBLEMS)
    assert "（六）其他处理" in printed.out and "第1个表格" in printed.out


def test_cli_help_names_every_kind_of_file(capsys):
    with pytest.raises(SystemExit):
        main.main(["import", "--help"])
    shown = capsys.readouterr().out
    assert all(kind in shown for kind in (".docx", ".html", ".pdf", ".xlsx"))


# --- a reader that repeats merged texts without saying what was merged ------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_tables_without_merges_read_the_same(tmp_path, name):
    """A reader that only repeats a merged cell's text (TableGrid.merges left empty): runs of one text
    are read as merged cells, a figure repeated under a header merged over the same columns (表二's
    处理决定数量) as one figure, and every figure comes back."""
    import dataclasses

    from exports.docx_reader import read_blocks
    from exports.report_reader import assemble

    report = SAMPLES[name]
    path = write_docx(report, tmp_path / "报告.docx")
    blocks = read_blocks(path)
    blocks.blocks = [dataclasses.replace(b, merges=()) if hasattr(b, "merges") else b for b in blocks.blocks]
    result = assemble(blocks, path)
    for table in report.form.tables.values():
        for cell in table.cells:
            if not report.form.is_computed(cell):
                assert result.report.value(cell) == report.value(cell), str(cell)
    assert not result.problems, result.problems


def test_equal_figures_side_by_side_are_two_figures():
    from exports.grid_sheet import guess_merges

    rows = (("申请人情况", "申请人情况", "申请人情况"),
            ("自然人", "商业企业", "总计"),
            ("0", "0", "0"),
            ("本年处理决定数量", "本年处理决定数量", "本年处理决定数量"),
            ("87", "87", "87"),
            ("5", "5", "5"))
    assert guess_merges(rows) == [(1, 1, 1, 3), (4, 1, 4, 3), (5, 1, 5, 3), (6, 1, 6, 3)]


def test_a_short_first_line_of_the_preface_is_prose_not_title_and_unnumbered_headings_are_found(tmp_path):
    """Only the lines that name the report (title, year, 填报单位) are the title; a short opening line
    under them is the preface's. A heading whose numbering Word generates (not in the text) is found
    by its words."""
    doc = Document()
    doc.add_paragraph("青川县教育局")
    doc.add_paragraph("2024年政府信息公开工作年度报告")
    doc.add_paragraph("根据《条例》规定，现公布本局2024年度报告如下：")
    doc.add_paragraph("总体情况")                       # “一、” came from Word's list numbering
    doc.add_paragraph("全年主动公开信息300条。")
    _t3_by_hand(doc)
    path = tmp_path / "x.docx"
    doc.save(path)
    report = read_report(path, form_id="gov-2021").report
    assert (report.organ, report.year) == ("青川县教育局", 2024)
    assert report.section_text("preface") == "根据《条例》规定，现公布本局2024年度报告如下："
    assert report.section_text("overview") == "全年主动公开信息300条。"


ORGANS = ("青川市市场监督管理局", "临河县教育局", "某某县交通运输局", "乐清市文化广电新闻出版局",
          "青川市人民政府办公室")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(report=reports(), organ=st.sampled_from(ORGANS), data=st.data())
def test_any_report_of_any_format_reads_back_from_its_word_export(tmp_path, report, organ, data):
    """Every figure as printed (a blank printed as 0 reads as 0), the office, the year and every prose
    section of random reports of the three formats: prose as typed (line breaks, numbering, figures)
    passes through the Word file whole."""
    report = report.copy()                       # the drawn report is never changed
    report.organ = organ
    for section in report.form.sections:
        report.set_section(section.key, data.draw(st.sampled_from(PROSE)))
    path = write_docx(report, tmp_path / "报告.docx")
    back = read_report(path, form_id=report.form.id).report
    assert (back.organ, back.year) == (report.organ, report.year)
    for cell in report.form.input_cells:
        assert back.value(cell) == printed_value(report, cell), str(cell)
    for section in report.form.sections:
        if section.has_prose and section is not report.form.preface:
            expected = "\n".join(line.strip() for line in report.section_text(section.key).splitlines() if line.strip())
            assert back.section_text(section.key) == expected, section.key


PROSE = ("", "本年度未收取信息处理费。",
         "（一）主动公开。本年度主动公开信息1,200条。\n（二）依申请公开\n全年收到申请3,014件。",
         "一是公开内容不够全面；\n　　二是解读形式单一。", "1.加强培训。2.完善制度。")


def test_a_report_resaved_by_libreoffice_reads_back(tmp_path):
    """Our Word export opened and saved again in an office suite (LibreOffice writes its own table,
    run and paragraph markup): every figure, section, office and year come back. One soffice run."""
    from tests.support.libreoffice import convert_all

    out = tmp_path / "resaved"
    out.mkdir()
    names = sorted(SAMPLES)
    paths = [write_docx(SAMPLES[name], tmp_path / f"{i}.docx") for i, name in enumerate(names)]
    for name, path in zip(names, convert_all(paths, "docx:MS Word 2007 XML", out), strict=True):
        report, back = SAMPLES[name], read_report(path).report
        assert (back.organ, back.year, back.form.id) == (report.organ, report.year, report.form.id)
        for cell in report.form.input_cells:
            assert back.value(cell) == printed_value(report, cell), (name, str(cell))
        for key in report.form.section_by_key:
            expected = "\n".join(line.strip() for line in report.section_text(key).splitlines() if line.strip())
            assert back.section_text(key) == expected, (name, key)


def test_old_word_rtf_and_word_saved_web_pages_are_told_or_read(tmp_path):
    """What offices have under a .doc name: an old binary .doc (told to save it as .docx), an RTF file
    (the same), and a web page saved with a .doc name (read as the web page it is)."""
    old = tmp_path / "2023年报.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    rtf = tmp_path / "2023年报（RTF）.doc"
    rtf.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}} 2023\\par}")
    for path in (old, rtf):
        with pytest.raises(WorkbookError) as info:
            read_report(path)
        message = str(info.value)
        assert path.name in message and "另存为" in message and ".docx" in message, message
        assert "草稿" not in message
    from tests.support.webpage import government_page

    page = tmp_path / "网站下载的年报.doc"
    page.write_bytes(government_page(SAMPLES["2025-qingchuan-scjgj.json"]))
    assert read_report(page).report.organ == "青川市市场监督管理局"


def test_a_report_whose_tables_are_pictures_still_gives_its_prose(tmp_path):
    """Tables pasted as pictures (a scan in a Word file): the office, year and prose are read, the
    format follows the year, and each missing table is said."""
    doc = Document()
    doc.add_paragraph("临河县教育局2024年政府信息公开工作年度报告")
    for heading, text in (("一、总体情况", "全年主动公开信息300条。"), ("二、主动公开政府信息情况", "（见下图）"),
                          ("五、存在的主要问题及改进情况", "一是公开不够及时。"),
                          ("六、其他需要报告的事项", "本年度未收取信息处理费。")):
        doc.add_paragraph(heading)
        doc.add_paragraph(text)
    path = tmp_path / "图片表格.docx"
    doc.save(path)
    result = read_report(path)
    report = result.report
    assert (report.organ, report.year, report.form.id) == ("临河县教育局", 2024, "gov-2021")
    assert "报告年度2024" in result.form_reason
    assert report.section_text("overview") == "全年主动公开信息300条。"
    assert report.section_text("proactive") == "（见下图）"
    assert all(any(f"没有找到{short}" in p for p in result.problems) for short in ("表二", "表三", "表四"))
    assert not report.values


def test_a_heading_run_into_its_text_starts_its_part(tmp_path):
    """“六、其他需要报告的事项：本年度未收取信息处理费。” in one paragraph, as many reports print it."""
    doc = Document()
    doc.add_paragraph("临河县教育局2024年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况。2024年，我局认真贯彻《条例》。")
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("一是公开不够及时。")
    doc.add_paragraph("六、其他需要报告的事项：本年度未收取信息处理费。")
    _t3_by_hand(doc)
    path = tmp_path / "x.docx"
    doc.save(path)
    report = read_report(path, form_id="gov-2021").report
    assert report.section_text("overview") == "2024年，我局认真贯彻《条例》。"
    assert report.section_text("problems") == "一是公开不够及时。"
    assert report.section_text("other") == "本年度未收取信息处理费。"


def test_a_table_of_the_offices_own_after_the_report_tables_is_not_taken_for_their_rows(tmp_path):
    """Reports often add a table of their own (主动公开信息分类统计) after 表四: its figures are no
    figures of 表四 and are not reported as rows missing from it; a row of figures inside a report
    table that no row takes still is."""
    from docx import Document as open_document

    report = SAMPLES["2025-qingchuan-scjgj.json"]
    path = write_docx(report, tmp_path / "报告.docx")
    doc = open_document(path)
    doc.add_paragraph("附：2025年主动公开信息分类统计")
    extra = doc.add_table(rows=3, cols=2)
    for r, (kind, count) in enumerate((("类别", "条数"), ("政策文件", "35"), ("工作动态", "412"))):
        extra.cell(r, 0).text, extra.cell(r, 1).text = kind, count
    doc.save(path)
    result = read_report(path)
    assert not [p for p in result.problems if "412" in p or "政策文件" in p], result.problems
    for cell in report.form.input_cells:
        assert result.report.value(cell) == printed_value(report, cell)
