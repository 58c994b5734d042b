"""Atomic file output: a file is either written whole or not at all.

Every writer in the app (CSV, PNG, SVG, sessions) goes through :func:`atomic_path`: the data
goes to a temporary file in the destination folder, which is renamed over the target only when
writing succeeded.  A failure leaves no partial file and no stray temporary file behind.

Every operating-system error on the way — the name is too long, the folder does not exist or
may not be written, the path is a folder, the disk is full, the file system is read-only — is
turned into one :class:`OutputError` whose ``str()`` names the path and the reason
(``cannot write PATH: REASON``), and which keeps both as ``path`` and ``reason`` so the window
can show them translated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

__all__ = [
    "OutputError", "REASONS", "atomic_path", "atomic_write", "check_writable", "describe_os_error",
    "output_error", "shown_path",
]


class OutputError(OSError):
    """A file could not be written; ``str()`` is a sentence for the user.

    ``path`` (the path as given, or None) and ``reason`` (one of :data:`REASONS`, or the
    system's own words) are set when the failure is about a particular path.
    """

    def __init__(self, message: str, path: str | None = None, reason: str | None = None):
        super().__init__(message)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "could not write the file"


# The reasons a write fails, in the words the user sees (the window translates them).
R_TOO_LONG = "the file name is too long"
R_DENIED = "permission denied"
R_READ_ONLY = "the file system is read-only"
R_NO_SPACE = "the disk is full"
R_NO_FOLDER = "the folder does not exist"
R_IS_FOLDER = "it is a folder"
R_NOT_FOLDER = "part of the path is a file, not a folder"
R_BAD_NAME = "the name is not valid here"
R_LOOP = "too many symbolic links"
R_EMPTY = "nothing was written"
REASONS = (R_TOO_LONG, R_DENIED, R_READ_ONLY, R_NO_SPACE, R_NO_FOLDER, R_IS_FOLDER,
           R_NOT_FOLDER, R_BAD_NAME, R_LOOP, R_EMPTY)

_BY_ERRNO = {
    errno.ENAMETOOLONG: R_TOO_LONG,
    errno.EACCES: R_DENIED,
    errno.EPERM: R_DENIED,
    errno.EROFS: R_READ_ONLY,
    errno.ENOSPC: R_NO_SPACE,
    errno.EDQUOT: R_NO_SPACE,
    errno.EFBIG: R_NO_SPACE,
    errno.ENOENT: R_NO_FOLDER,
    errno.EISDIR: R_IS_FOLDER,
    errno.ENOTDIR: R_NOT_FOLDER,
    errno.EINVAL: R_BAD_NAME,
    errno.EILSEQ: R_BAD_NAME,
    errno.ELOOP: R_LOOP,
}


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OutputError) and exc.reason:
        return exc.reason
    if isinstance(exc, OSError):
        known = _BY_ERRNO.get(exc.errno) if exc.errno is not None else None
        if known:
            return known
        if exc.strerror:
            return exc.strerror[:1].lower() + exc.strerror[1:]
    if isinstance(exc, (ValueError, UnicodeError)):  # a NUL byte, an unencodable character
        return R_BAD_NAME
    return str(exc) or type(exc).__name__


def shown_path(path: str | os.PathLike) -> str:
    """The path as one printable line (control characters and the like escaped)."""
    try:
        text = os.fspath(path)
    except TypeError:
        text = str(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return text if text.isprintable() else repr(text)[1:-1]


def output_error(path: str | os.PathLike, exc_or_reason: BaseException | str) -> OutputError:
    """An :class:`OutputError` for ``path`` from an exception (its errno picks the reason)
    or from a reason text."""
    reason = exc_or_reason if isinstance(exc_or_reason, str) else _reason(exc_or_reason)
    shown = shown_path(path)
    return OutputError(f"cannot write {shown}: {reason}", path=shown, reason=reason)


def describe_os_error(exc: OSError) -> str:
    """One line for any ``OSError``: ``PATH: REASON`` when it names a file, else the reason."""
    reason = _reason(exc)
    if isinstance(exc, OutputError) or exc.filename is None:
        return str(exc) if isinstance(exc, OutputError) else reason
    return f"{shown_path(exc.filename)}: {reason}"


def _expanded(path: str | os.PathLike) -> Path:
    p = Path(path)
    try:
        return p.expanduser()
    except RuntimeError:  # "~nobody/x.csv": no such user; keep the name as typed
        return p


def _folder_reason(parent: Path) -> str:
    try:
        if os.statvfs(parent).f_flag & os.ST_RDONLY:
            return R_READ_ONLY
    except OSError:
        pass
    return R_DENIED


def check_writable(path: str | os.PathLike) -> Path:
    """Raise :class:`OutputError` early if ``path`` cannot possibly be written.

    Cheap checks only (nothing is created): the path is not a folder, its folder exists and
    may be written.  The write itself can still fail (disk full); :func:`atomic_path` reports
    that the same way.
    """
    p = _expanded(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as exc:
        raise output_error(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise output_error(path, R_IS_FOLDER)
    parent = p.parent
    try:
        pst = os.stat(parent)
    except (OSError, ValueError) as exc:
        raise output_error(path, exc) from None
    if not stat.S_ISDIR(pst.st_mode):
        raise output_error(path, R_NOT_FOLDER)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise output_error(path, _folder_reason(parent))
    return p


def _temp_prefix(name: str, limit: int = 60) -> str:
    """``.NAME.`` cut to ``limit`` bytes, so the temporary name stays short whatever NAME is."""
    out = ""
    for ch in name:
        if len(os.fsencode(out + ch)) > limit:
            break
        out += ch
    return f".{out}."


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    The caller writes the temporary file however it likes (a NumPy or Qt writer included).
    Any exception inside the block removes the temporary file and re-raises; ``OSError`` is
    re-raised as :class:`OutputError` naming ``path`` and the reason.
    """
    target = check_writable(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".part",
                                        dir=target.parent)
    except (OSError, ValueError) as exc:
        raise output_error(path, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists() or (tmp.stat().st_size == 0):
            raise output_error(path, R_EMPTY)
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
        raise output_error(path, exc) from None
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
