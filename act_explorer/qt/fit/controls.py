"""The Fit tab's left column: the lessons and their text, Start/Step/Reset and the readouts,
the data, the network and the optimiser, each control bound to the
:class:`~...model.fit_state.FitState`.

:class:`FitControls` is a part of :class:`~.panel.FitPanel` (a mixin: it reads the panel's
``state``, ``session`` and ``curves`` and calls its actions).  Bound controls write an edit with
``state.update``; a refused value is shown inline and the control goes back to the state's value.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFileDialog, QGroupBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout,
    QWidget,
)

from ...model import catalogue
from ...model.fit import FIT_INITS, MAX_FIT_LAYERS, MAX_FIT_UNITS
from ...model.fit_data import MAX_NOISE, MAX_POINTS, MAX_RANGE, MIN_POINTS, TARGETS_2D
from ...model.fit_presets import FIT_PRESETS
from ...model.fit_session import FIT_SESSION_ERRORS
from ...model.fit_state import (
    CSV, EXPR, FIT_L2_MAX, FIT_TARGETS, FOLLOW, MAX_EPOCHS, MOMENTUM_MAX, SEED_MAX, SPEEDS,
    TEST_FRACTION_MAX,
)
from ...model.training import LR_MAX, LR_MIN, OPTIMIZERS
from .. import i18n, panel_settings
from ..bind import Binding, bind_value
from ..i18n import function_name
from ..layout_fit import fit_scroll_column
from ..panel_parts import (
    ShortSpinBox, action_button, buddy_label, controls_column, form_layout, inline_error_label,
    row_widget, setup_spin,
)
from ..panel_settings import ResetDefaultsButton
from ..run_controls import RunControlsMixin

_row = row_widget
_spin = setup_spin
_button = action_button
_error_label = inline_error_label
_GSpin = ShortSpinBox


class FitControls(RunControlsMixin):
    """The controls of :class:`~.panel.FitPanel` (see the module docstring)."""

    SESSION_ERRORS = FIT_SESSION_ERRORS

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        return buddy_label(text, buddy)

    def _target_names(self) -> dict[str, str]:
        return {"sin": self.tr("sin(x)"), "abs": self.tr("|x|"), "step": self.tr("step(x)"),
                "square": self.tr("x²"), "cube": self.tr("x³"), "saw": self.tr("sawtooth"),
                "bump": self.tr("Gaussian bump"), "plane": self.tr("plane (x₁ + x₂)/2"),
                "multi_gauss": self.tr("multi-Gaussian (x₁, x₂)"), EXPR: self.tr("typed f(x) or f(x1, x2)"),
                CSV: self.tr("CSV file (x,y)")}

    def _speed_text(self, speed: float) -> str:
        if speed == 0:
            return self.tr("as fast as possible")
        if speed == 1:
            return self.tr("1 epoch per second")
        return self.tr("{n} epochs per second").format(n=f"{speed:g}")

    def _build_controls(self) -> QWidget:
        scroll, lay = controls_column()

        # -- lessons ----------------------------------------------------------------------------
        box = QGroupBox(self.tr("Lessons"))
        box_lay = QVBoxLayout(box)
        box_lay.setContentsMargins(8, 6, 8, 6)
        box_lay.setSpacing(4)
        form = form_layout(vertical_spacing=4)
        box_lay.addLayout(form)
        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName(self.tr("Lesson"))
        self.preset_combo.setToolTip(self.tr("Set up a lesson: its data, network and training"))
        self.preset_combo.activated.connect(self._preset_chosen)
        form.addRow(self._label(self.tr("Lesson"), self.preset_combo), self.preset_combo)
        self.run_combo = QComboBox()
        self.run_combo.setAccessibleName(self.tr("Network of the lesson"))
        self.run_combo.setToolTip(self.tr("The lesson compares networks: pick the one to train"))
        self.run_combo.activated.connect(self._run_chosen)
        self.run_label = self._label(self.tr("Network"), self.run_combo)
        form.addRow(self.run_label, self.run_combo)
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setTextFormat(Qt.TextFormat.RichText)
        self.preset_note.setAccessibleName(self.tr("About this lesson"))
        self.preset_note.hide()
        box_lay.addWidget(self.preset_note)
        lay.addWidget(box)

        # -- run --------------------------------------------------------------------------------
        box = QGroupBox(self.tr("Run"))
        form = form_layout(box, margins=(8, 6, 8, 6), vertical_spacing=4)
        self.start_button = _button(self.tr("Start"), self.tr("Start or pause training"),
                                    self.tr("Train until the epoch budget (Pause to stop)"),
                                    self._start_clicked)
        self.step_button = _button(self.tr("Step"), self.tr("Train one epoch"),
                                   self.tr("Train exactly one more epoch"), self.step)
        self.reset_button = _button(self.tr("Reset"), self.tr("Reset the network"),
                                    self.tr("New initial weights from the seed: back to epoch 0"),
                                    self.reset)
        form.addRow(_row(self.start_button, self.step_button, self.reset_button, stretch_first=False))
        self.speed_combo = QComboBox()
        for s in SPEEDS:
            self.speed_combo.addItem(self._speed_text(s), float(s))
        self.speed_combo.setAccessibleName(self.tr("Training speed"))
        self.epochs_spin = _spin(QSpinBox(), 0, MAX_EPOCHS, self.tr("Epoch budget"), step=500,
                                 tip=self.tr("Start trains until this epoch"))
        form.addRow(self._label(self.tr("Speed"), self.speed_combo), self.speed_combo)
        form.addRow(self._label(self.tr("Epochs"), self.epochs_spin), self.epochs_spin)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Fit readouts"))
        form.addRow(self.status)
        self.divergence_label = _error_label(self.tr("Training diverged"), Qt.TextFormat.PlainText)
        form.addRow(self.divergence_label)
        lay.addWidget(box)

        self.error = _error_label(self.tr("Problem with the settings"), Qt.TextFormat.PlainText)
        lay.addWidget(self.error)

        # -- data -------------------------------------------------------------------------------
        box = QGroupBox(self.tr("Data"))
        form = form_layout(box, margins=(8, 6, 8, 6), vertical_spacing=4)
        self.target_combo = QComboBox()
        self.target_combo.setAccessibleName(self.tr("Target function"))
        self.target_combo.activated.connect(self._target_chosen)
        self.load_button = _button(self.tr("Load CSV…"), self.tr("Load a CSV file"),
                                   self.tr("Fit the points of a CSV file of x,y rows"), self._load_clicked)
        form.addRow(self._label(self.tr("Target"), self.target_combo),
                    _row(self.target_combo, self.load_button))
        self.expr_edit = QLineEdit()
        self.expr_edit.setAccessibleName(self.tr("Typed target"))
        self.expr_edit.setToolTip(self.tr("A function of x (e.g. x^2 - relu(x)), or of x1 and x2 "
                                          "for a target over the plane (e.g. sin(x1)*x2)"))
        self.expr_label = self._label(self.tr("f ="), self.expr_edit)
        form.addRow(self.expr_label, self.expr_edit)
        self.csv_label = QLabel()
        self.csv_label.setWordWrap(True)
        self.csv_label.setAccessibleName(self.tr("CSV file in use"))
        self.csv_label.hide()
        form.addRow(self.csv_label)
        self.lo_spin = _spin(_GSpin(), -MAX_RANGE, MAX_RANGE, self.tr("Start of the range"), decimals=4,
                             step=0.5)
        self.hi_spin = _spin(_GSpin(), -MAX_RANGE, MAX_RANGE, self.tr("End of the range"), decimals=4,
                             step=0.5)
        self.range_label = self._label(self.tr("Range"), self.lo_spin)
        form.addRow(self.range_label, _row(self.lo_spin, self._label(self.tr("to"), self.hi_spin),
                                           self.hi_spin))
        self.points_spin = _spin(QSpinBox(), MIN_POINTS, MAX_POINTS, self.tr("Number of points"), step=50)
        self.noise_spin = _spin(QDoubleSpinBox(), 0.0, MAX_NOISE, self.tr("Noise"), step=0.05, decimals=3,
                                tip=self.tr("Standard deviation of Gaussian noise added to the targets"))
        form.addRow(self._label(self.tr("Points"), self.points_spin),
                    _row(self.points_spin, self._label(self.tr("noise"), self.noise_spin), self.noise_spin))
        self.test_spin = _spin(QDoubleSpinBox(), 0.0, TEST_FRACTION_MAX, self.tr("Test fraction"),
                               step=0.05, decimals=2, tip=self.tr("Fraction of the points held out for testing"))
        self.seed_spin = _spin(QSpinBox(), 0, min(SEED_MAX, 2**31 - 1), self.tr("Random seed"),
                               tip=self.tr("Seed of the noise, the split, the initial weights and the shuffling"))
        form.addRow(self._label(self.tr("Test"), self.test_spin),
                    _row(self.test_spin, self._label(self.tr("seed"), self.seed_spin), self.seed_spin))
        lay.addWidget(box)

        # -- network ----------------------------------------------------------------------------
        box = QGroupBox(self.tr("Network"))
        form = form_layout(box, margins=(8, 6, 8, 6), vertical_spacing=4)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setAccessibleName(self.tr("Hidden layer sizes"))
        self.hidden_edit.setToolTip(self.tr(
            "Units per hidden layer, separated by commas, e.g. 8 or 16,16 (1 to {n} layers of at most "
            "{m} units). With one hidden layer every unit's contribution is drawn").format(
                n=MAX_FIT_LAYERS, m=MAX_FIT_UNITS))
        form.addRow(self._label(self.tr("Hidden"), self.hidden_edit), self.hidden_edit)
        self.activation_combo = QComboBox()
        self.activation_combo.setAccessibleName(self.tr("Activation of the hidden layers"))
        self.activation_combo.setToolTip(self.tr(
            "“From list” fits with the function selected in the Functions list. Parameters are "
            "always the ones set in the Functions dock"))
        form.addRow(self._label(self.tr("Activation"), self.activation_combo), self.activation_combo)
        self.init_combo = QComboBox()
        init_names = {"he": self.tr("He / Kaiming"), "xavier": self.tr("Xavier / Glorot"),
                      "lecun": self.tr("LeCun"), "gaussian": self.tr("Gaussian N(0, 1)"),
                      "uniform": self.tr("uniform ±0.5 (Playground)")}
        for key in FIT_INITS:
            self.init_combo.addItem(init_names.get(key, key), key)
        self.init_combo.setAccessibleName(self.tr("Weight initialisation"))
        form.addRow(self._label(self.tr("Init"), self.init_combo), self.init_combo)
        lay.addWidget(box)

        # -- optimiser --------------------------------------------------------------------------
        box = QGroupBox(self.tr("Optimiser"))
        form = form_layout(box, margins=(8, 6, 8, 6), vertical_spacing=4)
        self.optimizer_combo = QComboBox()
        opt_names = {"sgd": self.tr("SGD"), "momentum": self.tr("SGD with momentum"), "adam": self.tr("Adam")}
        for key in OPTIMIZERS:
            self.optimizer_combo.addItem(opt_names.get(key, key), key)
        self.optimizer_combo.setAccessibleName(self.tr("Optimiser"))
        form.addRow(self._label(self.tr("Method"), self.optimizer_combo), self.optimizer_combo)
        self.lr_spin = _spin(_GSpin(), LR_MIN, LR_MAX, self.tr("Learning rate"), decimals=5,
                             tip=self.tr("Applies at once, also while training"))
        self.lr_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.momentum_spin = _spin(QDoubleSpinBox(), 0.0, MOMENTUM_MAX, self.tr("Momentum"), step=0.05,
                                   decimals=3)
        self.momentum_label = self._label(self.tr("mom."), self.momentum_spin)
        form.addRow(self._label(self.tr("Rate"), self.lr_spin),
                    _row(self.lr_spin, self.momentum_label, self.momentum_spin))
        self.batch_spin = _spin(QSpinBox(), 0, MAX_POINTS, self.tr("Batch size"),
                                tip=self.tr("Minibatch size; 0 = full batch (one step per epoch)"))
        self.l2_spin = _spin(_GSpin(), 0.0, FIT_L2_MAX, self.tr("L2 weight decay"), decimals=5)
        self.l2_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        for spin, width in ((self.l2_spin, 72), (self.momentum_spin, 64), (self.noise_spin, 64),
                            (self.seed_spin, 64)):
            spin.setMinimumWidth(width)
        form.addRow(self._label(self.tr("Batch"), self.batch_spin),
                    _row(self.batch_spin, self._label(self.tr("L2"), self.l2_spin), self.l2_spin))
        lay.addWidget(box)
        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        lay.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        self._fill_combos()
        self._bind_controls()
        fit_scroll_column(scroll)
        return scroll

    # ---- bindings ---------------------------------------------------------------------------------
    def _bind_controls(self) -> None:
        st, err = self.state, self._binding_error
        self._bindings = self._shared_bindings() + [
            bind_value(self.points_spin, st, "points", on_error=err,
                       to_widget=lambda _v: self.state.effective_points()),
            bind_value(self.expr_edit, st, "expr", on_error=err),
            Binding(self.lo_spin, st, "x_range", lambda _v: self._show_range(),
                    lambda: (self.lo_spin.value(), self.hi_spin.value()), self.lo_spin.valueChanged, err),
            Binding(self.hi_spin, st, "x_range", lambda _v: self._show_range(),
                    lambda: (self.lo_spin.value(), self.hi_spin.value()), self.hi_spin.valueChanged, err),
        ]

    def _show_range(self) -> None:
        lo, hi = self.state.effective_range()
        for spin, v in ((self.lo_spin, lo), (self.hi_spin, hi)):
            with QSignalBlocker(spin):
                spin.setValue(v)

    # ---- combos and syncing ---------------------------------------------------------------------
    def _fill_combos(self) -> None:
        lang = i18n.current_language()
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.clear()
            self.preset_combo.addItem(self.tr("(none)"), None)
            for key, p in FIT_PRESETS.items():
                self.preset_combo.addItem(p.texts(lang)[0], key)
        names = self._target_names()
        with QSignalBlocker(self.target_combo):
            self.target_combo.clear()
            for key in FIT_TARGETS:
                self.target_combo.addItem(names[key], key)
        cur = self.curves.current
        follow = self.tr("From list: {name}").format(
            name=function_name(catalogue.get(cur)) if cur in catalogue.CATALOGUE else cur)
        with QSignalBlocker(self.activation_combo):
            self.activation_combo.clear()
            self.activation_combo.addItem(follow, FOLLOW)
            for fid in catalogue.CATALOGUE:
                self.activation_combo.addItem(function_name(catalogue.get(fid)), fid)

    def _sync_controls(self) -> None:
        st = self.state
        self._select(self.target_combo, st.target)
        csv, expr = st.target == CSV, st.target == EXPR
        self.expr_edit.setVisible(expr)
        self.expr_label.setVisible(expr)
        for w in (self.lo_spin, self.hi_spin, self.points_spin, self.noise_spin, self.range_label):
            w.setEnabled(not csv)
        self.csv_label.setVisible(csv and bool(st.csv_path))
        if csv and st.csv_path:
            self.csv_label.setText(self.tr("File: {name}").format(name=st.csv_path))
            self.csv_label.setToolTip(st.csv_path)
        self._show_range()
        with QSignalBlocker(self.points_spin):
            self.points_spin.setValue(st.effective_points())
        mom = st.optimizer == "momentum"
        self.momentum_spin.setEnabled(mom)
        self.momentum_label.setEnabled(mom)
        self._sync_preset()
        self._sync_buttons()

    def _sync_preset(self) -> None:
        """The lesson combo shows the lesson whose settings these are; its text below."""
        match = self.state.matches_preset()
        key = self.state.preset
        self._select(self.preset_combo, key)
        runs = FIT_PRESETS[key].runs if key else ()
        with QSignalBlocker(self.run_combo):
            self.run_combo.clear()
            for label, _values in runs:
                self.run_combo.addItem(label)
            if runs:
                self.run_combo.setCurrentIndex(min(self.state.preset_run, len(runs) - 1))
        self.run_combo.setVisible(len(runs) > 1)
        self.run_label.setVisible(len(runs) > 1)
        if key is None:
            self.preset_note.hide()
            return
        title, text = FIT_PRESETS[key].texts(i18n.current_language())
        note = f"<b>{html.escape(title)}</b>{text}"
        if match != (key, self.state.preset_run):
            note += "<p><i>" + html.escape(self.tr("The settings differ from the lesson's now.")) + "</i></p>"
        self.preset_note.setText(note)
        self.preset_note.show()

    def _sync_buttons(self) -> None:
        running = self.session.running
        self.start_button.setText(self.tr("Pause") if running else self.tr("Start"))
        self.start_button.setEnabled(self.session.can_start())
        self.step_button.setEnabled(self.session.can_step())
        self.reset_button.setEnabled(not self._closed)

    def _retranslate_controls(self) -> None:
        names = self._target_names()
        for i in range(self.target_combo.count()):
            self.target_combo.setItemText(i, names[self.target_combo.itemData(i)])
        for i in range(self.speed_combo.count()):
            self.speed_combo.setItemText(i, self._speed_text(self.speed_combo.itemData(i)))
        self._fill_combos()
        self._sync_widgets()

    # ---- readouts ---------------------------------------------------------------------------------
    def _update_status(self) -> None:
        """Epoch, MSE train/test, dead units and the linear pieces (with their bound only
        where it bounds: one hidden layer of a piecewise-linear activation)."""
        r = self.session.readout()
        if r is None:
            self.status.setText("")
            return
        head = self.tr("<b>Epoch {epoch}</b> / {budget}").format(epoch=r.epoch, budget=self.state.epochs)
        snap = self.session.snapshot
        if self.session.running:
            head += " · " + self.tr("training…")
        elif snap is not None and snap.divergence is not None:
            head += " · " + self.tr("stopped")
        elif r.epoch >= self.state.epochs:
            head += " · " + self.tr("done")
        test = f"{r.test_loss:.3g}" if math.isfinite(r.test_loss) else "–"
        lines = [head, self.tr("MSE: train {train}, test {test}").format(train=f"{r.loss:.3g}", test=test),
                 self.tr("Dead units: {dead} of {units}").format(dead=r.dead, units=r.units)]
        hidden = self.state.hidden
        if r.pieces is not None:
            lines.append(self.tr("Linear pieces of the fit: {n} (at most {bound} for one hidden layer "
                                 "of {h} units)").format(n=r.pieces, bound=r.bound, h=hidden[0]))
        elif self.session.data is not None and self.session.data.dim == 1 and len(hidden) > 1:
            lines.append(self.tr("Linear pieces are counted for one hidden layer only"))
        self.status.setText("<br>".join(lines))
        if snap is not None and snap.divergence is not None:
            dv = snap.divergence
            text = self.tr("Training diverged in epoch {epoch} ({why}); the network of epoch {back} is "
                           "shown. Lower the learning rate.").format(epoch=dv.epoch, why=dv.reason,
                                                                     back=dv.restored_epoch)
            self.divergence_label.setText(text)
            self.divergence_label.show()
        else:
            self.divergence_label.hide()

    # ---- widget slots -----------------------------------------------------------------------------
    def _start_clicked(self) -> None:
        if self.session.running:
            self.pause()
        else:
            self.start()

    def _target_chosen(self, _index: int) -> None:
        key = self.target_combo.currentData()
        if key == CSV and not self.state.csv_path:
            if not self._load_clicked():
                self._sync_widgets()
            return
        values = {"target": key}
        if (key in TARGETS_2D) != self.state.two_d:
            values.update(x_range=None, points=None)   # the other kind of data: its defaults
        self._apply(**values)

    def _load_clicked(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load points"), "",
                                              self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if not path:
            return False
        return self.load_csv_file(path)

    def _preset_chosen(self, _index: int) -> None:
        key = self.preset_combo.currentData()
        if key is None:
            self._apply(preset=None, preset_run=0)
        else:
            self.apply_preset(key, 0, start=False)

    def _run_chosen(self, index: int) -> None:
        if self.state.preset is not None and index >= 0:
            self.apply_preset(self.state.preset, index, start=False)
