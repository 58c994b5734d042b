"""The two experiments beside the phase diagram: the trainability sweep (final training
accuracy over (sigma_w^2, depth) with L = 6 xi_c drawn over it) and the singular values of the
input-output Jacobian at the current point.  Plots only; the panel runs the model's
:func:`~act_explorer.model.trainability.sweep` and
:func:`~act_explorer.model.jacobian.jacobian_spectrum` on workers and hands the results here.
"""

from __future__ import annotations

import pyqtgraph as pg

from .. import theme
from ..phase_render import SweepPicture, spectrum_histogram
from ..plotting import restyle_plot, style_plot
from .diagram import keep_inside

SPECTRUM_COLOURS = {"light": ((68, 1, 84), (68, 1, 84, 150)), "dark": ((94, 201, 98), (94, 201, 98, 130))}
SIX_XI_COLOUR = {"light": "#d62728", "dark": "#ff6b6b"}


class SweepView:
    """Accuracy heatmap over (sigma_w^2, depth) with the curve L = 6 xi_c."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget):
        self.graphics = graphics
        graphics.ci.setContentsMargins(4, 4, 8, 4)
        self.plot = graphics.addPlot(row=0, col=0)
        style_plot(self.plot, "", "σ_w²", "")
        self.plot.showGrid(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.picture = SweepPicture(self.plot, graphics.ci, 0, 1, "")
        self.picture.bar.getAxis("left").setWidth(30)
        keep_inside(self.picture.bar)
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setStyle(hideOverlappingLabels=True)
        self.result = None
        self.apply_theme()

    def set_labels(self, y_label: str, bar_label: str) -> None:
        self.plot.setLabel("left", y_label)
        self.picture.bar.getAxis("left").setLabel(bar_label)
        self.apply_theme()

    def set_title(self, text: str) -> None:
        self.plot.setTitle(text, size="10pt")
        restyle_plot(self.plot)

    def show(self, result) -> None:
        self.result = result
        self.picture.set(result)

    def apply_theme(self) -> None:
        c = theme.colours()
        self.graphics.setBackground(c.background)
        restyle_plot(self.plot)
        restyle_plot(self.picture.bar)
        red = SIX_XI_COLOUR["dark" if theme.is_dark() else "light"]
        self.picture.curve.setPen(pg.mkPen(red, width=3))
        self.picture.curve.setSymbolBrush(pg.mkBrush(red))
        self.picture.curve.setSymbolPen(pg.mkPen(c.background, width=1))


class SpectrumView:
    """Histogram of the Jacobian's singular values."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget):
        self.graphics = graphics
        graphics.ci.setContentsMargins(4, 4, 12, 4)
        self.plot = graphics.addPlot(row=0, col=0)
        style_plot(self.plot, "", "", "")
        self.plot.hideButtons()
        self.hist = pg.PlotDataItem()
        self.plot.addItem(self.hist)
        self.spectrum = None
        self.apply_theme()

    def set_labels(self, x_label: str, y_label: str) -> None:
        self.plot.setLabel("bottom", x_label)
        self.plot.setLabel("left", y_label)
        restyle_plot(self.plot)

    def set_title(self, text: str) -> None:
        self.plot.setTitle(text, size="10pt")
        restyle_plot(self.plot)

    def show(self, spec) -> None:
        self.spectrum = spec
        edges, counts = spectrum_histogram(spec)
        self.hist.setData(edges, counts, stepMode="center", fillLevel=0)
        self.plot.enableAutoRange()

    def apply_theme(self) -> None:
        c = theme.colours()
        self.graphics.setBackground(c.background)
        restyle_plot(self.plot)
        pen, brush = SPECTRUM_COLOURS["dark" if theme.is_dark() else "light"]
        self.hist.setPen(pg.mkPen(pen, width=2))
        self.hist.setBrush(pg.mkBrush(*brush))
