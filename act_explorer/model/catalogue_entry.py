"""What one activation function is, for the catalogue: :class:`Activation` (the float64
function and derivative with what a learner wants to know about it: family, parameters and
their valid ranges, formulas, notes, references), :class:`Param` (one parameter, PyTorch's
name, default and valid range), the family names (:data:`FAMILIES`) and the errors of a bad
parameter or an unknown id.  The built-in entries are in :mod:`.builtin_activations`, the
lookup in :mod:`.catalogue`, which exports these names as before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

__all__ = ["FAMILIES", "Param", "Activation", "ParamError", "UnknownActivation"]


class ParamError(ValueError):
    """A parameter name or value that the function does not accept."""


class UnknownActivation(KeyError):
    """An id that is not in the catalogue; ``str()`` names the closest match."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want a sentence.
        return str(self.args[0]) if self.args else "unknown activation"


# Family ids in display order, with their display names.
FAMILIES: dict[str, str] = {
    "saturating": "Saturating (sigmoid-like)",
    "relu": "ReLU family",
    "smooth": "Smooth ReLU-like",
    "hard": "Hard approximations",
    "other": "Other",
    "custom": "Typed by you",
}


@dataclass(frozen=True)
class Param:
    """One parameter: PyTorch's name, default and the valid range ``[min, max]``.

    ``min_open``/``max_open`` make an end exclusive (softplus needs beta > 0).
    ``step`` is the natural increment for a slider.
    """

    name: str
    default: float
    min: float
    max: float
    min_open: bool = False
    max_open: bool = False
    step: float = 0.01
    doc: str = ""

    def check(self, value: float) -> float:
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ParamError(f"parameter {self.name!r} must be a number, got {value!r}") from None
        if not math.isfinite(v):
            raise ParamError(f"parameter {self.name!r} must be finite, got {value!r}")
        lo_bad = v < self.min or (self.min_open and v == self.min)
        hi_bad = v > self.max or (self.max_open and v == self.max)
        if lo_bad or hi_bad:
            raise ParamError(f"parameter {self.name!r} = {v:g} is outside {self.range_text()}")
        return v

    def range_text(self) -> str:
        lo = "(" if self.min_open else "["
        hi = ")" if self.max_open else "]"
        return f"{lo}{self.min:g}, {self.max:g}{hi}"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "default": self.default,
            "min": self.min,
            "max": self.max,
            "min_open": self.min_open,
            "max_open": self.max_open,
            "doc": self.doc,
        }


@dataclass(frozen=True)
class Activation:
    """A catalogue entry.  ``f``/``df`` take an array and the parameters as keywords."""

    id: str
    name: str
    family: str
    f_impl: Callable[..., np.ndarray]
    df_impl: Callable[..., np.ndarray]
    latex_f: str
    latex_df: str
    params: tuple[Param, ...] = ()
    notes: str = ""
    references: tuple[str, ...] = ()
    torch: str = ""
    # Points where f or f' is not smooth, as a function of the (validated) parameters.
    kinks_impl: Callable[..., list[float]] | None = None
    # Cross-parameter rule, returns an error message or None.
    constraint: Callable[..., str | None] | None = None
    aliases: tuple[str, ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict)
    # Optional (f, f') in one call sharing work, giving the very numbers of f_impl and df_impl
    # (the depth simulation evaluates both at the same points).
    f_df_impl: Callable[..., tuple[np.ndarray, np.ndarray]] | None = None

    def __hash__(self) -> int:
        # Equal entries share their functions (compared by identity), so this agrees with
        # the generated ``__eq__``; ``extra`` (a dict) keeps the generated hash from working.
        return hash((self.id, self.f_impl, self.df_impl))

    # -- parameters --------------------------------------------------------------------
    def defaults(self) -> dict[str, float]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParamError(f"{self.id} has no parameter {name!r} (parameters: {known})")

    def resolve(self, params: Mapping[str, object] | None = None) -> dict[str, float]:
        """Defaults overlaid with ``params``, each checked against its range."""
        out = self.defaults()
        for name, value in (params or {}).items():
            out[name] = self.param(name).check(value)  # type: ignore[arg-type]
        if self.constraint is not None:
            msg = self.constraint(**out)
            if msg:
                raise ParamError(f"{self.id}: {msg}")
        return out

    # -- evaluation --------------------------------------------------------------------
    def f(self, x, **params) -> np.ndarray:
        return self.f_impl(np.asarray(x, dtype=np.float64), **self.resolve(params))

    def df(self, x, **params) -> np.ndarray:
        return self.df_impl(np.asarray(x, dtype=np.float64), **self.resolve(params))

    def kinks(self, **params) -> list[float]:
        if self.kinks_impl is None:
            return []
        return sorted(set(self.kinks_impl(**self.resolve(params))))

    def bind(self, **params) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
        """Return ``(f, df)`` closures with the parameters fixed (validated once)."""
        p = self.resolve(params)
        fi, dfi = self.f_impl, self.df_impl
        return (lambda x: fi(np.asarray(x, dtype=np.float64), **p),
                lambda x: dfi(np.asarray(x, dtype=np.float64), **p))

    def bind_f_df(self, **params) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """A closure returning ``(f(x), f'(x))`` with the parameters fixed: ``f_df_impl`` when
        the entry has one, else the two functions one after the other."""
        p = self.resolve(params)
        fi, dfi, both = self.f_impl, self.df_impl, self.f_df_impl
        if both is not None:
            return lambda x: both(np.asarray(x, dtype=np.float64), **p)

        def pair(x):
            x = np.asarray(x, dtype=np.float64)
            return fi(x, **p), dfi(x, **p)
        return pair

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "params": [p.to_dict() for p in self.params],
            "latex_f": self.latex_f,
            "latex_df": self.latex_df,
            "torch": self.torch,
            "notes": self.notes,
            "references": list(self.references),
        }
