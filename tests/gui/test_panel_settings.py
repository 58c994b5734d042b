"""Depth, Training and Softmax settings are remembered between runs (QSettings, in the
tests' throw-away folder) and each panel has a "Reset to defaults"."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.model.depth_state import DEFAULTS as DEPTH_DEFAULTS
from act_explorer.model.softmax import SoftmaxState
from act_explorer.model.training_state import TrainingState


@pytest.fixture
def new_window(qtbot):
    from act_explorer.app import create_application
    from act_explorer.qt.main_window import MainWindow

    create_application(headless=True)
    made = []

    def make():
        w = MainWindow(persist=True)
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        if w.isVisible():
            w.close()


def test_settings_survive_a_new_window(new_window, tmp_path):
    w = new_window()
    depth, training, softmax = w.panels["depth"], w.panels["training"], w.panels["softmax"]
    depth.state.update(depth=10, width=64, seed=7)
    training.state.update(lr=0.5, hidden=(8, 8, 8), dataset="circles", epochs=50)
    softmax.softmax_state.set_logits([1.0, 3.0])
    softmax.softmax_state.set_temperature(2.0)
    softmax.maxout_state.apply_preset("abs")
    w.close()

    w2 = new_window()
    d2 = w2.panels["depth"]
    assert (d2.state.depth, d2.state.width, d2.state.seed) == (10, 64, 7)
    assert d2.depth_spin.value() == 10 and d2.width_spin.value() == 64
    t2 = w2.panels["training"]
    assert t2.state.lr == 0.5 and t2.state.hidden == (8, 8, 8) and t2.state.dataset == "circles"
    assert t2.hidden_edit.text() == "8,8,8" and t2.lr_spin.value() == 0.5
    assert t2.trainers()[0].config.hidden == (8, 8, 8)
    assert t2.trainers()[0].epoch == 0
    s2 = w2.panels["softmax"]
    np.testing.assert_array_equal(s2.softmax_state.logits, [1.0, 3.0])
    assert s2.softmax_state.temperature == 2.0
    assert s2.maxout_state.maxout.slopes == (-1.0, 1.0)
    w2.close()


def test_a_panel_not_opened_keeps_what_was_saved(new_window):
    w = new_window()
    w.panels["depth"].state.update(depth=12)
    w.close()
    w2 = new_window()          # the depth tab is never built in this run
    assert all(type(p).__name__ != "DepthPanel" for p in w2.panels.built())
    w2.close()
    w3 = new_window()
    assert w3.panels["depth"].state.depth == 12


def test_bad_saved_settings_are_skipped(new_window):
    w = new_window()
    w.settings.setValue("panels/depth", '{"depth": 10000, "width": "x"}')
    w.settings.setValue("panels/training", "not json")
    w.settings.setValue("panels/softmax", '{"logits": [1, 2], "temperature": 3}')
    w.settings.setValue("panels/training", '{"dataset": "csv", "csv_path": "/nonexistent/x.csv", "lr": 0.25}')
    assert w.panels["depth"].state.depth == DEPTH_DEFAULTS["depth"]
    t = w.panels["training"]
    assert t.state.dataset == "moons" and t.state.lr == 0.25 and not t.error.isVisible()
    assert w.panels["softmax"].softmax_state.temperature == 3


def test_reset_to_defaults_per_panel(new_window, qtbot):
    w = new_window()
    depth = w.panels["depth"]
    depth.state.update(depth=10, sigma_b=0.3)
    w.set_tab("depth")
    depth.defaults_button.click()
    assert depth.state.values() == {**DEPTH_DEFAULTS, **{k: v for k, v in depth.state.values().items()
                                                         if k not in DEPTH_DEFAULTS}}
    assert depth.depth_spin.value() == DEPTH_DEFAULTS["depth"] and depth.sb_spin.value() == 0.0

    training = w.panels["training"]
    training.state.update(lr=0.7, activation="tanh", compare=("relu", "tanh"))
    w.set_tab("training")
    training.defaults_button.click()
    assert training.state.values() == TrainingState().values()
    assert not training.compare_check.isChecked() and training.lr_spin.value() == 0.1

    softmax = w.panels["softmax"]
    softmax.softmax_state.set_logits([5.0, 1.0, 1.0, 1.0])
    w.set_tab("softmax")
    assert softmax.defaults_button.isVisible()
    softmax.defaults_button.click()
    np.testing.assert_array_equal(softmax.softmax_state.logits, SoftmaxState.DEFAULT_LOGITS)
    # The defaults are what the next run starts with.
    w.close()
    w2 = new_window()
    assert w2.panels["training"].state.lr == 0.1 and w2.panels["depth"].state.depth == 30
