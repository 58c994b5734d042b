"""The Phase tab's controls column and views: built once, bound to the PhaseState.

A mixin of :class:`~act_explorer.qt.phase.panel.PhasePanel` (its attributes and slots)."""

from __future__ import annotations


import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...model import phase as P
from ...model.phase_state import (
    GRID_RANGE,
    JAC_LAYERS_RANGE,
    JAC_SAMPLES_RANGE,
    JAC_WIDTH_RANGE,
    QUANTITIES,
    SWEEP_STEPS_RANGE,
    SWEEP_WIDTH_RANGE,
    VIEWS,
)
from .. import panel_settings, theme
from ..bind import bind_combo, bind_value
from ..layout_fit import fit_scroll_column
from ..panel_parts import controls_column, form_layout
from ..panel_settings import ResetDefaultsButton
from ..plotting import add_export_menu
from .diagram import DiagramView
from .experiments import SpectrumView, SweepView

from .panel_keys import GRID_KEYS, POINT_KEYS, SPECTRUM_KEYS  # noqa: F401


class PhaseControls:
    """Building the controls and the three views."""

    # -- building ---------------------------------------------------------------------------
    def _spin(self, lo: float, hi: float, decimals: int, step: float, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setDecimals(decimals)
        spin.setSingleStep(step)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(name)
        spin.setMinimumWidth(70)
        return spin

    def _int_spin(self, lo: int, hi: int, name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(lo, hi)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(name)
        return spin

    @staticmethod
    def _form() -> QFormLayout:
        return form_layout()

    def _row_label(self, form: QFormLayout, text: str, field: QWidget) -> None:
        lab = QLabel(text)
        lab.setBuddy(field)
        form.addRow(lab, field)

    def _build_controls(self) -> QWidget:
        scroll, lay = controls_column(margins=(8, 6, 8, 6), min_width=240)
        err = self._set_error

        self.function_label = QLabel()
        self.function_label.setWordWrap(True)
        self.function_label.setTextFormat(Qt.TextFormat.RichText)
        self.function_label.setAccessibleName(self.tr("Function shown"))
        lay.addWidget(self.function_label)

        # the current point
        form = self._form()
        self.sw2_spin = self._spin(0.0001, P.SIGMA_W2_MAX, 4, 0.05, self.tr("Weight variance σ_w²"))
        self.sw2_spin.setToolTip(self.tr(
            "Weights W ~ N(0, σ_w²/fan_in). Sets the Depth tab to a custom init with σ_w = √σ_w²."))
        self.sb2_spin = self._spin(0.0, P.SIGMA_B2_MAX, 4, 0.01, self.tr("Bias variance σ_b²"))
        self.sb2_spin.setToolTip(self.tr(
            "Biases b ~ N(0, σ_b²). Sets the Depth tab's σ_b = √σ_b²."))
        self.sw2_spin.valueChanged.connect(lambda v: self.set_point(v, self.state.sigma_b2))
        self.sb2_spin.valueChanged.connect(lambda v: self.set_point(self.state.sigma_w2, v))
        self._row_label(form, self.tr("σ_w²"), self.sw2_spin)
        self._row_label(form, self.tr("σ_b²"), self.sb2_spin)
        lay.addLayout(form)

        presets = QGridLayout()
        presets.setContentsMargins(0, 0, 0, 0)
        presets.setSpacing(4)
        self.preset_buttons = {}
        for k, key in enumerate(("xavier", "he", "lecun", "critical")):
            button = QPushButton()
            button.clicked.connect(lambda _=False, p=key: self.apply_preset(p))
            presets.addWidget(button, k // 2, k % 2)
            self.preset_buttons[key] = button
        lay.addLayout(presets)
        self.depth_note = QLabel()
        self.depth_note.setWordWrap(True)
        lay.addWidget(self.depth_note)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        theme.style_error_label(self.error)
        lay.addWidget(self.error)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        lay.addWidget(line)

        # one page of settings per view
        self.pages = QStackedWidget()
        self.pages.addWidget(self._diagram_controls(err))
        self.pages.addWidget(self._sweep_controls(err))
        self.pages.addWidget(self._spectrum_controls(err))
        lay.addWidget(self.pages)

        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        lay.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        fit_scroll_column(scroll)
        self.pages.currentChanged.connect(lambda _i: self._fit_page())
        return scroll

    def _fit_page(self) -> None:
        """The stack as tall as its page shown, not its tallest page."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == self.pages.currentIndex() else QSizePolicy.Policy.Ignored
            self.pages.widget(i).setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.pages.adjustSize()

    def _diagram_controls(self, err) -> QWidget:
        page = QWidget()
        form = self._form()
        page.setLayout(form)
        self.quantity_combo = QComboBox()
        self.quantity_labels = {
            "xi_corr": self.tr("ξ_c, correlation depth scale"),
            "xi_grad": self.tr("|ξ_∇|, gradient depth scale"),
            "chi": self.tr("χ, gradient factor per layer"),
            "q_star": self.tr("q*, fixed-point variance"),
        }
        for key in QUANTITIES:
            self.quantity_combo.addItem(self.quantity_labels[key], key)
        self.quantity_combo.setAccessibleName(self.tr("Quantity shown"))
        bind_combo(self.quantity_combo, self.state, "quantity", on_error=err)
        self._row_label(form, self.tr("Colour"), self.quantity_combo)
        self.range_spins = {}
        for name, hi, label in (("sigma_w2_lo", P.SIGMA_W2_MAX, self.tr("σ_w² from")),
                                ("sigma_w2_hi", P.SIGMA_W2_MAX, self.tr("σ_w² to")),
                                ("sigma_b2_lo", P.SIGMA_B2_MAX, self.tr("σ_b² from")),
                                ("sigma_b2_hi", P.SIGMA_B2_MAX, self.tr("σ_b² to"))):
            spin = self._spin(0.0, hi, 3, 0.1, label)
            bind_value(spin, self.state, name, on_error=err)
            self.range_spins[name] = spin
            self._row_label(form, label, spin)
        self.grid_spin = self._int_spin(*GRID_RANGE, self.tr("Grid cells per axis"))
        self.grid_spin.setSingleStep(10)
        bind_value(self.grid_spin, self.state, "grid", on_error=err)
        self._row_label(form, self.tr("Grid"), self.grid_spin)
        self.diagram_note = QLabel()
        self.diagram_note.setWordWrap(True)
        self.diagram_note.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.diagram_note)
        return page

    def _sweep_controls(self, err) -> QWidget:
        page = QWidget()
        form = self._form()
        page.setLayout(form)
        join = lambda vals: " ".join(f"{v:g}" for v in vals)
        self.sweep_w_edit = QLineEdit()
        self.sweep_w_edit.setAccessibleName(self.tr("σ_w² values of the sweep"))
        bind_value(self.sweep_w_edit, self.state, "sweep_sigma_w2", to_widget=join, on_error=err)
        self._row_label(form, self.tr("σ_w² values"), self.sweep_w_edit)
        self.sweep_d_edit = QLineEdit()
        self.sweep_d_edit.setAccessibleName(self.tr("Depths of the sweep"))
        bind_value(self.sweep_d_edit, self.state, "sweep_depths", to_widget=join, on_error=err)
        self._row_label(form, self.tr("Depths L"), self.sweep_d_edit)
        self.sweep_b_spin = self._spin(0.0, P.SIGMA_B2_MAX, 3, 0.01, self.tr("σ_b² of the sweep"))
        bind_value(self.sweep_b_spin, self.state, "sweep_sigma_b2", on_error=err)
        self._row_label(form, self.tr("σ_b²"), self.sweep_b_spin)
        self.sweep_steps_spin = self._int_spin(*SWEEP_STEPS_RANGE, self.tr("SGD steps"))
        self.sweep_steps_spin.setSingleStep(100)
        bind_value(self.sweep_steps_spin, self.state, "sweep_steps", on_error=err)
        self._row_label(form, self.tr("Steps"), self.sweep_steps_spin)
        self.sweep_width_spin = self._int_spin(*SWEEP_WIDTH_RANGE, self.tr("Width of the sweep's networks"))
        bind_value(self.sweep_width_spin, self.state, "sweep_width", on_error=err)
        self._row_label(form, self.tr("Width"), self.sweep_width_spin)
        buttons = QHBoxLayout()
        self.run_button = QPushButton()
        self.run_button.clicked.connect(lambda _=False: self.run_sweep())
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda _=False: self.cancel_sweep())
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        form.addRow(buttons)
        self.sweep_progress = QProgressBar()
        self.sweep_progress.setRange(0, 1000)
        self.sweep_progress.setTextVisible(False)
        self.sweep_progress.setMaximumHeight(10)
        self.sweep_progress.setVisible(False)
        form.addRow(self.sweep_progress)
        self.sweep_note = QLabel()
        self.sweep_note.setWordWrap(True)
        form.addRow(self.sweep_note)
        return page

    def _spectrum_controls(self, err) -> QWidget:
        page = QWidget()
        form = self._form()
        page.setLayout(form)
        self.jac_layers_spin = self._int_spin(*JAC_LAYERS_RANGE, self.tr("Layers of the network"))
        bind_value(self.jac_layers_spin, self.state, "jac_layers", on_error=err)
        self._row_label(form, self.tr("Layers L"), self.jac_layers_spin)
        self.jac_width_spin = self._int_spin(*JAC_WIDTH_RANGE, self.tr("Width of the network"))
        self.jac_width_spin.setSingleStep(50)
        bind_value(self.jac_width_spin, self.state, "jac_width", on_error=err)
        self._row_label(form, self.tr("Width"), self.jac_width_spin)
        self.jac_init_combo = QComboBox()
        self.jac_init_combo.addItem(self.tr("Gaussian"), "gaussian")
        self.jac_init_combo.addItem(self.tr("orthogonal"), "orthogonal")
        self.jac_init_combo.setAccessibleName(self.tr("Weight matrices"))
        bind_combo(self.jac_init_combo, self.state, "jac_init", on_error=err)
        self._row_label(form, self.tr("Weights"), self.jac_init_combo)
        self.jac_samples_spin = self._int_spin(*JAC_SAMPLES_RANGE, self.tr("Random networks"))
        bind_value(self.jac_samples_spin, self.state, "jac_samples", on_error=err)
        self._row_label(form, self.tr("Networks"), self.jac_samples_spin)
        self.spec_progress = QProgressBar()
        self.spec_progress.setRange(0, 0)
        self.spec_progress.setMaximumHeight(10)
        self.spec_progress.setTextVisible(False)
        self.spec_progress.setVisible(False)
        self.spec_runner.busy_changed.connect(self.spec_progress.setVisible)
        form.addRow(self.spec_progress)
        self.spec_summary = QLabel()
        self.spec_summary.setWordWrap(True)
        self.spec_summary.setTextFormat(Qt.TextFormat.RichText)
        self.spec_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.spec_summary)
        return page

    def _graphics(self, name: str) -> pg.GraphicsLayoutWidget:
        g = pg.GraphicsLayoutWidget()
        g.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        g.setMinimumWidth(320)
        g.setAccessibleName(name)
        return g

    def _build_views(self) -> QWidget:
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        self.diagram = DiagramView(self._graphics(self.tr("Phase diagram")), self)
        v.addWidget(self.diagram.graphics, 1)
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setMinimumHeight(2 * self.readout.fontMetrics().height() + 4)
        self.readout.setContentsMargins(6, 0, 6, 0)
        v.addWidget(self.readout)
        self.views.addTab(page, self.tr("Diagram"))
        self.diagram.point_dragged.connect(lambda w, b: self.set_point(w, b))
        self.diagram.hovered.connect(self._hovered)

        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        self.sweep_view = SweepView(self._graphics(self.tr("Trainability sweep")))
        v.addWidget(self.sweep_view.graphics, 1)
        self.views.addTab(page, self.tr("Trainability"))

        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        self.spectrum_view = SpectrumView(self._graphics(self.tr("Jacobian spectrum")))
        v.addWidget(self.spectrum_view.graphics, 1)
        self.views.addTab(page, self.tr("Jacobian spectrum"))
        self.views.currentChanged.connect(lambda i: self.state.update(view=VIEWS[i]))
        plots = (self.diagram.plot, self.sweep_view.plot, self.spectrum_view.plot)
        add_export_menu(plots, self.export_requested.emit)
        return self.views

