"""What the simulation and the theory need to know about phi: :class:`FunctionProfile` (max |f'|,
kinks, homogeneity, the saturated set), cached per function, and the fast phi/phi' evaluator
(:class:`_Kernel`: exact closures or an interpolation table)."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import numpy as np

from .. import catalogue
from ..special import norm_cdf
from .config import SATURATION_LEVEL, DepthError

_KERNEL_CACHE_BYTES = 24 * 2**20   # interpolation tables kept for recently used functions
_KERNEL_CACHE_TABLES = 6           # ... and at most this many (0.5-2 MB each, built in 10-20
                                   # ms): the three a view compares and three to go back to
_EXACT_CHUNK = 16384               # values per call of an exact kernel (see _Kernel.__call__)

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
    f_df: Callable = field(repr=False, default=None)   # x -> (f(x), f'(x)), the same numbers
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
    """Count ``kernel``'s table against :data:`_KERNEL_CACHE_BYTES` and
    :data:`_KERNEL_CACHE_TABLES`; drop the tables of the least recently used profiles beyond
    either (profiles live on in caches and results, their tables are rebuilt when needed).  A
    kernel in use stays alive in its caller.  Dragging a parameter makes a new function at
    each value, so without a count the bytes alone let ~20 tables of values never met again
    pile up."""
    size = 0 if kernel.exact else int(kernel.table.nbytes)
    if size == 0:
        return
    with _profile_lock:
        _kernel_lru[id(holder)] = (holder, size)
        _kernel_lru.move_to_end(id(holder))
        total = sum(b for _, b in _kernel_lru.values())
        while ((total > _KERNEL_CACHE_BYTES or len(_kernel_lru) > _KERNEL_CACHE_TABLES)
               and len(_kernel_lru) > 1):
            _key, (old, b) = _kernel_lru.popitem(last=False)
            old.clear()
            total -= b


def _call(fn, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(fn(x), dtype=np.float64)


def _call_both(fn, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(all="ignore"):
        fx, dfx = fn(x)
        return np.asarray(fx, dtype=np.float64), np.asarray(dfx, dtype=np.float64)


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
    from ..properties import analyse  # noqa: PLC0415 (only needed here, keeps import light)

    f, df = act.bind(**params)
    f_df = act.bind_f_df(**params)
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
                           bool(exact), step, sat_set, f, df, f_df)


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

    Cost (one 256 x 256 layer, about 0.25 ms for a table): the work arrays are kept per thread
    (:func:`_scratch`) and the derivative can be written straight into the caller's array
    (``d_out``), so no call allocates more than its result; indices are cast through int32
    (5-10x faster than float32 -> int64); the points to evaluate exactly are found with a 1-D
    ``flatnonzero`` (a 2-D ``nonzero`` cost ~0.25 ms a layer, the most for functions whose
    pre-activations crowd around a kink, e.g. softsign and ELU with Xavier init) and evaluated
    with the function's fused value-and-derivative form when it has one.  Exact kernels
    evaluate in pieces of :data:`_EXACT_CHUNK` values: their float64 temporaries then stay
    small, so the allocator reuses them instead of returning them to the system and faulting
    them back in on every layer (~240 page faults a layer otherwise, seen for ReLU).
    """

    def __init__(self, prof: FunctionProfile):
        self.f, self.df = prof.f, prof.df
        self.exact = prof.exact
        both = prof.f_df if prof.f_df is not None else (lambda v: (self.f(v), self.df(v)))
        self.f_df = both
        self.exact_fd = lambda v: _call_both(both, v)
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
        self.off = np.float32(-lo / step)          # an integer: nodes are lo + i * step
        self.top = np.float32(n - 2)
        self.R = np.float32(_TABLE_R)
        self.kinks = [(np.float32(k), np.float32(2 * step)) for k in prof.kinks if abs(k) < _TABLE_R]

    def __call__(self, h: np.ndarray, d_out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(phi(h), phi'(h)) as float32 arrays of h's shape; phi' is written into ``d_out``
        (contiguous, h's shape) when given."""
        if d_out is None:
            d_out = np.empty(h.shape, dtype=np.float32)
        elif d_out.shape != h.shape or d_out.dtype != np.float32 or not d_out.flags.c_contiguous:
            raise ValueError("d_out must be a contiguous float32 array of h's shape")
        if self.exact:
            x = np.empty(h.shape, dtype=np.float32)
            hf, xf, df = h.reshape(-1), x.reshape(-1), d_out.reshape(-1)
            f_df = self.f_df
            with np.errstate(all="ignore"):
                for lo in range(0, hf.size, _EXACT_CHUNK):
                    part = slice(lo, lo + _EXACT_CHUNK)
                    xf[part], df[part] = f_df(hf[part])
            return x, d_out
        shape = h.shape
        hf = h.reshape(-1)
        sc, s, i, ii, g, exact, near, t = _scratch(hf.size)
        with np.errstate(over="ignore", invalid="ignore"):   # huge or NaN h: evaluated exactly
            np.multiply(hf, self.inv, out=sc)      # h / step, exactly (a power of two)
            np.add(sc, self.off, out=s)
            np.clip(s, 0.0, self.top, out=s)
            np.copyto(i, s, casting="unsafe")      # int32: casts 5-10x faster than intp
        np.copyto(t, i, casting="unsafe")
        t -= self.off                               # x_i / step, exactly
        np.subtract(sc, t, out=t)                   # (h - x_i) / step, rounded once
        np.copyto(ii, i)
        np.take(self.table, ii, out=g, mode="wrap")    # in range (NaN's index: evaluated exactly)
        gv = g.view(np.float32).reshape(-1, 4)
        x = np.multiply(gv[:, 1], t)
        x += gv[:, 0]
        d = np.multiply(gv[:, 3], t, out=d_out.reshape(-1))
        d += gv[:, 2]
        # Exactly: |h| >= 16 (or NaN), and within two steps of a kink.
        a = np.abs(hf, out=sc)
        np.less(a, self.R, out=exact)
        np.logical_not(exact, out=exact)
        for k, w in self.kinks:
            dev = a if k == 0.0 else np.abs(np.subtract(hf, k, out=s), out=s)
            exact |= np.less(dev, w, out=near)
        if exact.any():
            idx = np.flatnonzero(exact)             # 1-D: ~10x faster than a 2-D nonzero
            xv, dv = self.exact_fd(hf.take(idx).astype(np.float64))
            x[idx] = xv.astype(np.float32)          # cast first: a casting scatter is ~2x slower
            d[idx] = dv.astype(np.float32)
        return x.reshape(shape), d_out


_scratch_local = threading.local()


def _scratch(n: int) -> tuple[np.ndarray, ...]:
    """Work arrays of :meth:`_Kernel.__call__` for ``n`` values, kept per thread (fresh arrays
    of this size cost page faults on every call; ~2.8 MB for 65 536 values)."""
    held = getattr(_scratch_local, "arrays", None)
    if held is None or held[0].size != n:
        held = tuple(np.empty(n, dtype) for dtype in (
            np.float32, np.float32, np.int32, np.intp, np.complex128, np.bool_, np.bool_, np.float32))
        _scratch_local.arrays = held
    return held
