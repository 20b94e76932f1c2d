"""The settings of 设置: the font of each role, the folder for reports, the missing fonts the clerk chose
to keep — kept between runs, read back only as written (anything else dropped)."""

from __future__ import annotations

import json
from pathlib import Path

from exports.font_roles import FontRole
from exports.typesetting import Typesetting
from ui.settings import Settings, saved_typesetting


def test_fonts_folder_and_kept_fonts_survive_a_restart(tmp_path):
    settings = Settings(tmp_path)
    settings.set_fonts({FontRole.BODY: "方正仿宋_GBK", FontRole.TABLE: "仿宋"})
    settings.reports_folder = tmp_path / "年报"
    settings.keep_missing(["方正小标宋简体"])
    again = Settings(tmp_path)
    assert again.fonts()[FontRole.BODY] == "方正仿宋_GBK" and again.fonts()[FontRole.TABLE] == "仿宋"
    assert again.fonts()[FontRole.TITLE] == "方正小标宋简体"          # not set: the official one
    assert again.reports_folder == tmp_path / "年报"
    assert again.kept_missing() == {"方正小标宋简体"}
    assert again.typesetting() == Typesetting(body_font="方正仿宋_GBK", table_font="仿宋")
    assert saved_typesetting(tmp_path) == again.typesetting()


def test_the_official_font_is_not_stored_so_a_later_default_would_reach_it(tmp_path):
    settings = Settings(tmp_path)
    settings.set_fonts({FontRole.BODY: "方正仿宋_GBK"})
    settings.set_fonts({FontRole.BODY: Typesetting().body_font})
    assert "fonts" not in json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))


def test_defaults_restored_and_the_folder_forgotten(tmp_path):
    settings = Settings(tmp_path)
    settings.set_fonts({FontRole.HEADING: "SimHei"})
    settings.reports_folder = tmp_path
    settings.reports_folder = None
    settings.set_fonts({role: role.default for role in FontRole})
    again = Settings(tmp_path)
    assert again.reports_folder is None and again.typesetting() == Typesetting()


def test_junk_in_the_file_is_dropped(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({
        "fonts": {"body": "仿宋", "title": 3, "heading": "", "table": "x" * 500, "colour": "红",
                  "subheading": "楷\u0007体", "latin": ["Arial"]},
        "reports_folder": 12,
        "kept_missing_fonts": ["方正小标宋简体", 5, None, ""],
    }, ensure_ascii=False), encoding="utf-8")
    settings = Settings(tmp_path)
    assert settings.typesetting() == Typesetting(body_font="仿宋")
    assert settings.reports_folder is None
    assert settings.kept_missing() == {"方正小标宋简体"}
    (tmp_path / "settings.json").write_text(json.dumps({"fonts": ["仿宋"], "kept_missing_fonts": "宋体",
                                                        "reports_folder": ""}), encoding="utf-8")
    settings = Settings(tmp_path)
    assert settings.typesetting() == Typesetting() and settings.kept_missing() == set()
    assert settings.reports_folder is None


def test_the_command_line_reads_the_settings_without_touching_a_bad_file(tmp_path):
    bad = tmp_path / "settings.json"
    bad.write_text("{not json", encoding="utf-8")
    assert saved_typesetting(tmp_path) == Typesetting()
    assert bad.read_text(encoding="utf-8") == "{not json"           # the window's to set aside, not ours
    assert saved_typesetting(tmp_path / "none") == Typesetting()
    assert not Path(tmp_path / "none").exists()


def test_a_kept_folder_that_names_no_usable_folder_is_dropped(tmp_path):
    """settings.json may be edited by hand: a folder (the reports' or 导出到其他位置's) holding a NUL
    (it stopped the first save with a program error) or half a character, or a relative one (it would
    depend on the folder the program was started from), is no folder: the default is used."""
    for bad in ("年报\u0000目录", "\udc80年报", "相对/文件夹", " "):
        (tmp_path / "settings.json").write_text(json.dumps({"reports_folder": bad, "export_folder": bad}),
                                                encoding="utf-8")
        settings = Settings(tmp_path)
        assert settings.reports_folder is None and settings.export_folder is None, repr(bad)
    good = str(tmp_path / "年报 文件夹")
    (tmp_path / "settings.json").write_text(json.dumps({"reports_folder": good, "export_folder": good}),
                                            encoding="utf-8")
    assert Settings(tmp_path).reports_folder == Settings(tmp_path).export_folder == Path(good)
