"""The recursive-descent parser: tokens to a :class:`~.tree.Node` tree, with every refusal
located in the text."""

from __future__ import annotations

import difflib
import math

from ..catalogue import ParamError
from .errors import ExpressionError
from .lexer import _Lexer, _Tok
from .limits import MAX_CHAIN_DEPTH, MAX_DEPTH, MAX_EXPONENT, MAX_PARAMS
from .names import (
    _CMP,
    CONSTANTS,
    FUNCTIONS,
    _cat_kwargs,
    _catalogue_entries,
    function_names,
)
from .tree import Node

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

