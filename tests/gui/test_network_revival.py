"""The network view marks a unit that died and came back, with both epochs."""

from __future__ import annotations

import numpy as np

from act_explorer.model.datasets import make_dataset
from act_explorer.model.training import Trainer, TrainConfig
from act_explorer.model.training_state import DEFAULTS
from act_explorer.qt import theme
from act_explorer.qt.network_view import NetworkView


def test_revived_units_get_a_ring_a_label_and_a_tooltip(qtbot):
    ds = make_dataset("moons", DEFAULTS["points"], DEFAULTS["noise"], DEFAULTS["test_fraction"], seed=3)
    tr = Trainer(ds, TrainConfig(hidden=(16, 16), activation="relu", lr=2.0, seed=3))
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    for _ in range(200):
        tr.run_epoch()
    snap = tr.snapshot()
    view.update_frame(snap, ds)
    frame = view._frame
    revived = frame.revived_units(2)
    assert revived, "the seed-3 dying-ReLU run has second-layer units that came back"
    assert view.revive_ring.path().elementCount() > 0
    shown = sorted(t.toPlainText() for t in view.revive_labels if t.isVisible())
    assert shown == sorted(f"†{a}↺{b}" for _i, a, b in revived)
    i, a, b = revived[0]
    tip = view.hover_text(2, i)
    assert "came back" in tip and f"dead from epoch {a}" in tip and f"alive again at epoch {b}" in tip
    # First-layer dead units are dead marks only, never revived marks.
    assert frame.revived_units(1) == [] and np.all(snap.revived[0] == -1)
    assert "back at M" in view._legend_html(frame) and theme.colours().revived in view._legend_html(frame)
