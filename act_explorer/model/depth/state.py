"""State of the depth panel: the experiment's settings, evented.

:class:`DepthState` holds what the user sets on the depth tab - the depth ``L`` shown, width,
batch, initialisation preset, sigma_w, sigma_b and seed, and ``inits``: an init of their own
for some functions (a comparison of sigmoid with Xavier against ReLU with He) - validates every change (raising
:class:`~.config.DepthError` with a sentence for the user; the state is then unchanged) and
emits psygnal signals, so a view subscribes and writes back only through the setters (the
napari / glue pattern; no Qt here).  Which functions are simulated is not part of it: that is
the shared :class:`~.curves.CurvesState` (current function, overlays, parameters).

Two kinds of change, two signals:

* ``depth_changed(L)`` - the depth shown.  Every simulation runs once to
  :data:`MAX_VIEW_DEPTH` layers and a depth change only indexes it
  (:meth:`~.results.DepthResult.view`, ~0.1 ms), so this never starts new work.
* ``settings_changed()`` - width, batch, init, sigma_w, sigma_b, seed, architecture, branch
  scale or weight distribution: the random network changes and the panel must simulate again
  (:func:`~.results.compute`, on a worker).  With the branch scale 1/sqrt(L) the network
  itself depends on the depth shown, so a depth change emits it too (and the run is that deep).

sigma_w is stored as the *custom* weight scale: it is used only with ``init == 'custom'``
(the presets define their own, :meth:`DepthState.preset_sigma_w`).  It may be unset (None);
``custom`` without it is a state the user can reach (say a session saved before it was
typed) and :meth:`DepthState.problem` names it, so the panel shows the sentence and keeps its
last good plot instead of failing.

What is simulated for these settings, and the caches of results, are the
:class:`~.session.DepthSession`'s.
"""

from __future__ import annotations

import functools
import math
import random
import re
from typing import Any, Mapping, Sequence

import numpy as np
from psygnal import Signal

from ..state import Field, StateBase, finite_float
from .config import (
    BRANCH_SQRT, INITS, RESIDUAL_ARCHS, SIGMA_MAX, DepthConfig, DepthError, arch_problem,
    check_arch, check_branch_scale, check_weights, init_sigma_w2,
)

__all__ = [
    "MAX_VIEW_DEPTH", "WIDTH_RANGE", "BATCH_RANGE", "SEED_MAX", "REROLL_MAX", "DEFAULTS",
    "DepthState", "FUNCTION_INITS",
]

MAX_VIEW_DEPTH = 200                 # the depth slider's range; every simulation runs this deep
WIDTH_RANGE = (8, 1024)
BATCH_RANGE = (1, 1024)
SEED_MAX = 2**63 - 1                 # as the CLI's --seed
REROLL_MAX = 1_000_000               # re-rolled seeds stay short enough to read and type
DEFAULTS: dict[str, Any] = {
    "depth": 30, "width": 256, "batch": 256, "init": "xavier", "sigma_w": None,
    "sigma_b": 0.0, "seed": 0, "inits": {},
    "arch": "plain", "branch_scale": 1.0, "weights": "gaussian",
}
_SETTINGS = frozenset(("width", "batch", "init", "sigma_w", "sigma_b", "seed", "inits", "arch",
                       "branch_scale", "weights"))
# Inits a function can have of its own (the custom sigma_w is one value for every function).
FUNCTION_INITS = tuple(i for i in INITS if i != "custom")
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
    v, problem = finite_float(value, refuse_bool=True)
    if problem:
        raise DepthError(f"{name} must be {'a number' if problem == 'number' else 'a finite number'}, got {value!r}")
    return v


def _refuse_unknown(values: Mapping[str, Any]) -> None:
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise DepthError(f"unknown depth setting {sorted(unknown)[0]!r}")


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
        if init not in INITS:
            raise DepthError(f"unknown init {value!r}; use one of {', '.join(INITS)}")
        return init
    if name == "sigma_w":
        if value is None:
            return None
        v = _number(value, "σ_w")
        if not 0.0 < v <= SIGMA_MAX:
            raise DepthError(f"σ_w must be greater than 0 and at most {SIGMA_MAX:g}, got {v:g}")
        return v
    if name == "sigma_b":
        v = _number(value, "σ_b")
        if not 0.0 <= v <= SIGMA_MAX:
            raise DepthError(f"σ_b must be between 0 and {SIGMA_MAX:g}, got {v:g}")
        return v
    if name == "arch":
        return check_arch(value)
    if name == "branch_scale":
        return check_branch_scale(value)
    if name == "weights":
        return check_weights(value)
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


class DepthState(StateBase):
    """Settings of the depth panel (see the module docstring): the fields of :data:`DEFAULTS`,
    each validated by :func:`_check`, read as attributes (``state.width``)."""

    FIELDS = {name: Field(default, functools.partial(_check, name))
              for name, default in DEFAULTS.items()}
    Error = DepthError

    depth_changed = Signal(int)        # the depth shown: index the results, nothing to compute
    settings_changed = Signal()        # width/batch/init/sigma_w/sigma_b/seed: simulate again
    # ``changed(frozenset)`` (anything) comes from StateBase, after these two.

    def __init__(self, **values: Any) -> None:
        _refuse_unknown(values)
        super().__init__(**values)

    # -- reading ----------------------------------------------------------------------------
    @property
    def inits(self) -> dict[str, str]:
        """Functions with an init of their own: {function id: init}; the others use
        :attr:`init`."""
        return dict(self._values["inits"])

    def values(self) -> dict[str, Any]:
        out = super().values()
        out["inits"] = dict(out["inits"])
        return out

    def init_for(self, fid: str) -> str:
        """The init function ``fid`` is simulated with: its own, else :attr:`init`."""
        return self._values["inits"].get(fid, self._values["init"])

    def problem(self) -> str | None:
        """Why no experiment can be run with these settings, or None."""
        if self.init == "custom" and self.sigma_w is None:
            return "the custom init needs a weight scale σ_w: type a value greater than 0"
        return None

    def _check_together(self, values: dict[str, Any]) -> None:
        # The branch scale is kept when another architecture is chosen (it is used again when
        # a residual one comes back), so only the rules that block a run are checked here.
        problem = arch_problem(values["arch"], 1.0, values["batch"], values["width"])
        if problem:
            raise DepthError(problem)

    @property
    def branch_alpha(self) -> float | str:
        """The branch scale the networks use: :attr:`branch_scale` for the residual
        architectures, 1 for the others (they have no branch)."""
        return self.branch_scale if self.arch in RESIDUAL_ARCHS else 1.0

    def depth_dependent(self) -> bool:
        """True when the network itself depends on the depth shown (alpha = 1/sqrt(L)): a depth
        change then needs a new run of that depth, not a slice of the deep one."""
        return self.branch_alpha == BRANCH_SQRT

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
            fid, dict(params or {}),
            depth=self.depth if self.depth_dependent() else MAX_VIEW_DEPTH,
            width=self.width, batch=self.batch,
            init=init, sigma_w=self.sigma_w if init == "custom" else None,
            sigma_b=self.sigma_b, seed=self.seed, arch=self.arch,
            branch_scale=self.branch_alpha, weights=self.weights,
        )

    def preset_sigma_w(self, fid: str, params: Mapping[str, float] | None = None,
                       init: str | None = None) -> float:
        """sigma_w that the preset ``init`` (default: the init ``fid`` is simulated with,
        :meth:`init_for`) gives ``fid`` with ``params`` (He depends on a leaky slope); for
        'custom', the custom value (NaN when unset)."""
        init = _check("init", init or self.init_for(fid))
        if init == "custom":
            return float("nan") if self.sigma_w is None else self.sigma_w
        return math.sqrt(init_sigma_w2(init, fid, params or {}, None, self.width, self.width))

    # -- writing ----------------------------------------------------------------------------
    def update(self, **values: Any) -> frozenset:
        """Set several fields at once: all are validated first (nothing changes on an error)
        and the signals fire once: ``depth_changed``, ``settings_changed``, then ``changed``."""
        _refuse_unknown(values)
        return super().update(**values)

    def _after_update(self, changed: frozenset) -> None:
        if "depth" in changed:
            self.depth_changed.emit(self.depth)
        if changed & _SETTINGS or ("depth" in changed and self.depth_dependent()):
            self.settings_changed.emit()   # alpha = 1/sqrt(L): another network

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
    def _to_json(self, name: str, value: Any) -> Any:
        return dict(value) if name == "inits" else super()._to_json(name, value)

    def export_name(self, fids: Sequence[str]) -> str:
        """A file name stem such as ``depth-relu-he-50`` (compared functions first, as shown)."""
        arch = [] if self.arch == "plain" else [self.arch]
        weights = ["orthogonal"] if self.weights == "orthogonal" else []
        parts = ["depth", *fids, *arch, self.init, *weights, str(self.depth)]
        return "-".join(re.sub(r"[^A-Za-z0-9_.]+", "_", p).strip("_") or "f" for p in parts)
