"""The histograms under the network diagram: per hidden layer, one plot of the
pre-activations z and one of log10 |dL/dz| (two rows of plots), drawn from the model's
:class:`~...model.unit_view.HistogramEntry`; ranges come from the model, so no axis re-lays
out every frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QSizePolicy

from .. import plotting
from .items import BLUE, _c, _cache_plot, _dark, _Label, _StepItem

if TYPE_CHECKING:
    from .view import NetworkView


class _Histograms:
    """Per hidden layer, a pre-activation and a gradient histogram (two rows of plots)."""

    def dispose(self) -> None:
        """Detach the labels parented to the plots' view boxes before the layout deletes the
        plots: otherwise Qt deletes them with their parent while their Python wrappers live on
        in ``zero_texts``, and dropping those later crashed in shiboken (seen once in ~1000
        random actions that changed the network's layers with the network view open)."""
        for zero in self.zero_texts:
            scene = zero.scene()
            if scene is not None:
                scene.removeItem(zero)
            zero.setParentItem(None)
        self.zero_texts.clear()

    def __init__(self, owner: "NetworkView", layout: pg.GraphicsLayout, n_layers: int):
        self.layout = layout
        layout.clear()
        self.z_label = layout.addLabel(QCoreApplication.translate("NetworkView", "pre-activation z"), row=0, col=0, angle=-90, size="8pt")
        self.g_label = layout.addLabel(QCoreApplication.translate("NetworkView", "log₁₀|∂L/∂z|"), row=1, col=0, angle=-90, size="8pt")
        self.z_plots, self.g_plots, self.z_curves, self.g_curves, self.zero_texts = [], [], [], [], []
        self.titles: list[str] = []
        self.zero_strings: list[str] = []
        self.tops: list[tuple] = []
        self.edges: list[tuple] = []
        for l in range(n_layers):
            # No view-box menu at all, rather than one made and dropped at once per plot and
            # rebuild: dropping those crashed in QMenu::setParent, twice in 1000 random actions
            # driven through an event loop (the way the application runs).
            zp = layout.addPlot(row=0, col=l + 1, enableMenu=False)
            gp = layout.addPlot(row=1, col=l + 1, enableMenu=False)
            for p in (zp, gp):
                plotting.plain_ticks(p)
                p.hideAxis("left")
                p.setMouseEnabled(x=False, y=False)
                p.hideButtons()
                p.getAxis("bottom").setStyle(tickLength=-4, maxTickLevel=0)
                p.getAxis("bottom").setTextPen(pg.mkPen(_c().foreground))
                p.getAxis("bottom").setPen(pg.mkPen(_c().foreground))
                # Ranges come from the model (edges, a round top): autoranging every frame
                # re-lays out the axes, the costliest part of a repaint.
                p.disableAutoRange()
            zc = _StepItem(BLUE, "#A9CDE6")
            gc = _StepItem(*(("#bbbbbb", "#5a5a5a") if _dark() else ("#444444", "#C4C4C4")))
            zp.addItem(zc)
            gp.addItem(gc)
            for p in (zp, gp):
                _cache_plot(p)
            zero = _Label(colour=_c().note_text, point_size=7)
            zero.setParentItem(gp.vb)
            zero.setPos(2, 0)
            self.z_plots.append(zp)
            self.g_plots.append(gp)
            self.z_curves.append(zc)
            self.g_curves.append(gc)
            self.zero_texts.append(zero)
            self.titles.append("")
            self.zero_strings.append("")
            self.tops.append((None, None))
            self.edges.append((None, None))
            layout.layout.setColumnStretchFactor(l + 1, 1)
            for p in (zp, gp):  # equal widths whatever the tick labels
                p.setPreferredWidth(120)
                p.setMinimumWidth(40)
                p.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def show(self, owner: "NetworkView", entry) -> None:
        for l, h in enumerate(entry.layers):
            if l >= len(self.z_plots):
                break
            zc, gc = self.z_curves[l], self.g_curves[l]
            zc.set_histogram(h.z_edges, h.z_counts)
            gc.set_histogram(h.g_edges, h.g_counts)
            ze, ge = self.edges[l]
            if h.z_edges is not ze:
                self.z_plots[l].setXRange(float(h.z_edges[0]), float(h.z_edges[-1]), padding=0)
            if h.g_edges is not ge:
                self.g_plots[l].setXRange(float(h.g_edges[0]), float(h.g_edges[-1]), padding=0)
            self.edges[l] = (h.z_edges, h.g_edges)
            if (h.z_top, h.g_top) != self.tops[l]:
                self.z_plots[l].setYRange(0.0, h.z_top, padding=0)
                self.g_plots[l].setYRange(0.0, h.g_top, padding=0)
                self.tops[l] = (h.z_top, h.g_top)
            title = QCoreApplication.translate("NetworkView", "Layer {l}").format(l=h.layer)
            if h.dead:
                title += " · " + QCoreApplication.translate("NetworkView", "{d}/{n} dead").format(d=h.dead, n=h.n_units)
            if h.saturated:
                title += " · " + QCoreApplication.translate("NetworkView", "{s} sat.").format(s=h.saturated)
            if title != self.titles[l]:
                self.z_plots[l].setTitle(title, size="8pt")
                self.titles[l] = title
            zero = QCoreApplication.translate("NetworkView", "∂L/∂z = 0: {p:.0%}").format(p=h.g_zero_share)
            if zero != self.zero_strings[l]:
                self.zero_texts[l].set_text(zero)
                self.zero_strings[l] = zero
