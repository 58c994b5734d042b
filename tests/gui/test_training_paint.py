"""The Training tab's picture while training (cheaper to paint, nothing hidden) and once it
stops (full quality again, the very picture freshly made curves draw)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem

from act_explorer.qt.training.plots import DASHED_WIDTH

CACHED = QGraphicsItem.CacheMode.DeviceCoordinateCache
NO_CACHE = QGraphicsItem.CacheMode.NoCache


@pytest.fixture
def panel(window):
    window.set_tab("training")
    return window.panels["training"]


def curve_state(panel) -> dict:
    """What each run's curve is drawn with, by "<run>:<item>"."""
    out = {}
    for r in panel._runs:
        for name, item in r.items.items():
            pen = item.opts["pen"]
            x = item.curve.getData()[0]
            out[f"{r.key}:{name}"] = {
                "antialias": item.curve.opts["antialias"], "width": pen.widthF(),
                "style": pen.style(), "colour": pen.color().name(), "visible": item.isVisible(),
                "envelope": item.opts["autoDownsample"], "points": 0 if x is None else len(x)}
    return out


def static_items(panel) -> dict:
    items = {"train points": panel.train_points, "test points": panel.test_points,
             "loss legend": panel.loss_legend, "dead legend": panel.dead_legend,
             "chance line": panel.chance_line}
    for name in ("boundary_plot", "loss_plot", "acc_plot", "dead_plot"):
        p = getattr(panel, name)
        items[f"{name} title"] = p.titleLabel
        for side in ("left", "bottom"):
            items[f"{name} {side} axis"] = p.getAxis(side)
    return items


def train_a_while(qtbot, panel, frames: int = 4) -> list[tuple[dict, dict]]:
    """Train as fast as possible for ``frames`` frames drawn after epoch 50 (so the curves
    are noisy envelopes), then pause; (curve state, cache modes) seen at each frame."""
    seen = []

    def record(_snap):
        if panel.is_busy() and panel.last_snapshot.epoch >= 50:
            seen.append((curve_state(panel),
                         {k: item.cacheMode() for k, item in static_items(panel).items()}))

    panel.frame.connect(record)
    panel.state.update(speed=0, epochs=100_000)
    assert panel.start()
    qtbot.waitUntil(lambda: len(seen) >= frames, timeout=60_000)
    with qtbot.waitSignal(panel.stopped, timeout=10_000):
        panel.pause()
    panel.frame.disconnect(record)
    return seen


def full_picture(qtbot, panel):
    for _ in range(3):
        qtbot.wait(20)
    panel.graphics.repaint()
    return panel.graphics.grab().toImage()


@pytest.mark.parametrize("setup", ["dying_relu", "spiral"])
def test_while_training_curves_are_plain_and_still_items_cached_nothing_hidden(qtbot, panel, setup):
    if setup == "dying_relu":
        panel.apply_preset("dying_relu", start=False)
    else:
        panel.state.update(dataset="spiral", classes=3, hidden="32,32", lr=0.3, activation="relu")
    still = curve_state(panel)
    assert all(s["antialias"] for s in still.values())
    seen = train_a_while(qtbot, panel)
    for curves, modes in seen:
        # the items that do not change while training are pictures in device pixels
        assert set(modes.values()) == {CACHED}, modes
        assert curves.keys() == still.keys()
        for key, s in curves.items():
            full = still[key]
            # plain envelope lines; every curve still there, in its colour and its dash
            assert not s["antialias"] and s["envelope"] and s["visible"] and s["points"] > 1, key
            assert (s["colour"], s["style"]) == (full["colour"], full["style"]), key
            if full["style"] == Qt.PenStyle.SolidLine:
                assert s["width"] == full["width"] == 2.0, key
            else:
                assert full["width"] == DASHED_WIDTH and s["width"] == 1.0, key
    # once paused: full quality, nothing cached, every epoch drawn
    for key, s in curve_state(panel).items():
        assert s["antialias"] and not s["envelope"] and s["width"] == still[key]["width"], key
    assert all(item.cacheMode() == NO_CACHE for item in static_items(panel).values())
    run = panel._runs[0]
    np.testing.assert_array_equal(run.items["test_acc"].curve.getData()[0], run.history["epoch"])


def test_the_picture_after_pause_is_the_one_fresh_curves_draw(qtbot, panel):
    from act_explorer.qt.loss_plot import set_xy

    panel.apply_preset("dying_relu", start=False)
    train_a_while(qtbot, panel)
    after_pause = full_picture(qtbot, panel)
    # The same history drawn as the tab drew it before it painted cheaper while training:
    # curves made afresh (antialiased, their pens as made) given every epoch, and every other
    # item painted directly (no cache).
    panel._clear_plots()
    panel._make_items()
    for r in panel._runs:
        h = r.history
        for name in ("loss", "test_loss", "train_acc", "test_acc"):
            set_xy(r.items[name], h["epoch"], h[name])
        for layer in range(h.n_layers):
            set_xy(r.items[f"dead_{layer + 1}"], h["epoch"], h.dead_layer(layer))
        assert all(item.curve.opts["antialias"] for item in r.items.values())
    for item in static_items(panel).values():
        item.setCacheMode(NO_CACHE)
    fresh = full_picture(qtbot, panel)
    assert fresh.size() == after_pause.size()
    assert fresh == after_pause
    # ... and it differs from the picture drawn while training (the check can fail)
    panel.is_busy = lambda: True
    panel._draw_curves()
    cheap = full_picture(qtbot, panel)
    assert cheap != after_pause
