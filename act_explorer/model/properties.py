"""Properties of an activation function, derived numerically from ``f`` and ``df``.

Nothing here is typed in per function: the same analysis runs on built-ins and on functions
the user types, so the card in the window is always true to the curve.  The vocabulary
follows the study notes (FACTS.md, "Saturation vocabulary"):

* right saturation: f'(x) -> 0 as x -> +inf; left: as x -> -inf;
* hard saturation: f'(x) = 0 exactly beyond some finite c; soft: only in the limit;
* a unit can die when f' = 0 on a whole half-line (it then never receives gradient).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable

import numpy as np

from . import domain as _domain
from .arrays import median, sorted_unique
from .gaussian import moments

__all__ = ["Saturation", "Properties", "Note", "NOTE_TEMPLATES", "analyse", "analyse_activation"]

Fn = Callable[[np.ndarray], np.ndarray]

# Probe points far out in each tail, used to tell limits from growth.
_FAR = np.array([1.0e2, 1.0e3, 1.0e4, 1.0e6, 1.0e8, 1.0e12, 1.0e15])
_SPAN = 50.0          # the dense grid covers [-_SPAN, _SPAN]
_N_DENSE = 20_001


# Remarks the analysis can make; {fields} are filled with computed, formatted numbers.
NOTE_TEMPLATES: dict[str, str] = {
    "supremum": "the largest slope, {m}, is not reached: it is approached as x → {at}{side}, "
                "while f′({at}) = {f_at}",
    "slope_grows": "the slope keeps growing in the tails",
    "not_finite": "f′ is not finite at x = {x}",
    "pole": "|f′| grows without bound next to x = {x}",
}


class Note(str):
    """A computed remark: its English text, plus the ``key`` of its template in
    :data:`NOTE_TEMPLATES` and the formatted ``values``, so the window can translate it."""

    key: str
    values: dict

    def __new__(cls, key: str, values: dict | None = None):
        values = dict(values or {})
        obj = super().__new__(cls, NOTE_TEMPLATES[key].format(**values))
        obj.key, obj.values = key, values
        return obj

    def __reduce__(self):
        return (Note, (self.key, self.values))

    @property
    def template(self) -> str:
        return NOTE_TEMPLATES[self.key]


@dataclass(frozen=True)
class Saturation:
    """How one side saturates: ``kind`` is 'none', 'soft' or 'hard'.

    For hard saturation ``at`` is the point beyond which f' is exactly 0
    (e.g. 0 for ReLU on the left).
    """

    kind: str
    at: float | None = None

    def describe(self, side: str = "") -> str:
        """``side`` 'left' or 'right' says where f' = 0: x < at on the left, x > at on the right."""
        if self.kind == "hard":
            if self.at is None:
                return "hard (f' = 0 everywhere)"
            if side in ("left", "right"):
                return f"hard (f' = 0 for x {'<' if side == 'left' else '>'} {self.at:g})"
            return f"hard (f' = 0 beyond x = {self.at:g})"
        return self.kind


@dataclass(frozen=True)
class Properties:
    range_lo: float
    range_hi: float
    range_lo_closed: bool
    range_hi_closed: bool
    discrete_values: tuple[float, ...] | None
    zero_centred: bool
    f_at_0: float
    monotonic: bool
    smoothness: str            # 'smooth', 'C1', 'C0', 'discontinuous' or 'undefined' (somewhere)
    kinks: tuple[float, ...]   # where f' (C0) or f'' (C1) jumps, or f jumps
    left: Saturation
    right: Saturation
    max_abs_df: float
    max_abs_df_at: tuple[float, float]   # (a, b): a point (a == b) or a plateau
    df_at_0: float
    can_die: bool
    minimum: tuple[float, float] | None  # (x, f) of an interior minimum, if any
    mean_f: float                         # E[f(z)], z ~ N(0, 1)
    mean_f2: float
    mean_df: float
    mean_df2: float
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Where f is NaN or infinite (empty for a function defined on the whole line), and the
    # points next to which |f| grows without bound; see :mod:`.domain`.
    undefined: tuple[_domain.Gap, ...] = ()
    poles: tuple[_domain.Pole, ...] = ()
    max_abs_df_attained: bool = True     # False: max |f'| is a supremum (hardswish at 3-)

    # -- derived flags ---------------------------------------------------------------------
    @property
    def defined_everywhere(self) -> bool:
        return not self.undefined

    @property
    def continuous(self) -> bool:
        """Continuous on the whole line (a function undefined somewhere is not)."""
        return self.defined_everywhere and self.smoothness not in ("discontinuous", "undefined")

    @property
    def smooth(self) -> bool:
        return self.defined_everywhere and self.smoothness == "smooth"

    @property
    def moments_defined(self) -> bool:
        return math.isfinite(self.mean_f) and math.isfinite(self.mean_f2)

    def undefined_text(self, tr=lambda s: s) -> str:
        """'undefined at x = 0', 'undefined for x > 0', ... ('' when defined everywhere)."""
        return _domain.Domain(self.undefined, self.poles).describe(tr)

    # -- text helpers (English; the window translates the words) ------------------------
    def range_text(self) -> str:
        if math.isnan(self.range_lo) or math.isnan(self.range_hi):
            return "none"
        if self.discrete_values is not None:
            return "{" + ", ".join(_fmt(v) for v in self.discrete_values) + "}"
        lo = "[" if self.range_lo_closed else "("
        hi = "]" if self.range_hi_closed else ")"
        return f"{lo}{_fmt(self.range_lo)}, {_fmt(self.range_hi)}{hi}"

    def saturation_text(self) -> str:
        kinds = {self.left.kind, self.right.kind}
        if kinds == {"none"}:
            return "none"
        parts = []
        if self.left.kind != "none":
            parts.append(f"left {self.left.describe('left')}")
        if self.right.kind != "none":
            parts.append(f"right {self.right.describe('right')}")
        return "; ".join(parts)

    def max_df_text(self) -> str:
        a, b = self.max_abs_df_at
        if self.max_abs_df == 0 or (math.isinf(a) and math.isinf(b) and a < 0 < b):
            return f"{_fmt(self.max_abs_df)} everywhere"
        if a == b and math.isinf(a):
            side = "+∞" if a > 0 else "−∞"
            return f"{_fmt(self.max_abs_df)} (approached as x → {side})"
        sup = next((n for n in self.notes if getattr(n, "key", "") == "supremum"), None)
        if sup is not None:
            v = sup.values
            return f"{v['m']}, approached as x → {v['at']}{v['side']} (f′({v['at']}) = {v['f_at']})"
        if a == b:
            where = f"at x = {_fmt(a)}"
        elif math.isinf(b) and b > 0:
            where = f"for x > {_fmt(a)}"
        elif math.isinf(a) and a < 0:
            where = f"for x < {_fmt(b)}"
        else:
            where = f"for {_fmt(a)} < x < {_fmt(b)}"
        return f"{_fmt(self.max_abs_df)} {where}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["range_text"] = self.range_text()
        return d


def _fmt(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    if abs(v) >= 1e4 or abs(v) < 1e-3:
        return f"{v:.3g}"
    return f"{v:.6g}"


def _dense_grid(kinks: Iterable[float]) -> np.ndarray:
    x = np.linspace(-_SPAN, _SPAN, _N_DENSE)
    extra = []
    for k in kinks:
        extra += [k - 1e-9, k, k + 1e-9]
    return sorted_unique(np.concatenate([x, np.asarray(extra, dtype=np.float64)]))


def _tail_limit(f: Fn, df: Fn, sign: float) -> tuple[float, bool]:
    """(limit of f as x -> sign * inf, whether it is reached at a finite x)."""
    xs = sign * _FAR
    fv = f(xs)
    last = float(fv[-1])
    if not math.isfinite(last) or abs(last) > 1e5:
        return (math.inf if last > 0 else -math.inf), False
    # Still moving between x = 1e12 and 1e15 (log(1 + x^2) grows by 13.8 there): no limit.
    step = last - float(fv[-2])
    if math.isfinite(step) and abs(step) > 1e-6 * max(1.0, abs(last)):
        return (math.inf if step > 0 else -math.inf), False
    # Reached at a finite x only if f is exactly flat from a finite point on (hard
    # saturation); a limit approached asymptotically (sigmoid -> 1) is an open end even
    # though f rounds to it in double precision far out.
    grid = sign * np.linspace(0.0, _SPAN, 2001)
    dv = df(grid)
    nz = np.nonzero(dv != 0)[0]
    reached = bool(np.all(df(xs) == 0)) and (nz.size == 0 or abs(float(dv[nz[-1]])) > 1e-9)
    return last, reached


def _saturation(df: Fn, sign: float, grid: np.ndarray, dgrid: np.ndarray, peak: float) -> Saturation:
    far = df(sign * _FAR)
    if peak == 0:
        return Saturation("hard", None)
    if np.all(far == 0):
        # Exactly zero far out.  Hard saturation means the derivative drops to 0 at a finite
        # point from a non-negligible value; a derivative that merely underflows (GELU's
        # x * phi(x) below -38) is soft saturation.
        nz = np.nonzero(dgrid != 0)[0]
        if nz.size:
            i = nz[0] if sign < 0 else nz[-1]
            edge_value = abs(float(dgrid[i]))
            if edge_value > 1e-9 * peak:
                j = max(i - 1, 0) if sign < 0 else min(i + 1, len(grid) - 1)
                return Saturation("hard", _snap(float(grid[j])))
        return Saturation("soft")
    mags = np.abs(far)
    if mags[-1] < 1e-6 * peak and mags[-1] <= mags[0]:
        return Saturation("soft")
    return Saturation("none")


def _snap(v: float) -> float:
    """Round grid artefacts (1e-9 offsets) to the nearby round number."""
    r = round(v, 6)
    return 0.0 if r == 0 else r


def _jumps(values: np.ndarray, x: np.ndarray, tol: float) -> np.ndarray:
    """x positions where consecutive samples jump by more than a continuous curve could."""
    d = np.abs(np.diff(values))
    h = np.diff(x)
    # A continuous function changes by about |slope| * h; a jump does not shrink with h.
    typical = median(d[d > 0]) if np.any(d > 0) else 0.0
    suspicious = d > max(tol, 50.0 * typical)
    idx = np.nonzero(suspicious & (h < 1e-6))[0]
    return 0.5 * (x[idx] + x[idx + 1])


def _smoothness(f: Fn, df: Fn, kinks: Iterable[float]) -> tuple[str, tuple[float, ...]]:
    """Classify by probing just either side of candidate points.

    Candidates are the declared kinks plus any point where f' changes abruptly on a fine grid.
    At each candidate c we compare one-sided values at distances h and h/10: a jump persists,
    a smooth change shrinks with h.
    """
    cands = set(float(k) for k in kinks)
    x = np.linspace(-20.0, 20.0, 40_001)  # h = 1e-3
    dv = df(x)
    d2 = np.diff(dv) / np.diff(x)
    jump_d = np.abs(np.diff(dv))
    thresh = 20.0 * (median(jump_d) + 1e-12)
    for i in np.nonzero(jump_d > max(thresh, 1e-6))[0][:50]:
        cands.add(float(0.5 * (x[i] + x[i + 1])))
    jump_d2 = np.abs(np.diff(d2))
    thresh2 = 50.0 * (median(jump_d2) + 1e-12)
    for i in np.nonzero(jump_d2 > max(thresh2, 1e-3))[0][:50]:
        cands.add(float(x[i + 1]))

    cs = np.array(sorted(_refine_candidate(c) for c in cands), dtype=np.float64)
    if cs.size == 0:
        return "smooth", ()
    classes = _classify_points(f, df, cs)
    order = {"smooth": 0, "C1": 1, "C0": 2, "discontinuous": 3}
    worst = max(classes, key=order.__getitem__)
    where = sorted({_snap(float(c)) for c, k in zip(cs, classes) if k != "smooth"})
    return worst, tuple(where)


def _refine_candidate(c: float) -> float:
    # Snap numerically found candidates to a nearby round value when the jump is there.
    for r in (round(c), round(c, 1), round(c, 2)):
        if abs(r - c) < 2e-3:
            return float(r)
    return c


def _classify_points(f: Fn, df: Fn, c: np.ndarray) -> list[str]:
    """For each candidate c: does f, f' or f'' jump there?  A jump persists when the probe
    distance h shrinks; a smooth change shrinks with h.  All probes in a few vector calls."""
    h1, h2 = 1e-4, 1e-6

    def gap(g: Fn, h: float) -> np.ndarray:
        v = g(np.concatenate([c - h, c + h]))
        return np.abs(v[c.size:] - v[:c.size])

    near = f(np.concatenate([c - 1.0, c, c + 1.0])).reshape(3, -1)
    scale_f = np.maximum(1.0, np.max(np.abs(near), axis=0))
    gf1, gf2 = gap(f, h1), gap(f, h2)
    gd1, gd2 = gap(df, h1), gap(df, h2)

    def d2_gap(h: float) -> np.ndarray:
        e = h * 1e-2
        v = df(np.concatenate([c - h - e, c - h, c + h, c + h + e])).reshape(4, -1)
        left = (v[1] - v[0]) / e
        right = (v[3] - v[2]) / e
        return np.abs(right - left)

    a1, a2 = d2_gap(1e-3), d2_gap(1e-5)
    out = []
    for i in range(c.size):
        if gf2[i] > 1e-4 * scale_f[i] and gf2[i] > 0.5 * gf1[i]:
            out.append("discontinuous")
        elif gd2[i] > 1e-5 and gd2[i] > 0.5 * gd1[i]:
            out.append("C0")
        elif a2[i] > 1e-2 and a2[i] > 0.5 * a1[i]:
            out.append("C1")
        else:
            out.append("smooth")
    return out


def _grows_towards(df: Fn, x0: float) -> bool:
    """True if |f'| grows without bound as x → x0 from one side: over steps from 1e-4 to
    1e-14 (relative) towards x0 it rises at every step and a thousandfold in all."""
    steps = np.logspace(-4, -14, 6) * max(1.0, abs(x0))
    for side in (-1.0, 1.0):
        with np.errstate(all="ignore"):
            v = np.abs(np.asarray(df(x0 + side * steps), dtype=float))
        if np.all(np.isfinite(v)) and np.all(np.diff(v) > 0) and v[-1] > 1e3 * v[0]:
            return True
    return False


def analyse(f: Fn, df: Fn, kinks: Iterable[float] = ()) -> Properties:
    """Derive the properties of an activation from its (parameter-bound) f and df.

    A function that is NaN or infinite somewhere (a typed ``sqrt(-x)``, ``1/x``) gets the
    honest partial answer of :func:`_analyse_partial`.  Overflow inside the analysis (a typed
    ``x^723`` squared for E[f²]) gives ∞ or NaN in the result, never a NumPy warning."""
    with np.errstate(all="ignore"):
        return _analyse(_quiet(f), _quiet(df), kinks)


def _analyse(f: Fn, df: Fn, kinks: Iterable[float]) -> Properties:
    kinks = [float(k) for k in kinks if math.isfinite(float(k))]
    dom = _domain.scan(f, kinks)
    if not dom.everywhere:
        return _analyse_partial(f, df, kinks, dom)
    grid = _dense_grid(kinks)
    fv = f(grid)
    dv = df(grid)
    notes: list[str] = []

    # -- output range --------------------------------------------------------------
    lo_lim, lo_reached = _tail_limit(f, df, -1.0)
    hi_lim, hi_reached = _tail_limit(f, df, +1.0)
    finite = np.isfinite(fv)
    gmin, gmax = float(np.min(fv[finite])), float(np.max(fv[finite]))
    uniq = sorted_unique(fv[finite])
    discrete = tuple(float(u) for u in uniq) if uniq.size <= 3 else None

    tol = 1e-12
    tail_lo = min((lo_lim, lo_reached), (hi_lim, hi_reached), key=lambda t: t[0])
    tail_hi = max((lo_lim, lo_reached), (hi_lim, hi_reached), key=lambda t: t[0])
    if math.isinf(tail_lo[0]) and tail_lo[0] < 0:
        range_lo, lo_closed = -math.inf, False
    elif math.isinf(tail_lo[0]) or gmin < tail_lo[0] - tol * max(1.0, abs(tail_lo[0])):
        range_lo, lo_closed = gmin, True       # attained at a finite x below the tails' limits
    else:
        range_lo, lo_closed = tail_lo[0], tail_lo[1]
    if math.isinf(tail_hi[0]) and tail_hi[0] > 0:
        range_hi, hi_closed = math.inf, False
    elif math.isinf(tail_hi[0]) or gmax > tail_hi[0] + tol * max(1.0, abs(tail_hi[0])):
        range_hi, hi_closed = gmax, True
    else:
        range_hi, hi_closed = tail_hi[0], tail_hi[1]

    # -- interior minimum (non-monotonic dips such as SiLU, GELU, Mish) ----------------
    minimum = None
    i = int(np.argmin(np.where(finite, fv, np.inf)))
    if 0 < i < len(grid) - 1 and fv[i] < min(fv[0], fv[-1]) - 1e-9 and not math.isinf(range_lo):
        xm, fm = _golden_min(f, float(grid[i - 1]), float(grid[i + 1]))
        minimum = (xm, fm)
        range_lo = min(range_lo, fm)

    # -- derivative --------------------------------------------------------------------
    attained = True
    adv = np.abs(dv)
    bad_d = ~np.isfinite(adv)
    peak = float(np.max(adv[~bad_d], initial=0.0))
    j = int(np.argmax(np.where(bad_d, -1.0, adv)))
    sat_peak = peak
    if bad_d.any():
        # f' is infinite or undefined somewhere f is finite (sqrt(|x|) at 0): unbounded slope
        xb = _snap(float(grid[np.flatnonzero(bad_d)[0]]))
        peak, at, attained = math.inf, (xb, xb), False
        notes.append(Note("not_finite", {"x": _fmt(xb)}))
    elif 0 < j < len(grid) - 1 and adv[j] > max(adv[j - 1], adv[j + 1]):
        xp, peak_refined = _golden_max(lambda t: np.abs(df(t)), float(grid[j - 1]), float(grid[j + 1]))
        peak = max(peak, peak_refined)
        at = (_snap(xp), _snap(xp))
        d_at = float(df(np.array([at[0]]))[0])
        if abs(abs(d_at) - peak) > 1e-6 * peak and _grows_towards(df, at[0]):
            # |f'| keeps growing as x → at (sqrt(|x|) at 0): the grid's peak is no supremum
            peak, attained = math.inf, False
            notes.append(Note("pole", {"x": _fmt(at[0])}))
        elif abs(abs(d_at) - peak) > 1e-6 * peak:
            attained = False
            eps = 1e-9 * max(1.0, abs(at[0]))
            below, above = np.abs(df(np.array([at[0] - eps, at[0] + eps])))
            side = "⁻" if abs(below - peak) <= abs(above - peak) else "⁺"
            notes.append(Note("supremum", {"m": _fmt(peak), "at": _fmt(at[0]), "side": side,
                                           "f_at": _fmt(d_at)}))
    else:
        on = np.nonzero(adv >= peak * (1 - 1e-12))[0]
        a = float(grid[on[0]])
        b = float(grid[on[-1]])
        a_out = -math.inf if on[0] == 0 else _snap(_edge(a, kinks))
        b_out = math.inf if on[-1] == len(grid) - 1 else _snap(_edge(b, kinks))
        # A plateau reached only after a long, asymptotic approach (softplus switching to x
        # at its threshold) is a limit, not a region.
        near = peak * (1 - 1e-6)
        if on[0] > 0 and math.isinf(b_out) and abs(float(df(np.array([a - 1.0]))[0])) > near:
            a_out = b_out = math.inf
        elif on[-1] < len(grid) - 1 and math.isinf(a_out) and abs(float(df(np.array([b + 1.0]))[0])) > near:
            a_out = b_out = -math.inf
        at = (a_out, b_out) if on.size > 1 else (_snap(a), _snap(a))
    # beyond the grid a derivative could still grow (e.g. x^3): check the tails
    tail_d = np.abs(df(np.concatenate([-_FAR, _FAR])))
    if np.max(tail_d) > peak * (1 + 1e-9):
        peak = float(np.max(tail_d))
        at = (math.inf, math.inf)
        notes.append(Note("slope_grows"))
    if at[0] == at[1] and math.isinf(at[0]):
        attained = False

    if math.isfinite(peak):
        sat_peak = peak
    dv_sat = np.where(bad_d, sat_peak, dv)
    left = _saturation(df, -1.0, grid, dv_sat, sat_peak)
    right = _saturation(df, +1.0, grid, dv_sat, sat_peak)
    can_die = left.kind == "hard" or right.kind == "hard"

    monotonic = bool(np.all(dv >= -1e-15)) or bool(np.all(dv <= 1e-15))
    f0 = float(f(np.zeros(1))[0])
    d0 = float(df(np.zeros(1))[0])

    mom = moments(f, df, 1.0, kinks)
    rms = math.sqrt(max(mom["mean_f2"], 0.0))
    takes_both_signs = gmin < 0 < gmax
    zero_centred = bool(abs(f0) < 1e-12 and takes_both_signs and abs(mom["mean_f"]) <= 0.1 * rms)

    smooth, where = _smoothness(f, df, kinks)
    return Properties(
        range_lo=range_lo, range_hi=range_hi, range_lo_closed=lo_closed, range_hi_closed=hi_closed,
        discrete_values=discrete, zero_centred=zero_centred, f_at_0=f0, monotonic=monotonic,
        smoothness=smooth, kinks=where, left=left, right=right,
        max_abs_df=peak, max_abs_df_at=at, df_at_0=d0, can_die=can_die, minimum=minimum,
        mean_f=mom["mean_f"], mean_f2=mom["mean_f2"], mean_df=mom["mean_df"], mean_df2=mom["mean_df2"],
        notes=tuple(notes), max_abs_df_attained=attained,
    )


def _quiet(fn: Fn) -> Fn:
    """``fn`` evaluated without NumPy warnings (a typed 1/x divides by zero at 0)."""
    def call(x):
        with np.errstate(all="ignore"):
            return np.asarray(fn(x), dtype=np.float64)
    return call


def _analyse_partial(f: Fn, df: Fn, kinks: list[float], dom: _domain.Domain) -> Properties:
    """Properties of a function that is NaN or infinite somewhere.

    What can be said from its finite values is said (range, with ±∞ at a pole, slopes,
    tails that exist); what needs the whole line is false or undefined: not continuous,
    not monotonic, not smooth, not zero-centred, Gaussian moments NaN (z ~ N(0, 1) reaches
    every x, so E[f(z)] needs f everywhere)."""
    nan = math.nan
    x = _domain.scan_points(kinks)
    fv, dv = f(x), df(x)
    fin = np.isfinite(fv)
    notes: list = []   # where f is undefined is its own field (undefined_text)
    if dom.nowhere:
        return Properties(
            range_lo=nan, range_hi=nan, range_lo_closed=False, range_hi_closed=False,
            discrete_values=None, zero_centred=False, f_at_0=float(f(np.zeros(1))[0]),
            monotonic=False, smoothness="undefined", kinks=(),
            left=Saturation("none"), right=Saturation("none"),
            max_abs_df=nan, max_abs_df_at=(nan, nan), df_at_0=float(df(np.zeros(1))[0]),
            can_die=False, minimum=None, mean_f=nan, mean_f2=nan, mean_df=nan, mean_df2=nan,
            notes=tuple(notes), undefined=dom.gaps, poles=dom.poles, max_abs_df_attained=False,
        )
    # -- range: finite samples, a pole's side, a tail that keeps growing ------------------
    lo, hi = float(np.min(fv[fin])), float(np.max(fv[fin]))
    lo_closed = hi_closed = True
    if any(p.sign < 0 for p in dom.poles):
        lo, lo_closed = -math.inf, False
    if any(p.sign > 0 for p in dom.poles):
        hi, hi_closed = math.inf, False
    left_defined = dom.gaps[0].lo > -math.inf
    right_defined = dom.gaps[-1].hi < math.inf
    for sign, defined in ((-1.0, left_defined), (1.0, right_defined)):
        if not defined:
            continue
        lim, reached = _tail_limit(f, df, sign)
        if lim == math.inf:
            hi, hi_closed = math.inf, False
        elif lim == -math.inf:
            lo, lo_closed = -math.inf, False
        else:
            if lim <= lo and not reached:
                lo, lo_closed = lim, False
            if lim >= hi and not reached:
                hi, hi_closed = lim, False
    # -- slopes where f is defined --------------------------------------------------------
    dfin = fin & np.isfinite(dv)
    attained = True
    if dom.poles:
        peak, at, attained = math.inf, (dom.poles[0].at, dom.poles[0].at), False
        notes.append(Note("pole", {"x": _fmt(dom.poles[0].at)}))
    elif np.any(fin & ~np.isfinite(dv)):
        i = int(np.flatnonzero(fin & ~np.isfinite(dv))[0])
        peak, at = math.inf, (_snap(float(x[i])), _snap(float(x[i])))
        attained = False
    elif np.any(dfin):
        ad = np.where(dfin, np.abs(dv), -1.0)
        j = int(np.argmax(ad))
        peak = float(ad[j])
        at = (_snap(float(x[j])), _snap(float(x[j])))
        if j in (0, x.size - 1):
            at = (math.copysign(math.inf, x[j]),) * 2
            attained = False
    else:
        peak, at, attained = nan, (nan, nan), False
    dgrid = np.where(np.isfinite(dv), dv, 0.0)
    sat_peak = peak if math.isfinite(peak) and peak > 0 else 1.0
    left = _saturation(df, -1.0, x, dgrid, sat_peak) if left_defined else Saturation("none")
    right = _saturation(df, +1.0, x, dgrid, sat_peak) if right_defined else Saturation("none")
    if left.kind == "hard" and left.at is None:
        left = Saturation("none")
    if right.kind == "hard" and right.at is None:
        right = Saturation("none")
    uniq = sorted_unique(fv[fin])
    return Properties(
        range_lo=lo, range_hi=hi, range_lo_closed=lo_closed, range_hi_closed=hi_closed,
        discrete_values=tuple(float(u) for u in uniq) if uniq.size <= 3 and not dom.poles else None,
        zero_centred=False, f_at_0=float(f(np.zeros(1))[0]), monotonic=False,
        smoothness="undefined", kinks=(),
        left=left, right=right, max_abs_df=peak, max_abs_df_at=at,
        df_at_0=float(df(np.zeros(1))[0]), can_die=left.kind == "hard" or right.kind == "hard",
        minimum=None, mean_f=nan, mean_f2=nan, mean_df=nan, mean_df2=nan,
        notes=tuple(notes), undefined=dom.gaps, poles=dom.poles, max_abs_df_attained=attained,
    )


def _edge(v: float, kinks: list[float]) -> float:
    for k in kinks:
        if abs(v - k) < 1e-6:
            return k
    return v


def _golden_min(f: Fn, a: float, b: float) -> tuple[float, float]:
    """Minimise f on [a, b] by three rounds of dense sampling (vectorised, ~1e-10 in x)."""
    for _ in range(3):
        t = np.linspace(a, b, 2001)
        v = f(t)
        i = int(np.argmin(v))
        lo, hi = max(i - 1, 0), min(i + 1, len(t) - 1)
        a, b = float(t[lo]), float(t[hi])
    x = 0.5 * (a + b)
    return x, float(f(np.array([x]))[0])


def _golden_max(f: Fn, a: float, b: float) -> tuple[float, float]:
    x, v = _golden_min(lambda t: -f(t), a, b)
    return x, -v


def analyse_activation(act, **params) -> Properties:
    """Properties of a catalogue entry at the given parameters."""
    f, df = act.bind(**params)
    return analyse(f, df, act.kinks(**params))
