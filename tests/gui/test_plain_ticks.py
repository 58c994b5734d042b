"""No plot axis of the window rescales its tick labels (pyqtgraph's automatic SI prefix would
draw sigmoid's slopes 0-0.25 as 0-250 with "(x0.001)" in the label)."""

from __future__ import annotations

import pyqtgraph as pg


def _plot_items(window):
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem):
                yield item


def test_no_axis_of_any_tab_uses_an_si_prefix(window, qtbot):
    # Data with small values everywhere: sigmoid's slopes (≤ 0.25), tiny depth gradients,
    # training losses, softmax probabilities, the network view's histograms.
    window.state.select("sigmoid")
    for key in ("curves", "depth", "training", "softmax", "learn"):
        window.set_tab(key)
        qtbot.wait(20)
    depth = window.panels["depth"]
    qtbot.waitUntil(lambda: depth._current_view() is not None, timeout=60_000)
    training = window.panels["training"]
    training.state.update(epochs=3, speed=0)
    with qtbot.waitSignal(training.stopped, timeout=60_000):
        training.start()
    qtbot.waitUntil(lambda: training.network_view._frame is not None, timeout=10_000)
    qtbot.wait(50)
    plots = list(_plot_items(window))
    assert len(plots) >= 10          # curves 2, depth 4, training 4+, softmax 5, network view
    checked = 0
    for plot in plots:
        for side in ("left", "bottom", "right", "top"):
            axis = plot.getAxis(side)
            assert axis.autoSIPrefix is False, (plot.titleLabel.text, side)
            assert axis.autoSIPrefixScale == 1.0, (plot.titleLabel.text, side)
            assert "(x0" not in axis.labelString() and "(x1" not in axis.labelString()
            checked += 1
    assert checked >= 40
    _x, _f, df = window.curves_panel.plots.curve_data("sigmoid")
    assert 0.24 < max(df) <= 0.25          # drawn as 0.25, not as 250 (x0.001)
