"""The identity-vs-ReLU lesson note quotes the best straight line's accuracy, computed."""

from __future__ import annotations

from act_explorer.model.linear_baseline import preset_line_accuracy


def test_identity_preset_note_quotes_the_computed_accuracy(window):
    window.set_tab("training")
    panel = window.panels["training"]
    panel.apply_preset("linear_vs_relu", start=False)
    shown = f"{100 * preset_line_accuracy('linear_vs_relu'):.1f}%"
    assert shown in panel.preset_note.text() and "{line_acc}" not in panel.preset_note.text()
    assert "about 90%" not in panel.preset_note.text()
    tips = [b.toolTip() for b in panel.preset_buttons.values()]
    assert any(shown in t for t in tips)
    panel.shutdown()
