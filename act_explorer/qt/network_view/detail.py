"""The enlarged map of the selected unit, in a plot beside the network diagram: the unit's
value over the input plane on the model's finer grid (:class:`~...model.unit_view.Detail`),
the training points on top, and the map's range.  The title changes only with the selection
(a new title re-lays out the whole scene); the changing range goes in a text item."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor

from .. import plotting
from ..training.colours import class_colour
from .items import CACHE, _c, _cache_plot


class UnitDetail:
    """The plot of the enlarged map (``plot``, ``image``, ``points``, ``range_text``), at
    ``row``, ``col`` of the pyqtgraph layout ``ci``, coloured with the lookup table ``lut``."""

    def __init__(self, ci: pg.GraphicsLayout, lut, row: int = 0, col: int = 1):
        self.plot = ci.addPlot(row=row, col=col)
        plotting.plain_ticks(self.plot)
        self.plot.setAspectLocked(True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTextPen(pg.mkPen(_c().foreground))
        self.plot.setLabel("bottom", "x₁")
        self.plot.setLabel("left", "x₂")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLookupTable(lut)
        self.points = pg.ScatterPlotItem(size=4, pen=pg.mkPen(255, 255, 255, 200, width=0.8))
        self.plot.addItem(self.image)
        self.plot.addItem(self.points)
        self.show_hint()
        self.range_text = pg.TextItem("", color=_c().foreground, anchor=(0, 0), fill=self._range_fill())
        self.range_text.setParentItem(self.plot.vb)
        self.range_text.setPos(4, 2)
        self.shown = None        # the Detail on show
        self._rect = None        # the (xlim, ylim) it was placed for

    def cache(self) -> None:
        """Cache what changes rarely (axes, title, points): painted once, then blitted."""
        _cache_plot(self.plot)
        self.points.setCacheMode(CACHE)

    def show_hint(self) -> None:
        self.plot.setTitle(QCoreApplication.translate("NetworkView", "Click a unit to enlarge its map"),
                           size="9pt")

    @staticmethod
    def _range_fill():
        bg = QColor(_c().background)
        return pg.mkBrush(bg.red(), bg.green(), bg.blue(), 200)

    def apply_theme(self) -> None:
        c = _c()
        plotting.restyle_plot(self.plot)
        self.range_text.setColor(c.foreground)
        self.range_text.fill = self._range_fill()

    def show_points(self, dataset) -> None:
        """The training points of ``dataset``, coloured by class."""
        x = dataset.x_train
        y = dataset.y_train
        brushes = [pg.mkBrush(class_colour(k)) for k in y]
        self.points.setData(x[:, 0], x[:, 1], brush=brushes)

    def hide_map(self) -> None:
        """No unit selected: the hint instead of a map (nothing redone when none was shown)."""
        if self.shown is not None:
            self.image.clear()
            self.range_text.setText("")
            self.show_hint()
        self.shown = None

    def clear(self) -> None:
        """Forget the map and the points (an empty view)."""
        self.image.clear()
        self.points.clear()
        self.show_hint()
        self.shown = None

    def forget_placement(self) -> None:
        self.range_text.setText("")
        self._rect = None

    def show_map(self, frame, d) -> None:
        """Show the Detail ``d`` of ``frame`` (a :class:`~...model.unit_view.UnitFrame`)."""
        first = self.shown is None or (self.shown.layer, self.shown.index) != (d.layer, d.index)
        self.shown = d
        self.image.setImage(d.image, autoLevels=False, levels=(-1.0, 1.0))
        rect = (frame.xlim, frame.ylim)
        if first or rect != self._rect:
            # The title only changes with the selection: a new title re-lays out the whole
            # scene, too slow for every frame.  The changing range goes in a text item.
            (x0, x1), (y0, y1) = rect
            self._rect = rect
            self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            L = frame.n_hidden
            if d.layer == 0:
                name = QCoreApplication.translate("NetworkView", "Input x{i}").format(i=d.index + 1)
            elif d.layer == L + 1:
                name = QCoreApplication.translate("NetworkView", "Output: P(class {k})").format(k=d.index + 1)
            else:
                name = QCoreApplication.translate("NetworkView", "Layer {l}, unit {u}: h = f(z)").format(
                    l=d.layer, u=d.index + 1)
            self.plot.setTitle(name, size="9pt")
        rng = QCoreApplication.translate("NetworkView", "from {lo:.3g} to {hi:.3g}").format(lo=d.v_min, hi=d.v_max)
        if rng != self.range_text.toPlainText():
            self.range_text.setText(rng)
