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
