import math

import numpy as np
import pytest
from PySide6.QtWidgets import QLabel

from act_explorer.model.softmax import softmax


@pytest.fixture
def panel(window):
    window.set_tab("softmax")
    return window.panels["softmax"]


def test_default_logits_give_the_slide_numbers(panel):
    page = panel.softmax_page
    heights = page.bars.opts["height"]
    np.testing.assert_allclose(heights, [0.659, 0.242, 0.099], atol=1e-3)
    assert [lab.textItem.toPlainText() for lab in page.bar_labels] == ["0.659", "0.242", "0.099"]


def test_editing_a_logit_and_temperature_updates_bars_and_jacobian(panel):
    page = panel.softmax_page
    page.spins[2].setValue(3.0)
    np.testing.assert_allclose(page.bars.opts["height"], softmax([2.0, 1.0, 3.0]))
    page.t_slider.setValue(np.log10(0.5))  # dragging the temperature slider
    assert panel.softmax_state.temperature == pytest.approx(0.5)
    p = softmax([2.0, 1.0, 3.0], 0.5)
    np.testing.assert_allclose(page.bars.opts["height"], p)
    J = (np.diag(p) - np.outer(p, p)) / 0.5
    np.testing.assert_allclose(page.jac_img.image, J)


def test_huge_logits_work_and_the_naive_form_is_explained(panel):
    page = panel.softmax_page
    panel.softmax_state.set_logits([1000.0, 1001.0])
    np.testing.assert_allclose(page.bars.opts["height"], [0.268941, 0.731059], atol=1e-6)
    assert "overflows" in page.readout.text()
    assert len(page.spins) == 2 and not page.remove_btn.isEnabled()


def test_add_remove_logits_bounds(panel):
    page = panel.softmax_page
    for _ in range(10):
        page.add_btn.click()
    assert len(panel.softmax_state.logits) == 10 and not page.add_btn.isEnabled()


def test_two_class_curve_lies_on_the_sigmoid(panel):
    items = panel.softmax_page.two_plot.listDataItems()
    (x1, y1), (x2, y2) = items[0].getData(), items[1].getData()
    np.testing.assert_allclose(y1, y2, atol=1e-15)


def test_maxout_presets_and_pieces(panel, window, tmp_path):
    panel.pages.setCurrentIndex(1)
    page = panel.maxout_page
    page.k_spin.setValue(4)
    assert panel.maxout_state.maxout.k == 4 and len(page.w_spins) == 4
    assert len(page.piece_items) == 4
    panel.maxout_state.apply_preset("abs")
    x, f = page.f_item.getData()
    np.testing.assert_array_equal(f, np.abs(x))
    page.w_spins[1].setValue(2.0)
    _, df = page.df_item.getData()
    assert df[-1] == 2.0 and df[0] == -1.0
    assert "2×" in page.cost.text()
    csv = window.export_plot("csv", tmp_path / "m.csv").read_text().splitlines()
    assert csv[0] == "x,f,df,piece_1,piece_2"
    png = window.export_plot("png", tmp_path / "m.png")
    assert png.stat().st_size > 1000


def test_maxout_text_agrees_with_its_presets(panel):
    """The ReLU preset has slope 0 on the left: the panel says so, and gives the real reason a
    maxout unit does not die (the winning piece's weights always get the gradient)."""
    page = panel.maxout_page
    panel.maxout_state.apply_preset("relu")
    m = panel.maxout_state.maxout
    assert m.flat_intervals() == [(-math.inf, 0.0)]
    assert float(m.df([-2.0])[0]) == 0.0
    assert page.flat_note.text().startswith("Here f′(x) = 0 for x < 0")
    texts = " ".join(w.text() for w in page.findChildren(QLabel))
    assert "never dies" not in texts and "winning piece always receives the gradient" in texts
    panel.maxout_state.apply_preset("abs")
    assert panel.maxout_state.maxout.flat_intervals() == []
    assert "never 0" in page.flat_note.text()
    panel.maxout_state.apply_preset("relu6_like")      # max(0, x, 6): flat below 6 (convex)
    assert panel.maxout_state.maxout.flat_intervals() == [(-math.inf, 6.0)]
    assert "for x < 6:" in page.flat_note.text()
