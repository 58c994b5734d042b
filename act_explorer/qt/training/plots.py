"""The training tab's right-hand side: the decision boundary, the loss, the accuracy and the
dead units per layer, drawn from the session's histories (no training here).

:class:`TrainingPlots` is a part of :class:`~.panel.TrainingPanel` (a mixin: it reads the
panel's ``_runs``, ``dataset`` and ``state``).  The boundary is a heat map of P(class 1)
(TensorFlow Playground's orange/blue; with more than two classes, the predicted class) under
the data points; :func:`compute_grid` makes it on the panel's grid thread.  Axis ranges change
in steps, never every frame: a range change re-lays out the axes, the most expensive part of a
frame.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ...model import catalogue
from ...model.network import decision_grid
from ...model.training_session import RunHistory, SessionRun
from .. import theme
from ..i18n import function_name
from ..loss_plot import (
    LEFT_AXIS_WIDTH, LossAxis, TimedGraphics, epoch_axis_end, keep_as_pictures, loss_decades, set_xy,
)
from ..panel_parts import plot_area
from ..plotting import add_export_menu, restyle_plot, style_plot
from .colours import class_colour, distinct_colours, grid_image, layer_colour

GRID_N = 80                        # decision grid points per side
DASHED_WIDTH = 1.5                 # the test curves' dashed pens (px); 1 px while training


# ---- the decision grid (computed off the GUI thread) ----------------------------------------

@dataclass(frozen=True)
class GridRequest:
    tag: tuple                      # (run id, steps, epoch, bounds): what the picture shows
    network: object
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    n: int = GRID_N


@dataclass(frozen=True, eq=False)
class GridResult:
    tag: tuple
    values: np.ndarray
    kind: str
    n_classes: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    seconds: float


def compute_grid(req: GridRequest, _should_stop=None) -> GridResult:
    """The decision grid of ``req.network`` over its bounds (P(class 1), or the class)."""
    t0 = time.perf_counter()
    net = req.network
    kind = "probability" if net.n_classes == 2 else "class"
    values = decision_grid(net, req.xlim, req.ylim, req.n, kind=kind)
    return GridResult(req.tag, values, kind, net.n_classes, req.xlim, req.ylim,
                      time.perf_counter() - t0)


# ---- plot helpers --------------------------------------------------------------------------

def _curve_quality(item: pg.PlotDataItem, smooth: bool) -> None:
    """A curve in full quality (antialiased, dashed pens :data:`DASHED_WIDTH` wide) or as
    drawn while training: not antialiased, dashed pens 1 px wide (the width Qt strokes
    directly).  A noisy curve's envelope (the dying-ReLU lesson's learning rate of 2, the
    3-class spiral's test accuracy) is a zigzag as tall as the noise in every pixel column:
    antialiasing it, and cutting 1.5 px dashes along it, cost most of a repaint.  The flag
    reaches the curve with the next ``setData`` (:func:`~..loss_plot.set_xy`)."""
    item.opts["antialias"] = smooth
    pen = item.opts["pen"]
    if pen.style() != Qt.PenStyle.SolidLine:
        width = DASHED_WIDTH if smooth else 1.0
        if pen.widthF() != width:
            pen = QPen(pen)
            pen.setWidthF(width)
            item.setPen(pen)


class _RunView:
    """One run on screen: the session's run, its line colour and its plot items."""

    def __init__(self, data: SessionRun):
        self.data = data
        self.colour = "#000000"
        self.items: dict[str, pg.PlotDataItem] = {}

    run = property(lambda self: self.data.run)
    key = property(lambda self: self.data.key)
    trainer = property(lambda self: self.data.trainer)
    snapshot = property(lambda self: self.data.snapshot)

    @property
    def history(self) -> RunHistory:
        return self.data.history


class TrainingPlots:
    """The plots of :class:`~.panel.TrainingPanel` (see the module docstring)."""

    def _build_right(self) -> QWidget:
        # Plots and the network diagram each get the whole area, on two pages: side by side
        # they are both too small on a laptop screen.
        self.right_tabs = QTabWidget()
        self.right_tabs.setDocumentMode(True)
        self._smooth = True                # full quality (see _set_quality)
        self.graphics = TimedGraphics()
        ci = plot_area(self.graphics, self.tr("Training plots"), (4, 4, 10, 4), 4)

        self.boundary_plot = self.graphics.addPlot(row=0, col=0, rowspan=2)
        style_plot(self.boundary_plot, self.tr("Decision boundary"), "x₁", "x₂")
        self.boundary_plot.setAspectLocked(True)
        self.boundary_plot.setMouseEnabled(x=False, y=False)
        self.boundary_plot.hideButtons()
        self.boundary_plot.showGrid(x=False, y=False)
        self.boundary_image = pg.ImageItem(axisOrder="row-major")
        self.boundary_image.setZValue(-10)
        self.boundary_plot.addItem(self.boundary_image)
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=7, pxMode=True, symbol="s")
        self.boundary_plot.addItem(self.train_points)
        self.boundary_plot.addItem(self.test_points)

        self.loss_plot = self.graphics.addPlot(row=0, col=1, axisItems={"left": LossAxis("left")})
        self.acc_plot = self.graphics.addPlot(row=1, col=1)
        self.dead_plot = self.graphics.addPlot(row=2, col=0, colspan=2)
        style_plot(self.loss_plot, self.tr("Loss (cross-entropy)"), "", self.tr("loss"))
        style_plot(self.acc_plot, self.tr("Accuracy"), "", self.tr("accuracy"))
        style_plot(self.dead_plot, self.tr("Dead units"), self.tr("epoch"), self.tr("units"))
        self.loss_plot.setLogMode(x=False, y=True)
        self.acc_plot.setYRange(0.0, 1.02, padding=0)
        for p in (self.loss_plot, self.acc_plot, self.dead_plot):
            # Ranges are set by _update_ranges (in steps), never auto-ranged every frame.
            p.enableAutoRange(enable=False)
        self.acc_plot.setMouseEnabled(x=True, y=False)
        for p in (self.loss_plot, self.acc_plot, self.dead_plot):
            # No grid: pyqtgraph draws it as part of the axis, so every curve update would
            # repaint (and re-lay out) the axes - most of a frame's cost while training.
            p.showGrid(x=False, y=False)
            p.setTitle(p.titleLabel.text, size="10pt")
            p.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
            p.getAxis("left").enableAutoSIPrefix(False)
            p.getAxis("bottom").enableAutoSIPrefix(False)
            p.getViewBox().setLimits(minXRange=5.0)
            p.setClipToView(False)
        # Loss and accuracy share their geometry, so their x axes can be linked; the dead-units
        # plot is wider (pyqtgraph links by screen position) and autoranges on the same epochs.
        self.acc_plot.setXLink(self.loss_plot)
        self.boundary_plot.setTitle(self.boundary_plot.titleLabel.text, size="11pt")

        # Bottom left: the loss starts high, so early epochs leave that corner empty.
        self.loss_legend = self.loss_plot.addLegend(offset=(6, -6), labelTextSize="8pt",
                                                    verSpacing=-6)
        self.dead_legend = self.dead_plot.addLegend(offset=(6, 4), labelTextSize="8pt",
                                                    verSpacing=-6, colCount=2)
        self._key_train = pg.PlotDataItem()
        self._key_test = pg.PlotDataItem()
        self.divergence_line = pg.InfiniteLine(angle=90)
        self.divergence_line.hide()
        self.loss_plot.addItem(self.divergence_line, ignoreBounds=True)
        # Chance level: the loss of predicting 1/K for every class is ln K (ln 2 = 0.693).
        self.chance_line = pg.InfiniteLine(angle=0)
        # Right-aligned at the right end: a centred label was cut by the plot's edge.
        self.chance_label = pg.InfLineLabel(self.chance_line, text=self.tr("chance"), position=0.98,
                                            anchors=[(1.0, 0.0), (1.0, 0.0)])
        # Above the curves: its label must not disappear under the loss curves.
        self.chance_line.setZValue(50)
        self.loss_plot.addItem(self.chance_line, ignoreBounds=True)
        ci.layout.setColumnStretchFactor(0, 3)
        ci.layout.setColumnStretchFactor(1, 2)
        ci.layout.setRowStretchFactor(0, 5)
        ci.layout.setRowStretchFactor(1, 5)
        ci.layout.setRowStretchFactor(2, 4)
        self.boundary_plot.getViewBox().sigRangeChanged.connect(lambda *_: self._request_grid(True))

        add_export_menu((self.boundary_plot, self.loss_plot, self.acc_plot, self.dead_plot),
                        self.export_requested.emit, csv_is_history=True)
        self._theme_plots()
        self.right_tabs.addTab(self.graphics, self.tr("Plots"))

        # The network diagram goes here (see set_network_view).
        self.network_host = QWidget()
        self.network_host.setObjectName("networkHost")
        self.network_host.setAccessibleName(self.tr("Network diagram"))
        host_lay = QVBoxLayout(self.network_host)
        host_lay.setContentsMargins(0, 0, 0, 0)
        return self.right_tabs

    def _theme_plots(self) -> None:
        c = theme.colours()
        self.graphics.setBackground(c.background)
        for p in (self.boundary_plot, self.loss_plot, self.acc_plot, self.dead_plot):
            restyle_plot(p)
        self._key_train.setPen(pg.mkPen(c.key, width=2))
        self._key_test.setPen(pg.mkPen(c.key, width=2, style=Qt.PenStyle.DashLine))
        self.divergence_line.setPen(pg.mkPen(c.error, width=1.5, style=Qt.PenStyle.DashLine))
        self.chance_line.setPen(pg.mkPen(c.reference if theme.is_dark() else "#8a8a8a", width=1,
                                         style=Qt.PenStyle.DotLine))
        self.chance_label.setColor(c.note_text)
        self.chance_label.fill = pg.mkBrush(*c.legend_brush[:3], 170)

    def _recolour_runs(self) -> None:
        """Each run's lines in its colour on the current theme (the layers' colours too)."""
        colours = distinct_colours([r.run.activations[0] for r in self._runs])
        for r, colour in zip(self._runs, colours):
            r.colour = colour
        for r in self._runs:
            for name, item in r.items.items():
                colour = r.colour
                if name.startswith("dead_"):
                    colour = layer_colour(int(name.split("_")[1]) - 1)
                pen = QPen(item.opts["pen"])
                pen.setColor(QColor(colour))
                item.setPen(pen)
        for legend in (self.loss_legend, self.dead_legend):
            legend.update()

    def _retranslate_plots(self) -> None:
        """Titles and legends composed with numbers or names, in the language now installed."""
        if self.dataset is not None:
            k = self.dataset.n_classes
            what = self.tr("P(class 1)") if k == 2 else self.tr("predicted class")
            self.boundary_plot.setTitle(self.tr("Decision boundary: {what}").format(what=what), size="11pt")
            self.chance_line.setToolTip(self.tr("Chance: loss ln {k} = {v:.3f}").format(k=k, v=math.log(k)))
        compare = len(self._runs) > 1
        self.dead_legend.clear()
        for r in self._runs:
            if compare:
                self.dead_legend.addItem(r.items["dead"], function_name(catalogue.get(r.run.activations[0])))
            else:
                for layer in range(len(r.run.config.hidden)):
                    self.dead_legend.addItem(r.items[f"dead_{layer + 1}"],
                                             self.tr("layer {n}").format(n=layer + 1))
        restyle_plot(self.dead_plot)

    def _clear_plots(self) -> None:
        for p in (self.loss_plot, self.acc_plot, self.dead_plot):
            for item in list(p.listDataItems()):
                p.removeItem(item)
        self.loss_legend.clear()
        self.dead_legend.clear()
        self.divergence_line.hide()

    def _make_items(self) -> None:
        compare = len(self._runs) > 1
        for r in self._runs:
            c = r.colour
            name = function_name(catalogue.get(r.run.activations[0])) if compare else None
            # The loss legend only keys train/test (small: it sits on the plot); the functions'
            # colours are named in the dead-units legend and the status table.
            r.items["loss"] = self.loss_plot.plot(pen=pg.mkPen(c, width=2))
            r.items["test_loss"] = self.loss_plot.plot(pen=pg.mkPen(c, width=DASHED_WIDTH, style=Qt.PenStyle.DashLine))
            r.items["train_acc"] = self.acc_plot.plot(pen=pg.mkPen(c, width=2))
            r.items["test_acc"] = self.acc_plot.plot(pen=pg.mkPen(c, width=DASHED_WIDTH, style=Qt.PenStyle.DashLine))
            if compare:
                r.items["dead"] = self.dead_plot.plot(pen=pg.mkPen(c, width=2), name=name)
            else:
                for layer in range(len(r.run.config.hidden)):
                    r.items[f"dead_{layer + 1}"] = self.dead_plot.plot(
                        pen=pg.mkPen(layer_colour(layer), width=2),
                        name=self.tr("layer {n}").format(n=layer + 1))
        self.loss_legend.addItem(self._key_train, self.tr("train"))
        self.loss_legend.addItem(self._key_test, self.tr("test"))
        title = self.tr("Dead units (total)") if compare else self.tr("Dead units per layer")
        self.dead_plot.setTitle(title, size="10pt")
        # A fixed y range, 0 to the most units that can die (the band above holds the legend).
        top = max((sum(r.run.config.hidden) if compare else max(r.run.config.hidden))
                  for r in self._runs)
        self.dead_plot.enableAutoRange(axis="y", enable=False)
        self.dead_plot.setMouseEnabled(x=True, y=False)
        self.dead_plot.setYRange(-0.03 * top, 1.3 * top, padding=0)

    def _draw_points(self) -> None:
        ds = self.dataset
        xlim, ylim = self.data_bounds()
        k = ds.n_classes

        def brushes(y):
            return [pg.mkBrush(class_colour(c)) for c in y]

        self.train_points.setData(pos=np.asarray(ds.x_train), brush=brushes(ds.y_train),
                                  pen=pg.mkPen("w", width=1.2))
        if ds.n_test:
            self.test_points.setData(pos=np.asarray(ds.x_test), brush=brushes(ds.y_test),
                                     pen=pg.mkPen("#222222", width=1.0))
        else:
            self.test_points.setData([])
        self.boundary_image.clear()
        self.boundary_plot.setRange(xRange=xlim, yRange=ylim, padding=0)
        self.chance_line.setPos(math.log10(math.log(k)))     # log-scale axis: log10(ln K)
        self.chance_line.setToolTip(self.tr("Chance: loss ln {k} = {v:.3f}").format(k=k, v=math.log(k)))
        what = self.tr("P(class 1)") if k == 2 else self.tr("predicted class")
        self.boundary_plot.setTitle(self.tr("Decision boundary: {what}").format(what=what), size="11pt")

    def _draw_curves(self) -> None:
        compare = len(self._runs) > 1
        last_div = None
        envelope = self.is_busy()          # while training: one min/max pair per pixel column
        self._set_quality(not envelope)
        for r in self._runs:
            for item in r.items.values():
                _curve_quality(item, not envelope)
            s = r.history
            e = s["epoch"]
            for name in ("loss", "test_loss", "train_acc", "test_acc"):
                set_xy(r.items[name], e, s[name], envelope)
            if compare:
                set_xy(r.items["dead"], e, s["dead"], envelope)
            else:
                for layer in range(s.n_layers):
                    set_xy(r.items[f"dead_{layer + 1}"], e, s.dead_layer(layer), envelope)
            if r.snapshot is not None and r.snapshot.divergence is not None:
                last_div = r.snapshot.divergence
        if last_div is not None:
            self.divergence_line.setPos(last_div.epoch)
            self.divergence_line.show()
        else:
            self.divergence_line.hide()
        self._update_ranges()

    def _set_quality(self, smooth: bool) -> None:
        """Full quality when still (pictures, exports); cheaper while training: the curves as
        their envelope per pixel column (:func:`~..loss_plot.set_xy`), plain (see
        :func:`_curve_quality`, which :meth:`_draw_curves` applies to each curve), and what
        does not change while training - the data points, axes, titles, legends and the
        chance line - kept as pictures in device pixels (drawn again only when they change
        or the view moves)."""
        if self._smooth == smooth:
            return
        self._smooth = smooth
        keep_as_pictures(self._static_items(), not smooth)

    def _static_items(self) -> list:
        """The items kept as pictures while training (see :meth:`_set_quality`)."""
        items = [self.train_points, self.test_points, self.loss_legend, self.dead_legend,
                 self.chance_line]
        for p in (self.boundary_plot, self.loss_plot, self.acc_plot, self.dead_plot):
            items.append(p.titleLabel)
            items.extend(p.getAxis(side) for side in ("left", "bottom"))
        return items

    def _update_ranges(self) -> None:
        """Axis ranges that change in steps, not every frame (a range change re-lays out the
        axes, the most expensive part of a frame): x from 0 to the next of 5, 10, 20, 50, ...
        epochs (or the budget when that is nearer), the loss over whole decades."""
        epochs = max((r.history.n - 1 for r in self._runs), default=0)
        x_hi = epoch_axis_end(epochs, self.state.epochs)
        if x_hi != self._x_hi:
            self._x_hi = x_hi
            for p in (self.loss_plot, self.dead_plot):
                p.setXRange(0, x_hi, padding=0.02)
        decades = loss_decades(r.history[name] for r in self._runs for name in ("loss", "test_loss"))
        if decades is not None and decades != self._loss_decades:
            self._loss_decades = decades
            self.loss_plot.setYRange(*decades, padding=0.02)

    def _show_grid(self, result: GridResult) -> None:
        """Draw a decision grid under the points."""
        img = grid_image(result.values, result.kind, result.n_classes)
        n = result.values.shape[0]
        (x0, x1), (y0, y1) = result.xlim, result.ylim
        dx, dy = (x1 - x0) / (n - 1), (y1 - y0) / (n - 1)
        self.boundary_image.setImage(img, levels=(0, 255), autoLevels=False)
        self.boundary_image.setRect(x0 - dx / 2, y0 - dy / 2, n * dx, n * dy)

    # ---- reading what is drawn ----------------------------------------------------------------
    def data_bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The data's bounds with a margin (what the boundary plot always shows)."""
        if self.dataset is None:
            return (-1.5, 1.5), (-1.5, 1.5)
        return self.dataset.bounds(margin=0.08)

    def grid_bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """``(xlim, ylim)`` of the decision grid: the boundary plot's visible region (the data
        bounds widened to the plot's aspect ratio, so the heat map fills the plot)."""
        xlim, ylim = self.data_bounds()
        vb = self.boundary_plot.getViewBox()
        if vb.width() > 20 and vb.height() > 20:
            (x0, x1), (y0, y1) = vb.viewRange()
            if x0 <= xlim[0] + 1e-9 and x1 >= xlim[1] - 1e-9 and y0 <= ylim[0] + 1e-9 and y1 >= ylim[1] - 1e-9:
                return (float(x0), float(x1)), (float(y0), float(y1))
        return xlim, ylim

    def plotted(self, run: int | str = 0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The data given to each plot item of a run (by index or key): ``loss``,
        ``test_loss``, ``train_acc``, ``test_acc`` and ``dead`` (compare mode) or
        ``dead_1..dead_L`` (one network)."""
        r = self._runs[run] if isinstance(run, int) else next(x for x in self._runs if x.key == run)
        out = {}
        for name, item in r.items.items():
            x = item.xData if item.xData is not None else np.array([])
            y = item.yData if item.yData is not None else np.array([])
            out[name] = (np.asarray(x), np.asarray(y))
        return out

