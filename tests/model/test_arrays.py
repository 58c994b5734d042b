"""model/arrays.py gives what np.unique and np.median give, for the arrays the analysis has."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.model.arrays import median, sorted_unique


def _cases():
    rng = np.random.default_rng(7)
    for n in [1, 2, 3, 4, 5, 10, 11, 1000, 1001, 40_000]:
        a = rng.standard_normal(n)
        yield a
        yield np.round(a, 1)                      # many repeats
        b = a.copy()
        b[::2] = 0.0
        b[1::4] = -0.0                            # signed zeros side by side
        yield b
        c = a.copy()
        c[0], c[-1] = np.inf, -np.inf
        yield c
    yield np.array([3.0, 3.0, 3.0])
    yield np.array([1e-300, -1e-300, 0.0, 5e-324])


@pytest.mark.parametrize("a", list(_cases()))
def test_same_values_as_numpy(a):
    u = sorted_unique(a)
    want = np.unique(a)
    assert u.dtype == np.float64 and np.array_equal(u, want)
    zeros = a[a == 0]
    if zeros.size:                                # of -0.0 and 0.0, the first in ``a`` is kept
        assert np.signbit(u[u == 0]).tolist() == [bool(np.signbit(zeros[0]))]
    with np.errstate(invalid="ignore"):       # [inf, -inf]: the mean of the middle two is NaN
        got, expected = median(a), np.median(a)
    assert got == expected or (math.isnan(got) and math.isnan(expected))


def test_a_sorted_grid_with_points_added():
    """What the analysis passes: linspace plus kinks and far probes."""
    grid = np.linspace(-50.0, 50.0, 20_001)
    a = np.concatenate([-np.array([1e15, 1e3]), grid, [0.0, 1e-9, -1e-9], [1e3, 1e15]])
    assert np.array_equal(sorted_unique(a), np.unique(a))
    assert sorted_unique(a).size == grid.size + 6


def test_median_of_an_array_with_nan_is_nan_and_of_nothing_an_error():
    assert math.isnan(median(np.array([1.0, np.nan, 2.0])))
    with pytest.raises(ValueError):
        median(np.array([]))


def test_the_analysis_still_finds_discrete_values_and_kinks():
    """The two uses that matter: a step's range is its two values, ReLU's kink is at 0."""
    from act_explorer.model import catalogue
    from act_explorer.model.properties import analyse_activation

    step = analyse_activation(catalogue.get("step"))
    assert step.discrete_values == (0.0, 1.0)
    relu = analyse_activation(catalogue.get("relu"))
    assert relu.kinks == (0.0,) and relu.smoothness == "C0"
