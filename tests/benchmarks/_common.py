"""The start-up and small measures the benchmark scripts share (each script imports this from
its own folder, which Python puts first on ``sys.path``):

* :func:`headless` -- Qt's offscreen platform and a settings folder apart from the user's:
  the shared ``/tmp/act-explorer-bench-config``, or with ``private_config`` a fresh one (also
  as ``XDG_CONFIG_HOME``) for scripts that must start from no settings at all;
* :func:`source_tree` -- import ``act_explorer`` from this checkout (and the helpers beside
  this file) whatever the working folder; returns the checkout's root;
* :func:`pct` -- a percentile of a list of timings, :func:`timed_ms` -- milliseconds per call;
* :func:`shown_main_window` -- the application and a shown 1280x800 main window.

Call :func:`headless` and :func:`source_tree` before anything imports Qt or the package.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def headless(private_config: bool = False) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if private_config:
        os.environ.setdefault("ACT_EXPLORER_CONFIG_DIR", tempfile.mkdtemp(prefix="act-bench-config-"))
        os.environ["XDG_CONFIG_HOME"] = os.environ["ACT_EXPLORER_CONFIG_DIR"]
    else:
        os.environ.setdefault("ACT_EXPLORER_CONFIG_DIR", "/tmp/act-explorer-bench-config")


def source_tree() -> Path:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    return ROOT


def pct(values, q):
    """The q-th percentile (nearest rank) of ``values``; NaN for none."""
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))] if s else float("nan")


def timed_ms(fn, repeats: int = 1) -> list[float]:
    """Milliseconds of each of ``repeats`` calls of ``fn()``."""
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def shown_main_window(size: tuple[int, int] = (1280, 800)):
    """``(app, window)``: the headless application and a main window shown at ``size`` (no
    remembered settings), its first events processed."""
    from act_explorer.app import create_application
    from act_explorer.qt.main_window import MainWindow

    app = create_application(headless=True)
    w = MainWindow(persist=False)
    w.resize(*size)
    w.show()
    for _ in range(5):
        app.processEvents()
    return app, w


def run_while_drawing(app, panel, epoch, seconds: float, warm_s: float = 0.5) -> dict:
    """Start ``panel`` (the Training or Fit tab), let it warm up, then process events for
    ``seconds`` while it trains and draws; pause it.  Returns the samples taken in the
    measured span: ``frames``/``frames_cpu`` (the panel's frame update, ms), ``paints`` /
    ``paints_cpu`` (repaints of its plots, ms), ``fps`` (frames drawn per second),
    ``timer_hz`` (how often a 10 ms QTimer fired: the GUI's responsiveness), ``epochs_s``
    (epochs trained per second, ``epoch()`` read before and after) and ``elapsed``."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    panel.start()
    t_warm = time.perf_counter() + warm_s
    while time.perf_counter() < t_warm:
        app.processEvents()
        time.sleep(0.001)
    g = panel.graphics
    f0, p0 = len(panel.frame_ms), len(g.paint_ms)
    e0 = epoch()
    timer.start()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    timer.stop()
    e1 = epoch()
    panel.pause()
    frames = list(panel.frame_ms)[f0:]
    return {
        "frames": frames, "frames_cpu": list(getattr(panel, "frame_cpu_ms", []))[f0:],
        "paints": list(g.paint_ms)[p0:], "paints_cpu": list(g.paint_cpu_ms)[p0:],
        "fps": len(frames) / elapsed, "elapsed": elapsed, "epochs_s": (e1 - e0) / elapsed,
        "timer_hz": (len(ticks) - 1) / (ticks[-1] - ticks[0]) if len(ticks) > 1 else 0.0,
    }
