"""``act-explorer phase``: the mean-field phase diagram over (sigma_w^2, sigma_b^2).

CSV: one row per grid cell, ``sigma_w2,sigma_b2,q_star,chi,xi_grad,xi_corr,c_star,status``
(sigma_b2 slowest).  Undefined values are empty fields, infinite ones ``inf``; ``status`` is
``ok``, ``zero`` (the length map takes every signal to q* = 0; chi and xi_grad are then the
q -> 0+ limits) or ``infinite`` (q* grows without bound; nothing else is defined).  xi_grad is
-1/ln chi, negative in the chaotic phase.  PNG/SVG: a heatmap of log10 of ``--show`` (viridis)
with the critical line chi = 1 found by root finding.
"""

from __future__ import annotations

from ..model import phase as P
from ..model.fileio import atomic_write
from ._common import CliError, add_output_option, checked_output, finite_float, int_in
from ._typed import add_function_arguments, function_from_args

ORDER = 27
QUANTITIES = ("xi_corr", "xi_grad", "chi", "q_star")


def register(sub) -> None:
    p = sub.add_parser(
        "phase", help="mean-field phase diagram (order / chaos) over sigma_w^2 x sigma_b^2",
        description="Mean-field theory of a wide random network (Poole et al. 2016; Schoenholz "
        "et al. 2017) on a grid of weight variance sigma_w^2 and bias variance sigma_b^2: the "
        "fixed point q*, chi = sigma_w^2 E[phi'(sqrt(q*) z)^2], the depth scales xi_grad = "
        "-1/ln chi and xi_corr = -1/ln chi_c, as CSV, or a heatmap (PNG/SVG) with the "
        "critical line chi = 1.",
    )
    add_function_arguments(p)
    p.add_argument("--sigma-w2", nargs=2, type=finite_float, default=P.SIGMA_W2_RANGE,
                   metavar=("LO", "HI"), help="sigma_w^2 range (default %(default)s)")
    p.add_argument("--sigma-b2", nargs=2, type=finite_float, default=P.SIGMA_B2_RANGE,
                   metavar=("LO", "HI"), help="sigma_b^2 range (default %(default)s)")
    p.add_argument("--grid", type=int_in(2, P.MAX_GRID, "--grid"), default=100, metavar="N",
                   help=f"cells per axis, 2-{P.MAX_GRID} (default 100)")
    p.add_argument("--show", choices=QUANTITIES, default="xi_corr",
                   help="what the heatmap shows (default xi_corr; xi_grad as |xi_grad|)")
    p.add_argument("--size", default=None, metavar="WxH", help="PNG size in pixels (default 1600x1100)")
    add_output_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    path, ext = checked_output(args)
    with function_from_args(args) as (fid, params):
        try:
            grid = P.phase_grid(fid, params, sigma_w2=tuple(args.sigma_w2),
                                sigma_b2=tuple(args.sigma_b2), n=args.grid)
        except P.PhaseError as exc:
            raise CliError(str(exc)) from None
        if ext == ".csv":
            atomic_write(path, grid.to_csv())
            return 0
        cw, cb = P.critical_points(fid, params, sigma_b2=tuple(args.sigma_b2), n=61,
                                   sigma_w2_max=float(grid.sigma_w2[-1]))
        from ..qt.phase_render import render_phase  # noqa: PLC0415 (Qt only for images)

        render_phase(grid, cw, cb, path, quantity=args.show, size=args.size)
    return 0
