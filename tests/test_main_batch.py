"""`python main.py check` with several files or folders (批量检查): one row per unit, unreadable files
named with the reason, last year's folder, the Excel result, --json; one draft checked as it always was."""

from __future__ import annotations

import json

from openpyxl import load_workbook

import main
from forms.carryover import new_report
from forms.draft import write_draft
from forms.expr import Cell
from forms.samples import load_samples
from tests.exports.test_batch import collected_folder
from tests.support.gov2019 import gov2019_report


def test_check_a_folder_lists_each_unit_and_goes_on_past_a_broken_file(tmp_path, capsys):
    folder = collected_folder(tmp_path / "各单位")
    code = main.main(["check", str(folder)])
    out = capsys.readouterr().out
    assert code == main.EXIT_ERRORS
    assert "报送说明.txt" in out.splitlines()[0] and "没有检查" in out.splitlines()[0]
    assert "[1] 01 市场监管局.json — 青川市市场监督管理局，2025年度，2021年版格式" in out
    assert "[2] 02 教育局.docx — 青川市教育局" in out and "【错误】R1" in out
    assert "[4] 04 民政局.docx：无法读取 — " in out
    assert out.rstrip().splitlines()[-1] == "共检查 3 份报告：2 份有错误；另有 1 个文件无法读取（已在上面说明原因）。"
    assert "Traceback" not in out


def test_check_exit_codes_clean_units_and_nothing_checkable(tmp_path, capsys):
    clean = dict(load_samples())["2025-qingchuan-scjgj.json"]
    write_draft(clean, tmp_path / "a.json")
    other = clean.copy()
    other.set_organ("青川市教育局")
    write_draft(other, tmp_path / "b.json")
    assert main.main(["check", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == main.EXIT_OK
    (tmp_path / "坏.json").write_text('{"format": "gov-2021", ', encoding="utf-8")
    assert main.main(["check", str(tmp_path / "坏.json"), str(tmp_path / "没有.json")]) == main.EXIT_UNREADABLE
    out = capsys.readouterr().out
    assert "找不到“" in out and "坏.json：无法读取" in out
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    assert main.main(["check", str(empty)]) == main.EXIT_UNREADABLE


def test_last_folder_pairs_units_by_organ_and_names_those_without(tmp_path, capsys):
    last_folder, this_folder = tmp_path / "2020", tmp_path / "2021"
    last_folder.mkdir()
    this_folder.mkdir()
    last = gov2019_report()
    last.set_organ("某某县  交通运输局")
    write_draft(last, last_folder / "上年交通.json")
    transport = new_report("某某县交通运输局", 2021, last=gov2019_report())
    transport.enter(Cell("t3", "new_received", "natural"), "3,001")
    write_draft(transport, this_folder / "交通.json")
    write_draft(new_report("某某县水利局", 2021), this_folder / "水利.json")
    main.main(["check", str(this_folder), "--last-folder", str(last_folder)])
    out = capsys.readouterr().out
    assert f"上年报告：{last_folder / '上年交通.json'}" in out
    assert "未做跨年核对：上年文件夹中没有某某县水利局的报告。" in out
    assert out.rstrip().endswith("1 个单位没有做跨年核对（上年文件夹中没有找到或无法读取它的上年报告）：某某县水利局")


def test_last_is_for_one_report_and_last_folder_for_many(tmp_path, capsys):
    code = main.main(["check", str(tmp_path), "a.json", "--last", "b.json"])
    assert code == main.EXIT_UNREADABLE and "--last-folder" in capsys.readouterr().err


def test_the_excel_result_is_written_and_not_overwritten_without_asking(tmp_path, capsys):
    folder = collected_folder(tmp_path / "各单位")
    result = tmp_path / "检查结果.xlsx"
    assert main.main(["check", str(folder), "--xlsx", str(result)]) == main.EXIT_ERRORS
    wb = load_workbook(result)
    organs = [r[1] for r in list(wb["各单位"].values)[1:4]]
    assert organs == ["青川市市场监督管理局", "青川市教育局", "青川市 卫生健康局"]
    assert list(wb["问题清单"].values)[0][:3] == ("单位", "文件", "规则")
    assert main.main(["check", str(folder), "--xlsx", str(result)]) == main.EXIT_UNREADABLE
    assert "--overwrite" in capsys.readouterr().err
    # the result written into the folder checked is not read back as a unit on the next run
    inside = folder / "结果.xlsx"
    main.main(["check", str(folder), "--xlsx", str(inside)])
    capsys.readouterr()
    main.main(["check", str(folder), "--xlsx", str(inside), "--overwrite"])
    assert "结果.xlsx：无法读取" not in capsys.readouterr().out


def test_json_is_one_object_with_units_and_their_findings(tmp_path, capsys):
    folder = collected_folder(tmp_path / "各单位")
    code = main.main(["check", str(folder), "--json"])
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert code == main.EXIT_ERRORS
    assert list(doc) == ["units", "ignored", "checked", "with_errors", "unreadable", "without_last"]
    assert (doc["checked"], doc["with_errors"], doc["unreadable"]) == (3, 2, 1)
    assert doc["ignored"][0].endswith("报送说明.txt") and "报送说明.txt" in captured.err
    word = doc["units"][1]
    assert {"file", "organ", "form", "form_name", "year", "errors", "warnings", "findings"} <= set(word)
    assert word["errors"] == sum(f["severity"] == "error" for f in word["findings"])
    assert {"rule", "severity", "severity_label", "place", "message"} == set(word["findings"][0])
    assert set(doc["units"][3]) == {"file", "error"}


def test_one_draft_is_checked_exactly_as_before(tmp_path, capsys):
    dirty = str(tmp_path / "a.json")
    write_draft(dict(load_samples())["2017-yueqing-wenguangxin.json"], dirty)
    for extra in ([], ["--json"]):
        code = main.main(["check", dirty, *extra])
        through_verb = capsys.readouterr()
        assert code == main.check_draft(dirty, as_json=bool(extra)) == main.EXIT_ERRORS
        assert through_verb == capsys.readouterr()


def test_a_program_error_on_one_file_is_logged_and_the_rest_go_on(tmp_path, monkeypatch, capsys):
    import exports.batch

    clean = dict(load_samples())["2025-qingchuan-scjgj.json"]
    write_draft(clean, tmp_path / "a.json")
    odd = clean.copy()
    odd.set_organ("青川市怪局")
    write_draft(odd, tmp_path / "b.json")
    real_check = exports.batch.check

    def check(report, last=None):
        if report.organ == "青川市怪局":
            raise RuntimeError("boom")
        return real_check(report, last)

    monkeypatch.setattr(exports.batch, "check", check)
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))
    code = main.main(["check", str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    out = capsys.readouterr().out
    assert code == main.EXIT_ERRORS
    assert "[1] a.json — 青川市市场监督管理局" in out
    assert "[2] b.json：无法读取 — 检查这个文件时程序出错" in out and "boom" not in out and "Traceback" not in out
    assert f"“{tmp_path / 'log' / 'nianbao.log'}”" in out
    log = (tmp_path / "log" / "nianbao.log").read_text(encoding="utf-8")
    assert "b.json" in log and "RuntimeError: boom" in log


def test_a_batch_refused_before_it_starts_still_answers_json(tmp_path, capsys):
    code = main.main(["check", str(tmp_path), "a.json", "--last", "b.json", "--json"])
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert code == main.EXIT_UNREADABLE and doc["files"] == [str(tmp_path), "a.json"]
    assert "--last-folder" in doc["error"] and doc["error"] in captured.err
