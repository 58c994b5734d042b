"""Every safety limit of the expression language, in one place.

A typed expression comes from a user (or a session file someone sent them), so everything
that could make parsing, differentiating or evaluating it slow, deep or huge is bounded
before any work is done.  Each limit below is the only definition of its number; the
lexer, parser, simplifier and :func:`~.parsed.parse` import it from here, and
``tests/model/test_expression_limits.py`` tests each one at its boundary (the value at the
limit is accepted, one past it refused with an :class:`~.errors.ExpressionError` that
points at the offending text).

``MAX_LENGTH``
    characters of text; longer text is refused before it is looked at (position
    ``MAX_LENGTH``), so a 100 kB paste costs nothing.
``MAX_DEPTH``
    levels of nesting the recursive-descent parser enters: parentheses, calls, unary signs
    and exponents.  Keeps the parser's recursion far from Python's stack limit.
``MAX_CHAIN_DEPTH``
    depth of the tree built, counting left-leaning chains such as ``x+x+...+x`` that need no
    parentheses; keeps the derivative and the renderers' recursion bounded.
``MAX_DERIVATIVE_DEPTH``
    depth of the derivative's tree (the chain and product rules grow it); deeper is refused
    as "too complex".
``MAX_EXPONENT``
    magnitude of a constant exponent (``9**9**9**9`` is refused, not computed); constant
    folding never folds a power beyond it either.
``MAX_PARAMS``
    distinct free parameters (each becomes a slider).
``MAX_NAME``
    characters in one name.
``PARAM_RANGE``
    the slider range given to a parameter without one (widened to contain its default).
"""

from __future__ import annotations

__all__ = ["MAX_LENGTH", "MAX_DEPTH", "MAX_CHAIN_DEPTH", "MAX_DERIVATIVE_DEPTH", "MAX_EXPONENT",
           "MAX_PARAMS", "MAX_NAME", "PARAM_RANGE"]

MAX_LENGTH = 1000          # characters
MAX_DEPTH = 64             # nested parentheses / calls / unary signs / exponents
MAX_CHAIN_DEPTH = 100      # depth of the tree, counting chains such as x+x+...+x
MAX_DERIVATIVE_DEPTH = 260
MAX_EXPONENT = 1000.0      # |constant exponent|
MAX_PARAMS = 16
MAX_NAME = 32
PARAM_RANGE = (-10.0, 10.0)
