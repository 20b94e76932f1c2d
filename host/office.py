"""An office program on this PC that turns our Word file into a PDF: LibreOffice anywhere, WPS or Word
on Windows. The file is converted in a temporary folder (LibreOffice with a profile of its own, made
for the run and removed after it), checked — soffice "converts" anything and exits 0 on some failures —
and only then moved over the target (forms.atomic), so a failure never leaves half a file or loses the
clerk's earlier PDF. Every failure is a ConversionError whose text is the message for the clerk; what
the program printed goes to the log, never on screen.

Which program, and why in this order (`Converter`): LibreOffice first wherever it is installed. It runs
headless in a profile of its own, so it never touches a document the clerk has open in WPS or Word,
shows no dialog that could stop it, and can be killed on a timeout without harm; it is also the
program the tests convert with. Then WPS (our users open files in WPS more often than in Word), then
Word, both only on Windows, through their COM automation (`KWPS.Application`, `Word.Application`)
driven by PowerShell with ExportAsFixedFormat.

What could not be run where this was written (Linux): the COM commands are built and their
construction tested, never run against a real WPS or Word; stopping a Windows process tree on a
timeout (`taskkill /T`) is written, not tested, and so is reading LibreOffice's folder from the
registry (`registered_libreoffice_folders`; the rest of the search is tested). A COM server is
started by Windows, not by PowerShell: on a timeout PowerShell is stopped, a WPS or Word that hangs is
not. WPS for Linux has no command-line
conversion (only its RPC SDK, which needs a desktop session and Qt 5), so it is not a converter here.

No network: LibreOffice has no command-line option against it, but checks for updates only once a
window is shown (never headless), and Debian's builds have no update check at all; the fresh profile
switches the check off as well, for the Windows builds (`prepare_profile`), and links in documents are
never updated.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.atomic import ReadError, SaveError, atomic_write, read_bytes_checked
from forms.vocabulary import Vocabulary

from .log import record_fault

NO_OFFICE = ("本机没有找到LibreOffice或WPS，无法导出PDF。请安装LibreOffice（免费）后重试，"
             "或导出Word后用WPS/Word另存为PDF。")
_SAVE_AS = "请导出Word后用WPS或Word打开，另存为PDF。"      # the way round every failure
_FALLBACK = "请重试；仍然不行时，" + _SAVE_AS
TIMEOUT_S = 120                 # a cold LibreOffice takes 1.5 s here; an old office PC, far longer
_POLL_S = 0.2                   # how often a running conversion looks whether it was called off
_MAX_PDF = 200 * 1024 * 1024    # our report is a few hundred KB
_LOG_LINES = 20                 # the program's last lines kept in the log
_LOG_LINE_CHARS = 500           # … each cut to this length
_OUTPUT_TAIL = 64 * 1024        # the end of what it printed that is read at all (it may print megabytes)
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0x08000000)
_NEW_GROUP = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x00000200)


class Converter(Vocabulary):
    """A program that can print our Word file to PDF, in the order they are preferred (see above)."""

    LIBREOFFICE = "libreoffice"
    WPS = "wps"
    WORD = "word"

    @property
    def label(self) -> str:
        """The program's name as the clerk knows it."""
        return {"libreoffice": "LibreOffice", "wps": "WPS", "word": "Word"}[self.value]

    @property
    def com_name(self) -> str:
        """The COM class that automates it on Windows (WPS's writer registers as KWPS)."""
        return {"wps": "KWPS.Application", "word": "Word.Application"}.get(self.value, "")

    @property
    def processes(self) -> str:
        """Its Windows processes, as PowerShell's Get-Process names them (WPS's writer, spreadsheets and
        slides: one process when its windows are merged, three when not)."""
        return {"wps": "wps,et,wpp", "word": "WINWORD"}.get(self.value, "")


@dataclass(frozen=True)
class Office:
    """A converter found on this PC: `program` is soffice itself, or the PowerShell that drives WPS or Word."""

    converter: Converter
    program: Path

    @property
    def label(self) -> str:
        return self.converter.label


@dataclass(frozen=True)
class Job:
    """One conversion as it is started: the argument list (never a shell string) and the variables
    added to the environment."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


class ConversionError(SaveError):
    """No PDF was written. `str()` is the message for the clerk."""


class ConversionCancelled(Exception):
    """The conversion was called off (the window is closing); nothing was written."""


# --- finding a program -----------------------------------------------------------------------------

_LINUX_PLACES = ("usr/lib/libreoffice/program/soffice", "usr/lib64/libreoffice/program/soffice",
                 "usr/local/lib/libreoffice/program/soffice")
_WINDOWS_LIBREOFFICE = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")


def find_office(env: Mapping[str, str] | None = None, platform: str = sys.platform, root: Path = Path("/"),
                has_com: Callable[[str], bool] | None = None,
                libreoffice_folders: Callable[[], list[str]] | None = None) -> Office | None:
    """The converter to use on this PC (the first found, in `Converter`'s order), or None.
    `env`, `platform`, `root` (where Linux's folders start), `has_com` and `libreoffice_folders` (the
    registry's) are this PC's unless a test gives others."""
    env = os.environ if env is None else env
    windows = platform == "win32"
    soffice = _libreoffice(env, windows, root, libreoffice_folders or registered_libreoffice_folders)
    if soffice is not None:
        return Office(Converter.LIBREOFFICE, soffice)
    if not windows:
        return None
    powershell = _powershell(env)
    registered = has_com or _com_registered
    for converter in (Converter.WPS, Converter.WORD):
        if powershell is not None and registered(converter.com_name):
            return Office(converter, powershell)
    return None


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _libreoffice(env: Mapping[str, str], windows: bool, root: Path,
                 registered: Callable[[], list[str]]) -> Path | None:
    """soffice on the PATH, else in the folders LibreOffice installs to (on Windows the one its
    installer recorded — a folder of the clerk's choosing —, then Program Files)."""
    search = env.get("PATH", os.defpath)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=search) if search else None     # an empty PATH is no folder at all
        if found is not None:
            return Path(found)
    if windows:
        places = [Path(folder) / "soffice.exe" for folder in registered()]
        places += [Path(env[var]) / "LibreOffice" / "program" / "soffice.exe"
                   for var in _WINDOWS_LIBREOFFICE if env.get(var)]
    else:
        # /opt/libreoffice24.8 from the project's own packages: the newest version first
        places = [root / place for place in _LINUX_PLACES]
        places += sorted(root.glob("opt/libreoffice*/program/soffice"), key=_version, reverse=True)
    return next((place for place in places if _runnable(place)), None)


def _version(path: Path) -> tuple[int, ...]:
    """(24, 8) for /opt/libreoffice24.8/program/soffice."""
    digits = path.parents[1].name.removeprefix("libreoffice")
    return tuple(int(part) for part in digits.split(".") if part.isdigit())


# Where LibreOffice's installer records its program folder (64-bit, then 32-bit LibreOffice on 64-bit Windows).
_LIBREOFFICE_KEYS = (r"SOFTWARE\LibreOffice\UNO\InstallPath", r"SOFTWARE\WOW6432Node\LibreOffice\UNO\InstallPath")


def registered_libreoffice_folders() -> list[str]:
    """The program folders LibreOffice's installer recorded in the registry, for every user and for this
    one (Windows only; none elsewhere)."""
    if sys.platform != "win32":
        return []
    import winreg

    folders = []
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        for name in _LIBREOFFICE_KEYS:
            try:
                with winreg.OpenKey(root, name) as key:
                    value = winreg.QueryValueEx(key, "")[0]
            except OSError:
                continue
            if isinstance(value, str) and value.strip():
                folders.append(value.strip())
    return folders


def _powershell(env: Mapping[str, str]) -> Path | None:
    system = env.get("SystemRoot") or env.get("windir")
    if system:
        place = Path(system) / "System32" / "WindowsPowerShell" / "v1.0" / "powershell.exe"
        if place.is_file():
            return place
    search = env.get("PATH", os.defpath)
    found = shutil.which("powershell", path=search) if search else None
    return Path(found) if found else None


def _com_registered(name: str) -> bool:
    """Whether the COM class `name` is registered (Windows' registry; never true elsewhere)."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, name + "\\CLSID"):
            return True
    except OSError:
        return False


# --- the commands ----------------------------------------------------------------------------------

def job(office: Office, docx: Path, outdir: Path, profile: Path) -> Job:
    """How `office` is started to write `outdir`/<docx's name>.pdf."""
    if office.converter is Converter.LIBREOFFICE:
        return Job([str(office.program), "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(docx)])
    script = _COM_SCRIPT.replace("{com}", office.converter.com_name)
    script = script.replace("{processes}", office.converter.processes)
    return Job([str(office.program), "-NoProfile", "-NonInteractive", "-EncodedCommand",
                base64.b64encode(script.encode("utf-16-le")).decode("ascii")],
               {"NIANBAO_DOCX": str(docx), "NIANBAO_PDF": str(outdir / (docx.stem + ".pdf"))})


# WPS and Word share Word's object model. Opened read-only without converting or adding to the recent
# files; closed without saving. WPS serves every caller from one running program (its writer,
# spreadsheets and slides): a WPS or Word the clerk has open (asked before New-Object may start one) is
# neither hidden nor quit — quitting WPS would close a spreadsheet the writer's Documents do not count,
# its changes unsaved — and gets its alerts back; one started for us alone is hidden and quit. Its words
# in UTF-8: a Chinese Windows' console code page is GBK (decode_output reads either). 17 is
# wdExportFormatPDF, 0 wdDoNotSaveChanges.
_COM_SCRIPT = """[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$ErrorActionPreference = 'Stop'
$running = @(Get-Process -Name {processes} -ErrorAction SilentlyContinue).Count -gt 0
$app = New-Object -ComObject {com}
$alone = (-not $running) -and ($app.Documents.Count -eq 0)
$alerts = $app.DisplayAlerts
try {
  if ($alone) { $app.Visible = $false }
  $app.DisplayAlerts = 0
  $doc = $app.Documents.Open($env:NIANBAO_DOCX, $false, $true, $false)
  try { $doc.ExportAsFixedFormat($env:NIANBAO_PDF, 17) } finally { $doc.Close(0) }
} finally {
  if ($alone) { $app.Quit() } else { $app.DisplayAlerts = $alerts }
}
"""

# The fresh profile's settings: no update check, no links fetched, no first-start questions.
_UPDATE_CHECK = "/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments"
_SETTINGS = (
    (_UPDATE_CHECK, "AutoCheckEnabled", "xs:boolean", "false"),
    (_UPDATE_CHECK, "AutoDownloadEnabled", "xs:boolean", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "xs:boolean", "false"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "xs:int", "0"),
)


def prepare_profile(profile: Path) -> None:
    """A LibreOffice profile that never looks for updates or fetches linked content."""
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse" oor:type="{kind}">'
                    f"<value>{value}</value></prop></item>\n" for path, name, kind, value in _SETTINGS)
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + items + "</oor:items>\n", encoding="utf-8")


# --- converting ------------------------------------------------------------------------------------

def convert(office: Office, docx: Path, target: Path, timeout: float = TIMEOUT_S,
            cancel: threading.Event | None = None) -> Path:
    """Print `docx` to PDF with `office` and put it at `target` (atomically). Raises ConversionError
    (or SaveError when the target's folder cannot be written), or ConversionCancelled."""
    # A program stopped on Windows may still hold a file of the folder open: left for the system.
    with tempfile.TemporaryDirectory(prefix="nianbao-pdf-", ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        outdir, profile = work / "out", work / "profile"
        outdir.mkdir()
        prepare_profile(profile)
        output = _run(office, job(office, docx, outdir, profile), timeout, cancel, work / "output.txt")
        written = _written_pdf(outdir / (docx.stem + ".pdf"))
        if isinstance(written, str):
            _log_output(office, written, output, docx)
            raise ConversionError(f"{office.label}没有把报告转换成PDF（{written}），没有写出PDF文件。{_FALLBACK}")
        return atomic_write(target, written)


def spawn_options(windows: bool) -> dict[str, Any]:
    """How a program of ours is started so that it can be stopped with all it starts: a session of its
    own (a process group), or on Windows a new process group without a console window (the bundle is
    a window program: PowerShell, soffice and taskkill would each flash a black window)."""
    if windows:
        return {"creationflags": _NEW_GROUP | _NO_WINDOW}
    return {"start_new_session": True}


def kill_command(pid: int, env: Mapping[str, str]) -> list[str]:
    """taskkill for the process tree of `pid`: the system's own (System32), never one found first in
    the current folder, as Windows searches a bare name."""
    system = env.get("SystemRoot") or env.get("windir")
    place = Path(system) / "System32" / "taskkill.exe" if system else None
    return [str(place) if place is not None and place.is_file() else "taskkill", "/F", "/T", "/PID", str(pid)]


def decode_output(data: bytes, fallback: str) -> str:
    """What a program printed: UTF-8 (LibreOffice, our PowerShell script), else in `fallback`, the
    system's code page (an error PowerShell wrote before our script ran: GBK on a Chinese Windows)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(fallback, "replace")


def _system_encoding() -> str:
    """The console's code page on Windows (what PowerShell writes by default), else the locale's."""
    import codecs
    import locale

    try:
        return codecs.lookup("oem").name if sys.platform == "win32" else locale.getpreferredencoding(False)
    except LookupError:
        return locale.getpreferredencoding(False)


def _output_tail(path: Path) -> str:
    """The last lines the program printed into `path`, each cut short: the end of the file only."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - _OUTPUT_TAIL))
            data = handle.read()
    except OSError:
        return ""
    if size > _OUTPUT_TAIL:
        data = data.partition(b"\n")[2]            # the first line was cut: maybe inside a character
    lines = decode_output(data, _system_encoding()).strip().splitlines()[-_LOG_LINES:]
    return "\n".join(line[:_LOG_LINE_CHARS] + ("…" if len(line) > _LOG_LINE_CHARS else "") for line in lines)


def _run(office: Office, job: Job, timeout: float, cancel: threading.Event | None, output: Path) -> str:
    """Run the job to its end, what it prints going to the file `output`; the last lines of it. A job
    still running at the timeout, or when `cancel` is set, is stopped with every process it started."""
    with open(output, "wb") as sink:
        try:
            process = subprocess.Popen(job.argv, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                       env={**os.environ, **job.env}, **spawn_options(sys.platform == "win32"))
        except OSError as exc:
            _log_output(office, f"无法启动：{exc}", "")
            raise ConversionError(f"无法启动{office.label}（{office.program}）：它可能已被卸载或移动，没有写出PDF文件。"
                                  f"请重新安装{office.label}后重试，或导出Word后用WPS/Word另存为PDF。") from None
        _wait(office, process, timeout, cancel, output)
    text = _output_tail(output)
    if process.returncode != 0:
        _log_output(office, f"程序报告出错，退出代码 {process.returncode}", text)
        raise ConversionError(f"{office.label}没有把报告转换成PDF（程序报告出错，代码 {process.returncode}），"
                              f"没有写出PDF文件。{_FALLBACK}")
    return text


def _wait(office: Office, process: subprocess.Popen[bytes], timeout: float, cancel: threading.Event | None,
          output: Path) -> None:
    """Wait for the process to end; stop it (and say so) at the timeout or when called off. Whatever
    else ends the wait (Ctrl-C, which never reaches a program in a session of its own) stops it too."""
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                process.wait(timeout=_POLL_S)
                return
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    raise ConversionCancelled() from None
                if time.monotonic() >= deadline:
                    _stop(process)
                    _log_output(office, f"超时（{timeout:g}秒），已停止", _output_tail(output))
                    raise ConversionError(f"转换PDF超时：{office.label}在{timeout:g}秒内没有完成，已停止转换，"
                                          f"没有写出PDF文件。请关闭其他程序后重试；仍然不行时，{_SAVE_AS}") from None
    except BaseException:
        if process.returncode is None:
            _stop(process)
        raise


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the process and everything it started (soffice starts soffice.bin)."""
    try:
        if sys.platform == "win32":
            subprocess.run(kill_command(process.pid, os.environ), capture_output=True, timeout=30,
                           **spawn_options(windows=True))
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except (OSError, subprocess.SubprocessError):
        process.kill()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _written_pdf(pdf: Path) -> bytes | str:
    """The PDF the program wrote, read once through the gate (forms.atomic: a regular file of a bounded
    size); or what is wrong with it, in a few words."""
    try:
        data = read_bytes_checked(pdf, _MAX_PDF, "PDF文件")
    except ReadError:
        if not pdf.exists():
            return "没有生成PDF文件"
        return "生成的文件太大" if pdf.is_file() else "生成的不是文件"
    if not data:
        return "生成的文件是空的"
    if not data.startswith(b"%PDF-"):
        return "生成的文件不是PDF"
    if b"%%EOF" not in data[-1024:]:
        return "生成的PDF不完整"
    return data


def _log_output(office: Office, what: str, output: str, docx: Path | None = None) -> None:
    """The failure and the program's last lines in the fault log (host.log), for support; never on the
    clerk's screen, where the program's own words would be English and no help."""
    tail = "\n".join(output.strip().splitlines()[-_LOG_LINES:])
    record_fault(f"导出PDF：{office.label}（{office.program}）", f"{what}\n{tail}".rstrip("\n"),
                 [docx] if docx is not None else [])
