"""Functions the user types: a small, safe expression language in ``x``.

``parse(text)`` turns text such as ``x*sigmoid(1.5*x)`` into a tree with a hand-written
tokenizer and recursive-descent parser.  Nothing is ever handed to Python: no ``eval``,
``exec``, ``compile``, ``ast`` or computer-algebra package.  Only the names and operators
listed below are accepted; anything else is refused with an :class:`ExpressionError` that
knows where the offending text is (``position``, ``length``) so an input box can underline it.

The language::

    numbers      2   0.5   .5   1e-3
    variable     x
    constants    pi  e
    parameters   any other name (a, beta, k1 ...), 1.0 unless given
    operators    + - * / ^ (or **), unary minus, parentheses
    functions    exp log log1p sqrt abs sign sin cos tanh erf sigmoid softplus relu
                 max(a, b)  min(a, b)  where(cond, a, b)
                 and every built-in catalogue id as a function: gelu(x), silu(2*x),
                 leaky_relu(x, 0.2) (extra arguments are the catalogue parameters)
    conditions   < <= > >= == != combined with and, or, not (only inside where)

The derivative ``d/dx`` is built symbolically on the tree (:func:`derivative`) and lightly
simplified so it reads well.  At kinks it follows PyTorch's autograd: relu'(0) = 0,
abs'(0) = sign(0) = 0, and max/min give half the gradient to each argument at a tie (as
``torch.maximum``/``torch.minimum`` do), so ``max(0, x)`` has slope 0.5 at 0 while
``relu(x)`` has 0.  Where a factor of the chain rule is exactly 0, the product is 0 even if
the other factor is infinite or undefined: ``sqrt(relu(x))`` and ``relu(x)^0.5`` have slope 0
for x < 0, ``x^(1^x)`` slope 1 for x < 0, ``0^x`` slope 0 for x > 0 (a literal product,
0 times inf or NaN, would be NaN where the function is smooth and finite).

Both f and f' are compiled into straight-line vectorised NumPy programs (no per-element
Python); they run under ``np.errstate(all="ignore")`` so overflow gives ``inf`` and a log of
a negative number gives ``nan`` without a warning.  :meth:`Expression.evaluate_with_notes`
says where that happened.

:func:`make_activation` wraps an expression as a catalogue :class:`~.catalogue.Activation`
(family ``"custom"``); :func:`compile_expression` is what ``act-explorer curve --expr`` uses.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, NamedTuple

import numpy as np

from . import catalogue
from . import functions as F
from .catalogue import Activation, Param, ParamError
from .special import erf as _erf

__all__ = [
    "ExpressionError",
    "Node",
    "Expression",
    "Evaluation",
    "CompiledExpression",
    "parse",
    "check",
    "derivative",
    "make_activation",
    "compile_expression",
    "to_dict",
    "from_dict",
    "function_names",
    "describe_nonfinite",
    "MAX_LENGTH",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_PARAMS",
]

MAX_LENGTH = 1000          # characters
MAX_DEPTH = 64             # nested parentheses / calls / unary signs / exponents
MAX_CHAIN_DEPTH = 100      # depth of the tree, counting chains such as x+x+...+x
MAX_DERIVATIVE_DEPTH = 260
MAX_EXPONENT = 1000.0      # |constant exponent|
MAX_PARAMS = 16
MAX_NAME = 32
PARAM_RANGE = (-10.0, 10.0)


# =========================================================================================
# errors
# =========================================================================================

class ExpressionError(ParamError):
    """A typed expression that is refused.

    ``position`` is the 0-based character offset of the offending part (it may equal
    ``len(text)`` when something is missing at the end) and ``length`` its length (>= 1),
    for the input box to underline.  ``str()`` is one line with the column and an excerpt;
    :meth:`caret` gives the two-line excerpt with a ``^^^`` marker.
    """

    def __init__(self, message: str, text: str = "", position: int = 0, length: int = 1):
        self.message = message
        self.text = text if isinstance(text, str) else ""
        self.position = max(0, int(position))
        self.length = max(1, int(length))
        super().__init__(self._one_line())

    @property
    def column(self) -> int:
        """1-based column of :attr:`position`."""
        return self.position + 1

    def _window(self, width: int = 48) -> tuple[str, int]:
        """(excerpt, offset of position inside it), excerpt at most ~width characters."""
        text = self.text
        start = max(0, self.position - width // 2)
        end = min(len(text), start + width)
        start = max(0, min(start, end - width))
        excerpt = text[start:end]
        offset = self.position - start
        if start > 0:
            excerpt = "..." + excerpt
            offset += 3
        if end < len(text):
            excerpt += "..."
        excerpt = "".join(" " if ch in "\r\n\t" else ch for ch in excerpt)
        return excerpt, offset

    def caret(self) -> str:
        """Two lines: the excerpt and a ``^`` marker under the offending part."""
        if not self.text:
            return ""
        excerpt, offset = self._window()
        n = max(1, min(self.length, len(excerpt) - offset if offset < len(excerpt) else 1, 40))
        return f"{excerpt}\n{' ' * offset}{'^' * n}"

    def _one_line(self) -> str:
        if not self.text:
            return self.message
        excerpt, _ = self._window()
        bad = self.text[self.position:self.position + min(self.length, 20)]
        here = f" (at {bad!r})" if bad.strip() else ""
        return f"{self.message} at column {self.column}{here}: {excerpt}"


# =========================================================================================
# the tree
# =========================================================================================

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
        return _text(self)

    def to_latex(self) -> str:
        return _latex(self)

    def walk(self):
        """Every node, parents before children."""
        stack = [self]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.args))


_BOOL_OPS = frozenset({"cmp", "and", "or", "not"})


# ---- function tables -------------------------------------------------------------------

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


# =========================================================================================
# tokenizer
# =========================================================================================

_TOKEN_RE = re.compile(
    r"(?P<num>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/^(),<>\u2212\u00d7\u00b7\u22c5\u00f7\u2264\u2265\u2260])"
)
_WS_RE = re.compile(r"[ \t\r\n\f\v\u00a0\u2009\u202f]*")
_OP_ALIASES = {"**": "^", "\u2212": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*",
               "\u00f7": "/", "\u2264": "<=", "\u2265": ">=", "\u2260": "!="}
_BAD_CHARS = {
    "[": "square brackets are not allowed; use ( ) to group",
    "]": "square brackets are not allowed; use ( ) to group",
    "{": "braces are not allowed; use ( ) to group",
    "}": "braces are not allowed; use ( ) to group",
    "'": "quotes (text strings) are not allowed",
    '"': "quotes (text strings) are not allowed",
    "=": "'=' is not allowed (there are no assignments; use == to compare)",
    ":": "':' is not allowed (no lambdas, slices or dictionaries)",
    ";": "';' is not allowed: type a single expression",
    "&": "'&' is not allowed; use 'and' to combine conditions",
    "|": "'|' is not allowed; use 'or' to combine conditions, abs(...) for |x|",
    "!": "'!' is not allowed; use 'not' or '!='",
    "~": "'~' is not allowed; use 'not'",
    "%": "'%' (remainder) is not supported",
    "@": "'@' is not allowed",
    "#": "'#' is not allowed (no comments)",
    "\\": "backslashes are not allowed",
    "`": "backquotes are not allowed",
    "$": "'$' is not allowed",
    "?": "'?' is not allowed; use where(cond, a, b)",
}


class _Tok(NamedTuple):
    kind: str       # num name op end
    value: object   # float, name, operator symbol (normalised)
    pos: int
    end: int


class _Lexer:
    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.depth = 0
        self.opens: list[int] = []
        self.prev: _Tok | None = None

    def err(self, msg: str, pos: int, length: int = 1):
        raise ExpressionError(msg, self.text, pos, length)

    def next(self) -> _Tok:
        text = self.text
        i = _WS_RE.match(text, self.i).end()
        if i >= len(text):
            if self.opens:
                p = self.opens[-1]
                self.err("'(' is never closed", p, 1)
            self.i = i
            tok = _Tok("end", None, len(text), len(text))
            self.prev = tok
            return tok
        m = _TOKEN_RE.match(text, i)
        if m is None:
            self._bad_char(i)
        kind = m.lastgroup
        s = m.group()
        end = m.end()
        if kind == "num":
            value = self._number(s, i, end)
        elif kind == "name":
            value = s
            if len(s) > MAX_NAME:
                self.err(f"name is too long ({len(s)} characters; the limit is {MAX_NAME})", i, len(s))
            if s.startswith("_"):
                self.err(f"names starting with '_' are not allowed ({s!r})", i, len(s))
            if s in _KEYWORDS:
                self.err(f"{s!r} is not allowed here (only arithmetic, functions and where(...))", i, len(s))
            if s in _RESERVED:
                self.err(f"{s!r} is not allowed; type a number", i, len(s))
        else:
            value = _OP_ALIASES.get(s, s)
            if value == "(":
                self.depth += 1
                self.opens.append(i)
                if self.depth > MAX_DEPTH:
                    self.err(f"too deeply nested: more than {MAX_DEPTH} levels of parentheses", i, 1)
            elif value == ")":
                if self.depth == 0:
                    self.err("unmatched ')'", i, 1)
                self.depth -= 1
                self.opens.pop()
        self.i = end
        tok = _Tok(kind, value, i, end)
        self.prev = tok
        return tok

    def _number(self, s: str, i: int, end: int) -> float:
        text = self.text
        if end < len(text):
            ch = text[end]
            if ch == ".":
                self.err("malformed number: a second '.'", end, 1)
            if ch in "eE" and (end + 1 >= len(text) or not (text[end + 1].isdigit() or text[end + 1] in "+-")):
                self.err("malformed number: the exponent needs digits, e.g. 1e-3", i, end + 1 - i)
            if ch in "eE" and text[end + 1] in "+-" and not text[end + 2:end + 3].isdigit():
                self.err("malformed number: the exponent needs digits, e.g. 1e-3", i, end + 2 - i)
            if ch.isalnum() or ch == "_":
                m = re.match(r"[A-Za-z0-9_]*", text[end:end + MAX_NAME + 1])
                nxt = m.group() if m else ch
                self.err(f"missing operator between {s!r} and {nxt!r} (write {s}*{nxt})", i, end + len(nxt) - i)
        v = float(s)
        if not math.isfinite(v):
            self.err("number is too large", i, end - i)
        return v

    def _bad_char(self, i: int):
        ch = self.text[i]
        if ch == ".":
            prev = self.prev
            if prev is not None and prev.end == i and (prev.kind == "name" or prev.value == ")"):
                self.err("attribute access ('.') is not allowed", i, 1)
            self.err("'.' is not allowed here (write numbers like 0.5)", i, 1)
        if ch == "_":
            self.err("names starting with '_' are not allowed", i, 1)
        msg = _BAD_CHARS.get(ch)
        if msg is None:
            if ch.isalpha():
                msg = f"unexpected character {ch!r} (names use the letters a-z, A-Z, digits and _)"
            else:
                msg = f"unexpected character {ch!r}"
        self.err(msg, i, 1)


# =========================================================================================
# parser
# =========================================================================================

_VALUE_START = ("num", "name")
_ARITH = {"+": "add", "-": "sub", "*": "mul", "/": "div"}


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.lex = _Lexer(text)
        self.entries = _catalogue_entries()
        self.level = -1   # the outermost value does not count as nesting
        self.params: dict[str, None] = {}
        self.tok = self.lex.next()

    # -- helpers ------------------------------------------------------------------------
    def err(self, msg: str, pos: int, length: int = 1):
        raise ExpressionError(msg, self.text, pos, length)

    def err_node(self, msg: str, n: Node):
        self.err(msg, n.pos, max(1, n.end - n.pos))

    def advance(self) -> _Tok:
        t = self.tok
        self.tok = self.lex.next()
        return t

    def at(self, value: str) -> bool:
        return self.tok.kind == "op" and self.tok.value == value

    def enter(self):
        self.level += 1
        if self.level > MAX_DEPTH:
            t = self.tok
            self.err(f"too deeply nested: more than {MAX_DEPTH} levels", t.pos, max(1, t.end - t.pos))

    def mk(self, op: str, args: tuple, value=None, pos: int = -1, end: int = -1) -> Node:
        if pos < 0 and args:
            pos = args[0].pos
        if end < 0 and args:
            end = args[-1].end
        n = Node(op, args, value, pos, end)
        if n.depth > MAX_CHAIN_DEPTH:
            self.err(f"the expression is nested too deeply (more than {MAX_CHAIN_DEPTH} operations "
                     "inside one another)",
                     pos, max(1, end - pos))
        return n

    def need_num(self, n: Node, where: str = ""):
        if n.is_bool:
            what = f" {where}" if where else ""
            self.err_node(f"a condition cannot be used{what}; conditions go in where(cond, a, b)", n)

    def need_bool(self, n: Node, what: str):
        if not n.is_bool:
            self.err_node(f"{what} must be a condition such as x > 0", n)

    def unexpected(self, context: str = ""):
        t = self.tok
        if t.kind == "end":
            self.err(f"the expression ends too early{context}", len(self.text), 1)
        if t.kind in _VALUE_START or (t.kind == "op" and t.value == "("):
            shown = self.text[t.pos:t.end]
            self.err(f"missing operator before {shown!r} (write 2*x, not 2x)", t.pos, t.end - t.pos)
        if t.kind == "op" and t.value == ",":
            self.err("',' is only allowed between the arguments of a function", t.pos, 1)
        if t.kind == "op" and t.value in _CMP:
            self.err("chained comparisons are not supported; write a < x and x < b", t.pos, t.end - t.pos)
        shown = self.text[t.pos:t.end]
        self.err(f"unexpected {shown!r}{context}", t.pos, max(1, t.end - t.pos))

    # -- grammar ------------------------------------------------------------------------
    def parse(self) -> Node:
        if self.tok.kind == "end":
            self.err("the expression is empty", 0, 1)
        n = self.parse_or()
        if self.tok.kind != "end":
            self.unexpected()
        if n.is_bool:
            self.err_node("this is a condition, not a value; use where(cond, a, b)", n)
        return n

    def binop(self) -> tuple[str | None, int]:
        """The binary operator at the current token and its precedence (None, 0 if none)."""
        t = self.tok
        if t.kind == "op":
            if t.value in ("+", "-"):
                return t.value, 5
            if t.value in ("*", "/"):
                return t.value, 6
            if t.value in _CMP:
                return t.value, 4
        elif t.kind == "name" and t.value in ("and", "or"):
            return t.value, 2 if t.value == "and" else 1
        return None, 0

    def parse_expr(self, min_prec: int = 1) -> Node:
        """Precedence climbing: or < and < not < comparisons < + - < * / < unary < ^."""
        if self.tok.kind == "name" and self.tok.value == "not":
            t = self.advance()
            self.enter()
            a = self.parse_expr(3)
            self.level -= 1
            self.need_bool(a, "the operand of 'not'")
            left = self.mk("not", (a,), pos=t.pos, end=a.end)
        else:
            left = self.parse_unary()
        while True:
            op, prec = self.binop()
            if op is None or prec < min_prec:
                return left
            t = self.advance()
            if prec == 4 and left.op == "cmp" and left.end <= t.pos and self._unparenthesised(left):
                self.err("chained comparisons are not supported; write a < x and x < b",
                         t.pos, t.end - t.pos)
            right = self.parse_expr(prec + 1)
            if prec <= 2:
                self.need_bool(left, f"the left side of {op!r}")
                self.need_bool(right, f"the right side of {op!r}")
                left = self.mk(op, (left, right))
            elif prec == 4:
                self.need_num(left, "in a comparison")
                self.need_num(right, "in a comparison")
                left = self.mk("cmp", (left, right), op)
            else:
                self.need_num(left, "in arithmetic")
                self.need_num(right, "in arithmetic")
                left = self.mk(_ARITH[op], (left, right))

    def _unparenthesised(self, n: Node) -> bool:
        return self.text[n.pos] != "(" or self.text[n.end - 1] != ")"

    def parse_or(self) -> Node:
        """A full expression (lowest precedence), as inside parentheses and arguments."""
        return self.parse_expr(1)

    def parse_unary(self) -> Node:
        self.enter()
        try:
            if self.tok.kind == "op" and self.tok.value in ("-", "+"):
                t = self.advance()
                a = self.parse_unary()
                self.need_num(a, "after a sign")
                if t.value == "+":
                    return a
                return self.mk("neg", (a,), pos=t.pos, end=a.end)
            return self.parse_power()
        finally:
            self.level -= 1

    def parse_power(self) -> Node:
        base = self.parse_primary()
        if self.at("^"):
            self.advance()
            expo = self.parse_unary()   # right-associative, allows 2^-x
            self.need_num(base, "as a base")
            self.need_num(expo, "as an exponent")
            v = expo.cval
            if isinstance(v, float) and not (abs(v) <= MAX_EXPONENT):
                shown = f"{v:.6g}" if math.isfinite(v) else "too large to compute"
                self.err_node(f"exponent is too large ({shown}; the limit is {MAX_EXPONENT:g} "
                              f"in magnitude)", expo)
            return self.mk("pow", (base, expo))
        return base

    def parse_primary(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.advance()
            return Node("num", (), float(t.value), t.pos, t.end)
        if t.kind == "name":
            return self.parse_name()
        if t.kind == "op" and t.value == "(":
            self.advance()
            n = self.parse_or()
            if not self.at(")"):
                self.unexpected(" (expected ')')")
            close = self.advance()
            return _respan(n, t.pos, close.end)
        if t.kind == "end":
            self.err("the expression ends too early: a value is missing", len(self.text), 1)
        if t.kind == "op" and t.value == ")":
            self.err("a value is missing before ')'", t.pos, 1)
        if t.kind == "op" and t.value == ",":
            self.err("',' is only allowed between the arguments of a function", t.pos, 1)
        shown = self.text[t.pos:t.end]
        self.err(f"a value is missing before {shown!r}", t.pos, max(1, t.end - t.pos))
        raise AssertionError  # pragma: no cover

    def parse_name(self) -> Node:
        t = self.advance()
        name = t.value
        called = self.at("(")
        if name in ("and", "or", "not"):
            self.err(f"a value is missing before {name!r}", t.pos, t.end - t.pos)
        if name == "x":
            if called:
                self.err("x is the variable, not a function (write x*(...) to multiply)", t.pos, 1)
            return Node("x", (), None, t.pos, t.end)
        if name in CONSTANTS:
            if called:
                self.err(f"{name!r} is a constant, not a function", t.pos, t.end - t.pos)
            return Node("const", (), name, t.pos, t.end)
        is_fn = (name in FUNCTIONS and FUNCTIONS[name].user) or name == "where" or name in self.entries
        if is_fn:
            if not called:
                self.err(f"{name!r} is a function: write {name}(...)", t.pos, t.end - t.pos)
            return self.parse_call(t)
        if called:
            hint = difflib.get_close_matches(name, function_names(), n=1, cutoff=0.6)
            extra = f"; did you mean {hint[0]!r}?" if hint else ""
            self.err(f"unknown function {name!r}{extra}", t.pos, t.end - t.pos)
        if name not in self.params:
            if len(self.params) >= MAX_PARAMS:
                self.err(f"too many parameters (the limit is {MAX_PARAMS})", t.pos, t.end - t.pos)
            self.params[name] = None
        return Node("param", (), name, t.pos, t.end)

    def parse_call(self, t: _Tok) -> Node:
        name = t.value
        self.advance()  # '('
        args: list[Node] = []
        if self.at(")"):
            self.err(f"{name}() needs an argument", self.tok.pos, 1)
        while True:
            args.append(self.parse_or())
            if self.at(","):
                self.advance()
                if self.at(")"):
                    self.err("a value is missing before ')'", self.tok.pos, 1)
                continue
            if self.at(")"):
                break
            self.unexpected(f" (expected ',' or ')' in {name}(...))")
        close = self.advance()
        pos, end = t.pos, close.end
        n_args = len(args)

        def arity(expected: str):
            self.err(f"{name} takes {expected}, got {n_args}", pos, end - pos)

        if name == "where":
            if n_args != 3:
                arity("3 arguments: where(cond, a, b)")
            self.need_bool(args[0], "the first argument of where")
            self.need_num(args[1], "as a value of where")
            self.need_num(args[2], "as a value of where")
            return self.mk("where", tuple(args), None, pos, end)
        for a in args:
            self.need_num(a, f"as an argument of {name}")
        fn = FUNCTIONS.get(name)
        if fn is not None and fn.user and n_args == fn.nargs:
            return self.mk("call", tuple(args), name, pos, end)
        entry = self.entries.get(name)
        if entry is None:
            arity("1 argument" if fn.nargs == 1 else f"{fn.nargs} arguments")
        n_par = len(entry.params)
        if not 1 <= n_args <= 1 + n_par:
            if n_par == 0:
                arity("1 argument")
            names = ", ".join(p.name for p in entry.params)
            arity(f"1 to {1 + n_par} arguments: {name}(x, {names})")
        for a, p in zip(args[1:], entry.params):
            if a.has_x:
                self.err_node(f"the parameter {p.name!r} of {name} cannot depend on x", a)
            if a.cval is not None:
                try:
                    p.check(a.cval)
                except ParamError as exc:
                    self.err_node(str(exc), a)
        if len(args) > 1 and entry.constraint is not None and all(a.cval is not None for a in args[1:]):
            try:
                _cat_kwargs(entry, [a.cval for a in args[1:]])
            except ParamError as exc:
                self.err(str(exc), pos, end - pos)
        return self.mk("cat", tuple(args), entry.id, pos, end)


def _respan(n: Node, pos: int, end: int) -> Node:
    """The same node located at its parentheses (cheap: a new node shares the children)."""
    if n.pos == pos and n.end == end:
        return n
    m = Node.__new__(Node)
    for s in Node.__slots__:
        object.__setattr__(m, s, getattr(n, s))
    m.pos, m.end = pos, end
    return m


# =========================================================================================
# simplifying constructors (used by the derivative)
# =========================================================================================

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


def add(a: Node, b: Node) -> Node:
    if _is_num(a, 0.0):
        return b
    if _is_num(b, 0.0):
        return a
    if a.op == "num" and b.op == "num":
        f = _fold(Node("add", (a, b)))
        if f.op == "num":
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
    if a.op == "num" and b.op == "num":
        f = _fold(Node("sub", (a, b)))
        if f.op == "num":
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


# =========================================================================================
# derivative
# =========================================================================================

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


# =========================================================================================
# text
# =========================================================================================

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


def _guarded_shown(n: Node) -> Node:
    """xlog(a, b), zmul(a, b) and zdiv(a, b) as they read: a*log(b), a*b, a/b."""
    if n.value == "zmul":
        return mul(*n.args)
    if n.value == "zdiv":
        return div(*n.args)
    return Node("mul", (n.args[0], Node("call", (n.args[1],), "log")))


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


# =========================================================================================
# compiling to vectorised NumPy
# =========================================================================================

class _Program:
    """A tree as straight-line NumPy steps over registers, shared subtrees computed once.

    Register 0 holds x, registers 1..k the parameters (in ``names`` order).
    """

    def __init__(self, tree: Node, names: tuple[str, ...]):
        self.names = names
        self.steps: list[tuple[Callable, tuple[int, ...], tuple[int, ...]]] = []
        index: dict[Node, int] = {}
        self.n_regs = 1 + len(names)
        param_reg = {nm: 1 + i for i, nm in enumerate(names)}
        order: list[tuple[Callable, tuple[int, ...]]] = []

        def reg_of(n: Node) -> int:
            hit = index.get(n)
            if hit is not None:
                return hit
            if n.op == "x":
                r = 0
            elif n.op == "param":
                r = param_reg[n.value]
            else:
                if n.cval is not None:
                    v = n.cval
                    fn, args = (lambda v=v: v), ()
                else:
                    args = tuple(reg_of(a) for a in n.args)
                    fn = _op_impl(n)
                r = self.n_regs
                self.n_regs += 1
                order.append((fn, args))
            index[n] = r
            return r

        self.result = reg_of(tree)
        # Free each register after its last use so long programs do not hold every array.
        first = 1 + len(names)
        last_use: dict[int, int] = {}
        for i, (_fn, args) in enumerate(order):
            for r in args:
                last_use[r] = i
        frees: list[list[int]] = [[] for _ in order]
        for r, i in last_use.items():
            if r >= first and r != self.result:
                frees[i].append(r)
        self.steps = [(fn, args, tuple(fr)) for (fn, args), fr in zip(order, frees)]
        self.first = first

    def run(self, x: np.ndarray, params: Mapping[str, float]) -> np.ndarray:
        regs: list = [None] * self.n_regs
        regs[0] = x
        for i, nm in enumerate(self.names):
            regs[1 + i] = params[nm]
        out = self.first
        with np.errstate(all="ignore"):
            for fn, args, frees in self.steps:
                regs[out] = fn(*[regs[a] for a in args])
                for r in frees:
                    regs[r] = None
                out += 1
            res = np.asarray(regs[self.result], dtype=np.float64)
        if res.shape != x.shape:
            res = np.broadcast_to(res, x.shape)
        return np.array(res, dtype=np.float64, copy=True)


# =========================================================================================
# notes on inf / nan
# =========================================================================================

def _fmt(v: float) -> str:
    return f"{float(v) + 0.0:.4g}"


def _where_text(xs: np.ndarray, mask: np.ndarray) -> str:
    n = xs.size
    if mask.all():
        return "everywhere on the range" if n > 1 else f"at x = {_fmt(xs[0])}"
    idx = np.flatnonzero(mask)
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]]))
    parts = []
    for s, e in zip(starts, ends):
        if s == 0:
            parts.append(f"x <= {_fmt(xs[e])}")
        elif e == n - 1:
            parts.append(f"x >= {_fmt(xs[s])}")
        elif s == e or _fmt(xs[s]) == _fmt(xs[e]):
            parts.append(f"x = {_fmt(xs[s])}")
        else:
            parts.append(f"{_fmt(xs[s])} <= x <= {_fmt(xs[e])}")
    if len(parts) > 3:
        more = len(parts) - 3
        parts = parts[:3] + [f"{more} more interval{'s' if more > 1 else ''}"]
    return "for " + ", ".join(parts)


def describe_nonfinite(x, values, label: str = "f") -> list[str]:
    """Short sentences saying where ``values`` is infinite or NaN (finite x only)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    v = np.asarray(values, dtype=np.float64).ravel()
    keep = np.isfinite(x)
    x, v = x[keep], v[keep]
    if x.size == 0:
        return []
    order = np.argsort(x, kind="stable")
    x, v = x[order], v[order]
    notes = []
    inf = np.isinf(v)
    if inf.any():
        notes.append(f"overflow: {label} is infinite {_where_text(x, inf)}")
    nan = np.isnan(v)
    if nan.any():
        notes.append(f"{label} is undefined (NaN) {_where_text(x, nan)}")
    return notes


class Evaluation(NamedTuple):
    f: np.ndarray
    df: np.ndarray
    notes: list[str]


# =========================================================================================
# the parsed expression
# =========================================================================================

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


# =========================================================================================
# public entry points
# =========================================================================================

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
