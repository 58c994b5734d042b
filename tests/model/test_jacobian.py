"""Singular values of the input-output Jacobian at initialisation against free probability
(Pennington, Schoenholz & Ganguli 2017) and an independent simulation's figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import depth as D
from act_explorer.model import jacobian as J


def _within_mc(spec, target: float, k: float = 3.0) -> bool:
    """|mean variance - target| <= k standard errors of the mean over the sampled networks."""
    v = spec.variances()
    se = float(np.std(v, ddof=1)) / math.sqrt(v.size)
    return abs(float(np.mean(v)) - target) <= k * se


def test_prediction_for_relu_is_2L_gaussian_and_L_orthogonal():
    for L in (1, 4, 16):
        g = J.prediction("relu", None, L, "gaussian", 2.0)
        o = J.prediction("relu", None, L, "orthogonal", 2.0)
        assert g.chi == pytest.approx(1.0, rel=1e-12) and g.mean == pytest.approx(1.0, rel=1e-12)
        assert g.variance == pytest.approx(2 * L, rel=1e-12)
        assert o.variance == pytest.approx(L, rel=1e-12)
    lin = J.prediction("linear", None, 10, "orthogonal", 1.0)
    assert lin.variance == pytest.approx(0.0, abs=1e-12) and lin.mean == pytest.approx(1.0)


def test_relu_gaussian_L4_width_400():
    """Reference simulation at width 400: 8.3 (free probability: 8).  16 networks; the
    per-network variance spreads with a standard deviation of about 1.5 here, so the mean of 16
    is good to about +-0.4 (one standard error); we allow three."""
    spec = J.jacobian_spectrum("relu", layers=4, width=400, init="gaussian", sigma_w2=2.0,
                               samples=16, seed=11)
    assert spec.singular_values.shape == (16, 400)
    assert spec.mean() == pytest.approx(1.0, abs=0.1)
    assert _within_mc(spec, 8.3) and _within_mc(spec, 8.0)


def test_relu_orthogonal_L4_and_L16_width_400():
    """Reference: 3.9 at L = 4 and 17.5 at L = 16 (free probability: 4 and 16).  The spread
    grows with depth (standard deviation about 0.6 at L = 4, 5-8 at L = 16), hence the wider
    band at L = 16."""
    s4 = J.jacobian_spectrum("relu", layers=4, width=400, init="orthogonal", sigma_w2=2.0,
                             samples=16, seed=12)
    assert _within_mc(s4, 3.9) and _within_mc(s4, 4.0)
    g4 = J.jacobian_spectrum("relu", layers=4, width=400, init="gaussian", sigma_w2=2.0,
                             samples=16, seed=12)
    assert s4.variance() < g4.variance()          # orthogonal weights help, but cannot make ReLU isometric
    s16 = J.jacobian_spectrum("relu", layers=16, width=400, init="orthogonal", sigma_w2=2.0,
                              samples=12, seed=13)
    assert _within_mc(s16, 17.5) and _within_mc(s16, 16.0)
    assert s16.variance() > 2 * s4.variance()


def test_linear_orthogonal_network_is_an_isometry():
    spec = J.jacobian_spectrum("linear", layers=8, width=64, init="orthogonal", sigma_w2=1.0)
    np.testing.assert_allclose(spec.singular_values, 1.0, atol=1e-12)
    assert spec.variance() < 1e-20


def test_tanh_at_criticality_matches_free_probability_and_orthogonal_is_nearer_isometry():
    sb2 = 0.05
    o = J.jacobian_spectrum("tanh", layers=8, width=300, init="orthogonal", sigma_b2=sb2, samples=8, seed=3)
    g = J.jacobian_spectrum("tanh", layers=8, width=300, init="gaussian", sigma_b2=sb2, samples=8, seed=3)
    assert o.sigma_w2 == pytest.approx(1.761, abs=1e-3)           # the default: the critical point
    assert o.predicted.mean == pytest.approx(1.0, rel=1e-6)
    assert o.predicted.variance < g.predicted.variance
    assert _within_mc(o, o.predicted.variance, 4) and _within_mc(g, g.predicted.variance, 4)
    assert o.variance() < g.variance()


def test_seeded_and_cancellable():
    a = J.jacobian_spectrum("tanh", layers=3, width=20, sigma_w2=1.5, seed=4)
    b = J.jacobian_spectrum("tanh", layers=3, width=20, sigma_w2=1.5, seed=4)
    c = J.jacobian_spectrum("tanh", layers=3, width=20, sigma_w2=1.5, seed=5)
    np.testing.assert_array_equal(a.singular_values, b.singular_values)
    assert not np.array_equal(a.singular_values, c.singular_values)
    seen = []
    J.jacobian_spectrum("tanh", layers=3, width=20, sigma_w2=1.5, samples=2, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 6
    with pytest.raises(D.Cancelled):
        J.jacobian_spectrum("tanh", layers=3, width=20, sigma_w2=1.5, should_stop=lambda: True)


@pytest.mark.parametrize("kw, msg", [
    (dict(layers=0), "layers"), (dict(layers=2, width=0), "width"),
    (dict(layers=2, init="uniform"), "unknown init"), (dict(layers=2, sigma_w2=-1.0), "sigma_w"),
    (dict(layers=2, samples=0), "samples"),
])
def test_bad_options(kw, msg):
    with pytest.raises(J.JacobianError, match=msg):
        J.jacobian_spectrum("relu", **kw)


def test_csv_lists_every_singular_value():
    spec = J.jacobian_spectrum("relu", layers=2, width=5, sigma_w2=2.0, samples=2)
    lines = spec.to_csv().splitlines()
    assert lines[0] == "sample,index,singular_value,squared" and len(lines) == 11
    s, i, v, v2 = lines[7].split(",")
    assert (s, i) == ("1", "1") and float(v) == spec.singular_values[1, 1]
    assert float(v2) == pytest.approx(float(v) ** 2)
