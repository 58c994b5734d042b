"""PhaseState: declared limits, cross-field rules, the model requests it builds, sessions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model import phase as P
from act_explorer.model import trainability as T
from act_explorer.model.phase_state import PhaseState, PhaseStateError, parse_numbers


def test_defaults_are_the_models():
    s = PhaseState()
    assert s.window() == (P.SIGMA_W2_RANGE, P.SIGMA_B2_RANGE)
    assert s.sweep_sigma_w2 == T.DEFAULT_SIGMA_W2 and s.sweep_depths == T.DEFAULT_DEPTHS
    cfg = s.sweep_config("tanh", {})
    assert cfg == T.SweepConfig(activation="tanh", sigma_w2=T.DEFAULT_SIGMA_W2, sigma_b2=0.05)
    req = s.grid_request("tanh", {})
    grid = P.phase_grid(**{**req, "n": 5})
    assert grid.sigma_w2[0] == P.SIGMA_W2_RANGE[0] and grid.sigma_b2[-1] == P.SIGMA_B2_RANGE[1]


def test_depth_values_are_standard_deviations():
    s = PhaseState(sigma_w2=2.25, sigma_b2=0.16)
    assert s.depth_values() == {"init": "custom", "sigma_w": 1.5, "sigma_b": pytest.approx(0.4)}


@pytest.mark.parametrize("bad", [
    {"sigma_w2_lo": 3.0, "sigma_w2_hi": 2.0}, {"sigma_b2_hi": 0.0}, {"sigma_w2": 0.0},
    {"sigma_b2": -0.1}, {"grid": 5}, {"quantity": "nope"}, {"view": "x"},
    {"sweep_depths": "4 eight"}, {"sweep_depths": "4.5"}, {"sweep_sigma_w2": "0 1"},
    {"jac_init": "uniform"}, {"sigma_w2": math.nan},
])
def test_bad_values_change_nothing(bad):
    s = PhaseState()
    before = s.to_dict()
    with pytest.raises(PhaseStateError):
        s.update(**bad)
    assert s.to_dict() == before


def test_lists_parse_sort_and_dedupe():
    assert parse_numbers("2, 1 1.5 2", "x") == (1.0, 1.5, 2.0)
    assert PhaseState(sweep_depths="8 4 4").sweep_depths == (4, 8)
    with pytest.raises(ValueError):
        parse_numbers("", "x")


def test_lists_are_bounded():
    with pytest.raises(PhaseStateError, match="at most 24"):
        PhaseState().update(sweep_depths=" ".join(str(i) for i in range(1, 26)))


def test_dict_round_trip_and_strict_sessions():
    s = PhaseState()
    s.update(quantity="chi", sweep_depths=(2, 4), jac_layers=8, sigma_w2=1.7, view="sweep")
    data = s.to_dict()
    assert data["sweep_depths"] == [2, 4]
    t = PhaseState.from_dict(data)
    assert t.values() == s.values()
    with pytest.raises(PhaseStateError):
        PhaseState().update_from_dict({"grid": 100, "nonsense": 1}, strict=True)
    lenient = PhaseState()
    skipped = lenient.update_from_dict({"grid": 50, "nonsense": 1})
    assert lenient.grid == 50 and skipped == ["unknown setting 'nonsense'"]


def test_changed_names_once_per_update():
    s = PhaseState()
    seen = []
    s.changed.connect(seen.append)
    s.update(sigma_w2=2.0, sigma_b2=0.1)
    s.update(sigma_w2=2.0)
    assert seen == [frozenset({"sigma_w2", "sigma_b2"})]


def test_order_chaos_lesson_quotes_the_models_figures():
    from act_explorer.model import jacobian as J
    from act_explorer.model import lessons as LS

    f = LS.lesson_figures()
    assert f["tanh_crit05"] == f"{float(P.critical_line('tanh', {}, [0.05])[0]):.3f}" == "1.761"
    assert f["tanh_xic_1"] == "3.6" and f["tanh_xic_4"] == "7.0"        # the independent figures
    assert f["relu_jac_gauss16"] == "32" and f["relu_jac_orth16"] == "16"   # 2L and L
    orth = J.prediction("tanh", None, 16, "orthogonal", float(P.critical_line("tanh", {}, [0.001])[0]), 0.001)
    assert f["tanh_jac_orth16"] == f"{orth.variance:.3g}" and orth.variance < 1.0
    en, zh = LS.get("order_chaos").text("en")[1], LS.get("order_chaos").text("zh_CN")[1]
    assert "1.761" in en and "1.761" in zh
    assert "梯度消失" in zh and "梯度爆炸" in zh
    assert "neither Gaussian nor orthogonal weights make a deep ReLU network isometric" in en
    refs = " ".join(LS.get("order_chaos").references)
    assert "Poole" in refs and "Deep information propagation, ICLR 2017" in refs and "Pennington" in refs


def test_phase_of_a_function_whose_moments_overflow_has_no_warning_and_no_nan():
    # pytest turns NumPy warnings into errors; exp(x) overflows E[phi^2] = exp(2q) past q ~ 355
    from act_explorer.model import catalogue, expression

    act = expression.make_activation("exp(x)")
    catalogue.register(act)
    try:
        g = P.phase_grid(act.id, {}, sigma_w2=(0.01, 1.0), sigma_b2=(0.0, 0.3), n=12)
        ok = g.status == P.OK
        assert ok.any() and (g.status == P.INFINITE).any()
        assert np.isfinite(g.chi[ok]).all() and np.isfinite(g.q_star[ok]).all()
        np.testing.assert_allclose(g.chi[ok], (g.sigma_w2[None, :] * np.exp(2 * g.q_star))[ok], rtol=1e-6)
        assert np.isnan(P.critical_line(act.id, {}, [0.05])).all()
    finally:
        catalogue.unregister(act.id)
