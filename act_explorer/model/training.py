"""Training a :class:`~.network.Network` on a :class:`~.datasets.Dataset`, epoch by epoch.

Long work is a plain function here, with no Qt: :func:`train` runs a whole training with
``progress`` / ``should_stop`` / ``on_epoch`` callbacks (a Qt worker wraps it), and
:class:`Trainer` is the session object underneath, which a view can drive one epoch or a few
minibatch steps at a time, reset, and read through :meth:`Trainer.snapshot` from another thread.

What is recorded after every epoch (:class:`EpochRecord`), all in evaluation mode on the full
training set (RReLU at its mean slope):

* ``loss``: mean cross-entropy on the training set (the L2 term is not included);
  ``test_loss`` likewise on the test set;
* ``train_acc``, ``test_acc``: fraction classified correctly (NaN without a test set);
* ``dead``: units whose f'(z) = 0 for every training input (they get no gradient any more),
  per hidden layer and in total;
* ``saturated``: units that are not dead but whose |f'(z)| is below 1% of max |f'| for every
  training input.  The two counts are disjoint.

``history[0]`` is the state before training (epoch 0), so units "born dead" show up.  For each
unit the trainer also keeps the epoch at which it died (the first epoch of its current dead
streak, -1 while alive).

Divergence: a non-finite loss or non-finite weights at the end of an epoch stop training with a
:class:`Divergence` naming the epoch; the network (and optimiser state) is restored to the end
of the last finite epoch.  NumPy floating-point warnings are silenced inside training (errstate)
because non-finite values are detected and reported explicitly.

Determinism: the same data set and :class:`TrainConfig` give the same history, bit for bit,
however the work is split into :meth:`Trainer.step` calls.  Weights, shuffling and RReLU noise
draw from three streams spawned from ``seed``.

Speed: BLAS is limited to one thread while training (threadpoolctl), entered once per run.  On
matrices this small, BLAS threads only fight for cores, and on a machine whose other core is
busy painting the GUI the default threading is several times slower (see FACTS.md).  Training
steps reuse preallocated buffers.  In full-batch mode the evaluation of an epoch's end state is
the forward pass of the next step (same weights, data and arithmetic), so each epoch runs one
forward pass, not two (``tests/benchmarks/bench_train_epochs.py`` compares with PyTorch).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

import numpy as np

from .blas import blas_limit_depth, blas_threads
from .datasets import Dataset
from .epoch_loop import Divergence, EpochLoop
from .network import (
    DTYPES,
    INITS,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    LayerSpec,
    LayerStats,
    Network,
    NetworkError,
    layer_statistics,
)
from .network import _cross_entropy as _ce
from .tables import format_number

__all__ = [
    "OPTIMIZERS",
    "LR_MIN",
    "LR_MAX",
    "TrainingError",
    "TrainConfig",
    "EpochRecord",
    "Divergence",
    "Snapshot",
    "Optimizer",
    "Trainer",
    "train",
    "history_arrays",
    "history_csv",
    "blas_threads",
    "blas_limit_depth",
]

OPTIMIZERS: tuple[str, ...] = ("sgd", "momentum", "adam")
LR_MIN = 1e-5
LR_MAX = 10.0
L2_MAX = 1.0
MAX_BATCH = 100_000


class TrainingError(ValueError):
    """A training option that is not allowed; ``str()`` is a sentence for the user."""


# ---- configuration -------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainConfig:
    """Everything that defines a training run except the data.

    ``activation``/``params`` are one catalogue id and its parameters for every hidden layer,
    or a sequence with one per layer.  ``l2`` is added to the weight gradients as l2 * W
    (PyTorch's coupled weight_decay; biases and PReLU slopes are not decayed).  ``momentum`` is
    the coefficient of the "momentum" optimiser; Adam uses PyTorch's defaults (0.9, 0.999,
    1e-8).  ``standardize`` feeds the network (x - mean) / std of the training inputs (the data
    set keeps raw coordinates).
    """

    hidden: tuple[int, ...] = (16, 16)
    activation: str | tuple[str, ...] = "relu"
    params: Mapping[str, float] | tuple[Mapping[str, float], ...] = field(default_factory=dict)
    init: str = "he"
    optimizer: str = "sgd"
    lr: float = 0.1
    batch_size: int = 32
    l2: float = 0.0
    seed: int = 0
    momentum: float = 0.9
    standardize: bool = True
    dtype: str = "float64"

    def layer_specs(self) -> list[LayerSpec]:
        hidden = tuple(int(h) for h in self.hidden)
        n = len(hidden)
        acts = (self.activation,) * n if isinstance(self.activation, str) else tuple(self.activation)
        if isinstance(self.params, Mapping):
            params: tuple = (dict(self.params),) * n
        else:
            params = tuple(dict(p) for p in self.params)
        if len(acts) != n:
            raise TrainingError(f"{len(acts)} activations given for {n} hidden layers")
        if len(params) != n:
            raise TrainingError(f"{len(params)} parameter sets given for {n} hidden layers")
        return [LayerSpec(h, a, p) for h, a, p in zip(hidden, acts, params)]

    def validate(self) -> "TrainConfig":
        """Raise :class:`TrainingError` (or ParamError/UnknownActivation) if not valid."""
        if not 1 <= len(self.hidden) <= MAX_HIDDEN_LAYERS:
            raise TrainingError(f"the network needs 1 to {MAX_HIDDEN_LAYERS} hidden layers, got {len(self.hidden)}")
        for i, h in enumerate(self.hidden, start=1):
            if int(h) != h or not 1 <= int(h) <= MAX_UNITS:
                raise TrainingError(f"hidden layer {i} must have 1 to {MAX_UNITS} units, got {h}")
        self.layer_specs()
        if self.init not in INITS:
            raise TrainingError(f"unknown init {self.init!r}; use one of {', '.join(INITS)}")
        check_optimizer(self, TrainingError)
        if int(self.batch_size) != self.batch_size or not 1 <= self.batch_size <= MAX_BATCH:
            raise TrainingError(f"the batch size must be between 1 and {MAX_BATCH}, got {self.batch_size}")
        check_run(self, TrainingError)
        return self


def check_optimizer(cfg, error: type[Exception]) -> None:
    """``cfg.optimizer`` and ``cfg.lr`` (a TrainConfig or FitConfig), else ``error``."""
    if cfg.optimizer not in OPTIMIZERS:
        raise error(f"unknown optimizer {cfg.optimizer!r}; use one of {', '.join(OPTIMIZERS)}")
    if not (math.isfinite(cfg.lr) and LR_MIN <= cfg.lr <= LR_MAX):
        raise error(f"the learning rate must be between {LR_MIN:g} and {LR_MAX:g}, got {cfg.lr:g}")


def check_run(cfg, error: type[Exception]) -> None:
    """``cfg.l2``, ``momentum``, ``seed`` and ``dtype`` (a TrainConfig or FitConfig), else ``error``."""
    if not (math.isfinite(cfg.l2) and 0.0 <= cfg.l2 <= L2_MAX):
        raise error(f"L2 must be between 0 and {L2_MAX:g}, got {cfg.l2:g}")
    if not (math.isfinite(cfg.momentum) and 0.0 <= cfg.momentum < 1.0):
        raise error(f"momentum must be in [0, 1), got {cfg.momentum:g}")
    if int(cfg.seed) != cfg.seed or cfg.seed < 0:
        raise error(f"the seed must be a whole number >= 0, got {cfg.seed}")
    if cfg.dtype not in DTYPES:
        raise error(f"dtype must be one of {', '.join(DTYPES)}, got {cfg.dtype!r}")


# ---- records ------------------------------------------------------------------------------

@dataclass(frozen=True)
class EpochRecord:
    """What one epoch left behind (see the module docstring for the definitions)."""

    epoch: int
    steps: int  # minibatch steps taken since the start
    loss: float
    test_loss: float
    train_acc: float
    test_acc: float
    dead: int
    saturated: int
    dead_per_layer: tuple[int, ...]
    saturated_per_layer: tuple[int, ...]
    slopes: tuple[float | None, ...] = ()  # PReLU slope per hidden layer (None elsewhere)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A consistent, private copy of a trainer's state, safe to read from any thread.

    ``network`` is a copy (use it with :func:`~.network.decision_grid` and friends);
    ``dead``/``saturated`` are the unit masks of the latest epoch, ``died_at`` per unit the
    epoch its current dead streak began (-1 while alive), ``revived`` per unit the last dead
    streak that ended: ``(died, back)`` epochs as an (n, 2) array, -1 where none did.  Only
    units past the first hidden layer can come back: their inputs change as the layers below
    learn, while a dead first-layer unit sees the same data and gets no gradient.
    """

    config: TrainConfig
    epoch: int
    steps: int
    network: Network
    history: tuple[EpochRecord, ...]
    dead: tuple[np.ndarray, ...]
    saturated: tuple[np.ndarray, ...]
    died_at: tuple[np.ndarray, ...]
    divergence: Divergence | None
    revived: tuple[np.ndarray, ...] = ()

    @property
    def last(self) -> EpochRecord:
        return self.history[-1]


def history_arrays(records: Sequence[EpochRecord]) -> dict[str, np.ndarray]:
    """Columns of a history as arrays (``dead_per_layer`` etc. are (epochs, layers))."""
    recs = list(records)
    out: dict[str, np.ndarray] = {}
    for name in ("epoch", "steps", "dead", "saturated"):
        out[name] = np.array([getattr(r, name) for r in recs], dtype=np.int64)
    for name in ("loss", "test_loss", "train_acc", "test_acc"):
        out[name] = np.array([getattr(r, name) for r in recs], dtype=np.float64)
    n_layers = len(recs[0].dead_per_layer) if recs else 0
    for name in ("dead_per_layer", "saturated_per_layer"):
        out[name] = np.array([getattr(r, name) for r in recs], dtype=np.int64).reshape(len(recs), n_layers)
    return out


def history_csv(records: Sequence[EpochRecord], n_layers: int | None = None) -> str:
    """CSV text: ``epoch,loss,train_acc,test_acc,dead,saturated,dead_1..dead_L``.

    Floats are written as the shortest text that reads back exactly; a missing test accuracy
    (no test set) is an empty field.
    """
    recs = list(records)
    if n_layers is None:
        n_layers = len(recs[0].dead_per_layer) if recs else 0
    header = ["epoch", "loss", "train_acc", "test_acc", "dead", "saturated"]
    header += [f"dead_{i}" for i in range(1, n_layers + 1)]
    lines = [",".join(header)]
    for r in recs:
        row = [str(r.epoch), format_number(r.loss), format_number(r.train_acc),
               format_number(r.test_acc), str(r.dead), str(r.saturated)]
        row += [str(d) for d in r.dead_per_layer]
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


# ---- optimisers ---------------------------------------------------------------------------

class Optimizer:
    """SGD, SGD with momentum, or Adam over a flat parameter vector, as PyTorch defines them.

    ``l2`` is coupled weight decay on the entries where ``decay_mask`` is 1 (the weights).
    """

    def __init__(self, name: str, lr: float, size: int, dtype, decay_mask: np.ndarray,
                 l2: float = 0.0, momentum: float = 0.9, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8):
        if name not in OPTIMIZERS:
            raise TrainingError(f"unknown optimizer {name!r}; use one of {', '.join(OPTIMIZERS)}")
        self.name = name
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.t = 0
        self._decay_mask = decay_mask
        self._tmp = np.zeros(size, dtype)
        self.m = np.zeros(size, dtype) if name != "sgd" else None
        self.v = np.zeros(size, dtype) if name == "adam" else None
        self.set_l2(l2)

    def set_l2(self, l2: float) -> None:
        self.l2 = float(l2)
        self._l2vec = (self._decay_mask * self.l2).astype(self._tmp.dtype) if self.l2 else None

    def step(self, p: np.ndarray, g: np.ndarray) -> None:
        """Update ``p`` in place from gradient ``g`` (which is used as scratch)."""
        tmp = self._tmp
        if self._l2vec is not None:
            np.multiply(p, self._l2vec, out=tmp)
            g += tmp
        self.t += 1
        if self.name == "sgd":
            g *= self.lr
            p -= g
        elif self.name == "momentum":
            m = self.m
            m *= self.momentum
            m += g
            np.multiply(m, self.lr, out=tmp)
            p -= tmp
        else:
            m, v = self.m, self.v
            b1, b2 = self.beta1, self.beta2
            np.multiply(g, g, out=tmp)
            tmp *= 1.0 - b2
            v *= b2
            v += tmp
            g *= 1.0 - b1
            m *= b1
            m += g
            bc1 = 1.0 - b1 ** self.t
            bc2 = 1.0 - b2 ** self.t
            np.sqrt(v, out=tmp)
            tmp *= 1.0 / math.sqrt(bc2)
            tmp += self.eps
            np.divide(m, tmp, out=tmp)
            tmp *= self.lr / bc1
            p -= tmp

    def get_state(self) -> tuple:
        return (self.t, None if self.m is None else self.m.copy(), None if self.v is None else self.v.copy())

    def set_state(self, state: tuple) -> None:
        t, m, v = state
        self.t = t
        if m is not None:
            self.m[...] = m
        if v is not None:
            self.v[...] = v


# ---- the trainer -------------------------------------------------------------------------

class Trainer(EpochLoop):
    """A training session: network, optimiser, data and history.

    Drive it with :meth:`step` (N minibatch steps), :meth:`run_epoch` or :meth:`run`; call
    :meth:`reset` to start again (optionally with a new config).  All methods take an internal
    lock, so a GUI thread may call :meth:`snapshot` while a worker thread trains; the live
    :attr:`network` must only be touched by the thread that trains.
    """

    # Full batch: take the evaluation of each epoch's end state from the next step's forward
    # pass (see reset).  False runs the two separately (the reference the tests compare to).
    FUSE_EVALUATION = True

    def __init__(self, dataset: Dataset, config: TrainConfig | None = None):
        super().__init__()
        self.dataset = dataset
        self.reset(config or TrainConfig())

    # -- setup ------------------------------------------------------------------------------
    def reset(self, config: TrainConfig | None = None, *, seed: int | None = None) -> None:
        """Start again from freshly initialised weights (same config unless one is given)."""
        with self._lock:
            cfg = config if config is not None else self.config
            if seed is not None:
                cfg = replace(cfg, seed=int(seed))
            cfg.validate()
            ds = self.dataset
            if ds.n_train < 1:
                raise TrainingError("the data set has no training points")
            try:
                net = Network(cfg.layer_specs(), n_inputs=ds.x_train.shape[1], n_classes=ds.n_classes,
                              dtype=cfg.dtype)
            except NetworkError as exc:
                raise TrainingError(str(exc)) from None
            s_init, s_shuffle, s_noise = np.random.SeedSequence(int(cfg.seed)).spawn(3)
            net.initialize(cfg.init, np.random.default_rng(s_init))
            if cfg.standardize:
                net.fit_input_scaling(ds.x_train)
            self.config = cfg
            self.network = net
            self._generation = getattr(self, "_generation", 0) + 1
            self._shuffle_rng = np.random.default_rng(s_shuffle)
            self._noise_rng = np.random.default_rng(s_noise)
            self.optimizer = Optimizer(cfg.optimizer, cfg.lr, net.n_params, net.dtype, net.weight_mask,
                                       l2=cfg.l2, momentum=cfg.momentum)
            self._x_train = net.standardize(ds.x_train)
            # Inputs with a column of ones (the bias input; see Network.step_gradient).
            self._xa_train = self._with_ones(net, ds.x_train)
            self._y_train = np.asarray(ds.y_train, dtype=np.int64)
            self._Y_train = np.zeros((ds.n_train, ds.n_classes), dtype=net.dtype)  # one-hot
            self._Y_train[np.arange(ds.n_train), self._y_train] = 1.0
            self._x_test = net.standardize(ds.x_test) if ds.n_test else None
            self._xa_test = self._with_ones(net, ds.x_test) if ds.n_test else None
            self._y_test = np.asarray(ds.y_test, dtype=np.int64)
            self._batch = min(int(cfg.batch_size), ds.n_train)
            # Rows per pass through the buffers: a larger batch (or an evaluation) is done in
            # chunks of this many rows, so memory stays bounded (~2e6 hidden values a buffer).
            self._chunk = max(256, min(4096, 2_000_000 // net.n_hidden_units))
            self._grad_sum = np.zeros(net.n_params, dtype=net.dtype)
            self._start_epochs()
            # Full batch: every step's forward pass is the evaluation of the state the previous
            # epoch ended in (same weights, same data, same arithmetic into the same buffers),
            # so the evaluation leaves it in the step's workspace and the step only runs the
            # backward pass.  Not with RReLU, whose training forward draws random slopes.
            self._fused = (self.FUSE_EVALUATION and self._batch >= ds.n_train and ds.n_train <= self._chunk
                           and not any(a.kind == "rrelu" for a in net.activations))
            self._died_at = [np.full(n, -1, dtype=np.int64) for n in net.hidden_sizes]
            self._revived = [np.full((n, 2), -1, dtype=np.int64) for n in net.hidden_sizes]
            with np.errstate(all="ignore"), blas_threads(1):
                rec, masks, ok = self._evaluate()
            if not ok:  # pragma: no cover - a fresh network is finite
                raise TrainingError("the initial network does not give a finite loss")
            self._record(rec, masks)

    def set_l2(self, l2: float) -> None:
        with self._lock:
            cfg = replace(self.config, l2=float(l2)).validate()
            self.config = cfg
            self.optimizer.set_l2(cfg.l2)

    # -- properties -----------------------------------------------------------------------
    @property
    def diverged(self) -> bool:
        return self.divergence is not None

    @property
    def died_at(self) -> list[np.ndarray]:
        return [a.copy() for a in self._died_at]

    # -- training ---------------------------------------------------------------------------
    def _gradient(self, xb: np.ndarray, Yb: np.ndarray) -> np.ndarray:
        net = self.network
        rows = len(xb)
        if rows <= self._chunk:
            grad = net.step_gradient(self._workspace(rows), xb, Yb, self._noise_rng,
                                     forward_done=self._forward_ready)
            self._forward_ready = False
            return grad
        # the mean gradient as a row-weighted sum of chunk means
        grad = self._grad_sum
        grad.fill(0.0)
        for c0 in range(0, rows, self._chunk):
            xc, Yc = xb[c0:c0 + self._chunk], Yb[c0:c0 + self._chunk]
            g = net.step_gradient(self._workspace(len(xc)), xc, Yc, self._noise_rng)
            g *= len(xc) / rows
            grad += g
        return grad

    def run_epoch(self) -> EpochRecord | None:
        """Finish the current epoch; its record, or None if training diverged."""
        left = -(-(self.dataset.n_train - self._cursor) // self._batch)
        recs = self.step(max(left, 1))
        return recs[-1] if recs else None

    # -- reading --------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """A consistent copy of the state (network, history, unit masks, divergence)."""
        with self._lock:
            return Snapshot(
                config=self.config,
                epoch=self.epoch,
                steps=self.steps,
                network=self.network.copy(),
                history=tuple(self.history),
                dead=tuple(m.copy() for m in self._dead),
                saturated=tuple(m.copy() for m in self._saturated),
                died_at=tuple(a.copy() for a in self._died_at),
                divergence=self.divergence,
                revived=tuple(a.copy() for a in self._revived),
            )

    def layer_statistics(self, split: str = "train", max_samples: int | None = 2000) -> list[LayerStats]:
        """Per-layer pre-activations and gradients for histograms (see :func:`layer_statistics`)."""
        ds = self.dataset
        x, y = (ds.x_train, ds.y_train) if split == "train" else (ds.x_test, ds.y_test)
        with self._lock:
            net = self.network.copy()
        with blas_threads(1):
            return layer_statistics(net, x, y, max_samples=max_samples)

    # -- internals --------------------------------------------------------------------------
    def _evaluate(self) -> tuple[EpochRecord, tuple, bool]:
        """Loss, accuracy and unit status on the full training (and test) set.

        Runs in chunks through preallocated workspaces (fresh 100 kB arrays on every epoch
        cost page faults that doubled the time of this step).
        """
        net = self.network
        # The test set first: the training set's forward pass is left in its workspace, where
        # the next full-batch step picks it up (see reset).
        if self._xa_test is not None:
            test_loss, test_acc, _ = self._eval_split(self._xa_test, self._y_test, peaks=False)
        else:
            test_loss = test_acc = float("nan")
        loss, train_acc, peaks = self._eval_split(self._xa_train, self._y_train, peaks=True)
        self._forward_ready = self._fused
        ok = math.isfinite(loss) and bool(np.isfinite(net.params).all())
        dead, sat = net.status_from_peaks(peaks)
        dead_l = tuple(int(np.count_nonzero(d)) for d in dead)
        sat_l = tuple(int(np.count_nonzero(m)) for m in sat)
        rec = EpochRecord(
            epoch=self.epoch, steps=self.steps, loss=loss, test_loss=test_loss,
            train_acc=train_acc, test_acc=test_acc,
            dead=sum(dead_l), saturated=sum(sat_l),
            dead_per_layer=dead_l, saturated_per_layer=sat_l,
            slopes=tuple(net.slopes()),
        )
        return rec, (dead, sat), ok

    def _eval_split(self, xa: np.ndarray, y: np.ndarray, peaks: bool) -> tuple[float, float, list]:
        net = self.network
        n = len(y)
        loss_sum = 0.0
        correct = 0
        acc_peaks: list[np.ndarray] | None = None
        for start in range(0, n, self._chunk):
            xc = xa[start:start + self._chunk]
            yc = y[start:start + self._chunk]
            ws = self._workspace(len(yc))
            lg = np.asarray(net.forward_workspace(ws, xc), dtype=np.float64)
            loss_sum += _ce(lg, yc) * len(yc)
            correct += int(np.count_nonzero(np.argmax(lg, axis=1) == yc))
            if peaks:
                p = net.derivative_peaks(ws.z, ws.h)
                # np.maximum keeps NaN: a unit with a NaN derivative is neither dead nor saturated
                acc_peaks = p if acc_peaks is None else [np.maximum(a, b) for a, b in zip(acc_peaks, p)]
        return loss_sum / n, correct / n, (acc_peaks or [])

    def _record(self, rec: EpochRecord, masks: tuple) -> None:
        dead, sat = masks
        for died, back, d in zip(self._died_at, self._revived, dead):
            came_back = ~d & (died >= 0)
            back[came_back, 0] = died[came_back]
            back[came_back, 1] = rec.epoch
            died[~d] = -1
            died[d & (died < 0)] = rec.epoch
        self._dead, self._saturated = dead, sat
        self.history.append(rec)
        self._keep_good()


def train(dataset: Dataset, config: TrainConfig | None = None, epochs: int = 200, *,
          progress: Callable[[float], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          on_epoch: Callable[[EpochRecord], None] | None = None) -> Snapshot:
    """Train a fresh network for ``epochs`` epochs and return the final :class:`Snapshot`.

    The plain function a Qt worker wraps: ``progress(percent)``, ``should_stop()`` and
    ``on_epoch(record)`` as in :meth:`Trainer.run`.  Stops early on divergence (the snapshot's
    ``divergence`` says why) or when ``should_stop()`` returns True.
    """
    trainer = Trainer(dataset, config)
    trainer.run(epochs, progress=progress, should_stop=should_stop, on_epoch=on_epoch)
    return trainer.snapshot()
