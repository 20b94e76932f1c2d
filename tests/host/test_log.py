"""The one fault log: nianbao.log in the log folder, rotated (a few files of about 1 MB), a record per
fault with what is needed to diagnose it (version, Python, system, Qt, frozen or not, the folders, the
action and its files, the traceback) and never the report's contents; writing it never raises."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from host import log
from host.paths import data_dir, log_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def folders(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))


def _fault(message: str = "boom") -> BaseException:
    try:
        raise RuntimeError(message)
    except RuntimeError as exc:
        return exc


def test_a_fault_is_recorded_with_what_is_needed_to_diagnose_it(tmp_path):
    where = log.record_fault("export", _fault("writer-broke"), files=[tmp_path / "报告.json", "out.docx"])
    assert where == tmp_path / "log" / "nianbao.log" == log.log_file()
    text = where.read_text(encoding="utf-8")
    for expected in ("export", str(tmp_path / "报告.json"), "out.docx", log.program_version(),
                     platform.python_version(),
                     platform.system(), platform.machine(), str(data_dir()), str(log_dir()),
                     "Traceback (most recent call last)", "RuntimeError: writer-broke", "_fault"):
        assert expected in text, expected
    assert "源代码" in text                      # not frozen: run from the source folder


def test_records_are_appended(tmp_path):
    log.record_fault("check a.json", _fault("first"))
    log.record_fault("check b.json", _fault("second"))
    text = log.log_file().read_text(encoding="utf-8")
    assert text.index("first") < text.index("second") and text.count("Traceback") == 2


def test_a_traceback_given_as_text_is_recorded_as_it_is():
    where = log.record_fault("check 某.docx", "Traceback (most recent call last):\n  File \"x.py\"\nKeyError: 'k'\n")
    assert "KeyError: 'k'" in where.read_text(encoding="utf-8")


def test_the_log_is_rotated_in_a_few_files_of_about_a_megabyte(tmp_path):
    big = "x" * 200_000
    for n in range(40):
        log.record_fault(f"step {n}", _fault(big))
    files = sorted((tmp_path / "log").iterdir())
    assert [f.name for f in files] == ["nianbao.log", *(f"nianbao.log.{n}" for n in range(1, log.BACKUP_COUNT + 1))]
    assert all(f.stat().st_size <= log.MAX_BYTES + 300_000 for f in files)
    assert "step 39" in log.log_file().read_text(encoding="utf-8")


def test_a_log_that_cannot_be_written_is_no_fault_of_its_own(tmp_path, capsys):
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "nianbao.log").mkdir()          # a folder where the file should be
    assert log.record_fault("save", _fault()) is None
    assert "无法写出" in log.where_told(None) and "技术支持" in log.where_told(None)
    assert "Traceback" not in capsys.readouterr().err


def test_the_sentence_naming_the_log_names_the_real_file(tmp_path):
    where = log.record_fault("save", _fault())
    assert f"“{where}”" in log.where_told(where) and "技术支持" in log.where_told(where)


def test_the_reports_words_and_figures_in_an_exception_message_are_left_out_but_not_from_the_paths(tmp_path):
    organ, prose, figure = "青川市怪诞测试局", "本机关全年主动公开政府信息一千零一条，群众满意。", Decimal("98765.4")
    path = tmp_path / f"{organ}.json"
    try:
        try:
            raise KeyError(f"{organ} {figure}")
        except KeyError as inner:
            raise ValueError(f"读不懂：{prose[:12]}") from inner
    except ValueError as exc:
        fault = exc
    where = log.record_fault("保存草稿", fault, files=[path], private=[organ, prose, str(figure)])
    text = where.read_text(encoding="utf-8")
    assert str(path) in text                                     # the file path stays as it is
    without_path = text.replace(str(path), "")
    assert organ not in without_path and prose[:12] not in without_path and "98765" not in without_path
    assert "ValueError: 读不懂：" in text and "KeyError" in text and "The above exception" in text


def test_the_version_comes_from_the_installed_package_else_from_pyproject(monkeypatch):
    import importlib.metadata as metadata
    import re

    declared = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)[1]

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    assert log.program_version() == declared
    monkeypatch.setattr(log, "_SOURCE_ROOT", ROOT / "no-such-folder")
    assert log.program_version() == "（版本未知）"


def test_frozen_or_not_is_said(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert any("安装包" in value for _, value in log.environment())


def test_qt_is_named_only_when_it_is_loaded(tmp_path):
    script = ("import sys; from host import log; print(dict(log.environment())['Qt']);"
              "import PySide6.QtCore; print(dict(log.environment())['Qt'])")
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "NIANBAO_LOG_DIR": str(tmp_path)})
    before, after = run.stdout.splitlines()
    import PySide6.QtCore

    assert "未加载" in before and PySide6.QtCore.qVersion() in after and PySide6.__version__ in after


def test_a_report_held_where_it_is_read_is_left_out_of_every_record_even_a_traceback_sent_as_text(monkeypatch):
    """A reading process sends its traceback as text: its messages (the unindented lines) are scrubbed
    of the reports held in this process, its stack (file, line, code) kept as it is."""
    from collections import deque

    from forms.samples import load_samples

    monkeypatch.setattr(log, "_HELD", deque(maxlen=log.HELD_REPORTS))
    report = dict(load_samples())["2025-qingchuan-scjgj.json"].copy()
    report.set_organ("青川市绝密测试局")
    assert log.hold_private(report) is report
    sent = ('Traceback (most recent call last):\n  File "exports/batch.py", line 9, in check_one\n'
            '    raise RuntimeError(report.organ)\nRuntimeError: 规则出错：青川市绝密测试局\n')
    text = log.record_fault("批量检查", sent).read_text(encoding="utf-8")
    assert "绝密测试" not in text and f"RuntimeError: 规则出错：{log.LEFT_OUT}" in text
    assert '  File "exports/batch.py", line 9, in check_one\n    raise RuntimeError(report.organ)\n' in text
    assert len(log._HELD) == 1
    for _ in range(log.HELD_REPORTS + 5):                    # bounded: the last reports read
        log.hold_private(report)
    assert len(log._HELD) == log.HELD_REPORTS


def test_a_reports_figure_is_left_out_as_the_program_prints_it_too(monkeypatch):
    """A figure is quoted in a message as it is held (Decimal('98765.40')), as the window shows it
    (98765.4) or with thousands separators as Word and Excel print it (98,765.4; 1,234)."""
    from collections import deque
    from decimal import Decimal

    from forms.samples import load_samples

    monkeypatch.setattr(log, "_HELD", deque(maxlen=log.HELD_REPORTS))
    report = dict(load_samples())["2025-qingchuan-scjgj.json"].copy()
    cell = next(c for c, v in report.values.items() if isinstance(v, int))
    report.values[cell] = 1234
    amount = next(c for c, v in report.values.items() if isinstance(v, Decimal))
    report.values[amount] = Decimal("98765.40")
    try:
        count, money = report.values[cell], report.values[amount].normalize()
        raise ValueError(f"合计 {count:,} 与 {money:,} 不符，又见 {money}")
    except ValueError as exc:
        text = log.format_fault(exc, log.report_private(report))
    assert "1,234" not in text and "98,765.4" not in text and "98765.4" not in text, text
