"""The state across frames: :class:`UnitViewModel` turns training snapshots into
:class:`~.frame.UnitFrame` objects, keeping the layout, the histogram bins and history and the
selected node, and noticing restarts by itself."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ..datasets import Dataset
from ..network import LayerStats, Network, layer_statistics
from ..training import blas_threads
from .frame import DEAD, SATURATED, UnitFrame, unit_statistics
from .histograms import HISTORY_CAPACITY, HistogramEntry, HistogramHistory, LayerHistogram, _Bins, nice_ceiling
from .layout import COLLAPSE_ABOVE, NODE_SIZE, Layout, architecture_key, build_layout
from .links import build_links
from .maps import DETAIL_N, GRID_MARGIN, THUMB_N, Detail, _offset_scale, detail_map, node_maps, strip_image

STATS_SAMPLES = 2000
STATS_EVERY = 6  # within one epoch, refresh statistics every this many changed frames


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
