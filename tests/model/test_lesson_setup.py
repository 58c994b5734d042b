"""Lessons set every value they depend on, function parameters included, and say what they
changed; a diverged run names the values it was trained with."""

from __future__ import annotations

import pytest

from act_explorer.model import catalogue
from act_explorer.model.curves import CurvesState
from act_explorer.model.lesson_setup import (
    Cause, Change, apply_lesson, divergence_causes, preset_changes,
)
from act_explorer.model.training import Trainer
from act_explorer.model.training_state import PRESETS, TrainingState, TrainingStateError


def _train(state: TrainingState, curves: CurvesState, epochs: int) -> Trainer:
    run = state.runs(curves.current, curves.params)[0]
    trainer = Trainer(state.make_dataset(), run.config)
    trainer.run(epochs)
    return trainer


def test_every_preset_sets_the_parameters_of_every_function_it_trains():
    for key, preset in PRESETS.items():
        assert set(preset.params) == set(preset.functions()), key
        for fid, params in preset.params.items():
            assert params == catalogue.get(fid).resolve({}), key


def test_leaky_relu_lesson_resets_a_slope_moved_elsewhere_and_then_trains():
    curves, state = CurvesState(), TrainingState()
    curves.set_param("negative_slope", 0.85, "leaky_relu")
    # The slope set on the Curves tab alone makes the lesson's settings diverge at once.
    state.update(**PRESETS["leaky_relu_alive"].values)
    assert _train(state, curves, 3).divergence is not None
    assert state.matches_preset() == "leaky_relu_alive"
    assert state.matches_preset(curves.params) is None

    state = TrainingState()
    preset, changes = apply_lesson(state, curves, "leaky_relu_alive")
    assert preset.key == "leaky_relu_alive"
    assert curves.params("leaky_relu") == {"negative_slope": 0.01}
    assert Change("negative_slope", 0.85, 0.01, "leaky_relu") in changes
    assert Change("lr", 0.1, 2.0) in changes
    assert Change("activation", "current", "leaky_relu") in changes
    assert state.matches_preset(curves.params) == "leaky_relu_alive"
    trainer = _train(state, curves, 20)
    assert trainer.divergence is None and trainer.epoch == 20


def test_changes_list_only_what_differs_and_nothing_when_already_applied():
    curves, state = CurvesState(), TrainingState(lr=0.5, seed=3)
    changes = preset_changes(state, curves, "dying_relu")
    fields = [c.field for c in changes]
    assert fields == ["seed", "activation", "lr"]
    assert all(c.old != c.new for c in changes)
    apply_lesson(state, curves, "dying_relu")
    assert preset_changes(state, curves, "dying_relu") == []
    _, again = apply_lesson(state, curves, "dying_relu")
    assert again == []


def test_unknown_lesson_changes_nothing():
    curves, state = CurvesState(), TrainingState()
    curves.set_param("negative_slope", 0.3, "leaky_relu")
    with pytest.raises(TrainingStateError):
        apply_lesson(state, curves, "nope")
    assert curves.params("leaky_relu") == {"negative_slope": 0.3}
    assert state.values() == TrainingState().values()


def test_divergence_causes_name_the_learning_rate_and_non_default_parameters():
    curves, state = CurvesState(), TrainingState()
    curves.set_param("negative_slope", 0.85, "leaky_relu")
    state.update(**PRESETS["leaky_relu_alive"].values)
    trainer = _train(state, curves, 3)
    snap = trainer.snapshot()
    assert snap.divergence is not None and snap.divergence.epoch == 1
    assert divergence_causes(snap.config) == [
        Cause("lr", 2.0), Cause("negative_slope", 0.85, "leaky_relu", 0.01)]
    state.update(optimizer="momentum", momentum=0.5)
    run = state.runs(curves.current, curves.params)[0]
    assert [c.name for c in divergence_causes(run.config)] == ["lr", "momentum", "negative_slope"]
