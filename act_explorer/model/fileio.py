"""Atomic file output: a file is either written whole or not at all.

Every writer in the app (CSV, PNG, SVG, sessions) goes through :func:`atomic_path`: the data
goes to a temporary file in the destination folder, which is renamed over the target only when
writing succeeded.  A failure leaves no partial file and no stray temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterator

__all__ = ["OutputError", "atomic_path", "atomic_write", "check_writable"]


class OutputError(OSError):
    """A file could not be written; ``str()`` is a sentence for the user."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "could not write the file"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    if exc.errno == errno.EISDIR:
        return "it is a folder"
    return exc.strerror or str(exc)


def check_writable(path: str | os.PathLike) -> Path:
    """Raise :class:`OutputError` early if ``path`` cannot possibly be written."""
    p = Path(path).expanduser()
    if p.is_dir():
        raise OutputError(f"cannot write {p}: it is a folder")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {p}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write {p}: permission denied")
    return p


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The caller writes the temporary file however it likes (a NumPy or Qt writer included).
    Any exception inside the block removes the temporary file and re-raises; ``OSError`` is
    re-raised as :class:`OutputError` with a readable message.
    """
    target = check_writable(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists() or (tmp.stat().st_size == 0):
            raise OutputError(f"cannot write {target}: nothing was written")
        # mkstemp creates the file 0600; give the result ordinary permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    raw = data.encode(encoding) if isinstance(data, str) else bytes(data)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    return Path(path)
