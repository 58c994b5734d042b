"""Every safety limit of the expression language, tested at its boundary, in one place.

The limits are defined (and documented) only in ``act_explorer/model/expression/limits.py``;
each test accepts the largest input the limit allows and refuses one step past it, with a
message naming the limit and a position pointing at the offending text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pytest

from act_explorer.model import expression as E
from act_explorer.model.expression import limits

PACKAGE = Path(E.__file__).parent


def refused(text: str) -> E.ExpressionError:
    with pytest.raises(E.ExpressionError) as info:
        E.parse(text)
    return info.value


def test_the_package_exposes_the_limits_it_enforces():
    for name in limits.__all__:
        assert getattr(E, name) == getattr(limits, name)
        assert f"``{name}``" in limits.__doc__, f"{name} is not documented"


def test_limits_are_defined_only_in_limits_py():
    for path in PACKAGE.glob("*.py"):
        if path.name == "limits.py":
            continue
        src = path.read_text()
        for name in limits.__all__:
            assert not re.search(rf"^{name}\s*=", src, re.M), f"{name} redefined in {path.name}"


def test_length():
    assert limits.MAX_LENGTH == 1000
    E.parse("x" + " " * (limits.MAX_LENGTH - 1))
    exc = refused("x" + " " * limits.MAX_LENGTH)
    assert "too long (1001 characters; the limit is 1000)" in exc.message
    assert exc.position == limits.MAX_LENGTH


def test_nesting_depth():
    n = limits.MAX_DEPTH
    E.parse("(" * n + "x" + ")" * n)
    E.parse("-" * n + "x")
    E.parse("sigmoid(" * 60 + "x" + ")" * 60)
    exc = refused("(" * (n + 1) + "x" + ")" * (n + 1))
    assert f"more than {n} levels of parentheses" in exc.message and exc.position == n
    exc = refused("-" * (n + 1) + "x")
    assert f"more than {n} levels" in exc.message and exc.position == n + 1


def test_chain_depth():
    n = limits.MAX_CHAIN_DEPTH
    E.parse("x" + "*x" * (n - 1))
    E.parse("x" + "+x" * (n - 1))
    E.parse("max(x, " * 40 + "x" + ")" * 40).df(np.linspace(-1, 1, 5))
    for op in "*+":
        exc = refused("x" + f"{op}x" * n)
        assert f"more than {n} operations inside one another" in exc.message and exc.position == 0


def test_derivative_depth(monkeypatch):
    parsed = sys.modules["act_explorer.model.expression.parsed"]
    depth = E.parse("tanh(tanh(x))").dtree.depth
    monkeypatch.setattr(parsed, "MAX_DERIVATIVE_DEPTH", depth)
    E.parse("tanh(tanh(x))")
    monkeypatch.setattr(parsed, "MAX_DERIVATIVE_DEPTH", depth - 1)
    exc = refused("tanh(tanh(x))")
    assert "derivative of this expression is too complex" in exc.message
    assert (exc.position, exc.length) == (0, len("tanh(tanh(x))"))


def test_exponent():
    m = limits.MAX_EXPONENT
    assert E.parse(f"x^{m:g}").f(np.array([1.0]))[0] == 1.0
    E.parse(f"x^(-{m:g})")
    for text in (f"x^{m + 0.5:g}", f"x^(-{m + 1:g})", "9**9**9**9"):
        exc = refused(text)
        assert f"the limit is {m:g} in magnitude" in exc.message, text


def test_parameters():
    n = limits.MAX_PARAMS
    names = [f"a{i}" for i in range(n + 1)]
    assert len(E.parse("+".join(names[:n]) + "+x").params) == n
    text = "+".join(names) + "+x"
    exc = refused(text)
    assert f"too many parameters (the limit is {n})" in exc.message
    assert exc.position == text.index(names[n])


def test_name_length():
    n = limits.MAX_NAME
    assert E.parse("a" * n + "*x").params == ("a" * n,)
    exc = refused("a" * (n + 1) + "*x")
    assert f"the limit is {n}" in exc.message and exc.length == n + 1


def test_parameter_slider_range():
    lo, hi = limits.PARAM_RANGE
    p = E.make_activation("a*x").params[0]
    assert (p.min, p.max, p.default) == (lo, hi, 1.0)
    p = E.make_activation("a*x", params={"a": 2 * hi}).params[0]
    assert p.min == lo and p.max >= 2 * hi   # widened to hold the value given
