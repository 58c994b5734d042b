"""Training lessons in the window: a preset sets every value it needs (the function's
parameters too) and says what it changed; the note follows the highlighted lesson; a
divergence names the values in play; the network diagram is drawn at epoch 0 at once."""

from __future__ import annotations

import pytest

from act_explorer.model.training_state import PRESETS


@pytest.fixture
def panel(window):
    window.set_tab("training")
    return window.panels["training"]


def run_until_stopped(qtbot, panel, timeout_ms: int = 60_000) -> str:
    with qtbot.waitSignal(panel.stopped, timeout=timeout_ms) as blocker:
        assert panel.start()
    return blocker.args[0]


def test_leaky_relu_lesson_resets_the_slope_and_says_so(qtbot, panel, window):
    window.state.set_param("negative_slope", 0.85, "leaky_relu")
    panel.state.update(speed=0)
    panel.apply_preset("leaky_relu_alive", start=False)
    assert window.state.params("leaky_relu") == {"negative_slope": 0.01}
    assert panel.trainers()[0].config.params == {"negative_slope": 0.01}
    note = panel.preset_note.text()
    assert panel.preset_note.isVisible()
    assert "Leaky ReLU keeps units alive" in note
    assert "negative_slope: 0.85 → 0.01" in note and "learning rate: 0.1 → 2" in note
    assert panel.preset_buttons["leaky_relu_alive"].isChecked()
    panel.state.update(epochs=20)
    assert run_until_stopped(qtbot, panel) == "budget"
    assert panel.last_snapshot.divergence is None and panel.last_snapshot.epoch == 20


def test_moving_the_slope_afterwards_unhighlights_the_lesson(qtbot, panel, window):
    panel.apply_preset("leaky_relu_alive", start=False)
    assert panel.preset_buttons["leaky_relu_alive"].isChecked()
    window.state.set_param("negative_slope", 0.85, "leaky_relu")
    assert not any(b.isChecked() for b in panel.preset_buttons.values())
    assert not panel.preset_note.isVisible() and panel.preset_note.text() == ""


def test_divergence_message_names_learning_rate_and_parameter(qtbot, panel, window):
    panel.apply_preset("leaky_relu_alive", start=False)
    window.state.set_param("negative_slope", 0.85, "leaky_relu")
    panel.state.update(speed=0)
    assert run_until_stopped(qtbot, panel) == "diverged"
    text = panel.divergence_label.text()
    assert panel.divergence_label.isVisible()
    assert "epoch 1" in text and "learning rate 2" in text
    assert "negative_slope = 0.85 (default 0.01)" in text


def test_switching_activation_makes_the_note_follow_the_highlighted_lesson(qtbot, panel):
    panel.apply_preset("dying_relu", start=False)
    assert "Dying ReLU" in panel.preset_note.text()
    i = panel.activation_combo.findData("leaky_relu")
    panel.activation_combo.setCurrentIndex(i)          # as the user picks it
    assert panel.state.activation == "leaky_relu"
    checked = [k for k, b in panel.preset_buttons.items() if b.isChecked()]
    assert checked == ["leaky_relu_alive"]
    note = panel.preset_note.text()
    assert PRESETS["leaky_relu_alive"].title in note and "Dying ReLU" not in note
    # Another activation matches no lesson: no highlight and no description.
    panel.activation_combo.setCurrentIndex(panel.activation_combo.findData("tanh"))
    assert not any(b.isChecked() for b in panel.preset_buttons.values())
    assert not panel.preset_note.isVisible()


def _network_epoch(panel):
    frame = panel.network_view.frame
    return None if frame is None else frame.epoch


def test_network_view_is_drawn_at_epoch_zero_after_reset_activation_and_compare(qtbot, panel):
    panel.state.update(speed=0, epochs=3)
    panel.show_network()
    assert _network_epoch(panel) == 0
    assert run_until_stopped(qtbot, panel) == "budget"
    qtbot.waitUntil(lambda: _network_epoch(panel) == 3, timeout=10_000)
    panel.reset_button.click()
    assert _network_epoch(panel) == 0
    assert panel.network_view.frame.layout is not None
    panel.activation_combo.setCurrentIndex(panel.activation_combo.findData("tanh"))
    assert _network_epoch(panel) == 0
    assert set(panel.network_view.frame.activations) == {"tanh"}
    panel.compare_check.click()
    assert panel.state.compare_mode
    assert _network_epoch(panel) == 0
