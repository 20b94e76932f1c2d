"""The fonts a Word file names, by role: the settings turned into a `Typesetting`, what a missing font
looks like on this PC and the installed alternative offered instead."""

from __future__ import annotations

from exports.font_roles import FontRole, font_problems, replacements, summary, typesetting_for
from exports.typesetting import Typesetting
from host.fonts import InstalledFonts

WINDOWS_PC = InstalledFonts({"宋体", "SimSun", "仿宋", "FangSong", "黑体", "SimHei", "楷体", "KaiTi",
                             "Times New Roman"})


def test_the_roles_are_the_typesettings_fonts_and_their_defaults_the_official_ones():
    assert {role.field for role in FontRole} == {f for f in Typesetting.__dataclass_fields__ if f.endswith("_font")}
    assert typesetting_for({}) == Typesetting()
    for role in FontRole:
        assert role.alternatives[0] == role.default
        assert role.label and role.label.isascii() is False


def test_settings_fonts_become_the_typesetting_unknown_roles_and_blanks_ignored():
    ts = typesetting_for({"body": "方正仿宋_GBK", "table": "仿宋", "title": "  ", "colour": "红"})
    assert ts.body_font == "方正仿宋_GBK" and ts.table_font == "仿宋"
    assert ts.title_font == Typesetting().title_font


def test_on_a_usual_windows_pc_the_gb2312_fonts_and_the_title_font_are_missing():
    problems = font_problems(Typesetting(), WINDOWS_PC)
    assert [(p.font, p.roles, p.shown_as) for p in problems] == [
        ("方正小标宋简体", (FontRole.TITLE,), "宋体"),
        ("仿宋_GB2312", (FontRole.BODY, FontRole.TABLE), "仿宋"),
        ("楷体_GB2312", (FontRole.SUBHEADING,), "楷体"),
    ]
    assert problems[0].says() == "本机没有“方正小标宋简体”：在本机打开时标题将以“宋体”显示"
    assert problems[1].says() == "本机没有“仿宋_GB2312”：在本机打开时正文和表格将以“仿宋”显示"


def test_a_missing_font_without_an_installed_stand_in_says_another_font_shows():
    problems = font_problems(Typesetting(), InstalledFonts({"Times New Roman"}))
    assert problems[0].shown_as is None
    assert problems[0].says() == "本机没有“方正小标宋简体”：在本机打开时标题将以本机的其他字体显示"


def test_nothing_is_missing_when_it_cannot_be_told():
    assert font_problems(Typesetting(), InstalledFonts(None)) == []


def test_the_installed_alternative_of_each_role_is_offered():
    offered = replacements(Typesetting(), font_problems(Typesetting(), WINDOWS_PC), WINDOWS_PC)
    assert offered == {FontRole.TITLE: "宋体", FontRole.BODY: "仿宋", FontRole.TABLE: "仿宋",
                       FontRole.SUBHEADING: "楷体"}
    ts = typesetting_for({role.value: name for role, name in offered.items()})
    assert font_problems(ts, WINDOWS_PC) == []


def test_no_alternative_installed_none_offered():
    bare = InstalledFonts({"Times New Roman", "DejaVu Sans"})
    assert replacements(Typesetting(), font_problems(Typesetting(), bare), bare) == {}


def test_for_a_pdf_the_fonts_of_this_pc_are_the_files_own():
    problems = font_problems(Typesetting(), WINDOWS_PC)
    assert problems[0].says(pdf=True) == "本机没有“方正小标宋简体”：PDF中的标题将改用本机的“宋体”"
    line = summary(problems, pdf=True)
    assert line.endswith("PDF按本机已有的字体生成，在哪台电脑上打开、打印都是这样；"
                         "要用规定字体，请在装有这些字体的电脑上导出PDF。")
    assert "在装有该字体的电脑上打开、打印时正常" not in line
    bare = InstalledFonts({"Times New Roman"})
    missing_title = font_problems(Typesetting(), bare)[0]
    assert missing_title.says(pdf=True) == "本机没有“方正小标宋简体”：PDF中的标题将改用本机的其他字体"


def test_a_font_name_from_the_settings_passes_the_one_text_rule_and_every_word_export_takes_it(tmp_path):
    """settings.json is text from outside: a name holding what no XML can (U+FFFE, half a character,
    DEL, a line break: what forms.text.clean_text would change) is no font's name and the role keeps
    its official font, never a crash of every Word export; XML's own characters stay (the writer
    escapes them)."""
    from exports.docx_writer import write_docx
    from forms.samples import load_samples

    ts = typesetting_for({"body": "仿宋\ufffe", "title": "方正\ud800小标宋", "table": "楷体\x7f",
                          "subheading": "楷\u2028体", "heading": "黑体&<>\"'"})
    for role in (FontRole.BODY, FontRole.TITLE, FontRole.TABLE, FontRole.SUBHEADING):
        assert getattr(ts, role.field) == role.default
    assert ts.heading_font == "黑体&<>\"'"
    report = load_samples()[0][1]
    assert write_docx(report, tmp_path / "报告.docx", fonts=ts).stat().st_size > 0
