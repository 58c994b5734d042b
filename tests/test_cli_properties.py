"""`act-explorer properties`: the properties card as text or JSON, checked against FACTS.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from act_explorer.cli import main


def _json(capsys, *argv):
    assert main(["properties", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("fid, key, value", [
    ("relu", "mean_f", 0.39894),
    ("relu", "mean_f2", 0.5),
    ("relu", "mean_df", 0.5),
    ("relu", "mean_df2", 0.5),
    ("sigmoid", "mean_df", 0.20662),
    ("sigmoid", "mean_df2", 0.04484),
    ("tanh", "mean_df", 0.60571),
    ("tanh", "mean_df2", 0.46440),
])
def test_gaussian_moments_match_the_facts(capsys, fid, key, value):
    assert _json(capsys, fid)["gaussian"][key] == pytest.approx(value, abs=5e-6)


def test_selu_self_normalises(capsys):
    g = _json(capsys, "selu")["gaussian"]
    assert abs(g["mean_f"]) < 1e-3 and g["mean_f2"] == pytest.approx(1.0, abs=1e-3)


def test_relu_card(capsys):
    d = _json(capsys, "relu")
    assert d["range"] == [0.0, None] and d["range_closed"] == [True, False]
    assert (d["zero_centred"], d["monotonic"], d["continuous"], d["smooth"]) == (False, True, True, False)
    assert d["saturation"]["left"] == "hard" and d["saturation"]["left_at"] == 0.0
    assert d["saturation"]["right"] == "none"
    assert d["max_abs_slope"]["value"] == 1.0 and d["max_abs_slope"]["attained"] is True
    assert d["max_abs_slope"]["interval"] == [0.0, None]
    assert d["slope_at_0"] == 0.0 and d["units_can_die"] is True


def test_sigmoid_and_tanh(capsys):
    s = _json(capsys, "sigmoid")
    assert s["range"] == [0.0, 1.0] and s["range_closed"] == [False, False]
    assert s["saturation"] == {"left": "soft", "right": "soft", "left_at": None, "right_at": None}
    assert s["max_abs_slope"]["value"] == pytest.approx(0.25) and s["max_abs_slope"]["at"] == 0.0
    assert s["smooth"] is True and s["units_can_die"] is False
    t = _json(capsys, "tanh")
    assert t["zero_centred"] is True and t["range"] == [-1.0, 1.0]


def test_hardswish_largest_slope_is_a_supremum(capsys):
    d = _json(capsys, "hardswish")
    m = d["max_abs_slope"]
    # f'(x) = x/3 + 1/2 on (-3, 3) approaches 1.5 as x -> 3-, but f'(3) = 1 (PyTorch)
    assert m["value"] == pytest.approx(1.5, abs=1e-9) and m["at"] == 3.0 and m["attained"] is False
    assert main(["properties", "hardswish"]) == 0
    out = capsys.readouterr().out
    assert "Largest |f′|: 1.5, approached as x → 3⁻ but not reached (f′(3) = 1)" in out


def test_parameters_and_expressions(capsys):
    d = _json(capsys, "leaky_relu", "-p", "negative_slope=0.2")
    assert d["params"] == {"negative_slope": 0.2} and d["units_can_die"] is False
    assert d["saturation"]["left"] == "none" and d["range"] == [None, None]
    e = _json(capsys, "--expr", "x*sigmoid(b*x)", "-p", "b=1")
    s = _json(capsys, "silu")
    assert e["gaussian"]["mean_f"] == pytest.approx(s["gaussian"]["mean_f"], rel=1e-9)


@pytest.mark.parametrize("text, where", [("1/x", "undefined at x = 0"), ("sqrt(-x)", "undefined for x > 0"),
                                         ("exp(710)", "undefined everywhere")])
def test_undefined_functions(capsys, text, where):
    d = _json(capsys, "--expr", text)
    assert d["defined_everywhere"] is False and d["undefined_text"].startswith(where)
    assert d["continuous"] is False and d["gaussian"]["mean_f"] is None
    assert main(["properties", "--expr", text]) == 0
    out = capsys.readouterr().out
    assert f"Defined: {where}" in out and "Continuous: no" in out


def test_text_in_chinese(capsys):
    assert main(["properties", "relu", "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert "值域: [0, ∞)" in out
    assert "左饱和: 硬饱和（x < 0 时 f′ = 0）" in out
    assert "神经元可能死亡: 是" in out


@pytest.mark.parametrize("argv, needle", [
    (["nope"], "unknown activation"),
    ([], "name one function"),
    (["relu", "--expr", "x"], "name one function"),
    (["--expr", "x+"], "ends too early"),
    (["relu", "-p", "alpha=2"], "alpha"),
    (["leaky_relu", "-p", "negative_slope=abc"], "negative_slope"),
])
def test_bad_input_is_one_error_line(capsys, argv, needle):
    assert main(["properties", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and needle in err[0]


def test_subprocess_exit_status():
    r = subprocess.run([sys.executable, "-m", "act_explorer", "properties", "--expr", "sqrt(x-100)", "--json"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stderr == ""
    d = json.loads(r.stdout)
    assert d["undefined_text"] == "undefined for x < 100" and d["range"] == [0.0, None]


def _catalogue_cases():
    from hypothesis import strategies as st

    from act_explorer.model import catalogue as C

    acts = [a for a in C.CATALOGUE.values() if a.family != "custom"]

    @st.composite
    def case(draw):
        act = draw(st.sampled_from(acts))
        # Normal floats only: softplus with a subnormal beta (below ~3.9e-309) is log(2)/beta
        # ~ 1e309 and more everywhere, past float64 (PyTorch gives inf too), and the card
        # rightly says "undefined everywhere".
        params = {p.name: draw(st.floats(p.min, p.max, allow_nan=False, allow_subnormal=False))
                  for p in act.params}
        try:
            params = act.resolve(params)
        except ValueError:
            params = act.defaults()
        return act.id, params

    return case()


def test_json_is_well_formed_for_any_parameters(capsys):
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_catalogue_cases())
    def check(case):
        fid, params = case
        argv = [fid] + [x for k, v in params.items() for x in ("-p", f"{k}={v!r}")]
        d = _json(capsys, *argv)
        for key in ("zero_centred", "monotonic", "continuous", "smooth", "units_can_die"):
            assert isinstance(d[key], bool)
        assert d["defined_everywhere"] is True
        assert {d["saturation"]["left"], d["saturation"]["right"]} <= {"none", "soft", "hard"}
        lo, hi = d["range"]
        assert lo is None or hi is None or lo <= hi
        assert all(v is None or isinstance(v, float) for v in d["gaussian"].values())

    check()
