"""A function for a verb that takes ``ID [-p k=v]`` or ``--expr E``: the catalogue entry, its
parameters, and (for a typed expression) a temporary registration so the model's
catalogue-keyed code sees it, removed again when the verb ends."""

from __future__ import annotations

import contextlib
from typing import Iterator

from ..model import catalogue
from ._common import CliError, resolve_function


@contextlib.contextmanager
def function_from_args(args) -> Iterator[tuple[str, dict]]:
    """Yield ``(id, params)`` for ``args.id`` / ``args.expr`` / ``args.param``."""
    if args.id and args.expr:
        raise CliError("give a function id or --expr, not both")
    if not args.id and not args.expr:
        raise CliError("name a function id (see 'act-explorer list') or give --expr")
    if args.id:
        act, params = resolve_function(args.id, args.param)
        yield act.id, params
        return
    from ..model import expression  # noqa: PLC0415 (only needed with --expr)

    compiled = expression.compile_expression(args.expr, args.param)
    act = compiled.activation
    added = act.id not in catalogue.CATALOGUE
    if added:
        catalogue.register(act)
    try:
        yield act.id, dict(compiled.params)
    finally:
        if added:
            catalogue.unregister(act.id)


def add_function_arguments(p) -> None:
    from ._common import add_param_option

    p.add_argument("id", nargs="?", metavar="ID", help="catalogue id, e.g. tanh (see 'act-explorer list')")
    p.add_argument("--expr", default=None, metavar="EXPR",
                   help="a function of x typed as an expression instead of ID, e.g. \"x*sigmoid(1.5*x)\"")
    add_param_option(p)
