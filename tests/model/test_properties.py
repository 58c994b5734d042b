"""Properties are computed from f and f'; these pin the answers the study notes give."""

from __future__ import annotations

import math

import pytest

from act_explorer.model import catalogue as C
from act_explorer.model.properties import analyse, analyse_activation


@pytest.fixture(scope="module")
def props():
    return {a.id: analyse_activation(a) for a in C.CATALOGUE.values()}


def test_sigmoid(props):
    p = props["sigmoid"]
    assert (p.range_lo, p.range_hi, p.range_lo_closed, p.range_hi_closed) == (0.0, 1.0, False, False)
    assert p.left.kind == "soft" and p.right.kind == "soft"
    assert p.max_abs_df == pytest.approx(0.25) and p.max_abs_df_at == (0.0, 0.0)
    assert not p.zero_centred and p.monotonic and p.smoothness == "smooth" and not p.can_die


def test_tanh_is_zero_centred(props):
    p = props["tanh"]
    assert p.zero_centred and p.range_text() == "(-1, 1)"
    assert p.max_abs_df == pytest.approx(1.0)


def test_relu(props):
    p = props["relu"]
    assert p.left.kind == "hard" and p.left.at == 0.0 and p.right.kind == "none"
    assert p.can_die and p.smoothness == "C0" and p.kinks == (0.0,)
    assert p.range_text() == "[0, ∞)" and not p.zero_centred
    assert p.max_abs_df == 1.0 and p.max_abs_df_at == (0.0, math.inf)
    assert p.df_at_0 == 0.0


@pytest.mark.parametrize("fid", ["leaky_relu", "prelu", "rrelu", "elu", "selu", "gelu", "silu", "mish", "softplus"])
def test_cannot_die(props, fid):
    assert not props[fid].can_die


@pytest.mark.parametrize("fid", ["relu", "relu6", "hardtanh", "hardsigmoid", "hardswish", "step"])
def test_can_die(props, fid):
    assert props[fid].can_die


def test_smoothness_classes(props):
    assert props["elu"].smoothness == "C1"          # alpha = 1: f' continuous, f'' jumps
    assert props["celu"].smoothness == "C1"
    assert props["selu"].smoothness == "C0"
    assert props["softsign"].smoothness == "C1"
    assert props["step"].smoothness == "discontinuous"
    for fid in ("gelu", "silu", "mish", "tanh", "softplus"):
        assert props[fid].smoothness == "smooth", fid
    assert analyse_activation(C.get("elu"), alpha=2.0).smoothness == "C0"


def test_non_monotonic_minima(props):
    for fid, xm, fm in [("silu", -1.27846, -0.278465), ("mish", -1.19243, -0.308843),
                        ("gelu", -0.75179, -0.169971), ("hardswish", -1.5, -0.375)]:
        p = props[fid]
        assert not p.monotonic
        assert p.minimum[0] == pytest.approx(xm, abs=1e-4)
        assert p.minimum[1] == pytest.approx(fm, abs=1e-6)
        assert p.range_lo == pytest.approx(fm, abs=1e-6) and p.range_lo_closed


def test_hard_saturation_points(props):
    r6 = props["relu6"]
    assert (r6.left.kind, r6.left.at, r6.right.kind, r6.right.at) == ("hard", 0.0, "hard", 6.0)
    hs = props["hardsigmoid"]
    assert hs.left.at == -3.0 and hs.right.at == 3.0
    assert props["gelu"].left.kind == "soft"  # its derivative underflows, it is not hard
    assert props["elu"].left.kind == "soft" and props["elu"].right.kind == "none"


def test_parameters_change_the_answer():
    p = analyse_activation(C.get("hardtanh"), min_val=-2.0, max_val=0.5)
    assert p.range_text() == "[-2, 0.5]" and p.kinks == (-2.0, 0.5)
    leaky = analyse_activation(C.get("leaky_relu"), negative_slope=0.0)
    assert leaky.can_die  # slope 0 is plain ReLU


def test_analyse_works_on_an_arbitrary_callable():
    import numpy as np

    p = analyse(lambda x: np.abs(x), lambda x: np.sign(x))
    assert p.smoothness == "C0" and p.kinks == (0.0,) and not p.monotonic
    assert p.range_text() == "[0, ∞)"
