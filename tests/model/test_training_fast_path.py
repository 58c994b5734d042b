"""The training fast paths report exactly what a straightforward evaluation reports.

Full-batch training takes each epoch's evaluation (loss, accuracy, dead and saturated units)
from the forward pass of the next step, and a run limits BLAS threads once instead of every
step.  These tests train with the fast paths and compare every epoch's record with (a) the same
trainer with the fusion switched off - bit for bit - and (b) an evaluation written the plain
way with the Network's allocating API on a copy of the network after every epoch.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import blas
from act_explorer.model.datasets import make_dataset
from act_explorer.model.training import Trainer, TrainConfig, blas_limit_depth, blas_threads, train
from act_explorer.model.training_session import train_runs


def _data(points=512, test_fraction=0.0, name="xor"):
    return make_dataset(name, points, 0.1, test_fraction, seed=0)


def _records(ds, cfg, epochs, fuse, monkeypatch, *, with_networks=False):
    monkeypatch.setattr(Trainer, "FUSE_EVALUATION", fuse)
    t = Trainer(ds, cfg)
    assert t._fused == (fuse and cfg.batch_size >= ds.n_train
                        and not any(a.kind == "rrelu" for a in t.network.activations))
    nets = [t.network.copy()]

    def keep(_rec):
        nets.append(t.network.copy())

    t.run(epochs, on_epoch=keep if with_networks else None)
    return t, nets


def _as_tuples(history):
    return [(r.epoch, r.steps, r.loss, r.test_loss, r.train_acc, r.test_acc, r.dead_per_layer,
             r.saturated_per_layer, r.slopes) for r in history]


def _same(a, b):
    """Equal, with NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


CONFIGS = [
    dict(activation="relu", lr=0.1),                      # the benchmark's job
    dict(activation="relu", lr=2.0),                      # units die along the way
    dict(activation="tanh", lr=0.5, optimizer="momentum"),
    dict(activation="sigmoid", lr=0.5),                   # saturated units
    dict(activation="prelu", lr=0.1, optimizer="adam", l2=1e-3),
    dict(activation=("gelu", "relu6", "leaky_relu"), lr=0.3),
    dict(activation="relu", lr=0.1, dtype="float32"),
]


@pytest.mark.parametrize("kw", CONFIGS)
@pytest.mark.parametrize("test_fraction", [0.0, 0.25])
def test_full_batch_history_is_bit_identical_to_separate_evaluation(kw, test_fraction, monkeypatch):
    ds = _data(400, test_fraction)
    cfg = TrainConfig(hidden=(32, 32, 32), batch_size=ds.n_train, seed=3, **kw)
    fast, _ = _records(ds, cfg, 60, True, monkeypatch)
    ref, _ = _records(ds, cfg, 60, False, monkeypatch)
    assert fast._fused and not ref._fused
    a, b = _as_tuples(fast.history), _as_tuples(ref.history)
    assert len(a) == len(b) and (len(a) == 61 or fast.divergence is not None)
    assert fast.divergence == ref.divergence
    for ra, rb in zip(a, b):
        assert _same(ra, rb), (ra, rb)
    assert np.array_equal(fast.network.params, ref.network.params)
    for x, y in zip(fast.died_at, ref.died_at):
        assert np.array_equal(x, y)


def _reference_record(net, ds):
    """Loss, accuracy, dead and saturated per layer, evaluated the plain way."""
    loss = net.loss(ds.x_train, ds.y_train)
    acc = net.accuracy(ds.x_train, ds.y_train)
    dead, sat = net.unit_status(ds.x_train)
    return (loss, acc, tuple(int(d.sum()) for d in dead), tuple(int(s.sum()) for s in sat))


@pytest.mark.parametrize("points,batch", [(512, 512), (400, 32)])
@pytest.mark.parametrize("act,lr", [("relu", 0.1), ("relu", 0.8), ("tanh", 0.3)])
def test_every_epoch_matches_a_straightforward_evaluation(points, batch, act, lr, monkeypatch):
    ds = _data(points)
    cfg = TrainConfig(hidden=(32, 32, 32), activation=act, lr=lr, batch_size=batch, seed=1)
    t, nets = _records(ds, cfg, 40, True, monkeypatch, with_networks=True)
    assert t._fused == (batch >= points)
    assert len(nets) == len(t.history) == 41, t.divergence
    dead_seen = 0
    for rec, net in zip(t.history, nets):
        loss, acc, dead, sat = _reference_record(net, ds)
        assert rec.loss == pytest.approx(loss, rel=1e-12, abs=1e-14)
        assert rec.train_acc == acc
        assert rec.dead_per_layer == dead
        assert rec.saturated_per_layer == sat
        assert rec.dead == sum(dead) and rec.saturated == sum(sat)
        dead_seen += rec.dead
    if lr > 0.5:
        assert dead_seen > 0  # the comparison covered dying units, not only zeros


def test_divergence_with_the_fused_path_restores_and_reports_like_the_reference(monkeypatch):
    ds = _data(400)
    cfg = TrainConfig(hidden=(32, 32, 32), activation="relu", lr=2.0, batch_size=400, seed=3)
    fast, _ = _records(ds, cfg, 60, True, monkeypatch)
    ref, _ = _records(ds, cfg, 60, False, monkeypatch)
    assert fast.divergence is not None and fast.divergence == ref.divergence
    assert fast.epoch == ref.epoch == fast.divergence.restored_epoch
    assert np.array_equal(fast.network.params, ref.network.params)
    assert np.isfinite(fast.network.params).all()
    # The restored weights are not the ones whose forward pass is in the workspace: the next
    # step must compute its own.
    assert not fast._forward_ready


def test_a_run_limits_blas_threads_once(monkeypatch):
    """Entering threadpoolctl's limit costs ~0.1 ms: a run enters it once, not every step."""
    with blas_threads(1):  # creates the controller
        pass
    ctl = blas._controller
    if not ctl:
        pytest.skip("threadpoolctl is not available")
    calls = []
    real = ctl.limit

    def counting(*a, **k):
        calls.append(k)
        return real(*a, **k)

    monkeypatch.setattr(ctl, "limit", counting)
    ds = _data(256)
    t = Trainer(ds, TrainConfig(hidden=(8, 8), batch_size=256))
    calls.clear()
    t.run(30)
    assert len(calls) == 1
    other = Trainer(ds, TrainConfig(hidden=(8, 8), batch_size=32))
    calls.clear()
    train_runs([t, other], 40)
    assert len(calls) == 1
    calls.clear()
    snap = train(ds, TrainConfig(hidden=(8,), batch_size=64), epochs=5)
    assert snap.epoch == 5
    assert len(calls) == 2  # one for the initial evaluation, one for the run
    assert blas_limit_depth() == 0


def test_nested_blas_limits_hold_until_the_outermost_ends():
    from threadpoolctl import threadpool_info

    def blas_threads_now():
        return [i["num_threads"] for i in threadpool_info() if i.get("user_api") == "blas"]

    before = blas_threads_now()
    with blas_threads(1):
        assert blas_limit_depth() == 1
        with blas_threads(1):
            assert blas_limit_depth() == 2
            assert all(n == 1 for n in blas_threads_now())
        assert blas_limit_depth() == 1
        assert all(n == 1 for n in blas_threads_now())
    assert blas_limit_depth() == 0
    assert blas_threads_now() == before
