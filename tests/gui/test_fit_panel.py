"""The Fit tab in the real window: controls bound to the state, training on a worker that
updates the plots and readouts, hovering a unit, the lessons, export files, sessions, Show me,
bad input shown inline, and targets over the plane."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from act_explorer.model import pieces
from act_explorer.model.fit_presets import FIT_PRESETS
from act_explorer.model.fit_state import CSV, EXPR, FitState


@pytest.fixture
def panel(window):
    window.set_tab("fit")
    return window.panels["fit"]


def run_until_stopped(qtbot, panel, timeout_ms: int = 60_000) -> str:
    with qtbot.waitSignal(panel.stopped, timeout=timeout_ms) as blocker:
        assert panel.start()
    return blocker.args[0]


def test_the_tab_sits_after_training_and_its_shortcut_follows(window):
    from act_explorer.qt.main_window import TAB_KEYS

    assert TAB_KEYS.index("fit") == TAB_KEYS.index("training") + 1
    i = window.tabs.indexOf(window.panels["fit"])
    assert window.tabs.tabText(i) == "Fit" and i == TAB_KEYS.index("fit")
    shortcuts = {a.text(): a.shortcut().toString() for a in window.view_menu.actions() if a.text()}
    assert shortcuts["Fit"] == f"Ctrl+{i + 1}" and shortcuts["Training"] == "Ctrl+4"
    assert shortcuts["Learn"] == f"Ctrl+{len(TAB_KEYS)}"


def test_controls_show_the_state_and_edits_update_it(panel):
    st = panel.state
    assert panel.hidden_edit.text() == "16" and panel.points_spin.value() == 200
    speeds = panel.speed_combo
    assert speeds.itemText(speeds.findData(1.0)) == "1 epoch per second"
    assert speeds.itemText(speeds.findData(2.0)) == "2 epochs per second"
    assert panel.lo_spin.value() == pytest.approx(-np.pi, abs=1e-4)
    panel.hidden_edit.setText("6")
    panel.hidden_edit.editingFinished.emit()
    assert st.hidden == (6,)
    assert panel.session.trainer.network.hidden_sizes == (6,)
    panel.lr_spin.setValue(0.05)
    assert st.lr == 0.05
    st.update(noise=0.1)
    assert panel.noise_spin.value() == pytest.approx(0.1)
    panel.hi_spin.setValue(2.0)
    assert st.x_range == (pytest.approx(-np.pi, abs=1e-4), 2.0)
    assert panel.session.data.bounds[0][1] == 2.0


def test_training_runs_on_a_worker_and_updates_plots_and_readouts(qtbot, panel):
    panel.state.update(activation="relu", hidden=(8,), epochs=300, speed=0)
    trainer = panel.session.trainer
    threads = set()
    original = trainer.run

    def spy(*args, **kwargs):
        threads.add(threading.get_ident())
        return original(*args, **kwargs)

    trainer.run = spy
    frames = []
    panel.drawn.connect(frames.append)
    assert run_until_stopped(qtbot, panel) == "budget"
    assert threads and threading.get_ident() not in threads
    assert frames[-1] == 300 and panel.session.snapshot.epoch == 300
    drawn = panel.plotted()
    net = panel.session.snapshot.network
    pred, parts, c = pieces.contributions(net, drawn["fit"][0])
    np.testing.assert_allclose(drawn["fit"][1], pred)
    # ReLU: the fit and each unit are drawn through their kinks, exactly (straight between)
    u = pieces.units(net, panel.session.data.x_train)
    x_all = np.linspace(drawn["fit"][0][0], drawn["fit"][0][-1], 1001)
    p_all, parts_all, _ = pieces.contributions(net, x_all)
    np.testing.assert_allclose(np.interp(x_all, *drawn["fit"]), p_all, atol=1e-9)
    for j in range(8):
        xj, yj = drawn[f"unit_{j + 1}"]
        assert len(xj) <= 2 + len(u.kinks[j])
        np.testing.assert_allclose(np.interp(x_all, xj, yj), parts_all[:, j], atol=1e-9)
    # the view reaches half the data range beyond each side
    (a, b), = panel.session.data.bounds
    assert drawn["fit"][0][0] == pytest.approx(a - (b - a) / 2)
    # the kink marks are the units' kinks inside the view
    inside = sorted(k for ks in u.kinks for k in ks if drawn["fit"][0][0] <= k <= drawn["fit"][0][-1])
    np.testing.assert_allclose(sorted(drawn["kinks"][0]), inside)
    # the loss curves are the history
    np.testing.assert_array_equal(drawn["loss"][1], [r.loss for r in panel.session.snapshot.history])
    text = panel.status.text()
    pc = pieces.linear_pieces(net)
    assert f"Epoch 300</b> / 300" in text and f"{pc.count} (at most 9" in text
    assert f"train {panel.session.snapshot.last.loss:.3g}" in text
    assert not panel.is_busy() and not panel.start_button.isEnabled()


def test_pause_step_and_reset(qtbot, panel):
    panel.state.update(activation="tanh", hidden=(4,), epochs=100_000, speed=200)
    with qtbot.waitSignal(panel.running_changed, timeout=5000):
        panel.start()
    assert panel.start_button.text() == "Pause"
    qtbot.waitUntil(lambda: panel.session.history.n > 3, timeout=20_000)
    with qtbot.waitSignal(panel.stopped, timeout=5000) as blocker:
        panel.pause()
    assert blocker.args[0] == "paused" and not panel.is_running()
    epoch = panel.session.trainer.epoch
    with qtbot.waitSignal(panel.stopped, timeout=10_000):
        assert panel.step()
    assert panel.session.trainer.epoch == epoch + 1
    panel.reset()
    assert panel.session.trainer.epoch == 0 and panel.session.history.n == 1


def test_hovering_a_unit_highlights_it_and_names_its_numbers(qtbot, panel):
    panel.apply_preset("relu_polygon_abs", start=False)
    panel.state.update(epochs=400)
    run_until_stopped(qtbot, panel)
    frame = panel._frame_drawn
    u = frame.units
    j = int(np.argmax(np.abs(u.v)))
    i = len(frame.x) // 5
    assert panel.hover.hover_at(float(frame.x[i]), float(frame.parts[i, j])) == j
    assert panel.unit_curves.hovered == j and panel.unit_curves.pen_width(j) > 3
    assert panel.unit_curves.pen_width(1 - j) <= 1.0
    x, y = panel.unit_curves.highlight.getData()
    np.testing.assert_array_equal(y, panel.unit_curves.data(j)[1])
    text = panel.hover.label.toPlainText()
    assert text.startswith(f"unit {j + 1}:") and f"{u.w[j]:.3g}".replace("-", "−") in text
    assert "·relu(" in text
    assert "kink at x =" in text and panel.hover.label.isVisible()
    # the kink mark picks its unit too
    k = u.kinks[j][0]
    assert panel.hover.hover_at(k, panel._ylim[0] + 0.012 * (panel._ylim[1] - panel._ylim[0])) == j
    # far from every curve: nothing highlighted
    panel.hover.hover_at(float(frame.x[-1]), panel._ylim[1] * 10)
    assert panel.hover.unit is None and not panel.hover.label.isVisible()


def test_every_lesson_is_selectable_and_shows_its_text_in_both_languages(panel, monkeypatch):
    from act_explorer.qt import i18n

    for key, preset in FIT_PRESETS.items():
        panel.preset_combo.setCurrentIndex(panel.preset_combo.findData(key))
        panel.preset_combo.activated.emit(panel.preset_combo.currentIndex())
        assert panel.state.preset == key and panel.state.matches_preset() == (key, 0)
        assert preset.texts("en")[0] in panel.preset_note.text()
        assert panel.run_combo.isVisibleTo(panel) == (len(preset.runs) > 1)
    panel.run_combo.activated.emit(1)
    assert panel.state.preset_run == 1 and panel.state.activation == "gelu"
    monkeypatch.setattr(i18n, "current_language", lambda: "zh_CN")
    panel.retranslate()
    assert FIT_PRESETS["smooth_vs_piecewise"].texts("zh_CN")[0] in panel.preset_note.text()
    panel.state.update(lr=0.5)
    assert "differ" in panel.preset_note.text()


def test_show_me_opens_the_fit_tab_with_the_lesson(qtbot, window):
    window.set_tab("learn")
    learn = window.panels["learn"]
    learn.select("sum_of_activations")
    fit = window.panels["fit"]
    with qtbot.waitSignal(fit.running_changed, timeout=10_000):
        learn.show_me.click()
    assert window.current_tab() == "fit"
    assert fit.state.matches_preset() == ("relu_polygon_sin", 0)
    fit.pause()


def test_exports_write_the_clis_columns(qtbot, window, panel, tmp_path):
    panel.state.update(activation="relu", hidden=(3,), epochs=20)
    run_until_stopped(qtbot, panel)
    csv = window.export_plot("csv", tmp_path / "fit.csv", panel=panel)
    lines = csv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "x,target,prediction,unit_1,unit_2,unit_3" and len(lines) == 602
    rows = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]])
    net = panel.session.snapshot.network
    np.testing.assert_allclose(rows[:, 2], pieces.contributions(net, rows[:, 0])[0])
    np.testing.assert_allclose(rows[:, 1], np.sin(rows[:, 0]))
    png = window.export_plot("png", tmp_path / "fit.png", 800, panel=panel)
    svg = window.export_plot("svg", tmp_path / "fit.svg", panel=panel)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and "<svg" in svg.read_text(encoding="utf-8")
    assert panel.export_name() == "fit-relu-sin"


def test_session_round_trip_and_old_sessions_without_fit(window, panel, tmp_path):
    panel.state.update(target="cube", hidden=(5, 3), activation="tanh", lr=0.02)
    path = window.save_session(tmp_path / "s.actx")
    saved = panel.state.values()
    panel.state.reset_to_defaults()
    assert panel.state.values() != saved
    window.open_session(path)
    assert panel.state.values() == saved
    assert panel.session.trainer.network.hidden_sizes == (5, 3)
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    del data["fit"]
    old = tmp_path / "old.actx"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert "fit" not in window.open_session(old)
    assert panel.state.values() == saved


def test_bad_input_is_shown_inline_and_nothing_is_lost(qtbot, panel, tmp_path):
    st = panel.state
    before = st.values()
    panel.hidden_edit.setText("4,4,4,4")
    panel.hidden_edit.editingFinished.emit()
    assert panel.error.isVisibleTo(panel) and "hidden layers" in panel.error.text()
    assert st.values() == before
    st.update(target=EXPR)
    panel.expr_edit.setText("x^2 + ((")
    panel.expr_edit.editingFinished.emit()
    assert "never closed" in panel.error.text() and st.expr == before["expr"]
    assert panel.expr_edit.text() == before["expr"]
    st.update(x_range=(-1.0, 1.0), points=201)
    panel.expr_edit.setText("1/x")
    panel.expr_edit.editingFinished.emit()       # refused by the data: x = 0 is a point
    assert "not finite" in panel.error.text()
    assert panel.session.trainer is not None and panel.session.data.label != "1/x"
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n0,1\n1,two\n", encoding="utf-8")
    assert not panel.load_csv_file(str(bad))
    assert "Could not use the file" in panel.error.text() and st.target == EXPR
    good = tmp_path / "good.csv"
    good.write_text("x,y\n" + "".join(f"{x},{x * x}\n" for x in np.linspace(-1, 1, 30)), encoding="utf-8")
    assert panel.load_csv_file(str(good))
    assert st.target == CSV and panel.session.data.n_train + panel.session.data.n_test == 30
    assert not panel.error.isVisibleTo(panel)
    assert panel.plotted()["target"][0].size == 0          # no target for points from a file


def test_a_target_over_the_plane_draws_the_heatmap_and_the_unit_tiles(qtbot, panel):
    panel.state.update(target="multi_gauss", hidden=(6,), activation="tanh", epochs=30)
    assert panel._layout_dim == 2
    assert panel.heat_plot.isVisible() and panel.tiles_plot.isVisible() and not panel.fit_plot.isVisible()
    run_until_stopped(qtbot, panel)
    frame = panel._frame_drawn
    from act_explorer.model.fit import prediction_grid

    np.testing.assert_allclose(frame.grid, prediction_grid(panel.session.snapshot.network, frame.xlim,
                                                           frame.ylim, 81))
    img = panel.tiles_image.image
    assert img is not None and np.nanmax(np.abs(img)) == pytest.approx(1.0)
    assert panel._tiles_shape == (6, 2, 3)
    csv = panel.export_csv().splitlines()
    assert csv[0] == "x1,x2,target,prediction" and len(csv) == 61 * 61 + 1
    panel.state.update(target="sin", x_range=None, points=None)
    assert panel._layout_dim == 1 and panel.fit_plot.isVisible()


def test_reset_to_defaults(panel):
    from act_explorer.qt import panel_settings

    panel.state.update(hidden=(3,), lr=0.2, target="step")
    panel_settings.reset_to_defaults(panel)
    assert panel.state.values() == FitState().values()


def test_a_wide_layer_is_drawn_as_one_item_per_colour_and_in_full_once_still(qtbot, panel):
    from PySide6.QtWidgets import QGraphicsItem

    from act_explorer.model.curves import PALETTE

    panel.state.update(activation="relu", hidden=(64,), epochs=100_000, speed=0, optimizer="adam",
                       lr=0.01)
    cheap = []
    panel.drawn.connect(lambda _: cheap.append(
        (panel.fit_curve.opts["antialias"], panel.loss_curve.opts["autoDownsample"],
         panel.target_curve.curve.cacheMode())))
    assert panel.start()
    qtbot.waitUntil(lambda: len(cheap) >= 3, timeout=30_000)
    with qtbot.waitSignal(panel.stopped, timeout=10_000):
        panel.pause()
    # while training: plain lines, the loss as its envelope, the unchanging target cached
    assert (False, True, QGraphicsItem.CacheMode.DeviceCoordinateCache) in cheap
    # once still: full quality again
    assert panel.fit_curve.opts["antialias"] and not panel.loss_curve.opts["autoDownsample"]
    assert panel.target_curve.curve.cacheMode() == QGraphicsItem.CacheMode.NoCache
    np.testing.assert_array_equal(panel.loss_curve.curve.getData()[0], panel.session.history["epoch"])
    # 64 unit curves, a few items: one per colour, each holding its units end to end, unjoined
    curves = panel.unit_curves
    items = curves.items()
    assert len(curves) == 64 and len(items) <= len(PALETTE) + 1
    frame = panel._frame_drawn
    seen = 0
    for item in items:
        colour = item.opts["pen"].color().name().lower()
        members = [j for j in range(64) if curves.colour(j).lower() == colour]
        assert members
        x, y = item.getData()
        np.testing.assert_array_equal(x, np.concatenate([curves.data(j)[0] for j in members]))
        np.testing.assert_array_equal(y, np.concatenate([curves.data(j)[1] for j in members]))
        ends = np.cumsum([len(curves.data(j)[0]) for j in members]) - 1
        assert not item.opts["connect"][ends].any() and item.opts["connect"].sum() == len(x) - len(members)
        seen += len(members)
    assert seen == 64
    dead = [j for j in range(64) if frame.units.dead[j]]
    assert all(curves.colour(j) != curves.colour(k) for j in dead for k in range(64) if k not in dead)
    # the picture once still is the one a full redraw of the same frame gives
    before = panel.graphics.grab().toImage()
    panel._draw_frame(frame)
    panel.graphics.repaint()
    assert panel.graphics.grab().toImage() == before
