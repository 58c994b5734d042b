"""The Phase tab's two experiments run on workers: the trainability sweep (progress,
Cancel) and the Jacobian spectrum at the current point.

A mixin of :class:`~act_explorer.qt.phase.panel.PhasePanel`."""

from __future__ import annotations

import time


from ...model import jacobian as J
from ...model import trainability as T



class PhaseRuns:
    """Running the sweep and the spectrum, and showing their results."""

    # -- the sweep ------------------------------------------------------------------------------
    def run_sweep(self, config: T.SweepConfig | None = None) -> int | None:
        """Start the trainability sweep of the current function (or ``config``)."""
        try:
            cfg = (config or self.state.sweep_config(self.curves.current, self.curves.params())).validate()
        except T.SweepError as exc:
            self._set_error(str(exc))
            return None
        self._set_error("")
        self._sweep_job = self.sweep_runner.submit(T.sweep, cfg)
        self.sweep_progress.setValue(0)
        self.sweep_progress.setVisible(True)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._sweep_started = time.monotonic()
        self._sweep_status = self.tr("Running {n} networks…").format(n=len(cfg.sigma_w2) * len(cfg.depths))
        self._render_sweep_note()
        return self._sweep_job

    def cancel_sweep(self) -> None:
        self.sweep_runner.cancel()

    def sweep_running(self) -> bool:
        return self._sweep_job is not None

    def _sweep_progress(self, ident: int, fraction: float) -> None:
        if ident == self._sweep_job:
            self.sweep_progress.setValue(int(1000 * fraction))

    def _sweep_ended(self) -> None:
        self._sweep_job = None
        self.sweep_progress.setVisible(False)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _sweep_done(self, ident: int, result) -> None:
        if ident != self._sweep_job or self._closed:
            return
        self._sweep_ended()
        self.sweep_result = result
        self.sweep_view.show(result)
        self._sweep_status = self.tr("Done: {n} networks in {s} s.").format(
            n=result.accuracy.size, s=f"{result.seconds:.1f}")
        self._render_titles()
        self._render_sweep_note()
        self.sweep_shown.emit()

    def _sweep_failed(self, ident: int, message: str) -> None:
        if ident != self._sweep_job:
            return
        self._sweep_ended()
        self._sweep_status = ""
        self._render_sweep_note()
        self._set_error(message)

    def _sweep_cancelled(self, ident: int) -> None:
        if ident != self._sweep_job:
            return
        self._sweep_ended()
        self._sweep_status = self.tr("Cancelled.")
        self._render_sweep_note()

    # -- the spectrum ----------------------------------------------------------------------------
    def run_spectrum(self) -> int | None:
        if self._closed:
            return None
        args = self.state.spectrum_args(self.curves.current, self.curves.params())
        act_id = args.pop("act_id")
        self._spec_dirty = False
        self._spec_job = self.spec_runner.submit(J.jacobian_spectrum, act_id, **args)
        self._render_spectrum()
        return self._spec_job

    def _spec_done(self, ident: int, spec) -> None:
        if ident != self._spec_job or self._closed:
            return
        self._spec_job = None
        self.spectrum = spec
        self.spectrum_view.show(spec)
        self._render_titles()
        self._render_spectrum()
        self.spectrum_shown.emit()

    def _spec_failed(self, ident: int, message: str) -> None:
        if ident != self._spec_job:
            return
        self._spec_job = None
        self._set_error(message)
        self._render_spectrum()

