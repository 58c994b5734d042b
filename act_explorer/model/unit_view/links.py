"""The links of a frame: one segment per weight between two drawn columns, with its sign and
thickness, quantised to :data:`LINK_LEVELS` pens so the view draws a few polylines; links that
touch a collapsed layer are aggregated (see :class:`Links`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..network import Network
from .layout import Layout

LINK_LEVELS = 6  # pens per link colour


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
