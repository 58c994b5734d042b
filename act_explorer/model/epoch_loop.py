"""The training loop shared by the classifier (:class:`~.training.Trainer`) and the regression
(:class:`~.fit.FitTrainer`): minibatches from a shuffled copy of the training data, one
optimiser step each, an evaluation at the end of every epoch, and the roll-back to the last
finite epoch when training diverges.

:class:`EpochLoop` is the part the two trainers share; each subclass sets up its network, data
and optimiser in ``reset`` and supplies what differs: the gradient of one minibatch
(:meth:`EpochLoop._gradient`, cross-entropy or mean squared error), the end-of-epoch evaluation
(``_evaluate`` -> ``(record, masks, ok)``) and what a record keeps (``_record``, which calls
:meth:`EpochLoop._keep_good`).

Attributes a subclass's ``reset`` sets: ``network``, ``optimizer``, ``config``, ``_generation``,
``_shuffle_rng``, ``_noise_rng``, ``_xa_train`` / ``_Y_train`` (inputs with a column of ones,
targets), ``_batch``, and :meth:`_start_epochs` does the rest.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any, Callable

import numpy as np

from .blas import blas_threads
from .network import Network

__all__ = ["Divergence", "EpochLoop", "History"]


@dataclass(frozen=True)
class Divergence:
    """Training stopped because the loss or the weights stopped being finite."""

    epoch: int  # the epoch during which it happened
    restored_epoch: int  # the network was put back to the end of this epoch
    reason: str

    @property
    def message(self) -> str:
        return (f"training diverged in epoch {self.epoch} ({self.reason}); "
                f"kept the network from epoch {self.restored_epoch}")

    def __str__(self) -> str:
        return self.message


class EpochLoop:
    """Minibatch steps, epochs, divergence (see the module docstring)."""

    # Steps per locked chunk in run(): bounds how long snapshot() can wait.
    CHUNK = 64
    # May one chunk of run() span several epochs (should_stop is then asked after each)?
    CHUNK_SPANS_EPOCHS = False
    DIVERGENCE: type[Divergence] = Divergence

    network: Network
    config: Any
    history: list

    def __init__(self) -> None:
        self._lock = threading.RLock()

    # -- setup (called from the subclass's reset) ---------------------------------------------
    @staticmethod
    def _with_ones(net: Network, x: np.ndarray) -> np.ndarray:
        """Standardised inputs with a column of ones (the bias input of ``step_gradient``)."""
        xs = net.standardize(x)
        xa = np.ones((xs.shape[0], xs.shape[1] + 1), dtype=net.dtype)
        xa[:, :-1] = xs
        return xa

    def _start_epochs(self) -> None:
        """Empty buffers and history; evaluate and record epoch 0 (raises ``error`` if that
        is not finite)."""
        net, opt = self.network, self.optimizer
        self._workspaces: dict[int, object] = {}
        # This epoch's shuffled copy of the training data; minibatches are slices of it.
        self._xa_epoch = np.empty_like(self._xa_train)
        self._Y_epoch = np.empty_like(self._Y_train)
        self._cursor = 0
        self._forward_ready = False
        # The state kept in case the next epoch diverges, in preallocated buffers.
        self._good_params = np.empty_like(net.params)
        self._good_m = None if opt.m is None else np.empty_like(opt.m)
        self._good_v = None if opt.v is None else np.empty_like(opt.v)
        self._good_t = 0
        self._good_steps = 0
        self.epoch = 0
        self.steps = 0
        self.divergence: Divergence | None = None
        self.history = []

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate without resetting (the config records the new value)."""
        with self._lock:
            self.config = replace(self.config, lr=float(lr)).validate()
            self.optimizer.lr = self.config.lr

    # -- properties -------------------------------------------------------------------------
    @property
    def _n_train(self) -> int:
        return len(self._xa_train)

    @property
    def batches_per_epoch(self) -> int:
        return -(-self._n_train // self._batch)

    # -- training ---------------------------------------------------------------------------
    def step(self, n: int = 1) -> list:
        """Take up to ``n`` minibatch steps; return the records of epochs completed meanwhile.

        Does nothing once training has diverged (see :attr:`divergence`).
        """
        return self._steps(n, None)

    def _steps(self, n: int, stop_after_epoch: Callable[[], bool] | None) -> list:
        out: list = []
        with self._lock, np.errstate(all="ignore"), blas_threads(1):
            net, opt = self.network, self.optimizer
            n_train, B = self._n_train, self._batch
            for _ in range(int(n)):
                if self.divergence is not None:
                    break
                start = self._cursor
                if B >= n_train:
                    xb, Yb = self._xa_train, self._Y_train
                else:
                    if start == 0:
                        perm = self._shuffle_rng.permutation(n_train)
                        np.take(self._xa_train, perm, axis=0, out=self._xa_epoch)
                        np.take(self._Y_train, perm, axis=0, out=self._Y_epoch)
                    xb = self._xa_epoch[start:start + B]
                    Yb = self._Y_epoch[start:start + B]
                grad = self._gradient(xb, Yb)
                opt.step(net.params, grad)
                self.steps += 1
                self._cursor = start + B
                if self._cursor >= n_train:
                    self._cursor = 0
                    rec = self._end_epoch()
                    if rec is not None:
                        out.append(rec)
                    if stop_after_epoch is not None and stop_after_epoch():
                        break
        return out

    def _gradient(self, xb: np.ndarray, Yb: np.ndarray) -> np.ndarray:
        """The mean loss gradient of one minibatch (may be a buffer the optimiser overwrites)."""
        raise NotImplementedError

    def run(self, epochs: int, *, progress: Callable[[float], None] | None = None,
            should_stop: Callable[[], bool] | None = None,
            on_epoch: Callable[[Any], None] | None = None) -> list:
        """Train ``epochs`` more epochs (fewer if stopped or diverged); return their records.

        ``progress(percent)`` (0-100) and ``on_epoch(record)`` are called after every epoch;
        ``should_stop()`` is polled between chunks of at most :attr:`CHUNK` steps (and, with
        :attr:`CHUNK_SPANS_EPOCHS`, after every epoch).  A stop in the middle of an epoch
        leaves the trainer there; the next call continues that epoch.  A ``reset`` from
        another thread also ends the run.
        """
        with self._lock:
            target = self.epoch + int(epochs)
            generation = self._generation
        done: list = []
        total = max(int(epochs), 1)
        span = self.CHUNK_SPANS_EPOCHS
        with blas_threads(1):  # once for the run: entering the limit costs as much as a step
            while self.epoch < target and self.divergence is None:
                if should_stop is not None and should_stop():
                    break
                if self._generation != generation:
                    break
                left_in_epoch = max(-(-(self._n_train - self._cursor) // self._batch), 1)
                if span:
                    chunk = min(self.CHUNK, left_in_epoch + (target - self.epoch - 1) * self.batches_per_epoch)
                    recs = self._steps(chunk, should_stop)
                else:
                    recs = self.step(min(self.CHUNK, left_in_epoch))
                for rec in recs:
                    done.append(rec)
                    if on_epoch is not None:
                        on_epoch(rec)
                    if progress is not None:
                        progress(100.0 * len(done) / total)
        return done

    # -- internals --------------------------------------------------------------------------
    def _workspace(self, rows: int):
        ws = self._workspaces.get(rows)
        if ws is None:
            ws = self._workspaces[rows] = self.network.workspace(rows)
        return ws

    def _evaluate(self) -> tuple[Any, Any, bool]:
        raise NotImplementedError

    def _record(self, rec: Any, masks: Any) -> None:
        raise NotImplementedError

    def _keep_good(self) -> None:
        """Copy the state this epoch ended in, to go back to if the next one diverges."""
        np.copyto(self._good_params, self.network.params)
        opt = self.optimizer
        if self._good_m is not None:
            np.copyto(self._good_m, opt.m)
        if self._good_v is not None:
            np.copyto(self._good_v, opt.v)
        self._good_t = opt.t
        self._good_steps = self.steps

    def _end_epoch(self):
        self.epoch += 1
        rec, masks, ok = self._evaluate()
        if ok:
            self._record(rec, masks)
            return rec
        reason = ("the weights are not finite" if not np.isfinite(self.network.params).all()
                  else "the loss is not finite")
        self.network.params[...] = self._good_params
        self.optimizer.set_state((self._good_t, self._good_m, self._good_v))
        self._forward_ready = False
        self.divergence = self.DIVERGENCE(self.epoch, self.epoch - 1, reason)
        self.epoch -= 1
        self.steps = self._good_steps
        return None


class History:
    """A run's per-epoch records as growing arrays, one per name in ``FIELDS`` (an attribute of
    the records), plus extra columns with a trailing shape (e.g. dead units per layer).
    Appending is amortised O(1) and reading is a view, so drawing costs the same at epoch 10
    and at epoch 10 000."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self, extra: dict[str, tuple[int, ...]] | None = None) -> None:
        self.n = 0
        self._cap = 256
        self._shapes = {f: () for f in self.FIELDS} | dict(extra or {})
        self._a = {f: np.empty((self._cap, *shape)) for f, shape in self._shapes.items()}

    def extend(self, records) -> None:
        records = list(records)
        need = self.n + len(records)
        if need > self._cap:
            cap = max(need, 2 * self._cap)
            for f, shape in self._shapes.items():
                a = np.empty((cap, *shape))
                a[:self.n] = self._a[f][:self.n]
                self._a[f] = a
            self._cap = cap
        if records:
            for f in self._shapes:
                self._a[f][self.n:need] = [getattr(r, f) for r in records]
        self.n = need

    def __getitem__(self, name: str) -> np.ndarray:
        return self._a[name][:self.n]
