"""The depth experiment: simulation, mean-field theory, views, readout (act_explorer.model.depth)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from act_explorer.model import catalogue as C
from act_explorer.model import depth as D
from act_explorer.model.depth import meanfield, simulation

LOG2 = math.log10(2.0)


def sim(fid, depth, init="xavier", **kw):
    return D.simulate(D.DepthConfig(fid, depth=depth, init=init, **kw))


def theory(fid, depth, init="xavier", **kw):
    return D.theory(D.DepthConfig(fid, depth=depth, init=init, **kw))


def reference(cfg: D.DepthConfig):
    """A plain float64 NumPy forward/backward pass over the same random numbers.

    Also returns how close (relative to the layer's RMS) any pre-activation came to a kink:
    within float32 rounding of a kink the simulation may legitimately take the other side.
    """
    f, df = C.get(cfg.act_id).bind(**cfg.params_dict)
    kinks = C.get(cfg.act_id).kinks(**cfg.params_dict)
    closest = math.inf
    c = math.sqrt(cfg.sigma_w2 / cfg.width)
    x = D.input_batch(cfg.seed, cfg.batch, cfg.width).astype(np.float64)
    derivs, rms, mean = [], [], []
    for l in range(1, cfg.depth + 1):
        z, b = D.layer_weights(cfg.seed, cfg.width, l)
        h = c * (x @ z.T.astype(np.float64)) + cfg.sigma_b * b.astype(np.float64)
        for k in kinks:
            closest = min(closest, float(np.min(np.abs(h - k))) / math.sqrt(np.mean(h * h)))
        x = f(h)
        derivs.append(df(h))
        rms.append(np.sqrt(np.mean(x * x)))
        mean.append(np.mean(x))
    d = D.top_gradient(cfg.seed, cfg.batch, cfg.width, cfg.depth).astype(np.float64) * derivs[-1]
    grad = [np.sqrt(np.mean(d * d))]
    for l in range(cfg.depth - 1, 0, -1):
        z, _ = D.layer_weights(cfg.seed, cfg.width, l + 1)
        d = c * (d @ z.astype(np.float64)) * derivs[l - 1]
        grad.append(np.sqrt(np.mean(d * d)))
    grad = np.array(grad[::-1])
    return grad / grad[-1], np.array(rms), np.array(mean), closest


# ---- the figures the issue and FACTS.md ask for ------------------------------------------------

def test_relu_he_keeps_the_gradient_within_a_factor_2_over_50_layers():
    v = sim("relu", 50, "he", width=512).view()
    assert v.grad_rms[-1] == 1.0
    assert np.all(v.grad_rms > 0.5) and np.all(v.grad_rms < 2.0)


def test_sigmoid_xavier_loses_more_than_1e5_over_10_layers():
    v = sim("sigmoid", 10).view()
    assert v.first_to_last < 1e-5
    # ... and the theory agrees.
    assert theory("sigmoid", 10).view().first_to_last < 1e-5


@pytest.mark.parametrize("fid, init, layers, expected", [
    ("sigmoid", "xavier", 10, 2e-6),
    ("tanh", "xavier", 30, 0.16),
    ("relu", "he", 50, 1.0),
    ("relu", "xavier", 30, 4e-5),
])
def test_facts_monte_carlo_figures(fid, init, layers, expected):
    # FACTS.md: width 256, batch 256.  A factor 2 is well inside "the same order of magnitude".
    got = sim(fid, layers, init, width=256, batch=256).view().first_to_last
    assert expected / 2 < got < expected * 2
    th = theory(fid, layers, init).view().first_to_last
    assert expected / 2 < th < expected * 2


@pytest.mark.parametrize("fid, init, sigma_b", [
    ("relu", "he", 0.0),
    ("relu", "xavier", 0.0),
    ("leaky_relu", "he", 0.0),
    ("tanh", "xavier", 0.0),
    ("tanh", "xavier", 0.3),
    ("sigmoid", "xavier", 0.0),
    ("selu", "lecun", 0.0),
    ("elu", "he", 0.1),
    ("softsign", "xavier", 0.0),
])
def test_theory_and_simulation_agree_within_a_factor_2(fid, init, sigma_b):
    cfg = D.DepthConfig(fid, depth=30, init=init, sigma_b=sigma_b, width=256, batch=256)
    s, t = D.simulate(cfg), D.theory(cfg)
    for L in (10, 30):
        vs, vt = s.view(L), t.view(L)
        assert np.all(np.abs(vs.log10_grad_rms - vt.log10_grad_rms) < LOG2), L
        assert np.all(np.abs(vs.log10_act_rms[:10] - vt.log10_act_rms[:10]) < LOG2)


def test_tanh_is_critical_at_sigma_w2_1_without_bias():
    fp = D.fixed_point("tanh", sigma_w2=1.0, sigma_b=0.0)
    assert fp.chi_star == pytest.approx(1.0, rel=0.01)
    assert fp.regime == "critical" and fp.xi > 1e3
    assert D.fixed_point("tanh", sigma_w2=0.5).regime == "vanishing"
    assert D.fixed_point("tanh", sigma_w2=4.0).regime == "exploding"


@pytest.mark.parametrize("s2", [0.5, 1.0, 2.0, 3.0])
def test_relu_chi_is_half_sigma_w2(s2):
    fp = D.fixed_point("relu", sigma_w2=s2, sigma_b=0.2)
    assert fp.chi_star == pytest.approx(s2 / 2, rel=1e-12)
    th = D.theory(D.DepthConfig("relu", depth=5, init="custom", sigma_w=math.sqrt(s2)))
    np.testing.assert_allclose(th.chi, s2 / 2, rtol=1e-12)
    if s2 < 2:
        assert fp.regime == "vanishing" and fp.xi == pytest.approx(-1 / math.log(s2 / 2))
    elif s2 == 2:
        assert fp.regime == "critical" and math.isinf(fp.xi)
    else:
        assert fp.regime == "exploding" and fp.exploding and fp.xi == pytest.approx(1 / math.log(s2 / 2))


def test_critical_sigma_w():
    s = D.critical_sigma_w("tanh", sigma_b=math.sqrt(0.05))
    assert s * s == pytest.approx(1.76, abs=0.01)
    assert D.fixed_point("tanh", sigma_w2=s * s, sigma_b=math.sqrt(0.05)).chi_star == pytest.approx(1.0, abs=1e-6)
    assert D.critical_sigma_w("tanh", sigma_b=0.0) == pytest.approx(1.0, rel=1e-3)
    assert D.critical_sigma_w("relu", sigma_b=0.5) == pytest.approx(math.sqrt(2), rel=1e-12)
    assert D.critical_sigma_w("step") is None


def test_gradient_depth_scale():
    fp = D.fixed_point("sigmoid", sigma_w2=1.0)
    assert fp.regime == "vanishing"
    assert fp.xi == pytest.approx(-1.0 / math.log(fp.chi_star))
    # chi* is sigma'(x)^2 averaged at the fixed point: below 0.25^2 = 0.0625, above E at q = 1.
    assert 0.04484 < fp.chi_star < 0.0625


# ---- simulation mechanics ----------------------------------------------------------------------

SEED = 4


@pytest.mark.parametrize("fid, init, sigma_w, sigma_b", [
    ("relu", "he", None, 0.0),            # scale-free path, exact kernel
    ("relu", "custom", 1.3, 0.4),
    ("tanh", "xavier", None, 0.1),        # interpolation table
    ("gelu", "he", None, 0.0),
    ("hardswish", "he", None, 0.2),       # table with kinks
    ("relu6", "custom", 1.8, 0.5),        # exact kernel, two kinks
])
def test_simulation_matches_a_float64_reference(fid, init, sigma_w, sigma_b):
    cfg = D.DepthConfig(fid, depth=20, width=64, batch=32, init=init, sigma_w=sigma_w, sigma_b=sigma_b, seed=SEED)
    v = D.simulate(cfg).view()
    grad, rms, mean, closest = reference(cfg)
    assert closest > 1e-5, "a pre-activation sits on a kink at float32 precision: pick another seed"
    np.testing.assert_allclose(v.grad_rms, grad, rtol=1e-5)
    np.testing.assert_allclose(v.act_rms, rms, rtol=1e-5)
    np.testing.assert_allclose(v.act_mean, mean, atol=1e-5)


def test_same_seed_same_numbers_other_seed_other_numbers():
    cfg = D.DepthConfig("tanh", depth=12, width=64, batch=32, sigma_b=0.1, seed=7)
    a = D.simulate(cfg).view()
    D.clear_weight_cache()
    b = D.simulate(cfg).view()
    for name in ("grad_rms", "act_rms", "act_mean", "frac_saturated"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    c = D.simulate(cfg.with_(seed=8)).view()
    assert not np.array_equal(a.act_rms, c.act_rms)
    assert not np.array_equal(a.grad_rms, c.grad_rms)


def test_the_weights_depend_on_the_seed_only():
    z1, b1 = D.layer_weights(5, 32, 3)
    relu = D.simulate(D.DepthConfig("relu", depth=4, width=32, batch=8, seed=5, init="he"))
    tanh = D.simulate(D.DepthConfig("tanh", depth=4, width=32, batch=8, seed=5, sigma_b=0.3))
    z2, b2 = D.layer_weights(5, 32, 3)
    np.testing.assert_array_equal(z1, z2)
    np.testing.assert_array_equal(b1, b2)
    assert not np.array_equal(z1, D.layer_weights(6, 32, 3)[0])
    # Both runs used those weights: each matches the float64 reference built from them.
    for res in (relu, tanh):
        _grad, rms, _mean, _closest = reference(res.config)
        np.testing.assert_allclose(res.view().act_rms, rms, rtol=1e-5)


def test_view_is_the_prefix_network():
    deep = sim("tanh", 40, width=128, batch=64, sigma_b=0.05)
    assert deep.view().depth == 40
    for L in (1, 7, 23, 40):
        v = deep.view(L)
        fresh = sim("tanh", L, width=128, batch=64, sigma_b=0.05).view()
        assert v.depth == L and len(v.grad_rms) == L and list(v.layer) == list(range(1, L + 1))
        # The first L layers are the L-layer network: forward columns are identical.
        for name in ("act_rms", "act_mean", "frac_dead", "frac_saturated"):
            np.testing.assert_array_equal(getattr(v, name), getattr(fresh, name))
        assert v.grad_rms[-1] == 1.0
        if L == 40:
            np.testing.assert_array_equal(v.grad_rms, fresh.grad_rms)
        else:
            # The top gradient comes from the layers above instead of a fresh draw: the same
            # up to sampling noise.
            assert np.all(np.abs(v.log10_grad_rms - fresh.log10_grad_rms) < math.log10(1.5))


@pytest.mark.parametrize("fid, init", [("relu", "he"), ("sigmoid", "xavier"), ("selu", "lecun")])
def test_view_matches_a_fresh_simulation_up_to_noise(fid, init):
    deep = sim(fid, 40, init)
    for L in (10, 25):
        v, fresh = deep.view(L), sim(fid, L, init).view()
        assert np.all(np.abs(v.log10_grad_rms - fresh.log10_grad_rms) < math.log10(1.5))


def test_views_do_no_simulation(monkeypatch):
    s = sim("gelu", 30, width=32, batch=16)
    t = theory("gelu", 30)

    def boom(*_a, **_k):
        raise AssertionError("recomputed")

    monkeypatch.setattr(D._Forward, "step", boom)
    monkeypatch.setattr(meanfield, "moments", boom)
    for L in range(1, 31):
        assert s.view(L).grad_rms[-1] == 1.0
        assert t.view(L).grad_rms[-1] == 1.0
    with pytest.raises(D.DepthError):
        s.view(31)
    with pytest.raises(D.DepthError):
        t.view(0)


def test_progress_and_cancellation():
    seen = []
    cfg = D.DepthConfig("tanh", depth=15, width=32, batch=16)
    D.simulate(cfg, progress=seen.append)
    assert seen[-1] == 1.0
    assert all(0.0 <= p <= 1.0 for p in seen) and seen == sorted(seen)
    assert len(seen) >= 15

    calls = []

    def stop_after_5():
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(D.Cancelled):
        D.simulate(cfg, should_stop=stop_after_5)
    with pytest.raises(D.Cancelled):
        D.simulate(cfg, progress=seen.append, should_stop=lambda: True)


def test_checkpointing_and_small_caches_change_nothing(monkeypatch):
    cfg = D.DepthConfig("tanh", depth=23, width=32, batch=16, sigma_b=0.2, seed=11)
    ref = D.simulate(cfg)
    monkeypatch.setattr(simulation, "_DERIV_BUDGET_BYTES", 4 * 32 * 16 * 3)   # 3 layers of derivatives
    D.clear_weight_cache()
    monkeypatch.setattr(D._WEIGHTS, "budget", 4 * (32 * 32 + 32) * 2)  # 2 layers of weights
    seen = []
    got = D.simulate(cfg, progress=seen.append)
    assert seen[-1] == 1.0
    for name in ("log_grad", "grad_segment", "log_act_rms", "act_mean", "frac_dead", "frac_saturated"):
        np.testing.assert_array_equal(getattr(got, name), getattr(ref, name))


# ---- growth, decay and dead ends -----------------------------------------------------------------

def test_exploding_relu_reports_growth_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cfg = D.DepthConfig("relu", depth=200, width=64, batch=32, init="custom", sigma_w=3.0)
        s, t = D.simulate(cfg), D.theory(cfg)
        v, tv = s.view(), t.view()
        # Activations grow by sigma_w / sqrt(2) per layer: about 10^65 after 200 layers.
        assert v.log10_act_rms[-1] == pytest.approx(tv.log10_act_rms[-1], abs=3)
        assert tv.log10_act_rms[-1] == pytest.approx(200 * math.log10(3 / math.sqrt(2)), abs=1)
        # Gradients explode towards the input: the first layer gets ~(sqrt(4.5))^199 = 1e65.
        assert np.all(np.isfinite(v.log10_grad_rms)) and v.log10_first_to_last > 50
        assert s.overflow_layer is None
        r = D.readout(v, t.fixed_point)
        assert r.key == "measured" and "e+" in r.values["ratio"] and t.fixed_point.regime == "exploding"
        # Far beyond the float range, everything is still finite in log10.
        big = D.simulate(cfg.with_(depth=1000, width=16, batch=8, sigma_w=10.0)).view()
        assert math.isinf(big.act_rms[-1]) and big.log10_act_rms[-1] > 300
        assert np.isfinite(big.log10_grad_rms).all() and big.log10_first_to_last > 300
        tiny = D.simulate(cfg.with_(depth=1000, width=16, batch=8, sigma_w=0.1)).view()
        assert tiny.log10_first_to_last < -300 and np.isfinite(tiny.log10_first_to_last)
        assert D.readout(tiny, D.fixed_point("relu", sigma_w2=0.01)).key == "measured"
        assert "e-1" in D.readout(tiny, D.fixed_point("relu", sigma_w2=0.01)).text


def test_overflow_is_reported_not_warned():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cfg = D.DepthConfig("gelu", depth=100, width=32, batch=16, init="custom", sigma_w=10.0)
        s, t = D.simulate(cfg), D.theory(cfg)
        k = s.overflow_layer
        assert k is not None and 20 < k < 60
        assert t.overflow_layer is not None and abs(t.overflow_layer - k) <= 5
        full = s.view()
        assert full.overflow_layer == k and np.isnan(full.grad_rms).all()
        assert math.isinf(full.act_rms[k - 1])
        below = s.view(k - 1)
        assert below.overflow_layer is None and np.isfinite(below.log10_grad_rms).all()
        r = D.readout(full, t.fixed_point)
        assert r.key == "overflow" and str(k) in r.text
        csv = full.to_csv().splitlines()
        assert csv[k].split(",")[1] == "" and csv[k].split(",")[2] == "inf"


def test_dead_and_saturated_fractions():
    relu = sim("relu", 3, "he", width=256, batch=256).view()
    assert relu.frac_saturated[0] == pytest.approx(0.5, abs=0.02)     # f' = 0 for x < 0
    assert relu.frac_dead[0] < 0.01
    leaky = sim("leaky_relu", 3, "he").view()
    assert np.all(leaky.frac_dead == 0) and np.all(leaky.frac_saturated == 0)
    # Sigmoid cannot die but saturates with large weights; theory gives the same fraction.
    cfg = D.DepthConfig("sigmoid", depth=3, init="custom", sigma_w=8.0)
    sv, tv = D.simulate(cfg).view(), D.theory(cfg).view()
    assert np.all(sv.frac_dead == 0)
    assert sv.frac_saturated[0] > 0.2
    assert sv.frac_saturated[0] == pytest.approx(tv.frac_saturated[0], abs=0.02)
    assert np.isnan(tv.frac_dead).all()
    # The step function is flat everywhere: every unit is dead and no gradient flows.
    step = sim("step", 4, width=16, batch=8).view()
    assert np.all(step.frac_dead == 1) and step.no_gradient and np.isnan(step.grad_rms).all()
    assert D.readout(step, D.fixed_point("step")).key == "no_gradient"
    assert theory("step", 4).view().no_gradient


def test_a_born_dead_layer_blocks_the_gradient_but_not_shallower_views():
    # Lu et al. 2019: a narrow deep ReLU net dies.  Width 3, seed 0: layer 7 is dead for all inputs.
    cfg = D.DepthConfig("relu", depth=30, width=3, batch=16, init="he", seed=0)
    s = D.simulate(cfg)
    k = int(np.argmax(s.frac_dead == 1)) + 1
    assert s.frac_dead[k - 1] == 1 and k > 2
    assert s.view().no_gradient
    below = s.view(k - 1)
    assert np.all(np.isfinite(below.log10_grad_rms)) and below.grad_rms[-1] == 1.0
    fresh = D.simulate(cfg.with_(depth=k - 1)).view()
    np.testing.assert_array_equal(below.grad_rms, fresh.grad_rms)


# ---- the other series and the readout --------------------------------------------------------

def test_slope_product():
    v = sim("sigmoid", 10, width=16, batch=8).view()
    assert v.max_df == pytest.approx(0.25, rel=1e-9)
    np.testing.assert_allclose(v.slope_product, 0.25 ** np.arange(9, -1, -1), rtol=1e-9)
    np.testing.assert_allclose(D.slope_product(0.25, 10), v.slope_product)
    np.testing.assert_array_equal(D.slope_product(0.0, 3), [0.0, 0.0, 1.0])
    assert D.slope_product(2.0, 1200)[0] == math.inf
    given = D.simulate(D.DepthConfig("sigmoid", depth=5, width=16, batch=8), max_df=0.5).view()
    np.testing.assert_allclose(given.slope_product, 0.5 ** np.arange(4, -1, -1))
    assert D.max_abs_derivative("tanh") == pytest.approx(1.0)
    assert D.max_abs_derivative("leaky_relu", {"negative_slope": 0.5}) == pytest.approx(1.0)


def test_init_presets():
    assert D.DepthConfig("tanh").sigma_w2 == 1.0
    assert D.DepthConfig("relu", init="he").sigma_w2 == 2.0
    assert D.DepthConfig("leaky_relu", {"negative_slope": 0.5}, init="he").sigma_w2 == pytest.approx(1.6)
    assert D.DepthConfig("prelu", init="he").sigma_w2 == pytest.approx(2 / 1.0625)
    rr = D.DepthConfig("rrelu", {"lower": 0.1, "upper": 0.3}, init="he").sigma_w2
    assert rr == pytest.approx(2 / 1.04)
    assert D.DepthConfig("tanh", init="lecun").sigma_w2 == 1.0
    assert D.DepthConfig("tanh", init="custom", sigma_w=1.5).sigma_w2 == pytest.approx(2.25)
    assert D.init_sigma_w2("xavier", "relu", fan_in=100, fan_out=300) == pytest.approx(0.5)
    with pytest.raises(D.DepthError, match="needs sigma_w"):
        D.DepthConfig("tanh", init="custom")
    with pytest.raises(D.DepthError, match="only used with init 'custom'"):
        D.DepthConfig("tanh", init="he", sigma_w=1.0)
    for bad in (dict(depth=0), dict(depth=D.MAX_DEPTH + 1), dict(width=0), dict(batch=5000),
                dict(sigma_b=-0.1), dict(seed=-1), dict(init="orthogonal"), dict(depth=2.5)):
        with pytest.raises(D.DepthError):
            D.DepthConfig("tanh", **bad)
    with pytest.raises(C.ParamError):
        D.DepthConfig("elu", {"alpha": -1})


def test_readout_sentences():
    cfg = D.DepthConfig("sigmoid", depth=10)
    th = D.theory(cfg)
    r = D.readout(D.simulate(cfg).view(), th.fixed_point, th.view())
    assert r.key == "measured" and r.template == D.READOUT_TEMPLATES["measured"]
    assert r.values["function"] == "Sigmoid" and r.values["init"] == "Xavier"
    assert r.values["layers"] == "10" and r.values["ratio"] == "2.0e-6"
    assert r.text == r.template.format(**r.values)
    assert "gradient RMS at layer 1 of 10 is 2.0e-6 × the last layer's" in r.text
    assert "(mean-field theory: 2.0e-6)" in r.text

    he = D.DepthConfig("relu", depth=20, init="he", width=512)
    rh = D.readout(D.theory(he).view(), D.theory(he).fixed_point)
    assert rh.key == "theory" and "in the mean-field theory" in rh.text
    one = D.readout(D.theory(he).view(1), D.theory(he).fixed_point)
    assert one.key == "single"
    assert D.format_ratio(0.157) == "0.16" and D.format_ratio(4.38e-5) == "4.4e-5"
    assert D.format_ratio(log10=-1189.3) == "5.0e-1190" and D.format_ratio(99.9) == "1.0e+2"
    assert D.format_layers(math.inf) == "∞" and D.format_layers(0.346) == "0.3"


def test_csv_text():
    v = D.theory(D.DepthConfig("relu", depth=3, init="he")).view()
    lines = v.to_csv().splitlines()
    assert lines[0] == ",".join(D.CSV_HEADER)
    assert [ln.split(",")[0] for ln in lines[1:]] == ["1", "2", "3"]
    assert all(ln.split(",")[4] == "" for ln in lines[1:])        # frac_dead: not in theory
    assert float(lines[-1].split(",")[1]) == 1.0
