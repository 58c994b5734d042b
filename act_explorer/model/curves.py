"""State of the curves view: which functions are shown, their parameters, the x range.

Views hold a :class:`CurvesState`, subscribe to its signals and write back only through its
setters.  The numbers they draw come from :meth:`CurvesState.curves` and
:meth:`CurvesState.readout`; nothing is computed in a view.  The state round-trips to plain
data (:meth:`to_dict` / :meth:`from_dict`) for settings and sessions.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
from psygnal import Signal

from . import catalogue, colours
from .catalogue import Activation, ParamError
from .properties import Properties, analyse_activation
from .state import Field, StateBase, StateError

__all__ = ["PALETTE", "Curve", "CurvesError", "CurvesState", "colour_for"]

# Colour-blind-friendly palette (Okabe-Ito first, then Tol): see model/colours.py.
PALETTE = colours.PALETTE

X_LIMIT = 1.0e6          # the x-range control accepts |x| up to this
MIN_SPAN = 1.0e-6
DEFAULT_RANGE = (-6.0, 6.0)
DEFAULT_POINTS = 2001
PROPERTIES_CACHE_SIZE = 64


def colour_for(fid: str) -> str:
    """A function's preferred colour: built-ins by catalogue order, others by a hash.  Shown
    together, functions get :meth:`CurvesState.colour_map` (distinct colours)."""
    if fid in catalogue.BUILTIN:
        return PALETTE[list(catalogue.BUILTIN).index(fid) % len(PALETTE)]
    h = sum((i + 1) * ord(c) for i, c in enumerate(fid))
    return PALETTE[h % len(PALETTE)]


def _defined(fx: np.ndarray, dfx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f′ only where f is defined: a typed log(x) has the formula 1/x for f′, finite for
    x < 0, where log is NaN; the plot must not draw a slope of a function that is not there."""
    undefined = np.isnan(fx)
    if undefined.any():
        dfx = np.where(undefined, np.nan, dfx)
    return fx, dfx


@dataclass(frozen=True)
class Curve:
    id: str
    name: str
    colour: str
    x: np.ndarray
    f: np.ndarray
    df: np.ndarray
    current: bool


class CurvesError(ParamError, StateError):
    """A curves setting refused (a :class:`ParamError`, as the setters always raised)."""


def _check_current(value: Any) -> str:
    return catalogue.get(str(value)).id


def _check_overlays(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise CurvesError(f"overlays must be a list of function ids, not {value!r}")
    return tuple(dict.fromkeys(catalogue.get(str(i)).id for i in value))


def _check_params(value: Any) -> dict[str, dict[str, float]]:
    """{id: {name: value}} with only the values that differ from the defaults (the setters
    resolve them against the function's ranges first)."""
    if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
        raise CurvesError("params must map function ids to {name: value} tables")
    return {str(fid): {str(k): float(v) for k, v in vals.items()} for fid, vals in value.items() if vals}


def _check_x_range(value: Any) -> tuple[float, float]:
    try:
        xmin, xmax = (float(v) for v in value)
    except (TypeError, ValueError):
        raise CurvesError(f"x range {value!r} is not a valid range") from None
    if not (math.isfinite(xmin) and math.isfinite(xmax)):
        raise CurvesError("the x range must be finite")
    if not xmin < xmax:
        raise CurvesError(f"the x range needs min < max (got {xmin:g} and {xmax:g})")
    if max(abs(xmin), abs(xmax)) > X_LIMIT:
        raise CurvesError(f"the x range must stay within ±{X_LIMIT:g}")
    if xmax - xmin < MIN_SPAN:
        raise CurvesError(f"the x range must be wider than {MIN_SPAN:g}")
    return (xmin, xmax)


def _check_points(value: Any) -> int:
    n = int(value)
    if not 2 <= n <= 1_000_000:
        raise CurvesError(f"the number of points must be between 2 and 1000000 (got {n})")
    return n


class CurvesState(StateBase):
    """Selected function, overlays, per-function parameters and the x range.

    The fields (:attr:`FIELDS`) change only through :meth:`update` (the setters below call
    it); besides ``changed(frozenset)`` it emits the specific signals the views use, from
    :meth:`_after_update`.  The typed functions are in :attr:`typed`, the process's
    :class:`~.catalogue.TypedRegistry` (:data:`~.catalogue.TYPED`), which only this state
    changes in the application (the command line's ``--expr`` adds one for a single run).
    """

    FIELDS = {
        "current": Field("relu", _check_current, "the function shown in front and analysed"),
        "overlays": Field((), _check_overlays, "other functions drawn behind it, in the order checked"),
        "params": Field({}, _check_params, "per function, the parameters that differ from the defaults"),
        "x_range": Field(DEFAULT_RANGE, _check_x_range, "the x range drawn"),
        "points": Field(DEFAULT_POINTS, _check_points, "samples over the x range"),
    }
    Error = CurvesError

    current_changed = Signal(str)
    overlays_changed = Signal(tuple)
    params_changed = Signal(str)          # id whose parameters changed
    x_range_changed = Signal(float, float)
    catalogue_changed = Signal()          # a typed function was added or removed
    # ``changed`` (from StateBase): anything that changes the drawn curves

    def __init__(self, current: str = "relu") -> None:
        super().__init__(current=current)
        self.typed: catalogue.TypedRegistry = catalogue.TYPED
        # (entry, params) -> properties: the 64 most recently analysed.  The key holds the
        # entry itself, so a typed function replaced under the same id is analysed again.
        self._props_cache: OrderedDict[tuple, Properties] = OrderedDict()
        self._before: dict[str, Any] = {}

    def update(self, **values: Any) -> frozenset:
        self._before = self.values()
        return super().update(**values)

    def _after_update(self, changed: frozenset) -> None:
        if "current" in changed:
            self.current_changed.emit(self.current)
        if "overlays" in changed:
            self.overlays_changed.emit(self.overlays)
        if "params" in changed:
            old, new = self._before.get("params", {}), self._values["params"]
            for fid in dict.fromkeys([*old, *new]):
                if old.get(fid) != new.get(fid):
                    self.params_changed.emit(fid)
        if "x_range" in changed:
            self.x_range_changed.emit(*self.x_range)

    # -- reading --------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return self._values["current"]

    @property
    def activation(self) -> Activation:
        return catalogue.get(self.current)

    @property
    def overlays(self) -> tuple[str, ...]:
        return self._values["overlays"]

    @property
    def x_range(self) -> tuple[float, float]:
        return self._values["x_range"]

    @property
    def points(self) -> int:
        return self._values["points"]

    def shown(self) -> list[str]:
        """Ids drawn: the overlays in the order they were checked, then the current one."""
        ids = [i for i in self.overlays if i in catalogue.CATALOGUE and i != self.current]
        return ids + [self.current]

    def params(self, fid: str | None = None) -> dict[str, float]:
        fid = fid or self.current
        act = catalogue.get(fid)
        out = act.defaults()
        out.update(self._values["params"].get(act.id, {}))
        return out

    def x(self) -> np.ndarray:
        xmin, xmax = self.x_range
        return np.linspace(xmin, xmax, self.points)

    # How a view draws a palette colour (a dark theme lightens the darkest ones): colours
    # are told apart as drawn.  None: as they are.
    colour_transform = None

    def colour_map(self, ids: list[str] | None = None, transform=None) -> dict[str, str]:
        """Distinct colours (:func:`colours.assign`) for ``ids`` (default: the functions
        shown), each its preferred colour unless that is too close to one given before;
        compared as drawn by ``transform`` (default :attr:`colour_transform`)."""
        ids = self.shown() if ids is None else ids
        return colours.assign(((fid, colour_for(fid)) for fid in ids),
                              transform=transform or self.colour_transform)

    def curves(self) -> list[Curve]:
        x = self.x()
        out = []
        cmap = self.colour_map()
        for fid in self.shown():
            act = catalogue.get(fid)
            f, df = act.bind(**self.params(fid))
            fx, dfx = _defined(f(x), df(x))
            out.append(Curve(fid, act.name, cmap[fid], x, fx, dfx, fid == self.current))
        return out

    def readout(self, x: float) -> list[tuple[str, str, str, float, float]]:
        """(id, name, colour, f(x), f'(x)) for every shown function at one x."""
        xs = np.array([float(x)])
        rows = []
        cmap = self.colour_map()
        for fid in self.shown():
            act = catalogue.get(fid)
            f, df = act.bind(**self.params(fid))
            fx, dfx = _defined(f(xs), df(xs))
            rows.append((fid, act.name, cmap[fid], float(fx[0]), float(dfx[0])))
        return rows

    def properties(self, fid: str | None = None) -> Properties:
        fid = fid or self.current
        p = self.params(fid)
        act = catalogue.get(fid)
        key = (act, tuple(sorted(p.items())))
        hit = self._props_cache.get(key)
        if hit is not None:
            self._props_cache.move_to_end(key)
            return hit
        props = analyse_activation(act, **p)
        self._props_cache[key] = props
        while len(self._props_cache) > PROPERTIES_CACHE_SIZE:
            self._props_cache.popitem(last=False)
        return props

    # -- writing --------------------------------------------------------------------------
    def select(self, fid: str) -> None:
        self.update(current=catalogue.get(fid).id)

    def set_overlay(self, fid: str, on: bool) -> None:
        act = catalogue.get(fid)
        ids = [i for i in self.overlays if i != act.id]
        if on:
            ids.append(act.id)
        self.update(overlays=tuple(ids))

    def set_overlays(self, ids) -> None:
        self.update(overlays=tuple(ids))

    def set_param(self, name: str, value: float, fid: str | None = None) -> None:
        """Set one parameter; raises :class:`ParamError` (state unchanged) when invalid."""
        act = catalogue.get(fid or self.current)
        trial = self.params(act.id)
        trial[name] = value
        resolved = act.resolve(trial)
        if resolved == self.params(act.id):
            return
        params = dict(self._values["params"])
        params[act.id] = {k: v for k, v in resolved.items() if v != act.param(k).default}
        self.update(params=params)

    def reset_params(self, fid: str | None = None) -> None:
        fid = catalogue.get(fid or self.current).id
        params = dict(self._values["params"])
        if params.pop(fid, None):
            self.update(params=params)

    def set_x_range(self, xmin: float, xmax: float) -> None:
        self.update(x_range=(xmin, xmax))

    def set_points(self, n: int) -> None:
        self.update(points=n)

    # -- typed functions ------------------------------------------------------------------
    def typed_functions(self) -> list[Activation]:
        return self.typed.values()

    def add_typed_function(self, text: str, name: str | None = None) -> Activation:
        """Parse ``text`` (raises :class:`~.expression.ExpressionError`), register it as a
        typed function and make it the current function."""
        from . import expression

        act = self._put_typed(expression.make_activation(text, name=name or None))
        self.notify_catalogue_changed()
        self.select(act.id)
        return act

    def _put_typed(self, act: Activation) -> Activation:
        """Register ``act``; the entry already there is kept when it is the same function
        (same text, name, id and parameter specs), so reopening a session hits every cache
        keyed on it instead of filling them with copies.  Returns the registered entry."""
        from . import expression

        old = self.typed.get(act.id)
        if old is not None and expression.to_dict(old) == expression.to_dict(act):
            return old
        self.typed.remove(act.id)
        self.typed.add(act)
        return act

    def remove_typed_function(self, fid: str) -> None:
        act = catalogue.get(fid)
        if act.family != "custom":
            raise ParamError(f"{act.name} is built in and cannot be removed")
        self.typed.remove(act.id)
        params = dict(self._values["params"])
        params.pop(act.id, None)
        self._values["params"] = params   # no signal: notify_catalogue_changed follows
        self.notify_catalogue_changed()

    def notify_catalogue_changed(self) -> None:
        """Call after registering or removing a typed function."""
        self._forget_replaced()
        if self.current not in catalogue.CATALOGUE:
            self._values["current"] = "relu"
            self.current_changed.emit("relu")
        self._values["overlays"] = tuple(i for i in self.overlays if i in catalogue.CATALOGUE)
        self.catalogue_changed.emit()
        self.changed.emit(frozenset({"catalogue"}))

    def _forget_replaced(self) -> None:
        """Drop the analyses of typed functions removed or replaced (they cannot be asked
        for again: the cache keys on the entry)."""
        for key in [k for k in self._props_cache if catalogue.CATALOGUE.get(k[0].id) is not k[0]]:
            del self._props_cache[key]

    # -- plain data -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        from . import expression

        return {
            "typed": [expression.to_dict(a) for a in self.typed_functions()],
            "current": self.current,
            "overlays": list(self.overlays),
            "params": {k: dict(v) for k, v in self._values["params"].items() if v},
            "x_range": list(self.x_range),
        }

    def update_from_dict(self, data: Mapping[str, Any], strict: bool = False) -> list[str]:
        """Apply saved state: the typed functions first (registered), then the fields
        together.  Unknown ids or invalid values are skipped (or raise :class:`CurvesError`
        with ``strict``; nothing but the typed functions is changed then); returns the
        problems found, as sentences.  Every view signal is emitted afterwards, changed or
        not, so views redraw functions that were registered again under the same id."""
        problems: list[str] = []

        def bad(msg: str) -> None:
            if strict:
                raise CurvesError(msg)
            problems.append(msg)

        from . import expression

        typed = data.get("typed", []) or []
        if not isinstance(typed, list):
            bad("'typed' is not a list")
            typed = []
        for item in typed:
            try:
                self._put_typed(expression.from_dict(item))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                bad(f"typed function {item!r:.60}: {exc}")
        if typed:
            self._forget_replaced()
            self.catalogue_changed.emit()

        params = data.get("params", {}) or {}
        if not isinstance(params, Mapping):
            bad("'params' is not a mapping")
            params = {}
        new_params: dict[str, dict[str, float]] = {}
        for fid, vals in params.items():
            try:
                act = catalogue.get(str(fid))
                resolved = act.resolve(dict(vals))
                new_params[act.id] = {k: v for k, v in resolved.items() if v != act.param(k).default}
            except (KeyError, ParamError, TypeError, ValueError) as exc:
                bad(f"parameters of {fid!r}: {exc}")
        overlays = []
        for fid in data.get("overlays", []) or []:
            try:
                overlays.append(catalogue.get(str(fid)).id)
            except KeyError as exc:
                bad(str(exc))
        current = self.current
        if "current" in data:
            try:
                current = catalogue.get(str(data["current"])).id
            except KeyError as exc:
                bad(str(exc))
        xr = data.get("x_range", self.x_range)
        try:
            xmin, xmax = (float(v) for v in xr)
            if not (math.isfinite(xmin) and math.isfinite(xmax) and xmin < xmax
                    and max(abs(xmin), abs(xmax)) <= X_LIMIT):
                raise ValueError
        except (TypeError, ValueError):
            bad(f"x range {xr!r} is not a valid range")
            xmin, xmax = self.x_range

        # Validated above; assigned together, then every view told (as it always was).
        new = self._checked({"params": new_params, "overlays": overlays, "current": current})
        self._values.update(new)
        self._values["x_range"] = (xmin, xmax)
        self.current_changed.emit(self.current)
        self.overlays_changed.emit(self.overlays)
        self.params_changed.emit(self.current)
        self.x_range_changed.emit(xmin, xmax)
        self.changed.emit(frozenset({"current", "overlays", "params", "x_range"}))
        return problems
