"""The depth panel's state and work, without Qt: settings, validation, signals, sessions,
the worker function, the result cache and the CSV."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from act_explorer.model import catalogue, expression
from act_explorer.model import depth as D
from act_explorer.model.catalogue import ParamError
from act_explorer.model.depth_state import (
    DEFAULTS, EXTRA_COLUMNS, MAX_VIEW_DEPTH, REROLL_MAX, DepthResult, DepthState, ResultCache,
    compute, mean_over_rms, results_csv,
)


def recorder(state: DepthState):
    seen = []
    state.depth_changed.connect(lambda L: seen.append(("depth", L)))
    state.settings_changed.connect(lambda: seen.append(("settings",)))
    state.changed.connect(lambda: seen.append(("changed",)))
    return seen


def test_defaults_and_config():
    st = DepthState()
    assert st.values() == DEFAULTS
    cfg = st.config("relu")
    assert (cfg.act_id, cfg.depth, cfg.width, cfg.batch, cfg.init, cfg.sigma_w, cfg.seed) == \
        ("relu", MAX_VIEW_DEPTH, 256, 256, "xavier", None, 0)
    # sigma_w is the custom scale: kept but not used with a preset, used with 'custom'.
    st.update(sigma_w=1.5)
    assert st.config("relu").sigma_w is None and st.config("relu").sigma_w2 == 1.0
    st.set_init("custom")
    assert st.config("relu").sigma_w == 1.5 and st.config("relu").sigma_w2 == pytest.approx(2.25)


def test_depth_changes_only_the_view_other_fields_ask_for_a_new_simulation():
    st = DepthState()
    seen = recorder(st)
    st.set_depth(10)
    assert seen == [("depth", 10), ("changed",)]
    seen.clear()
    for name, value in (("width", 64), ("batch", 32), ("init", "he"), ("sigma_w", 2.0),
                        ("sigma_b", 0.3), ("seed", 7)):
        st.update(**{name: value})
        assert seen == [("settings",), ("changed",)], name
        seen.clear()
    st.update(width=64, seed=7)            # no change: no signal
    assert seen == []
    st.update(depth=20, width=128)         # one batch: each signal once
    assert seen == [("depth", 20), ("settings",), ("changed",)]


@pytest.mark.parametrize("field, value, words", [
    ("depth", 0, "depth must be a whole number between 1 and 200"),
    ("depth", 201, "between 1 and 200"),
    ("depth", 2.5, "whole number"),
    ("width", 4, "width must be a whole number between 8 and 1024"),
    ("width", 2048, "between 8 and 1024"),
    ("batch", 0, "batch must be a whole number between 1 and 1024"),
    ("init", "glorot", "unknown init 'glorot'; use one of xavier, he, lecun, custom"),
    ("sigma_w", 0.0, "σ_w must be greater than 0 and at most 10"),
    ("sigma_w", 11.0, "σ_w must be greater than 0"),
    ("sigma_w", float("nan"), "σ_w must be a finite number"),
    ("sigma_b", -0.1, "σ_b must be between 0 and 10"),
    ("sigma_b", "x", "σ_b must be a number"),
    ("seed", -1, "the seed must be a whole number from 0"),
    ("seed", "abc", "the seed must be a whole number from 0"),
    ("seed", "-3", "the seed must be a whole number from 0"),
    ("seed", True, "the seed must be a whole number"),
])
def test_invalid_values_are_refused_with_a_sentence_and_change_nothing(field, value, words):
    st = DepthState()
    seen = recorder(st)
    before = st.values()
    with pytest.raises(D.DepthError) as exc:
        st.update(**{field: value})
    assert words in str(exc.value)
    assert st.values() == before and seen == []


def test_update_is_all_or_nothing():
    st = DepthState()
    with pytest.raises(D.DepthError):
        st.update(width=64, batch=0)
    assert st.width == 256
    with pytest.raises(D.DepthError, match="unknown depth setting 'colour'"):
        st.update(colour=1)


def test_seed_accepts_text_and_big_numbers():
    st = DepthState()
    st.set_seed(" 42 ")
    assert st.seed == 42
    st.set_seed(2**63 - 1)
    assert st.config("relu").seed == 2**63 - 1


def test_custom_init_without_sigma_w_is_a_named_problem():
    st = DepthState()
    assert st.sigma_w is None and st.problem() is None
    st.set_init("custom")                  # reachable (e.g. from a session): named, not raised
    assert "custom init needs a weight scale σ_w" in st.problem()
    with pytest.raises(D.DepthError, match="custom init needs a weight scale"):
        st.config("relu")
    st.set_sigma_w(1.2)
    assert st.problem() is None and st.config("relu").sigma_w == 1.2


def test_function_parameters_are_checked_by_the_config():
    st = DepthState()
    with pytest.raises(ParamError):
        st.config("leaky_relu", {"negative_slope": -5.0})
    with pytest.raises(KeyError):
        st.config("no_such_function")


def test_preset_sigma_w_follows_the_function():
    st = DepthState()
    assert st.preset_sigma_w("relu") == pytest.approx(1.0)                 # xavier, square
    assert st.preset_sigma_w("relu", init="he") == pytest.approx(math.sqrt(2))
    assert st.preset_sigma_w("leaky_relu", {"negative_slope": 0.5}, init="he") == \
        pytest.approx(math.sqrt(2 / 1.25))
    assert st.preset_sigma_w("relu", init="lecun") == 1.0
    assert math.isnan(st.preset_sigma_w("relu", init="custom"))
    st.set_sigma_w(0.7)
    assert st.preset_sigma_w("relu", init="custom") == 0.7


def test_reroll_draws_a_new_short_seed():
    st = DepthState(seed=5)
    rng = random.Random(3)
    seeds = {st.reroll(rng) for _ in range(20)}
    assert 5 not in seeds and all(0 <= s < REROLL_MAX for s in seeds)
    assert st.seed in seeds
    seen = recorder(st)
    st.reroll()
    assert seen[0] == ("settings",)


def test_round_trip_and_sessions():
    st = DepthState(depth=50, width=64, batch=32, init="custom", sigma_w=1.3, sigma_b=0.2, seed=9)
    data = st.to_dict()
    assert data == {"depth": 50, "width": 64, "batch": 32, "init": "custom", "sigma_w": 1.3,
                    "sigma_b": 0.2, "seed": 9, "inits": {}, "arch": "plain",
                    "branch_scale": 1.0, "weights": "gaussian"}
    assert DepthState.from_dict(data).to_dict() == data
    other = DepthState()
    problems = other.update_from_dict({"width": 5, "seed": 3, "depth": 12, "hue": 1})
    assert other.seed == 3 and other.depth == 12 and other.width == 256
    assert len(problems) == 2 and any("width" in p for p in problems) and \
        any("hue" in p for p in problems)
    with pytest.raises(D.DepthError):
        DepthState().update_from_dict({"width": 5}, strict=True)
    # A session with custom init and no sigma_w loads, and names its problem.
    s = DepthState.from_dict({"init": "custom"})
    assert s.problem() is not None


def test_export_name():
    st = DepthState(depth=50, init="he")
    assert st.export_name(["relu"]) == "depth-relu-he-50"
    assert st.export_name(["relu", "tanh"]) == "depth-relu-tanh-he-50"
    assert st.export_name(["custom:my f"]) == "depth-custom_my_f-he-50"


# ---- the work -------------------------------------------------------------------------------

def small(fid="tanh", **kw):
    base = dict(width=32, batch=16)
    base.update(kw)
    return DepthState(**base).config(fid)


def test_compute_equals_the_model_functions():
    cfgs = [small("tanh"), small("relu", init="he")]
    fractions = []
    results = compute(cfgs, progress=fractions.append)
    assert [r.config for r in results] == cfgs
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) > 10
    for r, cfg in zip(results, cfgs):
        sim, th = D.simulate(cfg), D.theory(cfg)
        for L in (1, 10, MAX_VIEW_DEPTH):
            v = r.view(L)
            np.testing.assert_array_equal(v.sim.log10_grad_rms, sim.view(L).log10_grad_rms)
            np.testing.assert_array_equal(v.theory.log10_grad_rms, th.view(L).log10_grad_rms)
            assert v.readout().text == D.readout(sim.view(L), th.fixed_point, th.view(L)).text
        assert r.fixed_point == th.fixed_point


def test_compute_can_be_cancelled():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 30

    with pytest.raises(D.Cancelled):
        compute([small("tanh"), small("relu")], should_stop=stop)


def test_same_seed_same_weights_across_functions():
    a, b = compute([small("tanh"), small("sigmoid")])
    assert (a.config.seed, a.config.width) == (b.config.seed, b.config.width)
    # Weights depend on (seed, width, layer) only: every compared function gets the same ones.
    for layer in (1, 100, MAX_VIEW_DEPTH):
        za, _ = D.layer_weights(a.config.seed, a.config.width, layer)
        zb, _ = D.layer_weights(b.config.seed, b.config.width, layer)
        np.testing.assert_array_equal(za, zb)


def test_result_cache_is_lru_and_forgets_typed_functions():
    cache = ResultCache(size=2)
    r1, r2, r3 = compute([small("tanh"), small("relu"), small("sigmoid")])
    for r in (r1, r2):
        cache.put(r)
    assert cache.missing([r1.config, r3.config]) == [r3.config]
    cache.get(r1.config)                      # r1 becomes the most recent
    cache.put(r3)
    assert r2.config not in cache and r1.config in cache and len(cache) == 2
    act = expression.make_activation("x*sigmoid(x)")
    catalogue.register(act)
    typed = compute([small(act.id)])[0]
    cache.put(typed)
    cache.forget_typed()
    assert typed.config not in cache and r3.config in cache


def test_mean_over_rms():
    r = compute([small("sigmoid"), small("tanh")])
    sig = mean_over_rms(r[0].view(50).sim)
    tanh_t = mean_over_rms(r[1].view(50).theory)
    assert np.all((sig > 0.8) & (sig <= 1.0))          # sigmoid outputs are all positive
    np.testing.assert_allclose(tanh_t, 0.0, atol=1e-12)  # tanh is zero-centred
    # Beyond the float range: ReLU with sigma_w = 10 at 200 layers (act RMS ~1e160).
    big = compute([small("relu", init="custom", sigma_w=10.0)])[0].view(200)
    m = mean_over_rms(big.sim)
    assert np.all(np.isfinite(m)) and np.all((m > 0.3) & (m < 0.8))


def test_csv_matches_the_cli_columns_then_theory_then_compared_functions():
    res = compute([small("relu", init="he"), small("tanh", init="he")])
    L = 25
    v0, v1 = res[0].view(L), res[1].view(L)
    text = results_csv([("relu", v0)])
    lines = text.splitlines()
    assert len(lines) == L + 1
    header = lines[0].split(",")
    assert header == list(D.CSV_HEADER) + list(EXTRA_COLUMNS)
    cli = v0.sim.to_csv().splitlines()              # what `act-explorer depth` writes
    for ours, theirs in zip(lines, cli):
        assert ours.startswith(theirs + ",")
    row = lines[1].split(",")
    assert float(row[6]) == pytest.approx(v0.theory.grad_rms[0], rel=1e-15)
    assert float(row[10]) == pytest.approx(v0.sim.slope_product[0])
    both = results_csv([("relu", v0), ("tanh", v1)]).splitlines()
    h = both[0].split(",")
    assert h[11:] == [f"tanh_{c}" for c in list(D.CSV_HEADER[1:]) + list(EXTRA_COLUMNS)]
    assert float(both[1].split(",")[11]) == pytest.approx(v1.sim.grad_rms[0], rel=1e-15)
    with pytest.raises(D.DepthError):
        results_csv([])


def test_depth_result_is_what_the_panel_draws():
    r = compute([small("sigmoid")])[0]
    assert isinstance(r, DepthResult)
    v = r.view(10)
    assert v.sim.depth == 10 and v.theory.depth == 10
    assert v.readout().key == "measured"
    assert [r.key for r in v.readout_lines()][1] == "mf_vanishing"


def test_an_init_per_function():
    st = DepthState(init="xavier")
    seen = []
    st.settings_changed.connect(lambda: seen.append(1))
    st.set_function_init("relu", "he")
    assert seen == [1] and st.inits == {"relu": "he"}
    assert st.config("relu").init == "he" and st.config("relu").sigma_w2 == 2.0
    assert st.config("sigmoid").init == "xavier" and st.config("sigmoid").sigma_w2 == 1.0
    assert st.init_for("relu") == "he" and st.init_for("tanh") == "xavier"
    assert st.preset_sigma_w("relu") == pytest.approx(2 ** 0.5)
    # Same seed, so the same random network: only the scale differs.
    assert st.config("relu").seed == st.config("sigmoid").seed
    # The panel's custom sigma_w applies to the functions without an init of their own.
    st.update(init="custom", sigma_w=1.5)
    assert st.config("sigmoid").sigma_w == 1.5 and st.config("relu").sigma_w is None
    data = st.to_dict()
    assert data["inits"] == {"relu": "he"}
    assert DepthState.from_dict(data).config("relu").init == "he"
    st.set_function_init("relu", None)
    assert st.inits == {} and st.config("relu").init == "custom"
    # A returned mapping is a copy: changing it changes nothing.
    st.inits["tanh"] = "he"
    assert st.inits == {}


@pytest.mark.parametrize("value", [{"relu": "custom"}, {"relu": "bogus"}, {"": "he"}, ["relu"], 3])
def test_bad_inits_per_function_are_refused(value):
    st = DepthState()
    with pytest.raises(D.DepthError):
        st.update(inits=value)
    assert st.inits == {}


def test_state_follows_the_shared_pattern():
    from act_explorer.model.state import StateBase

    st = DepthState()
    assert isinstance(st, StateBase) and DepthState.defaults() == DEFAULTS
    names = []
    st.changed.connect(names.append)
    st.update(depth=12, seed=3, width=256)        # width unchanged: not named
    assert names == [frozenset({"depth", "seed"})]
    # the inits mapping handed out is a copy: editing it changes nothing
    st.set_function_init("relu", "he")
    st.inits["relu"] = "lecun"
    st.values()["inits"]["relu"] = "lecun"
    st.to_dict()["inits"]["relu"] = "lecun"
    assert st.init_for("relu") == "he"
    with pytest.raises(D.DepthError, match="unknown depth setting 'hue'"):
        DepthState.from_dict({"hue": 1}, strict=True)
