"""Caches that grow with use are bounded, and none keys a typed function by object id."""

from __future__ import annotations


from act_explorer.model import catalogue as C
from act_explorer.model import depth as D
from act_explorer.model.depth import profile as depth_profile
from act_explorer.model import domain, expression, network
from act_explorer.model.curves import PROPERTIES_CACHE_SIZE, CurvesState


def test_peak_cache_is_bounded_and_follows_the_entry():
    network._PEAK_CACHE.clear()
    for i in range(network._PEAK_CACHE_SIZE + 20):
        network._max_abs_df(C.get("leaky_relu"), {"negative_slope": 0.001 * i})
    assert len(network._PEAK_CACHE) == network._PEAK_CACHE_SIZE
    # a typed function registered again under the same id with another formula
    a = expression.make_activation("2*x", name="slope")
    b = expression.make_activation("5*x", name="slope")
    assert a.id == b.id
    assert network._max_abs_df(a, {}) == 2.0
    assert network._max_abs_df(b, {}) == 5.0
    # keyed by the entries themselves (held by the cache, so an id is never reused)
    assert [k[0] for k in network._PEAK_CACHE][-2:] == [a, b]
    assert network._max_abs_df(a, {}) == 2.0


def test_properties_cache_is_bounded_and_forgets_replaced_typed_functions():
    st = CurvesState("leaky_relu")
    for i in range(PROPERTIES_CACHE_SIZE + 10):
        st.set_param("negative_slope", 0.001 * (i + 1))
        st.properties()
    assert len(st._props_cache) == PROPERTIES_CACHE_SIZE
    st.add_typed_function("2*x", name="g")
    assert st.properties().max_abs_df == 2.0
    st.add_typed_function("3*x", name="g")          # same id, another function
    assert st.properties().max_abs_df == 3.0
    st.remove_typed_function(st.current)


def test_depth_kernel_tables_are_bounded(monkeypatch):
    D._kernel_lru.clear()
    first = D.function_profile("softplus", {"beta": 1.0})
    size = first.kernel().table.nbytes
    monkeypatch.setattr(depth_profile, "_KERNEL_CACHE_BYTES", 3 * size + 1)
    holders = [first._kernel]
    for i in range(1, 8):
        prof = D.function_profile("softplus", {"beta": 1.0 + 0.25 * i})
        assert not prof.kernel().exact
        holders.append(prof._kernel)
    assert sum(b for _, b in D._kernel_lru.values()) <= depth_profile._KERNEL_CACHE_BYTES
    assert [bool(h) for h in holders] == [False] * 5 + [True] * 3   # only the 3 newest kept
    # a dropped table is rebuilt when needed, identical
    again = first.kernel()
    assert again.table.nbytes == size and first._kernel


def test_depth_kernel_tables_are_bounded_in_number(monkeypatch):
    # a parameter dragged on the depth tab makes a new function at every value
    D._kernel_lru.clear()
    holders = []
    for i in range(depth_profile._KERNEL_CACHE_TABLES + 5):
        prof = D.function_profile("softplus", {"beta": 2.0 + 0.125 * i})
        assert not prof.kernel().exact
        holders.append(prof._kernel)
    assert len(D._kernel_lru) == depth_profile._KERNEL_CACHE_TABLES
    assert sum(b for _, b in D._kernel_lru.values()) < depth_profile._KERNEL_CACHE_BYTES
    kept = [bool(h) for h in holders]
    assert kept == [False] * 5 + [True] * depth_profile._KERNEL_CACHE_TABLES   # the newest
    # the oldest kept, used again, stays when the next new one comes; the next oldest goes
    D.function_profile("softplus", {"beta": 2.0 + 0.125 * 5}).kernel()
    D.function_profile("softplus", {"beta": 9.0}).kernel()
    assert holders[5] and not holders[6] and all(holders[7:])


def test_weight_cache_budget():
    assert D._WEIGHTS.budget <= 128 * 2**20
    D.clear_weight_cache()
    for seed in range(4):
        for layer in range(1, 41):
            D.layer_weights(seed, 256, layer)
    assert D._WEIGHTS.bytes <= D._WEIGHTS.budget


def test_domain_cache_is_bounded():
    domain._cache.clear()
    act = C.get("leaky_relu")
    for i in range(domain._CACHE_SIZE + 5):
        domain.scan_activation(act, {"negative_slope": 0.01 * i})
    assert len(domain._cache) == domain._CACHE_SIZE
