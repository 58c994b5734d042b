"""The Phase tab: order, chaos and the edge between, over the plane (σ_w², σ_b²).

Controls on the left (bound to a :class:`~act_explorer.model.phase_state.PhaseState`), three
views on the right: the mean-field phase diagram of the current function (a log-scale heatmap
of a depth scale with the critical line χ = 1 and the current point as a draggable marker),
the trainability sweep and the Jacobian spectrum at the current point.

How it works
------------
* The diagram (a 100 × 100 grid and the critical line, :mod:`~act_explorer.model.phase`) is
  computed on a :class:`~act_explorer.qt.workers.LatestWorker`: changing the function, its
  parameters or the window asks again, and only the newest answer is drawn.  While the tab is
  hidden a change only marks the diagram stale.
* The current point's exact values and the critical point of a preset come from a second
  LatestWorker, so the GUI thread never builds a function's moment table.
* Dragging the marker (or clicking in the plot, or typing σ_w², σ_b², or a preset) moves the
  point and sets the Depth tab to a custom init with σ_w = √σ_w², σ_b = √σ_b²; a custom
  σ_w typed on the Depth tab moves the marker back.  Restoring settings or a session moves the
  marker only.
* The sweep and the spectrum run on :class:`~act_explorer.qt.workers.TaskRunner`\\ s with
  progress; the sweep has Cancel.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QWidget,
)

from ...model import catalogue
from ...model import depth as D
from ...model import phase as P
from ...model.curves import CurvesState
from ...model.fileio import OutputError
from ...model.phase_state import (
    VIEWS,
    PhaseState,
)
from ..i18n import function_name
from ..plotting import restyle_plot
from ..panel_parts import wait_until
from ..workers import LatestWorker, TaskRunner
from .diagram import undefined_colours

from .controls import PhaseControls
from .panel_keys import GRID_KEYS, POINT_KEYS, SPECTRUM_KEYS
from .runs import PhaseRuns



def num(v: float) -> str:
    """A figure as the readouts show it: 4 significant digits, ∞, or — where undefined."""
    if v != v:
        return "—"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-3):
        return f"{v:.3e}".replace("-", "−")
    return f"{v:.4g}".replace("-", "−")


def _grid_job(req, should_stop):
    fid, _ident, params, w, b, n = req
    grid = P.phase_grid(fid, dict(params), sigma_w2=w, sigma_b2=b, n=n)
    if should_stop():
        return None
    cw, cb = P.critical_points(fid, dict(params), sigma_b2=b, n=61, sigma_w2_max=w[1])
    return grid, cw, cb


def _point_job(req, should_stop):
    kind, fid, _ident, params, sw2, sb2 = req
    if kind == "critical":
        return float(P.critical_line(fid, dict(params), [sb2])[0])
    return P.phase_point(fid, dict(params), sw2, sb2)


class PhasePanel(PhaseControls, PhaseRuns, QWidget):
    """The Phase tab (export protocol: ``export_item``, ``export_csv``, ``export_name``,
    ``shutdown``; ``session_sections`` / ``fresh_sections``; ``wait_until_ready``)."""

    export_requested = Signal(str)
    grid_shown = Signal()
    point_shown = Signal()
    sweep_shown = Signal()
    spectrum_shown = Signal()
    title = "Phase"

    def __init__(self, curves_state: CurvesState, depth_state, phase_state: PhaseState | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = curves_state
        self.depth_state = depth_state
        self.state = phase_state or PhaseState()
        self.grid = None                   # (request, PhaseGrid, crit_w2, crit_b2) drawn
        self.point = None                  # PhasePoint of the current point
        self.sweep_result = None
        self.spectrum = None
        self._wanted = None                # the grid request wanted now
        self._point_wanted = None
        self._dirty = True
        self._closed = False
        self._error_text = ""
        self._hover = (-1, -1)
        self._sweep_job: int | None = None
        self._spec_job: int | None = None
        self._spec_dirty = True
        self._sweep_status = ""

        self.grid_worker = LatestWorker(_grid_job, self, name="phase-grid")
        self.point_worker = LatestWorker(_point_job, self, name="phase-point")
        self.grid_worker.finished.connect(self._grid_done)
        self.grid_worker.failed.connect(self._grid_failed)
        self.point_worker.finished.connect(self._point_done)
        self.point_worker.failed.connect(self._point_failed)
        self.sweep_runner = TaskRunner(self)
        self.sweep_runner.progress.connect(self._sweep_progress)
        self.sweep_runner.finished.connect(self._sweep_done)
        self.sweep_runner.failed.connect(self._sweep_failed)
        self.sweep_runner.cancelled.connect(self._sweep_cancelled)
        self.spec_runner = TaskRunner(self)
        self.spec_runner.finished.connect(self._spec_done)
        self.spec_runner.failed.connect(self._spec_failed)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(self.splitter)
        self.splitter.addWidget(self._build_controls())
        self.splitter.addWidget(self._build_views())
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([270, 900])

        self.state.changed.connect(self._state_changed)
        self._curves_slots = (
            (self.curves.current_changed, self._function_changed),
            (self.curves.params_changed, self._params_changed),
            (self.curves.catalogue_changed, self._function_changed),
        )
        for sig, slot in self._curves_slots:
            sig.connect(slot)
        self.depth_state.settings_changed.connect(self._depth_changed)
        self._show_point_widgets()
        self._show_view()
        self.retranslate()

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Texts composed with numbers or names, in the language now installed."""
        for key, text, tip in (
                ("xavier", self.tr("Xavier"), self.tr("Xavier / Glorot: σ_w² = 2·fan_in/(fan_in + fan_out), 1 "
                                            "for square layers; σ_b² kept")),
                ("he", self.tr("He"), self.tr("He / Kaiming: σ_w² = 2 (2/(1 + a²) for a leaky slope a); σ_b² kept")),
                ("lecun", self.tr("LeCun"), self.tr("LeCun: σ_w² = 1; σ_b² kept")),
                ("critical", self.tr("Critical"), self.tr("The point of the critical line χ = 1 at the current σ_b² "
                                                "(found by root finding)"))):
            self.preset_buttons[key].setText(text)
            self.preset_buttons[key].setToolTip(tip)
        self.depth_note.setText(self.tr("The point sets the Depth tab: custom init, σ_w = √σ_w², σ_b = √σ_b²."))
        self.run_button.setText(self.tr("Run sweep"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._render_function()
        self._render_diagram_note()
        self._render_titles()
        self._render_readout()
        self._render_sweep_note()
        self._render_spectrum()

    def apply_theme(self) -> None:
        self.diagram.apply_theme()
        self.sweep_view.apply_theme()
        self.spectrum_view.apply_theme()
        self._render_diagram_note()
        self._render_titles()
        self._render_readout()

    def _render_function(self) -> None:
        act = catalogue.CATALOGUE.get(self.curves.current)
        name = function_name(act) if act is not None else self.curves.current
        self.function_label.setText(self.tr("Function: <b>{name}</b> (choose it in the Functions list)")
                                    .format(name=_html(name)))

    def _bar_label(self) -> str:
        return {"xi_corr": self.tr("log₁₀ ξ_c (layers)"), "xi_grad": self.tr("log₁₀ |ξ_∇| (layers)"),
                "chi": self.tr("log₁₀ χ"), "q_star": self.tr("log₁₀ q*")}[self.state.quantity]

    def _render_diagram_note(self) -> None:
        zero, inf = undefined_colours()

        def swatch(rgba):
            return f"<span style='background-color:rgb({rgba[0]},{rgba[1]},{rgba[2]})'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"

        self.diagram_note.setText(
            self.tr("White line: the critical line χ = 1 (ordered phase to its left, chaotic to its "
                    "right). {zero} q* = 0: every signal dies out; {inf} q* = ∞: no finite fixed "
                    "point. Neither is coloured as a number. ξ_∇ = −1/ln χ is negative in the chaotic "
                    "phase (the gradient grows); the colour shows |ξ_∇|. The depth scales grow "
                    "without bound at the line: the colour scale ends at the 99th percentile of "
                    "the cells, and cells above it take its top colour.")
            .format(zero=swatch(zero), inf=swatch(inf)))

    def _render_titles(self) -> None:
        fid = self.grid[1].act_id if self.grid is not None else self.curves.current
        act = catalogue.CATALOGUE.get(fid)
        name = function_name(act) if act is not None else fid
        self.diagram.set_title(self.tr("{f}: {q} over (σ_w², σ_b²)").format(
            f=name, q=self.quantity_labels[self.state.quantity]))
        self.diagram.plot.setLabel("bottom", self.tr("σ_w² (weight variance × fan_in)"))
        self.diagram.plot.setLabel("left", self.tr("σ_b² (bias variance)"))
        self.diagram.heatmap.set_label(self._bar_label())
        restyle_plot(self.diagram.heatmap.bar)
        r = self.sweep_result
        if r is not None:
            act = catalogue.CATALOGUE.get(r.config.activation)
            rname = function_name(act) if act is not None else r.config.activation
            self.sweep_view.set_title(self.tr("{f}, width {w}, σ_b² = {b}: training accuracy after {n} SGD "
                                         "steps; red: L = 6ξ_c").format(
                f=rname, w=r.config.width, b=f"{r.config.sigma_b2:g}", n=r.config.steps))
        else:
            self.sweep_view.set_title(self.tr("Trainability: press Run sweep"))
        self.sweep_view.set_labels(self.tr("depth L (hidden layers)"), self.tr("training accuracy"))
        self.spectrum_view.set_labels(self.tr("singular value of the input–output Jacobian"), self.tr("count"))
        s = self.spectrum
        if s is not None:
            act = catalogue.CATALOGUE.get(s.act_id)
            sname = function_name(act) if act is not None else s.act_id
            init = self.tr("Gaussian") if s.init == "gaussian" else self.tr("orthogonal")
            self.spectrum_view.set_title(self.tr("{f}, {L} layers, width {n}, {init} weights, σ_w² = {w}, "
                                            "σ_b² = {b}").format(f=sname, L=s.layers, n=s.width, init=init,
                                                                  w=num(s.sigma_w2), b=num(s.sigma_b2)))
        else:
            self.spectrum_view.set_title(self.tr("Jacobian spectrum"))

    def _cell_text(self, sw2, sb2, q, chi, xg, xc, status) -> str:
        head = self.tr("σ_w² = {w}, σ_b² = {b}").format(w=num(sw2), b=num(sb2))
        if status == "infinite":
            return head + ": " + self.tr("q* = ∞ (no finite fixed point): nothing is defined")
        phase = ""
        if chi == chi:
            phase = self.tr("ordered") if chi < 1 else (self.tr("chaotic") if chi > 1 else self.tr("critical"))
        body = self.tr("q* = {q}, χ = {chi}, ξ_∇ = {xg}, ξ_c = {xc}").format(
            q=num(q), chi=num(chi), xg=num(xg), xc=num(xc))
        if status == "zero":
            body += " " + self.tr("(q* = 0: χ and ξ_∇ are the limits as q → 0)")
        return f"{head}: {body}" + (f" — <b>{phase}</b>" if phase else "")

    def _render_readout(self) -> None:
        i, j = self._hover
        if i >= 0 and self.grid is not None:
            g = self.grid[1]
            text = self.tr("Pointer: ") + self._cell_text(
                g.sigma_w2[j], g.sigma_b2[i], g.q_star[i, j], g.chi[i, j], g.xi_grad[i, j],
                g.xi_corr[i, j], P.STATUS_NAMES[int(g.status[i, j])])
        elif self.point is not None:
            p = self.point
            text = self.tr("Marker: ") + self._cell_text(p.sigma_w2, p.sigma_b2, p.q_star, p.chi,
                                                         p.xi_grad, p.xi_corr, p.status)
        elif self._wanted is not None and (self.grid is None or self.grid[0] != self._wanted):
            text = self.tr("Computing the phase diagram…")
        else:
            text = ""
        self.readout.setText(text)

    def _render_sweep_note(self) -> None:
        text = self.tr("Trains every (σ_w², L) network of the current function (width above, plain SGD, "
                  "learning rate 0.01, batch 32) on the moons data and colours its final training "
                  "accuracy. Schoenholz et al. (2017) found that networks train only up to L ≈ 6ξ_c. "
                  "The default size takes a few minutes.")
        if self._sweep_status:
            text += "<br>" + self._sweep_status
        self.sweep_note.setTextFormat(Qt.TextFormat.RichText)
        self.sweep_note.setText(text)

    def _render_spectrum(self) -> None:
        s = self.spectrum
        if s is None:
            self.spec_summary.setText(self.tr("Computing…") if self._spec_job is not None else "")
            return
        p = s.predicted
        text = self.tr("Squared singular values: mean {m}, variance {v} (per network, averaged over {n}).").format(
            m=num(s.mean()), v=num(s.variance()), n=s.singular_values.shape[0])
        if p.variance == p.variance:
            text += "<br>" + self.tr("Free probability (wide networks): mean χ<sup>L</sup> = {m}, variance {v}.").format(
                m=num(p.mean), v=num(p.variance))
        else:
            text += "<br>" + self.tr("Free probability: no prediction here (no finite fixed point).")
        self.spec_summary.setText(text)

    # -- the point ----------------------------------------------------------------------------
    def set_point(self, sigma_w2: float, sigma_b2: float, push: bool = True) -> bool:
        """Move the current point (the user did); with ``push`` the Depth tab follows.  An
        inline message and False when a value is refused."""
        try:
            self.state.update(sigma_w2=float(sigma_w2), sigma_b2=float(sigma_b2))
        except self.state.Error as exc:
            self._set_error(str(exc))
            self._show_point_widgets()
            return False
        self._set_error("")
        if push:
            try:
                self.depth_state.update(**self.state.depth_values())
            except D.DepthError as exc:
                self._set_error(str(exc))
                return False
        return True

    def apply_preset(self, key: str) -> None:
        """Xavier, He, LeCun (σ_w² of the preset, σ_b² kept) or "critical" (the critical line
        at the current σ_b², computed on the point worker)."""
        fid, params = self.curves.current, self.curves.params()
        if key == "critical":
            self._point_wanted = ("critical", fid, id(catalogue.CATALOGUE.get(fid)),
                                  tuple(sorted(params.items())), self.state.sigma_w2, self.state.sigma_b2)
            self.point_worker.request(self._point_wanted)
            return
        width = self.depth_state.width
        self.set_point(D.init_sigma_w2(key, fid, params, None, width, width), self.state.sigma_b2)

    def _show_point_widgets(self) -> None:
        for spin, value in ((self.sw2_spin, self.state.sigma_w2), (self.sb2_spin, self.state.sigma_b2)):
            blocker = QSignalBlocker(spin)
            spin.setValue(value)
            blocker.unblock()
        self.diagram.set_point(self.state.sigma_w2, self.state.sigma_b2)

    def _request_point(self) -> None:
        fid = self.curves.current
        self.point_worker.request(("point", fid, id(catalogue.CATALOGUE.get(fid)),
                                   tuple(sorted(self.curves.params().items())),
                                   self.state.sigma_w2, self.state.sigma_b2))

    def _point_done(self, req, result) -> None:
        if self._closed:
            return
        if req[0] == "critical":
            if req != self._point_wanted:
                return
            self._point_wanted = None
            if result == result:
                self.set_point(result, req[5])
            else:
                act = catalogue.CATALOGUE.get(req[1])
                self._set_error(self.tr("{f} has no critical point at σ_b² = {b} (χ never reaches 1 with "
                                        "a finite fixed point)").format(
                    f=function_name(act) if act is not None else req[1], b=num(req[5])))
            return
        self.point = result
        self._render_readout()
        self.point_shown.emit()

    def _point_failed(self, req, message: str) -> None:
        if req[0] == "critical":
            self._point_wanted = None
        self._set_error(message)

    def _depth_changed(self) -> None:
        """A custom σ_w typed on the Depth tab moves the marker (the Depth tab is not told)."""
        ds = self.depth_state
        if ds.init != "custom" or ds.sigma_w is None:
            return
        sw2, sb2 = ds.sigma_w ** 2, ds.sigma_b ** 2
        if abs(sw2 - self.state.sigma_w2) > 1e-9 * max(1.0, sw2) or abs(sb2 - self.state.sigma_b2) > 1e-12:
            try:
                self.state.update(sigma_w2=sw2, sigma_b2=sb2)
            except self.state.Error:
                pass

    # -- state and functions ------------------------------------------------------------------
    def _state_changed(self, names) -> None:
        if names & POINT_KEYS:
            # the readout keeps the last point's figures until the new ones arrive (a drag
            # must not blink); the worker answers in milliseconds once the table exists
            self._show_point_widgets()
            self._request_point()
        if names & GRID_KEYS:
            self._schedule()
        if "quantity" in names and self.grid is not None:
            self._draw_grid()
        if "view" in names:
            self._show_view()
        if names & SPECTRUM_KEYS:
            self._spec_dirty = True
            if self.state.view == "spectrum" and self.isVisible():
                self.run_spectrum()
        if names & (GRID_KEYS | {"quantity"}):
            self._render_titles()
        self._render_readout()

    def _show_view(self) -> None:
        i = VIEWS.index(self.state.view)
        blocker = QSignalBlocker(self.views)
        self.views.setCurrentIndex(i)
        blocker.unblock()
        self.pages.setCurrentIndex(i)
        self._fit_page()
        if self.state.view == "spectrum" and self._spec_dirty and self.isVisible():
            self.run_spectrum()

    def _function_changed(self, *_args) -> None:
        self._render_function()
        self.point = None
        self._spec_dirty = True
        self._schedule()
        self._request_point()
        if self.state.view == "spectrum" and self.isVisible():
            self.run_spectrum()

    def _params_changed(self, fid: str) -> None:
        if fid == self.curves.current:
            self._function_changed()

    def _request(self):
        fid = self.curves.current
        w, b = self.state.window()
        return (fid, id(catalogue.CATALOGUE.get(fid)), tuple(sorted(self.curves.params().items())),
                w, b, int(self.state.grid))

    def _schedule(self) -> None:
        self._dirty = True
        if self.isVisible():
            self._start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._start()
        if self.point is None:
            self._request_point()
        if self.state.view == "spectrum" and self._spec_dirty:
            self.run_spectrum()

    def _start(self) -> None:
        if self._closed:
            return
        self._dirty = False
        req = self._request()
        if self.grid is not None and self.grid[0] == req:
            return
        self._wanted = req
        self.grid_worker.request(req)
        self._render_readout()

    def _grid_done(self, req, result) -> None:
        if self._closed or result is None or req != self._wanted:
            return
        grid, cw, cb = result
        self.grid = (req, grid, cw, cb)
        self._set_error("")
        self._draw_grid()
        self._render_titles()
        self._render_readout()
        self.grid_shown.emit()

    def _grid_failed(self, req, message: str) -> None:
        if req == self._wanted:
            self._wanted = None
            # no diagram for this function: do not leave the previous function's on show
            self.grid, self.point = None, None
            self.diagram.graphics.setVisible(False)
            self._set_error(message)
            self._render_readout()

    def _draw_grid(self) -> None:
        _req, grid, cw, cb = self.grid
        self.diagram.graphics.setVisible(True)
        self.diagram.show_grid(grid, self.state.quantity, cw, cb, self._bar_label())
        self.diagram.set_point(self.state.sigma_w2, self.state.sigma_b2)

    def _hovered(self, i: int, j: int) -> None:
        self._hover = (i, j)
        self._render_readout()

    def shown_values(self) -> np.ndarray | None:
        """The values the heatmap colours now (NaN where a cell is marked undefined)."""
        if self.grid is None:
            return None
        from .diagram import shown_values

        return shown_values(self.grid[1], self.state.quantity)

    # -- errors -------------------------------------------------------------------------------
    def _set_error(self, text: str) -> None:
        if text == self._error_text:
            return
        self._error_text = text
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- export protocol ----------------------------------------------------------------------
    @property
    def export_item(self):
        view = self.state.view
        if view == "sweep":
            return self.sweep_view.graphics.ci
        if view == "spectrum":
            return self.spectrum_view.graphics.ci
        return self.diagram.graphics.ci

    def export_csv(self) -> str:
        view = self.state.view
        if view == "sweep":
            if self.sweep_result is None:
                raise OutputError("the sweep has not been run yet")
            return self.sweep_result.to_csv()
        if view == "spectrum":
            if self.spectrum is None:
                raise OutputError("the spectrum has not been computed yet")
            return self.spectrum.to_csv()
        if self.grid is None:
            raise OutputError("the phase diagram has not been computed yet")
        return self.grid[1].to_csv()

    def export_name(self) -> str:
        fid = self.curves.current
        if self.state.view == "sweep":
            return f"trainability-{fid}"
        if self.state.view == "spectrum":
            return f"jacobian-{fid}-L{self.state.jac_layers}-{self.state.jac_init}"
        return f"phase-{fid}"

    # -- sessions and lessons ------------------------------------------------------------------
    def session_sections(self) -> dict:
        return {"phase": self.state}

    @staticmethod
    def fresh_sections() -> dict:
        return {"phase": PhaseState}

    def show_me(self, spec: dict) -> None:
        """A lesson's set-up: {"function", "view", "quantity", "sigma_b2", "preset"}."""
        if "function" in spec:
            self.curves.select(spec["function"])
        # the default window of the plane, then what the lesson names
        values = {k: v for k, v in PhaseState.defaults().items() if k in GRID_KEYS or k == "quantity"}
        values.update({k: spec[k] for k in ("view", "quantity") if k in spec})
        self.state.update(**values)
        if "sigma_w2" in spec or "sigma_b2" in spec:
            self.set_point(spec.get("sigma_w2", self.state.sigma_w2), spec.get("sigma_b2", self.state.sigma_b2))
        if "preset" in spec:
            self.apply_preset(spec["preset"])

    def shutdown(self) -> None:
        self._closed = True
        for sig, slot in self._curves_slots:
            try:
                sig.disconnect(slot)
            except (TypeError, ValueError, RuntimeError):
                pass
        try:
            self.depth_state.settings_changed.disconnect(self._depth_changed)
        except (TypeError, ValueError, RuntimeError):
            pass
        self.grid_worker.close(1.0)
        self.point_worker.close(1.0)
        self.sweep_runner.shutdown(1.0)
        self.spec_runner.shutdown(1.0)

    # -- waiting (tests, screenshots) -------------------------------------------------------------
    def is_ready(self) -> bool:
        if self._dirty and self.isVisible():
            return False
        if self._wanted is not None and (self.grid is None or self.grid[0] != self._wanted):
            return False
        if self._point_wanted is not None or not self.point_worker.is_idle():
            return False
        if self.state.view == "spectrum" and self._spec_job is not None:
            return False
        return True

    def wait_until_ready(self, timeout: float = 30.0) -> bool:
        return wait_until(self.is_ready, timeout, poll=0.01)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
