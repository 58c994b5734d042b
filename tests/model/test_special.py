import math

import numpy as np
import pytest

from act_explorer.model.special import erf, erfc, norm_cdf


def test_erfc_matches_the_standard_library():
    xs = np.concatenate([np.linspace(-6, 26, 4001), [0.0, 1e-300, -1e-300]])
    ref = np.array([math.erfc(v) for v in xs])
    np.testing.assert_allclose(erfc(xs), ref, rtol=1e-10, atol=0)


def test_erf_keeps_relative_accuracy_near_zero():
    xs = np.array([1e-300, 1e-10, 1e-3, 0.3, -0.49])
    ref = np.array([math.erf(v) for v in xs])
    np.testing.assert_allclose(erf(xs), ref, rtol=1e-14)


def test_tails_are_clean():
    with np.errstate(all="raise", under="ignore"):
        assert erfc(np.array([1e308]))[0] == 0.0
        assert erfc(np.array([-1e308]))[0] == 2.0
        assert norm_cdf(np.array([-700.0]))[0] == 0.0
    assert norm_cdf(np.array([-10.0]))[0] == pytest.approx(7.619853024160527e-24, rel=1e-10)
