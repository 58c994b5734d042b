"""The depth tab: how the gradient and the activations change through a deep random network.

Controls on the left (a compact form bound to a :class:`~..model.depth_state.DepthState`),
plots on the right: the gradient RMS per layer on a log scale (simulation solid, mean-field
theory dashed, the product of the largest slopes (max|f'|)^(L-l) dotted grey, which bounds the
slopes' product, not the gradient), the activation RMS (log scale),
the activation mean as a fraction of the RMS (scale-free, so still readable when activations
explode: 0 = zero-centred; the CSV has the mean itself) and the fractions of dead and
saturated units.  A plain-language readout under the controls comes from the model
(:func:`~..model.depth_readout.readout_lines`: every figure and what it is about), and the
critical sigma_w.  The log
plots draw the model's log10 series on a decade axis (:class:`Log10Axis`), so 1e-300 and
1e+300 need no special care; zeros and undefined values break the line.

How it works
------------
* Every simulation runs once to :data:`MAX_VIEW_DEPTH` layers on a :class:`TaskRunner`; the
  depth slider only indexes it (``result.view(L)``), so moving it never starts work.
* A change of width, batch, init, sigma, seed, function or its parameters (re)starts the job.
  Changes are throttled (at most one start per :data:`THROTTLE_MS`, first change at once,
  the last one always runs after the quiet period): dragging a parameter slider in the
  Functions dock does not start 50 simulations a second, and a newer job cancels the older
  one (the runner drops its result).  Results are cached by config, so going back to earlier
  settings is instant.  While the panel is hidden, changes only mark it stale.
* Compare mode is the Functions dock's overlay checkboxes (``CurvesState.overlays``), as on
  the Curves tab: every ticked function is simulated with the same settings and seed - the
  model caches the random weights per (seed, width), so they all see the very same network -
  and drawn in its own colour.  The slope product is drawn for the current function only.
* The mean-field theory runs in the same job (for GELU it takes ~0.25 s, too slow for the GUI
  thread).  The critical sigma_w for the current sigma_b (the "edge of chaos") can take
  seconds (GELU ~12 s) and cannot be cancelled, so it runs on its own thread, one at a time,
  latest request wins, after the simulation, and is cached.
* Invalid settings (a seed that is not a number, custom init without sigma_w) show an inline
  message and the plots keep the last good result.

Speed of a depth-slider move (``tests/benchmarks/bench_depth_panel.py``): indexing and
``setData`` take ~1 ms; the repaint is the rest.  So the axes keep "nice" ranges while the
slider moves (x to 10, 12, 15, 20, 25, 30, 40 ... layers, y to whole decades with slack) and
are not re-ticked at every step, the grid is drawn opaque under the curves, curves are bare
``PlotCurveItem``s, only the current function's simulation is drawn wider than 1 px
(a wider pen goes through Qt's stroker, ~0.3 ms per curve), axes, titles and legends are
cached as pixmaps between range changes, and while the slider moves the readout text
follows at most every 100 ms (re-laying out the wrapped text costs as much as the plots).
"""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPen
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QGraphicsItem, QHBoxLayout, QLabel, QLineEdit,
    QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSlider, QSpinBox, QSplitter,
    QVBoxLayout, QWidget,
)

from ..model import catalogue
from ..model import depth as D
from ..model.catalogue import ParamError
from ..model.curves import CurvesState, colour_for
from ..model.depth_state import (
    BATCH_RANGE, MAX_VIEW_DEPTH, WIDTH_RANGE, DepthResult, DepthState, DepthView, ResultCache,
    compute, results_csv,
)
from ..model.fileio import OutputError
from .drag_quality import DragQuality
from . import panel_settings
from .i18n import function_name, tx
from .depth_inits import FunctionInits
from .panel_settings import ResetDefaultsButton
from .widgets import FloatSlider
from . import theme
from .layout_fit import fit_scroll_column
from .plotting import add_export_menu, fold_legend, restyle_plot, style_plot
from .workers import TaskRunner

THROTTLE_MS = 250
READOUT_INTERVAL_MS = 100
SIGMA_W_SLIDER = (0.05, 10.0)      # log scale
SIGMA_B_SLIDER = (0.0, 3.0)
NAIVE_COLOUR = "#707070"
NAIVE_COLOUR_DARK = "#9a9a9a"
FRAC_TOP = 1.2
FRAC_TOP_FOLDED = 1.5
LEFT_AXIS_WIDTH = 66
SIM_WIDTH, OVERLAY_WIDTH, THEORY_WIDTH = 2.0, 1.5, 1.0
NICE_LAYERS = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200)

_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _pow10(n: int) -> str:
    if n == 0:
        return "1"
    if n == 1:
        return "10"
    return "10" + str(n).translate(_SUP)


class _OpaqueGridAxis(pg.AxisItem):
    """An axis whose grid lines are drawn in the opaque grey they look like on white, not
    as translucent black: the same picture, without blending every grid pixel (the grid is
    most of what a depth-slider move repaints).  Give the axis a z below its view box, so
    the grid lies under the curves."""

    def generateDrawSpecs(self, p):  # noqa: N802 (pyqtgraph API)
        specs = super().generateDrawSpecs(p)
        if specs is None or self.grid is False:
            return specs
        axis_spec, tick_specs, text_specs = specs
        out = []
        for pen, p1, p2 in tick_specs:
            c = pen.color()
            if c.alpha() < 255:
                pen = QPen(pen)
                pen.setColor(theme.blend(c))     # over the theme's plot background
            out.append((pen, p1, p2))
        return axis_spec, out, text_specs


class Log10Axis(_OpaqueGridAxis):
    """A y axis for data given as log10 values: ticks at whole decades, labelled 10ⁿ.

    The data stay log10 (the model gives them so: finite even for 1e-1000), so nothing
    under- or overflows and zeros (-inf) simply break the line."""

    _STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_minor = False

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph API)
        if not (math.isfinite(minVal) and math.isfinite(maxVal)) or maxVal <= minVal:
            return []
        span = maxVal - minVal
        want = max(2.0, size / 42.0)
        step = next((s for s in self._STEPS if s >= span / want), self._STEPS[-1])
        first = math.ceil(minVal / step) * step
        majors = [float(v) for v in np.arange(first, maxVal + 1e-9, step)]
        self._label_minor = len(majors) < 2
        if not self._label_minor:
            return [(float(step), majors)]
        # Zoomed in to less than a decade: label 2×10ⁿ, 3×10ⁿ ... too, on the one level
        # drawn (the depth plots draw major ticks only: half the grid to paint).
        minors = [d + math.log10(m) for d in range(math.floor(minVal), math.ceil(maxVal) + 1)
                  for m in range(1, 10)]
        return [(0.1, sorted(v for v in set(minors) | set(majors) if minVal <= v <= maxVal))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        out = []
        for v in values:
            n = round(v)
            if abs(v - n) < 1e-6:
                out.append(_pow10(int(n)))
            elif self._label_minor:
                e = math.floor(v)
                out.append(f"{10 ** (v - e):.0f}×{_pow10(e)}" if e != 0 else f"{10 ** (v - e):.0f}")
            else:
                out.append("")
        return out


class LayerAxis(_OpaqueGridAxis):
    """An x axis of layer numbers: whole numbers only."""

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph API)
        out = []
        for spacing, values in super().tickValues(minVal, maxVal, size):
            if spacing >= 1:
                out.append((spacing, [v for v in values if float(v).is_integer()]))
        if not out and math.isfinite(minVal) and math.isfinite(maxVal):
            out = [(1.0, [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)])]
        return out


def _decades(lo: float, hi: float) -> tuple[float, float]:
    """A log10 range around [lo, hi] on whole decades (coarser for long spans), >= 2 wide."""
    span = max(hi - lo, 1e-9)
    step = 1.0 if span <= 12 else 2.0 if span <= 24 else 5.0 if span <= 60 else 10.0 if span <= 120 else 20.0
    a = math.floor(lo / step) * step
    b = math.ceil(hi / step) * step
    if b - a < 2.0:
        mid = 0.5 * (lo + hi)
        a, b = math.floor(mid - 1.0), math.floor(mid - 1.0) + 2.0
        if b < hi:
            a, b = a + 1.0, b + 1.0
    return a, b


def _nan_if_not_finite(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    return np.where(np.isfinite(a), a, np.nan)


def _set(item: pg.PlotCurveItem, x: np.ndarray, y: np.ndarray) -> None:
    """Plot ``y`` against ``x``; non-finite values break the line (an all-gap series is
    drawn as nothing rather than handed to pyqtgraph's range code)."""
    y = _nan_if_not_finite(y)
    if not np.isfinite(y).any():
        item.setData([], [])
    else:
        item.setData(x, y, connect="finite")


class _CriticalFinder(QObject):
    """Runs ``critical_sigma_w`` off the GUI thread, one at a time, the latest request winning.

    The model function cannot be cancelled and takes up to seconds, so requests are not run in
    parallel: while one runs, a newer request replaces any pending one."""

    found = Signal(object, object)     # key, value (float, None, or an Exception)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._pending = None
        self._running = False
        self._closed = False

    def request(self, key, fn) -> None:
        with self._lock:
            if self._closed:
                return
            if self._running:
                self._pending = (key, fn)
                return
            self._running = True
        threading.Thread(target=self._run, args=(key, fn), daemon=True,
                         name="act-explorer-critical-sigma").start()

    def busy(self) -> bool:
        with self._lock:
            return self._running

    def _run(self, key, fn) -> None:
        while True:
            try:
                value = fn()
            except Exception as exc:  # noqa: BLE001 -- shown as "could not be found"
                value = exc
            with self._lock:
                closed = self._closed
            if not closed:
                try:
                    self.found.emit(key, value)
                except RuntimeError:    # the panel is gone
                    closed = True
            with self._lock:
                if closed or self._closed or self._pending is None:
                    self._running = False
                    self._pending = None
                    return
                key, fn = self._pending
                self._pending = None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._pending = None


class DepthPanel(QWidget):
    """The depth tab (export protocol: ``export_item``, ``export_csv``, ``export_name``,
    ``shutdown``; ``wait_until_ready`` for screenshots)."""

    export_requested = Signal(str)
    result_shown = Signal()            # new results drawn (after a job or from the cache)
    title = "Depth"

    def __init__(self, curves_state: CurvesState, depth_state: DepthState | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = curves_state
        self.state = depth_state or DepthState()
        self.cache = ResultCache()
        self.runner = TaskRunner(self)
        self.submissions = 0               # jobs started (tests and benchmark read it)
        self._job: int | None = None
        self._wanted: list[tuple[str, D.DepthConfig]] = []
        self._shown: list[tuple[str, DepthResult]] = []     # what the plots draw
        self._views: list[tuple[str, DepthView]] = []
        self._error_text = ""
        self._error_kind = ""
        self._dirty = True
        self._closed = False
        self._last_start = -1e9
        self._crit: dict[tuple, object] = {}
        self._crit_wanted: tuple | None = None
        self._items: dict[str, dict[str, pg.PlotCurveItem]] = {}
        self._overflow_lines: dict[str, tuple[pg.InfiniteLine, pg.InfiniteLine]] = {}
        self._style_key: tuple = ()
        self._legend_corners: dict[str, str] = {}
        self._manual_ranges: set = set()       # plots the user zoomed or panned
        self._ranges: dict = {}
        self._title_key: tuple = ()

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(self.splitter)
        self.splitter.addWidget(self._build_controls())
        self.splitter.addWidget(self._build_plots())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([280, 900])

        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._start)
        self._readout_timer = QTimer(self, singleShot=True)
        self._readout_timer.timeout.connect(self._render_readout)
        self._readout_last = -1e9
        # Curves aliased while the depth slider moves, antialiased when it stops.
        self.drag_quality = DragQuality(self._all_curves, parent=self)
        self.runner.finished.connect(self._job_finished)
        self.runner.failed.connect(self._job_failed)
        self.runner.progress.connect(self._job_progress)
        self.runner.busy_changed.connect(self._busy)
        self.crit_finder = _CriticalFinder(self)
        self.crit_finder.found.connect(self._crit_found)

        self.state.depth_changed.connect(self._depth_changed)
        self.state.settings_changed.connect(self._sync_widgets)
        self.state.settings_changed.connect(self._schedule)
        self._curves_slots = (
            (self.curves.current_changed, self._function_changed),
            (self.curves.overlays_changed, self._function_changed),
            (self.curves.params_changed, self._params_changed),
            (self.curves.catalogue_changed, self._catalogue_changed),
        )
        for sig, slot in self._curves_slots:
            sig.connect(slot)
        self._sync_widgets()
        self._show_functions()
        self._render_readout()

    # -- building ---------------------------------------------------------------------------
    def _build_controls(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(250)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)

        self.functions_label = QLabel()
        self.functions_label.setTextFormat(Qt.TextFormat.RichText)
        self.functions_label.setWordWrap(True)
        self.functions_label.setAccessibleName(self.tr("Functions simulated"))
        lay.addWidget(self.functions_label)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(5)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        # depth L: slider + spin box
        self.depth_slider = QSlider(Qt.Orientation.Horizontal)
        self.depth_slider.setRange(1, MAX_VIEW_DEPTH)
        self.depth_slider.setTracking(True)
        self.depth_slider.setAccessibleName(self.tr("Depth (number of layers)"))
        self.depth_slider.setToolTip(self.tr(
            "Number of layers L. The network is simulated once, {n} layers deep; moving this "
            "slider shows its first L layers without recomputing.").format(n=MAX_VIEW_DEPTH))
        self.depth_spin = QSpinBox()
        self.depth_spin.setRange(1, MAX_VIEW_DEPTH)
        self.depth_spin.setAccessibleName(self.tr("Depth (number of layers)"))
        self.depth_slider.valueChanged.connect(self._depth_edited)
        self.depth_spin.valueChanged.connect(self._depth_edited)
        form.addRow(self._label(self.tr("Depth L"), self.depth_spin),
                    self._pair(self.depth_slider, self.depth_spin))

        self.width_spin = QSpinBox()
        self.width_spin.setRange(*WIDTH_RANGE)
        self.width_spin.setSingleStep(8)
        self.width_spin.setKeyboardTracking(False)
        self.width_spin.setAccessibleName(self.tr("Width (units per layer)"))
        self.width_spin.setToolTip(self.tr("Units per layer (the layers are square)."))
        self.width_spin.valueChanged.connect(lambda v: self._apply(width=v))
        form.addRow(self._label(self.tr("Width"), self.width_spin), self.width_spin)

        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(*BATCH_RANGE)
        self.batch_spin.setSingleStep(16)
        self.batch_spin.setKeyboardTracking(False)
        self.batch_spin.setAccessibleName(self.tr("Batch (inputs)"))
        self.batch_spin.setToolTip(self.tr(
            "Random inputs sent through the network; a unit is dead when f′ = 0 for all of them."))
        self.batch_spin.valueChanged.connect(lambda v: self._apply(batch=v))
        form.addRow(self._label(self.tr("Batch"), self.batch_spin), self.batch_spin)

        self.init_combo = QComboBox()
        self.init_labels = {
            "xavier": self.tr("Xavier / Glorot (σ_w² = 1)"),
            "he": self.tr("He / Kaiming (σ_w² = 2)"),
            "lecun": self.tr("LeCun (σ_w² = 1)"),
            "custom": self.tr("custom σ_w"),
        }
        for key in D.INITS:
            self.init_combo.addItem(self.init_labels[key], key)
        self.init_combo.setAccessibleName(self.tr("Weight initialisation"))
        self.init_combo.setToolTip(self.tr(
            "Weights W ~ N(0, σ_w²/fan_in). He uses 2/(1 + a²) for a leaky slope a."))
        self.init_combo.currentIndexChanged.connect(self._init_edited)
        form.addRow(self._label(self.tr("Init"), self.init_combo), self.init_combo)
        self.function_inits = FunctionInits(self.curves, self.state)
        form.addRow(self.function_inits)

        self.sw_slider = FloatSlider(Qt.Orientation.Horizontal)
        self.sw_slider.setRange(math.log10(SIGMA_W_SLIDER[0]), math.log10(SIGMA_W_SLIDER[1]))
        self.sw_slider.setAccessibleName(self.tr("Weight scale σ_w (log scale)"))
        self.sw_slider.setToolTip(self.tr("Weight scale σ_w; moving it switches to the custom init."))
        self.sw_spin = QDoubleSpinBox()
        self.sw_spin.setRange(0.01, D.SIGMA_MAX)
        self.sw_spin.setDecimals(3)
        self.sw_spin.setSingleStep(0.05)
        self.sw_spin.setKeyboardTracking(False)
        self.sw_spin.setAccessibleName(self.tr("Weight scale σ_w"))
        self.sw_spin.setToolTip(self.tr("Weight scale σ_w; changing it switches to the custom init."))
        self.sw_slider.valueChanged.connect(lambda v: self._sigma_w_edited(10.0 ** v))
        self.sw_spin.valueChanged.connect(self._sigma_w_edited)
        form.addRow(self._label(self.tr("σ_w"), self.sw_spin), self._pair(self.sw_slider, self.sw_spin))

        self.sb_slider = FloatSlider(Qt.Orientation.Horizontal)
        self.sb_slider.setRange(*SIGMA_B_SLIDER)
        self.sb_slider.setAccessibleName(self.tr("Bias scale σ_b"))
        self.sb_slider.setToolTip(self.tr("Biases b ~ N(0, σ_b²)."))
        self.sb_spin = QDoubleSpinBox()
        self.sb_spin.setRange(0.0, D.SIGMA_MAX)
        self.sb_spin.setDecimals(3)
        self.sb_spin.setSingleStep(0.05)
        self.sb_spin.setKeyboardTracking(False)
        self.sb_spin.setAccessibleName(self.tr("Bias scale σ_b"))
        self.sb_slider.valueChanged.connect(lambda v: self._apply(sigma_b=round(v, 4)))
        self.sb_spin.valueChanged.connect(lambda v: self._apply(sigma_b=v))
        form.addRow(self._label(self.tr("σ_b"), self.sb_spin), self._pair(self.sb_slider, self.sb_spin))

        self.seed_edit = QLineEdit()
        self.seed_edit.setAccessibleName(self.tr("Random seed"))
        self.seed_edit.setToolTip(self.tr(
            "The same seed gives the same random weights and inputs, for every function."))
        self.seed_edit.editingFinished.connect(self._seed_edited)
        self.reroll_button = QPushButton(self.tr("Re-roll"))
        self.reroll_button.setToolTip(self.tr("Draw a new random network (a new seed)"))
        self.reroll_button.setAccessibleName(self.tr("New random seed"))
        self.reroll_button.clicked.connect(lambda: self.state.reroll())
        seed_row = QWidget()
        sl = QHBoxLayout(seed_row)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.seed_edit, 1)
        sl.addWidget(self.reroll_button)
        form.addRow(self._label(self.tr("Seed"), self.seed_edit), seed_row)
        lay.addLayout(form)

        self.error = QLabel()
        theme.style_error_label(self.error)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem with the settings"))
        self.error.hide()
        lay.addWidget(self.error)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat(self.tr("Simulating… %p%"))
        self.progress.setAccessibleName(self.tr("Simulation progress"))
        self.progress.hide()
        lay.addWidget(self.progress)

        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAccessibleName(self.tr("What the plots show"))
        self.readout.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        lay.addWidget(self.readout)

        crit_row = QHBoxLayout()
        self.critical_label = QLabel()
        self.critical_label.setWordWrap(True)
        self.critical_label.setTextFormat(Qt.TextFormat.RichText)
        self.critical_label.setAccessibleName(self.tr("Critical weight scale"))
        self.critical_button = QPushButton(self.tr("Use"))
        self.critical_button.setToolTip(self.tr("Set σ_w to the critical value (custom init)"))
        self.critical_button.setAccessibleName(self.tr("Use the critical σ_w"))
        self.critical_button.setEnabled(False)
        self.critical_button.clicked.connect(self._use_critical)
        crit_row.addWidget(self.critical_label, 1)
        crit_row.addWidget(self.critical_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(crit_row)

        note = QLabel()
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        self._note, self._note_html = note, self._note_text()
        self._colour_note()
        lay.addWidget(note)
        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        lay.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        fit_scroll_column(scroll)
        return scroll

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        lab = QLabel(text)
        lab.setBuddy(buddy)
        return lab

    @staticmethod
    def _pair(slider: QWidget, spin: QWidget) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(6)
        slider.setMinimumWidth(70)
        spin.setMinimumWidth(72)
        h.addWidget(slider, 1)
        h.addWidget(spin)
        return w

    def _build_plots(self) -> QWidget:
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.graphics.setMinimumWidth(360)
        self.graphics.setAccessibleName(self.tr("Depth plots"))
        ci = self.graphics.ci
        ci.setContentsMargins(4, 4, 12, 4)
        ci.setSpacing(6)

        def plot(row, col, colspan, log_y):
            axes = {"bottom": LayerAxis("bottom"),
                    "left": Log10Axis("left") if log_y else _OpaqueGridAxis("left")}
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
                # opaque grid of _OpaqueGridAxis must not cross the lines.
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

    def _note_text(self) -> str:
        return self.tr(
            "<span style='color:#555'>Solid lines: one random network (Monte Carlo). Dashed: "
            "the mean-field theory. Dotted grey: the product of the largest slopes, "
            "(max|f′|)<sup>L−l</sup>: it bounds the product of the slopes f′ only, not the "
            "gradient, which also passes through the weights. Tick functions in the Functions "
            "list to compare them on the same random network.</span>")

    def _colour_note(self) -> None:
        # the grey of the note as the theme has it (the text says #555, dark on dark grey)
        self._note.setText(self._note_html.replace("color:#555", f"color:{theme.colours().note_text}"))

    def retranslate(self) -> None:
        """Texts composed with numbers or names, in the language now installed."""
        self._note_html = self._note_text()
        self._colour_note()
        self._show_functions()
        self._title_key = ()
        self._render_title()
        self._render_readout()
        self._place_legend()

    def apply_theme(self) -> None:
        """Recolour every plot item and text from the current theme."""
        self._colour_note()
        self._theme_plots()
        self._style_key = ()
        self._restyle()
        self._show_functions()
        self._title_key = ()
        self._render_title()
        self._render_readout()

    # -- export protocol --------------------------------------------------------------------
    @property
    def export_item(self):
        return self.graphics.ci

    def export_csv(self) -> str:
        if not self._views:
            raise OutputError("the depth simulation has not finished yet")
        cur = self.curves.current
        ordered = sorted(self._views, key=lambda fv: fv[0] != cur)
        return results_csv(ordered)

    def export_name(self) -> str:
        fids = [fid for fid, _ in self._shown] or [self.curves.current]
        cur = self.curves.current
        fids = sorted(fids, key=lambda f: f != cur)
        return self.state.export_name(fids)

    # sessions and lessons -------------------------------------------------------------
    def session_sections(self) -> dict:
        return {"depth": self.state}

    @staticmethod
    def fresh_sections() -> dict:
        return {"depth": DepthState}

    def show_me(self, spec: dict) -> None:
        """A lesson's set-up: the function (and functions to compare), init and depth."""
        curves = self.curves
        if "compare" in spec:
            curves.set_overlays(spec["compare"])
        if "function" in spec:
            curves.select(spec["function"])
        values = {k: spec[k] for k in ("init", "depth") if k in spec}
        # A lesson's own inits per function, and none left over from before.
        values["inits"] = dict(spec.get("inits", {}))
        self.state.update(**values)

    def shutdown(self) -> None:
        """Stop the worker (waits at most 1 s) and drop pending work; the panel stays drawn."""
        self._closed = True
        self._timer.stop()
        self.crit_finder.close()
        for sig, slot in self._curves_slots:
            try:
                sig.disconnect(slot)
            except (TypeError, ValueError, RuntimeError):
                pass
        self.runner.shutdown(1.0)
        self._job = None

    def is_ready(self) -> bool:
        """Results for the current settings drawn (or an error shown), nothing pending."""
        if self._job is not None or self._timer.isActive() or (self._dirty and self.isVisible()):
            return False
        if self._readout_timer.isActive():
            return False
        if self._crit_wanted is not None and self._crit_wanted not in self._crit:
            return False
        return True

    def wait_until_ready(self, timeout: float = 30.0) -> bool:
        """Process events until :meth:`is_ready` (screenshots call this); True if it is."""
        app = QCoreApplication.instance()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app.processEvents()
            if self.is_ready():
                for _ in range(3):
                    app.processEvents()
                return True
            time.sleep(0.01)
        return False

    # -- reading the results (tests, benchmark) ---------------------------------------------
    def views(self) -> list[tuple[str, DepthView]]:
        """(function id, view at the current depth) of every function drawn."""
        return list(self._views)

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

    # -- settings from the widgets ----------------------------------------------------------
    def _apply(self, **values) -> None:
        """Write to the state; a rejected value is reported inline (the state, and so the
        plots, keep the last good settings)."""
        try:
            self.state.update(**values)
        except (D.DepthError, ParamError) as exc:
            self._show_error(self._problem_text(str(exc)), "input")
            return
        if self._error_kind == "input":
            self._show_error("")

    def _depth_edited(self, value: int) -> None:
        self._apply(depth=int(value))

    def _init_edited(self, _index: int) -> None:
        init = self.init_combo.currentData()
        if init == "custom" and self.state.sigma_w is None:
            # Start from the sigma_w the previous preset gave the current function.
            fid = self.curves.current
            sw = self.state.preset_sigma_w(fid, self.curves.params(fid))
            self._apply(init="custom", sigma_w=round(sw, 3))
        else:
            self._apply(init=init)

    def _sigma_w_edited(self, value: float) -> None:
        self._apply(init="custom", sigma_w=round(float(value), 4))

    def _seed_edited(self) -> None:
        text = self.seed_edit.text().strip()
        if text == str(self.state.seed):
            return
        self._apply(seed=text)

    def _use_critical(self) -> None:
        value = self._crit.get(self._crit_wanted) if self._crit_wanted else None
        if isinstance(value, float):
            self._apply(init="custom", sigma_w=round(value, 4))

    def _sync_widgets(self) -> None:
        st = self.state
        fid = self.curves.current
        try:
            sw = st.preset_sigma_w(fid, self.curves.params(fid))
        except (D.DepthError, ParamError, KeyError):
            sw = float("nan")
        widgets = (self.depth_slider, self.depth_spin, self.width_spin, self.batch_spin,
                   self.init_combo, self.sw_slider, self.sw_spin, self.sb_slider, self.sb_spin)
        blockers = [QSignalBlocker(w) for w in widgets]
        try:
            self.depth_slider.setValue(st.depth)
            self.depth_spin.setValue(st.depth)
            self.width_spin.setValue(st.width)
            self.batch_spin.setValue(st.batch)
            self.init_combo.setCurrentIndex(self.init_combo.findData(st.init))
            if math.isfinite(sw):
                self.sw_spin.setValue(sw)
                self.sw_slider.setValue(math.log10(min(max(sw, SIGMA_W_SLIDER[0]), SIGMA_W_SLIDER[1])))
                self.sw_spin.setSpecialValueText("")
            else:
                self.sw_spin.setSpecialValueText(self.tr("type σ_w"))
                self.sw_spin.setValue(self.sw_spin.minimum())
            self.sb_spin.setValue(st.sigma_b)
            self.sb_slider.setValue(min(st.sigma_b, SIGMA_B_SLIDER[1]))
        finally:
            del blockers
        if not self.seed_edit.hasFocus() or self.seed_edit.text().strip() == str(st.seed):
            self.seed_edit.setText(str(st.seed))
        self.function_inits.sync()
        preset = st.init != "custom"
        tip = (self.tr("σ_w given by the {init} preset for this function; changing it switches "
                       "to the custom init.").format(init=self.init_labels[st.init])
               if preset else self.tr("Weight scale σ_w (custom init)."))
        self.sw_spin.setToolTip(tip)

    # -- scheduling -------------------------------------------------------------------------
    def _function_changed(self, *_args) -> None:
        self._show_functions()
        self._sync_widgets()
        self._schedule()

    def _params_changed(self, fid: str) -> None:
        if fid in self.curves.shown():
            if fid == self.curves.current:
                self._sync_widgets()       # He's sigma_w follows a leaky slope
            self._schedule()

    def _catalogue_changed(self) -> None:
        self.cache.forget_typed()
        self._crit = {k: v for k, v in self._crit.items() if k[0] in catalogue.CATALOGUE
                      and catalogue.get(k[0]).family != "custom"}
        self._function_changed()

    def _schedule(self) -> None:
        """Start the computation now, or at the end of the throttle interval."""
        if self._closed:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = True
        if self._timer.isActive():
            return
        elapsed = (time.monotonic() - self._last_start) * 1000.0
        if elapsed >= THROTTLE_MS:
            self._start()
        else:
            self._timer.start(max(1, int(THROTTLE_MS - elapsed)))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if self._dirty and not self._closed:
            QTimer.singleShot(0, self._schedule)

    def _start(self) -> None:
        if self._closed:
            return
        self._dirty = False
        self._last_start = time.monotonic()
        problem = self.state.problem()
        if problem:
            self._abandon_job()
            self._show_error(self._problem_text(problem))
            return
        try:
            wanted = [(fid, self.state.config(fid, self.curves.params(fid)))
                      for fid in self.curves.shown()]
        except (D.DepthError, ParamError, KeyError) as exc:
            self._abandon_job()
            self._show_error(self._problem_text(str(exc)))
            return
        if self._error_kind != "input":
            self._show_error("")
        self._wanted = wanted
        self.cache.size = max(self.cache.size, 2 * len(wanted))
        missing = self.cache.missing(cfg for _, cfg in wanted)
        if not missing:
            self._abandon_job()
            self._present()
            return
        self._job = self.runner.submit(compute, missing)
        self.submissions += 1

    def _abandon_job(self) -> None:
        if self._job is not None:
            self.runner.cancel()
            self._job = None

    def _problem_text(self, msg: str) -> str:
        msg = msg[:1].upper() + msg[1:]
        if not msg.endswith("."):
            msg += "."
        if self._shown:
            msg += " " + self.tr("The plots still show the last valid settings.")
        return msg

    # -- worker results -----------------------------------------------------------------------
    def _job_finished(self, ident: int, results) -> None:
        if ident != self._job or self._closed:
            return                        # superseded (the runner also drops those)
        self._job = None
        for r in results:
            self.cache.put(r)
        self._present()

    def _job_failed(self, ident: int, message: str) -> None:
        if ident != self._job:
            return
        self._job = None
        self._show_error(self._problem_text(self.tr("The simulation failed: {msg}").format(msg=message)))

    def _job_progress(self, ident: int, fraction: float) -> None:
        if ident == self._job:
            self.progress.setValue(int(round(fraction * 1000)))

    def _busy(self, busy: bool) -> None:
        if busy:
            self.progress.setValue(0)
        self.progress.setVisible(busy)

    def _present(self) -> None:
        shown = []
        for fid, cfg in self._wanted:
            r = self.cache.get(cfg)
            if r is None:                 # evicted meanwhile: compute again
                self._dirty = True
                self._schedule()
                return
            shown.append((fid, r))
        self._shown = shown
        self._show_functions()
        self._restyle()
        self._redraw()
        self._request_critical()
        self.result_shown.emit()

    # -- drawing ------------------------------------------------------------------------------
    def _colours(self) -> dict[str, str]:
        """Distinct colours of the functions shown (as drawn on this theme)."""
        cmap = self.curves.colour_map(transform=theme.line_colour)
        return {fid: theme.line_colour(c) for fid, c in cmap.items()}

    def _show_functions(self) -> None:
        cur = self.curves.current
        others = [f for f in self.curves.shown() if f != cur]

        cmap = self._colours()

        def chip(fid):
            return (f"<span style='color:{cmap.get(fid, colour_for(fid))}'>■</span>&nbsp;"
                    f"{function_name(catalogue.get(fid))}")

        text = self.tr("<b>Function:</b> {f}").format(f=chip(cur))
        if others:
            text += "<br>" + self.tr("compared with {list}").format(list=", ".join(chip(f) for f in others))
        self.functions_label.setText(text)

    def _restyle(self) -> None:
        """Create, remove and style plot items when the set of functions changes."""
        cur = self.curves.current
        inits = {fid: r.config.init for fid, r in self._shown}
        key = tuple((fid, fid == cur, inits[fid]) for fid, _ in self._shown)
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
                    name: self._curve(self._plot_for(name))
                    for name in ("grad_sim", "grad_theory", "act_sim", "act_theory", "mean_sim",
                                 "mean_theory", "dead_sim", "sat_sim", "sat_theory")
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
        self.legend.addItem(self.naive_item, self.tr("product of max slopes (max|f′|)^(L−l)"))
        self._style_key = key

    def _plot_for(self, name: str) -> pg.PlotItem:
        return {"grad": self.grad_plot, "act": self.act_plot, "mean": self.mean_plot,
                "dead": self.frac_plot, "sat": self.frac_plot}[name.split("_")[0]]

    @staticmethod
    def _curve(plot: pg.PlotItem) -> pg.PlotCurveItem:
        """A bare curve item: its setData costs a third of a PlotDataItem's (no symbols,
        no downsampling layer), which is most of a depth-slider move's own work."""
        item = pg.PlotCurveItem()
        plot.addItem(item)
        return item

    def _all_curves(self) -> list:
        return [self.naive_item, *(item for items in self._items.values() for item in items.values())]

    def _depth_changed(self, depth: int) -> None:
        with QSignalBlocker(self.depth_slider), QSignalBlocker(self.depth_spin):
            self.depth_slider.setValue(depth)
            self.depth_spin.setValue(depth)
        self._redraw(sliding=True)

    def _redraw(self, sliding: bool = False) -> None:
        """Draw the views at the current depth: slices of the stored results, no computing.
        ``sliding``: a depth change, after which the readout text follows at most every
        :data:`READOUT_INTERVAL_MS` (re-laying out the wrapped text costs ~3 ms, as much as
        the plots; nobody reads text changing 60 times a second; the last value always
        shows)."""
        L = self.state.depth
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
            if fid == cur:
                _set(self.naive_item, x, s.log10_slope_product)
        self._views = views
        self._fit_ranges()
        self._place_legend()
        self._render_title()
        if sliding:
            self.drag_quality.moved()
            self._readout_soon()
        else:
            self._render_readout()

    def _readout_soon(self) -> None:
        if self._readout_timer.isActive():
            return
        wait = READOUT_INTERVAL_MS - (time.monotonic() - self._readout_last) * 1000.0
        if wait <= 0:
            self._render_readout()
        else:
            self._readout_timer.start(int(wait) + 1)

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
            new = _decades(lo, hi)
            if old is not None:
                if old[0] <= lo and hi <= old[1]:
                    if (new[1] - new[0]) >= 0.45 * (old[1] - old[0]):
                        continue              # still fits and is not far too big: keep it
                else:                         # outgrown: leave room on that side
                    room = 0.3 * max(hi - lo, 2.0)
                    new = _decades(lo - room if lo < old[0] else lo,
                                   hi + room if hi > old[1] else hi)
            p.setYRange(*new, padding=0.06)
            self._ranges[(p, "y")] = new

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

    def _current_view(self) -> tuple[str, DepthView] | None:
        cur = self.curves.current
        return next(((f, v) for f, v in self._views if f == cur), None)

    def _render_title(self) -> None:
        fv = self._current_view()
        if fv is None:
            key = ()
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

    def _sentence(self, view: DepthView) -> str:
        return self._translated(view, view.readout())

    def _translated(self, view: DepthView, r) -> str:
        """A model sentence in the interface language, with the same figures."""
        values = dict(r.values)
        if "function" in values:
            values["function"] = function_name(view.sim.config.activation)
        if "init" in values:
            values["init"] = self._init_label(view.sim.config)
        text = tx("depth", r.template).format(**values)
        return text[:1].upper() + text[1:]

    def _render_readout(self) -> None:
        self._readout_timer.stop()
        self._readout_last = time.monotonic()
        fv = self._current_view()
        if fv is None:
            self.readout.setText(self.tr("<i>Simulating the random network…</i>") if not self._error_text else "")
            self._render_critical()
            return
        fid, v = fv
        lines = [f"<p style='margin-top:0'>{_html(self._translated(v, r))}</p>"
                 for r in v.readout_lines()]
        if v.sim.overflow_layer is not None:
            lines.append("<p style='color:{c}'>{t}</p>".format(
                c=theme.colours().error,
                t=self.tr("⚠ The activations overflow at layer {n}: the weights are too large "
                          "for this function.").format(n=v.sim.overflow_layer)))
        others = [(f, w) for f, w in self._views if f != fid]
        if others:
            rows = []
            for f, w in others:
                wfp = w.fixed_point
                rows.append(self.tr(
                    "<span style='color:{col}'>■</span> {name}: gradient RMS at layer 1 = {ratio} × "
                    "the last layer's (theory {tratio}); χ* = {chi}, {regime}").format(
                    col=self._colours().get(f, colour_for(f)), name=_html(function_name(catalogue.get(f))),
                    ratio=D.format_ratio(log10=w.sim.log10_first_to_last),
                    tratio=D.format_ratio(log10=w.theory.log10_first_to_last),
                    chi=_num(wfp.chi_star), regime=self._regime_word(wfp.regime)))
            lines.append("<p>" + "<br>".join(rows) + "</p>")
        self.readout.setText("".join(lines))
        self._render_critical()

    # -- the edge of chaos ----------------------------------------------------------------------
    def _crit_key(self) -> tuple | None:
        fid = self.curves.current
        try:
            params = catalogue.get(fid).resolve(self.curves.params(fid))
        except (ParamError, KeyError):
            return None
        return (fid, tuple(sorted(params.items())), float(self.state.sigma_b))

    def _request_critical(self) -> None:
        key = self._crit_key()
        self._crit_wanted = key
        if key is None or key in self._crit:
            self._render_critical()
            return
        fid, params, sb = key
        self.crit_finder.request(key, lambda: D.critical_sigma_w(fid, dict(params), sigma_b=sb))
        self._render_critical()

    def _crit_found(self, key, value) -> None:
        if self._closed:
            return
        self._crit[key] = value
        if len(self._crit) > 256:
            self._crit.pop(next(iter(self._crit)))
        self._render_critical()

    def _render_critical(self) -> None:
        key = self._crit_wanted
        if key is None or not self._views:
            self.critical_label.setText("")
            self.critical_button.setEnabled(False)
            self.critical_button.setVisible(False)
            return
        sb = f"{key[2]:g}"
        value = self._crit.get(key, "pending")
        self.critical_button.setVisible(isinstance(value, float) or value == "pending")
        if isinstance(value, float):
            text = self.tr("<b>Edge of chaos</b> (χ* = 1) for σ_b = {sb}: σ_w ≈ {sw}").format(
                sb=sb, sw=f"{value:.4g}")
            self.critical_button.setEnabled(True)
        elif value == "pending":
            text = self.tr("<b>Edge of chaos</b> (χ* = 1) for σ_b = {sb}: finding σ_w…").format(sb=sb)
            self.critical_button.setEnabled(False)
        elif value is None:
            text = self.tr("<b>Edge of chaos:</b> no σ_w between 0.1 and {hi} makes χ* = 1 for "
                           "σ_b = {sb}.").format(hi=f"{D.SIGMA_MAX:g}", sb=sb)
            self.critical_button.setEnabled(False)
        else:
            text = self.tr("<b>Edge of chaos:</b> the critical σ_w could not be found.")
            self.critical_button.setEnabled(False)
        self.critical_label.setText(text)

    # -- messages -------------------------------------------------------------------------------
    def _show_error(self, text: str, kind: str = "settings") -> None:
        """One inline message: ``kind`` 'input' (a value the state refused; cleared by the
        next accepted edit) or 'settings' (the state cannot be simulated, or the job failed;
        decided again at every start)."""
        self._error_kind = kind if text else ""
        if text == self._error_text:
            return
        self._error_text = text
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text and hasattr(self, "readout") and self._current_view() is None:
            self.readout.setText("")      # not "Simulating…": nothing will be simulated


def _num(v: float) -> str:
    if v != v:
        return "?"
    if math.isinf(v):
        return "∞"
    if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-3):
        return f"{v:.2e}"
    return f"{v:.3g}"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
