"""The phase diagram of initialisation: order, chaos and the edge between, over (sigma_w^2, sigma_b^2).

Mean-field theory of a wide fully connected network at initialisation (Poole, Lahiri, Raghu,
Sohl-Dickstein & Ganguli, "Exponential expressivity in deep neural networks through transient
chaos", 2016; Schoenholz, Gilmer, Ganguli & Sohl-Dickstein, "Deep information propagation",
ICLR 2017), with W ~ N(0, sigma_w^2 / fan_in), b ~ N(0, sigma_b^2) and z ~ N(0, 1):

* the length map q_{l+1} = sigma_w^2 E[phi(sqrt(q_l) z)^2] + sigma_b^2 and its fixed point q*,
  the one reached from q_1 = sigma_w^2 + sigma_b^2 (inputs of unit variance per coordinate), as
  in :func:`.depth.fixed_point`;
* chi = sigma_w^2 E[phi'(sqrt(q*) z)^2], the factor by which the gradient's variance changes
  per layer, and its depth scale xi_grad = -1/ln chi (negative in the chaotic phase: there the
  gradient's variance grows e-fold every |xi_grad| layers);
* the correlation map c -> (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q* of two inputs
  (u1, u2 jointly Gaussian with variance q* and correlation c), its stable fixed point c* and
  its slope there, chi_c = sigma_w^2 E[phi'(u1) phi'(u2)], with the correlation depth scale
  xi_c = -1/ln chi_c.  c = 1 is always a fixed point with slope chi, so in the ordered phase
  (chi < 1) c* = 1 and chi_c = chi; in the chaotic phase (chi > 1) c* < 1 and chi_c < 1 there.

Cells without a finite, non-zero fixed point are marked (:data:`STATUS_NAMES`), not filled:
``zero`` when the length map takes every signal to 0 (q* = 0: chi and xi_grad are then the
q -> 0+ limits, the correlation map is undefined), ``infinite`` when it grows without bound
(q* = inf: nothing is defined).

How it is computed.  The Gaussian expectations come from :mod:`.gaussian`'s kink-aware
quadrature, evaluated once per function on a table of q (log-spaced, 538 nodes from 1e-14 to
1e14; :mod:`.phase_moments`) together with their exact derivatives in ln q (d/dln q E[g(sqrt(q) z)] =
E[g (z^2 - 1)] / 2, no derivative of g needed), so cubic Hermite interpolation of ln(m2 / q)
and ln E[phi'^2] in ln q agrees with the direct quadrature to ~1e-7 relative for q up to ~100
(beyond that the shared quadrature itself, 24 panels over +-12 sqrt(q), resolves narrow
derivatives such as tanh' poorly).  A fixed point above 1e14 counts as infinite, one below
1e-14 (reached without a bias) as zero.  Every cell then solves its fixed point on the table at once
(vectorised bracketing and bisection).  The correlation map uses Mehler's expansion,
E[phi(u1) phi(u2)] = sum_k b_k^2 c^k with b_k = E[phi(sqrt(q) z) He_k(z)] / sqrt(k!), summed to
k = 96 with the rest of the series (whose value and slope at c = 1 are known exactly) folded
into one power of c.  The critical line chi = 1 is found by root finding (regula falsi on the
tabulated theory, ~1e-8; ``exact=True`` polishes it with :func:`.depth.critical_sigma_w` on the
direct quadrature), never read off the grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from . import depth as D
from .phase_moments import _K, MomentTable, PhaseError, _quiet, moment_table
from .phase_moments import _tables  # noqa: F401  (the cache, cleared by the benchmark)

__all__ = [
    "PhaseError",
    "STATUS_NAMES",
    "OK",
    "ZERO",
    "INFINITE",
    "PhaseGrid",
    "MomentTable",
    "moment_table",
    "phase_grid",
    "phase_point",
    "critical_line",
    "critical_points",
    "chi_after_layers",
    "SIGMA_W2_RANGE",
    "SIGMA_B2_RANGE",
    "MAX_GRID",
    "CSV_HEADER",
]

OK, ZERO, INFINITE = 0, 1, 2
STATUS_NAMES = ("ok", "zero", "infinite")
SIGMA_W2_RANGE = (0.5, 4.5)          # the default window of the plane
SIGMA_B2_RANGE = (0.0, 0.3)
SIGMA_W2_MAX = D.SIGMA_MAX ** 2      # the same limits as the Depth panel's sigma_w, sigma_b
SIGMA_B2_MAX = D.SIGMA_MAX ** 2
MAX_GRID = 1000
CSV_HEADER = ("sigma_w2", "sigma_b2", "q_star", "chi", "xi_grad", "xi_corr", "c_star", "status")

_BISECT = 60


# ---- the fixed point q*, vectorised over cells ---------------------------------------------------

def _fixed_points(table: MomentTable, sw2: np.ndarray, sb2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """q* and status for every cell (flat arrays)."""
    n = sw2.size
    q_star = np.zeros(n)
    status = np.full(n, OK, dtype=np.int8)
    prof = table.prof
    q1 = sw2 + sb2
    if prof.homogeneous:
        # phi(a x) = a phi(x): E[phi(sqrt(q) z)^2] = q E[phi(z)^2], solved in closed form
        # exactly as depth.fixed_point does.
        m1 = D._mom(prof, 1.0)["mean_f2"]
        slope = sw2 * m1
        neutral = np.abs(slope - 1.0) < 1e-12
        below = (slope < 1.0) & ~neutral
        with np.errstate(divide="ignore", invalid="ignore"):
            q_star = np.where(below, sb2 / np.where(below, 1.0 - slope, 1.0), np.inf)
        q_star = np.where(neutral & (sb2 == 0), q1, q_star)
        status[np.isinf(q_star)] = INFINITE
        status[q_star == 0] = ZERO
        return q_star, status
    u = table.u
    lr = np.log(np.maximum(table.m2, 1e-300)) - u            # ln(m2 / q)
    ratio = np.exp(lr)
    inv_q = np.exp(-u)
    # sign of G(q) = sigma_w^2 m2(q) + sigma_b^2 - q at every node, per cell
    g = np.multiply(sw2[:, None], ratio[None, :])
    g += sb2[:, None] * inv_q[None, :]
    g -= 1.0
    u1 = np.log(np.maximum(q1, 1e-300))
    g1 = sw2 * table.interp("m2", np.clip(q1, math.exp(u[0]), math.exp(u[-1]))) + sb2 - q1
    above = u[None, :] > u1[:, None]
    up = above & (g <= 0)
    dn = ~above & (g >= 0)
    has_up = up.any(axis=1)
    j_up = np.argmax(up, axis=1)
    has_dn = dn.any(axis=1)
    j_dn = u.size - 1 - np.argmax(dn[:, ::-1], axis=1)
    going_up = g1 > 0
    going_dn = g1 < 0
    status[going_up & ~has_up] = INFINITE
    status[going_dn & ~has_dn] = ZERO
    q_star[status == INFINITE] = np.inf
    q_star[status == ZERO] = 0.0
    exact = ~going_up & ~going_dn
    q_star[exact] = q1[exact]
    # brackets [a, b] in ln q: G(a) > 0 > G(b) going up, G(a) >= 0 > ... going down
    solve = (status == OK) & ~exact
    a = np.where(going_up, np.maximum(u1, u[np.maximum(j_up - 1, 0)]), u[np.minimum(j_dn, u.size - 1)])
    b = np.where(going_up, u[np.minimum(j_up, u.size - 1)], np.minimum(u1, u[np.minimum(j_dn + 1, u.size - 1)]))
    idx = np.flatnonzero(solve)
    if idx.size:
        lo, hi = a[idx], b[idx]
        s_w, s_b = sw2[idx], sb2[idx]

        def G(v):
            return s_w * table.interp("m2", np.exp(v)) + s_b - np.exp(v)

        g_lo = G(lo)
        for _ in range(_BISECT):
            mid = 0.5 * (lo + hi)
            gm = G(mid)
            same = np.sign(gm) == np.sign(g_lo)
            lo = np.where(same, mid, lo)
            g_lo = np.where(same, gm, g_lo)
            hi = np.where(same, hi, mid)
        q_star[idx] = np.exp(0.5 * (lo + hi))
    return q_star, status


# ---- the correlation map's stable fixed point c* and slope chi_c ---------------------------------

def _correlation(table: MomentTable, sw2: np.ndarray, sb2: np.ndarray, q: np.ndarray):
    """c* and chi_c for chaotic cells (chi > 1), vectorised."""
    b, t0, t1 = table.coefficients(q)
    a = b * b                                           # Mehler weights of c^k, k = 0..K
    kk = np.arange(_K + 1, dtype=np.float64)
    tail = t0 > 1e-12 * np.maximum(np.sum(a, axis=1), 1e-300)
    m = np.where(tail, np.maximum(t1 / np.where(tail, t0, 1.0), _K + 1.0), _K + 1.0)
    t0 = np.where(tail, t0, 0.0)
    q_eff = sw2 * (np.sum(a, axis=1) + t0) + sb2        # C(1) = 1 exactly

    k_tail = kk[1:]

    def C_dC(c):
        """The map and its slope at c (vectors), from the powers c^0..c^K at once."""
        pw = np.cumprod(np.broadcast_to(c[:, None], a.shape), axis=1) / np.maximum(c, 1e-300)[:, None]
        pw[:, 0] = 1.0                                   # c^0, also for c = 0
        val = np.einsum("ij,ij->i", a, pw)
        slope = np.einsum("ij,ij->i", a[:, 1:] * k_tail, pw[:, :-1])
        with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
            cm = np.where(c > 0, c ** (m - 1.0), 0.0)
        return ((sw2 * (val + t0 * cm * c) + sb2) / q_eff, sw2 * (slope + t0 * m * cm) / q_eff)

    # H(c) = C(c) - c is convex on [0, 1] with H(0) >= 0 > H'(0) when c* > 0 (chaotic: H'(1) > 0
    # and H(1) = 0), so Newton's method from c = 0 climbs monotonically to c*.
    c = np.zeros_like(q)
    full = (a, t0, m, q_eff, sw2, sb2)
    act = np.arange(q.size)
    for _ in range(60):
        a, t0, m, q_eff, sw2, sb2 = (x[act] for x in full)
        ca = c[act]
        val, slope = C_dC(ca)
        step = np.where(slope < 1.0, (val - ca) / (1.0 - slope), 0.0)
        c_new = np.clip(ca + step, 0.0, 1.0)
        c[act] = c_new
        act = act[np.abs(c_new - ca) > 1e-14]
        if act.size == 0:
            break
    a, t0, m, q_eff, sw2, sb2 = full
    val, slope = C_dC(c)
    bad = ~(np.abs(val - c) <= 1e-12) | (c >= 1.0)
    if bad.any():                                         # rounding trouble: bisection on those
        lo, hi = np.zeros(int(bad.sum())), np.ones(int(bad.sum()))
        sub = np.flatnonzero(bad)
        keep = (a, t0, m, q_eff, sw2, sb2)
        a, t0, m, q_eff, sw2, sb2 = (x[sub] for x in keep)
        for _ in range(_BISECT):
            mid = 0.5 * (lo + hi)
            pos = C_dC(mid)[0] - mid > 0
            lo, hi = np.where(pos, mid, lo), np.where(pos, hi, mid)
        c[sub] = 0.5 * (lo + hi)
        slope[sub] = C_dC(c[sub])[1]
        a, t0, m, q_eff, sw2, sb2 = keep
    c_star = np.where(c <= 1e-15, 0.0, c)                 # odd phi, sigma_b = 0: exactly 0
    return c_star, slope


# ---- the grid ------------------------------------------------------------------------------------

def _xi(chi: np.ndarray) -> np.ndarray:
    """-1/ln chi; 0 where chi = 0, inf where chi = 1, nan where chi is undefined."""
    out = np.full(chi.shape, np.nan)
    ok = np.isfinite(chi) & (chi >= 0)
    with np.errstate(divide="ignore"):
        lc = np.log(np.where(ok & (chi > 0), chi, 1.0))
    out[ok & (chi == 0)] = 0.0
    pos = ok & (chi > 0)
    with np.errstate(divide="ignore"):
        out[pos] = -1.0 / lc[pos]
    out[pos & (lc == 0)] = np.inf
    return out


@dataclass(frozen=True, eq=False)
class PhaseGrid:
    """Mean-field quantities on a grid: arrays of shape (len(sigma_b2), len(sigma_w2)).

    Row i is sigma_b2[i], column j is sigma_w2[j].  ``status`` holds OK / ZERO / INFINITE
    (see the module docstring); quantities that are undefined for a cell are NaN.
    """

    act_id: str
    params: dict
    sigma_w2: np.ndarray
    sigma_b2: np.ndarray
    q_star: np.ndarray
    chi: np.ndarray
    xi_grad: np.ndarray
    xi_corr: np.ndarray
    c_star: np.ndarray
    chi_c: np.ndarray
    status: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.status.shape

    def phase(self) -> np.ndarray:
        """-1 ordered (chi < 1), +1 chaotic (chi > 1), 0 critical or undefined."""
        out = np.zeros(self.shape, dtype=np.int8)
        fin = np.isfinite(self.chi)
        out[fin & (self.chi < 1)] = -1
        out[fin & (self.chi > 1)] = 1
        return out

    def to_csv(self) -> str:
        """One row per cell, sigma_b2 slowest; undefined values are empty fields, infinite
        ones ``inf``."""
        def fmt(v: float) -> str:
            if math.isnan(v):
                return ""
            if math.isinf(v):
                return "inf" if v > 0 else "-inf"
            return repr(float(v))

        lines = [",".join(CSV_HEADER)]
        for i, sb in enumerate(self.sigma_b2):
            for j, sw in enumerate(self.sigma_w2):
                vals = (self.q_star[i, j], self.chi[i, j], self.xi_grad[i, j], self.xi_corr[i, j],
                        self.c_star[i, j])
                lines.append(",".join([repr(float(sw)), repr(float(sb)), *map(fmt, vals),
                                       STATUS_NAMES[int(self.status[i, j])]]))
        return "\n".join(lines) + "\n"


def _check_range(name: str, rng, hi_max: float) -> tuple[float, float]:
    lo, hi = (float(v) for v in rng)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise PhaseError(f"{name} must be finite, got {lo:g} {hi:g}")
    if lo < 0 or hi > hi_max:
        raise PhaseError(f"{name} must lie in [0, {hi_max:g}], got {lo:g} {hi:g}")
    if not lo < hi:
        raise PhaseError(f"{name} must satisfy LO < HI, got {lo:g} {hi:g}")
    return lo, hi


@_quiet
def _chi_cells(table: MomentTable, sw2: np.ndarray, sb2: np.ndarray):
    """q*, status and chi for cells (sw2[i], sb2[i]); chi is NaN where q* = inf."""
    q, status = _fixed_points(table, sw2, sb2)
    chi = np.full(sw2.size, np.nan)
    q_min, q_max = math.exp(table.u[0]), math.exp(table.u[-1])
    if table.prof.homogeneous:
        md1 = D._mom(table.prof, 1.0)["mean_df2"]
        finite = status != INFINITE
        chi[finite] = sw2[finite] * md1
    else:
        okc = status == OK
        chi[okc] = sw2[okc] * table.interp("md", np.clip(q[okc], q_min, q_max))
        zc = status == ZERO
        chi[zc] = sw2[zc] * table.md[0]                  # the q -> 0+ limit
    return q, status, chi


@_quiet
def _evaluate(table: MomentTable, sw2: np.ndarray, sb2: np.ndarray):
    """Flat arrays of every quantity for cells (sw2[i], sb2[i])."""
    q, status, chi = _chi_cells(table, sw2, sb2)
    n = sw2.size
    q_min, q_max = math.exp(table.u[0]), math.exp(table.u[-1])
    xi_grad = _xi(chi)
    c_star = np.full(n, np.nan)
    chi_c = np.full(n, np.nan)
    ok = status == OK
    ordered = ok & (chi <= 1.0)
    c_star[ordered] = 1.0
    chi_c[ordered] = chi[ordered]
    chaotic = np.flatnonzero(ok & (chi > 1.0))
    if chaotic.size:
        qc = q[chaotic]
        if table.prof.homogeneous:
            qc = np.ones_like(qc)                        # the correlation map does not depend on q
            sb_eff = np.where(np.isfinite(q[chaotic]) & (q[chaotic] > 0), sb2[chaotic] / q[chaotic], 0.0)
        else:
            sb_eff = sb2[chaotic]
        cs, cc = _correlation(table, sw2[chaotic], sb_eff, np.clip(qc, q_min, q_max))
        c_star[chaotic] = cs
        chi_c[chaotic] = cc
    xi_corr = _xi(chi_c)
    return q, chi, xi_grad, xi_corr, c_star, chi_c, status


def phase_grid(act_id: str, params: Mapping[str, float] | None = None, *,
               sigma_w2: tuple[float, float] = SIGMA_W2_RANGE,
               sigma_b2: tuple[float, float] = SIGMA_B2_RANGE, n: int = 100,
               n_b: int | None = None) -> PhaseGrid:
    """The phase diagram of ``act_id`` on an ``n`` x ``n_b`` grid (endpoints included)."""
    n_b = n if n_b is None else n_b
    for name, v in (("the grid size", n), ("the grid size", n_b)):
        if int(v) != v or not 2 <= v <= MAX_GRID:
            raise PhaseError(f"{name} must be a whole number between 2 and {MAX_GRID}, got {v}")
    w_lo, w_hi = _check_range("the sigma_w^2 range", sigma_w2, SIGMA_W2_MAX)
    b_lo, b_hi = _check_range("the sigma_b^2 range", sigma_b2, SIGMA_B2_MAX)
    if w_lo <= 0:
        raise PhaseError(f"sigma_w^2 must be positive, got {w_lo:g}")
    table = moment_table(act_id, params)
    sw = np.linspace(w_lo, w_hi, int(n))
    sb = np.linspace(b_lo, b_hi, int(n_b))
    SW, SB = np.meshgrid(sw, sb)
    out = _evaluate(table, SW.ravel(), SB.ravel())
    shaped = [a.reshape(SW.shape) for a in out]
    q, chi, xg, xc, cs, cc, st = shaped
    return PhaseGrid(table.prof.act_id, dict(table.prof.params), sw, sb, q, chi, xg, xc, cs, cc, st)


@dataclass(frozen=True)
class PhasePoint:
    """The mean-field quantities of one (sigma_w^2, sigma_b^2)."""

    sigma_w2: float
    sigma_b2: float
    q_star: float
    chi: float
    xi_grad: float
    xi_corr: float
    c_star: float
    chi_c: float
    status: str


def phase_point(act_id: str, params: Mapping[str, float] | None = None, sigma_w2: float = 1.0,
                sigma_b2: float = 0.0) -> PhasePoint:
    """One cell of the diagram (the same computation as :func:`phase_grid`)."""
    if not (math.isfinite(sigma_w2) and 0 < sigma_w2 <= SIGMA_W2_MAX):
        raise PhaseError(f"sigma_w^2 must be in (0, {SIGMA_W2_MAX:g}], got {sigma_w2!r}")
    if not (math.isfinite(sigma_b2) and 0 <= sigma_b2 <= SIGMA_B2_MAX):
        raise PhaseError(f"sigma_b^2 must be in [0, {SIGMA_B2_MAX:g}], got {sigma_b2!r}")
    table = moment_table(act_id, params)
    vals = _evaluate(table, np.array([float(sigma_w2)]), np.array([float(sigma_b2)]))
    q, chi, xg, xc, cs, cc, st = (float(a[0]) for a in vals)
    return PhasePoint(float(sigma_w2), float(sigma_b2), q, chi, xg, xc, cs, cc, STATUS_NAMES[int(st)])


# ---- the critical line ---------------------------------------------------------------------------

_SCAN = 160
_Q_CRITICAL_MAX = 1e6


def critical_line(act_id: str, params: Mapping[str, float] | None = None,
                  sigma_b2: np.ndarray | list | tuple = (), sigma_w2_max: float = SIGMA_W2_MAX,
                  exact: bool = False) -> np.ndarray:
    """sigma_w^2 at which chi = 1, for each sigma_b^2: the first crossing from order (chi < 1)
    to chaos (chi >= 1) as sigma_w^2 grows from 0.01 to ``sigma_w2_max``, between cells whose
    fixed point is finite (q* = 0 counts, with its limit chi); NaN where there is none (for
    softplus, GELU, SiLU... q* runs off to infinity before chi reaches 1 at some sigma_b^2, or
    chi approaches 1 only as q* -> infinity: a root with q* > 1e6 is not counted).

    Root finding, not the grid: a scan of 160 log-spaced sigma_w^2 brackets the crossing,
    regula falsi on the tabulated theory narrows it to ~1e-8, and ``exact=True`` polishes each
    root with :func:`.depth.critical_sigma_w` on the exact quadrature (no table; slower, about
    0.1 s per point).

    A homogeneous function (ReLU, leaky ReLU, linear) has chi = sigma_w^2 E[phi'(z)^2] whatever
    q*, but a finite fixed point at chi = 1 only for sigma_b = 0: its critical set is one point
    ((2, 0) for ReLU), and every sigma_b^2 > 0 gives NaN.

    At sigma_b^2 = 0 the result for tanh-like functions (odd, phi'(0) = 1) is 1, approached
    tangentially: for sigma_w^2 < 1 the fixed point is q* = 0 with chi = sigma_w^2, and for
    sigma_w^2 = 1 + e it is q* ~ e/2 with chi - 1 ~ e^2/3 (see :func:`chi_after_layers` for what
    a finite depth makes of this).
    """
    table = moment_table(act_id, params)
    prof = table.prof
    sb2 = np.atleast_1d(np.asarray(sigma_b2, dtype=np.float64))
    out = np.full(sb2.shape, np.nan)
    valid = np.isfinite(sb2) & (sb2 >= 0)
    if prof.homogeneous:
        md1 = D._mom(prof, 1.0)["mean_df2"]
        if md1 > 0 and 1.0 / md1 <= sigma_w2_max:
            out[valid & (sb2 == 0)] = 1.0 / md1
        return out
    rows = np.flatnonzero(valid)
    if rows.size == 0:
        return out
    scan = np.geomspace(0.01, float(sigma_w2_max), _SCAN)
    SW = np.broadcast_to(scan, (rows.size, _SCAN))
    SB = np.broadcast_to(sb2[rows, None], (rows.size, _SCAN))
    _q, _st, chi = _chi_cells(table, SW.ravel(), SB.ravel())
    chi = chi.reshape(SW.shape)
    with np.errstate(invalid="ignore"):
        # chi crosses 1, or q* runs off to infinity just after (the crossing may lie in
        # between: GELU at sigma_b^2 = 0.3 has chi = 1 at 1.956 and q* = inf from ~1.98)
        cross = (chi[:, :-1] < 1.0) & ((chi[:, 1:] >= 1.0) | np.isnan(chi[:, 1:]))
    has = cross.any(axis=1)
    j = np.argmax(cross, axis=1)
    rows, j = rows[has], j[has]
    if rows.size == 0:
        return out
    sb = sb2[rows]
    root = _illinois(lambda v, sel: _chi_cells(table, np.exp(v), sb[sel])[2],
                     np.log(scan[j]), np.log(scan[j + 1]), chi[np.arange(rows.size), j],
                     chi[np.arange(rows.size), j + 1])
    # keep only real crossings: a finite fixed point with chi = 1 at the root
    q_root, st, c = _chi_cells(table, root, sb)
    real = (st != INFINITE) & (np.abs(c - 1.0) < 1e-6) & (q_root <= _Q_CRITICAL_MAX)
    rows, j, root, sb = rows[real], j[real], root[real], sb[real]
    if exact:
        for k, (r, a, b, v) in enumerate(zip(rows, scan[j], scan[j + 1], sb)):
            s = D.critical_sigma_w(act_id, params, sigma_b=math.sqrt(v), lo=math.sqrt(a), hi=math.sqrt(b))
            if s is not None:
                root[k] = s * s
    out[rows] = root
    return out


def _illinois(chi_of, a: np.ndarray, b: np.ndarray, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """exp of the root of ln chi in [a, b] (ln sigma_w^2, vectorised), chi(a) < 1 <= chi(b):
    modified regula falsi, falling back to bisection where chi is undefined."""
    fa, fb = np.log(ca), np.log(np.maximum(cb, 1.0 + 1e-300))
    side = np.zeros(a.size, dtype=np.int8)
    act = np.arange(a.size)
    for _ in range(80):
        sel = act
        x = np.where(fb[sel] > fa[sel], (a[sel] * fb[sel] - b[sel] * fa[sel]) / (fb[sel] - fa[sel]),
                     0.5 * (a[sel] + b[sel]))
        x = np.where((x > a[sel]) & (x < b[sel]), x, 0.5 * (a[sel] + b[sel]))
        c = chi_of(x, sel)
        fx = np.where(np.isfinite(c) & (c > 0), np.log(np.where(c > 0, c, 1.0)), np.nan)
        undefined = ~np.isfinite(fx)
        up = (fx >= 0) | undefined                      # x is on the chaotic side
        # Illinois: halve the stale end's value when the same end moves twice
        b_new = np.where(up, x, b[sel])
        a_new = np.where(up, a[sel], x)
        fb_new = np.where(up, np.where(undefined, fb[sel], fx), np.where(side[sel] == -1, fb[sel] / 2, fb[sel]))
        fa_new = np.where(up, np.where(side[sel] == 1, fa[sel] / 2, fa[sel]), fx)
        side[sel] = np.where(up, 1, -1)
        a[sel], b[sel], fa[sel], fb[sel] = a_new, b_new, fa_new, fb_new
        act = sel[~(np.abs(fx) <= 1e-13) & (b_new - a_new > 1e-13)]
        if act.size == 0:
            break
    return np.exp(np.where((np.abs(fa) < np.abs(fb)) | np.isnan(fb), a, b))


def critical_points(act_id: str, params: Mapping[str, float] | None = None,
                    sigma_b2: tuple[float, float] = SIGMA_B2_RANGE, n: int = 61,
                    sigma_w2_max: float = SIGMA_W2_MAX) -> tuple[np.ndarray, np.ndarray]:
    """(sigma_w2, sigma_b2) along the critical line for ``n`` values of sigma_b^2 in the range
    (points where there is none are dropped)."""
    # denser near the low end, where tanh-like lines bend sharply (sigma_w^2 - 1 ~ sqrt(sigma_b^2))
    t = np.linspace(0.0, 1.0, int(n))
    sb = float(sigma_b2[0]) + (float(sigma_b2[1]) - float(sigma_b2[0])) * t * t
    sw = critical_line(act_id, params, sb, sigma_w2_max)
    keep = np.isfinite(sw)
    return sw[keep], sb[keep]


def chi_after_layers(act_id: str, params: Mapping[str, float] | None = None,
                     sigma_w2: np.ndarray | float = 1.0, sigma_b2: float = 0.0, layers: int = 100,
                     q0: float = 1.0) -> np.ndarray:
    """sigma_w^2 E[phi'(sqrt(q_L) z)^2] after ``layers`` steps of the length map from q0
    (vectorised over sigma_w^2): the per-layer gradient factor a finite network sees at its
    last layer, where the infinite-depth theory uses q*."""
    table = moment_table(act_id, params)
    sw = np.atleast_1d(np.asarray(sigma_w2, dtype=np.float64))
    q_min, q_max = math.exp(table.u[0]), math.exp(table.u[-1])
    q = np.full(sw.shape, float(q0))
    for _ in range(int(layers)):
        q = sw * table.interp("m2", np.clip(q, q_min, q_max)) + sigma_b2
    return sw * table.interp("md", np.clip(q, q_min, q_max))
