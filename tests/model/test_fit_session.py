"""The Fit view's settings (FitState) and session (FitSession), without Qt: validation, the data
cache, rebuilds, the start/step/pause rules, the history arrays, the frames and readouts, the
lessons, and the command line building the same state."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import pieces
from act_explorer.model.fit import FitConfig, FitTrainer, make_data, train_fit
from act_explorer.model.fit_presets import FIT_PRESETS
from act_explorer.model.fit_session import FitSession, readout_of, view_frame
from act_explorer.model.fit_state import (
    CSV, DEFAULTS, EXPR, FOLLOW, FitState, FitStateError, is_2d_expression,
)


# ---- the state ------------------------------------------------------------------------------

def test_defaults_and_effective_values():
    st = FitState()
    assert st.values() == DEFAULTS
    assert st.activation == FOLLOW and st.hidden == (16,)
    assert st.effective_range() == (-math.pi, math.pi) and st.effective_points() == 200
    st.update(target="square")
    assert st.effective_range() == (-2.0, 2.0)
    st.update(target="plane")
    assert st.two_d and st.effective_points() == 400


@pytest.mark.parametrize("values, message", [
    ({"target": "cosine"}, "unknown target"),
    ({"expr": "x^2 + (("}, "never closed"),
    ({"expr": "a*x"}, "may only use x"),
    ({"expr": "x1 + x"}, "may only use x"),
    ({"expr": "  "}, "empty"),
    ({"x_range": (2.0, 1.0)}, "A < B"),
    ({"x_range": (0.0, float("inf"))}, "finite"),
    ({"points": 3}, "between 4 and"),
    ({"noise": -1}, "between 0 and"),
    ({"test_fraction": 0.95}, "between 0 and 0.9"),
    ({"hidden": "16,16,16,16"}, "1 to 3 hidden layers"),
    ({"hidden": "0"}, "1 to 256 units"),
    ({"hidden": "8,,8"}, "separated by commas"),
    ({"activation": "nope"}, "unknown activation"),
    ({"init": "orthogonal"}, "unknown init"),
    ({"lr": 0}, "learning rate"),
    ({"epochs": -1}, "epoch budget"),
    ({"target": CSV}, "choose a CSV file"),
    ({"preset": "nope"}, "unknown fit preset"),
])
def test_bad_values_are_refused_with_a_sentence_and_nothing_changes(values, message):
    st = FitState()
    seen = []
    st.changed.connect(seen.append)
    before = st.values()
    with pytest.raises(FitStateError) as exc:
        st.update(**values)
    assert message in str(exc.value)
    assert st.values() == before and seen == []


def test_typed_targets_of_one_or_two_inputs():
    assert not is_2d_expression("x^2 - relu(x)")
    assert is_2d_expression("sin(x1)*x2")
    st = FitState(target=EXPR, expr="sin(x1) * x2", x_range=(-1.0, 1.0), points=100)
    data = st.make_data()
    assert data.dim == 2 and data.n_train + data.n_test == 100
    np.testing.assert_allclose(data.y_train, np.sin(data.x_train[:, 0]) * data.x_train[:, 1])


def test_reset_needed_only_for_data_and_network_fields():
    st = FitState()
    resets = []
    st.reset_needed.connect(lambda: resets.append(1))
    st.update(lr=0.05, speed=10, epochs=50)
    assert resets == []
    st.update(hidden="8")
    st.update(l2=0.001)
    assert len(resets) == 2


def test_session_round_trip_and_lenient_reading():
    st = FitState(target="abs", hidden=(8, 4), activation="tanh", x_range=(-1.0, 1.0), lr=0.02)
    back = FitState.from_dict(st.to_dict())
    assert back.values() == st.values()
    skipped = FitState().update_from_dict({"hidden": "99999", "lr": 0.5, "colour": 1})
    assert len(skipped) == 2


def test_every_preset_run_applies_and_is_recognised():
    st = FitState()
    for key, preset in FIT_PRESETS.items():
        for run in range(len(preset.runs)):
            st.apply_preset(key, run)
            assert st.matches_preset() == (key, run)
            data = st.make_data()
            want = preset.data()
            np.testing.assert_array_equal(data.x_train, want.x_train)
            cfg = st.config()
            label, ref = preset.configs()[run]
            assert cfg.hidden == ref.hidden and cfg.activation_id == ref.activation_id
            assert (cfg.optimizer, cfg.lr, cfg.init, cfg.seed) == (ref.optimizer, ref.lr, ref.init, ref.seed)
            assert st.epochs == preset.epochs
    st.update(lr=0.5)
    assert st.matches_preset() is None


def test_config_follows_the_current_function_and_its_parameters():
    st = FitState()
    cfg = st.config(current="leaky_relu", params_of=lambda fid: {"negative_slope": 0.2})
    assert cfg.activation_id == "leaky_relu" and dict(cfg.params) == {"negative_slope": 0.2}
    st.update(activation="tanh")
    assert st.config(current="leaky_relu").activation_id == "tanh"


# ---- the session ----------------------------------------------------------------------------

def test_rebuild_keeps_the_data_when_only_the_network_changes():
    st = FitState(hidden=(4,), activation="relu", epochs=5)
    se = FitSession(st)
    assert se.rebuild() and se.generation == 1
    data = se.data
    st.update(hidden=(6,))
    assert se.rebuild() and se.data is data and se.generation == 2
    st.update(noise=0.1)
    assert se.rebuild() and se.data is not data


def test_a_build_error_keeps_the_old_network_and_says_why(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n0,1\n", encoding="utf-8")
    st = FitState(hidden=(4,), activation="relu")
    se = FitSession(st)
    se.rebuild()
    trainer = se.trainer
    st.update(target=CSV, csv_path=str(bad))
    assert not se.rebuild()
    assert "too few rows" in se.build_error and se.trainer is trainer
    assert not se.can_train() and se.start() is None


def test_start_step_pause_rules_and_history_arrays():
    st = FitState(hidden=(8,), activation="tanh", epochs=30)
    se = FitSession(st)
    se.rebuild()
    assert se.can_start() and se.can_step()
    job = se.step()
    assert job.kind == "step" and job.target == 1 and not se.running
    assert not se.can_step()           # a step is out
    job()
    assert se.job_ended(job) == "step"
    assert se.accept(se.take_snapshot())
    assert se.history.n == 2 and list(se.history["epoch"]) == [0, 1]
    run = se.start()
    assert se.running and se.can_start() and not se.can_step()
    run()
    assert se.job_ended(run) == "budget"
    se.accept(se.take_snapshot())
    assert se.at_budget() and not se.can_start() and se.start() is None
    assert se.history.n == 31
    # the same data and config trained in one go give the same history, bit for bit
    ref = train_fit(se.data, se.trainer.config, 30)
    np.testing.assert_array_equal(se.history["loss"], [r.loss for r in ref.history])
    old = se.generation
    se.rebuild()
    assert se.generation == old + 1 and not se.is_current(run) and se.history.n == 1


def test_learning_rate_applies_to_the_running_network():
    st = FitState(hidden=(4,), activation="relu")
    se = FitSession(st)
    se.rebuild()
    st.update(lr=0.2)
    assert se.apply_live_settings() == "" and se.trainer.config.lr == 0.2


def test_frames_hold_what_the_view_draws_and_the_readout_counts_pieces():
    st = FitState(target="abs", x_range=(-1.0, 1.0), hidden=(2,), activation="relu", epochs=3000)
    st.apply_preset("relu_polygon_abs")
    se = FitSession(st)
    se.rebuild()
    job = se.start()
    job()
    se.job_ended(job)
    se.accept(se.take_snapshot())
    frame = se.frame()
    net = se.snapshot.network
    # the view reaches half the data range beyond each side
    assert frame.x[0] == pytest.approx(-2.0) and frame.x[-1] == pytest.approx(2.0)
    # the unit curves add up to the fit minus the output bias
    np.testing.assert_allclose(frame.parts.sum(axis=1) + frame.units.c, frame.prediction, atol=1e-12)
    r = frame.readout
    pc = pieces.linear_pieces(net)
    assert (r.pieces, r.bound) == (pc.count, 3) and r.pieces <= r.bound
    assert r.loss == se.snapshot.last.loss and r.units == 2
    # no bound is claimed for a smooth activation or for two hidden layers
    st.update(activation="tanh")
    se.rebuild()
    assert se.readout().pieces is None and se.readout().bound is None
    st.update(activation="relu", hidden=(4, 4))
    se.rebuild()
    assert se.readout().bound is None and se.frame().units is None


def test_frames_over_the_plane_hold_the_heatmap_and_the_unit_maps():
    st = FitState(target="multi_gauss", hidden=(6,), activation="tanh")
    se = FitSession(st)
    se.rebuild()
    f = se.frame()
    assert f.grid.shape == (81, 81) and f.maps.shape == (6, 28, 28)
    assert f.x is None and f.readout.pieces is None


def test_the_cli_builds_the_same_state():
    from act_explorer.commands import fit as cmd

    assert cmd.DEFAULTS["lr"] == DEFAULTS["lr"] and cmd.DEFAULTS["hidden"] == DEFAULTS["hidden"]
    assert cmd.DEFAULTS["epochs"] == DEFAULTS["epochs"]
    import argparse

    p = argparse.ArgumentParser()
    cmd.register(p.add_subparsers())
    args = p.parse_args(["fit", "relu", "--target", "abs", "--hidden", "4", "-o", "x.csv"])
    st = cmd._state(args)
    assert isinstance(st, FitState) and st.target == "abs" and st.hidden == (4,)
    assert st.effective_range() == (-2.0, 2.0) and st.epochs == DEFAULTS["epochs"]


def test_frame_of_a_fresh_trainer_equals_the_sessions():
    data = make_data("sin", points=50)
    t = FitTrainer(data, FitConfig(hidden=(5,), activation="relu"))
    f = view_frame(data, t.snapshot(), 7)
    assert f.generation == 7 and f.epoch == 0
    assert readout_of(data, t.snapshot()).units == 5
