"""The main window: list, plots, parameters, overlay, properties, export, settings."""

from __future__ import annotations

import os
import resource
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from act_explorer.model import catalogue as C
from act_explorer.model.fileio import OutputError


def test_selecting_a_function_puts_the_model_curves_on_the_plots(window, qtbot):
    item = window.function_list.item("tanh")
    window.function_list.tree.setCurrentItem(item)
    assert window.state.current == "tanh"
    x, f, df = window.curves_panel.plots.curve_data("tanh")
    np.testing.assert_array_equal(x, window.state.x())
    np.testing.assert_array_equal(f, np.tanh(x))
    np.testing.assert_array_equal(df, C.get("tanh").df(x))
    assert "Tanh" in window.curves_panel.card.heading.text()
    assert window.curves_panel.card.values["range"].text() == "(-1, 1)"


def test_moving_a_slider_changes_parameter_and_curve(window, qtbot):
    window.state.select("leaky_relu")
    row = window.param_editor.rows["negative_slope"]
    row.slider.setValue(0.2)  # as a drag does: valueChanged fires while moving
    assert window.state.params()["negative_slope"] == pytest.approx(0.2)
    assert row.spin.value() == pytest.approx(0.2)
    x, f, _ = window.curves_panel.plots.curve_data("leaky_relu")
    assert f[0] == pytest.approx(0.2 * x[0])
    row.spin.setValue(0.05)
    assert row.slider.value() == pytest.approx(0.05)
    assert window.curves_panel.plots.curve_data("leaky_relu")[1][0] == pytest.approx(0.05 * x[0])


def test_invalid_combination_shows_inline_message_and_keeps_state(window):
    window.state.select("rrelu")
    ed = window.param_editor
    ed.rows["lower"].spin.setValue(0.5)   # above upper = 1/3
    assert ed.error.isVisibleTo(window) and "must not exceed" in ed.error.text()
    assert window.state.params()["lower"] == 0.125
    ed.rows["lower"].spin.setValue(0.2)
    assert not ed.error.isVisibleTo(window)
    assert window.state.params()["lower"] == pytest.approx(0.2)


def test_overlay_on_and_off(window):
    window.state.select("relu")
    item = window.function_list.item("sigmoid")
    item.setCheckState(0, Qt.CheckState.Checked)
    assert window.state.overlays == ("sigmoid",)
    assert set(window.curves_panel.plots.shown_ids()) == {"sigmoid", "relu"}
    labels = [lbl.text for _, lbl in window.curves_panel.plots.legend.items]
    assert labels == ["Sigmoid", "ReLU"]
    item.setCheckState(0, Qt.CheckState.Unchecked)
    assert window.curves_panel.plots.shown_ids() == ["relu"]


def test_search_filters_the_list(window):
    fl = window.function_list
    fl.search.setText("relu")
    assert not fl.item("leaky_relu").isHidden()
    assert fl.item("sigmoid").isHidden()
    fl.search.setText("")
    assert not fl.item("sigmoid").isHidden()


def test_crosshair_reads_every_shown_function(window):
    window.state.select("relu")
    window.state.set_overlay("tanh", True)
    window.curves_panel.plots.set_crosshair(1.0)
    text = window.curves_panel.plots.readout.text()
    assert "x = 1" in text and "ReLU: f = 1, f′ = 1" in text and "Tanh: f = 0.761594" in text


def test_x_range_control(window):
    plots = window.curves_panel.plots
    plots.x_min.setValue(-2)
    plots.x_max.setValue(3)
    plots._range_edited()
    assert window.state.x_range == (-2.0, 3.0)
    x, _, _ = plots.curve_data(window.state.current)
    assert x[0] == -2 and x[-1] == 3
    plots.x_min.setValue(5)
    plots._range_edited()
    assert "min < max" in plots.range_error.text()
    assert window.state.x_range == (-2.0, 3.0)
    plots.reset_view()
    assert window.state.x_range == (-6.0, 6.0)


def test_export_png_svg_csv(window, tmp_path):
    window.state.select("relu")
    window.state.set_overlay("sigmoid", True)
    png = window.export_plot("png", tmp_path / "c.png")
    img = QImage(str(png))
    assert not img.isNull() and img.width() >= 1600
    on_screen = window.curves_panel.export_item.sceneBoundingRect().width()
    assert img.width() >= 2 * on_screen - 1
    svg = window.export_plot("svg", tmp_path / "c.svg")
    root = ET.fromstring(svg.read_bytes())
    paths = [el for el in root.iter() if el.tag.endswith("path")]
    assert len(paths) >= 4  # f and f' of two functions, at least
    csv = window.export_plot("csv", tmp_path / "c.csv").read_text().splitlines()
    assert csv[0] == "x,sigmoid_f,sigmoid_df,relu_f,relu_df"
    assert len(csv) == 1 + window.state.points


def test_png_width_is_a_choice(window, tmp_path):
    png = window.export_plot("png", tmp_path / "big.png", width=3000)
    assert QImage(str(png)).width() == 3000


def test_export_error_leaves_nothing_and_is_reported(window, tmp_path, qtbot, monkeypatch):
    with pytest.raises(OutputError, match="does not exist"):
        window.export_plot("png", tmp_path / "nope" / "x.png")
    # through the menu: an error dialog instead of a traceback
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    shown = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "nope" / "x.svg"), ""))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    with qtbot.waitSignal(window.export_failed) as blocker:
        window._export_from_menu("svg")
    assert "does not exist" in blocker.args[0] and shown
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "ok"), ""))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    with qtbot.waitSignal(window.export_finished) as blocker:
        window._export_from_menu("png")
    assert blocker.args[0].endswith("ok.png") and (tmp_path / "ok.png").exists()


def test_copy_image_to_clipboard(window):
    from PySide6.QtGui import QGuiApplication

    window._export_from_menu("copy")
    img = QGuiApplication.clipboard().image()
    assert not img.isNull() and img.width() > 800


def test_settings_persist_between_runs(qtbot):
    from act_explorer.qt.main_window import MainWindow

    w1 = MainWindow()
    qtbot.addWidget(w1)
    w1.state.select("elu")
    w1.state.set_param("alpha", 2.5)
    w1.state.set_overlay("tanh", True)
    w1.set_tab("curves")
    w1.resize(1100, 700)
    w1.close()  # saves
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.state.current == "elu"
    assert w2.state.params()["alpha"] == 2.5
    assert w2.state.overlays == ("tanh",)
    assert w2.param_editor.rows["alpha"].spin.value() == 2.5
    w2.close()
    assert os.environ["ACT_EXPLORER_CONFIG_DIR"] in w2.settings.fileName()


def test_corrupt_settings_are_ignored(qtbot):
    from act_explorer.qt.main_window import MainWindow
    from act_explorer.qt.settings import make_settings

    s = make_settings()
    s.setValue("curves/state", '{"current": "nonexistent", "params": {"elu": {"alpha": -5}}, "x_range": [3, 1]}')
    s.sync()
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.state.current == "relu" and w.state.params("elu")["alpha"] == 1.0
    assert w.state.x_range == (-6.0, 6.0)
    w.close()


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_2000_parameter_changes_with_repaint_do_not_crash_or_leak(window, qtbot):
    window.state.select("elu")
    window.state.set_overlay("relu", True)
    view = window.curves_panel.plots.graphics
    for i in range(200):  # warm-up: caches, fonts, pixmaps
        window.state.set_param("alpha", 0.5 + (i % 100) / 50)
        view.viewport().repaint()
    before = _rss_mb()
    for i in range(2000):
        window.state.set_param("alpha", 0.1 + (i % 400) / 50)
        view.viewport().repaint()
    grown = _rss_mb() - before
    assert grown < 20, f"memory grew by {grown:.1f} MB"
    assert window.state.params()["alpha"] == pytest.approx(0.1 + (1999 % 400) / 50)
