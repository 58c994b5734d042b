"""Start, Pause, Step and Reset for a panel that trains on a worker (the Training and Fit tabs).

The rules (what may start, what a step is, why a job ended) live in the panel's session in the
model (:class:`~..model.training_session.TrainingSession`, :class:`~..model.fit_session.FitSession`);
this mixin only drives the worker from them, keeps the buttons and signals in step, and paces
the frames.  A panel using it provides ``session``, ``state``, ``curves`` (the curves'
state), ``runner`` (a TaskRunner), ``_job``, ``_closed``, the signals ``stopped(str)`` and
``running_changed(bool)``, ``graphics.last_paint_ms``, and the methods ``_submit``,
``_rebuild``, ``_frame``, ``_sync_buttons``, ``_update_status``, ``_show_input_error``, the
slots ``_state_changed``, ``_current_changed``, ``_params_changed``, ``_catalogue_changed``
and ``_stopped_text`` (the translated "training stopped" line, kept in the panel's own
translation context); it calls :meth:`WorkerRunMixin._connect_run` once its widgets are
built, which makes the frame timer ``_timer`` and connects the runner and the states.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from .panel_parts import Links, wait_until


class WorkerRunMixin:
    FRAME_MS = 33                  # the shortest frame interval ...
    MAX_FRAME_MS = 200             # ... slower only when a frame costs more than half of that
    FRAME_BUSY_FACTOR = 2.0        # frame interval >= this x (update + paint time)

    def _connect_run(self) -> None:
        """The frame timer, the runner's signals and the links to the state and the curves'
        state (called once the panel's widgets are built)."""
        self._timer = QTimer(self)
        self._timer.setInterval(self.FRAME_MS)
        self._timer.timeout.connect(self._frame)
        self.runner.finished.connect(self._job_finished)
        self.runner.cancelled.connect(self._job_cancelled)
        self.runner.failed.connect(self._job_failed)
        self._links = Links((
            (self.state.changed, self._state_changed),
            (self.curves.current_changed, self._current_changed),
            (self.curves.params_changed, self._params_changed),
            (self.curves.catalogue_changed, self._catalogue_changed),
        ))

    def shutdown(self) -> None:
        """Stop training (waits at most 1 s for the worker) and disconnect from the states."""
        self._closed = True
        self.session.closed = True
        self._timer.stop()
        self._links.disconnect()
        for binding in self._bindings:
            binding.disconnect()
        self.runner.shutdown(1.0)
        self._job = None
        self.session.stop()

    def is_ready(self) -> bool:
        return self._job is None

    def wait_until_ready(self, timeout: float = 30.0) -> bool:
        return wait_until(self.is_ready, timeout)

    # ---- actions ------------------------------------------------------------------------------
    def is_running(self) -> bool:
        """True while the worker trains (Start), not during a single Step."""
        return self.session.running

    def is_busy(self) -> bool:
        """True while any job (a run or a step) is on the worker."""
        return self._job is not None

    def start(self) -> bool:
        """Train on the worker until the epoch budget; False if there is nothing to do."""
        if self._closed or self.session.running:
            return False
        job = self.session.start()
        if job is None:
            self._nothing_to_start()
            return False
        self._submit(job)
        return True

    def _nothing_to_start(self) -> None:
        self._update_status()

    def pause(self) -> None:
        """Stop the worker (the trainers stay where they are; Start continues)."""
        if self._job is None:
            return
        self._stop_worker()
        self._frame(force=True)
        self.stopped.emit("paused")

    def step(self) -> bool:
        """Train exactly one more epoch (on the worker); False if nothing can be trained."""
        if self._closed or self.session.running or not self.session.can_train():
            return False
        self._stop_worker()
        job = self.session.step()
        if job is None:
            return False
        self._submit(job)
        return True

    def reset(self) -> None:
        """New networks from the settings and the seed: back to epoch 0 (training stops)."""
        self._stop_worker()
        self._rebuild()

    # ---- the worker ---------------------------------------------------------------------------
    def _release_worker(self) -> None:
        """Let a worker waiting for the GUI go on (before it is cancelled)."""

    def _stop_worker(self) -> None:
        self._release_worker()
        was_running = self.session.running
        if self._job is not None:
            self.runner.cancel()
            self.runner.wait(1.0)
        self._job = None
        self.session.stop()
        self._timer.stop()
        self._sync_buttons()
        if was_running:
            self.running_changed.emit(False)

    def _job_done(self, ident: int) -> str | None:
        """The worker's job ``ident`` ended: why (see the session's ``job_ended``), or None if
        it was not the current one."""
        if ident != self._job:
            return None
        was_running = self.session.running
        self._job = None
        reason = self.session.job_ended()
        self._timer.stop()
        self._frame(force=True)
        self._sync_buttons()
        if was_running:
            self.running_changed.emit(False)
        return reason

    def _job_finished(self, ident: int, _result) -> None:
        reason = self._job_done(ident)
        if reason is not None:
            self.stopped.emit(reason)

    def _job_cancelled(self, ident: int) -> None:
        if self._job_done(ident) is not None:
            self.stopped.emit("paused")

    def _job_failed(self, ident: int, message: str) -> None:
        if self._job_done(ident) is not None:
            self._show_input_error(self._stopped_text(message))
            self.stopped.emit("failed")

    # ---- frame pacing -------------------------------------------------------------------------
    def _adapt_frame_rate(self, t0: float) -> None:
        """Keep the GUI thread at most about half busy with frames: the interval is at least
        ``FRAME_MS`` and at least twice what the last frame cost (update + paint)."""
        cost = (time.perf_counter() - t0) * 1000.0 + self.graphics.last_paint_ms
        interval = int(min(self.MAX_FRAME_MS, max(self.FRAME_MS, self.FRAME_BUSY_FACTOR * cost)))
        if self._timer.interval() != interval:
            self._timer.setInterval(interval)
