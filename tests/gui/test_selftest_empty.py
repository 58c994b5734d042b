"""The self-test fails every check whose result is empty (a CSV with a header and no rows, a
curve with no points, a training run with no epoch, a depth run with no layer, no app
translations), in-process, with the empty result monkeypatched in."""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pytest

from act_explorer import selftest
from act_explorer.selftest import CheckFailed


def _report(fn) -> str:
    out = io.StringIO()
    selftest._Report(out).check("x", fn)
    return out.getvalue()


def test_a_csv_with_only_a_header_fails(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("epoch,loss,train_acc\n")
    with pytest.raises(CheckFailed, match="no data rows"):
        selftest._check_csv(path)
    path.write_text("")
    with pytest.raises(CheckFailed, match="empty"):
        selftest._check_csv(path)
    path.write_text("a,b\n1,2\n")
    assert selftest._check_csv(path).startswith("1 rows")


def test_self_test_fails_on_an_empty_training_csv(window, monkeypatch):
    """The whole self-test, in-process: the training panel's CSV monkeypatched to a header
    without rows makes that check (and the run) fail; the other checks still pass."""
    from act_explorer.qt.training_panel import TrainingPanel

    monkeypatch.setattr(TrainingPanel, "export_csv",
                        lambda self: "epoch,loss,train_acc,test_acc,dead,saturated,dead_1,dead_2\n")
    out = io.StringIO()
    status = selftest.run(out)
    lines = out.getvalue().splitlines()
    assert status == 1
    fails = [ln for ln in lines if ln.startswith("FAIL")]
    assert fails == ["FAIL export training CSV: the CSV has no data rows (only a header)"]
    assert any(ln.startswith("ok   training panel (5 epochs") for ln in lines)
    assert lines[-1].endswith(", 1 failed")


def test_training_panel_check_fails_when_nothing_was_trained(window, monkeypatch):
    window.set_tab("training")
    panel = window.panels["training"]
    monkeypatch.setattr(panel, "start", lambda: True)      # "started", trained nothing
    from PySide6.QtWidgets import QApplication

    with pytest.raises(CheckFailed, match="epoch 0, 5 asked"):
        selftest._train_panel(panel, QApplication.instance())


def test_training_csv_check_fails_without_trained_epochs(window, tmp_path):
    window.set_tab("training")
    panel = window.panels["training"]
    path = tmp_path / "t.csv"
    path.write_text("epoch,loss\n1,0.5\n")
    with pytest.raises(CheckFailed, match="no epoch"):
        selftest._check_training_csv(path, panel.last_snapshot)     # epoch 0 only


def test_curve_checks_fail_when_nothing_is_drawn(window, monkeypatch):
    from PySide6.QtWidgets import QApplication

    empty = (np.array([]), np.array([]), np.array([]))
    monkeypatch.setattr(selftest, "_drawn", lambda w, fid: empty)
    monkeypatch.setattr(type(window.state), "points", property(lambda self: 0))
    app = QApplication.instance()
    with pytest.raises(CheckFailed, match="nothing drawn"):
        selftest._check_family(window, app, "relu", ["relu"])
    assert _report(lambda: selftest._check_typed(window, app)).startswith("FAIL x: x*sigmoid(x): nothing drawn")


def test_model_checks_fail_on_empty_results(monkeypatch):
    from act_explorer.model import depth as D
    from act_explorer.model import training as T

    monkeypatch.setattr(T.Trainer, "step", lambda self, n=1: None)
    assert _report(selftest._check_training).startswith("FAIL x: no epoch completed")

    empty = SimpleNamespace(depth=0, grad_rms=np.array([]))
    monkeypatch.setattr(D, "simulate", lambda cfg, **kw: SimpleNamespace(view=lambda: empty))
    assert _report(selftest._check_depth).startswith("FAIL x: 0 layers simulated, 30 asked")


def test_translation_check_fails_without_the_apps_translations(monkeypatch, tmp_path):
    from act_explorer import resources

    (tmp_path / "i18n").mkdir()
    monkeypatch.setattr(resources, "resource_dir", lambda: tmp_path)
    assert _report(selftest._check_translations).startswith("FAIL x: the app's translations")
