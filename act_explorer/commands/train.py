"""``act-explorer train``: train a small MLP on a 2-D data set and write its history as CSV.

One row per epoch (1..EPOCHS): ``epoch,loss,train_acc,test_acc,dead,saturated,dead_1..dead_L``
(see :mod:`act_explorer.model.training` for the definitions).  The same arguments give a
byte-identical file.  If training diverges, the rows before it are written, a ``warning:`` line
goes to stderr and the exit status is 0.
"""

from __future__ import annotations

import argparse
import sys

from ..model import catalogue
from ..model.datasets import (
    GENERATORS,
    MAX_CLASSES,
    MAX_POINTS,
    MIN_POINTS,
    MULTICLASS,
    DataError,
    load_csv,
    make_dataset,
)
from ..model.fileio import atomic_write
from ..model.lesson_setup import divergence_causes
from ..model.network import INITS, MAX_HIDDEN_LAYERS, MAX_UNITS, NetworkError
from ..model.training import LR_MAX, LR_MIN, OPTIMIZERS, TrainConfig, TrainingError, history_csv, train
from ._common import CliError, add_param_option, float_in, int_in, output_path

ORDER = 30

DEFAULTS = {
    "dataset": "moons",
    "points": 500,
    "noise": 0.1,
    "classes": 2,
    "test_fraction": 0.2,
    "hidden": (16, 16),
    "init": "he",
    "optimizer": "sgd",
    "lr": 0.1,
    "batch_size": 32,
    "l2": 0.0,
    "momentum": 0.9,
    "epochs": 200,
    "seed": 0,
    "dtype": "float64",
}


def hidden_sizes(text: str) -> tuple[int, ...]:
    """Parse ``16,16`` into (16, 16): 1 to 8 layers of 1 to 256 units."""
    parts = [p.strip() for p in text.split(",")]
    if not parts or any(p == "" for p in parts):
        raise argparse.ArgumentTypeError(f"expected sizes separated by commas, e.g. 16,16; got {text!r}")
    sizes = []
    for p in parts:
        try:
            v = int(p)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{p!r} is not a whole number") from None
        if not 1 <= v <= MAX_UNITS:
            raise argparse.ArgumentTypeError(f"a hidden layer must have 1 to {MAX_UNITS} units, got {v}")
        sizes.append(v)
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(sizes)}")
    return tuple(sizes)


def register(sub) -> None:
    d = DEFAULTS
    p = sub.add_parser(
        "train",
        help="train a small network on a 2-D data set; write loss, accuracy and dead units per epoch as CSV",
        description="Train an MLP (forward and backward passes in NumPy) on a 2-D classification data set and "
        "write one CSV row per epoch: epoch,loss,train_acc,test_acc,dead,saturated,dead_1..dead_L. "
        "loss is the mean cross-entropy on the training set; dead counts units whose derivative is 0 "
        "for every training input, saturated those (not dead) whose |f'| stays below 1% of its maximum. "
        "Inputs are standardised with the training set's mean and standard deviation.",
    )
    p.add_argument("id", metavar="ID",
                   help="activation of the hidden layers (catalogue id, see 'act-explorer list'); "
                   "or one id per hidden layer separated by commas, e.g. relu,tanh")
    add_param_option(p)
    src = p.add_mutually_exclusive_group()
    src.add_argument("--dataset", choices=GENERATORS, default=None,
                     help=f"generated data set (default {d['dataset']})")
    src.add_argument("--data", metavar="FILE.csv", default=None,
                     help="read points from a CSV file of x1,x2,label rows (optional header line)")
    p.add_argument("--points", type=int_in(MIN_POINTS, MAX_POINTS, "--points"), default=None, metavar="N",
                   help=f"points to generate (default {d['points']})")
    p.add_argument("--noise", type=float_in(0.0, 1.0, "--noise"), default=None, metavar="F",
                   help=f"standard deviation of the noise added to generated points (default {d['noise']})")
    p.add_argument("--classes", type=int_in(2, MAX_CLASSES, "--classes"), default=None, metavar="K",
                   help=f"number of classes for {' and '.join(MULTICLASS)} (default 2)")
    p.add_argument("--test-fraction", type=float_in(0.0, 0.9, "--test-fraction"), default=d["test_fraction"],
                   metavar="F",
                   help=f"fraction of points held out for testing; 0 trains on all (default {d['test_fraction']})")
    p.add_argument("--hidden", type=hidden_sizes, default=d["hidden"], metavar="SIZES",
                   help="hidden layer sizes, e.g. 16,16 (default 16,16; 1-8 layers of 1-256 units)")
    p.add_argument("--init", choices=INITS, default=d["init"], help=f"weight initialisation (default {d['init']})")
    p.add_argument("--optimizer", choices=OPTIMIZERS, default=d["optimizer"],
                   help=f"optimiser (default {d['optimizer']})")
    p.add_argument("--lr", type=float_in(LR_MIN, LR_MAX, "--lr"), default=d["lr"], metavar="X",
                   help=f"learning rate, {LR_MIN:g} to {LR_MAX:g} (default {d['lr']})")
    p.add_argument("--momentum", type=float_in(0.0, 0.999, "--momentum"), default=d["momentum"], metavar="X",
                   help=f"momentum coefficient for --optimizer momentum (default {d['momentum']})")
    p.add_argument("--batch-size", type=int_in(1, 100_000, "--batch-size"), default=d["batch_size"], metavar="B",
                   help=f"minibatch size; larger than the training set means full batch (default {d['batch_size']})")
    p.add_argument("--l2", type=float_in(0.0, 1.0, "--l2"), default=d["l2"], metavar="X",
                   help=f"L2 weight decay (default {d['l2']})")
    p.add_argument("--epochs", type=int_in(1, 100_000, "--epochs"), default=d["epochs"], metavar="N",
                   help=f"epochs to train (default {d['epochs']})")
    p.add_argument("--seed", type=int_in(0, 2**32 - 1, "--seed"), default=d["seed"], metavar="N",
                   help=f"seed for the data, the weights and the shuffling (default {d['seed']})")
    p.add_argument("--dtype", choices=("float64", "float32"), default=d["dtype"],
                   help=f"floating-point type of the network (default {d['dtype']})")
    p.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="output CSV file")
    p.set_defaults(func=run)


def _dataset(args):
    if args.data is not None:
        given = [flag for flag, v in (("--points", args.points), ("--noise", args.noise),
                                      ("--classes", args.classes)) if v is not None]
        if given:
            verb = "applies" if len(given) == 1 else "apply"
            raise CliError(f"{', '.join(given)} {verb} to generated data sets, not to --data")
        return load_csv(args.data, args.test_fraction, args.seed)
    d = DEFAULTS
    return make_dataset(
        args.dataset or d["dataset"],
        n_points=d["points"] if args.points is None else args.points,
        noise=d["noise"] if args.noise is None else args.noise,
        test_fraction=args.test_fraction,
        seed=args.seed,
        n_classes=args.classes,
    )


def _activations(args, n_layers: int) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    ids = [s.strip() for s in args.id.split(",")]
    if any(not s for s in ids):
        raise CliError(f"ID must be catalogue ids separated by commas, got {args.id!r}")
    if len(ids) == 1:
        ids = ids * n_layers
    elif len(ids) != n_layers:
        raise CliError(f"{len(ids)} activations given for {n_layers} hidden layers (--hidden); "
                       "give one or one per layer")
    assignments = catalogue.parse_param_assignments(args.param)
    acts, params = [], []
    for fid in ids:
        act = catalogue.get(fid)
        params.append(act.resolve(assignments))  # -p applies to every layer
        acts.append(act.id)
    return tuple(acts), tuple(params)


def run(args) -> int:
    path, _ = output_path(args.output, (".csv",))
    acts, params = _activations(args, len(args.hidden))
    try:
        ds = _dataset(args)
        cfg = TrainConfig(
            hidden=args.hidden, activation=acts, params=params, init=args.init,
            optimizer=args.optimizer, lr=args.lr, batch_size=args.batch_size, l2=args.l2,
            seed=args.seed, momentum=args.momentum, dtype=args.dtype,
        ).validate()
        snap = train(ds, cfg, args.epochs)
    except (DataError, TrainingError, NetworkError) as exc:
        raise CliError(str(exc)) from None
    rows = snap.history[1:]  # history[0] is the untrained network
    atomic_write(path, history_csv(rows, len(args.hidden)))
    if snap.divergence is not None:
        dv = snap.divergence
        kept = f"wrote epochs 1-{dv.restored_epoch}" if dv.restored_epoch >= 1 else "wrote no epochs"
        used = ", ".join(
            f"learning rate {c.value:g}" if c.name == "lr" else
            f"momentum {c.value:g}" if c.fid is None else
            f"{c.fid} {c.name}={c.value:g} (default {c.default:g})"
            for c in divergence_causes(snap.config))
        print(f"warning: training diverged in epoch {dv.epoch} ({dv.reason}) with {used}; "
              f"{kept} to {path}", file=sys.stderr)
    return 0
