"""The install bundle, built once for the session with `packaging/build.py` (PyInstaller) into a temporary
folder, and run as a clerk's offline PC runs it: no Python on the PATH, no PYTHONPATH or PYTHONHOME, a home
folder of its own, no display. The samples it writes itself are checked, exported and imported by it, and
the files it writes are read back here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exports.docx_writer import write_docx
from exports.report_reader import read_report
from forms.draft import read_draft
from forms.samples import SAMPLES_DIR
from tests.support.libreoffice import convert
from tests.support.processes import first_line
from tests.support.webpage import government_page

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "2025-qingchuan-scjgj"          # no errors: check exits 0, export writes a final file
WITH_ERRORS = "2017-yueqing-wenguangxin"  # 4 errors: check exits 1
LIMIT_MB = 150                          # decimal megabytes: the stricter reading of "150 MB"
PROGRAM = "nianbao.exe" if sys.platform == "win32" else "nianbao"


def load_bundle_rules():
    """packaging/bundle_rules.py, by its path (a folder named packaging is not importable by name: the
    PyPI package of that name comes first)."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import bundle_rules
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    return bundle_rules


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(the bundle's folder, what build.py printed): the build takes about a minute, once a session."""
    where = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(where / "dist"),
                             "--work", str(where / "work")], capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    return where / "dist" / "nianbao", result.stdout


@pytest.fixture(scope="session")
def bundle(built):
    return built[0]


@pytest.fixture
def offline_env(tmp_path):
    """An environment with no Python to be found: PATH is one empty folder, no PYTHON* variables, no
    display, a home folder of its own (data and log folders in it)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": str(empty), "HOME": str(home), "USERPROFILE": str(home), "LANG": "C.UTF-8"}
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    assert shutil.which("python3", path=env["PATH"]) is None and shutil.which("python", path=env["PATH"]) is None
    assert not any(name.startswith("PYTHON") for name in env)
    return env


@pytest.fixture
def run(bundle, offline_env, tmp_path):
    """The bundle's program with these arguments, in tmp_path, in the offline environment."""

    def run_program(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(bundle / PROGRAM), *args], cwd=tmp_path, env={**offline_env, **(env or {})},
                              capture_output=True, text=True, encoding="utf-8", timeout=300)

    return run_program


def test_build_prints_the_size_and_the_bundle_is_under_150_mb(built):
    bundle, printed = built
    size = sum(path.lstat().st_size for path in bundle.rglob("*") if path.is_file() and not path.is_symlink())
    assert size < LIMIT_MB * 10**6
    assert f"size: {size / 10**6:.0f} MB ({size / 2**20:.0f} MiB)" in printed
    assert (bundle / PROGRAM).is_file()


def test_only_the_qt_the_program_uses_is_bundled(bundle):
    rules = load_bundle_rules()
    files = [path.relative_to(bundle).as_posix() for path in bundle.rglob("*") if path.is_file()]
    assert [name for name in files if not rules.keep(name)] == []
    names = {Path(name).name for name in files}
    assert "qtbase_zh_CN.qm" in names and not {"qtbase_de.qm", "qt_zh_CN.qm"} & names
    assert {"libQt6Core.so.6", "libQt6Widgets.so.6", "libqxcb.so", "libqoffscreen.so",
            "libibusplatforminputcontextplugin.so"} <= names
    assert {"libqwayland.so", "libqwayland-generic.so"} & names          # PySide6 6.11; 6.9
    dropped = ("QtNetwork", "Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Sql", "Qt6OpenGL", "Qt6Pdf", "libqeglfs",
               "libqvnc", "libqgtk3", "libcairo", "libkrb5", "numpy", "pypdfium2", "libavif")
    assert [name for name in files if any(part in name for part in dropped)] == []
    links = [path for path in bundle.rglob("*") if path.is_symlink()]
    assert links and all(path.exists() for path in links)        # no link to a file left out


def test_the_data_read_at_run_time_is_bundled(bundle):
    internal = bundle / "_internal"
    for folder, pattern in (("formats", "*.yaml"), ("samples", "*.json")):
        assert {p.name for p in (internal / "forms" / folder).glob(pattern)} == \
            {p.name for p in (ROOT / "forms" / folder).glob(pattern)}
    assert (internal / "docx" / "templates" / "default-footer.xml").is_file()
    assert list((internal / "pdfminer" / "cmap").glob("UniGB-UCS2-H*"))
    assert not list((internal / "pdfminer" / "cmap").glob("UniJIS*"))


def test_samples_checked_exported_and_imported_by_the_bundle(run, tmp_path, qingchuan):
    written = run("sample", "-o", "s")
    assert written.returncode == 0, written.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [f"{WITH_ERRORS}.json", f"{SAMPLE}.json"]
    clean, dirty = run("check", f"s/{SAMPLE}.json"), run("check", f"s/{WITH_ERRORS}.json")
    assert (clean.returncode, dirty.returncode) == (0, 1), clean.stderr + dirty.stderr
    assert "发现 4 个错误、2 个提醒" in dirty.stdout

    exported = run("export", f"s/{SAMPLE}.json", "--docx", "q.docx", "--xlsx", "q.xlsx")
    assert exported.returncode == 0, exported.stderr
    for name in ("q.docx", "q.xlsx"):                 # the files read back here, by the source's readers
        assert read_report(tmp_path / name).report.values == qingchuan.values
    for name in ("q.docx", "q.xlsx"):                 # and by the bundle's import
        imported = run("import", name, "-o", f"{name}.json")
        assert imported.returncode == 0, imported.stdout + imported.stderr
        back = read_draft(tmp_path / f"{name}.json")
        assert back.values == qingchuan.values and back.organ == qingchuan.organ


def test_a_web_page_is_imported_by_the_bundle(run, tmp_path, qingchuan):
    """lxml's HTML parser and a GB2312 page's decoding, frozen."""
    (tmp_path / "page.html").write_bytes(government_page(qingchuan))
    imported = run("import", "page.html", "-o", "page.json")
    assert imported.returncode in (0, 1), imported.stdout + imported.stderr     # 1: places to review
    assert read_draft(tmp_path / "page.json").values == qingchuan.values


@pytest.mark.libreoffice
def test_a_pdf_is_imported_by_the_bundle(run, tmp_path, qingchuan):
    """pdfplumber and pdfminer (its CMaps for Chinese fonts, cryptography), frozen: the sample's Word
    export printed to PDF by LibreOffice."""
    pdf = convert(write_docx(qingchuan, tmp_path / "q.docx"), "pdf")
    imported = run("import", pdf.name, "-o", "pdf.json")
    assert imported.returncode in (0, 1), imported.stdout + imported.stderr
    assert read_draft(tmp_path / "pdf.json").values == qingchuan.values


def test_checking_several_word_and_excel_files_reads_them_in_worker_processes(run, tmp_path):
    """Files other than drafts are read in a process pool: a frozen program must let its workers start
    (multiprocessing.freeze_support) rather than take their arguments for a verb."""
    assert run("sample", "-o", "s").returncode == 0
    assert run("export", f"s/{SAMPLE}.json", "--docx", "q.docx", "--xlsx", "q.xlsx").returncode == 0
    checked = run("check", "q.docx", "q.xlsx")
    assert "共检查 2 份报告" in checked.stdout and "无法读取" not in checked.stdout, checked.stdout + checked.stderr
    assert "[1] q.docx — 青川市市场监督管理局，2025年度，2021年版格式：检查通过" in checked.stdout
    # a workbook holds no prose: its sections are reported empty (errors, exit 1), its figures are checked
    assert "[2] q.xlsx — 青川市市场监督管理局，2025年度，2021年版格式：3 个错误" in checked.stdout
    assert checked.returncode == 1


def test_with_no_display_the_bundle_writes_the_samples_as_the_source_does(run, tmp_path, offline_env):
    result = run()
    assert result.returncode == 0, result.stderr
    assert "没有检测到图形界面" in result.stdout
    folder = tmp_path / "年报通示例"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{Path(name).stem}{suffix}" for name in os.listdir(SAMPLES_DIR) for suffix in (".json", ".docx", ".xlsx"))
    source = tmp_path / "source"
    source.mkdir()
    env = {**offline_env, "PATH": os.environ["PATH"]}
    by_source = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=source, env=env, capture_output=True,
                               text=True, encoding="utf-8", timeout=300)
    assert by_source.returncode == 0, by_source.stderr
    assert sorted(p.name for p in (source / "年报通示例").iterdir()) == sorted(p.name for p in folder.iterdir())
    for draft in folder.glob("*.json"):
        assert read_draft(draft).values == read_draft(source / "年报通示例" / draft.name).values
    clean = folder / f"{SAMPLE}.json"
    for suffix in (".docx", ".xlsx"):
        assert read_report(clean.with_suffix(suffix)).report.values == read_draft(clean).values


def test_a_broken_file_is_told_in_plain_chinese_and_exits_2(run, tmp_path):
    (tmp_path / "坏.json").write_text('{"format": ', encoding="utf-8")
    result = run("check", "坏.json")
    assert result.returncode == 2
    told = result.stdout + result.stderr
    assert "无法读取报告：“坏.json”" in told and "文件可能不完整或已经损坏" in told
    assert "Traceback" not in told and not re.search(r"[A-Za-z]{4,}Error", told)


def test_messages_name_the_bundle_program_not_the_script(run):
    """What to run next is said as the clerk of the bundle types it: nianbao, not python main.py."""
    result = run("chek")
    assert result.returncode == 2
    assert "运行 nianbao --help 查看用法" in result.stderr and "main.py" not in result.stderr, result.stderr


def test_the_window_says_ready_when_asked(bundle, offline_env, tmp_path):
    """NIANBAO_SAY_READY=1: the window prints "ready" once its start page takes input (bench_startup)."""
    env = {**offline_env, "QT_QPA_PLATFORM": "offscreen", "NIANBAO_SAY_READY": "1"}
    line, errors = first_line([str(bundle / PROGRAM)], env, tmp_path)
    assert line.strip() == "ready", errors
