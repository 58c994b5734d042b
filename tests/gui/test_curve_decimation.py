"""Curves while dragging: fewer points than pixels, kinks and jumps exact, antialiased when
the drag stops."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter

from act_explorer.model import catalogue as C
from act_explorer.qt import curve_plots
from act_explorer.qt.decimation import decimate, max_deviation_px

X = np.linspace(-6.0, 6.0, 2000)
# A plot 650 px wide showing x in [-6, 6]; y scale: 300 px over the curve's range.
PX_X = 650 / 12.0


def _px_y(y):
    fin = y[np.isfinite(y)]
    span = float(fin.max() - fin.min()) if fin.size else 1.0
    return 300.0 / (span if span > 0 else 1.0)


KINKED = {  # id: kink (or jump) positions
    "relu": [0.0], "leaky_relu": [0.0], "prelu": [0.0], "relu6": [0.0, 6.0],
    "hardtanh": [-1.0, 1.0], "hardsigmoid": [-3.0, 3.0], "hardswish": [-3.0, 3.0],
    "step": [0.0], "elu": [], "selu": [0.0], "celu": [],
}


def _neighbours(k):
    """Indices of the samples on either side of x = k (or at it)."""
    i = int(np.searchsorted(X, k))
    return [j for j in (i - 1, i, i + 1) if 0 <= j < len(X) and abs(X[j] - k) <= (X[1] - X[0])]


@pytest.mark.parametrize("fid", sorted(C.ids()))
def test_decimated_curves_keep_kinks_jumps_and_stay_within_a_quarter_pixel(fid):
    act = C.get(fid)
    f, df = act.bind(**act.defaults())
    for y in (np.asarray(f(X), float), np.asarray(df(X), float)):
        py = _px_y(y)
        idx = decimate(X, y, PX_X, py, 650)
        assert np.all(np.diff(idx) > 0) and idx[0] == 0 and idx[-1] == len(X) - 1
        assert len(idx) <= 650 + 60 or len(idx) < len(X) // 2  # no more points than pixels, about
        # every kept point is an original sample, unchanged
        assert max_deviation_px(X, y, idx, py) <= 0.25 + 1e-9
        # both sides of every kink / jump are kept exactly, so the drawn line bends (or jumps)
        # exactly where the full-resolution line does
        for k in KINKED.get(fid, []):
            for j in _neighbours(k):
                left, right = y[max(j - 1, 0)], y[min(j + 1, len(y) - 1)]
                mid = y[j]
                if abs(mid - (left + right) / 2) * py > 0.05:   # the line turns here
                    assert j in set(idx.tolist()), (fid, k, X[j])
        # the bounds are unchanged (autorange does not move)
        fin = np.isfinite(y)
        assert y[idx][np.isfinite(y[idx])].min() == y[fin].min()
        assert y[idx][np.isfinite(y[idx])].max() == y[fin].max()


def test_relu_keeps_its_kink_and_drops_the_straight_stretches():
    y = np.maximum(X, 0.0)
    idx = decimate(X, y, PX_X, 50.0, 650)
    kept = set(idx.tolist())
    i0 = int(np.searchsorted(X, 0.0))
    assert {i0 - 1, i0} <= kept           # 0 lies between these two samples
    np.testing.assert_array_equal(np.interp(X, X[idx], y[idx]), y)   # exact everywhere
    assert len(idx) < 700


def test_jumps_and_gaps_are_exact():
    y = np.where(X > 0.3, 1.0, 0.0)
    y[100:110] = np.nan
    y[1500] = np.inf
    idx = decimate(X, y, PX_X, 200.0, 650)
    kept = set(idx.tolist())
    j = int(np.searchsorted(X, 0.3, side="right"))
    assert {j - 1, j} <= kept                       # both ends of the jump
    assert set(range(99, 111)) <= kept               # the gap and its edges
    assert {1499, 1500, 1501} <= kept
    fin = np.isfinite(y)
    k = np.array([i for i in idx if fin[i]])
    np.testing.assert_array_equal(np.interp(X[fin], X[k], y[k]), y[fin])


def test_short_curves_are_left_alone():
    y = np.tanh(X[:500])
    np.testing.assert_array_equal(decimate(X[:500], y, PX_X, 100.0, 650), np.arange(500))


# ---- the plots ------------------------------------------------------------------------------

def _drag(window, values):
    for v in values:
        window.state.set_param("alpha", v)


def test_a_drag_draws_decimated_unantialiased_curves_then_the_full_antialiased_ones(window, qtbot):
    plots = window.curves_panel.plots
    window.state.select("elu")
    window.state.set_points(2000)
    window.state.set_overlays(["tanh", "relu"])
    plots.settle()
    tanh_f, tanh_df = plots._items["tanh"]
    tanh_path = tanh_f.curve.getPath()
    _drag(window, [0.5, 0.7, 0.9, 1.3])
    assert not plots.is_settled()
    (xf, f), (xd, df) = plots.drawn_data("elu")
    full_x, full_f, full_df = plots.curve_data("elu")
    assert len(xf) < len(full_x) and len(xd) < len(full_x)
    width = plots.f_plot.getViewBox().width()
    assert len(xf) <= width + 60
    # the drawn points are samples of the full curve, and the kink of ELU(alpha=1.3) at 0 is kept
    pos = np.searchsorted(full_x, xf)
    np.testing.assert_array_equal(full_x[pos], xf)
    np.testing.assert_array_equal(full_f[pos], f)
    i0 = int(np.searchsorted(full_x, 0.0))
    assert full_x[i0 - 1] in xd and full_x[i0] in xd     # f' jumps from 1.3 to 1 at 0
    for item in (*plots._items["elu"], tanh_f, tanh_df):
        assert item.curve.opts["antialias"] is False
    # tanh did not change during the drag: its data (and path) are set once, not every move
    drawn = tanh_f.curve.getPath()
    _drag(window, [1.5, 1.7])
    assert tanh_f.curve.getPath() is drawn
    assert drawn is not tanh_path    # (it was redrawn once, decimated, when the drag began)
    # the drag stops: full data, antialiased, without being asked
    qtbot.waitUntil(plots.is_settled, timeout=2000)
    for fid in ("elu", "tanh", "relu"):
        (x1, y1), (x2, y2) = plots.drawn_data(fid)
        x, yf, ydf = plots.curve_data(fid)
        np.testing.assert_array_equal(x1, x)
        np.testing.assert_array_equal(y1, yf)
        np.testing.assert_array_equal(y2, ydf)
        for item in plots._items[fid]:
            assert item.curve.opts["antialias"] is True
    assert window.state.params("elu")["alpha"] == 1.7
    np.testing.assert_array_equal(plots.curve_data("elu")[1], C.get("elu").bind(alpha=1.7)[0](x))


def test_the_settled_render_is_antialiased_pixels(window, qtbot):
    """Rendered pixels: the drag frame has only opaque pen colours, the settled one has the
    blended edge pixels of antialiasing."""
    plots = window.curves_panel.plots
    window.state.select("tanh")
    window.state.set_overlays([])
    plots.settle()

    def distinct_colours():
        img = QImage(plots.graphics.viewport().size(), QImage.Format.Format_RGB32)
        img.fill(0xFFFFFFFF)
        p = QPainter(img)
        plots.graphics.render(p)
        p.end()
        ptr = img.constBits()
        a = np.frombuffer(ptr, np.uint32, img.width() * img.height()).copy()
        return len(np.unique(a))

    window.state.set_points(1999)
    window.state.set_points(2000)          # two changes in quick succession: a drag frame
    assert not plots.is_settled()
    fast = distinct_colours()
    qtbot.waitUntil(plots.is_settled, timeout=2000)
    final = distinct_colours()
    assert final > fast + 20


def test_a_single_change_is_drawn_in_full_at_once(window, qtbot, monkeypatch):
    plots = window.curves_panel.plots
    plots.settle()
    monkeypatch.setattr(curve_plots.time, "monotonic", lambda: 1e9)   # long after the last change
    plots._last_change = 0.0
    window.state.select("gelu")
    assert plots.is_settled()


def test_export_settles_first(window):
    plots = window.curves_panel.plots
    window.state.select("elu")
    _drag(window, [0.4, 0.6])
    assert not plots.is_settled()
    assert plots.export_item is plots.graphics.ci
    assert plots.is_settled()


def test_automatic_y_ranges_only_grow_during_a_drag_and_fit_again_after(window, qtbot):
    plots = window.curves_panel.plots
    window.state.select("elu")
    window.state.set_overlays([])
    window.state.set_param("alpha", 1.0)
    plots.settle()
    vb = plots.f_plot.getViewBox()
    assert vb.autoRangeEnabled()[1]
    window.state.set_param("alpha", 1.1)      # the drag's first step
    ranges = []
    for a in (1.2, 2.0, 4.0, 3.0, 1.5):
        window.state.set_param("alpha", a)
        lo, hi = vb.viewRange()[1]
        f = plots.curve_data("elu")[1]
        assert lo <= f.min() and hi >= f.max()   # the data always fit
        ranges.append((lo, hi))
    assert ranges[-1] == ranges[2]             # shrinking data do not move the axes
    assert ranges[3] == ranges[2] and not vb.autoRangeEnabled()[1]
    qtbot.waitUntil(plots.is_settled, timeout=2000)
    assert vb.autoRangeEnabled()[1]
    qtbot.waitUntil(lambda: vb.viewRange()[1][0] > -2.0, timeout=2000)   # fitted to alpha 1.5


def test_a_range_the_user_set_is_left_alone_during_a_drag(window, qtbot):
    plots = window.curves_panel.plots
    window.state.select("elu")
    plots.settle()
    plots.f_plot.setYRange(-0.5, 0.5, padding=0)
    vb = plots.f_plot.getViewBox()
    for a in (1.2, 2.0, 4.0):
        window.state.set_param("alpha", a)
    lo, hi = vb.viewRange()[1]
    assert (lo, hi) == pytest.approx((-0.5, 0.5))
    plots.settle()
    assert not vb.autoRangeEnabled()[1]


def test_choosing_functions_in_quick_succession_draws_each_in_full(window):
    plots = window.curves_panel.plots
    for fid in ("tanh", "relu", "gelu", "hardtanh"):
        window.state.select(fid)
        assert plots.is_settled()
        (x, f), _ = plots.drawn_data(fid)
        assert len(x) == window.state.points
    window.state.set_overlays(["elu"])
    assert plots.is_settled()


def _render(plots) -> np.ndarray:
    img = QImage(plots.graphics.viewport().size(), QImage.Format.Format_RGB32)
    img.fill(0xFFFFFFFF)
    p = QPainter(img)
    plots.graphics.render(p)
    p.end()
    return np.frombuffer(img.constBits(), np.uint32, img.width() * img.height()).copy()


def test_axes_are_pixmaps_during_a_drag_only_and_the_settled_picture_is_the_direct_one(window, qtbot):
    """During a drag the axes (ticks, labels, grid) are blitted from pixmaps; once it settles
    they are drawn directly again, and the picture equals, pixel for pixel, the one drawn for
    the same settings without any drag."""
    plots = window.curves_panel.plots
    window.state.select("elu")
    window.state.set_overlays(["tanh"])
    plots.settle()
    assert not plots.axes_cached()
    _drag(window, [0.5, 0.9, 1.3, 1.7])
    assert plots.axes_cached()
    qtbot.waitUntil(plots.is_settled, timeout=2000)
    assert not plots.axes_cached()
    qtbot.wait(50)                         # the fitted y ranges are applied
    after_drag = _render(plots)
    # the same settings reached without a drag: one change, drawn in full at once
    window.state.set_param("alpha", 1.0)
    plots.settle()
    window.state.set_param("alpha", 1.7)
    assert plots.is_settled() and not plots.axes_cached()
    qtbot.wait(50)
    direct = _render(plots)
    assert after_drag.shape == direct.shape
    assert np.count_nonzero(after_drag != direct) == 0


def test_a_drag_frame_paints_no_axis_picture_again(window, qtbot, monkeypatch):
    """While a drag moves only the curves, a frame repaints no axis from its picture (the
    cached pixmaps are blitted); the first frame of the drag renders them once."""
    import pyqtgraph as pg

    plots = window.curves_panel.plots
    window.state.select("elu")
    window.state.set_overlays([])
    window.state.set_param("alpha", 1.0)
    plots.settle()
    painted = []
    original = pg.AxisItem.paint
    monkeypatch.setattr(pg.AxisItem, "paint", lambda self, *a: (painted.append(self), original(self, *a)))
    view = plots.graphics.viewport()
    view.repaint()
    assert len(painted) >= 4                # settled: every axis draws itself each repaint
    _drag(window, [1.01, 1.02])
    view.repaint()
    painted.clear()
    for a in (1.03, 1.04, 1.05):            # y data barely move: the held ranges stay
        window.state.set_param("alpha", a)
        view.repaint()
    assert painted == []


def test_a_change_after_a_pause_ends_the_drag_even_before_the_settle_timer_runs(window, monkeypatch):
    plots = window.curves_panel.plots
    window.state.select("elu")
    window.state.set_overlays([])
    window.state.set_param("alpha", 1.0)
    plots.settle()
    vb = plots.f_plot.getViewBox()
    clock = [100.0]
    monkeypatch.setattr(curve_plots.time, "monotonic", lambda: clock[0])
    for a in (1.1, 1.2, 2.0):                # 10 ms apart: a drag
        clock[0] += 0.01
        window.state.set_param("alpha", a)
    assert not plots.is_settled() and plots.axes_cached() and not vb.autoRangeEnabled()[1]
    clock[0] += 1.0                           # a pause; the event loop has not run the timer
    window.state.set_param("alpha", 1.5)
    assert plots.is_settled() and not plots.axes_cached() and vb.autoRangeEnabled()[1]
