"""批量检查 in the domain (exports.batch): a folder as an office collects it — drafts, Word and Excel files,
a broken file, a note in .txt — read and checked one unit at a time; last year's reports paired by organ;
the Excel result read back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from exports.batch import IGNORED_WHY, LastYear, UnitResult, check_files, gather, organ_key
from exports.batch_xlsx import FINDINGS_SHEET, IGNORED_SHEET, UNITS_SHEET, BatchWorkbook
from exports.docx_writer import write_docx
from exports.xlsx_writer import write_xlsx
from forms.carryover import new_report
from forms.draft import write_draft
from forms.expr import Cell
from forms.samples import load_samples
from tests.support.gov2019 import gov2019_report

QINGCHUAN = "2025-qingchuan-scjgj.json"


def collected_folder(folder: Path) -> Path:
    """What a county office holds in January: one unit's draft, one's Word file, one's workbook, a Word
    file that is no Word file (saved half-way), and the cover note."""
    folder.mkdir()
    samples = dict(load_samples())
    clean = samples[QINGCHUAN]
    write_draft(clean, folder / "01 市场监管局.json")
    word = clean.copy()
    word.set_organ("青川市教育局")
    word.enter(Cell("t3", "new_received", "natural"), "3,001")        # no longer balances (R1)
    write_docx(word, folder / "02 教育局.docx")
    excel = clean.copy()
    excel.set_organ("青川市 卫生健康局")
    write_xlsx(excel, folder / "03 卫健局.xlsx")
    (folder / "04 民政局.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "报送说明.txt").write_text("各单位报告已收齐。", encoding="utf-8")
    return folder


def test_a_folder_of_drafts_word_and_excel_files_is_checked_unit_by_unit(tmp_path):
    folder = collected_folder(tmp_path / "2025年各单位")
    files = gather([folder])
    assert [p.name for p in files.ignored] == ["报送说明.txt"]          # listed, not checked, not a failure
    units = list(check_files(files.reports, workers=2))
    assert [Path(u.file).name for u in units] == ["01 市场监管局.json", "02 教育局.docx", "03 卫健局.xlsx",
                                                  "04 民政局.docx"]
    draft, word, excel, broken = units
    assert (draft.organ, draft.year, draft.form, draft.errors) == ("青川市市场监督管理局", 2025, "2021年版格式", 0)
    assert word.organ == "青川市教育局" and word.errors > 0
    assert any(f.rule == "R1" and "表三" in f.place for f in word.findings)
    assert excel.organ == "青川市 卫生健康局" and excel.year == 2025 and not excel.error
    assert broken.error and "04 民政局.docx" in broken.error
    assert not any(c.isascii() and c.isalpha() for c in broken.error.replace("Word", "").replace("docx", "")
                   .replace("html", "").replace("htm", "").replace("pdf", "").replace("xlsx", "")
                   .replace("json", "").replace("PDF", "").replace("Excel", "").replace("WPS", "")), broken.error


def test_each_unit_is_paired_with_its_own_last_year_report_by_organ(tmp_path):
    last_folder = tmp_path / "2020年"
    last_folder.mkdir()
    last = gov2019_report()                                   # 某某县交通运输局, 2020
    last.set_organ("某某县　交通运输局")                       # typed with a full-width space last year
    write_draft(last, last_folder / "交通局2020.json")
    other = gov2019_report()
    other.set_organ("某某县农业农村局")
    write_draft(other, last_folder / "农业局2020.json")
    this_folder = tmp_path / "2021年"
    this_folder.mkdir()
    transport = new_report("某某县交通运输局", 2021, last=gov2019_report())
    transport.enter(Cell("t3", "new_received", "natural"), "3,001")
    write_draft(transport, this_folder / "交通局.json")
    write_draft(new_report("某某县水利局", 2021), this_folder / "水利局.json")

    index = LastYear(last_folder)
    paired, alone = check_files(gather([this_folder]).reports, index)
    assert paired.last_file == str(last_folder / "交通局2020.json") and not paired.last_note
    assert "R6" not in [rule for rule, _ in paired.skipped]           # the cross-year checks ran
    assert alone.last_file is None and "没有某某县水利局的报告" in alone.last_note
    assert "R6" in [rule for rule, _ in alone.skipped]
    assert organ_key("某某县　交通运输局") == organ_key("某某县交通运输局") == organ_key("某某县 交通运输局")


def test_two_reports_of_one_organ_last_year_are_not_guessed_between(tmp_path):
    last_folder = tmp_path / "上年"
    last_folder.mkdir()
    write_draft(gov2019_report(), last_folder / "a.json")
    write_draft(gov2019_report(), last_folder / "b.json")
    path, why = LastYear(last_folder).pair("某某县交通运输局")
    assert path is None and "2份" in why and "“a.json”" in why and "请只留一份" in why


def test_the_excel_result_reads_back_with_a_sheet_of_units_and_one_of_findings(tmp_path):
    folder = collected_folder(tmp_path / "各单位")
    files = gather([folder])
    book = BatchWorkbook()
    for path in files.ignored:
        book.ignore(str(path), IGNORED_WHY)
    units = list(check_files(files.reports, workers=1))
    for unit in units:
        book.add(unit)
    book.add(UnitResult("=HYPERLINK(\"x\").json", error="“=HYPERLINK(\"x\").json”不是年报通的草稿文件。"))
    book.save(tmp_path / "检查结果.xlsx")

    wb = load_workbook(tmp_path / "检查结果.xlsx")
    assert wb.sheetnames == [UNITS_SHEET, FINDINGS_SHEET, IGNORED_SHEET]
    sheet = wb[UNITS_SHEET]
    rows = list(sheet.values)
    assert rows[0] == ("文件", "机关名称", "格式", "年度", "错误", "提醒", "未读入", "主要问题", "上年报告")
    assert [r[1] for r in rows[1:4]] == ["青川市市场监督管理局", "青川市教育局", "青川市 卫生健康局"]
    assert rows[2][4] == units[1].errors > 0 and "R1" in rows[2][7]
    assert rows[4][7].startswith("无法读取：")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I6"
    assert sheet.column_dimensions["H"].width >= 60
    findings = wb[FINDINGS_SHEET]
    frows = list(findings.values)
    assert frows[0] == ("单位", "文件", "规则", "位置", "类别", "问题和改法")
    assert len(frows) - 1 == sum(len(u.findings) for u in units) + 2        # the unreadable: one row each
    assert any(r[0] == "青川市教育局" and r[2] == "R1" and r[4] == "错误" and "表三" in r[3] for r in frows[1:])
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref == f"A1:F{len(frows)}"
    r1 = next(n for n, r in enumerate(frows, start=1) if r[2] == "R1")
    assert findings.cell(r1, 6).alignment.wrap_text and findings.row_dimensions[r1].height > 30   # not cut to a line
    formula = wb[UNITS_SHEET].cell(6, 1)
    assert formula.value == "=HYPERLINK(\"x\").json" and formula.data_type == "s"     # text, never a formula
    assert list(wb[IGNORED_SHEET].values)[1][0].endswith("报送说明.txt")


def _dies_on_bad(path: Path):
    """A pool's task that kills its process on one file, as a reader crashing in native code would."""
    import os

    import exports.batch

    if "坏" in path.name:
        os._exit(3)
    return exports.batch._check_pooled(path)


def test_a_reading_process_that_dies_fails_only_its_own_file(tmp_path, monkeypatch):
    import exports.batch

    report = dict(load_samples())[QINGCHUAN]
    paths = [tmp_path / "甲.docx", tmp_path / "坏.docx", tmp_path / "乙.docx"]
    for path in paths:
        write_docx(report, path)
    monkeypatch.setitem(exports.batch._POOLED, exports.batch.check_one, _dies_on_bad)
    first, bad, last = check_files(paths, workers=2)
    assert not first.error and not last.error and first.organ == last.organ == "青川市市场监督管理局"
    assert bad.file == str(paths[1]) and "意外退出" in bad.error and "单独检查" in bad.error


def test_batch_and_merge_walk_a_folder_alike_and_never_into_hidden_folders(tmp_path):
    """One walk for 批量检查 and 汇总: a folder's own files by name, then its subfolders'; a hidden folder
    (an editor's backups, .git) holds no unit's report."""
    from exports.merge_inputs import report_files

    sample = next(iter(dict(load_samples()).values()))
    for name in ("乙局.json", "甲局.json", "乡镇/木鱼镇.json", ".备份/旧稿.json"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        write_draft(sample, tmp_path / name)
    (tmp_path / "说明.txt").write_text("各单位报告", encoding="utf-8")
    files = gather([tmp_path])
    expected = [tmp_path / "乙局.json", tmp_path / "甲局.json", tmp_path / "乡镇" / "木鱼镇.json"]
    assert files.reports == expected and files.ignored == [tmp_path / "说明.txt"]
    assert [found.path for found in report_files([str(tmp_path)])] == expected
