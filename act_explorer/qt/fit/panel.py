"""The Fit tab: watch a small network build a function out of copies of its activation.

Controls on the left (:mod:`.controls`, bound to a :class:`~...model.fit_state.FitState`),
plots on the right (:mod:`.plots`): for one input the data, the target, the fit and every
unit's contribution v·φ(wx + b) with its kinks, over a view reaching half the data range beyond
each side; for two inputs the prediction as a heatmap and each first-layer unit's map; below,
the training and test loss.  Hovering a unit highlights it (:mod:`.hover`).

How it works (as the Training tab):

* the rules (data cache, trainer, start/step/pause, history) live in a
  :class:`~...model.fit_session.FitSession`; this panel keeps widgets, drawing and frame pacing;
* training runs on a worker thread (:class:`~..workers.TaskRunner` running the session's
  :class:`~...model.training_session.Job`); between steps the worker leaves the newest
  :class:`~...model.fit_session.FitFrame` (the snapshot and every array drawn, computed there)
  in a :class:`~..workers.Mailbox`; a :class:`QTimer` at :data:`FRAME_MS` draws it, slowing
  down only when a frame costs more than half the interval;
* a change of the data or the network rebuilds at epoch 0 (and keeps training if it was); the
  learning rate applies at once; bad input is shown inline and nothing is lost.

Export: PNG/SVG of the plots; CSV = the fit on its grid, the same columns as
``act-explorer fit -o fit.csv`` (``x,target,prediction,unit_1..unit_H``, or
``x1,x2,target,prediction`` over the plane).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...model.curves import CurvesState
from ...model.fileio import OutputError
from ...model.fit import FitError
from ...model.fit_session import FitSession, view_frame
from ...model.fit_state import CSV, RESET_FIELDS, FitState
from ...model.fit_tables import fit_table, fit_table_2d
from ...model.tables import csv_text
from ...model.training_session import Job
from ..panel_parts import beside_controls
from ..run_panel import WorkerRunMixin
from ..workers import Mailbox, TaskRunner
from .controls import FitControls
from .plots import FitPlots

FRAME_MS = 30                      # ~33 frames per second (30 with some slack) ...
MAX_FRAME_MS = 200                 # ... slower only when a frame costs more than half of that
FRAME_BUSY_FACTOR = 2.0
YIELD_S = 0.004                    # the worker hands the interpreter over this often ...
YIELD_SLEEP_S = 0.0002             # ... for this long, so a due frame starts on time
WAIT_S = 0.03                      # the longest the worker gives way to one GUI frame
STATUS_S = 0.15                    # the readouts are refreshed at most this often while running


class FitPanel(WorkerRunMixin, FitControls, FitPlots, QWidget):
    FRAME_MS, MAX_FRAME_MS, FRAME_BUSY_FACTOR = FRAME_MS, MAX_FRAME_MS, FRAME_BUSY_FACTOR
    """The Fit tab (export protocol: ``export_item``, ``export_csv``, ``export_name``,
    ``shutdown``; ``wait_until_ready`` for screenshots)."""

    export_requested = Signal(str)
    running_changed = Signal(bool)
    stopped = Signal(str)              # "budget", "diverged", "paused", "failed"
    drawn = Signal(int)                # the epoch of the frame just drawn
    title = "Fit"

    def __init__(self, curves_state: CurvesState, state: FitState | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = curves_state
        self.state = state or FitState()
        self.session = FitSession(self.state, lambda: self.curves.current, self.curves.params)
        self.runner = TaskRunner(self, show_after_ms=10_000)
        self._frames = Mailbox()                    # FitFrame from the worker
        self._job: int | None = None
        self._closed = False
        self._input_error = ""
        self._status_time = 0.0
        self._frame_drawn = None
        self._data_drawn = None
        self._ylim = (-1.0, 1.0)
        self._heat_levels = (0.0, 1.0)
        self.frame_ms: deque[float] = deque(maxlen=5000)
        self.frame_cpu_ms: deque[float] = deque(maxlen=5000)
        # Clear while the GUI thread draws a frame and paints it: the worker waits (releasing
        # the GIL) instead of competing for it at every Qt call of the paint.
        self._gui_free = threading.Event()
        self._gui_free.set()

        self.splitter = beside_controls(self, self._build_controls(), self._build_right())
        self.graphics.painted = self._gui_free.set
        self._connect_run()
        self._sync_widgets()
        self._rebuild()

    # ---- theme, language ----------------------------------------------------------------------
    def apply_theme(self) -> None:
        self._theme_plots()
        self._update_status()

    def retranslate(self) -> None:
        self._retranslate_plots()
        self._retranslate_controls()
        self._update_status()

    # ---- export protocol, sessions, lessons ------------------------------------------------------
    @property
    def export_item(self):
        return self.graphics.ci

    def export_csv(self) -> str:
        """The fit on its grid: the columns of ``act-explorer fit -o fit.csv``."""
        snap, data = self.session.snapshot, self.session.data
        if snap is None or data is None:
            raise OutputError("there is no fit to export yet")
        header, cols = (fit_table_2d if data.dim == 2 else fit_table)(data, snap.network)
        return csv_text(header, cols)

    def export_name(self) -> str:
        import re

        act = self.state.activation_id(self.curves.current)
        parts = ["fit", act, self.state.data_name()]
        return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "_", p).strip("_") or "x" for p in parts)

    def session_sections(self) -> dict:
        return {"fit": self.state}

    @staticmethod
    def fresh_sections() -> dict:
        return {"fit": FitState}

    def show_me(self, spec: dict) -> None:
        """A lesson's set-up: {"preset": key, "run": i (optional)}; trains it."""
        if "preset" in spec:
            self.apply_preset(spec["preset"], int(spec.get("run", 0)), start=True)

    def apply_preset(self, key: str, run: int = 0, start: bool = True) -> None:
        """Set up one of the lessons (its data, network and training); by default train it.
        The lessons use their functions' default parameters, so those are reset too."""
        self._stop_worker()
        before = self.session.rebuilds
        try:
            values = self.state.preset_values(key, run)
            self.curves.reset_params(values["activation"])
            self.state.update(**values)
        except (FitError, KeyError) as exc:
            self._show_input_error(str(exc))
            return
        if self.session.rebuilds == before:
            self._rebuild()
        self._sync_widgets()
        if start:
            self.start()

    def _release_worker(self) -> None:
        self._gui_free.set()

    def _stopped_text(self, message: str) -> str:
        return self.tr("Training stopped: {msg}").format(msg=message)

    def load_csv_file(self, path: str) -> bool:
        """Fit the points of a CSV file; a bad file is reported inline and nothing changes."""
        try:
            self.session.load_csv(path)
        except FitError as exc:
            self._show_input_error(self.tr("Could not use the file: {msg}").format(msg=str(exc)))
            self._sync_widgets()
            return False
        self._show_input_error("")
        before = self.session.rebuilds
        self._apply(target=CSV, csv_path=str(path))
        if self.session.rebuilds == before:
            self._rebuild()
        return True

    # ---- the worker ---------------------------------------------------------------------------
    def _submit(self, job: Job) -> None:
        mailbox = self._frames
        mailbox.take()
        session = self.session
        data = session.data
        trainer = job.trainers[0]
        gui_free = self._gui_free
        last_yield = [time.perf_counter()]

        def tick() -> None:
            """On the worker thread: give way while the GUI draws (at most WAIT_S), and leave
            the next frame once the last one was taken."""
            if not gui_free.is_set():
                gui_free.wait(WAIT_S)
            elif time.perf_counter() - last_yield[0] > YIELD_S:
                # Let the GUI thread in if it waits for the interpreter (a timer fired):
                # a short sleep hands it over now rather than after the switch interval.
                time.sleep(YIELD_SLEEP_S)
                last_yield[0] = time.perf_counter()
            if mailbox.peek() is None and session.is_current(job):
                mailbox.put(view_frame(data, trainer.snapshot(), job.generation))

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
        self._sync_controls()
        if names & RESET_FIELDS:
            self._rebuild()
            return
        if "lr" in names:
            problem = self.session.apply_live_settings()
            if problem:
                self._show_input_error(problem)
        if "epochs" in names:
            self._update_ranges()
            self._update_status()

    def _current_changed(self, _fid: str) -> None:
        self._fill_combos()
        self._sync_widgets()
        if self.session.follows_current():
            self._rebuild()

    def _params_changed(self, fid: str) -> None:
        if self.session.uses(fid):
            self._rebuild()

    def _catalogue_changed(self) -> None:
        from ...model import catalogue

        act = self.state.activation
        if act != "current" and act not in catalogue.CATALOGUE:
            self._apply(activation="current")      # its typed function was deleted
        self._fill_combos()
        self._sync_widgets()
        # A typed function may have been redefined under the same id: a new network then.
        fid = self.state.activation_id(self.curves.current)
        if fid in catalogue.CATALOGUE and catalogue.get(fid).family == "custom":
            self._rebuild()

    # ---- rebuilding -----------------------------------------------------------------------------
    def _rebuild(self) -> None:
        """A new network (epoch 0) from the state; on an error keep what is drawn."""
        if self._closed:
            return
        restart = self.session.running
        self._stop_worker()
        if not self.session.rebuild():
            self._show_input_error(self.session.build_error)
            self._sync_buttons()
            return
        self._show_input_error("")       # (also hides the last build error)
        self._frames.take()
        if self.session.data is not self._data_drawn:
            self._draw_data()
        self._x_hi = None
        self._loss_decades = None
        self.hover.clear()
        self._frame(force=True)
        self._sync_buttons()
        if restart:
            self.start()

    # ---- frames -------------------------------------------------------------------------------
    def _frame(self, force: bool = False) -> None:
        """Draw the newest frame (the QTimer's slot): while the worker runs, the one it left in
        the mailbox; otherwise, or with ``force``, one computed here."""
        if self._closed or self.session.trainer is None:
            return
        t0 = time.perf_counter()
        c0 = time.thread_time()
        frame = None
        if not force and self._job is not None:
            frame = self._frames.take()
            if frame is None or frame.generation != self.session.generation:
                self._adapt_frame_rate(t0)
                return
            if self.graphics.isVisible():
                self._gui_free.clear()          # set again when the plots are painted
            if not self.session.accept(frame.snapshot):
                self._gui_free.set()
                self._adapt_frame_rate(t0)
                return
        else:
            self.session.accept(self.session.take_snapshot(), force=True)
            frame = self.session.frame()
        if frame is None:
            return
        self._draw_frame(frame)
        now = time.perf_counter()
        if force or self._job is None or now - self._status_time >= STATUS_S:
            self._status_time = now
            self._update_status()
        self.frame_ms.append((time.perf_counter() - t0) * 1000.0)
        self.frame_cpu_ms.append((time.thread_time() - c0) * 1000.0)
        self.drawn.emit(frame.epoch)
        self._adapt_frame_rate(t0)
