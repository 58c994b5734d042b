"""``act-explorer curve``: f and f' on a grid, as CSV, PNG or SVG."""

from __future__ import annotations

import numpy as np

from ..model.fileio import atomic_write
from ..model.tables import curves_csv
from ._common import (
    CliError, add_output_option, add_param_option, checked_output, finite_float, int_in,
    resolve_function,
)

ORDER = 20
MAX_POINTS = 1_000_000


def register(sub) -> None:
    p = sub.add_parser(
        "curve", help="write f(x) and f'(x) of one or more functions to CSV, PNG or SVG",
        description="Evaluate functions and their derivatives on x = linspace(XMIN, XMAX, N) "
        "and write them as CSV (columns x,f,df), or draw them as PNG/SVG.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="catalogue id(s), e.g. relu gelu")
    p.add_argument("--expr", action="append", default=[], metavar="EXPR",
                   help="a function of x typed as an expression, e.g. \"x*sigmoid(1.5*x)\"")
    add_param_option(p)
    p.add_argument("--range", nargs=2, type=finite_float, default=(-6.0, 6.0),
                   metavar=("XMIN", "XMAX"), help="x range (default -6 6)")
    p.add_argument("--points", type=int_in(2, MAX_POINTS, "--points"), default=1201,
                   metavar="N", help="number of points (default 1201)")
    p.add_argument("--size", default=None, metavar="WxH",
                   help="image size in pixels for PNG (default 1600x1000)")
    add_output_option(p)
    p.set_defaults(func=run)


def _functions(args):
    """(activation, params) pairs for the ids and typed expressions asked for."""
    if not args.ids and not args.expr:
        raise CliError("name at least one function id (see 'act-explorer list') or --expr")
    if len(args.ids) + len(args.expr) > 1 and args.param:
        # Parameters apply to a single function; with several the target is ambiguous.
        raise CliError("-p applies to a single function; draw one function at a time to set parameters")
    out = [resolve_function(fid, args.param) for fid in args.ids]
    if args.expr:
        from ..model import expression  # noqa: PLC0415 (only needed with --expr)

        for text in args.expr:
            compiled = expression.compile_expression(text, args.param)
            out.append((compiled.activation, dict(compiled.params)))
    return out


def run(args) -> int:
    xmin, xmax = args.range
    if not xmin < xmax:
        raise CliError(f"--range must satisfy XMIN < XMAX, got {xmin:g} {xmax:g}")
    path, ext = checked_output(args)
    funcs = _functions(args)
    x = np.linspace(xmin, xmax, args.points)
    if ext == ".csv":
        series = []
        for act, params in funcs:
            f, df = act.bind(**params)
            series.append((act.id, f(x), df(x)))
        atomic_write(path, curves_csv(x, series))
        return 0
    from ..model import catalogue  # noqa: PLC0415
    from ..qt.render import render_curves  # noqa: PLC0415 (Qt only for images)

    added = []
    try:
        # typed functions are drawn as catalogue entries, exactly as the window draws them
        for act, _ in funcs:
            if act.id not in catalogue.CATALOGUE:
                catalogue.register(act)
                added.append(act.id)
        specs = [(act.id, params) for act, params in funcs]
        render_curves(specs, path, x_range=(xmin, xmax), points=args.points, size=args.size)
    finally:
        for fid in added:
            catalogue.unregister(fid)
    return 0
