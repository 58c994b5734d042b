"""Typed functions undefined on part of the line: every view copes and says so."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.mark.parametrize("text, where", [("1/x", "undefined at x = 0"), ("sqrt(-x)", "undefined for x > 0"),
                                         ("exp(710)", "undefined everywhere")])
def test_card_plots_depth_and_training(window, qtbot, text, where):
    window.state.add_typed_function(text)
    fid = window.state.current
    card = window.curves_panel.card
    assert card.values["domain"].text().startswith(where)
    assert "undefined" in card.values["moments"].text()
    assert card.values["monotonic"].text() == "no"
    x, f, df = window.curves_panel.plots.curve_data(fid)
    assert x.size > 0 and not np.isfinite(f).all()

    depth = window.panels["depth"]
    window.tabs.setCurrentWidget(depth)
    qtbot.waitUntil(lambda: depth.error.isVisible(), timeout=5000)
    assert "cannot use this function" in depth.error.text() and where.split(" (")[0] in depth.error.text()
    assert "Simulating" not in depth.readout.text()

    training = window.panels["training"]
    window.tabs.setCurrentWidget(training)
    qtbot.waitUntil(lambda: training.error.isVisible(), timeout=5000)
    assert "cannot use this function" in training.error.text()
    window.state.remove_typed_function(fid)


def test_no_slope_drawn_where_f_is_undefined(window):
    window.state.add_typed_function("log(x)")
    fid = window.state.current
    x, f, df = window.curves_panel.plots.curve_data(fid)
    left = x < 0
    assert np.isnan(f[left]).all() and np.isnan(df[left]).all()     # 1/x would be finite there
    right = x > 0
    np.testing.assert_allclose(df[right], 1.0 / x[right])
    window.state.remove_typed_function(fid)
