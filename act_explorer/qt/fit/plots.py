"""The Fit tab's right-hand side: the fit and its units (one input) or the heatmap and the
first-layer unit maps (two inputs), and the loss per epoch; drawn from a
:class:`~...model.fit_session.FitFrame` (no computing here beyond placing items).

:class:`FitPlots` is a part of :class:`~.panel.FitPanel` (a mixin: it reads the panel's
``session`` and ``state``).  One input: the training points (filled) and test points (hollow),
the target (dashed), the fit (thick), each unit's contribution v·φ(wx + b) as a thin curve
(dead units grey), the kinks of piecewise-linear units as triangles on the bottom
edge, and dotted lines at the ends of the data range (the view reaches half the range beyond
each side, so the extrapolation shows).  Axis ranges are set when the data change and the
loss axis in whole decades, never every frame.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ...model.curves import PALETTE
from ...model.fit_session import FitFrame
from ...model.unit_view import strip_image
from .. import theme
from ..loss_plot import (
    LEFT_AXIS_WIDTH, LossAxis, TimedGraphics, epoch_axis_end, keep_as_pictures, loss_decades, set_xy,
)
from ..network_view import diverging_lut
from ..panel_parts import plot_area
from ..plotting import add_export_menu, restyle_plot, style_plot
from .hover import UnitHover
from .unit_curves import UnitCurves

FIT_COLOUR = "#D55E00"
TILE_GAP = 3


def _colours() -> dict[str, str]:
    dark = theme.is_dark()
    c = theme.colours()
    return {"data": "#56B4E9" if dark else "#0072B2", "target": c.foreground, "fit": FIT_COLOUR,
            "dead": "#777777" if dark else "#aaaaaa", "kink": c.foreground, "edge": c.reference}


def mosaic(maps: np.ndarray, gap: int = TILE_GAP) -> tuple[np.ndarray, int, int]:
    """Each unit's map normalised to [-1, 1] by its own largest |h| and laid out in a grid of
    tiles (unit 0 top left, then down the columns); NaN between tiles.  Built with the network
    view's :func:`~...model.unit_view.strip_image`.  Returns (image, rows, cols)."""
    u, n, _ = maps.shape
    cols = max(1, math.ceil(math.sqrt(u)))
    rows = math.ceil(u / cols)
    with np.errstate(all="ignore"):
        a = np.abs(maps.reshape(u, -1))
        top = np.where(np.isfinite(a), a, 0.0).max(axis=1) if a.size else np.zeros(u)
    scale = np.where(top > 0, top, 1.0)
    height = rows * (n + gap) - gap
    strips = []
    for c in range(cols):
        part = maps[c * rows:(c + 1) * rows]
        if part.shape[0] == 0:
            strip = np.full((height, n), np.nan)
        else:
            strip = strip_image(part, np.zeros(part.shape[0]), scale[c * rows:(c + 1) * rows], gap)
            strip = np.vstack([np.full((height - strip.shape[0], n), np.nan), strip])
        strips.append(strip)
        if c < cols - 1:
            strips.append(np.full((height, gap), np.nan))
    return np.hstack(strips), rows, cols


class FitPlots:
    """The plots of :class:`~.panel.FitPanel` (see the module docstring)."""

    def _build_right(self):
        self.graphics = TimedGraphics()
        self._ci = plot_area(self.graphics, self.tr("Fit plots"), (4, 4, 10, 4), 6)

        # -- one input: the fit and its units -------------------------------------------------
        self.fit_plot = pg.PlotItem()
        style_plot(self.fit_plot, self.tr("The fit and its units"), "x", "y")
        self.fit_plot.enableAutoRange(enable=False)
        self.fit_plot.showGrid(x=False, y=False)
        self.fit_plot.hideButtons()
        self.fit_legend = self.fit_plot.addLegend(offset=(8, 6), labelTextSize="8pt", verSpacing=-6,
                                                  colCount=2)
        self.edge_lines = [pg.InfiniteLine(angle=90) for _ in range(2)]
        for line in self.edge_lines:
            line.setToolTip(self.tr("End of the data range: beyond it the network extrapolates"))
            self.fit_plot.addItem(line, ignoreBounds=True)
        self.unit_curves = UnitCurves(self.fit_plot)
        self.train_points = pg.ScatterPlotItem(size=5, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=6, pxMode=True)
        self.target_curve = pg.PlotDataItem()
        self.fit_curve = pg.PlotDataItem()
        self.kink_marks = pg.ScatterPlotItem(symbol="t1", size=10, pxMode=True)
        self.fit_curve.setZValue(20)
        self.target_curve.setZValue(15)
        self.kink_marks.setZValue(25)
        for item in (self.train_points, self.test_points, self.target_curve, self.fit_curve,
                     self.kink_marks):
            self.fit_plot.addItem(item)
        self._key_units = pg.PlotDataItem()
        self.hover = UnitHover(self)

        # -- two inputs: the heatmap and the unit maps ----------------------------------------
        self.heat_plot = pg.PlotItem()
        style_plot(self.heat_plot, self.tr("Prediction over the plane"), "x₁", "x₂")
        self.heat_plot.setAspectLocked(True)
        self.heat_plot.setMouseEnabled(x=False, y=False)
        self.heat_plot.hideButtons()
        self.heat_plot.showGrid(x=False, y=False)
        self.heat_image = pg.ImageItem(axisOrder="row-major")
        self.heat_image.setZValue(-10)
        self.heat_plot.addItem(self.heat_image)
        self._heat_cmap = pg.colormap.get("CET-D1")
        self.heat_image.setLookupTable(self._heat_cmap.getLookupTable(nPts=256))
        self.heat_train = pg.ScatterPlotItem(size=6, pxMode=True)
        self.heat_test = pg.ScatterPlotItem(size=7, pxMode=True, symbol="s")
        self.heat_plot.addItem(self.heat_train)
        self.heat_plot.addItem(self.heat_test)

        self.tiles_plot = pg.PlotItem()
        style_plot(self.tiles_plot, self.tr("Units of hidden layer 1"), "", "")
        self.tiles_plot.setAspectLocked(True)
        self.tiles_plot.setMouseEnabled(x=False, y=False)
        self.tiles_plot.hideButtons()
        self.tiles_plot.showGrid(x=False, y=False)
        for side in ("left", "bottom"):
            self.tiles_plot.hideAxis(side)
        self.tiles_image = pg.ImageItem(axisOrder="row-major")
        self.tiles_image.setLookupTable(diverging_lut())
        self.tiles_plot.addItem(self.tiles_image)
        self._tiles_shape: tuple[int, int, int] | None = None

        # -- the loss ---------------------------------------------------------------------------
        self.loss_plot = pg.PlotItem(axisItems={"left": LossAxis("left")})
        style_plot(self.loss_plot, self.tr("Loss (MSE)"), self.tr("epoch"))
        self.loss_plot.setLogMode(x=False, y=True)
        self.loss_plot.enableAutoRange(enable=False)
        self.loss_plot.showGrid(x=False, y=False)
        self.loss_plot.hideButtons()
        self.loss_plot.getViewBox().setLimits(minXRange=5.0)
        self.loss_legend = self.loss_plot.addLegend(offset=(-6, 4), labelTextSize="8pt", verSpacing=-6)
        self.loss_curve = self.loss_plot.plot()
        self.test_loss_curve = self.loss_plot.plot()
        self.loss_legend.addItem(self.loss_curve, self.tr("train"))
        self.loss_legend.addItem(self.test_loss_curve, self.tr("test"))
        for p in (self.fit_plot, self.heat_plot, self.tiles_plot, self.loss_plot):
            p.setTitle(p.titleLabel.text, size="10pt")
            for side in ("left", "bottom"):
                p.getAxis(side).enableAutoSIPrefix(False)
        for p in (self.fit_plot, self.loss_plot):
            p.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
        self._layout_dim: int | None = None
        self._smooth = True
        self._x_hi = None
        self._loss_decades = None
        add_export_menu((self.fit_plot, self.heat_plot, self.tiles_plot, self.loss_plot),
                        self.export_requested.emit)
        self._theme_plots()
        self._arrange(1)
        return self.graphics

    # ---- layout and theme ---------------------------------------------------------------------
    def _arrange(self, dim: int) -> None:
        """The plots for one input (fit above the loss) or two (heatmap and unit maps)."""
        if dim == self._layout_dim:
            return
        ci = self._ci
        for item in (self.fit_plot, self.heat_plot, self.tiles_plot, self.loss_plot):
            if item in ci.items:
                ci.removeItem(item)
                item.hide()
        if dim == 1:
            ci.addItem(self.fit_plot, row=0, col=0, colspan=2)
        else:
            ci.addItem(self.heat_plot, row=0, col=0)
            ci.addItem(self.tiles_plot, row=0, col=1)
        ci.addItem(self.loss_plot, row=1, col=0, colspan=2)
        for item in ci.items:
            item.show()
        ci.layout.setRowStretchFactor(0, 3)
        ci.layout.setRowStretchFactor(1, 1)
        ci.layout.setColumnStretchFactor(0, 3 if dim == 2 else 1)
        ci.layout.setColumnStretchFactor(1, 2 if dim == 2 else 1)
        self._layout_dim = dim

    def _theme_plots(self) -> None:
        c = theme.colours()
        k = _colours()
        self.graphics.setBackground(c.background)
        for p in (self.fit_plot, self.heat_plot, self.tiles_plot, self.loss_plot):
            restyle_plot(p)
        for line in self.edge_lines:
            line.setPen(pg.mkPen(k["edge"], width=1, style=Qt.PenStyle.DotLine))
        self.train_points.setPen(None)
        self.train_points.setBrush(pg.mkBrush(k["data"]))
        self.test_points.setPen(pg.mkPen(k["data"], width=1.2))
        self.test_points.setBrush(None)
        self.target_curve.setPen(pg.mkPen(k["target"], width=1.5, style=Qt.PenStyle.DashLine))
        self.fit_curve.setPen(pg.mkPen(k["fit"], width=3))
        self.loss_curve.setPen(pg.mkPen(k["fit"], width=2))
        self.test_loss_curve.setPen(pg.mkPen(k["fit"], width=1.5, style=Qt.PenStyle.DashLine))
        self._key_units.setPen(pg.mkPen(theme.line_colour(PALETTE[0]), width=1))
        self.kink_marks.setPen(None)
        self.hover.apply_theme()
        if getattr(self, "_frame_drawn", None) is not None:
            self._draw_frame(self._frame_drawn, restyle=True)
        for legend in (self.fit_legend, self.loss_legend):
            legend.update()

    def _retranslate_plots(self) -> None:
        self._fill_fit_legend()
        self.loss_legend.clear()
        self.loss_legend.addItem(self.loss_curve, self.tr("train"))
        self.loss_legend.addItem(self.test_loss_curve, self.tr("test"))
        if getattr(self, "_frame_drawn", None) is not None:
            self.hover.refresh()

    def _fill_fit_legend(self) -> None:
        self.fit_legend.clear()
        data = self.session.data
        self.fit_legend.addItem(self.train_points, self.tr("training points"))
        if data is not None and data.n_test:
            self.fit_legend.addItem(self.test_points, self.tr("test points"))
        if data is not None and data.target is not None:
            self.fit_legend.addItem(self.target_curve, self.tr("target"))
        self.fit_legend.addItem(self.fit_curve, self.tr("fit"))
        if len(self.unit_curves):
            self.fit_legend.addItem(self._key_units, self.tr("units v·φ(wx + b)"))
        if len(self.kink_marks.data):
            self.fit_legend.addItem(self.kink_marks, self.tr("kinks"))

    # ---- new data -----------------------------------------------------------------------------
    def _draw_data(self) -> None:
        """The points, the target and the ranges of new data (and clear the network's items)."""
        data = self.session.data
        if data is None:
            return
        self._arrange(data.dim)
        self._data_drawn = data
        self._frame_drawn = None
        self._x_hi = None
        self._loss_decades = None
        set_xy(self.loss_curve, np.array([]), np.array([]))
        set_xy(self.test_loss_curve, np.array([]), np.array([]))
        self.hover.clear()
        if data.dim == 1:
            self._draw_data_1d(data)
        else:
            self._draw_data_2d(data)

    def _draw_data_1d(self, data) -> None:
        from ...model.fit import view_grid

        self.train_points.setData(data.x_train[:, 0], data.y_train)
        self.test_points.setData(data.x_test[:, 0], data.y_test)
        x = view_grid(data)
        target = data.target_values(x)
        if target is not None:
            self.target_curve.setData(x, target)
        else:
            self.target_curve.setData([], [])
        ys = [data.y] + ([target[np.isfinite(target)]] if target is not None else [])
        lo = min(float(np.min(a)) for a in ys if a.size)
        hi = max(float(np.max(a)) for a in ys if a.size)
        pad = 0.12 * max(hi - lo, 1e-9)
        self._ylim = (lo - pad, hi + pad)
        self.fit_plot.setXRange(float(x[0]), float(x[-1]), padding=0)
        self.fit_plot.setYRange(*self._ylim, padding=0)
        for line, edge in zip(self.edge_lines, data.bounds[0]):
            line.setPos(edge)
        self.unit_curves.clear()
        self.fit_curve.setData([], [])
        self.kink_marks.setData([], [])
        self._fill_fit_legend()

    def _draw_data_2d(self, data) -> None:
        lo, hi = float(np.min(data.y)), float(np.max(data.y))
        if hi <= lo:
            hi = lo + 1.0
        self._heat_levels = (lo, hi)
        xlim, ylim = data.view_range()
        self.heat_plot.setRange(xRange=xlim, yRange=ylim, padding=0)
        self.heat_image.clear()
        self.tiles_image.clear()
        self._tiles_shape = None
        cm = self._heat_cmap

        def brushes(y):
            cols = cm.map((np.clip(y, lo, hi) - lo) / (hi - lo), mode="qcolor")
            return [pg.mkBrush(c) for c in cols]

        self.heat_train.setData(pos=np.asarray(data.x_train), brush=brushes(data.y_train),
                                pen=pg.mkPen("#222222", width=0.6))
        if data.n_test:
            self.heat_test.setData(pos=np.asarray(data.x_test), brush=brushes(data.y_test),
                                   pen=pg.mkPen("#ffffff", width=1.0))
        else:
            self.heat_test.setData([])

    # ---- a frame --------------------------------------------------------------------------------
    def _draw_frame(self, frame: FitFrame, restyle: bool = False) -> None:
        """Draw what ``frame`` holds (the network's items; the data are drawn already)."""
        self._frame_drawn = frame
        self._set_quality(not self.session.busy)
        if frame.x is not None:
            self._draw_units(frame, restyle)
        elif frame.grid is not None:
            self._draw_heat(frame)
        if not restyle:
            self._draw_loss()

    def _draw_units(self, frame: FitFrame, restyle: bool = False) -> None:
        # A piecewise-linear fit is drawn through its kinks (exact, and few points to paint).
        fx, fy = frame.fit_line if frame.fit_line is not None else (frame.x, frame.prediction)
        self.fit_curve.setData(fx, fy)
        parts, units = frame.parts, frame.units
        n = 0 if parts is None else parts.shape[1]
        lo, hi = self._ylim
        span = hi - lo
        hovered = self.hover.unit
        units_before = len(self.unit_curves)
        if n == 0:
            curves = []
        elif frame.lines is not None:         # straight pieces: their ends are enough
            curves = [frame.lines[j] for j in range(n)]
        else:                                 # clipped just outside the view: short paths
            clipped = np.clip(parts, lo - 0.05 * span, hi + 0.05 * span)
            curves = [(frame.x, clipped[:, j]) for j in range(n)]
        # Solid, thin lines: dashes and thick antialiased lines cost most of a frame's paint.
        # Antialiased when still (pictures, exports); plain lines while training (cheaper).
        grey = _colours()["dead"]
        palette = [theme.line_colour(c) for c in PALETTE]
        colours = [grey if units.dead[j] else palette[j % len(palette)] for j in range(n)]
        self.unit_curves.set(curves, colours, hovered=hovered, antialias=not self.session.busy)
        legend_changed = (units_before == 0) != (n == 0)
        marks_before = len(self.kink_marks.data)
        if units is not None and units.piecewise_linear:
            xs, owners = [], []
            x0, x1 = float(frame.x[0]), float(frame.x[-1])
            for j, ks in enumerate(units.kinks):
                for kx in ks:
                    if x0 <= kx <= x1:
                        xs.append(kx)
                        owners.append(j)
            k = _colours()
            cache: dict[str, object] = {}

            def brush(colour: str):
                if colour not in cache:
                    cache[colour] = pg.mkBrush(colour)
                return cache[colour]

            brushes = [brush(k["dead"] if units.dead[j] else
                             (theme.line_colour(PALETTE[j % len(PALETTE)]) if j == hovered else k["kink"]))
                       for j in owners]
            y0 = lo + 0.012 * span
            self.kink_marks.setData(np.array(xs), np.full(len(xs), y0), brush=brushes, data=owners,
                                    size=[14 if j == hovered else 10 for j in owners])
        else:
            self.kink_marks.setData([], [])
        if legend_changed or (marks_before == 0) != (len(self.kink_marks.data) == 0):
            self._fill_fit_legend()
        self.hover.refresh()

    def _draw_heat(self, frame: FitFrame) -> None:
        lo, hi = self._heat_levels
        n = frame.grid.shape[0]
        (x0, x1), (y0, y1) = frame.xlim, frame.ylim
        dx, dy = (x1 - x0) / (n - 1), (y1 - y0) / (n - 1)
        with np.errstate(all="ignore"):
            img = np.clip(np.nan_to_num(frame.grid, nan=lo), lo, hi)
        self.heat_image.setImage(img, levels=(lo, hi), autoLevels=False)
        self.heat_image.setRect(x0 - dx / 2, y0 - dy / 2, n * dx, n * dy)
        if frame.maps is not None and frame.maps.shape[0]:
            img, rows, cols = mosaic(frame.maps)
            self.tiles_image.setImage(img, levels=(-1.0, 1.0), autoLevels=False)
            shape = (frame.maps.shape[0], rows, cols)
            if shape != self._tiles_shape:
                self._tiles_shape = shape
                h, w = img.shape
                self.tiles_image.setRect(0, 0, w, h)
                self.tiles_plot.setRange(xRange=(0, w), yRange=(0, h), padding=0.02)

    def _set_quality(self, smooth: bool) -> None:
        """Full quality when still (pictures, exports); cheaper while training: the fit and
        the loss curves plain (not antialiased), the loss curves as their envelope per pixel
        column (:func:`~..loss_plot.set_xy`), and the target - which does not change while training - kept as a
        picture in device pixels."""
        if self._smooth == smooth:
            return
        self._smooth = smooth
        for item in (self.fit_curve, self.loss_curve, self.test_loss_curve):
            item.opts["antialias"] = smooth
        keep_as_pictures((self.target_curve.curve, self.train_points, self.test_points), not smooth)

    def _draw_loss(self) -> None:
        hist = self.session.history
        e = hist["epoch"]
        set_xy(self.loss_curve, e, hist["loss"], envelope=not self._smooth)
        set_xy(self.test_loss_curve, e, hist["test_loss"], envelope=not self._smooth)
        self._update_ranges()

    def _update_ranges(self) -> None:
        """The loss axes in steps (x to the next of 5, 10, 20, 50 … epochs or the budget; y in
        whole decades), so the axes are not laid out again every frame."""
        hist = self.session.history
        epochs = max(hist.n - 1, 0)
        budget = max(self.state.epochs, 1)
        x_hi = epoch_axis_end(epochs, budget)
        if x_hi != self._x_hi:
            self._x_hi = x_hi
            self.loss_plot.setXRange(0, x_hi, padding=0.02)
        decades = loss_decades((hist["loss"], hist["test_loss"]))
        if decades is not None and decades != self._loss_decades:
            self._loss_decades = decades
            self.loss_plot.setYRange(*decades, padding=0.02)

    # ---- reading what is drawn (tests) -----------------------------------------------------------
    def plotted(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The data given to the plot items: ``fit``, ``target``, ``loss``, ``test_loss``,
        ``kinks`` and ``unit_1..unit_H`` (the visible unit curves)."""
        out = {}
        for name, item in (("fit", self.fit_curve), ("target", self.target_curve),
                           ("loss", self.loss_curve), ("test_loss", self.test_loss_curve)):
            x = item.xData if item.xData is not None else np.array([])
            y = item.yData if item.yData is not None else np.array([])
            out[name] = (np.asarray(x), np.asarray(y))
        for j in range(len(self.unit_curves)):
            out[f"unit_{j + 1}"] = self.unit_curves.data(j)
        d = self.kink_marks.data
        out["kinks"] = (np.asarray(d["x"], dtype=float), np.asarray(d["y"], dtype=float))
        return out
