"""The mean-field recursion of Poole et al. 2016 / Schoenholz et al. 2017 (:func:`theory`), its
fixed point (:func:`fixed_point`) and the edge of chaos (:func:`critical_sigma_w`).

``q_{l+1} = s_w^2 E[phi(sqrt(q_l) z)^2] + s_b^2``, ``chi_l = s_w^2 E[phi'(sqrt(q_l) z)^2]``;
Gaussian expectations use :mod:`..gaussian` (panels split at the kinks).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from ..gaussian import moments
from .config import _ACT_FLOOR, _ACT_LIMIT, CRITICAL_BAND, SIGMA_MAX, DepthConfig, DepthError
from .profile import FunctionProfile, _with_max_df, function_profile
from .series import DepthSeries, LayerResult, _check_view_depth, _exp, _log

_Q_LIMIT = _ACT_LIMIT ** 2       # the same limit for the theory's q


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


class DepthTheory(LayerResult):
    """Result of :func:`theory`: the mean-field prediction for ``config.depth`` layers
    (``fixed_point`` is None for the architectures other than plain: :mod:`.meanfield_arch`).

    Arrays (index 0 = layer 1): ``q`` (pre-activation second moment), ``chi``, ``act_rms``
    (sqrt E[phi^2]), ``act_mean`` (E[phi]), ``frac_saturated``; ``fixed_point``;
    ``overflow_layer`` when q exceeds the float32 range of the simulation.
    """

    def __init__(self, config: DepthConfig, profile: FunctionProfile, max_df: float, arrays: dict,
                 valid_depth: int, fp: FixedPoint | None, gradient_known: bool = True,
                 act_known: bool = True):
        super().__init__(config, profile, max_df, valid_depth)
        # False where there is no theory (BatchNorm with most functions): the series are NaN,
        # so nothing is drawn, and the readout says so.
        self.gradient_known = bool(gradient_known)
        self.act_known = bool(act_known)
        self.log_q: np.ndarray = arrays["log_q"]
        self.chi: np.ndarray = arrays["chi"]
        self.log_act_rms: np.ndarray = arrays["log_act_rms"]
        self.act_mean: np.ndarray = arrays["act_mean"]
        self.frac_saturated: np.ndarray = arrays["frac_saturated"]
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
        if not self.gradient_known:
            lg = np.full(L, np.nan)
        elif L <= self.valid_depth and self.chi[L - 1] != 0.0:
            # log g_l = sum_{k=l}^{L-1} 0.5 ln chi_k
            lg = self._cum[L - 1] - self._cum[:L]
            z = self._zero_idx[self._zero_idx < L - 1]
            if z.size:
                lg = lg.copy()
                lg[: z.max() + 1] = -np.inf
        else:
            lg = np.full(L, np.nan)
        return self._series("theory", L, lg, np.full(L, np.nan),
                            bool(L <= self.valid_depth and self.chi[L - 1] == 0.0))

    at_depth = view


def theory(config: DepthConfig, *, max_df: float | None = None) -> DepthTheory:
    """The mean-field recursion for ``config`` (width, batch and seed play no part)."""
    cfg = config
    prof = _with_max_df(function_profile(cfg.act_id, cfg.params_dict), max_df)
    if cfg.arch != "plain":
        from .meanfield_arch import arch_arrays  # noqa: PLC0415

        mom_a = functools.lru_cache(maxsize=None)(functools.partial(_mom, prof))
        arrays, valid, grad_known, act_known = arch_arrays(cfg, prof, mom_a, _Q_LIMIT)
        # The plain network's fixed point (chi*, xi) does not describe these networks.
        return DepthTheory(cfg, prof, prof.max_df, arrays, valid, None, grad_known, act_known)
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
