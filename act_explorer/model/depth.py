"""Signal and gradient propagation through a deep random network (the "depth" feature).

A fully connected stack of ``L`` square layers of width ``W``: ``h_l = c Z_l x_{l-1} + s_b b_l``,
``x_l = phi(h_l)`` with ``Z_l`` and ``b_l`` standard normal, ``c = s_w / sqrt(W)`` (so the
weights are N(0, s_w^2 / fan_in)) and inputs ``x_0 ~ N(0, 1)``.  Two ways to look at it:

* :func:`simulate` - Monte Carlo: forward a batch through one random network, backpropagate a
  random gradient from the top and measure, per layer, the RMS of the gradient with respect to
  the pre-activations (normalised so the last layer is 1), the activation RMS and mean, the
  fraction of dead units (f' = 0 for every input) and of saturated unit-input pairs
  (|f'| < 1 % of max |f'|).
* :func:`theory` - the mean-field recursion of Poole et al. 2016 / Schoenholz et al. 2017:
  ``q_{l+1} = s_w^2 E[phi(sqrt(q_l) z)^2] + s_b^2``, ``chi_l = s_w^2 E[phi'(sqrt(q_l) z)^2]``,
  predicted gradient RMS at layer l of an L-layer net = prod_{k=l}^{L-1} sqrt(chi_k), and the
  depth scale ``xi = -1/ln chi*`` at the fixed point (see :func:`fixed_point`).  Gaussian
  expectations use :mod:`.gaussian` (panels split at the kinks), not plain Gauss-Hermite.

Both return an object holding per-layer arrays for the full requested depth; ``view(L)``
returns the :class:`DepthSeries` of a network of ``L`` layers without recomputation.

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
~2e-7, four float32 per interval packed so one gather fetches them: 0.36 ms per layer for any
function).  Points near a kink and beyond the table (|x| >= 16) are evaluated exactly, so flat
regions give exact zeros (dead units) and a kink keeps PyTorch's derivative.  Functions whose
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

Cost (200 layers, width 256, batch 256): ~230-300 ms per function once the weights for the
seed exist, ~450 ms when they must be drawn first (13 M normal numbers).  Weights are cached
per ``(seed, width)`` (up to 256 MB, least recently used first), so several functions with the
same seed - compare mode - use the very same random matrices and skip the drawing.  Memory for
the backward pass is bounded: beyond 1 GiB of stored derivatives the forward pass is
checkpointed every sqrt(L) layers and recomputed segment by segment (identical results).

Long work follows the Orange3 pattern: :func:`simulate` is a plain function taking optional
``progress(fraction)`` and ``should_stop()`` callbacks and raising :class:`Cancelled`.
"""

from __future__ import annotations

import functools
import math
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np

from . import catalogue
from .blas import blas_threads
from .domain import check_usable
from .gaussian import moments
from .special import norm_cdf
from .tables import csv_text

__all__ = [
    "INITS",
    "INIT_LABELS",
    "MAX_DEPTH",
    "MAX_WIDTH",
    "MAX_BATCH",
    "SIGMA_MAX",
    "CSV_HEADER",
    "DepthError",
    "Cancelled",
    "DepthConfig",
    "DepthSeries",
    "DepthSimulation",
    "DepthTheory",
    "FixedPoint",
    "FunctionProfile",
    "init_sigma_w2",
    "function_profile",
    "max_abs_derivative",
    "simulate",
    "theory",
    "fixed_point",
    "critical_sigma_w",
    "slope_product",
    "format_ratio",
    "format_layers",
    "clear_weight_cache",
    "layer_weights",
    "input_batch",
    "top_gradient",
]

INITS = ("xavier", "he", "lecun", "custom")
INIT_LABELS = {"xavier": "Xavier", "he": "He", "lecun": "LeCun", "custom": "custom"}
MAX_DEPTH = 1000
MAX_WIDTH = 4096
MAX_BATCH = 4096
SIGMA_MAX = 10.0
CSV_HEADER = ("layer", "grad_rms", "act_rms", "act_mean", "frac_dead", "frac_saturated")

SATURATION_LEVEL = 0.01          # saturated: |f'| < 1 % of max |f'|
CRITICAL_BAND = 1e-3             # |ln chi*| below this counts as critical
_ACT_LIMIT = 1e30                # activation RMS beyond which float32 gives up
_ACT_FLOOR = 1e-30               # below this RMS activations are flushed to 0
_Q_LIMIT = _ACT_LIMIT ** 2       # the same limit for the theory's q
_LN10 = math.log(10.0)

# Two 200-layer networks of width 256 (52.6 MB each): going back to the previous seed or
# comparing functions on one seed costs nothing; more seeds are redrawn (~0.3 s).
_WEIGHT_CACHE_BYTES = 128 * 2**20
_KERNEL_CACHE_BYTES = 24 * 2**20   # interpolation tables kept for recently used functions
_DERIV_BUDGET_BYTES = 2**30


class DepthError(ValueError):
    """Settings the depth experiment does not accept; ``str()`` is a sentence for the user."""


class Cancelled(Exception):
    """Raised by :func:`simulate` when ``should_stop()`` returned True."""


# ---- settings ---------------------------------------------------------------------------

def _slope_for_he(act_id: str, params: Mapping[str, float]) -> float:
    if act_id == "leaky_relu":
        return float(params.get("negative_slope", 0.01))
    if act_id == "prelu":
        return float(params.get("init", 0.25))
    if act_id == "rrelu":  # the evaluation slope, (lower + upper) / 2
        return 0.5 * (float(params.get("lower", 1 / 8)) + float(params.get("upper", 1 / 3)))
    return 0.0


def init_sigma_w2(init: str, act_id: str, params: Mapping[str, float] | None = None,
                  sigma_w: float | None = None, fan_in: int = 1, fan_out: int = 1) -> float:
    """sigma_w^2 (weight variance times fan_in) of an initialisation preset.

    xavier: 2 fan_in / (fan_in + fan_out) (1 for square layers); he: 2, or 2 / (1 + a^2) for
    leaky_relu / prelu / rrelu with negative slope a (rrelu: its evaluation slope); lecun: 1;
    custom: ``sigma_w ** 2``.  ``sigma_w`` is only accepted with ``custom``.
    """
    init = str(init).lower()
    if init not in INITS:
        raise DepthError(f"unknown init {init!r}; use one of {', '.join(INITS)}")
    if init == "custom":
        if sigma_w is None:
            raise DepthError("init 'custom' needs sigma_w")
        return float(sigma_w) ** 2
    if sigma_w is not None:
        raise DepthError(f"sigma_w is only used with init 'custom', not with {init!r}")
    if init == "xavier":
        return 2.0 * fan_in / (fan_in + fan_out)
    if init == "lecun":
        return 1.0
    a = _slope_for_he(catalogue.get(act_id).id, params or {})
    return 2.0 / (1.0 + a * a)


@dataclass(frozen=True)
class DepthConfig:
    """One depth experiment.  Validated on construction (:class:`DepthError`,
    ``catalogue.ParamError`` for function parameters, ``catalogue.UnknownActivation``).

    ``params`` may be given as a mapping; it is stored resolved (defaults filled in) as a
    sorted tuple of pairs, so configs are hashable.  ``sigma_w`` is required with
    ``init='custom'`` and rejected with the presets.  ``depth`` is the maximum depth: views of
    any ``L <= depth`` come from one run.
    """

    act_id: str
    params: Mapping[str, float] | tuple = ()
    depth: int = 10
    width: int = 256
    batch: int = 256
    init: str = "xavier"
    sigma_w: float | None = None
    sigma_b: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        act = catalogue.get(self.act_id)
        raw = dict(self.params) if not isinstance(self.params, tuple) else dict(self.params)
        resolved = act.resolve(raw)
        set_ = functools.partial(object.__setattr__, self)
        set_("act_id", act.id)
        set_("params", tuple(sorted(resolved.items())))
        for name, hi in (("depth", MAX_DEPTH), ("width", MAX_WIDTH), ("batch", MAX_BATCH)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 1 <= v <= hi:
                raise DepthError(f"{name} must be a whole number between 1 and {hi}, got {v!r}")
            set_(name, int(v))
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise DepthError(f"seed must be a whole number >= 0, got {self.seed!r}")
        set_("seed", int(self.seed))
        set_("init", str(self.init).lower())
        if self.sigma_w is not None:
            sw = _finite(self.sigma_w, "sigma_w")
            if not 0.0 < sw <= SIGMA_MAX:
                raise DepthError(f"sigma_w must be in (0, {SIGMA_MAX:g}], got {sw:g}")
            if sw * sw < sys.float_info.min:  # sigma_w^2 would underflow (5e-324 squared is 0)
                raise DepthError(f"sigma_w must be at least 1e-154, got {sw:g}")
            set_("sigma_w", sw)
        sb = _finite(self.sigma_b, "sigma_b")
        if not 0.0 <= sb <= SIGMA_MAX:
            raise DepthError(f"sigma_b must be in [0, {SIGMA_MAX:g}], got {sb:g}")
        set_("sigma_b", sb)
        # Validates init / sigma_w together.
        init_sigma_w2(self.init, self.act_id, self.params_dict, self.sigma_w, self.width, self.width)
        problem = check_usable(act, resolved)   # a typed 1/x or sqrt(-x) cannot be simulated
        if problem:
            raise DepthError(problem)

    # -- derived ----------------------------------------------------------------------------
    @property
    def activation(self) -> catalogue.Activation:
        return catalogue.get(self.act_id)

    @property
    def params_dict(self) -> dict[str, float]:
        return dict(self.params)

    @property
    def sigma_w2(self) -> float:
        return init_sigma_w2(self.init, self.act_id, self.params_dict, self.sigma_w,
                             self.width, self.width)

    @property
    def init_label(self) -> str:
        if self.init == "custom":
            return f"custom (σ_w = {self.sigma_w:.3g})"
        return INIT_LABELS[self.init]

    def with_(self, **changes) -> "DepthConfig":
        """A copy with some fields changed (``dataclasses.replace``)."""
        if "act_id" in changes and "params" not in changes:
            changes["params"] = ()
        return replace(self, **changes)


def _finite(v, name: str) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise DepthError(f"{name} must be a number, got {v!r}") from None
    if not math.isfinite(f):
        raise DepthError(f"{name} must be finite, got {v!r}")
    return f


# ---- what the simulation needs to know about phi -------------------------------------------

@dataclass(frozen=True, eq=False)
class FunctionProfile:
    """Numerical facts about one function with fixed parameters (cached per function)."""

    act_id: str
    params: tuple
    max_df: float                        # max |f'| over the real line
    kinks: tuple[float, ...]
    homogeneous: bool                    # f(a x) = a f(x) for a > 0
    exact: bool                          # evaluate exactly in the simulation (no table)
    table_step: float                    # 0 when exact
    saturated_set: tuple[tuple[float, float], ...]   # intervals where |f'| < 1 % max |f'|
    f: Callable = field(repr=False, default=None)
    df: Callable = field(repr=False, default=None)
    _kernel: list = field(repr=False, default_factory=list)   # the built _Kernel, shared by copies

    def kernel(self) -> "_Kernel":
        """The simulation's phi/phi' evaluator (built once, ~2-20 ms; a table of up to 8 MB is
        kept for the recently used functions only, see :func:`_keep_kernel`)."""
        held = self._kernel
        if held:
            k = held[0]
            _keep_kernel(held, k)
            return k
        k = _Kernel(self)
        with _profile_lock:
            if not held:
                held.append(k)
            k = held[0]
        _keep_kernel(held, k)
        return k

    def saturated_probability(self, q: np.ndarray | float) -> np.ndarray:
        """P(|f'(x)| < 1 % max|f'|) for x ~ N(0, q), vectorised over q."""
        q = np.atleast_1d(np.asarray(q, dtype=np.float64))
        if self.max_df == 0.0:
            return np.ones_like(q)
        out = np.zeros_like(q)
        s = np.maximum(np.sqrt(np.maximum(q, 0.0)), 1e-300)
        with np.errstate(over="ignore", under="ignore"):
            for a, b in self.saturated_set:
                out += _phi(b / s) - _phi(a / s)
        return np.clip(out, 0.0, 1.0)


def _phi(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    fin = np.isfinite(z)
    out[~fin] = np.where(z[~fin] > 0, 1.0, 0.0)
    out[fin] = norm_cdf(z[fin])
    return out


_TABLE_R = 16.0
_PROBE_H = 2.0 ** -12
_STEP_MAX = 2.0 ** -10
_STEP_MIN = 2.0 ** -14
_TABLE_TOL = 2e-7
_profile_lock = threading.Lock()
_profile_cache: OrderedDict = OrderedDict()
_kernel_lru: OrderedDict = OrderedDict()      # id(holder list) -> (holder list, bytes)


def _keep_kernel(holder: list, kernel: "_Kernel") -> None:
    """Count ``kernel``'s table against :data:`_KERNEL_CACHE_BYTES`; drop the tables of the
    least recently used profiles beyond it (profiles live on in caches and results, their
    tables are rebuilt when needed).  A kernel in use stays alive in its caller."""
    size = 0 if kernel.exact else int(kernel.table.nbytes)
    if size == 0:
        return
    with _profile_lock:
        _kernel_lru[id(holder)] = (holder, size)
        _kernel_lru.move_to_end(id(holder))
        total = sum(b for _, b in _kernel_lru.values())
        while total > _KERNEL_CACHE_BYTES and len(_kernel_lru) > 1:
            _key, (old, b) = _kernel_lru.popitem(last=False)
            old.clear()
            total -= b


def _call(fn, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(fn(x), dtype=np.float64)


def _is_homogeneous(f, df) -> bool:
    t = np.logspace(-4, 4, 33)
    t = np.concatenate([-t[::-1], t])
    f0 = _call(f, np.zeros(1))[0]
    if f0 != 0.0:
        return False
    a, b = _call(f, t), _call(f, 2.0 * t)
    da, db = _call(df, t), _call(df, 2.0 * t)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return False
    ok_f = np.all(np.abs(b - 2.0 * a) <= 1e-12 * np.maximum(np.abs(b), 1e-300))
    ok_d = np.all(np.abs(db - da) <= 1e-12 * np.maximum(np.abs(db), 1e-300))
    return bool(ok_f and ok_d)


def _crossing(df, thr: float, a: float, b: float) -> float:
    """Point in [a, b] where |df| < thr switches (bisection)."""
    sa = abs(_call(df, np.array([a]))[0]) < thr
    for _ in range(80):
        m = 0.5 * (a + b)
        if m == a or m == b:
            break
        if (abs(_call(df, np.array([m]))[0]) < thr) == sa:
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def _saturated_set(df, kinks: tuple[float, ...], max_df: float) -> tuple[tuple[float, float], ...]:
    """Intervals (ends may be infinite) where |f'| < 1 % of ``max_df``."""
    if max_df <= 0:
        return ((-math.inf, math.inf),)
    core = np.arange(-_TABLE_R, _TABLE_R + _PROBE_H / 2, 8 * _PROBE_H)
    tail = np.logspace(math.log10(_TABLE_R), 8, 400)[1:]
    extra = [k + d for k in kinks for d in (-1e-9, 0.0, 1e-9)]
    grid = np.unique(np.concatenate([-tail[::-1], core, tail, np.asarray(extra, dtype=np.float64)]))
    thr = SATURATION_LEVEL * max_df
    sat = np.abs(np.nan_to_num(_call(df, grid), nan=np.inf)) < thr
    cuts = [float(_crossing(df, thr, float(grid[i]), float(grid[i + 1]))) for i in np.flatnonzero(sat[1:] != sat[:-1])]
    out: list[tuple[float, float]] = []
    state = bool(sat[0])
    start = -math.inf
    for c in cuts:
        if state:
            out.append((start, c))
        else:
            start = c
        state = not state
    if state:
        out.append((start, math.inf))
    return tuple(out)


def _with_max_df(prof: "FunctionProfile", max_df: float | None) -> "FunctionProfile":
    """``prof`` with max |f'| given by the caller (the saturation set follows)."""
    if max_df is None:
        return prof
    max_df = float(max_df)
    if not (math.isfinite(max_df) and max_df >= 0):
        raise DepthError(f"max_df must be a finite number >= 0, got {max_df!r}")
    if max_df == prof.max_df:
        return prof
    return replace(prof, max_df=max_df, saturated_set=_saturated_set(prof.df, prof.kinks, max_df))


def _build_profile(act: catalogue.Activation, params: dict) -> FunctionProfile:
    from .properties import analyse  # noqa: PLC0415 (only needed here, keeps import light)

    f, df = act.bind(**params)
    kinks = tuple(float(k) for k in act.kinks(**params))
    props = analyse(f, df, kinks)
    max_df = float(props.max_abs_df) if math.isfinite(props.max_abs_df) else 0.0
    homogeneous = _is_homogeneous(f, df)

    sat_set = _saturated_set(df, kinks, max_df)

    # Exact or table?  Exact when f' takes a handful of values (piecewise linear f: cheap and
    # exact zeros matter), or when the curvature needs a table finer than _STEP_MIN.
    core = np.arange(-_TABLE_R, _TABLE_R + _PROBE_H / 2, _PROBE_H)
    core_d = _call(df, core)
    finite_core = core_d[np.isfinite(core_d)]
    exact = np.unique(finite_core).size <= 8 or finite_core.size < core_d.size
    step = 0.0
    if not exact:
        near_kink = np.zeros(core.size, dtype=bool)
        for k in kinks:
            near_kink |= np.abs(core - k) <= 4 * _PROBE_H
        d2 = np.diff(core_d) / _PROBE_H
        d3 = np.diff(d2) / _PROBE_H
        m2 = np.max(np.abs(d2[~(near_kink[1:] | near_kink[:-1])]), initial=0.0)
        m3 = np.max(np.abs(d3[~(near_kink[2:] | near_kink[1:-1] | near_kink[:-2])]), initial=0.0)
        scale = max(1.0, max_df)
        need = math.inf
        for m in (m2, m3):
            if m > 0:
                need = min(need, math.sqrt(8.0 * _TABLE_TOL * scale / m))
        step = _STEP_MAX
        while step > need and step >= _STEP_MIN:
            step /= 2.0
        if step < _STEP_MIN:
            exact, step = True, 0.0
    return FunctionProfile(act.id, tuple(sorted(params.items())), max_df, kinks, homogeneous,
                           bool(exact), step, sat_set, f, df)


def function_profile(act_id: str, params: Mapping[str, float] | None = None) -> FunctionProfile:
    """The cached :class:`FunctionProfile` of a catalogue function with parameters."""
    act = catalogue.get(act_id)
    p = act.resolve(params or {})
    key = (act.id, id(act.f_impl), id(act.df_impl), tuple(sorted(p.items())))
    with _profile_lock:
        hit = _profile_cache.get(key)
        if hit is not None and hit[0] is act:
            _profile_cache.move_to_end(key)
            return hit[1]
    prof = _build_profile(act, p)
    with _profile_lock:
        _profile_cache[key] = (act, prof)
        while len(_profile_cache) > 64:
            _profile_cache.popitem(last=False)
    return prof


def max_abs_derivative(act_id: str, params: Mapping[str, float] | None = None) -> float:
    """max |f'(x)| over the real line (from :mod:`.properties`' dense grid and refinement)."""
    return function_profile(act_id, params).max_df


class _Kernel:
    """phi and phi' of a float32 array, as float32: exact closures or an interpolation table.

    The table holds (f, f(next) - f, f', f'(next) - f') per interval as four float32 packed in
    16 bytes, so one gather fetches all four (random gathers dominate the cost).  The node x_i
    is recomputed exactly from i (the step is a power of two), so t = (h - x_i) / step has no
    cancellation.  |h| >= 16 and points within two steps of a kink are evaluated exactly.
    """

    def __init__(self, prof: FunctionProfile):
        self.f, self.df = prof.f, prof.df
        self.exact = prof.exact
        if self.exact:
            return
        step = prof.table_step
        lo = -_TABLE_R - step
        n = int(round(2 * (_TABLE_R + step) / step)) + 1
        x = lo + step * np.arange(n, dtype=np.float64)
        fv, dv = _call(self.f, x), _call(self.df, x)
        packed = np.stack([fv[:-1], np.diff(fv), dv[:-1], np.diff(dv)], axis=1).astype(np.float32)
        self.table = np.ascontiguousarray(packed).view(np.complex128).reshape(-1)
        self.inv = np.float32(1.0 / step)
        self.step = np.float32(step)
        self.off = np.float32(-lo / step)          # an integer: nodes are lo + i * step
        self.top = np.float32(n - 2)
        self.R = np.float32(_TABLE_R)
        self.kinks = [(np.float32(k), np.float32(2 * step)) for k in prof.kinks if abs(k) < _TABLE_R]

    def __call__(self, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.exact:
            return (_call(self.f, h).astype(np.float32), _call(self.df, h).astype(np.float32))
        s = h * self.inv
        s += self.off
        np.clip(s, 0.0, self.top, out=s)
        i = s.astype(np.intp)
        t = i.astype(np.float32)
        t -= self.off
        t *= self.step                              # x_i, exactly
        np.subtract(h, t, out=t)
        t *= self.inv
        g = np.take(self.table, i).view(np.float32).reshape(h.shape + (4,))
        x = g[..., 1] * t
        x += g[..., 0]
        d = g[..., 3] * t
        d += g[..., 2]
        exact = np.abs(h) >= self.R
        for k, w in self.kinks:
            exact |= np.abs(h - k) < w
        if exact.any():
            sel = np.nonzero(exact)
            hv = h[sel].astype(np.float64)
            x[sel] = _call(self.f, hv)
            d[sel] = _call(self.df, hv)
        return x, d


# ---- random numbers, shared between runs ---------------------------------------------------

def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))


class _WeightCache:
    """Standard normal Z_l (W x W) and b_l (W) per (seed, width, layer), float32, LRU-bounded."""

    def __init__(self, budget: int):
        self.budget = budget
        self.lock = threading.Lock()
        self.grown = threading.Condition(self.lock)     # notified when a list grows
        self.entries: OrderedDict[tuple[int, int], list] = OrderedDict()
        self.bytes = 0
        self.prefetching: dict[tuple[int, int], int] = {}  # key: last layer being drawn ahead

    def prefetch(self, seed: int, width: int, layers: int) -> None:
        """Draw layers 1..``layers`` of (seed, width) on a background thread, in order.

        NumPy's generators release the GIL while they fill an array, so on a second core the
        weights of a new seed are drawn while the forward pass multiplies by the ones already
        there; :meth:`layer` waits for a layer being drawn ahead instead of drawing it twice.
        The numbers are the same as when drawn on demand (each layer has its own stream).
        """
        key = (int(seed), int(width))
        with self.lock:
            have = len(self.entries.get(key, ()))
            if have >= layers or key in self.prefetching:
                return
            self.prefetching[key] = int(layers)

        def work() -> None:
            try:
                for l in range(have + 1, layers + 1):
                    with self.lock:
                        n = len(self.entries.get(key, ()))
                    if n >= l:
                        continue
                    if n < l - 1:
                        break          # evicted or not kept (budget): leave it to layer()
                    self.layer(*key, l)
            finally:
                with self.lock:
                    self.prefetching.pop(key, None)
                    self.grown.notify_all()

        threading.Thread(target=work, name="depth-weights", daemon=True).start()

    @staticmethod
    def _per_layer(width: int) -> int:
        return 4 * (width * width + width)

    def layer(self, seed: int, width: int, l: int) -> tuple[np.ndarray, np.ndarray]:
        key = (seed, width)
        with self.lock:
            while True:
                lst = self.entries.get(key)
                if lst is not None:
                    self.entries.move_to_end(key)
                    if l <= len(lst):
                        return lst[l - 1]
                # Being drawn ahead on another thread: wait for it rather than draw it twice.
                if (l <= self.prefetching.get(key, 0)
                        and threading.current_thread().name != "depth-weights"):
                    self.grown.wait(0.05)
                    continue
                break
        g = _rng(seed, 1, l)
        z = g.standard_normal((width, width), dtype=np.float32)
        b = g.standard_normal(width, dtype=np.float32)
        per = self._per_layer(width)
        with self.lock:
            lst = self.entries.setdefault(key, [])
            self.entries.move_to_end(key)
            if l == len(lst) + 1:
                while self.bytes + per > self.budget:
                    victim = next((k for k in self.entries if k != key), None)
                    if victim is None:
                        break
                    self.bytes -= self._per_layer(victim[1]) * len(self.entries.pop(victim))
                if self.bytes + per <= self.budget:
                    lst.append((z, b))
                    self.bytes += per
                    self.grown.notify_all()
        return z, b

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.bytes = 0


_WEIGHTS = _WeightCache(_WEIGHT_CACHE_BYTES)


def layer_weights(seed: int, width: int, layer: int) -> tuple[np.ndarray, np.ndarray]:
    """The standard normal (Z_l, b_l) of layer ``layer`` (1-based), float32, read-only:
    the network uses W_l = sigma_w / sqrt(width) * Z_l and biases sigma_b * b_l.  They depend
    on (seed, width, layer) only - not on the function, the init or the depth."""
    z, b = _WEIGHTS.layer(int(seed), int(width), int(layer))
    z.setflags(write=False)
    b.setflags(write=False)
    return z, b


def input_batch(seed: int, batch: int, width: int) -> np.ndarray:
    """The N(0, 1) inputs x_0 (batch x width, float32) of a run."""
    return _rng(int(seed), 0).standard_normal((int(batch), int(width)), dtype=np.float32)


def top_gradient(seed: int, batch: int, width: int, layer: int) -> np.ndarray:
    """The N(0, 1) gradient w.r.t. the output of ``layer`` when the backward pass starts there
    (the top layer, or below a layer that passed no gradient)."""
    return _rng(int(seed), 2, int(layer)).standard_normal((int(batch), int(width)), dtype=np.float32)


def clear_weight_cache() -> None:
    """Forget the cached random weights (they are redrawn, identically, when needed)."""
    _WEIGHTS.clear()


# ---- one BLAS thread while simulating ------------------------------------------------------

def _single_thread_blas():
    """BLAS limited to one thread (the process-wide limit shared with training)."""
    return blas_threads(1)


# ---- the series a plot or a CSV shows ------------------------------------------------------

@dataclass(frozen=True, eq=False)
class DepthSeries:
    """Per-layer series of a network of ``depth`` layers (index 0 = layer 1).

    ``grad_rms`` is the gradient RMS w.r.t. the pre-activations relative to the last layer
    (last = 1; NaN everywhere when the last layer receives no gradient or the activations
    overflowed); ``log10_grad_rms`` the same in log10 (finite where ``grad_rms`` under- or
    overflows a float).  ``slope_product`` is (max |f'|)^(L - l), the product of the largest
    slopes: it bounds the product of the f' factors, not the gradient (the weights count too).  For ``kind == 'theory'``
    ``act_mean`` is E[phi], ``frac_saturated`` is P(|phi'| < 1 % max|phi'|) under the layer's
    Gaussian and ``frac_dead`` is NaN (the mean-field theory has no batch).
    """

    kind: str                      # 'sim' or 'theory'
    config: DepthConfig
    depth: int
    layer: np.ndarray
    grad_rms: np.ndarray
    log10_grad_rms: np.ndarray
    act_rms: np.ndarray
    log10_act_rms: np.ndarray
    act_mean: np.ndarray
    frac_dead: np.ndarray
    frac_saturated: np.ndarray
    slope_product: np.ndarray
    log10_slope_product: np.ndarray
    max_df: float
    overflow_layer: int | None = None
    no_gradient: bool = False

    @property
    def first_to_last(self) -> float:
        """Gradient RMS reaching layer 1 relative to the last layer."""
        return float(self.grad_rms[0])

    @property
    def log10_first_to_last(self) -> float:
        return float(self.log10_grad_rms[0])

    def columns(self) -> dict[str, np.ndarray]:
        return {
            "layer": self.layer.astype(np.float64),
            "grad_rms": self.grad_rms,
            "act_rms": self.act_rms,
            "act_mean": self.act_mean,
            "frac_dead": self.frac_dead,
            "frac_saturated": self.frac_saturated,
        }

    def to_csv(self) -> str:
        """CSV with :data:`CSV_HEADER`; NaN is written as an empty field, overflow as inf."""
        cols = self.columns()
        text = csv_text(CSV_HEADER, [cols[c] for c in CSV_HEADER])
        # Layer numbers as integers.
        lines = text.splitlines()
        out = [lines[0]]
        for n, line in enumerate(lines[1:], start=1):
            out.append(str(n) + line[line.index(","):])
        return "\n".join(out) + "\n"


def _exp(a: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", under="ignore"):
        return np.exp(a)


def slope_product(max_df: float, depth: int) -> np.ndarray:
    """(max |f'|)^(L - l) for l = 1..L: the product of the largest slopes.  It bounds the
    product of the slopes f' met on the way back, not the gradient ratio, which also passes
    through the weights and can exceed it (sigmoid with He init, tanh with He init)."""
    lg = _slope_product_log(max_df, depth)
    return _exp(lg)


def _slope_product_log(max_df: float, depth: int) -> np.ndarray:
    k = np.arange(depth - 1, -1, -1, dtype=np.float64)   # L - l
    if max_df <= 0.0:
        out = np.full(depth, -np.inf)
        out[-1] = 0.0
        return out
    return k * math.log(max_df)


def _check_view_depth(depth: int, max_depth: int) -> int:
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or not 1 <= depth <= max_depth:
        raise DepthError(f"depth must be a whole number between 1 and {max_depth}, got {depth!r}")
    return int(depth)


# ---- simulation ------------------------------------------------------------------------------

class DepthSimulation:
    """Result of :func:`simulate`: per-layer arrays for ``config.depth`` layers.

    Attributes (index 0 = layer 1): ``log_grad`` (natural log of the gradient RMS, up to a
    per-segment constant), ``grad_segment`` (the top layer of the backward segment each layer
    belongs to), ``log_act_rms``, ``act_mean``, ``frac_dead``, ``frac_saturated``;
    ``valid_depth`` (layers simulated before an overflow) and ``overflow_layer``.
    """

    def __init__(self, config: DepthConfig, profile: FunctionProfile, max_df: float, arrays: dict,
                 valid_depth: int, elapsed: float):
        self.config = config
        self.profile = profile
        self.max_df = float(max_df)
        self.sigma_w2 = config.sigma_w2
        self.depth = config.depth
        self.log_grad: np.ndarray = arrays["log_grad"]
        self.grad_segment: np.ndarray = arrays["segment"]
        self.log_act_rms: np.ndarray = arrays["log_act_rms"]
        self.act_mean: np.ndarray = arrays["act_mean"]
        self.frac_dead: np.ndarray = arrays["frac_dead"]
        self.frac_saturated: np.ndarray = arrays["frac_saturated"]
        self.valid_depth = int(valid_depth)
        self.overflow_layer = None if valid_depth >= config.depth else valid_depth + 1
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
        log_act = self.log_act_rms[:L]
        nb = _slope_product_log(self.max_df, L)
        return DepthSeries(
            kind="sim", config=self.config, depth=L,
            layer=np.arange(1, L + 1),
            grad_rms=_exp(lg), log10_grad_rms=lg / _LN10,
            act_rms=_exp(log_act), log10_act_rms=log_act / _LN10,
            act_mean=self.act_mean[:L].copy(), frac_dead=self.frac_dead[:L].copy(),
            frac_saturated=self.frac_saturated[:L].copy(),
            slope_product=_exp(nb), log10_slope_product=nb / _LN10, max_df=self.max_df,
            overflow_layer=self.overflow_layer if L >= (self.overflow_layer or L + 1) else None,
            no_gradient=no_grad,
        )

    at_depth = view


def _ms(a: np.ndarray) -> tuple[float, float]:
    """(mean, mean square) of an array, accumulated in float64."""
    v = a.reshape(-1).astype(np.float64)
    n = v.size
    return float(v.sum()) / n, float(np.dot(v, v)) / n


def _log(v: float) -> float:
    return math.log(v) if v > 0 else -math.inf


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

    def inputs(self) -> tuple[np.ndarray, float]:
        return input_batch(self.cfg.seed, self.cfg.batch, self.cfg.width), 0.0

    def step(self, x: np.ndarray, a: float, l: int, stats: dict | None):
        """Layer ``l`` from activations ``x`` (times e^a).  Returns (x, a, D, ok)."""
        cfg = self.cfg
        z, b = _WEIGHTS.layer(cfg.seed, cfg.width, l)
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
                xn, d = self.kernel(h)
                an = a_h
            else:
                u *= self.c
                if self.sb > 0:
                    u += np.float32(self.sb) * b
                xn, d = self.kernel(u)
                an = 0.0
            mean, msq = _ms(xn)
        ok = math.isfinite(msq) and math.isfinite(mean) and math.sqrt(msq) <= _ACT_LIMIT
        if not self.homogeneous and ok and 0 < msq < _ACT_FLOOR ** 2:
            xn.fill(0.0)
        if stats is not None and ok:
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
        return xn, an, d, ok


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
    L, B, W = cfg.depth, cfg.batch, cfg.width
    arrays = {
        "log_grad": np.full(L, np.nan),
        "segment": np.zeros(L, dtype=np.int64),
        "log_act_rms": np.full(L, np.inf),
        "act_mean": np.full(L, np.nan),
        "frac_dead": np.full(L, np.nan),
        "frac_saturated": np.full(L, np.nan),
    }
    fwd = _Forward(cfg, prof)
    layer_bytes = 4 * B * W
    if L * layer_bytes <= _DERIV_BUDGET_BYTES:
        seg_len = L
    else:
        seg_len = max(1, min(L, int(math.ceil(math.sqrt(L)))))
    n_recompute_max = L - min(L, seg_len)
    total = float(2 * L + n_recompute_max)
    done = 0.0

    def tick(n: float = 1.0) -> None:
        nonlocal done
        if should_stop is not None and should_stop():
            raise Cancelled()
        done += n
        if progress is not None:
            progress(min(done / total, 1.0))

    if should_stop is not None and should_stop():
        raise Cancelled()
    _WEIGHTS.prefetch(cfg.seed, W, L)
    with _single_thread_blas():
        # -- forward, with checkpoints at segment starts ------------------------------------
        x, a = fwd.inputs()
        checkpoints: dict[int, tuple[np.ndarray, float]] = {}
        derivs: dict[int, np.ndarray] = {}
        valid = L
        for l in range(1, L + 1):
            seg_start = ((l - 1) // seg_len) * seg_len + 1
            if l == seg_start and seg_len < L:
                checkpoints[l] = (x.copy(), a)
                derivs.clear()
            x, a, d, ok = fwd.step(x, a, l, arrays)
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
                    xc, ac, d, _ = fwd.step(xc, ac, l, None)
                    derivs[l] = d
                    tick()
            for l in range(end, start - 1, -1):
                d = derivs.pop(l)
                if delta is None:
                    g = top_gradient(cfg.seed, B, W, l)
                    g *= d
                    _, msq = _ms(g)
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
                    z, _ = _WEIGHTS.layer(cfg.seed, W, l + 1)
                    u = delta @ z
                    u *= d
                    _, msq = _ms(u)
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


# ---- mean-field theory ------------------------------------------------------------------------

@dataclass(frozen=True)
class FixedPoint:
    """The mean-field fixed point: q*, chi* = s_w^2 E[phi'(sqrt(q*) z)^2], the gradient depth
    scale and the regime.

    ``xi`` = -1/ln chi* when vanishing (0 when chi* = 0), inf when chi* = 1, and 1/ln chi* when
    exploding (then gradients grow e-fold every ``xi`` layers).  ``regime`` is 'vanishing',
    'critical' (|ln chi*| < 1e-3) or 'exploding'.  ``q_star`` may be 0 or inf (no finite fixed
    point; chi* is then the limit).
    """

    q_star: float
    chi_star: float
    xi: float
    regime: str

    @property
    def exploding(self) -> bool:
        return self.regime == "exploding"


def _xi_regime(chi: float) -> tuple[float, str]:
    if chi <= 0.0:
        return 0.0, "vanishing"
    lc = math.log(chi)
    regime = "critical" if abs(lc) < CRITICAL_BAND else ("vanishing" if lc < 0 else "exploding")
    if abs(lc) < 1e-12:
        return math.inf, regime
    return (-1.0 / lc if lc < 0 else 1.0 / lc), regime


def _mom(prof: FunctionProfile, q: float) -> dict[str, float]:
    with np.errstate(all="ignore"):
        return moments(prof.f, prof.df, q, prof.kinks)


_Q_TINY = 1e-30


def _fixed_point(prof: FunctionProfile, sigma_w2: float, sigma_b: float,
                 mom: Callable[[float], dict] | None = None) -> FixedPoint:
    sb2 = sigma_b * sigma_b
    mom = mom or functools.partial(_mom, prof)
    if prof.homogeneous:
        m1 = mom(1.0)
        chi = sigma_w2 * m1["mean_df2"]
        slope = sigma_w2 * m1["mean_f2"]
        q1 = sigma_w2 + sb2
        if abs(slope - 1.0) < 1e-12:
            q_star = q1 if sb2 == 0 else math.inf
        elif slope < 1.0:
            q_star = sb2 / (1.0 - slope)
        else:
            q_star = math.inf if q1 > 0 else 0.0
        xi, regime = _xi_regime(chi)
        return FixedPoint(q_star, chi, xi, regime)

    def F(q: float) -> float:
        return sigma_w2 * mom(max(q, 0.0))["mean_f2"] + sb2

    q = sigma_w2 + sb2
    q_prev = q
    q_star = None
    for _ in range(100):
        qn = F(q)
        if not math.isfinite(qn) or qn > _Q_LIMIT:
            q_star = math.inf
            break
        if abs(qn - q) <= 1e-13 * max(q, 1e-300):
            q_star = qn
            break
        if qn < _Q_TINY and qn < q:
            q_star = 0.0
            break
        q_prev, q = q, qn
    if q_star is None:
        if q > q_prev:    # increasing: bracket [q, hi]
            lo, hi = q, 2.0 * q
            while F(hi) - hi > 0:
                lo, hi = hi, 2.0 * hi
                if hi > _Q_LIMIT:
                    q_star = math.inf
                    break
        else:             # decreasing: bracket [lo, q]
            lo, hi = 0.5 * q, q
            while F(lo) - lo < 0:
                lo, hi = 0.5 * lo, lo
                if lo < _Q_TINY:
                    q_star = 0.0
                    break
        if q_star is None:
            for _ in range(200):
                mid = math.sqrt(lo * hi)
                if mid <= lo or mid >= hi or hi / lo - 1.0 < 1e-13:
                    break
                if F(mid) - mid > 0:
                    lo = mid
                else:
                    hi = mid
            q_star = math.sqrt(lo * hi)
    # chi* at q* = 0 is the limit q -> 0+ (both sides of a kink at 0), not phi'(0)^2.
    q_eval = _Q_LIMIT if math.isinf(q_star) else max(q_star, _Q_TINY)
    chi = sigma_w2 * mom(q_eval)["mean_df2"]
    xi, regime = _xi_regime(chi)
    return FixedPoint(q_star, chi, xi, regime)


def fixed_point(act_id: str, params: Mapping[str, float] | None = None, sigma_w2: float = 1.0,
                sigma_b: float = 0.0) -> FixedPoint:
    """The mean-field fixed point reached from q_1 = s_w^2 + s_b^2 (inputs N(0, 1))."""
    if not (math.isfinite(sigma_w2) and sigma_w2 > 0):
        raise DepthError(f"sigma_w2 must be positive and finite, got {sigma_w2!r}")
    if not (math.isfinite(sigma_b) and sigma_b >= 0):
        raise DepthError(f"sigma_b must be >= 0 and finite, got {sigma_b!r}")
    return _fixed_point(function_profile(act_id, params), float(sigma_w2), float(sigma_b))


def critical_sigma_w(act_id: str, params: Mapping[str, float] | None = None,
                     sigma_b: float = 0.0, lo: float = 0.1, hi: float = SIGMA_MAX) -> float | None:
    """sigma_w at which chi* = 1 for the given sigma_b (the edge of chaos), or None when chi*
    does not cross 1 for sigma_w in [lo, hi].  E.g. tanh: 1 for sigma_b = 0, sqrt(1.76) for
    sigma_b^2 = 0.05; ReLU: sqrt(2) for any sigma_b."""
    prof = function_profile(act_id, params)
    if prof.homogeneous:
        m = _mom(prof, 1.0)["mean_df2"]
        if m <= 0:
            return None
        s = 1.0 / math.sqrt(m)
        return s if lo <= s <= hi else None

    def g(log_s2: float) -> float:
        c = _fixed_point(prof, math.exp(log_s2), sigma_b).chi_star
        return math.log(c) if c > 0 else -math.inf

    a, b = 2 * math.log(lo), 2 * math.log(hi)
    ga, gb = g(a), g(b)
    if not (ga < 0 < gb):
        return None
    # Illinois (modified regula falsi) on ln chi*(ln s_w^2): smooth, converges in ~10 steps.
    side = 0
    for _ in range(100):
        if math.isinf(ga):
            c = 0.5 * (a + b)
        else:
            c = (a * gb - b * ga) / (gb - ga)
        gc = g(c)
        if abs(gc) < 1e-12 or abs(b - a) < 1e-12:
            break
        if gc > 0:
            b, gb = c, gc
            if side == -1:
                ga /= 2
            side = -1
        else:
            a, ga = c, gc
            if side == 1:
                gb /= 2
            side = 1
    return math.exp(0.5 * c)


class DepthTheory:
    """Result of :func:`theory`: the mean-field prediction for ``config.depth`` layers.

    Arrays (index 0 = layer 1): ``q`` (pre-activation second moment), ``chi``, ``act_rms``
    (sqrt E[phi^2]), ``act_mean`` (E[phi]), ``frac_saturated``; ``fixed_point``;
    ``overflow_layer`` when q exceeds the float32 range of the simulation.
    """

    def __init__(self, config: DepthConfig, profile: FunctionProfile, max_df: float, arrays: dict,
                 valid_depth: int, fp: FixedPoint):
        self.config = config
        self.profile = profile
        self.max_df = float(max_df)
        self.sigma_w2 = config.sigma_w2
        self.depth = config.depth
        self.log_q: np.ndarray = arrays["log_q"]
        self.chi: np.ndarray = arrays["chi"]
        self.log_act_rms: np.ndarray = arrays["log_act_rms"]
        self.act_mean: np.ndarray = arrays["act_mean"]
        self.frac_saturated: np.ndarray = arrays["frac_saturated"]
        self.valid_depth = int(valid_depth)
        self.overflow_layer = None if valid_depth >= config.depth else valid_depth + 1
        self.fixed_point = fp
        # Cumulative sums of 0.5 ln chi for O(L) views; zeros handled separately.
        chi = np.where(np.isfinite(self.chi), self.chi, np.nan)
        zero = chi == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            half = np.where(zero | np.isnan(chi), 0.0, 0.5 * np.log(np.where(zero, 1.0, chi)))
        self._cum = np.concatenate([[0.0], np.cumsum(half)])
        self._zero_idx = np.flatnonzero(zero)
        for a in arrays.values():
            a.setflags(write=False)

    @property
    def q(self) -> np.ndarray:
        return _exp(self.log_q)

    @property
    def act_rms(self) -> np.ndarray:
        return _exp(self.log_act_rms)

    def view(self, depth: int | None = None) -> DepthSeries:
        L = _check_view_depth(self.depth if depth is None else depth, self.depth)
        if L <= self.valid_depth and self.chi[L - 1] != 0.0:
            # log g_l = sum_{k=l}^{L-1} 0.5 ln chi_k
            lg = self._cum[L - 1] - self._cum[:L]
            z = self._zero_idx[self._zero_idx < L - 1]
            if z.size:
                lg = lg.copy()
                lg[: z.max() + 1] = -np.inf
        else:
            lg = np.full(L, np.nan)
        log_act = self.log_act_rms[:L]
        nb = _slope_product_log(self.max_df, L)
        return DepthSeries(
            kind="theory", config=self.config, depth=L,
            layer=np.arange(1, L + 1),
            grad_rms=_exp(lg), log10_grad_rms=lg / _LN10,
            act_rms=_exp(log_act), log10_act_rms=log_act / _LN10,
            act_mean=self.act_mean[:L].copy(), frac_dead=np.full(L, np.nan),
            frac_saturated=self.frac_saturated[:L].copy(),
            slope_product=_exp(nb), log10_slope_product=nb / _LN10, max_df=self.max_df,
            overflow_layer=self.overflow_layer if L >= (self.overflow_layer or L + 1) else None,
            no_gradient=bool(L <= self.valid_depth and self.chi[L - 1] == 0.0),
        )

    at_depth = view


def theory(config: DepthConfig, *, max_df: float | None = None) -> DepthTheory:
    """The mean-field recursion for ``config`` (width, batch and seed play no part)."""
    cfg = config
    prof = _with_max_df(function_profile(cfg.act_id, cfg.params_dict), max_df)
    L = cfg.depth
    s2, sb2 = cfg.sigma_w2, cfg.sigma_b ** 2
    log_q = np.full(L, np.inf)
    chi = np.full(L, np.nan)
    log_act = np.full(L, np.inf)
    mean = np.full(L, np.nan)
    valid = L
    mom = functools.lru_cache(maxsize=None)(functools.partial(_mom, prof))
    if prof.homogeneous:
        m1 = mom(1.0)
        lq = math.log(s2 + sb2)
        log_sb2 = _log(sb2)
        log_slope = math.log(s2) + _log(m1["mean_f2"])
        for i in range(L):
            log_q[i] = lq
            chi[i] = s2 * m1["mean_df2"]
            log_act[i] = 0.5 * (lq + _log(m1["mean_f2"]))
            mean[i] = float(_exp(np.float64(0.5 * lq))) * m1["mean_f"] if m1["mean_f"] else 0.0
            lq = float(np.logaddexp(log_slope + lq, log_sb2)) if log_sb2 > -math.inf else log_slope + lq
        sat = np.full(L, float(prof.saturated_probability(1.0)[0]))
    else:
        q = s2 + sb2
        i = 0
        while i < L:
            if not math.isfinite(q) or q > _Q_LIMIT:
                valid = i
                break
            if q < _ACT_FLOOR ** 2:
                q = 0.0       # as the simulation flushes activations below 1e-30 RMS
            m = mom(q)
            log_q[i] = _log(q)
            chi[i] = s2 * m["mean_df2"]
            log_act[i] = 0.5 * _log(m["mean_f2"])
            mean[i] = m["mean_f"]
            qn = s2 * m["mean_f2"] + sb2
            i += 1
            if abs(qn - q) <= 1e-15 * q:      # at the fixed point: the rest is the same
                log_q[i:], chi[i:], log_act[i:], mean[i:] = log_q[i - 1], chi[i - 1], log_act[i - 1], mean[i - 1]
                break
            q = qn
        sat = np.full(L, np.nan)
        if valid:
            sat[:valid] = prof.saturated_probability(_exp(log_q[:valid]))
    fp = _fixed_point(prof, s2, cfg.sigma_b, mom)
    arrays = {"log_q": log_q, "chi": chi, "log_act_rms": log_act, "act_mean": mean,
              "frac_saturated": sat}
    return DepthTheory(cfg, prof, prof.max_df, arrays, valid, fp)


# ---- formatting (the sentences themselves are in depth_readout.py) ---------------------------

def __getattr__(name: str):
    # The readout moved to .depth_readout; these names stay reachable from here.
    if name in ("Readout", "READOUT_TEMPLATES", "readout"):
        from . import depth_readout  # noqa: PLC0415 (it imports this module)

        return getattr(depth_readout, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def format_ratio(v: float | None = None, log10: float | None = None) -> str:
    """A gradient ratio as people read it: 0.16, 0.97, 43, 2.0e-6, 1.2e+12, 0, ∞.

    Give the value or, for ratios beyond the float range, its ``log10`` (1.0e-1189).
    """
    if log10 is None:
        if v is None or v != v:
            return "?"
        if v == 0:
            return "0"
        if math.isinf(v):
            return "∞"
        log10 = math.log10(abs(v))
    elif log10 != log10:
        return "?"
    elif log10 == -math.inf:
        return "0"
    elif log10 == math.inf:
        return "∞"
    if -2.0 <= log10 < 2.0:
        text = f"{10.0 ** log10:.2g}"
        if "e" not in text:
            return text
    e = int(math.floor(log10))
    m = 10.0 ** (log10 - e)
    if round(m, 1) >= 10.0:
        m, e = m / 10.0, e + 1
    return f"{m:.1f}e{e:+d}" if e > 0 else f"{m:.1f}e{e}"


def format_layers(xi: float) -> str:
    """A depth scale: ∞, 0.7, 12, 1.2e+3."""
    if math.isinf(xi):
        return "∞"
    if xi < 10:
        return f"{xi:.1f}"
    if xi < 1000:
        return f"{xi:.0f}"
    return format_ratio(log10=math.log10(xi))
