"""The depth panel's control logic without Qt: which configs are wanted, what a job is asked to
compute, the result cache and the critical-sigma_w cache."""

from __future__ import annotations

import pytest

from act_explorer.model import catalogue, expression
from act_explorer.model import depth as D
from act_explorer.model.catalogue import ParamError
from act_explorer.model.curves import CurvesState
from act_explorer.model.depth.session import (
    CRITICAL_CACHE_SIZE, PENDING, CriticalFailed, DepthSession,
)
from act_explorer.model.depth_state import MAX_VIEW_DEPTH, DepthState, compute


def session(**settings) -> tuple[DepthSession, CurvesState]:
    curves = CurvesState()
    curves.select("tanh")
    state = DepthState(**{"width": 16, "batch": 8, **settings})
    return DepthSession(state, curves), curves


def test_plan_asks_for_every_shown_function_and_only_what_is_not_cached():
    s, curves = session()
    missing = s.plan()
    assert [fid for fid, _ in s.wanted] == ["tanh"]
    assert missing == [s.state.config("tanh")]
    assert missing[0].depth == MAX_VIEW_DEPTH and missing[0].width == 16
    assert s.shown() is None                      # nothing computed yet
    s.store(compute(missing))
    assert s.plan() == []                         # cached: nothing to compute
    (fid, result), = s.shown()
    assert fid == "tanh" and result.config == missing[0]
    assert result.view(30).sim.log10_first_to_last == \
        D.simulate(missing[0]).view(30).log10_first_to_last

    # An overlay adds one config (in the order the curves state shows them, current last);
    # the current function is not asked for again.
    curves.set_overlays(["relu"])
    missing = s.plan()
    assert [fid for fid, _ in s.wanted] == ["relu", "tanh"]
    assert missing == [s.state.config("relu")]
    s.store(compute(missing))
    assert [fid for fid, _ in s.shown()] == ["relu", "tanh"]
    assert s.cache.size >= 2 * len(s.wanted)

    # A new seed: every function again, and back to the old seed costs nothing.
    s.state.update(seed=5)
    assert len(s.plan()) == 2
    s.state.update(seed=0)
    assert s.plan() == []


def test_a_function_parameter_is_part_of_the_config():
    s, curves = session()
    curves.select("leaky_relu")
    s.store(compute(s.plan()))
    curves.set_param("negative_slope", 0.2, "leaky_relu")
    (cfg,) = s.plan()
    assert dict(cfg.params)["negative_slope"] == 0.2


def test_a_bad_plan_raises_and_keeps_the_previous_one():
    s, curves = session()
    s.plan()
    before = list(s.wanted)
    s.state.update(init="custom")                 # no sigma_w yet: the state's problem
    with pytest.raises(D.DepthError, match="custom init needs a weight scale"):
        s.plan()
    assert s.wanted == before
    s.state.update(init="xavier")
    curves.select("leaky_relu")
    with pytest.raises(ParamError):
        s.state.config("leaky_relu", {"negative_slope": -5.0})


def test_an_evicted_result_is_planned_again():
    s, _curves = session()
    s.store(compute(s.plan()))
    s.cache.clear()
    assert s.shown() is None
    assert s.plan() == [s.state.config("tanh")]


def test_critical_sigma_w_is_wanted_once_then_cached():
    s, curves = session()
    key = s.want_critical()
    assert key == ("tanh", (), 0.0) and s.critical_wanted == key
    assert s.critical_value() == PENDING and not s.critical_ready()
    assert s.want_critical() is None              # being found: not asked for twice
    value = DepthSession.find_critical(key)
    assert value == pytest.approx(D.critical_sigma_w("tanh")) and abs(value - 1.0) < 1e-3
    s.critical_found(key, value)
    assert s.critical_ready() and s.critical_value() == value and s.usable_critical() == value
    assert s.want_critical() is None              # known: nothing to find
    # sigma_b is part of the key
    s.state.update(sigma_b=0.5)
    key2 = s.want_critical()
    assert key2 == ("tanh", (), 0.5) and s.critical_value() == PENDING
    # back to sigma_b = 0.2 and again to 0.5 while 0.5 is found: 0.2 is asked for (it
    # superseded 0.5 on the worker), then 0.5 again
    s.state.update(sigma_b=0.2)
    assert s.want_critical() == ("tanh", (), 0.2)
    s.state.update(sigma_b=0.5)
    assert s.want_critical() == key2
    assert s.usable_critical() is None
    # "no crossing" and a failure are kept too, and are not usable
    s.critical_found(key2, None)
    assert s.critical_value() is None and s.critical_ready() and s.usable_critical() is None
    curves.select("relu")
    key3 = s.want_critical()
    s.critical_found(key3, CriticalFailed("boom"))
    assert isinstance(s.critical_value(), CriticalFailed) and s.usable_critical() is None


def test_critical_cache_is_bounded_oldest_first():
    s, _curves = session()
    for i in range(CRITICAL_CACHE_SIZE + 5):
        s.critical_found(("tanh", (), float(i)), 1.0)
    assert len(s.critical) == CRITICAL_CACHE_SIZE
    assert ("tanh", (), 0.0) not in s.critical and ("tanh", (), float(CRITICAL_CACHE_SIZE + 4)) in s.critical


class _Removed:
    """A curves state whose current function has left the catalogue."""

    current = "no_such_function"

    def params(self, fid):
        raise KeyError(fid)


def test_a_function_that_cannot_be_resolved_wants_no_critical_value():
    s = DepthSession(DepthState(), _Removed())
    s.critical_found(("tanh", (), 0.0), 1.0)
    assert s.want_critical() is None and s.critical_wanted is None
    assert s.critical_ready() and s.critical_value() is None and s.usable_critical() is None


def test_typed_functions_are_forgotten_with_the_catalogue():
    s, curves = session()
    act = expression.make_activation("x*tanh(x)")
    catalogue.register(act)
    try:
        curves.select(act.id)
        s.store(compute(s.plan()))
        s.critical_found(s.want_critical(), 1.0)
        s.critical_found(("tanh", (), 0.0), 1.0)
        assert len(s.cache) == 1 and len(s.critical) == 2
        s.forget_typed()
        assert len(s.cache) == 0
        assert list(s.critical) == [("tanh", (), 0.0)]
    finally:
        catalogue.unregister(act.id)


def test_a_result_of_a_function_removed_meanwhile_is_not_shown():
    # The window removes a typed function while its simulation runs; the finished job must
    # not be shown (its name can no longer be looked up): plan again instead.
    s, curves = session()
    act = expression.make_activation("x*tanh(x)")
    catalogue.register(act)
    try:
        curves.set_overlays([act.id])
        missing = s.plan()
        assert [fid for fid, _ in s.wanted] == [act.id, "tanh"]
        results = compute(missing)
    finally:
        catalogue.unregister(act.id)
    s.store(results)
    assert s.shown() is None
