"""What the depth panel asks to be computed, and what it keeps: :class:`DepthSession`.

The panel keeps widgets, drawing and frame pacing; the rules live here, without Qt, so they
are tested on their own (``tests/model/test_depth_session.py``):

* :meth:`DepthSession.plan` - the configs wanted now (one per function simulated: the
  :class:`~.curves.CurvesState`'s current function and overlays, with their parameters, under
  the :class:`~.state.DepthState`'s settings) and those of them not in the result cache, which
  are all a job has to compute;
* :meth:`DepthSession.store` / :meth:`DepthSession.shown` - results in, and the results of the
  wanted configs out (None when one was evicted meanwhile: plan again);
* the critical sigma_w (edge of chaos) of the current function for the current sigma_b:
  which key is wanted, whether it must be found (:meth:`want_critical`), the value once found
  (:meth:`critical_found`, :meth:`critical_value`), bounded to :data:`CRITICAL_CACHE_SIZE`;
* :meth:`forget_typed` - a typed function can be replaced under the same id, so its results
  and critical values are dropped when the catalogue changes.
"""

from __future__ import annotations

from typing import Any, Iterable

from .. import catalogue
from ..catalogue import ParamError
from .config import DepthConfig
from .meanfield import critical_sigma_w
from .results import DepthResult, ResultCache
from .state import DepthState

__all__ = ["DepthSession", "PENDING", "CriticalFailed", "CRITICAL_CACHE_SIZE"]

CRITICAL_CACHE_SIZE = 256
PENDING = "pending"                 # critical_value() while the value is being found


class CriticalFailed(Exception):
    """Stored as the critical value when finding it raised (shown as "could not be found")."""


class DepthSession:
    """The depth panel's control logic (see the module docstring).

    ``curves`` is the shared :class:`~..curves.CurvesState` (read only: ``current``,
    ``shown()``, ``params(fid)``)."""

    def __init__(self, state: DepthState, curves: Any, cache_size: int = 32):
        self.state = state
        self.curves = curves
        self.cache = ResultCache(cache_size)
        self.wanted: list[tuple[str, DepthConfig]] = []
        self.critical: dict[tuple, object] = {}
        self.critical_wanted: tuple | None = None
        self._critical_asked: tuple | None = None    # last key handed out to be found

    # -- simulations ----------------------------------------------------------------------
    def wanted_configs(self) -> list[tuple[str, DepthConfig]]:
        """(function id, config) of every function simulated now, in the order of
        ``curves.shown()`` (the overlays, then the current function).

        Raises :class:`~.config.DepthError` (settings, including :meth:`DepthState.problem`),
        :class:`~..catalogue.ParamError` (parameters) or ``KeyError`` (an unknown function)."""
        return [(fid, self.state.config(fid, self.curves.params(fid)))
                for fid in self.curves.shown()]

    def plan(self) -> list[DepthConfig]:
        """Make the configs wanted now the ones :meth:`shown` returns, and return those not
        cached (what a job must compute; empty: everything can be shown at once).  Raises as
        :meth:`wanted_configs`; the previous plan is then kept."""
        wanted = self.wanted_configs()
        self.wanted = wanted
        self.cache.size = max(self.cache.size, 2 * len(wanted))
        return self.cache.missing(cfg for _, cfg in wanted)

    def store(self, results: Iterable[DepthResult]) -> None:
        for r in results:
            self.cache.put(r)

    def shown(self) -> list[tuple[str, DepthResult]] | None:
        """(function id, result) of every wanted config, or None when one of them is no longer
        cached (evicted meanwhile: :meth:`plan` again and compute it) or its function is gone
        (a typed function removed while its simulation ran: :meth:`plan` again)."""
        out = []
        for fid, cfg in self.wanted:
            if fid not in catalogue.CATALOGUE:
                return None
            r = self.cache.get(cfg)
            if r is None:
                return None
            out.append((fid, r))
        return out

    def forget_typed(self) -> None:
        """Drop the results and critical values of typed (or removed) functions."""
        self.cache.forget_typed()
        self.critical = {k: v for k, v in self.critical.items() if k[0] in catalogue.CATALOGUE
                         and catalogue.get(k[0]).family != "custom"}

    # -- the edge of chaos ----------------------------------------------------------------
    def critical_key(self) -> tuple | None:
        """(function id, resolved parameters, sigma_b) of the current function, or None when
        its parameters are not valid."""
        fid = self.curves.current
        try:
            params = catalogue.get(fid).resolve(self.curves.params(fid))
        except (ParamError, KeyError):
            return None
        return (fid, tuple(sorted(params.items())), float(self.state.sigma_b))

    def want_critical(self) -> tuple | None:
        """Make the current function's key the wanted one; return it when its value must
        still be found and has not been asked for already (None: no key, known, or being
        found).  Asking again for the key being found would restart it on a latest-request
        worker (the running one's result is dropped), so it is asked for once."""
        key = self.critical_key()
        self.critical_wanted = key
        if key is None or key in self.critical or key == self._critical_asked:
            return None
        self._critical_asked = key
        return key

    @staticmethod
    def find_critical(key: tuple) -> float | None:
        """The critical sigma_w of ``key`` (slow: up to seconds; run it off the GUI thread)."""
        fid, params, sigma_b = key
        return critical_sigma_w(fid, dict(params), sigma_b=sigma_b)

    def critical_found(self, key: tuple, value: object) -> None:
        """Keep a found value (float, None when chi* does not cross 1, or
        :class:`CriticalFailed`); the oldest beyond :data:`CRITICAL_CACHE_SIZE` are dropped."""
        self.critical[key] = value
        if key == self._critical_asked:
            self._critical_asked = None
        if len(self.critical) > CRITICAL_CACHE_SIZE:
            self.critical.pop(next(iter(self.critical)))

    def critical_value(self) -> object:
        """The wanted key's value, :data:`PENDING` while it is being found (None without a
        wanted key: see :attr:`critical_wanted`)."""
        key = self.critical_wanted
        if key is None:
            return None
        return self.critical.get(key, PENDING)

    def critical_ready(self) -> bool:
        """Nothing is being waited for: no key is wanted, or its value is known."""
        return self.critical_wanted is None or self.critical_wanted in self.critical

    def usable_critical(self) -> float | None:
        """The wanted critical sigma_w when it was found (a float), else None."""
        value = self.critical.get(self.critical_wanted) if self.critical_wanted else None
        return value if isinstance(value, float) else None
