"""Reading the user's CSV files of numbers: the file's text, and its rows checked field by field.

Shared by the classification data (``x1,x2,label`` rows, :mod:`.datasets`) and the Fit view's
points (``x,y`` rows, :mod:`.fit_data`), so both accept the same files and refuse them with the
same sentences.  Each reader passes its own exception class (``DataError``, ``FitError``).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Iterator, Sequence

__all__ = ["read_text", "number_rows"]


# Why a file could not be read, for the errors users meet most; others give the system's words.
_REASONS: tuple[tuple[type[OSError], str], ...] = (
    (FileNotFoundError, "no such file"),
    (IsADirectoryError, "it is a folder"),
    (PermissionError, "permission denied"),
)


def read_text(path: str | os.PathLike, error: type[Exception]) -> str:
    """The file's text (UTF-8, a byte-order mark allowed); ``error`` names the file and why not."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = next((r for kind, r in _REASONS if isinstance(exc, kind)), exc.strerror or str(exc))
        raise error(f"cannot read {shown}: {reason}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = raw.count(b"\n", 0, exc.start) + 1
        raise error(f"{shown} line {lineno}: not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def number_rows(text: str, source: str, columns: Sequence[str],
                error: type[Exception]) -> Iterator[tuple[str, list[str], list[float]]]:
    """Yield ``(where, fields, numbers)`` for each data row of ``text``.

    A first line whose fields are not all numbers is a header and is skipped; blank lines and
    lines starting with ``#`` are skipped.  Every row must have one finite number per name in
    ``columns``, else ``error`` is raised naming ``source`` and the line (``where`` is that
    place, for the caller's own checks of a row)."""
    seen_data = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        nums = [_number(f) for f in fields]
        if not seen_data and all(v is None for v in nums):
            seen_data = True  # a header: only the first non-blank line may be one
            continue
        seen_data = True
        where = f"{source} line {lineno}"
        if len(fields) != len(columns):
            raise error(f"{where}: expected {len(columns)} columns ({','.join(columns)}), "
                        f"found {len(fields)}")
        for name, f, v in zip(columns, fields, nums):
            if v is None:
                shown = f if len(f) <= 30 else f[:27] + "..."
                raise error(f"{where}: {name} is not a number: {shown!r}")
            if not math.isfinite(v):
                raise error(f"{where}: {name} is not finite: {f!r}")
        yield where, fields, nums  # type: ignore[misc]
