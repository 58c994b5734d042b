"""Where a function is defined: the x at which f is NaN or infinite, and its poles.

A typed function need not be defined on the whole line: ``sqrt(-x)`` is NaN for x > 0,
``log(x)`` for x <= 0, ``1/x`` is infinite at 0 and ``exp(710)`` overflows everywhere.
:func:`scan` finds these *gaps* on a dense grid over [-50, 50] plus probes far out
(|x| up to 1e15), places each end by bisection to the last float, and says whether the end
point itself is in the gap.  An infinite tail that only means "too large for float64"
(``exp(x)`` beyond 709.78, ``x^3`` far out) is growth, not a gap: the range reaches ±∞ there.

A *pole* is a gap end next to which |f| grows without bound (``1/x`` at 0, ``log(x)`` at 0+):
the range then reaches ±∞ on that side.

:func:`check_usable` is what the network-based views call before they run: a network feeds
its activation pre-activations anywhere on the line, so a function undefined somewhere
(NaN, or infinite inside the range) cannot be used there.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np

from .arrays import sorted_unique

__all__ = ["Gap", "Pole", "Domain", "scan", "scan_activation", "check_usable", "SCAN_SPAN"]

Fn = Callable[[np.ndarray], np.ndarray]

SCAN_SPAN = 50.0
_N = 20_001
_FAR = np.array([1.0e2, 1.0e3, 1.0e4, 1.0e6, 1.0e8, 1.0e12, 1.0e15])
_POLE_H = (1e-3, 1e-6, 1e-9, 1e-12)
_MAX_GAPS = 200


@dataclass(frozen=True)
class Gap:
    """An interval (or a point, lo == hi) where f is NaN or infinite.

    ``lo``/``hi`` may be ∓∞; ``lo_closed``/``hi_closed`` say whether the end point itself is
    in the gap.  ``kind`` is 'nan', 'inf' or 'mixed' (what f gives there)."""

    lo: float
    hi: float
    lo_closed: bool
    hi_closed: bool
    kind: str

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi


@dataclass(frozen=True)
class Pole:
    """|f| grows without bound as x → ``at`` from ``side`` (-1: from the left, +1: right);
    ``sign`` is the sign f takes there (+1: f → +∞)."""

    at: float
    side: int
    sign: int


@dataclass(frozen=True)
class Domain:
    gaps: tuple[Gap, ...] = ()
    poles: tuple[Pole, ...] = ()

    @property
    def everywhere(self) -> bool:
        """f is finite on the whole line (tail overflow aside)."""
        return not self.gaps

    @property
    def nowhere(self) -> bool:
        return len(self.gaps) == 1 and self.gaps[0].lo == -math.inf and self.gaps[0].hi == math.inf

    def describe(self, tr: Callable[[str], str] = lambda s: s) -> str:
        """'undefined at x = 0', 'undefined for x > 0; at x = 3', ... ('' when defined
        everywhere).  ``tr`` translates the templates (see :data:`TEMPLATES`)."""
        if not self.gaps:
            return ""
        if self.nowhere:
            return tr(TEMPLATES["nowhere"])
        # the (up to) three gaps nearest to x = 0, in order along the line
        near = sorted(self.gaps, key=lambda g: 0.0 if g.lo <= 0 <= g.hi else min(abs(g.lo), abs(g.hi)))[:3]
        parts = [_gap_text(g, tr) for g in sorted(near, key=lambda g: g.lo)]
        text = tr(TEMPLATES["undefined"]).format(where="; ".join(parts))
        if len(self.gaps) > 3:
            text += tr(TEMPLATES["more"]).format(n=len(self.gaps) - 3)
        return text


# English templates; the window and the CLI translate them (context "PropertiesReport").
TEMPLATES = {
    "nowhere": "undefined everywhere (f is not a finite number for any x)",
    "undefined": "undefined {where}",
    "more": " and in {n} more intervals",
    "at": "at x = {a}",
    "lt": "for x < {b}",
    "le": "for x ≤ {b}",
    "gt": "for x > {a}",
    "ge": "for x ≥ {a}",
    "between": "for {a} {lo_op} x {hi_op} {b}",
}


def _num(v: float) -> str:
    v = float(v) + 0.0
    if v == 0:
        return "0"
    if abs(v) >= 1e4 or abs(v) < 1e-3:
        return f"{v:.4g}"
    return f"{v:.6g}"


def _gap_text(g: Gap, tr: Callable[[str], str]) -> str:
    if g.is_point:
        return tr(TEMPLATES["at"]).format(a=_num(g.lo))
    if g.lo == -math.inf:
        return tr(TEMPLATES["le" if g.hi_closed else "lt"]).format(b=_num(g.hi))
    if g.hi == math.inf:
        return tr(TEMPLATES["ge" if g.lo_closed else "gt"]).format(a=_num(g.lo))
    return tr(TEMPLATES["between"]).format(a=_num(g.lo), b=_num(g.hi), lo_op="≤" if g.lo_closed else "<",
                                           hi_op="≤" if g.hi_closed else "<")


def _call(f: Fn, x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        v = np.asarray(f(x), dtype=np.float64)
    if v.shape != x.shape:
        v = np.broadcast_to(v, x.shape)
    return v


def _ok(f: Fn, x: float) -> bool:
    return bool(np.isfinite(_call(f, np.array([x]))[0]))


def _bisect(f: Fn, good: float, bad: float) -> float:
    """The boundary between a finite sample ``good`` and a non-finite ``bad``: returns the
    last point found on the bad side (to within one float)."""
    for _ in range(200):
        m = 0.5 * (good + bad)
        if m == good or m == bad:
            break
        if _ok(f, m):
            good = m
        else:
            bad = m
    return bad


def _snap(v: float) -> float:
    """Tidy a bisected end: 1e-300 -> 0, 2.9999999999 -> 3 (only within 1e-9 relative)."""
    for digits in (0, 3, 6, 9):
        r = round(v, digits)
        if abs(r - v) <= 1e-9 * max(1.0, abs(v)):
            return r + 0.0
    return v + 0.0


def scan_points(kinks: Iterable[float] = ()) -> np.ndarray:
    x = np.linspace(-SCAN_SPAN, SCAN_SPAN, _N)
    extra = [float(k) for k in kinks if math.isfinite(float(k))]
    return sorted_unique(np.concatenate([-_FAR[::-1], x, np.asarray(extra, dtype=np.float64), _FAR]))


def scan(f: Fn, kinks: Iterable[float] = (), x: np.ndarray | None = None,
         fx: np.ndarray | None = None) -> Domain:
    """Find where ``f`` is NaN or infinite (see the module doc).  ``x``/``fx`` may pass the
    scan grid (:func:`scan_points`) and f on it when the caller has them."""
    if x is None:
        x = scan_points(kinks)
    if fx is None:
        fx = _call(f, x)
    bad = ~np.isfinite(fx)
    n = x.size
    if not bad.any():
        return _with_pole_points(_poles_off_grid(f, x, fx))
    if bad.all():
        kind = "nan" if np.isnan(fx).all() else "inf" if np.isinf(fx).all() else "mixed"
        return Domain((Gap(-math.inf, math.inf, False, False, kind),), ())
    idx = np.flatnonzero(bad)
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]]))
    gaps: list[Gap] = []
    for s, e in zip(starts[:_MAX_GAPS], ends[:_MAX_GAPS]):
        vals = fx[s:e + 1]
        kind = "nan" if np.isnan(vals).all() else "inf" if np.isinf(vals).all() else "mixed"
        at_left, at_right = s == 0, e == n - 1
        if kind == "inf" and (at_left or at_right) and np.unique(np.sign(vals)).size == 1:
            continue            # overflow in a tail: growth, not a gap
        if at_left:
            lo, lo_closed = -math.inf, False
        else:
            lo = _snap(_bisect(f, float(x[s - 1]), float(x[s])))
            lo_closed = not _ok(f, lo)
        if at_right:
            hi, hi_closed = math.inf, False
        else:
            hi = _snap(_bisect(f, float(x[e + 1]), float(x[e])))
            hi_closed = not _ok(f, hi)
        if lo == hi:
            lo_closed = hi_closed = True
        gaps.append(Gap(lo, hi, lo_closed, hi_closed, kind))
    if not gaps:
        return _with_pole_points(_poles_off_grid(f, x, fx))
    poles = []
    for g in gaps:
        if math.isfinite(g.lo):
            p = _pole(f, g.lo, -1)
            if p:
                poles.append(p)
        if math.isfinite(g.hi):
            p = _pole(f, g.hi, +1)
            if p:
                poles.append(p)
    return Domain(tuple(gaps), tuple(poles))


def _with_pole_points(poles: tuple[Pole, ...]) -> Domain:
    """A pole found between grid points is a point where f is undefined."""
    ats = sorted({p.at for p in poles})
    return Domain(tuple(Gap(a, a, True, True, "inf") for a in ats), poles)


def _pole(f: Fn, c: float, side: int) -> Pole | None:
    """Does |f| grow without bound as x → c from ``side``?"""
    xs = np.array([c + side * h * max(1.0, abs(c)) for h in _POLE_H])
    v = _call(f, xs)
    if not np.all(np.isfinite(v)):
        return None
    a = np.abs(v)
    inc = np.diff(a)
    # |f| grows at every step towards c, and the growth does not die out (1/x: it grows;
    # log x: it stays the same per step; a bounded function's growth shrinks geometrically)
    if np.all(inc > 0) and inc[-1] >= 0.5 * inc[0] and a[-1] > 10.0 and np.unique(np.sign(v)).size == 1:
        return Pole(c, side, int(np.sign(v[-1])))
    return None


def _poles_off_grid(f: Fn, x: np.ndarray, fx: np.ndarray) -> tuple[Pole, ...]:
    """Poles between grid points (``1/(x - 0.3)``): |f| huge at a sample next to a sign
    change.  Only a few candidates are examined."""
    inner = (np.abs(x) <= SCAN_SPAN)
    a = np.abs(fx)
    cand = np.flatnonzero(inner & (a > 1e8))
    out: list[Pole] = []
    for i in cand[:8]:
        if not 0 < i < x.size - 1:
            continue
        j = i + 1 if np.sign(fx[i + 1]) != np.sign(fx[i]) else i - 1 if np.sign(fx[i - 1]) != np.sign(fx[i]) else None
        if j is None:
            continue
        lo, hi = sorted((float(x[i]), float(x[j])))
        # locate the sign change, then look at |f| on both sides of it
        for _ in range(200):
            m = 0.5 * (lo + hi)
            if m in (lo, hi):
                break
            if np.sign(_call(f, np.array([m]))[0]) == np.sign(_call(f, np.array([lo]))[0]):
                lo = m
            else:
                hi = m
        c = _snap(0.5 * (lo + hi))
        for side in (-1, +1):
            p = _pole(f, c, side)
            if p and p not in out:
                out.append(p)
    return tuple(out)


# ---- what a network needs -------------------------------------------------------------------

_lock = threading.Lock()
_cache: OrderedDict = OrderedDict()
_CACHE_SIZE = 32


def scan_activation(act, params) -> Domain:
    """:func:`scan` of a catalogue entry at ``params`` (cached per entry object and params;
    the cache holds at most 32 entries)."""
    p = act.resolve(params or {})
    key = (act.id, tuple(sorted(p.items())))
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is act:
            _cache.move_to_end(key)
            return hit[1]
    f, _df = act.bind(**p)
    dom = scan(f, act.kinks(**p))
    with _lock:
        _cache[key] = (act, dom)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return dom


def check_usable(act, params=None) -> str | None:
    """Why a network cannot use ``act`` with ``params`` (a sentence), or None.

    Built-in functions are defined everywhere; typed ones are scanned."""
    if act.family != "custom":
        return None
    dom = scan_activation(act, params)
    if dom.everywhere:
        return None
    return (f"{act.name} is {dom.describe()}; a network needs its activation defined for "
            f"every input, so it cannot use this function")
