"""The network view's model: layout, links, thumbnails, unit status, hover numbers, histograms
and their history, all from a training snapshot (no Qt)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from act_explorer.model.datasets import make_dataset
from act_explorer.model.network import layer_statistics, unit_outputs_grid
from act_explorer.model.training import Trainer, TrainConfig
from act_explorer.model.unit_view import (
    ALIVE,
    COLLAPSE_ABOVE,
    DEAD,
    DETAIL_N,
    GRID_MARGIN,
    GROUP_KINDS,
    LINK_LEVELS,
    SATURATED,
    THUMB_N,
    HistogramEntry,
    HistogramHistory,
    UnitViewModel,
    build_layout,
    nice_ceiling,
    detail_map,
    robust_edges,
)

DYING = TrainConfig(hidden=(16, 16), activation="relu", lr=2.0, seed=0)


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", 500, 0.1, 0.2, seed=0)


@pytest.fixture(scope="module")
def dying(moons):
    """The dying-ReLU run of FACTS.md (moons, ReLU 16-16, SGD lr 2.0, batch 32): snapshots at
    epochs 0, 5 and 200, and a view model fed every epoch in between."""
    tr = Trainer(moons, DYING)
    model = UnitViewModel()
    snaps = {0: tr.snapshot()}
    model.update(snaps[0], moons)
    for e in range(1, 201):
        tr.run_epoch()
        s = tr.snapshot()
        model.update(s, moons)
        if e in (5, 200):
            snaps[e] = s
    return tr, model, snaps


# ---- status --------------------------------------------------------------------------------

def test_dead_marks_match_the_trainers_dead_units(dying):
    tr, model, snaps = dying
    f = model.frame
    s = snaps[200]
    assert f.epoch == 200
    total = 0
    for l in range(2):
        dead = np.asarray(s.dead[l], bool)
        assert np.array_equal(f.status[l] == DEAD, dead)
        assert np.array_equal(f.died_at[l], s.died_at[l])
        assert np.all(f.died_at[l][dead] >= 0) and np.all(f.died_at[l][~dead] == -1)
        assert f.counts[l] == (16 - s.last.dead_per_layer[l] - s.last.saturated_per_layer[l],
                               s.last.dead_per_layer[l], s.last.saturated_per_layer[l])
        total += int(dead.sum())
    # FACTS.md: 7-18 of 32 ReLU units dead at lr 2.0 after 200 epochs
    assert 7 <= total <= 18


def test_saturated_status_comes_from_the_snapshot(dying, moons):
    _, _, snaps = dying
    s = snaps[5]
    sat = tuple(np.zeros(16, bool) for _ in range(2))
    sat[1][[2, 3]] = True
    dead = tuple(np.asarray(d, bool) & ~m for d, m in zip(s.dead, sat))
    fake = replace(s, saturated=sat, dead=dead)
    f = UnitViewModel().update(fake, moons)
    assert np.flatnonzero(f.status[1] == SATURATED).tolist() == [2, 3]
    assert f.counts[1][2] == 2
    assert f.counts[1][0] + f.counts[1][1] + f.counts[1][2] == 16


# ---- thumbnails ------------------------------------------------------------------------------

def test_thumbnails_are_the_models_unit_outputs(dying, moons):
    _, model, snaps = dying
    f = model.frame
    net = snaps[200].network
    xlim, ylim = moons.bounds(margin=GRID_MARGIN)
    assert (f.xlim, f.ylim, f.grid_n) == (xlim, ylim, THUMB_N)
    expected = unit_outputs_grid(net, xlim, ylim, THUMB_N)
    for l in range(2):
        assert np.array_equal(f.maps[l + 1], expected[l])
        # the drawn strip holds (h - offset) / scale of every unit
        for i in range(16):
            shown = f.thumbnail(l + 1, i) * f.scale[l + 1][i] + f.offset[l + 1][i]
            assert np.allclose(shown, expected[l][i], rtol=1e-12, atol=1e-12)
    # outputs are the class probabilities, inputs the coordinates
    p = net.predict_proba(np.column_stack([np.linspace(*xlim, THUMB_N), np.full(THUMB_N, ylim[0])]))
    assert np.allclose(f.maps[3][:, 0, :], p.T)
    assert np.allclose(f.maps[0][0, 0], np.linspace(*xlim, THUMB_N))


def test_strip_layout_gaps_are_transparent(dying):
    f = dying[1].frame
    img = f.strips[1]
    n, g = f.grid_n, f.gap
    assert img.shape == (16 * (n + g) - g, n)
    assert np.isnan(img[n:n + g]).all()
    assert np.nanmax(np.abs(img)) <= 1.0
    # unit 0 is at the top of the column: the last rows of the (bottom-up) image
    assert np.array_equal(f.thumbnail(1, 0), img[-n:], equal_nan=True)
    x, y, w, h = f.strip_rect(1)
    c = f.layout.columns[1]
    assert np.isclose(y + h, c.top) and np.isclose(y, c.bottom) and np.isclose(w, f.layout.node_size)


def test_detail_map_matches_unit_outputs(dying, moons):
    _, model, snaps = dying
    net = snaps[200].network
    xlim, ylim = moons.bounds(margin=GRID_MARGIN)
    d = detail_map(net, 2, 4, xlim, ylim, DETAIL_N)
    assert np.array_equal(d.values, unit_outputs_grid(net, xlim, ylim, DETAIL_N)[1][4])
    model.select(2, 4)
    assert model.frame.detail.layer == 2 and model.frame.detail.index == 4
    model.select(None)
    assert model.frame.detail is None


# ---- links --------------------------------------------------------------------------------------

def test_links_match_the_weights(dying):
    _, model, snaps = dying
    f = model.frame
    net = snaps[200].network
    links = f.links
    assert len(links) == 2 * 16 + 16 * 16 + 16 * 2
    for p, W in enumerate(net.W):
        m = links.pair == p
        w = W[links.src[m], links.dst[m]]
        assert np.array_equal(links.weight[m], w)
        assert np.array_equal(links.sign[m], np.sign(w))
        assert np.allclose(links.thickness[m], np.abs(w) / np.abs(W).max())
    n_pos = sum(int((W > 0).sum()) for W in net.W)
    n_neg = sum(int((W < 0).sum()) for W in net.W)
    seg = {k: sum(links.groups[(k, lv)][0].size // 2 for lv in range(LINK_LEVELS)) for k in GROUP_KINDS}
    assert seg == {"pos": n_pos, "neg": n_neg, "agg": 0}
    # a link's segment runs from the right edge of its source node to the left edge of its target
    lay = f.layout
    i = int(np.flatnonzero((links.pair == 1) & (links.src == 3) & (links.dst == 7))[0])
    s = lay.node_size
    assert links.x[2 * i] == lay.columns[1].x + s / 2 and links.x[2 * i + 1] == lay.columns[2].x - s / 2
    assert links.y[2 * i] == lay.columns[1].ys[3] and links.y[2 * i + 1] == lay.columns[2].ys[7]


# ---- collapse -------------------------------------------------------------------------------

def test_a_64_unit_layer_collapses_to_a_summary_strip(moons):
    tr = Trainer(moons, TrainConfig(hidden=(64, 8), activation="relu", lr=1.0, seed=1))
    tr.run(10)
    s = tr.snapshot()
    f = UnitViewModel().update(s, moons)
    c = f.layout.columns[1]
    assert c.collapsed and c.size == 64 and c.drawn == 0 and 64 > COLLAPSE_ABOVE
    assert not f.layout.columns[2].collapsed
    assert f.strips[1] is None and f.strips[2] is not None
    alive, dead, sat = f.counts[0]
    assert alive + dead + sat == 64 and dead == int(np.asarray(s.dead[0]).sum())
    # links touching the strip are aggregated: one per drawn node on the other side
    links = f.links
    assert links.aggregated[links.pair == 0].sum() == 2
    assert links.aggregated[links.pair == 1].sum() == 8
    assert not links.aggregated[links.pair == 2].any()
    W = s.network.W[1]
    rms = np.sqrt(np.mean(W * W, axis=0))
    assert np.allclose(links.thickness[links.pair == 1], rms / rms.max())
    assert f.layout.node_at(c.x, 0.0) == (1, -1)
    assert f.hover(1, -1)["counts"] == (alive, dead, sat)
    assert build_layout((2, 32, 2)).columns[1].collapsed is False
    assert build_layout((2, 33, 2)).columns[1].collapsed is True


def test_node_at_finds_nodes_and_gaps():
    lay = build_layout((2, 16, 16, 2), ("relu", "relu"))
    c = lay.columns[2]
    assert lay.node_at(c.x, float(c.ys[5])) == (2, 5)
    assert lay.node_at(c.x + 0.35, float(c.ys[5]) - 0.35) == (2, 5)
    assert lay.node_at(c.x, float(c.ys[5]) - 0.5) is None  # the gap between two nodes
    assert lay.node_at(c.x + 1.0, float(c.ys[5])) is None  # between columns
    x, y, w, h = lay.node_rect(2, 5)
    assert np.isclose(x + w / 2, c.x) and np.isclose(y + h / 2, c.ys[5])


# ---- hover numbers ------------------------------------------------------------------------------

def test_hover_numbers_are_the_models(dying, moons):
    _, model, snaps = dying
    f = model.frame
    net = snaps[200].network
    stats = layer_statistics(net, moons.x_train, moons.y_train)
    for l in range(2):
        z = stats[l].z
        zero = np.mean(net.activations[l].derivative(z) == 0, axis=0)
        for i in range(16):
            info = f.hover(l + 1, i)
            assert info["z_min"] == z[:, i].min() and info["z_max"] == z[:, i].max()
            assert info["zero_grad_share"] == zero[i]
            assert info["died_at"] == int(snaps[200].died_at[l][i])
            assert info["n_samples"] == moons.n_train == info["n_train"]
            assert info["status"] == ("dead" if snaps[200].dead[l][i] else "alive")
            if snaps[200].dead[l][i]:
                # dead: f'(z) = 0 on every training input, so z <= 0 everywhere
                assert info["zero_grad_share"] == 1.0 and info["z_max"] <= 0.0


# ---- histograms ----------------------------------------------------------------------------------

def test_histograms_and_their_history(dying, moons):
    _, model, snaps = dying
    hist = model.history
    assert hist.epochs == list(range(201))  # one entry per epoch, epoch 0 included
    first, last = hist.at(0), hist.at(200)
    stats0 = layer_statistics(snaps[0].network, moons.x_train, moons.y_train)
    for h, st in zip(first.layers, stats0):
        z = st.z.ravel()
        inside = (z >= h.z_edges[0]) & (z <= h.z_edges[-1])
        assert inside.mean() >= 0.98  # edges from robust quantiles
        assert np.isclose(h.z_counts.sum(), 1.0)
        assert h.z_counts.max() <= h.z_top <= 1.5 * h.z_counts.max()
        assert h.g_counts.max() <= h.g_top <= 1.5 * h.g_counts.max()
        g = st.grad_z.ravel()
        assert h.g_zero_share == np.mean(g == 0)
        assert np.isclose(h.g_counts.sum() + h.g_zero_share, 1.0)
    # later epochs differ (units died: more zero gradients)
    assert last.layers[1].g_zero_share > first.layers[1].g_zero_share
    assert last.layers[1].dead == snaps[200].last.dead_per_layer[1]
    # edges stay fixed between epochs unless the data drift out of them
    same = sum(hist.at(e).layers[0].z_edges is hist.at(e - 1).layers[0].z_edges for e in range(1, 201))
    assert same >= 150


def test_history_is_bounded_and_keeps_the_whole_run():
    h = HistogramHistory(capacity=8)
    for e in range(100):
        h.add(HistogramEntry(e, e, ()))
    assert len(h) <= 8
    assert h.epochs[0] == 0 and h.epochs[-1] >= 100 - h.stride
    assert h.epochs == sorted(h.epochs)
    assert not h.add(HistogramEntry(h.epochs[-1], 0, ()))  # one entry per epoch


def test_nice_ceiling():
    assert nice_ceiling(0.13) == pytest.approx(0.15)
    assert nice_ceiling(0.2) == pytest.approx(0.2)
    assert nice_ceiling(0.81) == pytest.approx(1.0)
    assert nice_ceiling(0.0) == 1.0 and nice_ceiling(float("nan")) == 1.0


def test_robust_edges():
    e = robust_edges(np.r_[np.zeros(1000), 1e6], bins=10)  # one outlier does not stretch them
    assert e.size == 11 and e[-1] < 10
    c = robust_edges(np.full(50, 3.0))
    assert c[0] < 3.0 < c[-1]
    n = robust_edges(np.array([np.nan, np.inf]))
    assert np.all(np.isfinite(n))


# ---- frames across time ----------------------------------------------------------------------

def test_unchanged_snapshot_reuses_the_frame_and_a_reset_starts_again(moons):
    tr = Trainer(moons, TrainConfig(hidden=(8, 8), lr=0.1, seed=0))
    model = UnitViewModel()
    f1 = model.update(tr.snapshot(), moons)
    assert model.update(tr.snapshot(), moons) is f1  # a new copy, same state
    tr.step(3)
    f2 = model.update(tr.snapshot(), moons)
    assert f2 is not f1 and f2.layout is f1.layout  # same architecture: same layout
    tr.run(3)
    model.update(tr.snapshot(), moons)
    # the history holds the epochs it was shown (frames may skip some)
    assert model.history.epochs == [0, 3]
    tr.reset()
    f3 = model.update(tr.snapshot(), moons)
    assert f3.epoch == 0 and model.history.epochs == [0]
    tr.reset(seed=5)  # new initial weights, still at step 0: the view starts again too
    f5 = model.update(tr.snapshot(), moons)
    assert f5 is not f3 and model.history.epochs == [0]
    assert model.history.at(0) is f5.histograms
    tr.reset(TrainConfig(hidden=(4, 4, 4), lr=0.1))
    f4 = model.update(tr.snapshot(), moons)
    assert f4.layout is not f1.layout and len(f4.layout.columns) == 5
    assert [c.kind for c in f4.layout.columns] == ["input", "hidden", "hidden", "hidden", "output"]


def test_thumbnail_region_follows_the_given_bounds(moons):
    tr = Trainer(moons, TrainConfig(hidden=(8,), lr=0.1, seed=0))
    model = UnitViewModel(grid_n=10)
    s = tr.snapshot()
    f1 = model.update(s, moons)
    assert (f1.xlim, f1.ylim) == moons.bounds(margin=GRID_MARGIN)
    f2 = model.update(s, moons, ((-3.0, 3.0), (-2.0, 2.0)))
    assert f2 is not f1 and (f2.xlim, f2.ylim) == ((-3.0, 3.0), (-2.0, 2.0))
    assert np.array_equal(f2.maps[1], unit_outputs_grid(s.network, (-3, 3), (-2, 2), 10)[0])
    assert model.history.epochs == [0]  # a new region is not a new epoch
    assert model.update(s, moons, ((-3.0, 3.0), (-2.0, 2.0))) is f2


def test_tanh_network_has_no_zero_gradients(moons):
    tr = Trainer(moons, TrainConfig(hidden=(8,), activation="tanh", lr=0.1, seed=0))
    tr.run(2)
    f = UnitViewModel().update(tr.snapshot(), moons)
    assert (f.status[0] == ALIVE).all()
    assert f.unit_stats[0].zero_grad_share.max() == 0.0
    assert f.histograms.layers[0].g_zero_share == 0.0
