"""The training tab: train a small network on 2-D data and watch loss, accuracy, dead units
and the decision boundary change, live.

Controls on the left (:mod:`.controls`, bound to a
:class:`~...model.training_state.TrainingState`), plots on the right (:mod:`.plots`): the
decision boundary as a heat map of P(class 1) under the data points, and beside it the loss
(log scale), the accuracy and the dead units per layer, per epoch.

How it works
------------
* What to train and the rules (data set cache, networks, histories, start/step/pause,
  rebuilds, functions that left the catalogue) live in a
  :class:`~...model.training_session.TrainingSession`; this panel keeps the widgets, the
  drawing and the frame pacing.
* Training runs on a worker thread (:class:`~..workers.TaskRunner` running the session's
  :class:`~...model.training_session.Job`, i.e. the model's plain function
  :func:`~...model.training_session.train_runs`); the GUI thread never trains.
* A :class:`QTimer` at :data:`FRAME_MS` (30 fps) draws the snapshots the worker left in a
  :class:`~..workers.Mailbox` (taken on the worker's thread between steps, so the GUI thread
  never waits for a trainer's lock): new history records are appended to per-run arrays, so a
  frame costs the same at epoch 10 and at epoch 10 000.  When a frame costs more than half of
  that interval, the interval grows to twice the frame's cost (at most :data:`MAX_FRAME_MS`).
* The decision grid (:func:`~...model.network.decision_grid` on the snapshot's network copy)
  is computed on its own thread (:class:`~..workers.LatestWorker`, newest request wins): a
  slow typed function never stalls the GUI, and the boundary refreshes as fast as it can be
  computed (up to the frame rate).
* Any change of the data or of the network (:data:`~...model.training_state.RESET_FIELDS`,
  the followed function, a parameter of a function in use) starts again from epoch 0 (and
  keeps training if it was); the learning rate and L2 apply to the running network at once;
  the speed and the epoch budget to what happens next.
* Divergence stops the run with the model's message (naming the epoch) shown inline; the
  model restores the last finite epoch, and that is what stays on screen.
* Compare mode trains 2-4 functions in lockstep (same data, same seed and so the same initial
  weights for the same shapes); their losses, accuracies and dead counts share the plots, in
  each function's colour, and the boundary is that of the function picked under "Boundary".

For the network diagram (embedding)
-----------------------------------
* :attr:`TrainingPanel.network_host` is a page beside the plots (the "Network" tab of the
  right-hand side) that :meth:`TrainingPanel.set_network_view` fills.
* :attr:`TrainingPanel.frame` (``Signal(object)``) carries the :class:`~...model.training.Snapshot`
  of the run whose boundary is shown, on the GUI thread, once per frame in which it changed
  (and after a reset or a step); :attr:`TrainingPanel.last_snapshot` keeps it, and
  :meth:`TrainingPanel.grid_bounds` gives the ``(xlim, ylim)`` the boundary uses.
  :attr:`TrainingPanel.runs_reset` fires after the networks were rebuilt (epoch 0).

Export: PNG/SVG of all plots (``export_item``); CSV = the run's history, one row per epoch
from 1, exactly the ``act-explorer train`` columns (``epoch,loss,train_acc,test_acc,dead,
saturated,dead_1..dead_L``); in compare mode one column block per function
(:func:`~...model.training_session.runs_csv`: ``epoch,relu_loss,...,tanh_loss,...``).
"""

from __future__ import annotations

import time
from collections import deque

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...model.curves import CurvesState
from ...model.datasets import DataError
from ...model.fileio import OutputError
from ...model.lesson_setup import apply_lesson
from ...model.training import Snapshot, Trainer, history_csv
from ...model.training_session import Job, TrainingSession, runs_csv
from ...model.training_state import CSV, RESET_FIELDS, TrainingState, TrainingStateError
from ..panel_parts import beside_controls
from ..run_panel import WorkerRunMixin
from ..workers import LatestWorker, Mailbox, TaskRunner
from .controls import TrainingControls
from .plots import GRID_N, GridRequest, GridResult, TrainingPlots, _RunView, compute_grid

FRAME_MS = 33                      # ~30 frames per second ...
MAX_FRAME_MS = 200                 # ... slower only when a frame costs more than half of that
FRAME_BUSY_FACTOR = 2.0            # frame interval >= this x (update + paint time)
STATUS_S = 0.15                    # the status text is refreshed at most this often while running
GRID_BUSY_FACTOR = 3.0             # while training, grid requests >= this x the last grid's time apart


class TrainingPanel(WorkerRunMixin, TrainingControls, TrainingPlots, QWidget):
    FRAME_MS, MAX_FRAME_MS, FRAME_BUSY_FACTOR = FRAME_MS, MAX_FRAME_MS, FRAME_BUSY_FACTOR
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
        self.session = TrainingSession(self.state, lambda: self.curves.current, self.curves.params)
        self.runner = TaskRunner(self, show_after_ms=10_000)
        self.grid_worker = LatestWorker(compute_grid, self, name="decision-grid")
        self._snapshots = Mailbox()                 # (generation, snapshots) from the worker
        self._runs: list[_RunView] = []
        self._job: int | None = None                # the TaskRunner's id of the session's job
        self._closed = False
        self._input_error = ""
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
        self._layer_combos = []

        self.splitter = beside_controls(self, self._build_controls(), self._build_right())

        self._connect_run()
        self.grid_worker.finished.connect(self._grid_ready)
        self._fill_function_combos()
        self._sync_widgets()
        self._attach_network_view()
        self._rebuild()

    # ---- what the session holds ---------------------------------------------------------------
    @property
    def dataset(self):
        return self.session.dataset

    @property
    def _running(self) -> bool:
        return self.session.running

    @property
    def _build_error(self) -> str:
        return self.session.build_error

    @property
    def _rebuilds(self) -> int:
        return self.session.rebuilds

    def snapshots(self) -> list[tuple[str, Snapshot | None]]:
        """(run key, latest snapshot drawn) of every run, in order."""
        return [(r.key, r.snapshot) for r in self.session.runs]

    def run_keys(self) -> list[str]:
        return [r.key for r in self.session.runs]

    def trainers(self) -> list[Trainer]:
        return self.session.trainers()

    # ---- theme and language -------------------------------------------------------------------
    def apply_theme(self) -> None:
        """Recolour every plot, legend and run from the current theme."""
        self._theme_plots()
        self._recolour_runs()
        self._update_status()

    def retranslate(self) -> None:
        """Texts composed with numbers or names, in the language now installed."""
        self._retranslate_plots()
        self._retranslate_controls()
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

    def _attach_network_view(self) -> None:
        from ..network_view import NetworkView

        self.network_view = NetworkView()
        self.set_network_view(self.network_view)
        # Drawn only while its page is shown; its model follows every frame all the same.
        self.right_tabs.currentChanged.connect(self._network_page_shown)
        self._network_page_shown()
        self.frame.connect(self._feed_network_view)
        self.runs_reset.connect(self._network_reset)
        if self.last_snapshot is not None:
            self._feed_network_view(self.last_snapshot)

    def _network_page_shown(self, *_args) -> None:
        self.network_view.set_drawing(self.right_tabs.currentWidget() is self.network_host)

    def _network_reset(self) -> None:
        """New networks: forget the old diagram and draw the new one at epoch 0 at once (the
        epoch-0 frame was emitted before ``runs_reset``)."""
        self.network_view.clear()
        self._feed_network_view(self.last_snapshot)

    def _feed_network_view(self, snapshot) -> None:
        if self.dataset is not None and snapshot is not None:
            self.network_view.update_frame(snapshot, self.dataset, self.data_bounds())

    # ---- export protocol, sessions and lessons ------------------------------------------------
    @property
    def export_item(self):
        return self.graphics.ci

    def export_items(self) -> dict:
        """Every exportable picture of this panel, by name (the first is the default)."""
        return {"plots": self.export_item, "network": self.network_view.export_item}

    def export_csv(self) -> str:
        self._frame(force=True)
        snaps = [(k, s) for k, s in self.snapshots() if s is not None]
        if not snaps:
            raise OutputError("there is no training history to export yet")
        if len(snaps) == 1:
            snap = snaps[0][1]
            return history_csv(snap.history[1:], len(snap.config.hidden))
        return runs_csv([(k, s.history) for k, s in snaps])

    def export_name(self) -> str:
        return self.state.export_name(self.run_keys() or ["network"])

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

    def shutdown(self) -> None:
        """Stop training (waits at most 1 s for the worker) and the grid thread."""
        super().shutdown()
        self.grid_worker.close(0.5)

    def is_ready(self) -> bool:
        """Nothing running and the boundary drawn for the latest state (screenshots)."""
        if self._job is not None:
            return False
        return self._grid_wanted is None or self._grid_tag == self._grid_wanted

    # ---- actions (Start, Pause, Step, Reset: WorkerRunMixin) -------------------------------
    def _nothing_to_start(self) -> None:
        if not self._build_error and self.session.runs:
            self._update_status()

    def _stopped_text(self, message: str) -> str:
        return self.tr("Training stopped: {msg}").format(msg=message)

    def load_csv_file(self, path: str) -> bool:
        """Use the points of a CSV file; on a bad file show why inline and keep everything."""
        try:
            self.session.load_csv(path)
        except DataError as exc:
            self._show_input_error(self.tr("Could not use the file: {msg}").format(msg=str(exc)))
            self._sync_widgets()
            return False
        self._show_input_error("")
        before = self._rebuilds
        self._apply(dataset=CSV, csv_path=str(path))
        if self._rebuilds == before:        # the same file again (perhaps edited): new networks
            self._rebuild()
        return True

    # ---- the worker -----------------------------------------------------------------------
    def _submit(self, job: Job) -> None:
        mailbox = self._snapshots
        mailbox.take()
        session = self.session

        def tick() -> None:
            """On the worker thread (``train_runs``' tick): leave snapshots for the next
            frame once it took the last ones, so the GUI thread never waits for a lock."""
            if mailbox.peek() is None and session.is_current(job):
                mailbox.put((job.generation, tuple(t.snapshot() for t in job.trainers)))

        self._timer.setInterval(FRAME_MS)
        self._job = self.runner.submit(job, tick=tick)
        self._timer.start()
        self._sync_buttons()
        if job.kind == "run":
            self.running_changed.emit(True)

    # ---- settings changed -----------------------------------------------------------------------
    def _state_changed(self, names: frozenset) -> None:
        if self._closed:
            return
        self._sync_controls()              # the bound controls follow the state themselves
        if names & RESET_FIELDS:
            self._rebuild()
            return
        if "lr" in names or "l2" in names:
            for problem in self.session.apply_live_settings():
                self._show_input_error(problem)
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
        if self.session.follows_current():
            self._rebuild()

    def _params_changed(self, fid: str) -> None:
        if self._applying_preset:
            return                     # apply_preset rebuilds once at the end
        if self.session.uses(fid):
            self._rebuild()
        else:
            self._sync_preset_buttons()

    def _catalogue_changed(self) -> None:
        fix = self.session.repair_catalogue()
        self._fill_function_combos()
        if fix:
            self._apply(**fix)
        # A typed function may have been redefined under the same id: rebuild if one is used.
        if self.session.uses_typed_function():
            self._rebuild()

    # ---- (re)building the runs ----------------------------------------------------------------
    def _rebuild(self) -> None:
        """New trainers (epoch 0) from the state; on an error keep what is drawn."""
        if self._closed:
            return
        restart = self.session.running
        self._stop_worker()
        if not self.session.rebuild():
            self._show_input_error(self._build_error)
            self._sync_buttons()
            return
        if self._input_error:
            self._show_input_error("")
        self._clear_plots()
        self.divergence_label.hide()
        self._snapshots.take()
        self._x_hi = None
        self._loss_decades = None
        self._runs = [_RunView(r) for r in self.session.runs]
        self._recolour_runs()
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

    # ---- frames -----------------------------------------------------------------------------
    def _frame(self, force: bool = False) -> None:
        """Draw what changed since the last frame (the QTimer's slot).

        While the worker runs, the snapshots are the ones it left in the mailbox (see
        :meth:`_submit`); otherwise, or with ``force``, they are taken here."""
        if self._closed or not self._runs:
            return
        t0 = time.perf_counter()
        snaps = None
        if not force and self._job is not None:
            pub = self._snapshots.take()
            if pub is None or pub[0] != self.session.generation:
                self._adapt_frame_rate(t0)
                return
            snaps = pub[1]
        if snaps is None:
            snaps = self.session.take_snapshots()
        if not self.session.accept(snaps, force):
            self._adapt_frame_rate(t0)
            return
        self._draw_curves()
        snap = self.session.shown_snapshot()
        self.last_snapshot = snap
        self._request_grid(force)
        now = time.perf_counter()
        if force or self._job is None or now - self._status_time >= STATUS_S:
            self._status_time = now
            self._update_status()
        self.frame_ms.append((time.perf_counter() - t0) * 1000.0)
        self.frame.emit(snap)
        self._adapt_frame_rate(t0)

    def _request_grid(self, force: bool = False) -> None:
        """Ask the grid thread for the shown run's boundary, unless it was asked already.

        While training, requests are spaced so the grid thread is busy at most about a third
        of the time (it shares the cores with training), and none replaces a grid being
        computed (its picture is still drawn); a forced request (end of a job, a reset, a
        resize) always goes."""
        snap = self.last_snapshot
        if snap is None or self._closed or not self._runs:
            return
        shown = self.session.runs[self.session.shown_index()]
        if shown.snapshot is not snap:
            return
        now = time.perf_counter()
        if not force and self._job is not None and (
                not self.grid_worker.is_idle()
                or (self.grid_seconds
                    and now - self._grid_request_time < GRID_BUSY_FACTOR * self.grid_seconds[-1])):
            return
        xlim, ylim = self.grid_bounds()
        bounds = tuple(round(v, 9) for v in (*xlim, *ylim))
        tag = (id(shown.trainer), snap.steps, snap.epoch, bounds)
        if tag != self._grid_wanted:
            self._grid_wanted = tag
            self._grid_request_time = now
            self.grid_worker.request(GridRequest(tag, snap.network, xlim, ylim, GRID_N))

    def _shown_index(self) -> int:
        return self.session.shown_index()

    def _grid_ready(self, _request, result: GridResult) -> None:
        if self._closed:
            return
        # Only pictures of a current run; an older picture of the same run is still better
        # than none, but never replace a newer one.
        ids = {id(r.trainer) for r in self.session.runs}
        if result.tag[0] not in ids:
            return
        if (self._grid_tag is not None and self._grid_tag[0] == result.tag[0]
                and result.tag[1:3] < self._grid_tag[1:3]):
            return
        self._grid_tag = result.tag
        self.grid_values = result.values
        self.grid_kind = result.kind
        self.grid_seconds.append(result.seconds)
        self._show_grid(result)
