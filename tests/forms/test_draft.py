"""Draft files: docs/draft-file.md, exact round trips, atomic saves, and clear errors for bad files."""

from __future__ import annotations

import json
import os
import random
from decimal import Decimal

import pytest

from forms import draft as draft_module
from forms.atomic import SaveError
from forms.draft import DraftError, dump_draft, parse_draft, read_draft, write_draft
from forms.expr import Cell


def test_samples_round_trip_unchanged(samples, tmp_path):
    for name, report in samples.items():
        path = write_draft(report, tmp_path / name)
        again = read_draft(path)
        assert again.same_content(report), name
        assert dump_draft(again) == path.read_bytes()


def test_bundled_sample_files_are_in_canonical_form(samples, sample_dir):
    for name, report in samples.items():
        assert dump_draft(report) == (sample_dir / name).read_bytes(), name


def test_shape_follows_spec_section_7(qingchuan):
    doc = json.loads(dump_draft(qingchuan))
    assert list(doc)[:5] == ["format", "version", "form", "organ", "year"]
    assert doc["format"] == "nianbao.report" and doc["version"] == 1 and doc["form"] == "gov-2021"
    assert doc["tables"]["t2"]["fees"]["amount"] == "36.842"              # amounts as strings
    assert doc["tables"]["t3"]["new_received"]["total"] == 219            # computed cells written too
    assert doc["info"]["date"] == "2026-01-20"


def test_blank_is_not_zero(qingchuan):
    qingchuan.set(Cell.parse("t3.granted.research"), None)
    doc = json.loads(dump_draft(qingchuan))
    assert "research" not in doc["tables"]["t3"]["granted"]
    assert doc["tables"]["t3"]["partial"]["research"] == 0
    back = parse_draft(dump_draft(qingchuan))
    assert back.value(Cell.parse("t3.granted.research")) is None
    assert back.value(Cell.parse("t3.partial.research")) == 0


def test_stated_totals_that_disagree_are_kept_and_reported(qingchuan):
    doc = json.loads(dump_draft(qingchuan))
    doc["tables"]["t3"]["new_received"]["total"] = 300
    report = parse_draft(json.dumps(doc))
    assert report.value(Cell.parse("t3.new_received.total")) == 219
    assert report.stated == {Cell.parse("t3.new_received.total"): 300}
    assert json.loads(dump_draft(report))["tables"]["t3"]["new_received"]["total"] == 300


def test_numbers_accepted_for_amounts_and_bom(qingchuan):
    doc = json.loads(dump_draft(qingchuan))
    doc["tables"]["t2"]["fees"]["amount"] = 96171.6
    report = parse_draft(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    assert report.value(Cell.parse("t2.fees.amount")) == Decimal("96171.6")


def base_doc():
    return {"format": "nianbao.report", "version": 1, "form": "gov-2021", "organ": "某局", "year": 2025,
            "tables": {"t3": {"granted": {"natural": 1}}}}


@pytest.mark.parametrize("change,message", [
    (lambda d: d.update(version=2), "文件版本为2，是更新版本的年报通保存的"),
    (lambda d: d.update(form="gov-2030"), "“form”处：未知的报告格式“gov-2030”"),
    (lambda d: d.update(format="other"), "不是年报通的草稿文件"),
    (lambda d: d.update(colour="red"), "“colour”处：未知的项目"),
    (lambda d: d.update(year="2025"), "“year”处：年度应为整数"),
    (lambda d: d.update(year=1850), "不在2000—2100之间"),
    (lambda d: d.update(organ=5), "机关名称应为文字"),
    (lambda d: d.update(info={"fax": "1"}), "“info.fax”处：未知的项目"),
    (lambda d: d.update(sections={"proactive_extra": "x"}), "“sections.proactive_extra”处"),
    (lambda d: d["tables"].update(t9={}), "“tables.t9”处：格式 gov-2021 没有表格“t9”"),
    (lambda d: d["tables"]["t3"].update(nosuch={"natural": 1}), "“tables.t3.nosuch”处"),
    (lambda d: d["tables"]["t3"]["granted"].update(nosuch=1),
     "“tables.t3.granted.nosuch”处：“（一）予以公开”行没有列“nosuch”"),
    (lambda d: d["tables"]["t3"]["granted"].update(natural="12"),
     "“tables.t3.granted.natural”处（表三“（一）予以公开”行“自然人”列）：应为不小于0的整数"),
    (lambda d: d["tables"]["t3"]["granted"].update(natural=1.5), "应为不小于0的整数"),
    (lambda d: d["tables"]["t3"]["granted"].update(natural=True), "应为数字，实际是true"),
    (lambda d: d["tables"]["t3"].update(granted=[1, 2]), "“tables.t3.granted”处：应为一个对象"),
    (lambda d: d["tables"].update(t2={"fees": {"amount": "12,5"}}),
     "“tables.t2.fees.amount”处（表二“行政事业性收费”行“本年收费金额（单位：万元）”列）：应为金额"),
    (lambda d: d["tables"].update(t2={"fees": {"amount": "NaN"}}), "应为金额"),
])
def test_wrong_files_give_a_message_naming_the_place(change, message):
    doc = base_doc()
    change(doc)
    with pytest.raises(DraftError) as err:
        parse_draft(json.dumps(doc, ensure_ascii=False))
    assert message in str(err.value)


@pytest.mark.parametrize("data,message", [
    (b"", "第1行第1列不是有效的JSON"),
    (b'{"format": "nianbao.report", "version": 1, "form": "gov-2021", "tables": {"t3": {"gran', "字符串没有结束"),
    (b"[1, 2]", "最外层应为一个对象"),
    (b"\xff\xfe{\x00", "不是UTF-8"),
    (b'{"version": NaN}', "内容无效"),
    (b"[" * 100000 + b"]" * 100000, "嵌套层次过深"),
    (b'{"format": "nianbao.report", "version": 1, "form": "gov-2021", "year": 1' + b"0" * 5000 + b"}", "年度应为整数"),
])
def test_malformed_and_truncated_files(data, message):
    with pytest.raises(DraftError, match=message):
        parse_draft(data)


def test_read_draft_names_the_file(tmp_path):
    path = tmp_path / "坏文件.json"
    path.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(DraftError, match="“坏文件.json”：草稿文件第1行第12列"):
        read_draft(path)
    with pytest.raises(DraftError, match="找不到文件"):
        read_draft(tmp_path / "none.json")
    with pytest.raises(DraftError, match="是一个文件夹"):
        read_draft(tmp_path)


def test_save_is_atomic_a_failed_save_leaves_the_previous_file(qingchuan, tmp_path, monkeypatch):
    path = tmp_path / "报告.json"
    write_draft(qingchuan, path)
    before = path.read_bytes()
    qingchuan.organ = "改过的名字"

    def broken_replace(src, dst):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SaveError) as err:
        write_draft(qingchuan, path)
    assert "正在 Word、WPS 或 Excel 中打开" in str(err.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["报告.json"]        # no temporary file left behind


def test_save_into_a_missing_folder_says_so(qingchuan, tmp_path):
    with pytest.raises(SaveError, match="不存在"):
        write_draft(qingchuan, tmp_path / "没有这个文件夹" / "a.json")


def test_save_over_a_folder_says_so(qingchuan, tmp_path):
    (tmp_path / "a.json").mkdir()
    with pytest.raises(SaveError, match="文件夹的名字"):
        write_draft(qingchuan, tmp_path / "a.json")


def test_disk_full_is_explained(qingchuan, tmp_path, monkeypatch):
    import errno

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match="磁盘空间不足"):
        write_draft(qingchuan, tmp_path / "a.json")
    assert list(tmp_path.iterdir()) == []


def _mutations(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    b = bytearray(data)
    if kind == 0:                                      # truncate
        return bytes(b[: rng.randrange(len(b))])
    if kind == 1:                                      # flip bytes
        for _ in range(rng.randrange(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 2:                                      # delete a span
        i = rng.randrange(len(b))
        del b[i: i + rng.randrange(1, 40)]
        return bytes(b)
    if kind == 3:                                      # duplicate a span
        i = rng.randrange(len(b))
        return bytes(b[:i] + b[i: i + 50] + b[i:])
    # structural: replace a JSON value somewhere with something of another type
    doc = json.loads(data)
    replacement = rng.choice([None, True, -1, 1.5, "x", [], {}, "１２", 10 ** 20, "9" * 30, {"a": 1}])
    node = doc
    path = []
    while isinstance(node, dict) and node:
        key = rng.choice(list(node))
        path.append(key)
        if rng.random() < 0.3 or not isinstance(node[key], dict):
            node[key] = replacement
            break
        node = node[key]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_fuzz_thousands_of_mutated_drafts_give_only_clear_errors(samples):
    rng = random.Random(20261125)
    seeds = [dump_draft(r) for r in samples.values()]
    outcomes = {"ok": 0, "error": 0}
    for _ in range(3000):
        data = _mutations(rng.choice(seeds), rng)
        try:
            report = parse_draft(data)
        except DraftError as exc:
            message = str(exc)
            assert message.startswith("草稿文件") and "Traceback" not in message
            outcomes["error"] += 1
        else:
            # whatever was accepted must be a usable report that writes back and reads back the same
            assert parse_draft(dump_draft(report)).same_content(report)
            outcomes["ok"] += 1
    assert outcomes["error"] > 1000 and outcomes["ok"] > 100


def test_the_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(draft_module, "MAX_BYTES", 10)
    path = tmp_path / "big.json"
    path.write_text("{" + " " * 20 + "}", encoding="utf-8")
    with pytest.raises(DraftError, match="太大"):
        read_draft(path)


def test_saved_files_keep_ordinary_permissions(qingchuan, tmp_path):
    new = write_draft(qingchuan, tmp_path / "new.json")
    mask = os.umask(0)
    os.umask(mask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask
    shared = tmp_path / "shared.json"
    shared.write_bytes(b"{}")
    shared.chmod(0o664)
    write_draft(qingchuan, shared)
    assert shared.stat().st_mode & 0o777 == 0o664


def test_an_unusual_system_error_is_told_without_english(qingchuan, tmp_path, monkeypatch):
    import errno

    def broken(fd):
        raise OSError(errno.EIO, "Input/output error")
    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(SaveError) as err:
        write_draft(qingchuan, tmp_path / "a.json")
    assert "Input/output" not in str(err.value) and "错误代码 5" in str(err.value)


@pytest.mark.parametrize("name_bytes", [241, 245, 255])
def test_a_legal_long_file_name_can_be_written(qingchuan, tmp_path, name_bytes):
    """Up to 255 bytes per name: the temporary file beside it must fit too."""
    stem = "青" * ((name_bytes - len(".json")) // 3)
    name = stem + "x" * (name_bytes - len(".json") - len(stem.encode("utf-8"))) + ".json"
    assert len(name.encode("utf-8")) == name_bytes
    written = write_draft(qingchuan, tmp_path / name)
    assert read_draft(written).same_content(qingchuan)
    assert [p.name for p in tmp_path.iterdir()] == [name]           # no temporary file left
