"""The catalogue's values and derivatives: PyTorch's, FACTS.md's, and the calculus's."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from act_explorer.model import catalogue as C
from act_explorer.model.catalogue import ParamError, UnknownActivation

REF = json.loads((Path(__file__).resolve().parents[1] / "data" / "torch_reference.json").read_text())
REQUIRED = [
    "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "rrelu", "elu", "selu", "celu", "gelu",
    "gelu_tanh", "silu", "swish", "mish", "softplus", "softsign", "relu6", "hardtanh",
    "hardsigmoid", "hardswish", "linear", "step",
]


def test_every_required_id_is_present_with_pytorch_parameter_names():
    assert set(REQUIRED) <= set(C.CATALOGUE)
    names = {a.id: [p.name for p in a.params] for a in C.CATALOGUE.values()}
    assert names["leaky_relu"] == ["negative_slope"]
    assert names["prelu"] == ["init"]
    assert names["rrelu"] == ["lower", "upper"]
    assert names["softplus"] == ["beta", "threshold"]
    assert names["hardtanh"] == ["min_val", "max_val"]
    assert names["elu"] == ["alpha"] and names["celu"] == ["alpha"]
    assert names["swish"] == ["beta"]
    assert C.get("rrelu").defaults() == {"lower": 0.125, "upper": pytest.approx(1 / 3)}


def test_every_entry_is_complete():
    for a in C.CATALOGUE.values():
        assert a.family in C.FAMILIES
        assert a.name and a.latex_f and a.latex_df and a.notes
        for p in a.params:
            assert p.min <= p.default <= p.max
            p.check(p.default)


@pytest.mark.parametrize("case", REF["cases"], ids=lambda c: f"{c['id']}{c['params'] or ''}")
def test_matches_pytorch_values_and_autograd(case):
    """Reference values were produced by PyTorch (tests/tools/make_torch_reference.py)."""
    x = np.array(REF["x"], dtype=np.float64)
    act = C.get(case["id"])
    for key in ("f", "df"):
        expected = np.array([float(v) for v in case[key]])
        got = getattr(act, key)(x, **case["params"])
        # PyTorch itself returns NaN for gelu_tanh' at |x| = 1e300 (inf * 0); we return the limit.
        ok = ~np.isnan(expected)
        assert np.all(np.isfinite(got[ok]) | np.isinf(expected[ok]))
        np.testing.assert_allclose(got[ok], expected[ok], rtol=1e-6, atol=1e-12,
                                   err_msg=f"{case['id']} {key} {case['params']}")


def test_reference_covers_kinks_and_tails():
    x = set(REF["x"])
    assert {0.0, -3.0, 3.0, 6.0, -1.0, 1.0, 700.0, -700.0} <= x
    assert {c["id"] for c in REF["cases"]} >= set(REQUIRED) - {"step"}


def test_pytorch_kink_derivatives():
    z = np.array([0.0])
    assert C.get("relu").df(z)[0] == 0.0
    assert C.get("leaky_relu").df(z)[0] == 0.01
    assert C.get("leaky_relu").df(z, negative_slope=0.3)[0] == 0.3
    assert C.get("prelu").df(z)[0] == 0.25
    assert C.get("rrelu").df(z)[0] == pytest.approx((1 / 8 + 1 / 3) / 2)
    assert C.get("elu").df(z, alpha=2.0)[0] == 2.0
    assert C.get("relu6").df(np.array([0.0, 6.0])).tolist() == [0.0, 0.0]
    assert C.get("hardtanh").df(np.array([-1.0, 1.0])).tolist() == [0.0, 0.0]
    assert C.get("hardsigmoid").df(np.array([-3.0, 3.0])).tolist() == [0.0, 0.0]
    assert C.get("hardswish").df(np.array([-3.0, 3.0])).tolist() == [0.0, 1.0]


def test_known_values_from_facts():
    def v(fid, x, **p):
        return float(C.get(fid).f(np.array([x]), **p)[0])

    assert v("softplus", 0.0) == pytest.approx(math.log(2), abs=1e-6)
    assert v("elu", -1.0) == pytest.approx(-0.632121, abs=1e-6)
    assert v("gelu", 1.0) == pytest.approx(0.841345, abs=1e-6)
    assert v("gelu_tanh", 1.0) == pytest.approx(0.841192, abs=1e-6)
    assert v("silu", 1.0) == pytest.approx(0.731059, abs=1e-6)
    assert v("mish", 1.0) == pytest.approx(0.865098, abs=1e-6)
    assert v("selu", 1.0) == pytest.approx(1.050701, abs=1e-6)
    assert v("selu", -1.0) == pytest.approx(-1.111331, abs=1e-6)
    assert v("swish", 1.0, beta=1.0) == v("silu", 1.0)
    assert float(C.get("sigmoid").df(np.array([0.0]))[0]) == 0.25
    assert float(C.get("tanh").df(np.array([0.0]))[0]) == 1.0
    assert v("celu", -1.0) == v("elu", -1.0)


# Points in [-30, 30] at least 1e-3 away from every kink of every function.
_KINKS = np.array([-3.0, -1.0, 0.0, 1.0, 3.0, 6.0, 20.0])
_away = st.floats(-30, 30).filter(lambda t: np.min(np.abs(_KINKS - t)) > 1e-3)


@settings(max_examples=150, deadline=None)
@given(x=_away, fid=st.sampled_from(sorted(set(REQUIRED) - {"step"})))
def test_derivative_matches_central_difference(x, fid):
    act = C.get(fid)
    h = 1e-6 * max(1.0, abs(x))
    xs = np.array([x - h, x + h])
    numeric = (act.f(xs)[1] - act.f(xs)[0]) / (2 * h)
    analytic = float(act.df(np.array([x]))[0])
    assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(x=st.floats(allow_nan=False, allow_infinity=False), fid=st.sampled_from(REQUIRED))
def test_no_warning_and_no_nan_for_any_finite_x(x, fid):
    act = C.get(fid)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            f = act.f(np.array([x]))
            d = act.df(np.array([x]))
    assert not np.isnan(f).any() and not np.isnan(d).any()
    assert np.isfinite(d).all()


def test_no_warning_at_extreme_parameters():
    xs = np.concatenate([-np.logspace(-300, 308, 300), [0.0], np.logspace(-300, 308, 300)])
    for act in C.CATALOGUE.values():
        combos = [{}] + [{p.name: v} for p in act.params
                         for v in ((p.min + 1e-3) if p.min_open else p.min, p.max)]
        for params in combos:
            try:
                act.resolve(params)
            except ParamError:
                continue  # a cross-parameter rule (e.g. min_val < max_val)
            with np.errstate(all="raise", under="ignore"):
                assert not np.isnan(act.f(xs, **params)).any()
                assert not np.isnan(act.df(xs, **params)).any()


def test_rrelu_curve_is_the_eval_mode_mean_slope():
    x = np.array([-2.0])
    assert C.get("rrelu").f(x, lower=0.1, upper=0.3)[0] == pytest.approx(-0.4)


def test_parameter_validation_messages():
    with pytest.raises(ParamError, match="beta"):
        C.get("softplus").resolve({"beta": 0})
    with pytest.raises(ParamError, match="lower"):
        C.get("rrelu").resolve({"lower": 0.5, "upper": 0.2})
    with pytest.raises(ParamError, match="min_val"):
        C.get("hardtanh").resolve({"min_val": 2, "max_val": 1})
    with pytest.raises(ParamError, match="no parameter 'alpha'"):
        C.get("relu").resolve({"alpha": 1})
    with pytest.raises(ParamError, match="number"):
        C.get("elu").resolve({"alpha": "abc"})


def test_unknown_id_suggests_the_closest():
    with pytest.raises(UnknownActivation) as exc:
        C.get("relux")
    assert "relu" in str(exc.value)
    assert C.get("Leaky-ReLU").id == "leaky_relu"


def test_user_functions_cannot_replace_builtins():
    with pytest.raises(ValueError):
        C.register(C.get("relu"))


def test_builtins_are_immutable_and_typed_functions_live_in_the_registry():
    from act_explorer.model import expression

    assert set(C.BUILTIN) == {a.id for a in C.CATALOGUE.values() if a.family != "custom"}
    typed = expression.make_activation("2*x", name="double")
    with pytest.raises(TypeError):
        C.BUILTIN["double"] = typed            # type: ignore[index]
    with pytest.raises(TypeError):
        C.CATALOGUE[typed.id] = typed          # type: ignore[index]
    with pytest.raises(ValueError):
        C.TYPED.add(C.get("relu"))
    C.register(typed)
    assert typed.id in C.TYPED and typed.id not in C.BUILTIN
    assert C.get(typed.id) is typed and list(C.CATALOGUE)[-1] == typed.id
    C.unregister(typed.id)
    assert typed.id not in C.CATALOGUE


def test_the_typed_registry_counts_generations():
    from act_explorer.model import expression

    reg = C.TypedRegistry()
    a = expression.make_activation("2*x", name="g")
    b = expression.make_activation("3*x", name="g")
    assert a.id == b.id
    assert reg.generation == 0 and reg.key(a.id) == (a.id, 0)
    reg.add(a)
    first = reg.key(a.id)
    reg.add(b)                                  # replaced under the same id
    assert reg.get(a.id) is b and reg.key(a.id) != first and reg.generation == 2
    saved = reg.snapshot()
    reg.remove(a.id)
    assert a.id not in reg and reg.generation == 3 and len(reg) == 0
    reg.remove(a.id)                            # absent: nothing changes
    assert reg.generation == 3
    reg.restore(saved)
    assert reg.get(a.id) is b and reg.generation == 4
    reg.restore(saved)                          # already so
    assert reg.generation == 4
    assert C.get("relu") is C.BUILTIN["relu"] and reg.key("relu") == ("relu", 0)


def test_activations_are_cache_keys():
    """Caches key on the entry itself: a function replaced under the same id is another key,
    and two lookups of the same entry are one key."""
    from act_explorer.model import expression

    a = expression.make_activation("2*x", name="g")
    b = expression.make_activation("2*x", name="g")     # same text, another object
    assert a.id == b.id and a != b and len({a, b}) == 2
    assert len({C.get("relu"), C.get("ReLU"), C.BUILTIN["relu"]}) == 1
