"""A typed expression as a catalogue :class:`~..catalogue.Activation` (family ``"custom"``),
its saved form, and the CLI's compiled expression."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import numpy as np

from .. import catalogue
from ..catalogue import Activation, Param, ParamError
from .errors import ExpressionError
from .limits import PARAM_RANGE
from .notes import Evaluation
from .parsed import Expression, parse

__all__ = ["make_activation", "to_dict", "from_dict", "CompiledExpression", "compile_expression"]


def _slug(s: str, limit: int = 40) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")
    return s[:limit].strip("_") or "f"


def _param_spec(name: str, value) -> Param:
    if isinstance(value, Param):
        if value.name != name:
            raise ParamError(f"parameter spec for {name!r} is named {value.name!r}")
        value.check(value.default)
        return value
    lo, hi = PARAM_RANGE
    if isinstance(value, Mapping):
        d = value.get("default", 1.0)
        lo = float(value.get("min", lo))
        hi = float(value.get("max", hi))
        step = float(value.get("step", 0.01))
    else:
        d, step = value, 0.01
    try:
        d = float(d)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParamError(f"parameter {name!r} must be a number, got {d!r}") from None
    if not (math.isfinite(d) and math.isfinite(lo) and math.isfinite(hi)):
        raise ParamError(f"parameter {name!r} must be finite, got {d!r}")
    if lo > hi:
        raise ParamError(f"parameter {name!r}: min {lo:g} is above max {hi:g}")
    # Widen the slider range so the value given is always inside it.
    if d < lo:
        lo = d - abs(d)
    if d > hi:
        hi = d + abs(d)
    return Param(name, d, lo, hi, step=step, doc="a parameter of the typed expression")


def make_activation(text: str, name: str | None = None, params: Mapping[str, object] | None = None,
                    *, entry_id: str | None = None) -> Activation:
    """A catalogue entry (family ``"custom"``) for a typed expression.

    ``params`` maps parameter names to a default value, a ``{"default", "min", "max"}``
    dict or a :class:`Param`; others default to 1.0 on the range [-10, 10].  The id is
    ``entry_id``, else ``custom:<slug of name>``, else ``custom:<slug of text>_<hash>``.
    """
    expr = parse(text)
    given = dict(params or {})
    for pname in given:
        if pname not in expr.params:
            known = ", ".join(expr.params) or "none"
            raise ParamError(f"the expression has no parameter {pname!r} (its parameters: {known})")
    specs = tuple(_param_spec(pn, given.get(pn, 1.0)) for pn in expr.params)
    canonical = expr.to_text()
    if entry_id is None:
        if name:
            entry_id = "custom:" + _slug(name)
        else:
            digest = hashlib.blake2s(canonical.encode(), digest_size=3).hexdigest()
            entry_id = f"custom:{_slug(canonical, 32)}_{digest}"
    expr.resolve({s.name: s.default for s in specs})  # catalogue-call parameters in range?
    expr._programs()

    def f_impl(x, **p):
        return expr._f(x, p)

    def df_impl(x, **p):
        return expr._df(x, p)

    def kinks_impl(**p):
        return expr.kinks(**p)

    def constraint(**p):
        try:
            expr._check_calls(p)
        except ParamError as exc:
            return str(exc)
        return None

    display = name or canonical
    return Activation(
        entry_id, display, "custom", f_impl, df_impl,
        "f(x) = " + expr.to_latex(),
        "f'(x) = " + expr.df_latex(),
        params=specs,
        notes=f"Typed by you: {text.strip()}",
        kinks_impl=kinks_impl,
        constraint=constraint,
        extra={"expression": text, "canonical": canonical, "df_text": expr.df_text(),
               "parsed": expr},
    )


def to_dict(act: Activation) -> dict:
    """What a session saves for a typed function: text, name, id and parameter specs."""
    text = act.extra.get("expression") if act.extra else None
    if not isinstance(text, str):
        raise ValueError(f"{act.id} is not a typed expression")
    return {
        "kind": "expression",
        "text": text,
        "name": act.name,
        "id": act.id,
        "params": {p.name: {"default": p.default, "min": p.min, "max": p.max, "step": p.step}
                   for p in act.params},
    }


def from_dict(d: Mapping[str, object]) -> Activation:
    """Inverse of :func:`to_dict` (the text is parsed again, so it is checked again)."""
    text = d.get("text")
    if not isinstance(text, str):
        raise ExpressionError("a saved expression has no text")
    name = d.get("name")
    params = d.get("params") or {}
    if not isinstance(params, Mapping):
        raise ParamError("saved parameters must be a mapping")
    eid = d.get("id")
    return make_activation(text, name=name if isinstance(name, str) else None, params=params,
                           entry_id=eid if isinstance(eid, str) and eid.startswith("custom:") else None)


@dataclass(frozen=True)
class CompiledExpression:
    """A typed expression with its parameters bound: ``f(x)`` and ``df(x)``."""

    id: str
    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    params: Mapping[str, float]
    expression: Expression
    activation: Activation

    def evaluate_with_notes(self, x) -> Evaluation:
        return self.expression.evaluate_with_notes(x, **self.params)


def compile_expression(text: str, assignments: Iterable[str] = ()) -> CompiledExpression:
    """Parse ``text`` and bind ``NAME=VALUE`` assignments (the CLI's ``-p``).

    Unknown parameter names raise :class:`~.catalogue.ParamError`; a refused expression
    raises :class:`ExpressionError` (a ParamError, so the CLI reports it as a user error).
    """
    values = catalogue.parse_param_assignments(assignments)
    act = make_activation(text, params=values)
    p = act.resolve()
    f, df = act.bind(**p)
    expr = act.extra["parsed"]
    return CompiledExpression(act.id, act.name, f, df, p, expr, act)  # type: ignore[arg-type]
