"""The names the language knows: functions, constants, reserved words and the built-in
catalogue entries callable by id, with the NumPy function behind each."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import catalogue
from .. import functions as F
from ..catalogue import Activation
from ..special import erf as _erf


def _xlog(a, b):
    """a*log(b), and exactly 0 where a is 0 (even where log(b) is NaN or infinite).

    The derivative of u^v holds v'*log(u): where v does not change (v' = 0) that term is 0
    whatever u is, so x^(1^x) keeps the slope of x on x < 0."""
    a = np.asarray(a, dtype=np.float64)
    return np.where(a == 0, 0.0, a * np.log(b))


def _zmul(a, b):
    """a*b, and exactly 0 where either factor is 0 (the other may be infinite or NaN).

    Used by the chain rule where an outer slope can be infinite while the inner one is 0:
    sqrt(relu(x))^' = relu'(x)/(2*sqrt(relu(x))) and relu(x)^0.5 are flat (slope 0) for
    x < 0, and 0^x stays 0 for x > 0 even though log(0) is infinite."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.where((a == 0) | (b == 0), 0.0, a * b)


def _zdiv(a, b):
    """a/b, and exactly 0 where a is 0 (see :func:`_zmul`)."""
    a = np.asarray(a, dtype=np.float64)
    return np.where(a == 0, 0.0, a / b)


@dataclass(frozen=True)
class _Fn:
    name: str
    nargs: int
    impl: Callable
    latex: str          # LaTeX for the name; "" when rendered specially
    user: bool = True   # typeable (internal helpers made by the derivative are not)


FUNCTIONS: dict[str, _Fn] = {
    f.name: f for f in (
        _Fn("exp", 1, np.exp, ""),
        _Fn("log", 1, np.log, r"\log"),
        _Fn("log1p", 1, np.log1p, ""),
        _Fn("sqrt", 1, np.sqrt, ""),
        _Fn("abs", 1, np.abs, ""),
        _Fn("sign", 1, np.sign, r"\mathrm{sign}"),
        _Fn("sin", 1, np.sin, r"\sin"),
        _Fn("cos", 1, np.cos, r"\cos"),
        _Fn("tanh", 1, np.tanh, r"\tanh"),
        _Fn("erf", 1, _erf, r"\mathrm{erf}"),
        _Fn("sigmoid", 1, F.sigmoid, r"\sigma"),
        _Fn("softplus", 1, F.softplus_raw, r"\mathrm{softplus}"),
        _Fn("relu", 1, F.relu, r"\mathrm{ReLU}"),
        _Fn("max", 2, np.maximum, r"\max"),
        _Fn("min", 2, np.minimum, r"\min"),
        # Made by the derivative only: evaluated with the stable forms, shown expanded.
        _Fn("dsigmoid", 1, F.d_sigmoid, "", user=False),
        _Fn("dtanh", 1, F.d_tanh, "", user=False),
        _Fn("xlog", 2, _xlog, "", user=False),
        _Fn("zmul", 2, _zmul, "", user=False),
        _Fn("zdiv", 2, _zdiv, "", user=False),
    )
}
CONSTANTS = {"pi": math.pi, "e": math.e}
_KEYWORDS = frozenset({
    "False", "None", "True", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
    "import", "in", "is", "lambda", "nonlocal", "pass", "raise", "return", "try", "while",
    "with", "yield", "match", "case", "print", "exec", "eval",
})
_RESERVED = frozenset({"inf", "nan", "infinity", "Inf", "NaN", "Infinity"})
_CMP = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
        "==": np.equal, "!=": np.not_equal}
_BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide, "pow": np.power}


def _catalogue_entries() -> dict[str, Activation]:
    """Built-in catalogue entries callable by id or alias (user functions excluded)."""
    out: dict[str, Activation] = {}
    for a in catalogue.CATALOGUE.values():
        if a.family == "custom":
            continue
        out[a.id] = a
    for a in list(out.values()):
        for al in a.aliases:
            out.setdefault(al, a)
    return out


def _entry(entry_id: str) -> Activation:
    return catalogue.CATALOGUE[entry_id]


def function_names() -> list[str]:
    """Every function name the language accepts (for completion in an input box)."""
    names = {n for n, f in FUNCTIONS.items() if f.user} | {"where"}
    names |= set(_catalogue_entries())
    return sorted(names)


# ---- evaluating one node given its children's values -----------------------------------

def _cat_kwargs(entry: Activation, pvals) -> dict[str, float]:
    if not pvals:
        return entry.defaults()
    names = [p.name for p in entry.params]
    return entry.resolve({n: float(v) for n, v in zip(names, pvals)})
