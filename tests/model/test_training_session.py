"""The training tab's session without Qt: the data set cache, rebuilds and the generation
counter, the start/step/pause rules, the histories, live settings and catalogue repair."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.model import catalogue, expression
from act_explorer.model.datasets import DataError, make_dataset
from act_explorer.model.training import TrainConfig, Trainer
from act_explorer.model.training_session import RunHistory, TrainingSession
from act_explorer.model.training_state import FOLLOW, TrainingState


def session(current: str = "relu", params=None, **values) -> TrainingSession:
    s = TrainingSession(TrainingState(**values), lambda: current, params)
    assert s.rebuild()
    return s


def finish(s: TrainingSession, job, **kwargs) -> str | None:
    """Run a job here (as the worker thread would), then end it."""
    job(**kwargs)
    return s.job_ended(job)


def test_rebuild_makes_the_states_networks_at_epoch_zero_and_bumps_the_generation():
    s = session("tanh")
    assert s.generation == 1 and s.rebuilds == 1 and s.build_error == ""
    assert [r.key for r in s.runs] == ["tanh"]
    (t,) = s.trainers()
    assert t.epoch == 0 and t.config.activation == "tanh"
    fresh = Trainer(make_dataset("moons", 500, 0.1, 0.2, 0), TrainConfig(activation="tanh"))
    np.testing.assert_array_equal(t.network.params, fresh.network.params)
    np.testing.assert_array_equal(s.dataset.x_train, fresh.dataset.x_train)
    assert s.rebuild() and s.generation == 2 and s.trainers()[0] is not t


def test_the_data_set_is_made_again_only_when_a_setting_that_defines_it_changed():
    s = session()
    ds = s.dataset
    s.state.update(lr=0.5, hidden=(8,), epochs=20)
    assert s.rebuild() and s.dataset is ds
    s.state.update(noise=0.2)
    assert s.rebuild() and s.dataset is not ds
    np.testing.assert_array_equal(s.dataset.x_train, make_dataset("moons", 500, 0.2, 0.2, 0).x_train)


def test_data_key_names_what_defines_the_points():
    st = TrainingState()
    assert st.data_key() == ("moons", 500, 0.1, 2, 0.2, 0, None)
    assert TrainingState(classes=3, dataset="spiral").data_key()[3] == 3
    assert TrainingState(csv_path="a.csv").data_key()[-1] is None      # not used by moons
    assert st.data_key(dataset="csv", csv_path="a.csv") == ("csv", 500, 0.1, 2, 0.2, 0, "a.csv")


def test_a_failed_rebuild_keeps_the_runs_and_says_why():
    s = session("leaky_relu", params=lambda fid: {"negative_slope": 0.01})
    runs, gen = list(s.runs), s.generation
    bad = TrainingSession(s.state, lambda: "leaky_relu", lambda fid: {"negative_slope": -5.0})
    bad.runs, bad.generation = runs, gen
    assert not bad.rebuild()
    assert "negative_slope" in bad.build_error
    assert bad.runs == runs and bad.generation == gen and bad.rebuilds == 1
    assert not bad.can_start() and not bad.can_step()
    assert bad.start() is None and bad.step() is None


def test_start_trains_to_the_budget_and_the_histories_follow_the_snapshots():
    s = session(speed=0, epochs=12)
    assert s.can_start() and s.can_step() and not s.running
    job = s.start()
    assert job.kind == "run" and job.target == 12 and job.generation == s.generation
    assert s.running and s.busy and s.start() is None and s.step() is None
    assert s.can_start() and not s.can_step()         # Start reads "Pause" while running
    assert finish(s, job) == "budget"
    assert not s.running and not s.busy
    (t,) = s.trainers()
    assert t.epoch == 12
    assert s.accept(s.take_snapshots())
    assert not s.accept(s.take_snapshots())           # nothing new: nothing to draw
    assert s.accept(s.take_snapshots(), force=True)
    run = s.runs[0]
    h = run.history
    assert h.n == 13 and run.snapshot is s.shown_snapshot()
    np.testing.assert_array_equal(h["epoch"], np.arange(13))
    np.testing.assert_array_equal(h["loss"], [r.loss for r in t.history])
    np.testing.assert_array_equal(h.dead_layer(1), [r.dead_per_layer[1] for r in t.history])
    # At the budget there is nothing to start; a higher budget goes on from there.
    assert s.at_budget() and not s.can_start() and s.start() is None
    s.state.update(epochs=15)
    assert finish(s, s.start()) == "budget" and t.epoch == 15


def test_step_trains_exactly_one_epoch_and_is_not_running():
    s = session(speed=0)
    for expected in (1, 2):
        job = s.step()
        assert job.kind == "step" and job.target == expected
        assert s.busy and not s.running and not s.can_step()
        assert finish(s, job) == "step"
        assert s.trainers()[0].epoch == expected


def test_a_stopped_run_leaves_the_networks_where_they_are_and_start_goes_on():
    s = session(speed=0, epochs=100_000)
    job = s.start()
    calls = []
    job(should_stop=lambda: len(calls) > 3 or calls.append(1))
    s.stop()                                           # Pause
    assert not s.running and not s.busy
    epoch = s.trainers()[0].epoch
    assert 0 < epoch < 100_000
    assert s.job_ended(job) is None                    # ended by the pause, not by itself
    job = s.start()
    assert job is not None
    job(should_stop=lambda: s.trainers()[0].epoch >= epoch + 2)
    assert s.trainers()[0].epoch == epoch + 2


def test_divergence_ends_the_run_and_nothing_more_can_be_trained():
    s = session(activation="leaky_relu", batch_size=500, lr=10.0, speed=0, epochs=100)
    assert finish(s, s.start()) == "diverged"
    (t,) = s.trainers()
    assert t.divergence is not None and t.divergence.epoch == 9
    assert not s.can_train() and s.at_budget() and not s.can_start()
    assert s.start() is None and s.step() is None
    assert s.rebuild() and s.can_start()


def test_work_for_replaced_networks_is_recognised():
    s = session(speed=0)
    job = s.step()
    assert s.is_current(job)
    s.state.update(hidden=(4,))
    assert s.rebuild()
    assert not s.is_current(job) and s.job is None
    assert s.job_ended(job) is None


def test_compare_mode_shows_the_chosen_function_and_trains_in_lockstep():
    s = session(compare=("relu", "tanh"), speed=0, epochs=5)
    assert s.compare and [r.key for r in s.runs] == ["relu", "tanh"]
    assert s.shown_index() == 0
    s.state.update(shown="tanh")
    assert s.shown_index() == 1
    assert finish(s, s.start()) == "budget"
    assert [t.epoch for t in s.trainers()] == [5, 5]
    s.accept(s.take_snapshots())
    assert s.shown_snapshot() is s.runs[1].snapshot


def test_learning_rate_and_l2_reach_the_networks_live():
    s = session()
    (t,) = s.trainers()
    s.state.update(lr=0.5, l2=0.001)
    assert s.apply_live_settings() == []
    assert t.config.lr == 0.5 and t.config.l2 == 0.001


def test_which_functions_the_runs_follow_and_use():
    s = session("tanh")
    assert s.follows_current() and s.uses("tanh") and not s.uses("relu")
    s.state.update(activation="relu")
    assert not s.follows_current() and s.uses("relu")
    s.state.update(compare=("gelu", "elu"))
    assert not s.follows_current() and s.uses("elu") and not s.uses("relu")


def test_functions_that_left_the_catalogue_are_dropped_from_the_settings():
    acts = [expression.make_activation(f"x*sigmoid({k}*x)", name=f"sw{k}") for k in (2, 3)]
    for x in acts:
        catalogue.register(x)
    a, b = (x.id for x in acts)
    try:
        s = session(hidden=(8, 8), activation="relu")
        assert s.repair_catalogue() == {} and not s.uses_typed_function()
        s.state.update(activation=a, layer_activations=(a, "relu"))
        assert s.repair_catalogue() == {}
        assert s.uses_typed_function()                # it may be redefined under its id
        catalogue.unregister(a)
        assert s.repair_catalogue() == {"activation": FOLLOW, "layer_activations": (FOLLOW, "relu")}
        assert s.uses_typed_function()                # one is gone
        s.state.update(layer_activations=None, activation="relu", compare=("relu", b, "tanh"))
        catalogue.unregister(b)
        assert s.repair_catalogue() == {"compare": ("relu", "tanh")}
        catalogue.register(acts[1])
        s.state.update(compare=("relu", b))
        catalogue.unregister(b)
        assert s.repair_catalogue() == {"compare": ()}
    finally:
        for x in acts:
            if x.id in catalogue.CATALOGUE:
                catalogue.unregister(x.id)


def test_a_csv_file_is_read_once_and_a_bad_one_changes_nothing(tmp_path):
    s = session()
    ds, runs = s.dataset, list(s.runs)
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n0,0,0\n1,oops,1\n")
    with pytest.raises(DataError, match="line 3"):
        s.load_csv(str(bad))
    assert s.dataset is ds and s.runs == runs
    good = tmp_path / "good.csv"
    rows = ["x1,x2,label"] + [f"{np.cos(a):.4f},{np.sin(a):.4f},{i % 3}"
                              for i, a in enumerate(np.linspace(0, 6, 60))]
    good.write_text("\n".join(rows) + "\n")
    loaded = s.load_csv(str(good))
    assert loaded.n_classes == 3 and s.dataset is loaded
    s.state.update(dataset="csv", csv_path=str(good))
    assert s.rebuild() and s.dataset is loaded        # not read again
    assert s.trainers()[0].dataset is loaded


def test_run_history_grows_past_its_first_capacity():
    s = session(speed=0, epochs=300, hidden=(4,), batch_size=500)
    assert finish(s, s.start()) == "budget"
    snap = s.take_snapshots()[0]
    h = RunHistory(1)
    h.extend(snap.history[:100])
    h.extend(snap.history[100:])
    assert h.n == 301
    np.testing.assert_array_equal(h["epoch"], np.arange(301))
    np.testing.assert_array_equal(h["test_acc"], [r.test_acc for r in snap.history])
    np.testing.assert_array_equal(h.dead_layer(0), [r.dead_per_layer[0] for r in snap.history])
