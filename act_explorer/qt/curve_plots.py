"""The two plots of the curves tab, f(x) above f'(x), drawing a :class:`CurvesState`."""

from __future__ import annotations

import html
import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDoubleSpinBox, QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from ..model.catalogue import ParamError
from ..model.curves import DEFAULT_RANGE, X_LIMIT, CurvesState
from . import theme
from .decimation import decimate
from .plotting import add_export_menu, mark_hover_only, restyle_plot, style_plot

# Changes closer together than this are a drag: they are drawn fast (decimated to the plot's
# width, kinks and jumps kept, no antialiasing) and the full antialiased curves follow once
# the changes stop for this long.
SETTLE_S = 0.15


def _fmt(v: float) -> str:
    if not math.isfinite(v):
        return "inf" if v > 0 else ("-inf" if v < 0 else "nan")
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-4):
        return f"{v:.4e}"
    return f"{v:.6g}"


class CurvePlots(QWidget):
    """f and f' of every shown function, with linked x axes, legend, crosshair readout."""

    export_requested = Signal(str)  # 'png', 'svg', 'csv', 'copy' (from the plot menu)

    def __init__(self, state: CurvesState, parent: QWidget | None = None, interactive: bool = True):
        super().__init__(parent)
        self.state = state
        self._items: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self._styles: dict[str, tuple[str, bool]] = {}
        self._legend_key: tuple = ()
        self._syncing = False
        # Full-resolution (x, f, f') per function, and whether it is drawn fast (decimated,
        # not antialiased) at the moment.
        self._full: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._fast: dict[str, bool] = {}
        self._last_change = -math.inf
        self._last_shown: tuple = ()
        # y ranges held during a drag (plots that were auto-ranging when it began)
        self._drag_ranges: dict[int, tuple[float, float]] = {}
        self._settle_timer = QTimer(self, singleShot=True, interval=int(SETTLE_S * 1000))
        self._settle_timer.timeout.connect(self.settle)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)

        # -- x range control ----------------------------------------------------------
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 0, 6, 0)
        self.x_min = self._spin(DEFAULT_RANGE[0], self.tr("Lowest x shown"))
        self.x_max = self._spin(DEFAULT_RANGE[1], self.tr("Highest x shown"))
        bar.addWidget(QLabel(self.tr("x from")))
        bar.addWidget(self.x_min)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.x_max)
        self.reset_button = QToolButton()
        self.reset_view_action = QAction(self.tr("Reset view"), self)
        self.reset_view_action.setToolTip(self.tr("Show x from -6 to 6 and fit y to the curves"))
        self.reset_view_action.triggered.connect(self.reset_view)
        self.reset_button.setDefaultAction(self.reset_view_action)
        bar.addWidget(self.reset_button)
        self.range_error = QLabel()
        theme.style_error_label(self.range_error)
        bar.addWidget(self.range_error, 1)
        layout.addLayout(bar)
        self.x_min.editingFinished.connect(self._range_edited)
        self.x_max.editingFinished.connect(self._range_edited)

        # -- plots --------------------------------------------------------------------
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.graphics.ci.setContentsMargins(4, 4, 12, 4)
        self.f_plot: pg.PlotItem = self.graphics.addPlot(row=0, col=0)
        self.df_plot: pg.PlotItem = self.graphics.addPlot(row=1, col=0)
        # The legend first, so style_plot colours it with the rest of the plot.
        self.legend = self.f_plot.addLegend(offset=(10, 10), labelTextSize="9pt")
        style_plot(self.f_plot, self.tr("Activation f(x)"), "", "f(x)")
        style_plot(self.df_plot, self.tr("Derivative f′(x)"), "x", "df/dx")
        self.df_plot.setXLink(self.f_plot)
        self._zero_lines = []
        for plot in (self.f_plot, self.df_plot):
            for angle in (0, 90):
                line = pg.InfiniteLine(pos=0, angle=angle)
                plot.addItem(line, ignoreBounds=True)
                self._zero_lines.append(line)
        layout.addWidget(self.graphics, 1)

        # -- crosshair ----------------------------------------------------------------
        self.v_lines = [pg.InfiniteLine(angle=90, movable=False) for _ in range(2)]
        for plot, line in zip((self.f_plot, self.df_plot), self.v_lines):
            plot.addItem(line, ignoreBounds=True)
            line.hide()
            mark_hover_only(line)
        self.readout = QLabel(self.tr("Move the mouse over a plot to read values."))
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.readout.setMinimumHeight(self.readout.fontMetrics().height() * 2 + 6)
        self.readout.setContentsMargins(8, 0, 8, 4)
        self.readout.setAccessibleName(self.tr("Crosshair readout"))
        layout.addWidget(self.readout)
        self._mouse_proxy = pg.SignalProxy(self.graphics.scene().sigMouseMoved, rateLimit=60,
                                           slot=self._mouse_moved)
        # The crosshair goes when the pointer leaves the plots.
        self.graphics.viewport().installEventFilter(self)
        self.crosshair_x: float | None = None

        # plot context menu: export entries
        if interactive:
            add_export_menu((self.f_plot, self.df_plot), self.export_requested.emit)

        # user pan/zoom updates the model's x range (debounced), so curves cover the view
        self._view_timer = QTimer(self, singleShot=True, interval=120)
        self._view_timer.timeout.connect(self._apply_view_range)
        self.f_plot.getViewBox().sigRangeChangedManually.connect(lambda *_: self._view_timer.start())
        self.df_plot.getViewBox().sigRangeChangedManually.connect(lambda *_: self._view_timer.start())

        state.changed.connect(self.redraw)
        state.x_range_changed.connect(self._x_range_changed)
        self._x_range_changed(*state.x_range)
        self._colour_and_redraw()    # the plots were styled in the theme by style_plot

    def retranslate(self) -> None:
        """Legend names and the readout, in the language now installed."""
        self._legend_key = ()
        self.redraw()
        self.set_crosshair(self.crosshair_x)

    def apply_theme(self) -> None:
        """(Re)colour everything from the current theme, then redraw the curves."""
        for plot in (self.f_plot, self.df_plot):
            restyle_plot(plot)
        self._colour_and_redraw()

    def _colour_and_redraw(self) -> None:
        """The background, the zero lines and crosshair in the theme's colours; the curves
        drawn again in theirs."""
        c = theme.colours()
        self.graphics.setBackground(c.background)
        for line in self._zero_lines:
            line.setPen(pg.mkPen(c.muted, width=1))
        for line in self.v_lines:
            line.setPen(pg.mkPen(c.muted, width=1, style=Qt.PenStyle.DashLine))
        self._styles.clear()
        self._legend_key = ()
        self.redraw()

    # -- building blocks --------------------------------------------------------------------
    def _spin(self, value: float, tip: str) -> QDoubleSpinBox:
        s = QDoubleSpinBox()
        s.setRange(-X_LIMIT, X_LIMIT)
        s.setDecimals(3)
        s.setSingleStep(0.5)
        s.setValue(value)
        s.setKeyboardTracking(False)
        s.setToolTip(tip)
        s.setAccessibleName(tip)
        s.setMinimumWidth(90)
        return s

    @property
    def export_item(self):
        """The scene item holding both plots: what PNG/SVG export renders (full curves)."""
        self.settle()
        return self.graphics.ci

    # -- drawing ---------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the state's curves.  Only curves whose data changed get new data (the others
        keep their cached paths); during a drag (changes less than SETTLE_S apart) every curve
        is drawn fast, and :meth:`settle` draws the full antialiased curves when it stops."""
        curves = self.state.curves()
        wanted = {c.id for c in curves}
        for fid in list(self._items):
            if fid not in wanted:
                f_item, df_item = self._items.pop(fid)
                self._styles.pop(fid, None)
                self._full.pop(fid, None)
                self._fast.pop(fid, None)
                self.f_plot.removeItem(f_item)
                self.df_plot.removeItem(df_item)
        changed = []
        for c in curves:
            style = (c.colour, c.current)
            if c.id not in self._items:
                f_item = self.f_plot.plot(name=c.name)
                df_item = self.df_plot.plot()
                self._items[c.id] = (f_item, df_item)
            f_item, df_item = self._items[c.id]
            if self._styles.get(c.id) != style:
                pen = pg.mkPen(theme.line_colour(c.colour), width=3.0 if c.current else 2.0)
                for item in (f_item, df_item):
                    item.setPen(pen)
                    item.setZValue(10 if c.current else 5)
                self._styles[c.id] = style
            old = self._full.get(c.id)
            if old is None or not all(np.array_equal(a, b, equal_nan=True)
                                      for a, b in zip(old, (c.x, c.f, c.df))):
                self._full[c.id] = (c.x, c.f, c.df)
                changed.append(c.id)
        if changed:
            # A drag changes the data of the same functions again and again; choosing another
            # function (or overlay) is not one, and is drawn in full at once.
            now = time.monotonic()
            shown = tuple((c.id, c.current) for c in curves)
            dragging = now - self._last_change < SETTLE_S and shown == self._last_shown
            self._last_change = now
            self._last_shown = shown
            if dragging:
                # Every curve fast while the drag lasts: unchanged ones once, then their
                # cached paths are reused frame after frame.
                self._cache_axes(True)
                self._hold_y_ranges()
                for fid in self._items:
                    if fid in changed or not self._fast.get(fid):
                        self._draw(fid, fast=True)
                self._settle_timer.start()
            else:
                for fid in self._items:
                    if fid in changed or self._fast.get(fid):
                        self._draw(fid, fast=False)
                if self._settle_timer.isActive():
                    # A change after a pause ends the drag even if the event loop has not
                    # run the settle timer yet (a busy machine): fitted ranges, plain axes.
                    self.settle()
        # The legend follows the drawing order; rebuild it only when that changes.
        legend_key = tuple((c.id, c.name) for c in curves)
        if legend_key != self._legend_key:
            self.legend.clear()
            for c in curves:
                self.legend.addItem(self._items[c.id][0], c.name)
            self._legend_key = legend_key
        if self.crosshair_x is not None:
            self._update_readout(self.crosshair_x)

    def _draw(self, fid: str, fast: bool) -> None:
        x, f, df = self._full[fid]
        for item, y, plot in zip(self._items[fid], (f, df), (self.f_plot, self.df_plot)):
            if fast:
                vb = plot.getViewBox()
                sx, sy = vb.viewPixelSize()
                idx = decimate(x, y, 1.0 / sx if sx > 0 else math.nan, 1.0 / sy if sy > 0 else math.nan,
                               max(int(vb.width()), 2))
                xs, ys = x[idx], y[idx]
            else:
                xs, ys = x, y
            # connect="finite" breaks the line at inf/nan (typed functions) instead of failing
            item.setData(xs, ys, connect="finite", antialias=not fast)
        self._fast[fid] = fast

    def _hold_y_ranges(self) -> None:
        """During a drag, a y range that was automatic only grows (with room to spare), so
        most frames move curves, not axes: a range change re-ticks, re-labels and re-grids the
        axes, which costs as much as the curves.  :meth:`settle` fits it again."""
        for k, plot in enumerate((self.f_plot, self.df_plot)):
            vb = plot.getViewBox()
            held = self._drag_ranges.get(k)
            if held is None:
                if not vb.autoRangeEnabled()[1]:
                    continue                 # the user set this range: leave it
                held = tuple(vb.viewRange()[1])
            lo, hi = math.inf, -math.inf
            for data in self._full.values():
                y = data[1 + k]
                fin = y[np.isfinite(y)]
                if fin.size:
                    lo, hi = min(lo, float(fin.min())), max(hi, float(fin.max()))
            if lo > hi:
                self._drag_ranges[k] = held
                continue
            a, b = held
            if lo < a or hi > b:
                room = 0.25 * max(hi - lo, 1e-9)
                a = min(a, lo - room) if lo < a else a
                b = max(b, hi + room) if hi > b else b
                plot.setYRange(a, b, padding=0)
            elif k not in self._drag_ranges:
                vb.enableAutoRange(axis="y", enable=False)
            self._drag_ranges[k] = (a, b)

    def settle(self) -> None:
        """Draw every curve in full, antialiased (after a drag; before an export)."""
        self._settle_timer.stop()
        self._last_change = -math.inf
        for fid in self._items:
            if self._fast.get(fid):
                self._draw(fid, fast=False)
        for k in self._drag_ranges:
            (self.f_plot, self.df_plot)[k].enableAutoRange(axis="y")
        self._drag_ranges.clear()
        self._cache_axes(False)

    def _axes(self) -> list:
        return [plot.getAxis(side) for plot in (self.f_plot, self.df_plot) for side in ("left", "bottom")]

    def _cache_axes(self, on: bool) -> None:
        """While a drag lasts, the axes (ticks, labels and the grid they draw across the
        plot) are kept as pixmaps between range changes: a frame blits them instead of
        replaying every grid line and tick label, half of a frame's cost when only the curves
        move.  Settled, they are drawn directly again, so the settled picture (and every
        export) is exactly the one drawn without the fast path."""
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if on else QGraphicsItem.CacheMode.NoCache
        for axis in self._axes():
            if axis.cacheMode() != mode:
                axis.setCacheMode(mode)

    def axes_cached(self) -> bool:
        """True while the axes are drawn from pixmaps (a drag is going on)."""
        return any(a.cacheMode() != QGraphicsItem.CacheMode.NoCache for a in self._axes())

    def is_settled(self) -> bool:
        """True when every curve is drawn in full and antialiased."""
        return not any(self._fast.values())

    def curve_data(self, fid: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, f, f') of ``fid`` at full resolution, as the settled plot draws them."""
        return self._full[fid]

    def drawn_data(self, fid: str) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """What the plots hold right now for ``fid``: ((x, f), (x, f')), decimated while fast."""
        f_item, df_item = self._items[fid]
        return f_item.getOriginalDataset(), df_item.getOriginalDataset()

    def shown_ids(self) -> list[str]:
        return list(self._items)

    # -- x range ---------------------------------------------------------------------------
    def _x_range_changed(self, xmin: float, xmax: float) -> None:
        with QSignalBlocker(self.x_min), QSignalBlocker(self.x_max):
            self.x_min.setValue(xmin)
            self.x_max.setValue(xmax)
        self._syncing = True
        try:
            current = self.f_plot.getViewBox().viewRange()[0]
            if abs(current[0] - xmin) > 1e-9 * (xmax - xmin) or abs(current[1] - xmax) > 1e-9 * (xmax - xmin):
                self.f_plot.setXRange(xmin, xmax, padding=0)
        finally:
            self._syncing = False
        self.range_error.clear()

    def _range_edited(self) -> None:
        try:
            self.state.set_x_range(self.x_min.value(), self.x_max.value())
            self.range_error.clear()
            self.f_plot.enableAutoRange(axis="y")
            self.df_plot.enableAutoRange(axis="y")
        except ParamError as exc:
            self.range_error.setText(str(exc))

    def _apply_view_range(self) -> None:
        if self._syncing:
            return
        xmin, xmax = self.f_plot.getViewBox().viewRange()[0]
        xmin = max(-X_LIMIT, xmin)
        xmax = min(X_LIMIT, xmax)
        try:
            self.state.set_x_range(xmin, xmax)
        except ParamError as exc:
            self.range_error.setText(str(exc))

    def reset_view(self) -> None:
        self.state.set_x_range(*DEFAULT_RANGE)
        self.f_plot.setXRange(*DEFAULT_RANGE, padding=0)
        self.f_plot.enableAutoRange(axis="y")
        self.df_plot.enableAutoRange(axis="y")

    # -- crosshair -------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.Leave and obj is self.graphics.viewport():
            self._mouse_proxy.flush()          # a move still queued must not bring it back
            self.set_crosshair(None)
        return False

    def _mouse_moved(self, evt) -> None:
        pos = evt[0]
        for plot in (self.f_plot, self.df_plot):
            if plot.getViewBox().sceneBoundingRect().contains(pos):
                x = plot.getViewBox().mapSceneToView(pos).x()
                self.set_crosshair(x)
                return
        if self.crosshair_x is not None:
            self.set_crosshair(None)

    def set_crosshair(self, x: float | None) -> None:
        self.crosshair_x = x
        for line in self.v_lines:
            if x is None:
                line.hide()
            else:
                line.setPos(x)
                line.show()
        if x is None:
            self.readout.setText(self.tr("Move the mouse over a plot to read values."))
        else:
            self._update_readout(x)

    def _update_readout(self, x: float) -> None:
        # Each entry is kept on one line (white-space: nowrap): lines break between
        # functions, never inside "f′ = 1.1104".
        nowrap = "<span style='white-space:nowrap'>{}</span>"
        parts = [nowrap.format(f"<b>x = {_fmt(x)}</b>")]
        for _fid, name, colour, f, df in self.state.readout(x):
            parts.append(nowrap.format(
                f"<span style='color:{theme.line_colour(colour)}'>■</span> {html.escape(name)}: "
                f"f = {_fmt(f)}, f′ = {_fmt(df)}"))
        self.readout.setText(" &nbsp;&nbsp; ".join(parts))
