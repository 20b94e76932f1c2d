"""forms.lock: the owner file beside an open draft, stale locks, and the draft's fingerprint."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timedelta

from forms.lock import (
    Owner,
    acquire,
    changed_on_disk,
    fingerprint,
    is_stale,
    lock_path,
    me,
    read_lock,
)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _write(draft, owner: Owner) -> None:
    lock_path(draft).write_bytes(owner.to_json())


def test_create_read_release(tmp_path):
    draft = tmp_path / "报告.json"
    draft.write_text("{}", encoding="utf-8")
    attempt = acquire(draft)
    assert attempt.lock is not None and lock_path(draft).name == ".~报告.json#"
    owner = read_lock(draft)
    assert owner is not None and owner.pid == os.getpid() and owner.machine == socket.gethostname()
    again = acquire(draft)
    assert again.lock is None and again.held_by == owner       # a second opener is told who
    attempt.lock.release()
    assert not lock_path(draft).exists()


def test_stale_locks_are_taken_over(tmp_path):
    draft = tmp_path / "报告.json"
    crashed = replace(me(), pid=_dead_pid(), token="old")
    assert is_stale(crashed)
    _write(draft, crashed)
    attempt = acquire(draft)
    assert attempt.lock is not None and attempt.taken_over == crashed
    attempt.lock.release()
    long_ago = datetime.now().replace(microsecond=0) - timedelta(hours=30)
    elsewhere = Owner("张三", "另一台电脑", 1, long_ago, long_ago, "x")
    assert is_stale(elsewhere) and not is_stale(replace(elsewhere, refreshed=datetime.now()))
    _write(draft, elsewhere)
    assert acquire(draft).taken_over == elsewhere


def test_a_live_lock_is_not_stale_and_only_its_owner_releases_it(tmp_path):
    draft = tmp_path / "报告.json"
    ours = acquire(draft).lock
    assert ours is not None
    now = datetime.now().replace(microsecond=0)
    other = Owner("李四", "另一台电脑", 1, now, now, "theirs")
    _write(draft, other)                     # taken over by someone else meanwhile
    ours.release()
    assert read_lock(draft).token == "theirs"


def test_malformed_lock_files_are_stale(tmp_path):
    draft = tmp_path / "报告.json"
    for data in (b"not json", b'{"user": 1}', b"[" * 100_000, b'{"user":"a","machine":"m","pid":1,'
                 b'"since":"2025-01-01T00:00:00+08:00","refreshed":"2025-01-01T00:00:00+08:00"}'):
        lock_path(draft).write_bytes(data)
        assert read_lock(draft) is None
        attempt = acquire(draft)
        assert attempt.lock is not None
        attempt.lock.release()


def test_a_lock_that_cannot_be_written_is_a_problem_not_a_refusal(tmp_path, monkeypatch):
    import forms.lock

    def read_only(draft, owner):
        raise PermissionError(errno.EACCES, "read-only folder")

    monkeypatch.setattr(forms.lock, "_create", read_only)
    attempt = acquire(tmp_path / "报告.json")
    assert attempt.lock is None and attempt.held_by is None and "权限" in (attempt.problem or "")


def test_fingerprint_tells_a_changed_file(tmp_path):
    draft = tmp_path / "报告.json"
    draft.write_bytes(b"one")
    known = fingerprint(draft)
    assert not changed_on_disk(draft, known)
    draft.write_bytes(b"two!")
    assert changed_on_disk(draft, known)
    assert not changed_on_disk(tmp_path / "gone.json", known)
    assert not changed_on_disk(draft, None)
