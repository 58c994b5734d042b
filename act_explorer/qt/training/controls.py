"""The training tab's left column: the lessons, Start/Step/Reset and the status, the data, the
network and the optimiser, each control bound to the :class:`~...model.training_state.TrainingState`.

:class:`TrainingControls` is a part of :class:`~.panel.TrainingPanel` (a mixin: it reads the
panel's ``state``, ``session`` and ``curves`` and calls its actions).  A control shows the
state's value and writes an edit back with ``state.update``; a refused value is shown inline
(:meth:`TrainingControls._show_input_error`) and the control goes back to the state's value.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget,
)

from ...model import catalogue
from ...model.datasets import GENERATORS, MAX_CLASSES, MAX_POINTS, MIN_POINTS, MULTICLASS
from ...model.lesson_setup import divergence_causes
from ...model.network import INITS, MAX_HIDDEN_LAYERS
from ...model.training import L2_MAX, LR_MAX, LR_MIN, MAX_BATCH, OPTIMIZERS
from ...model.training_session import SESSION_ERRORS
from ...model.training_state import (
    CSV, FOLLOW, MAX_COMPARE, MAX_EPOCHS, NOISE_MAX, PRESETS, SEED_MAX, SPEEDS, TEST_FRACTION_MAX,
)
from .. import panel_settings
from ..i18n import function_name, tx
from ..layout_fit import fit_scroll_column
from ..lesson_notes import changes_html, divergence_text
from ..bind import bind_combo, bind_value
from ..panel_parts import (
    ShortSpinBox, action_button, buddy_label, controls_column, form_layout, inline_error_label,
    row_widget, setup_spin,
)
from ..panel_settings import ResetDefaultsButton
from ..run_controls import RunControlsMixin


# The names these helpers had here, for code that imports them from this module (the Fit tab).
_GSpin = ShortSpinBox


class TrainingControls(RunControlsMixin):
    """The controls of :class:`~.panel.TrainingPanel` (see the module docstring)."""

    SESSION_ERRORS = SESSION_ERRORS

    _row = staticmethod(row_widget)
    _spin = staticmethod(setup_spin)
    _button = staticmethod(action_button)
    _error_label = staticmethod(inline_error_label)

    # ---- building the controls ------------------------------------------------------------
    def _form(self, box: QGroupBox) -> QFormLayout:
        return form_layout(box, margins=(8, 6, 8, 6), vertical_spacing=4)

    def _speed_text(self, speed: float) -> str:
        if speed == 0:
            return self.tr("as fast as possible")
        if speed == 1:
            return self.tr("1 epoch per second")
        return self.tr("{n} epochs per second").format(n=f"{speed:g}")

    def _build_controls(self) -> QWidget:
        scroll, lay = controls_column()

        # -- lessons ----------------------------------------------------------------------
        box = QGroupBox(self.tr("Lessons"))
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 6)
        grid.setSpacing(4)
        short = {
            "dying_relu": self.tr("Dying ReLU"),
            "leaky_relu_alive": self.tr("Leaky ReLU alive"),
            "deep_sigmoid": self.tr("Deep sigmoid"),
            "relu_vs_tanh": self.tr("ReLU vs tanh"),
            "linear_vs_relu": self.tr("Identity vs ReLU"),
        }
        self.preset_buttons: dict[str, QPushButton] = {}
        for i, (key, preset) in enumerate(PRESETS.items()):
            b = QPushButton(short.get(key, key))
            title = tx("TrainingPresets", preset.title)
            b.setToolTip(f"<b>{html.escape(title)}</b><br>"
                         f"{html.escape(preset.describe(tx('TrainingPresets', preset.description)))}")
            b.setAccessibleName(self.tr("Lesson: {title}").format(title=title))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, k=key: self.apply_preset(k))
            grid.addWidget(b, i // 2, i % 2)
            self.preset_buttons[key] = b
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setTextFormat(Qt.TextFormat.RichText)
        self.preset_note.setAccessibleName(self.tr("About this lesson"))
        self.preset_note.hide()
        grid.addWidget(self.preset_note, (len(PRESETS) + 1) // 2, 0, 1, 2)
        lay.addWidget(box)

        # -- run --------------------------------------------------------------------------
        box = QGroupBox(self.tr("Run"))
        form = self._form(box)
        self.start_button = action_button(
            self.tr("Start"), self.tr("Start or pause training"),
            self.tr("Train until the epoch budget (Pause to stop)"), self._start_clicked)
        self.step_button = action_button(self.tr("Step"), self.tr("Train one epoch"),
                                        self.tr("Train exactly one more epoch"), self.step)
        self.reset_button = action_button(
            self.tr("Reset"), self.tr("Reset the network"),
            self.tr("New initial weights from the seed: back to epoch 0"), self.reset)
        buttons = QWidget()
        bl = QHBoxLayout(buttons)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(4)
        for b in (self.start_button, self.step_button, self.reset_button):
            bl.addWidget(b)
        form.addRow(buttons)

        self.speed_combo = QComboBox()
        for s in SPEEDS:
            self.speed_combo.addItem(self._speed_text(s), float(s))
        self.speed_combo.setAccessibleName(self.tr("Training speed"))
        self.speed_combo.setToolTip(self.tr("How many epochs to train per second"))
        form.addRow(buddy_label(self.tr("Speed"), self.speed_combo), self.speed_combo)

        self.epochs_spin = setup_spin(QSpinBox(), 1, MAX_EPOCHS, self.tr("Epoch budget"),
                                      step=50, tip=self.tr("Start trains until this epoch"))
        form.addRow(buddy_label(self.tr("Epochs"), self.epochs_spin), self.epochs_spin)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAccessibleName(self.tr("Training status"))
        form.addRow(self.status)

        self.divergence_label = inline_error_label(self.tr("Training diverged"), Qt.TextFormat.RichText)
        form.addRow(self.divergence_label)
        lay.addWidget(box)

        self.error = inline_error_label(self.tr("Problem with the settings"), Qt.TextFormat.PlainText)
        lay.addWidget(self.error)

        # -- data -------------------------------------------------------------------------
        box = QGroupBox(self.tr("Data"))
        form = self._form(box)
        self.dataset_combo = QComboBox()
        names = {"moons": self.tr("two moons"), "circles": self.tr("circles"),
                 "spiral": self.tr("spiral"), "xor": self.tr("XOR"), "gauss": self.tr("Gaussian blobs")}
        for key in GENERATORS:
            self.dataset_combo.addItem(names.get(key, key), key)
        self.dataset_combo.addItem(self.tr("CSV file"), CSV)
        self.dataset_combo.setAccessibleName(self.tr("Data set"))
        self.dataset_combo.currentIndexChanged.connect(self._dataset_edited)
        self.load_button = action_button(
            self.tr("Load CSV…"), self.tr("Load a CSV file"),
            self.tr("Read points from a CSV file of x1,x2,label rows"), self._load_clicked)
        form.addRow(buddy_label(self.tr("Data set"), self.dataset_combo),
                    row_widget(self.dataset_combo, self.load_button))
        self.csv_label = QLabel()
        self.csv_label.setWordWrap(True)
        self.csv_label.setAccessibleName(self.tr("CSV file in use"))
        self.csv_label.hide()
        form.addRow(self.csv_label)

        self.points_spin = setup_spin(QSpinBox(), MIN_POINTS, MAX_POINTS,
                                      self.tr("Number of points"), step=100)
        self.classes_spin = setup_spin(
            QSpinBox(), 2, MAX_CLASSES, self.tr("Number of classes"),
            tip=self.tr("Classes of the spiral and Gaussian-blob data sets"))
        self.classes_label = buddy_label(self.tr("classes"), self.classes_spin)
        form.addRow(buddy_label(self.tr("Points"), self.points_spin),
                    row_widget(self.points_spin, self.classes_label, self.classes_spin,
                              stretch_first=True))

        self.noise_spin = setup_spin(
            QDoubleSpinBox(), 0.0, NOISE_MAX, self.tr("Noise"), step=0.05, decimals=2,
            tip=self.tr("Standard deviation of the noise added to each coordinate"))
        self.test_spin = setup_spin(
            QDoubleSpinBox(), 0.0, TEST_FRACTION_MAX, self.tr("Test fraction"), step=0.05,
            decimals=2, tip=self.tr("Fraction of the points held out for testing"))
        form.addRow(buddy_label(self.tr("Noise"), self.noise_spin),
                    row_widget(self.noise_spin, buddy_label(self.tr("test"), self.test_spin),
                              self.test_spin))

        self.seed_spin = setup_spin(
            QSpinBox(), 0, min(SEED_MAX, 2**31 - 1), self.tr("Random seed"), tip=self.tr(
                "Seed of the data, the initial weights and the shuffling: the same seed gives the "
                "same run, and the same initial weights for every compared function"))
        form.addRow(buddy_label(self.tr("Seed"), self.seed_spin), self.seed_spin)
        lay.addWidget(box)

        # -- network ----------------------------------------------------------------------
        box = QGroupBox(self.tr("Network"))
        form = self._form(box)
        self.hidden_edit = QLineEdit()
        self.hidden_edit.setAccessibleName(self.tr("Hidden layer sizes"))
        self.hidden_edit.setToolTip(self.tr(
            "Units per hidden layer, separated by commas, e.g. 16,16 (1 to {n} layers)").format(
                n=MAX_HIDDEN_LAYERS))
        form.addRow(buddy_label(self.tr("Hidden"), self.hidden_edit), self.hidden_edit)

        self.activation_combo = QComboBox()
        self.activation_combo.setAccessibleName(self.tr("Activation of the hidden layers"))
        self.activation_combo.setToolTip(self.tr(
            "“From list” trains the function selected in the Functions list. Parameters are "
            "always the ones set in the Functions dock"))
        self.per_layer_check = QCheckBox(self.tr("per layer"))
        self.per_layer_check.setAccessibleName(self.tr("A different activation per layer"))
        self.per_layer_check.toggled.connect(self._per_layer_toggled)
        form.addRow(buddy_label(self.tr("Activation"), self.activation_combo),
                    row_widget(self.activation_combo, self.per_layer_check))
        self.layers_box = QWidget()
        self.layers_grid = QGridLayout(self.layers_box)
        self.layers_grid.setContentsMargins(0, 0, 0, 0)
        self.layers_grid.setSpacing(3)
        self.layers_box.hide()
        form.addRow(self.layers_box)

        self.init_combo = QComboBox()
        init_names = {"he": self.tr("He / Kaiming"), "xavier": self.tr("Xavier / Glorot"),
                      "lecun": self.tr("LeCun"), "uniform": self.tr("uniform ±0.5 (Playground)")}
        for key in INITS:
            self.init_combo.addItem(init_names.get(key, key), key)
        self.init_combo.setAccessibleName(self.tr("Weight initialisation"))
        form.addRow(buddy_label(self.tr("Init"), self.init_combo), self.init_combo)

        self.compare_check = QCheckBox(self.tr("Compare functions (2–{n})").format(n=MAX_COMPARE))
        self.compare_check.setAccessibleName(self.tr("Compare activation functions"))
        self.compare_check.setToolTip(self.tr(
            "Train the same network - same data, same initial weights - once per function"))
        self.compare_check.toggled.connect(self._compare_toggled)
        form.addRow(self.compare_check)
        self.compare_box = QWidget()
        cg = QGridLayout(self.compare_box)
        cg.setContentsMargins(0, 0, 0, 0)
        cg.setSpacing(3)
        self.compare_combos: list[QComboBox] = []
        for i in range(MAX_COMPARE):
            c = QComboBox()
            c.setAccessibleName(self.tr("Compared function {i}").format(i=i + 1))
            c.currentIndexChanged.connect(self._compare_edited)
            cg.addWidget(c, i // 2, i % 2)
            self.compare_combos.append(c)
        self.shown_combo = QComboBox()
        self.shown_combo.setAccessibleName(self.tr("Function whose decision boundary is drawn"))
        cg.addWidget(buddy_label(self.tr("Boundary of"), self.shown_combo), 2, 0)
        cg.addWidget(self.shown_combo, 2, 1)
        self.compare_box.hide()
        form.addRow(self.compare_box)
        lay.addWidget(box)

        # -- optimiser --------------------------------------------------------------------
        box = QGroupBox(self.tr("Optimiser"))
        form = self._form(box)
        self.optimizer_combo = QComboBox()
        opt_names = {"sgd": self.tr("SGD"), "momentum": self.tr("SGD with momentum"), "adam": self.tr("Adam")}
        for key in OPTIMIZERS:
            self.optimizer_combo.addItem(opt_names.get(key, key), key)
        self.optimizer_combo.setAccessibleName(self.tr("Optimiser"))
        form.addRow(buddy_label(self.tr("Method"), self.optimizer_combo), self.optimizer_combo)

        self.lr_spin = setup_spin(ShortSpinBox(), LR_MIN, LR_MAX, self.tr("Learning rate"),
                                  decimals=5, tip=self.tr("Applies at once, also while training"))
        self.lr_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.momentum_spin = setup_spin(QDoubleSpinBox(), 0.0, 0.999, self.tr("Momentum"),
                                        step=0.05, decimals=3)
        self.momentum_label = buddy_label(self.tr("mom."), self.momentum_spin)
        self.momentum_label.setToolTip(self.tr("Momentum coefficient (SGD with momentum)"))
        form.addRow(buddy_label(self.tr("Rate"), self.lr_spin),
                    row_widget(self.lr_spin, self.momentum_label, self.momentum_spin))

        self.batch_spin = setup_spin(
            QSpinBox(), 1, MAX_BATCH, self.tr("Batch size"),
            tip=self.tr("Minibatch size; the training set's size or more is full batch"))
        self.l2_spin = setup_spin(ShortSpinBox(), 0.0, L2_MAX, self.tr("L2 weight decay"),
                                  decimals=5, tip=self.tr("L2 weight decay (applies at once)"))
        self.l2_spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        for spin, width in ((self.l2_spin, 72), (self.momentum_spin, 64), (self.test_spin, 60),
                            (self.classes_spin, 48)):
            spin.setMinimumWidth(width)
        form.addRow(buddy_label(self.tr("Batch"), self.batch_spin),
                    row_widget(self.batch_spin, buddy_label(self.tr("L2"), self.l2_spin), self.l2_spin))
        lay.addWidget(box)
        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        lay.addWidget(self.defaults_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        self._bind_controls()
        fit_scroll_column(scroll)
        return scroll

    def _show_preset_note(self, key: str | None) -> None:
        """The note under the lesson buttons follows the highlighted lesson: its title and
        description (and what applying it changed, if it was applied), or nothing."""
        if key is None:
            self._note_key = None
            self.preset_note.clear()
            self.preset_note.hide()
            return
        if key != self._note_key:
            self._note_key = key
            self._note_changes = None
        preset = PRESETS[key]
        text = (f"<b>{html.escape(tx('TrainingPresets', preset.title))}.</b> "
                f"{html.escape(preset.describe(tx('TrainingPresets', preset.description)))}")
        if self._note_changes is not None:      # worded now: follows a language switch
            text += f"<br><i>{changes_html(self._note_changes)}</i>"
        self.preset_note.setText(text)
        self.preset_note.show()

    # ---- status text ------------------------------------------------------------------------
    def _update_status(self) -> None:
        """Epoch, then one table row per run: loss, accuracy (train, test), dead units."""
        if not self._runs or self._runs[0].snapshot is None:
            self.status.setText("")
            return
        budget = self.state.epochs
        compare = len(self._runs) > 1
        rows = []
        messages = []
        cell = "<td align='right' style='padding-left:8px'>{}</td>"
        for r in self._runs:
            snap = r.snapshot
            rec = snap.last
            name = function_name(catalogue.get(r.run.activations[0]))
            test = f"{rec.test_acc:.0%}" if math.isfinite(rec.test_acc) else "–"
            first = (f"<td><span style='color:{r.colour}'>■</span> {html.escape(name)}</td>"
                     if compare else "")
            rows.append("<tr>" + first + "".join(cell.format(v) for v in (
                f"{rec.loss:.3g}", f"{rec.train_acc:.0%}", test,
                f"{rec.dead}/{sum(snap.config.hidden)}")) + "</tr>")
            if snap.divergence is not None:
                msg = html.escape(divergence_text(snap.divergence, divergence_causes(snap.config)))
                messages.append(f"{html.escape(name)}: {msg}" if compare else msg)
        header = "<tr>" + ("<td></td>" if compare else "") + "".join(
            cell.format(f"<i>{h}</i>") for h in (self.tr("loss"), self.tr("train"), self.tr("test"),
                                                  self.tr("dead"))) + "</tr>"
        epoch = min(r.snapshot.epoch for r in self._runs)
        head = self.tr("<b>Epoch {epoch}</b> / {budget}").format(epoch=epoch, budget=budget)
        if self.session.running:
            head += " · " + self.tr("training…")
        elif messages:
            head += " · " + self.tr("stopped")
        elif epoch >= budget:
            head += " · " + self.tr("done")
        self.status.setText(f"{head}<table cellspacing='0'>{header}{''.join(rows)}</table>")
        self.status.setToolTip(self.tr(
            "Loss: mean cross-entropy on the training set. Train/test: accuracy. Dead: units "
            "whose slope is 0 for every training input. Start trains until the epoch budget; "
            "raise it to go on."))
        if messages:
            text = "<br>".join(messages)
            if self.divergence_label.text() != text:
                self.divergence_label.setText(text)
            self.divergence_label.show()
        else:
            self.divergence_label.hide()

    # ---- state <-> widgets -------------------------------------------------------------------
    def _bind_controls(self) -> None:
        """Bind the controls that show one setting each (the others are synced by
        :meth:`_sync_controls`): the widget shows the state's value, an edit updates it, a
        refused value goes to the inline error."""
        st, err = self.state, self._binding_error
        self._bindings = self._shared_bindings() + [
            bind_value(self.points_spin, st, "points", on_error=err),
            bind_value(self.classes_spin, st, "classes", on_error=err),
            bind_combo(self.shown_combo, st, "shown", on_error=err),
        ]

    def _fill_function_combos(self) -> None:
        ids = list(catalogue.CATALOGUE)
        cur = self.curves.current
        follow = self.tr("From list: {name}").format(
            name=function_name(catalogue.get(cur)) if cur in catalogue.CATALOGUE else cur)
        combos = [self.activation_combo, *self._layer_combos]
        for c in combos:
            with QSignalBlocker(c):
                c.clear()
                c.addItem(follow, FOLLOW)
                for fid in ids:
                    c.addItem(function_name(catalogue.get(fid)), fid)
        for i, c in enumerate(self.compare_combos):
            with QSignalBlocker(c):
                c.clear()
                if i >= 2:
                    c.addItem("—", None)
                for fid in ids:
                    c.addItem(function_name(catalogue.get(fid)), fid)
        self._combo_ids = ids
        self._sync_widgets()

    def _sync_controls(self) -> None:
        """The controls that depend on several settings, and which are enabled or shown."""
        st = self.state
        self._select(self.dataset_combo, st.dataset)
        csv = st.dataset == CSV
        for w in (self.points_spin, self.noise_spin):
            w.setEnabled(not csv)
        self.classes_spin.setEnabled(st.dataset in MULTICLASS)
        self.classes_label.setEnabled(st.dataset in MULTICLASS)
        self.csv_label.setVisible(csv and bool(st.csv_path))
        if csv and st.csv_path:
            self.csv_label.setText(self.tr("File: {name}").format(name=st.csv_path))
            self.csv_label.setToolTip(st.csv_path)
        per_layer = st.layer_activations is not None
        with QSignalBlocker(self.per_layer_check):
            self.per_layer_check.setChecked(per_layer)
        self._sync_layer_combos()
        compare = st.compare_mode
        with QSignalBlocker(self.compare_check):
            self.compare_check.setChecked(compare)
        self.compare_box.setVisible(compare)
        self.activation_combo.setEnabled(not compare and not per_layer)
        self.per_layer_check.setEnabled(not compare)
        self.layers_box.setVisible(per_layer and not compare)
        for i, c in enumerate(self.compare_combos):
            self._select(c, st.compare[i] if i < len(st.compare) else None)
        with QSignalBlocker(self.shown_combo):
            self.shown_combo.clear()
            for fid in st.compare:
                self.shown_combo.addItem(function_name(catalogue.get(fid)), fid)
        self._select(self.shown_combo, st.shown)
        mom = st.optimizer == "momentum"
        self.momentum_spin.setEnabled(mom)
        self.momentum_label.setEnabled(mom)
        self._sync_buttons()

    def _sync_layer_combos(self) -> None:
        st = self.state
        n = len(st.hidden)
        while len(self._layer_combos) < n:
            i = len(self._layer_combos)
            c = QComboBox()
            c.setAccessibleName(self.tr("Activation of hidden layer {i}").format(i=i + 1))
            c.addItem(self.activation_combo.itemText(0), FOLLOW)
            for fid in self._combo_ids or list(catalogue.CATALOGUE):
                c.addItem(function_name(catalogue.get(fid)), fid)
            c.currentIndexChanged.connect(self._layers_edited)
            lab = QLabel(self.tr("layer {i}").format(i=i + 1))
            lab.setBuddy(c)
            self.layers_grid.addWidget(lab, i, 0)
            self.layers_grid.addWidget(c, i, 1)
            self._layer_combos.append(c)
        ids = st.layer_ids()
        for i, c in enumerate(self._layer_combos):
            visible = i < n
            c.setVisible(visible)
            lab = self.layers_grid.itemAtPosition(i, 0)
            if lab is not None and lab.widget() is not None:
                lab.widget().setVisible(visible)
            if visible:
                self._select(c, ids[i])

    def _sync_buttons(self) -> None:
        running = self.session.running
        self.start_button.setText(self.tr("Pause") if running else self.tr("Start"))
        self.start_button.setEnabled(self.session.can_start())
        self.step_button.setEnabled(self.session.can_step())
        self.reset_button.setEnabled(not self._closed)

    def _sync_preset_buttons(self) -> None:
        try:
            key = self.state.matches_preset(self.curves.params)
        except SESSION_ERRORS:
            key = None
        for k, b in self.preset_buttons.items():
            b.setChecked(k == key)
        self._show_preset_note(key)

    def _retranslate_controls(self) -> None:
        self.compare_check.setText(self.tr("Compare functions (2–{n})").format(n=MAX_COMPARE))
        key = getattr(self, "_note_key", None)
        if key in PRESETS and self.preset_note.isVisible():
            self._show_preset_note(key)
        self._fill_function_combos()
        self._sync_widgets()

    # ---- widget slots -------------------------------------------------------------------------
    def _start_clicked(self) -> None:
        if self.session.running:
            self.pause()
        else:
            self.start()

    def _dataset_edited(self, _index: int) -> None:
        key = self.dataset_combo.currentData()
        if key == CSV and not self.state.csv_path:
            if not self._load_clicked():
                self._sync_widgets()
            return
        self._apply(dataset=key)

    def _load_clicked(self) -> bool:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load points"), "", self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if not path:
            return False
        return self.load_csv_file(path)

    def _per_layer_toggled(self, on: bool) -> None:
        if on:
            self._apply(layer_activations=self.state.layer_ids())
        else:
            ids = self.state.layer_ids()
            self._apply(layer_activations=None, activation=ids[0])

    def _layers_edited(self, _index: int) -> None:
        n = len(self.state.hidden)
        ids = [c.currentData() for c in self._layer_combos[:n]]
        self._apply(layer_activations=tuple(ids))

    def _compare_toggled(self, on: bool) -> None:
        if on:
            first = self.curves.current if self.state.activation == FOLLOW else self.state.activation
            ids = self.state.layer_ids()
            if self.state.layer_activations is not None:
                first = self.curves.current if ids[0] == FOLLOW else ids[0]
            second = "tanh" if first != "tanh" else "relu"
            self._apply(compare=(first, second))
        else:
            self._apply(compare=())

    def _compare_edited(self, _index: int) -> None:
        ids = [c.currentData() for c in self.compare_combos]
        ids = [f for f in ids if f]
        if len(set(ids)) != len(ids):
            self._show_input_error(self.tr("Pick different functions to compare"))
            self._sync_widgets()
            return
        self._apply(compare=tuple(ids))
