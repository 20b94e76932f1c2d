"""`python main.py` without a display, run again over its own sample folder: the Word and Excel files
someone edited there are kept, and the clerk is told; the program's own are brought up to date."""

from __future__ import annotations

import os

import pytest

from tests.test_main_cli import run

NAME = "2025-qingchuan-scjgj"


@pytest.fixture
def folder(tmp_path):
    first = run(cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    return tmp_path / "年报通示例"


def _set_age(path, like, seconds: int) -> None:
    """`path`'s time: `seconds` after `like`'s."""
    then = like.stat().st_mtime_ns + seconds * 1_000_000_000
    os.utime(path, ns=(then, then))


def test_exports_edited_by_hand_are_kept_and_told(folder):
    draft = folder / f"{NAME}.json"
    docx, xlsx = folder / f"{NAME}.docx", folder / f"{NAME}.xlsx"
    docx.write_bytes(docx.read_bytes() + b"saved by WPS")          # changed later: newer than its draft
    _set_age(docx, draft, 60)
    xlsx.write_bytes(b"PK retouched")                               # changed, its time kept (copied in)
    _set_age(xlsx, draft, 0)
    before = docx.read_bytes(), xlsx.read_bytes()
    again = run(cwd=folder.parent)
    assert again.returncode == 0, again.stderr
    assert (docx.read_bytes(), xlsx.read_bytes()) == before
    for path in (docx, xlsx):
        assert f"已保留 {path.relative_to(folder.parent)}" in again.stdout, again.stdout
    assert again.stdout.count("已保留") == 2


def test_our_own_exports_are_rewritten_silently(folder):
    draft = folder / f"{NAME}.json"
    xlsx = folder / f"{NAME}.xlsx"
    again = run(cwd=folder.parent)
    assert again.returncode == 0 and "已保留" not in again.stdout, again.stdout
    xlsx.write_bytes(b"an export from before the draft changed")
    _set_age(xlsx, draft, -60)                                      # older than its draft: out of date
    third = run(cwd=folder.parent)
    assert third.returncode == 0 and "已保留" not in third.stdout
    assert xlsx.read_bytes().startswith(b"PK\x03\x04")
