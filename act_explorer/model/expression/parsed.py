"""A parsed expression with its derivative, ready to evaluate; :func:`parse` and :func:`check`."""

from __future__ import annotations

import math
from typing import Callable, Mapping

import numpy as np

from ..catalogue import ParamError
from .derivative import derivative
from .errors import ExpressionError
from .kinks import _affine, _eval_tree, _kink_pieces
from .limits import MAX_DERIVATIVE_DEPTH, MAX_LENGTH
from .names import _cat_kwargs, _entry
from .notes import Evaluation, describe_nonfinite
from .parser import _Parser
from .program import _Program
from .render import _latex, _text
from .tree import Node

__all__ = ["Expression", "parse", "check"]


class Expression:
    """A parsed expression with its derivative, ready to evaluate.

    ``source`` is the text as typed, ``tree``/``dtree`` the trees of f and f', ``params``
    the free parameter names in order of first appearance (each 1.0 unless given).
    """

    def __init__(self, source: str, tree: Node, params: tuple[str, ...], dtree: Node):
        self.source = source
        self.tree = tree
        self.params = params
        self.dtree = dtree
        self._fprog: _Program | None = None
        self._dprog: _Program | None = None

    def __repr__(self) -> str:
        return f"Expression({self.to_text()!r})"

    # -- display --------------------------------------------------------------------------
    def to_text(self) -> str:
        return _text(self.tree)

    def df_text(self) -> str:
        """f' as text; catalogue derivatives show as ``gelu'(x)`` (display only)."""
        return _text(self.dtree)

    def to_latex(self) -> str:
        return _latex(self.tree)

    def df_latex(self) -> str:
        return _latex(self.dtree)

    # -- parameters -----------------------------------------------------------------------
    def defaults(self) -> dict[str, float]:
        return {p: 1.0 for p in self.params}

    def resolve(self, params: Mapping[str, object] | None = None) -> dict[str, float]:
        """Defaults (1.0) overlaid with ``params``; unknown names and non-finite values refused."""
        out = self.defaults()
        for name, value in (params or {}).items():
            if name not in out:
                known = ", ".join(self.params) or "none"
                raise ParamError(f"the expression has no parameter {name!r} (its parameters: {known})")
            try:
                v = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ParamError(f"parameter {name!r} must be a number, got {value!r}") from None
            if not math.isfinite(v):
                raise ParamError(f"parameter {name!r} must be finite, got {value!r}")
            out[name] = v
        self._check_calls(out)
        return out

    def _check_calls(self, p: Mapping[str, float]) -> None:
        """Catalogue calls whose parameters are given by expressions: check their values."""
        for n in self.tree.walk():
            if n.op == "cat" and len(n.args) > 1 and any(a.has_param for a in n.args[1:]):
                entry = _entry(n.value)
                vals = [float(_eval_tree(a, np.float64(0.0), p)) for a in n.args[1:]]
                try:
                    _cat_kwargs(entry, vals)
                except ParamError as exc:
                    given = ", ".join(f"{k} = {v:g}" for k, v in p.items())
                    raise ExpressionError(f"with {given}: {exc}", self.source, n.pos,
                                          max(1, n.end - n.pos)) from None

    # -- evaluation -----------------------------------------------------------------------
    def _programs(self) -> tuple[_Program, _Program]:
        if self._fprog is None:
            self._fprog = _Program(self.tree, self.params)
            self._dprog = _Program(self.dtree, self.params)
        return self._fprog, self._dprog  # type: ignore[return-value]

    def _f(self, x, p: Mapping[str, float]) -> np.ndarray:
        return self._programs()[0].run(np.asarray(x, dtype=np.float64), p)

    def _df(self, x, p: Mapping[str, float]) -> np.ndarray:
        return self._programs()[1].run(np.asarray(x, dtype=np.float64), p)

    def f(self, x, **params) -> np.ndarray:
        return self._f(x, self.resolve(params))

    def df(self, x, **params) -> np.ndarray:
        return self._df(x, self.resolve(params))

    def bind(self, **params) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
        p = self.resolve(params)
        self._programs()
        return (lambda x: self._f(x, p)), (lambda x: self._df(x, p))

    def evaluate_with_notes(self, x, **params) -> Evaluation:
        """f(x), f'(x) and sentences on where either is infinite or NaN."""
        p = self.resolve(params)
        x = np.asarray(x, dtype=np.float64)
        fv, dv = self._f(x, p), self._df(x, p)
        return Evaluation(fv, dv, describe_nonfinite(x, fv, "f") + describe_nonfinite(x, dv, "f'"))

    # -- kinks ----------------------------------------------------------------------------
    def kinks(self, **params) -> list[float]:
        """x where a piece (relu, abs, sign, max, min, where, a catalogue kink) switches,
        for pieces whose argument is linear in x; others are not located."""
        p = self.resolve(params)
        out: set[float] = set()
        for lhs, rhs in _kink_pieces(self.tree, p):
            la, lb = _affine(lhs, p), _affine(rhs, p)
            if la is None or lb is None:
                continue
            slope = la[0] - lb[0]
            if slope == 0 or not math.isfinite(slope):
                continue
            r = (lb[1] - la[1]) / slope
            if math.isfinite(r):
                out.add(0.0 if r == 0 else float(r))
        return sorted(out)


def parse(text: str) -> Expression:
    """Parse ``text``; raise :class:`ExpressionError` (with position and length) if refused."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        # Refuse before looking at the rest: only the first part is shown.
        raise ExpressionError(f"the expression is too long ({len(text)} characters; the limit is "
                              f"{MAX_LENGTH})", text[:MAX_LENGTH + 20], MAX_LENGTH, 1)
    p = _Parser(text)
    tree = p.parse()
    try:
        dtree = derivative(tree)
    except ExpressionError as exc:
        raise ExpressionError(exc.message, text, 0, len(text)) from None
    if dtree.depth > MAX_DERIVATIVE_DEPTH:
        raise ExpressionError("the derivative of this expression is too complex", text, 0, max(1, len(text)))
    expr = Expression(text, tree, tuple(p.params), dtree)
    expr._check_calls(expr.defaults())  # e.g. softplus(x, a - 1) has beta = 0 with a = 1
    return expr


def check(text: str) -> ExpressionError | None:
    """None if ``text`` parses, else the error (for inline checking as the user types)."""
    try:
        parse(text)
    except ExpressionError as exc:
        return exc
    return None
