"""The symbolic derivative d/dx, with PyTorch's conventions at kinks."""

from __future__ import annotations

from .errors import ExpressionError
from .simplify import (
    ONE,
    ZERO,
    _fold,
    _folded,
    _guarded_shown,
    _num,
    _xlog_node,
    _zdiv_node,
    _zmul_node,
    add,
    call,
    cmp,
    div,
    mul,
    neg,
    pw,
    sub,
    where,
)
from .tree import Node

__all__ = ["derivative"]


def derivative(tree: Node) -> Node:
    """d/dx of a numeric tree, exact (symbolic), with PyTorch's conventions at kinks."""
    memo: dict[Node, Node] = {}

    def d(n: Node) -> Node:
        if not n.has_x:
            return ZERO
        hit = memo.get(n)
        if hit is not None:
            return hit
        r = _d(n, d)
        memo[n] = r
        return r

    return d(tree)


def _d(n: Node, d) -> Node:
    op = n.op
    a = n.args
    if op == "x":
        return ONE
    if op == "neg":
        return neg(d(a[0]))
    if op == "add":
        return add(d(a[0]), d(a[1]))
    if op == "sub":
        return sub(d(a[0]), d(a[1]))
    if op == "mul":
        u, v = a
        if not u.has_x:
            return mul(u, d(v))
        if not v.has_x:
            return mul(v, d(u))
        return add(mul(d(u), v), mul(u, d(v)))
    if op == "div":
        u, v = a
        if not v.has_x:
            return div(d(u), v)
        # a numerator of 0 gives 0 even where v^2 underflows to 0 or overflows
        if not u.has_x:
            return neg(_zdiv_node(mul(u, d(v)), pw(v, _num(2))))
        return _zdiv_node(sub(mul(d(u), v), mul(u, d(v))), pw(v, _num(2)))
    if op == "pow":
        u, v = a
        if not v.has_x:
            du = d(u)
            outer = mul(v, pw(u, _fold(sub(v, ONE))))
            return mul(outer, du) if du.op == "num" else _zmul_node(outer, du)
        dv = d(v)
        if not u.has_x:
            if u.op == "const" and u.value == "e":
                return mul(n, dv)
            if isinstance(u.cval, float) and u.cval > 0:
                return mul(mul(n, _folded(call("log", u))), dv)
            # u <= 0 or a parameter: u^v*v'*log(u), which is 0 where u^v*v' is (0^v = 0 for
            # v > 0; (-2)^(1^x) is constant)
            return _xlog_node(mul(n, dv), u, always=True)
        du = d(u)
        q = div(mul(v, du), u)
        if q.op == "div" and q.args[1] == u:
            # v*u'/u is 0/0 at u = 0 (x^(2 + 0*x) at 0): use v*u^(v - 1)*u' instead
            return add(_xlog_node(mul(n, dv), u, always=True), _zmul_node(mul(v, pw(u, sub(v, ONE))), du))
        return _zmul_node(n, add(_xlog_node(dv, u), q))
    if op == "where":
        return where(a[0], d(a[1]), d(a[2]))
    if op == "call":
        return _d_call(n, d)
    if op == "cat":
        return mul(Node("dcat", a, n.value), d(a[0]))
    if op == "dcat":
        raise ExpressionError(f"the second derivative of {n.value} is not available")
    raise AssertionError(op)  # pragma: no cover


def _d_call(n: Node, d) -> Node:
    name = n.value
    if name in ("max", "min"):
        a, b = n.args
        da, db = d(a), d(b)
        if da == db:
            return da
        first, second = (">", "<") if name == "max" else ("<", ">")
        tie = div(add(da, db), _num(2))
        return where(cmp(first, a, b), da, where(cmp(second, a, b), db, tie))
    if name == "xlog":
        a, b = n.args
        return add(_xlog_node(d(a), b), div(mul(a, d(b)), b))
    if name == "zmul":
        a, b = n.args
        return add(mul(d(a), b), mul(a, d(b)))
    if name == "zdiv":
        return d(_guarded_shown(n))
    u = n.args[0]
    du = d(u)
    if name == "relu":
        return where(cmp(">", u, ZERO), du, ZERO)
    if name == "sign":
        return ZERO
    if name == "exp":
        inner = n
    elif name == "log":
        return div(du, u)
    elif name == "log1p":
        return div(du, add(ONE, u))
    elif name == "sqrt":
        return _zdiv_node(du, mul(_num(2), n))
    elif name == "abs":
        inner = call("sign", u)
    elif name == "sin":
        inner = call("cos", u)
    elif name == "cos":
        return neg(mul(call("sin", u), du))
    elif name == "tanh":
        inner = call("dtanh", u)
    elif name == "erf":
        inner = mul(div(_num(2), call("sqrt", Node("const", (), "pi"))),
                    call("exp", neg(pw(u, _num(2)))))
    elif name == "sigmoid":
        inner = call("dsigmoid", u)
    elif name == "softplus":
        inner = call("sigmoid", u)
    elif name == "dsigmoid":
        inner = mul(call("dsigmoid", u), sub(ONE, mul(_num(2), call("sigmoid", u))))
    elif name == "dtanh":
        inner = mul(_num(-2), mul(call("tanh", u), call("dtanh", u)))
    else:  # pragma: no cover
        raise AssertionError(name)
    return mul(inner, du)
