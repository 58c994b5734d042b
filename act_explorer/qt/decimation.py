"""Fewer points than pixels for a curve drawn while a slider moves, with kinks and jumps exact.

A 2000-point curve on a plot 1000 pixels wide paints two points per pixel column; while a
parameter is dragged, painting is what limits the frame rate.  :func:`decimate` picks a subset
of the samples (every kept point is an original sample, unchanged) such that

* about one point per pixel column is kept on smooth stretches (every ``stride``-th sample);
* every sample where the curve turns by more than ``feature_px`` pixels off the chord of its
  neighbours is kept: kinks (ReLU at 0, hardtanh at ±1, ...) and both ends of a jump (step)
  therefore stay exactly where the full curve has them;
* every dropped sample lies within ``tol_px`` pixels (vertically) of the line through the kept
  ones: points are added where it would not, until it does;
* non-finite samples and their neighbours are kept (the line breaks there), and so are the
  lowest and highest finite samples, so the curve's bounds (autorange) do not change.

NumPy only; the pixel scales come from the plot.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["decimate", "max_deviation_px"]


def decimate(x: np.ndarray, y: np.ndarray, px_per_x: float, px_per_y: float, max_points: int,
             tol_px: float = 0.25, feature_px: float = 0.05) -> np.ndarray:
    """Indices (ascending) of the samples of ``(x, y)`` to draw; all of them if n <= max_points.

    ``x`` must be increasing and finite; ``y`` may hold inf/NaN.  ``px_per_x`` / ``px_per_y``
    are the plot's pixels per data unit.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    if (n <= max(int(max_points), 2) or not (math.isfinite(px_per_x) and math.isfinite(px_per_y))
            or px_per_x <= 0 or px_per_y <= 0):
        return np.arange(n)
    stride = -(-n // int(max_points))
    keep = np.zeros(n, dtype=bool)
    keep[::stride] = True
    keep[0] = keep[-1] = True
    fin = np.isfinite(y)
    if not fin.all():
        bad = ~fin
        keep |= bad
        keep[1:] |= bad[:-1]
        keep[:-1] |= bad[1:]
    if not fin.any():
        return np.nonzero(keep)[0]
    yf = np.where(fin, y, 0.0)
    keep[int(np.argmin(np.where(fin, y, np.inf)))] = True
    keep[int(np.argmax(np.where(fin, y, -np.inf)))] = True
    # Turning points: the middle sample's distance (in pixels, vertically) from the chord of
    # its neighbours.  Smooth stretches sampled finer than a pixel turn by far less.
    x0, x1, x2 = x[:-2], x[1:-1], x[2:]
    with np.errstate(all="ignore"):
        w = (x1 - x0) / (x2 - x0)
        off = np.abs(yf[1:-1] - (yf[:-2] + w * (yf[2:] - yf[:-2]))) * px_per_y
    keep[1:-1] |= off > feature_px
    # Guarantee: every dropped finite sample within tol_px of the drawn line.
    xs, ys = x[fin], yf[fin]
    pos = np.nonzero(fin)[0]
    for _ in range(8):
        k = keep[fin]
        err = np.abs(np.interp(xs, xs[k], ys[k]) - ys) * px_per_y
        far = err > tol_px
        if not far.any():
            break
        idx = pos[far]
        keep[idx] = True
        keep[np.maximum(idx - 1, 0)] = True
        keep[np.minimum(idx + 1, n - 1)] = True
    else:  # pragma: no cover - each round adds points; 8 rounds are far more than needed
        keep[fin] = True
    return np.nonzero(keep)[0]


def max_deviation_px(x: np.ndarray, y: np.ndarray, idx: np.ndarray, px_per_y: float) -> float:
    """Largest vertical distance, in pixels, of a finite sample from the line through ``idx``."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    fin = np.isfinite(y)
    k = np.zeros(len(y), dtype=bool)
    k[idx] = True
    k &= fin
    if not fin.any():
        return 0.0
    return float(np.max(np.abs(np.interp(x[fin], x[k], y[k]) - y[fin])) * px_per_y)
