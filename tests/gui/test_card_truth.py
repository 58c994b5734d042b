"""The properties card shows what the analysis found, with directions right, in both languages."""

from __future__ import annotations

import pytest

from act_explorer.model import catalogue as C
from act_explorer.model import properties as P


def test_hardswish_largest_slope_is_a_supremum_with_f_prime_3_equal_1(window):
    act = C.get("hardswish")
    assert float(act.df([3.0])[0]) == 1.0                      # PyTorch's derivative at the kink
    p = P.analyse_activation(act)
    sup = [n for n in p.notes if getattr(n, "key", "") == "supremum"]
    assert len(sup) == 1 and sup[0].values == {"m": "1.5", "at": "3", "side": "⁻", "f_at": "1"}
    window.state.select("hardswish")
    card = window.curves_panel.card
    row = card.values["max_df"].text()
    assert row == "1.5, approached as x → 3⁻ but not reached (f′(3) = 1)"
    assert "1.5 at x = 3" not in row
    notes = card.computed_notes.text()
    assert card.computed_notes.isVisibleTo(card) and "approached as x → 3⁻" in notes and "f′(3) = 1" in notes
    # A function whose peak slope is attained has no such note and reads "at x = ...".
    window.state.select("tanh")
    assert card.values["max_df"].text() == "1 at x = 0" and card.computed_notes.text() == ""


@pytest.mark.parametrize("fid, left, right", [
    ("relu", "hard (f′ = 0 for x < 0)", "none"),
    ("relu6", "hard (f′ = 0 for x < 0)", "hard (f′ = 0 for x > 6)"),
    ("hardswish", "hard (f′ = 0 for x < -3)", "none"),
])
def test_hard_saturation_rows_say_the_side(window, fid, left, right):
    window.state.select(fid)
    v = window.curves_panel.card.values
    assert v["left"].text() == left and v["right"].text() == right


def test_card_in_chinese_keeps_the_direction_and_the_supremum(qtbot):
    from PySide6.QtWidgets import QApplication

    from act_explorer.app import create_application
    from act_explorer.qt import i18n
    from act_explorer.qt.main_window import MainWindow

    app = create_application(headless=True)
    try:
        assert i18n.install(app, "zh_CN") == "zh_CN"
        w = MainWindow(persist=False)
        qtbot.addWidget(w)
        card = w.curves_panel.card
        w.state.select("relu")
        # ReLU is flat on the LEFT: f′ = 0 for x < 0 (the old row read "beyond 0", i.e. x > 0).
        assert card.values["left"].text() == "硬饱和（x < 0 时 f′ = 0）"
        assert "超过" not in card.values["left"].text()
        w.state.select("relu6")
        assert card.values["right"].text() == "硬饱和（x > 6 时 f′ = 0）"
        w.state.select("hardswish")
        assert card.values["max_df"].text() == "1.5，x → 3⁻ 时趋近但取不到（f′(3) = 1）"
        assert "f′(3) = 1" in card.computed_notes.text() and "取不到" in card.computed_notes.text()
        w.close()
    finally:
        i18n.install(QApplication.instance(), "en")
