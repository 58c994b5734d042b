"""Widget ↔ state bindings, written once (in the spirit of glue's echo helpers).

``bind_value(spin, state, "lr")`` makes the widget show ``state.lr`` — set under a
:class:`QSignalBlocker` whenever ``state.changed`` names ``lr`` — and turns a user's edit into
``state.update(lr=value)``.  A value the state refuses (its ``Error``) goes to ``on_error`` (an
inline message) and the widget is put back to the state's value; a good edit clears the
message with ``on_error("")``.  :meth:`Binding.disconnect` undoes both directions.

Works with any state that has ``changed(frozenset)``, ``get(name)`` and ``update(**values)``
(:class:`act_explorer.model.state.StateBase`).
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

__all__ = ["Binding", "bind_value", "bind_combo", "bind_check"]

_BINDINGS: dict[int, list["Binding"]] = {}     # by id(widget), until the widget is destroyed


class Binding:
    """One widget bound to one field of a state."""

    def __init__(self, widget: QWidget, state: Any, name: str, show: Callable[[Any], None],
                 read: Callable[[], Any], signal, on_error: Callable[[str], None] | None) -> None:
        self.widget, self.state, self.name = widget, state, name
        self._show, self._read, self._signal, self._on_error = show, read, signal, on_error
        self._connected = True
        state.changed.connect(self._state_changed)
        signal.connect(self._edited)
        # Qt and psygnal hold bound methods weakly: the widget keeps its bindings alive
        _BINDINGS.setdefault(id(widget), []).append(self)
        widget.destroyed.connect(lambda *_a, key=id(widget): _BINDINGS.pop(key, None))
        self.refresh()

    def refresh(self) -> None:
        """Show the state's value in the widget (no signal back to the state)."""
        blocker = QSignalBlocker(self.widget)
        try:
            self._show(self.state.get(self.name))
        finally:
            blocker.unblock()

    def _state_changed(self, names) -> None:
        if self.name in names:
            self.refresh()

    def _edited(self, *_args) -> None:
        error = getattr(self.state, "Error", ValueError)
        try:
            self.state.update(**{self.name: self._read()})
        except error as exc:
            self.refresh()
            if self._on_error is not None:
                self._on_error(str(exc))
            return
        if self._on_error is not None:
            self._on_error("")

    def disconnect(self) -> None:
        if not self._connected:
            return
        self._connected = False
        kept = _BINDINGS.get(id(self.widget), [])
        if self in kept:
            kept.remove(self)
        self.state.changed.disconnect(self._state_changed)
        try:
            self._signal.disconnect(self._edited)
        except (RuntimeError, TypeError):      # the widget is already gone
            pass


def bind_value(widget: QWidget, state: Any, name: str, *,
               to_widget: Callable[[Any], Any] = lambda v: v,
               from_widget: Callable[[Any], Any] = lambda w: w,
               on_error: Callable[[str], None] | None = None, signal=None) -> Binding:
    """A spin box, slider or line edit showing ``to_widget(value)``; an edit writes
    ``from_widget(widget value)``.  A line edit writes on ``editingFinished``; others on
    ``valueChanged`` unless ``signal`` says otherwise."""
    if isinstance(widget, QLineEdit):
        def show(v):
            widget.setText(str(to_widget(v)))
        read = lambda: from_widget(widget.text())  # noqa: E731
        sig = signal or widget.editingFinished
    elif isinstance(widget, (QAbstractSpinBox, QAbstractSlider)):
        def show(v):
            widget.setValue(to_widget(v))
        read = lambda: from_widget(widget.value())  # noqa: E731
        sig = signal or widget.valueChanged
    else:
        raise TypeError(f"bind_value cannot bind a {type(widget).__name__}")
    return Binding(widget, state, name, show, read, sig, on_error)


def bind_combo(combo: QComboBox, state: Any, name: str,
               on_error: Callable[[str], None] | None = None) -> Binding:
    """A combo box whose items carry the field's values as their data."""

    def show(v):
        i = combo.findData(v)
        if i >= 0:
            combo.setCurrentIndex(i)

    return Binding(combo, state, name, show, combo.currentData, combo.currentIndexChanged, on_error)


def bind_check(check: QAbstractButton, state: Any, name: str,
               on_error: Callable[[str], None] | None = None) -> Binding:
    """A check box (or any checkable button) for a true/false field."""
    return Binding(check, state, name, lambda v: check.setChecked(bool(v)), check.isChecked,
                   check.toggled, on_error)
