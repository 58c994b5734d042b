"""A seeded random-action driver for the main window (used by a test and a benchmark).

:class:`RandomDriver` picks actions with a seeded ``random.Random`` and performs them through
the widgets, as a user would: select and overlay functions, drag parameter sliders, change
the x range, type functions (good, hostile and broken ones), remove them, switch tabs, move
the depth controls, start/step/reset training and pick lesson presets, change the data and
the network, edit logits and temperature, open lessons and press *Show me*, export every
panel's picture and data to a temporary folder, save sessions and open them again (also a
corrupt one).  File dialogs, input dialogs and message boxes are replaced by stand-ins that
answer at once (message boxes are recorded, not failures: a refused corrupt session *should*
show one).

While it runs (:meth:`RandomDriver.capturing`) it records, with the action that caused it:

* every exception raised in a slot or event handler (``sys.excepthook``), in a thread
  (``threading.excepthook``) or in a worker job (the TaskRunner prints those);
* every Python warning;
* every Qt message of warning level or above, except those in :data:`QT_ALLOWED`.

The same seed gives the same sequence of actions (what the workers finish in between depends
on timing, so the state the actions meet may differ slightly between runs).
"""

from __future__ import annotations

import contextlib
import random
import re
import sys
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QPushButton

# Qt messages that are not defects of the app, each with the reason it is allowed.
QT_ALLOWED: dict[str, str] = {
    # The offscreen platform plugin cannot do these; a real desktop can.
    r"This plugin does not support propagateSizeHints\(\)": "offscreen platform limitation",
    r"This plugin does not support raise\(\)": "offscreen platform limitation",
    r"QFont::setPointSizeF: Point size <= 0": "pyqtgraph sizing a label before layout",
    # Fonts: a minimal test machine may lack a font family Qt asks fontconfig for.
    r"^qt\.qpa\.fonts": "font fallback on a machine without the desktop fonts",
    r"OpenType support missing for": "font fallback on a machine without the desktop fonts",
}

TYPED = [
    # ordinary
    "x*sigmoid(1.5*x)", "tanh(a*x)", "max(0.1*x, x)", "x^3", "softplus(x) - log(2)",
    "where(x < 0, 0.2*x, x)", "gelu(x) + 0.1*x", "leaky_relu(x, b)", "x/(1+abs(x))",
    # undefined on part of the line, overflowing, poles
    "sqrt(-x)", "log(x)", "exp(710)", "1/x", "sqrt(x-100)", "1/(x-0.3)", "exp(x)",
    "sqrt(abs(x))", "log(1+x^2)", "-(1.58e-248^x)", "x^723.85", "where(x != x, 1e-3, x)^(1^x)",
    # refused by the parser
    "x+", "__import__('os')", "9**9**9**9", "sin(", "x" * 30 + ")",
]

HIDDEN = ["16,16", "8", "32,32,32", "4,4,4,4", "bad", "0", "64", "2,2"]
SEEDS = ["0", "1", "42", "x", "-3", "123456"]


@dataclass
class Problem:
    kind: str
    action: str
    text: str


@dataclass
class RandomDriver:
    window: object
    seed: int
    tmp: Path
    problems: list[Problem] = field(default_factory=list)
    boxes: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    current: str = "start"
    exports: int = 0
    sessions: int = 0
    seconds: dict = field(default_factory=dict)     # time spent per kind of action

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.tmp = Path(self.tmp)
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.actions: list[tuple[str, float, Callable[[], None]]] = [
            ("select function", 8, self.select_function),
            ("toggle overlay", 4, self.toggle_overlay),
            ("move parameter", 10, self.move_parameter),
            ("x range", 2, self.x_range),
            ("type function", 5, self.type_function),
            ("remove typed", 1.5, self.remove_typed),
            ("switch tab", 6, self.switch_tab),
            ("depth control", 6, self.depth_control),
            ("training run", 8, self.training_run),
            ("training setting", 5, self.training_setting),
            ("training preset", 2, self.training_preset),
            ("softmax", 4, self.softmax),
            ("lesson", 2, self.lesson),
            ("export", 2, self.export),
            ("session", 1.5, self.session),
        ]

    # -- running ------------------------------------------------------------------------------
    def step(self) -> str:
        names = [a[0] for a in self.actions]
        weights = [a[1] for a in self.actions]
        i = self.rng.choices(range(len(names)), weights)[0]
        self.current = names[i]
        t0 = time.perf_counter()
        self.actions[i][2]()
        self.done.append(self.current)
        pump(self.rng.choice((0, 0, 1, 5, 20)))
        self.seconds[self.current] = self.seconds.get(self.current, 0.0) + time.perf_counter() - t0
        return self.current

    def run(self, n: int, on_step: Callable[[int], None] | None = None) -> None:
        for k in range(n):
            self.step()
            if on_step is not None:
                on_step(k)

    def settle(self, ms: int = 300) -> None:
        """Stop training and let the workers finish (before checking or measuring)."""
        tp = self.panel("training", create=False)
        if tp is not None and tp._running:
            tp.start_button.click()
        pump(ms)

    @contextlib.contextmanager
    def capturing(self):
        """Record exceptions, warnings and Qt warnings; stand in for every dialog."""
        old_hook, old_thook = sys.excepthook, threading.excepthook
        from act_explorer.qt import workers

        old_print = workers.traceback.print_exc

        def hook(etype, value, tb):
            self.problems.append(Problem("exception", self.current,
                                         "".join(traceback.format_exception(etype, value, tb))))

        def thook(args):
            self.problems.append(Problem("thread exception", self.current, "".join(
                traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))))

        def worker_failed(*_a, **_k):
            self.problems.append(Problem("worker exception", self.current, traceback.format_exc()))

        def qt_message(mode, context, message):
            if mode == QtMsgType.QtDebugMsg or mode == QtMsgType.QtInfoMsg:
                return
            if any(re.search(p, message) for p in QT_ALLOWED):
                return
            self.problems.append(Problem("Qt message", self.current, f"{mode.name}: {message}"))

        def showwarning(message, category, filename, lineno, file=None, line=None):
            if category is DeprecationWarning and "ziamath" in str(filename):
                return
            self.problems.append(Problem("warning", self.current,
                                         warnings.formatwarning(message, category, filename, lineno)))

        patches = []

        def patch(obj, name, value):
            patches.append((obj, name, getattr(obj, name)))
            setattr(obj, name, value)

        patch(QFileDialog, "getSaveFileName", staticmethod(self._save_name))
        patch(QFileDialog, "getOpenFileName", staticmethod(self._open_name))
        patch(QInputDialog, "getItem", staticmethod(self._get_item))
        for name in ("critical", "warning", "information", "question", "about"):
            patch(QMessageBox, name, staticmethod(self._box(name)))
        sys.excepthook, threading.excepthook = hook, thook
        workers.traceback.print_exc = worker_failed
        previous = qInstallMessageHandler(qt_message)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = showwarning
            try:
                yield self
            finally:
                qInstallMessageHandler(previous)
                sys.excepthook, threading.excepthook = old_hook, old_thook
                workers.traceback.print_exc = old_print
                for obj, name, value in reversed(patches):
                    setattr(obj, name, value)

    def report(self) -> str:
        lines = [f"{len(self.problems)} problem(s) in {len(self.done)} actions (seed {self.seed}):"]
        for p in self.problems[:10]:
            lines.append(f"--- {p.kind} during '{p.action}':\n{p.text}")
        return "\n".join(lines)

    # -- dialogs --------------------------------------------------------------------------------
    def _save_name(self, _parent=None, _caption="", suggestion="", _filter="", *a, **k):
        if self.rng.random() < 0.1:
            return "", ""                      # the user cancels
        suffix = Path(str(suggestion)).suffix or ".actx"
        if self.rng.random() < 0.1:           # a folder that does not exist: an inline error
            return str(self.tmp / "missing" / f"x{suffix}"), ""
        return str(self.tmp / f"out{self.rng.randrange(4)}{suffix}"), ""

    def _open_name(self, *a, **k):
        files = sorted(self.tmp.glob("*.actx"))
        if not files or self.rng.random() < 0.1:
            return "", ""
        return str(self.rng.choice(files)), ""

    def _get_item(self, _parent, _title, _label, items, current=0, *a, **k):
        items = list(items)
        return (self.rng.choice(items), True) if items else ("", False)

    def _box(self, name):
        def box(_parent=None, title="", text="", *a, **k):
            self.boxes.append(f"{name}: {title}: {text}"[:200])
            return QMessageBox.StandardButton.Ok
        return box

    # -- helpers --------------------------------------------------------------------------------
    def panel(self, key: str, create: bool = True):
        w = self.window
        if create:
            return w.panels[key]
        widget = dict.__getitem__(w.panels, key)
        return None if type(widget).__name__ == "_LazyTab" else widget

    def _show(self, key: str):
        p = self.panel(key)
        if self.rng.random() < 0.7:
            self.window.tabs.setCurrentWidget(p)
        return p

    def _slide(self, slider):
        lo, hi = slider.minimum(), slider.maximum()
        if isinstance(lo, int) and isinstance(hi, int):
            slider.setValue(self.rng.randint(lo, hi))
        else:
            slider.setValue(self.rng.uniform(lo, hi))

    def _spin_to(self, spin, lo=None, hi=None):
        lo = spin.minimum() if lo is None else max(lo, spin.minimum())
        hi = spin.maximum() if hi is None else min(hi, spin.maximum())
        if isinstance(spin.value(), int):
            spin.setValue(self.rng.randint(int(lo), int(hi)))
        else:
            spin.setValue(self.rng.uniform(lo, hi))
        spin.editingFinished.emit()

    # -- actions: curves ------------------------------------------------------------------------
    def select_function(self):
        from act_explorer.model import catalogue

        fid = self.rng.choice(list(catalogue.CATALOGUE))
        fl = self.window.function_list
        fl.tree.setCurrentItem(fl.item(fid))

    def toggle_overlay(self):
        from PySide6.QtCore import Qt

        from act_explorer.model import catalogue

        fid = self.rng.choice(list(catalogue.CATALOGUE))
        item = self.window.function_list.item(fid)
        on = item.checkState(0) == Qt.CheckState.Checked
        item.setCheckState(0, Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def move_parameter(self):
        rows = list(self.window.param_editor.rows.values())
        if not rows:
            return self.select_function()
        row = self.rng.choice(rows)
        for _ in range(self.rng.randint(1, 4)):       # a short drag
            self._slide(row.slider)
            pump(0)

    def x_range(self):
        plots = self.window.curves_panel.plots
        a = self.rng.choice([-6.0, -1.0, -50.0, -1e-3, 0.0, -1000.0, 3.0])
        b = a + self.rng.choice([12.0, 1e-3, 100.0, 0.5, 2000.0])
        plots.x_min.setValue(a)
        plots.x_max.setValue(b)
        plots.x_max.editingFinished.emit()

    def type_function(self):
        fl = self.window.function_list
        fl.expr_edit.setText(self.rng.choice(TYPED))
        if fl.add_button.isEnabled():
            fl.add_button.click()

    def remove_typed(self):
        st = self.window.state
        typed = st.typed_functions()
        if typed:
            st.remove_typed_function(self.rng.choice(typed).id)

    def switch_tab(self):
        tabs = self.window.tabs
        tabs.setCurrentIndex(self.rng.randrange(tabs.count()))

    # -- actions: depth -------------------------------------------------------------------------
    def depth_control(self):
        p = self._show("depth")
        r = self.rng.random()
        if r < 0.35:
            for _ in range(self.rng.randint(1, 6)):
                self._slide(p.depth_slider)
                pump(0)
        elif r < 0.5:
            p.init_combo.setCurrentIndex(self.rng.randrange(p.init_combo.count()))
        elif r < 0.6:
            p.seed_edit.setText(self.rng.choice(SEEDS))
            p.seed_edit.editingFinished.emit()
        elif r < 0.7:
            self._spin_to(p.width_spin, 8, 256)
        elif r < 0.8:
            self._spin_to(p.sw_spin, 0.0, 4.0)
        elif r < 0.88:
            self._spin_to(p.sb_spin, 0.0, 1.0)
        elif r < 0.95:
            p.reroll_button.click()
        elif p.critical_button.isEnabled():
            p.critical_button.click()

    # -- actions: training ----------------------------------------------------------------------
    def training_run(self):
        p = self._show("training")
        r = self.rng.random()
        if r < 0.4:
            if p.start_button.isEnabled():
                p.start_button.click()
        elif r < 0.7:
            if p.step_button.isEnabled():
                p.step_button.click()
        else:
            p.reset_button.click()

    def training_setting(self):
        p = self._show("training")
        r = self.rng.random()
        if r < 0.2:
            p.hidden_edit.setText(self.rng.choice(HIDDEN))
            p.hidden_edit.editingFinished.emit()
        elif r < 0.35:
            p.dataset_combo.setCurrentIndex(self.rng.randrange(p.dataset_combo.count()))
        elif r < 0.5:
            p.activation_combo.setCurrentIndex(self.rng.randrange(p.activation_combo.count()))
        elif r < 0.6:
            self._spin_to(p.lr_spin, 0.001, 3.0)
        elif r < 0.68:
            p.optimizer_combo.setCurrentIndex(self.rng.randrange(p.optimizer_combo.count()))
        elif r < 0.76:
            p.init_combo.setCurrentIndex(self.rng.randrange(p.init_combo.count()))
        elif r < 0.84:
            p.compare_check.setChecked(not p.compare_check.isChecked())
        elif r < 0.92:
            p.right_tabs.setCurrentIndex(self.rng.randrange(p.right_tabs.count()))
        else:
            self._spin_to(p.points_spin, 20, 800)

    def training_preset(self):
        p = self._show("training")
        buttons = [b for b in p.preset_buttons.values() if b.isEnabled()]
        if buttons:
            self.rng.choice(buttons).click()

    # -- actions: softmax, lessons --------------------------------------------------------------
    def softmax(self):
        from PySide6.QtWidgets import QAbstractSpinBox

        p = self._show("softmax")
        r = self.rng.random()
        if r < 0.15:
            p.pages.setCurrentIndex(self.rng.randrange(p.pages.count()))
            return
        page = self.rng.choice([p.softmax_page, p.maxout_page])
        if r < 0.7:
            spins = [s for s in page.findChildren(QAbstractSpinBox) if s.isEnabled()]
            if spins:
                spin = self.rng.choice(spins)
                if isinstance(spin.value(), float):
                    spin.setValue(self.rng.choice([0.0, 1.0, -3.0, 1000.0, -1000.0, 0.01,
                                                   self.rng.uniform(-10, 10)]))
                else:
                    spin.setValue(self.rng.randint(spin.minimum(), spin.maximum()))
        else:
            buttons = [b for b in page.findChildren(QPushButton) if b.isEnabled()]
            if buttons:
                self.rng.choice(buttons).click()

    def lesson(self):
        p = self._show("learn")
        p.list.setCurrentRow(self.rng.randrange(p.list.count()))
        if self.rng.random() < 0.6:
            p.show_me.click()

    # -- actions: files -------------------------------------------------------------------------
    def export(self):
        self.exports += 1
        w = self.window
        self.rng.choice([w.act_png, w.act_svg, w.act_csv, w.act_csv]).trigger()   # as the menu does

    def session(self):
        self.sessions += 1
        w = self.window
        r = self.rng.random()
        if r < 0.45:
            w.act_save.trigger()
        elif r < 0.9:
            w.act_open.trigger()
        else:
            bad = self.tmp / "broken.actx"
            bad.write_text(self.rng.choice(['{"format": "act-explorer-session", "version": 99}',
                                            "{not json", "", '{"format": 3}']))
            w._open_session_reporting(str(bad))
            bad.unlink()


def pump(ms: int = 0) -> None:
    """Let Qt deliver events (and queued worker results) for about ``ms`` milliseconds."""
    app = QApplication.instance()
    if ms <= 0:
        app.processEvents()
        return
    from PySide6.QtTest import QTest

    QTest.qWait(ms)
