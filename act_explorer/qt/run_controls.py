"""The controls the Training and Fit tabs share: the settings both states have (epochs, noise,
test fraction, seed, learning rate, momentum, batch size, L2, activation, initialisation,
optimiser, hidden layers, speed) bound the same way, and the inline error both show.

:class:`RunControlsMixin` is a part of each tab's controls mixin.  The panel provides
``state``, ``session`` (with ``build_error``), the label ``error``, the widgets named in
:meth:`RunControlsMixin._shared_bindings`, ``_speed_text`` (translated in the panel's own
context), ``_sync_controls``, ``_bindings`` and ``_input_error``.  A refused value is shown
inline and the control goes back to the state's value; a build error of the session stays
shown until the settings build again.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox

from .bind import Binding, bind_combo, bind_value


class RunControlsMixin:
    SESSION_ERRORS: tuple[type[Exception], ...] = (ValueError,)

    def _shared_bindings(self) -> list[Binding]:
        st, err = self.state, self._binding_error
        round4 = lambda v: round(v, 4)  # noqa: E731
        return [
            bind_value(self.epochs_spin, st, "epochs", on_error=err),
            bind_value(self.noise_spin, st, "noise", from_widget=round4, on_error=err),
            bind_value(self.test_spin, st, "test_fraction", from_widget=round4, on_error=err),
            bind_value(self.seed_spin, st, "seed", on_error=err,
                       to_widget=lambda v: min(v, self.seed_spin.maximum())),
            bind_value(self.lr_spin, st, "lr", on_error=err),
            bind_value(self.momentum_spin, st, "momentum", on_error=err),
            bind_value(self.batch_spin, st, "batch_size", on_error=err),
            bind_value(self.l2_spin, st, "l2", on_error=err),
            bind_combo(self.activation_combo, st, "activation", on_error=err),
            bind_combo(self.init_combo, st, "init", on_error=err),
            bind_combo(self.optimizer_combo, st, "optimizer", on_error=err),
            # The text being edited stays until the user leaves the field (a refused value
            # can be corrected); a value not in the list (a saved session) is added to it.
            Binding(self.hidden_edit, st, "hidden", self._show_hidden, self.hidden_edit.text,
                    self.hidden_edit.editingFinished, err),
            Binding(self.speed_combo, st, "speed", self._show_speed, self.speed_combo.currentData,
                    self.speed_combo.currentIndexChanged, err),
        ]

    def _show_hidden(self, hidden) -> None:
        text = ",".join(str(h) for h in hidden)
        if self.hidden_edit.text() != text and not self.hidden_edit.hasFocus():
            self.hidden_edit.setText(text)

    def _show_speed(self, speed) -> None:
        i = self.speed_combo.findData(float(speed))
        if i < 0:
            self.speed_combo.addItem(self._speed_text(speed), float(speed))
            i = self.speed_combo.count() - 1
        self.speed_combo.setCurrentIndex(i)

    def _binding_error(self, text: str) -> None:
        """A bound control's edit was refused (``text``) or taken (``""``)."""
        if text:
            self._show_input_error(text)
        elif self._input_error and not self.session.build_error:
            self._show_input_error("")

    def _apply(self, **values) -> bool:
        """Update the state from a control that is not bound to one setting."""
        try:
            self.state.update(**values)
        except self.SESSION_ERRORS as exc:
            self._show_input_error(str(exc))
            self._sync_widgets()
            return False
        self._binding_error("")
        return True

    def _show_input_error(self, text: str) -> None:
        self._input_error = text
        shown = text or self.session.build_error
        self.error.setText(shown)
        self.error.setVisible(bool(shown))

    @staticmethod
    def _select(combo: QComboBox, data) -> None:
        i = combo.findData(data)
        if i >= 0 and combo.currentIndex() != i:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(i)

    def _sync_widgets(self) -> None:
        """Every control shows the state (after its items were refilled or retranslated)."""
        for binding in self._bindings:
            binding.refresh()
        self._sync_controls()
