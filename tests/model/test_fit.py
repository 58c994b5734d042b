"""Regression fitting: targets and data, the linear head's gradient, the fit trainer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import catalogue, expression
from act_explorer.model.fit import (
    FitConfig,
    FitError,
    FitTrainer,
    fit_history_csv,
    load_xy_csv,
    make_data,
    make_data_2d,
    mse,
    parse_xy_csv,
    predict,
    prediction_grid,
    train_fit,
    view_grid,
)
from act_explorer.model.network import LayerSpec, Network, NetworkError, unit_outputs_grid


# ---- data ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, f", [
    ("sin", np.sin), ("abs", np.abs), ("step", lambda x: (x >= 0).astype(float)),
    ("square", lambda x: x * x), ("cube", lambda x: x * x * x),
    ("saw", lambda x: x - np.floor(x) - 0.5), ("bump", lambda x: np.exp(-2 * x ** 2)),
])
def test_named_targets_sample_their_function(name, f):
    d = make_data(name, points=101, test_fraction=0.2, seed=3)
    assert d.dim == 1 and d.n_train + d.n_test == 101 and d.n_test == 20
    np.testing.assert_array_equal(d.y_train, f(d.x_train[:, 0]))
    np.testing.assert_array_equal(np.sort(d.x[:, 0]), np.linspace(*d.bounds[0], 101))
    assert d.x_train.dtype == np.float64 and not d.x_train.flags.writeable


def test_default_ranges_noise_split_and_seed():
    assert make_data("sin").bounds == ((-math.pi, math.pi),)
    assert make_data("cube").bounds == ((-2.0, 2.0),)
    a = make_data("sin", noise=0.1, seed=1)
    b = make_data("sin", noise=0.1, seed=1)
    c = make_data("sin", noise=0.1, seed=2)
    np.testing.assert_array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.y, c.y)
    resid = a.y_train - np.sin(a.x_train[:, 0])
    assert 0.05 < resid.std() < 0.15
    assert make_data("sin", test_fraction=0).n_test == 0
    lo, hi = make_data("abs", x_range=(-1, 3)).view_range()[0]
    assert (lo, hi) == (-3.0, 5.0)  # 50% of the span beyond each side
    g = view_grid(make_data("abs", x_range=(-1, 1)), 5)
    np.testing.assert_array_equal(g, [-2, -1, 0, 1, 2])


def test_expression_target_and_refusals():
    d = make_data(expr="x^2 - relu(x)", x_range=(-1, 1), points=11, test_fraction=0)
    x = d.x_train[:, 0]
    np.testing.assert_allclose(d.y_train, x ** 2 - np.maximum(x, 0), rtol=0, atol=1e-15)
    assert d.label == "x^2 - relu(x)"
    with pytest.raises(FitError, match="may only use x"):
        make_data(expr="a*x")
    with pytest.raises(expression.ExpressionError):
        make_data(expr="__import__('os')")
    with pytest.raises(FitError, match="not finite at x = 0"):
        make_data(expr="1/x", x_range=(-1, 1), points=5)


@pytest.mark.parametrize("kwargs, match", [
    ({"target": "nope"}, "unknown target 'nope'"),
    ({"points": 3}, "number of points"),
    ({"noise": -1}, "noise"),
    ({"noise": math.nan}, "noise"),
    ({"x_range": (1, 1)}, "A < B"),
    ({"x_range": (0, math.inf)}, "finite"),
    ({"test_fraction": 0.95}, "test fraction"),
    ({"points": 4, "test_fraction": 0.9}, "training point"),
    ({"seed": -1}, "seed"),
])
def test_bad_data_options(kwargs, match):
    with pytest.raises(FitError, match=match):
        make_data(**kwargs)


def test_targets_over_the_plane():
    p = make_data_2d("plane", points=300, seed=1)
    assert p.dim == 2 and p.x_train.shape[1] == 2 and p.n_train + p.n_test == 300
    np.testing.assert_array_equal(p.y_train, 0.5 * (p.x_train[:, 0] + p.x_train[:, 1]))
    assert np.all(np.abs(p.x) <= 2.0)
    g = make_data_2d("multi_gauss", x_range=(-3, 3))
    # hills at (+,+) and (-,-), valleys at (+,-) and (-,+)
    vals = g.target_values(np.array([[1.5, 1.5], [-1.5, -1.5], [1.5, -1.5], [-1.5, 1.5]]))
    assert vals[0] > 0.9 and vals[1] > 0.9 and vals[2] < -0.9 and vals[3] < -0.9
    e = make_data_2d(expr="sin(x1)*x2 + relu(x2 - x1)", points=50, test_fraction=0)
    x1, x2 = e.x_train[:, 0], e.x_train[:, 1]
    np.testing.assert_allclose(e.y_train, np.sin(x1) * x2 + np.maximum(x2 - x1, 0), rtol=1e-15, atol=1e-15)
    for text, match in (("x + x1", "not x"), ("x1 + a", "may only use x1 and x2"),
                        ("leaky_relu(x1, x2)", "must be numbers")):
        with pytest.raises(FitError, match=match):
            make_data_2d(expr=text)
    with pytest.raises(FitError, match="unknown target over the plane"):
        make_data_2d("sin")


def test_xy_csv_reads_and_reports_lines(tmp_path):
    x, y = parse_xy_csv("x,y\n# comment\n\n0,1\n1,2.5\n2, 3\n3,4\n")
    np.testing.assert_array_equal(x, [0, 1, 2, 3])
    np.testing.assert_array_equal(y, [1, 2.5, 3, 4])
    cases = [
        ("0,1\n1,2,3\n", "<data> line 2: expected 2 columns (x,y), found 3"),
        ("x,y\n0,1\n1,abc\n", "<data> line 3: y is not a number: 'abc'"),
        ("0,1\nnan,2\n", "<data> line 2: x is not finite: 'nan'"),
        ("0,1\n1,2\n", "too few rows: 2 data row(s), at least 4"),
        ("1,1\n1,2\n1,3\n1,4\n", "every row has x = 1.0"),
    ]
    for text, msg in cases:
        with pytest.raises(FitError) as exc:
            parse_xy_csv(text)
        assert msg in str(exc.value)
    f = tmp_path / "pts.csv"
    f.write_text("x,y\n3,9\n1,1\n2,4\n0,0\n-1,1\n", encoding="utf-8")
    d = load_xy_csv(f, test_fraction=0.2, seed=0)
    assert d.bounds == ((-1.0, 3.0),) and d.target is None and d.n_train == 4
    np.testing.assert_array_equal(d.y, d.x[:, 0] ** 2)
    with pytest.raises(FitError, match="no such file"):
        load_xy_csv(tmp_path / "missing.csv")
    (tmp_path / "bin.csv").write_bytes(b"0,1\n\xff\xfe,2\n")
    with pytest.raises(FitError, match=r"bin.csv line 2: not UTF-8"):
        load_xy_csv(tmp_path / "bin.csv")


# ---- the linear head -------------------------------------------------------------------------

def test_linear_head_shapes_and_refusals():
    net = Network([LayerSpec(4, "tanh")], n_inputs=1, n_classes=1, head="linear")
    assert net.sizes == (1, 4, 1) and net.head == "linear"
    assert net.copy().head == "linear"
    with pytest.raises(NetworkError, match="2 classes"):
        Network([LayerSpec(4)], n_inputs=1, n_classes=1)
    with pytest.raises(NetworkError, match="unknown output head"):
        Network([LayerSpec(4)], head="sigmoid")


@pytest.mark.parametrize("act, params", [("tanh", {}), ("relu", {}), ("prelu", {"init": 0.2}),
                                         ("gelu", {}), ("elu", {"alpha": 0.7})])
def test_mse_gradient_matches_finite_differences(act, params):
    rng = np.random.default_rng(5)
    net = Network([LayerSpec(5, act, params), LayerSpec(3, act, params)], n_inputs=2, n_classes=2,
                  head="linear")
    net.initialize("he", rng)
    net.b[0][...] = rng.normal(size=5) * 0.3
    x = rng.normal(size=(7, 2))
    Y = rng.normal(size=(7, 2))
    xa = np.ones((7, 3))
    xa[:, :2] = x

    def loss(p):
        n2 = net.copy()
        n2.params[...] = p
        _, _, out = n2.forward(x, standardized=True)
        return float(np.mean((out - Y) ** 2))

    g = net.mse_gradient(net.workspace(7), xa, Y, None).copy()
    p0 = net.params.copy()
    num = np.empty_like(p0)
    h = 1e-6
    for i in range(len(p0)):
        e = np.zeros_like(p0)
        e[i] = h
        num[i] = (loss(p0 + e) - loss(p0 - e)) / (2 * h)
    np.testing.assert_allclose(g, num, rtol=1e-5, atol=1e-8)


# ---- the trainer -----------------------------------------------------------------------------

def test_tanh_16_fits_sin_to_1e3_in_3000_adam_epochs():
    d = make_data("sin", x_range=(-math.pi, math.pi), points=200)
    snap = train_fit(d, FitConfig(hidden=(16,), activation="tanh", optimizer="adam", lr=0.01), 3000)
    assert snap.epoch == 3000 and snap.divergence is None
    assert snap.last.loss < 1e-3
    assert mse(snap.network, d.x_train, d.y_train) == pytest.approx(snap.last.loss, rel=1e-12)
    assert mse(snap.network, d.x_test, d.y_test) == pytest.approx(snap.last.test_loss, rel=1e-12)


def test_history_deterministic_however_split_and_callbacks():
    d = make_data("bump", points=120, noise=0.05, seed=2)
    cfg = FitConfig(hidden=(8, 8), activation="relu", optimizer="momentum", lr=0.02, batch_size=32, seed=4)
    a = FitTrainer(d, cfg)
    progress, seen = [], []
    a.run(12, progress=progress.append, on_epoch=seen.append)
    b = FitTrainer(d, cfg)
    for _ in range(12 * b.batches_per_epoch):
        b.step(1)
    assert [r.epoch for r in a.history] == list(range(13))
    assert a.history == b.history
    np.testing.assert_array_equal(a.network.params, b.network.params)
    assert progress[-1] == 100.0 and len(progress) == 12 and [r.epoch for r in seen] == list(range(1, 13))
    # should_stop ends the run early; the next run continues the same trajectory
    c = FitTrainer(d, cfg)
    c.run(12, should_stop=lambda: c.epoch >= 5)
    assert 5 <= c.epoch < 12
    c.run(12 - c.epoch)
    assert c.history == a.history
    csv = fit_history_csv(a.history[1:])
    lines = csv.splitlines()
    assert lines[0] == "epoch,loss,test_loss,dead" and len(lines) == 13
    e, loss, tl, dead = lines[-1].split(",")
    assert int(e) == 12 and float(loss) == a.history[-1].loss and float(tl) == a.history[-1].test_loss


def test_dead_units_counted_as_the_training_view_counts_them():
    d = make_data("sin", points=200)
    tr = FitTrainer(d, FitConfig(hidden=(16,), activation="relu", optimizer="sgd", lr=0.2))
    tr.run(300)
    snap = tr.snapshot()
    dead, sat = snap.network.unit_status(d.x_train)
    np.testing.assert_array_equal(snap.dead[0], dead[0])
    assert snap.last.dead == int(dead[0].sum()) > 0
    assert snap.last.dead_per_layer == (snap.last.dead,)


def test_inits_optimisers_l2_and_typed_activation():
    d = make_data("square", points=60)
    act = expression.make_activation("x*sigmoid(b*x)", params={"b": 1.5})
    for init in ("he", "xavier", "lecun", "gaussian", "uniform"):
        for opt in ("sgd", "momentum", "adam"):
            cfg = FitConfig(hidden=(6,), activation=act, init=init, optimizer=opt, lr=0.01, l2=1e-3)
            snap = train_fit(d, cfg, 20)
            assert snap.epoch == 20 and np.isfinite(snap.last.loss)
            assert snap.last.loss < snap.history[0].loss
    g = FitTrainer(d, FitConfig(hidden=(400 // 4,), init="gaussian", init_std=0.5))
    w = g.network.W[1]
    assert 0.4 < w.std() < 0.6 and np.all(g.network.b[0] == 0)
    with pytest.raises(FitError, match="1 to 3 hidden layers"):
        FitConfig(hidden=(4,) * 4).validate()
    with pytest.raises(FitError, match="unknown init"):
        FitConfig(init="orthogonal").validate()
    with pytest.raises(FitError, match="learning rate"):
        FitConfig(lr=0).validate()
    with pytest.raises(catalogue.ParamError):
        FitConfig(activation="leaky_relu", params={"negative_slope": -5}).validate()


def test_divergence_restores_last_finite_epoch():
    d = make_data("cube", x_range=(-50, 50), points=50)
    tr = FitTrainer(d, FitConfig(hidden=(16,), activation="relu", optimizer="sgd", lr=10.0))
    tr.run(50)
    assert tr.divergence is not None
    assert tr.epoch == tr.divergence.restored_epoch == len(tr.history) - 1
    assert np.all(np.isfinite(tr.network.params))
    assert "diverged in epoch" in str(tr.divergence)
    before = tr.epoch
    tr.step(5)
    assert tr.epoch == before


def test_two_input_fit_heatmap_and_unit_maps():
    d = make_data_2d("plane", points=200)
    snap = train_fit(d, FitConfig(hidden=(8,), activation="tanh", lr=0.02), 500)
    assert snap.last.loss < 1e-3
    hm = prediction_grid(snap.network, (-2, 2), (-2, 2), 21)
    assert hm.shape == (21, 21)
    xs = np.linspace(-2, 2, 21)
    assert hm[20, 0] == pytest.approx(predict(snap.network, np.array([[xs[0], xs[20]]]))[0], rel=1e-12)
    plane = 0.5 * (xs[None, :] + xs[:, None])
    np.testing.assert_allclose(hm[2:-2, 2:-2], plane[2:-2, 2:-2], atol=0.1)  # the corners hold few points
    maps = unit_outputs_grid(snap.network, (-2, 2), (-2, 2), 9)
    assert len(maps) == 1 and maps[0].shape == (8, 9, 9)
    with pytest.raises(FitError, match="2 inputs"):
        prediction_grid(train_fit(make_data("sin", points=20), FitConfig(hidden=(2,)), 1).network,
                        (0, 1), (0, 1))


@pytest.mark.parametrize("act", ["tanh", "relu", "prelu", "gelu", "rrelu"])
def test_full_batch_reuses_the_evaluation_forward_pass_bit_for_bit(act):
    d = make_data("saw", points=90, noise=0.1, seed=5, test_fraction=0.5)  # test set as large as training
    cfg = FitConfig(hidden=(6, 5), activation=act, optimizer="adam", lr=0.01)
    a = FitTrainer(d, cfg)
    a.run(40)
    b = FitTrainer(d, cfg)
    for _ in range(40):
        b._forward_ready = False  # force a forward pass of its own in every step
        b.step(1)
    np.testing.assert_array_equal(a.network.params, b.network.params)
    assert a.history == b.history
