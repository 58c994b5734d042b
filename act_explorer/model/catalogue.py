"""The registry of activation functions: one entry per function, named as PyTorch names it.

An :class:`Activation` bundles the float64 function and derivative with what a learner wants
to know about it (family, parameters and their valid ranges, formulas, notes, references).
Computed properties (range, saturation, ...) live in :mod:`.properties`; they are derived
from ``f`` and ``df``, never typed in here.

The built-in entries (:data:`BUILTIN`) are fixed: a read-only mapping nobody can change.
Functions the user types live in a :class:`TypedRegistry` with a generation counter, owned
by the curves state (:attr:`.curves.CurvesState.typed`, which is :data:`TYPED` unless it is
given one); :data:`CATALOGUE` is a read-only view of the built-ins followed by :data:`TYPED`,
which is what looking a function up by id (:func:`get`) searches.  Caches key on the
:class:`Activation` itself (hashable, held by the cache), so a typed function replaced under
the same id is never answered from a cache filled by the old one.

What an entry is (:class:`Activation`, :class:`Param`, the errors, :data:`FAMILIES`) is in
:mod:`.catalogue_entry`, the built-in table in :mod:`.builtin_activations`; this module is the
lookup, and exports those names as before.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping

from .builtin_activations import BUILTIN
from .catalogue_entry import FAMILIES, Activation, Param, ParamError, UnknownActivation
from .typed_registry import TypedRegistry

__all__ = [
    "FAMILIES",
    "Param",
    "Activation",
    "ParamError",
    "UnknownActivation",
    "BUILTIN",
    "TYPED",
    "CATALOGUE",
    "TypedRegistry",
    "get",
    "ids",
    "register",
    "unregister",
    "suggest",
]

_BUILTIN = frozenset(BUILTIN)
TYPED = TypedRegistry(_BUILTIN)


class _Catalogue(Mapping):
    """Read-only view: the built-ins, then the typed functions of :data:`TYPED`."""

    def __getitem__(self, entry_id: str) -> Activation:
        hit = BUILTIN.get(entry_id)
        if hit is None:
            hit = TYPED.get(entry_id)
            if hit is None:
                raise KeyError(entry_id)
        return hit

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in BUILTIN or entry_id in TYPED

    def __iter__(self) -> Iterator[str]:
        yield from BUILTIN
        yield from TYPED

    def __len__(self) -> int:
        return len(BUILTIN) + len(TYPED)

    def __repr__(self) -> str:
        return f"<catalogue: {len(BUILTIN)} built-in, {len(TYPED)} typed>"


CATALOGUE: Mapping[str, Activation] = _Catalogue()


def ids(family: str | None = None) -> list[str]:
    return [a.id for a in CATALOGUE.values() if family is None or a.family == family]


def suggest(name: str) -> str | None:
    import difflib  # noqa: PLC0415 (only a misspelt name needs it; not loaded at start-up)

    pool = list(CATALOGUE) + [al for a in CATALOGUE.values() for al in a.aliases]
    m = difflib.get_close_matches(name.lower(), pool, n=1, cutoff=0.5)
    if not m:
        return None
    hit = m[0]
    for a in CATALOGUE.values():
        if hit in a.aliases:
            return a.id
    return hit


def get(name: str) -> Activation:
    key = name.strip().lower().replace("-", "_")
    if key in CATALOGUE:
        return CATALOGUE[key]
    for a in CATALOGUE.values():
        if key in a.aliases:
            return a
    hint = suggest(key)
    extra = f"; did you mean {hint!r}?" if hint else ""
    raise UnknownActivation(f"unknown activation {name!r}{extra}")


def register(entry: Activation) -> None:
    """Add a user function (family 'custom') to :data:`TYPED`; built-in ids cannot be replaced."""
    TYPED.add(entry)


def unregister(entry_id: str) -> None:
    """Remove a user function from :data:`TYPED` (nothing happens if it is not there)."""
    TYPED.remove(entry_id)


def parse_param_assignments(items: Iterable[str]) -> dict[str, float]:
    """Parse ``NAME=VALUE`` strings (the CLI's ``-p``) into a dict of floats."""
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParamError(f"parameter {item!r} is not of the form NAME=VALUE")
        try:
            out[name] = float(value)
        except ValueError:
            raise ParamError(f"parameter {name!r} must be a number, got {value.strip()!r}") from None
    return out
