"""pyqtgraph items that redo less work when a plot's data or ranges change often (the depth
slider): the same pictures, fewer recomputations.

* :class:`BoundedCurve` - a ``PlotCurveItem`` that keeps what does not depend on the view
  across view changes and computes what a new series needs once.  pyqtgraph throws its
  cached data bounds away on every view change (``viewTransformChanged`` calls
  ``invalidateBounds``), although bounds in data coordinates do not depend on the view; a
  jump of the depth slider changes the ranges, so each curve computed them two or three times
  per move.  Only the bounding rectangle (which holds a pixel margin for the pen) is
  recomputed on a view change now, from the size of a pixel found once per view change.
  :meth:`BoundedCurve.set_series` is ``setData(x, y, connect="finite")`` for NaN-gapped
  float series that computes the data bounds at once with two reductions (pyqtgraph's
  ``nanmin`` under a warnings guard costs eight times as much, and ran on every new series),
  and :meth:`BoundedCurve.paint` draws a plain line with the painter calls pyqtgraph makes
  for it, without the checks for fills, shadows, steps and OpenGL it does not use.
* :class:`PictureMemoAxis` - an ``AxisItem`` that keeps the pictures (ticks, labels, grid)
  it drew for the last few ranges, keyed on everything that goes into one: the range, the
  axis's and its view's geometry and the axis's style.  Going back to a range drawn before
  (the depth slider's axes move between a few "nice" ranges) replays the stored picture
  instead of generating the ticks again; the picture is the one a fresh drawing would make,
  since the drawing depends on nothing else.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import pyqtgraph as pg
from pyqtgraph import Point
from pyqtgraph.Qt import OpenGLHelpers
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPen

__all__ = ["BoundedCurve", "PictureMemoAxis"]


class BoundedCurve(pg.PlotCurveItem):
    """A curve item that keeps its data bounds across view changes (see the module).

    ``bounds_computed`` and ``paths_built`` count the data-bound reductions and the paths
    (or line segments) built, for tests that check the work saved."""

    def __init__(self, *args, **kwargs):
        self._pixel_vectors = None
        self.bounds_computed = 0
        self.paths_built = 0
        super().__init__(*args, **kwargs)

    def viewTransformChanged(self):  # noqa: N802 (pyqtgraph API)
        # pyqtgraph: invalidateBounds() (data bounds too) + prepareGeometryChange().  The
        # data bounds cache is keyed on (frac, orthoRange), both in data coordinates, so it
        # stays right; the bounding rectangle's pixel margin does not.
        self._boundingRect = None
        self._pixel_vectors = None
        self.prepareGeometryChange()

    def pixelVectors(self, direction=None):  # noqa: N802 (pyqtgraph API)
        # The size of a view pixel in data coordinates changes only with the view's
        # transform, which viewTransformChanged announces: found once per change, not on
        # every new bounding rectangle (pyqtgraph maps the device transform each time).
        if direction is not None:
            return super().pixelVectors(direction)
        pv = self._pixel_vectors
        if pv is None:
            pv = super().pixelVectors()
            if pv[0] is None or pv[1] is None:
                return pv
            self._pixel_vectors = pv
        return Point(pv[0]), Point(pv[1])           # copies, as pyqtgraph returns

    def boundingRect(self):  # noqa: N802 (pyqtgraph API)
        rect = self._boundingRect
        if rect is not None:
            return rect
        xb, yb = self._boundsCache
        if (xb is None or yb is None or xb[0] != (1.0, None) or yb[0] != (1.0, None)
                or None in xb[1] or None in yb[1]):
            return super().boundingRect()
        # pyqtgraph's rectangle (the data bounds grown by the pen's half width in pixels),
        # from the cached bounds and pixel size.
        (xmn, xmx), (ymn, ymx) = xb[1], yb[1]
        px = py = 0.0
        pad = self.pixelPadding()
        if pad > 0:
            pv = self._pixel_vectors
            if pv is None:
                pv = self.pixelVectors()
            vx, vy = pv
            try:
                px = 0 if vx is None else vx.length()
            except OverflowError:
                px = 0
            try:
                py = 0 if vy is None else vy.length()
            except OverflowError:
                py = 0
            px *= pad
            py *= pad
        rect = QRectF(xmn - px, ymn - py, (2 * px) + xmx - xmn, (2 * py) + ymx - ymn)
        self._boundingRect = rect
        return rect

    def dataBounds(self, ax, frac=1.0, orthoRange=None):  # noqa: N802, N803 (pyqtgraph API)
        cache = self._boundsCache[ax]
        if cache is None or cache[0] != (frac, orthoRange):
            self.bounds_computed += 1
        return super().dataBounds(ax, frac, orthoRange)

    def _plain(self) -> bool:
        """A line with a cosmetic pen: no fill, shadow, steps or composition mode (what
        set_series and paint do the short way)."""
        o = self.opts
        pen = o["pen"]
        return (o["fillLevel"] is None and o["shadowPen"] is None and not o["stepMode"]
                and o["compositionMode"] is None and (pen is None or pen.isCosmetic()))

    def set_series(self, x: np.ndarray, y: np.ndarray) -> None:
        """``setData(x, y, connect="finite")`` for float64 arrays of one length whose gaps
        are NaN (no infinities), with the data bounds computed here, once: the same data,
        bounds and picture as ``setData``."""
        if (self.opts["connect"] != "finite" or not self._plain() or x.dtype != np.float64
                or y.dtype != np.float64 or x.ndim != 1 or x.shape != y.shape or not len(x)):
            self.setData(x, y, connect="finite")
            return
        bounds = []
        for d in (x, y):
            lo, hi = float(np.fmin.reduce(d)), float(np.fmax.reduce(d))   # NaN skipped
            if not (math.isfinite(lo) and math.isfinite(hi)):
                self.setData(x, y, connect="finite")     # all gaps, or infinities: pyqtgraph's way
                return
            bounds.append([(1.0, None), (lo, hi)])
        self.bounds_computed += 2
        self.xData = x
        self.yData = y
        self._boundingRect = None
        self._boundsCache = bounds
        self.prepareGeometryChange()
        self.informViewBoundsChanged()
        self.path = None
        self.fillPath = None
        self._fillPathList = None
        self._mouseShape = None
        self._lineSegmentsRendered = False
        self.update()
        self.sigPlotChanged.emit(self)

    def getPath(self):  # noqa: N802 (pyqtgraph API)
        if self.path is None:
            self.paths_built += 1
        return super().getPath()

    def _getLineSegments(self):  # noqa: N802 (pyqtgraph API)
        if not self._lineSegmentsRendered:
            self.paths_built += 1
        return super()._getLineSegments()

    def paint(self, p, opt, widget):
        if (self._exportOpts is not False or not self._plain()
                or isinstance(widget, OpenGLHelpers.GraphicsViewGLWidget)):
            super().paint(p, opt, widget)
            return
        if self.xData is None or len(self.xData) == 0:
            return
        # pyqtgraph's calls for this case: the antialiasing hint, the pen, then the line as
        # segments (wide solid aliased pens) or as one path.
        p.setRenderHint(QPainter.RenderHint.Antialiasing, self.opts["antialias"])
        pen = self.opts["pen"]
        if pen is None or pen.style() == Qt.PenStyle.NoPen:
            return
        p.setPen(pen)
        if self._shouldUseDrawLineSegments(pen):
            p.drawLines(*self._getLineSegments())
        else:
            p.drawPath(self.getPath())


def _freeze(value):
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, QFont):
        return ("font", value.key())
    if isinstance(value, QPen):
        return ("pen", value.color().rgba(), value.widthF(), int(value.style().value),
                value.isCosmetic())
    return value


def _snapshot(value):
    """A copy of ``value`` that later changes made in place to it do not reach."""
    if isinstance(value, (list, tuple)):
        return type(value)(_snapshot(v) for v in value)
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    if isinstance(value, (QFont, QPen, QColor)):
        return type(value)(value)
    return value


class PictureMemoAxis(pg.AxisItem):
    """An axis that reuses the picture it drew before for the same range and look."""

    # The gradient plot's y axis of the depth tab, comparing three functions, showed 83
    # ranges in 1100 random jumps of the slider (a picture is ~1.6 kB): with room for 32 it
    # drew a third of the jumps afresh.
    MEMO_SIZE = 128

    def __init__(self, *args, **kwargs):
        self._memo: OrderedDict = OrderedDict()
        self._look_cache = None
        super().__init__(*args, **kwargs)
        self.memo_hits = 0
        self.memo_misses = 0

    def memo_key_extra(self):
        """Anything else a subclass's drawing depends on (e.g. theme colours)."""
        return ()

    def _look_source(self):
        """What the look is made of, as the axis holds it (cheap to read and compare)."""
        return (self._pen, self._textPen, self._tickPen, pg.getConfigOption("foreground"),
                self.grid, self.style, self._tickLevels, self._tickSpacing, self.scale,
                self.autoSIPrefixScale, self.logMode, self._tickDensity,
                # the QPicture's painter starts with the application's font
                QGuiApplication.font() if self.style.get("tickFont") is None else None,
                self.memo_key_extra())

    def _look(self):
        """The axis's look as a hashable key, frozen again only when what it is made of
        compares different from a copy kept of it (reading the pens and the style and
        freezing them costs most of a key)."""
        src = self._look_source()
        cached = self._look_cache
        if cached is not None:
            try:
                if cached[0] == src:
                    return cached[1]
            except (TypeError, ValueError):      # e.g. ticks given as arrays: freeze again
                pass
        ticks = self._tickLevels
        look = (
            self.grid,
            _freeze(self.pen()),
            _freeze(self.textPen()),
            _freeze(self.style),
            None if ticks is None else _freeze(ticks),
            self._tickSpacing if not isinstance(self._tickSpacing, list) else _freeze(self._tickSpacing),
            self.scale, self.autoSIPrefixScale, tuple(self.logMode) if isinstance(self.logMode, list)
            else self.logMode, self._tickDensity,
            QGuiApplication.font().key() if self.style.get("tickFont") is None else None,
            self.memo_key_extra(),
        )
        self._look_cache = (_snapshot(src), look)
        return look

    def _memo_key(self):
        view = self.linkedView()
        view_rect = None
        if view is not None:
            view_rect = tuple(self.mapRectFromItem(view, view.boundingRect()).getRect())
        # (textWidth / textHeight are not drawn from: they size the axis - its geometry,
        # below - and are updated from the labels as a drawing would, see paint)
        return (tuple(self.range), tuple(self.mapRectFromParent(self.geometry()).getRect()),
                view_rect, self._look())

    def _updateMaxTextSize(self, x):  # noqa: N802 (pyqtgraph API)
        # Drawing the ticks tells the axis how much room its labels need (which may resize
        # it): remembered with the picture and told again when the picture is reused.
        self._text_size = x
        super()._updateMaxTextSize(x)

    def paint(self, p, opt, widget):
        if self.picture is None:
            key = self._memo_key()
            stored = self._memo.get(key)
            if stored is not None:
                self._memo.move_to_end(key)
                picture, text_size = stored
                if text_size is not None:
                    # as while drawing it (this may clear self.picture, as drawing does)
                    self._updateMaxTextSize(text_size)
                self.picture = picture
                self.memo_hits += 1
            else:
                self._text_size = None
                super().paint(p, opt, widget)
                self.memo_misses += 1
                self._memo[key] = (self.picture, self._text_size)
                while len(self._memo) > self.MEMO_SIZE:
                    self._memo.popitem(last=False)
                return
        self.picture.play(p)

    def forget_pictures(self) -> None:
        """Drop the stored pictures (the next paint draws afresh)."""
        self._memo.clear()
        self.picture = None
        self.update()
