"""A one-hidden-layer fit as a sum of units: contributions, kinks, linear pieces, dead units."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.model import pieces
from act_explorer.model.fit import FitConfig, FitError, FitTrainer, make_data, predict, view_grid


def _trained(act="relu", H=8, target="sin", epochs=400, params=None, **kw):
    d = make_data(target, points=150, noise=0.05, seed=1)
    tr = FitTrainer(d, FitConfig(hidden=(H,), activation=act, params=params or {}, lr=0.02, **kw))
    tr.run(epochs)
    return d, tr.snapshot().network


@pytest.mark.parametrize("act", ["relu", "tanh", "gelu", "silu", "leaky_relu", "hardtanh", "elu"])
def test_contributions_add_up_to_prediction_minus_output_bias(act):
    d, net = _trained(act)
    g = view_grid(d, 1001)
    pred, parts, c = pieces.contributions(net, g)
    assert parts.shape == (1001, 8) and c == float(net.b[1][0])
    np.testing.assert_array_equal(pred, predict(net, g))
    err = np.abs(parts.sum(axis=1) + c - pred)
    scale = np.abs(parts).sum(axis=1) + abs(c)
    assert np.all(err <= 8 * np.finfo(float).eps * scale)  # equal up to float64 rounding
    # each column is v_j * phi(w_j x + b_j) with the raw-coordinate weights
    u = pieces.units(net)
    f, _ = net.activations[0].entry.bind(**net.activations[0].params)
    expect = f(np.outer(g, u.w) + u.b) * u.v
    np.testing.assert_allclose(parts, expect, rtol=1e-9, atol=1e-12)


def test_relu_kinks_are_minus_b_over_w_in_raw_coordinates():
    d, net = _trained("relu", epochs=50)
    u = pieces.units(net)
    assert u.piecewise_linear and all(len(k) == 1 for k in u.kinks)
    np.testing.assert_allclose([k[0] for k in u.kinks], -u.b / u.w, rtol=1e-15)
    # z = 0 there, in the network's own (standardised) arithmetic too
    zs, _, _ = net.forward(np.array([k[0] for k in u.kinks])[:, None])
    assert np.max(np.abs(np.diag(zs[0]))) < 1e-12
    # hardtanh bends twice per unit, at z = -1 and z = 1
    _, net2 = _trained("hardtanh", epochs=20)
    u2 = pieces.units(net2)
    for (a, b), w, bb in zip(u2.kinks, u2.w, u2.b):
        np.testing.assert_allclose(sorted([(-1 - bb) / w, (1 - bb) / w]), [a, b])
    assert pieces.units(_trained("gelu", epochs=5)[1]).kinks == ((),) * 8


@pytest.mark.parametrize("H, seed, epochs", [(1, 0, 0), (3, 1, 200), (8, 2, 500), (16, 3, 1000), (32, 4, 300)])
def test_relu_one_layer_has_at_most_H_kinks_and_is_linear_outside_them(H, seed, epochs):
    d, net = _trained("relu", H=H, epochs=epochs, seed=seed)
    pc = pieces.linear_pieces(net)
    assert pc.bound == H + 1 and 1 <= pc.count <= H + 1 and len(pc.kinks) == pc.count - 1 <= H
    lo, hi = d.view_range()[0]
    x = np.linspace(lo - 10, hi + 10, 20001)
    y = predict(net, x)
    h = x[1] - x[0]
    d2 = (y[2:] - 2 * y[1:-1] + y[:-2]) / h
    near = np.zeros(len(d2), bool)
    for k in pc.kinks:
        near |= np.abs(x[1:-1] - k) <= 1.01 * h
    tol = 1e-9 * (1 + np.max(np.abs(pc.slopes)))
    assert np.all(np.abs(d2[~near]) <= tol)  # linear between and outside the kinks
    for k in pc.kinks:  # and a real change of slope at each counted kink
        i = np.argmin(np.abs(x - k))
        left = (y[i - 3] - y[i - 5]) / (2 * h)
        right = (y[i + 5] - y[i + 3]) / (2 * h)
        assert abs(right - left) > tol
    # the slopes of the pieces are the fit's slopes
    mids = np.concatenate([[x[0]], (pc.kinks[:-1] + pc.kinks[1:]) / 2, [x[-1]]]) if len(pc.kinks) else [0.0]
    for m, s in zip(mids, pc.slopes):
        e = 1e-4
        num = (predict(net, np.array([m + e]))[0] - predict(net, np.array([m - e]))[0]) / (2 * e)
        assert num == pytest.approx(s, rel=1e-6, abs=1e-9)


def test_merged_kinks_and_unused_units_do_not_count():
    d, net = _trained("relu", H=4, epochs=0)
    W, b, v = net.W[0], net.b[0], net.W[1]
    W[0, :] = [1.0, 1.0, 2.0, -1.0]
    b[:] = [0.0, 0.0, 0.0, 0.5]
    v[:, 0] = [1.0, -1.0, 0.0, 1.0]  # units 1 and 2 cancel; unit 3 has no output weight
    net.set_input_scaling([0.0], [1.0])
    pc = pieces.linear_pieces(net)
    assert pc.count == 2 and pc.kinks.tolist() == [0.5] and pc.slopes.tolist() == [-1.0, 0.0]
    assert pc.count_in(-1, 0) == 1 and pc.count_in(0, 1) == 2


def test_leaky_and_prelu_pieces_and_smooth_refused():
    for act, params in (("leaky_relu", {"negative_slope": 0.1}), ("prelu", {"init": 0.3}), ("relu6", {})):
        _, net = _trained(act, H=6, params=params, epochs=100)
        pc = pieces.linear_pieces(net)
        per_unit = 2 if act == "relu6" else 1
        assert pc.bound == per_unit * 6 + 1 and pc.count <= pc.bound
    with pytest.raises(FitError, match="not piecewise linear"):
        pieces.linear_pieces(_trained("tanh", epochs=1)[1])
    d = make_data("sin", points=40)
    deep = FitTrainer(d, FitConfig(hidden=(4, 4), activation="relu")).network
    with pytest.raises(FitError, match="one hidden layer"):
        pieces.units(deep)


def test_dead_units_flagged_as_the_training_view_counts_them():
    d = make_data("sin", points=200)
    tr = FitTrainer(d, FitConfig(hidden=(16,), activation="relu", optimizer="sgd", lr=0.2))
    tr.run(300)
    snap = tr.snapshot()
    u = pieces.units(snap.network, d.x_train)
    np.testing.assert_array_equal(u.dead, snap.dead[0])
    assert u.dead.sum() == snap.last.dead > 0
    # a dead ReLU unit is flat over the training data: its contribution is constant there
    _, parts, _ = pieces.contributions(snap.network, d.x_train[:, 0])
    assert np.all(parts[:, u.dead] == 0.0)
    assert np.all(parts[:, ~u.dead].std(axis=0) > 0)


def test_kinks_that_coincide_up_to_rounding_are_one_kink():
    """At initialisation every bias is 0, so every unit's kink is the training inputs' mean,
    computed per unit as mean - std * b / w: equal up to rounding.  The fit then bends once."""
    d, net = _trained("relu", H=16, epochs=0)
    net.b[0][:] = 0.0
    u = pieces.units(net)
    ks = np.array([k[0] for k in u.kinks])
    assert np.ptp(ks) < 1e-12
    pc = pieces.linear_pieces(net)
    assert pc.count <= 2 and len(pc.kinks) == pc.count - 1
    # the fit really is linear on each side of that one kink
    x = np.linspace(ks.min() - 3, ks.max() + 3, 401)
    y = predict(net, x)
    for side in (x < ks.min() - 1e-9, x > ks.max() + 1e-9):
        xs, ys = x[side], y[side]
        np.testing.assert_allclose(np.diff(ys) / np.diff(xs), (ys[-1] - ys[0]) / (xs[-1] - xs[0]), rtol=1e-9, atol=1e-12)
