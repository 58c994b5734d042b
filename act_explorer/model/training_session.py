"""What the training tab does with its settings, without Qt: data, networks, runs and histories.

A :class:`TrainingSession` turns a :class:`~.training_state.TrainingState` into networks and
keeps the rules of training them, so the panel only draws and paces frames:

* the data set, made again only when a setting that defines it changed
  (:meth:`~.training_state.TrainingState.data_key`), or read from a CSV file
  (:meth:`load_csv`);
* the runs (:class:`SessionRun`: one per trained network, each with its
  :class:`~.training.Trainer`, its latest snapshot and its history as growing arrays), made
  again by :meth:`rebuild` (epoch 0), which bumps :attr:`generation` so work for older networks
  can be recognised and dropped;
* the start / step / pause rules: :meth:`start` and :meth:`step` return a :class:`Job` (or
  None when there is nothing to do), the plain call a worker thread runs; :meth:`job_ended`
  says why it stopped ("budget", "diverged" or "step"); :meth:`can_start` and
  :meth:`can_step` are what the buttons show;
* the live settings (learning rate and L2 applied to running networks) and the repair of the
  settings when a typed function disappears from the catalogue (:meth:`repair_catalogue`).

The session does not train by itself: whoever runs a :class:`Job` (the panel's worker thread,
or a test, synchronously) does.  The work is :func:`train_runs`, a plain function (Orange3
pattern: ``progress`` and ``should_stop`` callbacks) that trains one or more
:class:`~.training.Trainer` in lockstep, epoch by epoch, up to a target epoch, paced to a speed
in epochs per second; :func:`runs_csv` writes the history of a compare run, one column block
per function.  ``current()`` and ``params_of(fid)`` are the Functions list's
current function and the shared per-function parameters (``CurvesState.current`` and
``CurvesState.params``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from . import catalogue
from .catalogue import ParamError
from .datasets import DataError, Dataset, load_csv
from .epoch_loop import History
from .network import NetworkError
from .training import EpochRecord, Snapshot, Trainer, TrainingError, blas_threads
from .tables import format_number
from .training_state import CSV, FOLLOW, Run, TrainingState, TrainingStateError

__all__ = ["SESSION_ERRORS", "train_runs", "runs_csv", "RunHistory", "SessionRun", "Job",
           "TrainingSession"]

# What building or training from the settings can raise: each carries a sentence for the user.
SESSION_ERRORS = (TrainingStateError, TrainingError, DataError, NetworkError, ParamError,
                  catalogue.UnknownActivation)


# ---- the work: training in lockstep, and the histories of several runs as CSV ---------------

def _sleep_until(deadline: float, should_stop: Callable[[], bool] | None,
                 clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
    while True:
        left = deadline - clock()
        if left <= 0 or (should_stop is not None and should_stop()):
            return
        sleep(min(left, 0.02))


def train_runs(trainers: Sequence[Trainer], until_epoch: int, *,
               speed: float | Callable[[], float] = 0.0,
               progress: Callable[[float], None] | None = None,
               should_stop: Callable[[], bool] | None = None,
               tick: Callable[[], None] | None = None,
               clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep) -> int:
    """Train ``trainers`` in lockstep, one epoch each in turn, until each is at ``until_epoch``.

    A trainer that diverges drops out (its :attr:`~.training.Trainer.divergence` says why);
    the others go on.  ``speed`` (a number or a callable read after every epoch, so it can
    change mid-run) is the pace in epochs per second, 0 for as fast as possible.
    ``should_stop()`` is polled every few steps and while waiting; a stop in the middle of an
    epoch leaves the trainers there (the next call finishes that epoch).  ``progress(fraction)``
    is called after every lockstep epoch.  ``tick()`` is called on this (the worker's) thread
    every few steps - where ``should_stop`` is polled, outside the trainers' locks - and after
    every epoch: a view can take its snapshots there, so its own thread never waits for a
    trainer's lock.  Returns the number of lockstep epochs completed.
    """
    speed_of = speed if callable(speed) else (lambda s=float(speed): s)

    def stop() -> bool:
        if tick is not None:
            tick()
        return should_stop is not None and should_stop()

    with blas_threads(1):  # once for the whole run (entering the limit costs ~0.1 ms)
        return _lockstep(trainers, until_epoch, speed_of, progress, should_stop, tick, stop, clock, sleep)


def _lockstep(trainers, until_epoch, speed_of, progress, should_stop, tick, stop, clock, sleep) -> int:
    start = [t.epoch for t in trainers]
    total = max(1, max((until_epoch - e for e in start), default=0))
    done = 0
    last = clock()
    while True:
        active = [t for t in trainers if t.divergence is None and t.epoch < until_epoch]
        if not active:
            break
        if should_stop is not None and should_stop():
            break
        stopped = False
        for t in active:
            before = t.epoch
            t.run(1, should_stop=stop)
            if t.epoch == before and t.divergence is None:
                stopped = True  # stopped mid-epoch (should_stop, or a reset from elsewhere)
                break
        if tick is not None:
            tick()
        if stopped:
            break
        done += 1
        if progress is not None:
            progress(min(1.0, done / total))
        rate = float(speed_of() or 0.0)
        if rate > 0:
            deadline = last + 1.0 / rate
            _sleep_until(deadline, should_stop, clock, sleep)
            now = clock()
            # Keep the cadence, but never "catch up" with a burst after a slow epoch.
            last = deadline if now - deadline < 1.0 / rate else now
        else:
            last = clock()
    return done


def runs_csv(runs: Sequence[tuple[str, Sequence[EpochRecord]]]) -> str:
    """CSV of several runs' histories side by side, one row per epoch from 1.

    Columns: ``epoch``, then for each run ``<key>_loss,<key>_train_acc,<key>_test_acc,
    <key>_dead,<key>_saturated,<key>_dead_1..<key>_dead_L`` - the columns of
    :func:`~.training.history_csv` prefixed with the run's key.  A run that stopped earlier
    (diverged) has empty fields in the rows after its last epoch.  Epoch 0 (the untrained
    network) is left out, as the ``train`` command does.
    """
    if not runs:
        raise TrainingStateError("there is no training history to export yet")
    header = ["epoch"]
    tables = []
    last_epoch = 0
    for key, history in runs:
        history = list(history)
        n_layers = len(history[0].dead_per_layer) if history else 0
        recs = [r for r in history if r.epoch >= 1]
        cols = ["loss", "train_acc", "test_acc", "dead", "saturated"]
        cols += [f"dead_{i}" for i in range(1, n_layers + 1)]
        k = key.replace(",", "+")
        header += [f"{k}_{c}" for c in cols]
        by_epoch = {}
        for r in recs:
            by_epoch[r.epoch] = [format_number(r.loss), format_number(r.train_acc),
                                 format_number(r.test_acc), str(r.dead), str(r.saturated),
                                 *(str(d) for d in r.dead_per_layer)]
        tables.append((by_epoch, len(cols)))
        if recs:
            last_epoch = max(last_epoch, recs[-1].epoch)
    lines = [",".join(header)]
    for e in range(1, last_epoch + 1):
        row = [str(e)]
        for by_epoch, width in tables:
            row += by_epoch.get(e, [""] * width)
        lines.append(",".join(row))
    return "\n".join(lines) + "\n"


class RunHistory(History):
    """A run's history: loss, accuracies and dead units per epoch, and dead units per layer."""

    FIELDS = ("epoch", "loss", "test_loss", "train_acc", "test_acc", "dead")

    def __init__(self, n_layers: int):
        super().__init__({"dead_per_layer": (n_layers,)})
        self.n_layers = n_layers

    def dead_layer(self, layer: int) -> np.ndarray:
        return self._a["dead_per_layer"][:self.n, layer]


@dataclass(eq=False)
class SessionRun:
    """One network being trained: its settings, trainer, latest snapshot and history."""

    run: Run
    trainer: Trainer
    history: RunHistory = field(init=False)
    snapshot: Snapshot | None = None

    def __post_init__(self) -> None:
        self.history = RunHistory(len(self.run.config.hidden))

    @property
    def key(self) -> str:
        return self.run.key

    def take(self, snap: Snapshot, force: bool = False) -> bool:
        """Keep ``snap`` as the latest and append its new epochs to the history; False (and
        nothing kept) if it shows nothing new and ``force`` is not set."""
        old = self.snapshot
        if (not force and old is not None and snap.steps == old.steps
                and len(snap.history) == len(old.history) and snap.divergence is old.divergence):
            return False
        self.snapshot = snap
        if len(snap.history) > self.history.n:
            self.history.extend(snap.history[self.history.n:])
        return True


@dataclass(eq=False)
class Job:
    """Training work for a worker thread: ``kind`` "run" (to the epoch budget, paced to the
    state's speed, read live) or "step" (one epoch, as fast as possible)."""

    kind: str
    generation: int
    trainers: tuple[Trainer, ...]
    target: int
    speed: float | Callable[[], float] = 0.0

    def __call__(self, *, progress: Callable[[float], None] | None = None,
                 should_stop: Callable[[], bool] | None = None,
                 tick: Callable[[], None] | None = None) -> int:
        """Train (see :func:`train_runs`); the lockstep epochs completed."""
        return train_runs(self.trainers, self.target, speed=self.speed, progress=progress,
                          should_stop=should_stop, tick=tick)


class TrainingSession:
    """The networks a :class:`TrainingState` describes and the rules of training them (see the
    module docstring)."""

    def __init__(self, state: TrainingState, current: Callable[[], str] = lambda: "relu",
                 params_of: Callable[[str], Mapping[str, float]] | None = None):
        self.state = state
        self._current = current
        self._params_of = params_of
        self.dataset: Dataset | None = None
        self._dataset_key: tuple | None = None
        self.runs: list[SessionRun] = []
        self.generation = 0            # bumped by every successful rebuild
        self.rebuilds = 0              # every rebuild attempted (successful or not)
        self.build_error = ""          # why the settings give no networks, or ""
        self.job: Job | None = None    # the work given out and not ended
        self.closed = False

    # -- networks -------------------------------------------------------------------------------
    def rebuild(self) -> bool:
        """New networks at epoch 0 from the settings (the data set only if it changed).  On an
        error keep the runs there are, set :attr:`build_error` and return False.
        The caller stops any job first (its work would be for the old networks)."""
        if self.closed:
            return False
        self.rebuilds += 1
        st = self.state
        try:
            key = st.data_key()
            if self.dataset is None or key != self._dataset_key:
                self.dataset = st.make_dataset()
                self._dataset_key = key
            runs = st.runs(self._current(), self._params_of)
            trainers = [Trainer(self.dataset, r.config) for r in runs]
        except SESSION_ERRORS as exc:
            self.build_error = str(exc)
            return False
        self.build_error = ""
        self.generation += 1
        self.job = None
        self.runs = [SessionRun(r, t) for r, t in zip(runs, trainers)]
        return True

    def load_csv(self, path: str) -> Dataset:
        """Read the points of a CSV file with the state's test fraction and seed and use them
        for the next rebuild (raises :class:`~.datasets.DataError`, changing nothing).  The
        caller then sets ``dataset="csv", csv_path=path`` on the state."""
        st = self.state
        ds = load_csv(path, st.test_fraction, st.seed)
        self._dataset_key = st.data_key(dataset=CSV, csv_path=str(path))
        self.dataset = ds
        return ds

    def trainers(self) -> list[Trainer]:
        return [r.trainer for r in self.runs]

    def shown_index(self) -> int:
        """Which run's decision boundary is drawn."""
        if len(self.runs) < 2:
            return 0
        return self.state.shown_index([r.run for r in self.runs])

    @property
    def compare(self) -> bool:
        return len(self.runs) > 1

    # -- training ---------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """A run to the budget was given out and has not ended (a step is not "running")."""
        return self.job is not None and self.job.kind == "run"

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _active(self) -> list[Trainer]:
        return [r.trainer for r in self.runs if r.trainer.divergence is None]

    def can_train(self) -> bool:
        return not self.build_error and bool(self.runs) and bool(self._active())

    def at_budget(self) -> bool:
        """Every network reached the epoch budget or diverged."""
        budget = self.state.epochs
        return (not self.build_error and bool(self.runs)
                and all(r.trainer.epoch >= budget or r.trainer.divergence is not None
                        for r in self.runs))

    def can_start(self) -> bool:
        """What the Start/Pause button allows: pause while running, else start."""
        return self.running or (self.can_train() and not self.at_budget() and self.job is None)

    def can_step(self) -> bool:
        return self.can_train() and self.job is None

    def start(self) -> Job | None:
        """The work of training every network to the epoch budget, or None if there is
        nothing to train (closed, already running, no networks, all at the budget)."""
        if self.closed or self.running or self.build_error or not self.runs:
            return None
        target = self.state.epochs
        active = self._active()
        if not active or all(t.epoch >= target for t in active):
            return None
        self.job = Job("run", self.generation, tuple(self.trainers()), int(target),
                       speed=lambda: self.state.speed)
        return self.job

    def step(self) -> Job | None:
        """The work of exactly one more epoch, or None (closed, running, no network can train).
        Replaces a step not yet ended."""
        if self.closed or self.running or self.build_error or not self.runs:
            return None
        active = self._active()
        if not active:
            return None
        self.job = Job("step", self.generation, tuple(self.trainers()),
                       min(t.epoch for t in active) + 1)
        return self.job

    def stop(self) -> None:
        """Forget the job (the caller has stopped the thread running it)."""
        self.job = None

    def job_ended(self, job: Job | None = None) -> str | None:
        """The current job (or ``job``, if it is the current one) ended by itself: why -
        "diverged", "budget" (a run) or "step"; None if ``job`` was not the current one."""
        if self.job is None or (job is not None and job is not self.job):
            return None
        kind = self.job.kind
        self.job = None
        if any(r.trainer.divergence is not None for r in self.runs):
            return "diverged"
        return "budget" if kind == "run" else "step"

    def is_current(self, job: Job) -> bool:
        """``job`` trains the networks there are now (not ones a rebuild replaced)."""
        return job.generation == self.generation

    def apply_live_settings(self) -> list[str]:
        """Give the running networks the state's learning rate and L2; the problems, as
        sentences (one per network that refused)."""
        problems = []
        for r in self.runs:
            try:
                r.trainer.set_learning_rate(self.state.lr)
                r.trainer.set_l2(self.state.l2)
            except TrainingError as exc:
                problems.append(str(exc))
        return problems

    # -- snapshots --------------------------------------------------------------------------------
    def take_snapshots(self) -> tuple[Snapshot, ...]:
        """A consistent copy of every network now (waits for each trainer's lock)."""
        return tuple(r.trainer.snapshot() for r in self.runs)

    def accept(self, snaps: Sequence[Snapshot], force: bool = False) -> bool:
        """Keep the snapshots (one per run, in order) and extend the histories; True if any
        showed something new (always with ``force``)."""
        changed = False
        for r, snap in zip(self.runs, snaps):
            changed |= r.take(snap, force)
        return changed

    def shown_snapshot(self) -> Snapshot | None:
        if not self.runs:
            return None
        return self.runs[self.shown_index()].snapshot

    # -- the functions the runs use ---------------------------------------------------------------
    def follows_current(self) -> bool:
        """Whether the runs train the Functions list's current function (so a new selection
        means new networks)."""
        st = self.state
        return not st.compare_mode and FOLLOW in st.layer_ids()

    def uses(self, fid: str) -> bool:
        return fid in self.state.functions_used(self._current())

    def repair_catalogue(self) -> dict:
        """Settings that drop functions no longer in the catalogue (a typed function was
        deleted): the activation follows the list again, a per-layer one likewise, and a
        comparison keeps the functions left (or ends with fewer than 2).  The caller applies
        them to the state."""
        st = self.state
        known = catalogue.CATALOGUE
        fix: dict = {}
        if st.activation != FOLLOW and st.activation not in known:
            fix["activation"] = FOLLOW
        if st.layer_activations is not None and any(
                f != FOLLOW and f not in known for f in st.layer_activations):
            fix["layer_activations"] = tuple(f if f == FOLLOW or f in known else FOLLOW
                                             for f in st.layer_activations)
        if st.compare and any(f not in known for f in st.compare):
            kept = tuple(f for f in st.compare if f in known)
            fix["compare"] = kept if len(kept) >= 2 else ()
        return fix

    def uses_typed_function(self) -> bool:
        """Whether a run uses a typed function (which may have been redefined under its id)
        or one that is gone."""
        used = self.state.functions_used(self._current())
        return any(f not in catalogue.CATALOGUE or catalogue.get(f).family == "custom"
                   for f in used)
