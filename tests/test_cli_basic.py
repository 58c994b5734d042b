"""The headless verbs `list` and `curve` (CSV), and their error handling."""

from __future__ import annotations

import json

import numpy as np
import pytest

from act_explorer.cli import main
from act_explorer.model import catalogue as C


def test_list_json(capsys):
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {d["id"]: d for d in data}
    assert set(by_id) == set(C.CATALOGUE)
    sp = by_id["softplus"]
    assert sp["name"] and sp["family"] == "smooth"
    assert [p["name"] for p in sp["params"]] == ["beta", "threshold"]
    assert {"name", "default", "min", "max"} <= set(sp["params"][0])


def test_list_table_groups_by_family(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "ReLU family" in out and "leaky_relu" in out and "negative_slope=0.01" in out


def test_curve_csv_defaults(tmp_path):
    out = tmp_path / "relu.csv"
    assert main(["curve", "relu", "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "x,f,df"
    assert len(lines) == 1 + 1201
    data = np.loadtxt(out, delimiter=",", skiprows=1)
    np.testing.assert_array_equal(data[:, 0], np.linspace(-6, 6, 1201))
    np.testing.assert_array_equal(data[:, 1], np.maximum(data[:, 0], 0))
    assert data[600, 0] == 0.0 and data[600, 2] == 0.0  # PyTorch: relu'(0) = 0


@pytest.mark.parametrize("fid", sorted(C.CATALOGUE))
def test_curve_matches_the_catalogue_on_a_grid_with_kinks(tmp_path, fid):
    out = tmp_path / "c.csv"
    assert main(["curve", fid, "--range", "-8", "8", "--points", "321", "-o", str(out)]) == 0
    data = np.loadtxt(out, delimiter=",", skiprows=1)
    x = np.linspace(-8, 8, 321)
    assert {0.0, -3.0, 3.0, 6.0, 1.0, -1.0} <= set(x.tolist())
    a = C.get(fid)
    np.testing.assert_array_equal(data[:, 1], a.f(x))
    np.testing.assert_array_equal(data[:, 2], a.df(x))


def test_curve_parameters(tmp_path):
    out = tmp_path / "l.csv"
    assert main(["curve", "leaky_relu", "-p", "negative_slope=0.2", "--range", "-1", "1",
                 "--points", "3", "-o", str(out)]) == 0
    assert out.read_text().splitlines()[1:] == ["-1.0,-0.2,0.2", "0.0,0.0,0.2", "1.0,1.0,1.0"]


BAD = [
    (["curve", "relux"], "did you mean 'relu'"),
    (["curve", "relu", "-p", "alpha=1"], "no parameter 'alpha'"),
    (["curve", "elu", "-p", "alpha=abc"], "must be a number"),
    (["curve", "elu", "-p", "alpha"], "NAME=VALUE"),
    (["curve", "softplus", "-p", "beta=0"], "outside"),
    (["curve", "rrelu", "-p", "lower=0.5", "-p", "upper=0.1"], "must not exceed"),
    (["curve", "relu", "--points", "1"], "--points"),
    (["curve", "relu", "--points", "100000000"], "--points"),
    (["curve", "relu", "--points", "many"], "whole number"),
    (["curve", "relu", "--range", "1", "1"], "XMIN < XMAX"),
    (["curve", "relu", "--range", "2", "1"], "XMIN < XMAX"),
    (["curve", "relu", "--range", "0", "inf"], "finite"),
    (["curve", "relu", "--range", "nan", "1"], "finite"),
    (["curve"], "at least one function"),
]


@pytest.mark.parametrize("args, message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_one_line_and_no_file(tmp_path, capsys, args, message):
    out = tmp_path / "out.csv"
    with pytest.raises(SystemExit) as exc_info:
        code = main([*args, "-o", str(out)])
        raise SystemExit(code)
    assert exc_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1 and message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_bad_output_paths(tmp_path, capsys):
    assert main(["curve", "relu", "-o", str(tmp_path / "x.txt")]) == 2
    assert "unknown output type" in capsys.readouterr().err
    assert main(["curve", "relu", "-o", str(tmp_path / "missing" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        code = main(["curve", "relu", "-o", str(ro / "x.csv")])
        import os

        if os.geteuid() != 0:  # root can write anywhere
            assert code == 2
            assert "permission denied" in capsys.readouterr().err
            assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def test_existing_file_is_untouched_when_writing_fails(tmp_path, monkeypatch, capsys):
    out = tmp_path / "keep.csv"
    out.write_text("precious\n")
    import act_explorer.commands.curve as curve_cmd

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(curve_cmd, "curves_csv", lambda *a, **k: "x,f,df\n")
    monkeypatch.setattr("os.fsync", boom)
    assert main(["curve", "relu", "-o", str(out)]) == 2
    assert "disk is full" in capsys.readouterr().err
    assert out.read_text() == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]
