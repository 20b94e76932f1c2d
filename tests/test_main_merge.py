"""`python main.py merge FILES_OR_FOLDERS -o SUMMARY.json [--xlsx] [--docx] [--organ]`: many units' reports
summed into one, run as an office would run it (a real process, a real folder of mixed files)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from exports.common import ExportKind
from exports.merge_sheet import UNITS_SHEET
from forms.draft import read_draft, write_draft
from forms.expr import Cell
from forms.rules import check

from .test_main_cli import run

NEW_TOTAL = Cell("t3", "new_received", "total")
PROCESSED = Cell("t3", "total_processed", "total")
FEES = Cell("t2", "fees", "amount")
REVIEW = Cell("t4", "admin_review", "upheld")
OFFICE = "青川县人民政府办公室"


def unit(report, organ, year=None):
    other = report.copy()
    other.set_organ(organ)
    if year:
        other.year = year
    return other


def mixed_folder(tmp_path, qingchuan):
    """Two drafts, a Word export and an Excel export of four units, a broken file, a hidden folder."""
    folder = tmp_path / "各单位报告"
    (folder / "乡镇").mkdir(parents=True)
    (folder / ".备份").mkdir()
    write_draft(unit(qingchuan, "青川县教育局"), folder / "教育局.json")
    write_draft(unit(qingchuan, "青川县民政局"), folder / "乡镇" / "民政局.json")
    write_draft(unit(qingchuan, "青川县旧的局"), folder / ".备份" / "旧稿.json")      # hidden: not read
    ExportKind.WORD.write(unit(qingchuan, "青川县乔庄镇人民政府"), folder / "乔庄镇2025年报.docx")
    ExportKind.EXCEL.write(unit(qingchuan, "青川县木鱼镇人民政府"), folder / "乡镇" / "木鱼镇年报.xlsx")
    (folder / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    (folder / "说明.txt").write_text("汇总说明", encoding="utf-8")                 # not a report: not read
    return folder


def test_a_folder_of_drafts_word_and_excel_files_and_one_broken_file_is_summed(tmp_path, qingchuan):
    folder = mixed_folder(tmp_path, qingchuan)
    target, workbook = tmp_path / "汇总.json", tmp_path / "汇总.xlsx"
    result = run("merge", str(folder), "-o", str(target), "--xlsx", str(workbook), "--organ", OFFICE)
    assert result.returncode == 1, result.stderr
    assert "坏文件.docx" in result.stderr and "旧稿" not in result.stdout + result.stderr
    summary = read_draft(target)
    assert (summary.organ, summary.year, summary.form.id) == (OFFICE, 2025, "gov-2021")
    assert summary.value(NEW_TOTAL) == 4 * qingchuan.value(NEW_TOTAL)
    assert summary.value(FEES) == 4 * qingchuan.value(FEES)
    assert not summary.sections and not summary.stated
    found = check(summary)
    assert {f.rule for f in found.errors} == {"TEXT"}                 # figures consistent, prose to write
    assert "已汇总4个单位" in result.stdout
    sheet = openpyxl.load_workbook(workbook)[UNITS_SHEET]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] is not None]
    header = next(r for r in rows if r[0] == "序号")
    assert header[3].startswith("表三 本年新收") and "行政诉讼" in header[7] and header[8] == "本单位报告检查结果"
    units = [r for r in rows if isinstance(r[0], int)]
    # sorted by name, a folder's own files before its subfolder's
    assert [r[1] for r in units] == ["青川县乔庄镇人民政府", "青川县教育局", "青川县木鱼镇人民政府", "青川县民政局"]
    assert all(r[3] == qingchuan.value(NEW_TOTAL) and r[8] == "通过" for r in units)
    total = next(r for r in rows if r[0] == "合计")
    assert total[3] == summary.value(NEW_TOTAL) and total[4] == summary.value(PROCESSED)


def test_blank_cells_stay_blank_and_a_figure_beside_a_blank_is_kept(tmp_path, qingchuan):
    one, two = unit(qingchuan, "青川县教育局"), unit(qingchuan, "青川县民政局")
    one.set(REVIEW, None)
    two.set(REVIEW, None)
    one.set(FEES, None)
    two.set(FEES, Decimal("3001.05"))
    write_draft(one, tmp_path / "a.json")
    write_draft(two, tmp_path / "b.json")
    target = tmp_path / "汇总.json"
    result = run("merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-o", str(target), "--organ", OFFICE)
    summary = read_draft(target)
    assert summary.value(REVIEW) is None and summary.value(FEES) == Decimal("3001.05")
    assert result.returncode in (0, 1), result.stderr


def test_mixed_years_are_refused_naming_which_files_are_which(tmp_path, qingchuan):
    write_draft(unit(qingchuan, "青川县教育局"), tmp_path / "教育局2025.json")
    write_draft(unit(qingchuan, "青川县民政局", year=2024), tmp_path / "民政局2024.json")
    target = tmp_path / "汇总.json"
    result = run("merge", str(tmp_path), "-o", str(target), "--organ", OFFICE)
    assert result.returncode == 2
    assert not target.exists()
    err = result.stderr
    assert "格式或年度不同" in err and "2025年度" in err and "2024年度" in err
    assert err.index("2025年度") < err.index("教育局2025.json") < err.index("2024年度") < err.index("民政局2024.json")


def test_the_same_organ_twice_is_flagged_and_summed_once(tmp_path, qingchuan):
    write_draft(unit(qingchuan, "青川县教育局"), tmp_path / "教育局.json")
    ExportKind.WORD.write(unit(qingchuan, "青川县教育局"), tmp_path / "教育局定稿.docx")
    write_draft(unit(qingchuan, "青川县民政局"), tmp_path / "民政局.json")
    target = tmp_path / "汇总.json"
    result = run("merge", str(tmp_path), "-o", str(target), "--organ", OFFICE)
    assert result.returncode == 1
    assert "“青川县教育局”的报告有两份" in result.stdout and "教育局定稿.docx" in result.stdout
    assert read_draft(target).value(NEW_TOTAL) == 2 * qingchuan.value(NEW_TOTAL)


def test_a_unit_whose_report_has_errors_is_summed_and_listed(tmp_path, qingchuan):
    wrong = unit(qingchuan, "青川县交通运输局")
    wrong.stated[NEW_TOTAL] = 3001
    write_draft(wrong, tmp_path / "交通局.json")
    write_draft(unit(qingchuan, "青川县教育局"), tmp_path / "教育局.json")
    target = tmp_path / "汇总.json"
    result = run("merge", str(tmp_path), "-o", str(target), "--organ", OFFICE)
    assert result.returncode == 1
    assert "青川县交通运输局" in result.stdout and "错误1处" in result.stdout
    assert read_draft(target).value(NEW_TOTAL) == 2 * qingchuan.value(NEW_TOTAL)


def test_without_organ_the_summary_has_a_placeholder_and_the_office_is_asked(tmp_path, qingchuan):
    write_draft(unit(qingchuan, "青川县教育局"), tmp_path / "教育局.json")
    target = tmp_path / "out" / "汇总.json"
    target.parent.mkdir()
    result = run("merge", str(tmp_path / "教育局.json"), "-o", str(target))
    assert result.returncode == 1
    assert "请用 --organ 写明汇总单位，如“某某县人民政府办公室”" in result.stdout
    assert read_draft(target).organ == "（汇总单位名称）"


def test_a_clean_merge_exits_0_and_writes_word_marked_as_draft_until_the_prose_is_written(tmp_path, qingchuan):
    write_draft(unit(qingchuan, "青川县教育局"), tmp_path / "教育局.json")
    write_draft(unit(qingchuan, "青川县民政局"), tmp_path / "民政局.json")
    target, document = tmp_path / "汇总.json", tmp_path / "汇总.docx"
    result = run("merge", str(tmp_path), "-o", str(target), "--docx", str(document), "--organ", OFFICE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert document.exists() and all(line.startswith("提示：本机没有") for line in result.stderr.splitlines())
    again = run("merge", str(tmp_path), "-o", str(target), "--organ", OFFICE)
    assert again.returncode == 2 and "已经存在" in again.stderr
    # run again over the same folder: the summary and its Word file written there are no units
    rerun = run("merge", str(tmp_path), "-o", str(target), "--docx", str(document), "--organ", OFFICE, "--overwrite")
    assert rerun.returncode == 0 and "已汇总2个单位" in rerun.stdout
    assert read_draft(target).value(NEW_TOTAL) == 2 * qingchuan.value(NEW_TOTAL)
