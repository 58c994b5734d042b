"""The curves state on the shared state pattern: declared fields, atomic updates, and the
specific signals its views use, each emitted once per change."""

from __future__ import annotations

import pytest

from act_explorer.model import catalogue as C
from act_explorer.model.curves import CurvesError, CurvesState
from act_explorer.model.state import StateBase, StateError


def recorder(st: CurvesState) -> list[tuple]:
    seen: list[tuple] = []
    st.current_changed.connect(lambda fid: seen.append(("current", fid)))
    st.overlays_changed.connect(lambda ids: seen.append(("overlays", ids)))
    st.params_changed.connect(lambda fid: seen.append(("params", fid)))
    st.x_range_changed.connect(lambda a, b: seen.append(("x_range", a, b)))
    st.catalogue_changed.connect(lambda: seen.append(("catalogue",)))
    st.changed.connect(lambda names: seen.append(("changed", names)))
    return seen


def test_fields_and_defaults():
    st = CurvesState()
    assert isinstance(st, StateBase)
    assert list(CurvesState.FIELDS) == ["current", "overlays", "params", "x_range", "points"]
    assert st.values() == {"current": "relu", "overlays": (), "params": {}, "x_range": (-6.0, 6.0),
                           "points": 2001}
    assert CurvesState("ReLU").current == "relu"
    with pytest.raises(C.UnknownActivation):
        CurvesState("nope")


def test_setters_emit_the_specific_signals_then_changed():
    st = CurvesState()
    seen = recorder(st)
    st.select("tanh")
    st.set_overlay("sigmoid", True)
    st.set_param("negative_slope", 0.2, fid="leaky_relu")
    st.set_x_range(-3, 3)
    st.set_points(11)
    assert seen == [
        ("current", "tanh"), ("changed", frozenset({"current"})),
        ("overlays", ("sigmoid",)), ("changed", frozenset({"overlays"})),
        ("params", "leaky_relu"), ("changed", frozenset({"params"})),
        ("x_range", -3.0, 3.0), ("changed", frozenset({"x_range"})),
        ("changed", frozenset({"points"})),
    ]
    seen.clear()
    st.select("tanh")                       # no change, no signal
    st.set_param("negative_slope", 0.2, fid="leaky_relu")
    st.reset_params("leaky_relu")
    assert seen == [("params", "leaky_relu"), ("changed", frozenset({"params"}))]
    assert st.params("leaky_relu") == {"negative_slope": 0.01}


def test_update_is_atomic_and_refusals_are_param_errors():
    st = CurvesState()
    seen = recorder(st)
    with pytest.raises(CurvesError) as info:
        st.update(current="tanh", x_range=(2, 1))
    assert isinstance(info.value, C.ParamError) and isinstance(info.value, StateError)
    assert "min < max" in str(info.value)
    assert st.current == "relu" and seen == []
    with pytest.raises(C.ParamError):
        st.set_x_range(0, 2e6)
    with pytest.raises(C.ParamError):
        st.set_points(1)
    with pytest.raises(C.ParamError):
        st.set_param("negative_slope", -1, fid="leaky_relu")
    assert st.values() == CurvesState.defaults() and seen == []
    st.update(current="tanh", x_range=(-1, 1))
    assert seen[-1] == ("changed", frozenset({"current", "x_range"}))


def test_update_from_dict_strict_and_lenient():
    st = CurvesState()
    data = {"current": "gelu", "overlays": ["tanh", "nope"], "params": {"elu": {"alpha": 2.0}},
            "x_range": [-2, 2]}
    with pytest.raises(CurvesError):
        st.update_from_dict(data, strict=True)
    problems = st.update_from_dict(data)
    assert len(problems) == 1 and "nope" in problems[0]
    assert (st.current, st.overlays, st.params("elu")["alpha"], st.x_range) == ("gelu", ("tanh",), 2.0,
                                                                              (-2.0, 2.0))
    again = CurvesState()
    assert again.update_from_dict(st.to_dict(), strict=True) == []
    assert again.to_dict() == st.to_dict()
