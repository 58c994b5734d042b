"""The depth tab: how the gradient and the activations change through a deep random network.

Controls on the left (a compact form bound to a :class:`~..model.depth.state.DepthState`),
plots on the right: the gradient RMS per layer on a log scale (simulation solid, mean-field
theory dashed, the product of the largest slopes (max|f'|)^(L-l) dotted grey, which bounds the
slopes' product, not the gradient), the activation RMS (log scale),
the activation mean as a fraction of the RMS (scale-free, so still readable when activations
explode: 0 = zero-centred; the CSV has the mean itself) and the fractions of dead and
saturated units.  A plain-language readout under the controls comes from the model
(:func:`~..model.depth.readouts.readout_lines`: every figure and what it is about), and the
critical sigma_w.  The log
plots draw the model's log10 series on a decade axis (:class:`~.depth_axes.Log10Axis`), so 1e-300 and
1e+300 need no special care; zeros and undefined values break the line.

How it works
------------
* Every simulation runs once to :data:`MAX_VIEW_DEPTH` layers on a :class:`TaskRunner`; the
  depth slider only indexes it (``result.view(L)``), so moving it never starts work.
* A change of width, batch, init, sigma, seed, function or its parameters (re)starts the job.
  Changes are throttled (at most one start per :data:`THROTTLE_MS`, first change at once,
  the last one always runs after the quiet period): dragging a parameter slider in the
  Functions dock does not start 50 simulations a second, and a newer job cancels the older
  one (the runner drops its result).  Results are cached by config (the session's), so going back to earlier
  settings is instant.  While the panel is hidden, changes only mark it stale.
* Compare mode is the Functions dock's overlay checkboxes (``CurvesState.overlays``), as on
  the Curves tab: every ticked function is simulated with the same settings and seed - the
  model caches the random weights per (seed, width), so they all see the very same network -
  and drawn in its own colour.  The slope product is drawn for the current function only.
* The mean-field theory runs in the same job (for GELU it takes ~0.25 s, too slow for the GUI
  thread).  The critical sigma_w for the current sigma_b (the "edge of chaos") can take
  seconds (GELU ~12 s) and cannot be cancelled, so it runs on a :class:`LatestWorker` (one
  thread, one at a time, the latest request wins), after the simulation, and is cached.
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
A jump changes the ranges: the axes then reuse the pictures they drew for those ranges
before (up to 128 per axis: the gradient axis of three compared functions meets ~80), are
drawn directly until their range has been quiet for a few moves (a new plot-sized pixmap
per jump costs more than it saves), and the curves keep their data bounds and pixel size
across the change; a new series computes its bounds once, and a curve is one polyline
drawn with pyqtgraph's painter calls and none of its other checks, also while aliased
(pyqtgraph's separate segments cost more here) (:mod:`.fast_items`).

Where things are: this module runs the jobs, paces redraws and writes the readout;
:mod:`.depth_controls` builds the form, :mod:`.depth_plots` the plots and their ranges,
:mod:`.depth_axes` the axes; :class:`~..model.depth.session.DepthSession` decides what to
compute and keeps the results and the critical sigma_w values.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from ..model import catalogue
from ..model import depth as D
from ..model.catalogue import ParamError
from ..model.curves import CurvesState, colour_for
from ..model.depth.results import DepthResult, DepthView, ResultCache, compute, results_csv
from ..model.depth.session import PENDING, CriticalFailed, DepthSession
from ..model.depth.state import DepthState
from ..model.fileio import OutputError
from . import theme
from .depth_controls import DepthControls
from .depth_plots import DepthPlots, _num
from .drag_quality import DragQuality
from .i18n import function_name, tx
from .panel_parts import wait_until
from .workers import LatestWorker, TaskRunner

THROTTLE_MS = 250
READOUT_INTERVAL_MS = 100


class DepthPanel(DepthControls, DepthPlots, QWidget):
    """The depth tab (export protocol: ``export_item``, ``export_csv``, ``export_name``,
    ``shutdown``; ``wait_until_ready`` for screenshots).

    What to compute and what is cached is the :class:`~..model.depth.session.DepthSession`'s;
    this class runs the jobs (a :class:`TaskRunner` for the simulations, a
    :class:`LatestWorker` for the critical sigma_w), paces the redraws and the readout, and
    takes its form from :class:`~.depth_controls.DepthControls` and its plots from
    :class:`~.depth_plots.DepthPlots`."""

    export_requested = Signal(str)
    result_shown = Signal()            # new results drawn (after a job or from the cache)
    title = "Depth"

    def __init__(self, curves_state: CurvesState, depth_state: DepthState | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.curves = curves_state
        self.state = depth_state or DepthState()
        self.session = DepthSession(self.state, self.curves)
        self.runner = TaskRunner(self)
        self.submissions = 0               # jobs started (tests and benchmark read it)
        self._job: int | None = None
        self._shown: list[tuple[str, DepthResult]] = []     # what the plots draw
        self._views: list[tuple[str, DepthView]] = []
        self._error_text = ""
        self._error_kind = ""
        self._dirty = True
        self._closed = False
        self._last_start = -1e9

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
        # critical_sigma_w cannot be cancelled and takes up to seconds: one thread, newest wins
        self.crit_finder = LatestWorker(lambda key, _stop: DepthSession.find_critical(key), self,
                                        name="critical-sigma")
        self.crit_finder.finished.connect(self._crit_found)
        self.crit_finder.failed.connect(self._crit_failed)

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
        self._bind_widgets()
        self._sync_widgets()
        self._show_functions()
        self._render_readout()

    @property
    def cache(self) -> ResultCache:
        """The session's results by config."""
        return self.session.cache

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
        values = {k: spec[k] for k in ("init", "depth", "arch", "branch_scale", "weights",
                                       "sigma_w") if k in spec}
        # A lesson names the network it needs; one that does not gets the plain one.
        values.setdefault("arch", "plain")
        values.setdefault("weights", "gaussian")
        # A lesson's own inits per function, and none left over from before.
        values["inits"] = dict(spec.get("inits", {}))
        self.state.update(**values)

    def shutdown(self) -> None:
        """Stop the worker (waits at most 1 s) and drop pending work; the panel stays drawn."""
        self._closed = True
        self._timer.stop()
        # critical_sigma_w cannot be cancelled: its thread ends when it returns (result dropped)
        self.crit_finder.close(timeout=0.0)
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
        return self.session.critical_ready()

    def wait_until_ready(self, timeout: float = 30.0) -> bool:
        """Process events until :meth:`is_ready` (screenshots call this); True if it is."""
        return wait_until(self.is_ready, timeout, poll=0.01)

    def views(self) -> list[tuple[str, DepthView]]:
        """(function id, view at the current depth) of every function drawn."""
        return list(self._views)

    def _use_critical(self) -> None:
        value = self.session.usable_critical()
        if value is not None:
            self._apply(init="custom", sigma_w=round(value, 4))

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
        self.session.forget_typed()
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
        try:
            missing = self.session.plan()      # the state's problem, or a bad parameter, raises
        except (D.DepthError, ParamError, KeyError) as exc:
            self._abandon_job()
            self._show_error(self._problem_text(str(exc)))
            return
        if self._error_kind != "input":
            self._show_error("")
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

    def _job_finished(self, ident: int, results) -> None:
        if ident != self._job or self._closed:
            return                        # superseded (the runner also drops those)
        self._job = None
        self.session.store(results)
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
        shown = self.session.shown()
        if shown is None:                 # evicted meanwhile: compute again
            self._dirty = True
            self._schedule()
            return
        self._shown = shown
        self._show_functions()
        self._restyle()
        self._redraw()
        self._request_critical()
        self.result_shown.emit()

    def _depth_changed(self, _depth: int) -> None:
        # the slider and the spin box follow through their bindings
        if self.state.depth_dependent():
            return      # alpha = 1/sqrt(L): another network, simulated (settings_changed)
        self._redraw(sliding=True)

    def _readout_soon(self) -> None:
        if self._readout_timer.isActive():
            return
        wait = READOUT_INTERVAL_MS - (time.monotonic() - self._readout_last) * 1000.0
        if wait <= 0:
            self._render_readout()
        else:
            self._readout_timer.start(int(wait) + 1)

    def _current_view(self) -> tuple[str, DepthView] | None:
        cur = self.curves.current
        return next(((f, v) for f, v in self._views if f == cur), None)

    def _sentence(self, view: DepthView) -> str:
        return self._translated(view, view.readout())

    def _translated(self, view: DepthView, r) -> str:
        """A model sentence in the interface language, with the same figures."""
        values = dict(r.values)
        if "function" in values:
            values["function"] = function_name(view.sim.config.activation)
        if "init" in values:
            values["init"] = self._init_label(view.sim.config)
            if view.sim.config.weights == "orthogonal":
                values["init"] = self.tr("{init}, orthogonal").format(init=values["init"])
        if "arch" in values:
            values["arch"] = self._arch_label(view.sim.config)
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
        if others and v.fixed_point is None:     # residual, LayerNorm, BatchNorm
            rows = [self.tr(
                "<span style='color:{col}'>■</span> {name}: gradient RMS at layer 1 = {ratio} × "
                "the last layer's (theory {tratio})").format(
                col=self._colours().get(f, colour_for(f)), name=_html(function_name(catalogue.get(f))),
                ratio=D.format_ratio(log10=w.sim.log10_first_to_last),
                tratio=(D.format_ratio(log10=w.theory.log10_first_to_last)
                        if w.full_theory is None or w.full_theory.gradient_known
                        else self.tr("none")))
                for f, w in others]
            lines.append("<p>" + "<br>".join(rows) + "</p>")
        elif others:
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

    def _request_critical(self) -> None:
        key = self.session.want_critical()
        if key is not None:
            self.crit_finder.request(key)
        self._render_critical()

    def _crit_found(self, key, value) -> None:
        if self._closed:
            return
        self.session.critical_found(key, value)
        self._render_critical()

    def _crit_failed(self, key, message: str) -> None:
        self._crit_found(key, CriticalFailed(message))   # shown as "could not be found"

    def _arch_label(self, cfg: D.DepthConfig) -> str:
        name = self.arch_name(cfg.arch)
        if cfg.arch not in D.RESIDUAL_ARCHS:
            return name
        scale = "1/√L" if cfg.branch_scale == D.BRANCH_SQRT else f"{float(cfg.branch_scale):.3g}"
        return f"{name} (α = {scale})"

    def _render_critical(self) -> None:
        key = self.session.critical_wanted
        if key is None or not self._views or self.state.arch != "plain":
            self.critical_label.setText("")
            self.critical_button.setEnabled(False)
            self.critical_button.setVisible(False)
            return
        sb = f"{key[2]:g}"
        value = self.session.critical_value()
        self.critical_button.setVisible(isinstance(value, float) or value == PENDING)
        if isinstance(value, float):
            text = self.tr("<b>Edge of chaos</b> (χ* = 1) for σ_b = {sb}: σ_w ≈ {sw}").format(
                sb=sb, sw=f"{value:.4g}")
            self.critical_button.setEnabled(True)
        elif value == PENDING:
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


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
