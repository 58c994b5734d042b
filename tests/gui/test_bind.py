"""Widget bindings: the widget shows the state, an edit updates it, a refusal is shown inline."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from act_explorer.model.state import Field, StateBase, StateError, choice, flag, number, whole
from act_explorer.qt.bind import bind_check, bind_combo, bind_value


class S(StateBase):
    FIELDS = {
        "lr": Field(0.1, number("learning rate", 0, 1, lo_open=True)),
        "n": Field(3, whole("n", 1, 10)),
        "init": Field("he", choice("init", ("he", "xavier"))),
        "on": Field(True, flag("on")),
        "name": Field("a", lambda v: v if isinstance(v, str) and v else _refuse("name must not be empty")),
    }


def _refuse(msg):
    raise StateError(msg)


def test_spin_boxes_follow_and_write_the_state(qtbot):
    s = S()
    spin, dspin = QSpinBox(), QDoubleSpinBox()
    spin.setRange(0, 100)
    dspin.setRange(0, 5)
    qtbot.addWidget(spin)
    qtbot.addWidget(dspin)
    seen = []
    s.changed.connect(seen.append)
    bind_value(spin, s, "n")
    errors = []
    b = bind_value(dspin, s, "lr", on_error=errors.append)
    assert spin.value() == 3 and dspin.value() == 0.1 and seen == []   # shown, nothing written
    spin.setValue(7)
    assert s.n == 7 and seen == [frozenset({"n"})]
    s.update(n=2)                                   # the state drives the widget
    assert spin.value() == 2 and len(seen) == 2     # and no echo back
    dspin.setValue(3.0)                             # refused by the state: put back, message shown
    assert s.lr == 0.1 and dspin.value() == 0.1 and errors[-1].startswith("learning rate must be in")
    dspin.setValue(0.5)
    assert s.lr == 0.5 and errors[-1] == ""         # a good edit clears the message
    b.disconnect()
    dspin.setValue(0.7)
    s.update(lr=0.2)
    assert s.lr == 0.2 and dspin.value() == 0.7     # unbound both ways


def test_combo_check_and_line_edit(qtbot):
    s = S()
    combo, check, edit = QComboBox(), QCheckBox(), QLineEdit()
    for w in (combo, check, edit):
        qtbot.addWidget(w)
    combo.addItem("He", "he")
    combo.addItem("Xavier", "xavier")
    bind_combo(combo, s, "init")
    bind_check(check, s, "on")
    errors = []
    bind_value(edit, s, "name", on_error=errors.append)
    assert combo.currentData() == "he" and check.isChecked() and edit.text() == "a"
    combo.setCurrentIndex(1)
    check.setChecked(False)
    assert s.init == "xavier" and s.on is False
    s.update(init="he", on=True)
    assert combo.currentData() == "he" and check.isChecked()
    edit.setText("")
    edit.editingFinished.emit()
    assert s.name == "a" and edit.text() == "a" and errors == ["name must not be empty"]
