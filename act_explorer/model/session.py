"""Sessions: everything the user set up, saved as one JSON file (``.actx``).

A session holds one section per state object — the curves (selected and overlaid functions,
parameters, typed functions, x range), the depth and training configurations, softmax logits,
maxout pieces — each produced by that object's ``to_dict()`` and restored by its
``update_from_dict()``.

Saving is atomic (temp file + rename).  Opening checks the whole file first — JSON syntax,
format marker, schema version, and every section by applying it to a *fresh* state object —
and only then applies it to the live objects, so a corrupt, truncated or newer-version file
gets a clear message and changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

from .. import __version__
from .fileio import atomic_write

__all__ = ["SCHEMA", "FORMAT", "SUFFIX", "SessionError", "Sectioned", "save", "read", "apply",
           "MAX_BYTES"]

FORMAT = "act-explorer-session"
SCHEMA = 1
SUFFIX = ".actx"
MAX_BYTES = 20 * 1024 * 1024


class SessionError(ValueError):
    """A session file that cannot be opened; ``str()`` says why, for the user."""


class Sectioned(Protocol):
    def to_dict(self) -> dict: ...
    def update_from_dict(self, data: Mapping[str, Any], strict: bool = False) -> Any: ...


def to_data(states: Mapping[str, Sectioned]) -> dict:
    data: dict[str, Any] = {"format": FORMAT, "schema": SCHEMA, "app_version": __version__}
    for name, state in states.items():
        data[name] = state.to_dict()
    return data


def save(path: str | os.PathLike, states: Mapping[str, Sectioned]) -> Path:
    text = json.dumps(to_data(states), indent=2, ensure_ascii=False, allow_nan=False)
    return atomic_write(path, text + "\n")


def read(path: str | os.PathLike) -> dict:
    """Read and check the file's envelope; raises :class:`SessionError`."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise SessionError(f"{p.name} is too large to be a session ({size // 1024} KiB)")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise SessionError(f"{p} does not exist") from None
    except IsADirectoryError:
        raise SessionError(f"{p} is a folder, not a session file") from None
    except PermissionError:
        raise SessionError(f"{p} cannot be read: permission denied") from None
    except OSError as exc:
        raise SessionError(f"{p} cannot be read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise SessionError(f"{p.name} is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{p.name} is not a session file (it is not UTF-8 text)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # A file cut short fails at its end, or inside a string that never closes.
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise SessionError(f"{p.name} is truncated (it ends at line {exc.lineno} before the "
                               "session is complete)") from None
        raise SessionError(f"{p.name} is not a valid session: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SessionError(f"{p.name} is not an Activation Explorer session")
    schema = data.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise SessionError(f"{p.name} has no valid schema version")
    if schema > SCHEMA:
        raise SessionError(
            f"{p.name} was saved by a newer Activation Explorer (session schema {schema}, "
            f"version {data.get('app_version', '?')}); this version ({__version__}) reads schema "
            f"{SCHEMA}. Update the app to open it.")
    return data


def apply(data: Mapping[str, Any], states: Mapping[str, Sectioned],
          fresh: Mapping[str, Callable[[], Sectioned]]) -> list[str]:
    """Check every section on a fresh object, then apply all of them to ``states``.

    ``fresh[name]()`` makes a throw-away state of the same kind.  Returns the names of the
    sections applied.  Raises :class:`SessionError` (nothing applied) if any section fails.
    """
    from . import catalogue

    present = [name for name in states if name in data]
    # Checking the curves section registers its typed functions; undo that if the file fails.
    before = catalogue.TYPED.snapshot()
    try:
        for name in present:
            section = data[name]
            if not isinstance(section, Mapping):
                raise SessionError(f"the session's {name!r} section is not an object")
            try:
                _strict_update(fresh[name](), section)
            except SessionError:
                raise
            except Exception as exc:  # noqa: BLE001 -- any failure means: do not apply
                raise SessionError(f"the session's {name!r} section is not valid: {exc}") from None
    except SessionError:
        catalogue.TYPED.restore(before)
        raise
    for name in present:
        _strict_update(states[name], data[name])
    return present


def _strict_update(state: Sectioned, section: Mapping[str, Any]) -> None:
    result = state.update_from_dict(section, strict=True)
    if isinstance(result, list) and result:
        raise SessionError("; ".join(str(r) for r in result))
