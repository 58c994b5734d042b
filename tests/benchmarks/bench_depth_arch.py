"""Benchmark: every architecture of the depth experiment beside the plain network.

    python tests/benchmarks/bench_depth_arch.py

Prints, for ReLU (He) and tanh (Xavier) at 200 layers, width 256, batch 256, the simulation
time of plain, residual, residual + LayerNorm and BatchNorm with Gaussian and with orthogonal
weights: warm (median of 3, the weights of the seed already drawn, the usual case) and, for
orthogonal weights, cold (the 200 QR factorisations of a new seed included).  Goal: <= 1 s.
Also the cost of a depth-slider move (``view(L)``), which is the same slice for every
architecture.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from act_explorer.model import depth as D

LAYERS, WIDTH, BATCH = 200, 256, 256
FUNCS = [("relu", "he"), ("tanh", "xavier")]


def run(cfg) -> float:
    t0 = time.perf_counter()
    D.simulate(cfg)
    return 1000.0 * (time.perf_counter() - t0)


def main() -> None:
    print(f"depth architectures: {LAYERS} layers, width {WIDTH}, batch {BATCH} (ms; goal <= 1000)")
    print(f"{'function':>9} {'weights':>10} " + " ".join(f"{a:>12}" for a in D.ARCHS))
    D.simulate(D.DepthConfig("relu", depth=LAYERS, width=WIDTH, batch=BATCH, seed=0))  # draw
    for fid, init in FUNCS:
        for weights in D.WEIGHT_KINDS:
            row = []
            for arch in D.ARCHS:
                cfg = D.DepthConfig(fid, depth=LAYERS, width=WIDTH, batch=BATCH, init=init,
                                    seed=0, arch=arch, weights=weights)
                run(cfg)   # warm the caches (orthogonal matrices) and the kernel
                row.append(statistics.median(run(cfg) for _ in range(3)))
            print(f"{fid:>9} {weights:>10} " + " ".join(f"{t:12.0f}" for t in row))
    D.simulate(D.DepthConfig("relu", depth=LAYERS, width=WIDTH, batch=BATCH, seed=1))
    cold = run(D.DepthConfig("relu", depth=LAYERS, width=WIDTH, batch=BATCH, init="he", seed=1,
                             arch="residual", weights="orthogonal"))
    print(f"orthogonal, new seed (200 QR of 256 x 256 drawn first), residual ReLU: {cold:.0f} ms")
    sim = D.simulate(D.DepthConfig("relu", depth=LAYERS, width=WIDTH, batch=BATCH, init="he",
                                   arch="batchnorm"))
    rng = np.random.default_rng(0)
    ts = []
    for L in rng.integers(1, LAYERS + 1, 500):
        t0 = time.perf_counter()
        sim.view(int(L))
        ts.append(1e6 * (time.perf_counter() - t0))
    print(f"view(L) for a slider move, batchnorm: median {statistics.median(ts):.0f} us")


if __name__ == "__main__":
    main()
