"""Everything the network view draws, computed from a training :class:`~.training.Snapshot`
and its :class:`~.datasets.Dataset`.  No Qt here: the widget (``qt/network_view.py``) only
reads what this module returns.

The diagram (TensorFlow Playground's network picture, plus what Playground never shows:
which units are dead or saturated, and since when):

* :class:`Layout` -- the geometry, which depends on the architecture only: one column per
  layer (inputs, hidden layers, outputs), node centres on a unit pitch, the end points of
  every link, and the collapse rule: a hidden layer wider than :data:`COLLAPSE_ABOVE` units
  is drawn as one summary strip (counts of alive / dead / saturated units) instead of nodes.
* :class:`Links` -- one segment per weight between two drawn columns, with its sign and
  ``thickness`` = |w| / max |w| of that layer's weights (in [0, 1]), and a ``level`` (the
  thickness quantised to :data:`LINK_LEVELS` pens) so the view draws a few polylines, not
  thousands of items.  Links that touch a collapsed layer are aggregated: one grey link per
  drawn node (thickness = RMS of its weights to/from the collapsed layer, normalised).
* Thumbnails -- each node's value over an n x n grid of the input plane (the region the
  decision boundary is drawn over, by default the data set's
  :meth:`~.datasets.Dataset.bounds` with the training panel's margin, and the same
  :func:`~.network.grid_points` convention): the raw coordinate for inputs,
  h = f(z) for hidden units (exactly :func:`~.network.unit_outputs_grid`), the class
  probability for outputs.  All from ONE batched forward pass per frame.  For drawing, each
  node's map is shown as ``(value - offset) / scale`` in [-1, 1] (hidden and inputs: offset 0,
  scale max |value| on the grid, so 0 stays white; outputs: offset 0.5, scale 0.5), and the
  nodes of a column are stacked into one image (:attr:`UnitFrame.strips`, NaN = transparent
  gap) so a column is one image item.
* Status -- alive / dead / saturated per hidden unit, the epoch each dead unit died and, for a
  unit that died and came back (possible past the first hidden layer), both epochs; read
  from the snapshot (the trainer's own lists, not recomputed).
* Unit statistics for hovering -- per hidden unit, over the training inputs (a deterministic
  sample of :data:`STATS_SAMPLES` when there are more): the pre-activation range, the share
  of inputs where f'(z) = 0 (no gradient flows through the unit), and its bias.
* Histograms -- per hidden layer, of the pre-activations z and of the per-example
  gradients log10 |dL/dz| (exact zeros counted apart), from :func:`~.network.layer_statistics`.
  Bin edges are fixed per layer and only re-chosen (robustly, from the 0.5-99.5 % quantiles)
  when the data drift out of them, so successive epochs are comparable.
  :class:`HistogramHistory` keeps a bounded record (:data:`HISTORY_CAPACITY` entries) of
  one histogram set per epoch for a time slider; when full it drops every other entry and
  then keeps every 2nd (4th, ...) epoch, so the record always spans the whole run, epoch 0
  included.

:class:`UnitViewModel` holds the state across frames (the layout, the bins, the history, the
selected unit) and turns one snapshot into one :class:`UnitFrame`.  It recomputes nothing
when the snapshot's network has not changed, and rebuilds the layout only when the
architecture changes.  It notices a restart by itself (another data set or architecture,
epoch or step count going back, new weights at the same step: a reset) and then clears the
history.  Per changed frame it computes the thumbnails, links and the selected unit's map;
the statistics and histograms at each new epoch (and every :data:`STATS_EVERY` changed
frames within one), since they cost more and change more slowly.  Layer indices follow the diagram's columns: 0 = inputs, 1..L = hidden
layers, L + 1 = outputs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np

from .datasets import Dataset
from .network import LayerStats, Network, grid_points, layer_statistics
from .softmax import stable_softmax as _softmax
from .training import blas_threads

__all__ = [
    "COLLAPSE_ABOVE",
    "THUMB_N",
    "GRID_MARGIN",
    "DETAIL_N",
    "NODE_SIZE",
    "LINK_LEVELS",
    "HIST_BINS",
    "HISTORY_CAPACITY",
    "STATS_SAMPLES",
    "STATS_EVERY",
    "GROUP_KINDS",
    "ALIVE",
    "DEAD",
    "SATURATED",
    "Column",
    "Layout",
    "Links",
    "UnitStats",
    "LayerHistogram",
    "HistogramEntry",
    "HistogramHistory",
    "UnitFrame",
    "Detail",
    "UnitViewModel",
    "build_layout",
    "build_links",
    "node_maps",
    "strip_image",
    "detail_map",
    "unit_statistics",
    "robust_edges",
    "nice_ceiling",
]

COLLAPSE_ABOVE = 32  # hidden layers wider than this are drawn as a summary strip
THUMB_N = 24  # thumbnail grid points per side
GRID_MARGIN = 0.08  # default thumbnail region: the data bounds widened by this (as the training panel)
DETAIL_N = 64  # grid points per side of the enlarged map of the selected unit
NODE_SIZE = 0.8  # node side, in units of the node pitch (1.0)
LINK_LEVELS = 6  # pens per link colour
HIST_BINS = 40
HISTORY_CAPACITY = 256
STATS_SAMPLES = 2000
STATS_EVERY = 6  # within one epoch, refresh statistics every this many changed frames
MAX_COLUMN_SPACING = 10.0
MIN_COLUMN_SPACING = 3.0
ASPECT = 1.5  # width / height the diagram aims for

ALIVE, DEAD, SATURATED = 0, 1, 2


# ---- layout ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Column:
    """One column of the diagram.

    ``layer`` is 0 for inputs, 1..L for hidden layers, L + 1 for outputs.  ``ys`` are the
    centres of the drawn nodes, top to bottom (empty when ``collapsed``); ``top``/``bottom``
    bound the column (nodes or summary strip).
    """

    kind: str  # "input" | "hidden" | "output"
    layer: int
    size: int
    activation: str
    collapsed: bool
    x: float
    ys: np.ndarray
    top: float
    bottom: float

    @property
    def drawn(self) -> int:
        return 0 if self.collapsed else self.size


@dataclass(frozen=True, eq=False)
class Layout:
    """Geometry of a diagram; depends only on the architecture (``key``)."""

    key: tuple
    columns: tuple[Column, ...]
    node_size: float
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax of columns (no labels)
    spacing: float
    link_opacity: float = 1.0  # suggested strength of link colours: less when links are dense

    @property
    def n_hidden(self) -> int:
        return len(self.columns) - 2

    def node_rect(self, layer: int, index: int) -> tuple[float, float, float, float]:
        """``(x, y, w, h)`` of a drawn node (lower-left corner, size); the strip if collapsed."""
        c = self.columns[layer]
        s = self.node_size
        if c.collapsed:
            return (c.x - s / 2, c.bottom, s, c.top - c.bottom)
        return (c.x - s / 2, float(c.ys[index]) - s / 2, s, s)

    def node_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The ``(layer, index)`` of the node under the point, or None (index -1: a strip)."""
        s = self.node_size / 2
        for c in self.columns:
            if abs(x - c.x) > s:
                continue
            if c.collapsed:
                return (c.layer, -1) if c.bottom <= y <= c.top else None
            if c.size == 0:
                return None
            # ys are equally spaced by 1, descending from ys[0]
            i = int(round(float(c.ys[0]) - y))
            if 0 <= i < c.size and abs(y - float(c.ys[i])) <= s:
                return (c.layer, i)
            return None
        return None


def architecture_key(net: Network) -> tuple:
    return (net.sizes, tuple(a.label for a in net.activations))


def build_layout(sizes: Sequence[int], activations: Sequence[str] = (),
                 collapse_above: int = COLLAPSE_ABOVE) -> Layout:
    """Layout for a network of layer ``sizes`` (inputs, hidden..., outputs)."""
    sizes = tuple(int(s) for s in sizes)
    if len(sizes) < 3:
        raise ValueError("a network diagram needs inputs, at least one hidden layer and outputs")
    L = len(sizes) - 2
    acts = tuple(activations) + ("",) * (L - len(activations))
    collapsed = [False] + [s > collapse_above for s in sizes[1:-1]] + [False]
    shown = [s for s, c in zip(sizes, collapsed) if not c]
    tallest = max(shown) if shown else 1
    strip_h = float(max(4, min(16, tallest)))
    height = max(float(tallest), strip_h if any(collapsed) else 0.0)
    n_cols = len(sizes)
    spacing = min(MAX_COLUMN_SPACING, max(MIN_COLUMN_SPACING, ASPECT * height / (n_cols - 1)))
    s = NODE_SIZE
    cols = []
    for l, (n, col_c) in enumerate(zip(sizes, collapsed)):
        kind = "input" if l == 0 else "output" if l == n_cols - 1 else "hidden"
        x = l * spacing
        if col_c:
            ys = np.zeros(0)
            top, bottom = strip_h / 2, -strip_h / 2
        else:
            ys = (n - 1) / 2.0 - np.arange(n, dtype=np.float64)
            top, bottom = float(ys[0]) + s / 2, float(ys[-1]) - s / 2
        ys.setflags(write=False)
        cols.append(Column(kind, l, n, acts[l - 1] if kind == "hidden" else "", col_c, x, ys,
                           top, bottom))
    xmin, xmax = -s / 2, (n_cols - 1) * spacing + s / 2
    ymin = min(c.bottom for c in cols)
    ymax = max(c.top for c in cols)
    dense = max((a.drawn * b.drawn for a, b in zip(cols[:-1], cols[1:])), default=0)
    opacity = min(1.0, max(0.35, math.sqrt(256.0 / dense))) if dense else 1.0
    return Layout((sizes, acts, collapse_above), tuple(cols), s, (xmin, xmax, ymin, ymax), spacing,
                  opacity)


# ---- links ----------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Links:
    """Every drawn link of a frame (one per weight between drawn columns).

    Arrays are per link: ``pair`` (index of the weight matrix, 0 = inputs -> layer 1),
    ``src``/``dst`` (unit indices; -1 for a collapsed strip), ``weight`` (NaN when
    aggregated), ``sign`` (+1, -1, 0; 0 also for aggregated links), ``thickness`` in [0, 1],
    ``level`` 0..LINK_LEVELS-1, ``aggregated``.  ``x``/``y`` hold the segment end points,
    two per link (start, end), for drawing with ``connect="pairs"``.  ``groups`` maps
    ``(kind, level)`` with kind "pos", "neg" or "agg" to the ``(x, y)`` of those links.
    """

    pair: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    sign: np.ndarray
    thickness: np.ndarray
    level: np.ndarray
    aggregated: np.ndarray
    x: np.ndarray
    y: np.ndarray
    groups: dict

    def __len__(self) -> int:
        return int(self.pair.size)


GROUP_KINDS = ("pos", "neg", "agg")


def _levels(t: np.ndarray) -> np.ndarray:
    return np.minimum((t * LINK_LEVELS).astype(np.int64), LINK_LEVELS - 1)


@dataclass(frozen=True, eq=False)
class _LinkGeometry:
    """The part of the links that depends on the layout only (cached per layout)."""

    pairs: tuple  # per weight matrix: (slice into the link arrays, mode)
    pair: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    aggregated: np.ndarray
    x: np.ndarray  # (n, 2) start and end
    y: np.ndarray


_GEOMETRY: dict[int, tuple[Layout, _LinkGeometry]] = {}


def _link_geometry(layout: Layout) -> _LinkGeometry:
    hit = _GEOMETRY.get(id(layout))
    if hit is not None and hit[0] is layout:
        return hit[1]
    cols = layout.columns
    s = layout.node_size
    parts: dict[str, list] = {k: [] for k in ("pair", "src", "dst", "agg", "y0", "y1")}
    pairs = []
    xs = []
    off = 0
    for p in range(len(cols) - 1):
        a, b = cols[p], cols[p + 1]
        fi, fo = a.size, b.size
        if not a.collapsed and not b.collapsed:
            mode = "full"
            src = np.repeat(np.arange(fi), fo)
            dst = np.tile(np.arange(fo), fi)
            y0, y1 = a.ys[src], b.ys[dst]
        elif a.collapsed and b.collapsed:
            mode = "both"
            src = dst = np.array([-1])
            y0 = np.array([(a.top + a.bottom) / 2])
            y1 = np.array([(b.top + b.bottom) / 2])
        elif a.collapsed:  # strip -> each drawn node of b
            mode = "to"
            dst = np.arange(fo)
            src = np.full(fo, -1)
            y1 = b.ys
            y0 = np.clip(y1, a.bottom, a.top)
        else:  # each drawn node of a -> strip
            mode = "from"
            src = np.arange(fi)
            dst = np.full(fi, -1)
            y0 = a.ys
            y1 = np.clip(y0, b.bottom, b.top)
        n = src.size
        pairs.append((slice(off, off + n), mode))
        off += n
        parts["pair"].append(np.full(n, p))
        parts["src"].append(src)
        parts["dst"].append(dst)
        parts["agg"].append(np.full(n, mode != "full"))
        parts["y0"].append(np.asarray(y0, dtype=np.float64))
        parts["y1"].append(np.asarray(y1, dtype=np.float64))
        xs.append(np.tile([a.x + s / 2, b.x - s / 2], (n, 1)))
    cat = {k: np.concatenate(v) for k, v in parts.items()}
    geo = _LinkGeometry(tuple(pairs), cat["pair"], cat["src"], cat["dst"], cat["agg"],
                        np.concatenate(xs), np.column_stack([cat["y0"], cat["y1"]]))
    if len(_GEOMETRY) > 8:
        _GEOMETRY.clear()
    _GEOMETRY[id(layout)] = (layout, geo)
    return geo


def build_links(net: Network, layout: Layout) -> Links:
    """Links of ``net`` drawn on ``layout`` (see :class:`Links`)."""
    geo = _link_geometry(layout)
    n = geo.pair.size
    weight = np.full(n, np.nan)
    thick = np.zeros(n)
    with np.errstate(all="ignore"):
        for p, (sl, mode) in enumerate(geo.pairs):
            W = np.asarray(net.W[p], dtype=np.float64)  # (fan_in, fan_out)
            if mode == "full":
                w = W.ravel()
                weight[sl] = w
                mag = np.abs(w)
            elif mode == "both":
                mag = np.ones(1)
            else:
                mag = np.sqrt(np.mean(W * W, axis=0 if mode == "to" else 1))
            top = _finite_max(mag)
            t = mag / top if top > 0 else np.zeros(mag.size)
            thick[sl] = np.where(np.isfinite(t), np.clip(t, 0.0, 1.0), 1.0)
        sign = np.where(geo.aggregated, 0, np.sign(np.nan_to_num(weight))).astype(np.int8)
    level = _levels(thick)
    kind = np.where(geo.aggregated, 2, np.where(sign < 0, 1, 0))
    key = kind * LINK_LEVELS + level
    order = np.argsort(key, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(key, minlength=len(GROUP_KINDS) * LINK_LEVELS))])
    xs = geo.x[order].ravel()
    ys = geo.y[order].ravel()
    groups = {}
    for k, name in enumerate(GROUP_KINDS):
        for lv in range(LINK_LEVELS):
            g = k * LINK_LEVELS + lv
            a, b = 2 * bounds[g], 2 * bounds[g + 1]
            groups[(name, lv)] = (xs[a:b], ys[a:b])
    return Links(geo.pair, geo.src, geo.dst, weight, sign, thick, level, geo.aggregated,
                 geo.x.ravel(), geo.y.ravel(), groups)


def _finite_max(a: np.ndarray) -> float:
    a = a[np.isfinite(a)]
    return float(a.max()) if a.size else 0.0


# ---- thumbnails -----------------------------------------------------------------------

_GRIDS: dict[tuple, np.ndarray] = {}


def _grid(xlim, ylim, n: int) -> np.ndarray:
    key = (float(xlim[0]), float(xlim[1]), float(ylim[0]), float(ylim[1]), int(n))
    pts = _GRIDS.get(key)
    if pts is None:
        if len(_GRIDS) > 8:
            _GRIDS.clear()
        pts = _GRIDS[key] = grid_points(xlim, ylim, n)[2]
        pts.setflags(write=False)
    return pts


def node_maps(net: Network, xlim, ylim, n: int = THUMB_N) -> list[np.ndarray]:
    """Each node's value over the n x n grid, one array per column, (units, n, n) [unit, iy, ix].

    Inputs: the raw coordinate; hidden layers: h = f(z), the same arrays as
    :func:`~.network.unit_outputs_grid`; outputs: the class probabilities.  One forward pass.
    """
    n = int(n)
    pts = _grid(xlim, ylim, n)
    with np.errstate(all="ignore"):
        _, hs, logits = net.forward(pts)
        probs = _softmax(np.asarray(logits, dtype=np.float64))

    def grid(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(np.asarray(a, dtype=np.float64).T).reshape(a.shape[1], n, n)

    return [grid(pts)] + [grid(h) for h in hs] + [grid(probs)]


def _offset_scale(kind: str, maps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    u = maps.shape[0]
    if kind == "output":
        return np.full(u, 0.5), np.full(u, 0.5)
    with np.errstate(all="ignore"):
        a = np.abs(maps.reshape(u, -1))
        a = np.where(np.isfinite(a), a, 0.0)
        top = a.max(axis=1) if a.size else np.zeros(u)
    return np.zeros(u), np.where(top > 0, top, 1.0)


def strip_image(maps: np.ndarray, offset: np.ndarray, scale: np.ndarray, gap: int) -> np.ndarray:
    """Stack a column's normalised maps into one row-major image, unit 0 at the top.

    Shape (u * (n + gap) - gap, n); row 0 is the bottom (the last unit's ylim[0] row).  Gap
    rows are NaN (transparent), and so stay NaN values; values are clipped to [-1, 1].
    """
    u, n, _ = maps.shape
    out = np.full((u, n + gap, n), np.nan)
    with np.errstate(all="ignore"):
        norm = (maps[::-1] - offset[::-1, None, None]) / scale[::-1, None, None]
        np.clip(norm, -1.0, 1.0, out=out[:, :n])
    return out.reshape(u * (n + gap), n)[:-gap] if gap else out.reshape(u * n, n)


# ---- statistics and histograms ----------------------------------------------------------

@dataclass(frozen=True, eq=False)
class UnitStats:
    """Per hidden unit numbers over the training inputs (or a sample of them), one layer."""

    layer: int
    z_min: np.ndarray
    z_max: np.ndarray
    zero_grad_share: np.ndarray  # fraction of inputs with f'(z) = 0
    bias: np.ndarray
    n_samples: int
    n_train: int


def unit_statistics(net: Network, stats: Sequence[LayerStats], n_train: int) -> list[UnitStats]:
    out = []
    slopes = net.slopes()
    with np.errstate(all="ignore"):
        for l, st in enumerate(stats):
            z = st.z
            n = z.shape[0]
            act = net.activations[l]
            if n:
                d = act.derivative(z, slopes[l] or 0.0)
                zero = np.mean(d == 0, axis=0)
                zmin, zmax = z.min(axis=0), z.max(axis=0)
            else:
                zero = np.full(z.shape[1], np.nan)
                zmin = zmax = np.full(z.shape[1], np.nan)
            out.append(UnitStats(l + 1, zmin, zmax, zero.astype(np.float64),
                                 np.asarray(net.b[l], dtype=np.float64).copy(), n, int(n_train)))
    return out


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


# ---- one frame ------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class UnitFrame:
    """Everything the view draws for one snapshot.  Per-column lists are indexed by layer
    (0 inputs, 1..L hidden, L + 1 outputs); per-hidden-layer lists by layer - 1."""

    layout: Layout
    epoch: int
    steps: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    grid_n: int
    gap: int
    maps: list[np.ndarray]  # per column (units, n, n): raw values (see node_maps)
    offset: list[np.ndarray]  # per column, per unit
    scale: list[np.ndarray]
    strips: list[np.ndarray | None]  # per column, the stacked normalised image (None: collapsed)
    links: Links
    status: list[np.ndarray]  # per hidden layer, int8 ALIVE/DEAD/SATURATED
    died_at: list[np.ndarray]  # per hidden layer, epoch the current dead streak began, -1 alive
    counts: list[tuple[int, int, int]]  # per hidden layer (alive, dead, saturated)
    unit_stats: list[UnitStats]
    histograms: HistogramEntry
    activations: tuple[str, ...]
    diverged: str | None = None
    detail: "Detail | None" = None
    status_key: bytes = b""
    # per hidden layer, (units, 2): the epochs a unit died and came back (its last revival),
    # -1 where it never did; only units past the first hidden layer can revive.
    revived: list[np.ndarray] = field(default_factory=list)

    def revived_units(self, layer: int) -> list[tuple[int, int, int]]:
        """``(index, died, back)`` of the units of hidden layer ``layer`` (1-based) that died
        and came back, alive now (a unit dead again shows as dead)."""
        h = layer - 1
        if h >= len(self.revived):
            return []
        r = self.revived[h]
        ok = (r[:, 1] >= 0) & (self.status[h] != DEAD)
        return [(int(i), int(r[i, 0]), int(r[i, 1])) for i in np.flatnonzero(ok)]

    @property
    def n_hidden(self) -> int:
        return len(self.status)

    def strip_rect(self, layer: int) -> tuple[float, float, float, float]:
        """``(x, y, w, h)`` the strip image of a column covers."""
        c = self.layout.columns[layer]
        s = self.layout.node_size
        px = self.grid_n / s  # image rows per unit of pitch
        rows = self.strips[layer].shape[0]
        top = c.top
        return (c.x - s / 2, top - rows / px, s, rows / px)

    def thumbnail(self, layer: int, index: int) -> np.ndarray:
        """The normalised map of one node, as drawn (a view into the strip)."""
        img = self.strips[layer]
        u = self.layout.columns[layer].size
        n = self.grid_n
        r0 = (u - 1 - index) * (n + self.gap)
        return img[r0:r0 + n]

    def hover(self, layer: int, index: int) -> dict:
        """The numbers a tooltip shows for a node (all from the model)."""
        col = self.layout.columns[layer]
        info: dict = {"layer": layer, "index": index, "kind": col.kind, "epoch": self.epoch}
        if col.kind == "input":
            info["feature"] = index
            return info
        if col.kind == "output":
            info["class"] = index
            m = self.maps[layer][index]
            info["p_min"], info["p_max"] = _finite_range(m)
            return info
        h = layer - 1
        info["activation"] = self.activations[h]
        info["size"] = col.size
        info["counts"] = self.counts[h]
        if index < 0:  # a collapsed strip
            return info
        st = self.unit_stats[h]
        back = self.revived[h][index] if h < len(self.revived) else (-1, -1)
        info.update(
            status={ALIVE: "alive", DEAD: "dead", SATURATED: "saturated"}[int(self.status[h][index])],
            died_at=int(self.died_at[h][index]),
            revived=(int(back[0]), int(back[1])) if back[1] >= 0 else None,
            z_min=float(st.z_min[index]), z_max=float(st.z_max[index]),
            zero_grad_share=float(st.zero_grad_share[index]),
            bias=float(st.bias[index]),
            n_samples=st.n_samples, n_train=st.n_train,
        )
        return info


def _finite_range(a: np.ndarray) -> tuple[float, float]:
    v = a[np.isfinite(a)]
    return (float(v.min()), float(v.max())) if v.size else (math.nan, math.nan)


@dataclass(frozen=True, eq=False)
class Detail:
    """The enlarged map of the selected node, on a finer grid (``DETAIL_N``)."""

    layer: int
    index: int
    n: int
    values: np.ndarray  # (n, n) raw, [iy, ix]
    image: np.ndarray  # normalised to [-1, 1] as the thumbnails (NaN where not finite)
    offset: float
    scale: float
    v_min: float
    v_max: float


def _column_values(net: Network, pts: np.ndarray, layer: int) -> np.ndarray:
    """Values of column ``layer`` at ``pts``, shape (points, units): the forward pass stops at
    that layer (the same arithmetic as :meth:`~.network.Network.forward`)."""
    L = net.n_hidden
    if layer == 0:
        return np.asarray(pts, dtype=np.float64)
    with np.errstate(all="ignore"):
        if layer == L + 1:
            return _softmax(np.asarray(net.logits(pts), dtype=np.float64))
        h = net.standardize(pts)
        slopes = net.slopes()
        for l in range(layer):
            z = h @ net.W[l]
            z += net.b[l]
            h = net.activations[l].forward(z, slopes[l] or 0.0)
    return np.asarray(h, dtype=np.float64)


def detail_map(net: Network, layer: int, index: int, xlim, ylim, n: int = DETAIL_N) -> Detail:
    """One node's map on an n x n grid (its own forward pass, up to the node's layer only;
    the thumbnails are separate)."""
    n = int(n)
    vals = _column_values(net, _grid(xlim, ylim, n), layer)
    m = np.ascontiguousarray(vals[:, index]).reshape(n, n)
    L = net.n_hidden
    kind = "input" if layer == 0 else "output" if layer == L + 1 else "hidden"
    off, sc = _offset_scale(kind, m[None])
    with np.errstate(all="ignore"):
        img = (m - off[0]) / sc[0]
    img = np.where(np.isfinite(img), np.clip(img, -1.0, 1.0), np.nan)
    lo, hi = _finite_range(m)
    return Detail(layer, index, n, m, img, float(off[0]), float(sc[0]), lo, hi)


# ---- the state across frames ---------------------------------------------------------

@dataclass
class _Seen:
    bounds: tuple | None = None
    dataset: object = None
    key: tuple | None = None
    params: np.ndarray | None = None
    epoch: int = -1
    steps: int = -1
    selection: tuple | None = None
    snapshot: object = None


class UnitViewModel:
    """Turns snapshots into :class:`UnitFrame` objects, keeping what lasts across frames."""

    def __init__(self, grid_n: int = THUMB_N, collapse_above: int = COLLAPSE_ABOVE,
                 history_capacity: int = HISTORY_CAPACITY, stats_samples: int = STATS_SAMPLES,
                 detail_n: int = DETAIL_N, stats_every: int = STATS_EVERY):
        self.grid_n = int(grid_n)
        self.collapse_above = int(collapse_above)
        self.stats_samples = int(stats_samples)
        self.detail_n = int(detail_n)
        self.history = HistogramHistory(history_capacity)
        self.layout: Layout | None = None
        self.frame: UnitFrame | None = None
        self.selected: tuple[int, int] | None = None
        self._bins: list[tuple[_Bins, _Bins]] = []
        self._seen = _Seen()
        self._stats: tuple | None = None
        self._changed_frames = 0
        self.stats_every = int(stats_every)
        self.gap = max(1, int(round(self.grid_n * (1.0 / NODE_SIZE - 1.0))))

    def clear(self) -> None:
        self.history.clear()
        self.layout = None
        self.frame = None
        self.selected = None
        self._bins = []
        self._seen = _Seen()
        self._stats = None
        self._changed_frames = 0

    def select(self, layer: int | None, index: int | None = None) -> UnitFrame | None:
        """Select a node for the enlarged map (None to clear); returns the updated frame."""
        if layer is None:
            self.selected = None
        else:
            lay = self.layout
            if lay is None:
                raise ValueError("nothing is shown yet")
            if not 0 <= layer < len(lay.columns):
                raise ValueError(f"there is no layer {layer}")
            col = lay.columns[layer]
            if col.collapsed or not 0 <= int(index) < col.size:
                raise ValueError(f"layer {layer} has no drawn unit {index}")
            self.selected = (int(layer), int(index))
        if self.frame is not None and self._seen.snapshot is not None:
            self.frame = replace(self.frame, detail=self._detail(self._seen.snapshot.network))
            self._seen.selection = self.selected
        return self.frame

    def _detail(self, net: Network) -> Detail | None:
        if self.selected is None or self.frame is None:
            return None
        l, i = self.selected
        with blas_threads(1):
            return detail_map(net, l, i, self.frame.xlim, self.frame.ylim, self.detail_n)

    def update(self, snapshot, dataset: Dataset, bounds=None) -> UnitFrame:
        """The frame for ``snapshot`` (the previous frame object when nothing changed).

        ``bounds`` = ``(xlim, ylim)`` of the thumbnail grid, e.g. the region the decision
        boundary is drawn over; default ``dataset.bounds(margin=GRID_MARGIN)``, the data
        bounds the training panel's boundary plot shows.

        BLAS is limited to one thread meanwhile: on these small matrices more threads only
        fight the training thread for the cores (see FACTS.md).
        """
        with blas_threads(1):
            return self._update(snapshot, dataset, bounds)

    def _update(self, snapshot, dataset: Dataset, bounds) -> UnitFrame:
        net: Network = snapshot.network
        seen = self._seen
        if bounds is None:
            bounds = dataset.bounds(margin=GRID_MARGIN)
        (x0, x1), (y0, y1) = bounds
        bounds = ((float(x0), float(x1)), (float(y0), float(y1)))
        key = (architecture_key(net), self.collapse_above)
        same_params = (key == seen.key and seen.params is not None
                       and np.array_equal(net.params, seen.params))
        # A restart: another data set or architecture, time going back, or other weights
        # without a training step (a reset that drew new initial weights at step 0).
        restart = (dataset is not seen.dataset or key != seen.key or snapshot.steps < seen.steps
                   or snapshot.epoch < seen.epoch
                   or (snapshot.steps == seen.steps and not same_params))
        if (not restart and self.frame is not None and snapshot.epoch == seen.epoch
                and snapshot.steps == seen.steps and bounds == seen.bounds):
            seen.snapshot = snapshot
            return self.frame
        if restart:
            self._stats = None
            keep_sel = self.selected if key == seen.key else None
            self.history.clear()
            self._bins = [(_Bins(), _Bins()) for _ in net.hidden_sizes]
            if key != seen.key or self.layout is None:
                self.layout = build_layout(net.sizes, [a.label for a in net.activations],
                                           self.collapse_above)
            self.selected = keep_sel
        lay = self.layout
        xlim, ylim = bounds
        maps = node_maps(net, xlim, ylim, self.grid_n)
        offsets, scales, strips = [], [], []
        for c, m in zip(lay.columns, maps):
            off, sc = _offset_scale(c.kind, m)
            offsets.append(off)
            scales.append(sc)
            strips.append(None if c.collapsed else strip_image(m, off, sc, self.gap))
        links = build_links(net, lay)
        status, counts = [], []
        for d, s in zip(snapshot.dead, snapshot.saturated):
            st = np.zeros(d.size, np.int8)
            st[np.asarray(s, bool)] = SATURATED
            st[np.asarray(d, bool)] = DEAD
            status.append(st)
            nd, ns = int(np.count_nonzero(st == DEAD)), int(np.count_nonzero(st == SATURATED))
            counts.append((d.size - nd - ns, nd, ns))
        died = [np.asarray(a, np.int64).copy() for a in snapshot.died_at]
        revived = [np.asarray(a, np.int64).copy() for a in getattr(snapshot, "revived", ())]
        if len(revived) != len(died):
            revived = [np.full((d.size, 2), -1, np.int64) for d in died]
        self._changed_frames += 1
        if (restart or self._stats is None or snapshot.epoch != self._stats[1].epoch
                or self._changed_frames >= self.stats_every):
            stats = layer_statistics(net, dataset.x_train, dataset.y_train,
                                     max_samples=self.stats_samples)
            ustats = unit_statistics(net, stats, dataset.n_train)
            hist = HistogramEntry(snapshot.epoch, snapshot.steps,
                                  tuple(self._histogram(l, st, counts[l]) for l, st in enumerate(stats)))
            self.history.add(hist)
            self._stats = (ustats, hist)
            self._changed_frames = 0
        ustats, hist = self._stats
        status_key = (b"".join(s.tobytes() for s in status) + b"|" + b"".join(d.tobytes() for d in died)
                      + b"|" + b"".join(r.tobytes() for r in revived))
        div = snapshot.divergence.message if snapshot.divergence is not None else None
        self.frame = UnitFrame(
            layout=lay, epoch=int(snapshot.epoch), steps=int(snapshot.steps), xlim=xlim, ylim=ylim,
            grid_n=self.grid_n, gap=self.gap, maps=maps, offset=offsets, scale=scales,
            strips=strips, links=links, status=status, died_at=died, counts=counts,
            unit_stats=ustats, histograms=hist, activations=tuple(a.label for a in net.activations),
            diverged=div, status_key=status_key, revived=revived,
        )
        if self.selected is not None:
            self.frame = replace(self.frame, detail=self._detail(net))
        seen.dataset, seen.key, seen.params, seen.bounds = dataset, key, net.params.copy(), bounds
        seen.epoch, seen.steps, seen.snapshot = int(snapshot.epoch), int(snapshot.steps), snapshot
        return self.frame

    def _histogram(self, l: int, st: LayerStats, counts: tuple[int, int, int]) -> LayerHistogram:
        zb, gb = self._bins[l]
        z = st.z.ravel()
        total = z.size
        ze, zc = zb.histogram(z, total)
        g = st.grad_z.ravel()
        with np.errstate(all="ignore"):
            nz = g[np.isfinite(g) & (g != 0)]
            lg = np.log10(np.abs(nz))
        zero = float(np.count_nonzero(g == 0) / total) if total else math.nan
        ge, gc = gb.histogram(lg, total)
        return LayerHistogram(st.layer, ze, zc, ge, gc, zero, st.z.shape[1], counts[1], counts[2],
                              nice_ceiling(float(zc.max()) if zc.size else 0.0),
                              nice_ceiling(float(gc.max()) if gc.size else 0.0))
