"""The depth tab's controls: the settings form bound to the
:class:`~..model.depth.state.DepthState`, the readout and edge-of-chaos labels, the inline error
and the progress bar (a part of :class:`~.depth_panel.DepthPanel`)."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSizePolicy, QSlider, QSpinBox, QWidget,
)

from ..model import catalogue
from ..model import depth as D
from ..model.catalogue import ParamError
from ..model.curves import colour_for
from ..model.depth.state import BATCH_RANGE, MAX_VIEW_DEPTH, WIDTH_RANGE
from . import panel_settings, theme
from .bind import bind_combo, bind_value
from .depth_inits import FunctionInits
from .i18n import function_name
from .layout_fit import fit_scroll_column
from .panel_parts import buddy_label, controls_column, form_layout
from .panel_settings import ResetDefaultsButton
from .widgets import FloatSlider

SIGMA_W_SLIDER = (0.05, 10.0)      # log scale
SIGMA_B_SLIDER = (0.0, 3.0)


class DepthControls:
    """The controls of :class:`~.depth_panel.DepthPanel` (a mixin: it writes to the panel's
    ``state`` and reads ``curves``)."""

    def _build_controls(self) -> QWidget:
        scroll, lay = controls_column(margins=(8, 6, 8, 6), min_width=250)

        self.functions_label = QLabel()
        self.functions_label.setTextFormat(Qt.TextFormat.RichText)
        self.functions_label.setWordWrap(True)
        self.functions_label.setAccessibleName(self.tr("Functions simulated"))
        lay.addWidget(self.functions_label)

        form = form_layout()

        # depth L: slider + spin box
        self.depth_slider = QSlider(Qt.Orientation.Horizontal)
        self.depth_slider.setRange(1, MAX_VIEW_DEPTH)
        self.depth_slider.setTracking(True)
        self.depth_slider.setAccessibleName(self.tr("Depth (number of layers)"))
        self.depth_slider.setToolTip(self.tr(
            "Number of layers L. The network is simulated once, {n} layers deep; moving this "
            "slider shows its first L layers without recomputing.").format(n=MAX_VIEW_DEPTH))
        self.depth_spin = QSpinBox()
        self.depth_spin.setRange(1, MAX_VIEW_DEPTH)
        self.depth_spin.setAccessibleName(self.tr("Depth (number of layers)"))
        form.addRow(self._label(self.tr("Depth L"), self.depth_spin),
                    self._pair(self.depth_slider, self.depth_spin))

        self.width_spin = QSpinBox()
        self.width_spin.setRange(*WIDTH_RANGE)
        self.width_spin.setSingleStep(8)
        self.width_spin.setKeyboardTracking(False)
        self.width_spin.setAccessibleName(self.tr("Width (units per layer)"))
        self.width_spin.setToolTip(self.tr("Units per layer (the layers are square)."))
        form.addRow(self._label(self.tr("Width"), self.width_spin), self.width_spin)

        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(*BATCH_RANGE)
        self.batch_spin.setSingleStep(16)
        self.batch_spin.setKeyboardTracking(False)
        self.batch_spin.setAccessibleName(self.tr("Batch (inputs)"))
        self.batch_spin.setToolTip(self.tr(
            "Random inputs sent through the network; a unit is dead when f′ = 0 for all of them."))
        form.addRow(self._label(self.tr("Batch"), self.batch_spin), self.batch_spin)

        self._build_arch_rows(form)

        self.init_combo = QComboBox()
        self.init_labels = {
            "xavier": self.tr("Xavier / Glorot (σ_w² = 1)"),
            "he": self.tr("He / Kaiming (σ_w² = 2)"),
            "lecun": self.tr("LeCun (σ_w² = 1)"),
            "custom": self.tr("custom σ_w"),
        }
        for key in D.INITS:
            self.init_combo.addItem(self.init_labels[key], key)
        self.init_combo.setAccessibleName(self.tr("Weight initialisation"))
        self.init_combo.setToolTip(self.tr(
            "Weights W ~ N(0, σ_w²/fan_in). He uses 2/(1 + a²) for a leaky slope a."))
        self.init_combo.currentIndexChanged.connect(self._init_edited)
        form.addRow(self._label(self.tr("Init"), self.init_combo), self.init_combo)
        self.function_inits = FunctionInits(self.curves, self.state, colours=lambda: self._colours())
        form.addRow(self.function_inits)

        self.sw_slider = FloatSlider(Qt.Orientation.Horizontal)
        self.sw_slider.setRange(math.log10(SIGMA_W_SLIDER[0]), math.log10(SIGMA_W_SLIDER[1]))
        self.sw_slider.setAccessibleName(self.tr("Weight scale σ_w (log scale)"))
        self.sw_slider.setToolTip(self.tr("Weight scale σ_w; moving it switches to the custom init."))
        self.sw_spin = QDoubleSpinBox()
        self.sw_spin.setRange(0.01, D.SIGMA_MAX)
        self.sw_spin.setDecimals(3)
        self.sw_spin.setSingleStep(0.05)
        self.sw_spin.setKeyboardTracking(False)
        self.sw_spin.setAccessibleName(self.tr("Weight scale σ_w"))
        self.sw_spin.setToolTip(self.tr("Weight scale σ_w; changing it switches to the custom init."))
        self.sw_slider.valueChanged.connect(lambda v: self._sigma_w_edited(10.0 ** v))
        self.sw_spin.valueChanged.connect(self._sigma_w_edited)
        form.addRow(self._label(self.tr("σ_w"), self.sw_spin), self._pair(self.sw_slider, self.sw_spin))

        self.sb_slider = FloatSlider(Qt.Orientation.Horizontal)
        self.sb_slider.setRange(*SIGMA_B_SLIDER)
        self.sb_slider.setAccessibleName(self.tr("Bias scale σ_b"))
        self.sb_slider.setToolTip(self.tr("Biases b ~ N(0, σ_b²)."))
        self.sb_spin = QDoubleSpinBox()
        self.sb_spin.setRange(0.0, D.SIGMA_MAX)
        self.sb_spin.setDecimals(3)
        self.sb_spin.setSingleStep(0.05)
        self.sb_spin.setKeyboardTracking(False)
        self.sb_spin.setAccessibleName(self.tr("Bias scale σ_b"))
        self.sb_slider.valueChanged.connect(lambda v: self._apply(sigma_b=round(v, 4)))
        form.addRow(self._label(self.tr("σ_b"), self.sb_spin), self._pair(self.sb_slider, self.sb_spin))

        self.seed_edit = QLineEdit()
        self.seed_edit.setAccessibleName(self.tr("Random seed"))
        self.seed_edit.setToolTip(self.tr(
            "The same seed gives the same random weights and inputs, for every function."))
        self.seed_edit.editingFinished.connect(self._seed_edited)
        self.reroll_button = QPushButton(self.tr("Re-roll"))
        self.reroll_button.setToolTip(self.tr("Draw a new random network (a new seed)"))
        self.reroll_button.setAccessibleName(self.tr("New random seed"))
        self.reroll_button.clicked.connect(lambda: self.state.reroll())
        seed_row = QWidget()
        sl = QHBoxLayout(seed_row)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.seed_edit, 1)
        sl.addWidget(self.reroll_button)
        form.addRow(self._label(self.tr("Seed"), self.seed_edit), seed_row)
        lay.addLayout(form)

        self.error = QLabel()
        theme.style_error_label(self.error)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Problem with the settings"))
        self.error.hide()
        lay.addWidget(self.error)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat(self.tr("Simulating… %p%"))
        self.progress.setAccessibleName(self.tr("Simulation progress"))
        self.progress.hide()
        lay.addWidget(self.progress)

        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAccessibleName(self.tr("What the plots show"))
        self.readout.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        lay.addWidget(self.readout)

        crit_row = QHBoxLayout()
        self.critical_label = QLabel()
        self.critical_label.setWordWrap(True)
        self.critical_label.setTextFormat(Qt.TextFormat.RichText)
        self.critical_label.setAccessibleName(self.tr("Critical weight scale"))
        self.critical_button = QPushButton(self.tr("Use"))
        self.critical_button.setToolTip(self.tr("Set σ_w to the critical value (custom init)"))
        self.critical_button.setAccessibleName(self.tr("Use the critical σ_w"))
        self.critical_button.setEnabled(False)
        self.critical_button.clicked.connect(self._use_critical)
        crit_row.addWidget(self.critical_label, 1)
        crit_row.addWidget(self.critical_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(crit_row)

        note = QLabel()
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        self._note, self._note_html = note, self._note_text()
        self._colour_note()
        lay.addWidget(note)
        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        lay.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        fit_scroll_column(scroll)
        return scroll

    def _build_arch_rows(self, form) -> None:
        """Network (architecture), branch scale alpha and weight distribution."""
        self.arch_combo = QComboBox()
        for key in D.ARCHS:
            self.arch_combo.addItem(self.arch_name(key), key)
        self.arch_combo.setAccessibleName(self.tr("Network architecture"))
        self.arch_combo.setToolTip(self.tr(
            "plain: z_l = W_l f(z_{l−1}) + b_l. residual: z_l = z_{l−1} + α (W_l f(z_{l−1}) + "
            "b_l). residual + LayerNorm: the branch reads LayerNorm(z_{l−1}). BatchNorm: "
            "f(BatchNorm(z_l)) with the batch's statistics. Compared functions get the same "
            "network."))
        form.addRow(self._label(self.tr("Network"), self.arch_combo), self.arch_combo)

        self.alpha_spin = QDoubleSpinBox()
        self.alpha_spin.setRange(0.001, 1.0)
        self.alpha_spin.setDecimals(3)
        self.alpha_spin.setSingleStep(0.05)
        self.alpha_spin.setKeyboardTracking(False)
        self.alpha_spin.setAccessibleName(self.tr("Branch scale α"))
        self.alpha_spin.setToolTip(self.tr(
            "Each residual block adds α × its branch to the stream (residual networks only)."))
        self.alpha_sqrt = QCheckBox(self.tr("1/√L"))
        self.alpha_sqrt.setAccessibleName(self.tr("Branch scale 1/√L"))
        self.alpha_sqrt.setToolTip(self.tr(
            "α = 1/√L for a network of L layers: every depth is then another network, so a "
            "depth change simulates again."))
        self.alpha_spin.valueChanged.connect(self._alpha_edited)
        self.alpha_sqrt.toggled.connect(self._alpha_edited)
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.alpha_spin, 1)
        h.addWidget(self.alpha_sqrt)
        form.addRow(self._label(self.tr("Branch α"), self.alpha_spin), row)

        self.weights_combo = QComboBox()
        self.weights_combo.addItem(self.tr("Gaussian"), "gaussian")
        self.weights_combo.addItem(self.tr("orthogonal"), "orthogonal")
        self.weights_combo.setAccessibleName(self.tr("Weight distribution"))
        self.weights_combo.setToolTip(self.tr(
            "Gaussian: W ~ N(0, σ_w²/W). Orthogonal: σ_w times a random orthogonal matrix "
            "(Saxe et al. 2014), the same σ_w as the init gives."))
        form.addRow(self._label(self.tr("Weights"), self.weights_combo), self.weights_combo)

    def arch_name(self, key: str) -> str:
        return {"plain": self.tr("plain"), "residual": self.tr("residual"),
                "residual-ln": self.tr("residual + LayerNorm"),
                "batchnorm": self.tr("BatchNorm")}.get(key, key)

    def _alpha_edited(self, *_args) -> None:
        if self.alpha_sqrt.isChecked():
            self._apply(branch_scale=D.BRANCH_SQRT)
        else:
            self._apply(branch_scale=round(float(self.alpha_spin.value()), 4))

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        return buddy_label(text, buddy)

    @staticmethod
    def _pair(slider: QWidget, spin: QWidget) -> QWidget:
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(6)
        slider.setMinimumWidth(70)
        spin.setMinimumWidth(72)
        h.addWidget(slider, 1)
        h.addWidget(spin)
        return w

    def _note_text(self) -> str:
        return self.tr(
            "<span style='color:#555'>Solid lines: one random network (Monte Carlo). Dashed: "
            "the mean-field theory. Dotted grey: the product of the largest slopes, "
            "(max|f′|)<sup>L−l</sup>: it bounds the product of the slopes f′ only, not the "
            "gradient, which also passes through the weights. Tick functions in the Functions "
            "list to compare them on the same random network.</span>")

    def _colour_note(self) -> None:
        # the grey of the note as the theme has it (the text says #555, dark on dark grey)
        self._note.setText(self._note_html.replace("color:#555", f"color:{theme.colours().note_text}"))

    def _bind_widgets(self) -> None:
        """The widgets that show one field as it is (depth, width, batch, sigma_b), bound
        once; the others derive their value (the preset's sigma_w, a log-scale slider) and
        are written by :meth:`_sync_widgets`."""
        self._bindings = [
            bind_value(widget, self.state, name, on_error=self._input_problem)
            for widget, name in ((self.depth_slider, "depth"), (self.depth_spin, "depth"),
                                 (self.width_spin, "width"), (self.batch_spin, "batch"),
                                 (self.sb_spin, "sigma_b"))
        ] + [bind_combo(combo, self.state, name, on_error=self._input_problem)
             for combo, name in ((self.arch_combo, "arch"), (self.weights_combo, "weights"))]

    def _input_problem(self, msg: str) -> None:
        """A value the state refused, inline (the state, and so the plots, keep the last good
        settings); ``""`` after an accepted edit clears such a message."""
        if msg:
            self._show_error(self._problem_text(msg), "input")
        elif self._error_kind == "input":
            self._show_error("")

    def _apply(self, **values) -> None:
        """Write to the state; a rejected value is reported inline."""
        try:
            self.state.update(**values)
        except (D.DepthError, ParamError) as exc:
            self._input_problem(str(exc))
            return
        self._input_problem("")

    def _init_edited(self, _index: int) -> None:
        init = self.init_combo.currentData()
        if init == "custom" and self.state.sigma_w is None:
            # Start from the sigma_w the previous preset gave the current function.
            fid = self.curves.current
            sw = self.state.preset_sigma_w(fid, self.curves.params(fid))
            self._apply(init="custom", sigma_w=round(sw, 3))
        else:
            self._apply(init=init)

    def _sigma_w_edited(self, value: float) -> None:
        self._apply(init="custom", sigma_w=round(float(value), 4))

    def _seed_edited(self) -> None:
        text = self.seed_edit.text().strip()
        if text == str(self.state.seed):
            return
        self._apply(seed=text)

    def _sync_widgets(self) -> None:
        st = self.state
        fid = self.curves.current
        try:
            sw = st.preset_sigma_w(fid, self.curves.params(fid))
        except (D.DepthError, ParamError, KeyError):
            sw = float("nan")
        widgets = (self.init_combo, self.sw_slider, self.sw_spin, self.sb_slider, self.alpha_spin,
                   self.alpha_sqrt)
        blockers = [QSignalBlocker(w) for w in widgets]
        try:
            sqrt = st.branch_scale == D.BRANCH_SQRT
            self.alpha_sqrt.setChecked(sqrt)
            if not sqrt:
                self.alpha_spin.setValue(float(st.branch_scale))
            residual = st.arch in D.RESIDUAL_ARCHS
            self.alpha_spin.setEnabled(residual and not sqrt)
            self.alpha_sqrt.setEnabled(residual)
            self.init_combo.setCurrentIndex(self.init_combo.findData(st.init))
            if math.isfinite(sw):
                self.sw_spin.setValue(sw)
                self.sw_slider.setValue(math.log10(min(max(sw, SIGMA_W_SLIDER[0]), SIGMA_W_SLIDER[1])))
                self.sw_spin.setSpecialValueText("")
            else:
                self.sw_spin.setSpecialValueText(self.tr("type σ_w"))
                self.sw_spin.setValue(self.sw_spin.minimum())
            self.sb_slider.setValue(min(st.sigma_b, SIGMA_B_SLIDER[1]))
        finally:
            del blockers
        if not self.seed_edit.hasFocus() or self.seed_edit.text().strip() == str(st.seed):
            self.seed_edit.setText(str(st.seed))
        self.function_inits.sync()
        preset = st.init != "custom"
        tip = (self.tr("σ_w given by the {init} preset for this function; changing it switches "
                       "to the custom init.").format(init=self.init_labels[st.init])
               if preset else self.tr("Weight scale σ_w (custom init)."))
        self.sw_spin.setToolTip(tip)

    def _show_functions(self) -> None:
        cur = self.curves.current
        others = [f for f in self.curves.shown() if f != cur]

        cmap = self._colours()

        def chip(fid):
            return (f"<span style='color:{cmap.get(fid, colour_for(fid))}'>■</span>&nbsp;"
                    f"{function_name(catalogue.get(fid))}")

        text = self.tr("<b>Function:</b> {f}").format(f=chip(cur))
        if others:
            text += "<br>" + self.tr("compared with {list}").format(list=", ".join(chip(f) for f in others))
        self.functions_label.setText(text)
        self.function_inits.sync()          # its chips in the same colours

    def _show_error(self, text: str, kind: str = "settings") -> None:
        """One inline message: ``kind`` 'input' (a value the state refused; cleared by the
        next accepted edit) or 'settings' (the state cannot be simulated, or the job failed;
        decided again at every start)."""
        self._error_kind = kind if text else ""
        if text == self._error_text:
            return
        self._error_text = text
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text and hasattr(self, "readout") and self._current_view() is None:
            self.readout.setText("")      # not "Simulating…": nothing will be simulated
