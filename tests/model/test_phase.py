"""The mean-field phase diagram: fixed points, chi, depth scales, the critical line, statuses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import catalogue
from act_explorer.model import depth as D
from act_explorer.model import phase as P
from act_explorer.model.gaussian import expectation

SB2 = 0.05


# ---- an independent computation for the correlation map: product Gauss-Hermite in 2-D ------

_Z, _W = np.polynomial.hermite_e.hermegauss(120)
_W = _W / _W.sum()
_Z1, _Z2 = np.meshgrid(_Z, _Z)
_WW = np.outer(_W, _W)


def _tanh_corr_reference(sw2: float, sb2: float) -> tuple[float, float]:
    """c* by bisection on the 2-D quadrature's correlation map, and chi_c there (tanh)."""
    q = 1.0
    for _ in range(3000):
        q = sw2 * float(_W @ np.tanh(math.sqrt(q) * _Z) ** 2) + sb2

    def pair(c):
        u1 = math.sqrt(q) * _Z1
        u2 = math.sqrt(q) * (c * _Z1 + math.sqrt(1 - c * c) * _Z2)
        return u1, u2

    def cmap(c):
        u1, u2 = pair(c)
        return (sw2 * float(np.sum(_WW * np.tanh(u1) * np.tanh(u2))) + sb2) / q

    lo, hi = 0.0, 1.0 - 1e-12
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if cmap(mid) > mid:
            lo = mid
        else:
            hi = mid
    c = 0.5 * (lo + hi)
    u1, u2 = pair(c)
    chi_c = sw2 * float(np.sum(_WW * (1 - np.tanh(u1) ** 2) * (1 - np.tanh(u2) ** 2)))
    return c, chi_c


# ---- the grid agrees with the exact scalar theory ---------------------------------------------

@pytest.mark.parametrize("fid", ["tanh", "elu", "hardtanh", "gelu", "sigmoid"])
def test_grid_matches_the_exact_fixed_point(fid):
    g = P.phase_grid(fid, sigma_w2=(0.6, 4.0), sigma_b2=(0.0, 0.3), n=9, n_b=7)
    checked = 0
    for i in range(0, 7, 2):
        for j in range(0, 9, 2):
            fp = D.fixed_point(fid, None, float(g.sigma_w2[j]), math.sqrt(g.sigma_b2[i]))
            if g.status[i, j] == P.OK:
                assert g.q_star[i, j] == pytest.approx(fp.q_star, rel=2e-6)
                assert g.chi[i, j] == pytest.approx(fp.chi_star, rel=2e-6)
                checked += 1
            elif g.status[i, j] == P.ZERO:
                assert fp.q_star == 0.0 and g.q_star[i, j] == 0.0
            else:
                assert math.isinf(fp.q_star) and math.isinf(g.q_star[i, j])
    assert checked >= 6


def test_grid_axes_and_shapes():
    g = P.phase_grid("tanh", sigma_w2=(1.0, 3.0), sigma_b2=(0.0, 0.2), n=5, n_b=3)
    assert g.shape == (3, 5)
    np.testing.assert_allclose(g.sigma_w2, [1.0, 1.5, 2.0, 2.5, 3.0])
    np.testing.assert_allclose(g.sigma_b2, [0.0, 0.1, 0.2])
    # the same cell through phase_point
    pt = P.phase_point("tanh", None, 2.5, 0.1)
    assert g.xi_corr[1, 3] == pytest.approx(pt.xi_corr, rel=1e-12)


# ---- reference figures --------------------------------------------------------------------------

@pytest.mark.parametrize("sb2, expected", [(0.05, 1.761), (0.1, 1.986), (0.3, 2.505)])
def test_tanh_critical_line(sb2, expected):
    fast = P.critical_line("tanh", None, [sb2])[0]
    exact = P.critical_line("tanh", None, [sb2], exact=True)[0]
    assert round(exact, 3) == expected
    assert fast == pytest.approx(exact, rel=1e-6)
    # and it is where chi crosses 1: ordered just below, chaotic just above
    assert P.phase_point("tanh", None, exact * 0.999, sb2).chi < 1 < P.phase_point("tanh", None, exact * 1.001, sb2).chi


def test_tanh_critical_point_at_zero_bias_is_1_and_1_0015_is_a_finite_depth_figure():
    """At sigma_b^2 = 0 the mean-field critical point of tanh is sigma_w^2 = 1 exactly.

    Below 1 the fixed point is q* = 0 with chi = sigma_w^2 < 1; above, q* ~ e/2 for
    sigma_w^2 = 1 + e and chi - 1 ~ e^2/3: chi touches 1 tangentially from the chaotic side,
    so chi - 1 is below 1e-6 up to sigma_w^2 ~ 1.0017.  The reference figure 1.0015 is not
    the infinite-depth point: it is what one gets by evaluating chi at the variance q_L
    reached after L = 5000 layers from q_0 = 1 instead of at q* (the approach to q* ~ 7e-4 is
    slow, its rate is 1 - e), i.e. :func:`phase.chi_after_layers` = 1.  We check both.
    """
    assert P.critical_line("tanh", None, [0.0])[0] == pytest.approx(1.0, abs=1e-5)
    assert P.critical_line("tanh", None, [0.0], exact=True)[0] == pytest.approx(1.0, abs=1e-5)
    below = P.phase_point("tanh", None, 0.99, 0.0)
    assert below.status == "zero" and below.chi == pytest.approx(0.99, rel=1e-9)
    for e in (0.002, 0.01):
        pt = P.phase_point("tanh", None, 1.0 + e, 0.0)
        assert pt.q_star == pytest.approx(e / 2, rel=0.02)
        assert pt.chi - 1 == pytest.approx(e * e / 3, rel=0.05)
    sw = np.linspace(1.0005, 1.003, 251)
    chi_L = P.chi_after_layers("tanh", None, sw, 0.0, layers=5000)
    root = sw[np.argmax(chi_L >= 1.0)]
    assert chi_L[0] < 1.0 <= chi_L[-1]
    assert root == pytest.approx(1.0015, abs=1e-4)
    # a shallower evaluation puts the edge further out: the figure depends on L
    chi_500 = P.chi_after_layers("tanh", None, np.array([1.0015]), 0.0, layers=500)
    assert chi_500[0] < 1.0


@pytest.mark.parametrize("sw2, expected", [(1.0, 3.6), (1.5, 15.8), (2.5, 11.8), (4.0, 7.0)])
def test_tanh_correlation_depth_scale(sw2, expected):
    """xi_c = -1/ln chi_c with chi_c the slope of the correlation map at its *stable* fixed
    point c* (Schoenholz et al. 2017, eq. 9).  The slope at c = 1 is always chi (whatever phi
    and sigma_b), which is c*'s slope only in the ordered phase (sigma_w^2 = 1.0 and 1.5 here,
    xi_c = xi_grad).  In the chaotic phase (2.5 and 4.0) c = 1 is unstable, -1/ln chi would be
    negative (-7.98 and -3.40), and the reference figures 11.8 and 7.0 come from c* = 0.447 and
    0.165."""
    pt = P.phase_point("tanh", None, sw2, SB2)
    assert round(pt.xi_corr, 1) == expected
    if pt.chi < 1:
        assert pt.xi_corr == pt.xi_grad and pt.c_star == 1.0
    else:
        assert pt.xi_grad < 0 < pt.c_star < 1


@pytest.mark.parametrize("sw2", [1.77, 2.5, 4.0])
def test_chaotic_correlation_map_against_2d_quadrature(sw2):
    pt = P.phase_point("tanh", None, sw2, SB2)
    c_ref, chi_c_ref = _tanh_corr_reference(sw2, SB2)
    assert pt.chi > 1
    assert pt.c_star == pytest.approx(c_ref, abs=2e-6)
    assert pt.chi_c == pytest.approx(chi_c_ref, rel=1e-6)
    assert pt.xi_corr == pytest.approx(-1 / math.log(chi_c_ref), rel=1e-4)


def test_ordered_phase_xi_corr_is_xi_grad_and_chaotic_xi_grad_is_negative():
    o = P.phase_point("tanh", None, 1.2, SB2)
    assert o.chi < 1 and o.c_star == 1.0 and o.xi_corr == o.xi_grad > 0
    c = P.phase_point("tanh", None, 3.0, SB2)
    assert c.chi > 1 and c.xi_grad == pytest.approx(-1 / math.log(c.chi)) and c.xi_grad < 0
    assert 0 < c.c_star < 1 and c.xi_corr > 0


def test_odd_function_without_bias_decorrelates_completely():
    """For odd phi and sigma_b = 0 the chaotic fixed point is c* = 0, where the slope is
    sigma_w^2 E[phi'(sqrt(q*) z)]^2."""
    pt = P.phase_point("tanh", None, 3.0, 0.0)
    assert pt.c_star == 0.0
    m = expectation(lambda x: 1 - np.tanh(x) ** 2, pt.q_star)
    assert pt.chi_c == pytest.approx(3.0 * m * m, rel=1e-6)


def test_relu_critical_set_is_the_single_point_2_0():
    line = P.critical_line("relu", None, [0.0, 0.01, 0.05, 0.3])
    assert line[0] == pytest.approx(2.0, rel=1e-12)
    assert np.isnan(line[1:]).all()
    g = P.phase_grid("relu", sigma_w2=(1.0, 3.0), sigma_b2=(0.0, 0.2), n=21, n_b=5)
    crit = np.isfinite(g.chi) & (np.abs(g.chi - 1) < 1e-9) & (g.status == P.OK)
    assert [(float(g.sigma_w2[j]), float(g.sigma_b2[i])) for i, j in zip(*np.nonzero(crit))] == [(2.0, 0.0)]
    # sigma_w^2 > 2, or = 2 with a bias: q* runs off to infinity, nothing is defined there
    right = g.sigma_w2 > 2.0
    assert (g.status[:, right] == P.INFINITE).all()
    assert np.isnan(g.chi[:, right]).all() and np.isnan(g.xi_corr[:, right]).all()
    assert (g.status[1:, g.sigma_w2 == 2.0] == P.INFINITE).all()
    # below 2 with a bias: q* = sigma_b^2 / (1 - sigma_w^2 / 2), chi = sigma_w^2 / 2
    j = int(np.argmin(np.abs(g.sigma_w2 - 1.5)))
    assert g.q_star[2, j] == pytest.approx(0.1 / (1 - 0.75), rel=1e-12)
    assert g.chi[2, j] == pytest.approx(0.75, rel=1e-12)
    # and without one every signal dies: q* = 0, chi is still sigma_w^2 / 2
    assert g.status[0, j] == P.ZERO and g.chi[0, j] == pytest.approx(0.75, rel=1e-12)


def test_critical_line_needs_a_finite_fixed_point():
    """GELU: chi reaches 1 with a finite q* only for larger biases (at sigma_b^2 = 0.3 at
    sigma_w^2 = 1.956, with q* ~ 9, just before q* runs off to infinity); softplus: chi tends
    to 1 only as q* -> infinity (sigma_w^2 -> 2), which is not a critical point."""
    g = P.critical_line("gelu", None, [0.05, 0.3], sigma_w2_max=4.5)
    assert np.isnan(g[0]) and round(g[1], 3) == 1.956
    at = P.phase_point("gelu", None, float(g[1]), 0.3)
    assert at.status == "ok" and 1 < at.q_star < 100 and at.chi == pytest.approx(1.0, abs=1e-6)
    assert P.phase_point("gelu", None, 2.0, 0.3).status == "infinite"
    assert np.isnan(P.critical_line("softplus", None, [0.0, 0.1, 0.3], sigma_w2_max=4.5)).all()


def test_selu_lecun_fixed_point_and_the_0_7877_figure():
    """SELU with LeCun init (sigma_w^2 = 1, sigma_b = 0) has the fixed point mean 0, variance
    1 (Klambauer, Unterthiner, Mayr & Hochreiter, "Self-normalizing neural networks", 2017).

    The figure 0.7877 the reference calls the Jacobian norm there is *not* mean-field chi: it
    is the spectral norm of the Jacobian of Klambauer et al.'s moment map
    g: (mu, nu) -> (mu~, nu~) at (0, 1) with omega = sum w = 0, tau = sum w^2 = 1, whose
    entries are d mu~/d mu = d nu~/d mu = 0 (they carry a factor omega) and
    d mu~/d nu = 0.0888, d nu~/d nu = 0.7826 (the slope of the variance map, < 1: the fixed
    point attracts).  chi = E[selu'(z)^2] = 1.0716 is the gradient's variance factor per
    layer: by that measure SELU at LeCun init sits slightly on the chaotic side.
    """
    pt = P.phase_point("selu", None, 1.0, 0.0)
    assert pt.status == "ok"
    assert pt.q_star == pytest.approx(1.0, abs=1e-6)
    f, df = catalogue.get("selu").bind()
    kinks = (0.0,)
    assert abs(expectation(f, 1.0, kinks)) < 1e-6
    assert pt.chi == pytest.approx(expectation(lambda x: df(x) ** 2, 1.0, kinks), rel=1e-7)
    assert round(pt.chi, 4) == 1.0716

    # d/d nu E[g(sqrt(nu) z)] at nu = 1 is E[g(z)(z^2 - 1)] / 2
    def d_dnu(g):
        return expectation(lambda x: g(x) * (x * x - 1.0) / 2.0, 1.0, kinks)

    dmu_dnu = d_dnu(f)
    dxi_dnu = d_dnu(lambda x: f(x) ** 2)
    mu = expectation(f, 1.0, kinks)
    dnu_dnu = dxi_dnu - 2 * mu * dmu_dnu
    jac = np.array([[0.0, dmu_dnu], [0.0, dnu_dnu]])
    assert round(dmu_dnu, 4) == 0.0888 and round(dnu_dnu, 4) == 0.7826
    assert round(float(np.linalg.norm(jac, 2)), 4) == 0.7877
    # the variance map's slope is the mean-field one at q* = 1
    tab = P.moment_table("selu")
    h = 1e-4
    m_plus, m_minus = tab.interp("m2", np.array([1 + h, 1 - h]))
    assert dxi_dnu == pytest.approx((m_plus - m_minus) / (2 * h), rel=1e-5)


# ---- statuses and robustness ----------------------------------------------------------------------

def test_statuses_are_consistent_for_every_catalogue_function():
    for fid in catalogue.ids():
        g = P.phase_grid(fid, sigma_w2=(0.3, 6.0), sigma_b2=(0.0, 0.5), n=13, n_b=6)
        ok, zero, inf = g.status == P.OK, g.status == P.ZERO, g.status == P.INFINITE
        assert (ok | zero | inf).all()
        assert (np.isfinite(g.q_star[ok]) & (g.q_star[ok] > 0)).all(), fid
        assert (g.q_star[zero] == 0).all() and np.isinf(g.q_star[inf]).all()
        assert (np.isfinite(g.chi[ok | zero]) & (g.chi[ok | zero] >= 0)).all(), fid
        for a in (g.chi, g.xi_grad, g.xi_corr, g.c_star):
            assert np.isnan(a[inf]).all(), fid
        assert np.isnan(g.xi_corr[zero]).all()
        fin = ok & np.isfinite(g.xi_corr)
        assert (g.xi_corr[fin] >= 0).all() and (g.c_star[ok] <= 1).all() and (g.c_star[ok] >= 0).all(), fid


def test_typed_function_gets_a_diagram():
    from act_explorer.model import expression

    compiled = expression.compile_expression("tanh(x) + 0*x")
    catalogue.register(compiled.activation)
    g = P.phase_grid(compiled.activation.id, sigma_w2=(1.0, 3.0), sigma_b2=(0.0, 0.2), n=6, n_b=4)
    t = P.phase_grid("tanh", sigma_w2=(1.0, 3.0), sigma_b2=(0.0, 0.2), n=6, n_b=4)
    np.testing.assert_allclose(g.chi, t.chi, rtol=1e-9)
    np.testing.assert_array_equal(g.status, t.status)


@pytest.mark.parametrize("kw, msg", [
    (dict(sigma_w2=(2.0, 1.0)), "LO < HI"),
    (dict(sigma_w2=(0.0, 1.0)), "positive"),
    (dict(sigma_b2=(-1.0, 1.0)), "must lie in"),
    (dict(sigma_w2=(1.0, math.inf)), "finite"),
    (dict(n=1), "between 2 and"),
])
def test_bad_requests_raise_phase_error(kw, msg):
    with pytest.raises(P.PhaseError, match=msg):
        P.phase_grid("tanh", **kw)


def test_csv_has_the_columns_and_empty_undefined_fields():
    g = P.phase_grid("relu", sigma_w2=(1.0, 3.0), sigma_b2=(0.0, 0.1), n=3, n_b=2)
    lines = g.to_csv().splitlines()
    assert lines[0] == "sigma_w2,sigma_b2,q_star,chi,xi_grad,xi_corr,c_star,status"
    assert len(lines) == 1 + 6
    rows = [ln.split(",") for ln in lines[1:]]
    # (3, 0.1): q* infinite, the rest empty
    assert rows[5][:2] == ["3.0", "0.1"] and rows[5][2] == "inf" and rows[5][3:7] == [""] * 4
    assert rows[5][7] == "infinite"
    # (1, 0.1): every field a number
    assert rows[3][7] == "ok" and all(v != "" for v in rows[3][2:7])
    assert float(rows[3][3]) == pytest.approx(0.5)


def test_a_function_undefined_somewhere_has_no_phase_diagram():
    """1/x has no Gaussian moments (E[1/z²] diverges): refused with the domain's sentence
    instead of a grid of finite-looking numbers."""
    from act_explorer.model import catalogue, expression

    act = expression.make_activation("1/x")
    catalogue.register(act)
    try:
        with pytest.raises(P.PhaseError, match="undefined at x = 0"):
            P.phase_grid(act.id, {}, n=3)
    finally:
        catalogue.unregister(act.id)
