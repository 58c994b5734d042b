"""Run a model function off the GUI thread, with progress, cancellation and supersession.

The model's long work is a plain function taking ``progress(fraction)`` and
``should_stop() -> bool`` callbacks (it raises when asked to stop).  :class:`TaskRunner` runs
one such job at a time on a Python thread; submitting a new job cancels the running one, and
results of a superseded job are dropped.  Signals reach the GUI thread queued.
"""

from __future__ import annotations

import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal


class _Job:
    def __init__(self, ident: int):
        self.ident = ident
        self.stop = threading.Event()
        self.last_progress = 0.0


class TaskRunner(QObject):
    """One background job at a time.

    Signals carry the job id so a view can tell which request they answer.
    ``busy_changed`` fires ``True`` only when a job has run longer than ``show_after_ms``
    (so quick jobs never flash a progress bar), and ``False`` when it ends.
    """

    started = Signal(int)
    progress = Signal(int, float)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, show_after_ms: int = 200,
                 progress_interval_s: float = 0.05):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._job: _Job | None = None
        self._thread: threading.Thread | None = None
        self._counter = 0
        self._interval = progress_interval_s
        self._busy_timer = QTimer(self, singleShot=True, interval=show_after_ms)
        self._busy_timer.timeout.connect(self._show_busy)
        self._busy_shown = False
        self.finished.connect(self._job_ended)
        self.failed.connect(self._job_ended)
        self.cancelled.connect(self._job_ended)

    # -- public ---------------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], *args, **kwargs) -> int:
        """Run ``fn(*args, progress=..., should_stop=..., **kwargs)``; returns the job id."""
        with self._lock:
            if self._job is not None:
                self._job.stop.set()
            self._counter += 1
            job = _Job(self._counter)
            self._job = job
        thread = threading.Thread(target=self._run, args=(job, fn, args, kwargs),
                                  name=f"act-explorer-task-{job.ident}", daemon=True)
        self._thread = thread
        self.started.emit(job.ident)
        self._busy_timer.start()
        thread.start()
        return job.ident

    def cancel(self) -> None:
        with self._lock:
            if self._job is not None:
                self._job.stop.set()

    def is_running(self) -> bool:
        t = self._thread
        return t is not None and t.is_alive()

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until the current job's thread ends (used on close); True if it did."""
        t = self._thread
        if t is None:
            return True
        t.join(timeout)
        return not t.is_alive()

    def shutdown(self, timeout: float = 1.0) -> bool:
        self.cancel()
        return self.wait(timeout)

    # -- worker side ----------------------------------------------------------------------
    def _current(self, job: _Job) -> bool:
        with self._lock:
            return self._job is job

    def _run(self, job: _Job, fn, args, kwargs) -> None:
        def should_stop() -> bool:
            return job.stop.is_set()

        def progress(fraction: float) -> None:
            now = time.monotonic()
            if fraction >= 1.0 or now - job.last_progress >= self._interval:
                job.last_progress = now
                if self._current(job):
                    _emit(self.progress, job.ident, float(fraction))

        try:
            result = fn(*args, progress=progress, should_stop=should_stop, **kwargs)
        except Exception as exc:  # noqa: BLE001 -- reported to the GUI, never a traceback there
            if job.stop.is_set():
                _emit(self.cancelled, job.ident)
            else:
                msg = str(exc) or exc.__class__.__name__
                if _emit(self.failed, job.ident, msg):
                    traceback.print_exc()
            return
        if job.stop.is_set() or not self._current(job):
            _emit(self.cancelled, job.ident)
        else:
            _emit(self.finished, job.ident, result)

    # -- busy indicator -------------------------------------------------------------------
    def _show_busy(self) -> None:
        if self.is_running():
            self._busy_shown = True
            self.busy_changed.emit(True)

    def _job_ended(self, ident: int, *_rest) -> None:
        with self._lock:
            current = self._job is not None and self._job.ident == ident
        if current:
            self._busy_timer.stop()
            if self._busy_shown:
                self._busy_shown = False
                self.busy_changed.emit(False)


def _emit(signal, *args) -> bool:
    """Emit from a worker thread; False when the runner was deleted meanwhile (the window
    closed while a job ran: nobody is left to tell, and that is not an error)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True
