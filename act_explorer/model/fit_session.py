"""What the Fit view does with its settings, without Qt: data, the network, its training rules.

A :class:`FitSession` turns a :class:`~.fit_state.FitState` into a
:class:`~.fit.FitTrainer`, as :class:`~.training_session.TrainingSession` does for the Training
view:

* the points, made again only when a setting that defines them changed
  (:meth:`~.fit_state.FitState.data_key`), or read from a CSV file (:meth:`load_csv`);
* the trainer, made again by :meth:`rebuild` (epoch 0), which bumps :attr:`generation` so
  work for an older network can be recognised and dropped; on an error the old one stays and
  :attr:`build_error` says why;
* the start / step / pause rules: :meth:`start` and :meth:`step` return a
  :class:`~.training_session.Job` (the plain call a worker thread runs:
  :func:`~.training_session.train_runs`), :meth:`job_ended` says why it stopped;
* the history as growing arrays (:class:`FitHistory`), extended from the snapshots the view
  takes (:meth:`accept`), so drawing costs the same at epoch 10 and at epoch 10 000;
* :meth:`pieces_readout`: the numbers the view prints under the plot (linear pieces and their
  bound, MSE, dead units), from :mod:`.pieces`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from . import catalogue, pieces
from .catalogue import ParamError
from .epoch_loop import History
from .fit import FitData, FitError, FitSnapshot, FitTrainer, load_xy_csv
from .fit_state import CSV, FitState, FitStateError
from .network import NetworkError
from .training import TrainingError
from .training_session import Job

__all__ = ["FIT_SESSION_ERRORS", "GRID_1D", "GRID_2D", "TILE_N", "MAX_UNIT_CURVES", "FitHistory",
           "Readout", "FitFrame", "view_frame", "FitSession"]

GRID_1D = 601          # x values of the fit's curves (the CLI's CSV grid)
GRID_2D = 81           # points per side of the prediction's heatmap
TILE_N = 28            # points per side of a first-layer unit's map
MAX_UNIT_CURVES = 64   # units drawn one by one; a wider layer is summarised

FIT_SESSION_ERRORS = (FitError, FitStateError, NetworkError, ParamError, TrainingError,
                      catalogue.UnknownActivation)


class FitHistory(History):
    """The history of one fit: ``epoch``, ``loss``, ``test_loss``, ``dead``."""

    FIELDS = ("epoch", "loss", "test_loss", "dead")


@dataclass(frozen=True)
class Readout:
    """What the view prints about the fit now (numbers from the model).

    ``pieces`` is the number of linear pieces of the fit on the whole line and ``bound`` the
    most a one-hidden-layer network of this activation can have (m·H + 1 for m kinks per unit),
    both None unless the network has one hidden layer of a piecewise-linear activation and one
    input.  ``loss`` / ``test_loss`` are the MSEs (NaN without test points); ``dead`` of
    ``units`` hidden units are dead over the training inputs."""

    epoch: int
    loss: float
    test_loss: float
    dead: int
    units: int
    pieces: int | None
    bound: int | None
    pieces_in_view: int | None


@dataclass(frozen=True, eq=False)
class FitFrame:
    """Everything the Fit view draws for one snapshot, computed off the GUI thread.

    One input: ``x`` (the view grid, reaching half the data range beyond each side),
    ``prediction``, ``target`` (None for points from a file), and for one hidden layer
    ``units`` (:class:`~.pieces.UnitView`: raw w, b, v, kinks, dead) and ``parts`` (unit j's
    contribution v_j·phi(w_j x + b_j) in column j); for a piecewise-linear activation also
    ``lines`` (unit j's contribution at the ends of the view and at its kinks: exactly its
    straight pieces, a handful of points to draw) and ``fit_line`` (the fit at the ends and at
    every kink).  Two inputs: ``grid`` (the prediction over
    ``xlim`` x ``ylim``, [iy, ix]) and ``maps`` (each first-layer unit's output h over the same
    square, (units, TILE_N, TILE_N)).  ``readout`` holds the numbers printed."""

    generation: int
    snapshot: FitSnapshot
    readout: Readout
    x: np.ndarray | None = None
    prediction: np.ndarray | None = None
    target: np.ndarray | None = None
    parts: np.ndarray | None = None
    units: pieces.UnitView | None = None
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    grid: np.ndarray | None = None
    maps: np.ndarray | None = None
    lines: tuple[tuple[np.ndarray, np.ndarray], ...] | None = None
    fit_line: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def epoch(self) -> int:
        return self.snapshot.epoch


def readout_of(data: FitData, snap: FitSnapshot) -> Readout:
    """The numbers the view prints for ``snap`` (see :class:`Readout`)."""
    net = snap.network
    last = snap.last
    count = bound = in_view = None
    if data.dim == 1 and pieces.is_one_layer(net) and pieces.activation_kinks(net.activations[0]) is not None:
        pc = pieces.linear_pieces(net)
        count, bound = pc.count, pc.bound
        (lo, hi), = data.view_range()
        in_view = pc.count_in(lo, hi)
    return Readout(snap.epoch, last.loss, last.test_loss, last.dead, sum(net.hidden_sizes),
                   count, bound, in_view)


def _straight_pieces(net, units: pieces.UnitView, lo: float, hi: float):
    """Each unit's contribution, and the fit, at the ends of [lo, hi] and at the kinks inside:
    for a piecewise-linear activation these points joined by straight lines are the curves
    exactly."""
    inner = [np.array([k for k in ks if lo < k < hi], dtype=np.float64) for ks in units.kinks]
    xs = [np.unique(np.concatenate([[lo, hi], k])) for k in inner]
    every = np.unique(np.concatenate(xs))
    pred, parts, _c = pieces.contributions(net, every)
    index = {float(v): i for i, v in enumerate(every)}
    lines = tuple((xj, parts[[index[float(v)] for v in xj], j].copy()) for j, xj in enumerate(xs))
    return lines, (every, pred)


def view_frame(data: FitData, snap: FitSnapshot, generation: int = 0) -> FitFrame:
    """What the view draws for ``snap`` on ``data`` (plain NumPy; any thread)."""
    from .fit import predict, prediction_grid, view_grid  # noqa: PLC0415
    from .network import unit_outputs_grid  # noqa: PLC0415

    net = snap.network
    readout = readout_of(data, snap)
    if data.dim == 1:
        x = view_grid(data, GRID_1D)
        target = data.target_values(x)
        if pieces.is_one_layer(net):
            pred, parts, _c = pieces.contributions(net, x)
            units = pieces.units(net, data.x_train)
            lines = fit_line = None
            if units.piecewise_linear:
                lines, fit_line = _straight_pieces(net, units, float(x[0]), float(x[-1]))
            if units.n_units > MAX_UNIT_CURVES:
                parts = lines = None
            return FitFrame(generation, snap, readout, x, pred, target, parts, units,
                            lines=lines, fit_line=fit_line)
        with np.errstate(all="ignore"):
            pred = predict(net, x)
        return FitFrame(generation, snap, readout, x, pred, target)
    xlim, ylim = data.view_range()
    grid = prediction_grid(net, xlim, ylim, GRID_2D)
    maps = unit_outputs_grid(net, xlim, ylim, TILE_N)[0]
    if maps.shape[0] > MAX_UNIT_CURVES:
        maps = maps[:MAX_UNIT_CURVES]
    return FitFrame(generation, snap, readout, xlim=xlim, ylim=ylim, grid=grid, maps=maps)


class FitSession:
    """The network a :class:`FitState` describes and the rules of training it."""

    def __init__(self, state: FitState, current: Callable[[], str] = lambda: "relu",
                 params_of: Callable[[str], Mapping[str, float]] | None = None):
        self.state = state
        self._current = current
        self._params_of = params_of
        self.data: FitData | None = None
        self._data_key: tuple | None = None
        self.trainer: FitTrainer | None = None
        self.history = FitHistory()
        self.snapshot: FitSnapshot | None = None
        self.generation = 0            # bumped by every successful rebuild
        self.rebuilds = 0              # every rebuild attempted
        self.build_error = ""          # why the settings give no network, or ""
        self.job: Job | None = None
        self.closed = False

    # -- the network ----------------------------------------------------------------------------
    def rebuild(self) -> bool:
        """A new network at epoch 0 (new points only if they changed).  On an error keep what
        there is, set :attr:`build_error` and return False.  The caller stops any job first."""
        if self.closed:
            return False
        self.rebuilds += 1
        st = self.state
        try:
            key = st.data_key()
            data = self.data
            if data is None or key != self._data_key:
                data = st.make_data()
            cfg = st.config(current=self._current(), params_of=self._params_of)
            trainer = FitTrainer(data, cfg)
        except FIT_SESSION_ERRORS as exc:
            self.build_error = str(exc)
            return False
        self.data, self._data_key = data, key
        self.build_error = ""
        self.generation += 1
        self.job = None
        self.trainer = trainer
        self.history = FitHistory()
        self.snapshot = None
        self.accept(trainer.snapshot())
        return True

    def load_csv(self, path: str) -> FitData:
        """Read a CSV file of x,y rows with the state's test fraction and seed and use it for
        the next rebuild (raises FitError, changing nothing).  The caller then sets
        ``target="csv", csv_path=path``."""
        st = self.state
        data = load_xy_csv(path, st.test_fraction, st.seed)
        self._data_key = st.data_key(target=CSV, csv_path=str(path))
        self.data = data
        return data

    def follows_current(self) -> bool:
        return self.state.activation == "current"

    def uses(self, fid: str) -> bool:
        return self.state.activation_id(self._current()) == fid

    # -- training -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.job is not None and self.job.kind == "run"

    @property
    def busy(self) -> bool:
        """A job (a run or a step) was given out and has not ended."""
        return self.job is not None

    def can_train(self) -> bool:
        return (not self.build_error and self.trainer is not None
                and self.trainer.divergence is None)

    def at_budget(self) -> bool:
        t = self.trainer
        return t is not None and (t.epoch >= self.state.epochs or t.divergence is not None)

    def can_start(self) -> bool:
        return self.running or (self.can_train() and not self.at_budget() and self.job is None)

    def can_step(self) -> bool:
        return self.can_train() and self.job is None

    def start(self) -> Job | None:
        """Training to the epoch budget (paced to the state's speed, read live), or None."""
        if self.closed or self.running or not self.can_train() or self.at_budget():
            return None
        self.job = Job("run", self.generation, (self.trainer,), int(self.state.epochs),
                       speed=lambda: self.state.speed)
        return self.job

    def step(self) -> Job | None:
        """Exactly one more epoch, or None."""
        if self.closed or self.running or not self.can_train():
            return None
        self.job = Job("step", self.generation, (self.trainer,), self.trainer.epoch + 1)
        return self.job

    def stop(self) -> None:
        """Forget the job (the caller stopped the thread running it)."""
        self.job = None

    def job_ended(self, job: Job | None = None) -> str | None:
        """Why the current job ended: "diverged", "budget" or "step" (None if ``job`` is not
        the current one)."""
        if self.job is None or (job is not None and job is not self.job):
            return None
        kind = self.job.kind
        self.job = None
        if self.trainer is not None and self.trainer.divergence is not None:
            return "diverged"
        return "budget" if kind == "run" else "step"

    def is_current(self, job: Job) -> bool:
        return job.generation == self.generation

    def apply_live_settings(self) -> str:
        """Give the running network the state's learning rate; the problem, or ""."""
        if self.trainer is None:
            return ""
        try:
            self.trainer.set_learning_rate(self.state.lr)
        except FIT_SESSION_ERRORS as exc:
            return str(exc)
        return ""

    # -- snapshots ------------------------------------------------------------------------------
    def take_snapshot(self) -> FitSnapshot | None:
        return None if self.trainer is None else self.trainer.snapshot()

    def accept(self, snap: FitSnapshot | None, force: bool = False) -> bool:
        """Keep ``snap`` and extend the history; True if it shows something new."""
        if snap is None:
            return False
        old = self.snapshot
        if (not force and old is not None and snap.steps == old.steps
                and len(snap.history) == len(old.history) and snap.divergence is old.divergence):
            return False
        self.snapshot = snap
        if len(snap.history) > self.history.n:
            self.history.extend(snap.history[self.history.n:])
        return True

    # -- what the view draws -------------------------------------------------------------------
    def readout(self) -> Readout | None:
        if self.snapshot is None or self.data is None:
            return None
        return readout_of(self.data, self.snapshot)

    def frame(self, snap: FitSnapshot | None = None) -> FitFrame | None:
        """The drawing of ``snap`` (default: the latest kept) on the session's data."""
        snap = snap or self.snapshot
        if snap is None or self.data is None:
            return None
        return view_frame(self.data, snap, self.generation)
