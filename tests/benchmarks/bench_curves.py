"""Benchmark: parameter change → both plots repainted, and start-up to a painted window.

    python tests/benchmarks/bench_curves.py [--startup-only] [--runs N]

Prints median and p95 milliseconds for a parameter change with 1 and with 3 functions shown
(2000 points each), and the start-up time of the app against a bare PySide6 + pyqtgraph
window doing the same (the floor), side by side in one run: wall time and the process's CPU
time, with Python's bytecode compiled as an installed app has it (see :func:`startup_env`).
On a machine shared with other work, judge by the CPU columns.  ``--startup-only`` prints the
start-up rows alone; ``--runs`` sets how many start-ups of each are counted (7 by default).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from _common import headless, pct, shown_main_window  # noqa: E402  (this folder is on sys.path)

headless()


def bench_param_change(n_shown: int, repeats: int = 600) -> tuple[float, float]:
    app, w = shown_main_window()
    w.state.select("elu")
    w.state.set_points(2000)
    w.state.set_overlays(["tanh", "gelu"][: n_shown - 1])
    view = w.curves_panel.plots.graphics
    times, cpu = [], []
    for i in range(repeats + 50):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        w.state.set_param("alpha", 0.2 + (i % 300) / 60)   # as a slider drag does
        view.viewport().repaint()                          # both plots share one view
        dt = time.perf_counter() - t0
        if i >= 50:
            times.append(dt * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    w.close()
    app.processEvents()
    return statistics.median(times), pct(times, 95), statistics.median(cpu), pct(cpu, 95)


def bench_floor_repaint(n_shown: int, repeats: int = 600) -> tuple[float, float]:
    """The same work in a bare pyqtgraph window of the same plot size: the floor."""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    w = pg.GraphicsLayoutWidget()
    w.resize(700, 650)
    w.show()
    p1, p2 = w.addPlot(row=0, col=0), w.addPlot(row=1, col=0)
    for p in (p1, p2):
        p.showGrid(x=True, y=True, alpha=0.15)
    p2.setXLink(p1)
    x = np.linspace(-6, 6, 2000)
    curves = [(p1.plot(pen=pg.mkPen("b", width=2)), p2.plot(pen=pg.mkPen("b", width=2)))
              for _ in range(n_shown)]
    for _ in range(5):
        app.processEvents()
    times, cpu = [], []
    for i in range(repeats + 50):
        a = 0.2 + (i % 300) / 60
        c0 = time.thread_time()
        t0 = time.perf_counter()
        for k, (c1, c2) in enumerate(curves):
            y = np.where(x > 0, x, a * np.expm1(np.minimum(x, 0))) + k
            c1.setData(x, y)
            c2.setData(x, np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0))))
        w.viewport().repaint()
        if i >= 50:
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
    w.close()
    app.processEvents()
    return statistics.median(times), pct(times, 95), statistics.median(cpu), pct(cpu, 95)


# The app is imported before this script's own Qt names, as ``act-explorer`` starts: the app
# decides the order of its imports (NumPy before Qt, see act_explorer/qt/application.py), as
# the floor below does by importing NumPy first.
APP_START = r"""
import os, sys, time
t0 = float(sys.argv[1])
from act_explorer.app import create_application, build_window
from PySide6.QtCore import QObject, QEvent, QTimer
app = create_application(headless=True)
w = build_window(persist=False)
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
target = w.curves_panel.plots.graphics.viewport()
target.installEventFilter(Painted(w))
w.resize(1280, 800); w.show()
app.exec()
print(time.time() - t0)
"""

FLOOR_START = r"""
import os, sys, time
t0 = float(sys.argv[1])
import numpy as np
from PySide6.QtCore import QObject, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg
app = QApplication([])
w = QMainWindow()
plot = pg.GraphicsLayoutWidget()
p1 = plot.addPlot(row=0, col=0); p2 = plot.addPlot(row=1, col=0)
x = np.linspace(-6, 6, 2001)
p1.plot(x, np.maximum(x, 0)); p2.plot(x, (x > 0) * 1.0)
w.setCentralWidget(plot)
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
plot.viewport().installEventFilter(Painted(w))
w.resize(1280, 800); w.show()
app.exec()
print(time.time() - t0)
"""


def startup_env() -> dict:
    """The environment of the start-up runs: Python's compiled bytecode kept, as an installed
    app has it (pip and the bundle write it), in a cache of its own.  A development shell
    with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module of the app from
    source at each start while the floor's libraries come compiled."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "act-explorer-bench-pycache")
    return env


def _start_ms(code: str, env: dict) -> tuple[float, float]:
    """(wall, CPU) milliseconds from launch to the first paint of the plots; CPU: the child
    process's user + system time (all its threads) until it exits just after that paint."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, "-c", code, repr(time.time())],
                         capture_output=True, text=True, check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(out.stdout.strip().splitlines()[-1]) * 1000, cpu * 1000


def bench_startup(runs: int = 7) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) start-up of the floor and of the app, their runs alternating (a
    machine whose load drifts slows both alike); the first run of each fills the bytecode
    cache and is not counted."""
    env = startup_env()
    floor, ours = [], []
    for i in range(runs + 1):
        f, a = _start_ms(FLOOR_START, env), _start_ms(APP_START, env)
        if i:
            floor.append(f)
            ours.append(a)
    med = lambda rows, k: statistics.median(r[k] for r in rows)  # noqa: E731
    return (med(floor, 0), med(floor, 1)), (med(ours, 0), med(ours, 1))


def print_param_change() -> None:
    print(f"parameter change -> both plots repainted (2000 points per curve), ms; 600 changes per row; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print("wall: clock time; cpu: the GUI thread's CPU time for the same (time.thread_time: what a")
    print("change costs when no other process competes for the cores)")
    print(f"{'functions shown':>16} {'app median':>11} {'app p95':>8} {'cpu med':>8} {'cpu p95':>8} "
          f"{'floor median':>13} {'floor p95':>10} {'cpu med':>8} {'cpu p95':>8}"
          "   goal: app p95 <= 8 ms (1 function), <= 16 ms (3)")
    for n in (1, 3):
        med, p95, cmed, cp95 = bench_param_change(n)
        fmed, fp95, fcmed, fcp95 = bench_floor_repaint(n)
        print(f"{n:>16} {med:>11.2f} {p95:>8.2f} {cmed:>8.2f} {cp95:>8.2f} "
              f"{fmed:>13.2f} {fp95:>10.2f} {fcmed:>8.2f} {fcp95:>8.2f}")
    print("(floor: a bare pyqtgraph window of the same plot size doing the same setData + repaint)")
    print("(the app's changes come faster than its settle time, as in a slider drag: it draws them")
    print(" decimated to the plot's width with kinks kept, not antialiased, and only the changed")
    print(" function's curves get new data, automatic y ranges only grow; the full antialiased curves")
    print(" and fitted ranges follow when the drag stops)")
    print()


def print_startup(runs: int) -> None:
    (floor, floor_cpu), (ours, ours_cpu) = bench_startup(runs)
    print(f"start-up to a painted window, median of {runs} runs, ms (bytecode compiled, as installed; "
          "app and floor runs alternate; one run of each before them fills the cache); "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'':>32} {'wall':>8} {'cpu':>8}   (cpu: the process's user + system time, all threads)")
    print(f"{'bare PySide6+pyqtgraph (floor)':>32} {floor:8.0f} {floor_cpu:8.0f}")
    print(f"{'act-explorer':>32} {ours:8.0f} {ours_cpu:8.0f}   ratio {ours / floor:.2f}x wall, "
          f"{ours_cpu / floor_cpu:.2f}x cpu (goal <= 1.3x)")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--startup-only", action="store_true",
                    help="measure only the start-up to a painted window")
    ap.add_argument("--runs", type=int, default=7, help="start-ups of each counted (default 7)")
    args = ap.parse_args(argv)
    if not args.startup_only:
        print_param_change()
    print_startup(args.runs)


if __name__ == "__main__":
    main()
