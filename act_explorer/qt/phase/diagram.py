"""The phase diagram view: a log-scale heatmap of a depth scale over (sigma_w^2, sigma_b^2),
the critical line chi = 1, and the current point as a draggable marker.

Draws what :func:`~act_explorer.model.phase.phase_grid` computed (the heatmap object is
:class:`~act_explorer.qt.phase_render.Heatmap`, shared with the command line's pictures).
Cells without a finite, non-zero fixed point are painted in one of two greys by their status
(q* = 0 or q* = infinity), never as numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QGraphicsRectItem

from ...model import phase as P
from .. import theme
from ..phase_render import Heatmap, _plain_axes
from ..plotting import mark_hover_only, restyle_plot, style_plot

# undefined cells: (q* = 0, q* = infinity) as RGBA, per theme
UNDEFINED = {"light": ((222, 222, 222, 255), (150, 150, 150, 255)),
             "dark": ((170, 170, 170, 255), (112, 112, 112, 255))}
TOP_QUANTILE = 0.99       # the colour scale ends here: the depth scales diverge at the line


def keep_inside(bar: pg.ColorBarItem) -> None:
    """A colour bar's axes claim no room for tick labels past their ends (pyqtgraph's default
    reaches 15 px beyond the plot, outside the window at the top)."""
    for side in ("left", "right", "top", "bottom"):
        bar.getAxis(side).setStyle(hideOverlappingLabels=True)


def undefined_colours() -> tuple[tuple[int, ...], tuple[int, ...]]:
    return UNDEFINED["dark" if theme.is_dark() else "light"]


def shown_values(grid: P.PhaseGrid, quantity: str) -> np.ndarray:
    """The values the heatmap colours: ``quantity`` of every cell with a finite, non-zero
    fixed point (|xi_grad|: negative in the chaotic phase, where the gradient grows), NaN
    elsewhere."""
    values = np.array(getattr(grid, quantity), dtype=np.float64)
    if quantity == "xi_grad":
        values = np.abs(values)
    values[grid.status != P.OK] = np.nan
    return values


def undefined_image(grid: P.PhaseGrid) -> np.ndarray:
    """RGBA per cell for the cells the heatmap leaves undefined."""
    zero, inf = undefined_colours()
    out = np.empty(grid.shape + (4,), dtype=np.ubyte)
    out[...] = zero
    out[grid.status == P.INFINITE] = inf
    return out


class DiagramView(QObject):
    """The plot items of the diagram on a ``pg.GraphicsLayoutWidget``.

    ``point_dragged(sigma_w2, sigma_b2)`` fires while the user drags the marker or clicks in
    the plot (never when :meth:`set_point` places it); ``hovered(i, j)`` names the cell under
    the pointer (-1, -1 when it leaves the plot).
    """

    point_dragged = Signal(float, float)
    hovered = Signal(int, int)

    def __init__(self, graphics: pg.GraphicsLayoutWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.graphics = graphics
        ci = graphics.ci
        ci.setContentsMargins(4, 4, 8, 4)
        self.plot = graphics.addPlot(row=0, col=0)
        style_plot(self.plot, "", "σ_w²", "σ_b²")
        _plain_axes(self.plot)
        self.plot.showGrid(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.heatmap = Heatmap(self.plot, ci, 0, 1, "")
        self.heatmap.bar.getAxis("left").setWidth(30)
        keep_inside(self.heatmap.bar)
        self.line_under = pg.PlotDataItem()
        self.line = pg.PlotDataItem()
        for item in (self.line_under, self.line):
            item.setZValue(5)
            self.plot.addItem(item)
        self.marker = pg.TargetItem(pos=(1.0, 0.0), size=15, movable=True, symbol="crosshair")
        self.marker.setZValue(10)
        self.plot.addItem(self.marker)
        self.hover_box = QGraphicsRectItem()
        self.hover_box.setZValue(8)
        self.hover_box.setVisible(False)
        mark_hover_only(self.hover_box)
        self.plot.getViewBox().addItem(self.hover_box)
        self.grid: P.PhaseGrid | None = None
        self._placing = False
        self.marker.sigPositionChanged.connect(self._marker_moved)
        graphics.scene().sigMouseMoved.connect(self._mouse_moved)
        graphics.scene().sigMouseClicked.connect(self._mouse_clicked)
        self.apply_theme()

    # -- drawing ----------------------------------------------------------------------------
    def apply_theme(self) -> None:
        c = theme.colours()
        self.graphics.setBackground(c.background)
        restyle_plot(self.plot)
        restyle_plot(self.heatmap.bar)
        # the critical line: white over a dark edge, readable on every viridis colour
        self.line_under.setPen(pg.mkPen("#000000", width=4.5))
        self.line.setPen(pg.mkPen("#ffffff", width=2))
        self.line_under.setSymbolPen(pg.mkPen("#000000", width=2))
        self.line.setSymbolBrush(pg.mkBrush("#ffffff"))
        self.marker.setPen(pg.mkPen("#ff3b30" if not theme.is_dark() else "#ff8a80", width=3))
        self.marker.setBrush(pg.mkBrush(0, 0, 0, 0))
        self.hover_box.setPen(pg.mkPen(c.foreground, width=1))
        if self.grid is not None:
            self.heatmap.set(self._values, self.grid.sigma_w2, self.grid.sigma_b2, undefined_image(self.grid),
                             TOP_QUANTILE)

    def show_grid(self, grid: P.PhaseGrid, quantity: str, crit_w2: np.ndarray,
                  crit_b2: np.ndarray, bar_label: str) -> None:
        self.grid = grid
        self._values = shown_values(grid, quantity)
        self.heatmap.set(self._values, grid.sigma_w2, grid.sigma_b2, undefined_image(grid), TOP_QUANTILE)
        self.heatmap.set_label(bar_label)
        keep = (crit_w2 >= grid.sigma_w2[0]) & (crit_w2 <= grid.sigma_w2[-1]) \
            & (crit_b2 >= grid.sigma_b2[0]) & (crit_b2 <= grid.sigma_b2[-1])
        w, b = crit_w2[keep], crit_b2[keep]
        self.crit = (w, b)
        single = w.size == 1
        for item in (self.line_under, self.line):
            item.setData(w, b, symbol="o" if single else None, symbolSize=12 if single else 0)
        self.line.setPen(pg.mkPen("#ffffff", width=2) if not single else None)
        self.line_under.setPen(pg.mkPen("#000000", width=4.5) if not single else None)
        self.plot.setXRange(float(grid.sigma_w2[0]), float(grid.sigma_w2[-1]), padding=0)
        self.plot.setYRange(float(grid.sigma_b2[0]), float(grid.sigma_b2[-1]), padding=0)

    def set_title(self, text: str) -> None:
        self.plot.setTitle(text, size="10pt")
        restyle_plot(self.plot)

    def set_point(self, sigma_w2: float, sigma_b2: float) -> None:
        """Place the marker (no :attr:`point_dragged`)."""
        self._placing = True
        try:
            self.marker.setPos(float(sigma_w2), float(sigma_b2))
        finally:
            self._placing = False

    def marker_point(self) -> tuple[float, float]:
        p = self.marker.pos()
        return float(p.x()), float(p.y())

    # -- the user -----------------------------------------------------------------------------
    def _bounds(self) -> tuple[float, float, float, float] | None:
        g = self.grid
        if g is None:
            return None
        return float(g.sigma_w2[0]), float(g.sigma_w2[-1]), float(g.sigma_b2[0]), float(g.sigma_b2[-1])

    def _clamped(self, x: float, y: float) -> tuple[float, float]:
        b = self._bounds()
        if b is not None:
            x, y = min(max(x, b[0]), b[1]), min(max(y, b[2]), b[3])
        return max(x, 1e-6), max(y, 0.0)

    def _marker_moved(self, *_args) -> None:
        if self._placing:
            return
        x, y = self.marker_point()
        cx, cy = self._clamped(x, y)
        if (cx, cy) != (x, y):
            self.set_point(cx, cy)
        self.point_dragged.emit(cx, cy)

    def cell_at(self, x: float, y: float) -> tuple[int, int]:
        """(row i of sigma_b2, column j of sigma_w2) of the cell holding (x, y), or (-1, -1)."""
        g = self.grid
        if g is None or not (math.isfinite(x) and math.isfinite(y)):
            return -1, -1
        w, b = g.sigma_w2, g.sigma_b2
        dw = (w[-1] - w[0]) / max(w.size - 1, 1)
        db = (b[-1] - b[0]) / max(b.size - 1, 1)
        j = int(round((x - w[0]) / dw))
        i = int(round((y - b[0]) / db))
        if not (0 <= j < w.size and 0 <= i < b.size):
            return -1, -1
        return i, j

    def _mouse_moved(self, pos) -> None:
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(pos):
            self.hover_box.setVisible(False)
            self.hovered.emit(-1, -1)
            return
        p = vb.mapSceneToView(pos)
        i, j = self.cell_at(p.x(), p.y())
        if i < 0:
            self.hover_box.setVisible(False)
        else:
            g = self.grid
            dw = (g.sigma_w2[-1] - g.sigma_w2[0]) / max(g.sigma_w2.size - 1, 1)
            db = (g.sigma_b2[-1] - g.sigma_b2[0]) / max(g.sigma_b2.size - 1, 1)
            self.hover_box.setRect(float(g.sigma_w2[j] - dw / 2), float(g.sigma_b2[i] - db / 2), dw, db)
            self.hover_box.setVisible(True)
        self.hovered.emit(i, j)

    def _mouse_clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()) or self.grid is None:
            return
        p = vb.mapSceneToView(ev.scenePos())
        x, y = self._clamped(p.x(), p.y())
        self.set_point(x, y)
        self.point_dragged.emit(x, y)
