"""Grids and statistics of a network for the views to draw: the input-plane grid, the
decision regions, every hidden unit's output over the plane, and per-layer samples of
pre-activations, outputs and gradients (with dead and saturated units).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .mlp import Network, NetworkError


def grid_points(xlim: tuple[float, float], ylim: tuple[float, float], n: int,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, points)``: n x n grid, ``points[iy * n + ix] = (xs[ix], ys[iy])``."""
    n = int(n)
    if n < 2:
        raise NetworkError(f"a grid needs at least 2 points per side, got {n}")
    xs = np.linspace(float(xlim[0]), float(xlim[1]), n)
    ys = np.linspace(float(ylim[0]), float(ylim[1]), n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def decision_grid(net: Network, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 100,
                  kind: str = "auto") -> np.ndarray:
    """The classifier over an n x n grid of raw coordinates, shape (n, n) indexed [iy, ix].

    kind "probability": P(class 1) (float64 in [0, 1]); "class": the argmax class (int64);
    "auto": probability for two classes, class otherwise.  Row 0 is ``ylim[0]``.
    """
    if kind == "auto":
        kind = "probability" if net.n_classes == 2 else "class"
    _, _, pts = grid_points(xlim, ylim, n)
    with np.errstate(all="ignore"):
        if kind == "probability":
            out = net.predict_proba(pts)[:, 1]
        elif kind == "class":
            out = net.predict(pts).astype(np.int64)
        else:
            raise NetworkError(f"unknown kind {kind!r}; use auto, probability or class")
    return out.reshape(int(n), int(n))


def unit_outputs_grid(net: Network, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 32,
                      pre_activation: bool = False) -> list[np.ndarray]:
    """Each hidden unit's output h (or pre-activation z) over an n x n grid.

    One array per hidden layer, shape (units, n, n) indexed [unit, iy, ix], float64, from
    one batched forward pass of all n*n points (the thumbnails of a network diagram).
    """
    _, _, pts = grid_points(xlim, ylim, n)
    with np.errstate(all="ignore"):
        zs, hs, _ = net.forward(pts)
    src = zs if pre_activation else hs
    n = int(n)
    return [np.ascontiguousarray(np.asarray(a, dtype=np.float64).T).reshape(a.shape[1], n, n) for a in src]


@dataclass(frozen=True)
class LayerStats:
    """Samples of one hidden layer for histograms.

    ``z``, ``h``: pre-activations and outputs, shape (n, units).  ``grad_z``: per-example
    gradient of that example's loss w.r.t. z (dL_i/dz_i, not divided by n), shape (n, units).
    ``grad_w``: gradient of the mean loss w.r.t. the layer's weights, shape (fan_in, units).
    ``dead``/``saturated``: unit masks over these inputs.
    """

    layer: int
    activation: str
    z: np.ndarray
    h: np.ndarray
    grad_z: np.ndarray
    grad_w: np.ndarray
    dead: np.ndarray
    saturated: np.ndarray


def layer_statistics(net: Network, x, y, max_samples: int | None = 2000, seed: int = 0) -> list[LayerStats]:
    """Per hidden layer pre-activations, outputs and gradients over ``(x, y)`` (evaluation mode).

    At most ``max_samples`` rows (a deterministic random subset of them, chosen by ``seed``)
    are used, so histograms stay cheap for large data sets.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if max_samples is not None and len(x) > max_samples:
        idx = np.sort(np.random.default_rng(seed).choice(len(x), size=int(max_samples), replace=False))
        x, y = x[idx], y[idx]
    with np.errstate(all="ignore"):
        bp = net.backprop(x, y)
        dead, sat = net._status_from_z(bp.zs)
    n = max(len(x), 1)
    out = []
    for l in range(net.n_hidden):
        w0, w1, shape = net._slices[l][0]
        out.append(LayerStats(
            layer=l + 1,
            activation=net.activations[l].id,
            z=np.asarray(bp.zs[l], dtype=np.float64),
            h=np.asarray(bp.hs[l], dtype=np.float64),
            grad_z=np.asarray(bp.dzs[l], dtype=np.float64) * n,
            grad_w=bp.grad[w0:w1].reshape(shape).copy(),
            dead=dead[l],
            saturated=sat[l],
        ))
    return out
