"""Training: dying ReLUs, accuracy, divergence, determinism, the session object."""

from __future__ import annotations

import math
import threading
import warnings

import numpy as np
import pytest

from act_explorer.model.datasets import make_dataset
from act_explorer.model.network import LayerSpec, Network, decision_grid
from act_explorer.model.training import (
    EpochRecord,
    Optimizer,
    Trainer,
    TrainConfig,
    TrainingError,
    history_arrays,
    history_csv,
    train,
)


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", 500, 0.1, 0.2, seed=0)


def _same_history(a, b) -> None:
    ha, hb = history_arrays(a), history_arrays(b)
    assert ha.keys() == hb.keys()
    for k in ha:
        np.testing.assert_array_equal(ha[k], hb[k], err_msg=k)


# ---- what the training view teaches ------------------------------------------------------

def test_large_learning_rates_kill_relu_units():
    """FACTS.md "Dead and saturated units": MLP 2-16-16-2, He init, SGD batch 32, 200 epochs,
    500 moons points (noise 0.1).  Measured there: 0-2 dead at lr 0.01, 1-7 at 1.0, 7-18 of 32
    at 2.0 over 5 seeds; dying rises with the learning rate."""
    dead = {}
    for lr in (0.01, 1.0, 2.0):
        dead[lr] = []
        for seed in range(5):
            ds = make_dataset("moons", 500, 0.1, 0.2, seed=seed)
            cfg = TrainConfig(hidden=(16, 16), activation="relu", init="he", optimizer="sgd",
                              lr=lr, batch_size=32, seed=seed)
            snap = train(ds, cfg, 200)
            assert snap.divergence is None and snap.epoch == 200
            dead[lr].append(snap.last.dead)
    small, mid, large = (np.mean(dead[lr]) for lr in (0.01, 1.0, 2.0))
    assert max(dead[0.01]) <= 4, dead
    assert large >= 7 and large >= 4 * small, dead
    assert max(dead[2.0]) >= 12, dead
    assert mid >= small, dead


def test_leaky_relu_never_reports_dead_units():
    for seed in range(3):
        ds = make_dataset("moons", 500, 0.1, 0.2, seed=seed)
        snap = train(ds, TrainConfig(activation="leaky_relu", lr=2.0, seed=seed), 100)
        assert snap.divergence is None
        assert all(r.dead == 0 and r.dead_per_layer == (0, 0) for r in snap.history)
        assert all(np.all(d == -1) for d in snap.died_at)


def test_tanh_reaches_95_percent_on_moons(moons):
    snap = train(moons, TrainConfig(activation="tanh", hidden=(16, 16), lr=0.1), 60)
    assert snap.last.test_acc >= 0.95
    assert snap.last.train_acc >= 0.95
    assert snap.history[0].loss > 0.4 > 0.1 > snap.last.loss


@pytest.mark.parametrize("optimizer, lr", [("momentum", 0.05), ("adam", 0.01)])
def test_other_optimizers_learn(moons, optimizer, lr):
    snap = train(moons, TrainConfig(optimizer=optimizer, lr=lr, activation="relu"), 40)
    assert snap.last.test_acc >= 0.95


def test_saturated_units_are_counted_apart_from_dead(moons):
    snap = train(moons, TrainConfig(activation="tanh", init="xavier", lr=5.0), 100)
    assert snap.history[0].saturated == 0
    assert max(r.saturated for r in snap.history) >= 3
    for r in snap.history:
        assert r.saturated == sum(r.saturated_per_layer) and r.dead == sum(r.dead_per_layer)
    assert all(not (d & s).any() for d, s in zip(snap.dead, snap.saturated))


def test_prelu_learns_its_slope(moons):
    snap = train(moons, TrainConfig(activation="prelu", params={"init": 0.25}, lr=0.1), 30)
    assert snap.history[0].slopes == (0.25, 0.25)
    assert all(s != 0.25 for s in snap.last.slopes)
    assert snap.network.slopes() == list(snap.last.slopes)


def test_multiclass_and_per_layer_activations():
    ds = make_dataset("gauss", 300, 0.0, 0.2, seed=1, n_classes=3)
    cfg = TrainConfig(hidden=(8, 8), activation=("relu", "tanh"), params=({}, {}), lr=0.1)
    snap = train(ds, cfg, 30)
    assert snap.network.n_classes == 3
    assert [a.id for a in snap.network.activations] == ["relu", "tanh"]
    assert snap.last.test_acc >= 0.85
    g = decision_grid(snap.network, *ds.bounds(), n=20)
    assert g.shape == (20, 20) and set(np.unique(g)) <= {0, 1, 2}


# ---- divergence ----------------------------------------------------------------------------

def test_divergence_is_caught_and_the_last_good_state_kept(moons):
    cfg = TrainConfig(activation="leaky_relu", lr=10.0, batch_size=400)  # full batch
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy warning may escape
        trainer = Trainer(moons, cfg)
        recs = trainer.run(100)
    dv = trainer.divergence
    assert dv is not None and dv.epoch == 9 and dv.restored_epoch == 8
    assert "epoch 9" in dv.message and "epoch 8" in dv.message
    assert trainer.epoch == 8 and len(recs) == 8 and len(trainer.history) == 9
    assert all(math.isfinite(r.loss) for r in trainer.history)
    assert np.isfinite(trainer.network.params).all()
    # the kept network is exactly the one at the end of epoch 8
    ref = Trainer(moons, cfg)
    ref.run(8)
    np.testing.assert_array_equal(trainer.network.params, ref.network.params)
    assert trainer.network.loss(moons.x_train, moons.y_train) == pytest.approx(trainer.history[-1].loss, rel=1e-12)
    # a diverged trainer does nothing more until reset
    assert trainer.step(10) == [] and trainer.run_epoch() is None and trainer.epoch == 8
    snap = trainer.snapshot()
    assert snap.divergence is dv and snap.epoch == 8
    trainer.reset()
    assert trainer.divergence is None and trainer.epoch == 0


def test_divergence_in_the_first_epoch_restores_the_initial_network(moons):
    cfg = TrainConfig(activation="leaky_relu", lr=10.0, batch_size=32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        snap = train(moons, cfg, 50)
    assert snap.divergence is not None and snap.divergence.epoch == 1
    assert snap.epoch == 0 and len(snap.history) == 1
    np.testing.assert_array_equal(snap.network.params, Trainer(moons, cfg).network.params)


# ---- determinism and the session object ---------------------------------------------------

@pytest.mark.parametrize("act", ["relu", "rrelu", "prelu"])
def test_same_seed_same_history(moons, act):
    cfg = TrainConfig(activation=act, lr=0.3, seed=11, optimizer="adam" if act == "prelu" else "sgd")
    a = train(moons, cfg, 15)
    b = train(moons, cfg, 15)
    _same_history(a.history, b.history)
    np.testing.assert_array_equal(a.network.params, b.network.params)
    c = train(moons, TrainConfig(activation=act, lr=0.3, seed=12), 15)
    assert not np.array_equal(a.network.params, c.network.params)


def test_history_does_not_depend_on_how_steps_are_chunked(moons):
    cfg = TrainConfig(activation="rrelu", lr=0.2, batch_size=50, seed=3)
    whole = Trainer(moons, cfg)
    whole.run(6)
    bits = Trainer(moons, cfg)
    while bits.epoch < 6:
        bits.step(3)  # 8 steps per epoch: chunks cross epoch boundaries
    _same_history(whole.history, bits.history)
    np.testing.assert_array_equal(whole.network.params, bits.network.params)
    assert whole.steps == bits.steps == 6 * 8


def test_big_batches_and_evaluations_run_in_chunks(moons):
    """Memory stays bounded: a full batch is processed as a row-weighted sum of chunk means,
    and evaluation in chunks; the results agree with one pass up to rounding."""
    cfg = TrainConfig(activation="prelu", batch_size=400, lr=0.5)
    whole = Trainer(moons, cfg)
    chunked = Trainer(moons, cfg)
    chunked._chunk = 64  # 400 training rows -> 7 chunks; 100 test rows -> 2
    np.testing.assert_allclose(chunked.history[0].loss, whole.history[0].loss, rtol=1e-13)
    whole.run(5)
    chunked.run(5)
    np.testing.assert_allclose(chunked.network.params, whole.network.params, rtol=1e-10, atol=1e-13)
    a, b = history_arrays(whole.history), history_arrays(chunked.history)
    np.testing.assert_allclose(a["loss"], b["loss"], rtol=1e-10)
    np.testing.assert_allclose(a["test_loss"], b["test_loss"], rtol=1e-10)
    np.testing.assert_array_equal(a["train_acc"], b["train_acc"])
    np.testing.assert_array_equal(a["dead_per_layer"], b["dead_per_layer"])


def test_records_and_steps(moons):
    trainer = Trainer(moons, TrainConfig(batch_size=32))
    assert trainer.batches_per_epoch == 13  # 400 training points
    first = trainer.history[0]
    assert first.epoch == 0 and first.steps == 0
    rec = trainer.run_epoch()
    assert isinstance(rec, EpochRecord) and rec.epoch == 1 and rec.steps == 13
    recs = trainer.step(13 * 2 + 5)
    assert [r.epoch for r in recs] == [2, 3] and trainer.steps == 44
    rec = trainer.run_epoch()  # finishes the epoch in progress
    assert rec.epoch == 4 and trainer.steps == 52
    arrays = history_arrays(trainer.history)
    assert arrays["epoch"].tolist() == [0, 1, 2, 3, 4]
    assert arrays["dead_per_layer"].shape == (5, 2)
    assert np.all((arrays["train_acc"] >= 0) & (arrays["train_acc"] <= 1))


def test_died_at_is_the_start_of_the_current_dead_streak(moons):
    trainer = Trainer(moons, TrainConfig(activation="relu", lr=2.0, seed=0))
    masks = [trainer.snapshot().dead]
    for _ in range(40):
        trainer.run_epoch()
        masks.append(trainer.snapshot().dead)
    died_at = trainer.died_at
    assert sum(int((d >= 0).sum()) for d in died_at) == trainer.history[-1].dead > 0
    for layer, d in enumerate(died_at):
        seq = np.array([m[layer] for m in masks])  # (epochs + 1, units)
        for unit, e in enumerate(d):
            if e < 0:
                assert not seq[-1, unit]
            else:
                assert seq[e:, unit].all()
                assert e == 0 or not seq[e - 1, unit]


def test_callbacks_and_stopping(moons):
    trainer = Trainer(moons, TrainConfig())
    seen, progress = [], []
    recs = trainer.run(5, progress=progress.append, on_epoch=seen.append)
    assert seen == recs and [r.epoch for r in recs] == [1, 2, 3, 4, 5]
    assert progress == [20.0, 40.0, 60.0, 80.0, 100.0]
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return trainer.epoch >= 7

    recs = trainer.run(100, should_stop=stop)
    assert trainer.epoch == 7 and len(recs) == 2 and calls["n"] >= 2


def test_should_stop_inside_a_long_epoch():
    ds = make_dataset("moons", 2000, 0.1, 0.0, seed=0)
    trainer = Trainer(ds, TrainConfig(batch_size=1))
    polls = {"n": 0}

    def stop() -> bool:
        polls["n"] += 1
        return polls["n"] > 2

    assert trainer.run(1, should_stop=stop) == []
    assert trainer.epoch == 0 and trainer.steps == 2 * Trainer.CHUNK
    rec = trainer.run_epoch()  # carries on where it stopped
    assert rec.epoch == 1 and trainer.steps == 2000


def test_snapshots_from_another_thread_are_consistent(moons):
    trainer = Trainer(moons, TrainConfig(lr=0.5))
    done = threading.Event()

    def work():
        trainer.run(60)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    snaps = []
    while not done.is_set() or not snaps:
        snaps.append(trainer.snapshot())
    t.join()
    snaps.append(trainer.snapshot())
    for s in snaps:
        assert len(s.history) == s.epoch + 1 and s.last.epoch == s.epoch
        # the copied network is the one the last record describes
        assert s.network.loss(moons.x_train, moons.y_train) == pytest.approx(s.last.loss, rel=1e-12, abs=1e-15)
        assert sum(int(d.sum()) for d in s.dead) == s.last.dead
    assert snaps[-1].epoch == 60
    snaps[0].network.params[0] += 1.0  # a snapshot is private
    assert trainer.network.params[0] != snaps[0].network.params[0]


def test_reset_from_another_thread_ends_a_run(moons):
    trainer = Trainer(moons, TrainConfig())

    def stop() -> bool:
        if trainer.epoch == 3:
            trainer.reset()  # as a GUI thread would, between two chunks of work
        return False

    recs = trainer.run(50, should_stop=stop)
    assert [r.epoch for r in recs] == [1, 2, 3]
    assert trainer.epoch == 0 and len(trainer.history) == 1


def test_reset_and_live_changes(moons):
    trainer = Trainer(moons, TrainConfig(seed=5))
    start = trainer.network.get_params()
    trainer.run(3)
    trainer.reset()
    assert trainer.epoch == 0 and len(trainer.history) == 1
    np.testing.assert_array_equal(trainer.network.params, start)
    trainer.reset(seed=6)
    assert trainer.config.seed == 6 and not np.array_equal(trainer.network.params, start)
    trainer.reset(TrainConfig(hidden=(4, 4, 4), activation="elu"))
    assert trainer.network.hidden_sizes == (4, 4, 4) and len(trainer.history[0].dead_per_layer) == 3
    trainer.set_learning_rate(0.05)
    assert trainer.config.lr == 0.05 and trainer.optimizer.lr == 0.05
    with pytest.raises(TrainingError):
        trainer.set_learning_rate(11.0)
    trainer.set_l2(0.01)
    assert trainer.optimizer.l2 == 0.01


def test_l2_shrinks_the_weights(moons):
    plain = train(moons, TrainConfig(lr=0.1), 30)
    decayed = train(moons, TrainConfig(lr=0.1, l2=0.05), 30)
    norm = lambda s: sum(float((w ** 2).sum()) for w in s.network.W)  # noqa: E731
    assert norm(decayed) < 0.7 * norm(plain)


def test_no_test_set_gives_nan_test_metrics():
    ds = make_dataset("xor", 200, 0.05, 0.0, seed=0)
    snap = train(ds, TrainConfig(activation="tanh", lr=0.3), 5)
    assert all(math.isnan(r.test_acc) and math.isnan(r.test_loss) for r in snap.history)
    assert "\n1," in history_csv(snap.history[1:])
    assert history_csv(snap.history[1:]).splitlines()[1].split(",")[3] == ""


def test_float32_training(moons):
    snap = train(moons, TrainConfig(dtype="float32", lr=0.1), 40)
    assert snap.network.params.dtype == np.float32
    assert snap.last.test_acc >= 0.95


def test_layer_statistics_from_the_trainer(moons):
    trainer = Trainer(moons, TrainConfig(hidden=(8, 4)))
    stats = trainer.layer_statistics(max_samples=100)
    assert [s.z.shape for s in stats] == [(100, 8), (100, 4)]
    test_stats = trainer.layer_statistics("test", max_samples=None)
    assert test_stats[0].z.shape == (100, 8)


@pytest.mark.parametrize("kwargs, words", [
    (dict(hidden=()), "1 to 8 hidden layers"),
    (dict(hidden=(16,) * 9), "1 to 8 hidden layers"),
    (dict(hidden=(300,)), "1 to 256 units"),
    (dict(lr=0.0), "learning rate"),
    (dict(lr=10.5), "learning rate"),
    (dict(lr=float("nan")), "learning rate"),
    (dict(batch_size=0), "batch size"),
    (dict(l2=-1.0), "L2"),
    (dict(init="glorot"), "unknown init"),
    (dict(optimizer="rmsprop"), "unknown optimizer"),
    (dict(activation=("relu",), hidden=(4, 4)), "1 activations given for 2"),
    (dict(seed=-3), "seed"),
    (dict(dtype="float16"), "dtype"),
])
def test_config_errors(kwargs, words):
    with pytest.raises(TrainingError, match=words):
        TrainConfig(**kwargs).validate()


def test_history_csv_format():
    recs = [EpochRecord(1, 13, 0.5, 0.6, 0.75, 0.7, 3, 1, (1, 2), (0, 1)),
            EpochRecord(2, 26, 0.25, 0.3, 1.0, 0.9, 0, 0, (0, 0), (0, 0))]
    text = history_csv(recs)
    assert text == ("epoch,loss,train_acc,test_acc,dead,saturated,dead_1,dead_2\n"
                    "1,0.5,0.75,0.7,3,1,1,2\n"
                    "2,0.25,1.0,0.9,0,0,0,0\n")


# ---- optimisers against their textbook (PyTorch) formulas ---------------------------------

def _reference(name, p, grads, lr, l2, mask, mu=0.9, b1=0.9, b2=0.999, eps=1e-8):
    p = p.copy()
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        g = g + l2 * mask * p
        if name == "sgd":
            p = p - lr * g
        elif name == "momentum":
            m = g if t == 1 else mu * m + g
            p = p - lr * m
        else:
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            mhat = m / (1 - b1 ** t)
            vhat = v / (1 - b2 ** t)
            p = p - lr * mhat / (np.sqrt(vhat) + eps)
    return p


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_optimizer_updates(name):
    rng = np.random.default_rng(0)
    p0 = rng.normal(size=20)
    mask = (np.arange(20) % 3 != 0).astype(float)
    grads = [rng.normal(size=20) for _ in range(5)]
    opt = Optimizer(name, 0.05, 20, np.float64, mask, l2=0.1)
    p = p0.copy()
    for g in grads:
        opt.step(p, g.copy())
    np.testing.assert_allclose(p, _reference(name, p0, grads, 0.05, 0.1, mask), rtol=1e-12, atol=1e-14)


def test_network_module_is_used_by_the_trainer(moons):
    trainer = Trainer(moons, TrainConfig(hidden=(5,)))
    assert isinstance(trainer.network, Network)
    assert trainer.network.layers == (LayerSpec(5, "relu", {}),)
    # inputs are standardised inside the network from the training data
    np.testing.assert_allclose(trainer.network.input_mean, moons.x_train.mean(axis=0))
    raw = Trainer(moons, TrainConfig(hidden=(5,), standardize=False))
    assert raw.network.input_mean.tolist() == [0.0, 0.0]
