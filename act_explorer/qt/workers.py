"""The one concurrency layer: model work off the GUI thread, cancellable, newest request wins.

- :class:`TaskRunner` — long jobs with progress: the model's work is a plain function taking
  ``progress(fraction)`` and ``should_stop() -> bool`` callbacks (it raises when asked to
  stop); one job at a time on a Python thread; submitting a new job cancels the running one,
  and results of a superseded job are dropped.
- :class:`LatestWorker` — short requests that follow the user's input (a critical σ_w for the
  parameters now shown, the decision-boundary grid of the newest weights): one long-lived
  thread; a new request replaces a pending one; a result for a superseded request is dropped.
- :class:`Mailbox` — the newest value handed from a worker thread to the GUI thread, under a
  lock (training snapshots), instead of attributes written across threads.

Signals reach the GUI thread queued.  Every thread started here is joined on close.
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
        self._threads: list[threading.Thread] = []    # every thread started and not yet joined
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
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
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
        """Block until every thread this runner started has ended (a cancelled job may still
        be finishing its step when the next one starts), at most ``timeout`` seconds in all;
        True if they all did."""
        deadline = time.monotonic() + timeout
        for t in list(self._threads):
            t.join(max(0.0, deadline - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]
        return not self._threads

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
                if _emit(self.failed, job.ident, msg) and not isinstance(exc, ValueError):
                    traceback.print_exc()   # a bug; a refusal (ValueError) is only shown
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


_NOTHING = object()


class LatestWorker(QObject):
    """One long-lived thread running ``fn(request, should_stop) -> result`` for the newest
    request only.

    :meth:`request` replaces a request not yet started; a request that is running is asked to
    stop (``should_stop()`` turns True) and its result dropped.  ``finished(request, result)``
    and ``failed(request, message)`` reach the GUI thread queued, only for the newest request.
    :meth:`close` stops and joins the thread.
    """

    finished = Signal(object, object)
    failed = Signal(object, str)

    def __init__(self, fn: Callable[[Any, Callable[[], bool]], Any], parent: QObject | None = None,
                 name: str = "latest-worker"):
        super().__init__(parent)
        self._fn = fn
        self._cond = threading.Condition()
        self._pending: Any = _NOTHING
        self._generation = 0          # bumped by every request: a running one is stale after it
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name=f"act-explorer-{name}", daemon=True)
        self._thread.start()

    def request(self, req: Any) -> None:
        with self._cond:
            if self._closed:
                return
            self._pending = req
            self._generation += 1
            self._cond.notify()

    def is_idle(self) -> bool:
        """No request waiting and none running."""
        with self._cond:
            return self._pending is _NOTHING and not self._busy

    _busy = False

    def close(self, timeout: float = 1.0) -> bool:
        with self._cond:
            self._closed = True
            self._pending = _NOTHING
            self._generation += 1
            self._cond.notify()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._pending is _NOTHING and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                req, self._pending = self._pending, _NOTHING
                gen = self._generation
                self._busy = True

            def should_stop(gen: int = gen) -> bool:
                return self._generation != gen

            try:
                result = self._fn(req, should_stop)
            except Exception as exc:  # noqa: BLE001 -- reported to the GUI
                with self._cond:
                    self._busy = False
                if not should_stop():
                    if (_emit(self.failed, req, str(exc) or exc.__class__.__name__)
                            and not isinstance(exc, ValueError)):
                        traceback.print_exc()   # a bug; a refusal (ValueError) is only shown
                continue
            with self._cond:
                self._busy = False
            if not should_stop():
                _emit(self.finished, req, result)


class Mailbox:
    """A locked slot for the newest value a worker thread hands to the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: Any = None

    def put(self, value: Any) -> None:
        with self._lock:
            self._value = value

    def take(self) -> Any:
        """The newest value (None if there is none), emptying the slot."""
        with self._lock:
            value, self._value = self._value, None
            return value

    def peek(self) -> Any:
        with self._lock:
            return self._value
