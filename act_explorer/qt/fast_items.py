"""pyqtgraph items that redo less work when a plot's data or ranges change often (the depth
slider): the same pictures, fewer recomputations.

* :class:`BoundedCurve` - a ``PlotCurveItem`` whose data bounds are computed once per
  ``setData``.  pyqtgraph throws its cached data bounds away on every view change
  (``viewTransformChanged`` calls ``invalidateBounds``), although bounds in data coordinates
  do not depend on the view; a jump of the depth slider changes the ranges, so each curve
  computed them two or three times per move.  Only the bounding rectangle (which holds a
  pixel margin for the pen) is recomputed on a view change now.
* :class:`PictureMemoAxis` - an ``AxisItem`` that keeps the pictures (ticks, labels, grid)
  it drew for the last few ranges, keyed on everything that goes into one: the range, the
  axis's and its view's geometry and the axis's style.  Going back to a range drawn before
  (the depth slider's axes move between a few "nice" ranges) replays the stored picture
  instead of generating the ticks again; the picture is the one a fresh drawing would make,
  since the drawing depends on nothing else.
"""

from __future__ import annotations

from collections import OrderedDict

import pyqtgraph as pg
from PySide6.QtGui import QFont, QGuiApplication, QPen

__all__ = ["BoundedCurve", "PictureMemoAxis"]


class BoundedCurve(pg.PlotCurveItem):
    """A curve item that keeps its data bounds across view changes (see the module)."""

    def viewTransformChanged(self):  # noqa: N802 (pyqtgraph API)
        # pyqtgraph: invalidateBounds() (data bounds too) + prepareGeometryChange().  The
        # data bounds cache is keyed on (frac, orthoRange), both in data coordinates, so it
        # stays right; the bounding rectangle's pixel margin does not.
        self._boundingRect = None
        self.prepareGeometryChange()


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


class PictureMemoAxis(pg.AxisItem):
    """An axis that reuses the picture it drew before for the same range and look."""

    MEMO_SIZE = 32

    def __init__(self, *args, **kwargs):
        self._memo: OrderedDict = OrderedDict()
        super().__init__(*args, **kwargs)
        self.memo_hits = 0
        self.memo_misses = 0

    def memo_key_extra(self):
        """Anything else a subclass's drawing depends on (e.g. theme colours)."""
        return ()

    def _memo_key(self):
        view = self.linkedView()
        view_rect = None
        if view is not None:
            view_rect = tuple(self.mapRectFromItem(view, view.boundingRect()).getRect())
        ticks = self._tickLevels
        return (
            tuple(self.range),
            tuple(self.mapRectFromParent(self.geometry()).getRect()),
            view_rect,
            self.grid,
            _freeze(self.pen()),
            _freeze(self.textPen()),
            _freeze(self.style),
            None if ticks is None else _freeze(ticks),
            self._tickSpacing if not isinstance(self._tickSpacing, list) else _freeze(self._tickSpacing),
            self.scale, self.autoSIPrefixScale, tuple(self.logMode) if isinstance(self.logMode, list)
            else self.logMode, self._tickDensity,
            # (textWidth / textHeight are not drawn from: they size the axis - its geometry,
            # above - and are updated from the labels as a drawing would, see paint)
            # the QPicture's painter starts with the application's font
            QGuiApplication.font().key() if self.style.get("tickFont") is None else None,
            self.memo_key_extra(),
        )

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
