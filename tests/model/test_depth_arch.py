"""Residual, residual + LayerNorm and BatchNorm networks, orthogonal weights: settings,
hand-written backward passes (finite differences), mean-field theory against the simulation,
and the reference figures at width 256, batch 256, 50 layers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import depth as D
from act_explorer.model.depth.architectures import norm_backward, norm_forward
from act_explorer.model.depth.meanfield_arch import BN_RELU_CHI
from act_explorer.model.depth.readouts_arch import per_layer_rate
from act_explorer.model.depth.weights import weight_source


def _cfg(act="relu", arch="residual", **kw):
    base = dict(depth=50, width=256, batch=256, init="custom", sigma_w=math.sqrt(2.0), seed=0)
    base.update(kw)
    return D.DepthConfig(act, arch=arch, **base)


# ---- settings ------------------------------------------------------------------------------

@pytest.mark.parametrize("kw, words", [
    (dict(arch="batchnorm", batch=1), "batch of at least 2"),
    (dict(arch="residual", branch_scale=0.0), "greater than 0"),
    (dict(arch="residual", branch_scale=1.5), "at most 1"),
    (dict(arch="residual", branch_scale=-0.1), "greater than 0"),
    (dict(arch="residual", branch_scale="half"), "1/sqrtL"),
    (dict(arch="plain", branch_scale=0.5), "only applies to the residual"),
    (dict(arch="batchnorm", branch_scale="1/sqrtL"), "only applies to the residual"),
    (dict(arch="residual-ln", width=1), "width of at least 2"),
    (dict(arch="dense"), "unknown architecture"),
    (dict(weights="uniform"), "unknown weight distribution"),
])
def test_bad_combinations_are_refused_with_one_sentence(kw, words):
    base = dict(depth=5, width=8, batch=4)
    base.update(kw)
    with pytest.raises(D.DepthError) as err:
        D.DepthConfig("relu", **base)
    msg = str(err.value)
    assert words in msg and "\n" not in msg


def test_branch_scale_spellings_and_alpha():
    for text in ("1/sqrtL", "1/√L", "1/sqrt(L)", " 1/SQRTL "):
        cfg = D.DepthConfig("relu", depth=49, width=8, batch=4, arch="residual", branch_scale=text)
        assert cfg.branch_scale == "1/sqrtL" and cfg.alpha == pytest.approx(1 / 7)
    cfg = D.DepthConfig("relu", depth=9, width=8, batch=4, arch="residual", branch_scale="0.25")
    assert cfg.alpha == 0.25 and "α = 0.25" in cfg.arch_label


def test_state_fields_refusals_and_configs():
    st = D.DepthState()
    assert (st.arch, st.branch_scale, st.weights) == ("plain", 1.0, "gaussian")
    st.update(batch=1)
    with pytest.raises(D.DepthError, match="batch of at least 2"):
        st.update(arch="batchnorm")
    assert st.arch == "plain"
    st.update(batch=64, arch="batchnorm", weights="orthogonal")
    with pytest.raises(D.DepthError):
        st.update(batch=1)
    with pytest.raises(D.DepthError):
        st.update(branch_scale=2)
    # The branch scale is kept for the residual architectures and not used by the others.
    st.update(branch_scale=0.5)
    assert st.config("relu").branch_scale == 1.0 and st.config("relu").weights == "orthogonal"
    st.update(arch="residual")
    assert st.config("relu").alpha == 0.5 and st.config("relu").depth == D.state.MAX_VIEW_DEPTH
    # alpha = 1/sqrt(L): the network depends on the depth shown, so a depth change re-runs.
    seen = []
    st.settings_changed.connect(lambda: seen.append("settings"))
    st.update(depth=40)
    assert seen == []
    st.update(branch_scale="1/sqrtL")
    seen.clear()
    st.update(depth=25)
    assert seen == ["settings"]
    cfg = st.config("relu")
    assert cfg.depth == 25 and cfg.alpha == pytest.approx(0.2)
    assert "residual" in st.export_name(["relu"]) and "orthogonal" in st.export_name(["relu"])


def test_old_sessions_without_the_new_fields_still_open():
    st = D.DepthState.from_dict({"depth": 12, "width": 64, "batch": 32, "init": "he",
                                 "sigma_w": None, "sigma_b": 0.0, "seed": 3, "inits": {}})
    assert st.arch == "plain" and st.weights == "gaussian" and st.depth == 12
    data = D.DepthState(arch="residual-ln", branch_scale="1/sqrtL").to_dict()
    back = D.DepthState.from_dict(data)
    assert (back.arch, back.branch_scale) == ("residual-ln", "1/sqrtL")


# ---- the hand-written backward passes -------------------------------------------------------

@pytest.mark.parametrize("axis", [0, 1])
def test_norm_backward_matches_finite_differences(axis):
    rng = np.random.default_rng(3)
    z = rng.standard_normal((5, 7)) * 0.01 + rng.standard_normal((1, 7)) * 0.003  # eps matters
    g = rng.standard_normal((5, 7))
    y, s = norm_forward(z, axis, 1e-5)
    assert y.dtype == np.float64
    analytic = norm_backward(g, y, s, axis)
    h = 1e-7
    num = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        num[idx] = (np.sum(g * norm_forward(zp, axis, 1e-5)[0])
                    - np.sum(g * norm_forward(zm, axis, 1e-5)[0])) / (2 * h)
    assert np.allclose(analytic, num, rtol=1e-5, atol=1e-6 * np.abs(num).max())


def _reference_forward(cfg, inject_layer=None, inject=None):
    """float64 forward of ``cfg``'s network, adding ``inject`` to z at ``inject_layer``;
    returns loss = sum(g * output) with the run's top gradient g."""
    W, B, L = cfg.width, cfg.batch, cfg.depth
    src = weight_source(cfg.weights)
    c = math.sqrt(cfg.sigma_w2 / W)
    x = D.input_batch(cfg.seed, B, W).astype(np.float64)
    phi = {"relu": lambda v: np.maximum(v, 0.0), "tanh": np.tanh}[cfg.act_id]
    a = cfg.alpha
    z = None
    h = x
    for l in range(1, L + 1):
        m, b = src.layer(cfg.seed, W, l)
        m, b = m.astype(np.float64), b.astype(np.float64)
        if cfg.arch == "batchnorm":
            z = c * h @ m.T + cfg.sigma_b * b
        elif l == 1:
            z = c * x @ m.T + cfg.sigma_b * b
        else:
            branch_in = z if cfg.arch == "residual" else norm_forward(z, 1, D.config.NORM_EPS)[0]
            z = z + a * (c * phi(branch_in) @ m.T + cfg.sigma_b * b)
        if l == inject_layer:
            z = z + inject
        if cfg.arch == "batchnorm":
            h = phi(norm_forward(z, 0, D.config.NORM_EPS)[0])
    g = D.top_gradient(cfg.seed, B, W, L).astype(np.float64)
    return float(np.sum(g * (h if cfg.arch == "batchnorm" else z)))


@pytest.mark.parametrize("arch, act, weights", [
    ("residual", "relu", "gaussian"), ("residual", "tanh", "orthogonal"),
    ("residual-ln", "tanh", "gaussian"), ("residual-ln", "relu", "orthogonal"),
    ("batchnorm", "tanh", "gaussian"), ("batchnorm", "relu", "orthogonal"),
])
def test_simulated_gradients_match_finite_differences_of_the_network(arch, act, weights):
    """The per-layer gradient RMS of the simulation (float32, hand-written backward) against
    central differences of a float64 forward pass of the same network."""
    cfg = D.DepthConfig(act, depth=4, width=6, batch=5, init="custom", sigma_w=1.3,
                        sigma_b=0.2, seed=11, arch=arch, branch_scale=0.7 if arch != "batchnorm"
                        else 1.0, weights=weights)
    sim = D.simulate(cfg).view(4)
    h = 1e-6
    rms = []
    for l in range(1, 5):
        grad = np.zeros((5, 6))
        for idx in np.ndindex(grad.shape):
            e = np.zeros((5, 6))
            e[idx] = h
            grad[idx] = (_reference_forward(cfg, l, e) - _reference_forward(cfg, l, -e)) / (2 * h)
        rms.append(math.sqrt(np.mean(grad ** 2)))
    expected = np.array(rms) / rms[-1]
    assert np.allclose(sim.grad_rms, expected, rtol=2e-3), (sim.grad_rms, expected)


def test_orthogonal_matrices_are_orthogonal_and_keep_lengths():
    src = weight_source("orthogonal")
    m, b = src.layer(5, 32, 3)
    q = m.astype(np.float64) / math.sqrt(32)
    assert np.allclose(q @ q.T, np.eye(32), atol=1e-5)
    z, b0 = D.layer_weights(5, 32, 3)
    assert np.array_equal(b, b0)                         # same biases as the Gaussian network
    # Identity activation, sigma_w = 1: an orthogonal network keeps every gradient's length.
    cfg = D.DepthConfig("linear", depth=30, width=64, batch=16, init="custom", sigma_w=1.0,
                        weights="orthogonal")
    g = D.simulate(cfg).view(30).grad_rms
    assert np.allclose(g, 1.0, rtol=1e-4)
    gauss = D.simulate(cfg.with_(weights="gaussian")).view(30).grad_rms
    assert abs(math.log(gauss[0])) > 0.05               # Gaussian matrices do not


# ---- theory against simulation (width 256) ----------------------------------------------------

@pytest.mark.parametrize("act, arch, alpha, sw, sb", [
    ("relu", "residual", 1.0, math.sqrt(2.0), 0.0),
    ("tanh", "residual", 0.5, 1.5, 0.3),
    ("relu", "residual-ln", 1.0, math.sqrt(2.0), 0.0),
    ("tanh", "residual-ln", 1.0, 1.0, 0.0),
    ("gelu", "residual-ln", 0.5, 2.0, 0.2),
])
def test_residual_mean_field_matches_the_simulation(act, arch, alpha, sw, sb):
    diffs, acts = [], []
    for seed in range(3):
        cfg = _cfg(act, arch, sigma_w=sw, sigma_b=sb, branch_scale=alpha, seed=seed)
        th = D.theory(cfg)
        sim = D.simulate(cfg, max_df=th.max_df).view(50)
        diffs.append(sim.log10_grad_rms - th.view(50).log10_grad_rms)
        acts.append(sim.log10_act_rms - th.view(50).log10_act_rms)
    # Measured, mean of 3 seeds over the 50 layers: gradient within 0.04 in log10 (10 %),
    # activation RMS within 0.09 (the exploding ReLU stream; one seed alone is off by up to
    # 0.3 at layer 50: its growth is a product of random factors).
    assert np.max(np.abs(np.mean(diffs, axis=0))) < 0.06
    assert np.max(np.abs(np.mean(acts, axis=0))) < 0.15


def test_residual_ln_relu_theory_is_the_closed_form():
    # q_l = l + 1, chi_l = 1 + 1/q_l: the variance ratio over L layers is (L + 1) / 2.
    th = D.theory(_cfg("relu", "residual-ln"))
    assert th.view(50).first_to_last == pytest.approx(math.sqrt(51 / 2), rel=1e-4)
    assert th.q[:3] == pytest.approx([2, 3, 4], rel=1e-4)


def test_batchnorm_theory_only_for_relu():
    th = D.theory(_cfg("relu", "batchnorm"))
    assert th.gradient_known and th.view(50).first_to_last == pytest.approx(BN_RELU_CHI ** 24.5)
    none = D.theory(_cfg("tanh", "batchnorm", sigma_w=1.0))
    assert not none.gradient_known
    v = none.view(50)
    assert np.isnan(v.grad_rms).all() and np.isnan(v.act_rms).all()
    lines = [r.text for r in D.compute([_cfg("tanh", "batchnorm", sigma_w=1.0, depth=10)])[0]
             .view(10).readout_lines()]
    assert "no mean-field theory" in lines[0] and "no theory line is drawn" in lines[0]


# ---- reference figures (width 256, batch 256, 50 layers, ReLU, sigma_w^2 = 2) -------------------

def _geo_mean(act, arch, seeds=(0, 1, 2), **kw):
    vals = [D.simulate(_cfg(act, arch, seed=s, **kw)).view(50).first_to_last for s in seeds]
    return math.exp(np.mean(np.log(vals))), vals


# Our own Monte Carlo, 4 seeds (0-3), geometric mean [range]: residual alpha = 1: 2.5e7
# [1.6e7, 3.0e7]; alpha = 1/sqrt(50): 1.62 [1.62, 1.63]; residual-ln: 5.09 [4.99, 5.17];
# batchnorm: 5.3e3 [4.7e3, 5.9e3]; batchnorm tanh sigma_w^2 = 1: 49 [47, 50].
@pytest.mark.parametrize("act, arch, kw, ref, tol", [
    ("relu", "residual", {}, 2.5e7, 1.6),
    ("relu", "residual", {"branch_scale": "1/sqrtL"}, 1.62, 1.03),
    ("relu", "residual-ln", {}, 5.09, 1.05),
    ("relu", "batchnorm", {}, 5.3e3, 1.3),
    ("tanh", "batchnorm", {"sigma_w": 1.0}, 49.0, 1.15),
])
def test_reference_figures(act, arch, kw, ref, tol):
    gm, vals = _geo_mean(act, arch, **kw)
    assert ref / tol < gm < ref * tol, vals


def test_batchnorm_relu_rate_is_below_the_large_batch_limit():
    # Per-layer variance factor measured at width 256, batch 256: ~1.42, under pi/(pi-1) = 1.47.
    gm, _ = _geo_mean("relu", "batchnorm")
    rate2 = gm ** (2 / 49)
    assert 1.36 < rate2 < BN_RELU_CHI


def test_readouts_explain_each_architecture():
    def lines(act, arch, **kw):
        r = D.compute([_cfg(act, arch, **kw)])[0]
        return [x.text for x in r.view(50).readout_lines()]

    res = lines("relu", "residual")
    assert res[1].startswith("Residual without scaling explodes")
    assert "1.41" in res[1]              # sqrt(1 + 2/2) per layer, mean field
    skip = lines("relu", "residual", branch_scale="1/sqrtL")
    assert skip[1].startswith("The skip path carries the gradient")
    bn = lines("relu", "batchnorm")
    assert bn[1].startswith("BatchNorm at initialisation makes gradients explode")
    rate = per_layer_rate(D.simulate(_cfg("relu", "batchnorm")).view(50))
    assert f"×{rate:.3g}" in bn[1] and "1.21" in bn[1]
    ln = lines("relu", "residual-ln")
    assert "power of the depth" in ln[1] and "q = 51" in ln[1]
    orth = lines("relu", "plain", weights="orthogonal")
    assert orth[-1].startswith("Orthogonal weights")


def test_residual_relu_runs_deep_without_overflow():
    cfg = D.DepthConfig("relu", depth=1000, width=16, batch=8, init="he", arch="residual")
    sim = D.simulate(cfg)
    v = sim.view(1000)
    assert sim.overflow_layer is None
    # variance about x2 per layer (a little less at width 16): 10^150 in the wide limit
    assert 100 < v.log10_first_to_last < 160 and v.log10_act_rms[-1] > 100
    assert np.isfinite(v.log10_grad_rms).all()


def test_checkpointed_backward_is_identical(monkeypatch):
    from act_explorer.model.depth import simulation
    cfg = D.DepthConfig("tanh", depth=30, width=16, batch=8, arch="residual-ln", sigma_b=0.1)
    full = D.simulate(cfg)
    monkeypatch.setattr(simulation, "_DERIV_BUDGET_BYTES", 4 * 16 * 8 * 2 * 5)
    seg = D.simulate(cfg)
    assert np.array_equal(full.log_grad, seg.log_grad)
    assert np.array_equal(full.log_act_rms, seg.log_act_rms)


def test_cancel_and_progress():
    cfg = D.DepthConfig("relu", depth=20, width=16, batch=8, arch="batchnorm")
    seen = []
    D.simulate(cfg, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(D.Cancelled):
        D.simulate(cfg, should_stop=lambda: len(seen) > 3, progress=seen.append)
