"""The command line's Word exports use the fonts chosen in 设置, and `export` says in one line on
standard error which of them this PC lacks (fontconfig's list faked by an fc-list on the PATH)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WINDOWS_LIKE = "宋体,SimSun\n仿宋,FangSong:style=Regular\n黑体,SimHei\n楷体,KaiTi\nLiberation Serif\n"


def fake_fc_list(folder: Path, output: str | None) -> Path:
    """A folder holding an fc-list that prints `output` (None: no fc-list at all)."""
    folder.mkdir(exist_ok=True)
    if output is not None:
        script = folder / "fc-list"
        script.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.buffer.write({output.encode()!r})\n",
                          encoding="utf-8")
        script.chmod(0o755)
    return folder


def run(tmp_path, *args, fc_list: str | None, fonts: dict | None = None):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    if fonts is not None:
        (data / "settings.json").write_text(json.dumps({"fonts": fonts}, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(NIANBAO_DATA_DIR=str(data), PATH=str(fake_fc_list(tmp_path / "bin", fc_list)))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=120)


FAKE_SOFFICE = """#!{python}
import sys
from pathlib import Path
args = sys.argv[1:]
out, word = Path(args[args.index("--outdir") + 1]), Path(args[-1])
(out / (word.stem + ".pdf")).write_bytes(b"%PDF-1.7\\n%%EOF\\n")
"""


@pytest.fixture
def draft(tmp_path, qingchuan):
    from forms.draft import write_draft

    return write_draft(qingchuan, tmp_path / "报告.json")


def east_asian_fonts(path: Path) -> set[str]:
    """Every w:eastAsia font name the document's styles and body use."""
    import re

    with zipfile.ZipFile(path) as package:
        xml = package.read("word/styles.xml").decode() + package.read("word/document.xml").decode()
    return set(re.findall(r'w:eastAsia="([^"]+)"', xml)) - {"zh-CN"}


@pytest.mark.skipif(sys.platform == "win32", reason="fc-list is the Linux way")
def test_export_names_the_missing_fonts_in_one_line_and_still_writes(tmp_path, draft):
    target = tmp_path / "报告.docx"
    result = run(tmp_path, "export", str(draft), "--docx", str(target), fc_list=WINDOWS_LIKE)
    assert result.returncode == 0, result.stderr
    assert target.exists()
    tips = [line for line in result.stderr.splitlines() if line.startswith("提示：")]
    assert tips == ["提示：本机没有“方正小标宋简体”：在本机打开时标题将以“宋体”显示；"
                    "本机没有“仿宋_GB2312”：在本机打开时正文和表格将以“仿宋”显示；"
                    "本机没有“楷体_GB2312”：在本机打开时二级标题将以“楷体”显示。"
                    "文件本身仍使用规定字体，在装有该字体的电脑上打开、打印时正常。"]
    assert "方正小标宋简体" in east_asian_fonts(target)


@pytest.mark.skipif(sys.platform == "win32", reason="fc-list is the Linux way")
def test_export_with_the_fonts_of_the_settings_says_nothing_when_they_are_installed(tmp_path, draft):
    target = tmp_path / "报告.docx"
    fonts = {"title": "宋体", "body": "仿宋", "table": "仿宋", "subheading": "楷体"}
    result = run(tmp_path, "export", str(draft), "--docx", str(target), fc_list=WINDOWS_LIKE, fonts=fonts)
    assert result.returncode == 0 and "提示" not in result.stderr, result.stderr
    names = east_asian_fonts(target)
    assert {"宋体", "仿宋", "楷体", "黑体"} <= names
    assert not names & {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"}


def test_export_without_fc_list_cannot_tell_and_says_nothing(tmp_path, draft):
    result = run(tmp_path, "export", str(draft), "--docx", str(tmp_path / "报告.docx"), fc_list=None)
    assert result.returncode == 0 and result.stderr == "", result.stderr


def test_merge_writes_word_with_the_fonts_of_the_settings(tmp_path, qingchuan):
    from forms.draft import write_draft

    units = tmp_path / "units"
    units.mkdir()
    write_draft(qingchuan, units / "a.json")
    target = tmp_path / "汇总.docx"
    result = run(tmp_path, "merge", str(units), "-o", str(tmp_path / "汇总.json"), "--docx", str(target),
                 "--organ", "某县人民政府办公室", fc_list=WINDOWS_LIKE, fonts={"body": "方正仿宋_GBK"})
    assert target.exists(), result.stdout + result.stderr
    assert "方正仿宋_GBK" in east_asian_fonts(target) and "仿宋_GB2312" in east_asian_fonts(target)   # table's
    tips = [line for line in result.stderr.splitlines() if line.startswith("提示：")]    # as export says it
    assert len(tips) == 1 and "本机没有“方正仿宋_GBK”：在本机打开时正文将以“仿宋”显示" in tips[0], result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="fc-list is the Linux way")
def test_export_of_a_pdf_says_the_pdf_keeps_this_pcs_fonts(tmp_path, draft):
    soffice = fake_fc_list(tmp_path / "bin", WINDOWS_LIKE) / "soffice"
    soffice.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    soffice.chmod(0o755)
    result = run(tmp_path, "export", str(draft), "--pdf", str(tmp_path / "报告.pdf"),
                 "--docx", str(tmp_path / "报告.docx"), fc_list=WINDOWS_LIKE)
    assert result.returncode == 0, result.stderr
    tips = [line for line in result.stderr.splitlines() if line.startswith("提示：")]
    assert len(tips) == 2
    assert "在本机打开时标题将以“宋体”显示" in tips[0] and "在装有该字体的电脑上打开、打印时正常" in tips[0]
    assert "PDF中的标题将改用本机的“宋体”" in tips[1] and tips[1].endswith("请在装有这些字体的电脑上导出PDF。")
