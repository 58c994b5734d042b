"""``act-explorer train``: train a small MLP on a 2-D data set and write its history as CSV.

One row per epoch (1..EPOCHS): ``epoch,loss,train_acc,test_acc,dead,saturated,dead_1..dead_L``
(see :mod:`act_explorer.model.training` for the definitions).  The same arguments give a
byte-identical file.  If training diverges, the rows before it are written, a ``warning:`` line
goes to stderr and the exit status is 0.
"""

from __future__ import annotations

import sys

from ..model import catalogue
from ..model.datasets import GENERATORS, MULTICLASS, DataError, load_csv, make_dataset
from ..model.fileio import atomic_write
from ..model.lesson_setup import divergence_causes
from ..model.network import INITS, MAX_HIDDEN_LAYERS, MAX_UNITS, NetworkError
from ..model.training import LR_MAX, LR_MIN, TrainConfig, TrainingError, history_csv, train
from ..model.training_state import CSV, TrainingState, TrainingStateError
from ._common import CliError, add_output_option, add_param_option, checked_output
from ._options import add_run_options, hidden_sizes, not_with_data, state_value

ORDER = 30

# The training panel's defaults and limits: the command line builds the same TrainingState.
DEFAULTS = {**TrainingState().values(), "dtype": "float64"}
_GENERATED = {"--points": "points", "--noise": "noise", "--classes": "classes"}


def _field(name: str):
    """An option checked by TrainingState's field ``name`` (the number of classes against a
    data set that takes any, so the check is the field's own, not "moons has 2 classes")."""
    def make(**values):
        return TrainingState(dataset=MULTICLASS[0], **values) if name == "classes" else TrainingState(**values)

    return state_value(make, name, TrainingStateError)


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
    p.add_argument("--points", type=_field("points"), default=None, metavar="N",
                   help=f"points to generate (default {d['points']})")
    p.add_argument("--noise", type=_field("noise"), default=None, metavar="F",
                   help=f"standard deviation of the noise added to generated points (default {d['noise']})")
    p.add_argument("--classes", type=_field("classes"), default=None, metavar="K",
                   help=f"number of classes for {' and '.join(MULTICLASS)} (default {d['classes']})")
    p.add_argument("--test-fraction", type=_field("test_fraction"), default=d["test_fraction"],
                   metavar="F",
                   help=f"fraction of points held out for testing; 0 trains on all (default {d['test_fraction']})")
    p.add_argument("--hidden", type=hidden_sizes(MAX_UNITS, MAX_HIDDEN_LAYERS, "16,16"), default=d["hidden"],
                   metavar="SIZES", help="hidden layer sizes, e.g. 16,16 (default "
                   f"{','.join(map(str, d['hidden']))}; 1-{MAX_HIDDEN_LAYERS} layers of 1-{MAX_UNITS} units)")
    p.add_argument("--init", choices=INITS, default=d["init"], help=f"weight initialisation (default {d['init']})")
    add_run_options(p, d, {k: _field(k) for k in ("lr", "momentum", "batch_size", "l2", "epochs", "seed")}, {
        "lr": f"learning rate, {LR_MIN:g} to {LR_MAX:g} (default {d['lr']})",
        "batch_size": f"minibatch size; larger than the training set means full batch (default {d['batch_size']})",
        "epochs": f"epochs to train (default {d['epochs']})",
        "seed": f"seed for the data, the weights and the shuffling (default {d['seed']})",
    })
    p.add_argument("--dtype", choices=("float64", "float32"), default=d["dtype"],
                   help=f"floating-point type of the network (default {d['dtype']})")
    add_output_option(p, (".csv",))
    p.set_defaults(func=run)


def _state(args) -> TrainingState:
    """The training panel's settings for these arguments (raises TrainingStateError)."""
    values = dict(test_fraction=args.test_fraction, seed=args.seed, hidden=args.hidden, init=args.init,
                  optimizer=args.optimizer, lr=args.lr, momentum=args.momentum,
                  batch_size=args.batch_size, l2=args.l2, epochs=args.epochs)
    if args.data is not None:
        not_with_data(args, _GENERATED, "generated data sets")
        values.update(dataset=CSV, csv_path=args.data)
    else:
        values.update({name: getattr(args, name) for name in ("dataset", "points", "noise", "classes")
                       if getattr(args, name) is not None})
    return TrainingState(**values)


def _dataset(args, v: dict):
    if v["dataset"] == CSV:
        return load_csv(v["csv_path"], v["test_fraction"], v["seed"])
    return make_dataset(v["dataset"], n_points=v["points"], noise=v["noise"],
                        test_fraction=v["test_fraction"], seed=v["seed"], n_classes=args.classes)


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
    path, _ = checked_output(args)
    acts, params = _activations(args, len(args.hidden))
    try:
        v = _state(args).values()
        ds = _dataset(args, v)
        cfg = TrainConfig(
            hidden=v["hidden"], activation=acts, params=params, init=v["init"],
            optimizer=v["optimizer"], lr=v["lr"], batch_size=v["batch_size"], l2=v["l2"],
            seed=v["seed"], momentum=v["momentum"], dtype=args.dtype,
        ).validate()
        snap = train(ds, cfg, v["epochs"])
    except (DataError, TrainingError, TrainingStateError, NetworkError) as exc:
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
