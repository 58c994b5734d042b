"""The headless verbs ``phase``, ``jacobian`` and ``trainability``: CSV output and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from act_explorer.cli import main
from act_explorer.model import jacobian as J
from act_explorer.model import phase as P
from act_explorer.model import trainability as T


def _rows(path):
    lines = path.read_text().splitlines()
    return lines[0].split(","), [ln.split(",") for ln in lines[1:]]


def test_phase_csv_is_the_model_grid(tmp_path):
    out = tmp_path / "phase.csv"
    assert main(["phase", "tanh", "--sigma-w2", "1", "3", "--sigma-b2", "0", "0.3", "--grid", "7",
                 "-o", str(out)]) == 0
    head, rows = _rows(out)
    assert head == ["sigma_w2", "sigma_b2", "q_star", "chi", "xi_grad", "xi_corr", "c_star", "status"]
    assert len(rows) == 49
    g = P.phase_grid("tanh", sigma_w2=(1, 3), sigma_b2=(0, 0.3), n=7)
    for k, r in enumerate(rows):
        i, j = divmod(k, 7)
        assert float(r[0]) == g.sigma_w2[j] and float(r[1]) == g.sigma_b2[i]
        assert r[7] == P.STATUS_NAMES[g.status[i, j]]
        for col, arr in zip(r[2:7], (g.q_star, g.chi, g.xi_grad, g.xi_corr, g.c_star)):
            v = arr[i, j]
            assert (col == "") if math.isnan(v) else float(col) == v
    # sigma_w^2 = 1, sigma_b^2 = 0 is the degenerate corner: q* = 0, no correlation depth
    assert rows[0][2] == "0.0" and rows[0][5] == "" and rows[0][7] == "zero"


def test_phase_expr_and_params(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["phase", "--expr", "x*sigmoid(b*x)", "-p", "b=1", "--grid", "4", "-o", str(a)]) == 0
    assert main(["phase", "silu", "--grid", "4", "-o", str(b)]) == 0
    ra, rb = _rows(a)[1], _rows(b)[1]
    for x, y in zip(ra, rb):
        for u, v in zip(x[2:7], y[2:7]):
            assert (u == v == "") or float(u) == pytest.approx(float(v), rel=1e-8)
    c = tmp_path / "c.csv"
    assert main(["phase", "leaky_relu", "-p", "negative_slope=0.5", "--grid", "3", "--sigma-w2", "1", "2",
                 "--sigma-b2", "0.1", "0.2", "-o", str(c)]) == 0
    # chi = sigma_w^2 (1 + a^2) / 2 for a leaky ReLU
    assert float(_rows(c)[1][0][3]) == pytest.approx(1.0 * 1.25 / 2)


@pytest.mark.parametrize("args, msg", [
    (["phase", "tanh", "--sigma-w2", "2", "1"], "LO < HI"),
    (["phase", "tanh", "--sigma-b2", "-1", "1"], "must lie in"),
    (["phase", "tanh", "--grid", "1"], "--grid"),
    (["phase", "nosuch"], "unknown activation"),
    (["phase"], "name a function id"),
    (["phase", "tanh", "--expr", "x"], "not both"),
    (["phase", "--expr", "x+"], "expression"),
    (["phase", "tanh", "-p", "alpha=2"], "alpha"),
    (["jacobian", "relu", "--layers", "0"], "--layers"),
    (["jacobian", "relu", "--layers", "2", "--init", "he"], "invalid choice"),
    (["jacobian", "relu", "--layers", "2", "--sigma-w2", "0"], "--sigma-w2"),
    (["trainability", "--depths", "0"], "--depths"),
    (["trainability", "--sigma-w2", "0"], "sigma_w^2"),
    (["trainability", "nosuch"], "unknown activation"),
])
def test_bad_input_is_one_error_line_and_no_file(tmp_path, capsys, args, msg):
    out = tmp_path / "x.csv"
    try:
        code = main([*args, "-o", str(out)])
    except SystemExit as exc:          # argparse's own checks exit from inside the parser
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and msg in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("verb", [["phase", "tanh"], ["jacobian", "relu", "--layers", "2"],
                                  ["trainability", "--depths", "2", "--sigma-w2", "1", "--steps", "2"]])
def test_output_path_errors(tmp_path, capsys, verb):
    assert main([*verb, "-o", str(tmp_path / "missing" / "x.csv")]) == 2
    assert main([*verb, "-o", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(e.startswith("error:") for e in err)
    assert "does not exist" in err[0] and "unknown output type" in err[1]
    assert list(tmp_path.iterdir()) == []


def test_jacobian_csv_and_summary(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["jacobian", "relu", "--layers", "3", "--width", "50", "--samples", "2", "--seed", "7",
                 "-o", str(out)]) == 0
    spec = J.jacobian_spectrum("relu", layers=3, width=50, samples=2, seed=7)
    head, rows = _rows(out)
    assert head == ["sample", "index", "singular_value", "squared"] and len(rows) == 100
    np.testing.assert_array_equal([float(r[2]) for r in rows], spec.singular_values.ravel())
    text = capsys.readouterr().out
    assert "sigma_w^2 = 2," in text                     # the critical value by default
    assert f"variance {spec.variance():.4g}" in text and "prediction mean 1, variance 6" in text


def test_trainability_csv(tmp_path, capsys):
    out = tmp_path / "t.csv"
    args = ["trainability", "--depths", "2", "3", "--sigma-w2", "1", "2", "--width", "8", "--steps", "10",
            "--points", "40", "-o", str(out)]
    assert main(args) == 0
    head, rows = _rows(out)
    assert head[:4] == ["depth", "sigma_w2", "sigma_b2", "train_accuracy"] and len(rows) == 4
    r = T.sweep(T.SweepConfig(depths=(2, 3), sigma_w2=(1.0, 2.0), width=8, steps=10, n_points=40))
    assert [float(x[3]) for x in rows] == list(r.accuracy.ravel())
    assert "100%" in capsys.readouterr().err
