"""``act-explorer curve --expr``: typed functions on the command line."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.cli import main
from act_explorer.model import catalogue as C
from act_explorer.model import functions as F

from .conftest import run_cli


def _csv(path):
    lines = path.read_text().splitlines()
    assert lines[0] == "x,f,df"
    return lines, np.genfromtxt(path, delimiter=",", skip_header=1)


def test_expr_writes_x_f_df(tmp_path):
    out = tmp_path / "swish.csv"
    assert main(["curve", "--expr", "x*sigmoid(1.5*x)", "--range", "-4", "4", "--points", "81",
                 "-o", str(out)]) == 0
    lines, data = _csv(out)
    assert len(lines) == 1 + 81
    x = np.linspace(-4, 4, 81)
    np.testing.assert_array_equal(data[:, 0], x)
    np.testing.assert_allclose(data[:, 1], F.swish(x, 1.5), rtol=1e-14)
    np.testing.assert_allclose(data[:, 2], F.d_swish(x, 1.5), rtol=1e-12)


def test_expr_default_grid_and_relu_convention(tmp_path):
    out = tmp_path / "r.csv"
    assert main(["curve", "--expr", "relu(x)", "-o", str(out)]) == 0
    lines, data = _csv(out)
    assert len(lines) == 1 + 1201
    np.testing.assert_array_equal(data[:, 1], C.get("relu").f(data[:, 0]))
    np.testing.assert_array_equal(data[:, 2], C.get("relu").df(data[:, 0]))


def test_expr_with_parameters(tmp_path):
    out = tmp_path / "a.csv"
    assert main(["curve", "--expr", "a*x + b", "-p", "a=2", "-p", "b=-1", "--range", "-1", "1",
                 "--points", "3", "-o", str(out)]) == 0
    assert out.read_text().splitlines()[1:] == ["-1.0,-3.0,2.0", "0.0,-1.0,2.0", "1.0,1.0,2.0"]


def test_expr_inf_and_nan_are_written_as_text(tmp_path):
    out = tmp_path / "log.csv"
    assert main(["curve", "--expr", "log(x)", "--range", "-1", "1", "--points", "3", "-o", str(out)]) == 0
    assert out.read_text().splitlines()[1:] == ["-1.0,,-1.0", "0.0,-inf,inf", "1.0,0.0,1.0"]


def test_expr_next_to_catalogue_ids(tmp_path):
    out = tmp_path / "two.csv"
    assert main(["curve", "relu", "--expr", "max(0, x)", "--range", "-1", "1", "--points", "3",
                 "-o", str(out)]) == 0
    header, *rows = out.read_text().splitlines()
    cols = header.split(",")
    assert cols[:3] == ["x", "relu_f", "relu_df"] and cols[3].startswith("custom:")
    assert rows[1].split(",")[1:] == ["0.0", "0.0", "0.0", "0.5"]  # relu'(0) = 0, maximum ties: 1/2


BAD = [
    (["--expr", "x.__class__"], "attribute access"),
    (["--expr", "__import__('os').system('touch /tmp/pwned')"], "column 1"),
    (["--expr", "9**9**9**9"], "exponent is too large"),
    (["--expr", "(" * 5000 + "x" + ")" * 5000], "too long"),
    (["--expr", "lambda: 1"], "lambda"),
    (["--expr", "foo(x)"], "unknown function 'foo'"),
    (["--expr", "x +"], "ends too early"),
    (["--expr", "a*x", "-p", "b=2"], "no parameter 'b'"),
    (["--expr", "a*x", "-p", "a"], "NAME=VALUE"),
    (["--expr", "a*x", "-p", "a=inf"], "finite"),
    (["--expr", "leaky_relu(x, k)", "-p", "k=3"], "outside"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a)[:30] for a, _ in BAD])
def test_refused_expression_exits_2_with_one_line_and_no_file(tmp_path, capsys, args, message):
    out = tmp_path / "out.csv"
    assert main(["curve", *args, "-o", str(out)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert err.startswith("error:") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_refused_expression_in_a_fresh_process(tmp_path):
    out = tmp_path / "x.csv"
    res = run_cli("curve", "--expr", "x.__class__", "-o", str(out))
    assert res.returncode == 2
    assert res.stderr.startswith("error:") and res.stderr.count("\n") == 1
    assert "column 2" in res.stderr
    assert not out.exists()
    res = run_cli("curve", "--expr", "x^2", "--range", "-1", "1", "--points", "3", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.read_text().splitlines() == ["x,f,df", "-1.0,1.0,-2.0", "0.0,0.0,0.0", "1.0,1.0,2.0"]
