"""``act-explorer fit``: train a small network to fit a function; write the fit and its pieces.

The CSV holds ``x,target,prediction,unit_1..unit_H`` on a grid that extends half the data
range beyond each side (the unit columns, for one hidden layer, are the units' contributions
v_j·phi(w_j x + b_j), which add up to the prediction minus the output bias); a target read
from a file has an empty target column.  A target over the plane (``--target plane`` or
``multi_gauss``, or an ``--expr`` in x1 and x2) gives ``x1,x2,target,prediction`` on a GRID x
GRID grid.  PNG/SVG draw the same with the window's plotting code.  ``--history`` writes
``epoch,loss,test_loss,dead`` (epochs 1..N).  The same arguments give byte-identical files.
"""

from __future__ import annotations

import sys

from ..model import catalogue
from ..model.fileio import atomic_write
from ..model.fit import (
    FIT_INITS,
    MAX_FIT_LAYERS,
    MAX_FIT_UNITS,
    MAX_POINTS,
    MIN_POINTS,
    TARGETS,
    TARGETS_2D,
    FitError,
    fit_history_csv,
    train_fit,
)
from ..model import fit_state as FS
from ..model.fit_data import MAX_NOISE
from ..model.fit_tables import fit_table, fit_table_2d
from ..model.training import LR_MAX, LR_MIN
from . import _options
from ._common import (
    CliError, add_output_option, add_param_option, checked_output, finite_float, float_in, int_in,
    output_path,
)
from ._options import add_run_options, not_with_data

ORDER = 35

# The settings' defaults and limits are the Fit view's (model/fit_state.py); only the grid
# of the CSV is the command's own.
DEFAULTS = {
    **{k: FS.DEFAULTS[k] for k in ("target", "noise", "test_fraction", "hidden", "init", "optimizer",
                                   "lr", "momentum", "batch_size", "epochs", "seed")},
    "points": FS.POINTS_1D,
    "points_2d": FS.POINTS_2D,
    "l2": f"{FS.DEFAULTS['l2']:g}",     # (shown as "0" in --help)
    "grid": 601,
    "grid_2d": 61,
}


hidden_sizes = _options.hidden_sizes(MAX_FIT_UNITS, MAX_FIT_LAYERS, "16 or 16,16")
_GENERATED = {"--range": "range", "--points": "points", "--noise": "noise"}


def register(sub) -> None:
    d = DEFAULTS
    p = sub.add_parser(
        "fit",
        help="train a small network to fit a function of x; write the fit and each unit's contribution",
        description="Fit a target function with an MLP of 1-3 hidden layers and a linear output "
        "(mean squared error; forward and backward passes in NumPy float64). Writes "
        "x,target,prediction,unit_1..unit_H on a grid reaching half the data range beyond each "
        "side (unit_j = v_j*phi(w_j*x + b_j), one hidden layer only; they add up to prediction "
        "minus the output bias), or a PNG/SVG of the data, the target, the fit and the units with "
        "their kinks. Inputs are standardised with the training points' mean and standard deviation.",
    )
    p.add_argument("id", nargs="?", metavar="ID",
                   help="activation of the hidden layers (catalogue id, see 'act-explorer list')")
    p.add_argument("--function-expr", metavar="EXPR", default=None,
                   help="a typed activation instead of ID, e.g. \"x*sigmoid(b*x)\" with -p b=1.5")
    add_param_option(p)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--target", choices=(*TARGETS, *TARGETS_2D), default=None,
                     help=f"function to fit (default {d['target']}); plane and multi_gauss are over (x1, x2)")
    src.add_argument("--expr", metavar="E", default=None,
                     help="target typed as an expression of x, e.g. \"x^2 - relu(x)\" (or of x1 and x2)")
    src.add_argument("--data", metavar="FILE.csv", default=None,
                     help="fit the points of a CSV file of x,y rows (optional header line)")
    p.add_argument("--range", nargs=2, type=finite_float, default=None, metavar=("A", "B"),
                   help="input range of the target, of both inputs over the plane (default -pi pi for sin, else -2 2)")
    p.add_argument("--points", type=int_in(MIN_POINTS, MAX_POINTS, "--points"), default=None, metavar="N",
                   help=f"points to sample (default {d['points']}; {d['points_2d']} over the plane)")
    p.add_argument("--noise", type=float_in(0.0, MAX_NOISE, "--noise"), default=None, metavar="S",
                   help="standard deviation of Gaussian noise added to the targets (default 0)")
    p.add_argument("--test-fraction", type=float_in(0.0, FS.TEST_FRACTION_MAX, "--test-fraction"), default=d["test_fraction"],
                   metavar="F", help=f"fraction of points held out for testing (default {d['test_fraction']})")
    p.add_argument("--hidden", type=hidden_sizes, default=d["hidden"], metavar="SIZES",
                   help=f"hidden layer sizes, e.g. 16 or 16,16 (1-{MAX_FIT_LAYERS} layers; default 16)")
    p.add_argument("--init", choices=FIT_INITS, default=d["init"],
                   help="weight initialisation (gaussian: N(0, 1) for every weight; default he)")
    add_run_options(p, d, {
        "lr": float_in(LR_MIN, LR_MAX, "--lr"),
        "momentum": float_in(0.0, FS.MOMENTUM_MAX, "--momentum"),
        "batch_size": int_in(0, MAX_POINTS, "--batch-size"),
        "l2": float_in(0.0, FS.FIT_L2_MAX, "--l2"),
        "epochs": int_in(0, FS.MAX_EPOCHS, "--epochs"),
        "seed": int_in(0, FS.SEED_MAX, "--seed"),
    }, {
        "lr": f"learning rate (default {d['lr']})",
        "batch_size": f"minibatch size; 0 = full batch, one step per epoch (default {d['batch_size']})",
        "epochs": f"epochs to train (default {d['epochs']})",
        "seed": f"seed for the noise, the split, the weights and the shuffling (default {d['seed']})",
    })
    p.add_argument("--grid", type=int_in(2, 100_000, "--grid"), default=None, metavar="N",
                   help=f"grid points of the CSV (default {d['grid']}; {d['grid_2d']} per side over the plane)")
    p.add_argument("--size", default=None, metavar="WxH", help="image size in pixels for PNG (default 1600x1000)")
    p.add_argument("--history", default=None, metavar="H.csv",
                   help="also write epoch,loss,test_loss,dead per epoch to this CSV")
    add_output_option(p)
    p.set_defaults(func=run)


def _activation(args) -> tuple[object, dict]:
    if (args.id is None) == (args.function_expr is None):
        raise CliError("give an activation: a catalogue id (see 'act-explorer list') or --function-expr, not both")
    if args.function_expr is not None:
        from ..model import expression  # noqa: PLC0415

        compiled = expression.compile_expression(args.function_expr, args.param)
        return compiled.activation, dict(compiled.params)
    act = catalogue.get(args.id)
    return act.id, act.resolve(catalogue.parse_param_assignments(args.param))


def _state(args) -> FS.FitState:
    """The Fit view's settings from the arguments (the same validation and defaults)."""
    values = dict(hidden=args.hidden, init=args.init, optimizer=args.optimizer, lr=args.lr,
                  momentum=args.momentum, batch_size=args.batch_size, l2=float(args.l2),
                  epochs=args.epochs, seed=args.seed, test_fraction=args.test_fraction,
                  noise=args.noise or 0.0, x_range=args.range, points=args.points)
    if args.data is not None:
        not_with_data(args, _GENERATED, "generated targets")
        values.update(target=FS.CSV, csv_path=args.data)
    elif args.expr is not None:
        values.update(target=FS.EXPR, expr=args.expr)
    else:
        values.update(target=args.target or DEFAULTS["target"])
    return FS.FitState(**values)


def run(args) -> int:
    path, ext = checked_output(args)
    hist_path = output_path(args.history, (".csv",))[0] if args.history else None
    if hist_path is not None and hist_path.resolve() == path.resolve():
        raise CliError("--history and -o name the same file")
    activation, params = _activation(args)
    try:
        state = _state(args)
        data = state.make_data()
        grid_n = args.grid or (DEFAULTS["grid_2d"] if data.dim == 2 else DEFAULTS["grid"])
        if data.dim == 2 and grid_n > 2000:
            raise CliError(f"--grid {grid_n} over the plane makes {grid_n * grid_n} points; at most 2000 per side")
        snap = train_fit(data, state.config(activation, params), state.epochs)
    except FitError as exc:
        raise CliError(str(exc)) from None
    if ext == ".csv":
        header, cols = (fit_table_2d if data.dim == 2 else fit_table)(data, snap.network, grid_n)
        from ..model.tables import csv_text  # noqa: PLC0415

        atomic_write(path, csv_text(header, cols))
    else:
        from ..qt.fit_render import render_fit  # noqa: PLC0415 (Qt only for images)

        render_fit(data, snap, path, size=args.size)
    if hist_path is not None:
        atomic_write(hist_path, fit_history_csv(snap.history[1:]))
    if snap.divergence is not None:
        dv = snap.divergence
        print(f"warning: training diverged in epoch {dv.epoch} ({dv.reason}); "
              f"wrote the network of epoch {dv.restored_epoch}", file=sys.stderr)
    return 0
