"""Every Fit lesson's claim, checked by training the preset exactly as the view will."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.model import pieces
from act_explorer.model.fit import FitTrainer, predict, view_grid
from act_explorer.model.fit_presets import FIT_PRESETS, get


def _train(key):
    preset = get(key)
    data = preset.data()
    out = {}
    for label, cfg in preset.configs():
        tr = FitTrainer(data, cfg)
        tr.run(preset.epochs)
        snap = tr.snapshot()
        assert snap.divergence is None and snap.epoch == preset.epochs
        out[label] = snap
    return data, out


def _second_differences(net, x):
    y = predict(net, x)
    return y[2:] - 2.0 * y[1:-1] + y[:-2]


def test_every_preset_is_bilingual_and_builds():
    for key, p in FIT_PRESETS.items():
        assert set(p.title) == set(p.text) == {"en", "zh_CN"}, key
        assert all(s.strip() for s in [*p.title.values(), *p.text.values()])
        assert p.texts("fr") == p.texts("en")
        assert p.data().n_train > 0 and p.configs()
    with pytest.raises(KeyError, match="unknown fit preset"):
        get("nope")


def test_relu_polygon_abs():
    data, runs = _train("relu_polygon_abs")
    (snap,) = runs.values()
    net = snap.network
    assert snap.last.loss < 1e-4
    pc = pieces.linear_pieces(net)
    assert pc.bound == 3 and pc.count <= 3
    u = pieces.units(net, data.x_train)
    assert all(abs(k) < 0.05 for ks in u.kinks for k in ks)  # "both bend near x = 0"


def test_relu_polygon_sin():
    data, runs = _train("relu_polygon_sin")
    (snap,) = runs.values()
    pc = pieces.linear_pieces(snap.network)
    assert pc.bound == 9 and pc.count <= 9
    assert snap.last.loss < 2e-3 and snap.last.test_loss < 2e-3  # "follows the curve closely"
    lo, hi = data.bounds[0]
    k = pieces.units(snap.network).all_kinks()
    assert len(k) == 8 and np.all((k > lo) & (k < hi))  # every kink inside the data range


def test_tanh_steps():
    data, runs = _train("tanh_steps")
    (snap,) = runs.values()
    u = pieces.units(snap.network)
    j = int(np.argmax(np.abs(u.v)))
    assert abs(-u.b[j] / u.w[j]) < 0.05  # centred at the jump
    assert abs(u.w[j]) > 5.0  # steep: width 1/|w| under 5% of the data range of 4
    # the other units are less steep than the main one
    assert abs(u.w[j]) == np.max(np.abs(u.w))


def test_extrapolation_relu_straight_tanh_levels_off():
    data, runs = _train("extrapolation")
    relu, tanh = runs["ReLU ×8"].network, runs["tanh ×8"].network
    g = view_grid(data, 801)
    target = data.target_values(g)
    ends = np.r_[0, len(g) - 1]
    err_relu = np.abs(predict(relu, g) - target)[ends]
    err_tanh = np.abs(predict(tanh, g) - target)[ends]
    assert np.all(err_relu < 0.01)  # continues |x| almost perfectly
    assert np.all(err_tanh > 10 * err_relu) and np.max(err_tanh) > 0.2
    # outside the outermost kinks the ReLU fit is exactly straight
    k = pieces.units(relu).all_kinks()
    for side in (g[g < k[0]], g[g > k[-1]]):
        if len(side) >= 3:
            d2 = _second_differences(relu, side)
            assert np.max(np.abs(d2)) < 1e-12
    # tanh levels off: its slope at the view's ends is below its steepest slope in the data
    inside = g[(g >= -1) & (g <= 1)]
    pt = predict(tanh, g)
    h = g[1] - g[0]
    slope_ends = np.abs([pt[1] - pt[0], pt[-1] - pt[-2]]) / h
    slope_in = np.max(np.abs(np.diff(predict(tanh, inside)))) / h
    assert np.all(slope_ends < 0.6 * slope_in)


def test_too_few_units():
    data, runs = _train("too_few_units")
    few, many = runs["tanh ×2"].last, runs["tanh ×16"].last
    assert few.loss > 100 * many.loss


def test_dead_units_waste_capacity():
    data, runs = _train("dead_units")
    hot, calm = runs["lr 0.2"], runs["lr 0.05"]
    assert hot.last.dead >= 4 and hot.last.dead > calm.last.dead  # at least a quarter of 16
    u = pieces.units(hot.network, data.x_train)
    assert u.dead.sum() == hot.last.dead  # the greyed units are the counted ones
    x = data.x_train[:, 0]
    z = np.outer(x, u.w) + u.b
    assert np.all(z[:, u.dead] <= 0)  # wx + b <= 0 for every data point
    assert hot.last.loss > calm.last.loss
    # "stay dead": the count no longer changes over the second half of training
    late = [r.dead for r in hot.history[len(hot.history) // 2:]]
    assert min(late) == max(late) == hot.last.dead


def test_smooth_vs_piecewise():
    data, runs = _train("smooth_vs_piecewise")
    relu, gelu = runs["ReLU ×8"], runs["GELU ×8"]
    pc = pieces.linear_pieces(relu.network)
    assert pc.count <= 9 == pc.bound
    lo, hi = data.bounds[0]
    x = np.linspace(lo, hi, 2001)
    d2_gelu = _second_differences(gelu.network, x)
    assert np.all(d2_gelu > 0)  # curves upwards everywhere in the data range
    d2_relu = _second_differences(relu.network, x)
    h = x[1] - x[0]
    near_kink = np.zeros(len(d2_relu), bool)
    for k in pc.kinks:
        near_kink |= np.abs(x[1:-1] - k) <= 1.01 * h
    assert np.max(np.abs(d2_relu[~near_kink])) < 1e-12  # no curvature between the kinks
    assert gelu.last.loss < relu.last.loss
