"""The training tab: train a small network on 2-D data and watch loss, accuracy, dead units
and the decision boundary change, live.

Controls on the left (compact groups bound to a :class:`~..model.training_state.TrainingState`),
plots on the right: the decision boundary as a heat map of P(class 1) under the data points
(TensorFlow Playground's orange/blue; with more than two classes, the predicted class), and
beside it the loss (log scale), the accuracy and the dead units per layer, per epoch.

How it works
------------
* Training runs on a worker thread (:class:`~.workers.TaskRunner` running the model's plain
  function :func:`~..model.training_state.train_runs`); the GUI thread never trains.
* A :class:`QTimer` at :data:`FRAME_MS` (30 fps) reads ``Trainer.snapshot()`` (a consistent
  copy, taken under the trainer's lock) and updates the plots from it: new history records are
  appended to per-run arrays, so a frame costs the same at epoch 10 and at epoch 10 000.
* The decision grid (:func:`~..model.network.decision_grid` on the snapshot's network copy)
  is computed on its own thread, latest request wins: a slow typed function never stalls the
  GUI, and the boundary refreshes as fast as it can be computed (up to the frame rate).
* Any change of the data or of the network (:data:`~..model.training_state.RESET_FIELDS`, the
  followed function, a parameter of a function in use) starts again from epoch 0 (and keeps
  training if it was); the learning rate and L2 apply to the running network at once; the
  speed and the epoch budget to what happens next.
* Divergence stops the run with the model's message (naming the epoch) shown inline; the
  model restores the last finite epoch, and that is what stays on screen.
* Compare mode trains 2-4 functions in lockstep (same data, same seed and so the same initial
  weights for the same shapes); their losses, accuracies and dead counts share the plots, in
  each function's colour, and the boundary is that of the function picked under "Boundary".

For the network diagram (embedding)
-----------------------------------
* :attr:`TrainingPanel.network_host` is a page beside the plots (the "Network" tab of the
  right-hand side) that :meth:`TrainingPanel.set_network_view` fills.
* :attr:`TrainingPanel.frame` (``Signal(object)``) carries the :class:`~..model.training.Snapshot`
  of the run whose boundary is shown, on the GUI thread, once per frame in which it changed
  (and after a reset or a step); :attr:`TrainingPanel.last_snapshot` keeps it, and
  :meth:`TrainingPanel.grid_bounds` gives the ``(xlim, ylim)`` the boundary uses.
  :attr:`TrainingPanel.runs_reset` fires after the networks were rebuilt (epoch 0).

Export: PNG/SVG of all plots (``export_item``); CSV = the run's history, one row per epoch
from 1, exactly the ``act-explorer train`` columns (``epoch,loss,train_acc,test_acc,dead,
saturated,dead_1..dead_L``); in compare mode one column block per function
(:func:`~..model.training_state.runs_csv`: ``epoch,relu_loss,...,tanh_loss,...``).
"""

from __future__ import annotations

import html
import math
import threading
import time
from collections import deque
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (
    QTabWidget,
    QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QSpinBox,
    QSplitter, QVBoxLayout, QWidget,
)

from ..model import catalogue
from ..model.catalogue import ParamError
from ..model import colours
from ..model.curves import CurvesState, colour_for
from ..model.datasets import GENERATORS, MAX_CLASSES, MAX_POINTS, MIN_POINTS, MULTICLASS, DataError, load_csv
from ..model.fileio import OutputError
from ..model.network import INITS, MAX_HIDDEN_LAYERS, NetworkError, decision_grid
from ..model.training import (
    L2_MAX, LR_MAX, LR_MIN, MAX_BATCH, OPTIMIZERS, Snapshot, Trainer, TrainingError, history_csv,
)
from ..model.training_state import (
    CSV, FOLLOW, MAX_COMPARE, MAX_EPOCHS, NOISE_MAX, PRESETS, RESET_FIELDS, SEED_MAX, SPEEDS,
    TEST_FRACTION_MAX, Run, TrainingState, TrainingStateError, runs_csv, train_runs,
)
from ..model.lesson_setup import apply_lesson, divergence_causes
from . import panel_settings, theme
from .i18n import function_name, tx
from .layout_fit import fit_scroll_column
from .lesson_notes import changes_html, divergence_text
from .panel_settings import ResetDefaultsButton
from .plotting import add_export_menu, restyle_plot, style_plot
from .workers import TaskRunner

FRAME_MS = 33                      # ~30 frames per second ...
MAX_FRAME_MS = 200                 # ... slower only when a frame costs more than half of that
FRAME_BUSY_FACTOR = 2.0            # frame interval >= this x (update + paint time)
STATUS_S = 0.15                    # the status text is refreshed at most this often while running
GRID_N = 80                        # decision grid points per side
GRID_BUSY_FACTOR = 3.0             # while training, grid requests >= this x the last grid's time apart
# TensorFlow Playground's colours: class 0 orange, class 1 blue, white in between.
ORANGE = "#f59322"
BLUE = "#0877bd"
CLASS_COLOURS = (ORANGE, BLUE, "#009E73", "#CC79A7", "#882255", "#56B4E9", "#E69F00", "#332288",
                 "#8C6D31", "#E15759", "#76B7B2", "#59A14F", "#B07AA1", "#9C755F", "#666666",
                 "#1B9E77")
LAYER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
                 "#000000")
BACKGROUND_LIGHTEN = 0.35          # the heat map is this much lighter than the points
LEFT_AXIS_WIDTH = 48
_NICE_EPOCHS = tuple(m * 10 ** k for k in range(0, 6) for m in (1, 2, 5) if m * 10 ** k >= 5)

_ERRORS = (TrainingStateError, TrainingError, DataError, NetworkError, ParamError,
           catalogue.UnknownActivation)


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def _lighten(rgb: np.ndarray, amount: float) -> np.ndarray:
    return rgb + (255.0 - rgb) * amount


def probability_lut(n: int = 256) -> np.ndarray:
    """(n, 3) uint8: P(class 1) from 0 (orange) through white-grey to 1 (blue), lightened."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    lo, mid, hi = _rgb(ORANGE), np.array([232.0, 234.0, 235.0]), _rgb(BLUE)
    lo, hi = _lighten(lo, BACKGROUND_LIGHTEN), _lighten(hi, BACKGROUND_LIGHTEN)
    left = lo + (mid - lo) * (t / 0.5)
    right = mid + (hi - mid) * ((t - 0.5) / 0.5)
    out = np.where(t < 0.5, left, right)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def class_lut(k: int) -> np.ndarray:
    cols = [_lighten(_rgb(CLASS_COLOURS[i % len(CLASS_COLOURS)]), 0.55) for i in range(k)]
    return np.clip(np.round(np.array(cols)), 0, 255).astype(np.uint8)


_PROB_LUT = probability_lut()
_NAN_RGB = np.array([200, 200, 200], dtype=np.uint8)


def grid_image(values: np.ndarray, kind: str, n_classes: int) -> np.ndarray:
    """The (n, n, 3) uint8 picture of a decision grid (row 0 = the lowest y)."""
    if kind == "probability":
        v = np.asarray(values, dtype=np.float64)
        ok = np.isfinite(v)
        idx = np.zeros(v.shape, dtype=np.int64)
        idx[ok] = np.clip(np.round(v[ok] * (len(_PROB_LUT) - 1)), 0, len(_PROB_LUT) - 1).astype(np.int64)
        img = _PROB_LUT[idx]
        img[~ok] = _NAN_RGB
        return img
    lut = class_lut(n_classes)
    return lut[np.clip(np.asarray(values, dtype=np.int64), 0, n_classes - 1)]


# ---- the decision grid, off the GUI thread ----------------------------------------------------

@dataclass(frozen=True, eq=False)
class GridResult:
    tag: tuple
    values: np.ndarray
    kind: str
    n_classes: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    seconds: float


class _GridWorker(QObject):
    """Computes decision grids on one thread; a newer request replaces a pending one."""

    ready = Signal(object)          # GridResult

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cond = threading.Condition()
        self._pending = None
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def request(self, tag, network, xlim, ylim, n: int = GRID_N) -> None:
        with self._cond:
            if self._closed:
                return
            self._pending = (tag, network, xlim, ylim, n)
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, daemon=True,
                                                name="act-explorer-decision-grid")
                self._thread.start()
            self._cond.notify()

    def idle(self) -> bool:
        with self._cond:
            return not self._busy and self._pending is None

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                tag, net, xlim, ylim, n = self._pending
                self._pending = None
                self._busy = True
            try:
                t0 = time.perf_counter()
                kind = "probability" if net.n_classes == 2 else "class"
                values = decision_grid(net, xlim, ylim, n, kind=kind)
                result = GridResult(tag, values, kind, net.n_classes, xlim, ylim,
                                    time.perf_counter() - t0)
            except Exception:  # noqa: BLE001 -- a broken typed function: keep the last picture
                result = None
            with self._cond:
                closed = self._closed
            if result is not None and not closed:
                try:
                    self.ready.emit(result)
                except RuntimeError:        # the panel is gone
                    return
            with self._cond:
                self._busy = False

    def close(self, timeout: float = 0.5) -> None:
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)


# ---- per-run history arrays -------------------------------------------------------------------

class _Series:
    """A run's history as growing arrays (appending is amortised O(1); views cost nothing)."""

    FIELDS = ("epoch", "loss", "test_loss", "train_acc", "test_acc", "dead")

    def __init__(self, n_layers: int):
        self.n = 0
        self.n_layers = n_layers
        self._cap = 256
        self._a = {f: np.empty(self._cap) for f in self.FIELDS}
        self._layers = np.empty((self._cap, n_layers))

    def extend(self, records) -> None:
        records = list(records)
        need = self.n + len(records)
        if need > self._cap:
            cap = max(need, 2 * self._cap)
            for f in self.FIELDS:
                a = np.empty(cap)
                a[:self.n] = self._a[f][:self.n]
                self._a[f] = a
            lay = np.empty((cap, self.n_layers))
            lay[:self.n] = self._layers[:self.n]
            self._layers = lay
            self._cap = cap
        for i, r in enumerate(records, start=self.n):
            a = self._a
            a["epoch"][i] = r.epoch
            a["loss"][i] = r.loss
            a["test_loss"][i] = r.test_loss
            a["train_acc"][i] = r.train_acc
            a["test_acc"][i] = r.test_acc
            a["dead"][i] = r.dead
            self._layers[i] = r.dead_per_layer
        self.n = need

    def __getitem__(self, name: str) -> np.ndarray:
        return self._a[name][:self.n]

    def dead_layer(self, layer: int) -> np.ndarray:
        return self._layers[:self.n, layer]


class _RunView:
    """One trained network on screen: its trainer, arrays, plot items and last snapshot."""

    def __init__(self, run: Run, trainer: Trainer):
        self.run = run
        self.key = run.key
        self.trainer = trainer
        self.colour = colour_for(run.activations[0])
        self.series = _Series(len(run.config.hidden))
        self.snapshot: Snapshot | None = None
        self.items: dict[str, pg.PlotDataItem] = {}


class LossAxis(pg.AxisItem):
    """A log-scale axis that labels only 1, 2 and 5 × 10ⁿ (pyqtgraph labels every minor tick,
    which crowds 0.09, 0.08, 0.07 … together)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph API)
        out = super().logTickStrings(values, scale, spacing)
        keep = []
        for v in values:
            m = 10.0 ** (float(v) - math.floor(float(v) + 1e-9))
            keep.append(any(abs(m - k) < 1e-3 * k for k in (1.0, 2.0, 5.0)))
        if sum(keep) < 2:
            return out
        return [t if k else "" for t, k in zip(out, keep)]


class _GSpin(QDoubleSpinBox):
    """A spin box that shows its value as the shortest text (0.1, 2, 1e-05), not 2.00000."""

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt API)
        return f"{value:.6g}"


def _set_xy(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """Plot ``y`` against ``x`` (NaN breaks the line); a lone point (epoch 0) gets a dot,
    since a line through one point draws nothing."""
    if len(x) == 0 or not np.isfinite(y).any():
        item.setData([], [])
        return
    lone = len(x) == 1
    if lone != (item.opts.get("symbol") is not None):
        colour = item.opts["pen"].color() if hasattr(item.opts["pen"], "color") else "k"
        item.setSymbol("o" if lone else None)
        item.setSymbolSize(6)
        item.setSymbolPen(None)
        item.setSymbolBrush(colour)
    item.setData(x, y, connect="finite")


def _distinct_colours(runs: list[_RunView]) -> None:
    """Each run keeps its function's colour (``colour_for``) unless it is too close to an
    earlier run's, as drawn on this theme (linear and ReLU are both pinks): then the first
    palette colour far enough from every colour in use (:func:`colours.assign`)."""
    cmap = colours.assign(((i, colour_for(r.run.activations[0])) for i, r in enumerate(runs)),
                          transform=theme.line_colour)
    for i, r in enumerate(runs):
        r.colour = theme.line_colour(cmap[i])


class _TimedGraphics(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget that remembers how long its paints take (frame pacing)."""

    last_paint_ms = 0.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.paint_ms: deque[float] = deque(maxlen=5000)

    def paintEvent(self, ev):  # noqa: N802 (Qt API)
        t0 = time.perf_counter()
        super().paintEvent(ev)
        self.last_paint_ms = (time.perf_counter() - t0) * 1000.0
        self.paint_ms.append(self.last_paint_ms)


class TrainingPanel(QWidget):
    """The training tab (export protocol: ``export_item``, ``export_csv``, ``export_name``,
    ``shutdown``; ``wait_until_ready`` for screenshots; see the module docstring for the
    signals a network view uses)."""

    export_requested = Signal(str)
    frame = Signal(object)             # Snapshot of the shown run, on the GUI thread, per frame
    runs_reset = Signal()              # the networks were rebuilt (epoch 0)
    running_changed = Signal(bool)     # the worker started (True) or stopped (False)
    stopped = Signal(str)              # why a run ended: "budget", "diverged", "paused", "failed"
    title = "Training"

    def __init__(self, curves_state: CurvesState, state: TrainingState | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = curves_state
        self.state = state or TrainingState()
        self.runner = TaskRunner(self, show_after_ms=10_000)
        self.grid_worker = _GridWorker(self)
        self.dataset = None
        self._dataset_key: tuple | None = None
        self._runs: list[_RunView] = []
        self._job: int | None = None
        self._job_kind = ""
        self._running = False
        self._closed = False
        self._build_error = ""
        self._input_error = ""
        self._rebuilds = 0
        self._generation = 0                       # bumped on every rebuild
        self._published = None                     # (generation, snapshots) from the worker
        self._want_snapshots = True
        self._status_time = 0.0
        self._x_hi = None
        self._loss_decades = None
        self._grid_request_time = 0.0
        self._grid_tag: tuple | None = None        # what the picture shows
        self._grid_wanted: tuple | None = None     # the latest requested
        self.grid_values: np.ndarray | None = None  # the decision grid drawn (tests, views)
        self.grid_kind = "probability"
        self.grid_seconds: deque[float] = deque(maxlen=2000)
        self.frame_ms: deque[float] = deque(maxlen=5000)   # GUI time per frame that drew
        self.last_snapshot: Snapshot | None = None
        self._combo_ids: list[str] = []
        self._applying_preset = False
        self._note_key: str | None = None          # the lesson the note describes
        self._note_changes = None                  # what applying it changed (Change list)
        self._layer_combos: list[QComboBox] = []

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(self.splitter)
        self.splitter.addWidget(self._build_controls())
        self.splitter.addWidget(self._build_right())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([290, 900])

        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._frame)
        self.runner.finished.connect(self._job_finished)
        self.runner.cancelled.connect(self._job_cancelled)
        self.runner.failed.connect(self._job_failed)
        self.grid_worker.ready.connect(self._grid_ready)

        self.state.changed.connect(self._state_changed)
        self._curves_slots = (
            (self.curves.current_changed, self._current_changed),
            (self.curves.params_changed, self._params_changed),
            (self.curves.catalogue_changed, self._catalogue_changed),
        )
        for sig, slot in self._curves_slots:
            sig.connect(slot)
        self._fill_function_combos()
        self._sync_widgets()
        self._attach_network_view()
        self._rebuild()

    # ---- building the controls ------------------------------------------------------------
    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setContentsMargins(8, 6, 8, 6)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    @staticmethod
    def _row(*widgets, stretch_first: bool = True) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(6)
        for i, x in enumerate(widgets):
            h.addWidget(x, 1 if (i == 0 and stretch_first) else 0)
        return w

    def _speed_text(self, speed: float) -> str:
        if speed == 0:
            return self.tr("as fast as possible")
        if speed == 1:
            return self.tr("1 epoch per second")
        return self.tr("{n} epochs per second").format(n=f"{speed:g}")

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        lab = QLabel(text)
        lab.setBuddy(buddy)
        return lab

    def _build_controls(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(250)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(6)

        # -- lessons ----------------------------------------------------------------------
        box = QGroupBox(self.tr("Lessons"))
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 6)
        grid.setSpacing(4)
        short = {
            "dying_relu": self.tr("Dying ReLU"),
            "leaky_relu_alive": self.tr("Leaky ReLU alive"),
            "deep_sigmoid": self.tr("Deep sigmoid"),
            "relu_vs_tanh": self.tr("ReLU vs tanh"),
            "linear_vs_relu": self.tr("Identity vs ReLU"),
        }
        self.preset_buttons: dict[str, QPushButton] = {}
        for i, (key, preset) in enumerate(PRESETS.items()):
            b = QPushButton(short.get(key, key))
            title = tx("TrainingPresets", preset.title)
            b.setToolTip(f"<b>{html.escape(title)}</b><br>"
                         f"{html.escape(preset.describe(tx('TrainingPresets', preset.description)))}")
            b.setAccessibleName(self.tr("Lesson: {title}").format(title=title))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, k=key: self.apply_preset(k))
            grid.addWidget(b, i // 2, i % 2)
            self.preset_buttons[key] = b
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setTextFormat(Qt.TextFormat.RichText)
        self.preset_note.setAccessibleName(self.tr("About this lesson"))
        self.preset_note.hide()
        grid.addWidget(self.preset_note, (len(PRESETS) + 1) // 2, 0, 1, 2)
        lay.addWidget(box)

        # -- run --------------------------------------------------------------------------
        box = QGroupBox(self.tr("Run"))
        form = self._form(box)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setAccessibleName(self.tr("Start or pause training"))
        self.start_button.setToolTip(self.tr("Train until the epoch budget (Pause to stop)"))
        self.start_button.clicked.connect(self._start_clicked)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setAccessibleName(self.tr("Train one epoch"))
        self.step_button.setToolTip(self.tr("Train exactly one more epoch"))
        self.step_button.clicked.connect(self.step)
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setAccessibleName(self.tr("Reset the network"))
        self.reset_button.setToolTip(self.tr("New initial weights from the seed: back to epoch 0"))
        self.reset_button.clicked.connect(self.reset)
        buttons = QWidget()
        bl = QHBoxLayout(buttons)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(4)
        for b in (self.start_button, self.step_button, self.reset_button):
            bl.addWidget(b)
        form.addRow(buttons)

        self.speed_combo = QComboBox()
        for s in SPEEDS:
            self.speed_combo.addItem(self._speed_text(s), float(s))
        self.speed_combo.setAccessibleName(self.tr("Training speed"))
        self.speed_combo.setToolTip(self.tr("How many epochs to train per second"))
        self.speed_combo.currentIndexChanged.connect(
            lambda _i: self._apply(speed=self.speed_combo.currentData()))
        form.addRow(self._label(self.tr("Speed"), self.speed_combo), self.speed_combo)

        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(1, MAX_EPOCHS)
        self.epochs_spin.setSingleStep(50)
        self.epochs_spin.setKeyboardTracking(False)
        self.epochs_spin.setAccessibleName(self.tr("Epoch budget"))
        self.epochs_spin.setToolTip(self.tr("Start trains until this epoch"))
        self.epochs_spin.valueChanged.connect(lambda v: self._apply(epochs=v))
        form.addRow(self._label(self.tr("Epochs"), self.epochs_spin), self.epochs_spin)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Training status"))
        form.addRow(self.status)

        self.divergence_label = QLabel()
        self.divergence_label.setObjectName("inlineError")
        theme.style_error_label(self.divergence_label)
        self.divergence_label.setWordWrap(True)
        self.divergence_label.setTextFormat(Qt.TextFormat.RichText)
        self.divergence_label.setAccessibleName(self.tr("Training diverged"))
        self.divergence_label.hide()
        form.addRow(self.divergence_label)
        lay.addWidget(box)

        self.error = QLabel()
        self.error.setObjectName("inlineError")
        theme.style_error_label(self.error)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName(self.tr("Problem with the settings"))
        self.error.hide()
        lay.addWidget(self.error)

        # -- data -------------------------------------------------------------------------
        box = QGroupBox(self.tr("Data"))
        form = self._form(box)
        self.dataset_combo = QComboBox()
        names = {"moons": self.tr("two moons"), "circles": self.tr("circles"),
                 "spiral": self.tr("spiral"), "xor": self.tr("XOR"), "gauss": self.tr("Gaussian blobs")}
        for key in GENERATORS:
            self.dataset_combo.addItem(names.get(key, key), key)
        self.dataset_combo.addItem(self.tr("CSV file"), CSV)
        self.dataset_combo.setAccessibleName(self.tr("Data set"))
        self.dataset_combo.currentIndexChanged.connect(self._dataset_edited)
        self.load_button = QPushButton(self.tr("Load CSV…"))
        self.load_button.setAccessibleName(self.tr("Load a CSV file"))
        self.load_button.setToolTip(self.tr("Read points from a CSV file of x1,x2,label rows"))
        self.load_button.clicked.connect(self._load_clicked)
        form.addRow(self._label(self.tr("Data set"), self.dataset_combo),
                    self._row(self.dataset_combo, self.load_button))
        self.csv_label = QLabel()
        self.csv_label.setWordWrap(True)
        self.csv_label.setAccessibleName(self.tr("CSV file in use"))
        self.csv_label.hide()
        form.addRow(self.csv_label)

        self.points_spin = QSpinBox()
        self.points_spin.setRange(MIN_POINTS, MAX_POINTS)
        self.points_spin.setSingleStep(100)
        self.points_spin.setKeyboardTracking(False)
        self.points_spin.setAccessibleName(self.tr("Number of points"))
        self.points_spin.valueChanged.connect(lambda v: self._apply(points=v))
        self.classes_spin = QSpinBox()
        self.classes_spin.setRange(2, MAX_CLASSES)
        self.classes_spin.setKeyboardTracking(False)
        self.classes_spin.setAccessibleName(self.tr("Number of classes"))
        self.classes_spin.setToolTip(self.tr("Classes of the spiral and Gaussian-blob data sets"))
        self.classes_spin.valueChanged.connect(lambda v: self._apply(classes=v))
        self.classes_label = self._label(self.tr("classes"), self.classes_spin)
        form.addRow(self._label(self.tr("Points"), self.points_spin),
                    self._row(self.points_spin, self.classes_label, self.classes_spin,
                              stretch_first=True))

        self.noise_spin = QDoubleSpinBox()
        self.noise_spin.setRange(0.0, NOISE_MAX)
        self.noise_spin.setDecimals(2)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setKeyboardTracking(False)
        self.noise_spin.setAccessibleName(self.tr("Noise"))
        self.noise_spin.setToolTip(self.tr("Standard deviation of the noise added to each coordinate"))
        self.noise_spin.valueChanged.connect(lambda v: self._apply(noise=round(v, 4)))
        self.test_spin = QDoubleSpinBox()
        self.test_spin.setRange(0.0, TEST_FRACTION_MAX)
        self.test_spin.setDecimals(2)
        self.test_spin.setSingleStep(0.05)
        self.test_spin.setKeyboardTracking(False)
        self.test_spin.setAccessibleName(self.tr("Test fraction"))
        self.test_spin.setToolTip(self.tr("Fraction of the points held out for testing"))
        self.test_spin.valueChanged.connect(lambda v: self._apply(test_fraction=round(v, 4)))
        form.addRow(self._label(self.tr("Noise"), self.noise_spin),
                    self._row(self.noise_spin, self._label(self.tr("test"), self.test_spin),
                              self.test_spin))

        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, min(SEED_MAX, 2**31 - 1))
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.setAccessibleName(self.tr("Random seed"))
        self.seed_spin.setToolTip(self.tr(
            "Seed of the data, the initial weights and the shuffling: the same seed gives the "
            "same run, and the same initial weights for every compared function"))
        self.seed_spin.valueChanged.connect(lambda v: self._apply(seed=v))
        form.addRow(self._label(self.tr("Seed"), self.seed_spin), self.seed_spin)
        lay.addWidget(box)

        # -- network ----------------------------------------------------------------------
        box = QGroupBox(self.tr("Network"))
        form = self._form(box)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setAccessibleName(self.tr("Hidden layer sizes"))
        self.hidden_edit.setToolTip(self.tr(
            "Units per hidden layer, separated by commas, e.g. 16,16 (1 to {n} layers)").format(
                n=MAX_HIDDEN_LAYERS))
        self.hidden_edit.editingFinished.connect(lambda: self._apply(hidden=self.hidden_edit.text()))
        form.addRow(self._label(self.tr("Hidden"), self.hidden_edit), self.hidden_edit)

        self.activation_combo = QComboBox()
        self.activation_combo.setAccessibleName(self.tr("Activation of the hidden layers"))
        self.activation_combo.setToolTip(self.tr(
            "“From list” trains the function selected in the Functions list. Parameters are "
            "always the ones set in the Functions dock"))
        self.activation_combo.currentIndexChanged.connect(self._activation_edited)
        self.per_layer_check = QCheckBox(self.tr("per layer"))
        self.per_layer_check.setAccessibleName(self.tr("A different activation per layer"))
        self.per_layer_check.toggled.connect(self._per_layer_toggled)
        form.addRow(self._label(self.tr("Activation"), self.activation_combo),
                    self._row(self.activation_combo, self.per_layer_check))
        self.layers_box = QWidget()
        self.layers_grid = QGridLayout(self.layers_box)
        self.layers_grid.setContentsMargins(0, 0, 0, 0)
        self.layers_grid.setSpacing(3)
        self.layers_box.hide()
        form.addRow(self.layers_box)

        self.init_combo = QComboBox()
        init_names = {"he": self.tr("He / Kaiming"), "xavier": self.tr("Xavier / Glorot"),
                      "lecun": self.tr("LeCun"), "uniform": self.tr("uniform ±0.5 (Playground)")}
        for key in INITS:
            self.init_combo.addItem(init_names.get(key, key), key)
        self.init_combo.setAccessibleName(self.tr("Weight initialisation"))
        self.init_combo.currentIndexChanged.connect(
            lambda _i: self._apply(init=self.init_combo.currentData()))
        form.addRow(self._label(self.tr("Init"), self.init_combo), self.init_combo)

        self.compare_check = QCheckBox(self.tr("Compare functions (2–{n})").format(n=MAX_COMPARE))
        self.compare_check.setAccessibleName(self.tr("Compare activation functions"))
        self.compare_check.setToolTip(self.tr(
            "Train the same network - same data, same initial weights - once per function"))
        self.compare_check.toggled.connect(self._compare_toggled)
        form.addRow(self.compare_check)
        self.compare_box = QWidget()
        cg = QGridLayout(self.compare_box)
        cg.setContentsMargins(0, 0, 0, 0)
        cg.setSpacing(3)
        self.compare_combos: list[QComboBox] = []
        for i in range(MAX_COMPARE):
            c = QComboBox()
            c.setAccessibleName(self.tr("Compared function {i}").format(i=i + 1))
            c.currentIndexChanged.connect(self._compare_edited)
            cg.addWidget(c, i // 2, i % 2)
            self.compare_combos.append(c)
        self.shown_combo = QComboBox()
        self.shown_combo.setAccessibleName(self.tr("Function whose decision boundary is drawn"))
        self.shown_combo.currentIndexChanged.connect(
            lambda _i: self.shown_combo.currentData() and self._apply(shown=self.shown_combo.currentData()))
        cg.addWidget(self._label(self.tr("Boundary of"), self.shown_combo), 2, 0)
        cg.addWidget(self.shown_combo, 2, 1)
        self.compare_box.hide()
        form.addRow(self.compare_box)
        lay.addWidget(box)

        # -- optimiser --------------------------------------------------------------------
        box = QGroupBox(self.tr("Optimiser"))
        form = self._form(box)
        self.optimizer_combo = QComboBox()
        opt_names = {"sgd": self.tr("SGD"), "momentum": self.tr("SGD with momentum"), "adam": self.tr("Adam")}
        for key in OPTIMIZERS:
            self.optimizer_combo.addItem(opt_names.get(key, key), key)
        self.optimizer_combo.setAccessibleName(self.tr("Optimiser"))
        self.optimizer_combo.currentIndexChanged.connect(
            lambda _i: self._apply(optimizer=self.optimizer_combo.currentData()))
        form.addRow(self._label(self.tr("Method"), self.optimizer_combo), self.optimizer_combo)

        self.lr_spin = _GSpin()
        self.lr_spin.setRange(LR_MIN, LR_MAX)
        self.lr_spin.setDecimals(5)
        self.lr_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.lr_spin.setKeyboardTracking(False)
        self.lr_spin.setAccessibleName(self.tr("Learning rate"))
        self.lr_spin.setToolTip(self.tr("Applies at once, also while training"))
        self.lr_spin.valueChanged.connect(lambda v: self._apply(lr=v))
        self.momentum_spin = QDoubleSpinBox()
        self.momentum_spin.setRange(0.0, 0.999)
        self.momentum_spin.setDecimals(3)
        self.momentum_spin.setSingleStep(0.05)
        self.momentum_spin.setKeyboardTracking(False)
        self.momentum_spin.setAccessibleName(self.tr("Momentum"))
        self.momentum_spin.valueChanged.connect(lambda v: self._apply(momentum=v))
        self.momentum_label = self._label(self.tr("mom."), self.momentum_spin)
        self.momentum_label.setToolTip(self.tr("Momentum coefficient (SGD with momentum)"))
        form.addRow(self._label(self.tr("Rate"), self.lr_spin),
                    self._row(self.lr_spin, self.momentum_label, self.momentum_spin))

        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(1, MAX_BATCH)
        self.batch_spin.setKeyboardTracking(False)
        self.batch_spin.setAccessibleName(self.tr("Batch size"))
        self.batch_spin.setToolTip(self.tr("Minibatch size; the training set's size or more is full batch"))
        self.batch_spin.valueChanged.connect(lambda v: self._apply(batch_size=v))
        self.l2_spin = _GSpin()
        self.l2_spin.setRange(0.0, L2_MAX)
        self.l2_spin.setDecimals(5)
        self.l2_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.l2_spin.setKeyboardTracking(False)
        self.l2_spin.setAccessibleName(self.tr("L2 weight decay"))
        self.l2_spin.setToolTip(self.tr("L2 weight decay (applies at once)"))
        self.l2_spin.valueChanged.connect(lambda v: self._apply(l2=v))
        for spin, width in ((self.l2_spin, 72), (self.momentum_spin, 64), (self.test_spin, 60),
                            (self.classes_spin, 48)):
            spin.setMinimumWidth(width)
        form.addRow(self._label(self.tr("Batch"), self.batch_spin),
                    self._row(self.batch_spin, self._label(self.tr("L2"), self.l2_spin), self.l2_spin))
        lay.addWidget(box)
        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        lay.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        fit_scroll_column(scroll)
        return scroll

    def _build_right(self) -> QWidget:
        # Plots and the network diagram each get the whole area, on two pages: side by side
        # they are both too small on a laptop screen.
        self.right_tabs = QTabWidget()
        self.right_tabs.setDocumentMode(True)
        self.graphics = _TimedGraphics()
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.graphics.setMinimumWidth(360)
        self.graphics.setAccessibleName(self.tr("Training plots"))
        ci = self.graphics.ci
        ci.setContentsMargins(4, 4, 10, 4)
        ci.setSpacing(4)

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

    def apply_theme(self) -> None:
        """Recolour every plot, legend and run from the current theme."""
        self._theme_plots()
        _distinct_colours(self._runs)
        for r in self._runs:
            for name, item in r.items.items():
                colour = r.colour
                if name.startswith("dead_"):
                    layer = int(name.split("_")[1]) - 1
                    colour = theme.line_colour(LAYER_COLOURS[layer % len(LAYER_COLOURS)])
                pen = QPen(item.opts["pen"])
                pen.setColor(QColor(colour))
                item.setPen(pen)
        for legend in (self.loss_legend, self.dead_legend):
            legend.update()
        self._update_status()

    def retranslate(self) -> None:
        """Texts composed with numbers or names, in the language now installed."""
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
        self.compare_check.setText(self.tr("Compare functions (2–{n})").format(n=MAX_COMPARE))
        key = getattr(self, "_note_key", None)
        if key in PRESETS and self.preset_note.isVisible():
            self._show_preset_note(key)
        self._fill_function_combos()
        self._sync_widgets()
        self._update_status()

    # ---- embedding ------------------------------------------------------------------------
    def set_network_view(self, widget: QWidget) -> None:
        """Put ``widget`` (the network diagram) in :attr:`network_host` and show it.  Feed it
        from :attr:`frame` (and :attr:`last_snapshot` for the current state)."""
        lay = self.network_host.layout()
        while lay.count():
            old = lay.takeAt(0).widget()
            if old is not None:
                old.setParent(None)
        lay.addWidget(widget)
        if self.right_tabs.indexOf(self.network_host) < 0:
            self.right_tabs.addTab(self.network_host, self.tr("Network"))

    def show_network(self, on: bool = True) -> None:
        """Switch the right-hand side to the network diagram (or back to the plots)."""
        self.right_tabs.setCurrentWidget(self.network_host if on else self.graphics)

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

    def snapshots(self) -> list[tuple[str, Snapshot | None]]:
        """(run key, latest snapshot drawn) of every run, in order."""
        return [(r.key, r.snapshot) for r in self._runs]

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

    def run_keys(self) -> list[str]:
        return [r.key for r in self._runs]

    def trainers(self) -> list[Trainer]:
        return [r.trainer for r in self._runs]

    # ---- export protocol ------------------------------------------------------------------
    @property
    def export_item(self):
        return self.graphics.ci

    def export_csv(self) -> str:
        self._frame(force=True)
        snaps = [(r.key, r.snapshot) for r in self._runs if r.snapshot is not None]
        if not snaps:
            raise OutputError("there is no training history to export yet")
        if len(snaps) == 1:
            snap = snaps[0][1]
            return history_csv(snap.history[1:], len(snap.config.hidden))
        return runs_csv([(k, s.history) for k, s in snaps])

    def export_name(self) -> str:
        return self.state.export_name(self.run_keys() or ["network"])

    def shutdown(self) -> None:
        """Stop training (waits at most 1 s for the worker) and the grid thread."""
        self._closed = True
        self._timer.stop()
        for sig, slot in self._curves_slots:
            try:
                sig.disconnect(slot)
            except (TypeError, ValueError, RuntimeError):
                pass
        try:
            self.state.changed.disconnect(self._state_changed)
        except (TypeError, ValueError, RuntimeError):
            pass
        self.runner.shutdown(1.0)
        self._job = None
        self._running = False
        self.grid_worker.close(0.5)

    def is_ready(self) -> bool:
        """Nothing running and the boundary drawn for the latest state (screenshots)."""
        if self._job is not None:
            return False
        return self._grid_wanted is None or self._grid_tag == self._grid_wanted

    def wait_until_ready(self, timeout: float = 30.0) -> bool:
        app = QCoreApplication.instance()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app.processEvents()
            if self.is_ready():
                for _ in range(3):
                    app.processEvents()
                return True
            time.sleep(0.005)
        return False

    # ---- actions --------------------------------------------------------------------------
    def is_running(self) -> bool:
        """True while the worker trains (Start), not during a single Step."""
        return self._running

    def is_busy(self) -> bool:
        """True while any job (a run or a step) is on the worker."""
        return self._job is not None

    # the network diagram ----------------------------------------------------------------
    def _attach_network_view(self) -> None:
        from .network_view import NetworkView

        self.network_view = NetworkView()
        self.set_network_view(self.network_view)
        self.frame.connect(self._feed_network_view)
        self.runs_reset.connect(self._network_reset)
        if self.last_snapshot is not None:
            self._feed_network_view(self.last_snapshot)

    def _network_reset(self) -> None:
        """New networks: forget the old diagram and draw the new one at epoch 0 at once (the
        epoch-0 frame was emitted before ``runs_reset``)."""
        self.network_view.clear()
        self._feed_network_view(self.last_snapshot)

    def _feed_network_view(self, snapshot) -> None:
        if self.dataset is not None and snapshot is not None:
            self.network_view.update_frame(snapshot, self.dataset, self.data_bounds())

    def export_items(self) -> dict:
        """Every exportable picture of this panel, by name (the first is the default)."""
        return {"plots": self.export_item, "network": self.network_view.export_item}

    # sessions and lessons --------------------------------------------------------------
    def session_sections(self) -> dict:
        return {"training": self.state}

    @staticmethod
    def fresh_sections() -> dict:
        return {"training": TrainingState}

    def show_me(self, spec: dict) -> None:
        """A lesson's set-up: {"preset": key}."""
        if "preset" in spec:
            self.apply_preset(spec["preset"], start=True)

    def apply_preset(self, key: str, start: bool = True) -> None:
        """Set up one of the lessons (``PRESETS`` keys): every training setting and the
        parameters of the functions it trains; the note under the buttons says what changed.
        By default, start training."""
        self._stop_worker()
        before = self._rebuilds
        self._applying_preset = True       # parameters first: no rebuild for each of them
        try:
            _preset, changes = apply_lesson(self.state, self.curves, key)
        except TrainingStateError as exc:
            self._show_input_error(str(exc))
            return
        finally:
            self._applying_preset = False
        self._show_input_error("")
        if self._rebuilds == before:   # no setting changed (perhaps a parameter): start afresh
            self._rebuild()
        self._note_key = key
        self._note_changes = list(changes)
        self._sync_preset_buttons()
        if start:
            self.start()

    def _show_preset_note(self, key: str | None) -> None:
        """The note under the lesson buttons follows the highlighted lesson: its title and
        description (and what applying it changed, if it was applied), or nothing."""
        if key is None:
            self._note_key = None
            self.preset_note.clear()
            self.preset_note.hide()
            return
        if key != self._note_key:
            self._note_key = key
            self._note_changes = None
        preset = PRESETS[key]
        text = (f"<b>{html.escape(tx('TrainingPresets', preset.title))}.</b> "
                f"{html.escape(preset.describe(tx('TrainingPresets', preset.description)))}")
        if self._note_changes is not None:      # worded now: follows a language switch
            text += f"<br><i>{changes_html(self._note_changes)}</i>"
        self.preset_note.setText(text)
        self.preset_note.show()

    def start(self) -> bool:
        """Train on the worker until the epoch budget; False if there is nothing to do."""
        if self._closed or self._running:
            return False
        if self._build_error or not self._runs:
            return False
        target = self.state.epochs
        active = [r.trainer for r in self._runs if r.trainer.divergence is None]
        if not active or all(t.epoch >= target for t in active):
            self._update_status()
            return False
        self._submit(target, "run")
        return True

    def pause(self) -> None:
        """Stop the worker (the trainers stay where they are; Start continues)."""
        if self._job is None:
            return
        self._stop_worker()
        self._frame(force=True)
        self.stopped.emit("paused")

    def step(self) -> bool:
        """Train exactly one more epoch (on the worker); False if nothing can be trained."""
        if self._closed or self._running or self._build_error or not self._runs:
            return False
        active = [r.trainer for r in self._runs if r.trainer.divergence is None]
        if not active:
            return False
        self._stop_worker()
        self._submit(min(t.epoch for t in active) + 1, "step")
        return True

    def reset(self) -> None:
        """New networks from the settings and the seed: back to epoch 0 (training stops)."""
        self._stop_worker()
        self._rebuild()

    def load_csv_file(self, path: str) -> bool:
        """Use the points of a CSV file; on a bad file show why inline and keep everything."""
        st = self.state
        try:
            ds = load_csv(path, st.test_fraction, st.seed)
        except DataError as exc:
            self._show_input_error(self.tr("Could not use the file: {msg}").format(msg=str(exc)))
            self._sync_widgets()
            return False
        self._show_input_error("")
        self._dataset_key = self._data_key(dataset=CSV, csv_path=str(path))
        self.dataset = ds
        before = self._rebuilds
        self._apply(dataset=CSV, csv_path=str(path))
        if self._rebuilds == before:        # the same file again (perhaps edited): new networks
            self._rebuild()
        return True

    # ---- the worker -----------------------------------------------------------------------
    def _submit(self, target: int, kind: str) -> None:
        trainers = [r.trainer for r in self._runs]
        speed = (lambda: self.state.speed) if kind == "run" else 0.0
        generation = self._generation
        self._job_kind = kind
        self._published = None
        self._want_snapshots = True
        self._timer.setInterval(FRAME_MS)
        self._job = self.runner.submit(train_runs, trainers, int(target), speed=speed,
                                       tick=lambda: self._tick(generation, trainers))
        self._running = kind == "run"
        self._timer.start()
        self._sync_buttons()
        if self._running:
            self.running_changed.emit(True)

    def _stop_worker(self) -> None:
        was_running = self._running
        if self._job is not None:
            self.runner.cancel()
            self.runner.wait(1.0)
        self._job = None
        self._running = False
        self._timer.stop()
        self._sync_buttons()
        if was_running:
            self.running_changed.emit(False)

    def _job_done(self, ident: int) -> bool:
        if ident != self._job:
            return False
        was_running = self._running
        self._job = None
        self._running = False
        self._timer.stop()
        self._frame(force=True)
        self._sync_buttons()
        if was_running:
            self.running_changed.emit(False)
        return True

    def _job_finished(self, ident: int, _result) -> None:
        if self._job_done(ident):
            diverged = any(r.trainer.divergence is not None for r in self._runs)
            self.stopped.emit("diverged" if diverged else ("budget" if self._job_kind == "run" else "step"))

    def _job_cancelled(self, ident: int) -> None:
        if self._job_done(ident):
            self.stopped.emit("paused")

    def _job_failed(self, ident: int, message: str) -> None:
        if self._job_done(ident):
            self._show_input_error(self.tr("Training stopped: {msg}").format(msg=message))
            self.stopped.emit("failed")

    # ---- (re)building the runs ----------------------------------------------------------------
    def _data_key(self, **override) -> tuple:
        v = self.state.values()
        v.update(override)
        return (v["dataset"], v["points"], v["noise"], v["classes"] if v["dataset"] in MULTICLASS else 2,
                v["test_fraction"], v["seed"], v["csv_path"] if v["dataset"] == CSV else None)

    def _rebuild(self) -> None:
        """New trainers (epoch 0) from the state; on an error keep what is drawn."""
        if self._closed:
            return
        self._rebuilds += 1
        restart = self._running
        self._stop_worker()
        st = self.state
        try:
            key = self._data_key()
            if self.dataset is None or key != self._dataset_key:
                self.dataset = st.make_dataset()
                self._dataset_key = key
            runs = st.runs(self.curves.current, self.curves.params)
            trainers = [Trainer(self.dataset, r.config) for r in runs]
        except _ERRORS as exc:
            self._build_error = str(exc)
            self._show_input_error(self._build_error)
            self._sync_buttons()
            return
        self._build_error = ""
        if self._input_error:
            self._show_input_error("")
        self._clear_plots()
        self._generation += 1
        self._published = None
        self._x_hi = None
        self._loss_decades = None
        self._runs = [_RunView(r, t) for r, t in zip(runs, trainers)]
        _distinct_colours(self._runs)
        self._make_items()
        self._draw_points()
        self._grid_tag = None
        self._grid_wanted = None
        self.last_snapshot = None
        self._frame(force=True)
        self._sync_buttons()
        self._sync_preset_buttons()
        self.runs_reset.emit()
        if restart:
            self.start()

    def _clear_plots(self) -> None:
        for p in (self.loss_plot, self.acc_plot, self.dead_plot):
            for item in list(p.listDataItems()):
                p.removeItem(item)
        self.loss_legend.clear()
        self.dead_legend.clear()
        self.divergence_line.hide()
        self.divergence_label.hide()

    def _make_items(self) -> None:
        compare = len(self._runs) > 1
        for r in self._runs:
            c = r.colour
            name = function_name(catalogue.get(r.run.activations[0])) if compare else None
            # The loss legend only keys train/test (small: it sits on the plot); the functions'
            # colours are named in the dead-units legend and the status table.
            r.items["loss"] = self.loss_plot.plot(pen=pg.mkPen(c, width=2))
            r.items["test_loss"] = self.loss_plot.plot(pen=pg.mkPen(c, width=1.5, style=Qt.PenStyle.DashLine))
            r.items["train_acc"] = self.acc_plot.plot(pen=pg.mkPen(c, width=2))
            r.items["test_acc"] = self.acc_plot.plot(pen=pg.mkPen(c, width=1.5, style=Qt.PenStyle.DashLine))
            if compare:
                r.items["dead"] = self.dead_plot.plot(pen=pg.mkPen(c, width=2), name=name)
            else:
                for layer in range(len(r.run.config.hidden)):
                    r.items[f"dead_{layer + 1}"] = self.dead_plot.plot(
                        pen=pg.mkPen(theme.line_colour(LAYER_COLOURS[layer % len(LAYER_COLOURS)]), width=2),
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
            return [pg.mkBrush(CLASS_COLOURS[int(c) % len(CLASS_COLOURS)]) for c in y]

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

    # ---- frames -----------------------------------------------------------------------------
    def _tick(self, generation: int, trainers: list[Trainer]) -> None:
        """On the worker thread (``train_runs``' tick): publish snapshots when a frame wants
        them, so the GUI thread never waits for a trainer's lock."""
        if not self._want_snapshots or generation != self._generation:
            return
        self._want_snapshots = False
        self._published = (generation, tuple(t.snapshot() for t in trainers))

    def _frame(self, force: bool = False) -> None:
        """Draw what changed since the last frame (the QTimer's slot).

        While the worker runs, the snapshots are the ones it published (see :meth:`_tick`);
        otherwise, or with ``force``, they are taken here."""
        if self._closed or not self._runs:
            return
        t0 = time.perf_counter()
        snaps = None
        if not force and self._job is not None:
            pub = self._published
            self._published = None
            self._want_snapshots = True
            if pub is None or pub[0] != self._generation:
                self._adapt_frame_rate(t0)
                return
            snaps = pub[1]
        if snaps is None:
            snaps = tuple(r.trainer.snapshot() for r in self._runs)
        changed = False
        for r, snap in zip(self._runs, snaps):
            old = r.snapshot
            if (not force and old is not None and snap.steps == old.steps
                    and len(snap.history) == len(old.history) and snap.divergence is old.divergence):
                continue
            r.snapshot = snap
            if len(snap.history) > r.series.n:
                r.series.extend(snap.history[r.series.n:])
            changed = True
        if not changed:
            self._adapt_frame_rate(t0)
            return
        self._draw_curves()
        shown = self._runs[self._shown_index()]
        snap = shown.snapshot
        self.last_snapshot = snap
        self._request_grid(force)
        now = time.perf_counter()
        if force or self._job is None or now - self._status_time >= STATUS_S:
            self._status_time = now
            self._update_status()
        self.frame_ms.append((time.perf_counter() - t0) * 1000.0)
        self.frame.emit(snap)
        self._adapt_frame_rate(t0)

    def _adapt_frame_rate(self, t0: float) -> None:
        """Keep the GUI thread at most about half busy with frames: the interval is at least
        :data:`FRAME_MS` and at least twice what the last frame cost (update + paint)."""
        cost = (time.perf_counter() - t0) * 1000.0 + self.graphics.last_paint_ms
        interval = int(min(MAX_FRAME_MS, max(FRAME_MS, FRAME_BUSY_FACTOR * cost)))
        if self._timer.interval() != interval:
            self._timer.setInterval(interval)

    def _request_grid(self, force: bool = False) -> None:
        """Ask the grid thread for the shown run's boundary, unless it was asked already.

        While training, requests are spaced so the grid thread is busy at most about a third
        of the time (it shares the cores with training); a forced request (end of a job, a
        reset, a resize) always goes."""
        snap = self.last_snapshot
        if snap is None or self._closed or not self._runs:
            return
        shown = self._runs[self._shown_index()]
        if shown.snapshot is not snap:
            return
        now = time.perf_counter()
        if (not force and self._job is not None and self.grid_seconds
                and now - self._grid_request_time < GRID_BUSY_FACTOR * self.grid_seconds[-1]):
            return
        xlim, ylim = self.grid_bounds()
        bounds = tuple(round(v, 9) for v in (*xlim, *ylim))
        tag = (id(shown.trainer), snap.steps, snap.epoch, bounds)
        if tag != self._grid_wanted:
            self._grid_wanted = tag
            self._grid_request_time = now
            self.grid_worker.request(tag, snap.network, xlim, ylim, GRID_N)

    def _shown_index(self) -> int:
        if len(self._runs) < 2:
            return 0
        return self.state.shown_index([r.run for r in self._runs])

    def _draw_curves(self) -> None:
        compare = len(self._runs) > 1
        last_div = None
        for r in self._runs:
            s = r.series
            e = s["epoch"]
            _set_xy(r.items["loss"], e, s["loss"])
            _set_xy(r.items["test_loss"], e, s["test_loss"])
            _set_xy(r.items["train_acc"], e, s["train_acc"])
            _set_xy(r.items["test_acc"], e, s["test_acc"])
            if compare:
                _set_xy(r.items["dead"], e, s["dead"])
            else:
                for layer in range(s.n_layers):
                    _set_xy(r.items[f"dead_{layer + 1}"], e, s.dead_layer(layer))
            if r.snapshot is not None and r.snapshot.divergence is not None:
                last_div = r.snapshot.divergence
        if last_div is not None:
            self.divergence_line.setPos(last_div.epoch)
            self.divergence_line.show()
        else:
            self.divergence_line.hide()
        self._update_ranges()

    def _update_ranges(self) -> None:
        """Axis ranges that change in steps, not every frame (a range change re-lays out the
        axes, the most expensive part of a frame): x from 0 to the next of 5, 10, 20, 50, ...
        epochs (or the budget when that is nearer), the loss over whole decades."""
        epochs = max((r.series.n - 1 for r in self._runs), default=0)
        budget = self.state.epochs
        nice = next((v for v in _NICE_EPOCHS if v >= epochs * 1.1), None) or int(epochs * 1.25) + 1
        x_hi = max(min(nice, budget), epochs, 1) if epochs <= budget else nice
        if x_hi != self._x_hi:
            self._x_hi = x_hi
            for p in (self.loss_plot, self.dead_plot):
                p.setXRange(0, x_hi, padding=0.02)
        lo, hi = math.inf, -math.inf
        for r in self._runs:
            for name in ("loss", "test_loss"):
                v = r.series[name]
                v = v[np.isfinite(v) & (v > 0)]
                if v.size:
                    lo, hi = min(lo, float(v.min())), max(hi, float(v.max()))
        if math.isfinite(lo):
            d_lo = math.floor(math.log10(lo) + 1e-9)
            d_hi = math.ceil(math.log10(hi) - 1e-9)
            d_hi = max(d_hi, d_lo + 1)
            if (d_lo, d_hi) != self._loss_decades:
                self._loss_decades = (d_lo, d_hi)
                self.loss_plot.setYRange(d_lo, d_hi, padding=0.02)

    def _grid_ready(self, result: GridResult) -> None:
        if self._closed:
            return
        # Only pictures of a current run; an older picture of the same run is still better
        # than none, but never replace a newer one.
        ids = {id(r.trainer) for r in self._runs}
        if result.tag[0] not in ids:
            return
        if (self._grid_tag is not None and self._grid_tag[0] == result.tag[0]
                and result.tag[1:3] < self._grid_tag[1:3]):
            return
        self._grid_tag = result.tag
        self.grid_values = result.values
        self.grid_kind = result.kind
        self.grid_seconds.append(result.seconds)
        img = grid_image(result.values, result.kind, result.n_classes)
        n = result.values.shape[0]
        (x0, x1), (y0, y1) = result.xlim, result.ylim
        dx, dy = (x1 - x0) / (n - 1), (y1 - y0) / (n - 1)
        self.boundary_image.setImage(img, levels=(0, 255), autoLevels=False)
        self.boundary_image.setRect(x0 - dx / 2, y0 - dy / 2, n * dx, n * dy)

    # ---- status text ------------------------------------------------------------------------
    def _update_status(self) -> None:
        """Epoch, then one table row per run: loss, accuracy (train, test), dead units."""
        if not self._runs or self._runs[0].snapshot is None:
            self.status.setText("")
            return
        budget = self.state.epochs
        compare = len(self._runs) > 1
        rows = []
        messages = []
        cell = "<td align='right' style='padding-left:8px'>{}</td>"
        for r in self._runs:
            snap = r.snapshot
            rec = snap.last
            name = function_name(catalogue.get(r.run.activations[0]))
            test = f"{rec.test_acc:.0%}" if math.isfinite(rec.test_acc) else "–"
            first = (f"<td><span style='color:{r.colour}'>■</span> {html.escape(name)}</td>"
                     if compare else "")
            rows.append("<tr>" + first + "".join(cell.format(v) for v in (
                f"{rec.loss:.3g}", f"{rec.train_acc:.0%}", test,
                f"{rec.dead}/{sum(snap.config.hidden)}")) + "</tr>")
            if snap.divergence is not None:
                msg = html.escape(divergence_text(snap.divergence, divergence_causes(snap.config)))
                messages.append(f"{html.escape(name)}: {msg}" if compare else msg)
        header = "<tr>" + ("<td></td>" if compare else "") + "".join(
            cell.format(f"<i>{h}</i>") for h in (self.tr("loss"), self.tr("train"), self.tr("test"),
                                                  self.tr("dead"))) + "</tr>"
        epoch = min(r.snapshot.epoch for r in self._runs)
        head = self.tr("<b>Epoch {epoch}</b> / {budget}").format(epoch=epoch, budget=budget)
        if self._running:
            head += " · " + self.tr("training…")
        elif messages:
            head += " · " + self.tr("stopped")
        elif epoch >= budget:
            head += " · " + self.tr("done")
        self.status.setText(f"{head}<table cellspacing='0'>{header}{''.join(rows)}</table>")
        self.status.setToolTip(self.tr(
            "Loss: mean cross-entropy on the training set. Train/test: accuracy. Dead: units "
            "whose slope is 0 for every training input. Start trains until the epoch budget; "
            "raise it to go on."))
        if messages:
            text = "<br>".join(messages)
            if self.divergence_label.text() != text:
                self.divergence_label.setText(text)
            self.divergence_label.show()
        else:
            self.divergence_label.hide()

    # ---- state <-> widgets -------------------------------------------------------------------
    def _apply(self, **values) -> None:
        try:
            self.state.update(**values)
        except _ERRORS as exc:
            self._show_input_error(str(exc))
            self._sync_widgets()
            return
        if self._input_error and not self._build_error:
            self._show_input_error("")

    def _show_input_error(self, text: str) -> None:
        self._input_error = text
        shown = text or self._build_error
        self.error.setText(shown)
        self.error.setVisible(bool(shown))

    def _state_changed(self, names: frozenset) -> None:
        if self._closed:
            return
        self._sync_widgets()
        if names & RESET_FIELDS:
            self._rebuild()
            return
        if "lr" in names or "l2" in names:
            for r in self._runs:
                try:
                    r.trainer.set_learning_rate(self.state.lr)
                    r.trainer.set_l2(self.state.l2)
                except TrainingError as exc:
                    self._show_input_error(str(exc))
        if "shown" in names:
            self._grid_wanted = None
            self._frame(force=True)
        if "epochs" in names:
            self._update_ranges()
            self._update_status()
            self._sync_buttons()
        self._sync_preset_buttons()

    def _current_changed(self, _fid: str) -> None:
        self._fill_function_combos()
        st = self.state
        if not st.compare_mode and FOLLOW in st.layer_ids():
            self._rebuild()

    def _params_changed(self, fid: str) -> None:
        if self._applying_preset:
            return                     # apply_preset rebuilds once at the end
        if fid in self.state.functions_used(self.curves.current):
            self._rebuild()
        else:
            self._sync_preset_buttons()

    def _catalogue_changed(self) -> None:
        st = self.state
        fix = {}
        if st.activation != FOLLOW and st.activation not in catalogue.CATALOGUE:
            fix["activation"] = FOLLOW
        if st.layer_activations is not None and any(
                f != FOLLOW and f not in catalogue.CATALOGUE for f in st.layer_activations):
            fix["layer_activations"] = tuple(f if f == FOLLOW or f in catalogue.CATALOGUE else FOLLOW
                                             for f in st.layer_activations)
        if st.compare and any(f not in catalogue.CATALOGUE for f in st.compare):
            kept = tuple(f for f in st.compare if f in catalogue.CATALOGUE)
            fix["compare"] = kept if len(kept) >= 2 else ()
        self._fill_function_combos()
        if fix:
            self._apply(**fix)
        # A typed function may have been redefined under the same id: rebuild if one is used.
        used = st.functions_used(self.curves.current)
        if any(f not in catalogue.CATALOGUE or catalogue.get(f).family == "custom" for f in used):
            self._rebuild()

    def _fill_function_combos(self) -> None:
        ids = list(catalogue.CATALOGUE)
        cur = self.curves.current
        follow = self.tr("From list: {name}").format(
            name=function_name(catalogue.get(cur)) if cur in catalogue.CATALOGUE else cur)
        combos = [self.activation_combo, *self._layer_combos]
        for c in combos:
            with QSignalBlocker(c):
                c.clear()
                c.addItem(follow, FOLLOW)
                for fid in ids:
                    c.addItem(function_name(catalogue.get(fid)), fid)
        for i, c in enumerate(self.compare_combos):
            with QSignalBlocker(c):
                c.clear()
                if i >= 2:
                    c.addItem("—", None)
                for fid in ids:
                    c.addItem(function_name(catalogue.get(fid)), fid)
        self._combo_ids = ids
        self._sync_widgets()

    @staticmethod
    def _select(combo: QComboBox, data) -> None:
        i = combo.findData(data)
        if i >= 0 and combo.currentIndex() != i:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(i)

    def _set_value(self, spin, value) -> None:
        if spin.value() != value:
            with QSignalBlocker(spin):
                spin.setValue(value)

    def _sync_widgets(self) -> None:
        st = self.state
        self._select(self.dataset_combo, st.dataset)
        csv = st.dataset == CSV
        for w in (self.points_spin, self.noise_spin):
            w.setEnabled(not csv)
        self.classes_spin.setEnabled(st.dataset in MULTICLASS)
        self.classes_label.setEnabled(st.dataset in MULTICLASS)
        self.csv_label.setVisible(csv and bool(st.csv_path))
        if csv and st.csv_path:
            self.csv_label.setText(self.tr("File: {name}").format(name=st.csv_path))
            self.csv_label.setToolTip(st.csv_path)
        self._set_value(self.points_spin, st.points)
        self._set_value(self.noise_spin, st.noise)
        self._set_value(self.classes_spin, st.classes_used if st.dataset in MULTICLASS else st.classes)
        self._set_value(self.test_spin, st.test_fraction)
        self._set_value(self.seed_spin, min(st.seed, self.seed_spin.maximum()))
        text = ",".join(str(h) for h in st.hidden)
        if self.hidden_edit.text() != text and not self.hidden_edit.hasFocus():
            self.hidden_edit.setText(text)
        self._select(self.activation_combo, st.activation)
        per_layer = st.layer_activations is not None
        with QSignalBlocker(self.per_layer_check):
            self.per_layer_check.setChecked(per_layer)
        self._sync_layer_combos()
        self._select(self.init_combo, st.init)
        compare = st.compare_mode
        with QSignalBlocker(self.compare_check):
            self.compare_check.setChecked(compare)
        self.compare_box.setVisible(compare)
        self.activation_combo.setEnabled(not compare and not per_layer)
        self.per_layer_check.setEnabled(not compare)
        self.layers_box.setVisible(per_layer and not compare)
        for i, c in enumerate(self.compare_combos):
            self._select(c, st.compare[i] if i < len(st.compare) else None)
        with QSignalBlocker(self.shown_combo):
            self.shown_combo.clear()
            for fid in st.compare:
                self.shown_combo.addItem(function_name(catalogue.get(fid)), fid)
        self._select(self.shown_combo, st.shown)
        self._select(self.optimizer_combo, st.optimizer)
        self._set_value(self.lr_spin, st.lr)
        self._set_value(self.momentum_spin, st.momentum)
        mom = st.optimizer == "momentum"
        self.momentum_spin.setEnabled(mom)
        self.momentum_label.setEnabled(mom)
        self._set_value(self.batch_spin, st.batch_size)
        self._set_value(self.l2_spin, st.l2)
        self._set_value(self.epochs_spin, st.epochs)
        i = self.speed_combo.findData(float(st.speed))
        if i < 0:
            self.speed_combo.addItem(self._speed_text(st.speed), float(st.speed))
            i = self.speed_combo.count() - 1
        if self.speed_combo.currentIndex() != i:
            with QSignalBlocker(self.speed_combo):
                self.speed_combo.setCurrentIndex(i)
        self._sync_buttons()

    def _sync_layer_combos(self) -> None:
        st = self.state
        n = len(st.hidden)
        while len(self._layer_combos) < n:
            i = len(self._layer_combos)
            c = QComboBox()
            c.setAccessibleName(self.tr("Activation of hidden layer {i}").format(i=i + 1))
            c.addItem(self.activation_combo.itemText(0), FOLLOW)
            for fid in self._combo_ids or list(catalogue.CATALOGUE):
                c.addItem(function_name(catalogue.get(fid)), fid)
            c.currentIndexChanged.connect(self._layers_edited)
            lab = QLabel(self.tr("layer {i}").format(i=i + 1))
            lab.setBuddy(c)
            self.layers_grid.addWidget(lab, i, 0)
            self.layers_grid.addWidget(c, i, 1)
            self._layer_combos.append(c)
        ids = st.layer_ids()
        for i, c in enumerate(self._layer_combos):
            visible = i < n
            c.setVisible(visible)
            lab = self.layers_grid.itemAtPosition(i, 0)
            if lab is not None and lab.widget() is not None:
                lab.widget().setVisible(visible)
            if visible:
                self._select(c, ids[i])

    def _sync_buttons(self) -> None:
        running = self._running
        self.start_button.setText(self.tr("Pause") if running else self.tr("Start"))
        ok = not self._build_error and bool(self._runs)
        can_train = ok and any(r.trainer.divergence is None for r in self._runs)
        at_budget = ok and all(r.trainer.epoch >= self.state.epochs or r.trainer.divergence is not None
                               for r in self._runs)
        self.start_button.setEnabled(running or (can_train and not at_budget and self._job is None))
        self.step_button.setEnabled(can_train and self._job is None)
        self.reset_button.setEnabled(not self._closed)

    def _sync_preset_buttons(self) -> None:
        try:
            key = self.state.matches_preset(self.curves.params)
        except _ERRORS:
            key = None
        for k, b in self.preset_buttons.items():
            b.setChecked(k == key)
        self._show_preset_note(key)

    # ---- widget slots -------------------------------------------------------------------------
    def _start_clicked(self) -> None:
        if self._running:
            self.pause()
        else:
            self.start()

    def _dataset_edited(self, _index: int) -> None:
        key = self.dataset_combo.currentData()
        if key == CSV and not self.state.csv_path:
            if not self._load_clicked():
                self._sync_widgets()
            return
        self._apply(dataset=key)

    def _load_clicked(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load points"), "", self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if not path:
            return False
        return self.load_csv_file(path)

    def _activation_edited(self, _index: int) -> None:
        fid = self.activation_combo.currentData()
        if fid is not None:
            self._apply(activation=fid)

    def _per_layer_toggled(self, on: bool) -> None:
        if on:
            self._apply(layer_activations=self.state.layer_ids())
        else:
            ids = self.state.layer_ids()
            self._apply(layer_activations=None, activation=ids[0])

    def _layers_edited(self, _index: int) -> None:
        n = len(self.state.hidden)
        ids = [c.currentData() for c in self._layer_combos[:n]]
        self._apply(layer_activations=tuple(ids))

    def _compare_toggled(self, on: bool) -> None:
        if on:
            first = self.curves.current if self.state.activation == FOLLOW else self.state.activation
            ids = self.state.layer_ids()
            if self.state.layer_activations is not None:
                first = self.curves.current if ids[0] == FOLLOW else ids[0]
            second = "tanh" if first != "tanh" else "relu"
            self._apply(compare=(first, second))
        else:
            self._apply(compare=())

    def _compare_edited(self, _index: int) -> None:
        ids = [c.currentData() for c in self.compare_combos]
        ids = [f for f in ids if f]
        if len(set(ids)) != len(ids):
            self._show_input_error(self.tr("Pick different functions to compare"))
            self._sync_widgets()
            return
        self._apply(compare=tuple(ids))
