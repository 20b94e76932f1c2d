"""`python main.py new --from LAST --year N -o NEW.json`: this year's draft started from last year's
report, run as a clerk would run it (a real process, real files)."""

from __future__ import annotations

import json

from forms.carryover import new_report
from forms.draft import read_draft, write_draft
from forms.expr import Cell

from .test_main_cli import run

ORGAN = "青川市市场监督管理局"


def test_a_new_years_draft_starts_from_last_years(tmp_path, qingchuan):
    last = write_draft(qingchuan, tmp_path / "青川市场监管局2025年报.json")
    target = tmp_path / "2026年报.json"
    result = run("new", "--from", str(last), "--year", "2026", "-o", str(target))
    assert result.returncode == 0, result.stderr
    report = read_draft(target)
    assert (report.organ, report.year, report.form.id) == (ORGAN, 2026, "gov-2021")
    assert report.value(Cell("t3", "carried_over", "total")) == 15
    assert report.value(Cell("t2", "normative", "in_force")) == 27
    assert report.info["phone"] == "0839-6123456" and "date" not in report.info
    assert report.carried_text == {"overview", "problems", "other"}
    assert report.section_text("problems") == qingchuan.section_text("problems")
    out = result.stdout
    assert f"已新建：{ORGAN}2026年政府信息公开工作年度报告（2021年版格式）" in out
    assert "已从上年报告带入：表三“二、上年结转政府信息公开申请数量”（6个单元格）" in out
    assert "正文3个部分（上年原文，请改写）" in out
    assert ("“一、总体情况”、“五、存在的主要问题及改进情况”、“六、其他需要报告的事项”"
            "现在是上年报告的原文，请按本年度情况改写") in out
    assert f"已写出草稿文件：{target}" in out
    assert result.stderr == ""
    checked = run("check", str(target))                   # the carried text is warned about until rewritten
    assert "‘一、总体情况’还是上年报告的原文" in checked.stdout


def test_an_existing_draft_is_not_overwritten_without_overwrite(tmp_path, qingchuan):
    last = write_draft(qingchuan, tmp_path / "2025.json")
    target = tmp_path / "2026.json"
    target.write_text("已经填了一半的草稿", encoding="utf-8")
    result = run("new", "--from", str(last), "--year", "2026", "-o", str(target))
    assert result.returncode == 2
    assert "已经存在" in result.stderr and "--overwrite" in result.stderr
    assert target.read_text(encoding="utf-8") == "已经填了一半的草稿"
    again = run("new", "--from", str(last), "--year", "2026", "-o", str(target), "--overwrite",
                "--organ", "青川市市场监督管理局（青川市知识产权局）")
    assert again.returncode == 1, again.stderr                 # written, with the other organ said
    assert read_draft(target).organ == "青川市市场监督管理局（青川市知识产权局）"
    assert "所选草稿是“青川市市场监督管理局”的报告" in again.stdout


def test_from_an_older_format_what_does_not_map_is_listed_and_the_exit_code_says_so(tmp_path):
    last = new_report("某县人民政府办公室", 2020)           # 2019年试行版格式
    last.set_section("overview", "2020年，本县认真贯彻落实《条例》，政务公开工作取得新进展。")
    last.set(Cell("t3", "carried_forward", "natural"), 3)
    last.set(Cell("t2", "normative", "total_public"), 41)
    path = write_draft(last, tmp_path / "2020.json")
    target = tmp_path / "2021.json"
    result = run("new", "--from", str(path), "--year", "2021", "-o", str(target))
    assert result.returncode == 1, result.stderr
    report = read_draft(target)
    assert report.form.id == "gov-2021" and report.value(Cell("t3", "carried_over", "natural")) == 3
    assert "没有带入或推算的（2处）：" in result.stdout
    assert ("  - 表二“行政规范性文件”行“现行有效件数”列：上年报告的2019年试行版格式没有对应的栏目，"
            "没有推算，请按实际填写") in result.stdout


def test_what_cannot_be_read_or_written_exits_2_and_writes_nothing(tmp_path):
    broken = tmp_path / "2025.json"
    broken.write_text('{"format": "nianbao.report", "version": 1, "form": "gov-2021", "year": 2025,', encoding="utf-8")
    target = tmp_path / "2026.json"
    result = run("new", "--from", str(broken), "--year", "2026", "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.startswith("无法读取上年报告：") and "Traceback" not in result.stderr
    assert not target.exists()
    year = run("new", "--from", str(broken), "--year", "二〇二六", "-o", str(target))
    assert year.returncode == 2 and "年度应为4位数字" in year.stderr
    name = run("new", "--from", str(broken), "--year", "2026", "-o", str(tmp_path / "2026.docx"))
    assert name.returncode == 2 and "应以 .json 结尾" in name.stderr


def test_the_draft_can_go_to_standard_output(tmp_path, qingchuan):
    last = write_draft(qingchuan, tmp_path / "2025.json")
    result = run("new", "--from", str(last), "--year", "2026", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["carried_text"] == ["overview", "problems", "other"]
    assert "已新建" in result.stderr


def test_last_years_report_as_its_published_word_file(tmp_path, qingchuan):
    """Most offices have last year's report only as the Word file they published."""
    from exports.docx_writer import write_docx

    published = write_docx(qingchuan, tmp_path / "青川市市场监督管理局2025年政府信息公开工作年度报告.docx")
    target = tmp_path / "2026.json"
    result = run("new", "--from", str(published), "--year", "2026", "-o", str(target))
    assert result.returncode in (0, 1), result.stderr
    report = read_draft(target)
    assert (report.organ, report.year) == (ORGAN, 2026)
    assert report.value(Cell("t3", "carried_over", "total")) == 15
    assert report.value(Cell("t2", "normative", "in_force")) == 27
    assert report.section_text("problems") == qingchuan.section_text("problems")
    assert "problems" in report.carried_text
    assert "Traceback" not in result.stderr
