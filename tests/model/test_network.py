"""The hand-written MLP: gradients against finite differences, activations, init, grids."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import catalogue
from act_explorer.model.catalogue import ParamError
from act_explorer.model.network import (
    LayerSpec,
    Network,
    NetworkError,
    decision_grid,
    grid_points,
    layer_statistics,
    unit_outputs_grid,
)

# Every activation family, with non-default parameters where that makes the check stronger.
GRAD_CASES = [
    ("sigmoid", {}), ("tanh", {}), ("softsign", {}), ("relu", {}), ("leaky_relu", {"negative_slope": 0.1}),
    ("prelu", {"init": 0.3}), ("rrelu", {}), ("elu", {"alpha": 0.7}), ("celu", {"alpha": 1.5}), ("selu", {}),
    ("relu6", {}), ("gelu", {}), ("gelu_tanh", {}), ("silu", {}), ("swish", {"beta": 1.7}), ("mish", {}),
    ("softplus", {"beta": 2.0}), ("hardtanh", {}), ("hardsigmoid", {}), ("hardswish", {}), ("linear", {}),
    ("step", {}),
]


def test_every_catalogue_function_is_covered():
    builtin = {a.id for a in catalogue.CATALOGUE.values() if a.family != "custom"}
    assert builtin <= {c[0] for c in GRAD_CASES}


def _tiny_net(act_id, params, seed, n_classes=3):
    """A 2-4-3-K net with random weights and biases, and inputs none of whose z sit near a kink."""
    kinks = catalogue.get(act_id).kinks(**params)
    rng = np.random.default_rng(seed)
    for _ in range(200):
        net = Network([LayerSpec(4, act_id, params), LayerSpec(3, act_id, params)], n_classes=n_classes)
        net.params[...] = rng.normal(0.0, 0.9, net.n_params)
        for i, s in enumerate(net.slopes()):
            if s is not None:
                net.params[net._slope_index[i]] = params.get("init", 0.25)
        x = rng.normal(0.0, 1.5, (6, 2))
        y = rng.integers(0, n_classes, 6)
        zs, _, _ = net.forward(x)
        dist = min((np.abs(z - k).min() for z in zs for k in kinks), default=np.inf)
        if dist > 1e-3:
            return net, x, y
    raise AssertionError("could not place the inputs away from the kinks")


def _finite_differences(f, p: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(p)
    p0 = p.copy()
    for i in range(p.size):
        p[...] = p0
        p[i] += eps
        lp = f()
        p[...] = p0
        p[i] -= eps
        lm = f()
        g[i] = (lp - lm) / (2 * eps)
    p[...] = p0
    return g


@pytest.mark.parametrize("act_id, params", GRAD_CASES, ids=[c[0] for c in GRAD_CASES])
def test_gradient_matches_finite_differences(act_id, params):
    net, x, y = _tiny_net(act_id, params, seed=1)
    l2 = 0.03
    loss, grad = net.loss_and_gradient(x, y, l2=l2)
    fd = _finite_differences(lambda: net.loss_and_gradient(x, y, l2=l2)[0], net.params)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-8)
    assert np.abs(grad).max() > 1e-3
    # the fast training step (preallocated buffers, bias folded into the matmul) agrees exactly
    ws = net.workspace(len(x))
    xa = np.column_stack([net.standardize(x), np.ones(len(x))])  # the bias input: a column of ones
    Y = np.eye(net.n_classes)[y]
    fast = net.step_gradient(ws, xa, Y, None).copy() + l2 * net.weight_mask * net.params
    np.testing.assert_allclose(fast, grad, rtol=1e-12, atol=1e-14)


def test_prelu_slope_gradient():
    net, x, y = _tiny_net("prelu", {"init": 0.2}, seed=5)
    layout = {name: sl for name, sl, _ in net.parameter_layout()}
    assert "slope1" in layout and "slope2" in layout
    _, grad = net.loss_and_gradient(x, y)
    fd = _finite_differences(lambda: net.loss_and_gradient(x, y)[0], net.params)
    for name in ("slope1", "slope2"):
        sl = layout[name]
        assert abs(grad[sl][0]) > 1e-6
        np.testing.assert_allclose(grad[sl], fd[sl], rtol=1e-6)


def test_rrelu_training_gradient_with_fixed_noise():
    """In training RReLU draws one slope per element; for fixed draws the gradient is exact."""
    net, x, y = _tiny_net("rrelu", {"lower": 0.1, "upper": 0.6}, seed=2)

    def loss_grad():
        bp = net.backprop(x, y, training=True, rng=np.random.default_rng(7))
        return bp.loss, bp.grad

    loss, grad = loss_grad()
    fd = _finite_differences(lambda: loss_grad()[0], net.params)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-8)
    # the training step draws the same slopes from the same generator
    ws = net.workspace(len(x))
    xa = np.column_stack([net.standardize(x), np.ones(len(x))])
    fast = net.step_gradient(ws, xa, np.eye(3)[y], np.random.default_rng(7))
    np.testing.assert_allclose(fast, grad, rtol=1e-12, atol=1e-14)
    # ... and differs from evaluation mode (mean slope)
    assert not np.allclose(grad, net.loss_and_gradient(x, y)[1])


def test_rrelu_slopes_training_and_eval():
    net = Network([LayerSpec(64, "rrelu", {"lower": 0.1, "upper": 0.3})])
    net.initialize("he", 0)
    x = np.random.default_rng(0).normal(size=(200, 2))
    zs, hs, _ = net.forward(x, training=True, rng=np.random.default_rng(1))
    neg = zs[0] < 0
    slopes = hs[0][neg] / zs[0][neg]
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3
    assert slopes.std() > 0.03  # one draw per element
    np.testing.assert_array_equal(hs[0][~neg], zs[0][~neg])
    zs, hs, _ = net.forward(x)  # evaluation: the mean slope
    np.testing.assert_allclose(hs[0][zs[0] < 0] / zs[0][zs[0] < 0], 0.2)


def test_per_layer_activations_and_mixed_gradient():
    specs = [LayerSpec(5, "relu"), LayerSpec(4, "tanh"), LayerSpec(3, "prelu", {"init": -0.5}),
             LayerSpec(3, "gelu")]
    net = Network(specs, n_classes=2)
    rng = np.random.default_rng(4)
    net.params[...] = rng.normal(0, 0.8, net.n_params)
    x, y = rng.normal(size=(8, 2)), rng.integers(0, 2, 8)
    assert [a.id for a in net.activations] == ["relu", "tanh", "prelu", "gelu"]
    assert net.sizes == (2, 5, 4, 3, 3, 2)
    _, grad = net.loss_and_gradient(x, y)
    fd = _finite_differences(lambda: net.loss_and_gradient(x, y)[0], net.params)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-8)


def test_forward_is_the_documented_formula():
    net = Network([LayerSpec(3, "tanh")], n_classes=2)
    net.initialize("xavier", 3)
    net.b[0][...] = [0.1, -0.2, 0.3]
    net.set_input_scaling([1.0, -1.0], [2.0, 0.5])
    x = np.array([[0.3, 0.7], [-1.0, 2.0]])
    xs = (x - [1.0, -1.0]) / [2.0, 0.5]
    h = np.tanh(xs @ net.W[0] + net.b[0])
    logits = h @ net.W[1] + net.b[1]
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.predict_proba(x), p, rtol=1e-14)
    y = np.array([1, 0])
    assert net.loss(x, y) == pytest.approx(-np.mean(np.log(p[[0, 1], y])), rel=1e-14)


@pytest.mark.parametrize("scheme, var", [
    ("xavier", lambda fi, fo: 2.0 / (fi + fo)),
    ("he", lambda fi, fo: 2.0 / fi),
    ("lecun", lambda fi, fo: 1.0 / fi),
    ("uniform", lambda fi, fo: 1.0 / 12.0),
])
def test_init_presets(scheme, var):
    net = Network([LayerSpec(256, "relu"), LayerSpec(128, "relu")], n_classes=2)
    net.initialize(scheme, 0)
    w = net.W[1]  # 256 x 128
    assert w.var() == pytest.approx(var(256, 128), rel=0.03)
    assert all(np.all(b == 0) for b in net.b)
    if scheme == "uniform":
        assert np.abs(np.concatenate([w.ravel() for w in net.W])).max() <= 0.5


def test_he_init_accounts_for_the_leaky_slope():
    # He et al.: Var(W_l) = 2 / ((1 + a^2) fan_in), a of the activation feeding layer l
    net = Network([LayerSpec(256, "leaky_relu", {"negative_slope": 0.5}), LayerSpec(256, "prelu", {"init": 1.0})])
    net.initialize("he", 1)
    assert net.W[1].var() == pytest.approx(2.0 / (1.25 * 256), rel=0.03)  # fed by leaky, a = 0.5
    assert net.W[2].var() == pytest.approx(2.0 / (2.0 * 256), rel=0.1)  # fed by PReLU, init a = 1
    assert net.slopes() == [None, 1.0]


def test_initialize_is_deterministic():
    a, b = Network([LayerSpec(8), LayerSpec(8)]), Network([LayerSpec(8), LayerSpec(8)])
    a.initialize("he", 42)
    b.initialize("he", 42)
    np.testing.assert_array_equal(a.params, b.params)


@pytest.mark.parametrize("layers, words", [
    ([], "1 to 8 hidden layers"),
    ([LayerSpec(4)] * 9, "1 to 8 hidden layers"),
    ([LayerSpec(257)], "1 to 256 units"),
    ([LayerSpec(0)], "1 to 256 units"),
])
def test_shape_limits(layers, words):
    with pytest.raises(NetworkError, match=words):
        Network(layers)


def test_limits_themselves_are_allowed():
    net = Network([LayerSpec(256)] * 8)
    assert net.n_hidden == 8 and net.hidden_sizes == (256,) * 8
    assert Network([LayerSpec(1)]).n_params == 2 * 1 + 1 + 1 * 2 + 2


def test_bad_activation_parameters():
    with pytest.raises(ParamError):
        Network([LayerSpec(4, "leaky_relu", {"negative_slope": 3.0})])
    with pytest.raises(catalogue.UnknownActivation):
        Network([LayerSpec(4, "relux")])
    with pytest.raises(NetworkError, match="dtype"):
        Network([LayerSpec(4)], dtype="float16")


def test_parameter_views_share_the_flat_vector():
    net = Network([LayerSpec(3, "prelu"), LayerSpec(2)])
    net.params[...] = np.arange(net.n_params)
    names = [n for n, _, _ in net.parameter_layout()]
    assert names == ["W1", "b1", "W2", "b2", "Wout", "bout", "slope1"]
    assert net.W[0].shape == (2, 3) and net.b[0].shape == (3,) and net.W[2].shape == (2, 2)
    assert net.W[0][0, 0] == 0 and net.b[0][0] == 6
    assert net.slopes()[0] == net.n_params - 1
    # L2 applies to weights only
    mask = net.weight_mask
    assert mask.sum() == sum(w.size for w in net.W)


def test_copy_is_independent():
    net = Network([LayerSpec(4)])
    net.initialize("he", 0)
    c = net.copy()
    c.params[0] += 1.0
    c.W[0][0, 1] += 1.0
    assert net.params[0] != c.params[0] and net.W[0][0, 1] != c.W[0][0, 1]
    assert c.W[0].base is c.params or np.shares_memory(c.W[0], c.params)


def test_unit_status_dead_and_saturated():
    x = np.random.default_rng(0).normal(size=(50, 2))
    relu = Network([LayerSpec(3, "relu")])
    relu.initialize("he", 0)
    relu.b[0][1] = -100.0  # z < 0 for every input: dead
    dead, sat = relu.unit_status(x)
    assert dead[0].tolist() == [False, True, False] and not sat[0].any()
    sig = Network([LayerSpec(3, "sigmoid")])
    sig.initialize("he", 0)
    sig.b[0][0] = 30.0  # sigma' ~ 1e-13 everywhere: saturated but not dead
    sig.b[0][2] = -2000.0  # sigma' underflows to exactly 0: dead
    dead, sat = sig.unit_status(x)
    assert dead[0].tolist() == [False, False, True]
    assert sat[0].tolist() == [True, False, False]
    leaky = Network([LayerSpec(3, "leaky_relu")])
    leaky.initialize("he", 0)
    leaky.b[0][...] = -100.0
    dead, sat = leaky.unit_status(x)
    assert not dead[0].any() and not sat[0].any()  # slope 0.01 is exactly 1% of max |f'|


def test_float32_network():
    net64 = Network([LayerSpec(8, "tanh"), LayerSpec(8, "relu")])
    net64.initialize("he", 3)
    net32 = Network([LayerSpec(8, "tanh"), LayerSpec(8, "relu")], dtype="float32")
    net32.set_params(net64.params)
    x = np.random.default_rng(1).normal(size=(20, 2))
    y = np.arange(20) % 2
    assert net32.params.dtype == np.float32
    np.testing.assert_allclose(net32.predict_proba(x), net64.predict_proba(x), atol=1e-5)
    ws = net32.workspace(20)
    xa = np.column_stack([x, np.ones(20)]).astype(np.float32)
    g32 = net32.step_gradient(ws, xa, np.eye(2, dtype=np.float32)[y], None)
    assert g32.dtype == np.float32
    np.testing.assert_allclose(g32, net64.loss_and_gradient(x, y)[1], atol=1e-5)


def test_huge_weights_evaluate_without_warnings():
    net = Network([LayerSpec(4, "relu"), LayerSpec(4, "elu")])
    net.params[...] = 1e200
    x = np.ones((3, 2))
    p = net.predict_proba(x)  # overflowing logits give NaN, never a warning
    assert p.shape == (3, 2)
    assert not np.isfinite(net.loss(x, [0, 1, 0]))


# ---- grids -------------------------------------------------------------------------------

def _y_detector() -> Network:
    """A net whose class-1 logit minus class-0 logit is 2*y (independent of x)."""
    net = Network([LayerSpec(1, "linear")])
    net.W[0][...] = [[0.0], [1.0]]
    net.W[1][...] = [[-1.0, 1.0]]
    return net


def test_grid_points_orientation():
    xs, ys, pts = grid_points((0, 1), (10, 12), 3)
    assert xs.tolist() == [0, 0.5, 1] and ys.tolist() == [10, 11, 12]
    assert pts[1].tolist() == [0.5, 10] and pts[3].tolist() == [0, 11]


def test_decision_grid_probability_and_orientation():
    net = _y_detector()
    g = decision_grid(net, (-1, 1), (-2, 2), n=5)
    assert g.shape == (5, 5) and g.dtype == np.float64
    ys = np.linspace(-2, 2, 5)
    expected = 1.0 / (1.0 + np.exp(-2.0 * ys))
    np.testing.assert_allclose(g, np.repeat(expected[:, None], 5, axis=1), rtol=1e-14)
    cls = decision_grid(net, (-1, 1), (-2, 2), n=5, kind="class")
    assert cls.dtype == np.int64 and cls[0].tolist() == [0] * 5 and cls[-1].tolist() == [1] * 5


def test_decision_grid_multiclass_gives_classes():
    net = Network([LayerSpec(6, "tanh")], n_classes=4)
    net.initialize("he", 0)
    g = decision_grid(net, (-1, 1), (-1, 1), n=7)
    assert g.shape == (7, 7) and g.dtype == np.int64 and set(np.unique(g)) <= {0, 1, 2, 3}
    with pytest.raises(NetworkError):
        decision_grid(net, (-1, 1), (-1, 1), n=7, kind="colour")


def test_unit_outputs_grid_matches_the_forward_pass():
    net = Network([LayerSpec(5, "relu"), LayerSpec(3, "tanh")])
    net.initialize("he", 2)
    net.set_input_scaling([0.5, 0.2], [0.8, 0.5])
    n = 9
    maps = unit_outputs_grid(net, (-1, 2), (-1, 1), n)
    assert [m.shape for m in maps] == [(5, n, n), (3, n, n)]
    _, _, pts = grid_points((-1, 2), (-1, 1), n)
    zs, hs, _ = net.forward(pts)
    for layer in range(2):
        for unit in range(hs[layer].shape[1]):
            np.testing.assert_array_equal(maps[layer][unit].ravel(), hs[layer][:, unit])
    pre = unit_outputs_grid(net, (-1, 2), (-1, 1), n, pre_activation=True)
    np.testing.assert_array_equal(pre[1][2].ravel(), zs[1][:, 2])


def test_layer_statistics():
    net = Network([LayerSpec(6, "relu"), LayerSpec(4, "sigmoid")])
    net.initialize("he", 1)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(300, 2)), rng.integers(0, 2, 300)
    stats = layer_statistics(net, x, y, max_samples=None)
    assert [s.layer for s in stats] == [1, 2] and [s.activation for s in stats] == ["relu", "sigmoid"]
    assert stats[0].z.shape == (300, 6) and stats[1].grad_z.shape == (300, 4)
    assert stats[1].grad_w.shape == (6, 4)
    grad = net.loss_and_gradient(x, y)[1]
    sl = dict((n, s) for n, s, _ in net.parameter_layout())["W2"]
    np.testing.assert_allclose(stats[1].grad_w.ravel(), grad[sl], rtol=1e-12)
    # per-example gradients: their mean, pushed through h1, is the weight gradient
    h0 = stats[0].h
    np.testing.assert_allclose(h0.T @ stats[1].grad_z / 300, stats[1].grad_w, rtol=1e-10, atol=1e-15)
    few = layer_statistics(net, x, y, max_samples=50)
    assert few[0].z.shape == (50, 6)
    np.testing.assert_array_equal(few[0].z, layer_statistics(net, x, y, max_samples=50)[0].z)


def test_describe():
    net = Network([LayerSpec(16, "leaky_relu", {"negative_slope": 0.2}), LayerSpec(8, "relu")])
    text = net.describe()
    assert "2-16-8-2" in text and "leaky_relu(negative_slope=0.2)" in text and "relu" in text
    assert math.isfinite(net.activations[0].max_abs_derivative())
