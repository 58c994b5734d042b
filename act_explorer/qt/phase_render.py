"""Headless PNG/SVG pictures of the phase diagram, the trainability sweep and the Jacobian
spectrum, drawn with pyqtgraph exactly as the window's plots are (offscreen, then
:mod:`.plotting`'s atomic PNG/SVG export).  The numbers all come from the model.

Heatmaps use the perceptually uniform viridis colour map on a log10 scale; cells where a
quantity is undefined (no finite, non-zero fixed point) are drawn light grey and said so in the
title.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from .render import _settle, parse_size

_UNDEFINED_RGBA = (215, 215, 215, 255)
_QUANTITY_LABELS = {
    "xi_corr": "log10 xi_c (correlation depth scale, layers)",
    "xi_grad": "log10 |xi_grad| (gradient depth scale, layers)",
    "chi": "log10 chi (gradient variance factor per layer)",
    "q_star": "log10 q* (fixed-point pre-activation variance)",
}


def image_rect(x: np.ndarray, y: np.ndarray) -> QRectF:
    dx = (x[-1] - x[0]) / max(x.size - 1, 1)
    dy = (y[-1] - y[0]) / max(y.size - 1, 1)
    return QRectF(float(x[0] - dx / 2), float(y[0] - dy / 2), float(x[-1] - x[0] + dx),
                  float(y[-1] - y[0] + dy))


def log_levels(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple[float, float] | None]:
    """log10 of ``values`` (NaN where undefined), the mask of defined cells and the colour
    levels (None when no cell is defined)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logv = np.log10(values)
    defined = np.isfinite(logv)
    if not defined.any():
        return np.where(defined, logv, np.nan), defined, None
    lo, hi = float(np.min(logv[defined])), float(np.max(logv[defined]))
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    return np.where(defined, logv, np.nan), defined, (lo, hi)


class Heatmap:
    """A log10 heatmap (viridis) on ``plot`` with its colour bar at ``layout``'s (row, col):
    undefined cells are painted from an RGBA image underneath, never as numbers.  The headless
    pictures and the Phase tab draw with the same object; :meth:`set` replaces the data."""

    def __init__(self, plot: pg.PlotItem, layout, row: int, col: int, label: str):
        self.plot = plot
        self.back = pg.ImageItem()
        self.front = pg.ImageItem()
        self.cmap = pg.colormap.get("viridis")
        self.front.setColorMap(self.cmap)
        plot.addItem(self.back)
        plot.addItem(self.front)
        self.bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=self.cmap, label=label,
                                   interactive=False)
        self.bar.setImageItem(self.front)
        layout.addItem(self.bar, row, col)
        self.levels: tuple[float, float] | None = None

    def set(self, values: np.ndarray, x: np.ndarray, y: np.ndarray,
            undefined_rgba: np.ndarray | tuple = _UNDEFINED_RGBA, top_quantile: float | None = None) -> None:
        """``values`` shape (len(y), len(x)), NaN where undefined; ``undefined_rgba`` one
        colour for every undefined cell or an array (len(y), len(x), 4) of colours by cell.
        ``top_quantile`` (e.g. 0.99) ends the colour scale at that quantile of the defined
        values, so a few cells next to a divergence do not take the whole scale; cells above
        it get the top colour."""
        logv, defined, levels = log_levels(values)
        if levels is not None and top_quantile is not None:
            top = float(np.quantile(logv[defined], top_quantile))
            if top - levels[0] > 1e-9:
                levels = (levels[0], min(levels[1], top))
        back = np.zeros(values.shape + (4,), dtype=np.ubyte)
        colours = np.asarray(undefined_rgba, dtype=np.ubyte)
        back[~defined] = colours[~defined] if colours.ndim == 3 else colours
        rect = image_rect(x, y)
        self.back.setImage(np.ascontiguousarray(np.swapaxes(back, 0, 1)), autoLevels=False)
        self.back.setRect(rect)
        self.levels = levels
        self.front.setVisible(levels is not None)
        self.bar.setVisible(levels is not None)
        if levels is not None:
            self.front.setImage(np.ascontiguousarray(logv.T), autoLevels=False)
            self.front.setRect(rect)
            self.bar.setLevels(levels)

    def set_label(self, label: str) -> None:
        self.bar.getAxis("left").setLabel(label)


def _heatmap(plot: pg.PlotItem, layout, values: np.ndarray, x: np.ndarray, y: np.ndarray,
             label: str) -> None:
    """``values`` shape (len(y), len(x)), NaN where undefined; drawn as log10 with viridis."""
    Heatmap(plot, layout, 0, 1, label).set(values, x, y)
    plot.setXRange(float(x[0]), float(x[-1]), padding=0)
    plot.setYRange(float(y[0]), float(y[-1]), padding=0)
    _plain_axes(plot)


def _plain_axes(plot: pg.PlotItem) -> None:
    """Tick labels in the data's own units (pyqtgraph 0.14 would show sigma_b^2 = 0.3 as 300
    with a "x0.001" note, even with enableAutoSIPrefix(False))."""
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.enableAutoSIPrefix(False)
        axis.setSIPrefixEnableRanges(((math.inf, math.inf),))
        axis.updateAutoSIPrefix()


def _export(widget, item, path: Path, width: int) -> Path:
    from . import plotting

    if path.suffix.lower() == ".svg":
        return plotting.export_svg(item, path)
    return plotting.export_png(item, path, width)


def _window(size: str | None, default=(1600, 1100)):
    from . import plotting  # noqa: F401 (pyqtgraph's options)
    from .application import create_application

    app = create_application(headless=True)
    w, h = parse_size(size, default)
    widget = pg.GraphicsLayoutWidget()
    widget.setBackground("w")
    widget.resize(max(w // 2, 400), max(h // 2, 300))
    return app, widget, w


def _finish(app, widget, path: Path, width: int) -> Path:
    widget.show()
    _settle(app)
    try:
        return _export(widget, widget.ci, path, width)
    finally:
        widget.close()
        widget.deleteLater()
        _settle(app, 2)


def render_phase(grid, crit_w2: np.ndarray, crit_b2: np.ndarray, path: Path, quantity: str = "xi_corr",
                 size: str | None = None) -> Path:
    """The heatmap of ``quantity`` over (sigma_w^2, sigma_b^2) with the critical line."""
    from . import plotting

    app, widget, width = _window(size)
    plot = widget.addPlot(row=0, col=0)
    name = grid.act_id
    n_undef = int(np.count_nonzero(grid.status != 0))
    title = f"{name}: mean-field phase diagram, white: the critical line chi = 1"
    if n_undef:
        title += f"<br>grey: undefined (no finite non-zero fixed point in {n_undef} of {grid.status.size} cells)"
    plotting.style_plot(plot, title, "sigma_w^2", "sigma_b^2")
    values = getattr(grid, quantity)
    if quantity == "xi_grad":
        values = np.abs(values)
    _heatmap(plot, widget.ci, values, grid.sigma_w2, grid.sigma_b2, _QUANTITY_LABELS[quantity])
    if crit_w2.size:
        keep = (crit_w2 >= grid.sigma_w2[0]) & (crit_w2 <= grid.sigma_w2[-1])
        pen = pg.mkPen((255, 255, 255), width=3)
        if keep.sum() >= 2:
            plot.plot(crit_w2[keep], crit_b2[keep], pen=pen, name="chi = 1")
        elif keep.sum() == 1:
            plot.plot(crit_w2[keep], crit_b2[keep], pen=None, symbol="o", symbolSize=12,
                      symbolBrush=(255, 255, 255), symbolPen=pg.mkPen("k"))
    return _finish(app, widget, path, width)


class SweepPicture:
    """Final training accuracy over (sigma_w^2, depth), one cell per network, with the curve
    depth = 6 xi_c on the depth axis's cell coordinates; :meth:`set` draws a result."""

    def __init__(self, plot: pg.PlotItem, layout, row: int, col: int, label: str):
        self.plot = plot
        self.cmap = pg.colormap.get("viridis")
        self.image = pg.ImageItem()
        self.image.setColorMap(self.cmap)
        plot.addItem(self.image)
        self.bar = pg.ColorBarItem(values=(0.5, 1.0), colorMap=self.cmap, interactive=False, label=label)
        self.bar.setImageItem(self.image)
        layout.addItem(self.bar, row, col)
        self.curve = plot.plot([], [], pen=pg.mkPen((255, 80, 80), width=3), symbol="o",
                               symbolBrush=(255, 80, 80), symbolSize=8)

    def set(self, result) -> None:
        plot = self.plot
        x = np.arange(result.sigma_w2.size, dtype=float)
        y = np.arange(result.depths.size, dtype=float)
        self.image.setImage(np.ascontiguousarray(result.accuracy.T), autoLevels=False)
        self.image.setRect(QRectF(-0.5, -0.5, float(x.size), float(y.size)))
        self.bar.setLevels((result.chance, 1.0))
        # axes label the cells with their real values
        plot.getAxis("bottom").setTicks([[(i, f"{v:g}") for i, v in enumerate(result.sigma_w2)]])
        plot.getAxis("left").setTicks([[(i, str(int(d))) for i, d in enumerate(result.depths)]])
        # 6 xi_c mapped onto the depth axis's cell coordinates (piecewise linear between depths)
        six = 6.0 * result.xi_corr
        d = result.depths.astype(float)
        yy = np.interp(np.clip(six, d[0], d[-1]), d, y) if d.size > 1 else np.zeros_like(six)
        inside = np.isfinite(six) & (six <= d[-1]) & (six >= d[0])
        self.curve.setData(x[inside], yy[inside])
        plot.setXRange(-0.5, x.size - 0.5, padding=0)
        plot.setYRange(-0.5, y.size - 0.5, padding=0)


def render_sweep(result, path: Path, size: str | None = None) -> Path:
    """Final training accuracy over (sigma_w^2, depth) with the curve depth = 6 xi_c."""
    from . import plotting

    app, widget, width = _window(size)
    plot = widget.addPlot(row=0, col=0)
    cfg = result.config
    plotting.style_plot(plot, f"{cfg.activation}, width {cfg.width}, sigma_b^2 = {cfg.sigma_b2:g}: "
                        f"training accuracy after {cfg.steps} SGD steps ({cfg.dataset})",
                        "sigma_w^2", "depth L (hidden layers)")
    SweepPicture(plot, widget.ci, 0, 1, "training accuracy").set(result)
    return _finish(app, widget, path, width)


SPECTRUM_BRUSH = (68, 1, 84, 160)
SPECTRUM_PEN = (68, 1, 84)


def spectrum_histogram(spec, bins: int = 80) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges and counts of the Jacobian's singular values."""
    sv = spec.singular_values.ravel()
    hi = float(np.max(sv)) if sv.size else 1.0
    edges = np.linspace(0.0, hi * 1.02 + 1e-12, bins + 1)
    counts, edges = np.histogram(sv, bins=edges)
    return edges, counts.astype(float)


def render_spectrum(spec, path: Path, size: str | None = None) -> Path:
    """Histogram of the singular values of the Jacobian, with mean/variance in the title."""
    from . import plotting

    app, widget, width = _window(size, (1600, 1000))
    plot = widget.addPlot(row=0, col=0)
    p = spec.predicted
    pred = ("" if math.isnan(p.variance) else
            f"; free probability: mean {p.mean:.3g}, variance {p.variance:.3g}")
    plotting.style_plot(plot, f"{spec.act_id}, {spec.layers} layers, width {spec.width}, {spec.init} weights: "
                        f"squared singular values mean {spec.mean():.3g}, variance {spec.variance():.3g}{pred}",
                        "singular value of the input-output Jacobian", "count")
    edges, counts = spectrum_histogram(spec)
    plot.plot(edges, counts, stepMode="center", fillLevel=0,
              brush=SPECTRUM_BRUSH, pen=pg.mkPen(SPECTRUM_PEN, width=2))
    return _finish(app, widget, path, width)
