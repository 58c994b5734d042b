"""The depth plots' axes: decades for log10 data, whole layer numbers, and a grid drawn opaque
under the curves (the grid is most of what a depth-slider move repaints)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QPen

from . import theme
from .fast_items import PictureMemoAxis

__all__ = ["Log10Axis", "LayerAxis", "OpaqueGridAxis", "decades"]

_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _pow10(n: int) -> str:
    if n == 0:
        return "1"
    if n == 1:
        return "10"
    return "10" + str(n).translate(_SUP)


class OpaqueGridAxis(PictureMemoAxis):
    """An axis whose grid lines are drawn in the opaque grey they look like on white, not
    as translucent black: the same picture, without blending every grid pixel (the grid is
    most of what a depth-slider move repaints).  Give the axis a z below its view box, so
    the grid lies under the curves.  Pictures drawn for earlier ranges are reused
    (:class:`~.fast_items.PictureMemoAxis`)."""

    def memo_key_extra(self):
        return (theme.colours().background,)     # the grid's grey is blended over it

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph API)
        specs = super().generateDrawSpecs(p)
        if specs is None or self.grid is False:
            return specs
        axis_spec, tick_specs, text_specs = specs
        out = []
        for pen, p1, p2 in tick_specs:
            c = pen.color()
            if c.alpha() < 255:
                pen = QPen(pen)
                pen.setColor(theme.blend(c))     # over the theme's plot background
            out.append((pen, p1, p2))
        return axis_spec, out, text_specs


class Log10Axis(OpaqueGridAxis):
    """A y axis for data given as log10 values: ticks at whole decades, labelled 10ⁿ.

    The data stay log10 (the model gives them so: finite even for 1e-1000), so nothing
    under- or overflows and zeros (-inf) simply break the line."""

    _STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_minor = False

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph API)
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal:
            return []
        span = maxVal - minVal
        want = max(2.0, size / 42.0)
        step = next((s for s in self._STEPS if s >= span / want), self._STEPS[-1])
        first = math.ceil(minVal / step) * step
        majors = [float(v) for v in np.arange(first, maxVal + 1e-9, step)]
        self._label_minor = len(majors) < 2
        if not self._label_minor:
            return [(float(step), majors)]
        # Zoomed in to less than a decade: label 2×10ⁿ, 3×10ⁿ ... too, on the one level
        # drawn (the depth plots draw major ticks only: half the grid to paint).
        minors = [d + math.log10(m) for d in range(math.floor(minVal), math.ceil(maxVal) + 1)
                  for m in range(1, 10)]
        return [(0.1, sorted(v for v in set(minors) | set(majors) if minVal <= v <= maxVal))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        out = []
        for v in values:
            n = round(v)
            if abs(v - n) < 1e-6:
                out.append(_pow10(int(n)))
            elif self._label_minor:
                e = math.floor(v)
                out.append(f"{10 ** (v - e):.0f}×{_pow10(e)}" if e != 0 else f"{10 ** (v - e):.0f}")
            else:
                out.append("")
        return out


class LayerAxis(OpaqueGridAxis):
    """An x axis of layer numbers: whole numbers only."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph API)
        out = []
        for spacing, values in super().tickValues(minVal, maxVal, size):
            if spacing >= 1:
                out.append((spacing, [v for v in values if float(v).is_integer()]))
        if not out and math.isfinite(minVal) and math.isfinite(maxVal):
            out = [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return out


def decades(lo: float, hi: float) -> tuple[float, float]:
    """A log10 range around [lo, hi] on whole decades (coarser for long spans), >= 2 wide."""
    span = max(hi - lo, 1e-9)
    step = 1.0 if span <= 12 else 2.0 if span <= 24 else 5.0 if span <= 60 else 10.0 if span <= 120 else 20.0
    a = math.floor(lo / step) * step
    b = math.ceil(hi / step) * step
    if b - a < 2.0:
        mid = 0.5 * (lo + hi)
        a, b = math.floor(mid - 1.0), math.floor(mid - 1.0) + 2.0
        if b < hi:
            a, b = a + 1.0, b + 1.0
    return a, b
