"""Dead ReLU units: a first-layer unit stays dead, a deeper one can come back (the trainer
records it and the unit view exposes it)."""

from __future__ import annotations

import csv

import numpy as np

from act_explorer.cli import main
from act_explorer.model.datasets import make_dataset
from act_explorer.model.training import Trainer, TrainConfig
from act_explorer.model.training_state import DEFAULTS
from act_explorer.model.unit_view import UnitViewModel


def test_cli_run_shows_second_layer_units_reviving(tmp_path, capsys):
    out = tmp_path / "run.csv"
    assert main(["train", "relu", "--lr", "2", "--seed", "3", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    d1 = [int(r["dead_1"]) for r in rows]
    d2 = [int(r["dead_2"]) for r in rows]
    assert all(b >= a for a, b in zip(d1, d1[1:]))           # layer 1: the dead stay dead
    assert d2[0] == 11 and d2[-1] == 5                         # layer 2: six came back


def test_trainer_records_revivals_only_past_the_first_layer():
    ds = make_dataset("moons", DEFAULTS["points"], DEFAULTS["noise"], DEFAULTS["test_fraction"], seed=3)
    tr = Trainer(ds, TrainConfig(hidden=(16, 16), activation="relu", lr=2.0, seed=3))
    dead_first: dict[int, np.ndarray] = {}
    for _ in range(200):
        tr.run_epoch()
        snap = tr.snapshot()
        w, b = snap.network.W[0], snap.network.b[0]
        for i in np.flatnonzero(snap.dead[0]):
            col = np.concatenate([w[:, i], [b[i]]])
            if i in dead_first:      # plain SGD: a dead first-layer unit gets no update at all
                np.testing.assert_array_equal(col, dead_first[i])
            dead_first[i] = col
    snap = tr.snapshot()
    first, second = snap.revived
    assert (first == -1).all()
    back = np.flatnonzero(second[:, 1] >= 0)
    assert back.size >= 6
    assert (second[back, 0] < second[back, 1]).all()          # died before it came back
    # The unit view hands them to the network view.
    frame = UnitViewModel().update(snap, ds)
    revived = frame.revived_units(2)
    assert {i for i, _a, _b in revived} == {int(i) for i in back if not snap.dead[1][i]}
    i, a, b = revived[0]
    info = frame.hover(2, i)
    assert info["revived"] == (a, b) and info["status"] != "dead"
    assert frame.revived_units(1) == []
