"""`python main.py import`: exit 0 written, 1 written with problems to review, 2 nothing written."""

from __future__ import annotations

from openpyxl import Workbook

import main
from exports.xlsx_writer import write_xlsx
from forms.draft import read_draft
from forms.expr import Cell


def test_import_of_our_export_writes_a_draft_and_exits_0(tmp_path, qingchuan, capsys):
    workbook = write_xlsx(qingchuan, tmp_path / "q.xlsx")
    out = tmp_path / "q.json"
    assert main.main(["import", str(workbook), "-o", str(out)]) == main.EXIT_OK
    printed = capsys.readouterr().out
    assert "已导入：青川市市场监督管理局2025年政府信息公开工作年度报告" in printed and "表三（表三!A5）" in printed
    back = read_draft(out)
    assert back.values == qingchuan.values and back.organ == qingchuan.organ


def test_problems_are_listed_and_exit_1(tmp_path, qingchuan, capsys):
    wb = Workbook()
    ws = wb.active
    ws.append(["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    ws.append(["行政复议", 1, 2, "三", 0, 9])
    ws.append(["未经复议直接起诉", 0, 0, 0, 0, 0])
    ws.append(["复议后起诉", 0, 0, 0, 0, 0])
    path = tmp_path / "t4.xlsx"
    wb.save(path)
    out = tmp_path / "t4.json"
    assert main.main(["import", str(path), "--form", "gov-2021", "-o", str(out)]) == main.EXIT_ERRORS
    printed = capsys.readouterr().out
    assert "需要核对" in printed and "Sheet!D2" in printed and "“三”不是数字" in printed
    report = read_draft(out)
    assert report.form.id == "gov-2021"
    # 总计 9 disagrees with 1+2+0 (三 is not a figure): kept as stated, never replaced
    assert report.stated == {Cell("t4", "admin_review", "total"): 9}
    assert report.value(Cell("t4", "admin_review", "total")) == 3


def test_unreadable_file_or_existing_output_writes_nothing_and_exits_2(tmp_path, qingchuan, capsys):
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    out = tmp_path / "r.json"
    assert main.main(["import", str(bad), "-o", str(out)]) == main.EXIT_UNREADABLE
    assert "另存为" in capsys.readouterr().err and not out.exists()

    out.write_text("我填了很久的内容", encoding="utf-8")
    workbook = write_xlsx(qingchuan, tmp_path / "q.xlsx")
    assert main.main(["import", str(workbook), "-o", str(out)]) == main.EXIT_UNREADABLE
    assert "--overwrite" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "我填了很久的内容"
    assert main.main(["import", str(workbook), "-o", str(out), "--overwrite"]) == main.EXIT_OK
    assert read_draft(out).organ == qingchuan.organ


def test_the_help_documents_the_exit_codes(capsys):
    try:
        main.main(["import", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    text = capsys.readouterr().out
    assert "退出码" in text and "2 无法导入" in text and "--form" in text
