"""State of the depth panel: the experiment's settings, evented, and the work the panel runs.

:class:`DepthState` holds what the user sets on the depth tab - the depth ``L`` shown, width,
batch, initialisation preset, sigma_w, sigma_b and seed, and ``inits``: an init of their own
for some functions (a comparison of sigmoid with Xavier against ReLU with He) - validates every change (raising
:class:`~.depth.DepthError` with a sentence for the user; the state is then unchanged) and
emits psygnal signals, so a view subscribes and writes back only through the setters (the
napari / glue pattern; no Qt here).  Which functions are simulated is not part of it: that is
the shared :class:`~.curves.CurvesState` (current function, overlays, parameters).

Two kinds of change, two signals:

* ``depth_changed(L)`` - the depth shown.  Every simulation runs once to
  :data:`MAX_VIEW_DEPTH` layers and a depth change only indexes it
  (:meth:`DepthResult.view`, ~0.1 ms), so this never starts new work.
* ``settings_changed()`` - width, batch, init, sigma_w, sigma_b or seed: the random network
  changes and the panel must simulate again (:func:`compute`, on a worker).

sigma_w is stored as the *custom* weight scale: it is used only with ``init == 'custom'``
(the presets define their own, :meth:`DepthState.preset_sigma_w`).  It may be unset (None);
``custom`` without it is a state the user can reach (say a session saved before it was
typed) and :meth:`DepthState.problem` names it, so the panel shows the sentence and keeps its
last good plot instead of failing.

The long work is a plain function, :func:`compute` (Orange3 pattern: ``progress`` and
``should_stop`` callbacks), and results are kept in a small :class:`ResultCache` keyed by the
hashable :class:`~.depth.DepthConfig`, so toggling back to an earlier setting, or adding a
function to a comparison, only simulates what is new.  :func:`results_csv` writes what the
panel shows: the CLI's ``depth`` columns for the current function, then the mean-field
prediction and the product of the largest slopes, then the same for each compared function.
"""

from __future__ import annotations

import math
import random
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
from psygnal import Signal

from . import catalogue
from . import depth as D
from .depth import DepthConfig, DepthError, DepthSeries, DepthSimulation, DepthTheory, FixedPoint
from .depth_readout import Readout, readout, readout_lines
from .tables import csv_text

__all__ = [
    "MAX_VIEW_DEPTH", "WIDTH_RANGE", "BATCH_RANGE", "SEED_MAX", "REROLL_MAX", "DEFAULTS",
    "DepthState", "DepthResult", "DepthView", "ResultCache", "compute", "results_csv",
    "EXTRA_COLUMNS", "mean_over_rms", "FUNCTION_INITS",
]

MAX_VIEW_DEPTH = 200                 # the depth slider's range; every simulation runs this deep
WIDTH_RANGE = (8, 1024)
BATCH_RANGE = (1, 1024)
SEED_MAX = 2**63 - 1                 # as the CLI's --seed
REROLL_MAX = 1_000_000               # re-rolled seeds stay short enough to read and type
DEFAULTS: dict[str, Any] = {
    "depth": 30, "width": 256, "batch": 256, "init": "xavier", "sigma_w": None,
    "sigma_b": 0.0, "seed": 0, "inits": {},
}
_FIELDS = tuple(DEFAULTS)
_SETTINGS = ("width", "batch", "init", "sigma_w", "sigma_b", "seed", "inits")
# Inits a function can have of its own (the custom sigma_w is one value for every function).
FUNCTION_INITS = tuple(i for i in D.INITS if i != "custom")
MAX_FUNCTION_ID = 200


def _whole(value: Any, name: str, lo: int, hi: int) -> int:
    if isinstance(value, bool):
        raise DepthError(f"{name} must be a whole number between {lo} and {hi}, got {value!r}")
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise DepthError(f"{name} must be a whole number between {lo} and {hi}, "
                             f"got {value!r}") from None
    if not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise DepthError(f"{name} must be a whole number between {lo} and {hi}, got {value!r}")
    return int(value)


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise DepthError(f"{name} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise DepthError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise DepthError(f"{name} must be a finite number, got {value!r}")
    return v


def _check(name: str, value: Any) -> Any:
    """``value`` validated and normalised for field ``name`` (raises :class:`DepthError`)."""
    if name == "depth":
        return _whole(value, "depth", 1, MAX_VIEW_DEPTH)
    if name == "width":
        return _whole(value, "width", *WIDTH_RANGE)
    if name == "batch":
        return _whole(value, "batch", *BATCH_RANGE)
    if name == "seed":
        if isinstance(value, str) and value.strip().startswith("-"):
            raise DepthError(f"the seed must be a whole number from 0 to {SEED_MAX}, got {value!r}")
        try:
            return _whole(value, "seed", 0, SEED_MAX)
        except DepthError:
            raise DepthError(f"the seed must be a whole number from 0 to {SEED_MAX}, "
                             f"got {value!r}") from None
    if name == "init":
        init = str(value).strip().lower()
        if init not in D.INITS:
            raise DepthError(f"unknown init {value!r}; use one of {', '.join(D.INITS)}")
        return init
    if name == "sigma_w":
        if value is None:
            return None
        v = _number(value, "σ_w")
        if not 0.0 < v <= D.SIGMA_MAX:
            raise DepthError(f"σ_w must be greater than 0 and at most {D.SIGMA_MAX:g}, got {v:g}")
        return v
    if name == "sigma_b":
        v = _number(value, "σ_b")
        if not 0.0 <= v <= D.SIGMA_MAX:
            raise DepthError(f"σ_b must be between 0 and {D.SIGMA_MAX:g}, got {v:g}")
        return v
    if name == "inits":
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise DepthError(f"inits per function must be a mapping of function id to init, "
                             f"got {value!r}")
        out = {}
        for fid, init in value.items():
            if not isinstance(fid, str) or not 0 < len(fid.strip()) <= MAX_FUNCTION_ID:
                raise DepthError(f"not a function id: {fid!r}")
            key = str(init).strip().lower()
            if key not in FUNCTION_INITS:
                raise DepthError(f"unknown init {init!r} for {fid}; use one of "
                                 f"{', '.join(FUNCTION_INITS)}")
            out[fid.strip()] = key
        return out
    raise DepthError(f"unknown depth setting {name!r}")


class DepthState:
    """Settings of the depth panel (see the module docstring)."""

    depth_changed = Signal(int)        # the depth shown: index the results, nothing to compute
    settings_changed = Signal()        # width/batch/init/sigma_w/sigma_b/seed: simulate again
    changed = Signal()                 # anything

    def __init__(self, **values: Any) -> None:
        self._v: dict[str, Any] = dict(DEFAULTS)
        if values:
            unknown = set(values) - set(_FIELDS)
            if unknown:
                raise DepthError(f"unknown depth setting {sorted(unknown)[0]!r}")
            self._v.update({k: _check(k, v) for k, v in values.items()})

    # -- reading ----------------------------------------------------------------------------
    @property
    def depth(self) -> int:
        return self._v["depth"]

    @property
    def width(self) -> int:
        return self._v["width"]

    @property
    def batch(self) -> int:
        return self._v["batch"]

    @property
    def init(self) -> str:
        return self._v["init"]

    @property
    def sigma_w(self) -> float | None:
        """The custom weight scale (used with ``init == 'custom'`` only); may be None."""
        return self._v["sigma_w"]

    @property
    def sigma_b(self) -> float:
        return self._v["sigma_b"]

    @property
    def inits(self) -> dict[str, str]:
        """Functions with an init of their own: {function id: init}; the others use
        :attr:`init`."""
        return dict(self._v["inits"])

    def init_for(self, fid: str) -> str:
        """The init function ``fid`` is simulated with: its own, else :attr:`init`."""
        return self._v["inits"].get(fid, self._v["init"])

    @property
    def seed(self) -> int:
        return self._v["seed"]

    def values(self) -> dict[str, Any]:
        out = dict(self._v)
        out["inits"] = dict(out["inits"])
        return out

    def problem(self) -> str | None:
        """Why no experiment can be run with these settings, or None."""
        if self.init == "custom" and self.sigma_w is None:
            return "the custom init needs a weight scale σ_w: type a value greater than 0"
        return None

    def validate(self) -> None:
        msg = self.problem()
        if msg:
            raise DepthError(msg)

    def config(self, fid: str, params: Mapping[str, float] | None = None) -> DepthConfig:
        """The experiment for function ``fid`` with ``params``, :data:`MAX_VIEW_DEPTH` deep.

        Raises :class:`DepthError` (settings), :class:`ParamError` (parameters) or
        ``catalogue.UnknownActivation``."""
        self.validate()
        init = self.init_for(fid)
        return DepthConfig(
            fid, dict(params or {}), depth=MAX_VIEW_DEPTH, width=self.width, batch=self.batch,
            init=init, sigma_w=self.sigma_w if init == "custom" else None,
            sigma_b=self.sigma_b, seed=self.seed,
        )

    def preset_sigma_w(self, fid: str, params: Mapping[str, float] | None = None,
                       init: str | None = None) -> float:
        """sigma_w that the preset ``init`` (default: the init ``fid`` is simulated with,
        :meth:`init_for`) gives ``fid`` with ``params`` (He depends on a leaky slope); for
        'custom', the custom value (NaN when unset)."""
        init = _check("init", init or self.init_for(fid))
        if init == "custom":
            return float("nan") if self.sigma_w is None else self.sigma_w
        return math.sqrt(D.init_sigma_w2(init, fid, params or {}, None, self.width, self.width))

    # -- writing ----------------------------------------------------------------------------
    def update(self, **values: Any) -> None:
        """Set several fields at once: all are validated first (nothing changes on an error)
        and the signals fire once."""
        unknown = set(values) - set(_FIELDS)
        if unknown:
            raise DepthError(f"unknown depth setting {sorted(unknown)[0]!r}")
        new = {k: _check(k, v) for k, v in values.items()}
        changed = {k for k, v in new.items() if self._v[k] != v}
        if not changed:
            return
        self._v.update({k: new[k] for k in changed})
        if "depth" in changed:
            self.depth_changed.emit(self._v["depth"])
        if changed & set(_SETTINGS):
            self.settings_changed.emit()
        self.changed.emit()

    def set_depth(self, value: int) -> None:
        self.update(depth=value)

    def set_width(self, value: int) -> None:
        self.update(width=value)

    def set_batch(self, value: int) -> None:
        self.update(batch=value)

    def set_init(self, value: str) -> None:
        self.update(init=value)

    def set_sigma_w(self, value: float | None) -> None:
        self.update(sigma_w=value)

    def set_sigma_b(self, value: float) -> None:
        self.update(sigma_b=value)

    def set_seed(self, value: int | str) -> None:
        self.update(seed=value)

    def set_function_init(self, fid: str, init: str | None) -> None:
        """Give function ``fid`` an init of its own (one of :data:`FUNCTION_INITS`), or
        ``None``: the panel's :attr:`init` again."""
        inits = self.inits
        if init is None:
            inits.pop(fid, None)
        else:
            inits[fid] = init
        self.update(inits=inits)

    def reroll(self, rng: random.Random | None = None) -> int:
        """A new random seed in [0, :data:`REROLL_MAX`), different from the current one."""
        rng = rng or random.SystemRandom()
        seed = self.seed
        for _ in range(100):
            seed = rng.randrange(REROLL_MAX)
            if seed != self.seed:
                break
        self.set_seed(seed)
        return seed

    def reset(self) -> None:
        self.update(**DEFAULTS)

    # -- plain data -------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return self.values()

    def update_from_dict(self, data: Mapping[str, Any], strict: bool = False) -> list[str]:
        """Apply saved settings.  Invalid or unknown entries are skipped (or raise
        :class:`DepthError` with ``strict``); returns the problems found, as sentences."""
        if not isinstance(data, Mapping):
            raise DepthError("depth settings must be a mapping")
        problems: list[str] = []
        good: dict[str, Any] = {}
        for key, value in data.items():
            try:
                if key not in _FIELDS:
                    raise DepthError(f"unknown depth setting {key!r}")
                good[key] = _check(key, value)
            except DepthError as exc:
                if strict:
                    raise
                problems.append(str(exc))
        self.update(**good)
        return problems

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], strict: bool = True) -> "DepthState":
        state = cls()
        state.update_from_dict(data, strict=strict)
        return state

    def export_name(self, fids: Sequence[str]) -> str:
        """A file name stem such as ``depth-relu-he-50`` (compared functions first, as shown)."""
        parts = ["depth", *fids, self.init, str(self.depth)]
        return "-".join(re.sub(r"[^A-Za-z0-9_.]+", "_", p).strip("_") or "f" for p in parts)


# ---- the work ---------------------------------------------------------------------------------

def mean_over_rms(series: DepthSeries) -> np.ndarray:
    """Activation mean divided by activation RMS per layer, in [-1, 1]: 0 for zero-centred
    outputs (tanh), 1 when every output is the same positive number.  Scale-free, so it stays
    readable when the activations explode or vanish; NaN where undefined (RMS 0, overflow).
    Computed through the log10 RMS, so it is right beyond the float range too."""
    mean = np.asarray(series.act_mean, dtype=np.float64)
    log_rms = np.asarray(series.log10_act_rms, dtype=np.float64)
    out = np.full(mean.shape, np.nan)
    ok = np.isfinite(mean) & np.isfinite(log_rms)
    nz = ok & (mean != 0.0)
    out[ok & (mean == 0.0)] = 0.0
    out[nz] = np.sign(mean[nz]) * 10.0 ** (np.log10(np.abs(mean[nz])) - log_rms[nz])
    return np.clip(out, -1.0, 1.0, out=out, where=np.isfinite(out))


@dataclass(frozen=True)
class DepthView:
    """What the panel draws for one function at depth ``L``: simulation and theory series."""

    sim: DepthSeries
    theory: DepthSeries
    fixed_point: FixedPoint
    full_theory: "D.DepthTheory | None" = None   # the recursion behind ``theory`` (q per layer)

    def mean_over_rms(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`mean_over_rms` of the simulation and of the theory."""
        return mean_over_rms(self.sim), mean_over_rms(self.theory)

    def readout(self) -> Readout:
        """The model's sentence about the simulation (the measurement) at this depth."""
        return readout(self.sim, self.fixed_point, self.theory)

    def readout_lines(self) -> list[Readout]:
        """Every sentence of the readout (:func:`~.depth_readout.readout_lines`)."""
        if self.full_theory is None:
            return [self.readout()]
        return readout_lines(self.full_theory, self.sim.depth, self.sim)


@dataclass(frozen=True, eq=False)
class DepthResult:
    """Simulation and mean-field theory of one config (``MAX_VIEW_DEPTH`` layers)."""

    config: DepthConfig
    sim: DepthSimulation
    theory: DepthTheory

    @property
    def fixed_point(self) -> FixedPoint:
        return self.theory.fixed_point

    def view(self, depth: int) -> DepthView:
        return DepthView(self.sim.view(depth), self.theory.view(depth), self.theory.fixed_point,
                         self.theory)


def compute(configs: Iterable[DepthConfig], *, progress: Callable[[float], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> list[DepthResult]:
    """Theory and simulation of every config, in order.  ``progress`` gets the overall
    fraction; ``should_stop`` is polled per layer (raises :class:`~.depth.Cancelled`)."""
    configs = list(configs)
    n = max(1, len(configs))
    out: list[DepthResult] = []
    theory_share = 0.1
    for i, cfg in enumerate(configs):
        if should_stop is not None and should_stop():
            raise D.Cancelled()
        th = D.theory(cfg)
        if progress is not None:
            progress((i + theory_share) / n)

        def part(f: float, i: int = i) -> None:
            if progress is not None:
                progress(min(1.0, (i + theory_share + (1 - theory_share) * f) / n))

        sim = D.simulate(cfg, max_df=th.max_df, progress=part, should_stop=should_stop)
        out.append(DepthResult(cfg, sim, th))
    if progress is not None:
        progress(1.0)
    return out


class ResultCache:
    """The last ``size`` results by config (least recently used dropped first).

    A typed function can be removed and another registered under the same id, so entries of
    typed (family 'custom') or removed functions are dropped by :meth:`forget_typed`."""

    def __init__(self, size: int = 32):
        self.size = int(size)
        self._d: OrderedDict[DepthConfig, DepthResult] = OrderedDict()

    def __contains__(self, cfg: DepthConfig) -> bool:
        return cfg in self._d

    def __len__(self) -> int:
        return len(self._d)

    def get(self, cfg: DepthConfig) -> DepthResult | None:
        hit = self._d.get(cfg)
        if hit is not None:
            self._d.move_to_end(cfg)
        return hit

    def put(self, result: DepthResult) -> None:
        self._d[result.config] = result
        self._d.move_to_end(result.config)
        while len(self._d) > self.size:
            self._d.popitem(last=False)

    def missing(self, configs: Iterable[DepthConfig]) -> list[DepthConfig]:
        return [c for c in dict.fromkeys(configs) if c not in self._d]

    def forget_typed(self) -> None:
        for cfg in list(self._d):
            act = catalogue.CATALOGUE.get(cfg.act_id)
            if act is None or act.family == "custom":
                del self._d[cfg]

    def clear(self) -> None:
        self._d.clear()


# ---- export -----------------------------------------------------------------------------------

EXTRA_COLUMNS = ("theory_grad_rms", "theory_act_rms", "theory_act_mean",
                 "theory_frac_saturated", "max_slope_product")


def _extra(view: DepthView) -> list[np.ndarray]:
    t = view.theory
    return [t.grad_rms, t.act_rms, t.act_mean, t.frac_saturated, view.sim.slope_product]


def results_csv(views: Sequence[tuple[str, DepthView]]) -> str:
    """CSV of what the panel shows; ``views`` = (function id, view), the current one first.

    The first six columns are exactly ``act-explorer depth ID --layers L ...`` (the current
    function's simulation: ``layer,grad_rms,act_rms,act_mean,frac_dead,frac_saturated``),
    then :data:`EXTRA_COLUMNS` (mean-field theory and the product of the largest slopes,
    (max|f'|)^(L-l), which bounds the product of the slopes, not the gradient), then, for each compared
    function, all of these but ``layer`` prefixed with ``<id>_``.
    """
    if not views:
        raise DepthError("there is no depth result to export yet")
    fid0, v0 = views[0]
    base = v0.sim.to_csv().splitlines()
    header = list(EXTRA_COLUMNS)
    cols = _extra(v0)
    for fid, v in views[1:]:
        if v.sim.depth != v0.sim.depth:
            raise DepthError("compared results differ in depth")
        sim_cols = v.sim.columns()
        names = list(D.CSV_HEADER[1:]) + list(EXTRA_COLUMNS)
        header += [f"{fid}_{c}" for c in names]
        cols += [sim_cols[c] for c in D.CSV_HEADER[1:]] + _extra(v)
    extra = csv_text(header, cols).splitlines()
    if len(extra) != len(base):
        raise DepthError("depth CSV columns differ in length")
    return "\n".join(f"{a},{b}" for a, b in zip(base, extra)) + "\n"

