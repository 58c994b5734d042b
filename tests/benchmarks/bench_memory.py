"""Benchmark: memory (RSS) under repeated use, three scenarios in the real window.

    python tests/benchmarks/bench_memory.py [--changes 2000] [--runs 200] [--sessions 100]

1. parameter changes with redraw: the curves tab with three functions shown (GELU, leaky
   ReLU, a typed x*sigmoid(b*x)) and the depth tab built; every change sets a parameter
   through its slider and repaints the window; the depth panel simulates the last value;
2. training runs started and reset: the training tab trains for a few frames, is reset,
   and the next run changes a setting (function, hidden layers, data set), 200 times;
3. a saved session (typed functions, training and depth settings) opened again and again in
   one window (File → Open), every tab shown each time, 100 times;
4. session open/close: a window is created, opens that session, shows every tab, and is
   closed and deleted, 100 times.

Each scenario warms up first (its first 10 %), then prints RSS (after a garbage collection
and ``malloc_trim``, so it is memory still held) at the start and the end, both read once the
window's background work has finished (a depth simulation still running holds tens of MB of
working arrays, which made single readings differ by up to 40 MB).  Goal: at most
20 MB growth in each.  A second line gives RSS as the process holds it, read without a
collection or trim (which would change what follows), at the start, after each quarter and
at the end: steady growth there is a leak, a step then a plateau is a cache filling.

The application is started with ``create_application``, as ``act-explorer`` starts it (its
allocator settings included, :mod:`act_explorer.qt.allocator`).
"""

from __future__ import annotations

import argparse
import faulthandler
import tempfile
import time
from pathlib import Path

from _common import headless, source_tree  # noqa: E402  (this folder is on sys.path)

headless(private_config=True)
ROOT = source_tree()

from _rss import rss_mb  # noqa: E402

GOAL_MB = 20.0


def pump(ms: int = 0) -> None:
    """Process events, for ``ms`` milliseconds (or once).  Not with ``QTest.qWait``: it holds
    Python's GIL while it waits (PySide6 6.10), which starves the application's worker threads
    (a depth simulation took 13-25 s instead of 0.3 s); an event loop releases it, as the
    application's own does."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    if ms <= 0:
        QApplication.processEvents()
        return
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def new_window():
    from act_explorer.qt.main_window import MainWindow

    w = MainWindow(persist=False)
    w.resize(1280, 800)
    w.show()
    pump(0)
    return w


def settle(timeout: float = 30.0) -> None:
    """Process events until no simulation, training step or other background job of the
    application is running (its task threads have ended and its workers are idle)."""
    import threading

    from PySide6.QtWidgets import QApplication

    from act_explorer.qt.workers import LatestWorker

    def busy() -> bool:
        if any(t.name.startswith("act-explorer-task-") for t in threading.enumerate()):
            return True
        return any(not worker.is_idle() for w in QApplication.topLevelWidgets()
                   for worker in w.findChildren(LatestWorker))

    deadline = time.perf_counter() + timeout
    quiet = 0
    while quiet < 3 and time.perf_counter() < deadline:      # idle three checks running
        pump(50)
        quiet = 0 if busy() else quiet + 1


def measure(name: str, n: int, setup, step, rows: list) -> None:
    ctx = setup()
    warm = max(1, n // 10)
    t0 = time.perf_counter()
    for i in range(warm):
        step(ctx, i)
    pump(200)
    settle()
    held = [rss_mb(collect=False)]
    base = rss_mb()
    marks = {warm + round(n * q / 4) for q in (1, 2, 3)}
    for i in range(warm, warm + n):
        step(ctx, i)
        if i + 1 in marks:
            held.append(rss_mb(collect=False))
    pump(200)
    settle()
    held.append(rss_mb(collect=False))
    end = rss_mb()
    secs = time.perf_counter() - t0
    rows.append((name, n, base, end, secs))
    print(f"{name:<40} {n:>6} {base:9.1f} {end:9.1f} {end - base:+8.1f} {secs:7.1f}  "
          f"{'met' if end - base <= GOAL_MB else 'NOT MET'}", flush=True)
    print(f"{'':<4}RSS as held (no gc, no trim) at 0/25/50/75/100 %: "
          + " ".join(f"{v:.1f}" for v in held), flush=True)
    teardown = ctx.get("teardown")
    if teardown:
        teardown()


# -- 1: parameter changes ----------------------------------------------------------------------

def params_setup():
    from act_explorer.model import catalogue

    w = new_window()
    w.state.add_typed_function("x*sigmoid(b*x)")
    typed = w.state.current
    w.state.set_overlays(["gelu", "leaky_relu"])
    depth = w.panels["depth"]
    ids = [typed, "leaky_relu", "elu", "softplus", "celu"]
    rows = {fid: catalogue.get(fid).params[0] for fid in ids}
    return {"w": w, "ids": ids, "params": rows, "depth": depth, "teardown": w.close}


def params_step(ctx, i):
    w = ctx["w"]
    fid = ctx["ids"][(i // 50) % len(ctx["ids"])]
    if w.state.current != fid:
        w.state.select(fid)
    p = ctx["params"][fid]
    row = w.param_editor.rows[p.name]
    frac = (i * 0.61803398875) % 1.0
    row.spin.setValue(p.min + frac * (p.max - p.min))
    if i % 4 == 0:
        w.tabs.setCurrentWidget(ctx["depth"] if (i // 4) % 5 == 0 else w.curves_panel)
    w.repaint()
    pump(0)


# -- 2: training runs ----------------------------------------------------------------------------

def training_setup():
    w = new_window()
    tp = w.panels["training"]
    w.tabs.setCurrentWidget(tp)
    pump(50)
    return {"w": w, "tp": tp, "teardown": w.close}


def training_step(ctx, i):
    tp = ctx["tp"]
    st = tp.state
    funcs = ["relu", "tanh", "gelu", "leaky_relu", "sigmoid"]
    hidden = ["16,16", "8,8,8", "32", "16,16,16"]
    datasets = ["moons", "circles", "xor", "spiral"]
    try:
        tp.activation_combo.setCurrentIndex(i % tp.activation_combo.count())
    except AttributeError:
        pass
    tp.hidden_edit.setText(hidden[i % len(hidden)])
    tp.hidden_edit.editingFinished.emit()
    tp.dataset_combo.setCurrentIndex(i % (tp.dataset_combo.count() - 1))   # not "CSV file"
    del st, funcs, datasets
    if tp.start_button.isEnabled():
        tp.start_button.click()
    pump(60)
    if tp._running:
        tp.start_button.click()
    tp.reset_button.click()
    pump(0)


# -- 3: session open/close -----------------------------------------------------------------------

def sessions_setup():
    tmp = Path(tempfile.mkdtemp(prefix="act-bench-sessions-"))
    w = new_window()
    w.state.add_typed_function("x*sigmoid(b*x)")
    w.state.add_typed_function("tanh(a*x) + 0.1*x")
    w.panels["depth"]
    tp = w.panels["training"]
    tp.hidden_edit.setText("16,16,16")
    tp.hidden_edit.editingFinished.emit()
    pump(100)
    path = w.save_session(tmp / "s.actx")
    w.close()
    w.deleteLater()
    pump(50)
    return {"path": path}


def sessions_step(ctx, i):
    from PySide6.QtCore import QCoreApplication, QEvent

    w = new_window()
    w.open_session(ctx["path"])
    for k in range(w.tabs.count()):
        w.tabs.setCurrentIndex(k)
        pump(0)
    pump(30)
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    pump(0)


def reopen_setup():
    ctx = sessions_setup()
    ctx["window"] = w = new_window()
    ctx["teardown"] = lambda: (w.close(), w.deleteLater(), pump(50))
    return ctx


def reopen_step(ctx, i):
    """File → Open of the same session in the one window, then every tab shown."""
    w = ctx["window"]
    w.open_session(ctx["path"])
    for k in range(w.tabs.count()):
        w.tabs.setCurrentIndex(k)
        pump(0)
    pump(30)


def main(argv=None) -> int:
    faulthandler.enable()       # a crash in Qt prints the Python stack of every thread
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--changes", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--only", default="params,training,reopen,sessions",
                    help="comma-separated scenarios to run (default all)")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))

    from act_explorer.app import create_application

    create_application(headless=True)
    print(f"RSS in MB after gc + malloc_trim, measured after a warm-up of 10 %; goal <= {GOAL_MB:.0f} MB growth")
    print(f"{'scenario':<40} {'n':>6} {'start':>9} {'end':>9} {'growth':>8} {'s':>7}")
    rows: list = []
    if "params" in only:
        measure("parameter changes with redraw", args.changes, params_setup, params_step, rows)
    if "training" in only:
        measure("training runs started and reset", args.runs, training_setup, training_step, rows)
    if "reopen" in only:
        measure("session opened again in one window", args.sessions, reopen_setup, reopen_step, rows)
    if "sessions" in only:
        measure("session open/close (new window each)", args.sessions, sessions_setup, sessions_step, rows)
    bad = [r for r in rows if r[3] - r[2] > GOAL_MB]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
