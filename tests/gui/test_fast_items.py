"""Items that redo less when ranges change often (qt/fast_items.py): the same pictures and
bounds as pyqtgraph's own items, with less recomputed - and the depth tab drawn with them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage, QPainter

from act_explorer.qt.fast_items import BoundedCurve, PictureMemoAxis


def _render(view) -> np.ndarray:
    img = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    img.fill(0xFFFFFFFF)
    p = QPainter(img)
    view.render(p)
    p.end()
    return np.frombuffer(img.constBits(), np.uint32, img.width() * img.height()).copy()


@pytest.fixture
def view(qtbot):
    from act_explorer.app import create_application

    create_application(headless=True)
    w = pg.GraphicsLayoutWidget()
    qtbot.addWidget(w)
    w.resize(600, 400)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_a_bounded_curve_has_the_bounds_of_a_plain_one_and_keeps_them_across_view_changes(view):
    plot = view.addPlot(axisItems={"left": PictureMemoAxis("left"), "bottom": PictureMemoAxis("bottom")})
    plain, bounded = pg.PlotCurveItem(), BoundedCurve()
    for item in (plain, bounded):
        plot.addItem(item)
        item.setPen(pg.mkPen("b", width=2))
    x = np.arange(1.0, 41.0)
    y = np.where(x % 7 == 0, np.nan, np.log10(x) - 3.0)      # gaps break the line
    for item in (plain, bounded):
        item.setData(x, y, connect="finite")
    for xr, yr in (((0, 50), (-4, 0)), ((0, 20), (-3.5, -1.0)), ((10, 45), (-10, 5))):
        plot.setXRange(*xr, padding=0)
        plot.setYRange(*yr, padding=0)
        view.viewport().repaint()
        assert bounded.boundingRect() == plain.boundingRect()
        assert bounded.dataBounds(1) == plain.dataBounds(1)
        # the data bounds survive the view change (pyqtgraph's item drops them)
        assert bounded._boundsCache[1] is not None
    bounded.setData(x, y + 1.0, connect="finite")
    plain.setData(x, y + 1.0, connect="finite")
    assert bounded.dataBounds(1) == plain.dataBounds(1)     # new data: new bounds


def test_an_axis_reuses_its_picture_for_a_range_drawn_before_and_it_is_the_fresh_picture(view):
    left, bottom = PictureMemoAxis("left"), PictureMemoAxis("bottom")
    plot = view.addPlot(axisItems={"left": left, "bottom": bottom})
    plot.showGrid(x=True, y=True, alpha=0.3)
    left.setWidth(50)                  # labels of another width would move the plot
    plot.addItem(pg.PlotCurveItem(np.arange(10.0), np.arange(10.0) ** 2))
    ranges = [((0, 10), (0, 100)), ((0, 20), (-5, 50)), ((0, 10), (0, 100))]
    images = []
    for xr, yr in ranges:
        plot.setXRange(*xr, padding=0)
        plot.setYRange(*yr, padding=0)
        view.viewport().repaint()
        images.append(_render(view))
    assert bottom.memo_hits >= 1 and left.memo_hits >= 1       # the third range is the first
    np.testing.assert_array_equal(images[2], images[0])
    for axis in (left, bottom):
        axis.forget_pictures()
    view.viewport().repaint()
    np.testing.assert_array_equal(_render(view), images[0])   # drawn afresh: the same pixels
    # A change of look is not served from the memo.
    hits = bottom.memo_hits
    bottom.setTextPen(pg.mkPen("r"))
    plot.setXRange(0, 20, padding=0)
    plot.setXRange(0, 10, padding=0)
    view.viewport().repaint()
    assert bottom.memo_hits == hits
    red = _render(view)
    assert np.count_nonzero(red != images[0]) > 0
    bottom.forget_pictures()
    view.viewport().repaint()
    np.testing.assert_array_equal(_render(view), red)


def test_depth_jumps_reuse_axis_pictures_and_show_the_fresh_picture(window, qtbot):
    window.state.select("sigmoid")
    window.set_tab("depth")
    panel = window.panels["depth"]
    qtbot.waitUntil(panel.is_ready, timeout=60_000)
    axes = [p.getAxis(side) for p in panel._plots for side in ("left", "bottom")]
    assert all(isinstance(a, PictureMemoAxis) for a in axes)
    assert all(isinstance(c, BoundedCurve) for c in panel._all_curves())
    view = panel.graphics
    for L in (10, 150, 10, 150, 10):
        panel.depth_slider.setValue(L)
        view.viewport().repaint()
    misses = sum(a.memo_misses for a in axes)
    for L in (150, 10, 150, 10):         # ranges shown before: no tick generated again
        panel.depth_slider.setValue(L)
        view.viewport().repaint()
    assert sum(a.memo_misses for a in axes) == misses
    panel.drag_quality.settle()
    view.viewport().repaint()
    reused = _render(view)
    for a in axes:
        a.forget_pictures()
    view.viewport().repaint()
    np.testing.assert_array_equal(_render(view), reused)


def test_a_depth_axis_whose_range_changed_is_drawn_directly_then_cached_when_quiet(window, qtbot):
    from PySide6.QtWidgets import QGraphicsItem

    from act_explorer.qt.depth_plots import AXIS_CACHE_AFTER

    window.state.select("sigmoid")
    window.set_tab("depth")
    panel = window.panels["depth"]
    qtbot.waitUntil(panel.is_ready, timeout=60_000)
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    panel.depth_slider.setValue(10)
    panel.depth_slider.setValue(150)              # a jump: the x range (layers) changes
    bottom = panel.grad_plot.getAxis("bottom")
    assert bottom.cacheMode() == QGraphicsItem.CacheMode.NoCache
    # the fractions' y range never changes: that axis stays a pixmap
    assert panel.frac_plot.getAxis("left").cacheMode() == cached
    xmax = panel._ranges["xmax"]
    for L in range(149, 149 - AXIS_CACHE_AFTER - 1, -1):   # a drag inside the same ranges
        panel.depth_slider.setValue(L)
    assert panel._ranges["xmax"] == xmax
    assert bottom.cacheMode() == cached
