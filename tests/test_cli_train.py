"""`act-explorer train`: the CSV it writes and how it fails."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from act_explorer.cli import main

HEADER = "epoch,loss,train_acc,test_acc,dead,saturated"


def _main(args) -> int:
    """Exit status of ``act-explorer ARGS`` run in-process (argparse exits via SystemExit)."""
    try:
        return main(args)
    except SystemExit as exc:
        return int(exc.code)


def _rows(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0], [line.split(",") for line in lines[1:]]


def test_defaults_write_one_row_per_epoch(tmp_path):
    out = tmp_path / "h.csv"
    assert main(["train", "relu", "--epochs", "12", "-o", str(out)]) == 0
    header, rows = _rows(out)
    assert header == HEADER + ",dead_1,dead_2"  # default --hidden 16,16
    assert [int(r[0]) for r in rows] == list(range(1, 13))
    data = np.array([[float(v) for v in r] for r in rows])
    assert np.all(data[:, 1] > 0)  # loss
    assert np.all((data[:, 2:4] >= 0) & (data[:, 2:4] <= 1))
    np.testing.assert_array_equal(data[:, 4], data[:, 6] + data[:, 7])  # dead = sum over layers
    assert data[-1, 3] >= 0.8  # moons, 500 points, 12 epochs of SGD lr 0.1


def test_same_arguments_byte_identical_file(tmp_path):
    args = ["train", "rrelu", "--hidden", "8,8,8", "--optimizer", "adam", "--lr", "0.01",
            "--epochs", "8", "--seed", "4", "--dataset", "spiral", "--classes", "3"]
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(args + ["-o", str(a)]) == 0
    assert main(args + ["-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    header, rows = _rows(a)
    assert header == HEADER + ",dead_1,dead_2,dead_3" and len(rows) == 8
    c = tmp_path / "c.csv"
    assert main(args[:-2] + ["--seed", "5", "-o", str(c)]) == 0
    assert c.read_bytes() != a.read_bytes()


def test_test_fraction_zero_leaves_test_acc_empty(tmp_path):
    out = tmp_path / "h.csv"
    assert main(["train", "tanh", "--test-fraction", "0", "--epochs", "3", "--points", "100",
                 "-o", str(out)]) == 0
    _, rows = _rows(out)
    assert [r[3] for r in rows] == ["", "", ""]
    assert all(r[2] != "" for r in rows)


def test_per_layer_ids_and_parameters(tmp_path):
    out = tmp_path / "h.csv"
    assert main(["train", "leaky_relu", "-p", "negative_slope=0.2", "--hidden", "6", "--epochs", "2",
                 "--init", "xavier", "--optimizer", "momentum", "--l2", "0.001", "--batch-size", "64",
                 "-o", str(out)]) == 0
    assert _rows(out)[0] == HEADER + ",dead_1"
    out2 = tmp_path / "h2.csv"
    assert main(["train", "relu,tanh,gelu", "--hidden", "4,4,4", "--epochs", "2", "--dtype", "float32",
                 "-o", str(out2)]) == 0
    assert len(_rows(out2)[1]) == 2


def test_csv_input(tmp_path):
    data = tmp_path / "pts.csv"
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(60, 2)) * 100 + 500  # far from the origin: standardised inside
    lab = (pts[:, 0] > 500).astype(int)
    data.write_text("x1,x2,label\n" + "".join(f"{a},{b},{c}\n" for (a, b), c in zip(pts, lab)))
    out = tmp_path / "h.csv"
    assert main(["train", "relu", "--data", str(data), "--epochs", "30", "-o", str(out)]) == 0
    _, rows = _rows(out)
    assert len(rows) == 30 and float(rows[-1][2]) >= 0.9


def test_divergence_writes_the_rows_before_it_and_warns(tmp_path, capsys):
    out = tmp_path / "h.csv"
    code = main(["train", "leaky_relu", "--lr", "10", "--batch-size", "400", "--epochs", "50",
                 "-o", str(out)])
    assert code == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: ") and "epoch 9" in err[0]
    assert "with learning rate 10;" in err[0]      # the step-size values in play
    _, rows = _rows(out)
    assert [int(r[0]) for r in rows] == list(range(1, 9))
    assert all(np.isfinite(float(r[1])) for r in rows)


def test_divergence_warning_names_a_non_default_parameter(tmp_path, capsys):
    out = tmp_path / "h.csv"
    code = main(["train", "leaky_relu", "-p", "negative_slope=0.85", "--lr", "2", "--epochs", "3",
                 "-o", str(out)])
    assert code == 0
    err = capsys.readouterr().err.strip()
    assert "diverged in epoch 1" in err
    assert "with learning rate 2, leaky_relu negative_slope=0.85 (default 0.01);" in err


@pytest.mark.parametrize("args, words", [
    (["relux"], "unknown activation"),
    (["relu", "--hidden", "0"], "1 to 256 units"),
    (["relu", "--hidden", "8,,8"], "separated by commas"),
    (["relu", "--hidden", ",".join(["4"] * 9)], "at most 8 hidden layers"),
    (["relu", "--lr", "11"], "--lr"),
    (["relu", "--lr", "0"], "--lr"),
    (["relu", "--epochs", "0"], "--epochs"),
    (["relu", "--test-fraction", "1"], "--test-fraction"),
    (["relu", "--optimizer", "rmsprop"], "invalid choice"),
    (["relu", "--dataset", "moons", "--data", "x.csv"], "not allowed with"),
    (["relu", "--classes", "3"], "2 classes"),
    (["relu,tanh,relu"], "3 activations given for 2 hidden layers"),
    (["leaky_relu", "-p", "negative_slope=2"], "outside"),
    (["relu", "-p", "alpha=1"], "no parameter"),
    (["relu", "--points", "3"], "--points"),
])
def test_bad_arguments(tmp_path, capsys, args, words):
    out = tmp_path / "h.csv"
    assert _main(["train", *args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert words in err and "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content, words", [
    (b"x1,x2,label\n0,0,0\n1,1,1\n2,2\n3,3,1\n", "line 4: expected 3 columns"),
    (b"0,0,0\n1,oops,1\n2,2,0\n3,3,1\n", "line 2: x2 is not a number"),
    (b"0,0,0\n1,1,1\n2,2,0.5\n3,3,1\n", "line 3: the label must be a whole number"),
    (b"0,0,0\n1,inf,1\n2,2,0\n3,3,1\n", "line 2: x2 is not finite"),
    (b"0,0,1\n1,1,1\n2,2,1\n3,3,1\n", "fewer than 2 classes"),
    (b"0,0,0\n1,1,1\n", "too few rows"),
    (b"0,0,0\n1,1,1\n2,\xe9,0\n3,3,1\n", "line 3: not UTF-8"),
])
def test_bad_csv(tmp_path, capsys, content, words):
    data = tmp_path / "in.csv"
    data.write_bytes(content)
    out = tmp_path / "h.csv"
    assert main(["train", "relu", "--data", str(data), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err, err
    assert not out.exists()


def test_data_file_problems(tmp_path, capsys):
    out = tmp_path / "h.csv"
    assert main(["train", "relu", "--data", str(tmp_path / "none.csv"), "-o", str(out)]) == 2
    assert "no such file" in capsys.readouterr().err
    data = tmp_path / "ok.csv"
    data.write_text("0,0,0\n1,1,1\n2,2,0\n3,3,1\n4,4,0\n")
    assert main(["train", "relu", "--data", str(data), "--points", "10", "-o", str(out)]) == 2
    assert "--points" in capsys.readouterr().err
    assert main(["train", "relu", "-o", str(tmp_path / "no" / "h.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["train", "relu", "-o", str(tmp_path / "h.png")]) == 2
    assert "unknown output type" in capsys.readouterr().err
    assert not out.exists()


def test_subprocess_exit_codes_and_no_qt(tmp_path):
    out = tmp_path / "h.csv"
    code = (
        "import sys\n"
        "from act_explorer.cli import main\n"
        f"rc = main(['train', 'relu', '--epochs', '2', '-o', {str(out)!r}])\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken6'))]\n"
        "assert not bad, bad\n"
        "sys.exit(rc)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert out.exists()
    res = subprocess.run([sys.executable, "-m", "act_explorer", "train", "relu", "--lr", "-1",
                          "-o", str(tmp_path / "x.csv")], capture_output=True, text=True)
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "Traceback" not in res.stderr


@pytest.mark.parametrize("option, field, bad", [
    ("--lr", "lr", "11"), ("--momentum", "momentum", "1"), ("--batch-size", "batch_size", "0"),
    ("--epochs", "epochs", "100001"), ("--noise", "noise", "2"), ("--points", "points", "3"),
    ("--test-fraction", "test_fraction", "0.95"), ("--seed", "seed", "4294967296"),
    ("--l2", "l2", "1.5"), ("--classes", "classes", "17"),
])
def test_limits_are_the_training_panels(tmp_path, capsys, option, field, bad):
    """The verb refuses what the panel's TrainingState refuses, with the state's sentence."""
    from act_explorer.model.training_state import TrainingState, TrainingStateError

    with pytest.raises(TrainingStateError) as info:
        TrainingState(**{field: bad}, **({"dataset": "spiral"} if field == "classes" else {}))
    assert _main(["train", "relu", option, bad, "-o", str(tmp_path / "h.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: argument {option}: {info.value} ") and err.count("\n") == 1, err


def test_defaults_are_the_training_panels(tmp_path, monkeypatch):
    """With no options the verb trains what a fresh TrainingState describes."""
    from act_explorer.commands import train as verb
    from act_explorer.model.training_state import TrainingState

    seen = {}

    def spy(ds, cfg, epochs):
        seen.update(ds=ds, cfg=cfg, epochs=epochs)
        raise KeyboardInterrupt  # stop before training: only the request matters here

    monkeypatch.setattr(verb, "train", spy)
    assert main(["train", "relu", "-o", str(tmp_path / "h.csv")]) == 130
    v = TrainingState().values()
    cfg, ds = seen["cfg"], seen["ds"]
    assert (cfg.hidden, cfg.init, cfg.optimizer, cfg.lr, cfg.batch_size, cfg.l2, cfg.momentum, cfg.seed) == (
        v["hidden"], v["init"], v["optimizer"], v["lr"], v["batch_size"], v["l2"], v["momentum"], v["seed"])
    assert seen["epochs"] == v["epochs"]
    assert (ds.name, ds.n_train + ds.n_test, ds.noise, ds.n_classes) == (
        v["dataset"], v["points"], v["noise"], v["classes"])
    assert ds.n_test == round(v["points"] * v["test_fraction"])
