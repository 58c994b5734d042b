"""The depth panel's work and what it shows: :func:`compute` (simulation and theory of several
configs, Orange3 pattern), :class:`DepthResult` / :class:`DepthView` (a result and its slice at
one depth), :class:`ResultCache` (results by config) and :func:`results_csv` (the export)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from .. import catalogue
from ..tables import csv_text
from .config import CSV_HEADER, Cancelled, DepthConfig, DepthError
from .meanfield import DepthTheory, FixedPoint, theory
from .readouts import Readout, readout, readout_lines
from .series import DepthSeries
from .simulation import DepthSimulation, simulate

__all__ = ["DepthResult", "DepthView", "ResultCache", "compute", "results_csv", "EXTRA_COLUMNS",
           "mean_over_rms"]


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
    full_theory: "DepthTheory | None" = None   # the recursion behind ``theory`` (q per layer)

    def mean_over_rms(self) -> tuple[np.ndarray, np.ndarray]:
        """:func:`mean_over_rms` of the simulation and of the theory."""
        return mean_over_rms(self.sim), mean_over_rms(self.theory)

    def readout(self) -> Readout:
        """The model's sentence about the simulation (the measurement) at this depth."""
        return readout(self.sim, self.fixed_point, self.theory)

    def readout_lines(self) -> list[Readout]:
        """Every sentence of the readout (:func:`~.readouts.readout_lines`)."""
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
    fraction; ``should_stop`` is polled per layer (raises :class:`~.config.Cancelled`)."""
    configs = list(configs)
    n = max(1, len(configs))
    out: list[DepthResult] = []
    theory_share = 0.1
    for i, cfg in enumerate(configs):
        if should_stop is not None and should_stop():
            raise Cancelled()
        th = theory(cfg)
        if progress is not None:
            progress((i + theory_share) / n)

        def part(f: float, i: int = i) -> None:
            if progress is not None:
                progress(min(1.0, (i + theory_share + (1 - theory_share) * f) / n))

        sim = simulate(cfg, max_df=th.max_df, progress=part, should_stop=should_stop)
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
        names = list(CSV_HEADER[1:]) + list(EXTRA_COLUMNS)
        header += [f"{fid}_{c}" for c in names]
        cols += [sim_cols[c] for c in CSV_HEADER[1:]] + _extra(v)
    extra = csv_text(header, cols).splitlines()
    if len(extra) != len(base):
        raise DepthError("depth CSV columns differ in length")
    return "\n".join(f"{a},{b}" for a, b in zip(base, extra)) + "\n"
