"""The depth tab with residual, LayerNorm and BatchNorm networks and orthogonal weights: the
controls write the state, every compared function gets the same network, the readout explains
the architecture, no theory line is drawn where there is no theory, and a session keeps it."""

from __future__ import annotations

import numpy as np
import pytest

from act_explorer.model import depth as D


@pytest.fixture
def panel(window, qtbot):
    window.state.select("relu")
    window.set_tab("depth")
    p = window.panels["depth"]
    p.state.update(width=64, batch=64)       # small networks: the tests are about the panel
    qtbot.waitUntil(p.is_ready, timeout=60_000)
    return p


def ready(qtbot, panel):
    qtbot.waitUntil(panel.is_ready, timeout=60_000)


def test_controls_set_the_network_for_every_compared_function(panel, window, qtbot):
    window.state.set_overlays(["tanh"])
    panel.arch_combo.setCurrentIndex(panel.arch_combo.findData("residual"))
    panel.alpha_spin.setValue(0.5)
    panel.weights_combo.setCurrentIndex(panel.weights_combo.findData("orthogonal"))
    ready(qtbot, panel)
    st = panel.state
    assert (st.arch, st.branch_scale, st.weights) == ("residual", 0.5, "orthogonal")
    views = dict(panel.views())
    assert set(views) == {"relu", "tanh"}
    for v in views.values():
        cfg = v.sim.config
        assert (cfg.arch, cfg.alpha, cfg.weights) == ("residual", 0.5, "orthogonal")
    text = panel.readout.text()
    assert "residual" in text and "orthogonal" in text.lower()
    # The drawn series are the model's.
    got = panel.plotted("relu")["grad_sim"][1]
    np.testing.assert_array_equal(got, views["relu"].sim.log10_grad_rms)
    # The slopes' product is drawn for the plain stack only, and so is its legend entry.
    labels = [label.text for _sample, label in panel.legend.items]
    assert not any("max slopes" in t for t in labels)
    assert np.isnan(panel.naive_item.getData()[1]).all()
    panel.arch_combo.setCurrentIndex(panel.arch_combo.findData("plain"))
    ready(qtbot, panel)
    labels = [label.text for _sample, label in panel.legend.items]
    assert any("max slopes" in t for t in labels)


def test_batchnorm_without_theory_draws_no_theory_line(panel, window, qtbot):
    window.state.select("tanh")
    panel.arch_combo.setCurrentIndex(panel.arch_combo.findData("batchnorm"))
    ready(qtbot, panel)
    assert not panel.alpha_spin.isEnabled() and not panel.alpha_sqrt.isEnabled()
    y = panel.plotted("tanh")["grad_theory"][1]
    assert np.isnan(y).all()
    assert "no theory line is drawn" in panel.readout.text()
    assert "BatchNorm at initialisation makes gradients explode" in panel.readout.text()
    window.state.select("relu")
    ready(qtbot, panel)
    assert np.isfinite(panel.plotted("relu")["grad_theory"][1]).all()


def test_batch_of_one_is_refused_inline(panel, qtbot):
    panel.arch_combo.setCurrentIndex(panel.arch_combo.findData("batchnorm"))
    ready(qtbot, panel)
    panel.batch_spin.setValue(1)
    assert panel.state.batch != 1
    assert "batch of at least 2" in panel.error.text() and panel.error.isVisibleTo(panel)


def test_sqrt_l_branch_scale_reruns_on_depth_change(panel, qtbot):
    panel.arch_combo.setCurrentIndex(panel.arch_combo.findData("residual"))
    panel.alpha_sqrt.setChecked(True)
    ready(qtbot, panel)
    assert not panel.alpha_spin.isEnabled()
    panel.state.set_depth(49)
    ready(qtbot, panel)
    (fid, v), = panel.views()
    assert v.sim.depth == 49 and v.sim.config.alpha == pytest.approx(1 / 7)
    assert "skip path carries the gradient" in panel.readout.text()


def test_session_keeps_the_network(panel, qtbot):
    panel.state.update(arch="residual-ln", branch_scale="1/sqrtL", weights="orthogonal")
    data = panel.state.to_dict()
    fresh = D.DepthState.from_dict(data)
    assert (fresh.arch, fresh.branch_scale, fresh.weights) == ("residual-ln", "1/sqrtL", "orthogonal")


def test_lesson_show_me_sets_up_the_residual_network(window, qtbot):
    from act_explorer.model import lessons

    lesson = lessons.get("deep_gradients")
    keys = [x.key for x in lessons.LESSONS]
    assert keys.index("deep_gradients") == keys.index("choosing") - 1
    text = lesson.text("en")[1] + lesson.text("zh_CN")[1]
    assert "{" not in text and "2.4e+7" in text      # figures computed, none left unfilled
    window.set_tab("learn")
    learn = window.panels["learn"]
    learn.select("deep_gradients")
    learn.show_me.click()
    assert window.current_tab() == "depth"
    panel = window.panels["depth"]
    st = panel.state
    assert (st.arch, st.branch_scale, st.init, st.depth) == ("residual", "1/sqrtL", "he", 50)
    qtbot.waitUntil(panel.is_ready, timeout=60_000)
    (fid, v), = panel.views()
    assert fid == "relu" and v.sim.config.alpha == pytest.approx(50 ** -0.5)
    # Another lesson's Show me puts the plain network back.
    learn.select("relu_growth")
    learn.show_me.click()
    assert panel.state.arch == "plain" and panel.state.depth == 30
