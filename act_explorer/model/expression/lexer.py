"""The tokenizer: numbers, names and operators, refusing anything else where it stands."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from .errors import ExpressionError
from .limits import MAX_DEPTH, MAX_NAME
from .names import _KEYWORDS, _RESERVED

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
