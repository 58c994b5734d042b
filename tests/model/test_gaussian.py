import math

import pytest

from act_explorer.model import catalogue as C
from act_explorer.model.gaussian import expectation, moments


@pytest.mark.parametrize("fid, mean_df, mean_df2", [
    ("sigmoid", 0.20662, 0.04484),
    ("tanh", 0.60571, 0.46440),
    ("relu", 0.5, 0.5),
])
def test_facts_gaussian_moments(fid, mean_df, mean_df2):
    a = C.get(fid)
    m = moments(*a.bind(), 1.0, a.kinks())
    assert m["mean_df"] == pytest.approx(mean_df, abs=1e-5)
    assert m["mean_df2"] == pytest.approx(mean_df2, abs=1e-5)


def test_relu_moments_exact_and_selu_fixed_point():
    a = C.get("relu")
    m = moments(*a.bind(), 1.0, a.kinks())
    assert m["mean_f"] == pytest.approx(1 / math.sqrt(2 * math.pi), rel=1e-12)
    assert m["mean_f2"] == pytest.approx(0.5, rel=1e-12)
    s = C.get("selu")
    ms = moments(*s.bind(), 1.0, s.kinks())
    assert abs(ms["mean_f"]) < 1e-6 and ms["mean_f2"] == pytest.approx(1.0, abs=1e-6)


def test_kinks_away_from_zero_are_integrated_exactly():
    # E[1{0 < x < 6}] for x ~ N(0, 4) = Phi(3) - 1/2
    a = C.get("relu6")
    got = expectation(a.bind()[1], q=4.0, kinks=a.kinks())
    assert got == pytest.approx(0.5 * math.erf(3 / math.sqrt(2)), rel=1e-12)
