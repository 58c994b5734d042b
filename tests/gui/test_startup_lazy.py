"""Start-up does only what the first painted view needs (the Curves tab), and the rest
follows unchanged when asked for.

Checked in a fresh interpreter: what a start-up loads cannot be seen from inside a test
process that other tests have already filled.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from act_explorer.qt.main_window import TAB_KEYS

SCRIPT = r"""
import json, sys
from act_explorer.app import create_application, build_window
app = create_application(headless=True)
w = build_window(persist=False)
w.resize(1280, 800)
w.show()
for _ in range(5):
    app.processEvents()
WATCH = sys.argv[1:]
first = {
    "loaded": [m for m in WATCH if m in sys.modules],
    "order": list(sys.modules),
    "built": sorted(k for k in w.panels
                    if any(p is dict.__getitem__(w.panels, k) for p in w.panels.built())),
    "card": w.curves_panel.card.values["range"].text(),
}
pages = {}
for key in list(w.panels):
    w.set_tab(key)
    app.processEvents()
    panel = w.panels[key]
    pages[key] = [type(panel).__name__, w.tabs.currentWidget() is panel, w.current_tab()]
after = {"loaded": [m for m in WATCH if m in sys.modules], "pages": pages}
print(json.dumps({"first": first, "after": after}))
w.close()
w.deleteLater()
app.processEvents()
"""

# Loaded only when a tab other than Curves is first shown (or a rare path is taken).
NOT_AT_START = [
    "act_explorer.qt.depth_panel", "act_explorer.qt.phase", "act_explorer.qt.training_panel",
    "act_explorer.qt.fit", "act_explorer.qt.softmax_panel", "act_explorer.qt.learn_panel",
    "act_explorer.model.lessons",
    # NumPy's unique and median load it on their first call; the card's analysis uses
    # model/arrays.py instead, which gives the same values.
    "numpy.ma",
    "difflib",          # the catalogue's "did you mean" only
]


def _start_up() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", SCRIPT, *NOT_AT_START], capture_output=True,
                         text=True, env=env, timeout=180, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_start_up_builds_the_curves_tab_only_and_every_tab_follows_on_demand():
    run = _start_up()
    first, after = run["first"], run["after"]

    # At the first paint: the Curves tab is built and filled from the model, nothing else.
    assert first["built"] == ["curves"]
    assert first["loaded"] == []
    assert first["card"]          # the properties card shows the analysis at once

    # NumPy and the model behind the first tab were imported before Qt (PySide6 reads the
    # source of every module imported after it).
    order = first["order"]
    qt = order.index("PySide6")
    for name in ("numpy", "psygnal", "act_explorer.model.curves", "act_explorer.model.properties"):
        assert order.index(name) < qt, name

    # Each tab, once shown, is its real panel, current in the tab bar, under its own key.
    names = {"curves": "CurvesPanel", "depth": "DepthPanel", "phase": "PhasePanel",
             "training": "TrainingPanel", "fit": "FitPanel", "softmax": "SoftmaxPanel",
             "learn": "LearnPanel"}
    assert list(after["pages"]) == list(TAB_KEYS)
    for key, (cls, current, tab) in after["pages"].items():
        assert (cls, current, tab) == (names[key], True, key)
    # ... and the panels' modules are loaded then.
    for name in NOT_AT_START[:6]:
        assert name in after["loaded"], name
