"""Regression: a small network fits a function of one (or two) inputs, in NumPy float64.

This is the model under the Fit view: a target (a named function, a typed expression or the
user's CSV of x,y rows), sampled with optional Gaussian noise and split into training and test
points; a :class:`~.network.Network` with a linear output head (one output, no softmax) trained
on the mean squared error with the same optimisers as the classification trainer; and a
history of the loss, the test loss and the dead units per epoch.

Definitions (what the numbers mean):

* ``loss`` / ``test_loss``: mean over the points of (prediction - y)^2 on the training / test
  points (the L2 term is not included); NaN without test points.
* ``dead``: hidden units whose f'(z) = 0 for every training input, counted exactly as the
  Training view counts them (:meth:`Network.derivative_peaks`); ``saturated``: not dead, but
  |f'(z)| < 1% of max|f'| for every training input.
* Inputs are standardised inside the network with the training inputs' mean and standard
  deviation (as in the Training view); every public function takes raw coordinates.  The
  targets y are used as they are.

The piece-by-piece analysis of a fitted one-hidden-layer network lives in :mod:`.pieces`; the
lessons built on it in :mod:`.fit_presets`.

:class:`FitTrainer` can be driven one step or epoch at a time (``step(n)``), run with
``progress`` / ``should_stop`` / ``on_epoch`` callbacks (``run``) and read from another thread
(``snapshot``), like :class:`~.training.Trainer`; :func:`train_fit` is the plain function a
worker wraps.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from . import catalogue
from .catalogue import Activation
from .network import DTYPES, LayerSpec, Network, NetworkError
from .tables import format_number
from .training import LR_MAX, LR_MIN, OPTIMIZERS, Optimizer, blas_threads

__all__ = [
    "TARGETS",
    "TARGETS_2D",
    "FIT_INITS",
    "MAX_FIT_LAYERS",
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
    "FitConfig",
    "FitRecord",
    "FitDivergence",
    "FitSnapshot",
    "FitTrainer",
    "train_fit",
    "predict",
    "mse",
    "view_grid",
    "fit_history_csv",
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
FIT_INITS: tuple[str, ...] = ("he", "xavier", "lecun", "gaussian", "uniform")
MAX_FIT_LAYERS = 3
MAX_FIT_UNITS = 256
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
class FitData:
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

    @property
    def n_train(self) -> int:
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.x_test.shape[0])

    @property
    def x(self) -> np.ndarray:
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y(self) -> np.ndarray:
        return np.concatenate([self.y_train, self.y_test])

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


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_xy_csv(text: str, source: str = "<data>") -> tuple[np.ndarray, np.ndarray]:
    """Parse ``x,y`` rows into two float64 arrays.

    A first line whose fields are not all numbers is a header and is skipped; blank lines and
    lines starting with ``#`` are skipped.  Errors raise :class:`FitError` naming ``source``
    and the line, as the classification data's CSV reader does.
    """
    xs: list[float] = []
    ys: list[float] = []
    seen_data = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        nums = [_number(f) for f in fields]
        if not seen_data and all(v is None for v in nums):
            seen_data = True  # a header: only the first non-blank line may be one
            continue
        seen_data = True
        where = f"{source} line {lineno}"
        if len(fields) != 2:
            raise FitError(f"{where}: expected 2 columns (x,y), found {len(fields)}")
        for name, f, v in zip(("x", "y"), fields, nums):
            if v is None:
                shown = f if len(f) <= 30 else f[:27] + "..."
                raise FitError(f"{where}: {name} is not a number: {shown!r}")
            if not math.isfinite(v):
                raise FitError(f"{where}: {name} is not finite: {f!r}")
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
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise FitError(f"cannot read {shown}: no such file") from None
    except IsADirectoryError:
        raise FitError(f"cannot read {shown}: it is a folder") from None
    except PermissionError:
        raise FitError(f"cannot read {shown}: permission denied") from None
    except OSError as exc:
        raise FitError(f"cannot read {shown}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        lineno = raw.count(b"\n", 0, exc.start) + 1
        raise FitError(f"{shown} line {lineno}: not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    x, y = parse_xy_csv(text, shown)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    try:
        return _finish(p.stem or "data", p.name, x[:, None], y, test_fraction, seed,
                       [(float(x[0]), float(x[-1]))], None, 0.0, shown)
    except FitError as exc:
        raise FitError(f"{shown}: {exc}") from None


# ---- configuration ------------------------------------------------------------------------

@dataclass(frozen=True)
class FitConfig:
    """The network and its training (everything but the data).

    ``activation`` is a catalogue id or an :class:`~.catalogue.Activation` (a typed function),
    the same for every hidden layer, with ``params``.  ``init``: "he", "xavier", "lecun" and
    "uniform" as in the Training view, or "gaussian": every weight N(0, init_std^2).  Biases
    start at 0.  ``batch_size`` 0 means full batch (one step per epoch).  ``l2`` is coupled
    weight decay on the weights (PyTorch's ``weight_decay``).
    """

    hidden: tuple[int, ...] = (16,)
    activation: str | Activation = "tanh"
    params: Mapping[str, float] = field(default_factory=dict)
    init: str = "he"
    init_std: float = 1.0
    optimizer: str = "adam"
    lr: float = 0.01
    batch_size: int = 0
    l2: float = 0.0
    momentum: float = 0.9
    seed: int = 0
    standardize: bool = True
    dtype: str = "float64"

    @property
    def activation_id(self) -> str:
        return self.activation if isinstance(self.activation, str) else self.activation.id

    def entry(self) -> Activation:
        return catalogue.get(self.activation) if isinstance(self.activation, str) else self.activation

    def validate(self) -> "FitConfig":
        hidden = tuple(self.hidden)
        if not 1 <= len(hidden) <= MAX_FIT_LAYERS:
            raise FitError(f"the network needs 1 to {MAX_FIT_LAYERS} hidden layers, got {len(hidden)}")
        for i, h in enumerate(hidden, start=1):
            if int(h) != h or not 1 <= int(h) <= MAX_FIT_UNITS:
                raise FitError(f"hidden layer {i} must have 1 to {MAX_FIT_UNITS} units, got {h}")
        self.entry().resolve(self.params)
        if self.init not in FIT_INITS:
            raise FitError(f"unknown init {self.init!r}; use one of {', '.join(FIT_INITS)}")
        if not (math.isfinite(self.init_std) and 0.0 < self.init_std <= 10.0):
            raise FitError(f"the init standard deviation must be in (0, 10], got {self.init_std:g}")
        if self.optimizer not in OPTIMIZERS:
            raise FitError(f"unknown optimizer {self.optimizer!r}; use one of {', '.join(OPTIMIZERS)}")
        if not (math.isfinite(self.lr) and LR_MIN <= self.lr <= LR_MAX):
            raise FitError(f"the learning rate must be between {LR_MIN:g} and {LR_MAX:g}, got {self.lr:g}")
        if int(self.batch_size) != self.batch_size or not 0 <= self.batch_size <= MAX_POINTS:
            raise FitError(f"the batch size must be 0 (full batch) to {MAX_POINTS}, got {self.batch_size}")
        if not (math.isfinite(self.l2) and 0.0 <= self.l2 <= 1.0):
            raise FitError(f"L2 must be between 0 and 1, got {self.l2:g}")
        if not (math.isfinite(self.momentum) and 0.0 <= self.momentum < 1.0):
            raise FitError(f"momentum must be in [0, 1), got {self.momentum:g}")
        if int(self.seed) != self.seed or self.seed < 0:
            raise FitError(f"the seed must be a whole number >= 0, got {self.seed}")
        if self.dtype not in DTYPES:
            raise FitError(f"dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")
        return self

    def build(self, n_inputs: int = 1) -> Network:
        """An untrained network for this config (weights drawn in :class:`FitTrainer`)."""
        specs = [LayerSpec(int(h), self.entry(), dict(self.params)) for h in self.hidden]  # type: ignore[arg-type]
        try:
            return Network(specs, n_inputs=n_inputs, n_classes=1, dtype=self.dtype, head="linear")
        except NetworkError as exc:
            raise FitError(str(exc)) from None


# ---- records ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FitRecord:
    """One epoch: losses (MSE, see the module docstring) and unit counts after it."""

    epoch: int
    steps: int
    loss: float
    test_loss: float
    dead: int
    saturated: int
    dead_per_layer: tuple[int, ...]


@dataclass(frozen=True)
class FitDivergence:
    epoch: int
    restored_epoch: int
    reason: str

    @property
    def message(self) -> str:
        return (f"training diverged in epoch {self.epoch} ({self.reason}); "
                f"kept the network from epoch {self.restored_epoch}")

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, eq=False)
class FitSnapshot:
    """A private copy of a fit's state, safe to read from any thread."""

    config: FitConfig
    epoch: int
    steps: int
    network: Network
    history: tuple[FitRecord, ...]
    dead: tuple[np.ndarray, ...]
    saturated: tuple[np.ndarray, ...]
    divergence: FitDivergence | None

    @property
    def last(self) -> FitRecord:
        return self.history[-1]


def fit_history_csv(records: Sequence[FitRecord]) -> str:
    """CSV text ``epoch,loss,test_loss,dead`` (floats as the shortest exact text; no test: empty)."""
    lines = ["epoch,loss,test_loss,dead"]
    for r in records:
        lines.append(f"{r.epoch},{format_number(r.loss)},{format_number(r.test_loss)},{r.dead}")
    return "\n".join(lines) + "\n"


# ---- evaluation helpers -------------------------------------------------------------------

def predict(net: Network, x) -> np.ndarray:
    """The network's output at raw inputs ``x`` (shape (n,) for one input, or (n, d)), float64."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    return np.asarray(net.logits(x), dtype=np.float64)[:, 0]


def mse(net: Network, x, y) -> float:
    y = np.asarray(y, dtype=np.float64)
    if y.size == 0:
        return float("nan")
    with np.errstate(all="ignore"):
        r = predict(net, x) - y
        return float(np.mean(r * r))


def view_grid(data: FitData, n: int = 601, extend: float = EXTEND) -> np.ndarray:
    """x values (1-D data) over the data range widened by ``extend`` of it on each side."""
    (lo, hi), = data.view_range(extend)[:1]
    return np.linspace(lo, hi, int(n))


# ---- the trainer --------------------------------------------------------------------------

def _initialize(net: Network, cfg: FitConfig, rng: np.random.Generator) -> None:
    if cfg.init == "gaussian":
        for W, b in zip(net.W, net.b):
            W[...] = rng.standard_normal(W.shape) * cfg.init_std
            b[...] = 0.0  # (PReLU slopes keep the value the constructor gave them)
    else:
        net.initialize(cfg.init, rng)


class FitTrainer:
    """A regression session: network, optimiser, data and history (epoch 0 = untrained).

    :meth:`step` takes minibatch steps (with full batch one step is one epoch), :meth:`run`
    trains whole epochs with callbacks, :meth:`reset` starts again.  Methods take a lock, so a
    view may call :meth:`snapshot` while a worker trains.  The same data and config give the
    same history bit for bit however the work is split into calls.
    """

    CHUNK = 64

    def __init__(self, data: FitData, config: FitConfig | None = None):
        self._lock = threading.RLock()
        self.data = data
        self._generation = 0
        self.reset(config or FitConfig())

    def reset(self, config: FitConfig | None = None) -> None:
        with self._lock:
            cfg = (config if config is not None else self.config).validate()
            d = self.data
            net = cfg.build(d.dim)
            s_init, s_shuffle, s_noise = np.random.SeedSequence(int(cfg.seed)).spawn(3)
            _initialize(net, cfg, np.random.default_rng(s_init))
            if cfg.standardize:
                net.fit_input_scaling(d.x_train)
            self.config = cfg
            self.network = net
            self._generation += 1
            self._shuffle_rng = np.random.default_rng(s_shuffle)
            self._noise_rng = np.random.default_rng(s_noise)
            self.optimizer = Optimizer(cfg.optimizer, cfg.lr, net.n_params, net.dtype, net.weight_mask,
                                       l2=cfg.l2, momentum=cfg.momentum)
            self._xa_train = self._with_ones(net, d.x_train)
            self._Y_train = np.asarray(d.y_train, dtype=net.dtype).reshape(-1, 1).copy()
            self._xa_test = self._with_ones(net, d.x_test) if d.n_test else None
            self._Y_test = np.asarray(d.y_test, dtype=np.float64).reshape(-1, 1)
            n = d.n_train
            self._batch = n if cfg.batch_size in (0, None) else min(int(cfg.batch_size), n)
            self._xa_epoch = np.empty_like(self._xa_train)
            self._Y_epoch = np.empty_like(self._Y_train)
            self._workspaces: dict[int, object] = {}
            self._cursor = 0
            self.epoch = 0
            self.steps = 0
            self.divergence: FitDivergence | None = None
            self.history: list[FitRecord] = []
            with np.errstate(all="ignore"), blas_threads(1):
                rec, masks, ok = self._evaluate()
            if not ok:
                raise FitError("the initial network does not give a finite loss")
            self._record(rec, masks)

    @staticmethod
    def _with_ones(net: Network, x: np.ndarray) -> np.ndarray:
        xs = net.standardize(x)
        xa = np.ones((xs.shape[0], xs.shape[1] + 1), dtype=net.dtype)
        xa[:, :-1] = xs
        return xa

    def _workspace(self, rows: int):
        ws = self._workspaces.get(rows)
        if ws is None:
            ws = self._workspaces[rows] = self.network.workspace(rows)
        return ws

    @property
    def batches_per_epoch(self) -> int:
        return -(-self.data.n_train // self._batch)

    def set_learning_rate(self, lr: float) -> None:
        with self._lock:
            self.config = replace(self.config, lr=float(lr)).validate()
            self.optimizer.lr = self.config.lr

    # -- training ---------------------------------------------------------------------------
    def step(self, n: int = 1) -> list[FitRecord]:
        """Take up to ``n`` minibatch steps; return the records of epochs completed meanwhile."""
        out: list[FitRecord] = []
        with self._lock, np.errstate(all="ignore"), blas_threads(1):
            net, opt = self.network, self.optimizer
            n_train, B = self.data.n_train, self._batch
            for _ in range(int(n)):
                if self.divergence is not None:
                    break
                start = self._cursor
                if B >= n_train:
                    xb, Yb = self._xa_train, self._Y_train
                else:
                    if start == 0:
                        perm = self._shuffle_rng.permutation(n_train)
                        np.take(self._xa_train, perm, axis=0, out=self._xa_epoch)
                        np.take(self._Y_train, perm, axis=0, out=self._Y_epoch)
                    xb = self._xa_epoch[start:start + B]
                    Yb = self._Y_epoch[start:start + B]
                grad = net.mse_gradient(self._workspace(len(xb)), xb, Yb, self._noise_rng)
                opt.step(net.params, grad)
                self.steps += 1
                self._cursor = start + B
                if self._cursor >= n_train:
                    self._cursor = 0
                    rec = self._end_epoch()
                    if rec is not None:
                        out.append(rec)
        return out

    def run(self, epochs: int, *, progress: Callable[[float], None] | None = None,
            should_stop: Callable[[], bool] | None = None,
            on_epoch: Callable[[FitRecord], None] | None = None) -> list[FitRecord]:
        """Train ``epochs`` more epochs (fewer if stopped, reset or diverged); return their records.

        ``progress(percent)`` and ``on_epoch(record)`` are called after every epoch;
        ``should_stop()`` is polled every few steps.
        """
        with self._lock:
            target = self.epoch + int(epochs)
            generation = self._generation
        done: list[FitRecord] = []
        total = max(int(epochs), 1)
        while self.epoch < target and self.divergence is None:
            if should_stop is not None and should_stop():
                break
            if self._generation != generation:
                break
            left_in_epoch = -(-(self.data.n_train - self._cursor) // self._batch)
            chunk = min(self.CHUNK, max(left_in_epoch, 1) + (target - self.epoch - 1) * self.batches_per_epoch)
            for rec in self.step(max(chunk, 1)):
                done.append(rec)
                if on_epoch is not None:
                    on_epoch(rec)
                if progress is not None:
                    progress(100.0 * len(done) / total)
        return done

    # -- reading --------------------------------------------------------------------------
    def snapshot(self) -> FitSnapshot:
        with self._lock:
            return FitSnapshot(self.config, self.epoch, self.steps, self.network.copy(), tuple(self.history),
                               tuple(m.copy() for m in self._dead),
                               tuple(m.copy() for m in self._saturated), self.divergence)

    # -- internals --------------------------------------------------------------------------
    def _eval(self, xa: np.ndarray, Y: np.ndarray, peaks: bool):
        net = self.network
        ws = self._workspace(len(xa))
        out = np.asarray(net.forward_workspace(ws, xa), dtype=np.float64)
        r = out - Y
        loss = float(np.vdot(r, r)) / max(len(r), 1)
        return loss, (net.derivative_peaks(ws.z, ws.h) if peaks else None)

    def _evaluate(self):
        net = self.network
        loss, peaks = self._eval(self._xa_train, self._Y_train, True)
        test_loss = float("nan")
        if self._xa_test is not None:
            test_loss, _ = self._eval(self._xa_test, self._Y_test, False)
        ok = math.isfinite(loss) and bool(np.isfinite(net.params).all())
        dead, sat = net.status_from_peaks(peaks)
        dead_l = tuple(int(np.count_nonzero(m)) for m in dead)
        rec = FitRecord(self.epoch, self.steps, loss, test_loss, sum(dead_l),
                        sum(int(np.count_nonzero(m)) for m in sat), dead_l)
        return rec, (dead, sat), ok

    def _record(self, rec: FitRecord, masks) -> None:
        self._dead, self._saturated = masks
        self.history.append(rec)
        self._good = (self.network.params.copy(), self.optimizer.get_state(), self.steps)

    def _end_epoch(self) -> FitRecord | None:
        self.epoch += 1
        rec, masks, ok = self._evaluate()
        if ok:
            self._record(rec, masks)
            return rec
        reason = ("the weights are not finite" if not np.isfinite(self.network.params).all()
                  else "the loss is not finite")
        params, opt_state, steps = self._good
        self.network.params[...] = params
        self.optimizer.set_state(opt_state)
        self.divergence = FitDivergence(self.epoch, self.epoch - 1, reason)
        self.epoch -= 1
        self.steps = steps
        return None


def train_fit(data: FitData, config: FitConfig | None = None, epochs: int = 1000, *,
              progress: Callable[[float], None] | None = None,
              should_stop: Callable[[], bool] | None = None,
              on_epoch: Callable[[FitRecord], None] | None = None) -> FitSnapshot:
    """Train a fresh network for ``epochs`` epochs and return the final :class:`FitSnapshot`."""
    trainer = FitTrainer(data, config)
    trainer.run(epochs, progress=progress, should_stop=should_stop, on_epoch=on_epoch)
    return trainer.snapshot()


def history_columns(records: Iterable[FitRecord]) -> dict[str, np.ndarray]:
    recs = list(records)
    return {
        "epoch": np.array([r.epoch for r in recs], dtype=np.int64),
        "loss": np.array([r.loss for r in recs], dtype=np.float64),
        "test_loss": np.array([r.test_loss for r in recs], dtype=np.float64),
        "dead": np.array([r.dead for r in recs], dtype=np.int64),
    }
