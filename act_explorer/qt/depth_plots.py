"""The depth tab's plots: four plot items, one set of curves per function, stable "nice"
ranges, the legend in the emptiest corner and the regime in the title (a part of
:class:`~.depth_panel.DepthPanel`, which owns the results; see its docstring for the speed
measures taken here)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy, QWidget

from ..model import catalogue
from ..model import depth as D
from ..model.curves import colour_for
from ..model.depth.state import MAX_VIEW_DEPTH
from . import theme
from .depth_axes import LayerAxis, Log10Axis, OpaqueGridAxis, decades
from .fast_items import BoundedCurve
from .i18n import function_name
from .plotting import add_export_menu, fold_legend, restyle_plot, style_plot

NAIVE_COLOUR = "#707070"
NAIVE_COLOUR_DARK = "#9a9a9a"
FRAC_TOP = 1.2
FRAC_TOP_FOLDED = 1.5
LEFT_AXIS_WIDTH = 66
SIM_WIDTH, OVERLAY_WIDTH, THEORY_WIDTH = 2.0, 1.5, 1.0
NICE_LAYERS = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200)
AXIS_CACHE_AFTER = 3       # redraws without a range change before an axis is a pixmap again
CURVE_NAMES = ("grad_sim", "grad_theory", "act_sim", "act_theory", "mean_sim", "mean_theory",
               "dead_sim", "sat_sim", "sat_theory")


def _set(item: BoundedCurve, x: np.ndarray, y: np.ndarray) -> None:
    """Plot ``y`` against ``x``; non-finite values break the line (NaN; an all-gap series is
    drawn as nothing rather than handed to pyqtgraph's range code).  Data already finite
    are drawn as they are, not copied."""
    y = np.asarray(y, dtype=np.float64)
    finite = np.isfinite(y)
    if finite.all():
        item.set_series(x, y)
    elif not finite.any():
        if item.xData is None or len(item.xData):     # (already empty: nothing to redo)
            item.setData([], [])
    else:
        item.set_series(x, np.where(finite, y, np.nan))


class DepthPlots:
    """The plots of :class:`~.depth_panel.DepthPanel` (a mixin: it reads the panel's
    ``state``, ``curves``, ``_shown`` and ``_views``)."""

    def _build_plots(self) -> QWidget:
        self._items: dict[str, dict[str, pg.PlotCurveItem]] = {}
        self._overflow_lines: dict[str, tuple[pg.InfiniteLine, pg.InfiniteLine]] = {}
        self._style_key: tuple = ()
        self._legend_corners: dict[str, str] = {}
        self._manual_ranges: set = set()       # plots the user zoomed or panned
        self._ranges: dict = {}
        self._title_key: tuple = ()
        self._axis_quiet: dict = {}            # axes drawn directly since their range changed
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.graphics.setMinimumWidth(360)
        self.graphics.setAccessibleName(self.tr("Depth plots"))
        ci = self.graphics.ci
        ci.setContentsMargins(4, 4, 12, 4)
        ci.setSpacing(6)

        def plot(row, col, colspan, log_y):
            axes = {"bottom": LayerAxis("bottom"),
                    "left": Log10Axis("left") if log_y else OpaqueGridAxis("left")}
            return self.graphics.addPlot(row=row, col=col, colspan=colspan, axisItems=axes)

        self.grad_plot = plot(0, 0, 3, True)
        self.act_plot = plot(1, 0, 1, True)
        self.mean_plot = plot(1, 1, 1, False)
        self.frac_plot = plot(1, 2, 1, False)
        style_plot(self.grad_plot, self.tr("Gradient RMS per layer"), self.tr("layer"),
                   self.tr("gradient RMS (last layer = 1)"))
        style_plot(self.act_plot, self.tr("Activation RMS"), self.tr("layer"), self.tr("RMS of f(h)"))
        style_plot(self.mean_plot, self.tr("Activation mean / RMS"), self.tr("layer"),
                   self.tr("mean ÷ RMS (0 = centred)"))
        style_plot(self.frac_plot, self.tr("Dead and saturated units"), self.tr("layer"),
                   self.tr("fraction"))
        ci.layout.setRowStretchFactor(0, 3)
        ci.layout.setRowStretchFactor(1, 2)
        for p in (self.act_plot, self.mean_plot, self.frac_plot):
            p.setTitle(p.titleLabel.text, size="10pt")
        self._plots = (self.grad_plot, self.act_plot, self.mean_plot, self.frac_plot)
        for p in self._plots:
            # Ranges are set by _fit_ranges (stable "nice" limits), not by pyqtgraph's
            # autorange, which would move every axis - and regenerate its ticks and grid,
            # the bulk of a repaint - at every step of the depth slider.
            p.disableAutoRange()
            p.hideButtons()
            p.setDownsampling(False)        # 200 points at most: nothing to gain, some to pay
            p.setClipToView(False)
            vb = p.getViewBox()
            vb.setLimits(minXRange=2.0)
            vb.sigRangeChangedManually.connect(lambda *_a, p=p: self._manual_ranges.add(p))
            for side in ("left", "bottom", "top", "right"):
                # No SI-prefix relabelling on every range change (it re-lays out the axis;
                # the hidden top and right axes would do it too).
                p.getAxis(side).enableAutoSIPrefix(False)
            # A fixed width: tick labels such as 10⁻¹²⁰ vs 1 do not re-lay out the plots.
            p.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
            for side in ("left", "bottom"):
                # Major ticks and grid only: half the lines to draw when a range changes.
                p.getAxis(side).setStyle(maxTickLevel=0)
            for side in ("left", "bottom"):
                axis = p.getAxis(side)
                # Under the curves (pyqtgraph puts axes, and so the grid, above them): the
                # opaque grid of OpaqueGridAxis must not cross the lines.
                axis.setZValue(-1)
                # Kept as a pixmap between range changes: a repaint blits it instead of
                # replaying every grid line and tick label (exports render afresh).
                axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            p.titleLabel.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for p in (self.grad_plot, self.act_plot):
            # Log plots show at least two decades (a flat critical curve is not zoomed to noise).
            p.getViewBox().setLimits(minYRange=2.0)
        self.mean_plot.setYRange(-1.0, 1.0, padding=0.03)
        self.mean_plot.setMouseEnabled(x=True, y=False)
        # Fractions never pass 1: the band above holds the legend, so it hides no curve.
        self.frac_plot.setYRange(-0.06, FRAC_TOP, padding=0)
        self.frac_plot.getAxis("left").setTicks(
            [[(v, f"{v:g}") for v in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)], []])
        self.frac_plot.setMouseEnabled(x=True, y=False)
        self._ref_lines = (pg.InfiniteLine(pos=0, angle=0), pg.InfiniteLine(pos=0, angle=0))
        self.grad_plot.addItem(self._ref_lines[0], ignoreBounds=True)
        self.mean_plot.addItem(self._ref_lines[1], ignoreBounds=True)

        self.naive_item = self._curve(self.grad_plot)
        self.naive_item.setZValue(1)
        self.legend = self.grad_plot.addLegend(offset=(10, 10), labelTextSize="9pt")
        self.frac_legend = self.frac_plot.addLegend(offset=(4, 1), labelTextSize="8pt",
                                                    colCount=2, verSpacing=-8, frame=False)
        self._key_sim = pg.PlotDataItem()
        self._key_theory = pg.PlotDataItem()
        self._key_dead = pg.PlotDataItem()
        self._key_sat = pg.PlotDataItem()
        self.frac_legend.addItem(self._key_dead, self.tr("dead"))
        self.frac_legend.addItem(self._key_sat, self.tr("saturated"))
        # Two columns in the band above 1; one column, and a taller band, when narrow.
        fold_legend(self.frac_legend, self.frac_plot, 2, on_fold=lambda folded: self.frac_plot.setYRange(
            -0.06, FRAC_TOP_FOLDED if folded else FRAC_TOP, padding=0))
        for legend in (self.legend, self.frac_legend):
            legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        for p in self._plots:
            menu = p.getViewBox().menu
            menu.addSeparator()
            fit = menu.addAction(self.tr("Fit to the data"))
            fit.triggered.connect(self.reset_view)
        add_export_menu(self._plots, self.export_requested.emit)
        self._theme_plots()
        return self.graphics

    def _theme_plots(self) -> None:
        c = theme.colours()
        self.graphics.setBackground(c.background)
        for p in self._plots:
            restyle_plot(p)
        for line in self._ref_lines:
            line.setPen(pg.mkPen(c.reference, width=1))
        self.naive_item.setPen(pg.mkPen(NAIVE_COLOUR_DARK if theme.is_dark() else NAIVE_COLOUR,
                                        width=1.0, style=Qt.PenStyle.DotLine))
        key = c.key
        self._key_sim.setPen(pg.mkPen(key, width=SIM_WIDTH))
        self._key_theory.setPen(pg.mkPen(key, width=1.5, style=Qt.PenStyle.DashLine))
        self._key_dead.setPen(pg.mkPen(key, width=2))
        self._key_sat.setPen(pg.mkPen(key, width=2, style=Qt.PenStyle.DashDotLine))
        r, g, b, _a = c.legend_brush
        self.legend.setBrush(pg.mkBrush(r, g, b, 255))   # opaque: no blending
        for lines in self._overflow_lines.values():
            for line in lines:
                line.setPen(pg.mkPen(c.error, width=1.5, style=Qt.PenStyle.DashLine))
                line.label.setColor(c.error)
                line.label.fill = pg.mkBrush(*c.legend_brush)
        for legend in (self.legend, self.frac_legend):
            legend.update()

    def _colours(self) -> dict[str, str]:
        """Distinct colours of the functions shown (as drawn on this theme)."""
        cmap = self.curves.colour_map(transform=theme.line_colour)
        return {fid: theme.line_colour(c) for fid, c in cmap.items()}

    def _restyle(self) -> None:
        """Create, remove and style plot items when the set of functions changes."""
        cur = self.curves.current
        inits = {fid: r.config.init for fid, r in self._shown}
        plain = all(r.config.arch == "plain" for _f, r in self._shown)
        key = (tuple((fid, fid == cur, inits[fid]) for fid, _ in self._shown), plain)
        if key == self._style_key:
            return
        wanted = {fid for fid, _ in self._shown}
        for fid in list(self._items):
            if fid not in wanted:
                items = self._items.pop(fid)
                for name, item in items.items():
                    self._plot_for(name).removeItem(item)
                for line, p in zip(self._overflow_lines.pop(fid, ()), (self.grad_plot, self.act_plot)):
                    p.removeItem(line)
        for fid, _ in self._shown:
            if fid not in self._items:
                self._items[fid] = {
                    name: self._curve(self._plot_for(name)) for name in CURVE_NAMES
                }
            colour = self._colours().get(fid, colour_for(fid))
            main = fid == cur
            # Line widths are chosen for speed too: a pen wider than 1 px goes through Qt's
            # stroker, which costs ~0.3 ms per curve per repaint, so the thin dashed theory
            # lies on top of the thicker simulation line.
            w = SIM_WIDTH if main else OVERLAY_WIDTH
            solid = pg.mkPen(colour, width=w)
            dashed = pg.mkPen(colour, width=THEORY_WIDTH, style=Qt.PenStyle.DashLine)
            pens = {
                "grad_sim": solid, "grad_theory": dashed, "act_sim": solid, "act_theory": dashed,
                "mean_sim": solid, "mean_theory": dashed, "dead_sim": solid,
                "sat_sim": pg.mkPen(colour, width=w, style=Qt.PenStyle.DashDotLine),
                "sat_theory": dashed,
            }
            for name, item in self._items[fid].items():
                item.setPen(pens[name])
                item.setZValue((10 if main else 5) + (1 if name.endswith("theory") else 0))
        self.legend.clear()
        mixed = len(set(inits.values())) > 1       # name each function's init when they differ
        for fid, r in self._shown:
            name = function_name(catalogue.get(fid))
            if mixed:
                name = f"{name} ({self._init_label(r.config)})"
            self.legend.addItem(self._items[fid]["grad_sim"], name)
        self.legend.addItem(self._key_sim, self.tr("simulation"))
        self.legend.addItem(self._key_theory, self.tr("theory (mean field)"))
        if plain:     # the line is drawn for the plain stack only
            self.legend.addItem(self.naive_item, self.tr("product of max slopes (max|f′|)^(L−l)"))
        self._style_key = key

    def _plot_for(self, name: str) -> pg.PlotItem:
        return {"grad": self.grad_plot, "act": self.act_plot, "mean": self.mean_plot,
                "dead": self.frac_plot, "sat": self.frac_plot}[name.split("_")[0]]

    @staticmethod
    def _curve(plot: pg.PlotItem) -> pg.PlotCurveItem:
        """A bare curve item: its setData costs a third of a PlotDataItem's (no symbols,
        no downsampling layer), which is most of a depth-slider move's own work."""
        item = BoundedCurve()
        # One polyline, not pyqtgraph's separate segments for wide aliased pens (while the
        # depth slider moves): in the depth tab's plots the segments cost a third more to
        # draw (~130 vs ~95 us per 1.5 px curve) and a second set of vertices to build per
        # move, and the antialiased picture once the slider stops is drawn as a path anyway.
        item.setSegmentedLineMode("off")
        plot.addItem(item)
        return item

    def _all_curves(self) -> list:
        return [self.naive_item, *(item for items in self._items.values() for item in items.values())]

    def _redraw(self, sliding: bool = False) -> None:
        """Draw the views at the current depth: slices of the stored results, no computing.
        ``sliding``: a depth change, after which the readout text follows at most every
        :data:`READOUT_INTERVAL_MS` (re-laying out the wrapped text costs ~3 ms, as much as
        the plots; nobody reads text changing 60 times a second; the last value always
        shows)."""
        L = self.state.depth
        if any(r.config.depth < L for _f, r in self._shown):
            return       # runs of another depth (alpha = 1/sqrt(L)): the new ones are coming
        cur = self.curves.current
        views = []
        for fid, result in self._shown:
            v = result.view(L)
            views.append((fid, v))
            items = self._items[fid]
            s, t = v.sim, v.theory
            x = s.layer.astype(np.float64)
            _set(items["grad_sim"], x, s.log10_grad_rms)
            _set(items["grad_theory"], x, t.log10_grad_rms)
            _set(items["act_sim"], x, s.log10_act_rms)
            _set(items["act_theory"], x, t.log10_act_rms)
            m_sim, m_theory = v.mean_over_rms()
            _set(items["mean_sim"], x, m_sim)
            _set(items["mean_theory"], x, m_theory)
            _set(items["dead_sim"], x, s.frac_dead)
            _set(items["sat_sim"], x, s.frac_saturated)
            _set(items["sat_theory"], x, t.frac_saturated)
            self._mark_overflow(fid, s.overflow_layer if s.overflow_layer is not None else t.overflow_layer)
            if fid == cur:   # the slopes' product means something for the plain stack only
                _set(self.naive_item, x, s.log10_slope_product if s.config.arch == "plain"
                     else np.full_like(x, np.nan))
        self._views = views
        self._fit_ranges()
        self._cache_quiet_axes()
        self._place_legend()
        self._render_title()
        if sliding:
            self.drag_quality.moved()
            self._readout_soon()
        else:
            self._render_readout()

    def _mark_overflow(self, fid: str, layer: int | None) -> None:
        lines = self._overflow_lines.get(fid)
        if layer is None:
            if lines:
                for line in lines:
                    line.hide()
            return
        if lines is None:
            c = theme.colours()
            pen = pg.mkPen(c.error, width=1.5, style=Qt.PenStyle.DashLine)
            label = self.tr("overflow")
            lines = tuple(
                pg.InfiniteLine(angle=90, pen=pen, movable=False, label=label,
                                labelOpts={"position": 0.9, "color": c.error,
                                           "fill": c.legend_brush})
                for _ in range(2))
            self.grad_plot.addItem(lines[0], ignoreBounds=True)
            self.act_plot.addItem(lines[1], ignoreBounds=True)
            self._overflow_lines[fid] = lines
        for line in lines:
            line.setPos(layer)
            line.show()

    def _draw_axis_directly(self, axis) -> None:
        """An axis whose range just changed is drawn directly (its picture, reused if it
        was drawn for that range before, replayed onto the view) rather than through a new
        pixmap: rendering a plot-sized pixmap and blending it costs more than the drawing
        when the range changes again soon, as during jumps of the slider."""
        if axis.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            axis.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        self._axis_quiet[axis] = 0

    def _cache_quiet_axes(self) -> None:
        """Axes whose range has not changed for :data:`AXIS_CACHE_AFTER` redraws are kept
        as pixmaps again (a drag mostly moves curves: then a repaint blits them)."""
        for axis, quiet in list(self._axis_quiet.items()):
            if quiet >= AXIS_CACHE_AFTER:
                axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                del self._axis_quiet[axis]
            else:
                self._axis_quiet[axis] = quiet + 1

    def reset_view(self) -> None:
        """Back to the automatic ranges after the user zoomed or panned."""
        self._manual_ranges.clear()
        self._ranges.clear()
        self._fit_ranges()

    def _fit_ranges(self) -> None:
        """Stable ranges: x to a nice number of layers at or above L, y to whole decades
        (log plots), changed only when the data leave them (then with room to grow, as a
        drag usually goes on in the same direction) or fill less than about half of them.
        So a depth-slider drag mostly moves curves, not axes (a range change re-ticks and
        re-grids every axis: twice the cost of a plain move)."""
        if not self._views:
            return
        L = self.state.depth
        xmax = self._ranges.get("xmax")
        if xmax is None or L > xmax or L < 0.5 * xmax:
            target = 1.25 * L if xmax is not None and L > xmax else L
            xmax = next((n for n in NICE_LAYERS if n >= target), MAX_VIEW_DEPTH)
            self._ranges["xmax"] = xmax
        xr = (0.0, float(xmax)) if xmax > 10 else (0.5, xmax + 0.5)
        for p in self._plots:
            if p not in self._manual_ranges and self._ranges.get((p, "x")) != xr:
                p.setXRange(*xr, padding=0.02)
                self._ranges[(p, "x")] = xr
                self._draw_axis_directly(p.getAxis("bottom"))
        cur = self.curves.current
        grad = [a for f, v in self._views for a in
                ((v.sim.log10_grad_rms, v.theory.log10_grad_rms)
                 + ((v.sim.log10_slope_product,) if f == cur else ()))]
        act = [a for _f, v in self._views for a in (v.sim.log10_act_rms, v.theory.log10_act_rms)]
        for p, arrays in ((self.grad_plot, grad), (self.act_plot, act)):
            if p in self._manual_ranges:
                continue
            finite = [a[np.isfinite(a)] for a in arrays]
            finite = [a for a in finite if a.size]
            if not finite:
                continue
            lo = float(min(a.min() for a in finite))
            hi = float(max(a.max() for a in finite))
            old = self._ranges.get((p, "y"))
            new = decades(lo, hi)
            if old is not None:
                if old[0] <= lo and hi <= old[1]:
                    if (new[1] - new[0]) >= 0.45 * (old[1] - old[0]):
                        continue              # still fits and is not far too big: keep it
                else:                         # outgrown: leave room on that side
                    room = 0.3 * max(hi - lo, 2.0)
                    new = decades(lo - room if lo < old[0] else lo,
                                   hi + room if hi > old[1] else hi)
            p.setYRange(*new, padding=0.06)
            self._ranges[(p, "y")] = new
            self._draw_axis_directly(p.getAxis("left"))

    _CORNERS = {   # name: (x from, x to, y from, y to) in the plot's unit square; anchor
        "bottom-right": ((0.5, 1.0, 0.0, 0.42), (1, 1), (-10, -10)),
        "bottom-left": ((0.0, 0.5, 0.0, 0.42), (0, 1), (10, -10)),
        "top-left": ((0.0, 0.5, 0.58, 1.0), (0, 0), (10, 10)),
        "top-right": ((0.5, 1.0, 0.58, 1.0), (1, 0), (-10, 10)),
    }

    def _place_legend(self) -> None:
        """Put the gradient legend in the corner the curves leave emptiest (every gradient
        curve ends at 1 on the last layer, so that is usually bottom right when gradients
        vanish and bottom left or top right when they explode)."""
        xs, ys = [], []
        for fid, v in self._views:
            for series in (v.sim.log10_grad_rms, v.theory.log10_grad_rms):
                xs.append(v.sim.layer)
                ys.append(series)
            if fid == self.curves.current:
                xs.append(v.sim.layer)
                ys.append(v.sim.log10_slope_product)
        if not xs:
            return
        self._anchor(self.legend, "grad", self._emptiest(xs, ys, min_span=2.0))

    def _emptiest(self, xs, ys, min_span: float = 0.0, y_range=None, order=None) -> str:
        """The corner of a plot of layers 1..L holding the fewest points of the curves."""
        order = order or tuple(self._CORNERS)
        x = np.concatenate(xs).astype(np.float64)
        y = np.concatenate(ys).astype(np.float64)
        ok = np.isfinite(y)
        if not ok.any():
            return order[0]
        x, y = x[ok], y[ok]
        lo, hi = y_range or (float(y.min()), float(y.max()))
        if hi - lo < min_span:                     # log plots show at least two decades
            mid = 0.5 * (lo + hi)
            lo, hi = mid - 0.5 * min_span, mid + 0.5 * min_span
        hi = max(hi, lo + 1e-12)
        L = max(2.0, float(self.state.depth))
        u = (x - 1.0) / (L - 1.0)
        w = (y - lo) / (hi - lo)
        counts = {}
        for name in order:
            x0, x1, y0, y1 = self._CORNERS[name][0]
            counts[name] = int(np.count_nonzero((u >= x0) & (u <= x1) & (w >= y0) & (w <= y1)))
        return min(order, key=lambda k: counts[k])   # ties: the first in ``order``

    def _anchor(self, legend, key: str, corner: str) -> None:
        if self._legend_corners.get(key) != corner:
            _box, anchor, offset = self._CORNERS[corner]
            legend.anchor(itemPos=anchor, parentPos=anchor, offset=offset)
            self._legend_corners[key] = corner

    def _render_title(self) -> None:
        fv = self._current_view()
        if fv is None:
            key = ()
        elif fv[1].fixed_point is None:          # residual, LayerNorm, BatchNorm
            key = (fv[0], "", fv[1].sim.config.arch_label, fv[1].sim.config.init)
        else:
            fp = fv[1].fixed_point
            key = (fv[0], fp.regime, fp.chi_star, fv[1].sim.config.init)
        if key == self._title_key:
            return
        self._title_key = key
        base = self.tr("Gradient RMS per layer")
        if fv is None:
            self.grad_plot.setTitle(base, size="11pt")
            return
        fp = fv[1].fixed_point
        if fp is None:
            self.grad_plot.setTitle(f"{base} — {function_name(catalogue.get(fv[0]))}, "
                                    f"{self._arch_label(fv[1].sim.config)}", size="11pt")
            return
        colour = theme.colours().regime_colour(fp.regime)
        self.grad_plot.setTitle(
            f"{base} — {function_name(catalogue.get(fv[0]))}: "
            f"<span style='color:{colour}'><b>{self._regime_word(fp.regime)}</b></span> "
            f"(χ* = {_num(fp.chi_star)})", size="11pt")

    def _regime_word(self, regime: str) -> str:
        return {"vanishing": self.tr("vanishing"), "critical": self.tr("critical"),
                "exploding": self.tr("exploding")}.get(regime, regime)

    def _init_label(self, cfg: D.DepthConfig) -> str:
        names = {"xavier": self.tr("Xavier"), "he": self.tr("He"), "lecun": self.tr("LeCun")}
        if cfg.init == "custom":
            return self.tr("custom (σ_w = {s})").format(s=f"{cfg.sigma_w:.3g}")
        return names[cfg.init]

    def plotted(self, fid: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The data given to each plot item of ``fid`` (log10 values on the log plots)."""
        out = {}
        for name, item in self._items[fid].items():
            x = item.xData if item.xData is not None else np.array([])
            y = item.yData if item.yData is not None else np.array([])
            out[name] = (np.asarray(x), np.asarray(y))
        if fid == self.curves.current:
            out["naive"] = (np.asarray(self.naive_item.xData), np.asarray(self.naive_item.yData))
        return out


def _num(v: float) -> str:
    if v != v:
        return "?"
    if math.isinf(v):
        return "∞"
    if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-3):
        return f"{v:.2e}"
    return f"{v:.3g}"
