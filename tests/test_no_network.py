"""The program never opens a network connection.

The main flows — the window's start (offscreen) with a sample opened, `check` of one draft and of a
folder of Word/Excel/PDF/web files (read by a 'spawn' process pool), `export` (Word and Excel),
`import` (Word, Excel, web page, PDF) and `merge` — run in subprocesses whose Python refuses the
network from its first line (tests/support/no_network/sitecustomize.py: an audit hook, on PYTHONPATH so
that the pool's processes get it too); any attempt fails the test, even one the program caught. Where
strace is installed (.ci/run installs it) the same runs are traced for the sockets native code (Qt,
libxml2) might open without Python knowing: an AF_INET or AF_INET6 socket fails the test too.

Nor may any module of the project import a network client: checked on the source (AST).
"""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUARD = ROOT / "tests" / "support" / "no_network"
SAMPLE = "2025-qingchuan-scjgj.json"
NATIVE = re.compile(r"\b(socket|connect|bind|sendto|sendmsg)\(.*\bAF_INET6?\b")


@dataclass
class Run:
    result: subprocess.CompletedProcess
    attempts: list[str]             # what the audit hook refused (Python)
    native: list[str]               # AF_INET/AF_INET6 system calls strace saw (any code)

    def explain(self) -> str:
        return "\n".join(["stderr:", self.result.stderr[-3000:], "refused:", *self.attempts, "native:", *self.native])


@functools.cache
def _usable_strace() -> str | None:
    """strace, when it is installed and may trace here (a container can forbid ptrace)."""
    found = shutil.which("strace")
    if found is None:
        return None
    probe = subprocess.run([found, "-f", "-qq", "-o", os.devnull, "true"], capture_output=True, timeout=60)
    return found if probe.returncode == 0 else None


def _strace() -> str | None:
    found = _usable_strace()
    if found is None and os.environ.get("CI"):
        pytest.fail("strace is not installed or may not trace here (ptrace): .ci/run installs it")
    return found


def run_guarded(args: list[str], folder: Path, timeout: int = 300) -> Run:
    """`python args…` with the network refused (and traced with strace where it is installed)."""
    record, trace = folder / "network-attempts.txt", folder / "strace.txt"
    record.unlink(missing_ok=True)
    trace.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(GUARD), str(ROOT)]),
           "NIANBAO_NETWORK_LOG": str(record), "NIANBAO_DATA_DIR": str(folder / "data"),
           "NIANBAO_LOG_DIR": str(folder / "log"), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, *args]
    strace = _strace()
    if strace:
        command = [strace, "-f", "-qq", "-e", "trace=socket,connect,bind,sendto,sendmsg", "-e", "signal=none",
                   "-o", str(trace), *command]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    attempts = record.read_text(encoding="utf-8").split("\n\n") if record.exists() else []
    native = [line for line in trace.read_text(encoding="utf-8").splitlines()
              if NATIVE.search(line)] if trace.exists() else []
    return Run(result, [a for a in attempts if a.strip()], native)


# --- the guard can fail ------------------------------------------------------------------------------

ATTEMPTS = """
import socket, urllib.request
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

def connect(_=None):
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except OSError as exc:
        return type(exc).__name__
    return "connected"

if __name__ == "__main__":
    print(connect())
    try:
        socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        print("opened")
    except OSError as exc:
        print(type(exc).__name__)
    try:
        urllib.request.urlopen("http://example.invalid/", timeout=1)
        print("fetched")
    except OSError as exc:
        print(type(exc).__name__)
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        print(pool.submit(connect).result())
    import socket as s2
    print(len(s2.socketpair()))            # AF_UNIX: our own processes may talk
"""


def test_the_guard_refuses_and_records_a_connection_a_web_request_and_one_in_a_pools_process(tmp_path):
    script = tmp_path / "attempts.py"
    script.write_text(ATTEMPTS, encoding="utf-8")
    run = run_guarded([str(script)], tmp_path)
    assert run.result.returncode == 0, run.explain()
    assert run.result.stdout.split() == ["PermissionError"] * 4 + ["2"], run.explain()
    events = [attempt.split()[2] for attempt in run.attempts]
    assert {"socket.getaddrinfo", "socket.__new__", "urllib.Request"} <= set(events), events
    assert len({attempt.split()[1] for attempt in run.attempts}) == 2          # the pool's process too
    assert any("create_connection" in attempt for attempt in run.attempts)     # the stack says who tried


def test_strace_sees_a_socket_opened_by_native_code(tmp_path):
    if _strace() is None:
        pytest.skip("strace is not installed (CI installs it)")
    script = "import ctypes; libc = ctypes.CDLL(None); print(libc.socket(2, 1, 0) >= 0)"   # AF_INET, SOCK_STREAM
    run = run_guarded(["-c", script], tmp_path)
    assert run.result.stdout.strip() == "True" and not run.attempts        # past the audit hook…
    assert run.native and "AF_INET" in run.native[0]                       # …but not past strace


# --- the program's flows ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A unit's report in every kind of file the program reads, and a folder of two units to merge."""
    from exports.docx_writer import write_docx
    from exports.xlsx_writer import write_xlsx
    from forms.draft import write_draft
    from forms.samples import load_samples
    from tests.support.libreoffice import convert, soffice_path
    from tests.support.webpage import government_page

    folder = tmp_path_factory.mktemp("units")
    report = dict(load_samples())[SAMPLE]
    draft = write_draft(report, folder / "一局.json")
    made = {"json": draft, "docx": write_docx(report, folder / "一局.docx"),
            "xlsx": write_xlsx(report, folder / "一局.xlsx")}
    made["html"] = folder / "一局.html"
    made["html"].write_bytes(government_page(report))
    if soffice_path():
        made["pdf"] = convert(made["docx"], "pdf")
    units = tmp_path_factory.mktemp("merge")
    for n, organ in enumerate(("青川市甲局", "青川市乙局")):
        unit = report.copy()
        unit.set_organ(organ)
        write_draft(unit, units / f"unit{n}.json")
    return made, units


def _window_script() -> str:
    return f"""
from ui.app import create_window
from PySide6.QtTest import QTest
app, window = create_window()
window.open_sample({SAMPLE!r})
QTest.qWait(500)
window.about()
QTest.qWait(200)
print(window.document.report.organ)
window.document._saved = window.document.report.copy()
window.close()
"""


def _flows(files, out: Path) -> dict[str, tuple[list[str], tuple[int, ...], Path | None]]:
    """name: (arguments, the exit codes of a finished run, a file the run must have written)."""
    made, units = files
    flows = {
        "window": (["-c", _window_script()], (0,), None),
        "check": (["main.py", "check", str(made["json"])], (0, 1), None),
        "check-batch": (["main.py", "check", str(made["json"].parent), "--xlsx", str(out / "结果.xlsx")], (0, 1),
                        out / "结果.xlsx"),
        "export": (["main.py", "export", str(made["json"]), "--docx", str(out / "导出.docx"), "--xlsx",
                    str(out / "导出.xlsx"), "--draft"], (0,), out / "导出.xlsx"),
        "merge": (["main.py", "merge", str(units), "-o", str(out / "汇总.json"), "--xlsx", str(out / "汇总.xlsx"),
                   "--docx", str(out / "汇总.docx"), "--organ", "青川市"], (0, 1), out / "汇总.docx"),
    }
    if "pdf" in made:           # LibreOffice is here: export --pdf runs it (strace -f follows it too)
        flows["export-pdf"] = (["main.py", "export", str(made["json"]), "--pdf", str(out / "导出.pdf"), "--draft"],
                               (0,), out / "导出.pdf")
    for kind in ("docx", "xlsx", "html", "pdf"):
        if kind in made:
            flows[f"import-{kind}"] = (["main.py", "import", str(made[kind]), "-o", str(out / f"{kind}.json")],
                                       (0, 1), out / f"{kind}.json")
    return flows


FLOWS = ("window", "check", "check-batch", "export", "export-pdf", "import-docx", "import-xlsx", "import-html",
         "import-pdf", "merge")


@pytest.mark.parametrize("flow", FLOWS)
def test_the_flow_makes_no_network_connection(flow, files, tmp_path):
    flows = _flows(files, tmp_path)
    if flow not in flows:
        from tests.support.libreoffice import require_soffice

        require_soffice()                           # the PDF is printed by LibreOffice: skipped without it
    args, codes, written = flows[flow]
    run = run_guarded(args, tmp_path)
    assert run.result.returncode in codes, run.explain()
    assert written is None or written.exists(), run.explain()
    assert not run.attempts, "the program tried to use the network:\n" + run.explain()
    assert not run.native, "native code opened an internet socket:\n" + run.explain()
    if flow == "window":
        assert "青川市" in run.result.stdout, run.explain()           # the sample was opened
    if flow == "check-batch":
        assert all(f"一局.{kind}" in run.result.stdout for kind in ("docx", "xlsx", "html")), run.explain()


# --- nothing of the project imports a network client --------------------------------------------------

NETWORK_MODULES = ("urllib.request", "urllib3", "http.client", "http.server", "ssl", "socketserver", "asyncio",
                   "ftplib", "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "xmlrpc", "webbrowser",
                   "requests", "httpx", "aiohttp", "websocket", "websockets", "PySide6.QtNetwork",
                   "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebSockets")
# socket itself: only for the name of this PC (forms.lock: whose lock a draft's is), which asks no one
SOCKET_ALLOWED = {"gethostname"}


def _imported(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return names


def _network(name: str) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in NETWORK_MODULES)


def _socket_uses(tree: ast.AST) -> set[str]:
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "socket"}


def _project_sources() -> list[Path]:
    return [ROOT / "main.py", *(path for package in ("forms", "exports", "host", "ui")
                                for path in sorted((ROOT / package).rglob("*.py")))]


def test_no_module_of_the_program_imports_a_network_client():
    offenders = []
    for path in _project_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported = _imported(tree)
        offenders += [f"{path.relative_to(ROOT)}: {name}" for name in imported if _network(name)]
        if "socket" in imported and not _socket_uses(tree) <= SOCKET_ALLOWED:
            offenders.append(f"{path.relative_to(ROOT)}: socket.{sorted(_socket_uses(tree) - SOCKET_ALLOWED)}")
        if any(name.startswith("socket.") for name in imported):
            offenders.append(f"{path.relative_to(ROOT)}: from socket import …")
    assert not offenders, offenders


def test_the_static_check_can_fail():
    tree = ast.parse("import urllib.request\nfrom PySide6 import QtNetwork\nimport socket\nsocket.create_connection(1)")
    imported = _imported(tree)
    assert [name for name in imported if _network(name)] == ["urllib.request", "PySide6.QtNetwork"]
    assert _socket_uses(tree) - SOCKET_ALLOWED == {"create_connection"}
