"""Benchmark: the training tab's frames while a network trains, in the real window.

    python tests/benchmarks/bench_training_panel.py [--seconds 4]

For a few set-ups (the dying-ReLU lesson, a deeper ReLU net, the ReLU-vs-tanh comparison, a
GELU net - GELU has no fast path, so its decision grid is the slowest - and a 3-class spiral),
at 1280x800, trains "as fast as possible" for a few seconds while the panel draws, and prints:

* frame: GUI time of one frame's update (snapshot + series + curve data + status + grid
  request), median and p95 ms - the ``frame_ms`` the panel records;
* paint: GUI time of one repaint of the plots (``paint_ms``), median and p95 ms, and the GUI
  thread's CPU time in it (``paint_cpu_ms``), which waiting for a core on a loaded machine
  does not inflate;
* net view: GUI thread's CPU time per frame feeding the network diagram (its page hidden, as
  here; not part of "frame"), median ms;
* frames/s actually drawn (the panel slows its frame rate when a frame costs more than half
  its interval), and the GUI's responsiveness: how often a 10 ms QTimer fired (Hz);
* grid: the decision grid's time on its own thread (median ms) and the grids drawn per
  second; "on GUI" is the same grid computed on the GUI thread after training (what a
  frame would cost if the grid were computed there);
* epochs/s reached while the GUI paints, against the same training with no GUI at all.

With ``--replay N``, each set-up instead trains to epoch N with no window drawing, and the
panel then draws 150 training frames of that fixed state on the GUI thread alone (the curves
as while training, a new decision grid every other frame) and the repaints' CPU time is
printed: the same work in every run, whatever the machine's load.

Goal: frame + paint p95 under 16 ms on an idle machine; the timer stays >= 20 Hz.  On a
shared 2-core machine absolute numbers drift with load; compare rows of one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from _common import headless, pct, run_while_drawing, shown_main_window  # noqa: E402  (this folder is on sys.path)

headless()

SETUPS = [
    ("dying ReLU 16,16", "dying_relu", {}),
    ("ReLU 32,32,32", None, {"activation": "relu", "hidden": (32, 32, 32), "lr": 0.1}),
    ("ReLU vs tanh", "relu_vs_tanh", {}),
    ("GELU 16,16", None, {"activation": "gelu", "hidden": (16, 16), "lr": 0.1}),
    ("spiral 3 classes 32,32", None, {"activation": "relu", "dataset": "spiral", "classes": 3,
                                      "hidden": (32, 32), "lr": 0.3}),
]


def headless_epochs_per_second(panel, seconds: float) -> float:
    from act_explorer.model.training import Trainer
    from act_explorer.model.training_session import train_runs

    trainers = [Trainer(panel.dataset, r.run.config) for r in panel._runs]
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < seconds:
        n += train_runs(trainers, trainers[0].epoch + 10)
    return n / (time.perf_counter() - t0)


def set_up(panel, preset, settings, epochs: int) -> None:
    """The set-up from the defaults (a lesson's compare mode must not stay on for the next
    set-up), as fast as possible for ``epochs``."""
    from act_explorer.qt import panel_settings

    panel_settings.reset_to_defaults(panel)
    if preset:
        panel.apply_preset(preset, start=False)
    panel.state.update(speed=0, epochs=epochs, **settings)


def bench(app, window, label, preset, settings, seconds: float) -> dict:

    from act_explorer.model.network import decision_grid
    from act_explorer.qt.training.plots import GRID_N

    panel = window.panels["training"]
    set_up(panel, preset, settings, epochs=100_000)
    panel.reset()
    panel.wait_until_ready(30)
    g0 = len(panel.grid_seconds)
    view = panel.network_view
    feed, view_ms = view.update_frame, []

    def timed_feed(*args, **kwargs):
        c0 = time.thread_time()
        feed(*args, **kwargs)
        view_ms.append((time.thread_time() - c0) * 1000)

    view.update_frame = timed_feed
    try:
        r = run_while_drawing(app, panel, lambda: panel.last_snapshot.epoch, seconds)
    finally:
        del view.update_frame
    frames, paints = r["frames"], r["paints"]
    grids = list(panel.grid_seconds)[g0:]
    elapsed = r["elapsed"]
    snap = panel.last_snapshot
    xlim, ylim = panel.grid_bounds()
    on_gui = []
    for _ in range(10):
        t = time.perf_counter()
        decision_grid(snap.network, xlim, ylim, GRID_N)
        on_gui.append((time.perf_counter() - t) * 1000)
    alone = headless_epochs_per_second(panel, min(seconds, 2.0))
    return {
        "setup": label,
        "frame_med": statistics.median(frames) if frames else float("nan"),
        "frame_p95": pct(frames, 95),
        "paint_med": statistics.median(paints) if paints else float("nan"),
        "paint_p95": pct(paints, 95),
        "cpu_med": statistics.median(r["paints_cpu"]) if r["paints_cpu"] else float("nan"),
        "cpu_p95": pct(r["paints_cpu"], 95),
        "view_med": statistics.median(view_ms) if view_ms else float("nan"),
        "fps": r["fps"],
        "timer_hz": r["timer_hz"],
        "grid_med": statistics.median(grids) * 1000 if grids else float("nan"),
        "grids_s": len(grids) / elapsed,
        "grid_gui": statistics.median(on_gui),
        "eps_gui": r["epochs_s"],
        "eps_alone": alone,
    }


def replay(app, window, label, preset, settings, epochs: int, frames: int = 150) -> dict:
    """Train to ``epochs``, then repaint ``frames`` training frames of that state (see the
    module docstring); the repaints' GUI CPU time, median and p95 ms."""
    from act_explorer.qt.training.plots import GridRequest, compute_grid

    panel = window.panels["training"]
    set_up(panel, preset, settings, epochs=epochs)
    panel.reset()
    panel.wait_until_ready(30)
    stopped = []
    panel.stopped.connect(stopped.append)
    panel.start()
    while not stopped:
        app.processEvents()
        time.sleep(0.002)
    panel.stopped.disconnect(stopped.append)
    xlim, ylim = panel.grid_bounds()
    grid = compute_grid(GridRequest(("replay",), panel.last_snapshot.network, xlim, ylim))
    g = panel.graphics
    panel.is_busy = lambda: True          # draw as while training
    try:
        for i in range(frames + 10):
            panel._draw_curves()
            if i % 2:
                panel._show_grid(grid)
            g.viewport().repaint()
    finally:
        del panel.is_busy
        panel._draw_curves()
    cpu = list(g.paint_cpu_ms)[-frames:]
    return {"setup": label, "epoch": panel.last_snapshot.epoch,
            "cpu_med": statistics.median(cpu), "cpu_p95": pct(cpu, 95)}


def main_replay(epochs: int) -> int:
    app, window = shown_main_window()
    window.set_tab("training")
    for _ in range(10):
        app.processEvents()
    rows = [replay(app, window, label, preset, settings, epochs) for label, preset, settings in SETUPS]
    window.close()
    print(f"\nTraining tab: 150 training frames of a fixed state repainted, 1280x800, at epoch {epochs} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    print(f"{'set-up':<24} {'repaint CPU ms':>15}")
    print(f"{'':<24} {'med / p95':>15}")
    for r in rows:
        print(f"{r['setup']:<24} {r['cpu_med']:6.1f} / {r['cpu_p95']:5.1f}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=4.0, help="training time per set-up")
    ap.add_argument("--replay", type=int, metavar="EPOCHS",
                    help="repaint a fixed state trained to EPOCHS instead (see above)")
    args = ap.parse_args(argv)
    if args.replay:
        return main_replay(args.replay)

    app, window = shown_main_window()
    window.set_tab("training")
    for _ in range(10):
        app.processEvents()
    rows = [bench(app, window, label, preset, settings, args.seconds)
            for label, preset, settings in SETUPS]
    window.close()

    print(f"\nTraining tab while training as fast as possible, 1280x800, {args.seconds:g} s each "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    head = (f"{'set-up':<24} {'frame ms':>13} {'paint ms':>13} {'paint CPU':>13} {'net view':>8} "
            f"{'frames/s':>8} {'timer Hz':>8} "
            f"{'grid ms':>8} {'grids/s':>7} {'on GUI':>7} {'epochs/s':>9} {'no GUI':>8}")
    print(head)
    print(f"{'':<24} {'med / p95':>13} {'med / p95':>13} {'med / p95':>13} {'med':>8}")
    print("-" * len(head))
    for r in rows:
        print(f"{r['setup']:<24} {r['frame_med']:5.1f} / {r['frame_p95']:5.1f} "
              f"{r['paint_med']:5.1f} / {r['paint_p95']:5.1f} {r['cpu_med']:5.1f} / {r['cpu_p95']:5.1f} "
              f"{r['view_med']:8.1f} {r['fps']:8.1f} {r['timer_hz']:8.1f} "
              f"{r['grid_med']:8.1f} {r['grids_s']:7.1f} {r['grid_gui']:7.1f} "
              f"{r['eps_gui']:9.0f} {r['eps_alone']:8.0f}")
    print("\nframe = GUI update per frame (snapshot published by the worker, series, curve data, "
          "status, grid request);\npaint = one repaint of the plots (wall time; CPU = the GUI "
          "thread's CPU time in it);\nnet view = feeding the (hidden) network diagram each frame, "
          "GUI CPU time; grid = decision grid "
          f"({GRID_N_TEXT}) on its own thread; on GUI = the same grid timed on the GUI thread.")
    return 0


GRID_N_TEXT = "80 x 80"

if __name__ == "__main__":
    sys.exit(main())
