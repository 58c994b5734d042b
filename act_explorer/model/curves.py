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
from typing import Any, Mapping

import numpy as np
from psygnal import Signal

from . import catalogue, colours
from .catalogue import Activation, ParamError
from .properties import Properties, analyse_activation

__all__ = ["PALETTE", "Curve", "CurvesState", "colour_for"]

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
    order = list(catalogue.CATALOGUE)
    if fid in order and catalogue.get(fid).family != "custom":
        return PALETTE[order.index(fid) % len(PALETTE)]
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


class CurvesState:
    """Selected function, overlays, per-function parameters and the x range."""

    current_changed = Signal(str)
    overlays_changed = Signal(tuple)
    params_changed = Signal(str)          # id whose parameters changed
    x_range_changed = Signal(float, float)
    catalogue_changed = Signal()          # a typed function was added or removed
    changed = Signal()                    # anything that changes the drawn curves

    def __init__(self, current: str = "relu") -> None:
        self._current = catalogue.get(current).id
        self._overlays: tuple[str, ...] = ()
        self._params: dict[str, dict[str, float]] = {}
        self._x_range = DEFAULT_RANGE
        self._points = DEFAULT_POINTS
        # (id, params) -> (entry, properties): the 64 most recently analysed; the entry is
        # kept so a typed function registered again under the same id is analysed again.
        self._props_cache: OrderedDict[tuple, tuple[Activation, Properties]] = OrderedDict()

    # -- reading --------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return self._current

    @property
    def activation(self) -> Activation:
        return catalogue.get(self._current)

    @property
    def overlays(self) -> tuple[str, ...]:
        return self._overlays

    @property
    def x_range(self) -> tuple[float, float]:
        return self._x_range

    @property
    def points(self) -> int:
        return self._points

    def shown(self) -> list[str]:
        """Ids drawn: the overlays in the order they were checked, then the current one."""
        ids = [i for i in self._overlays if i in catalogue.CATALOGUE and i != self._current]
        return ids + [self._current]

    def params(self, fid: str | None = None) -> dict[str, float]:
        fid = fid or self._current
        act = catalogue.get(fid)
        out = act.defaults()
        out.update(self._params.get(act.id, {}))
        return out

    def x(self) -> np.ndarray:
        return np.linspace(self._x_range[0], self._x_range[1], self._points)

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
            out.append(Curve(fid, act.name, cmap[fid], x, fx, dfx, fid == self._current))
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
        fid = fid or self._current
        p = self.params(fid)
        act = catalogue.get(fid)
        key = (act.id, tuple(sorted(p.items())))
        hit = self._props_cache.get(key)
        if hit is not None and hit[0] is act:
            self._props_cache.move_to_end(key)
            return hit[1]
        props = analyse_activation(act, **p)
        self._props_cache[key] = (act, props)
        while len(self._props_cache) > PROPERTIES_CACHE_SIZE:
            self._props_cache.popitem(last=False)
        return props

    # -- writing --------------------------------------------------------------------------
    def select(self, fid: str) -> None:
        act = catalogue.get(fid)
        if act.id == self._current:
            return
        self._current = act.id
        self.current_changed.emit(act.id)
        self.changed.emit()

    def set_overlay(self, fid: str, on: bool) -> None:
        act = catalogue.get(fid)
        ids = [i for i in self._overlays if i != act.id]
        if on:
            ids.append(act.id)
        new = tuple(ids)
        if new == self._overlays:
            return
        self._overlays = new
        self.overlays_changed.emit(new)
        self.changed.emit()

    def set_overlays(self, ids) -> None:
        new = tuple(dict.fromkeys(catalogue.get(i).id for i in ids))
        if new != self._overlays:
            self._overlays = new
            self.overlays_changed.emit(new)
            self.changed.emit()

    def set_param(self, name: str, value: float, fid: str | None = None) -> None:
        """Set one parameter; raises :class:`ParamError` (state unchanged) when invalid."""
        fid = catalogue.get(fid or self._current).id
        act = catalogue.get(fid)
        trial = self.params(fid)
        trial[name] = value
        resolved = act.resolve(trial)
        if resolved == self.params(fid):
            return
        self._params[fid] = {k: v for k, v in resolved.items() if v != act.param(k).default}
        self.params_changed.emit(fid)
        self.changed.emit()

    def reset_params(self, fid: str | None = None) -> None:
        fid = catalogue.get(fid or self._current).id
        if self._params.pop(fid, None):
            self.params_changed.emit(fid)
            self.changed.emit()

    def set_x_range(self, xmin: float, xmax: float) -> None:
        xmin, xmax = float(xmin), float(xmax)
        if not (math.isfinite(xmin) and math.isfinite(xmax)):
            raise ParamError("the x range must be finite")
        if not xmin < xmax:
            raise ParamError(f"the x range needs min < max (got {xmin:g} and {xmax:g})")
        if max(abs(xmin), abs(xmax)) > X_LIMIT:
            raise ParamError(f"the x range must stay within ±{X_LIMIT:g}")
        if xmax - xmin < MIN_SPAN:
            raise ParamError(f"the x range must be wider than {MIN_SPAN:g}")
        if (xmin, xmax) == self._x_range:
            return
        self._x_range = (xmin, xmax)
        self.x_range_changed.emit(xmin, xmax)
        self.changed.emit()

    def set_points(self, n: int) -> None:
        n = int(n)
        if not 2 <= n <= 1_000_000:
            raise ParamError(f"the number of points must be between 2 and 1000000 (got {n})")
        if n != self._points:
            self._points = n
            self.changed.emit()

    # -- typed functions ------------------------------------------------------------------
    def typed_functions(self) -> list[Activation]:
        return [a for a in catalogue.CATALOGUE.values() if a.family == "custom"]

    def add_typed_function(self, text: str, name: str | None = None) -> Activation:
        """Parse ``text`` (raises :class:`~.expression.ExpressionError`), register it as a
        catalogue entry and make it the current function."""
        from . import expression

        act = expression.make_activation(text, name=name or None)
        if act.id in catalogue.CATALOGUE:
            catalogue.unregister(act.id)
        catalogue.register(act)
        self.notify_catalogue_changed()
        self.select(act.id)
        return act

    def remove_typed_function(self, fid: str) -> None:
        act = catalogue.get(fid)
        if act.family != "custom":
            raise ParamError(f"{act.name} is built in and cannot be removed")
        catalogue.unregister(act.id)
        self._params.pop(act.id, None)
        self.notify_catalogue_changed()

    def notify_catalogue_changed(self) -> None:
        """Call after registering or removing a typed function."""
        for key in [k for k, (act, _p) in self._props_cache.items() if catalogue.CATALOGUE.get(k[0]) is not act]:
            del self._props_cache[key]
        if self._current not in catalogue.CATALOGUE:
            self._current = "relu"
            self.current_changed.emit(self._current)
        self._overlays = tuple(i for i in self._overlays if i in catalogue.CATALOGUE)
        self.catalogue_changed.emit()
        self.changed.emit()

    # -- plain data -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        from . import expression

        return {
            "typed": [expression.to_dict(a) for a in self.typed_functions()],
            "current": self._current,
            "overlays": list(self._overlays),
            "params": {k: dict(v) for k, v in self._params.items() if v},
            "x_range": list(self._x_range),
        }

    def update_from_dict(self, data: Mapping[str, Any], strict: bool = False) -> list[str]:
        """Apply saved state.  Unknown ids or invalid values are skipped (or raise with
        ``strict``); returns the problems found, as sentences."""
        problems: list[str] = []

        def bad(msg: str) -> None:
            if strict:
                raise ParamError(msg)
            problems.append(msg)

        from . import expression

        typed = data.get("typed", []) or []
        if not isinstance(typed, list):
            bad("'typed' is not a list")
            typed = []
        for item in typed:
            try:
                act = expression.from_dict(item)
                if act.id in catalogue.CATALOGUE:
                    catalogue.unregister(act.id)
                catalogue.register(act)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                bad(f"typed function {item!r:.60}: {exc}")
        if typed:
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
        current = self._current
        if "current" in data:
            try:
                current = catalogue.get(str(data["current"])).id
            except KeyError as exc:
                bad(str(exc))
        xr = data.get("x_range", self._x_range)
        try:
            xmin, xmax = (float(v) for v in xr)
            if not (math.isfinite(xmin) and math.isfinite(xmax) and xmin < xmax
                    and max(abs(xmin), abs(xmax)) <= X_LIMIT):
                raise ValueError
        except (TypeError, ValueError):
            bad(f"x range {xr!r} is not a valid range")
            xmin, xmax = self._x_range

        self._params = new_params
        self._overlays = tuple(dict.fromkeys(overlays))
        self._current = current
        self._x_range = (xmin, xmax)
        self.current_changed.emit(self._current)
        self.overlays_changed.emit(self._overlays)
        self.params_changed.emit(self._current)
        self.x_range_changed.emit(xmin, xmax)
        self.changed.emit()
        return problems
