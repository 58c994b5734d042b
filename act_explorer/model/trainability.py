"""How deep a network can train: a small reproduction of Schoenholz et al.'s trainability sweep.

Schoenholz, Gilmer, Ganguli & Sohl-Dickstein ("Deep information propagation", ICLR 2017)
trained plain tanh networks over a grid of depth L and weight variance sigma_w^2 at a fixed
sigma_b^2 and found that they train only up to a depth of about 6 xi_c, the correlation depth
scale of mean-field theory (:mod:`.phase`): deep networks train only near the critical line.

:func:`sweep` repeats the experiment in miniature: plain MLPs (2 inputs -> L hidden layers of
``width`` units -> 2 classes, softmax cross-entropy), every weight N(0, sigma_w^2 / fan_in) and
every bias N(0, sigma_b^2) as in the theory, trained with plain minibatch SGD for a fixed
number of steps on a small 2-D data set (:mod:`.datasets`, inputs standardised), then scored by
their accuracy on the whole training set.

The app's :class:`.network.Network` holds at most 8 hidden layers and initialises with the
usual presets; the sweep needs 64 layers and sigma_w^2, sigma_b^2 set directly.  So the networks
here are trained by a small batched loop of their own: all sigma_w^2 values of one depth train
together as one stack of weight arrays (one matmul per layer for the whole stack), the
activation and its derivative come from :class:`.network.HiddenActivation` (the same phi and
phi' as the Training tab, PyTorch's definitions), and every network of a depth sees the same
minibatches.  Deterministic: the same configuration gives the same numbers.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from . import datasets
from . import phase as P
from .depth import Cancelled
from .network import HiddenActivation
from .softmax import stable_softmax
from .training import blas_threads

__all__ = ["SweepConfig", "SweepResult", "SweepError", "sweep", "DEFAULT_DEPTHS",
           "DEFAULT_SIGMA_W2", "Cancelled"]

DEFAULT_DEPTHS = (4, 8, 16, 24, 32, 48, 64)
DEFAULT_SIGMA_W2 = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0)
MAX_DEPTH = 256
MAX_WIDTH = 512
MAX_STEPS = 100_000
MAX_NETWORKS = 10_000


class SweepError(ValueError):
    """A sweep option that is not allowed; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class SweepConfig:
    """Everything that defines a sweep (the defaults are the README's run)."""

    activation: str = "tanh"
    params: Mapping[str, float] = field(default_factory=dict)
    sigma_w2: tuple[float, ...] = DEFAULT_SIGMA_W2
    sigma_b2: float = 0.05
    depths: tuple[int, ...] = DEFAULT_DEPTHS
    width: int = 64
    steps: int = 500
    lr: float = 0.01
    batch: int = 32
    dataset: str = "moons"
    n_points: int = 400
    noise: float = 0.1
    seed: int = 0

    def validate(self) -> "SweepConfig":
        sw = tuple(float(v) for v in self.sigma_w2)
        if not sw:
            raise SweepError("give at least one sigma_w^2")
        if any(not (math.isfinite(v) and 0 < v <= P.SIGMA_W2_MAX) for v in sw):
            raise SweepError(f"every sigma_w^2 must be in (0, {P.SIGMA_W2_MAX:g}]")
        if not (math.isfinite(self.sigma_b2) and 0 <= self.sigma_b2 <= P.SIGMA_B2_MAX):
            raise SweepError(f"sigma_b^2 must be in [0, {P.SIGMA_B2_MAX:g}], got {self.sigma_b2:g}")
        if not self.depths or any(int(d) != d or not 1 <= d <= MAX_DEPTH for d in self.depths):
            raise SweepError(f"every depth must be a whole number between 1 and {MAX_DEPTH}")
        for name, v, hi in (("the width", self.width, MAX_WIDTH), ("the number of steps", self.steps, MAX_STEPS),
                            ("the batch size", self.batch, 100_000)):
            if int(v) != v or not 1 <= v <= hi:
                raise SweepError(f"{name} must be a whole number between 1 and {hi}, got {v}")
        if not (math.isfinite(self.lr) and 0 < self.lr <= 10):
            raise SweepError(f"the learning rate must be in (0, 10], got {self.lr:g}")
        if len(sw) * len(self.depths) > MAX_NETWORKS:
            raise SweepError(f"at most {MAX_NETWORKS} networks per sweep")
        if int(self.seed) != self.seed or self.seed < 0:
            raise SweepError(f"the seed must be a whole number >= 0, got {self.seed}")
        return self

    @property
    def work(self) -> int:
        """Layer-steps of the whole sweep (what progress counts)."""
        return int(self.steps) * sum(int(d) + 1 for d in self.depths)


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Final accuracy and loss on the training set, shape (len(depths), len(sigma_w2)), and
    the theory's xi_c for each sigma_w^2 (NaN where undefined)."""

    config: SweepConfig
    sigma_w2: np.ndarray
    depths: np.ndarray
    accuracy: np.ndarray
    loss: np.ndarray
    xi_corr: np.ndarray
    chance: float
    seconds: float

    def to_csv(self) -> str:
        lines = ["depth,sigma_w2,sigma_b2,train_accuracy,train_loss,xi_corr,six_xi_corr"]
        for i, d in enumerate(self.depths):
            for j, s in enumerate(self.sigma_w2):
                xi = self.xi_corr[j]
                fx = "" if math.isnan(xi) else ("inf" if math.isinf(xi) else repr(float(xi)))
                f6 = "" if math.isnan(xi) else ("inf" if math.isinf(xi) else repr(6.0 * float(xi)))
                ls = self.loss[i, j]
                fl = repr(float(ls)) if math.isfinite(ls) else ("" if math.isnan(ls) else "inf")
                lines.append(f"{int(d)},{float(s)!r},{float(self.config.sigma_b2)!r},"
                             f"{float(self.accuracy[i, j])!r},{fl},{fx},{f6}")
        return "\n".join(lines) + "\n"


def _init(rng: np.random.Generator, sizes, sw2: np.ndarray, sb2: float):
    """Weights (S, fan_in, fan_out) ~ N(0, sw2 / fan_in) and biases (S, 1, fan_out) ~ N(0, sb2)."""
    S = sw2.size
    scale = np.sqrt(sw2)[:, None, None]
    Ws, bs = [], []
    for fi, fo in zip(sizes[:-1], sizes[1:]):
        Ws.append(rng.standard_normal((S, fi, fo)) * scale / math.sqrt(fi))
        bs.append(rng.standard_normal((S, 1, fo)) * math.sqrt(sb2))
    return Ws, bs


def _forward(act: HiddenActivation, Ws, bs, x, masks=None):
    """Hidden pre-activations, outputs and logits for a stack of networks; x is (B, n_in).

    With ``masks`` (one buffer per hidden layer) the training path of the Training tab is used
    (:meth:`.network.HiddenActivation.forward_train`: piecewise-linear functions leave f'(z)
    there for the backward pass)."""
    zs, hs = [], []
    h = np.broadcast_to(x, (Ws[0].shape[0],) + x.shape)
    for l, (W, b) in enumerate(zip(Ws[:-1], bs[:-1])):
        z = h @ W
        z += b
        if masks is None:
            h = act.forward(z)
        else:
            h = np.empty_like(z)
            # RReLU trains here with its mean slope (no random slopes: the sweep is deterministic)
            noise = np.empty_like(z) if act.kind == "rrelu" else None
            act.forward_train(z, h, act.init_slope, noise, None, masks[l])
        zs.append(z)
        hs.append(h)
    logits = h @ Ws[-1]
    logits += bs[-1]
    return zs, hs, logits


def _softmax_ce(logits: np.ndarray, y: np.ndarray):
    """Per-network mean cross-entropy and dL/dlogits for logits (S, B, K), labels (B,)."""
    s = stable_softmax(logits, axis=2)
    B = y.size
    p_true = s[:, np.arange(B), y]
    loss = -np.mean(np.log(np.maximum(p_true, 1e-300)), axis=1)
    s[:, np.arange(B), y] -= 1.0
    s /= B
    return loss, s


def _evaluate(act, Ws, bs, x, y):
    _zs, _hs, logits = _forward(act, Ws, bs, x)
    loss, _ = _softmax_ce(logits, y)
    acc = np.mean(np.argmax(logits, axis=2) == y[None, :], axis=1)
    return acc, loss


def sweep(config: SweepConfig | None = None, *, progress: Callable[[float], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> SweepResult:
    """Train every (depth, sigma_w^2) network of ``config`` and return their final accuracy.

    ``progress(fraction)`` is called every few steps; ``should_stop()`` is polled every step
    and a true answer raises :class:`.depth.Cancelled`.
    """
    cfg = (config or SweepConfig()).validate()
    t0 = time.perf_counter()
    act = HiddenActivation(cfg.activation, cfg.params)
    ds = datasets.make_dataset(cfg.dataset, n_points=cfg.n_points, noise=cfg.noise,
                               test_fraction=0.0, seed=cfg.seed)
    x = np.asarray(ds.x_train, dtype=np.float64)
    sd = x.std(axis=0)
    x = (x - x.mean(axis=0)) / np.where(sd > 1e-12, sd, 1.0)
    y = np.asarray(ds.y_train, dtype=np.int64)
    K = int(ds.n_classes)
    chance = float(np.max(np.bincount(y, minlength=K)) / y.size)
    sw2 = np.asarray(cfg.sigma_w2, dtype=np.float64)
    depths = np.asarray(cfg.depths, dtype=np.int64)
    acc = np.zeros((depths.size, sw2.size))
    loss = np.zeros((depths.size, sw2.size))
    done, total = 0, cfg.work
    B = min(int(cfg.batch), y.size)
    with np.errstate(all="ignore"), blas_threads(1):
        for i, L in enumerate(depths):
            rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(cfg.seed, spawn_key=(int(L),))))
            sizes = (x.shape[1],) + (int(cfg.width),) * int(L) + (K,)
            Ws, bs = _init(rng, sizes, sw2, float(cfg.sigma_b2))
            masks = [np.empty((sw2.size, B, int(cfg.width))) for _ in range(int(L))]
            for step in range(int(cfg.steps)):
                if should_stop is not None and should_stop():
                    raise Cancelled()
                idx = rng.integers(0, y.size, size=B)
                xb, yb = x[idx], y[idx]
                zs, hs, logits = _forward(act, Ws, bs, xb, masks)
                _l, d = _softmax_ce(logits, yb)
                for l in range(len(Ws) - 1, -1, -1):
                    hin = np.broadcast_to(xb, (sw2.size,) + xb.shape) if l == 0 else hs[l - 1]
                    gW = np.swapaxes(hin, 1, 2) @ d
                    gb = d.sum(axis=1, keepdims=True)
                    if l > 0:
                        d = d @ np.swapaxes(Ws[l], 1, 2)
                        # dL/dh -> dL/dz in place, as the Training tab's backward pass does
                        act.backward_train(d, zs[l - 1], hs[l - 1], act.init_slope, None, masks[l - 1])
                    gW *= cfg.lr
                    gb *= cfg.lr
                    Ws[l] -= gW
                    bs[l] -= gb
                done += int(L) + 1
                if progress is not None and step % 10 == 9:
                    progress(done / total)
            a, ls = _evaluate(act, Ws, bs, x, y)
            bad = ~np.isfinite(ls) | ~np.all(np.isfinite(Ws[-1]), axis=(1, 2))
            acc[i], loss[i] = a, np.where(bad, np.inf, ls)
    xi = np.array([P.phase_point(cfg.activation, cfg.params, float(s), float(cfg.sigma_b2)).xi_corr
                   for s in sw2])
    if progress is not None:
        progress(1.0)
    return SweepResult(cfg, sw2, depths, acc, loss, xi, chance, time.perf_counter() - t0)
