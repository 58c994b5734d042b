"""The Phase tab: the heatmap shows the model's numbers, the marker drives the Depth tab,
presets land where they should, functions switch live, exports write files, the sweep can be
cancelled and a session brings the tab back."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtGui import QImage

from act_explorer.model import phase as P
from act_explorer.model import trainability as T


@pytest.fixture
def phase(window, qtbot):
    window.set_tab("phase")
    panel = window.panels["phase"]
    panel.state.update(grid=40)
    assert panel.wait_until_ready(120.0)
    return panel


def _select(window, panel, fid):
    window.state.select(fid)
    assert panel.wait_until_ready(120.0)
    assert panel.grid[1].act_id == fid


def test_heatmap_values_are_the_models(window, phase):
    _select(window, phase, "tanh")
    grid = phase.grid[1]
    model = P.phase_grid("tanh", {}, sigma_w2=P.SIGMA_W2_RANGE, sigma_b2=P.SIGMA_B2_RANGE, n=40)
    np.testing.assert_allclose(grid.xi_corr, model.xi_corr, rtol=1e-12, equal_nan=True)
    # what the image holds: log10 xi_c where the fixed point is finite and non-zero, else NaN
    img = phase.diagram.heatmap.front.image.T
    ok = model.status == P.OK
    np.testing.assert_allclose(img[ok], np.log10(model.xi_corr[ok]), rtol=1e-12)
    assert np.isnan(img[~ok]).all() and (~ok).any()           # q* = 0 cells at sigma_b^2 = 0
    # the colour scale: from the smallest value to the 99th percentile (xi_c diverges at the line)
    logs = np.log10(model.xi_corr[ok])
    assert phase.diagram.heatmap.levels == pytest.approx((logs.min(), np.quantile(logs, 0.99)))
    assert phase.diagram.heatmap.levels[1] < logs.max()
    # undefined cells are painted grey underneath, defined ones left clear
    back = np.swapaxes(phase.diagram.heatmap.back.image, 0, 1)
    assert (back[~ok][:, 3] == 255).all() and (back[ok][:, 3] == 0).all()
    # the critical line drawn is the model's
    cw, cb = P.critical_points("tanh", {}, sigma_b2=P.SIGMA_B2_RANGE, n=61, sigma_w2_max=P.SIGMA_W2_RANGE[1])
    x, y = phase.diagram.line.getData()
    np.testing.assert_allclose(x, cw)
    np.testing.assert_allclose(y, cb)
    # another quantity: |xi_grad| on a log scale
    phase.state.update(quantity="xi_grad")
    img = phase.diagram.heatmap.front.image.T
    np.testing.assert_allclose(img[ok], np.log10(np.abs(model.xi_grad[ok])), rtol=1e-12)


def test_relu_marks_infinite_cells_and_draws_one_critical_point(window, phase):
    _select(window, phase, "relu")
    grid = phase.grid[1]
    assert (grid.status == P.INFINITE).any()
    assert np.isnan(phase.shown_values()[grid.status == P.INFINITE]).all()
    x, y = phase.diagram.line.getData()
    assert list(x) == [2.0] and list(y) == [0.0]


def test_marker_drag_sets_the_depth_tab(window, phase, qtbot):
    depth = window.panels["depth"].state
    assert depth.init == "xavier"
    # the marker's own signal, as a mouse drag emits it
    phase.diagram.marker.setPos(2.25, 0.16)
    assert phase.state.sigma_w2 == pytest.approx(2.25) and phase.state.sigma_b2 == pytest.approx(0.16)
    assert depth.init == "custom"
    assert depth.sigma_w == pytest.approx(1.5) and depth.sigma_b == pytest.approx(0.4)
    assert phase.sw2_spin.value() == pytest.approx(2.25)
    # dragged outside the plane: clamped to the window shown
    phase.diagram.marker.setPos(9.0, -1.0)
    assert phase.state.sigma_w2 == pytest.approx(P.SIGMA_W2_RANGE[1])
    assert phase.state.sigma_b2 == 0.0 and depth.sigma_b == 0.0
    # typed into the spin box
    phase.sw2_spin.setValue(1.44)
    assert depth.sigma_w == pytest.approx(1.2)
    # a custom sigma_w typed on the Depth tab moves the marker back
    depth.update(sigma_w=1.1)
    assert phase.state.sigma_w2 == pytest.approx(1.21)
    assert phase.diagram.marker_point()[0] == pytest.approx(1.21)


def test_settings_restored_do_not_touch_the_depth_tab(window, phase):
    depth = window.panels["depth"].state
    phase.state.update(sigma_w2=3.0)
    assert depth.init == "xavier"
    assert phase.diagram.marker_point() == pytest.approx((3.0, phase.state.sigma_b2))


def test_presets_put_the_marker_at_their_point(window, phase):
    _select(window, phase, "leaky_relu")
    phase.set_point(1.7, 0.1)
    phase.apply_preset("he")
    a = window.state.params("leaky_relu")["negative_slope"]
    assert phase.state.sigma_w2 == pytest.approx(2.0 / (1.0 + a * a))
    assert phase.state.sigma_b2 == pytest.approx(0.1)            # the bias variance is kept
    phase.apply_preset("xavier")
    assert phase.state.sigma_w2 == pytest.approx(1.0)
    phase.set_point(3.0, 0.1)
    phase.apply_preset("lecun")
    assert phase.state.sigma_w2 == pytest.approx(1.0)
    assert phase.diagram.marker_point() == pytest.approx((1.0, 0.1))
    assert window.panels["depth"].state.sigma_w == pytest.approx(1.0)


@pytest.mark.parametrize("sb2", [0.05, 0.3])
def test_critical_preset_lies_on_the_critical_line(window, phase, sb2):
    _select(window, phase, "tanh")
    phase.set_point(1.0, sb2)
    phase.apply_preset("critical")
    assert phase.wait_until_ready(60.0)
    sw2 = phase.state.sigma_w2
    assert sw2 == pytest.approx(float(P.critical_line("tanh", {}, [sb2])[0]), rel=1e-12)
    assert P.phase_point("tanh", {}, sw2, sb2).chi == pytest.approx(1.0, abs=1e-6)
    assert sw2 == pytest.approx({0.05: 1.761, 0.3: 2.505}[sb2], abs=2e-3)
    # it lies on the line drawn
    x, y = phase.diagram.line.getData()
    assert sw2 == pytest.approx(float(np.interp(sb2, y, x)), abs=2e-3)
    assert window.panels["depth"].state.sigma_w == pytest.approx(math.sqrt(sw2))


def test_critical_preset_without_a_critical_point_says_so(window, phase):
    _select(window, phase, "relu")
    phase.set_point(1.5, 0.1)
    phase.apply_preset("critical")
    assert phase.wait_until_ready(60.0)
    assert phase.state.sigma_w2 == pytest.approx(1.5)
    assert phase.error.isVisible() and "no critical point" in phase.error.text()


def test_hover_shows_the_cell(window, phase):
    _select(window, phase, "tanh")
    g = phase.grid[1]
    phase.diagram.hovered.emit(10, 20)
    text = phase.readout.text()
    assert f"ξ_c = {g.xi_corr[10, 20]:.4g}" in text and f"χ = {g.chi[10, 20]:.4g}" in text
    assert "q* =" in text and "ξ_∇ =" in text
    assert phase.diagram.cell_at(float(g.sigma_w2[20]), float(g.sigma_b2[10])) == (10, 20)
    phase.diagram.hovered.emit(-1, -1)
    assert phase.readout.text().startswith("Marker:")


def test_switching_function_recomputes_live_typed_functions_too(window, phase, qtbot):
    _select(window, phase, "tanh")
    tanh_grid = phase.grid[1]
    _select(window, phase, "sigmoid")
    assert not np.allclose(np.nan_to_num(phase.grid[1].chi), np.nan_to_num(tanh_grid.chi))
    act = window.state.add_typed_function("x*sigmoid(1.5*x)")
    assert phase.wait_until_ready(120.0)
    assert phase.grid[1].act_id == act.id
    model = P.phase_grid(act.id, {}, n=40)
    np.testing.assert_allclose(phase.grid[1].chi, model.chi, rtol=1e-12, equal_nan=True)
    window.state.remove_typed_function(act.id)
    assert phase.wait_until_ready(120.0)


def test_export_png_svg_csv(window, phase, tmp_path):
    _select(window, phase, "tanh")
    png = window.export_plot("png", tmp_path / "p.png", 1200)
    svg = window.export_plot("svg", tmp_path / "p.svg")
    csv = window.export_plot("csv", tmp_path / "p.csv")
    assert QImage(str(png)).width() == 1200
    assert "<svg" in svg.read_text()[:2000]
    rows = csv.read_text().splitlines()
    assert rows[0] == ",".join(P.CSV_HEADER) and len(rows) == 40 * 40 + 1
    assert rows[1:] == P.phase_grid("tanh", {}, n=40).to_csv().splitlines()[1:]


def test_spectrum_view_matches_the_model_and_exports(window, phase, tmp_path):
    _select(window, phase, "relu")
    phase.state.update(jac_layers=4, jac_width=60, jac_samples=2)
    phase.set_point(2.0, 0.0)
    phase.state.update(view="spectrum")
    assert phase.views.currentIndex() == 2 and phase.pages.currentIndex() == 2
    assert phase.wait_until_ready(60.0) and phase.spectrum is not None
    from act_explorer.model.jacobian import jacobian_spectrum

    ref = jacobian_spectrum("relu", {}, layers=4, width=60, sigma_w2=2.0, sigma_b2=0.0, samples=2)
    np.testing.assert_allclose(phase.spectrum.singular_values, ref.singular_values)
    assert f"{ref.predicted.variance:.4g}" in phase.spec_summary.text()      # 2L = 8
    assert ref.predicted.variance == pytest.approx(8.0)
    csv = window.export_plot("csv", tmp_path / "j.csv")
    assert len(csv.read_text().splitlines()) == 2 * 60 + 1
    assert QImage(str(window.export_plot("png", tmp_path / "j.png", 900))).width() == 900


def test_sweep_runs_and_cancels(window, phase, qtbot, tmp_path):
    phase.state.update(view="sweep")
    small = T.SweepConfig(activation="tanh", sigma_w2=(1.0, 2.0), depths=(2, 4), steps=20, width=8)
    with qtbot.waitSignal(phase.sweep_shown, timeout=120_000):
        phase.run_sweep(small)
    r = phase.sweep_result
    np.testing.assert_allclose(r.accuracy, T.sweep(small).accuracy)
    np.testing.assert_allclose(phase.sweep_view.picture.image.image, r.accuracy.T)
    csv = window.export_plot("csv", tmp_path / "s.csv")
    assert len(csv.read_text().splitlines()) == 5
    # a long sweep, cancelled: the buttons come back and the old result stays
    big = T.SweepConfig(activation="tanh", depths=(64,), sigma_w2=(1.0, 2.0), steps=100_000)
    phase.run_sweep(big)
    assert phase.sweep_running() and phase.cancel_button.isEnabled() and not phase.run_button.isEnabled()
    qtbot.wait(200)
    phase.cancel_button.click()
    qtbot.waitUntil(lambda: not phase.sweep_running(), timeout=20_000)
    assert phase.run_button.isEnabled() and not phase.cancel_button.isEnabled()
    assert "Cancelled" in phase.sweep_note.text()
    assert phase.sweep_result is r
    assert phase.sweep_runner.wait(5.0)


def test_bad_sweep_setting_is_an_inline_message(window, phase):
    phase.state.update(view="sweep")
    phase.sweep_d_edit.setText("4 eight")
    phase.sweep_d_edit.editingFinished.emit()
    assert phase.error.isVisible() and "eight" in phase.error.text()
    assert phase.state.sweep_depths == T.DEFAULT_DEPTHS
    assert phase.sweep_d_edit.text() == " ".join(str(d) for d in T.DEFAULT_DEPTHS)


def test_session_round_trip(window, phase, tmp_path):
    phase.state.update(quantity="chi", sigma_w2_hi=3.0, sweep_steps=120, jac_init="orthogonal",
                       view="spectrum")
    phase.set_point(1.8, 0.2)
    saved = phase.state.to_dict()
    path = window.save_session(tmp_path / "s.actx")
    phase.state.reset_to_defaults()
    assert phase.state.to_dict() != saved
    assert "phase" in window.open_session(path)
    assert phase.state.to_dict() == saved
    assert phase.quantity_combo.currentData() == "chi"
    assert phase.views.currentIndex() == 2
    assert phase.diagram.marker_point() == pytest.approx((1.8, 0.2))


def test_reset_to_defaults(window, phase):
    phase.state.update(quantity="q_star", grid=30)
    phase.defaults_button.click()
    assert phase.state.quantity == "xi_corr" and phase.state.grid == 100


def test_show_me_sets_up_the_tab(window, qtbot):
    window.show_me({"tab": "phase", "function": "tanh", "view": "diagram", "sigma_b2": 0.05,
                    "preset": "critical"})
    panel = window.panels["phase"]
    assert window.current_tab() == "phase"
    assert panel.wait_until_ready(120.0)
    assert window.state.current == "tanh"
    assert panel.state.sigma_w2 == pytest.approx(1.761, abs=2e-3)
    assert panel.state.sigma_b2 == 0.05


def test_language_and_theme_switch_live(window, qtbot, restore_ui):
    from PySide6.QtCore import QCoreApplication

    from act_explorer.qt import theme

    window.set_tab("phase")
    panel = window.panels["phase"]
    assert panel.wait_until_ready(120.0)
    window.set_language("zh_CN")
    assert panel.run_button.text() == QCoreApplication.translate("PhasePanel", "Run sweep") != "Run sweep"
    assert window.tabs.tabText(2) == QCoreApplication.translate("MainWindow", "Phase") != "Phase"
    assert "σ_w²" in panel.diagram.plot.titleLabel.text
    window.set_language("en")
    assert panel.run_button.text() == "Run sweep"
    window.set_theme("dark")
    assert panel.diagram.graphics.backgroundBrush().color().name() == theme.DARK.background
    window.set_theme("light")
    assert panel.diagram.graphics.backgroundBrush().color().name() == theme.LIGHT.background


@pytest.fixture
def restore_ui():
    yield
    from PySide6.QtWidgets import QApplication

    from act_explorer.qt import i18n, theme

    app = QApplication.instance()
    i18n.install(app, "en")
    theme.apply(app, "light")


def test_lesson_show_me_opens_the_phase_tab(window, qtbot):
    window.set_tab("learn")
    learn = window.panels["learn"]
    learn.select("order_chaos")
    assert "1.761" in learn.text.toPlainText()
    learn.show_me.click()
    assert window.current_tab() == "phase"
    panel = window.panels["phase"]
    assert panel.wait_until_ready(120.0)
    assert panel.state.view == "diagram" and window.state.current == "tanh"
    assert panel.state.sigma_w2 == pytest.approx(float(P.critical_line("tanh", {}, [0.05])[0]))


def test_a_typed_function_that_overflows_is_marked_not_a_warning(window, phase):
    # exp(x): E[exp(sqrt(q) z)^2] = exp(2q) overflows past q ~ 355; the diagram must say "no
    # finite fixed point" there (pytest turns a NumPy warning into an error)
    phase.state.update(sigma_w2_lo=0.01, sigma_w2_hi=1.0)    # below ~0.37 there is a fixed point
    act = window.state.add_typed_function("exp(x)")
    assert phase.wait_until_ready(120.0)
    grid = phase.grid[1]
    assert grid.act_id == act.id
    assert (grid.status == P.INFINITE).any() and (grid.status == P.OK).any()
    ok = grid.status == P.OK
    assert np.isfinite(grid.chi[ok]).all()
    # where it is defined it is the closed form: q* = s_w^2 exp(2 q*) + s_b^2, chi = s_w^2 exp(2 q*)
    i, j = np.argwhere(ok)[0]
    q = grid.q_star[i, j]
    assert q == pytest.approx(grid.sigma_w2[j] * math.exp(2 * q) + grid.sigma_b2[i], rel=1e-6)
    window.state.remove_typed_function(act.id)
    assert phase.wait_until_ready(120.0)


def test_a_mouse_drag_of_the_marker_sets_the_depth_tab(window, phase, qtbot):
    import pyqtgraph as pg
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    phase.set_point(1.0, 0.05, push=False)
    qtbot.wait(50)
    view, vb = phase.diagram.graphics, phase.diagram.plot.getViewBox()

    def pixel(x, y):
        return view.mapFromScene(vb.mapViewToScene(pg.Point(x, y)))

    a, b = pixel(1.0, 0.05), pixel(2.5, 0.2)
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for k in range(1, 11):
        q = a + (b - a) * (k / 10)
        QTest.mouseMove(vp, QPoint(int(q.x()), int(q.y())))
        qtbot.wait(5)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    # where the pointer was let go, to a pixel's precision
    dx = (P.SIGMA_W2_RANGE[1] - P.SIGMA_W2_RANGE[0]) / vb.width()
    dy = (P.SIGMA_B2_RANGE[1] - P.SIGMA_B2_RANGE[0]) / vb.height()
    assert phase.state.sigma_w2 == pytest.approx(2.5, abs=2 * dx)
    assert phase.state.sigma_b2 == pytest.approx(0.2, abs=2 * dy)
    depth = window.panels["depth"].state
    assert depth.init == "custom"
    assert depth.sigma_w == pytest.approx(math.sqrt(phase.state.sigma_w2))
    assert depth.sigma_b == pytest.approx(math.sqrt(phase.state.sigma_b2))


def test_a_function_undefined_somewhere_is_refused_and_no_old_diagram_stays(window, phase, qtbot):
    """1/x has no Gaussian moments: the tab says why and hides the diagram, rather than
    leaving the previous function's heatmap under the new function's name."""
    _select(window, phase, "tanh")
    assert phase.diagram.graphics.isVisible()
    window.state.add_typed_function("1/x")
    qtbot.waitUntil(lambda: "undefined at x = 0" in phase.error.text(), timeout=30000)
    assert phase.error.isVisible() and phase.grid is None
    assert not phase.diagram.graphics.isVisible()
    _select(window, phase, "tanh")                   # a usable function brings it back
    assert phase.diagram.graphics.isVisible() and phase.grid is not None
    assert not phase.error.isVisible()
