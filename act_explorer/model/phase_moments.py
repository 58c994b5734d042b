"""Tables of the Gaussian moments of one activation in ln q, behind the phase diagram.

For a function phi, :class:`MomentTable` holds m2(q) = E[phi(sqrt(q) z)^2] and
md(q) = E[phi'(sqrt(q) z)^2] (z ~ N(0, 1)) on a log-spaced grid of q (1e-14 to 1e14, step
0.12 in ln q) together with their exact derivatives in ln q, from :mod:`.gaussian`'s
kink-aware quadrature, and interpolates them (cubic Hermite in ln q, of ln(m2 / q) and
ln md); on demand it tabulates the Mehler coefficients of the correlation map.
:func:`moment_table` builds and caches one table per function profile.  The maths that uses
the tables (fixed points, chi, the correlation map, the critical line) is in :mod:`.phase`.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from . import depth as D
from .gaussian import _grid as _gauss_grid   # the quadrature nodes and weights of gaussian.moments

__all__ = ["PhaseError", "MomentTable", "moment_table"]

_LNQ_MIN = math.log(1e-14)
_LNQ_MAX = math.log(1e14)
_LNQ_STEP = 0.12
_K = 96                              # Hermite coefficients kept in the correlation map
_TINY = 1e-290


def _quiet(fn):
    """Run ``fn`` with NumPy's overflow and invalid-value warnings off: a function that grows
    without bound (exp(x), x^723) overflows E[phi^2] at large q, which the fixed-point search
    reads as "no finite fixed point" (status ``infinite``), not as an error."""
    import functools

    @functools.wraps(fn)
    def wrapped(*args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return fn(*args, **kwargs)

    return wrapped


class PhaseError(ValueError):
    """A phase-diagram request that is not allowed; ``str()`` is a sentence for the user.

    (Defined here, where the first refusal is made: a function without Gaussian moments;
    :mod:`.phase` exports it.)"""

# ---- tables of Gaussian moments in ln q ----------------------------------------------------------

def _quadrature(prof: D.FunctionProfile, qs: np.ndarray):
    """Nodes x, weights w (of N(0, q)), z = x / sqrt(q) and segment starts for every q."""
    xs, ws, starts = [], [], []
    n = 0
    for q in qs:
        x, w = _gauss_grid(float(q), prof.kinks)
        xs.append(x)
        ws.append(w)
        starts.append(n)
        n += x.size
    x = np.concatenate(xs)
    w = np.concatenate(ws)
    z = x / np.repeat(np.sqrt(qs), [a.size for a in xs])
    return x, w, z, np.asarray(starts, dtype=np.intp)


def _seg(v: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.add.reduceat(v, starts)


def _eval(fn: Callable, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        v = np.asarray(fn(x), dtype=np.float64)
    return np.where(np.isfinite(v), v, 0.0)


@dataclass(frozen=True, eq=False)
class MomentTable:
    """E[phi^2], E[phi'^2] (and on demand Hermite coefficients) on a log grid of q."""

    prof: D.FunctionProfile
    u: np.ndarray          # ln q at the nodes
    m2: np.ndarray         # E[phi(sqrt(q) z)^2]
    dm2: np.ndarray        # d m2 / d ln q
    md: np.ndarray         # E[phi'(sqrt(q) z)^2]
    dmd: np.ndarray        # d md / d ln q
    _coef: dict            # node range -> (b, db, t0, dt0, t1, dt1) of the correlation map

    @property
    def step(self) -> float:
        return float(self.u[1] - self.u[0])

    # cubic Hermite interpolation in ln q, vectorised; ``i`` the interval of each point
    def _interval(self, u: np.ndarray) -> np.ndarray:
        i = np.floor((u - self.u[0]) / self.step).astype(np.intp)
        return np.clip(i, 0, self.u.size - 2)

    @staticmethod
    def _hermite(u, i, u0, h, y, dy):
        t = (u - (u0 + i * h)) / h
        t2, t3 = t * t, t * t * t
        return ((2 * t3 - 3 * t2 + 1) * y[i] + (t3 - 2 * t2 + t) * h * dy[i]
                + (-2 * t3 + 3 * t2) * y[i + 1] + (t3 - t2) * h * dy[i + 1])

    def _log_form(self, name: str):
        """ln(m2 / q) or ln(md) and their slopes in ln q: smooth and near-linear at both ends
        of the table (m2 ~ q for small q), so a cubic interpolates them to ~1e-10, where m2
        itself (~ e^u) would lose ~3e-7."""
        hit = self._coef.get(("log", name))
        if hit is None:
            y, dy = (self.m2, self.dm2) if name == "m2" else (self.md, self.dmd)
            pos = y > _TINY
            with np.errstate(divide="ignore", invalid="ignore"):
                ly = np.where(pos, np.log(np.where(pos, y, 1.0)), math.log(_TINY))
                dly = np.where(pos, dy / np.where(pos, y, 1.0), 0.0)
            if name == "m2":
                ly, dly = ly - self.u, dly - 1.0
            hit = self._coef[("log", name)] = (ly, dly)
        return hit

    def interp(self, name: str, q: np.ndarray) -> np.ndarray:
        """``m2`` or ``md`` at arbitrary q in the table's range (cubic Hermite in ln q)."""
        u = np.log(np.asarray(q, dtype=np.float64))
        i = self._interval(u)
        ly, dly = self._log_form(name)
        v = self._hermite(u, i, self.u[0], self.step, ly, dly)
        out = np.exp(v + u) if name == "m2" else np.exp(v)
        out = np.where(np.isnan(out), np.inf, out)        # next to an overflowed node (inf * 0)
        return np.where(v < math.log(_TINY) + 1.0, 0.0, out)

    def coefficients(self, q: np.ndarray):
        """Mehler coefficients b_k(q) (shape (n, K+1)) and the tail's value and slope at c = 1.

        t0 = E[phi^2] - sum b_k^2 (the series' remainder at c = 1) and
        t1 = q E[phi'^2] - sum k b_k^2 (its slope there), both >= 0 up to rounding.
        """
        q = np.asarray(q, dtype=np.float64)
        u = np.log(q)
        i = self._interval(u)
        lo, hi = int(i.min()), int(i.max()) + 1
        key = (lo, hi)
        tab = self._coef.get(key)
        if tab is None:
            tab = self._coef_nodes(lo, hi)
            if len(self._coef) > 8:
                for k in [k for k in list(self._coef) if k[0] != "log"]:
                    self._coef.pop(k, None)
            self._coef[key] = tab
        b, db, t0, dt0, t1, dt1 = tab
        j = i - lo
        u0, h = self.u[lo], self.step
        t = ((u - (u0 + j * h)) / h)[:, None]
        t2, t3 = t * t, t * t * t
        bq = ((2 * t3 - 3 * t2 + 1) * b[j] + (t3 - 2 * t2 + t) * h * db[j]
              + (-2 * t3 + 3 * t2) * b[j + 1] + (t3 - t2) * h * db[j + 1])
        t0q = self._hermite(u, j, u0, h, t0, dt0)
        t1q = self._hermite(u, j, u0, h, t1, dt1)
        return bq, np.maximum(t0q, 0.0), np.maximum(t1q, 0.0)

    @_quiet
    def _coef_nodes(self, lo: int, hi: int):
        qs = np.exp(self.u[lo:hi + 1])
        x, w, z, starts = _quadrature(self.prof, qs)
        f = _eval(self.prof.f, x)
        zz = 0.5 * (z * z - 1.0)
        wf = w * f
        n = qs.size
        b = np.empty((n, _K + 1))
        db = np.empty((n, _K + 1))
        h_prev = np.zeros_like(z)
        h = np.ones_like(z)
        wfz = wf * z
        for k in range(_K + 1):
            if k > 0:
                h, h_prev = (z * h - math.sqrt(k - 1) * h_prev) / math.sqrt(k), h
            v = wf * h
            b[:, k] = _seg(v, starts)
            # d/dln q of E[phi(x) h_k(x / sqrt(q))]: the density's part, E[.. (z^2 - 1)] / 2,
            # and h_k's own, h_k'(z) (-z / 2) with h_k' = sqrt(k) h_{k-1}
            db[:, k] = _seg(v * zz, starts)
            if k > 0:
                db[:, k] -= 0.5 * math.sqrt(k) * _seg(wfz * h_prev, starts)
        k = np.arange(_K + 1, dtype=np.float64)
        m2, dm2 = self.m2[lo:hi + 1], self.dm2[lo:hi + 1]
        md, dmd = self.md[lo:hi + 1], self.dmd[lo:hi + 1]
        t0 = m2 - np.sum(b * b, axis=1)
        dt0 = dm2 - 2.0 * np.sum(b * db, axis=1)
        t1 = qs * md - np.sum(k * b * b, axis=1)
        dt1 = qs * (md + dmd) - 2.0 * np.sum(k * b * db, axis=1)
        return b, db, t0, dt0, t1, dt1


@_quiet
def _build_table(prof: D.FunctionProfile) -> MomentTable:
    u = np.arange(_LNQ_MIN, _LNQ_MAX + _LNQ_STEP / 2, _LNQ_STEP)
    qs = np.exp(u)
    x, w, z, starts = _quadrature(prof, qs)
    f = _eval(prof.f, x)
    d = _eval(prof.df, x)
    zz = 0.5 * (z * z - 1.0)
    f2, d2 = w * f * f, w * d * d
    m2, dm2, md, dmd = _seg(f2, starts), _seg(f2 * zz, starts), _seg(d2, starts), _seg(d2 * zz, starts)
    # where a moment overflows (exp(x) at q > ~355) it is infinite from there on, and its
    # slope is no number: +inf and 0, which the fixed-point search reads as "no fixed point"
    for y, dy in ((m2, dm2), (md, dmd)):
        bad = ~np.isfinite(y) | ~np.isfinite(dy)
        if bad.any():
            bad[np.argmax(bad):] = True
            y[bad] = np.inf
            dy[bad] = 0.0
    return MomentTable(prof, u, m2, dm2, md, dmd, {})


_tables: OrderedDict = OrderedDict()
_tables_lock = threading.Lock()


def moment_table(act_id: str, params: Mapping[str, float] | None = None) -> MomentTable:
    """The (cached) :class:`MomentTable` of a catalogue function with parameters.

    Raises :class:`PhaseError` for a typed function that is undefined somewhere (``1/x``,
    ``sqrt(-x)``): its Gaussian moments do not exist, so no cell has numbers."""
    from .catalogue import get
    from .domain import check_usable

    problem = check_usable(get(act_id), params)
    if problem is not None:
        raise PhaseError(problem)
    prof = D.function_profile(act_id, params)
    key = id(prof)
    with _tables_lock:
        hit = _tables.get(key)
        if hit is not None and hit.prof is prof:
            _tables.move_to_end(key)
            return hit
    table = _build_table(prof)
    with _tables_lock:
        _tables[key] = table
        while len(_tables) > 8:
            _tables.popitem(last=False)
    return table
