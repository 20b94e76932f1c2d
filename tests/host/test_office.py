"""host.office: which program on this PC turns our Word file into PDF, the command it is given, and
what happens when it hangs, fails or writes something that is not a PDF (a plain Chinese message, no
file left behind, an existing PDF untouched). The programs here are small fake scripts; the real
LibreOffice is tested in tests/exports/test_pdf_writer.py."""

from __future__ import annotations

import base64
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from host import office
from host.office import ConversionError, Converter, Office
from tests.support.fake_office import WRITE_PDF, fake_soffice

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake programs are shell scripts")

DOCX = "报告 2025（草稿）.docx"


def _program(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _env(env_path: str = "") -> dict[str, str]:
    return {"PATH": env_path}


# --- finding a program -----------------------------------------------------------------------------

def test_libreoffice_on_the_path_is_found_first(tmp_path):
    soffice = _program(tmp_path / "程序 文件夹" / "bin" / "soffice", "exit 0\n")
    _program(tmp_path / "usr" / "lib" / "libreoffice" / "program" / "soffice", "exit 0\n")
    path = os.pathsep.join([str(tmp_path / "没有"), str(soffice.parent)])
    found = office.find_office(env=_env(path), platform="linux", root=tmp_path)
    assert found == Office(Converter.LIBREOFFICE, soffice)


def test_libreoffice_is_found_under_its_other_name(tmp_path):
    program = _program(tmp_path / "bin" / "libreoffice", "exit 0\n")
    assert office.find_office(env=_env(str(tmp_path / "bin")), platform="linux", root=tmp_path) == Office(
        Converter.LIBREOFFICE, program)


def test_libreoffice_is_found_in_its_install_folders_off_the_path(tmp_path):
    assert office.find_office(env=_env(), platform="linux", root=tmp_path) is None
    older = _program(tmp_path / "opt" / "libreoffice7.6" / "program" / "soffice", "exit 0\n")
    newer = _program(tmp_path / "opt" / "libreoffice24.8" / "program" / "soffice", "exit 0\n")
    assert office.find_office(env=_env(), platform="linux", root=tmp_path).program == newer
    newer.unlink()
    assert office.find_office(env=_env(), platform="linux", root=tmp_path).program == older
    debian = _program(tmp_path / "usr" / "lib" / "libreoffice" / "program" / "soffice", "exit 0\n")
    assert office.find_office(env=_env(), platform="linux", root=tmp_path).program == debian


def test_a_file_that_cannot_be_run_is_not_a_program(tmp_path):
    soffice = tmp_path / "bin" / "soffice"
    soffice.parent.mkdir()
    soffice.write_text("not a program", encoding="utf-8")          # not executable
    assert office.find_office(env=_env(str(soffice.parent)), platform="linux", root=tmp_path) is None


def test_wps_for_linux_is_not_a_converter(tmp_path):
    """WPS for Linux has no command-line conversion (only its RPC SDK, which needs a desktop session)."""
    _program(tmp_path / "opt" / "kingsoft" / "wps-office" / "office6" / "wps", "exit 0\n")
    _program(tmp_path / "bin" / "wps", "exit 0\n")
    assert office.find_office(env=_env(str(tmp_path / "bin")), platform="linux", root=tmp_path) is None


def _windows(tmp_path: Path) -> dict[str, str]:
    return {"PATH": "", "ProgramFiles": str(tmp_path / "Program Files"),
            "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)"), "SystemRoot": str(tmp_path / "Windows")}


def test_windows_libreoffice_in_either_program_files_folder(tmp_path):
    env = _windows(tmp_path)
    assert office.find_office(env=env, platform="win32", has_com=lambda name: False) is None
    x86 = _program(tmp_path / "Program Files (x86)" / "LibreOffice" / "program" / "soffice.exe", "")
    assert office.find_office(env=env, platform="win32", has_com=lambda name: False).program == x86
    native = _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe", "")
    assert office.find_office(env=env, platform="win32", has_com=lambda name: False).program == native


def test_windows_libreoffice_installed_in_a_folder_of_its_own_is_found_by_the_registry(tmp_path):
    """An office PC often has LibreOffice on D: (the installer lets one choose the folder): its installer
    records the program folder in the registry (HKLM/HKCU SOFTWARE\\LibreOffice\\UNO\\InstallPath), which
    is asked before Program Files."""
    env = _windows(tmp_path)
    custom = _program(tmp_path / "D盘" / "办公 软件" / "LibreOffice" / "program" / "soffice.exe", "")
    _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe", "")
    folders = [str(tmp_path / "卸载了"), str(custom.parent)]
    found = office.find_office(env=env, platform="win32", has_com=lambda name: False,
                               libreoffice_folders=lambda: folders)
    assert found == Office(Converter.LIBREOFFICE, custom)
    assert office.registered_libreoffice_folders() == [] or sys.platform == "win32"   # the registry: Windows only


def test_windows_wps_then_word_through_powershell(tmp_path):
    env = _windows(tmp_path)
    powershell = _program(tmp_path / "Windows" / "System32" / "WindowsPowerShell" / "v1.0" / "powershell.exe", "")
    registered = {"Word.Application"}
    assert office.find_office(env=env, platform="win32", has_com=registered.__contains__) == Office(
        Converter.WORD, powershell)
    registered.add("KWPS.Application")
    assert office.find_office(env=env, platform="win32", has_com=registered.__contains__) == Office(
        Converter.WPS, powershell)
    soffice = _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe", "")
    assert office.find_office(env=env, platform="win32", has_com=registered.__contains__) == Office(
        Converter.LIBREOFFICE, soffice)
    powershell.unlink()            # no PowerShell: WPS and Word cannot be driven
    assert office.find_office(env=env, platform="win32", has_com=registered.__contains__).converter \
        is Converter.LIBREOFFICE


# --- the commands ---------------------------------------------------------------------------------

def test_the_libreoffice_command_is_a_list_with_a_profile_of_its_own(tmp_path):
    work = tmp_path / "临时 文件夹"
    job = office.job(Office(Converter.LIBREOFFICE, Path("/usr/bin/soffice")), work / DOCX, work / "out",
                     work / "profile")
    assert job.argv[0] == "/usr/bin/soffice"
    assert job.argv[-1] == str(work / DOCX)                    # one argument, spaces and Chinese as they are
    assert job.argv[job.argv.index("--outdir") + 1] == str(work / "out")
    assert job.argv[job.argv.index("--convert-to") + 1] == "pdf:writer_pdf_Export"
    assert f"-env:UserInstallation={(work / 'profile').as_uri()}" in job.argv
    assert "%20" in (work / "profile").as_uri()
    assert {"--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo"} <= set(job.argv)
    assert job.env == {}


def test_the_com_command_passes_the_paths_outside_the_script(tmp_path):
    """PowerShell gets the script as -EncodedCommand (no quoting of anything); the paths, which may hold
    quotes, spaces and Chinese, go in the environment and never into the script."""
    for converter, name in ((Converter.WPS, "KWPS.Application"), (Converter.WORD, "Word.Application")):
        job = office.job(Office(converter, Path("C:/Windows/powershell.exe")), tmp_path / DOCX,
                         tmp_path / "out", tmp_path / "profile")
        assert job.argv[:4] == ["C:/Windows/powershell.exe", "-NoProfile", "-NonInteractive", "-EncodedCommand"]
        script = base64.b64decode(job.argv[4]).decode("utf-16-le")
        assert f"New-Object -ComObject {name}" in script
        assert "ExportAsFixedFormat($env:NIANBAO_PDF, 17)" in script       # 17: wdExportFormatPDF
        assert "$env:NIANBAO_DOCX" in script and str(tmp_path) not in script
        assert job.env == {"NIANBAO_DOCX": str(tmp_path / DOCX),
                           "NIANBAO_PDF": str(tmp_path / "out" / "报告 2025（草稿）.pdf")}
        # the clerk's own documents open in WPS or Word are not closed with it
        assert "Documents.Count" in script and ".Quit()" in script


def test_the_fresh_profile_never_looks_for_updates(tmp_path):
    profile = tmp_path / "profile"
    office.prepare_profile(profile)
    settings = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert "Job['UpdateCheck']/Arguments" in settings and 'oor:name="AutoCheckEnabled"' in settings
    assert '<prop oor:name="AutoCheckEnabled" oor:op="fuse" oor:type="xs:boolean"><value>false</value>' in settings


# --- converting with fake programs ----------------------------------------------------------------

def _docx(tmp_path: Path) -> Path:
    source = tmp_path / "源 文件夹" / DOCX
    source.parent.mkdir()
    source.write_bytes(b"PK fake docx")
    return source


def test_a_good_pdf_is_moved_over_the_target(tmp_path):
    fake = fake_soffice(tmp_path, WRITE_PDF)
    target = tmp_path / "导出 文件夹" / "报告.pdf"
    target.parent.mkdir()
    assert office.convert(fake, _docx(tmp_path), target) == target
    assert target.read_bytes().startswith(b"%PDF-1.7") and target.read_bytes().rstrip().endswith(b"%%EOF")
    assert list(target.parent.iterdir()) == [target]              # no temporary file left beside it


@pytest.mark.parametrize(("body", "said"), [
    ("exit 0\n", "没有生成PDF文件"),                                          # soffice's silent failure
    ('printf "" > "$out/$name.pdf"\n', "生成的文件是空的"),
    ('echo "<html>not a pdf</html>" > "$out/$name.pdf"\n', "生成的文件不是PDF"),
    ('printf "%%PDF-1.7\\nhalf" > "$out/$name.pdf"\n', "生成的PDF不完整"),
    ('echo "Error: source file could not be loaded" >&2; exit 1\n', "程序报告出错"),
])
def test_a_failed_conversion_says_so_and_leaves_the_target_as_it_was(tmp_path, body, said, monkeypatch, capsys):
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "日志"))
    fake = fake_soffice(tmp_path, body)
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"%PDF- the clerk's earlier PDF")
    with pytest.raises(ConversionError) as failed:
        office.convert(fake, _docx(tmp_path), target)
    message = str(failed.value)
    assert message.startswith("LibreOffice没有把报告转换成PDF") and said in message
    assert "导出Word后用WPS或Word打开，另存为PDF" in message and message.isascii() is False
    assert "Error" not in message                                  # the program's words go to the log
    assert target.read_bytes() == b"%PDF- the clerk's earlier PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "报告.pdf", "日志", "源 文件夹"]
    logged = (tmp_path / "日志" / "nianbao.log").read_text(encoding="utf-8")
    assert "导出PDF：LibreOffice" in logged and said in logged and str(fake.program) in logged
    if "出错" in said:
        assert "source file could not be loaded" in logged          # the program's own words: in the log only
    assert capsys.readouterr() == ("", "")                          # nothing of it on screen


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").exists() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def _ends(pid: int) -> bool:
    """Whether the process `pid` is gone within five seconds (a killed process takes a moment)."""
    for _ in range(50):
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


def test_a_program_that_hangs_is_stopped_with_everything_it_started(tmp_path):
    """soffice is a script that starts soffice.bin: the whole process group goes at the timeout, or the
    child would keep the output pipe open and the export would wait for ever."""
    pids = tmp_path / "pids"
    fake = fake_soffice(tmp_path, f'sleep 300 &\necho $! > "{pids}"\nwait\n')
    target = tmp_path / "报告.pdf"
    with pytest.raises(ConversionError) as failed:
        office.convert(fake, _docx(tmp_path), target, timeout=1)
    assert str(failed.value).startswith("转换PDF超时：LibreOffice在1秒内没有完成")
    assert not target.exists()
    child = int(pids.read_text())
    assert _ends(child)


def test_a_conversion_can_be_called_off(tmp_path):
    import threading

    fake = fake_soffice(tmp_path, "sleep 300\n")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(office.ConversionCancelled):
        office.convert(fake, _docx(tmp_path), tmp_path / "报告.pdf", cancel=cancel)
    assert not (tmp_path / "报告.pdf").exists()


def test_the_temporary_folder_and_profile_are_removed(tmp_path, monkeypatch):
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    seen = tmp_path / "seen"
    fake = fake_soffice(tmp_path, f'echo "$@" > "{seen}"\nprintf "%%PDF-1.4\\n%%%%EOF\\n" > "$out/$name.pdf"\n')
    office.convert(fake, _docx(tmp_path), tmp_path / "报告.pdf")
    assert str(temp) in seen.read_text(encoding="utf-8")           # the profile was in the temporary folder
    assert list(temp.iterdir()) == []


def test_a_program_that_cannot_start_is_told(tmp_path):
    gone = Office(Converter.LIBREOFFICE, tmp_path / "bin" / "soffice")
    with pytest.raises(ConversionError) as failed:
        office.convert(gone, _docx(tmp_path), tmp_path / "报告.pdf")
    assert str(failed.value).startswith("无法启动LibreOffice") and "soffice" in str(failed.value)


def test_no_program_message():
    assert office.NO_OFFICE == ("本机没有找到LibreOffice或WPS，无法导出PDF。请安装LibreOffice（免费）后重试，"
                                "或导出Word后用WPS/Word另存为PDF。")


# --- Windows: what the clerk sees of a conversion, and its words ------------------------------------

def _script(converter: Converter, tmp_path: Path) -> list[str]:
    job = office.job(Office(converter, Path("C:/Windows/powershell.exe")), tmp_path / DOCX, tmp_path / "out",
                     tmp_path / "profile")
    return base64.b64decode(job.argv[4]).decode("utf-16-le").splitlines()


@pytest.mark.parametrize("converter", [Converter.WPS, Converter.WORD])
def test_a_wps_the_clerk_has_open_is_neither_hidden_nor_left_silent(converter, tmp_path):
    """WPS serves every caller from its one running program (its writer, spreadsheets and slides in one
    process): when the clerk has it open — documents in it, or only a spreadsheet, which the writer's
    Documents do not count — ours must not hide its window (Visible), quit it (the spreadsheet's unsaved
    changes lost, alerts being off) nor leave its alerts off; only a program started for us alone is
    hidden and quit. Whether it ran is asked before our New-Object starts it."""
    lines = [line.strip() for line in _script(converter, tmp_path)]
    running = next(i for i, line in enumerate(lines) if line.startswith("$running = @(Get-Process -Name"))
    processes = {"wps": "wps,et,wpp", "word": "WINWORD"}[converter.value]
    assert f"Get-Process -Name {processes} " in lines[running]
    assert running < next(i for i, line in enumerate(lines) if "New-Object -ComObject" in line)
    assert "$alone = (-not $running) -and ($app.Documents.Count -eq 0)" in lines
    hide = next(line for line in lines if "$app.Visible = $false" in line)
    assert hide == "if ($alone) { $app.Visible = $false }"
    alerts = lines.index(next(line for line in lines if line.startswith("$alerts = $app.DisplayAlerts")))
    assert alerts < lines.index("$app.DisplayAlerts = 0")
    quit_line = next(line for line in lines if "$app.Quit()" in line)
    assert quit_line == "if ($alone) { $app.Quit() } else { $app.DisplayAlerts = $alerts }"


def test_powershell_writes_its_words_as_utf8_and_other_output_is_read_in_the_systems_code_page():
    """PowerShell on a Chinese Windows writes in the console's code page (GBK): the script asks for
    UTF-8 first, and what still comes in another encoding is read in the system's, not as mojibake."""
    script = office._COM_SCRIPT.splitlines()
    assert script[0] == "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8"
    said = "无法打开文档：文件已损坏"
    assert office.decode_output(said.encode("utf-8"), "gbk") == said
    assert office.decode_output(said.encode("gbk"), "gbk") == said
    assert office.decode_output(b"ok \xff\xfe", "utf-8") == "ok \ufffd\ufffd"


def test_on_windows_no_console_window_flashes_and_taskkill_is_the_systems(tmp_path):
    """The bundle is a window program: PowerShell, soffice and taskkill started from it would each open
    a black console window unless told not to; taskkill is the one in System32, never one found first
    in the current folder."""
    windows = office.spawn_options(windows=True)
    assert windows["creationflags"] & 0x08000000                     # CREATE_NO_WINDOW
    assert windows["creationflags"] & 0x00000200                     # CREATE_NEW_PROCESS_GROUP: stopped whole
    assert "start_new_session" not in windows
    assert office.spawn_options(windows=False) == {"start_new_session": True}
    system = tmp_path / "Windows"
    (system / "System32").mkdir(parents=True)
    (system / "System32" / "taskkill.exe").write_bytes(b"MZ")
    assert office.kill_command(42, {"SystemRoot": str(system)}) == [
        str(system / "System32" / "taskkill.exe"), "/F", "/T", "/PID", "42"]


def test_a_program_printing_megabytes_leaves_a_short_record(tmp_path, monkeypatch):
    """What the program printed is kept to its last lines, each of them short: a soffice that prints
    megabytes (one endless line) neither fills the memory nor the fault log."""
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "日志"))
    fake = fake_soffice(tmp_path, "head -c 6000000 /dev/zero | tr '\\0' x; echo; echo 'the last words'; exit 1\n")
    with pytest.raises(ConversionError):
        office.convert(fake, _docx(tmp_path), tmp_path / "报告.pdf")
    logged = (tmp_path / "日志" / "nianbao.log").read_text(encoding="utf-8")
    assert "the last words" in logged and len(logged) < 20_000


def test_ctrl_c_during_a_conversion_stops_the_program_with_everything_it_started(tmp_path):
    """soffice runs in a session of its own, so the terminal's Ctrl-C never reaches it: when it
    interrupts our wait (here: raised where the wait looks whether it was called off), the program and
    what it started are stopped before the interruption goes on, not left running on a deleted folder."""
    pids = tmp_path / "pids"
    fake = fake_soffice(tmp_path, f'sleep 300 &\necho $! > "{pids}"\nwait\n')

    class CtrlC:
        def is_set(self) -> bool:
            if pids.exists():
                raise KeyboardInterrupt
            return False

    with pytest.raises(KeyboardInterrupt):
        office.convert(fake, _docx(tmp_path), tmp_path / "报告.pdf", cancel=CtrlC())
    child = int(pids.read_text())
    assert _ends(child)


def test_what_the_program_wrote_is_read_once_through_the_gate_and_too_big_is_a_failed_conversion(tmp_path,
                                                                                                  monkeypatch):
    """The PDF the program wrote is read once, through forms.atomic's gate, and judged from those bytes:
    one too big for a report is told as a failed conversion (ConversionError, a SaveError every caller
    tells), not a ReadError no export path expects; the clerk's earlier PDF stays."""
    monkeypatch.setenv("NIANBAO_LOG_DIR", str(tmp_path / "日志"))
    monkeypatch.setattr(office, "_MAX_PDF", 64)
    fake = fake_soffice(tmp_path, '{ printf "%%PDF-1.7\\n"; head -c 100 /dev/zero; printf "%%%%EOF\\n"; } '
                                  '> "$out/$name.pdf"\n')
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"%PDF- the clerk's earlier PDF")
    with pytest.raises(ConversionError) as failed:
        office.convert(fake, _docx(tmp_path), target)
    assert "太大" in str(failed.value) and target.read_bytes() == b"%PDF- the clerk's earlier PDF"
