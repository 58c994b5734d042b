"""Simplifying constructors: build a node and tidy it as it is built (0*u = 0, 1*u = u,
number folding, signs pulled out), so the derivative reads well."""

from __future__ import annotations

import math

from .limits import MAX_EXPONENT
from .names import _BINARY
from .tree import Node


def _num(v: float) -> Node:
    v = float(v)
    if v == 0.0:
        v = 0.0  # no negative zero in the tree
    return Node("num", (), v)


ZERO = _num(0.0)
ONE = _num(1.0)
X = Node("x")


def _is_num(n: Node, v: float | None = None) -> bool:
    return n.op == "num" and (v is None or n.value == v)


def _nice(v: float) -> float | None:
    """``v`` if it reads well (or is within 4 ulp of a 12-digit number), else None."""
    if not math.isfinite(v):
        return None
    r = float(f"{v:.12g}")
    if abs(r - v) <= 4.0 * math.ulp(v):
        return r
    return None


def _fold(n: Node) -> Node:
    """Replace a number-only arithmetic node by its value when that reads well."""
    if n.op in _BINARY and all(a.op == "num" for a in n.args):
        if n.op == "pow" and abs(n.args[1].value) > MAX_EXPONENT:
            return n
        v = n.cval
        if isinstance(v, float):
            r = _nice(v)
            if r is not None:
                return _num(r)
    return n


def _negated(n: Node) -> Node | None:
    """m with n == -m when n visibly carries a minus sign, else None."""
    if n.op == "num" and n.value < 0:
        return _num(-n.value)
    if n.op == "neg":
        return n.args[0]
    if n.op == "mul":
        fs = _factors(n)
        first = fs[0]
        if first.op == "num" and first.value < 0:
            lead = _num(-first.value)
        elif first.op == "neg":
            lead = first.args[0]
        else:
            return None
        out = lead
        for f in fs[1:]:
            out = Node("mul", (out, f)) if not _is_num(out, 1.0) else f
        return out
    if n.op == "div" and _is_num(n.args[0]) and n.args[0].value < 0:
        return div(_num(-n.args[0].value), n.args[1])
    return None


def neg(a: Node) -> Node:
    if a.op == "num":
        return _num(-a.value)
    if a.op == "neg":
        return a.args[0]
    if a.op == "mul":
        m = _negated(a)
        if m is not None:
            return m
        fs = _factors(a)
        if fs[0].op == "num":
            out = _num(-fs[0].value)
            for f in fs[1:]:
                out = Node("mul", (out, f))
            return out
    if a.op == "div" and _is_num(a.args[0]):
        return div(_num(-a.args[0].value), a.args[1])
    if a.op == "sub":
        return sub(a.args[1], a.args[0])
    return Node("neg", (a,))


def _number_pair(op: str, a: Node, b: Node) -> Node | None:
    """``a op b`` as one number when both are numbers and the result reads well."""
    if a.op == "num" and b.op == "num":
        f = _fold(Node(op, (a, b)))
        if f.op == "num":
            return f
    return None


def add(a: Node, b: Node) -> Node:
    if _is_num(a, 0.0):
        return b
    if _is_num(b, 0.0):
        return a
    f = _number_pair("add", a, b)
    if f is not None:
        return f
    m = _negated(b)
    if m is not None:
        return sub(a, m)
    m = _negated(a)
    if m is not None and b.op != "num":
        return sub(b, m)
    return Node("add", (a, b))


def sub(a: Node, b: Node) -> Node:
    if _is_num(b, 0.0):
        return a
    if _is_num(a, 0.0):
        return neg(b)
    if a == b:
        return ZERO
    f = _number_pair("sub", a, b)
    if f is not None:
        return f
    m = _negated(b)
    if m is not None:
        return add(a, m)
    return Node("sub", (a, b))


def _factors(n: Node) -> list[Node]:
    if n.op == "mul":
        return _factors(n.args[0]) + _factors(n.args[1])
    return [n]


def mul(a: Node, b: Node) -> Node:
    """Product in a readable order: number, then x-free factors, then the rest."""
    if _is_num(a, 0.0) or _is_num(b, 0.0):
        return ZERO
    if _is_num(a, 1.0):
        return b
    if _is_num(b, 1.0):
        return a
    if a.op == "neg":
        return neg(mul(a.args[0], b))
    if b.op == "neg":
        return neg(mul(a, b.args[0]))
    if b.op == "div" and _is_num(b.args[0], 1.0):
        return div(a, b.args[1])
    if a.op == "div" and _is_num(a.args[0], 1.0):
        return div(b, a.args[1])
    factors = _factors(a) + _factors(b)
    nums = [f for f in factors if f.op == "num"]
    if len(nums) > 1:
        r = _nice(math.prod(f.value for f in nums))
        if r is not None:
            nums = [_num(r)]
    if len(nums) == 1 and nums[0].value == 1.0:
        nums = []
    negative = len(nums) == 1 and nums[0].value == -1.0
    if negative:
        nums = []
    others = [f for f in factors if f.op != "num"]
    seq = nums + [f for f in others if not f.has_x] + [f for f in others if f.has_x]
    out = seq[0] if seq else ONE
    for f in seq[1:]:
        out = Node("mul", (out, f))
    return neg(out) if negative else out


def div(a: Node, b: Node) -> Node:
    if _is_num(b, 1.0):
        return a
    if _is_num(a, 0.0) and not _is_num(b, 0.0):
        return ZERO
    if a == b:
        return ONE
    if a.op == "num" and b.op == "num":
        return _fold(Node("div", (a, b)))
    if a.op == "neg":
        return neg(div(a.args[0], b))
    if b.op == "num" and a.op == "mul" and _is_num(a.args[0]):
        f = _fold(Node("div", (a.args[0], b)))
        if f.op == "num":
            return mul(f, a.args[1])
    return Node("div", (a, b))


def pw(a: Node, b: Node) -> Node:
    if _is_num(b, 1.0):
        return a
    if _is_num(b, 0.0) or _is_num(a, 1.0):
        return ONE
    if a.op == "num" and b.op == "num":
        return _fold(Node("pow", (a, b)))
    return Node("pow", (a, b))


def call(name: str, *args: Node) -> Node:
    return Node("call", tuple(args), name)


def where(c: Node, a: Node, b: Node) -> Node:
    if a == b:
        return a
    return Node("where", (c, a, b))


_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


def cmp(op: str, a: Node, b: Node) -> Node:
    if not a.has_x and b.has_x:
        return Node("cmp", (b, a), _FLIP[op])
    return Node("cmp", (a, b), op)


def _folded(n: Node) -> Node:
    """A constant node replaced by its value when that reads well (log(1) -> 0)."""
    if isinstance(n.cval, float):
        r = _nice(n.cval)
        if r is not None:
            return _num(r)
    return n


def _xlog_node(a: Node, b: Node, always: bool = False) -> Node:
    """a*log(b) for the derivative of a power, exactly 0 where a is 0 (see :func:`_xlog`);
    a plain product when ``a`` is a number, unless ``always``."""
    if _is_num(a, 0.0):
        return ZERO
    if a.op == "num" and not always:
        return mul(a, call("log", b))
    return Node("call", (a, b), "xlog")


def _zmul_node(a: Node, b: Node) -> Node:
    """a*b, exactly 0 where a factor is 0 (see :func:`_zmul`)."""
    m = mul(a, b)
    if m.op not in ("mul", "neg") or a.op == "num" or b.op == "num":
        return m
    return Node("call", (a, b), "zmul")


def _zdiv_node(a: Node, b: Node) -> Node:
    """a/b, exactly 0 where a is 0 (see :func:`_zdiv`)."""
    q = div(a, b)
    if q.op != "div" or a.op == "num" or not b.has_x:
        return q
    return Node("call", (a, b), "zdiv")


def _guarded_shown(n: Node) -> Node:
    """xlog(a, b), zmul(a, b) and zdiv(a, b) as they read: a*log(b), a*b, a/b."""
    if n.value == "zmul":
        return mul(*n.args)
    if n.value == "zdiv":
        return div(*n.args)
    return Node("mul", (n.args[0], Node("call", (n.args[1],), "log")))
