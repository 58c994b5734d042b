"""Regression: a small network fits a function of one (or two) inputs, in NumPy float64.

This is the model under the Fit view: a target (a named function, a typed expression or the
user's CSV of x,y rows), sampled with optional Gaussian noise and split into training and test
points; a :class:`~.network.Network` with a linear output head (one output, no softmax) trained
on the mean squared error with the same optimisers as the classification trainer; and a
history of the loss, the test loss and the dead units per epoch.

Definitions (what the numbers mean):

* ``loss`` / ``test_loss``: mean over the points of (prediction - y)^2 on the training / test
  points (the L2 term is not included); NaN without test points.
* ``dead``: hidden units whose f'(z) = 0 for every training input, counted exactly as the
  Training view counts them (:meth:`Network.derivative_peaks`); ``saturated``: not dead, but
  |f'(z)| < 1% of max|f'| for every training input.
* Inputs are standardised inside the network with the training inputs' mean and standard
  deviation (as in the Training view); every public function takes raw coordinates.  The
  targets y are used as they are.

The piece-by-piece analysis of a fitted one-hidden-layer network lives in :mod:`.pieces`; the
lessons built on it in :mod:`.fit_presets`; the targets and data in :mod:`.fit_data` (re-exported
here).

:class:`FitTrainer` can be driven one step or epoch at a time (``step(n)``), run with
``progress`` / ``should_stop`` / ``on_epoch`` callbacks (``run``) and read from another thread
(``snapshot``), like :class:`~.training.Trainer`; :func:`train_fit` is the plain function a
worker wraps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from . import catalogue
from .catalogue import Activation
from . import fit_data as _fit_data
from .fit_data import *  # noqa: F403 -- the targets and data, re-exported (see the docstring)
from .fit_data import EXTEND, MAX_POINTS, FitData, FitError
from .network import LayerSpec, Network, NetworkError
from .epoch_loop import Divergence, EpochLoop
from .tables import format_number
from .training import Optimizer, blas_threads, check_optimizer, check_run

__all__ = [
    *_fit_data.__all__,
    "FIT_INITS", "MAX_FIT_LAYERS", "MAX_FIT_UNITS",
    "FitConfig", "FitRecord", "FitDivergence", "FitSnapshot", "FitTrainer", "train_fit",
    "predict", "mse", "view_grid", "fit_history_csv", "history_columns", "prediction_grid",
]

FIT_INITS: tuple[str, ...] = ("he", "xavier", "lecun", "gaussian", "uniform")
MAX_FIT_LAYERS = 3
MAX_FIT_UNITS = 256


# ---- configuration ------------------------------------------------------------------------

@dataclass(frozen=True)
class FitConfig:
    """The network and its training (everything but the data).

    ``activation`` is a catalogue id or an :class:`~.catalogue.Activation` (a typed function),
    the same for every hidden layer, with ``params``.  ``init``: "he", "xavier", "lecun" and
    "uniform" as in the Training view, or "gaussian": every weight N(0, init_std^2).  Biases
    start at 0.  ``batch_size`` 0 means full batch (one step per epoch).  ``l2`` is coupled
    weight decay on the weights (PyTorch's ``weight_decay``).
    """

    hidden: tuple[int, ...] = (16,)
    activation: str | Activation = "tanh"
    params: Mapping[str, float] = field(default_factory=dict)
    init: str = "he"
    init_std: float = 1.0
    optimizer: str = "adam"
    lr: float = 0.01
    batch_size: int = 0
    l2: float = 0.0
    momentum: float = 0.9
    seed: int = 0
    standardize: bool = True
    dtype: str = "float64"

    @property
    def activation_id(self) -> str:
        return self.activation if isinstance(self.activation, str) else self.activation.id

    def entry(self) -> Activation:
        return catalogue.get(self.activation) if isinstance(self.activation, str) else self.activation

    def validate(self) -> "FitConfig":
        hidden = tuple(self.hidden)
        if not 1 <= len(hidden) <= MAX_FIT_LAYERS:
            raise FitError(f"the network needs 1 to {MAX_FIT_LAYERS} hidden layers, got {len(hidden)}")
        for i, h in enumerate(hidden, start=1):
            if int(h) != h or not 1 <= int(h) <= MAX_FIT_UNITS:
                raise FitError(f"hidden layer {i} must have 1 to {MAX_FIT_UNITS} units, got {h}")
        self.entry().resolve(self.params)
        if self.init not in FIT_INITS:
            raise FitError(f"unknown init {self.init!r}; use one of {', '.join(FIT_INITS)}")
        if not (math.isfinite(self.init_std) and 0.0 < self.init_std <= 10.0):
            raise FitError(f"the init standard deviation must be in (0, 10], got {self.init_std:g}")
        check_optimizer(self, FitError)
        if int(self.batch_size) != self.batch_size or not 0 <= self.batch_size <= MAX_POINTS:
            raise FitError(f"the batch size must be 0 (full batch) to {MAX_POINTS}, got {self.batch_size}")
        check_run(self, FitError)
        return self

    def build(self, n_inputs: int = 1) -> Network:
        """An untrained network for this config (weights drawn in :class:`FitTrainer`)."""
        specs = [LayerSpec(int(h), self.entry(), dict(self.params)) for h in self.hidden]  # type: ignore[arg-type]
        try:
            return Network(specs, n_inputs=n_inputs, n_classes=1, dtype=self.dtype, head="linear")
        except NetworkError as exc:
            raise FitError(str(exc)) from None


# ---- records ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FitRecord:
    """One epoch: losses (MSE, see the module docstring) and unit counts after it."""

    epoch: int
    steps: int
    loss: float
    test_loss: float
    dead: int
    saturated: int
    dead_per_layer: tuple[int, ...]


class FitDivergence(Divergence):
    """The fit stopped because the loss or the weights stopped being finite."""


@dataclass(frozen=True, eq=False)
class FitSnapshot:
    """A private copy of a fit's state, safe to read from any thread."""

    config: FitConfig
    epoch: int
    steps: int
    network: Network
    history: tuple[FitRecord, ...]
    dead: tuple[np.ndarray, ...]
    saturated: tuple[np.ndarray, ...]
    divergence: FitDivergence | None

    @property
    def last(self) -> FitRecord:
        return self.history[-1]


def fit_history_csv(records: Sequence[FitRecord]) -> str:
    """CSV text ``epoch,loss,test_loss,dead`` (floats as the shortest exact text; no test: empty)."""
    lines = ["epoch,loss,test_loss,dead"]
    for r in records:
        lines.append(f"{r.epoch},{format_number(r.loss)},{format_number(r.test_loss)},{r.dead}")
    return "\n".join(lines) + "\n"


# ---- evaluation helpers -------------------------------------------------------------------

def predict(net: Network, x) -> np.ndarray:
    """The network's output at raw inputs ``x`` (shape (n,) for one input, or (n, d)), float64."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    return np.asarray(net.logits(x), dtype=np.float64)[:, 0]


def mse(net: Network, x, y) -> float:
    y = np.asarray(y, dtype=np.float64)
    if y.size == 0:
        return float("nan")
    with np.errstate(all="ignore"):
        r = predict(net, x) - y
        return float(np.mean(r * r))


def view_grid(data: FitData, n: int = 601, extend: float = EXTEND) -> np.ndarray:
    """x values (1-D data) over the data range widened by ``extend`` of it on each side."""
    (lo, hi), = data.view_range(extend)[:1]
    return np.linspace(lo, hi, int(n))


# ---- the trainer --------------------------------------------------------------------------

def _initialize(net: Network, cfg: FitConfig, rng: np.random.Generator) -> None:
    if cfg.init == "gaussian":
        for W, b in zip(net.W, net.b):
            W[...] = rng.standard_normal(W.shape) * cfg.init_std
            b[...] = 0.0  # (PReLU slopes keep the value the constructor gave them)
    else:
        net.initialize(cfg.init, rng)


class FitTrainer(EpochLoop):
    """A regression session: network, optimiser, data and history (epoch 0 = untrained).

    :meth:`step` takes minibatch steps (with full batch one step is one epoch), :meth:`run`
    trains whole epochs with callbacks, :meth:`reset` starts again.  Methods take a lock, so a
    view may call :meth:`snapshot` while a worker trains.  The same data and config give the
    same history bit for bit however the work is split into calls.
    """

    CHUNK_SPANS_EPOCHS = True
    DIVERGENCE = FitDivergence

    def __init__(self, data: FitData, config: FitConfig | None = None):
        super().__init__()
        self.data = data
        self._generation = 0
        self.reset(config or FitConfig())

    def reset(self, config: FitConfig | None = None) -> None:
        with self._lock:
            cfg = (config if config is not None else self.config).validate()
            d = self.data
            net = cfg.build(d.dim)
            s_init, s_shuffle, s_noise = np.random.SeedSequence(int(cfg.seed)).spawn(3)
            _initialize(net, cfg, np.random.default_rng(s_init))
            if cfg.standardize:
                net.fit_input_scaling(d.x_train)
            self.config = cfg
            self.network = net
            self._generation += 1
            self._shuffle_rng = np.random.default_rng(s_shuffle)
            self._noise_rng = np.random.default_rng(s_noise)
            self.optimizer = Optimizer(cfg.optimizer, cfg.lr, net.n_params, net.dtype, net.weight_mask,
                                       l2=cfg.l2, momentum=cfg.momentum)
            self._xa_train = self._with_ones(net, d.x_train)
            self._Y_train = np.asarray(d.y_train, dtype=net.dtype).reshape(-1, 1).copy()
            self._xa_test = self._with_ones(net, d.x_test) if d.n_test else None
            self._Y_test = np.asarray(d.y_test, dtype=np.float64).reshape(-1, 1)
            n = d.n_train
            self._batch = n if cfg.batch_size in (0, None) else min(int(cfg.batch_size), n)
            # _forward_ready: does the workspace hold the forward pass of the training set?
            self._start_epochs()
            with np.errstate(all="ignore"), blas_threads(1):
                rec, masks, ok = self._evaluate()
            if not ok:
                raise FitError("the initial network does not give a finite loss")
            self._record(rec, masks)

    # -- training ---------------------------------------------------------------------------
    def _gradient(self, xb: np.ndarray, Yb: np.ndarray) -> np.ndarray:
        net = self.network
        ws = self._workspace(len(xb))
        if self._forward_ready and xb is self._xa_train:
            # Full batch: the evaluation that closed the last epoch left this very forward
            # pass in the workspace (same rows, same parameters).
            grad = net.mse_backward(ws, xb, Yb)
        else:
            grad = net.mse_gradient(ws, xb, Yb, self._noise_rng)
        self._forward_ready = False
        return grad

    # -- reading --------------------------------------------------------------------------
    def snapshot(self) -> FitSnapshot:
        with self._lock:
            return FitSnapshot(self.config, self.epoch, self.steps, self.network.copy(), tuple(self.history),
                               tuple(m.copy() for m in self._dead),
                               tuple(m.copy() for m in self._saturated), self.divergence)

    # -- internals --------------------------------------------------------------------------
    def _eval(self, xa: np.ndarray, Y: np.ndarray, peaks: bool):
        net = self.network
        ws = self._workspace(len(xa))
        out = np.asarray(net.forward_workspace(ws, xa), dtype=np.float64)
        r = out - Y
        loss = float(np.vdot(r, r)) / max(len(r), 1)
        return loss, (net.derivative_peaks(ws.z, ws.h) if peaks else None)

    def _evaluate(self):
        net = self.network
        test_loss = float("nan")
        if self._xa_test is not None:
            test_loss, _ = self._eval(self._xa_test, self._Y_test, False)
        # The training set last, so its forward pass stays in the workspace for the next step
        # (RReLU draws its training slopes at random, so it needs a forward pass of its own).
        loss, peaks = self._eval(self._xa_train, self._Y_train, True)
        self._forward_ready = not any(a.kind == "rrelu" for a in net.activations)
        ok = math.isfinite(loss) and bool(np.isfinite(net.params).all())
        dead, sat = net.status_from_peaks(peaks)
        dead_l = tuple(int(np.count_nonzero(m)) for m in dead)
        rec = FitRecord(self.epoch, self.steps, loss, test_loss, sum(dead_l),
                        sum(int(np.count_nonzero(m)) for m in sat), dead_l)
        return rec, (dead, sat), ok

    def _record(self, rec: FitRecord, masks) -> None:
        self._dead, self._saturated = masks
        self.history.append(rec)
        self._keep_good()


def train_fit(data: FitData, config: FitConfig | None = None, epochs: int = 1000, *,
              progress: Callable[[float], None] | None = None,
              should_stop: Callable[[], bool] | None = None,
              on_epoch: Callable[[FitRecord], None] | None = None) -> FitSnapshot:
    """Train a fresh network for ``epochs`` epochs and return the final :class:`FitSnapshot`."""
    trainer = FitTrainer(data, config)
    trainer.run(epochs, progress=progress, should_stop=should_stop, on_epoch=on_epoch)
    return trainer.snapshot()


def history_columns(records: Iterable[FitRecord]) -> dict[str, np.ndarray]:
    recs = list(records)
    return {
        "epoch": np.array([r.epoch for r in recs], dtype=np.int64),
        "loss": np.array([r.loss for r in recs], dtype=np.float64),
        "test_loss": np.array([r.test_loss for r in recs], dtype=np.float64),
        "dead": np.array([r.dead for r in recs], dtype=np.int64),
    }


def prediction_grid(net: Network, xlim: tuple[float, float], ylim: tuple[float, float],
                    n: int = 100) -> np.ndarray:
    """A two-input network's prediction over an n x n grid, shape (n, n) indexed [iy, ix]
    (row 0 is ``ylim[0]``), for the heatmap of a fit over the plane.  Each first-layer unit's
    map comes from :func:`~.network.unit_outputs_grid` on the same grid."""
    from .network import grid_points  # noqa: PLC0415

    if net.sizes[0] != 2:
        raise FitError(f"a heatmap needs a network with 2 inputs, this one has {net.sizes[0]}")
    _, _, pts = grid_points(xlim, ylim, n)
    with np.errstate(all="ignore"):
        return predict(net, pts).reshape(int(n), int(n))
