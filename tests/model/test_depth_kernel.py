"""The depth simulation's phi/phi' evaluator (profile._Kernel) and the fused value-and-derivative
functions it uses (Activation.bind_f_df): the same numbers as the catalogue's f and f'."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from act_explorer.model import catalogue as C
from act_explorer.model import depth as D
from act_explorer.model.depth.profile import _Kernel

REF = json.loads((Path(__file__).resolve().parents[1] / "data" / "torch_reference.json").read_text())
FUSED = sorted(a.id for a in C.CATALOGUE.values() if a.f_df_impl is not None)
PARAMS = {"elu": [{}, {"alpha": 0.05}, {"alpha": 2.0}, {"alpha": 10.0}],
          "celu": [{}, {"alpha": 0.01}, {"alpha": 0.3}, {"alpha": 10.0}],
          "selu": [{}], "softsign": [{}]}
TINY = np.finfo(np.float64).tiny
BIG = np.finfo(np.float64).max


def wide_grid(kinks, alpha: float = 1.0) -> np.ndarray:
    """Kinks and their neighbouring floats, the range -50..50, large and tiny |x|, the double
    range's ends, and the places where the negative-side formulas change behaviour."""
    mags = np.concatenate([np.logspace(-320, 308, 400), [5e-324, TINY, TINY / 3, 1e-8, 1.0, 16.0,
                                                         37.0, 37.5, 40.0, 700.0, 745.2, 800.0,
                                                         800.0 * alpha, 1e4, 1e10, 1e300, BIG]])
    pts = [np.linspace(-50.0, 50.0, 20001), mags, -mags, [0.0, -0.0]]
    for k in list(kinks) + [-800.0 * alpha]:
        around = [k]
        for direction in (-np.inf, np.inf):
            v = k
            for _ in range(4):
                v = np.nextafter(v, direction)
                around.append(v)
        pts.append(np.asarray(around) + np.array([0.0]))
        pts.append(k + np.linspace(-1e-3, 1e-3, 2001))
    return np.unique(np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in pts]))


def rel_err(got: np.ndarray, want: np.ndarray) -> float:
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    scale = np.maximum(np.abs(want), TINY)
    with np.errstate(invalid="ignore"):
        err = np.where(same, 0.0, np.abs(got - want) / scale)
    return float(np.max(err))


def test_the_functions_the_simulation_evaluates_most_have_a_fused_form():
    assert {"softsign", "elu", "selu", "celu"} <= set(FUSED)


@pytest.mark.parametrize("fid", FUSED)
def test_fused_values_and_derivatives_are_the_catalogue_s(fid):
    act = C.get(fid)
    for params in PARAMS.get(fid, [{}]):
        p = act.resolve(params)
        x = wide_grid(act.kinks(**p), p.get("alpha", 1.0))
        f, df = act.bind_f_df(**params)(x)
        want_f, want_df = act.f(x, **params), act.df(x, **params)
        assert f.shape == df.shape == x.shape and f.dtype == df.dtype == np.float64
        assert rel_err(f, want_f) <= 1e-15, (fid, params)
        assert rel_err(df, want_df) <= 1e-15, (fid, params)
        # Exact zeros stay exact zeros (the simulation counts dead units by f' == 0) ...
        np.testing.assert_array_equal(df == 0.0, want_df == 0.0)
        # ... and the derivative at each kink is the catalogue's, i.e. PyTorch's.
        kinks = np.asarray(act.kinks(**p), dtype=np.float64)
        np.testing.assert_array_equal(act.bind_f_df(**params)(kinks)[1], act.df(kinks, **params))


def test_fused_elu_keeps_the_far_left_derivative_positive():
    # f' = expm1(x) + 1 would round to 0 below x = -37.5 (a "dead" unit in the simulation);
    # PyTorch's alpha * exp(x) is not 0 there.
    x = np.array([-38.0, -80.0, -700.0])
    for fid in ("elu", "selu", "celu"):
        d = C.get(fid).bind_f_df()(x)[1]
        assert np.all(d > 0.0), fid
        np.testing.assert_array_equal(d, C.get(fid).df(x))


@pytest.mark.parametrize("case", [c for c in REF["cases"] if c["id"] in FUSED],
                         ids=lambda c: f"{c['id']}{c['params'] or ''}")
def test_fused_forms_match_pytorch(case):
    x = np.array(REF["x"], dtype=np.float64)
    f, df = C.get(case["id"]).bind_f_df(**case["params"])(x)
    for got, key in ((f, "f"), (df, "df")):
        expected = np.array([float(v) for v in case[key]])
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12, err_msg=f"{case['id']} {key}")


def test_without_a_fused_form_bind_f_df_calls_the_two_functions():
    act = C.get("tanh")
    assert act.f_df_impl is None
    x = np.linspace(-30, 30, 1001)
    f, df = act.bind_f_df()(x)
    np.testing.assert_array_equal(f, act.f(x))
    np.testing.assert_array_equal(df, act.df(x))


def preactivations(scale: float, seed: int = 0) -> np.ndarray:
    """A batch x width float32 array like a layer's pre-activations, with points on, next to
    and around the kink at 0, near the table's edge (|h| = 16) and far beyond it."""
    rng = np.random.default_rng(seed)
    h = (rng.standard_normal((64, 128)) * scale).astype(np.float32)
    h[0, :8] = [0.0, -0.0, 1e-30, -1e-30, 2.0 ** -11, -(2.0 ** -11), 2.0 ** -9, -(2.0 ** -9)]
    h[1, :8] = [15.999, 16.0, -16.0, -16.001, 40.0, -40.0, 1e6, -1e6]
    return h


@pytest.mark.parametrize("fid, params", [("elu", {}), ("celu", {"alpha": 0.3}), ("selu", {}),
                                         ("softsign", {}), ("hardswish", {}), ("tanh", {}),
                                         ("relu", {}), ("leaky_relu", {})])
@pytest.mark.parametrize("scale", [0.002, 0.05, 1.0, 10.0])
def test_kernel_is_exact_near_kinks_and_beyond_the_table(fid, params, scale):
    prof = D.function_profile(fid, params)
    k = _Kernel(prof)
    h = preactivations(scale)
    d_out = np.full(h.shape, np.nan, dtype=np.float32)
    x, d = k(h, d_out)
    assert d is d_out and x.shape == d.shape == h.shape and x.dtype == d.dtype == np.float32
    x2, d2 = k(h)                                   # without an output array: the same numbers
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(d, d2)
    h64 = h.astype(np.float64)
    want_x = prof.f(h64).astype(np.float32)
    want_d = prof.df(h64).astype(np.float32)
    exact = np.abs(h) >= 16.0
    for kink in prof.kinks:
        exact |= np.abs(h - np.float32(kink)) < np.float32(2 * prof.table_step)
    if prof.exact:
        exact[:] = True
    # Exactly evaluated points are the float64 values rounded once; the rest is the table.
    np.testing.assert_array_equal(x[exact], want_x[exact])
    np.testing.assert_array_equal(d[exact], want_d[exact])
    np.testing.assert_allclose(x, want_x, rtol=2e-6, atol=1e-6)
    np.testing.assert_allclose(d, want_d, rtol=2e-6, atol=1e-6)


@pytest.mark.parametrize("fid", FUSED)
def test_kernel_with_the_fused_form_gives_the_numbers_of_the_pair(fid):
    prof = D.function_profile(fid)
    fused, pair = _Kernel(prof), _Kernel(replace(prof, f_df=None, _kernel=[]))
    for scale in (0.003, 0.3, 3.0, 30.0):
        h = preactivations(scale, seed=1)
        for a, b in zip(fused(h), pair(h)):
            np.testing.assert_array_equal(a, b)


def test_kernel_evaluates_nan_exactly():
    # A NaN pre-activation gives NaN (it used to stop the table lookup with an IndexError).
    k = _Kernel(D.function_profile("elu"))
    h = np.array([[np.nan, 0.5, -0.5]], dtype=np.float32)
    x, d = k(h)
    assert np.isnan(x[0, 0]) and np.isnan(d[0, 0])
    assert x[0, 1] == pytest.approx(0.5, abs=1e-6) and d[0, 1] == 1.0


@pytest.mark.parametrize("fid", ["relu", "leaky_relu", "relu6", "step"])
def test_exact_kernels_evaluate_a_large_batch_piece_by_piece_to_the_same_numbers(fid):
    prof = D.function_profile(fid)
    assert prof.exact
    rng = np.random.default_rng(3)
    h = (rng.standard_normal((257, 255)) * 4.0).astype(np.float32)   # 65 535 values: pieces + rest
    h[0, :4] = [0.0, -0.0, 6.0, -1e-30]
    x, d = _Kernel(prof)(h)
    h64 = h.astype(np.float64)
    np.testing.assert_array_equal(x, prof.f(h64).astype(np.float32))
    np.testing.assert_array_equal(d, prof.df(h64).astype(np.float32))


def test_kernel_rejects_an_output_array_it_cannot_write_through():
    k = _Kernel(D.function_profile("tanh"))
    h = np.zeros((8, 16), dtype=np.float32)
    for bad in (np.empty((16, 8), np.float32), np.empty((8, 16), np.float64),
                np.empty((16, 8), np.float32).T):
        with pytest.raises(ValueError):
            k(h, bad)


def test_kernels_on_several_threads_give_the_numbers_of_one_thread():
    # The kernel's work arrays are per thread: calls at once on other threads must not share them.
    import threading

    kernels = [_Kernel(D.function_profile(fid)) for fid in ("elu", "softsign", "tanh", "gelu")]
    inputs = [preactivations(s, seed=i)
              for i, s in enumerate((0.01, 0.5, 3.0, 20.0))]
    inputs = [np.tile(h, (4, 2)) for h in inputs]              # 256 x 256, as in the app
    alone = [k(h) for k, h in zip(kernels, inputs)]
    wrong: list[int] = []

    def run(i):
        for _ in range(60):
            x, d = kernels[i](inputs[i])
            if not (np.array_equal(x, alone[i][0]) and np.array_equal(d, alone[i][1])):
                wrong.append(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(kernels))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
