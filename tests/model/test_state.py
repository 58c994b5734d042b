"""The shared state pattern: declared fields, atomic validated updates, one changed signal."""

from __future__ import annotations

import pytest

from act_explorer.model.state import Field, StateBase, StateError, choice, flag, number, whole


class _Error(StateError):
    pass


class Demo(StateBase):
    FIELDS = {
        "lr": Field(0.1, number("learning rate", 0, 10, lo_open=True)),
        "layers": Field(3, whole("layers", 1, 8)),
        "init": Field("he", choice("init", ("he", "xavier"))),
        "bias": Field(True, flag("bias")),
        "lo": Field(-1.0, number("lo")),
        "hi": Field(1.0, number("hi")),
    }
    Error = _Error

    def __init__(self, **values):
        self.after: list[frozenset] = []
        super().__init__(**values)

    def _check_together(self, values):
        if values["lo"] >= values["hi"]:
            raise StateError(f"lo must be below hi ({values['lo']:g} ≥ {values['hi']:g})")

    def _after_update(self, changed):
        self.after.append(changed)


def test_defaults_attributes_and_construction():
    s = Demo(layers=5)
    assert (s.lr, s.layers, s.init, s.bias) == (0.1, 5, "he", True)
    assert s.values() == {**Demo.defaults(), "layers": 5}
    assert s.get("init") == "he"
    with pytest.raises(AttributeError):
        s.nonexistent  # noqa: B018
    with pytest.raises(_Error, match="layers must be in"):
        Demo(layers=0)


def test_update_is_atomic_and_emits_once_with_the_names_that_changed():
    s = Demo()
    seen = []
    s.changed.connect(seen.append)
    assert s.update(lr=0.5, layers=3, init="xavier") == frozenset({"lr", "init"})
    assert seen == [frozenset({"lr", "init"})] and s.after == [frozenset({"lr", "init"})]
    # one bad value: nothing changes, no signal, the subclass's error class with one line
    with pytest.raises(_Error, match="learning rate must be in \\(0, 10\\], not 0") as exc:
        s.update(layers=4, lr=0)
    assert "\n" not in str(exc.value)
    assert (s.layers, s.lr) == (3, 0.5) and len(seen) == 1
    # the same values again: no signal
    assert s.update(lr=0.5) == frozenset() and len(seen) == 1


def test_cross_field_rule_sees_the_would_be_state():
    s = Demo()
    with pytest.raises(_Error, match="lo must be below hi"):
        s.update(lo=2.0)
    s.update(lo=2.0, hi=3.0)            # together they are fine
    assert (s.lo, s.hi) == (2.0, 3.0)


@pytest.mark.parametrize("field, value, message", [
    ("lr", "abc", "learning rate must be a number"),
    ("lr", float("nan"), "must be a finite number"),
    ("lr", True, "must be a number"),
    ("layers", 2.5, "layers must be a whole number"),
    ("layers", 9, "layers must be in \\[1, 8\\], not 9"),
    ("init", "lecun", "init must be one of he, xavier"),
    ("bias", 1, "bias must be true or false"),
    ("other", 1, "unknown setting 'other'"),
])
def test_validators_refuse_with_a_message(field, value, message):
    with pytest.raises(_Error, match=message):
        Demo().update(**{field: value})


def test_validators_normalise():
    s = Demo()
    s.update(lr="0.25", layers=4.0)
    assert s.lr == 0.25 and isinstance(s.layers, int) and s.layers == 4


def test_dict_round_trip_strict_and_lenient():
    s = Demo(layers=6, init="xavier")
    data = s.to_dict()
    assert Demo.from_dict(data).values() == s.values()
    # strict: an unknown key or a bad value raises, nothing applied
    t = Demo()
    with pytest.raises(_Error):
        t.update_from_dict({"layers": 2, "colour": "red"}, strict=True)
    assert t.layers == 3
    # lenient: the good keys are applied together, one line per skipped key
    skipped = t.update_from_dict({"layers": 2, "colour": "red", "lr": -1})
    assert t.layers == 2 and t.lr == 0.1
    assert skipped[0] == "unknown setting 'colour'" and skipped[1].startswith("lr: learning rate")
    with pytest.raises(_Error, match="table of settings"):
        t.update_from_dict(["layers"])


def test_reset_to_defaults():
    s = Demo(layers=7, bias=False)
    seen = []
    s.changed.connect(seen.append)
    s.reset_to_defaults()
    assert s.values() == Demo.defaults() and seen == [frozenset({"layers", "bias"})]
