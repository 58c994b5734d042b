"""A tree as text (canonical, parses back to the same function) and as LaTeX."""

from __future__ import annotations

import re

from .. import catalogue
from .names import FUNCTIONS
from .simplify import _guarded_shown
from .tree import Node

_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "add": 5, "sub": 5, "mul": 6, "div": 6,
         "neg": 7, "pow": 8}
_ATOM = 9


def _prec(n: Node) -> int:
    if n.op == "num":
        return 7 if n.value < 0 else _ATOM
    if n.op == "neg" and n.args[0].op in ("mul", "div"):
        return 6  # printed as -a*b
    if n.op == "call" and n.value in ("dsigmoid", "xlog", "zmul", "zdiv"):
        return _prec(_guarded_shown(n)) if n.value in ("zmul", "zdiv") else 6
    if n.op == "call" and n.value == "dtanh":
        return 5
    return _PREC.get(n.op, _ATOM)


def _num_text(v: float) -> str:
    if abs(v) < 1e16 and v == int(v):
        return str(int(v))
    return repr(v)


_TEXT_OPS = {"add": " + ", "sub": " - ", "mul": "*", "div": "/", "pow": "^", "and": " and ", "or": " or "}


def _text(n: Node) -> str:
    op = n.op
    if op == "num":
        return _num_text(n.value)
    if op in ("const", "param"):
        return n.value
    if op == "x":
        return "x"
    if op == "neg":
        a = n.args[0]
        s = _text(a)
        pa = _prec(a)
        return f"-({s})" if (pa < 6 or pa == 7 or s.startswith("-")) else f"-{s}"
    if op == "not":
        a = n.args[0]
        s = _text(a)
        return f"not ({s})" if _prec(a) < 3 else f"not {s}"
    if op in _TEXT_OPS or op == "cmp":
        sym = f" {n.value} " if op == "cmp" else _TEXT_OPS[op]
        p = _PREC[op]
        a, b = n.args
        ta, tb = _text(a), _text(b)
        pa, pb = _prec(a), _prec(b)
        if op == "pow":
            if pa <= p:
                ta = f"({ta})"
            if pb < 7:
                tb = f"({tb})"
        else:
            if pa < p or (op == "cmp" and pa == p):
                ta = f"({ta})"
            if pb < p or pb == 7 or (pb == p and op in ("sub", "div", "cmp")) or tb.startswith("-"):
                tb = f"({tb})"
        return f"{ta}{sym}{tb}"
    if op == "call":
        if n.value == "dsigmoid":
            s = f"sigmoid({_text(n.args[0])})"
            return f"{s}*(1 - {s})"
        if n.value == "dtanh":
            return f"1 - tanh({_text(n.args[0])})^2"
        if n.value in ("xlog", "zmul", "zdiv"):
            return _text(_guarded_shown(n))
        return f"{n.value}({', '.join(_text(a) for a in n.args)})"
    if op == "cat":
        return f"{n.value}({', '.join(_text(a) for a in n.args)})"
    if op == "dcat":
        return f"{n.value}'({', '.join(_text(a) for a in n.args)})"
    if op == "where":
        return f"where({', '.join(_text(a) for a in n.args)})"
    raise AssertionError(op)  # pragma: no cover


# =========================================================================================
# LaTeX
# =========================================================================================

_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "iota", "kappa", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi",
    "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi",
    "Psi", "Omega",
})
_LATEX_CMP = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "==": "=", "!=": r"\ne"}


def _name_latex(name: str) -> str:
    base, _, subscript = name.partition("_")
    if not subscript:
        m = re.fullmatch(r"([A-Za-z]+)([0-9]+)", name)
        if m:
            base, subscript = m.group(1), m.group(2)
    if base in _GREEK:
        b = "\\" + base
    elif len(base) == 1:
        b = base
    else:
        b = r"\mathrm{" + base + "}"
    if subscript:
        sub_tex = subscript if subscript.isdigit() or len(subscript) == 1 else r"\mathrm{" + subscript.replace("_", r"\_") + "}"
        return f"{b}_{{{sub_tex}}}"
    return b


def _num_latex(v: float) -> str:
    s = _num_text(v)
    if "e" in s:
        mant, _, ex = s.partition("e")
        ex_i = int(ex)
        if mant in ("1", "1.0"):
            return f"10^{{{ex_i}}}"
        if mant in ("-1", "-1.0"):
            return f"-10^{{{ex_i}}}"
        return f"{mant} \\cdot 10^{{{ex_i}}}"
    return s


def _big(s: str) -> bool:
    return "\\frac" in s or "\\left" in s or "\\begin" in s or "^{" in s or "\\sqrt" in s


def _paren(s: str, force_big: bool = False) -> str:
    if force_big or _big(s):
        return r"\left(" + s + r"\right)"
    return f"({s})"


def _cat_latex_name(entry_id: str) -> str:
    entry = catalogue.CATALOGUE.get(entry_id)
    name = entry.name.replace(" ", "") if entry is not None else entry_id
    if re.fullmatch(r"[A-Za-z0-9]+", name):
        return r"\mathrm{" + name + "}"
    return r"\mathrm{" + entry_id.replace("_", r"\_") + "}"


def _args_latex(args) -> str:
    inner = ", ".join(_latex(a) for a in args)
    return _paren(inner)


def _latex_prec(n: Node) -> int:
    if n.op == "call" and n.value in ("xlog", "zmul", "zdiv"):
        return _latex_prec(_guarded_shown(n))
    if n.op == "neg" and n.args[0].op == "div":
        return 6
    if n.op == "div":
        return _ATOM  # \frac is self-delimiting ...
    if n.op == "where":
        return 8      # ... a cases block is not, under an exponent
    return _prec(n)


def _latex(n: Node) -> str:
    op = n.op
    if op == "num":
        return _num_latex(n.value)
    if op == "const":
        return r"\pi" if n.value == "pi" else "e"
    if op == "x":
        return "x"
    if op == "param":
        return _name_latex(n.value)
    if op == "neg":
        a = n.args[0]
        s = _latex(a)
        pa = _latex_prec(a)
        return "-" + (_paren(s) if (pa < 6 or pa == 7 or s.startswith("-")) else s)
    if op == "add" or op == "sub":
        a, b = n.args
        ta, tb = _latex(a), _latex(b)
        pb = _latex_prec(b)
        if _latex_prec(a) < 5:
            ta = _paren(ta)
        if pb < 5 or pb == 7 or (op == "sub" and pb == 5) or tb.startswith("-"):
            tb = _paren(tb)
        return f"{ta} {'+' if op == 'add' else '-'} {tb}"
    if op == "mul":
        a, b = n.args
        ta, tb = _latex(a), _latex(b)
        pa, pb = _latex_prec(a), _latex_prec(b)
        if pa < 6:
            ta = _paren(ta)
        if pb < 6 or pb == 7 or tb.startswith("-"):
            tb = _paren(tb)
        sep = r" \cdot " if (tb[:1].isdigit() or tb[:1] == "-" or tb.startswith("10^")) else r"\,"
        return f"{ta}{sep}{tb}"
    if op == "div":
        return r"\frac{" + _latex(n.args[0]) + "}{" + _latex(n.args[1]) + "}"
    if op == "pow":
        a, b = n.args
        tb = _latex(b)
        if a.op == "const" and a.value == "e":
            return "e^{" + tb + "}"
        ta = _latex(a)
        if _latex_prec(a) <= 8 or a.op == "div" or "^" in ta:
            ta = _paren(ta, force_big=True)
        return f"{ta}^{{{tb}}}"
    if op == "cmp":
        a, b = n.args
        ta, tb = _latex(a), _latex(b)
        return f"{ta} {_LATEX_CMP[n.value]} {tb}"
    if op in ("and", "or"):
        a, b = n.args
        ta, tb = _latex(a), _latex(b)
        if _prec(a) < _PREC[op]:
            ta = _paren(ta)
        if _prec(b) <= _PREC[op]:
            tb = _paren(tb)
        return f"{ta} \\text{{ {op} }} {tb}"
    if op == "not":
        a = n.args[0]
        s = _latex(a)
        return r"\lnot " + (_paren(s) if _prec(a) < 4 else s)
    if op == "where":
        rows = []
        m = n
        while m.op == "where":
            rows.append(f"{_latex(m.args[1])} & {_latex(m.args[0])}")
            m = m.args[2]
        rows.append(f"{_latex(m)} & \\text{{otherwise}}")
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"
    if op == "call":
        return _call_latex(n)
    if op in ("cat", "dcat"):
        nm = _cat_latex_name(n.value) + ("'" if op == "dcat" else "")
        u = _latex(n.args[0])
        if len(n.args) == 1:
            return nm + _paren(u)
        rest = ", ".join(_latex(a) for a in n.args[1:])
        return nm + _paren(f"{u};\\ {rest}")
    raise AssertionError(op)  # pragma: no cover


def _call_latex(n: Node) -> str:
    name = n.value
    if name in ("xlog", "zmul", "zdiv"):
        return _latex(_guarded_shown(n))
    if name in ("max", "min"):
        return FUNCTIONS[name].latex + _args_latex(n.args)
    u = n.args[0]
    tu = _latex(u)
    if name == "exp":
        return "e^{" + tu + "}"
    if name == "sqrt":
        return r"\sqrt{" + tu + "}"
    if name == "abs":
        return r"\left|" + tu + r"\right|"
    if name == "log1p":
        return r"\log" + _paren("1 + " + tu)
    if name == "dsigmoid":
        s = r"\sigma" + _paren(tu)
        return s + r"\,\left(1 - " + s + r"\right)"
    if name == "dtanh":
        return r"1 - \tanh^{2}" + _paren(tu)
    return FUNCTIONS[name].latex + _paren(tu)
