"""The depth tab: it draws the model's numbers, indexes one simulation with the depth slider,
recomputes on a worker when the network changes, and exports what it shows."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from act_explorer.cli import main as cli_main
from act_explorer.model import depth as D
from act_explorer.model.curves import colour_for
from act_explorer.model.depth_state import mean_over_rms


@pytest.fixture
def panel(window, qtbot):
    window.state.select("sigmoid")
    window.set_tab("depth")
    p = window.panels["depth"]
    qtbot.waitUntil(p.is_ready, timeout=30_000)
    return p


def ready(qtbot, panel, timeout=30_000):
    qtbot.waitUntil(panel.is_ready, timeout=timeout)


def finite_or_nan(a):
    a = np.asarray(a, dtype=np.float64)
    return np.where(np.isfinite(a), a, np.nan)


def current_result(panel, window):
    fid = window.state.current
    return panel.cache.get(panel.state.config(fid, window.state.params(fid)))


def assert_draws(panel, fid, sim, theory, exact=True):
    """The items of ``fid`` hold the model's series (log10 on the log plots): exactly the
    stored result's, or, for a simulation run again independently (``exact=False``), the
    same up to float32 rounding (BLAS may round a product differently from run to run)."""
    got = panel.plotted(fid)
    x = np.arange(1, sim.depth + 1, dtype=np.float64)
    expected = {
        "grad_sim": sim.log10_grad_rms, "grad_theory": theory.log10_grad_rms,
        "act_sim": sim.log10_act_rms, "act_theory": theory.log10_act_rms,
        "mean_sim": mean_over_rms(sim), "mean_theory": mean_over_rms(theory),
        "dead_sim": sim.frac_dead, "sat_sim": sim.frac_saturated,
        "sat_theory": theory.frac_saturated,
    }
    for name, y in expected.items():
        gx, gy = got[name]
        np.testing.assert_array_equal(gx, x, err_msg=name)
        if exact:
            np.testing.assert_array_equal(gy, finite_or_nan(y), err_msg=name)
        else:
            np.testing.assert_allclose(gy, finite_or_nan(y), rtol=1e-5, atol=1e-4, err_msg=name)
    if "naive" in got:
        np.testing.assert_array_equal(got["naive"][1], finite_or_nan(sim.log10_slope_product))


def test_plots_show_the_model_numbers(panel, window):
    cfg = panel.state.config("sigmoid")
    assert cfg.depth == 200 and panel.state.depth == 30
    sim, th = D.simulate(cfg), D.theory(cfg)        # computed again, independently
    assert_draws(panel, "sigmoid", sim.view(30), th.view(30), exact=False)
    r = current_result(panel, window)
    assert_draws(panel, "sigmoid", r.view(30).sim, r.view(30).theory)
    (fid, view), = panel.views()
    assert fid == "sigmoid" and view.sim.config == cfg
    # Sim solid in the function's colour, theory dashed, product of the largest slopes dotted grey.
    items = panel._items["sigmoid"]
    assert items["grad_sim"].opts["pen"].color().name().lower() == colour_for("sigmoid").lower()
    assert items["grad_theory"].opts["pen"].style() == Qt.PenStyle.DashLine
    assert panel.naive_item.opts["pen"].style() == Qt.PenStyle.DotLine
    assert panel.grad_plot.getAxis("bottom").labelText == "layer"
    assert panel.grad_plot.getAxis("left").labelText == "gradient RMS (last layer = 1)"
    assert "vanishing" in panel.grad_plot.titleLabel.text


def test_depth_slider_indexes_the_simulation_without_a_new_job(panel, window, qtbot):
    started = []
    panel.runner.started.connect(started.append)
    before = panel.submissions
    result = current_result(panel, window)
    for L in (1, 10, 200, 57):
        panel.depth_slider.setValue(L)
        assert panel.state.depth == L and panel.depth_spin.value() == L
        assert_draws(panel, "sigmoid", result.view(L).sim, result.view(L).theory)
    qtbot.wait(THROTTLE_WAIT)
    assert started == [] and panel.submissions == before and not panel.runner.is_running()


THROTTLE_WAIT = 400


def test_changing_width_and_init_runs_a_job_and_draws_its_result(panel, window, qtbot):
    with qtbot.waitSignal(panel.runner.finished, timeout=30_000):
        panel.width_spin.setValue(64)
    ready(qtbot, panel)
    (_fid, view), = panel.views()
    assert view.sim.config.width == 64
    r = current_result(panel, window)
    assert r.config.width == 64
    assert_draws(panel, "sigmoid", r.view(30).sim, r.view(30).theory)

    with qtbot.waitSignal(panel.runner.finished, timeout=30_000):
        panel.init_combo.setCurrentIndex(panel.init_combo.findData("he"))
    ready(qtbot, panel)
    (_fid, view), = panel.views()
    assert view.sim.config.init == "he" and view.sim.config.sigma_w2 == 2.0
    assert "He init" in panel.readout.text()
    assert panel.sw_spin.value() == pytest.approx(2 ** 0.5, abs=1e-3)   # the preset's sigma_w


def test_a_superseded_job_is_cancelled_and_its_result_dropped(panel, window, qtbot):
    started, cancelled, finished, shown = [], [], [], []
    panel.runner.started.connect(started.append)
    panel.runner.cancelled.connect(cancelled.append)
    panel.runner.finished.connect(lambda i, _r: finished.append(i))
    panel.result_shown.connect(lambda: shown.append(panel.state.width))
    panel.width_spin.setValue(1024)                  # seconds of work
    qtbot.waitUntil(lambda: len(started) == 1 and panel.runner.is_running(), timeout=5_000)
    panel.width_spin.setValue(48)                    # supersedes it
    qtbot.waitUntil(lambda: len(started) == 2, timeout=5_000)
    ready(qtbot, panel)
    qtbot.waitUntil(lambda: cancelled == [started[0]], timeout=5_000)
    assert finished == [started[1]]
    assert shown == [48]
    (_fid, view), = panel.views()
    assert view.sim.config.width == 48
    assert panel.state.config("sigmoid").with_(width=1024) not in panel.cache


def test_rapid_parameter_changes_are_throttled_and_the_last_one_runs(panel, window, qtbot):
    window.state.select("leaky_relu")
    ready(qtbot, panel)
    before = panel.submissions
    slopes = [0.01 + 0.004 * i for i in range(50)]
    t0 = time.monotonic()
    for s in slopes:                                  # a slider drag in the Functions dock
        window.state.set_param("negative_slope", s)
        qtbot.wait(10)
    dragged = time.monotonic() - t0
    ready(qtbot, panel)
    jobs = panel.submissions - before
    assert 1 <= jobs <= dragged * 1000 / 250 + 2     # at most one start per 250 ms
    (_fid, view), = panel.views()
    assert view.sim.config.params_dict["negative_slope"] == pytest.approx(slopes[-1])


def test_bad_input_shows_an_inline_message_and_keeps_the_last_plot(panel, window, qtbot):
    error = panel.findChild(QLabel, "inlineError")
    assert error is panel.error and not error.isVisible()
    before = panel.plotted("sigmoid")["grad_sim"][1].copy()
    jobs = panel.submissions
    panel.seed_edit.setText("abc")
    panel.seed_edit.editingFinished.emit()
    assert error.isVisible() and "seed must be a whole number" in error.text()
    assert "last valid settings" in error.text()
    assert panel.state.seed == 0 and panel.submissions == jobs
    np.testing.assert_array_equal(panel.plotted("sigmoid")["grad_sim"][1], before)

    panel.seed_edit.setText("7")
    panel.seed_edit.editingFinished.emit()
    assert not error.isVisible()
    ready(qtbot, panel)
    assert panel.views()[0][1].sim.config.seed == 7
    after_seed = panel.plotted("sigmoid")["grad_sim"][1].copy()

    # Custom init without sigma_w (as a session saved before it was typed can leave it).
    panel.state.update_from_dict({"init": "custom", "sigma_w": None})
    qtbot.waitUntil(error.isVisible, timeout=5_000)
    assert "custom init needs a weight scale σ_w" in error.text()
    ready(qtbot, panel)
    np.testing.assert_array_equal(panel.plotted("sigmoid")["grad_sim"][1], after_seed)
    assert panel.views()[0][1].sim.config.init == "xavier"

    panel.sw_spin.setValue(1.1)
    ready(qtbot, panel)
    assert not error.isVisible()
    cfg = panel.views()[0][1].sim.config
    assert cfg.init == "custom" and cfg.sigma_w == pytest.approx(1.1)


def test_readout_sigmoid_xavier_ten_layers(panel, qtbot):
    panel.depth_slider.setValue(10)
    ready(qtbot, panel)            # while the slider moves the text follows within 100 ms
    (_fid, view), = panel.views()
    r = view.readout()                       # the model's sentence
    assert r.key == "measured" and r.values["ratio"] == "2.0e-6"
    assert 1e-6 < view.sim.first_to_last < 4e-6           # FACTS: ~2e-6
    text = panel.readout.text()
    assert ("With Sigmoid and Xavier init, the gradient RMS at layer 1 of 10 is 2.0e-6 × the "
            "last layer's, measured on one random network (mean-field theory: 2.0e-6).") in text
    # every sentence of the model's readout is shown, with the quantity each figure is about
    for line in view.readout_lines():
        assert line.text.replace("'", "&#x27;") in text or line.text in text
    fp = view.fixed_point
    assert "χ* = 0.0557" in text and "√χ* = 0.236" in text and "max|f′| = 0.25" in text
    assert f"{D.format_ratio(log10=view.theory.log10_first_to_last)}" in text
    assert "depth scale of the variance" in text and "naive" not in text
    assert "no σ_w between 0.1 and 10" in panel.critical_label.text()   # sigmoid is never critical


def test_export_png_svg_csv(panel, window, qtbot, tmp_path):
    window.state.select("relu")
    panel.init_combo.setCurrentIndex(panel.init_combo.findData("he"))
    panel.depth_slider.setValue(50)
    ready(qtbot, panel)
    assert panel.export_name() == "depth-relu-he-50"
    window.set_tab("depth")
    csv = window.export_plot("csv", tmp_path / "d.csv").read_text().splitlines()
    assert csv[0].startswith("layer,grad_rms,act_rms,act_mean,frac_dead,frac_saturated,"
                             "theory_grad_rms,")
    assert len(csv) == 51
    (_fid, view), = panel.views()
    for ours, sim_line in zip(csv, view.sim.to_csv().splitlines()):
        assert ours.startswith(sim_line + ",")
    # The CLI with the same settings: same columns, and the forward ones the same (the first
    # 50 layers of the 200-layer network are the 50-layer network, up to float32 rounding;
    # the gradient columns differ by the noise of the random top gradient, see model/depth.py).
    assert cli_main(["depth", "relu", "--layers", "50", "--init", "he",
                     "-o", str(tmp_path / "cli.csv")]) == 0
    cli = (tmp_path / "cli.csv").read_text().splitlines()
    assert cli[0] == ",".join(csv[0].split(",")[:6])
    for ours, theirs in zip(csv[1:], cli[1:]):
        a, b = ours.split(","), theirs.split(",")
        assert a[0] == b[0]
        np.testing.assert_allclose([float(v) for v in a[2:4]], [float(v) for v in b[2:4]],
                                   rtol=1e-6)
        # A pre-activation within float32 rounding of ReLU's kink may count either way.
        np.testing.assert_allclose([float(v) for v in a[4:6]], [float(v) for v in b[4:6]],
                                   atol=4 / (256 * 256))
    png = window.export_plot("png", tmp_path / "d.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width = int.from_bytes(data[16:20], "big")
    assert width >= 1600
    svg = window.export_plot("svg", tmp_path / "d.svg").read_text()
    assert "<svg" in svg and "gradient RMS (last layer = 1)" in svg and svg.count("<path") > 10


def test_compare_mode_uses_the_overlays_and_the_same_network(panel, window, qtbot):
    window.state.set_overlays(["tanh", "relu"])
    ready(qtbot, panel)
    ids = [fid for fid, _ in panel.views()]
    assert ids == ["tanh", "relu", "sigmoid"]
    cfgs = [v.sim.config for _, v in panel.views()]
    assert len({(c.seed, c.width, c.batch, c.init) for c in cfgs}) == 1
    for fid, view in panel.views():
        r = panel.cache.get(view.sim.config)
        assert_draws(panel, fid, r.view(30).sim, r.view(30).theory)
        pen = panel._items[fid]["grad_sim"].opts["pen"]
        assert pen.color().name().lower() == colour_for(fid).lower()
    labels = [label.text for _sample, label in panel.legend.items]
    assert labels[:3] == ["Tanh", "ReLU", "Sigmoid"]
    text = panel.readout.text()
    assert "Tanh: gradient RMS at layer 1 =" in text and "ReLU: gradient RMS at layer 1 =" in text
    header = panel.export_csv().splitlines()[0].split(",")
    assert "tanh_grad_rms" in header and "relu_theory_grad_rms" in header
    assert panel.export_name() == "depth-sigmoid-tanh-relu-xavier-30"
    # A function already simulated comes from the cache; removing an overlay removes its lines.
    jobs = panel.submissions
    window.state.set_overlays(["tanh"])
    ready(qtbot, panel)
    assert panel.submissions == jobs and set(panel._items) == {"tanh", "sigmoid"}


def test_a_typed_function_works_like_a_built_in(panel, window, qtbot):
    act = window.state.add_typed_function("x*sigmoid(1.5*x)")
    ready(qtbot, panel)
    (fid, view), = panel.views()
    assert fid == act.id
    cfg = panel.state.config(act.id, window.state.params(act.id))
    sim, th = D.simulate(cfg), D.theory(cfg)
    assert_draws(panel, act.id, sim.view(30), th.view(30), exact=False)
    assert act.name in panel.readout.text()


def test_overflow_is_marked_on_the_plots_and_in_the_readout(panel, window, qtbot):
    window.state.select("elu")
    panel.state.update(init="custom", sigma_w=10.0, depth=200)
    ready(qtbot, panel)
    (_fid, view), = panel.views()
    k = view.sim.overflow_layer
    assert k is not None and 20 < k < 60
    lines = panel._overflow_lines["elu"]
    assert all(line.isVisible() and line.value() == k for line in lines)
    assert f"overflow at layer {k}" in panel.readout.text()
    assert "exploding" in panel.grad_plot.titleLabel.text
    panel.depth_slider.setValue(k - 1)                  # above the overflow: no mark
    assert not any(line.isVisible() for line in lines)


def test_progress_bar_only_for_slow_jobs(panel, qtbot):
    busy, times = [], {}
    panel.runner.busy_changed.connect(busy.append)
    panel.runner.started.connect(lambda i: times.setdefault(i, time.monotonic()))
    panel.runner.finished.connect(lambda i, _r: times.update({i: time.monotonic() - times[i]}))
    panel.state.update(width=16, batch=8)             # a few ms of work
    ready(qtbot, panel)
    (elapsed,) = times.values()
    if elapsed < 0.15:                                # (a loaded machine may take longer)
        assert busy == []
    assert not panel.progress.isVisible()
    busy.clear()
    panel.width_spin.setValue(512)                    # ~1 s
    qtbot.waitUntil(panel.progress.isVisible, timeout=5_000)
    ready(qtbot, panel)
    assert busy == [True, False] and not panel.progress.isVisible()


def test_reroll_draws_a_new_network(panel, qtbot):
    before = panel.state.seed
    panel.reroll_button.click()
    ready(qtbot, panel)
    seed = panel.state.seed
    assert seed != before and panel.seed_edit.text() == str(seed)
    assert panel.views()[0][1].sim.config.seed == seed


def test_critical_sigma_w_can_be_used(panel, window, qtbot):
    window.state.select("tanh")
    ready(qtbot, panel)
    assert "σ_w ≈ 1" in panel.critical_label.text()
    assert panel.critical_button.isEnabled()
    panel.critical_button.click()
    ready(qtbot, panel)
    cfg = panel.views()[0][1].sim.config
    assert cfg.init == "custom" and cfg.sigma_w == pytest.approx(1.0, abs=1e-3)
    assert "critical" in panel.readout.text()


def test_the_newest_critical_request_wins(panel, window, qtbot):
    window.state.select("tanh")
    ready(qtbot, panel)
    for sb in (0.1, 0.2, 0.3):                # quicker than the worker: only 0.3 must be shown
        panel.sb_spin.setValue(sb)
    ready(qtbot, panel)
    assert panel.state.sigma_b == 0.3
    key = ("tanh", (), 0.3)
    assert panel.session.critical_wanted == key and key in panel.session.critical
    expected = D.critical_sigma_w("tanh", sigma_b=0.3)
    assert panel.session.critical[key] == pytest.approx(expected)
    assert f"σ_b = 0.3: σ_w ≈ {expected:.4g}" in panel.critical_label.text()


def test_closing_the_window_mid_computation_stops_the_worker(panel, window, qtbot):
    panel.width_spin.setValue(1024)
    qtbot.waitUntil(panel.runner.is_running, timeout=5_000)
    t0 = time.monotonic()
    window.close()
    assert time.monotonic() - t0 < 1.0
    assert not panel.runner.is_running()


def test_curves_are_aliased_while_the_depth_slider_moves_and_antialiased_after(panel, window, qtbot):
    window.state.set_overlays(["tanh"])
    ready(qtbot, panel)
    curves = panel._all_curves()
    assert len(curves) >= 19 and all(c.opts["antialias"] for c in curves)
    result = current_result(panel, window)
    for L in (20, 21, 22):
        panel.depth_slider.setValue(L)
        assert all(c.opts["antialias"] is False for c in curves)
    # the data drawn during the drag are the model's, exactly as when settled
    assert_draws(panel, "sigmoid", result.view(22).sim, result.view(22).theory)
    qtbot.waitUntil(lambda: not panel.drag_quality.dragging, timeout=2000)
    assert all(c.opts["antialias"] is True for c in panel._all_curves())


def test_init_per_function_chips_have_the_plotted_colours(panel, window, qtbot):
    # GELU's own colour is too close to ReLU's beside it, so the plots draw it in another;
    # the chips of the "init per function" rows and of the header must match the lines.
    import re

    window.state.select("gelu")
    window.state.set_overlays(["tanh", "relu"])
    ready(qtbot, panel)
    drawn = {fid: panel._items[fid]["grad_sim"].opts["pen"].color().name().lower()
             for fid, _ in panel.views()}
    assert drawn["gelu"] != colour_for("gelu").lower()       # the case this test is about
    rows = panel.function_inits._labels
    assert set(rows) == set(drawn)
    for fid, label in rows.items():
        chip = re.search(r"color:(#[0-9a-fA-F]{6})", label.text()).group(1).lower()
        assert chip == drawn[fid], fid
    header = re.findall(r"color:(#[0-9a-fA-F]{6})", panel.functions_label.text())
    assert sorted(c.lower() for c in header) == sorted(drawn.values())
