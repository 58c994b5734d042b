"""Items that redo less when ranges change often (qt/fast_items.py): the same pictures and
bounds as pyqtgraph's own items, with less recomputed - and the depth tab drawn with them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter

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


def _series(n, shift=0.0):
    x = np.arange(1.0, n + 1.0)
    y = np.where(x % 7 == 0, np.nan, np.log10(x) - 3.0 + shift)       # gaps break the line
    return x, y


@pytest.mark.parametrize("colour,width,style", [
    ("b", 2.0, Qt.PenStyle.SolidLine), ("r", 1.5, Qt.PenStyle.SolidLine),
    ("g", 1.0, Qt.PenStyle.DashLine), ("m", 2.0, Qt.PenStyle.DashDotLine)])
@pytest.mark.parametrize("antialias", [True, False])
def test_set_series_and_the_short_paint_give_pyqtgraphs_data_bounds_and_pixels(
        view, colour, width, style, antialias):
    """A BoundedCurve fed by set_series holds what PlotCurveItem.setData would (data, bounds,
    bounding rectangle, path) and paints the same pixels, aliased (segments for wide solid
    pens) or not, over new series and view changes."""
    plot = view.addPlot()
    plain, bounded = pg.PlotCurveItem(), BoundedCurve()
    plot.addItem(plain)
    plot.addItem(bounded)
    for item in (plain, bounded):
        item.setPen(pg.mkPen(colour, width=width, style=style))
        item.opts["antialias"] = antialias
    for n, shift, xr, yr in ((40, 0.0, (0, 50), (-4, 0)), (25, 1.5, (0, 30), (-3, 2)),
                             (120, -2.0, (0, 150), (-6, 1)), (3, 0.0, (0, 4), (-3.5, -2))):
        x, y = _series(n, shift)
        plain.setData(x, y, connect="finite")
        bounded.set_series(x, y)
        np.testing.assert_array_equal(bounded.xData, plain.xData)
        np.testing.assert_array_equal(bounded.yData, plain.yData)
        assert bounded.dataBounds(0) == plain.dataBounds(0)
        assert bounded.dataBounds(1) == plain.dataBounds(1)
        plot.setXRange(*xr, padding=0)
        plot.setYRange(*yr, padding=0)
        view.viewport().repaint()
        assert bounded.boundingRect() == plain.boundingRect()
        assert bounded.getPath() == plain.getPath()
        plain.hide()
        mine = _render(view)
        plain.show()
        bounded.hide()
        theirs = _render(view)
        bounded.show()
        assert np.count_nonzero(theirs != theirs[0]) > 0          # the curve is drawn at all
        np.testing.assert_array_equal(mine, theirs)


def test_a_bounded_curve_computes_bounds_and_paths_once_per_series_not_per_view_change(view):
    plot = view.addPlot()
    curve = BoundedCurve(pen=pg.mkPen("b", width=1))
    plot.addItem(curve)
    x, y = _series(60)
    curve.set_series(x, y)
    view.viewport().repaint()
    bounds, paths = curve.bounds_computed, curve.paths_built
    assert bounds == 2 and paths == 1                 # x and y bounds, one path
    for xr in ((0, 100), (0, 70), (10, 40), (0, 61)):  # the ranges change, the data do not
        plot.setXRange(*xr, padding=0)
        view.viewport().repaint()
        curve.boundingRect()
    assert (curve.bounds_computed, curve.paths_built) == (bounds, paths)
    curve.set_series(*_series(30))
    view.viewport().repaint()
    assert (curve.bounds_computed, curve.paths_built) == (bounds + 2, paths + 1)
    # an all-gap series, or one with infinities, goes pyqtgraph's way (and draws nothing)
    for odd in (np.full_like(x, np.nan), np.where(x == 5, np.inf, y)):
        curve.set_series(x, odd)
        ref = pg.PlotCurveItem(x, odd, connect="finite")
        np.testing.assert_array_equal(curve.dataBounds(1), ref.dataBounds(1))
        assert curve.opts["connect"] == "finite"


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


def test_an_axis_freezes_its_look_once_and_sees_changes_made_in_place(view):
    left, bottom = PictureMemoAxis("left"), PictureMemoAxis("bottom")
    plot = view.addPlot(axisItems={"left": left, "bottom": bottom})
    plot.showGrid(x=True, y=True, alpha=0.3)
    left.setWidth(50)
    plot.addItem(pg.PlotCurveItem(np.arange(10.0), np.arange(10.0) ** 2))
    view.viewport().repaint()
    look = bottom._look()
    frozen = bottom._look_cache
    for xr in ((0, 20), (0, 10), (0, 30)):
        plot.setXRange(*xr, padding=0)
        view.viewport().repaint()
    assert bottom._look_cache is frozen                # read, compared, not frozen again
    base = _render(view)
    # a font changed in place after it was given, and a style given again, change the look
    font = QFont()
    font.setPointSize(8)
    bottom.setStyle(tickFont=font)
    view.viewport().repaint()
    assert bottom._look() != look
    small = _render(view)
    font.setPointSize(14)                              # in place: the axis is not told
    bottom.picture = None
    view.viewport().repaint()
    assert _render(view).tolist() != small.tolist()
    bottom.setStyle(tickFont=None)
    bottom.forget_pictures()
    view.viewport().repaint()
    np.testing.assert_array_equal(_render(view), base)
    assert bottom._look() == look


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


def _draw_afresh(panel) -> None:
    """Everything the fast paths keep thrown away: every curve given its data again the
    plain pyqtgraph way (bounds, bounding rectangle and path computed anew), every axis
    picture dropped."""
    for c in panel._all_curves():
        if c.xData is not None and len(c.xData):
            pg.PlotCurveItem.setData(c, c.xData.copy(), c.yData.copy(), connect="finite")
        pg.PlotCurveItem.viewTransformChanged(c)
    for p in panel._plots:
        for side in ("left", "bottom"):
            p.getAxis(side).forget_pictures()


def test_after_depth_jumps_the_settled_picture_is_a_fresh_drawing_and_work_was_saved(window, qtbot):
    window.state.select("sigmoid")
    window.state.set_overlays(["tanh", "relu"])
    window.set_tab("depth")
    panel = window.panels["depth"]
    qtbot.waitUntil(panel.is_ready, timeout=60_000)
    view = panel.graphics
    curves = panel._all_curves()
    view.viewport().repaint()
    bounds0 = [c.bounds_computed for c in curves]
    paths0 = [c.paths_built for c in curves]
    jumps = (150, 9, 120, 33, 200, 4, 77)
    for L in jumps:
        panel.depth_slider.setValue(L)
        view.viewport().repaint()
    # Each jump is a new series per curve (2 reductions, 1 path) though the ranges changed
    # too: pyqtgraph recomputed the bounds after the view change as well.
    for c, b0, p0 in zip(curves, bounds0, paths0):
        assert c.bounds_computed - b0 <= 2 * len(jumps)
        assert c.paths_built - p0 <= len(jumps)
    # Once the slider stops, the antialiased picture draws the paths built while it moved
    # (one polyline per curve, never separate segments).
    built = [c.paths_built for c in curves]
    panel.drag_quality.settle()
    view.viewport().repaint()
    assert [c.paths_built for c in curves] == built
    assert all(c.opts["segmentedLineMode"] == "off" for c in curves)
    after_jumps = _render(view)
    _draw_afresh(panel)
    view.viewport().repaint()
    np.testing.assert_array_equal(_render(view), after_jumps)


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
