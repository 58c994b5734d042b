"""Histograms of a hidden layer's pre-activations and gradients with bin edges that stay put
until the data drift out of them, and :class:`HistogramHistory`, the bounded per-epoch record
behind the view's time slider (thinned to every 2nd, 4th, ... epoch when full)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

HIST_BINS = 40
HISTORY_CAPACITY = 256


def robust_edges(values: np.ndarray, bins: int = HIST_BINS, pad: float = 0.1) -> np.ndarray:
    """``bins + 1`` equal-width edges over the 0.5-99.5 % quantiles of the finite values, widened
    by ``pad`` of the span on each side (a unit span around a constant)."""
    v = values[np.isfinite(values)]
    if v.size == 0:
        lo, hi = -1.0, 1.0
    else:
        lo, hi = (float(q) for q in np.quantile(v, [0.005, 0.995]))
        if not hi - lo > 1e-12 * max(1.0, abs(lo), abs(hi)):
            c = (lo + hi) / 2
            half = max(0.5, 0.05 * abs(c))
            lo, hi = c - half, c + half
        span = hi - lo
        lo, hi = lo - pad * span, hi + pad * span
    return np.linspace(lo, hi, int(bins) + 1)


def _bin_counts(v: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Counts per bin of finite ``v`` (values beyond the edges counted in the end bins), and
    how many fell below / above the edges."""
    nb = edges.size - 1
    w = (edges[-1] - edges[0]) / nb
    pos = (v - edges[0]) / w
    below = int(np.count_nonzero(pos < 0))
    above = int(np.count_nonzero(pos >= nb + 1e-9))
    idx = np.clip(pos, 0, nb - 1).astype(np.int64)
    return np.bincount(idx, minlength=nb), below, above


def _needs_rebin(counts: np.ndarray, below: int, above: int) -> bool:
    """Re-choose the edges when more than 2 % of the values fall outside them, or when 99 %
    of them crowd into fewer than a fifth of the bins (the data shrank)."""
    total = int(counts.sum())
    if total == 0:
        return False
    if (below + above) > 0.02 * total:
        return True
    c = np.cumsum(counts)
    lo = int(np.searchsorted(c, 0.005 * total, side="left"))
    hi = int(np.searchsorted(c, 0.995 * total, side="left"))
    return (hi - lo + 1) < 0.2 * counts.size


@dataclass(frozen=True, eq=False)
class LayerHistogram:
    """Histograms of one hidden layer at one moment.

    ``z_*``: pre-activations (share of all samples per bin).  ``g_*``: log10 |dL_i/dz| of the
    non-zero per-example gradients (share of all samples, so with ``g_zero_share`` they sum
    to 1 apart from non-finite values).
    """

    layer: int
    z_edges: np.ndarray
    z_counts: np.ndarray
    g_edges: np.ndarray
    g_counts: np.ndarray
    g_zero_share: float
    n_units: int
    dead: int
    saturated: int
    z_top: float = 1.0  # a round number above the tallest bar (the plot's y range; changes rarely)
    g_top: float = 1.0


_NICE = np.array([1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0])


def nice_ceiling(v: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 x 10^k that is >= ``v`` (1 for v <= 0)."""
    if not (math.isfinite(v) and v > 0):
        return 1.0
    k = math.floor(math.log10(v))
    m = v / 10.0 ** k
    return float(_NICE[np.searchsorted(_NICE, m - 1e-12)] * 10.0 ** k)


@dataclass(frozen=True, eq=False)
class HistogramEntry:
    epoch: int
    steps: int
    layers: tuple[LayerHistogram, ...]


class _Bins:
    """Fixed bin edges for one quantity of one layer, re-chosen only when the data drift."""

    def __init__(self, bins: int = HIST_BINS):
        self.bins = bins
        self.edges: np.ndarray | None = None

    def histogram(self, values: np.ndarray, total: int) -> tuple[np.ndarray, np.ndarray]:
        """``(edges, share of total per bin)`` of the finite values."""
        v = values[np.isfinite(values)]
        if self.edges is not None and v.size:
            counts, below, above = _bin_counts(v, self.edges)
            if not _needs_rebin(counts, below, above):
                return self.edges, counts / max(total, 1)
        if self.edges is None or v.size:
            e = robust_edges(v, self.bins)
            e.setflags(write=False)
            self.edges = e
        if not v.size:
            return self.edges, np.zeros(self.bins)
        counts, _, _ = _bin_counts(v, self.edges)
        return self.edges, counts / max(total, 1)


class HistogramHistory:
    """A bounded record of per-epoch histograms (see the module docstring for the thinning)."""

    def __init__(self, capacity: int = HISTORY_CAPACITY):
        if capacity < 4:
            raise ValueError("the histogram history needs room for at least 4 entries")
        self.capacity = int(capacity)
        self.entries: list[HistogramEntry] = []
        self.stride = 1

    def clear(self) -> None:
        self.entries.clear()
        self.stride = 1

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def epochs(self) -> list[int]:
        return [e.epoch for e in self.entries]

    def wants(self, epoch: int) -> bool:
        """Whether an entry for ``epoch`` would be recorded."""
        if not self.entries:
            return True
        last = self.entries[-1].epoch
        return epoch > last and (epoch - last >= self.stride or epoch % self.stride == 0)

    def add(self, entry: HistogramEntry) -> bool:
        if not self.wants(entry.epoch):
            return False
        if len(self.entries) >= self.capacity:
            keep = self.entries[0::2]
            self.entries = keep
            self.stride *= 2
            if not self.wants(entry.epoch):
                return False
        self.entries.append(entry)
        return True

    def at(self, index: int) -> HistogramEntry:
        return self.entries[index]
