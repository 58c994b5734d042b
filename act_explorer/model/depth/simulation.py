"""Monte Carlo: one random deep network, forward and backward (:func:`simulate`).

Design decisions (measured on the 2-core development machine with
``python tests/benchmarks/bench_depth.py``)
--------------------------------------------------------------------------------------------
What ``view(L)`` of a simulation means.  The first ``L`` layers of the deep network *are* an
L-layer network (same weights, same inputs), so the forward columns of ``view(L)`` are exactly
those of ``simulate(depth=L)`` with the same seed (weights are drawn per layer from
``SeedSequence(seed, spawn_key=(1, l))``, so they do not depend on the depth asked for).  The
backward pass is done once, from the top of the deepest network, and stores per layer the log
of the gradient RMS (a per-layer gain factor); ``view(L)`` divides by the value at layer ``L``.
That is the exact measurement on the L-layer network whose output gradient is the one the
layers above send back - a zero-mean random vector, as the fresh N(0, 1) gradient a standalone
``simulate(depth=L)`` draws - so the two agree up to the noise of the random top gradient
(within a few per cent for ReLU/tanh/sigmoid; on ill-conditioned networks such as GELU with He
init at 45 layers, where all inputs collapse onto one direction, two fresh top gradients
already differ by a factor of ~4, and so may these).  A slider move then costs a slice and an
``exp`` (~40 us) instead of ``L`` matrix products (~0.4 ms each; backpropagating per depth
would cost up to ~100 ms per move), and the curve stays continuous as ``L`` changes.
``view(depth)`` is bit-identical to the full result.  Should a whole layer pass no gradient at
all (every unit flat for every input, e.g. a born-dead narrow ReLU net), the backward pass
restarts below it with a fresh gradient (``top_gradient(seed, ..., layer)``, the one a
standalone run of that depth draws), so shallower views stay exact; deeper views show 0 below
that layer, which is what the real network does.

Float32 like PyTorch.  Matrix products run in float32 (0.36 ms against 0.74 ms in float64 for
256 x 256 x 256 on one thread; a framework trains in float32 too); statistics are accumulated
in float64.  The results agree with a plain float64 NumPy pass over the same random numbers to
~1e-6 (tests), except where a pre-activation lies within float32 rounding of a kink.  phi and
phi' come from the catalogue's float64 closures; for the smooth functions, whose closures cost
1.5-17 ms per 65 536 values (GELU's erf), they are read from a table built from those closures
(linear interpolation, step chosen from the function's curvature so the error stays below
~2e-7, four float32 per interval packed so one gather fetches them: ~0.25 ms per layer for any
function, plus the points evaluated exactly; :class:`.profile._Kernel` says what costs what).
Points near a kink and beyond the table (|x| >= 16) are evaluated exactly, so flat regions
give exact zeros (dead units) and a kink keeps PyTorch's derivative.  Functions whose
derivative is piecewise constant (ReLU family, hard functions, step) and very sharp ones
(e.g. CELU with a tiny alpha) are always evaluated exactly.

Growth and decay.  Positively homogeneous functions (f(a x) = a f(x) for a > 0: ReLU, leaky
ReLU, PReLU, RReLU, identity; detected numerically) are simulated scale-free: pre-activations
are renormalised every layer and the scale is carried as a logarithm, which is exact for them,
so ReLU with s_w = 10 at 1000 layers reports act_rms = inf with a finite log10, and no
warning.  Other functions are simulated as they are; if the activation RMS passes 1e30 (near
float32's limit) or becomes non-finite, the simulation stops there and ``overflow_layer`` says
where (the theory does the same when q passes 1e60).  Activations that shrink below 1e-30 RMS
are set to exactly zero (zero for every purpose; subnormal floats are slow), and the theory
sets q to 0 likewise.  Gradients are renormalised every layer and carried as logarithms, so
vanishing (1e-1000) and exploding (1e+800) gradients never under- or overflow; every series
comes with its log10.

BLAS threads.  The matrix products are small; on this 2-core machine OpenBLAS with two threads
is ~20 % faster when the machine is idle (218 vs 267 ms for 200 tanh layers) but 3.4x slower
as soon as the other core is busy (916 vs 268 ms) - as when the GUI paints.  :func:`simulate`
therefore limits BLAS to one thread with threadpoolctl while it runs (reference counted, so
concurrent simulations do not undo each other's limit).

Cost (200 layers, width 256, batch 256): ~210-280 ms of CPU per function once the weights for
the seed exist (every catalogue function, default init, measured with the machine busy; two
matrix products a layer, ~0.36 ms each, are more than half of it), ~450 ms when they must be
drawn first (13 M normal numbers).  The derivatives of a run (or of a checkpoint segment) are
one block allocated once per run, which NumPy asks the kernel to back with huge pages: a few
dozen page faults a run instead of 64 a layer (12 800, ~20 ms at 200 layers).  Weights are cached
per ``(seed, width)`` (up to 256 MB, least recently used first), so several functions with the
same seed - compare mode - use the very same random matrices and skip the drawing.  Memory for
the backward pass is bounded: beyond 1 GiB of stored derivatives the forward pass is
checkpointed every sqrt(L) layers and recomputed segment by segment (identical results).

Long work follows the Orange3 pattern: :func:`simulate` is a plain function taking optional
``progress(fraction)`` and ``should_stop()`` callbacks and raising :class:`Cancelled`.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ..blas import blas_threads
from .config import _ACT_FLOOR, _ACT_LIMIT, SATURATION_LEVEL, Cancelled, DepthConfig
from .profile import FunctionProfile, _with_max_df, function_profile
from .series import DepthSeries, LayerResult, _check_view_depth, _exp, _log
from .weights import input_batch, top_gradient, weight_source

_DERIV_BUDGET_BYTES = 2**30


# ---- one BLAS thread while simulating ------------------------------------------------------

def _single_thread_blas():
    """BLAS limited to one thread (the process-wide limit shared with training)."""
    return blas_threads(1)


class DepthSimulation(LayerResult):
    """Result of :func:`simulate`: per-layer arrays for ``config.depth`` layers.

    Attributes (index 0 = layer 1): ``log_grad`` (natural log of the gradient RMS, up to a
    per-segment constant), ``grad_segment`` (the top layer of the backward segment each layer
    belongs to), ``log_act_rms``, ``act_mean``, ``frac_dead``, ``frac_saturated``;
    ``valid_depth`` (layers simulated before an overflow) and ``overflow_layer``.
    """

    def __init__(self, config: DepthConfig, profile: FunctionProfile, max_df: float, arrays: dict,
                 valid_depth: int, elapsed: float):
        super().__init__(config, profile, max_df, valid_depth)
        self.log_grad: np.ndarray = arrays["log_grad"]
        self.grad_segment: np.ndarray = arrays["segment"]
        self.log_act_rms: np.ndarray = arrays["log_act_rms"]
        self.act_mean: np.ndarray = arrays["act_mean"]
        self.frac_dead: np.ndarray = arrays["frac_dead"]
        self.frac_saturated: np.ndarray = arrays["frac_saturated"]
        self.elapsed = elapsed
        for a in arrays.values():
            a.setflags(write=False)

    def view(self, depth: int | None = None) -> DepthSeries:
        """The series of the network made of the first ``depth`` layers (default: all)."""
        L = _check_view_depth(self.depth if depth is None else depth, self.depth)
        lg = np.full(L, np.nan)
        no_grad = False
        if L <= self.valid_depth:
            top = self.grad_segment[L - 1]
            ref = self.log_grad[L - 1]
            if ref == -np.inf:
                no_grad = True
            else:
                same = self.grad_segment[:L] == top
                with np.errstate(invalid="ignore"):
                    lg = np.where(same, self.log_grad[:L] - ref, -np.inf)
        return self._series("sim", L, lg, self.frac_dead[:L].copy(), no_grad)

    at_depth = view


def segment_length(L: int, layer_bytes: int) -> int:
    """Layers per backward segment: all ``L`` when their stored arrays fit the budget, else
    sqrt(L) (the forward pass is then checkpointed and recomputed segment by segment)."""
    if L * layer_bytes <= _DERIV_BUDGET_BYTES:
        return L
    return max(1, min(L, int(math.ceil(math.sqrt(L)))))


class Ticker:
    """Progress over ``total`` steps: ``tick(n)`` polls ``should_stop`` (raising
    :class:`Cancelled`) and reports the fraction done; polled once on creation too."""

    def __init__(self, total: float, progress: Callable[[float], None] | None,
                 should_stop: Callable[[], bool] | None):
        self.total, self.done = total, 0.0
        self.progress, self.should_stop = progress, should_stop
        if should_stop is not None and should_stop():
            raise Cancelled()

    def __call__(self, n: float = 1.0) -> None:
        if self.should_stop is not None and self.should_stop():
            raise Cancelled()
        self.done += n
        if self.progress is not None:
            self.progress(min(self.done / self.total, 1.0))


def empty_arrays(L: int) -> dict[str, np.ndarray]:
    """The per-layer arrays of a :class:`DepthSimulation`, before anything is measured."""
    return {
        "log_grad": np.full(L, np.nan),
        "segment": np.zeros(L, dtype=np.int64),
        "log_act_rms": np.full(L, np.inf),
        "act_mean": np.full(L, np.nan),
        "frac_dead": np.full(L, np.nan),
        "frac_saturated": np.full(L, np.nan),
    }


def _ms(a: np.ndarray) -> tuple[float, float]:
    """(mean, mean square) of an array, accumulated in float64."""
    v = a.reshape(-1).astype(np.float64)
    n = v.size
    return float(v.sum()) / n, float(np.dot(v, v)) / n


def _msq(a: np.ndarray) -> float:
    """The mean square of :func:`_ms` alone (the backward pass needs no mean)."""
    v = a.reshape(-1).astype(np.float64)
    return float(np.dot(v, v)) / v.size


class _Forward:
    """The forward pass, one layer at a time, restartable from a checkpoint."""

    def __init__(self, cfg: DepthConfig, prof: FunctionProfile):
        self.cfg = cfg
        self.kernel = prof.kernel()
        self.homogeneous = prof.homogeneous
        self.log_c = 0.5 * math.log(cfg.sigma_w2) - 0.5 * math.log(cfg.width)
        self.c = np.float32(math.exp(self.log_c))
        self.sb = cfg.sigma_b
        self.log_sb = _log(cfg.sigma_b)
        self.thr = np.float32(SATURATION_LEVEL * prof.max_df)
        self.sat_zero = prof.max_df == 0.0
        self.weights = weight_source(cfg.weights)

    def inputs(self) -> tuple[np.ndarray, float]:
        return input_batch(self.cfg.seed, self.cfg.batch, self.cfg.width), 0.0

    def step(self, x: np.ndarray, a: float, l: int, stats: dict | None,
             d_out: np.ndarray | None = None):
        """Layer ``l`` from activations ``x`` (times e^a).  Returns (x, a, D, ok); D is written
        into ``d_out`` (batch x width float32) when given."""
        cfg = self.cfg
        z, b = self.weights.layer(cfg.seed, cfg.width, l)
        u = x @ z.T
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            if self.homogeneous:
                m = max(a + self.log_c, self.log_sb)
                if m == -math.inf:
                    h = np.zeros_like(u)
                    a_h = -math.inf
                else:
                    cu = math.exp(a + self.log_c - m) if a > -math.inf else 0.0
                    cb = math.exp(self.log_sb - m) if self.sb > 0 else 0.0
                    u *= np.float32(cu)
                    if cb:
                        u += np.float32(cb) * b
                    _, msq = _ms(u)
                    if msq > 0:
                        r = math.sqrt(msq)
                        u *= np.float32(1.0 / r)
                        a_h = m + math.log(r)
                    else:
                        a_h = -math.inf
                    h = u
                xn, d = self.kernel(h, d_out)
                an = a_h
            else:
                u *= self.c
                if self.sb > 0:
                    u += np.float32(self.sb) * b
                xn, d = self.kernel(u, d_out)
                an = 0.0
            mean, msq = _ms(xn)
        ok = math.isfinite(msq) and math.isfinite(mean) and math.sqrt(msq) <= _ACT_LIMIT
        if not self.homogeneous and ok and 0 < msq < _ACT_FLOOR ** 2:
            xn.fill(0.0)
        if stats is not None and ok:
            self.record(stats, l, an, mean, msq, d)
        return xn, an, d, ok

    def record(self, stats: dict, l: int, an: float, mean: float, msq: float,
               d: np.ndarray) -> None:
        """Layer ``l``'s activation statistics: activations e^an x with mean ``mean`` and mean
        square ``msq`` of x, derivatives ``d`` (batch x width) of the function there."""
        i = l - 1
        if an == -math.inf or msq == 0.0:
            stats["log_act_rms"][i] = -math.inf
            stats["act_mean"][i] = 0.0
        else:
            stats["log_act_rms"][i] = an + 0.5 * math.log(msq)
            stats["act_mean"][i] = float(np.sign(mean) * _exp(np.float64(an + _log(abs(mean))))) if mean else 0.0
        stats["frac_dead"][i] = 1.0 - np.count_nonzero(np.any(d != 0, axis=0)) / d.shape[1]
        if self.sat_zero:
            stats["frac_saturated"][i] = np.count_nonzero(d == 0) / d.size
        else:
            stats["frac_saturated"][i] = np.count_nonzero(np.abs(d) < self.thr) / d.size


def simulate(config: DepthConfig, *, max_df: float | None = None,
             progress: Callable[[float], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> DepthSimulation:
    """Simulate the random network of ``config`` to ``config.depth`` layers.

    ``max_df`` (max |f'| over the real line) is computed when not given.  ``progress`` is
    called with fractions in [0, 1] (last call 1.0); ``should_stop`` is polled every layer and
    :class:`Cancelled` is raised when it returns True.  Deterministic for a given config.
    """
    import time  # noqa: PLC0415

    t0 = time.perf_counter()
    cfg = config
    prof = _with_max_df(function_profile(cfg.act_id, cfg.params_dict), max_df)
    if cfg.arch != "plain":
        from .architectures import simulate_arch  # noqa: PLC0415

        arrays, valid = simulate_arch(cfg, prof, progress, should_stop)
        return DepthSimulation(cfg, prof, prof.max_df, arrays, valid, time.perf_counter() - t0)
    L, B, W = cfg.depth, cfg.batch, cfg.width
    arrays = empty_arrays(L)
    fwd = _Forward(cfg, prof)
    seg_len = segment_length(L, 4 * B * W)
    tick = Ticker(float(2 * L + L - seg_len), progress, should_stop)
    fwd.weights.prefetch(cfg.seed, W, L)
    with _single_thread_blas():
        # -- forward, with checkpoints at segment starts ------------------------------------
        x, a = fwd.inputs()
        checkpoints: dict[int, tuple[np.ndarray, float]] = {}
        derivs: dict[int, np.ndarray] = {}
        # One block for a segment's derivatives (huge pages: see "Cost" above).
        store = np.empty((min(seg_len, L), B, W), dtype=np.float32)
        valid = L
        for l in range(1, L + 1):
            seg_start = ((l - 1) // seg_len) * seg_len + 1
            if l == seg_start and seg_len < L:
                checkpoints[l] = (x.copy(), a)
                derivs.clear()
            x, a, d, ok = fwd.step(x, a, l, arrays, store[(l - 1) % seg_len])
            if not ok:
                valid = l - 1
                tick(L - l + 1)
                break
            derivs[l] = d
            tick()
        if seg_len >= L:
            checkpoints = {1: None}  # everything is in ``derivs``
        # -- backward from the top, restarting below a layer that passes nothing ----------------
        top = valid
        delta = None
        seg_top = 0
        log_c = fwd.log_c
        seg_starts = sorted(checkpoints)
        for start in reversed(seg_starts):
            if start > top:
                continue
            end = min(top, start + seg_len - 1) if seg_len < L else top
            if not all(l in derivs for l in range(start, end + 1)):
                derivs.clear()
                xc, ac = checkpoints[start]
                xc = xc.copy()
                for l in range(start, end + 1):
                    xc, ac, d, _ = fwd.step(xc, ac, l, None, store[(l - 1) % seg_len])
                    derivs[l] = d
                    tick()
            for l in range(end, start - 1, -1):
                d = derivs.pop(l)
                if delta is None:
                    g = top_gradient(cfg.seed, B, W, l)
                    g *= d
                    msq = _msq(g)
                    seg_top = l
                    arrays["segment"][l - 1] = l
                    if not (msq > 0 and math.isfinite(msq)):
                        arrays["log_grad"][l - 1] = -math.inf
                        tick()
                        continue
                    r = math.sqrt(msq)
                    arrays["log_grad"][l - 1] = math.log(r)
                    g *= np.float32(1.0 / r)
                    delta = g
                else:
                    z, _ = fwd.weights.layer(cfg.seed, W, l + 1)
                    u = delta @ z
                    u *= d
                    msq = _msq(u)
                    arrays["segment"][l - 1] = seg_top
                    if not (msq > 0 and math.isfinite(msq)):
                        arrays["log_grad"][l - 1] = -math.inf
                        delta = None   # nothing passes: restart below with a fresh gradient
                        tick()
                        continue
                    r = math.sqrt(msq)
                    arrays["log_grad"][l - 1] = arrays["log_grad"][l] + log_c + math.log(r)
                    u *= np.float32(1.0 / r)
                    delta = u
                tick()
    if progress is not None:
        progress(1.0)
    return DepthSimulation(cfg, prof, prof.max_df, arrays, valid, time.perf_counter() - t0)
