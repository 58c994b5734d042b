"""``act-explorer trainability``: train plain deep networks across depth and sigma_w^2.

A small reproduction of Schoenholz et al. 2017's trainability result.  CSV: one row per
network, ``depth,sigma_w2,sigma_b2,train_accuracy,train_loss,xi_corr,six_xi_corr``
(xi_corr from mean-field theory, empty where undefined).  PNG: the accuracy heatmap over
(sigma_w^2, depth) with the curve depth = 6 xi_c.  Progress goes to standard error.
"""

from __future__ import annotations

import sys

from ..model import datasets
from ..model import trainability as T
from ..model.fileio import atomic_write
from ._common import (
    CliError, add_output_option, add_param_option, checked_output, finite_float, float_in, int_in,
    resolve_function,
)

ORDER = 29


def register(sub) -> None:
    d = T.SweepConfig()
    p = sub.add_parser(
        "trainability", help="train deep plain networks over depth x sigma_w^2 (Schoenholz et al. 2017)",
        description="Train plain MLPs (2 inputs, L hidden layers, 2 classes) initialised with "
        "W ~ N(0, sigma_w^2/fan_in), b ~ N(0, sigma_b^2) for a fixed number of SGD steps on a "
        "2-D data set, for every depth and sigma_w^2 asked for, and write the final training "
        "accuracy (CSV) or its heatmap with the mean-field curve depth = 6 xi_c (PNG/SVG). "
        f"The default ({len(d.depths)} depths x {len(d.sigma_w2)} sigma_w^2, {d.steps} steps) takes "
        "a few minutes.",
    )
    p.add_argument("id", nargs="?", default=d.activation, metavar="ID", help="catalogue id (default tanh)")
    add_param_option(p)
    p.add_argument("--sigma-w2", nargs="+", type=finite_float, default=list(d.sigma_w2), metavar="V",
                   help="weight variances to train (default %(default)s)")
    p.add_argument("--sigma-b2", type=float_in(0.0, 100.0, "--sigma-b2"), default=d.sigma_b2, metavar="V",
                   help="bias variance (default %(default)s)")
    p.add_argument("--depths", nargs="+", type=int_in(1, T.MAX_DEPTH, "--depths"), default=list(d.depths),
                   metavar="L", help="numbers of hidden layers (default %(default)s)")
    p.add_argument("--width", type=int_in(1, T.MAX_WIDTH, "--width"), default=d.width, metavar="W",
                   help="units per hidden layer (default %(default)s)")
    p.add_argument("--steps", type=int_in(1, T.MAX_STEPS, "--steps"), default=d.steps, metavar="N",
                   help="SGD steps per network (default %(default)s)")
    p.add_argument("--lr", type=float_in(0.0, 10.0, "--lr", lo_open=True), default=d.lr, metavar="LR",
                   help="learning rate (default %(default)s)")
    p.add_argument("--batch", type=int_in(1, 100_000, "--batch"), default=d.batch, metavar="B",
                   help="minibatch size (default %(default)s)")
    p.add_argument("--data", choices=datasets.GENERATORS, default=d.dataset,
                   help="data set (default %(default)s)")
    p.add_argument("--points", type=int_in(datasets.MIN_POINTS, 100_000, "--points"), default=d.n_points,
                   metavar="N", help="training points (default %(default)s)")
    p.add_argument("--seed", type=int_in(0, 2**63 - 1, "--seed"), default=d.seed, metavar="N",
                   help="random seed (default 0)")
    p.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p.add_argument("--size", default=None, metavar="WxH", help="PNG size in pixels (default 1600x1100)")
    add_output_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    path, ext = checked_output(args)
    act, params = resolve_function(args.id, args.param)
    try:
        cfg = T.SweepConfig(activation=act.id, params=params, sigma_w2=tuple(args.sigma_w2),
                            sigma_b2=args.sigma_b2, depths=tuple(args.depths), width=args.width,
                            steps=args.steps, lr=args.lr, batch=args.batch, dataset=args.data,
                            n_points=args.points, seed=args.seed).validate()
    except T.SweepError as exc:
        raise CliError(str(exc)) from None
    shown = [-1]

    def progress(frac: float) -> None:
        pct = int(frac * 100)
        if pct != shown[0] and not args.quiet:
            shown[0] = pct
            print(f"\rtraining {len(cfg.depths) * len(cfg.sigma_w2)} networks: {pct:3d}%",
                  end="" if pct < 100 else "\n", file=sys.stderr, flush=True)

    result = T.sweep(cfg, progress=progress)
    if ext == ".csv":
        atomic_write(path, result.to_csv())
    else:
        from ..qt.phase_render import render_sweep  # noqa: PLC0415 (Qt only for images)

        render_sweep(result, path, size=args.size)
    return 0
