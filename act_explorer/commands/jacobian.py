"""``act-explorer jacobian``: singular values of a deep random network's input-output Jacobian.

CSV: ``sample,index,singular_value,squared``, one row per singular value.  A summary line goes
to standard output: the mean and the variance of the squared singular values (per network,
averaged over ``--samples``) beside the free-probability prediction (Pennington, Schoenholz &
Ganguli 2017).  PNG/SVG: their histogram.
"""

from __future__ import annotations

import math

from ..model import jacobian as J
from ..model import phase as P
from ..model.fileio import atomic_write
from ._common import CliError, add_output_option, checked_output, float_in, int_in
from ._typed import add_function_arguments, function_from_args

ORDER = 28


def register(sub) -> None:
    p = sub.add_parser(
        "jacobian", help="singular values of the input-output Jacobian at initialisation",
        description="Build a plain network of L layers of width W at initialisation (Gaussian or "
        "orthogonal weights, inputs at the mean-field fixed point), compute the singular values of "
        "its input-output Jacobian and write them as CSV (sample,index,singular_value,squared) or "
        "their histogram as PNG/SVG; prints their mean and variance beside the free-probability "
        "prediction.",
    )
    add_function_arguments(p)
    p.add_argument("--layers", required=True, type=int_in(1, J.MAX_LAYERS, "--layers"), metavar="L",
                   help=f"number of layers, 1-{J.MAX_LAYERS}")
    p.add_argument("--width", type=int_in(1, J.MAX_WIDTH, "--width"), default=400, metavar="W",
                   help=f"units per layer, 1-{J.MAX_WIDTH} (default 400)")
    p.add_argument("--init", choices=J.INITS, default="gaussian", help="weight distribution (default gaussian)")
    p.add_argument("--sigma-w2", type=float_in(0.0, P.SIGMA_W2_MAX, "--sigma-w2", lo_open=True), default=None,
                   metavar="V", help="weight variance times fan-in (default: the critical value for "
                   "--sigma-b2, or 1 where there is none)")
    p.add_argument("--sigma-b2", type=float_in(0.0, P.SIGMA_B2_MAX, "--sigma-b2"), default=0.0,
                   metavar="V", help="bias variance (default 0)")
    p.add_argument("--samples", type=int_in(1, J.MAX_SAMPLES, "--samples"), default=1, metavar="N",
                   help="independent networks (default 1)")
    p.add_argument("--seed", type=int_in(0, 2**63 - 1, "--seed"), default=0, metavar="N", help="random seed (default 0)")
    p.add_argument("--size", default=None, metavar="WxH", help="PNG size in pixels (default 1600x1000)")
    add_output_option(p)
    p.set_defaults(func=run)


def _fmt(v: float) -> str:
    return "undefined" if math.isnan(v) else f"{v:.4g}"


def run(args) -> int:
    path, ext = checked_output(args)
    with function_from_args(args) as (fid, params):
        try:
            spec = J.jacobian_spectrum(fid, params, layers=args.layers, width=args.width, init=args.init,
                                       sigma_w2=args.sigma_w2, sigma_b2=args.sigma_b2,
                                       samples=args.samples, seed=args.seed)
        except (J.JacobianError, P.PhaseError) as exc:
            raise CliError(str(exc)) from None
        if ext == ".csv":
            atomic_write(path, spec.to_csv())
        else:
            from ..qt.phase_render import render_spectrum  # noqa: PLC0415 (Qt only for images)

            render_spectrum(spec, path, size=args.size)
    p = spec.predicted
    print(f"{spec.act_id}, {spec.layers} layers, width {spec.width}, {spec.init} weights, "
          f"sigma_w^2 = {spec.sigma_w2:.6g}, sigma_b^2 = {spec.sigma_b2:g}, {args.samples} network(s): "
          f"squared singular values mean {spec.mean():.4g}, variance {spec.variance():.4g}; "
          f"free-probability prediction mean {_fmt(p.mean)}, variance {_fmt(p.variance)}")
    return 0
