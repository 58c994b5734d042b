"""What the Fit view fits: targets of one or two inputs, and x,y points from a CSV file.

Named targets (:data:`TARGETS`: sin, |x|, step, x², x³, sawtooth, Gaussian bump), a typed f(x)
through the safe parser of :mod:`.expression`, targets over the plane (:data:`TARGETS_2D` and a
typed f(x1, x2)), or the user's CSV of ``x,y`` rows; sampled over a range with optional
Gaussian noise and split into training and test points, deterministically from a seed.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .csv_rows import number_rows, read_text
from .datasets import TrainTestSplit
from .tables import format_number

__all__ = [
    "TARGETS",
    "TARGET_LABELS",
    "TARGETS_2D",
    "MIN_POINTS",
    "MAX_POINTS",
    "EXTEND",
    "FitError",
    "FitData",
    "target_function",
    "default_range",
    "make_data",
    "make_data_2d",
    "expression_target",
    "expression_target_2d",
    "parse_xy_csv",
    "load_xy_csv",
]

# Named targets of one input: f(x) for raw x.
TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sin": np.sin,
    "abs": np.abs,
    # Heaviside step, 1 at x >= 0 (as the catalogue's "step" activation).
    "step": lambda x: (x >= 0.0).astype(np.float64),
    "square": np.square,
    "cube": lambda x: x * x * x,
    # Sawtooth of period 1 rising from -0.5 to 0.5, jumping down at every whole number.
    "saw": lambda x: x - np.floor(x) - 0.5,
    # Gaussian bump of height 1 and standard deviation 0.5.
    "bump": lambda x: np.exp(-2.0 * x * x),
}
TARGET_LABELS = {
    "sin": "sin(x)", "abs": "|x|", "step": "step(x)", "square": "x²", "cube": "x³",
    "saw": "sawtooth(x)", "bump": "exp(-2x²)",
}


def _plane(x: np.ndarray) -> np.ndarray:
    return 0.5 * (x[:, 0] + x[:, 1])


def _multi_gauss(x: np.ndarray, half: float = 1.0) -> np.ndarray:
    # Four Gaussian bumps at (±half/2, ±half/2) of standard deviation half/4, signed +, -, -, +
    # (a checkerboard of hills and valleys), in the coordinates of the data square.
    s = half / 4.0
    out = np.zeros(len(x))
    for cx, cy, sign in ((1, 1, 1.0), (-1, 1, -1.0), (1, -1, -1.0), (-1, -1, 1.0)):
        d2 = (x[:, 0] - cx * half / 2.0) ** 2 + (x[:, 1] - cy * half / 2.0) ** 2
        out += sign * np.exp(-d2 / (2.0 * s * s))
    return out


TARGETS_2D: tuple[str, ...] = ("plane", "multi_gauss")
MIN_POINTS = 4
MAX_POINTS = 100_000
MAX_NOISE = 100.0
MAX_RANGE = 1e6
# The view (and the CLI's CSV grid) extends this fraction of the data range beyond each side.
EXTEND = 0.5


class FitError(ValueError):
    """A fitting option or data file that is not allowed; ``str()`` is a sentence for the user."""


# ---- data ---------------------------------------------------------------------------------

def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=np.float64)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class FitData(TrainTestSplit):
    """Regression points split into training and test parts (raw coordinates, float64).

    ``x_*`` have shape (n, dim), ``y_*`` shape (n,).  ``bounds`` is the data range of each
    input; ``target`` the noise-free function of raw inputs of shape (n, dim), or None for
    points read from a file.  Arrays are read-only, so the data can be shared between threads.
    """

    name: str
    label: str
    dim: int
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    bounds: tuple[tuple[float, float], ...]
    target: Callable[[np.ndarray], np.ndarray] | None = None
    noise: float = 0.0
    seed: int = 0
    source: str | None = None

    def view_range(self, extend: float = EXTEND) -> tuple[tuple[float, float], ...]:
        """Each input's data range widened by ``extend`` of its span on each side."""
        out = []
        for lo, hi in self.bounds:
            span = hi - lo if hi > lo else 1.0
            out.append((lo - extend * span, hi + extend * span))
        return tuple(out)

    def target_values(self, x) -> np.ndarray | None:
        """The noise-free target at raw inputs ``x`` (shape (n,) or (n, dim)); None from a file."""
        if self.target is None:
            return None
        x = np.asarray(x, dtype=np.float64).reshape(-1, self.dim)
        with np.errstate(all="ignore"):
            return np.asarray(self.target(x), dtype=np.float64).reshape(-1)


def default_range(target: str) -> tuple[float, float]:
    return (-math.pi, math.pi) if target == "sin" else (-2.0, 2.0)


def target_function(name: str) -> Callable[[np.ndarray], np.ndarray]:
    """f(x) of one of :data:`TARGETS` for raw x of shape (n,)."""
    key = str(name).strip().lower()
    if key not in TARGETS:
        raise FitError(f"unknown target {name!r}; use one of {', '.join(TARGETS)} (or a typed expression)")
    return TARGETS[key]


def expression_target(text: str) -> Callable[[np.ndarray], np.ndarray]:
    """A typed f(x) as a target (the safe parser of :mod:`.expression`).

    Only ``x`` may vary: a free parameter name is refused, so the target is one function.
    """
    from . import expression  # noqa: PLC0415

    expr = expression.parse(text)
    if expr.params:
        raise FitError(f"the target {text.strip()!r} uses {', '.join(repr(p) for p in expr.params)}; "
                       "a target may only use x (write numbers for the rest)")
    f, _ = expr.bind()
    return f


def expression_target_2d(text: str) -> Callable[[np.ndarray], np.ndarray]:
    """A typed f(x1, x2) as a target over the plane.

    The parser knows one variable, x, and treats other names as parameters; its compiled
    program evaluates element-wise, so the names ``x1`` and ``x2`` are bound to the two input
    columns as parameter arrays.  ``x`` itself and any other name are refused.
    """
    from . import expression  # noqa: PLC0415

    expr = expression.parse(text)
    used = set(expr.params)
    if expr.tree.has_x:
        raise FitError(f"a target over the plane uses x1 and x2, not x: {text.strip()!r}")
    extra = sorted(used - {"x1", "x2"})
    if extra:
        raise FitError(f"the target {text.strip()!r} uses {', '.join(repr(p) for p in extra)}; "
                       "a target over the plane may only use x1 and x2")
    for n in expr.tree.walk():
        if n.op == "cat" and len(n.args) > 1 and any(a.has_param for a in n.args[1:]):
            raise FitError(f"in {text.strip()!r}, the parameters of {n.value}(...) must be numbers, "
                           "not x1 or x2")

    def f(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64).reshape(-1, 2)
        cols = {"x1": x[:, 0].copy(), "x2": x[:, 1].copy()}
        return expr._f(np.zeros(len(x)), {k: cols[k] for k in expr.params})

    return f


def _check_common(points: int, noise: float, test_fraction: float, seed: int) -> None:
    if int(points) != points or not MIN_POINTS <= int(points) <= MAX_POINTS:
        raise FitError(f"the number of points must be between {MIN_POINTS} and {MAX_POINTS}, got {points}")
    if not (math.isfinite(noise) and 0.0 <= noise <= MAX_NOISE):
        raise FitError(f"the noise must be between 0 and {MAX_NOISE:g}, got {noise:g}")
    if not (math.isfinite(test_fraction) and 0.0 <= test_fraction <= 0.9):
        raise FitError(f"the test fraction must be in [0, 0.9], got {test_fraction:g}")
    if int(seed) != seed or seed < 0:
        raise FitError(f"the seed must be a whole number >= 0, got {seed}")


def _check_range(r: Sequence[float]) -> tuple[float, float]:
    lo, hi = (float(v) for v in r)
    if not (math.isfinite(lo) and math.isfinite(hi)) or abs(lo) > MAX_RANGE or abs(hi) > MAX_RANGE:
        raise FitError(f"the range must be finite numbers within ±{MAX_RANGE:g}, got {lo:g} {hi:g}")
    if not lo < hi:
        raise FitError(f"the range must satisfy A < B, got {lo:g} {hi:g}")
    return lo, hi


def _split(n: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train, test)``: round(n * fraction) test points (≥ 1 if the fraction > 0)."""
    n_test = 0 if test_fraction == 0.0 else max(1, int(round(n * test_fraction)))
    if n - n_test < 2:
        raise FitError(f"a test fraction of {test_fraction:g} leaves {n - n_test} training point(s) "
                       f"of {n}; at least 2 are needed")
    perm = np.random.default_rng(np.random.SeedSequence([int(seed), 1])).permutation(n)
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def _finish(name: str, label: str, x: np.ndarray, y: np.ndarray, test_fraction: float, seed: int,
            bounds, target, noise: float, source: str | None = None) -> FitData:
    if not np.all(np.isfinite(y)):
        bad = x[~np.isfinite(y)][0]
        where = ", ".join(format_number(v) for v in np.atleast_1d(bad))
        raise FitError(f"the target {label} is not finite at x = {where}")
    tr, te = _split(len(x), test_fraction, seed)
    return FitData(name, label, x.shape[1], _readonly(x[tr]), _readonly(y[tr]), _readonly(x[te]),
                   _readonly(y[te]), tuple(bounds), target, float(noise), int(seed), source)


def make_data(target: str | None = "sin", *, expr: str | None = None,
              x_range: Sequence[float] | None = None, points: int = 200, noise: float = 0.0,
              test_fraction: float = 0.2, seed: int = 0) -> FitData:
    """Sample a 1-D target at ``points`` evenly spaced x over ``x_range`` and split them.

    ``target`` names one of :data:`TARGETS`; ``expr`` (instead) is a typed f(x).  Gaussian
    noise of standard deviation ``noise`` is added to y (drawn from ``seed``); the test points
    are a random ``test_fraction`` of them (also from ``seed``).
    """
    _check_common(points, noise, test_fraction, seed)
    if expr is not None:
        f = expression_target(expr)
        name, label = "expr", expr.strip()
    else:
        f = target_function(target or "sin")
        name = str(target).strip().lower()
        label = TARGET_LABELS[name]
    lo, hi = _check_range(x_range if x_range is not None else default_range(name))
    x = np.linspace(lo, hi, int(points))
    with np.errstate(all="ignore"):
        y = np.asarray(f(x), dtype=np.float64) * np.ones_like(x)
    if noise > 0.0:
        y = y + noise * np.random.default_rng(np.random.SeedSequence([int(seed), 0])).standard_normal(len(x))
    return _finish(name, label, x[:, None], y, test_fraction, seed, [(lo, hi)],
                   lambda xx, f=f: np.asarray(f(xx[:, 0]), dtype=np.float64) * np.ones(len(xx)), noise)


def make_data_2d(target: str | None = "plane", *, expr: str | None = None,
                 x_range: Sequence[float] | None = None, points: int = 400, noise: float = 0.0,
                 test_fraction: float = 0.2, seed: int = 0) -> FitData:
    """Sample a target over the square ``x_range`` x ``x_range`` at ``points`` uniform random points.

    ``target`` is "plane" (y = (x1 + x2) / 2) or "multi_gauss" (four Gaussian hills and
    valleys in a checkerboard); ``expr`` (instead) is a typed f(x1, x2).
    """
    _check_common(points, noise, test_fraction, seed)
    lo, hi = _check_range(x_range if x_range is not None else (-2.0, 2.0))
    if expr is not None:
        f = expression_target_2d(expr)
        name, label = "expr", expr.strip()
    else:
        name = str(target).strip().lower()
        if name == "plane":
            f, label = _plane, "(x1 + x2)/2"
        elif name == "multi_gauss":
            centre, half = (lo + hi) / 2.0, (hi - lo) / 2.0

            def f(x, centre=centre, half=half):
                return _multi_gauss(x - centre, half)
            label = "multi-Gaussian"
        else:
            raise FitError(f"unknown target over the plane {target!r}; use one of {', '.join(TARGETS_2D)} "
                           "(or a typed f(x1, x2))")
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0]))
    x = rng.uniform(lo, hi, size=(int(points), 2))
    with np.errstate(all="ignore"):
        y = np.asarray(f(x), dtype=np.float64) * np.ones(len(x))
    if noise > 0.0:
        y = y + noise * rng.standard_normal(len(x))
    return _finish(name, label, x, y, test_fraction, seed, [(lo, hi), (lo, hi)], f, noise)


def parse_xy_csv(text: str, source: str = "<data>") -> tuple[np.ndarray, np.ndarray]:
    """Parse ``x,y`` rows into two float64 arrays.

    A first line whose fields are not all numbers is a header and is skipped; blank lines and
    lines starting with ``#`` are skipped.  Errors raise :class:`FitError` naming ``source``
    and the line, as the classification data's CSV reader does.
    """
    xs: list[float] = []
    ys: list[float] = []
    for _where, _fields, nums in number_rows(text, source, ("x", "y"), FitError):
        xs.append(nums[0])  # type: ignore[arg-type]
        ys.append(nums[1])  # type: ignore[arg-type]
    if len(xs) < MIN_POINTS:
        raise FitError(f"{source}: too few rows: {len(xs)} data row(s), at least {MIN_POINTS} are needed")
    if len(xs) > MAX_POINTS:
        raise FitError(f"{source}: too many rows: {len(xs)}, at most {MAX_POINTS}")
    x = np.array(xs, dtype=np.float64)
    if x.min() == x.max():
        raise FitError(f"{source}: every row has x = {format_number(x[0])}; the points need a range of x")
    return x, np.array(ys, dtype=np.float64)


def load_xy_csv(path: str | os.PathLike, test_fraction: float = 0.2, seed: int = 0) -> FitData:
    """Read a CSV file of ``x,y`` rows (see :func:`parse_xy_csv`) and split it."""
    _check_common(MIN_POINTS, 0.0, test_fraction, seed)
    p = Path(path)
    shown = str(path)
    text = read_text(p, FitError)
    x, y = parse_xy_csv(text, shown)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    try:
        return _finish(p.stem or "data", p.name, x[:, None], y, test_fraction, seed,
                       [(float(x[0]), float(x[-1]))], None, 0.0, shown)
    except FitError as exc:
        raise FitError(f"{shown}: {exc}") from None
