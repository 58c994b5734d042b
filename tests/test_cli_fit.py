"""`act-explorer fit`: the files it writes and how it fails."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from act_explorer.cli import main


def _main(args) -> int:
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code)


def _table(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [[float(v) if v else np.nan for v in line.split(",")] for line in lines[1:]]
    return header, np.array(rows)


def test_csv_grid_units_and_history(tmp_path):
    out, hist = tmp_path / "fit.csv", tmp_path / "h.csv"
    assert main(["fit", "relu", "--target", "abs", "--range", "-1", "1", "--hidden", "2",
                 "--epochs", "3000", "-o", str(out), "--history", str(hist)]) == 0
    header, t = _table(out)
    assert header == ["x", "target", "prediction", "unit_1", "unit_2"]
    x = t[:, 0]
    np.testing.assert_array_equal(x, np.linspace(-2, 2, 601))  # 50% beyond [-1, 1] each side
    np.testing.assert_array_equal(t[:, 1], np.abs(x))
    # units add up to the prediction minus one constant (the output bias)
    c = t[:, 2] - t[:, 3:].sum(axis=1)
    assert np.ptp(c) < 1e-12
    # two ReLU hinges fit |x| and continue it outside the data
    err = np.abs(t[:, 2] - np.abs(x))
    assert np.max(err) < 0.02 and err[0] < 1e-3 and err[-1] < 1e-3
    hh, h = _table(hist)
    assert hh == ["epoch", "loss", "test_loss", "dead"]
    np.testing.assert_array_equal(h[:, 0], np.arange(1, 3001))
    assert h[-1, 1] < 1e-4 and h[-1, 2] < 1e-4 and h[-1, 3] == 0


def test_same_arguments_byte_identical_and_seed_matters(tmp_path):
    args = ["fit", "tanh", "--target", "bump", "--noise", "0.05", "--epochs", "40", "--optimizer",
            "momentum", "--lr", "0.05", "--batch-size", "16", "--seed", "3"]
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert main(args + ["-o", str(a)]) == 0
    assert main(args + ["-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert main(args[:-1] + ["4", "-o", str(c)]) == 0
    assert c.read_bytes() != a.read_bytes()


def test_deep_network_csv_has_no_unit_columns(tmp_path):
    out = tmp_path / "deep.csv"
    assert main(["fit", "gelu", "--target", "cube", "--hidden", "8,8", "--epochs", "5",
                 "--grid", "11", "-o", str(out)]) == 0
    header, t = _table(out)
    assert header == ["x", "target", "prediction"] and t.shape == (11, 3)
    np.testing.assert_array_equal(t[:, 1], t[:, 0] * t[:, 0] * t[:, 0])


def test_typed_activation_and_expression_target(tmp_path):
    out = tmp_path / "e.csv"
    assert main(["fit", "--function-expr", "x*sigmoid(b*x)", "-p", "b=1.5", "--expr", "x^2 - relu(x)",
                 "--hidden", "4", "--epochs", "5", "--grid", "21", "-o", str(out)]) == 0
    header, t = _table(out)
    assert header[:3] == ["x", "target", "prediction"] and len(header) == 7
    np.testing.assert_allclose(t[:, 1], t[:, 0] ** 2 - np.maximum(t[:, 0], 0), atol=1e-15)


def test_csv_points_in_and_empty_target(tmp_path):
    data = tmp_path / "pts.csv"
    xs = np.linspace(0, 3, 30)
    data.write_text("x,y\n" + "".join(f"{x},{np.sin(x)}\n" for x in xs), encoding="utf-8")
    out = tmp_path / "o.csv"
    assert main(["fit", "tanh", "--data", str(data), "--hidden", "4", "--epochs", "5",
                 "--grid", "7", "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[1].split(",")[1] == ""  # no target for points from a file
    _, t = _table(out)
    np.testing.assert_array_equal(t[:, 0], np.linspace(-1.5, 4.5, 7))


def test_plane_targets_write_a_grid(tmp_path):
    out = tmp_path / "p.csv"
    assert main(["fit", "tanh", "--target", "plane", "--hidden", "8", "--epochs", "300", "--lr", "0.02",
                 "--grid", "9", "-o", str(out)]) == 0
    header, t = _table(out)
    assert header == ["x1", "x2", "target", "prediction"] and t.shape == (81, 4)
    np.testing.assert_array_equal(t[:9, 0], np.linspace(-4, 4, 9))  # x1 fastest
    np.testing.assert_array_equal(t[:, 2], 0.5 * (t[:, 0] + t[:, 1]))
    inner = (np.abs(t[:, 0]) <= 2) & (np.abs(t[:, 1]) <= 2)
    assert np.max(np.abs(t[inner, 3] - t[inner, 2])) < 0.2
    out2 = tmp_path / "q.csv"
    assert main(["fit", "relu", "--expr", "x1*x2", "--epochs", "3", "--grid", "3", "-o", str(out2)]) == 0
    _, t2 = _table(out2)
    np.testing.assert_array_equal(t2[:, 2], t2[:, 0] * t2[:, 1])


def test_png_and_svg(tmp_path):
    from PySide6.QtGui import QImage

    png, svg = tmp_path / "fit.png", tmp_path / "fit.svg"
    base = ["fit", "relu", "--target", "sin", "--hidden", "8", "--epochs", "200"]
    assert main(base + ["-o", str(png)]) == 0
    img = QImage(str(png))
    assert img.width() == 1600 and not img.isNull()
    # not blank: many distinct colours (data, target, fit, units)
    rgb = img.convertToFormat(QImage.Format.Format_RGB32)     # kept alive while its bits are read
    arr = np.frombuffer(rgb.constBits(), np.uint8).copy()
    colours = len(np.unique(arr.reshape(-1, 4)[:, :3], axis=0))
    assert colours > 50, colours
    assert main(base + ["-o", str(svg)]) == 0
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and text.count("<path") > 10
    heat = tmp_path / "heat.png"
    assert main(["fit", "tanh", "--target", "multi_gauss", "--epochs", "20", "--size", "800x600",
                 "-o", str(heat)]) == 0
    assert QImage(str(heat)).width() == 800


@pytest.mark.parametrize("args, message", [
    (["nope"], "unknown activation"),
    ([], "give an activation"),
    (["relu", "--function-expr", "x"], "give an activation"),
    (["relu", "--expr", "a*x"], "may only use x"),
    (["relu", "--expr", "x+"], "ends too early"),
    (["relu", "--expr", "1/x", "--range", "-1", "1", "--points", "5"], "not finite at x = 0"),
    (["relu", "--range", "2", "1"], "A < B"),
    (["relu", "--hidden", "4,4,4,4"], "at most 3 hidden layers"),
    (["relu", "--hidden", "0"], "1 to 256 units"),
    (["relu", "-p", "negative_slope=0.1"], "no parameter"),
    (["relu", "--lr", "0"], "--lr"),
    (["relu", "--init", "orthogonal"], "invalid choice"),
    (["relu", "--target", "sin", "--expr", "x"], "not allowed with"),
    (["relu", "--data", "/nonexistent/x.csv"], "no such file"),
    (["relu", "--target", "plane", "--grid", "3000"], "at most 2000 per side"),
])
def test_bad_input_one_error_line_exit_2_no_file(tmp_path, capsys, args, message):
    out = tmp_path / "o.csv"
    assert _main(["fit", *args, "--epochs", "2", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0]
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_csv_line_and_output_paths(tmp_path, capsys):
    data = tmp_path / "bad.csv"
    data.write_text("x,y\n0,1\n1,2\n2,three\n3,4\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert _main(["fit", "relu", "--data", str(data), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {data} line 4: y is not a number: 'three'"
    assert not out.exists()
    for bad in (str(tmp_path / "o.txt"), str(tmp_path / "missing" / "o.csv"), str(tmp_path)):
        assert _main(["fit", "relu", "--epochs", "1", "-o", bad]) == 2
        assert capsys.readouterr().err.startswith("error:")
    assert _main(["fit", "relu", "--epochs", "1", "-o", str(out), "--history", str(out)]) == 2
    assert "same file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_divergence_warns_and_writes_last_finite_network(tmp_path):
    out = tmp_path / "d.csv"
    r = subprocess.run([sys.executable, "-m", "act_explorer", "fit", "relu", "--target", "cube",
                        "--range", "-50", "50", "--optimizer", "sgd", "--lr", "10", "--epochs", "50",
                        "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("warning: training diverged in epoch")
    _, t = _table(out)
    assert np.all(np.isfinite(t))


def test_image_axes_show_the_values_themselves(tmp_path):
    """Axes are labelled with the values themselves, never with an SI scale beside the title
    ("MSE (x0.001)" with ticks 60..300 is what pyqtgraph does by default for small losses)."""
    import re

    out = tmp_path / "saw.svg"
    assert main(["fit", "relu", "--target", "saw", "--range", "-1.5", "1.5", "--hidden", "8",
                 "--epochs", "300", "-o", str(out)]) == 0
    texts = re.findall(r">([^<]{1,30})</text>", out.read_text(encoding="utf-8"))
    assert "MSE " in texts and "y " in texts
    assert not [t for t in texts if re.search(r"\(x[0-9.e+-]+\)", t)]
    y_ticks = texts[texts.index("x ") + 1:texts.index("y ")]  # the fit plot's left axis
    values = [float(t.replace("\u2212", "-")) for t in y_ticks]
    assert values and max(abs(v) for v in values) < 2  # the sawtooth spans ±0.5
