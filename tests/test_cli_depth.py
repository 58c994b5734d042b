"""The headless verb ``act-explorer depth``: CSV output, options and error handling."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from act_explorer.cli import main
from act_explorer.model import depth as D
from tests.conftest import run_cli

HEADER = "layer,grad_rms,act_rms,act_mean,frac_dead,frac_saturated"


def read(path):
    lines = path.read_text().splitlines()
    data = np.genfromtxt(path, delimiter=",", skip_header=1, ndmin=2)
    return lines, data


def test_sim_csv_has_one_row_per_layer_and_ends_at_1(tmp_path):
    out = tmp_path / "sigmoid.csv"
    assert main(["depth", "sigmoid", "--layers", "10", "-o", str(out)]) == 0
    lines, data = read(out)
    assert lines[0] == HEADER and len(lines) == 11
    assert [ln.split(",")[0] for ln in lines[1:]] == [str(i) for i in range(1, 11)]
    assert data[-1, 1] == 1.0
    assert data[0, 1] < 1e-5                     # sigmoid + Xavier: the gradient vanishes
    assert np.isfinite(data).all()
    assert np.all((data[:, 4] >= 0) & (data[:, 4] <= 1)) and np.all((data[:, 5] >= 0) & (data[:, 5] <= 1))


def test_cli_numbers_are_the_model_numbers(tmp_path):
    out = tmp_path / "r.csv"
    args = ["depth", "leaky_relu", "-p", "negative_slope=0.2", "--layers", "12", "--width", "64",
            "--batch", "32", "--init", "he", "--sigma-b", "0.1", "--seed", "5", "-o", str(out)]
    assert main(args) == 0
    _, data = read(out)
    cfg = D.DepthConfig("leaky_relu", {"negative_slope": 0.2}, depth=12, width=64, batch=32,
                        init="he", sigma_b=0.1, seed=5)
    v = D.simulate(cfg).view()
    np.testing.assert_array_equal(data[:, 1], v.grad_rms)
    np.testing.assert_array_equal(data[:, 2], v.act_rms)
    np.testing.assert_array_equal(data[:, 3], v.act_mean)
    np.testing.assert_array_equal(data[:, 4], v.frac_dead)
    np.testing.assert_array_equal(data[:, 5], v.frac_saturated)


def test_seed_changes_the_numbers_and_sigma_w_implies_custom(tmp_path):
    a, b, c, d = (tmp_path / f"{n}.csv" for n in "abcd")
    base = ["depth", "tanh", "--layers", "6", "--width", "32", "--batch", "16"]
    assert main([*base, "--seed", "1", "-o", str(a)]) == 0
    assert main([*base, "--seed", "2", "-o", str(b)]) == 0
    assert a.read_text() != b.read_text()
    assert main([*base, "--sigma-w", "1.5", "-o", str(c)]) == 0
    assert main([*base, "--init", "custom", "--sigma-w", "1.5", "-o", str(d)]) == 0
    assert c.read_text() == d.read_text() != a.read_text()


def test_theory_mode(tmp_path):
    out = tmp_path / "t.csv"
    assert main(["depth", "relu", "--layers", "50", "--init", "he", "--mode", "theory", "-o", str(out)]) == 0
    lines, data = read(out)
    assert lines[0] == HEADER and len(lines) == 51
    np.testing.assert_allclose(data[:, 1], 1.0, rtol=1e-9)       # He init is critical for ReLU
    np.testing.assert_allclose(data[:, 2], 1.0, rtol=1e-9)       # q stays at sigma_w^2 = 2
    np.testing.assert_allclose(data[:, 3], np.sqrt(2) / np.sqrt(2 * np.pi), rtol=1e-9)  # E[relu(sqrt(2) z)]
    assert all(ln.split(",")[4] == "" for ln in lines[1:])     # no dead fraction in theory
    np.testing.assert_allclose(data[:, 5], 0.5, atol=1e-9)


def test_exploding_network_writes_inf_not_a_warning(tmp_path):
    out = tmp_path / "e.csv"
    code = main(["depth", "relu", "--layers", "1000", "--width", "16", "--batch", "8",
                 "--sigma-w", "10", "-o", str(out)])
    assert code == 0
    lines, data = read(out)
    assert len(lines) == 1001 and data[-1, 1] == 1.0
    assert np.isinf(data[-1, 2]) and np.isinf(data[0, 1])


BAD = [
    (["depth", "relu"], "--layers"),
    (["depth", "relu", "--layers", "0"], "--layers"),
    (["depth", "relu", "--layers", "1001"], "--layers"),
    (["depth", "relu", "--layers", "ten"], "whole number"),
    (["depth", "relu", "--layers", "5", "--width", "0"], "--width"),
    (["depth", "relu", "--layers", "5", "--width", "4097"], "--width"),
    (["depth", "relu", "--layers", "5", "--batch", "5000"], "--batch"),
    (["depth", "relu", "--layers", "5", "--init", "custom"], "--sigma-w"),
    (["depth", "relu", "--layers", "5", "--init", "he", "--sigma-w", "1"], "--init custom"),
    (["depth", "relu", "--layers", "5", "--init", "orthogonal"], "invalid choice"),
    (["depth", "relu", "--layers", "5", "--sigma-w", "0"], "--sigma-w"),
    (["depth", "relu", "--layers", "5", "--sigma-w", "nan"], "finite"),
    (["depth", "relu", "--layers", "5", "--sigma-b", "-1"], "--sigma-b"),
    (["depth", "relu", "--layers", "5", "--mode", "exact"], "invalid choice"),
    (["depth", "relu", "--layers", "5", "--seed", "-3"], "--seed"),
    (["depth", "relux", "--layers", "5"], "did you mean 'relu'"),
    (["depth", "elu", "--layers", "5", "-p", "alpha=-1"], "outside"),
    (["depth", "relu", "--layers", "5", "-p", "alpha=1"], "no parameter 'alpha'"),
    (["depth", "relu", "--layers", "5", "--arch", "batchnorm", "--batch", "1"], "batch of at least 2"),
    (["depth", "relu", "--layers", "5", "--arch", "residual", "--branch-scale", "0"], "--branch-scale"),
    (["depth", "relu", "--layers", "5", "--arch", "residual", "--branch-scale", "1.5"], "at most 1"),
    (["depth", "relu", "--layers", "5", "--arch", "residual", "--branch-scale", "x"], "1/sqrtL"),
    (["depth", "relu", "--layers", "5", "--branch-scale", "0.5"], "only applies to --arch residual"),
    (["depth", "relu", "--layers", "5", "--arch", "batchnorm", "--branch-scale", "1"],
     "only applies to --arch residual"),
    (["depth", "relu", "--layers", "5", "--arch", "resnet"], "invalid choice"),
    (["depth", "relu", "--layers", "5", "--weights", "uniform"], "invalid choice"),
    (["depth", "relu", "--layers", "5", "--arch", "residual-ln", "--width", "1"], "width of at least 2"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a[1:]) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_no_file(tmp_path, capsys, args, message):
    out = tmp_path / "out.csv"
    with pytest.raises(SystemExit) as exc_info:
        raise SystemExit(main([*args, "-o", str(out)]))
    assert exc_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_bad_output_paths(tmp_path, capsys):
    assert main(["depth", "relu", "--layers", "3", "-o", str(tmp_path / "x.png")]) == 2
    assert "unknown output type" in capsys.readouterr().err
    assert main(["depth", "relu", "--layers", "3", "-o", str(tmp_path / "no" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_leaves_an_existing_file_alone(tmp_path, capsys):
    out = tmp_path / "keep.csv"
    out.write_text("precious\n")
    assert main(["depth", "relu", "--layers", "3", "--init", "custom", "-o", str(out)]) == 2
    assert out.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_in_a_fresh_interpreter_without_qt(tmp_path):
    out = tmp_path / "d.csv"
    code = (
        "import json, sys\n"
        "from act_explorer.cli import main\n"
        f"rc = main(['depth', 'gelu', '--layers', '8', '--width', '32', '-o', {str(out)!r}])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'PyQt5', 'PyQt6', 'PySide2', 'shiboken6', 'pyqtgraph', 'superqt', 'qtpy'))\n"
        "print(json.dumps({'rc': rc, 'bad': bad}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout.splitlines()[-1])     # after the readout lines
    assert got == {"rc": 0, "bad": []}
    assert out.read_text().splitlines()[0] == HEADER


def test_entry_point_error_line(tmp_path):
    res = run_cli("depth", "relu", "--layers", "5", "--init", "custom", "-o", "never.csv", cwd=tmp_path)
    assert res.returncode == 2 and list(tmp_path.iterdir()) == []
    assert res.stderr.startswith("error:") and res.stderr.count("\n") == 1
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("option, field, bad", [
    ("--sigma-w", "sigma_w", "0"), ("--sigma-w", "sigma_w", "10.5"), ("--sigma-b", "sigma_b", "-1"),
    ("--seed", "seed", "-3"),
])
def test_sigma_and_seed_limits_are_the_depth_panels(tmp_path, capsys, option, field, bad):
    """The verb refuses what the panel's DepthState refuses, with the state's sentence."""
    from act_explorer.model.depth import DepthError
    from act_explorer.model.depth_state import DepthState

    with pytest.raises(DepthError) as info:
        DepthState(**{field: bad})
    with pytest.raises(SystemExit) as exc_info:
        main(["depth", "relu", "--layers", "3", option, bad, "-o", str(tmp_path / "d.csv")])
    assert exc_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: argument {option}: {info.value} ") and err.count("\n") == 1, err


@pytest.mark.parametrize("arch, extra", [
    ("residual", ["--branch-scale", "1/sqrtL"]), ("residual-ln", ["--branch-scale", "0.5"]),
    ("batchnorm", []), ("residual", ["--weights", "orthogonal"]),
])
def test_architectures_write_the_same_columns_and_the_model_numbers(tmp_path, capsys, arch, extra):
    out = tmp_path / "a.csv"
    args = ["depth", "relu", "--layers", "12", "--width", "32", "--batch", "16", "--init", "he",
            "--seed", "4", "--arch", arch, *extra, "-o", str(out)]
    assert main(args) == 0
    lines, data = read(out)
    assert lines[0] == HEADER and len(lines) == 13
    scale = {"1/sqrtL": "1/sqrtL", "0.5": 0.5}.get(extra[1] if extra and extra[0] == "--branch-scale" else "", 1.0)
    cfg = D.DepthConfig("relu", depth=12, width=32, batch=16, init="he", seed=4, arch=arch,
                        branch_scale=scale,
                        weights="orthogonal" if "orthogonal" in extra else "gaussian")
    v = D.simulate(cfg).view()
    np.testing.assert_array_equal(data[:, 1], v.grad_rms)
    np.testing.assert_array_equal(data[:, 2], v.act_rms)
    text = capsys.readouterr().out
    th = D.theory(cfg)
    expected = [r.text for r in D.readouts.readout_lines(th, 12, v)]
    assert text.splitlines() == expected
    assert f"{D.ARCH_LABELS[arch]}" in text.splitlines()[0]


def test_batchnorm_theory_without_a_theory_writes_empty_columns(tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert main(["depth", "tanh", "--layers", "6", "--arch", "batchnorm", "--mode", "theory",
                 "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == HEADER and all(ln.split(",")[1:] == ["", "", "", "", ""] for ln in lines[1:])
    assert "no mean-field theory" in capsys.readouterr().out
