"""State of the training panel: what to train and how, evented, and the lessons' presets.

:class:`TrainingState` (on the shared :class:`~.state.StateBase`) holds every setting of the training tab - the data set (a generator's
name, points, noise, classes, test fraction, or a CSV file), the seed, the hidden layers and
their activation(s), the initialisation, the optimiser and its learning rate, momentum, batch
size and L2, the epoch budget and the speed - validates every change (raising
:class:`TrainingStateError` with a sentence for the user; the state is then unchanged) and
emits psygnal signals, so a view subscribes and writes back only through :meth:`update`
(the napari / glue pattern; no Qt here).  What the panel does with it (data, networks, the
training work) is :mod:`.training_session`.

Activations
-----------
``activation`` is a catalogue id for every hidden layer, or :data:`FOLLOW` ("current"): the
function selected in the Functions list (the shared ``CurvesState.current``), so the tab
trains whatever the user is looking at until they pick something else.  ``layer_activations``
(optional) gives one id per hidden layer instead.  ``compare`` holds 2 to 4 ids for compare
mode: the same data and the same seed - hence the same initial weights for the same shapes
(He scales them by the leaky slope's gain) - trained once per function, side by side;
``shown`` is the compared function whose decision boundary is drawn.

Parameters of the functions are not duplicated here: they are the shared per-function ones
(``CurvesState.params(fid)``, edited in the Functions dock), passed in by the caller of
:meth:`TrainingState.runs`, exactly as the depth tab does.  A typed function (family
"custom") trains like a built-in.

Signals
-------
``changed(names)`` fires once per :meth:`update` with the frozenset of fields that changed.
``reset_needed()`` fires (before ``changed``) when one of them defines the data or the
network (:data:`RESET_FIELDS`): the panel then starts again from epoch 0.  ``lr`` and ``l2``
are applied to a running trainer as they change; ``epochs`` (the budget), ``speed`` and
``shown`` only change what the panel does next or draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from psygnal import Signal

from . import catalogue
from .datasets import (
    GENERATORS, MAX_CLASSES, MAX_POINTS, MIN_POINTS, MULTICLASS, DataError, Dataset, load_csv,
    make_dataset,
)
from .network import INITS, MAX_HIDDEN_LAYERS, MAX_UNITS
from .state import Field, StateBase, StateError, bounded_float
from .training import (
    L2_MAX, LR_MAX, LR_MIN, MAX_BATCH, OPTIMIZERS, TrainConfig,
)

__all__ = [
    "FOLLOW", "CSV", "DATASETS", "SPEEDS", "MAX_SPEED", "MAX_COMPARE", "MAX_EPOCHS", "NOISE_MAX",
    "TEST_FRACTION_MAX", "SEED_MAX", "DEFAULTS", "RESET_FIELDS", "DATA_FIELDS", "LIVE_FIELDS",
    "TrainingStateError", "Preset", "PRESETS", "Run", "TrainingState", "parse_hidden",
]

FOLLOW = "current"                 # "the function selected in the Functions list"
CSV = "csv"                        # the data set read from ``csv_path``
DATASETS: tuple[str, ...] = (*GENERATORS, CSV)
# Speed choices offered by the panel, in epochs per second; 0 = as fast as the machine goes.
SPEEDS: tuple[float, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, 0)
MAX_SPEED = 10_000.0
MAX_COMPARE = 4
MAX_EPOCHS = 100_000
NOISE_MAX = 1.0
TEST_FRACTION_MAX = 0.9
SEED_MAX = 2**32 - 1               # as the CLI's --seed

DEFAULTS: dict[str, Any] = {
    "dataset": "moons",
    "points": 500,
    "noise": 0.1,
    "classes": 2,
    "test_fraction": 0.2,
    "seed": 0,
    "csv_path": None,
    "hidden": (16, 16),
    "activation": FOLLOW,
    "layer_activations": None,
    "compare": (),
    "shown": None,
    "init": "he",
    "optimizer": "sgd",
    "lr": 0.1,
    "momentum": 0.9,
    "batch_size": 32,
    "l2": 0.0,
    "epochs": 200,
    "speed": 50.0,
}
_FIELDS = tuple(DEFAULTS)
DATA_FIELDS = frozenset({"dataset", "points", "noise", "classes", "test_fraction", "seed", "csv_path"})
RESET_FIELDS = DATA_FIELDS | {"hidden", "activation", "layer_activations", "compare", "init",
                              "optimizer", "momentum", "batch_size"}
LIVE_FIELDS = frozenset({"lr", "l2"})


class TrainingStateError(StateError):
    """A setting that is not allowed; ``str()`` is a sentence for the user."""


# ---- validation ---------------------------------------------------------------------------

def _whole(value: Any, what: str, lo: int, hi: int) -> int:
    bad = TrainingStateError(f"{what} must be a whole number between {lo} and {hi}, got {value!r}")
    if isinstance(value, bool):
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
    try:
        v = int(value)
    except (TypeError, ValueError):
        raise bad from None
    if v != value or not lo <= v <= hi:
        raise bad
    return v


def _number(value: Any, what: str, lo: float, hi: float) -> float:
    return bounded_float(value, what, lo, hi, TrainingStateError)


def _function_id(value: Any, allow_follow: bool = True) -> str:
    text = str(value).strip()
    if allow_follow and text == FOLLOW:
        return FOLLOW
    try:
        return catalogue.get(text).id
    except catalogue.UnknownActivation as exc:
        raise TrainingStateError(str(exc)) from None


def parse_hidden(value: Any) -> tuple[int, ...]:
    """``"16,16"``, ``[16, 16]`` or ``(16, 16)`` as a tuple of layer sizes (1-8 layers of 1-256)."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
        if not value.strip() or any(p == "" for p in parts):
            raise TrainingStateError(
                f"hidden layers must be sizes separated by commas, e.g. 16,16; got {value!r}")
        items: list[Any] = parts
    else:
        try:
            items = list(value)
        except TypeError:
            raise TrainingStateError(f"hidden layers must be a list of sizes, got {value!r}") from None
    if not 1 <= len(items) <= MAX_HIDDEN_LAYERS:
        raise TrainingStateError(
            f"the network needs 1 to {MAX_HIDDEN_LAYERS} hidden layers, got {len(items)}")
    out = []
    for i, item in enumerate(items, start=1):
        try:
            out.append(_whole(item, f"hidden layer {i}", 1, MAX_UNITS))
        except TrainingStateError:
            raise TrainingStateError(
                f"hidden layer {i} must have 1 to {MAX_UNITS} units, got {item!r}") from None
    return tuple(out)


def _named(value: Any, what: str, options: Sequence[str]) -> str:
    """``value`` as one of ``options`` (case and spaces aside), else "unknown <what> ..."."""
    key = str(value).strip().lower()
    if key not in options:
        raise TrainingStateError(f"unknown {what} {value!r}; use one of {', '.join(options)}")
    return key


def _check(name: str, value: Any) -> Any:
    """``value`` validated and normalised for field ``name`` (raises TrainingStateError)."""
    if name == "dataset":
        return _named(value, "data set", DATASETS)
    if name == "points":
        return _whole(value, "the number of points", MIN_POINTS, MAX_POINTS)
    if name == "noise":
        return _number(value, "the noise", 0.0, NOISE_MAX)
    if name == "classes":
        return _whole(value, "the number of classes", 2, MAX_CLASSES)
    if name == "test_fraction":
        return _number(value, "the test fraction", 0.0, TEST_FRACTION_MAX)
    if name == "seed":
        return _whole(value, "the seed", 0, SEED_MAX)
    if name == "csv_path":
        if value is None:
            return None
        text = str(value).strip()
        if not text:
            raise TrainingStateError("the CSV file name is empty")
        return text
    if name == "hidden":
        return parse_hidden(value)
    if name == "activation":
        return _function_id(value)
    if name == "layer_activations":
        if value is None:
            return None
        if isinstance(value, str):
            value = value.split(",")
        ids = tuple(_function_id(v) for v in value)
        if not 1 <= len(ids) <= MAX_HIDDEN_LAYERS:
            raise TrainingStateError(f"give 1 to {MAX_HIDDEN_LAYERS} layer activations, got {len(ids)}")
        return ids
    if name == "compare":
        if value is None:
            return ()
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        ids = tuple(dict.fromkeys(_function_id(v, allow_follow=False) for v in value))
        if len(ids) == 1 or len(ids) > MAX_COMPARE:
            raise TrainingStateError(
                f"compare 2 to {MAX_COMPARE} different functions, got {len(ids)}")
        return ids
    if name == "shown":
        return None if value is None else _function_id(value, allow_follow=False)
    if name == "init":
        return _named(value, "init", INITS)
    if name == "optimizer":
        return _named(value, "optimizer", OPTIMIZERS)
    if name == "lr":
        return _number(value, "the learning rate", LR_MIN, LR_MAX)
    if name == "momentum":
        return _number(value, "momentum", 0.0, 0.999)
    if name == "batch_size":
        return _whole(value, "the batch size", 1, MAX_BATCH)
    if name == "l2":
        return _number(value, "L2", 0.0, L2_MAX)
    if name == "epochs":
        return _whole(value, "the epoch budget", 1, MAX_EPOCHS)
    if name == "speed":
        return _number(value, "the speed (epochs per second; 0 = as fast as possible)", 0.0, MAX_SPEED)
    raise TrainingStateError(f"unknown training setting {name!r}")


# ---- presets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Preset:
    """One classic lesson: a title, what to look for, and the settings that reproduce it.

    ``values`` are the :class:`TrainingState` fields (all but the speed and the CSV path);
    ``params`` the parameters of every function the lesson trains, by function id (all of
    them, resolved: the shared per-function parameters are part of what the lesson needs,
    e.g. leaky ReLU's slope).  :mod:`.lesson_setup` applies both and says what changed."""

    key: str
    title: str
    description: str
    values: Mapping[str, Any]
    params: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def functions(self) -> tuple[str, ...]:
        """Catalogue ids the lesson trains (the compared ones, else the activation)."""
        v = self.values
        if v.get("compare"):
            return tuple(v["compare"])
        ids = tuple(v["layer_activations"] or ()) or (v["activation"],)
        return tuple(dict.fromkeys(f for f in ids if f != FOLLOW))

    def describe(self, template: str | None = None) -> str:
        """The description, or its translation ``template``, with its computed figures
        (``{line_acc}``: the best straight line's accuracy on the preset's training data)."""
        text = self.description if template is None else template
        if "{" not in text:
            return text
        return text.format(**preset_figures(self.key))


def preset_figures(key: str) -> dict[str, str]:
    """Figures a preset's text quotes, computed on the preset's own data."""
    from .linear_baseline import preset_line_accuracy  # noqa: PLC0415 (it imports this module)

    if key == "linear_vs_relu":
        return {"line_acc": f"{100.0 * preset_line_accuracy(key):.1f}%"}
    return {}


# Not part of a lesson: how fast to watch it (a preference) and the CSV file.
_NOT_IN_PRESETS = ("speed", "csv_path")
# Settings that may differ while the lesson is still "the preset" (raising the budget to go on).
_PRESET_MATCH_IGNORES = frozenset({"speed", "csv_path", "epochs"})


def _preset(key: str, title: str, description: str,
            params: Mapping[str, Mapping[str, float]] | None = None, **values: Any) -> Preset:
    full = {k: v for k, v in DEFAULTS.items() if k not in _NOT_IN_PRESETS}
    full.update(values)
    preset = Preset(key, title, description, full)
    # Every function's parameters are set: PyTorch's defaults unless the lesson names others.
    resolved = {fid: catalogue.get(fid).resolve(dict((params or {}).get(fid, {})))
                for fid in preset.functions()}
    return replace(preset, params=resolved)


PRESETS: dict[str, Preset] = {p.key: p for p in (
    _preset(
        "dying_relu", "Dying ReLU (lr too high)",
        "ReLU on two moons with a learning rate of 2: large updates push units to where z < 0 "
        "for every training input, and such a unit gets no gradient. In the first hidden layer, "
        "whose inputs are the fixed data, it stays dead; in the second, a dead unit can come "
        "back when the first layer changes its inputs. Watch the dead-units plot per layer.",
        activation="relu", dataset="moons", hidden=(16, 16), init="he", optimizer="sgd", lr=2.0,
        batch_size=32, epochs=200),
    _preset(
        "leaky_relu_alive", "Leaky ReLU keeps units alive",
        "The same network and learning rate with leaky ReLU: its slope is never 0, so no unit "
        "can die.",
        activation="leaky_relu", dataset="moons", hidden=(16, 16), init="he", optimizer="sgd",
        lr=2.0, batch_size=32, epochs=200),
    _preset(
        "deep_sigmoid", "Deep sigmoid barely learns",
        "Six sigmoid layers with Xavier init: σ′ ≤ 0.25 and the weights do not make up for it, "
        "so the gradient reaching the first layers is small and the loss stays near "
        "ln 2 = 0.693 (chance). Try ReLU with He init on the same network.",
        activation="sigmoid", dataset="moons", hidden=(16,) * 6, init="xavier", optimizer="sgd",
        lr=0.5, batch_size=32, epochs=300),
    _preset(
        "relu_vs_tanh", "ReLU vs tanh speed",
        "The same network, data and initial weights, trained with ReLU and with tanh: ReLU "
        "reaches a low loss in fewer epochs.",
        compare=("relu", "tanh"), activation="relu", dataset="circles", hidden=(16, 16),
        init="xavier", optimizer="sgd", lr=0.03, batch_size=32, epochs=200),
    _preset(
        "linear_vs_relu", "Identity vs ReLU",
        "Without a non-linearity the network is one affine map: its boundary is a straight line, "
        "and the best straight line classifies {line_acc} of these training points correctly. "
        "ReLU bends the boundary around the moons.",
        compare=("linear", "relu"), activation="relu", dataset="moons", hidden=(16, 16),
        init="he", optimizer="sgd", lr=0.1, batch_size=32, epochs=200),
)}


# ---- what to train ------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One network to train: ``key`` names it (the function id, or ids per layer joined by
    commas) in legends, colours and CSV columns; ``config`` is the full TrainConfig."""

    key: str
    config: TrainConfig

    @property
    def activations(self) -> tuple[str, ...]:
        a = self.config.activation
        return (a,) if isinstance(a, str) else tuple(a)


class TrainingState(StateBase):
    """Settings of the training panel (see the module docstring)."""

    FIELDS = {name: Field(default, partial(_check, name)) for name, default in DEFAULTS.items()}
    Error = TrainingStateError
    reset_needed = Signal()           # data or network changed: start again from epoch 0

    # -- reading ----------------------------------------------------------------------------
    @property
    def compare_mode(self) -> bool:
        return len(self._values["compare"]) >= 2

    @property
    def classes_used(self) -> int:
        """Classes of a generated set (the ``classes`` field applies to spiral and gauss)."""
        return self._values["classes"] if self._values["dataset"] in MULTICLASS else 2

    def layer_ids(self) -> tuple[str, ...]:
        """One id (possibly :data:`FOLLOW`) per hidden layer, in single mode."""
        n = len(self._values["hidden"])
        la = self._values["layer_activations"]
        if la is not None:
            return tuple(la[:n]) + (la[-1],) * max(0, n - len(la))
        return (self._values["activation"],) * n

    def problem(self) -> str | None:
        """Why nothing can be trained with these settings (a sentence), or None."""
        if self._values["dataset"] == CSV and not self._values["csv_path"]:
            return "choose a CSV file of x1,x2,label rows (Load CSV…)"
        return None

    def make_dataset(self) -> Dataset:
        """The data set these settings describe (raises :class:`~.datasets.DataError`)."""
        msg = self.problem()
        if msg:
            raise DataError(msg)
        v = self._values
        if v["dataset"] == CSV:
            return load_csv(v["csv_path"], v["test_fraction"], v["seed"])
        return make_dataset(v["dataset"], n_points=v["points"], noise=v["noise"],
                            test_fraction=v["test_fraction"], seed=v["seed"],
                            n_classes=self.classes_used)

    def base_config(self) -> TrainConfig:
        """Everything but the activations (relu as a stand-in)."""
        v = self._values
        return TrainConfig(hidden=v["hidden"], activation="relu", init=v["init"],
                           optimizer=v["optimizer"], lr=v["lr"], batch_size=v["batch_size"],
                           l2=v["l2"], seed=v["seed"], momentum=v["momentum"])

    def runs(self, current: str = "relu",
             params_of: Callable[[str], Mapping[str, float]] | None = None) -> list[Run]:
        """The networks to train: one, or one per compared function (in order).

        ``current`` is the Functions list's current function (what :data:`FOLLOW` means) and
        ``params_of(fid)`` its parameters (default: the catalogue defaults).  Raises
        :class:`TrainingStateError` (or the model's TrainingError / ParamError) if a function
        is unknown or a parameter invalid."""
        base = self.base_config()

        def params(fid: str) -> dict[str, float]:
            act = catalogue.get(fid)
            return act.resolve(dict(params_of(fid)) if params_of else {})

        def resolve(fid: str) -> str:
            fid = current if fid == FOLLOW else fid
            return _function_id(fid, allow_follow=False)

        out: list[Run] = []
        if self.compare_mode:
            for fid in self._values["compare"]:
                fid = resolve(fid)
                out.append(Run(fid, replace(base, activation=fid, params=params(fid)).validate()))
            return out
        ids = tuple(resolve(f) for f in self.layer_ids())
        if len(set(ids)) == 1:
            cfg = replace(base, activation=ids[0], params=params(ids[0]))
            key = ids[0]
        else:
            cfg = replace(base, activation=ids, params=tuple(params(f) for f in ids))
            key = ",".join(ids)
        return [Run(key, cfg.validate())]

    def shown_index(self, runs: Sequence[Run]) -> int:
        """Which run's decision boundary is drawn (compare mode: ``shown``, else the first)."""
        shown = self._values["shown"]
        for i, r in enumerate(runs):
            if r.key == shown:
                return i
        return 0

    def functions_used(self, current: str) -> set[str]:
        """Catalogue ids the runs use (for "a parameter of this function changed")."""
        if self.compare_mode:
            return set(self._values["compare"])
        return {current if f == FOLLOW else f for f in self.layer_ids()}

    def data_key(self, **override: Any) -> tuple:
        """What defines the data set (the settings, with ``override`` applied): two states
        with the same key make the same points, so a session makes them again only when it
        changes."""
        v = dict(self._values)
        v.update(override)
        return (v["dataset"], v["points"], v["noise"], v["classes"] if v["dataset"] in MULTICLASS else 2,
                v["test_fraction"], v["seed"], v["csv_path"] if v["dataset"] == CSV else None)

    def data_name(self) -> str:
        v = self._values
        if v["dataset"] == CSV:
            return Path(v["csv_path"] or "data").stem or "data"
        return v["dataset"]

    def export_name(self, keys: Sequence[str]) -> str:
        """A file-name stem such as ``training-relu-moons`` or ``training-relu-vs-tanh-circles``."""
        fn = "-vs-".join(k.replace(",", "-") for k in keys) or "network"
        parts = ["training", fn, self.data_name()]
        return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "_", p).strip("_") or "x" for p in parts)

    # -- writing ----------------------------------------------------------------------------
    def _checked(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every value validated, then the cross-field rules of :meth:`_normalise`, which
        depend on which fields were given and may normalise others (``shown``, the per-layer
        activations): the returned values include those."""
        unknown = set(values) - set(self.FIELDS)
        if unknown:
            raise TrainingStateError(f"unknown training setting {sorted(unknown)[0]!r}")
        new = {k: _check(k, v) for k, v in values.items()}
        merged = {**self._values, **new}
        self._normalise(merged, set(new))
        return {k: merged[k] for k in self.FIELDS if k in new or merged[k] != self._values[k]}

    def _after_update(self, changed: frozenset) -> None:
        if changed & RESET_FIELDS:
            self.reset_needed.emit()

    @staticmethod
    def _normalise(v: dict[str, Any], given: set[str]) -> None:
        """Cross-field rules (raise TrainingStateError; ``v`` is a scratch copy)."""
        if v["dataset"] == CSV and not v["csv_path"]:
            raise TrainingStateError("choose a CSV file of x1,x2,label rows first (Load CSV…)")
        if v["dataset"] not in MULTICLASS and "classes" in given and "dataset" not in given \
                and v["classes"] != 2:
            raise TrainingStateError(
                f"the {v['dataset']} data set has 2 classes; only {', '.join(MULTICLASS)} take another number")
        k = v["classes"] if v["dataset"] in MULTICLASS else 2
        if v["dataset"] != CSV and v["points"] < 2 * k:
            raise TrainingStateError(
                f"{v['points']} points are too few for {k} classes (need at least {2 * k})")
        la = v["layer_activations"]
        n = len(v["hidden"])
        if la is not None and len(la) != n:
            if "layer_activations" in given and "hidden" not in given:
                raise TrainingStateError(f"{len(la)} activations given for {n} hidden layers")
            # The layer count changed: keep the first ones, repeat the last for new layers.
            v["layer_activations"] = tuple(la[:n]) + (la[-1],) * max(0, n - len(la))
        if v["compare"]:
            if v["shown"] not in v["compare"]:
                v["shown"] = v["compare"][0]
        else:
            v["shown"] = None

    def set(self, name: str, value: Any) -> None:
        self.update(**{name: value})

    def apply_preset(self, key: str) -> Preset:
        """Apply one of :data:`PRESETS` (every setting but the speed and the CSV path)."""
        try:
            preset = PRESETS[key]
        except KeyError:
            raise TrainingStateError(
                f"unknown preset {key!r}; use one of {', '.join(PRESETS)}") from None
        self.update(**preset.values)
        return preset

    def matches_preset(self, params_of: Callable[[str], Mapping[str, float]] | None = None
                       ) -> str | None:
        """The key of the preset these settings equal (whatever the speed and the epoch
        budget), or None.  With ``params_of(fid)`` (the shared per-function parameters) the
        functions' parameters must be the preset's too."""
        for key, p in PRESETS.items():
            want = dict(self._values)
            want.update({k: _check(k, val) for k, val in p.values.items()})
            self._normalise(want, set(p.values))
            if not all(want[k] == self._values[k] for k in _FIELDS if k not in _PRESET_MATCH_IGNORES):
                continue
            if params_of is not None and any(dict(params_of(fid)) != dict(want_params)
                                             for fid, want_params in p.params.items()):
                continue
            return key
        return None

    def reset_to_defaults(self) -> None:
        """Every setting back to its default but the CSV file, which stays available."""
        self.update(**{k: v for k, v in DEFAULTS.items() if k != "csv_path"})
