"""Functions that are NaN or infinite on part of the line: where, and what the card says."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from act_explorer.model import catalogue as C
from act_explorer.model import expression
from act_explorer.model.depth import DepthConfig, DepthError
from act_explorer.model.domain import check_usable, scan
from act_explorer.model.network import LayerSpec, Network, NetworkError
from act_explorer.model.properties import analyse, analyse_activation
from act_explorer.model.property_report import text_lines, to_json


def _props(text):
    c = expression.compile_expression(text)
    f, df = c.activation.bind(**dict(c.params))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return analyse(f, df, c.activation.kinks(**dict(c.params)))


@pytest.mark.parametrize("text, where", [
    ("sqrt(-x)", "undefined for x > 0"),
    ("log(x)", "undefined for x ≤ 0"),
    ("1/x", "undefined at x = 0"),
    ("1/(x-0.3)", "undefined at x = 0.3"),
    ("sqrt(x-100)", "undefined for x < 100"),
    ("exp(710)", "undefined everywhere (f is not a finite number for any x)"),
    ("sqrt(1-x^2)", "undefined for x < -1; for x > 1"),
])
def test_where_undefined(text, where):
    p = _props(text)
    assert p.undefined_text() == where
    assert not p.defined_everywhere and not p.continuous and not p.smooth
    assert not p.monotonic and not p.zero_centred
    # moments need f on the whole line (z ~ N(0,1) reaches every x)
    assert all(math.isnan(v) for v in (p.mean_f, p.mean_f2, p.mean_df, p.mean_df2))
    d = to_json(p)
    assert d["gaussian"] == {"mean_f": None, "mean_f2": None, "mean_df": None, "mean_df2": None}
    assert d["continuous"] is False and d["monotonic"] is False and d["smooth"] is False


def test_ranges_are_honest():
    # a pole on both sides: every real value is taken (not [-2e+11, 200])
    p = _props("1/x")
    assert (p.range_lo, p.range_hi) == (-math.inf, math.inf)
    assert [(q.at, q.side, q.sign) for q in p.poles] == [(0.0, -1, -1), (0.0, 1, 1)]
    assert math.isinf(p.max_abs_df) and not p.max_abs_df_attained
    p = _props("sqrt(-x)")
    assert (p.range_lo, p.range_lo_closed, p.range_hi) == (0.0, True, math.inf)
    p = _props("log(x)")      # a logarithmic pole at 0+ and unbounded growth to the right
    assert (p.range_lo, p.range_hi) == (-math.inf, math.inf)
    p = _props("exp(710)")
    assert math.isnan(p.range_lo) and to_json(p)["range"] is None


def test_overflow_in_a_tail_is_growth_not_a_gap():
    p = _props("exp(x)")
    assert p.defined_everywhere and p.monotonic and p.range_hi == math.inf
    assert check_usable(expression.make_activation("exp(x)")) is None


def test_infinite_slope_where_f_is_finite():
    p = _props("sqrt(abs(x))")
    assert p.defined_everywhere and p.continuous
    assert math.isinf(p.max_abs_df) and p.max_abs_df_at == (0.0, 0.0) and not p.max_abs_df_attained


def test_slow_growth_has_no_finite_limit():
    p = _props("log(1+x^2)")
    assert p.range_text() == "[0, ∞)"


def test_text_says_where():
    p = _props("1/x")
    lines = text_lines(p, "1/x")
    assert "Defined: undefined at x = 0" in lines
    assert "Continuous: no" in lines
    assert any(line.startswith("For z ~ N(0,1): undefined") for line in lines)


def test_scan_refines_ends_to_round_numbers():
    dom = scan(lambda x: np.sqrt(x - 2.5))
    assert [(g.lo, g.hi, g.hi_closed) for g in dom.gaps] == [(-math.inf, 2.5, False)]
    assert scan(np.tanh).everywhere


@pytest.mark.parametrize("text", ["1/x", "sqrt(-x)", "exp(710)", "log(x)", "sqrt(x-100)"])
def test_networks_refuse_undefined_functions(text):
    act = expression.make_activation(text)
    C.register(act)
    try:
        with pytest.raises(DepthError, match="cannot use this function"):
            DepthConfig(act.id, {}, depth=5)
        with pytest.raises(NetworkError, match="undefined"):
            Network([LayerSpec(4, act.id)])
    finally:
        C.unregister(act.id)


def test_builtins_are_usable_everywhere():
    for act in C.CATALOGUE.values():
        assert check_usable(act) is None


def test_catalogue_is_defined_everywhere():
    for act in C.CATALOGUE.values():
        p = analyse_activation(act)
        assert p.defined_everywhere and not p.undefined, act.id
