"""Each node's value over a grid of the input plane: the thumbnails of a frame (all columns
from one batched forward pass, normalised and stacked into one image per column) and the
enlarged map of the selected node on a finer grid (:class:`Detail`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..network import Network, grid_points
from ..softmax import stable_softmax as _softmax

THUMB_N = 24  # thumbnail grid points per side
GRID_MARGIN = 0.08  # default thumbnail region: the data bounds widened by this (as the training panel)
DETAIL_N = 64  # grid points per side of the enlarged map of the selected unit

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
