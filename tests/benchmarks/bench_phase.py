"""Benchmark: the phase diagram (100 x 100 grid), its critical line, and the trainability sweep.

    python tests/benchmarks/bench_phase.py [--sweep]

Prints, for tanh / relu / gelu / hardtanh / a typed function:
  * the 100 x 100 grid, cold (the function's moment table built first: what switching to a
    new function costs) and warm (median of 5; the table cached) - goal <= 1 s;
  * the critical line at 61 values of sigma_b^2 (table root finding);
and beside them the peer: the same cells with the exact scalar theory
(``depth.fixed_point``, one cell at a time), timed on 200 cells and scaled to 10 000.
``--sweep`` also runs the default trainability sweep (7 depths x 9 sigma_w^2, width 64, 500
steps) - goal <= 5 min - and prints the load average, since the machine is shared.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time

import numpy as np

from act_explorer.model import catalogue, expression
from act_explorer.model import depth as D
from act_explorer.model import phase as P
from _common import timed_ms  # this folder is on sys.path


def scalar_peer(fid: str) -> float:
    """ms for 10 000 cells with depth.fixed_point, measured on 200 spread over the plane."""
    rng = np.random.default_rng(0)
    sw = rng.uniform(0.5, 4.5, 200)
    sb = rng.uniform(0.0, 0.3, 200)
    t = timed_ms(lambda: [D.fixed_point(fid, None, float(a), math.sqrt(b)) for a, b in zip(sw, sb)])[0]
    return t * 10_000 / 200


def main() -> int:
    typed = expression.compile_expression("x*sigmoid(1.5*x)").activation
    catalogue.register(typed)
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"{'function':22s} {'grid cold':>10s} {'grid warm':>10s} {'line (61)':>10s} {'scalar peer':>12s}")
    for fid in ("tanh", "relu", "gelu", "hardtanh", typed.id):
        D.function_profile(fid)                 # shared with the Depth panel, built once
        P._tables.clear()
        cold = timed_ms(lambda: P.phase_grid(fid))[0]
        warm = statistics.median(timed_ms(lambda: P.phase_grid(fid), 5))
        line = timed_ms(lambda: P.critical_points(fid))[0]
        peer = scalar_peer(fid)
        name = "x*sigmoid(1.5x) (typed)" if fid == typed.id else fid
        print(f"{name:22s} {cold:8.1f} ms {warm:8.1f} ms {line:8.1f} ms {peer / 1000:10.1f} s")
    catalogue.unregister(typed.id)
    if "--sweep" in sys.argv:
        from act_explorer.model import trainability as T

        cfg = T.SweepConfig()
        t0 = time.perf_counter()
        r = T.sweep(cfg)
        dt = time.perf_counter() - t0
        print(f"trainability sweep: {len(cfg.depths)} depths x {len(cfg.sigma_w2)} sigma_w^2, width "
              f"{cfg.width}, {cfg.steps} steps: {dt:.0f} s (load average now {os.getloadavg()[0]:.1f})")
        np.set_printoptions(precision=2, linewidth=150)
        print("sigma_w^2", r.sigma_w2)
        print("6 xi_c   ", 6 * r.xi_corr)
        for d, a in zip(r.depths, r.accuracy):
            print(f"L = {int(d):3d}   ", a)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
