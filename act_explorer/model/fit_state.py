"""Settings of the Fit view (and of ``act-explorer fit``): what to fit, with which network, how.

:class:`FitState` (on the shared :class:`~.state.StateBase`) declares one validated field per
setting, so the window and the command line share their defaults and limits:

* the data: ``target`` (a named target of one input, ``plane`` / ``multi_gauss`` over the
  plane, :data:`EXPR` for the typed ``expr``, or :data:`CSV` for the file ``csv_path``),
  ``x_range`` (None: the target's default range), ``points`` (None: 200, or 400 over the
  plane), ``noise``, ``test_fraction`` and ``seed``;
* the network: ``hidden`` (1-3 layers), ``activation`` (a catalogue id, typed functions
  included, or :data:`FOLLOW`: the Functions list's current function; its parameters are the
  shared per-function ones, as in the Training view), ``init``;
* the training: ``optimizer``, ``lr``, ``momentum``, ``batch_size`` (0 = full batch), ``l2``,
  ``epochs`` (the budget) and ``speed`` (epochs per second, 0 = as fast as possible);
* ``preset``: the lesson of :mod:`.fit_presets` whose text is shown, and ``preset_run``, which
  of its networks.

:meth:`FitState.make_data` builds the points and :meth:`FitState.config` the network's
:class:`~.fit.FitConfig`; :meth:`FitState.data_key` says when the points must be made again.
``reset_needed`` fires when a field that defines the data or the network changed
(:data:`RESET_FIELDS`, L2 included); the learning rate applies to a running network.  Plain Python: no Qt.
"""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Mapping

from psygnal import Signal

from . import catalogue
from .fit import (
    FIT_INITS, MAX_FIT_LAYERS, MAX_FIT_UNITS, FitConfig, FitData, FitError, load_xy_csv, make_data,
    make_data_2d,
)
from .fit_data import MAX_NOISE, MAX_POINTS, MAX_RANGE, MIN_POINTS, TARGETS, TARGETS_2D, default_range
from .fit_presets import FIT_PRESETS
from .state import Field, StateBase, StateError, bounded_float
from .training import L2_MAX, LR_MAX, LR_MIN, OPTIMIZERS

__all__ = [
    "FOLLOW", "EXPR", "CSV", "FIT_TARGETS", "SPEEDS", "MAX_EPOCHS", "SEED_MAX", "TEST_FRACTION_MAX",
    "MOMENTUM_MAX", "FIT_L2_MAX", "POINTS_1D", "POINTS_2D", "DEFAULTS", "DATA_FIELDS", "RESET_FIELDS",
    "LIVE_FIELDS", "FitStateError", "FitState", "parse_fit_hidden", "is_2d_expression",
]

FOLLOW = "current"                 # the function selected in the Functions list
EXPR = "expr"                      # the typed target ``expr``
CSV = "csv"                        # the points of ``csv_path``
FIT_TARGETS: tuple[str, ...] = (*TARGETS, *TARGETS_2D, EXPR, CSV)
SPEEDS: tuple[float, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 0)
MAX_SPEED = 100_000.0
MAX_EPOCHS = 1_000_000
SEED_MAX = 2**32 - 1
TEST_FRACTION_MAX = 0.9
MOMENTUM_MAX = 0.999
FIT_L2_MAX = min(1.0, L2_MAX)
POINTS_1D = 200
POINTS_2D = 400

DEFAULTS: dict[str, Any] = {
    "target": "sin",
    "expr": "x^2 - relu(x)",
    "csv_path": None,
    "x_range": None,
    "points": None,
    "noise": 0.0,
    "test_fraction": 0.2,
    "seed": 0,
    "hidden": (16,),
    "activation": FOLLOW,
    "init": "he",
    "optimizer": "adam",
    "lr": 0.01,
    "momentum": 0.9,
    "batch_size": 0,
    "l2": 0.0,
    "epochs": 2000,
    "speed": 0.0,
    "preset": None,
    "preset_run": 0,
}
DATA_FIELDS = frozenset({"target", "expr", "csv_path", "x_range", "points", "noise", "test_fraction",
                         "seed"})
RESET_FIELDS = DATA_FIELDS | {"hidden", "activation", "init", "optimizer", "momentum", "batch_size", "l2"}
LIVE_FIELDS = frozenset({"lr"})
# Not part of a lesson: how fast to watch it, how long, and which lesson is shown.
_PRESET_IGNORES = frozenset({"speed", "epochs", "preset", "preset_run", "csv_path", "expr"})


class FitStateError(StateError, FitError):
    """A fit setting that is not allowed; ``str()`` is a sentence for the user."""


# ---- validators ---------------------------------------------------------------------------

def _number(what: str, lo: float, hi: float, value: Any) -> float:
    return bounded_float(value, what, lo, hi, FitStateError)


def _whole(what: str, lo: int, hi: int, value: Any) -> int:
    bad = FitStateError(f"{what} must be a whole number between {lo} and {hi}, got {value!r}")
    if isinstance(value, bool) or value is None:
        raise bad
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise bad from None
    if isinstance(value, float):
        if not value.is_integer():
            raise bad
        value = int(value)
    if not isinstance(value, int) or not lo <= value <= hi:
        raise bad
    return int(value)


def _choice(what: str, options, value: Any) -> str:
    key = str(value).strip().lower()
    if key not in options:
        raise FitStateError(f"unknown {what} {value!r}; use one of {', '.join(options)}")
    return key


@lru_cache(maxsize=64)
def is_2d_expression(text: str) -> bool:
    """Whether a typed target is a function of x1 and x2 (else of x)."""
    from . import expression  # noqa: PLC0415

    expr = expression.parse(text)
    return not expr.tree.has_x and bool(set(expr.params) & {"x1", "x2"})


def _expr(value: Any) -> str:
    from . import expression  # noqa: PLC0415
    from .fit_data import expression_target, expression_target_2d  # noqa: PLC0415

    text = str(value).strip() if value is not None else ""
    if not text:
        raise FitStateError("the typed target is empty; type a function of x, e.g. x^2 - relu(x)")
    try:
        (expression_target_2d if is_2d_expression(text) else expression_target)(text)
    except (expression.ExpressionError, FitError) as exc:
        msg = str(exc)
        raise FitStateError(msg if msg.startswith(("the target", "a target", "in ")) else f"the target: {msg}") from None
    return text


def _csv_path(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        raise FitStateError("the CSV file name is empty")
    return text


def _x_range(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        lo, hi = value
    except (TypeError, ValueError):
        raise FitStateError(f"the range must be two numbers A < B, got {value!r}") from None
    lo = _number("the range's start", -MAX_RANGE, MAX_RANGE, lo)
    hi = _number("the range's end", -MAX_RANGE, MAX_RANGE, hi)
    if not lo < hi:
        raise FitStateError(f"the range must satisfy A < B, got {lo:g} {hi:g}")
    return (lo, hi)


def parse_fit_hidden(value: Any) -> tuple[int, ...]:
    """``"16"``, ``"16,16"`` or ``(16, 16)`` as layer sizes (1-3 layers of 1-256 units)."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        if not value.strip() or any(p == "" for p in parts):
            raise FitStateError(f"hidden layers must be sizes separated by commas, e.g. 16 or 16,16; got {value!r}")
        items: list[Any] = parts
    else:
        try:
            items = list(value)
        except TypeError:
            raise FitStateError(f"hidden layers must be a list of sizes, got {value!r}") from None
    if not 1 <= len(items) <= MAX_FIT_LAYERS:
        raise FitStateError(f"the network needs 1 to {MAX_FIT_LAYERS} hidden layers, got {len(items)}")
    out = []
    for i, item in enumerate(items, start=1):
        try:
            out.append(_whole(f"hidden layer {i}", 1, MAX_FIT_UNITS, item))
        except FitStateError:
            raise FitStateError(f"hidden layer {i} must have 1 to {MAX_FIT_UNITS} units, got {item!r}") from None
    return tuple(out)


def _activation(value: Any) -> str:
    text = str(value).strip()
    if text == FOLLOW:
        return FOLLOW
    try:
        return catalogue.get(text).id
    except catalogue.UnknownActivation as exc:
        raise FitStateError(str(exc)) from None


def _preset(value: Any) -> str | None:
    if value is None:
        return None
    key = str(value)
    if key not in FIT_PRESETS:
        raise FitStateError(f"unknown fit preset {value!r}; use one of {', '.join(FIT_PRESETS)}")
    return key


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "target": partial(_choice, "target", FIT_TARGETS),
    "expr": _expr,
    "csv_path": _csv_path,
    "x_range": _x_range,
    "points": lambda v: None if v is None else _whole("the number of points", MIN_POINTS, MAX_POINTS, v),
    "noise": partial(_number, "the noise", 0.0, MAX_NOISE),
    "test_fraction": partial(_number, "the test fraction", 0.0, TEST_FRACTION_MAX),
    "seed": partial(_whole, "the seed", 0, SEED_MAX),
    "hidden": parse_fit_hidden,
    "activation": _activation,
    "init": partial(_choice, "init", FIT_INITS),
    "optimizer": partial(_choice, "optimizer", OPTIMIZERS),
    "lr": partial(_number, "the learning rate", LR_MIN, LR_MAX),
    "momentum": partial(_number, "momentum", 0.0, MOMENTUM_MAX),
    "batch_size": partial(_whole, "the batch size (0 = full batch)", 0, MAX_POINTS),
    "l2": partial(_number, "L2", 0.0, FIT_L2_MAX),
    "epochs": partial(_whole, "the epoch budget", 0, MAX_EPOCHS),
    "speed": partial(_number, "the speed (epochs per second; 0 = as fast as possible)", 0.0, MAX_SPEED),
    "preset": _preset,
    "preset_run": partial(_whole, "the preset's run", 0, 3),
}


class FitState(StateBase):
    """Settings of the Fit view (see the module docstring)."""

    FIELDS = {name: Field(default, _CHECKS[name]) for name, default in DEFAULTS.items()}
    Error = FitStateError
    reset_needed = Signal()           # data or network changed: start again from epoch 0

    # -- reading ------------------------------------------------------------------------------
    @property
    def two_d(self) -> bool:
        """Whether the target is a function over the plane (x1, x2)."""
        v = self._values
        if v["target"] in TARGETS_2D:
            return True
        return v["target"] == EXPR and is_2d_expression(v["expr"])

    def effective_points(self) -> int:
        p = self._values["points"]
        return p if p is not None else (POINTS_2D if self.two_d else POINTS_1D)

    def effective_range(self) -> tuple[float, float]:
        r = self._values["x_range"]
        if r is not None:
            return r
        return (-2.0, 2.0) if self.two_d or self._values["target"] in (EXPR, CSV) \
            else default_range(self._values["target"])

    def problem(self) -> str | None:
        """Why no data can be made (a sentence), or None."""
        if self._values["target"] == CSV and not self._values["csv_path"]:
            return "choose a CSV file of x,y rows (Load CSV…)"
        return None

    def data_key(self, **override: Any) -> tuple:
        """What defines the points: the same key, the same data."""
        v = dict(self._values)
        v.update(override)
        csv = v["target"] == CSV
        return (v["target"], v["expr"] if v["target"] == EXPR else None, v["csv_path"] if csv else None,
                None if csv else self.effective_range(), None if csv else self.effective_points(),
                0.0 if csv else v["noise"], v["test_fraction"], v["seed"])

    def make_data(self) -> FitData:
        """The points these settings describe (raises :class:`~.fit.FitError`)."""
        msg = self.problem()
        if msg:
            raise FitStateError(msg)
        v = self._values
        if v["target"] == CSV:
            return load_xy_csv(v["csv_path"], v["test_fraction"], v["seed"])
        common = dict(x_range=self.effective_range(), points=self.effective_points(), noise=v["noise"],
                      test_fraction=v["test_fraction"], seed=v["seed"])
        expr = v["expr"] if v["target"] == EXPR else None
        if self.two_d:
            return make_data_2d(None if expr else v["target"], expr=expr, **common)
        return make_data(None if expr else v["target"], expr=expr, **common)

    def activation_id(self, current: str = "relu") -> str:
        a = self._values["activation"]
        return current if a == FOLLOW else a

    def config(self, activation: Any = None, params: Mapping[str, float] | None = None, *,
               current: str = "relu",
               params_of: Callable[[str], Mapping[str, float]] | None = None) -> FitConfig:
        """The network and its training.  ``activation`` (an id or a compiled
        :class:`~.catalogue.Activation`) and ``params`` override the ``activation`` field;
        otherwise it is resolved with ``current`` (what :data:`FOLLOW` means) and
        ``params_of(fid)`` (the shared per-function parameters).  Raises FitError."""
        v = self._values
        if activation is None:
            fid = self.activation_id(current)
            try:
                entry = catalogue.get(fid)
            except catalogue.UnknownActivation as exc:
                raise FitStateError(str(exc)) from None
            activation = entry.id
            params = entry.resolve(dict(params_of(fid)) if params_of else {})
        cfg = FitConfig(hidden=v["hidden"], activation=activation, params=dict(params or {}),
                        init=v["init"], optimizer=v["optimizer"], lr=v["lr"], momentum=v["momentum"],
                        batch_size=v["batch_size"], l2=v["l2"], seed=v["seed"])
        try:
            return cfg.validate()
        except catalogue.ParamError as exc:
            raise FitStateError(str(exc)) from None

    def data_name(self) -> str:
        v = self._values
        if v["target"] == CSV:
            return Path(v["csv_path"] or "data").stem or "data"
        return v["target"]

    # -- presets ------------------------------------------------------------------------------
    @staticmethod
    def preset_values(key: str, run: int = 0) -> dict[str, Any]:
        """The settings of run ``run`` of the lesson ``key`` (every field but the speed)."""
        p = FIT_PRESETS[_preset(key)]
        runs = p.runs
        if not 0 <= run < len(runs):
            raise FitStateError(f"the lesson {key!r} has {len(runs)} network(s), not {run + 1}")
        d = dict(p.data_values)
        values = {k: v for k, v in DEFAULTS.items() if k not in ("speed", "csv_path", "expr")}
        values.update(target=d["target"], x_range=tuple(d.get("x_range") or ()) or None,
                      points=d.get("points"), noise=d.get("noise", 0.0),
                      test_fraction=d.get("test_fraction", DEFAULTS["test_fraction"]),
                      seed=d.get("seed", 0), epochs=p.epochs, preset=key, preset_run=run)
        net = dict(runs[run][1])
        for name in ("hidden", "activation", "init", "optimizer", "lr", "momentum", "l2", "batch_size", "seed"):
            if name in net:
                values[name] = net[name]
        return values

    def apply_preset(self, key: str, run: int = 0) -> None:
        """Apply run ``run`` of one of :data:`~.fit_presets.FIT_PRESETS`."""
        self.update(**self.preset_values(key, run))

    def matches_preset(self) -> tuple[str, int] | None:
        """The lesson and run these settings equal (whatever the speed and the budget)."""
        for key, p in FIT_PRESETS.items():
            for run in range(len(p.runs)):
                want = self._checked(self.preset_values(key, run))
                merged = {**self._values, **want}
                if all(merged[k] == self._values[k] for k in DEFAULTS if k not in _PRESET_IGNORES):
                    return key, run
        return None

    # -- writing ------------------------------------------------------------------------------
    def _check_together(self, values: dict[str, Any]) -> None:
        if values["target"] == CSV and not values["csv_path"]:
            raise FitStateError("choose a CSV file of x,y rows first (Load CSV…)")

    def _after_update(self, changed: frozenset) -> None:
        if changed & RESET_FIELDS:
            self.reset_needed.emit()

    def reset_to_defaults(self) -> None:
        """Every setting back to its default but the CSV file, which stays available."""
        self.update(**{k: v for k, v in DEFAULTS.items() if k != "csv_path"})
