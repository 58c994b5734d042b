"""The training panel's state and work, without Qt: settings, validation, signals, presets,
sessions, the lockstep worker function and the compare CSV."""

from __future__ import annotations

import json

import numpy as np
import pytest

from act_explorer.model import catalogue, expression
from act_explorer.model.datasets import DataError, make_dataset
from act_explorer.model.training import TrainConfig, Trainer, history_csv, train
from act_explorer.model.training_session import runs_csv, train_runs
from act_explorer.model.training_state import (
    DEFAULTS, FOLLOW, PRESETS, RESET_FIELDS, TrainingState, TrainingStateError,
)


def recorder(state: TrainingState):
    seen = []
    state.reset_needed.connect(lambda: seen.append("reset"))
    state.changed.connect(lambda names: seen.append(set(names)))
    return seen


def test_defaults_and_the_run_they_describe():
    st = TrainingState()
    assert st.values() == DEFAULTS
    assert st.activation == FOLLOW and not st.compare_mode
    (run,) = st.runs("tanh")                      # FOLLOW = the Functions list's current one
    assert run.key == "tanh"
    assert run.config == TrainConfig(hidden=(16, 16), activation="tanh", params={}, init="he",
                                     optimizer="sgd", lr=0.1, batch_size=32, l2=0.0, seed=0)
    ds = st.make_dataset()
    ref = make_dataset("moons", 500, 0.1, 0.2, 0)
    np.testing.assert_array_equal(ds.x_train, ref.x_train)
    assert st.export_name([run.key]) == "training-tanh-moons"


def test_parameters_come_from_the_shared_per_function_values():
    st = TrainingState(activation="leaky_relu")
    (run,) = st.runs("relu", lambda fid: {"negative_slope": 0.2} if fid == "leaky_relu" else {})
    assert run.config.params == {"negative_slope": 0.2}
    with pytest.raises(catalogue.ParamError):
        st.runs("relu", lambda fid: {"negative_slope": -5.0})


def test_per_layer_activations_and_their_length_follows_the_layers():
    st = TrainingState(hidden=(8, 8, 8), layer_activations=("relu", FOLLOW, "tanh"))
    (run,) = st.runs("sigmoid")
    assert run.key == "relu,sigmoid,tanh"
    assert run.config.activation == ("relu", "sigmoid", "tanh")
    st.update(hidden=(8, 8))
    assert st.layer_activations == ("relu", FOLLOW)
    st.update(hidden="4,4,4,4")
    assert st.layer_activations == ("relu", FOLLOW, FOLLOW, FOLLOW)
    with pytest.raises(TrainingStateError, match="2 activations given for 4 hidden layers"):
        st.update(layer_activations=("relu", "tanh"))


def test_compare_mode_same_data_same_initial_weights():
    st = TrainingState(compare=("relu", "tanh", "relu", "elu"))   # duplicates dropped
    assert st.compare == ("relu", "tanh", "elu") and st.shown == "relu"
    runs = st.runs("sigmoid")
    assert [r.key for r in runs] == ["relu", "tanh", "elu"]
    ds = st.make_dataset()
    st2 = TrainingState(compare=("relu", "tanh"), init="xavier")
    w = [Trainer(ds, r.config).network.params for r in st2.runs()]
    np.testing.assert_array_equal(w[0], w[1])
    st.update(shown="tanh")
    assert st.shown_index(runs) == 1
    st.update(compare=("elu", "gelu"))
    assert st.shown == "elu"                       # the shown one must be compared
    st.update(compare=())
    assert st.shown is None and len(st.runs()) == 1
    assert st.export_name(["relu", "tanh"]) == "training-relu-vs-tanh-moons"


@pytest.mark.parametrize("field, value, words", [
    ("dataset", "blobs", "unknown data set 'blobs'"),
    ("points", 2, "the number of points must be a whole number between 4 and 100000"),
    ("points", 10.5, "whole number"),
    ("noise", -0.1, "the noise must be between 0 and 1"),
    ("noise", float("nan"), "the noise must be a finite number"),
    ("test_fraction", 0.95, "the test fraction must be between 0 and 0.9"),
    ("seed", -1, "the seed must be a whole number"),
    ("hidden", "16,,16", "hidden layers must be sizes separated by commas"),
    ("hidden", (16,) * 9, "1 to 8 hidden layers, got 9"),
    ("hidden", "16,300", "hidden layer 2 must have 1 to 256 units"),
    ("activation", "relux", "unknown activation 'relux'"),
    ("compare", ("relu",), "compare 2 to 4 different functions, got 1"),
    ("compare", ("relu", "tanh", "elu", "gelu", "silu"), "got 5"),
    ("compare", ("relu", FOLLOW), "unknown activation"),
    ("init", "zeros", "unknown init 'zeros'"),
    ("optimizer", "rmsprop", "unknown optimizer 'rmsprop'"),
    ("lr", 20.0, "the learning rate must be between 1e-05 and 10, got 20"),
    ("lr", 0.0, "the learning rate must be between"),
    ("batch_size", 0, "the batch size must be a whole number between 1 and 100000"),
    ("l2", 2.0, "L2 must be between 0 and 1"),
    ("momentum", 1.0, "momentum must be between 0 and 0.999"),
    ("epochs", 0, "the epoch budget must be a whole number between 1 and 100000"),
    ("speed", -1, "the speed"),
    ("dataset", "csv", "choose a CSV file"),
    ("classes", 3, "the moons data set has 2 classes"),
    ("colour", 1, "unknown training setting 'colour'"),
])
def test_invalid_values_are_refused_with_a_sentence_and_nothing_changes(field, value, words):
    st = TrainingState()
    seen = recorder(st)
    before = st.values()
    with pytest.raises(TrainingStateError) as info:
        st.update(**{field: value})
    assert words in str(info.value)
    assert st.values() == before and seen == []


def test_too_few_points_for_the_classes():
    st = TrainingState(dataset="spiral", classes=3)
    with pytest.raises(TrainingStateError, match="5 points are too few for 3 classes"):
        st.update(points=5)
    assert st.make_dataset().n_classes == 3
    st.update(dataset="moons")
    assert st.classes_used == 2 and st.make_dataset().n_classes == 2


def test_signals_fire_once_per_update_and_say_whether_to_reset():
    st = TrainingState()
    seen = recorder(st)
    st.update(lr=0.5)
    assert seen == [{"lr"}]
    seen.clear()
    st.update(speed=0, epochs=10)
    assert seen == [{"speed", "epochs"}]
    seen.clear()
    for field, value in (("hidden", (4,)), ("activation", "tanh"), ("init", "xavier"),
                         ("optimizer", "adam"), ("batch_size", 8), ("seed", 3), ("noise", 0.2),
                         ("dataset", "circles"), ("momentum", 0.5), ("test_fraction", 0.0)):
        st.update(**{field: value})
        assert seen == ["reset", {field}], field
        assert field in RESET_FIELDS
        seen.clear()
    st.update(lr=0.5, seed=3)                        # nothing changes: no signal
    assert seen == []
    st.update(hidden="4", lr=0.2)
    assert seen == [{"lr"}]


def test_presets_reproduce_the_lessons_settings():
    st = TrainingState(speed=5)
    for key, preset in PRESETS.items():
        st.apply_preset(key)
        assert st.matches_preset() == key
        assert st.speed == 5                         # a preference, not part of the lesson
    st.apply_preset("dying_relu")
    assert (st.activation, st.dataset, st.hidden, st.init, st.optimizer, st.lr, st.batch_size,
            st.epochs) == ("relu", "moons", (16, 16), "he", "sgd", 2.0, 32, 200)
    st.update(epochs=400)
    assert st.matches_preset() == "dying_relu"       # going on past the budget keeps it
    st.update(lr=1.0)
    assert st.matches_preset() is None
    st.apply_preset("leaky_relu_alive")
    assert st.activation == "leaky_relu" and st.lr == 2.0
    st.apply_preset("deep_sigmoid")
    assert st.activation == "sigmoid" and 6 <= len(st.hidden) <= 8
    st.apply_preset("relu_vs_tanh")
    assert st.compare == ("relu", "tanh")
    st.apply_preset("linear_vs_relu")
    assert st.compare == ("linear", "relu") and st.dataset == "moons"
    with pytest.raises(TrainingStateError, match="unknown preset 'nope'"):
        st.apply_preset("nope")


def _train(st: TrainingState, epochs: int | None = None):
    ds = st.make_dataset()
    trainers = [Trainer(ds, r.config) for r in st.runs()]
    train_runs(trainers, epochs or st.epochs)
    return trainers


def test_dying_relu_and_leaky_relu_presets_as_facts_md_says():
    st = TrainingState()
    st.apply_preset("dying_relu")
    (t,) = _train(st)
    assert t.epoch == 200 and 7 <= t.history[-1].dead <= 18        # FACTS.md: 7-18 of 32
    st.apply_preset("leaky_relu_alive")
    (t,) = _train(st)
    assert t.epoch == 200 and all(r.dead == 0 for r in t.history)


def test_deep_sigmoid_barely_learns():
    st = TrainingState()
    st.apply_preset("deep_sigmoid")
    (t,) = _train(st)
    assert t.history[-1].loss > 0.6                  # still near ln 2 = 0.693
    st.update(activation="relu", init="he")
    (t,) = _train(st)
    assert min(r.loss for r in t.history) < 0.1


def test_relu_vs_tanh_and_identity_vs_relu_show_their_lessons():
    st = TrainingState()
    st.apply_preset("relu_vs_tanh")
    relu, tanh = _train(st, 30)
    assert relu.history[30].loss < 0.7 * tanh.history[30].loss
    st.apply_preset("linear_vs_relu")
    linear, relu = _train(st)
    assert linear.history[-1].train_acc < 0.93 and relu.history[-1].train_acc > 0.98


def test_sessions_round_trip_through_json():
    st = TrainingState()
    st.apply_preset("relu_vs_tanh")
    st.update(lr=0.05, speed=0, layer_activations=("relu", "tanh"), shown="tanh")
    data = json.loads(json.dumps(st.to_dict()))
    back = TrainingState.from_dict(data)
    assert back.values() == st.values()
    problems = TrainingState().update_from_dict({"lr": 99, "hidden": [8], "nope": 1})
    assert len(problems) == 2 and "learning rate" in problems[0]
    with pytest.raises(TrainingStateError):
        TrainingState.from_dict({"lr": 99})


def test_typed_functions_train_like_built_ins():
    act = expression.make_activation("x*sigmoid(2*x)", name="swish2")
    catalogue.register(act)
    st = TrainingState(activation=act.id)
    (t,) = _train(st, 5)
    assert t.epoch == 5 and t.history[-1].loss < t.history[0].loss
    catalogue.unregister(act.id)
    with pytest.raises(TrainingStateError, match="unknown activation"):
        st.runs()


def test_csv_data_sets_and_their_errors(tmp_path):
    good = tmp_path / "pts.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(20)))
    st = TrainingState(dataset="csv", csv_path=str(good), test_fraction=0.25)
    ds = st.make_dataset()
    assert ds.n_train == 15 and ds.n_test == 5 and ds.source == str(good)
    assert st.export_name(["relu"]) == "training-relu-pts"
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,0\n3,4,1\n5,x,0\n")
    st.update(csv_path=str(bad))
    with pytest.raises(DataError, match="line 3: x2 is not a number"):
        st.make_dataset()


class FakeClock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t

    def sleep(self, dt):
        self.t += dt


def test_train_runs_lockstep_pacing_stop_and_tick():
    ds = make_dataset("moons", 200, 0.1, 0.2, 0)
    trainers = [Trainer(ds, TrainConfig(activation=a)) for a in ("relu", "tanh")]
    clock = FakeClock()
    ticks = []
    progress = []
    done = train_runs(trainers, 10, speed=20.0, clock=clock, sleep=clock.sleep,
                      tick=lambda: ticks.append(tuple(t.epoch for t in trainers)),
                      progress=progress.append)
    assert done == 10 and [t.epoch for t in trainers] == [10, 10]
    assert clock.t == pytest.approx(10 / 20.0, abs=0.03)           # paced at 20 epochs/s
    assert progress[-1] == 1.0 and len(progress) == 10
    assert (10, 10) in ticks and all(abs(a - b) <= 1 for a, b in ticks)
    # The same as training one at a time: lockstep changes nothing in the numbers.
    alone = train(ds, TrainConfig(activation="tanh"), 10)
    assert [r.loss for r in alone.history] == [r.loss for r in trainers[1].history]
    # A stop leaves them where they are; speed may be a callable read every epoch.
    calls = []
    done = train_runs(trainers, 100, speed=lambda: calls.append(1) or 0,
                      should_stop=lambda: len(calls) >= 3)
    assert done == 3 and [t.epoch for t in trainers] == [13, 13]


def test_train_runs_drops_a_diverged_run_and_goes_on():
    ds = make_dataset("moons", 500, 0.1, 0.2, 0)
    ok = Trainer(ds, TrainConfig(activation="relu", lr=0.1, batch_size=500))
    bad = Trainer(ds, TrainConfig(activation="leaky_relu", lr=10.0, batch_size=500))
    train_runs([bad, ok], 20)
    assert bad.divergence is not None and bad.divergence.epoch == 9 and bad.epoch == 8
    assert ok.epoch == 20 and ok.divergence is None
    text = runs_csv([("leaky_relu", bad.history), ("relu", ok.history)]).splitlines()
    assert text[0].split(",")[:3] == ["epoch", "leaky_relu_loss", "leaky_relu_train_acc"]
    assert "relu_dead_2" in text[0] and len(text) == 21
    assert text[8].split(",")[1] != "" and text[9].split(",")[1:8] == [""] * 7
    # Each block is history_csv's columns.
    mine = [line.split(",")[8:] for line in text[1:]]
    ref = [line.split(",")[1:] for line in history_csv(ok.history[1:]).splitlines()[1:]]
    assert mine == ref
    with pytest.raises(TrainingStateError):
        runs_csv([])
