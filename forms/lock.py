"""Who has a draft open: an owner file beside the draft while it is open (`.~报告.json#`, as office
programs keep), holding the user, the machine, the process and since when; and the fingerprint of
the draft as it was opened or last saved, so that a save never overwrites what someone else wrote
in between.

A lock is advice between copies of 年报通, not a guarantee: a lock that cannot be written (a
read-only folder) does not stop the draft from opening, and one left by a crash is recognised as
stale (same machine and its process is gone, or not refreshed for STALE_HOURS) and taken over.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .atomic import write_problem

STALE_HOURS = 12           # a lock not refreshed for this long is left from a crash (or a lost machine)
REFRESH_MINUTES = 30       # how often an open window refreshes its lock
MAX_LOCK_BYTES = 4096      # a lock file is a few hundred bytes; anything larger is not ours


def lock_path(draft: Path) -> Path:
    """The owner file of `draft`: `.~报告.json#` in the same folder."""
    draft = Path(draft)
    return draft.with_name(f".~{draft.name}#")


@dataclass(frozen=True)
class Owner:
    user: str
    machine: str
    pid: int
    since: datetime
    refreshed: datetime
    token: str = ""

    def describe(self) -> str:
        return f"{self.user}（电脑“{self.machine}”）自 {self.since:%Y年%m月%d日 %H:%M} 起"

    def to_json(self) -> bytes:
        return json.dumps({"user": self.user, "machine": self.machine, "pid": self.pid,
                           "since": self.since.isoformat(timespec="seconds"),
                           "refreshed": self.refreshed.isoformat(timespec="seconds"),
                           "token": self.token}, ensure_ascii=True).encode("ascii")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:          # no user name in the environment or the password database
        return "未知用户"


def me(now: datetime | None = None) -> Owner:
    """This process, as the owner of a lock it takes now."""
    now = (now or datetime.now()).replace(microsecond=0)     # as the lock file holds it
    return Owner(_user(), socket.gethostname(), os.getpid(), now, now, uuid.uuid4().hex)


def _parse(data: bytes) -> Owner | None:
    try:
        doc = json.loads(data.decode("utf-8"))
        owner = Owner(str(doc["user"]), str(doc["machine"]), int(doc["pid"]),
                      datetime.fromisoformat(doc["since"]), datetime.fromisoformat(doc["refreshed"]),
                      str(doc.get("token", "")))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    if owner.since.tzinfo is not None or owner.refreshed.tzinfo is not None:
        return None
    return owner


def read_lock(draft: Path) -> Owner | None:
    """The owner named in `draft`'s lock file; None when there is none or it cannot be read as one."""
    try:
        with open(lock_path(draft), "rb") as handle:
            data = handle.read(MAX_LOCK_BYTES + 1)
    except OSError:
        return None
    return _parse(data) if len(data) <= MAX_LOCK_BYTES else None


def pid_alive(pid: int) -> bool:
    """Whether process `pid` is running on this machine (True when it cannot be told)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:             # exists, owned by someone else
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = ctypes.c_void_p                # a handle: pointer-sized
    kernel32.GetExitCodeProcess.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong)]
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    handle = kernel32.OpenProcess(0x1000, False, pid)      # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5                 # access denied: it exists
    code = ctypes.c_ulong()
    try:
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    finally:
        kernel32.CloseHandle(handle)
    return code.value == 259                                # STILL_ACTIVE


def is_stale(owner: Owner, now: datetime | None = None, hours: float = STALE_HOURS) -> bool:
    """Left behind: by a process of this machine that is gone, or not refreshed for `hours`."""
    now = now or datetime.now()
    if now - owner.refreshed > timedelta(hours=hours):
        return True
    return owner.machine == socket.gethostname() and not pid_alive(owner.pid)


class Lock:
    """A lock this process holds on a draft."""

    def __init__(self, draft: Path, owner: Owner):
        self.draft, self.owner = Path(draft), owner

    @property
    def path(self) -> Path:
        return lock_path(self.draft)

    def ours(self) -> bool:
        held = read_lock(self.draft)
        return held is not None and held.token == self.owner.token

    def refresh(self, now: datetime | None = None) -> None:
        """Say that we still hold it (a lock not refreshed for STALE_HOURS is taken over)."""
        if not self.ours():
            return
        self.owner = Owner(self.owner.user, self.owner.machine, self.owner.pid, self.owner.since,
                           now or datetime.now(), self.owner.token)
        try:
            with open(self.path, "wb") as handle:
                handle.write(self.owner.to_json())
        except OSError:
            pass

    def release(self) -> None:
        """Remove the lock file, if it is still ours (never someone else's that took it over)."""
        if self.ours():
            try:
                self.path.unlink()
            except OSError:
                pass


@dataclass
class Attempt:
    """What trying to lock a draft came to: `lock` when we hold it; else `held_by` someone, or
    `problem`: why no lock could be written (the draft is open without protection)."""

    lock: Lock | None = None
    held_by: Owner | None = None
    taken_over: Owner | None = None     # a stale lock that we replaced
    problem: str | None = None


def _create(draft: Path, owner: Owner) -> None:
    fd = os.open(lock_path(draft), os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(owner.to_json())


def acquire(draft: Path, now: datetime | None = None) -> Attempt:
    """Lock `draft` for this process, taking over a stale lock."""
    draft = Path(draft)
    owner = me(now)
    taken_over: Owner | None = None
    for _ in range(2):
        try:
            _create(draft, owner)
            return Attempt(lock=Lock(draft, owner), taken_over=taken_over)
        except FileExistsError:
            held = read_lock(draft)
            if held is not None and not is_stale(held, now):
                return Attempt(held_by=held)
            taken_over = held or taken_over
            try:
                lock_path(draft).unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                return Attempt(problem=f"锁定文件无法替换（{write_problem(exc)}）")
        except OSError as exc:
            return Attempt(problem=write_problem(exc))
    return Attempt(problem="锁定文件一再被别的程序改动")


@dataclass(frozen=True)
class Fingerprint:
    """A draft file as it is on disk: size, modification time and a hash of its bytes."""

    size: int
    mtime_ns: int
    digest: str

    def same_file(self, other: Fingerprint | None) -> bool:
        return other is not None and other.digest == self.digest


def fingerprint(path: Path) -> Fingerprint | None:
    """The file at `path` as it is now; None when there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return Fingerprint(stat.st_size, stat.st_mtime_ns, digest.hexdigest())


def changed_on_disk(path: Path, known: Fingerprint | None) -> bool:
    """Whether the file at `path` is no longer the one `known` describes (a file that is gone, or
    one we never knew, is not a change: nothing of anyone's is overwritten)."""
    if known is None:
        return False
    try:
        stat = os.stat(path)
    except OSError:
        return False
    if stat.st_size == known.size and stat.st_mtime_ns == known.mtime_ns:
        return False
    return not known.same_file(fingerprint(path))
