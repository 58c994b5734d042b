"""Monte Carlo of the residual, residual + LayerNorm and BatchNorm networks (:func:`simulate_arch`).

The networks (x the input batch, B x W, N(0, 1); ``W_l = c M_l`` with ``c = s_w / sqrt(W)``
and ``M_l`` the Gaussian ``Z_l`` or ``sqrt(W) Q_l`` of :mod:`.weights`; ``b_l`` biases, s_b
times standard normal; phi the activation; alpha the branch scale):

* ``residual``:    z_1 = W_1 x + b_1;  z_l = z_{l-1} + alpha (W_l phi(z_{l-1}) + b_l), l >= 2;
* ``residual-ln``: z_l = z_{l-1} + alpha (W_l phi(LN(z_{l-1})) + b_l), LN per example over the W
  units, no affine, eps = 1e-5;
* ``batchnorm``:   z_l = W_l h_{l-1} + b_l, h_l = phi(BN(z_l)), BN per unit over the B examples
  (batch statistics), no affine, eps = 1e-5; h_0 = x.

Measured per layer, as for the plain network: the RMS of dloss/dz_l (a random N(0, 1) gradient
enters at the top: on z_L for the residual networks, whose output is the stream z_L, and on
h_L for BatchNorm, as on phi(z_L) for the plain network), normalised to the last layer; and the
statistics of the activations the nonlinearity puts out at layer l: phi(z_l) (what block l + 1
reads), phi(LN(z_l)) or phi(BN(z_l)); dead units and saturated pairs from phi' at the same
points.  Gradients are renormalised every layer and carried as logarithms.  For positively
homogeneous phi (ReLU, leaky ReLU, ...) the residual stream is carried scale-free (a float32
array times e^a), so a residual ReLU net with alpha = 1 that doubles its variance every layer
runs to 1000 layers without overflow; the normalised networks need no such care.  Other
functions stop at an overflow of the stream as the plain network does.

The backward passes of LayerNorm and BatchNorm are written out (:func:`norm_backward`, checked
against finite differences in the tests): with y = (z - mean) s, s = 1/sqrt(var + eps),
dz = s (dy - mean(dy) - y mean(dy y)), the means over the normalised axis.

The stored per-layer arrays (derivatives, normalised values) are bounded to 1 GiB as in the
plain simulation: beyond, the forward pass is checkpointed every sqrt(L) layers and recomputed
segment by segment (identical results).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .config import _ACT_LIMIT, NORM_EPS, DepthConfig
from .profile import FunctionProfile
from .simulation import (
    Ticker, _Forward, _ms, _single_thread_blas, empty_arrays, segment_length,
)
from .series import _log
from .weights import input_batch, top_gradient

__all__ = ["simulate_arch", "norm_forward", "norm_backward"]


def norm_forward(z: np.ndarray, axis: int, eps: float = NORM_EPS) -> tuple[np.ndarray, np.ndarray]:
    """(y, s): y = (z - mean) * s, s = 1 / sqrt(var + eps), mean and (biased) variance over
    ``axis`` (1: LayerNorm per example, 0: BatchNorm per unit); no affine.  Keeps the dtype."""
    mu = z.mean(axis=axis, keepdims=True)
    y = z - mu
    var = np.mean(y * y, axis=axis, keepdims=True)
    s = (1.0 / np.sqrt(var + z.dtype.type(eps))).astype(z.dtype)
    y *= s
    return y, s


def norm_backward(g: np.ndarray, y: np.ndarray, s: np.ndarray, axis: int) -> np.ndarray:
    """dloss/dz from ``g`` = dloss/dy for y of :func:`norm_forward` (exact, eps included)."""
    gy = np.mean(g * y, axis=axis, keepdims=True)
    out = g - g.mean(axis=axis, keepdims=True)
    out -= y * gy
    out *= s
    return out


class _Net:
    """One architecture: ``start()``, ``step(state, l, stats)`` -> (state, cache, ok),
    ``top(l, cache)`` (dloss/dz_l when the backward pass starts at l) and ``back(delta, l,
    cache)`` -> (dloss/dz_l up to a factor, log of that factor) from dloss/dz_{l+1}."""

    arrays_per_layer = 1

    def __init__(self, cfg: DepthConfig, prof: FunctionProfile):
        self.cfg = cfg
        self.f = _Forward(cfg, prof)       # kernel, c, thresholds, weights, record()
        self.alpha = cfg.alpha
        self.ac = np.float32(cfg.alpha * self.f.c)
        self.log_asb = _log(cfg.alpha * cfg.sigma_b)

    def matrix(self, l: int) -> tuple[np.ndarray, np.ndarray]:
        return self.f.weights.layer(self.cfg.seed, self.cfg.width, l)

    def first(self) -> np.ndarray:
        """z_1 = c x M_1^T + s_b b_1 (float32)."""
        m, b = self.matrix(1)
        u = input_batch(self.cfg.seed, self.cfg.batch, self.cfg.width) @ m.T
        u *= self.f.c
        if self.cfg.sigma_b > 0:
            u += np.float32(self.cfg.sigma_b) * b
        return u

    def nonlinearity(self, v: np.ndarray, l: int, an: float, stats: dict | None,
                     d_out: np.ndarray | None = None):
        """(phi(v), phi'(v), ok), statistics recorded for layer ``l`` (activations e^an phi);
        phi'(v) is written into ``d_out`` when given."""
        h, d = self.f.kernel(v, d_out)
        mean, msq = _ms(h)
        ok = math.isfinite(msq) and math.isfinite(mean)
        if stats is not None and ok:
            self.f.record(stats, l, an, mean, msq, d)
        return h, d, ok

    @staticmethod
    def copy(state):
        return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in state)


class _Residual(_Net):
    """State (z / e^a, a, phi(z / e^a), phi'); ``a`` stays 0 unless phi is homogeneous."""

    def start(self):
        return None

    def step(self, state, l: int, stats: dict | None, d_out: np.ndarray | None = None):
        if l == 1:
            z, a = self.first(), 0.0
        else:
            z0, a0, h0, _ = state
            m, b = self.matrix(l)
            z = h0 @ m.T
            if self.f.homogeneous:
                top = max(a0, self.log_asb)
                k = math.exp(a0 - top) if a0 > -math.inf else 0.0
                z *= np.float32(self.alpha * self.f.c * k)
                z += np.float32(k) * z0
                if self.log_asb > -math.inf:
                    z += np.float32(math.exp(self.log_asb - top)) * b
                a = top
            else:
                z *= self.ac
                z += z0
                if self.cfg.sigma_b > 0:
                    z += np.float32(self.alpha * self.cfg.sigma_b) * b
                a = 0.0
        _, msq = _ms(z)
        if self.f.homogeneous:
            if msq > 0 and math.isfinite(msq):
                r = math.sqrt(msq)
                z *= np.float32(1.0 / r)
                a += math.log(r)
            elif msq == 0:
                a = -math.inf
        ok = math.isfinite(msq) and math.sqrt(msq) <= _ACT_LIMIT
        if not ok:
            return None, None, False
        h, d, ok = self.nonlinearity(z, l, a, stats, d_out)
        return (z, a, h, d), d, ok

    def top(self, l: int, cache) -> np.ndarray:
        return top_gradient(self.cfg.seed, self.cfg.batch, self.cfg.width, l)

    def back(self, delta: np.ndarray, l: int, d: np.ndarray):
        m, _ = self.matrix(l + 1)
        u = delta @ m
        u *= d
        u *= self.ac
        u += delta
        return u, 0.0


class _ResidualLN(_Net):
    """State (z, phi(LN(z))); cache (LN(z), 1/std, phi'(LN(z)))."""

    arrays_per_layer = 2

    def start(self):
        return None

    def step(self, state, l: int, stats: dict | None, d_out: np.ndarray | None = None):
        if l == 1:
            z = self.first()
        else:
            z0, h0 = state
            m, b = self.matrix(l)
            z = h0 @ m.T
            z *= self.ac
            z += z0
            if self.cfg.sigma_b > 0:
                z += np.float32(self.alpha * self.cfg.sigma_b) * b
        _, msq = _ms(z)
        if not (math.isfinite(msq) and math.sqrt(msq) <= _ACT_LIMIT):
            return None, None, False
        y, s = norm_forward(z, axis=1)
        h, d, ok = self.nonlinearity(y, l, 0.0, stats, d_out)
        return (z, h), (y, s, d), ok

    def top(self, l: int, cache) -> np.ndarray:
        return top_gradient(self.cfg.seed, self.cfg.batch, self.cfg.width, l)

    def back(self, delta: np.ndarray, l: int, cache):
        y, s, d = cache
        m, _ = self.matrix(l + 1)
        u = delta @ m
        u *= d
        u = norm_backward(u, y, s, axis=1)
        u *= self.ac
        u += delta
        return u, 0.0


class _BatchNorm(_Net):
    """State (h,); cache (BN(z), 1/std per unit, phi'(BN(z)))."""

    arrays_per_layer = 2

    def start(self):
        return (input_batch(self.cfg.seed, self.cfg.batch, self.cfg.width),)

    def step(self, state, l: int, stats: dict | None, d_out: np.ndarray | None = None):
        (h0,) = state
        m, b = self.matrix(l)
        z = h0 @ m.T
        z *= self.f.c
        if self.cfg.sigma_b > 0:
            z += np.float32(self.cfg.sigma_b) * b   # removed again by the batch mean
        y, s = norm_forward(z, axis=0)
        h, d, ok = self.nonlinearity(y, l, 0.0, stats, d_out)
        return (h,), (y, s, d), ok

    def top(self, l: int, cache) -> np.ndarray:
        y, s, d = cache
        g = top_gradient(self.cfg.seed, self.cfg.batch, self.cfg.width, l)
        g *= d
        return norm_backward(g, y, s, axis=0)

    def back(self, delta: np.ndarray, l: int, cache):
        y, s, d = cache
        m, _ = self.matrix(l + 1)
        u = delta @ m
        u *= d
        return norm_backward(u, y, s, axis=0), self.f.log_c


_NETS = {"residual": _Residual, "residual-ln": _ResidualLN, "batchnorm": _BatchNorm}


def simulate_arch(cfg: DepthConfig, prof: FunctionProfile,
                  progress: Callable[[float], None] | None = None,
                  should_stop: Callable[[], bool] | None = None) -> tuple[dict, int]:
    """(per-layer arrays, valid depth) of ``cfg`` (``cfg.arch`` not 'plain'), in the layout of
    :class:`~.simulation.DepthSimulation`; raises :class:`Cancelled` when ``should_stop()``."""
    net = _NETS[cfg.arch](cfg, prof)
    L, B, W = cfg.depth, cfg.batch, cfg.width
    arrays = empty_arrays(L)
    seg_len = segment_length(L, 4 * B * W * net.arrays_per_layer)
    tick = Ticker(float(2 * L + L - seg_len), progress, should_stop)
    net.f.weights.prefetch(cfg.seed, W, L)
    with _single_thread_blas():
        state = net.start()
        checkpoints: dict[int, object] = {}
        caches: dict[int, object] = {}
        store = np.empty((min(seg_len, L), B, W), dtype=np.float32)   # phi' of a segment, as
        valid = L                                                      # in the plain network
        for l in range(1, L + 1):
            if seg_len < L and (l - 1) % seg_len == 0:
                checkpoints[l] = None if state is None else net.copy(state)
                caches.clear()
            state, cache, ok = net.step(state, l, arrays, store[(l - 1) % seg_len])
            if not ok:
                valid = l - 1
                tick(L - l + 1)
                break
            caches[l] = cache
            tick()
        if seg_len >= L:
            checkpoints = {1: None}
        arrays["segment"][:valid] = valid
        delta = None
        dead = False
        for start in sorted(checkpoints, reverse=True):
            if start > valid:
                continue
            end = min(valid, start + seg_len - 1)
            if not all(l in caches for l in range(start, end + 1)):
                caches.clear()
                st = checkpoints[start]
                st = None if st is None else net.copy(st)
                for l in range(start, end + 1):
                    st, caches[l], _ = net.step(st, l, None, store[(l - 1) % seg_len])
                    tick()
            for l in range(end, start - 1, -1):
                cache = caches.pop(l)
                if dead:
                    arrays["log_grad"][l - 1] = -math.inf
                    tick()
                    continue
                if delta is None:
                    u, log_f, base = net.top(l, cache), 0.0, 0.0
                else:
                    u, log_f = net.back(delta, l, cache)
                    base = arrays["log_grad"][l]
                _, msq = _ms(u)
                if not (msq > 0 and math.isfinite(msq)):
                    arrays["log_grad"][l - 1] = -math.inf
                    dead = True
                    tick()
                    continue
                r = math.sqrt(msq)
                arrays["log_grad"][l - 1] = base + log_f + math.log(r)
                u *= np.float32(1.0 / r)
                delta = u
                tick()
    if progress is not None:
        progress(1.0)
    return arrays, valid
