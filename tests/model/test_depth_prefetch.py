"""The weights of a new seed are drawn ahead on a second thread; results are unchanged."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from act_explorer.model import depth as D

FIELDS = ("log_grad", "grad_segment", "log_act_rms", "act_mean", "frac_dead", "frac_saturated")


def _arrays(sim):
    return {k: getattr(sim, k).copy() for k in FIELDS}


@pytest.mark.parametrize("fid,init", [("tanh", "xavier"), ("relu", "he"), ("gelu", "he")])
def test_prefetched_weights_give_the_same_simulation_as_drawn_on_demand(fid, init, monkeypatch):
    cfg = D.DepthConfig(fid, depth=60, width=64, batch=32, init=init, seed=123)
    D.clear_weight_cache()
    with_prefetch = _arrays(D.simulate(cfg))
    warm = _arrays(D.simulate(cfg))
    monkeypatch.setattr(D._WEIGHTS, "prefetch", lambda *a: None)
    D.clear_weight_cache()
    on_demand = _arrays(D.simulate(cfg))
    for k in FIELDS:
        np.testing.assert_array_equal(with_prefetch[k], on_demand[k], err_msg=k)
        np.testing.assert_array_equal(warm[k], on_demand[k], err_msg=k)


def test_prefetch_draws_every_layer_once_in_order_and_layer_waits_for_it():
    cache = D._WeightCache(64 * 2**20)
    cache.prefetch(7, 32, 40)
    z5, b5 = cache.layer(7, 32, 5)          # waits for the thread (or finds it drawn)
    for t in [t for t in threading.enumerate() if t.name == "depth-weights"]:
        t.join(10)
    assert len(cache.entries[(7, 32)]) == 40
    assert cache.prefetching == {}
    assert cache.layer(7, 32, 5)[0] is z5     # the very array kept, not a second draw
    g = D._rng(7, 1, 5)
    np.testing.assert_array_equal(z5, g.standard_normal((32, 32), dtype=np.float32))
    np.testing.assert_array_equal(b5, g.standard_normal(32, dtype=np.float32))
    cache.prefetch(7, 32, 40)                 # all there: no thread
    assert cache.prefetching == {}


def test_prefetch_stops_at_the_memory_budget():
    per = D._WeightCache._per_layer(32)
    cache = D._WeightCache(10 * per)
    cache.prefetch(1, 32, 30)
    for t in [t for t in threading.enumerate() if t.name == "depth-weights"]:
        t.join(10)
    assert len(cache.entries[(1, 32)]) == 10 and cache.bytes <= 10 * per
    z, _ = cache.layer(1, 32, 25)             # beyond the budget: drawn on demand
    np.testing.assert_array_equal(z, D._rng(1, 1, 25).standard_normal((32, 32), dtype=np.float32))
