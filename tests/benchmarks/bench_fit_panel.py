"""Benchmark: the Fit tab's frames while a network trains, in the real window.

    python tests/benchmarks/bench_fit_panel.py [--seconds 4]

For a few set-ups (the lessons "ReLU builds a polygon: a sine" - 8 units - and "Dead units"
- 16 units -, a 64-unit ReLU layer with a curve per unit, two hidden layers, and a target over
the plane with its heatmap and unit maps), at 1280x800, trains as fast as possible for a few
seconds while the panel draws, and prints:

* frame: the GUI thread's time for one frame (take the worker's FitFrame, set every curve, the
  kink marks, the loss, the readouts), median and p95, in wall time and in the GUI thread's
  CPU time (the machine is shared: CPU time is what a frame costs, wall time what it took);
* paint: one repaint of the plots, median and p95 ms, wall and the GUI thread's CPU time;
* frames/s drawn, and how often a 10 ms QTimer fired (the GUI's responsiveness);
* epochs/s reached while the GUI paints, against the same training with no GUI at all (the
  peer: what drawing costs the training).

Goal: at least 30 frames per second while training (frame + paint well under the panel's frame interval).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _common import headless, pct, run_while_drawing, shown_main_window  # noqa: E402  (this folder is on sys.path)

headless()

ADAM = {"optimizer": "adam", "lr": 0.01, "init": "he", "preset": None}
SETUPS = [
    ("sine, ReLU x8", "relu_polygon_sin", {}),
    ("dead units, ReLU x16 SGD", "dead_units", {}),
    ("sine, ReLU x64", None, {"activation": "relu", "hidden": (64,), "target": "sin", **ADAM}),
    ("sine, tanh 16,16", None, {"activation": "tanh", "hidden": (16, 16), "target": "sin", **ADAM}),
    ("multi-Gaussian, tanh x16", None, {"activation": "tanh", "hidden": (16,), "target": "multi_gauss",
                                        "x_range": None, "points": None, **ADAM}),
]


def headless_epochs_per_second(panel, seconds: float) -> float:
    from act_explorer.model.fit import FitTrainer
    from act_explorer.model.training_session import train_runs

    t = FitTrainer(panel.session.data, panel.session.trainer.config)
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < seconds:
        n += train_runs([t], t.epoch + 20)
    return n / (time.perf_counter() - t0)


def bench(app, window, label, preset, settings, seconds: float) -> dict:
    panel = window.panels["fit"]
    if preset:
        panel.apply_preset(preset, start=False)
    panel.state.update(speed=0, epochs=1_000_000, **settings)
    panel.reset()
    r = run_while_drawing(app, panel, lambda: panel.session.snapshot.epoch, seconds)
    alone = headless_epochs_per_second(panel, min(seconds, 2.0))
    med = lambda v: statistics.median(v) if v else float("nan")  # noqa: E731
    return {
        "setup": label, "frame_med": med(r["frames"]), "frame_p95": pct(r["frames"], 95),
        "cpu_med": med(r["frames_cpu"]), "cpu_p95": pct(r["frames_cpu"], 95),
        "paint_med": med(r["paints"]), "paint_p95": pct(r["paints"], 95),
        "pcpu_med": med(r["paints_cpu"]), "pcpu_p95": pct(r["paints_cpu"], 95),
        "fps": r["fps"], "timer_hz": r["timer_hz"], "eps_gui": r["epochs_s"], "eps_alone": alone,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=4.0, help="training time per set-up")
    args = ap.parse_args(argv)

    from act_explorer.qt.fit.panel import FRAME_MS

    app, window = shown_main_window()
    window.set_tab("fit")
    for _ in range(10):
        app.processEvents()
    rows = [bench(app, window, label, preset, settings, args.seconds)
            for label, preset, settings in SETUPS]
    window.close()

    print(f"\nFit tab while training as fast as possible, 1280x800, {args.seconds:g} s each "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    head = (f"{'set-up':<28} {'frame ms':>13} {'frame CPU ms':>13} {'paint ms':>13} {'frames/s':>8} "
            f"{'paint CPU ms':>13} {'timer Hz':>8} {'epochs/s':>9} {'no GUI':>8}")
    print(head)
    print(f"{'':<28} {'med / p95':>13} {'med / p95':>13} {'med / p95':>13} {'':>8} {'med / p95':>13}")
    print("-" * len(head))
    for r in rows:
        print(f"{r['setup']:<28} {r['frame_med']:5.1f} / {r['frame_p95']:5.1f} "
              f"{r['cpu_med']:5.1f} / {r['cpu_p95']:5.1f} "
              f"{r['paint_med']:5.1f} / {r['paint_p95']:5.1f} {r['fps']:8.1f} "
              f"{r['pcpu_med']:5.1f} / {r['pcpu_p95']:5.1f} {r['timer_hz']:8.1f} "
              f"{r['eps_gui']:9.0f} {r['eps_alone']:8.0f}")
    print(f"\nGoal: >= 30 frames/s while training. The panel spaces frames at least {FRAME_MS} ms and at least "
          "twice a frame's wall time (update + paint) apart; 'CPU fps' is the rate the GUI thread's CPU "
          "time alone would allow (on a machine with a free core), 'frames/s' what this run drew.")
    for r in rows:
        bound = 1000.0 / max(float(FRAME_MS), 2.0 * (r["cpu_med"] + r["pcpu_med"]))
        print(f"  {r['setup']:<28} CPU fps {bound:5.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
