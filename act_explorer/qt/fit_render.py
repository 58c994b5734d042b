"""Headless PNG/SVG of a fit (``act-explorer fit -o fit.png``), with the app's plotting code.

One input: the data (training points filled, test points hollow), the target, the fit, each
unit's contribution v_j·phi(w_j x + b_j) as a thin curve (dead units grey and dashed), the kinks
of piecewise-linear units marked on the x axis, and dotted lines at the edges of the data
range (the view extends half the range beyond each side, so extrapolation shows); below, the
training and test loss per epoch.  Two inputs: the prediction as a heatmap with the training
points, and the loss.  Numbers come from the model (:mod:`..model.pieces`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ..model import pieces
from ..model.curves import PALETTE
from ..model.fit import FitData, FitSnapshot, history_columns, predict, prediction_grid, view_grid
from .render import _settle, parse_size

DEAD_COLOUR = "#aaaaaa"
FIT_COLOUR = "#D55E00"
TARGET_COLOUR = "#222222"
DATA_COLOUR = "#0072B2"


def _title(data: FitData, snap: FitSnapshot) -> str:
    net = snap.network
    act = net.activations[0].label
    hidden = "-".join(str(h) for h in net.hidden_sizes)
    last = snap.last
    parts = [f"{act} [{hidden}] fits {data.label}", f"epoch {snap.epoch}",
             f"train MSE {last.loss:.3g}"]
    if data.n_test:
        parts.append(f"test MSE {last.test_loss:.3g}")
    parts.append(f"dead {last.dead}")
    if pieces.is_one_layer(net) and pieces.activation_kinks(net.activations[0]) is not None:
        pc = pieces.linear_pieces(net)
        parts.append(f"{pc.count} linear pieces (at most {pc.bound})")
    return " · ".join(parts)


def _draw_1d(plot: pg.PlotItem, data: FitData, snap: FitSnapshot) -> None:
    net = snap.network
    x = view_grid(data, 1201)
    pred = predict(net, x)
    target = data.target_values(x)
    ys = [pred, data.y]
    if target is not None:
        ys.append(target)
    lo = min(float(np.nanmin(a)) for a in ys)
    hi = max(float(np.nanmax(a)) for a in ys)
    pad = 0.08 * max(hi - lo, 1e-9)
    ylo, yhi = lo - pad, hi + pad
    legend = plot.addLegend(offset=(10, 10), labelTextSize="9pt")
    if pieces.is_one_layer(net):
        u = pieces.units(net, data.x_train)
        _, parts, c = pieces.contributions(net, x)
        for j in range(u.n_units):
            if u.dead[j]:
                pen = pg.mkPen(DEAD_COLOUR, width=1, style=Qt.PenStyle.DashLine)
            else:
                pen = pg.mkPen(PALETTE[j % len(PALETTE)], width=1)
            item = plot.plot(x, np.clip(parts[:, j], ylo - 10 * pad, yhi + 10 * pad), pen=pen)
            item.setOpacity(0.8)
        kinks = [(k, u.dead[j]) for j, ks in enumerate(u.kinks) for k in ks if x[0] <= k <= x[-1]]
        if kinks:
            kx = np.array([k for k, _ in kinks])
            brushes = [pg.mkBrush(DEAD_COLOUR if d else "#333333") for _, d in kinks]
            marks = pg.ScatterPlotItem(kx, np.full(len(kx), ylo), symbol="t1", size=10, brush=brushes,
                                       pen=None)
            plot.addItem(marks)
            legend.addItem(marks, "kinks")
        legend.addItem(pg.PlotDataItem(pen=pg.mkPen(PALETTE[0], width=1)), "units v·φ(wx + b)")
    for edge in data.bounds[0]:
        plot.addItem(pg.InfiniteLine(edge, angle=90, pen=pg.mkPen("#888888", width=1,
                                                                  style=Qt.PenStyle.DotLine)))
    plot.plot(data.x_train[:, 0], data.y_train, pen=None, symbol="o", symbolSize=4,
              symbolBrush=pg.mkBrush(DATA_COLOUR), symbolPen=None, name="training points")
    if data.n_test:
        plot.plot(data.x_test[:, 0], data.y_test, pen=None, symbol="o", symbolSize=5,
                  symbolBrush=None, symbolPen=pg.mkPen(DATA_COLOUR, width=1), name="test points")
    if target is not None:
        plot.plot(x, target, pen=pg.mkPen(TARGET_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
                  name="target")
    plot.plot(x, pred, pen=pg.mkPen(FIT_COLOUR, width=3), name="fit")
    plot.setXRange(float(x[0]), float(x[-1]), padding=0)
    plot.setYRange(ylo, yhi, padding=0)


def _draw_2d(plot: pg.PlotItem, data: FitData, snap: FitSnapshot) -> None:
    (xlim, ylim) = data.view_range()
    n = 121
    grid = prediction_grid(snap.network, xlim, ylim, n)
    lo, hi = float(np.min(data.y)), float(np.max(data.y))
    if hi <= lo:
        hi = lo + 1.0
    cmap = pg.colormap.get("CET-D1")
    img = pg.ImageItem(axisOrder="row-major")
    img.setImage(np.clip(grid, lo, hi), levels=(lo, hi), autoLevels=False)
    img.setLookupTable(cmap.getLookupTable(nPts=256))
    dx = (xlim[1] - xlim[0]) / (n - 1)
    dy = (ylim[1] - ylim[0]) / (n - 1)
    img.setRect(xlim[0] - dx / 2, ylim[0] - dy / 2, n * dx, n * dy)
    img.setZValue(-10)
    plot.addItem(img)
    colours = cmap.map((np.clip(data.y_train, lo, hi) - lo) / (hi - lo), mode="qcolor")
    plot.addItem(pg.ScatterPlotItem(data.x_train[:, 0], data.x_train[:, 1], size=6,
                                    brush=[pg.mkBrush(c) for c in colours], pen=pg.mkPen("#222222", width=0.6)))
    (bx, by) = data.bounds
    plot.addItem(pg.PlotDataItem([bx[0], bx[1], bx[1], bx[0], bx[0]], [by[0], by[0], by[1], by[1], by[0]],
                                 pen=pg.mkPen("#444444", width=1, style=Qt.PenStyle.DotLine)))
    plot.setAspectLocked(True)
    plot.setXRange(*xlim, padding=0)
    plot.setYRange(*ylim, padding=0)


def render_fit(data: FitData, snap: FitSnapshot, path: Path, size: str | None = None) -> Path:
    """Draw the fit and its loss curves offscreen and save PNG or SVG at ``path`` (atomically)."""
    from .application import create_application
    from . import plotting

    app = create_application(headless=True)
    w, h = parse_size(size, (1600, 1000))
    graphics = pg.GraphicsLayoutWidget()
    graphics.resize(max(w // 2, 400), max(h // 2, 300))
    fit_plot = graphics.addPlot(row=0, col=0)
    if data.dim == 1:  # the loss below the fit
        loss_plot = graphics.addPlot(row=1, col=0)
        graphics.ci.layout.setRowStretchFactor(0, 3)
        graphics.ci.layout.setRowStretchFactor(1, 1)
    else:  # beside the square heatmap
        loss_plot = graphics.addPlot(row=0, col=1)
        graphics.ci.layout.setColumnMinimumWidth(1, 0.36 * max(w // 2, 400))
    for plot in (fit_plot, loss_plot):
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # numbers as they are, no "(x0.001)"
    if data.dim == 1:
        plotting.style_plot(fit_plot, _title(data, snap), "x", "y")
        _draw_1d(fit_plot, data, snap)
    else:
        plotting.style_plot(fit_plot, _title(data, snap), "x₁", "x₂")
        _draw_2d(fit_plot, data, snap)
    fit_plot.setTitle(fit_plot.titleLabel.text, size="10pt")
    plotting.style_plot(loss_plot, "loss (MSE)", "epoch", "MSE")
    loss_plot.setLogMode(x=False, y=True)
    loss_plot.addLegend(offset=(-10, 6), labelTextSize="8pt")
    hist = history_columns(snap.history)
    ok = np.isfinite(hist["loss"]) & (hist["loss"] > 0)
    loss_plot.plot(hist["epoch"][ok], hist["loss"][ok], pen=pg.mkPen(FIT_COLOUR, width=2), name="train")
    okt = np.isfinite(hist["test_loss"]) & (hist["test_loss"] > 0)
    if okt.any():
        loss_plot.plot(hist["epoch"][okt], hist["test_loss"][okt],
                       pen=pg.mkPen(FIT_COLOUR, width=2, style=Qt.PenStyle.DashLine), name="test")
    shown = np.concatenate([hist["loss"][ok], hist["test_loss"][okt]])
    if shown.size:
        # whole decades, labelled at the powers of ten only (minor labels pile up otherwise)
        lo, hi = np.floor(np.log10(shown.min())), np.ceil(np.log10(shown.max()))
        loss_plot.setYRange(lo, max(hi, lo + 1), padding=0.02)
        loss_plot.getAxis("left").setStyle(maxTextLevel=0)
    graphics.show()
    _settle(app)
    try:
        if path.suffix.lower() == ".svg":
            plotting.export_svg(graphics.ci, path)
        else:
            plotting.export_png(graphics.ci, path, w)
    finally:
        graphics.close()
        graphics.deleteLater()
        _settle(app, 2)
    return path
