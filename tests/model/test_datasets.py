"""Generated 2-D data sets and the CSV loader."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from act_explorer.model.datasets import (
    GENERATORS,
    MIN_POINTS,
    DataError,
    Dataset,
    load_csv,
    make_dataset,
    parse_csv,
)


def _all(ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    return ds.x, ds.y


@pytest.mark.parametrize("name", GENERATORS)
def test_shapes_labels_and_split(name):
    ds = make_dataset(name, n_points=500, noise=0.1, test_fraction=0.2, seed=3)
    assert ds.name == name
    assert ds.x_train.shape == (400, 2) and ds.x_test.shape == (100, 2)
    assert ds.y_train.shape == (400,) and ds.y_test.shape == (100,)
    assert ds.x_train.dtype == np.float64 and ds.y_train.dtype == np.int64
    assert ds.n_classes == 2 and ds.class_values == (0, 1)
    x, y = _all(ds)
    assert np.all(np.isfinite(x))
    assert set(np.unique(y).tolist()) == {0, 1}
    # classes are balanced (250 each) over the whole set
    assert np.bincount(y).tolist() == [250, 250]
    # both parts see both classes
    assert set(ds.y_train.tolist()) == {0, 1} and set(ds.y_test.tolist()) == {0, 1}
    # the coordinates stay in a plotting-friendly box
    assert np.abs(x).max() < 3.0


@pytest.mark.parametrize("name", GENERATORS)
def test_deterministic_per_seed(name):
    a = make_dataset(name, 300, 0.2, 0.25, seed=7)
    b = make_dataset(name, 300, 0.2, 0.25, seed=7)
    c = make_dataset(name, 300, 0.2, 0.25, seed=8)
    for field in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.x_train, c.x_train)


@pytest.mark.parametrize("n, fraction, n_test", [(500, 0.2, 100), (101, 0.3, 30), (10, 0.05, 1),
                                                 (500, 0.0, 0), (200, 0.9, 180)])
def test_split_fractions(n, fraction, n_test):
    ds = make_dataset("moons", n, 0.1, fraction, seed=0)
    assert ds.n_test == n_test and ds.n_train == n - n_test
    if n_test == 0:
        assert ds.x_test.shape == (0, 2) and ds.y_test.shape == (0,)


def test_split_is_a_permutation_of_the_points():
    full = make_dataset("circles", 200, 0.0, 0.0, seed=1)
    part = make_dataset("circles", 200, 0.0, 0.3, seed=1)
    key = lambda x: sorted(map(tuple, np.round(x, 12).tolist()))  # noqa: E731
    assert key(full.x) == key(part.x)


def test_arrays_are_read_only():
    ds = make_dataset("xor", 100, 0.1, 0.2, 0)
    with pytest.raises(ValueError):
        ds.x_train[0, 0] = 1.0
    with pytest.raises(ValueError):
        ds.y_test[0] = 1


def test_geometry_without_noise():
    moons = make_dataset("moons", 200, 0.0, 0.0, 0)
    outer = moons.x[moons.y == 0]
    inner = moons.x[moons.y == 1]
    np.testing.assert_allclose(np.hypot(*outer.T), 1.0)
    np.testing.assert_allclose(np.hypot(inner[:, 0] - 1.0, inner[:, 1] - 0.5), 1.0)
    circles = make_dataset("circles", 200, 0.0, 0.0, 0)
    r = np.hypot(*circles.x.T)
    np.testing.assert_allclose(r[circles.y == 0], 1.0)
    np.testing.assert_allclose(r[circles.y == 1], 0.5)
    xor = make_dataset("xor", 400, 0.0, 0.0, 0)
    assert np.all((xor.x[:, 0] * xor.x[:, 1] < 0) == (xor.y == 1))
    assert np.abs(xor.x).min() >= 0.1  # the gap around the axes
    spiral = make_dataset("spiral", 200, 0.0, 0.0, 0)
    assert np.hypot(*spiral.x.T).max() <= 1.0


@pytest.mark.parametrize("name", ["gauss", "spiral"])
def test_multiclass(name):
    ds = make_dataset(name, 301, 0.05, 0.2, seed=2, n_classes=3)
    assert ds.n_classes == 3 and ds.class_values == (0, 1, 2)
    assert np.bincount(ds.y).tolist() == [101, 100, 100]


def test_gauss_blobs_are_centred_on_the_unit_circle():
    ds = make_dataset("gauss", 4000, 0.0, 0.0, seed=0)
    m0 = ds.x[ds.y == 0].mean(axis=0)
    m1 = ds.x[ds.y == 1].mean(axis=0)
    np.testing.assert_allclose(m0, [math.sqrt(0.5)] * 2, atol=0.03)
    np.testing.assert_allclose(m1, [-math.sqrt(0.5)] * 2, atol=0.03)


def test_noise_is_the_standard_deviation():
    a = make_dataset("moons", 5000, 0.0, 0.0, seed=4)
    b = make_dataset("moons", 5000, 0.3, 0.0, seed=4)
    # same generator order: the split permutation depends only on the seed
    d = b.x - a.x
    assert abs(d.std() - 0.3) < 0.01 and abs(d.mean()) < 0.01


def test_bounds_enclose_the_points():
    ds = make_dataset("moons", 200, 0.1, 0.2, 0)
    (x0, x1), (y0, y1) = ds.bounds(0.1)
    assert x0 < ds.x[:, 0].min() and x1 > ds.x[:, 0].max()
    assert y0 < ds.x[:, 1].min() and y1 > ds.x[:, 1].max()


@pytest.mark.parametrize("kwargs, words", [
    (dict(name="swirl"), "unknown data set"),
    (dict(n_points=MIN_POINTS - 1), "number of points"),
    (dict(noise=-0.1), "noise"),
    (dict(noise=float("nan")), "noise"),
    (dict(test_fraction=1.0), "test fraction"),
    (dict(test_fraction=-0.1), "test fraction"),
    (dict(n_points=4, test_fraction=0.9), "training point"),
    (dict(name="moons", n_classes=3), "2 classes"),
    (dict(name="gauss", n_classes=1), "number of classes"),
    (dict(name="gauss", n_classes=17), "number of classes"),
    (dict(seed=-1), "seed"),
])
def test_generator_errors(kwargs, words):
    with pytest.raises(DataError, match=words):
        make_dataset(**kwargs)


# ---- CSV -------------------------------------------------------------------------------------

def test_csv_with_header_blank_and_comment_lines(tmp_path):
    p = tmp_path / "pts.csv"
    p.write_text("x1,x2,label\n\n# a comment\n0.5, 1.5, 0\n-1,2,1\n3e-1,4,1\n1,1,0\n2,2,1\n", encoding="utf-8")
    ds = load_csv(p, test_fraction=0.0, seed=0)
    assert ds.n_train == 5 and ds.n_test == 0 and ds.n_classes == 2
    assert ds.source == str(p) and ds.name == "pts"
    got = sorted(zip(ds.x_train[:, 0].tolist(), ds.x_train[:, 1].tolist(), ds.y_train.tolist()))
    assert got == sorted([(0.5, 1.5, 0), (-1.0, 2.0, 1), (0.3, 4.0, 1), (1.0, 1.0, 0), (2.0, 2.0, 1)])


def test_csv_without_header_and_label_mapping():
    x, y, values = parse_csv("0,0,-1\n1,1,1\n2,2,1.0\n3,3,-1\n4,4,5\n")
    assert values == (-1, 1, 5)
    assert y.tolist() == [0, 1, 1, 0, 2]
    assert x.shape == (5, 2)


def test_csv_with_bom_and_crlf(tmp_path):
    p = tmp_path / "bom.csv"
    p.write_bytes("\ufeffa,b,c\r\n0,0,0\r\n1,1,1\r\n2,2,0\r\n3,3,1\r\n".encode("utf-8"))
    ds = load_csv(p, 0.25, seed=1)
    assert ds.n_train == 3 and ds.n_test == 1


def test_csv_split_is_deterministic(tmp_path):
    p = tmp_path / "d.csv"
    rows = "\n".join(f"{i},{i * i % 7},{i % 2}" for i in range(50))
    p.write_text(rows)
    a, b = load_csv(p, 0.2, 5), load_csv(p, 0.2, 5)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    assert a.n_test == 10


@pytest.mark.parametrize("text, line, words", [
    ("0,0,0\n1,1,1\n2,2\n3,3,1\n", 3, "expected 3 columns"),
    ("0,0,0\n1,1,1,7\n2,2,0\n3,3,1\n", 2, "found 4"),
    ("x,y,label\n0,0,0\n1,abc,1\n2,2,0\n3,3,1\n", 3, "x2 is not a number"),
    ("0,0,0\n1,1,1\nx,y,label\n3,3,1\n", 3, "not a number"),  # a header only on the first line
    ("0,0,0\n1,nan,1\n2,2,0\n3,3,1\n", 2, "not finite"),
    ("0,0,0\n1,1,1\n2,inf,0\n3,3,1\n", 3, "not finite"),
    ("0,0,0\n1,1,0.5\n2,2,0\n3,3,1\n", 2, "whole number"),
    ("0,0,0\n1,1,one\n2,2,0\n3,3,1\n", 2, "label is not a number"),
])
def test_csv_errors_name_the_line(text, line, words):
    with pytest.raises(DataError) as exc:
        parse_csv(text, "pts.csv")
    msg = str(exc.value)
    assert msg.startswith(f"pts.csv line {line}:"), msg
    assert words in msg


@pytest.mark.parametrize("text, words", [
    ("0,0,1\n1,1,1\n2,2,1\n3,3,1\n", "fewer than 2 classes"),
    ("x1,x2,label\n0,0,0\n1,1,1\n", "too few rows"),
    ("", "too few rows"),
    ("\n".join(f"{i},{i},{i}" for i in range(20)), "too many classes"),
])
def test_csv_whole_file_errors(text, words):
    with pytest.raises(DataError, match=words):
        parse_csv(text, "pts.csv")


def test_csv_file_problems(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_csv(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="folder"):
        load_csv(tmp_path)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(b"0,0,0\n1,1,1\n2,2,0 # caf\xe9\n3,3,1\n")
    with pytest.raises(DataError, match=r"latin1.csv line 3: not UTF-8"):
        load_csv(bad)
    few = tmp_path / "few.csv"
    few.write_text("0,0,0\n1,1,1\n2,2,0\n3,3,1\n")
    with pytest.raises(DataError, match="training point"):
        load_csv(few, test_fraction=0.9)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_csv_unreadable(tmp_path):
    p = tmp_path / "locked.csv"
    p.write_text("0,0,0\n1,1,1\n2,2,0\n3,3,1\n")
    p.chmod(0)
    try:
        with pytest.raises(DataError, match="permission denied"):
            load_csv(p)
    finally:
        p.chmod(0o644)
