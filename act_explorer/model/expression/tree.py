"""The expression tree: immutable, hashable nodes, and what one node computes."""

from __future__ import annotations

from typing import Callable

import numpy as np

from ..catalogue import ParamError
from .names import _BINARY, _CMP, CONSTANTS, FUNCTIONS, _cat_kwargs, _entry

__all__ = ["Node"]


class Node:
    """One node of an expression tree (immutable, hashable, compared by structure).

    ``op`` is one of: num const x param neg add sub mul div pow call cat dcat where cmp
    and or not.  ``value`` is the number (num), the name (const, param, call), the
    catalogue id (cat, dcat) or the comparison operator (cmp).  ``pos``/``end`` locate the
    node in the source text (-1 for nodes made by the derivative).
    """

    __slots__ = ("op", "args", "value", "depth", "has_x", "has_param", "cval", "_hash", "pos", "end")

    def __init__(self, op: str, args: tuple = (), value=None, pos: int = -1, end: int = -1):
        self.op = op
        self.args = args
        self.value = value
        self.pos = pos
        self.end = end
        self._hash = hash((op, value, args))
        if not args:
            self.depth = 1
            self.has_x = op == "x"
            self.has_param = op == "param"
            self.cval = value if op == "num" else (CONSTANTS[value] if op == "const" else None)
            return
        depth, hx, hp = 0, False, False
        for a in args:
            if a.depth > depth:
                depth = a.depth
            hx = hx or a.has_x
            hp = hp or a.has_param
        self.depth = depth + 1
        self.has_x = hx
        self.has_param = hp
        self.cval = None if (hx or hp) else _const_value(self)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        if self is other:
            return True
        if not isinstance(other, Node) or self._hash != other._hash:
            return False
        return self.op == other.op and self.value == other.value and self.args == other.args

    def __repr__(self) -> str:
        return f"Node({self.to_text()!r})"

    @property
    def is_bool(self) -> bool:
        return self.op in _BOOL_OPS

    def to_text(self) -> str:
        """Canonical text, which parses back to the same function."""
        from .render import _text

        return _text(self)

    def to_latex(self) -> str:
        from .render import _latex

        return _latex(self)

    def walk(self):
        """Every node, parents before children."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.args))


_BOOL_OPS = frozenset({"cmp", "and", "or", "not"})


# ---- evaluating one node given its children's values -----------------------------------

def _op_impl(n: Node) -> Callable:
    """A function of the children's values computing node ``n`` (leaves excluded)."""
    op = n.op
    if op == "neg":
        return np.negative
    if op in _BINARY:
        return _BINARY[op]
    if op == "call":
        return FUNCTIONS[n.value].impl
    if op in ("cat", "dcat"):
        entry = _entry(n.value)
        impl = entry.f_impl if op == "cat" else entry.df_impl
        if len(n.args) == 1:
            kw = entry.defaults()
            return lambda u: impl(np.asarray(u, dtype=np.float64), **kw)
        return lambda u, *pv: impl(np.asarray(u, dtype=np.float64), **_cat_kwargs(entry, pv))
    if op == "where":
        return np.where
    if op == "cmp":
        return _CMP[n.value]
    if op == "and":
        return np.logical_and
    if op == "or":
        return np.logical_or
    if op == "not":
        return np.logical_not
    raise AssertionError(op)  # pragma: no cover


def _leaf_value(n: Node):
    if n.op == "num":
        return n.value
    if n.op == "const":
        return CONSTANTS[n.value]
    return None


def _const_value(n: Node):
    """Value of a node without x or parameters (a float or bool), computed once."""
    leaf = _leaf_value(n)
    if leaf is not None:
        return leaf
    vals = [a.cval for a in n.args]
    if any(v is None for v in vals):
        return None
    with np.errstate(all="ignore"):
        try:
            v = _op_impl(n)(*[np.float64(v) if not isinstance(v, (bool, np.bool_)) else v for v in vals])
        except ParamError:
            return None
    v = np.asarray(v)
    return bool(v) if v.dtype == np.bool_ else float(v)
