"""What the Training and Fit tabs' loss plots share: the log-scale axis, the curve setter, the
axis ranges that move in steps, the still items kept as pictures while training, and a plot
widget that times its paints.

Axis ranges change in steps, never every frame: a range change re-lays out the axes, the most
expensive part of a frame while a network trains.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg

LEFT_AXIS_WIDTH = 48
NICE_EPOCHS = tuple(m * 10 ** k for k in range(0, 6) for m in (1, 2, 5) if m * 10 ** k >= 5)


class LossAxis(pg.AxisItem):
    """A log-scale axis that labels only 1, 2 and 5 × 10ⁿ (pyqtgraph labels every minor tick,
    which crowds 0.09, 0.08, 0.07 … together)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        out = super().logTickStrings(values, scale, spacing)
        keep = []
        for v in values:
            m = 10.0 ** (float(v) - math.floor(float(v) + 1e-9))
            keep.append(any(abs(m - k) < 1e-3 * k for k in (1.0, 2.0, 5.0)))
        if sum(keep) < 2:
            return out
        return [t if k else "" for t, k in zip(out, keep)]


def set_xy(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, envelope: bool = False) -> None:
    """Plot ``y`` against ``x`` (NaN breaks the line); a lone point (epoch 0) gets a dot,
    since a line through one point draws nothing.  With ``envelope`` (while training) the
    item draws only the visible epochs, as the lowest and highest value per pixel column: the
    same picture from a few thousand points instead of every epoch; without it, every point."""
    if item.opts["autoDownsample"] != envelope:
        item.opts["autoDownsampleFactor"] = 1.0
        item.setDownsampling(auto=envelope, method="peak")
        item.setClipToView(envelope)
    if len(x) == 0 or not np.isfinite(y).any():
        item.setData([], [])
        return
    lone = len(x) == 1
    if lone != (item.opts.get("symbol") is not None):
        colour = item.opts["pen"].color() if hasattr(item.opts["pen"], "color") else "k"
        item.setSymbol("o" if lone else None)
        item.setSymbolSize(6)
        item.setSymbolPen(None)
        item.setSymbolBrush(colour)
    item.setData(x, y, connect="finite")


def keep_as_pictures(items: Iterable, on: bool) -> None:
    """Keep ``items`` - what does not change while a network trains (data points, a target,
    axes, titles, legends) - as pictures in device pixels (``on``), drawn again only when they
    change or the view moves; or draw them directly again (off: still pictures and exports in
    full quality)."""
    from PySide6.QtWidgets import QGraphicsItem

    mode = (QGraphicsItem.CacheMode.DeviceCoordinateCache if on
            else QGraphicsItem.CacheMode.NoCache)
    for item in items:
        item.setCacheMode(mode)


def epoch_axis_end(epochs: int, budget: int) -> int:
    """The end of the epoch axis: the next of 5, 10, 20, 50, … epochs past 110 % of
    ``epochs`` (or the budget when that is nearer), so the axis moves in steps."""
    nice = next((v for v in NICE_EPOCHS if v >= epochs * 1.1), None) or int(epochs * 1.25) + 1
    return max(min(nice, budget), epochs, 1) if epochs <= budget else nice


def loss_decades(series: Iterable[np.ndarray]) -> tuple[int, int] | None:
    """The whole decades (as log10 exponents, at least one apart) that hold every finite,
    positive value of ``series``; None when there is none."""
    lo, hi = math.inf, -math.inf
    for v in series:
        v = v[np.isfinite(v) & (v > 0)]
        if v.size:
            lo, hi = min(lo, float(v.min())), max(hi, float(v.max()))
    if not math.isfinite(lo):
        return None
    d_lo = math.floor(math.log10(lo) + 1e-9)
    return d_lo, max(math.ceil(math.log10(hi) - 1e-9), d_lo + 1)


class TimedGraphics(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that remembers how long its paints take (frame pacing): wall
    time in ``paint_ms`` and the GUI thread's CPU time in ``paint_cpu_ms``; ``painted()`` is
    called after every paint."""

    last_paint_ms = 0.0
    painted = staticmethod(lambda: None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paint_ms: deque[float] = deque(maxlen=5000)
        self.paint_cpu_ms: deque[float] = deque(maxlen=5000)

    def paintEvent(self, ev):  # noqa: N802 (Qt API)
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            super().paintEvent(ev)
        finally:
            self.last_paint_ms = (time.perf_counter() - t0) * 1000.0
            self.paint_ms.append(self.last_paint_ms)
            self.paint_cpu_ms.append((time.thread_time() - c0) * 1000.0)
            self.painted()
