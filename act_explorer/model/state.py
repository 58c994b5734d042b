"""One pattern for the settings a view edits: declared fields, one validator each, atomic update.

A state class lists its fields once, with their defaults and validators::

    class SoftmaxState(StateBase):
        FIELDS = {
            "temperature": Field(1.0, positive_number("temperature")),
            "logits": Field((2.0, 1.0, 0.1), logits_check),
        }

and gets from :class:`StateBase`:

- attribute access to the values (``state.temperature``), :meth:`values`, :meth:`defaults`;
- :meth:`update` — every value checked first (each field's validator, then the class's
  cross-field rule :meth:`_check_together`), nothing changes if one is refused (the class's
  ``Error``, a one-line message), then one ``changed(frozenset_of_names)`` signal;
- :meth:`to_dict` / :meth:`update_from_dict` (``strict`` raises on an unknown key or a bad
  value; lenient applies the good keys and returns one line per skipped key) /
  :meth:`from_dict` — what sessions save and read;
- :meth:`reset_to_defaults`.

Views subscribe to ``changed`` and write back only through :meth:`update` (the widget
bindings in ``qt/bind.py`` do both); the command line builds the same objects, so defaults and
limits are declared once.  Subclasses with signals of their own emit them from
:meth:`_after_update`.  Plain Python and psygnal: no Qt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Iterable, Mapping

from psygnal import Signal

__all__ = ["StateError", "Field", "StateBase", "number", "whole", "choice", "flag", "finite_float"]


class StateError(ValueError):
    """A value a state refuses; the message is one line a user can read."""


@dataclass(frozen=True)
class Field:
    """One setting: its default and the validator that returns the normalised value or
    raises :class:`StateError`."""

    default: Any
    check: Callable[[Any], Any]
    doc: str = ""


class StateBase:
    """Base of the settings objects (see the module docstring)."""

    FIELDS: ClassVar[dict[str, Field]] = {}
    Error: ClassVar[type[ValueError]] = StateError

    changed = Signal(object)          # frozenset of the names that changed, once per update

    def __init__(self, **values: Any) -> None:
        object.__setattr__(self, "_values", {k: f.default for k, f in self.FIELDS.items()})
        if values:
            new = self._checked(values)
            self._values.update(new)

    # -- reading -------------------------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        # only reached when normal lookup fails: fields read as attributes
        values = self.__dict__.get("_values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")

    def get(self, name: str) -> Any:
        return self._values[name]

    def values(self) -> dict[str, Any]:
        """A copy of every field's value."""
        return dict(self._values)

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return {k: f.default for k, f in cls.FIELDS.items()}

    # -- writing -------------------------------------------------------------------------------
    def _checked(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` validated and normalised, merged over the current ones for the
        cross-field rule; raises ``Error`` (nothing is changed)."""
        new: dict[str, Any] = {}
        for name, value in values.items():
            field = self.FIELDS.get(name)
            if field is None:
                raise self.Error(f"unknown setting {name!r}")
            try:
                new[name] = field.check(value)
            except StateError as exc:
                raise self.Error(str(exc)) from None
        merged = {**self._values, **new}
        try:
            self._check_together(merged)
        except StateError as exc:
            raise self.Error(str(exc)) from None
        return new

    def update(self, **values: Any) -> frozenset:
        """Set several fields at once, all or none; returns the names that changed (and emits
        ``changed`` with them if any did)."""
        new = self._checked(values)
        changed = frozenset(k for k, v in new.items() if not _same(self._values[k], v))
        if not changed:
            return changed
        self._values.update({k: new[k] for k in changed})
        self._after_update(changed)
        self.changed.emit(changed)
        return changed

    def reset_to_defaults(self) -> None:
        self.update(**self.defaults())

    # -- hooks for subclasses ------------------------------------------------------------------
    def _check_together(self, values: dict[str, Any]) -> None:
        """Rules between fields (raise :class:`StateError`); ``values`` is the would-be state."""

    def _after_update(self, changed: frozenset) -> None:
        """Called after the values changed, before ``changed`` is emitted."""

    def _to_json(self, name: str, value: Any) -> Any:
        return list(value) if isinstance(value, tuple) else value

    # -- sessions ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {k: self._to_json(k, v) for k, v in self._values.items()}

    def update_from_dict(self, data: Mapping[str, Any], strict: bool = False) -> list[str]:
        """Apply a saved dict.  Strict: an unknown key or a bad value raises ``Error`` and
        nothing changes.  Lenient: the keys that pass are applied together; returns one line
        per key skipped."""
        if not isinstance(data, Mapping):
            raise self.Error("expected a table of settings")
        if strict:
            self.update(**dict(data))
            return []
        skipped: list[str] = []
        good: dict[str, Any] = {}
        for name, value in data.items():
            if name not in self.FIELDS:
                skipped.append(f"unknown setting {name!r}")
                continue
            try:
                self.FIELDS[name].check(value)
            except StateError as exc:
                skipped.append(f"{name}: {exc}")
                continue
            good[name] = value
        try:
            self.update(**good)
        except self.Error as exc:        # a cross-field rule: keep the current values
            skipped.append(str(exc))
        return skipped

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], strict: bool = True):
        state = cls()
        state.update_from_dict(data, strict=strict)
        return state


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):       # arrays and the like: compare by identity
        return a is b


# -- validators ------------------------------------------------------------------------------

def finite_float(value: Any, *, refuse_bool: bool = False) -> tuple[float, str | None]:
    """The check behind a finite-number setting, for callers that word their own refusal:
    ``(float(value), None)`` when it is a finite number, ``(nan, "number")`` when it is not a
    number (a bool neither, if ``refuse_bool``), ``(value as float, "finite")`` for inf or NaN."""
    if refuse_bool and isinstance(value, bool):
        return math.nan, "number"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan, "number"
    return v, (None if math.isfinite(v) else "finite")


def bounded_float(value: Any, what: str, lo: float, hi: float, error: type[Exception]) -> float:
    """``value`` as a finite float in [lo, hi], or ``error`` with one line saying why: "… must
    be a number", "… must be a finite number" or "… must be between lo and hi" (None and bools
    are not numbers)."""
    v, bad = finite_float(value, refuse_bool=True) if value is not None else (math.nan, "number")
    if bad == "number":
        raise error(f"{what} must be a number, got {value!r}")
    if bad == "finite":
        raise error(f"{what} must be a finite number, got {value!r}")
    if not lo <= v <= hi:
        raise error(f"{what} must be between {lo:g} and {hi:g}, got {v:g}")
    return v


def number(name: str, lo: float | None = None, hi: float | None = None, *,
           lo_open: bool = False, hi_open: bool = False, allow_none: bool = False) -> Callable[[Any], Any]:
    """A finite float in [lo, hi] (open ends if asked); None passes if ``allow_none``."""

    def check(value: Any) -> Any:
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise StateError(f"{name} must be a number, not {value!r}")
        try:
            v = float(value)
        except ValueError:
            raise StateError(f"{name} must be a number, not {value!r}") from None
        if not math.isfinite(v):
            raise StateError(f"{name} must be a finite number, not {value!r}")
        if lo is not None and (v < lo or (lo_open and v == lo)):
            raise StateError(_range_text(name, lo, hi, lo_open, hi_open, v))
        if hi is not None and (v > hi or (hi_open and v == hi)):
            raise StateError(_range_text(name, lo, hi, lo_open, hi_open, v))
        return v

    return check


def whole(name: str, lo: int | None = None, hi: int | None = None) -> Callable[[Any], int]:
    """An integer in [lo, hi] (an integral float such as 3.0 is accepted)."""

    def check(value: Any) -> int:
        if isinstance(value, bool):
            raise StateError(f"{name} must be a whole number, not {value!r}")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise StateError(f"{name} must be a whole number, not {value!r}") from None
        if not isinstance(value, int):
            raise StateError(f"{name} must be a whole number, not {value!r}")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise StateError(_range_text(name, lo, hi, False, False, value))
        return int(value)

    return check


def choice(name: str, options: Iterable[Any]) -> Callable[[Any], Any]:
    """One of ``options``."""
    opts = tuple(options)

    def check(value: Any) -> Any:
        if value not in opts:
            raise StateError(f"{name} must be one of {', '.join(map(str, opts))}, not {value!r}")
        return value

    return check


def flag(name: str) -> Callable[[Any], bool]:
    """True or False (not 0/1, not "yes")."""

    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise StateError(f"{name} must be true or false, not {value!r}")
        return value

    return check


def _range_text(name, lo, hi, lo_open, hi_open, v) -> str:
    if lo is not None and hi is not None:
        left, right = ("(" if lo_open else "["), (")" if hi_open else "]")
        return f"{name} must be in {left}{lo:g}, {hi:g}{right}, not {v:g}"
    if lo is not None:
        return f"{name} must be {'>' if lo_open else '≥'} {lo:g}, not {v:g}"
    return f"{name} must be {'<' if hi_open else '≤'} {hi:g}, not {v:g}"
