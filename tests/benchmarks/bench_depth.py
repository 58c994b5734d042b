"""Benchmark: the depth experiment (simulation, views for a slider, theory, BLAS threads).

    python tests/benchmarks/bench_depth.py

Prints, for relu / tanh / sigmoid / gelu at 200 layers, width 256, batch 256:
  * the simulation time, cold (weights not yet drawn for this seed) and warm (median of 7;
    the usual case: another function, sigma_w or sigma_b with the same seed) - goal <= 300 ms;
  * the cost of ``view(L)`` for a depth-slider move (median / p95 over 2000 random L);
  * the mean-field theory time;
the warm simulation of every catalogue function (its default init) against the same goal, in
wall time and in process CPU time (steadier when other programs share the cores; the load
average is printed beside it);
and the warm simulation with BLAS limited to one thread (what ``simulate`` does) against the
default thread count, idle and with the other core busy.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from act_explorer.model import depth as D
from act_explorer.model.depth import simulation
from _common import pct, timed_ms  # this folder is on sys.path

FUNCS = [("relu", "he"), ("tanh", "xavier"), ("sigmoid", "xavier"), ("gelu", "he")]
LAYERS, WIDTH, BATCH = 200, 256, 256


def bench_function(fid: str, init: str) -> dict:
    cfg = D.DepthConfig(fid, depth=LAYERS, width=WIDTH, batch=BATCH, init=init)
    D.function_profile(fid)            # built once per function and parameters, cached
    D.clear_weight_cache()
    cold = timed_ms(lambda: D.simulate(cfg), 1)[0]
    warm = timed_ms(lambda: D.simulate(cfg), 7)
    sim = D.simulate(cfg)
    rng = np.random.default_rng(0)
    depths = [int(v) for v in rng.integers(1, LAYERS + 1, 2000)]
    views = []
    for L in depths:
        t0 = time.perf_counter()
        sim.view(L)
        views.append((time.perf_counter() - t0) * 1e6)
    th = timed_ms(lambda: D.theory(cfg), 5)
    th_obj = D.theory(cfg)
    tviews = []
    for L in depths:
        t0 = time.perf_counter()
        th_obj.view(L)
        tviews.append((time.perf_counter() - t0) * 1e6)
    return {
        "cold": cold, "warm": statistics.median(warm), "warm_p95": pct(warm, 95),
        "view_med": statistics.median(views), "view_p95": pct(views, 95),
        "tview_med": statistics.median(tviews),
        "theory": statistics.median(th),
        "first": sim.view().first_to_last, "first_th": th_obj.view().first_to_last,
    }


def bench_catalogue() -> list[tuple[str, float, float, float]]:
    """Warm simulation (median and p95 of 7 in wall time, median of the same 7 in process CPU
    time) of every built-in function with its default initialisation, the weights of seed 0
    already drawn."""
    from act_explorer.model import catalogue

    rows = []
    for fid in catalogue.ids():
        cfg = D.DepthConfig(fid, depth=LAYERS, width=WIDTH, batch=BATCH)
        D.function_profile(fid)
        D.simulate(cfg)
        warm, cpu = [], []
        for _ in range(7):
            c0, t0 = time.process_time(), time.perf_counter()
            D.simulate(cfg)
            warm.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        rows.append((fid, statistics.median(warm), pct(warm, 95), statistics.median(cpu)))
    return rows


def bench_threads(fid: str = "tanh") -> tuple[float, float]:
    cfg = D.DepthConfig(fid, depth=LAYERS, width=WIDTH, batch=BATCH)
    D.simulate(cfg)
    one = statistics.median(timed_ms(lambda: D.simulate(cfg), 7))
    orig = simulation._single_thread_blas
    simulation._single_thread_blas = contextlib.nullcontext
    try:
        default = statistics.median(timed_ms(lambda: D.simulate(cfg), 7))
    finally:
        simulation._single_thread_blas = orig
    return one, default


def main() -> None:
    print(f"depth experiment: {LAYERS} layers, width {WIDTH}, batch {BATCH} (float32 matmuls, 1 BLAS thread)")
    print(f"{'function':>9} {'init':>7} {'cold ms':>8} {'warm ms':>8} {'p95':>6} "
          f"{'view us':>8} {'p95':>6} {'theory ms':>10} {'th.view us':>10}   first/last sim | theory")
    for fid, init in FUNCS:
        r = bench_function(fid, init)
        flag = "" if r["warm"] <= 300 else "  (over the 300 ms goal)"
        print(f"{fid:>9} {init:>7} {r['cold']:8.0f} {r['warm']:8.0f} {r['warm_p95']:6.0f} "
              f"{r['view_med']:8.1f} {r['view_p95']:6.1f} {r['theory']:10.1f} {r['tview_med']:10.1f}"
              f"   {r['first']:.3g} | {r['first_th']:.3g}{flag}")
    print("  cold: weights for the seed drawn first (~13 M normal numbers); warm: cached, as when")
    print("  the function, sigma_w or sigma_b changes.  Goal: warm <= 300 ms.  view: one slider move.")
    print()
    print("every catalogue function, default init, warm simulation (ms: wall median / p95 of 7, "
          "process CPU median)")
    load0 = os.getloadavg()[0]
    rows = bench_catalogue()
    print(f"{'function':>12} {'wall':>6} {'p95':>6} {'cpu':>6}")
    for fid, med, p95, cpu in rows:
        print(f"{fid:>12} {med:6.0f} {p95:6.0f} {cpu:6.0f}{'' if med <= 300 else '  (over the 300 ms goal)'}")
    worst = max(rows, key=lambda r: r[1])
    worst_cpu = max(rows, key=lambda r: r[3])
    print(f"  slowest: {worst[0]} {worst[1]:.0f} ms wall, {worst_cpu[0]} {worst_cpu[3]:.0f} ms CPU; "
          f"{sum(r[1] <= 300 for r in rows)} of {len(rows)} within 300 ms "
          f"(load average {load0:.2f} before, {os.getloadavg()[0]:.2f} after, {os.cpu_count()} CPUs)")
    print()
    print("BLAS threads, tanh, warm simulation (median of 7, ms)")
    print(f"{'':>14} {'1 thread':>9} {'default':>9}")
    one, default = bench_threads()
    print(f"{'idle':>14} {one:9.0f} {default:9.0f}")
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        one, default = bench_threads()
    finally:
        busy.kill()
        busy.wait()
    print(f"{'1 core busy':>14} {one:9.0f} {default:9.0f}")


if __name__ == "__main__":
    main()
