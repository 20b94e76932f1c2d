"""Atomic file writes: a temporary file in the same folder, flushed to disk, then moved over the
target. A failed write leaves the previous file as it was and says why in plain Chinese.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class SaveError(OSError):
    """A file could not be written. `str()` is the message for the user."""

    def __str__(self) -> str:
        return self.args[0]


def explain_os_error(exc: OSError, path: Path) -> str:
    """What went wrong writing `path`, and what the user can do about it."""
    what, todo = _write_problem(exc)
    if what == "没有写入权限":
        todo = f"如果这个文件正在 Word、WPS 或 Excel 中打开，请先关闭它；否则请换一个文件夹保存（{path.parent}）。"
    elif what == "文件夹不存在":
        what = f"文件夹“{path.parent}”不存在"
    return f"无法写入“{path.name}”：{what}。{todo}"


def write_problem(exc: OSError) -> str:
    """Why a file could not be written, in a few words (磁盘空间不足), for messages that say the rest
    themselves (the automatic backup's)."""
    return _write_problem(exc)[0]


def _write_problem(exc: OSError) -> tuple[str, str]:
    """(what went wrong, what to do) when a file cannot be written."""
    if exc.errno == errno.EROFS:
        return "这个磁盘或文件夹是只读的", "请换一个文件夹保存，如本机的“文档”文件夹。"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限", "请换一个文件夹保存。"
    if exc.errno in _PATH_PROBLEMS:
        return _PATH_PROBLEMS[exc.errno], "请换一个较短的文件名，保存到本机的“文档”文件夹。"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足", "请清理磁盘或换一个位置保存。"
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return "文件夹不存在", "请换一个位置保存。"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return "这是一个文件夹的名字", "请换一个文件名。"
    return f"系统报告写入失败（{_code(exc)}）", "请换一个位置保存，如本机的“文档”文件夹。"


# Problems with a file's name or path, the same whether it is read or written (the system's own
# words are English on most machines).
_PATH_PROBLEMS = {
    errno.EEXIST: "同名的文件已经存在",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ENOTDIR: "路径中的某一部分不是文件夹",
    errno.ELOOP: "路径中的快捷方式（符号链接）互相指向，无法找到文件",
    errno.EROFS: "这个磁盘或文件夹是只读的",
}


def explain_read_error(exc: OSError, path: Path, what: str = "文件") -> str:
    """What went wrong reading `path` (a draft, a workbook), and what the user can do about it."""
    if isinstance(exc, ReadError):
        return str(exc)
    if exc.errno in _PATH_PROBLEMS:
        return (f"无法读取“{path.name}”：{_PATH_PROBLEMS[exc.errno]}。请检查文件名和位置，"
                f"或把文件复制到本机的“文档”文件夹再打开。")
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件“{path}”。请检查文件名和位置。"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return f"“{path}”是一个文件夹，不是{what}。请选择{what}本身。"
    if isinstance(exc, PermissionError):
        return (f"无法读取“{path.name}”：没有读取权限。如果它正在 Word、WPS 或 Excel 中打开，请先关闭；"
                f"否则请把它复制到自己的文件夹再打开。")
    return f"无法读取“{path.name}”：系统报告读取失败（{_code(exc)}）。请把文件复制到本机的文件夹后再打开。"


class ReadError(OSError):
    """A file that cannot or must not be read. `str()` is the message for the user."""

    def __str__(self) -> str:
        return self.args[0]


def read_bytes_checked(path: str | Path, limit: int, what: str = "文件") -> bytes:
    """The bytes of `path` (a draft, a workbook), read only if it is a regular file of at most `limit`
    bytes: a pipe or a device (a link to /dev/zero) would block or fill the memory. Raises ReadError
    with a plain Chinese message naming the file and what to do."""
    path = Path(path)
    check_regular_file(path, limit, what)
    # Opened without blocking, and checked again on the open file: it may have been replaced since.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            _check_status(os.fstat(handle.fileno()), path, limit, what)
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ReadError(explain_read_error(exc, path, what)) from None
    if len(data) > limit:
        raise ReadError(_too_big(path, limit, what))
    return data


def check_regular_file(path: str | Path, limit: int, what: str = "文件") -> os.stat_result:
    """The gate before any file we open is read: a regular file (not a folder, a pipe or a device,
    followed through links) of at most `limit` bytes, judged by os.stat, which never blocks. Raises
    ReadError with a plain Chinese message."""
    path = Path(path)
    try:
        status = os.stat(path)          # follows links: the file that would be opened
    except OSError as exc:
        raise ReadError(explain_read_error(exc, path, what)) from None
    _check_status(status, path, limit, what)
    return status


def _check_status(status: os.stat_result, path: Path, limit: int, what: str) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise ReadError(f"“{path}”是一个文件夹，不是{what}。请选择{what}本身。")
    if not stat.S_ISREG(status.st_mode):
        raise ReadError(f"无法读取“{path.name}”：它不是保存在磁盘上的普通文件（可能是设备、管道或指向它们的链接），"
                        f"不是{what}。请选择保存在磁盘上的{what}。")
    if status.st_size > limit:
        raise ReadError(_too_big(path, limit, what))


def _too_big(path: Path, limit: int, what: str) -> str:
    return (f"“{path.name}”太大（超过{_size_text(limit)}），不是{what}。"
            f"请确认选择的文件是否正确。")


def _size_text(size: int) -> str:
    return f"{size // (1024 * 1024)}MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)}KB"


def _code(exc: OSError) -> str:
    """The system's error, by its number: its own text is in English on most machines."""
    name = errno.errorcode.get(exc.errno or 0)
    return f"错误代码 {exc.errno}{'，' + name if name else ''}" if exc.errno else "未知错误"


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None] | bytes) -> Path:
    """Write `path` atomically. `write` is the bytes, or a function that writes to a binary file."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SaveError(explain_os_error(exc, path)) from exc
    try:
        # mkstemp makes the file private (0600); the file we replace keeps its permissions and a new
        # one gets the usual ones, so colleagues on a shared folder can still open it.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            if isinstance(write, (bytes, bytearray)):
                handle.write(write)
            else:
                write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise SaveError(explain_os_error(exc, path)) from exc
    except BaseException:
        _remove(tmp)
        raise
    return path


# A file name may have 255 bytes (ext4, NTFS); the temporary name adds a dot, a dot, 8 random
# characters and .tmp to the start of the target's name.
_MAX_NAME_BYTES = 255
_TEMP_EXTRA = len("." + "." + "XXXXXXXX" + ".tmp")


def _temp_prefix(name: str) -> str:
    """`.{name}.` for the temporary file beside `name`, the name cut (at a character) so that a legal
    name of up to 255 bytes can still be written."""
    room = _MAX_NAME_BYTES - _TEMP_EXTRA
    return "." + name.encode("utf-8")[:room].decode("utf-8", "ignore") + "."


def _read_umask() -> int:
    mask = os.umask(0o022)      # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


_UMASK = _read_umask()          # once, at import, before any other thread runs


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
