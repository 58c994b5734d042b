"""Benchmark: one GUI frame of the network view while a network trains.

    python tests/benchmarks/bench_network_view.py [--frames 300] [--size 1000x700]

For three architectures (2x8, 4x16, 8x32 ReLU units, moons, SGD lr 0.1, batch 32), shows a
``NetworkView`` at the given size, and per frame takes a few training steps (not timed, as
the trainer's worker would), takes a snapshot and times ``update_frame(snapshot, dataset)``
plus a synchronous repaint of the widget (``repaint()`` of the graphics view's viewport, which
paints the whole scene, and of the widget itself: a plain ``QWidget.repaint()`` of the parent
does not paint a QGraphicsView's scene) -- what the training panel does at ~30 fps.
Prints median and p95 milliseconds of the whole frame and of its two parts, with and
without a selected unit (the enlarged map), and the process CPU time per frame (which other
programs competing for the cores disturb less than wall time).  Goal: the frame under 16 ms for 4x16.

Every frame's snapshot carries a changed network (training never pauses here), so every
frame recomputes thumbnails, links and the enlarged map, and statistics and histograms at
each new epoch (about every third frame) -- the worst steady case.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _common import headless, pct  # noqa: E402  (this folder is on sys.path)

headless()


def bench(app, hidden, frames: int, size, select: bool, steps_per_frame: int = 5) -> dict:
    from act_explorer.model.datasets import make_dataset
    from act_explorer.model.training import TrainConfig, Trainer
    from act_explorer.qt.network_view import NetworkView

    ds = make_dataset("moons", 500, 0.1, seed=0)
    trainer = Trainer(ds, TrainConfig(hidden=hidden, activation="relu", lr=0.1, seed=0))
    view = NetworkView()
    view.resize(*size)
    view.show()
    for _ in range(5):
        app.processEvents()
    total, upd, paint, cpu = [], [], [], []
    warm = 20
    for i in range(frames + warm):
        trainer.step(steps_per_frame)
        snap = trainer.snapshot()
        c0 = time.process_time()
        t0 = time.perf_counter()
        view.update_frame(snap, ds)
        if select and i == 0:
            view.select_unit(1, 0)
        t1 = time.perf_counter()
        view.graphics.viewport().repaint()   # the scene: diagram, map, histograms
        view.repaint()                       # the widget and its slider row
        t2 = time.perf_counter()
        c2 = time.process_time()
        app.processEvents()
        if i >= warm:
            total.append((t2 - t0) * 1000)
            upd.append((t1 - t0) * 1000)
            paint.append((t2 - t1) * 1000)
            cpu.append((c2 - c0) * 1000)
    view.close()
    view.deleteLater()
    app.processEvents()
    return {
        "net": "x".join(map(str, (len(hidden), hidden[0]))),
        "select": select, "epochs": trainer.epoch,
        "median": statistics.median(total), "p95": pct(total, 95),
        "update_median": statistics.median(upd), "update_p95": pct(upd, 95),
        "paint_median": statistics.median(paint), "paint_p95": pct(paint, 95),
        "cpu_median": statistics.median(cpu), "cpu_p95": pct(cpu, 95),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--size", default="1000x700")
    args = ap.parse_args(argv)
    size = tuple(int(v) for v in args.size.lower().split("x"))

    from act_explorer.app import create_application

    app = create_application(headless=True)
    print(f"network view, {size[0]}x{size[1]}, {args.frames} frames (ms per frame: "
          "update_frame + repaint)")
    print(f"{'net':>5} {'selected':>8} {'median':>7} {'p95':>7} {'upd med':>8} {'upd p95':>8} "
          f"{'paint med':>9} {'paint p95':>9} {'cpu med':>8} {'cpu p95':>8}")
    rows = []
    for hidden in ((8,) * 2, (16,) * 4, (32,) * 8):
        for select in (False, True):
            r = bench(app, hidden, args.frames, size, select)
            rows.append(r)
            print(f"{r['net']:>5} {'yes' if select else 'no':>8} {r['median']:7.2f} {r['p95']:7.2f} "
                  f"{r['update_median']:8.2f} {r['update_p95']:8.2f} {r['paint_median']:9.2f} "
                  f"{r['paint_p95']:9.2f} {r['cpu_median']:8.2f} {r['cpu_p95']:8.2f}")
    ok = all(r["median"] < 16.0 for r in rows if r["net"] == "4x16")
    print("goal (4x16 frame under 16 ms, median wall time):", "met" if ok else "NOT met")
    if os.name == "posix":
        print("load average while measuring:", " ".join(f"{v:.2f}" for v in os.getloadavg()),
              f"({os.cpu_count()} cores; cpu = process CPU time, less sensitive to other load)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
