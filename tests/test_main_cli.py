"""The command line, run as a clerk or a script would run it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None, env=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, timeout=120)


def test_forms_lists_the_three_formats_with_basis_and_years():
    result = run("forms")
    assert result.returncode == 0
    out = result.stdout
    assert out.index("gov-2021") < out.index("gov-2019") < out.index("gov-2014")
    assert "gov-2021（默认）" in out
    for text in ("国办公开办函〔2021〕30号", "国办公开办函〔2019〕60号", "国办发〔2014〕32号",
                 "2021年度及以后", "2019—2020年度", "2014—2018年度"):
        assert text in out


@pytest.fixture
def drafts(tmp_path):
    result = run("sample", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_sample_writes_both_samples(drafts):
    assert sorted(p.name for p in drafts.iterdir()) == ["2017-yueqing-wenguangxin.json", "2025-qingchuan-scjgj.json"]


def test_check_exit_codes_and_findings(drafts):
    clean = run("check", str(drafts / "2025-qingchuan-scjgj.json"))
    assert clean.returncode == 0
    assert "检查通过" in clean.stdout and "未运行：R6" in clean.stdout and "--last" in clean.stdout
    dirty = run("check", str(drafts / "2017-yueqing-wenguangxin.json"))
    assert dirty.returncode == 1
    assert "发现 4 个错误、2 个提醒" in dirty.stdout
    assert "【错误】C1 统计表“（一）收到申请数”原来填的是空白，按各分项计算应为1" in dirty.stdout


def test_check_r1_says_what_to_type(drafts, tmp_path):
    doc = json.loads((drafts / "2025-qingchuan-scjgj.json").read_text(encoding="utf-8"))
    doc["tables"]["t3"]["carried_forward"]["natural"] = 20
    path = tmp_path / "r1.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1
    assert "表三“自然人”列不平衡" in result.stdout and "“四、结转下年度继续办理”应填9" in result.stdout


def test_check_json_output(drafts):
    result = run("check", str(drafts / "2017-yueqing-wenguangxin.json"), "--json")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert (doc["form"], doc["errors"], doc["warnings"]) == ("gov-2014", 4, 2)
    first = next(f for f in doc["findings"] if f["rule"] == "C1")
    assert first["rule"] == "C1" and first["severity"] == "error" and first["cells"] == ["stats.c1.value"]
    assert first["places"] == ["统计表“（一）收到申请数”"] and first["values"] == {"stated": None, "computed": 1}


def test_check_with_last_year(drafts, tmp_path):
    this = json.loads((drafts / "2025-qingchuan-scjgj.json").read_text(encoding="utf-8"))
    last = json.loads(json.dumps(this))
    last["year"] = 2024
    last["tables"]["t3"]["carried_forward"]["natural"] = 7          # this year carries over 9
    (tmp_path / "last.json").write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    result = run("check", str(drafts / "2025-qingchuan-scjgj.json"), "--last", str(tmp_path / "last.json"))
    assert "未运行：R6" not in result.stdout
    assert "【提醒】R6 表三“自然人”列" in result.stdout
    assert result.returncode == 0                                     # warnings do not fail


def test_unreadable_files_exit_2_with_a_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nianbao.report", "version": 1, "form": "gov-2021", "tables": {"t3": {"granted": '
                   '{"natural": "十二"}}}}', encoding="utf-8")
    result = run("check", str(bad))
    assert result.returncode == 2
    assert "“tables.t3.granted.natural”处（表三“（一）予以公开”行“自然人”列）：应为不小于0的整数" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run("check", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr


def test_usage_mistakes_are_in_chinese():
    result = run("chek")
    assert result.returncode == 2
    assert "命令有误" in result.stderr and "无效的选择" in result.stderr


def test_without_a_display_the_main_job_still_does_real_work(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "没有检测到图形界面" in result.stdout and "python main.py check" in result.stdout
    folder = tmp_path / "年报通示例"
    assert "检查通过" in result.stdout
    for name in ("2017-yueqing-wenguangxin", "2025-qingchuan-scjgj"):
        for suffix in (".json", ".docx", ".xlsx"):
            assert (folder / (name + suffix)).stat().st_size > 1000, name + suffix
    assert "草稿（未通过校验）" in result.stdout            # the 2017 sample has its own errors


@pytest.mark.parametrize("flag,target,message", [
    ("--docx", "SOURCE", "应以 .docx 结尾"),
    ("--docx", "out.xlsx", "Word文件的文件名应以 .docx 结尾"),
    ("--xlsx", "out.docx", "Excel文件的文件名应以 .xlsx 结尾"),
    ("--docx", "notes.txt", "应以 .docx 结尾"),
])
def test_export_refuses_targets_that_would_lose_something(drafts, flag, target, message):
    source = drafts / "2025-qingchuan-scjgj.json"
    before = source.read_bytes()
    result = run("export", str(source), flag, str(source) if target == "SOURCE" else str(drafts / target))
    assert result.returncode == 2 and message in result.stderr
    assert source.read_bytes() == before


def test_export_refuses_the_draft_itself_even_under_a_word_name(drafts):
    source = drafts / "draft.docx"
    source.write_bytes((drafts / "2025-qingchuan-scjgj.json").read_bytes())
    result = run("export", str(source), "--docx", str(source))
    assert result.returncode == 2 and "是草稿文件本身" in result.stderr


def test_export_refusal_names_the_draft_option(drafts, tmp_path):
    result = run("export", str(drafts / "2017-yueqing-wenguangxin.json"), "--docx", str(tmp_path / "a.docx"))
    assert result.returncode == 1 and "--draft" in result.stderr and not (tmp_path / "a.docx").exists()


def test_check_json_says_why_a_file_cannot_be_read(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    result = run("check", str(bad), "--json")
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    assert doc["file"] == str(bad) and "不是有效的JSON" in doc["error"]


def test_sample_keeps_a_sample_someone_edited(drafts):
    edited = drafts / "2025-qingchuan-scjgj.json"
    doc = json.loads(edited.read_text(encoding="utf-8"))
    doc["organ"] = "我改过的局"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("sample", "-o", str(drafts))
    assert result.returncode == 0
    assert "已保留" in result.stdout and json.loads(edited.read_text(encoding="utf-8"))["organ"] == "我改过的局"


def test_export_does_not_replace_a_file_without_overwrite(drafts, tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"retouched by hand")
    source = str(drafts / "2025-qingchuan-scjgj.json")
    refused = run("export", source, "--docx", str(target))
    assert refused.returncode == 2 and "已经存在" in refused.stderr and "--overwrite" in refused.stderr
    assert target.read_bytes() == b"retouched by hand"
    replaced = run("export", source, "--docx", str(target), "--overwrite")
    assert replaced.returncode == 0 and target.read_bytes().startswith(b"PK")


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path):
    """python main.py forms | head -1: the reader goes away; no traceback in the clerk's terminal."""
    with subprocess.Popen([sys.executable, str(ROOT / "main.py"), "forms"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=tmp_path) as process:
        process.stdout.close()          # before the program has written anything
        error = process.stderr.read().decode("utf-8", "replace")
        process.wait(timeout=60)
    assert "Traceback" not in error and "BrokenPipe" not in error, error
    assert process.returncode == 1
