"""Where a parsed expression switches piece (relu, abs, max, where, a catalogue kink)."""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from ..catalogue import ParamError
from .names import _cat_kwargs, _entry
from .simplify import ZERO, _num
from .tree import Node, _op_impl


def _eval_tree(n: Node, x, p: Mapping[str, float]):
    """Direct (unshared) evaluation, used for small constant pieces."""
    if n.op == "x":
        return x
    if n.op == "param":
        return p[n.value]
    if n.cval is not None:
        return n.cval
    with np.errstate(all="ignore"):
        return _op_impl(n)(*[_eval_tree(a, x, p) for a in n.args])


def _kink_pieces(tree: Node, p: Mapping[str, float]) -> list[tuple[Node, Node]]:
    """(lhs, rhs) pairs: a kink where lhs(x) = rhs(x)."""
    out: list[tuple[Node, Node]] = []
    for n in tree.walk():
        if not n.has_x:
            continue
        if n.op == "call" and n.value in ("relu", "abs", "sign"):
            out.append((n.args[0], ZERO))
        elif n.op == "call" and n.value in ("max", "min"):
            out.append((n.args[0], n.args[1]))
        elif n.op == "cmp":
            out.append((n.args[0], n.args[1]))
        elif n.op == "cat":
            entry = _entry(n.value)
            if entry.kinks_impl is None:
                continue
            try:
                vals = [float(_eval_tree(a, np.float64(0.0), p)) for a in n.args[1:]]
                ks = entry.kinks(**_cat_kwargs(entry, vals))
            except ParamError:
                continue
            out.extend((n.args[0], _num(k)) for k in ks)
    return out


def _affine(n: Node, p: Mapping[str, float]) -> tuple[float, float] | None:
    """(slope, intercept) if n is affine in x, else None."""
    if not n.has_x:
        v = _eval_tree(n, np.float64(0.0), p)
        v = float(v)
        return (0.0, v) if math.isfinite(v) else None
    op = n.op
    if op == "x":
        return (1.0, 0.0)
    if op == "neg":
        a = _affine(n.args[0], p)
        return None if a is None else (-a[0], -a[1])
    if op in ("add", "sub"):
        a, b = _affine(n.args[0], p), _affine(n.args[1], p)
        if a is None or b is None:
            return None
        s = 1.0 if op == "add" else -1.0
        return (a[0] + s * b[0], a[1] + s * b[1])
    if op == "mul":
        a, b = _affine(n.args[0], p), _affine(n.args[1], p)
        if a is None or b is None:
            return None
        if a[0] == 0:
            return (a[1] * b[0], a[1] * b[1])
        if b[0] == 0:
            return (b[1] * a[0], b[1] * a[1])
        return None
    if op == "div":
        a, b = _affine(n.args[0], p), _affine(n.args[1], p)
        if a is None or b is None or b[0] != 0 or b[1] == 0:
            return None
        return (a[0] / b[1], a[1] / b[1])
    return None

