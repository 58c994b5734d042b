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

The package, one idea per module: :mod:`.limits` (every safety limit, documented),
:mod:`.errors`, :mod:`.names` (functions, constants, catalogue calls), :mod:`.tree`,
:mod:`.lexer`, :mod:`.parser`, :mod:`.simplify`, :mod:`.derivative`, :mod:`.render` (text
and LaTeX), :mod:`.program` (vectorised NumPy), :mod:`.notes` (inf/NaN sentences),
:mod:`.kinks`, :mod:`.parsed` (:class:`Expression`, :func:`parse`) and :mod:`.activation`
(catalogue entries, saving, the CLI).
"""

from __future__ import annotations

from .activation import (
                     CompiledExpression,
                     compile_expression,
                     from_dict,
                     make_activation,
                     to_dict,
)
from .derivative import derivative
from .errors import ExpressionError
from .limits import (
                     MAX_CHAIN_DEPTH,
                     MAX_DEPTH,
                     MAX_DERIVATIVE_DEPTH,
                     MAX_EXPONENT,
                     MAX_LENGTH,
                     MAX_NAME,
                     MAX_PARAMS,
                     PARAM_RANGE,
)
from .names import function_names
from .notes import Evaluation, describe_nonfinite
from .parsed import Expression, check, parse
from .tree import Node

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
    "MAX_CHAIN_DEPTH",
    "MAX_DERIVATIVE_DEPTH",
    "MAX_EXPONENT",
    "MAX_PARAMS",
    "MAX_NAME",
    "PARAM_RANGE",
]
