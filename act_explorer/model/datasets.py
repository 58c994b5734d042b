"""Two-dimensional classification data sets: generated ones and CSV files.

Every generator is deterministic: the same name, size, noise, test fraction, seed (and, for
"gauss" and "spiral", number of classes) give the same arrays, bit for bit.  Points of all
generators live roughly in [-1.5, 1.5]^2 (moons in about [-1, 2] x [-0.6, 1.1]); ``noise`` is
the standard deviation of Gaussian noise added to each coordinate, in those units.

Labels are integers 0..K-1 (K classes; the network's output layer has K units).

Coordinates are kept raw in the data set, so plots show the data as generated or as typed in
the file.  The network standardises its inputs itself (see :mod:`.network`), so a decision
boundary computed on a grid of raw coordinates lines up with the plotted points.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .csv_rows import number_rows, read_text

__all__ = [
    "GENERATORS",
    "MULTICLASS",
    "MIN_POINTS",
    "MAX_POINTS",
    "MAX_CLASSES",
    "DataError",
    "Dataset",
    "make_dataset",
    "split",
    "load_csv",
    "parse_csv",
]

GENERATORS: tuple[str, ...] = ("moons", "circles", "spiral", "xor", "gauss")
# Generators that take a number of classes (the others are two-class by construction).
MULTICLASS: tuple[str, ...] = ("spiral", "gauss")
MIN_POINTS = 4
MAX_POINTS = 100_000
MAX_CLASSES = 16


class DataError(ValueError):
    """A data set that cannot be built or read; ``str()`` is a sentence for the user."""


class TrainTestSplit:
    """Points split into ``x_train, y_train, x_test, y_test`` (the classification data sets
    here, the Fit view's points in :mod:`.fit_data`): counts and all points together."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_train(self) -> int:
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.x_test.shape[0])

    @property
    def x(self) -> np.ndarray:
        """All points (train first, then test)."""
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y(self) -> np.ndarray:
        return np.concatenate([self.y_train, self.y_test])


@dataclass(frozen=True, eq=False)
class Dataset(TrainTestSplit):
    """A two-class or multi-class 2-D data set, already split into train and test parts.

    ``x_*`` are float64 arrays of shape (n, 2) in raw coordinates; ``y_*`` are int64 labels in
    0..n_classes-1.  ``class_values`` are the labels as they were in a CSV file (for generated
    sets simply 0..K-1).  All arrays are read-only, so a data set can be shared between threads.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    class_values: tuple[int, ...]
    seed: int | None = None
    noise: float | None = None
    source: str | None = None  # the CSV path, or None for a generated set

    def bounds(self, margin: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
        """``(xlim, ylim)`` enclosing every point, widened by ``margin`` of the span on each side."""
        pts = self.x
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = np.maximum(hi - lo, 1e-9)
        lo = lo - margin * span
        hi = hi + margin * span
        return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


# ---- generators ----------------------------------------------------------------------------

def _class_sizes(n: int, k: int) -> list[int]:
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def _moons(n: int, rng: np.random.Generator, _k: int) -> tuple[np.ndarray, np.ndarray]:
    # As sklearn.datasets.make_moons: two interleaving half circles.
    n_out, n_in = _class_sizes(n, 2)
    t_out = np.linspace(0.0, math.pi, n_out)
    t_in = np.linspace(0.0, math.pi, n_in)
    x = np.concatenate([
        np.column_stack([np.cos(t_out), np.sin(t_out)]),
        np.column_stack([1.0 - np.cos(t_in), 0.5 - np.sin(t_in)]),
    ])
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    return x, y


def _circles(n: int, rng: np.random.Generator, _k: int) -> tuple[np.ndarray, np.ndarray]:
    # As sklearn.datasets.make_circles with factor 0.5: class 0 outer ring (radius 1),
    # class 1 inner ring (radius 0.5).
    n_out, n_in = _class_sizes(n, 2)
    t_out = np.linspace(0.0, 2.0 * math.pi, n_out, endpoint=False)
    t_in = np.linspace(0.0, 2.0 * math.pi, n_in, endpoint=False)
    x = np.concatenate([
        np.column_stack([np.cos(t_out), np.sin(t_out)]),
        0.5 * np.column_stack([np.cos(t_in), np.sin(t_in)]),
    ])
    y = np.concatenate([np.zeros(n_out, np.int64), np.ones(n_in, np.int64)])
    return x, y


def _spiral(n: int, rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    # As TensorFlow Playground's spiral, with k arms: radius grows linearly to 1 over
    # 1.75 turns; arm c is rotated by 2*pi*c/k.
    xs, ys = [], []
    for c, m in enumerate(_class_sizes(n, k)):
        i = np.arange(m, dtype=np.float64)
        r = i / max(m, 1)
        t = 1.75 * 2.0 * math.pi * r + 2.0 * math.pi * c / k
        xs.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        ys.append(np.full(m, c, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def _xor(n: int, rng: np.random.Generator, _k: int) -> tuple[np.ndarray, np.ndarray]:
    # Uniform in the four quadrants of [-1, 1]^2 with a gap of 0.1 around the axes (as the
    # Playground pads its XOR data); class 0 where x*y > 0, class 1 where x*y < 0.
    xs, ys = [], []
    for c, m in enumerate(_class_sizes(n, 2)):
        mag = rng.uniform(0.1, 1.0, size=(m, 2))
        sx = np.where(rng.random(m) < 0.5, -1.0, 1.0)
        sy = sx if c == 0 else -sx
        xs.append(mag * np.column_stack([sx, sy]))
        ys.append(np.full(m, c, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def _gauss(n: int, rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    # k Gaussian blobs of standard deviation 0.3 with centres on the unit circle at angles
    # pi/4 + 2*pi*c/k (two blobs: (0.71, 0.71) and (-0.71, -0.71)).  Noise adds to the spread.
    xs, ys = [], []
    for c, m in enumerate(_class_sizes(n, k)):
        ang = math.pi / 4.0 + 2.0 * math.pi * c / k
        centre = np.array([math.cos(ang), math.sin(ang)])
        xs.append(centre + 0.3 * rng.standard_normal((m, 2)))
        ys.append(np.full(m, c, np.int64))
    return np.concatenate(xs), np.concatenate(ys)


_GEN = {"moons": _moons, "circles": _circles, "spiral": _spiral, "xor": _xor, "gauss": _gauss}


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


def _n_test(n: int, test_fraction: float) -> int:
    if not 0.0 <= test_fraction < 1.0 or not math.isfinite(test_fraction):
        raise DataError(f"the test fraction must be in [0, 1), got {test_fraction:g}")
    if test_fraction == 0.0:
        return 0
    n_test = max(1, int(round(n * test_fraction)))
    if n - n_test < 2:
        raise DataError(
            f"a test fraction of {test_fraction:g} leaves {n - n_test} training point(s) of {n}; "
            "at least 2 are needed")
    return n_test


def split(x: np.ndarray, y: np.ndarray, test_fraction: float, seed: int,
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle with ``seed`` and split into ``(x_train, y_train, x_test, y_test)``.

    The test part is ``round(n * test_fraction)`` points (at least one when the fraction is
    positive); the order within each part is the shuffled order.
    """
    n = len(x)
    n_test = _n_test(n, test_fraction)
    perm = np.random.default_rng(np.random.SeedSequence([int(seed), 1])).permutation(n)
    tr, te = perm[n_test:], perm[:n_test]
    return x[tr], y[tr], x[te], y[te]


def make_dataset(name: str = "moons", n_points: int = 500, noise: float = 0.1,
                 test_fraction: float = 0.2, seed: int = 0, n_classes: int | None = None,
                 ) -> Dataset:
    """Generate one of :data:`GENERATORS` deterministically from ``seed``.

    ``n_classes`` is for "gauss" and "spiral" (2..MAX_CLASSES, default 2); the others are
    two-class and accept only None or 2.
    """
    key = str(name).strip().lower()
    if key not in _GEN:
        raise DataError(f"unknown data set {name!r}; use one of {', '.join(GENERATORS)}")
    n_points = int(n_points)
    if not MIN_POINTS <= n_points <= MAX_POINTS:
        raise DataError(f"the number of points must be between {MIN_POINTS} and {MAX_POINTS}, got {n_points}")
    noise = float(noise)
    if not (math.isfinite(noise) and noise >= 0.0):
        raise DataError(f"the noise must be a finite number >= 0, got {noise:g}")
    k = 2 if n_classes is None else int(n_classes)
    if key not in MULTICLASS and k != 2:
        raise DataError(f"the {key} data set has 2 classes; only {', '.join(MULTICLASS)} take another number")
    if not 2 <= k <= MAX_CLASSES:
        raise DataError(f"the number of classes must be between 2 and {MAX_CLASSES}, got {k}")
    if n_points < 2 * k:
        raise DataError(f"{n_points} points are too few for {k} classes (need at least {2 * k})")
    seed = int(seed)
    if seed < 0:
        raise DataError(f"the seed must be >= 0, got {seed}")
    _n_test(n_points, test_fraction)  # validate before generating
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0]))
    x, y = _GEN[key](n_points, rng, k)
    if noise > 0.0:
        x = x + noise * rng.standard_normal(x.shape)
    x = np.asarray(x, dtype=np.float64)
    x_tr, y_tr, x_te, y_te = split(x, y, test_fraction, seed)
    return Dataset(key, _readonly(x_tr), _readonly(y_tr), _readonly(x_te), _readonly(y_te),
                   k, tuple(range(k)), seed=seed, noise=noise)


# ---- CSV -----------------------------------------------------------------------------------

def parse_csv(text: str, source: str = "<data>") -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """Parse ``x1,x2,label`` rows; return ``(x, labels 0..K-1, original class values)``.

    A first line whose fields are not all numbers is a header and is skipped.  Blank lines and
    lines starting with ``#`` are skipped.  Labels must be whole numbers (``1`` or ``1.0``; any
    integers, e.g. -1/1 or 1/2/3): the distinct values, sorted, become classes 0..K-1.
    Errors raise :class:`DataError` naming ``source`` and the line.
    """
    rows: list[tuple[float, float]] = []
    labels: list[int] = []
    for where, fields, nums in number_rows(text, source, ("x1", "x2", "label"), DataError):
        lab = nums[2]
        if lab != int(lab) or abs(lab) > 2**53:
            raise DataError(f"{where}: the label must be a whole number (a class), got {fields[2]!r}")
        rows.append((nums[0], nums[1]))  # type: ignore[arg-type]
        labels.append(int(lab))  # type: ignore[arg-type]
    if len(rows) < MIN_POINTS:
        raise DataError(f"{source}: too few rows: {len(rows)} data row(s), at least {MIN_POINTS} are needed")
    values = sorted(set(labels))
    if len(values) < 2:
        raise DataError(f"{source}: fewer than 2 classes: every row has label {values[0]}")
    if len(values) > MAX_CLASSES:
        raise DataError(f"{source}: too many classes: {len(values)} distinct labels, at most {MAX_CLASSES}")
    index = {v: i for i, v in enumerate(values)}
    x = np.array(rows, dtype=np.float64)
    y = np.array([index[v] for v in labels], dtype=np.int64)
    return x, y, tuple(values)


def load_csv(path: str | os.PathLike, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """Read a CSV file of ``x1,x2,label`` rows (see :func:`parse_csv`) and split it."""
    p = Path(path)
    shown = str(path)
    text = read_text(p, DataError)
    x, y, values = parse_csv(text, shown)
    try:
        x_tr, y_tr, x_te, y_te = split(x, y, test_fraction, seed)
    except DataError as exc:
        raise DataError(f"{shown}: {exc}") from None
    return Dataset(p.stem or "data", _readonly(x_tr), _readonly(y_tr), _readonly(x_te), _readonly(y_te),
                   len(values), values, seed=int(seed), source=shown)
