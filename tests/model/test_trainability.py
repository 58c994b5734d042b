"""The trainability sweep: deep networks train near the critical line and fail far from it."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.model import depth as D
from act_explorer.model import trainability as T


def test_deep_networks_train_only_near_criticality():
    """tanh, width 64, sigma_b^2 = 0.05 (critical sigma_w^2 = 1.761), 300 SGD steps on moons.

    At depth 64: sigma_w^2 = 0.75 (ordered, 6 xi_c = 12) stays at chance: the input signal
    has been forgotten long before the output.  sigma_w^2 = 8 (chaotic, 6 xi_c = 28) does not
    train either: it reaches 0.47-0.66 over seeds 0-2 (nearby inputs decorrelate, so the last
    layers see something like random features of the training points), against 0.96-1.0 for
    sigma_w^2 = 1.76 (6 xi_c ~ 3e4), next to the critical line.  At depth 4 all three train.
    """
    cfg = T.SweepConfig(sigma_w2=(0.75, 1.76, 8.0), depths=(4, 64), width=64, steps=300, lr=0.01)
    r = T.sweep(cfg)
    six = 6 * r.xi_corr
    assert six[0] < 15 and six[2] < 32 and six[1] > 1000
    ordered, critical, chaotic = r.accuracy[1]
    assert ordered <= r.chance + 0.05
    assert critical >= 0.9
    assert chaotic <= 0.75 and chaotic <= critical - 0.25
    assert (r.accuracy[0] >= 0.85).all()
    assert r.accuracy.shape == (2, 3) and np.isfinite(r.loss).all()


def test_progress_determinism_and_cancel():
    cfg = T.SweepConfig(sigma_w2=(1.0, 2.0), depths=(2, 3), width=8, steps=20, n_points=60)
    seen = []
    a = T.sweep(cfg, progress=seen.append)
    b = T.sweep(cfg)
    np.testing.assert_array_equal(a.accuracy, b.accuracy)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert seen == sorted(seen) and seen[-1] == 1.0 and 0 < seen[0] < 1
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(D.Cancelled):
        T.sweep(cfg, should_stop=stop)


def test_csv_rows_and_columns():
    cfg = T.SweepConfig(sigma_w2=(1.0, 2.0), depths=(2,), width=8, steps=5, n_points=40)
    r = T.sweep(cfg)
    lines = r.to_csv().splitlines()
    assert lines[0] == "depth,sigma_w2,sigma_b2,train_accuracy,train_loss,xi_corr,six_xi_corr"
    assert len(lines) == 3
    d, s, b, acc, loss, xi, six = lines[2].split(",")
    assert (d, float(s), float(b)) == ("2", 2.0, 0.05)
    assert float(acc) == r.accuracy[0, 1] and float(six) == pytest.approx(6 * float(xi))


@pytest.mark.parametrize("kw, msg", [
    (dict(sigma_w2=()), "at least one"), (dict(depths=(0,)), "depth"),
    (dict(lr=0.0), "learning rate"), (dict(sigma_b2=-1.0), "sigma_b"), (dict(width=0), "width"),
])
def test_bad_configs(kw, msg):
    with pytest.raises(T.SweepError, match=msg):
        T.SweepConfig(**kw).validate()


def test_rrelu_trains_with_its_mean_slope():
    """RReLU (found by fuzzing: the sweep used to stop on it) trains deterministically with
    its mean slope (lower + upper) / 2, i.e. exactly like leaky ReLU with that slope."""
    kw = dict(sigma_w2=(1.0, 2.0), depths=(2,), width=8, steps=20, n_points=40)
    r = T.sweep(T.SweepConfig(activation="rrelu", **kw))
    mean = (1 / 8 + 1 / 3) / 2
    leaky = T.sweep(T.SweepConfig(activation="leaky_relu", params={"negative_slope": mean}, **kw))
    np.testing.assert_allclose(r.loss, leaky.loss, rtol=1e-12)
    np.testing.assert_array_equal(r.accuracy, leaky.accuracy)
