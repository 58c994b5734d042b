"""Every tab fits a 1024×700 window: plots, titles, legends and axis labels inside what is
visible; the function list's width does not follow the selection; network-view labels
are not clipped and †N marks do not overlap."""

from __future__ import annotations

import time

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtWidgets import QGraphicsItem


@pytest.fixture
def small_window(qtbot):
    from act_explorer.app import create_application
    from act_explorer.qt.main_window import MainWindow

    create_application(headless=True)
    w = MainWindow(persist=False)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _settle(qtbot, ms=50):
    qtbot.wait(ms)


def _outside(window) -> list:
    """Plot parts (plot, axis, title, legend, label) not wholly inside the visible view, and
    views not wholly inside the window."""
    bad = []
    for view in window.findChildren(pg.GraphicsView):
        if not view.isVisible():
            continue
        where = QRect(view.mapTo(window, view.rect().topLeft()), view.size())
        if not window.rect().contains(where):
            bad.append(("view", view.accessibleName(), where.getCoords()))
        visible = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(-1, -1, 1, 1)
        for item in view.scene().items():
            if not item.isVisible() or not isinstance(
                    item, (pg.PlotItem, pg.LegendItem, pg.LabelItem, pg.AxisItem)):
                continue
            r = item.sceneBoundingRect()
            if r.width() > 0 and not visible.contains(r):
                bad.append((type(item).__name__, getattr(item, "text", ""), r.getCoords()))
    return bad


def test_minimum_size_fits_a_1024x700_screen(small_window):
    hint = small_window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700
    assert small_window.width() == 1024 and small_window.height() == 700


@pytest.mark.parametrize("tab", ["curves", "depth", "phase", "training", "fit", "softmax", "learn"])
def test_every_plot_title_and_legend_is_inside_the_window_at_1024x700(small_window, qtbot, tab):
    w = small_window
    w.set_tab(tab)
    panel = w.panels[tab]
    if tab == "depth":
        w.state.set_overlays(["tanh", "sigmoid"])       # a longer title, a fuller legend
        assert panel.wait_until_ready(180.0)
    _settle(qtbot)
    assert _outside(w) == []
    if tab == "phase":
        assert panel.wait_until_ready(120.0)
        _settle(qtbot)
        assert _outside(w) == []
        for view in ("sweep", "spectrum"):
            panel.state.update(view=view)
            assert panel.wait_until_ready(120.0)
            _settle(qtbot)
            assert _outside(w) == []
    if tab == "training":
        panel.show_network()
        _settle(qtbot)
        assert _outside(w) == []
    if tab == "fit":
        panel.apply_preset("extrapolation", 1, start=False)     # a lesson's text, two networks
        panel.state.update(target="multi_gauss", x_range=None, points=None)
        _settle(qtbot)
        assert _outside(w) == []
    if tab == "softmax":
        panel.pages.setCurrentIndex(1)
        _settle(qtbot)
        assert _outside(w) == []


def test_long_titles_wrap_instead_of_widening_the_plot(small_window, qtbot):
    w = small_window
    w.set_tab("softmax")
    _settle(qtbot)
    jac = w.panels["softmax"].softmax_page.jac_plot
    label = jac.titleLabel
    # the title is wider than its plot on one line: it wraps, so it is taller than a line
    label.item.setTextWidth(-1)
    one_line = label.item.boundingRect()
    label.updateMin()
    assert one_line.width() > jac.width()
    assert label.item.boundingRect().height() > 1.5 * one_line.height()
    assert label.sceneBoundingRect().width() <= jac.sceneBoundingRect().width() + 1


def test_function_list_width_does_not_depend_on_the_selection(window, qtbot):
    qtbot.wait(50)
    width = window.dock.width()
    window.state.select("leaky_relu")           # a function with a parameter row
    qtbot.wait(50)
    assert window.dock.width() == width
    window.state.select("elu")
    window.function_list.expr_edit.setText("x*sigmoid(1.5*x) + ((((")    # an error appears
    qtbot.wait(50)
    assert window.function_list.expr_error.isVisible()
    assert window.dock.width() == width
    window.state.select("relu")
    window.function_list.expr_edit.clear()
    qtbot.wait(50)
    assert window.dock.width() == width


def test_network_view_labels_inside_and_death_marks_apart(small_window, qtbot):
    w = small_window
    w.set_tab("training")
    panel = w.panels["training"]
    panel.apply_preset("dying_relu", start=False)
    panel.state.update(speed=0, epochs=40)
    panel.start()
    deadline = time.monotonic() + 120
    while panel.is_running() and time.monotonic() < deadline:
        qtbot.wait(20)
    panel.show_network()
    _settle(qtbot, 100)
    nv = panel.network_view
    view = nv.graphics

    def screen(item):
        """Where ``item`` is drawn in the view, in pixels (ignoring-transform text too)."""
        return item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())

    def marks():
        return [screen(t) for t in nv.dead_labels[:nv._dead_label_count] if t.isVisible()]

    diagram = view.mapFromScene(nv.diagram.sceneBoundingRect()).boundingRect()
    diagram = QRectF(diagram).adjusted(-1, -1, 1, 1)
    heads = list(nv.header_items.values())
    assert heads and all(h.toPlainText() for h in heads)
    for head in heads:
        assert diagram.contains(screen(head)), head.toPlainText()
    rects = marks()
    assert rects, "dying ReLU should leave dead units marked"
    for r in rects:
        assert diagram.contains(r)
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert a.intersected(b).height() < 0.2 * a.height()
    # a shorter view hides marks rather than letting them overlap
    before = len(rects)
    nv.graphics.setMinimumSize(300, 200)
    nv.graphics.setFixedHeight(260)
    _settle(qtbot, 150)
    rects = marks()
    assert len(rects) < before
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert a.intersected(b).height() < 0.2 * a.height()


def test_readout_breaks_between_functions_only(window, qtbot):
    window.state.set_overlays(["tanh", "sigmoid", "gelu"])
    plots = window.curves_panel.plots
    plots.set_crosshair(1.2345)
    text = plots.readout.text()
    entries = text.split(" &nbsp;&nbsp; ")
    assert len(entries) == 5                       # x, then one per function
    for entry in entries:
        assert entry.startswith("<span style='white-space:nowrap'>") and entry.endswith("</span>")
    # narrow: the readout wraps onto more lines, each entry whole (as tall as a line each)
    one_line = plots.readout.fontMetrics().height()
    tall = plots.readout.heightForWidth(260)
    assert tall >= 3 * one_line
    assert tall <= 5 * one_line + 20


def test_jacobian_axis_label_and_chance_label_are_readable(window, qtbot):
    window.set_tab("softmax")
    qtbot.wait(50)
    jac = window.panels["softmax"].softmax_page.jac_plot
    left = jac.getAxis("left")
    assert left.labelText == "row i"
    label_rect = left.label.sceneBoundingRect()
    page = window.panels["softmax"].softmax_page
    view = page.graphics
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(label_rect)
    # clear of the probability plot beside it (which hid most of the old one-letter label)
    assert not label_rect.intersects(page.bar_plot.getViewBox().sceneBoundingRect())
    assert label_rect.height() > label_rect.width()      # "row i" along the axis
    assert not jac.getAxis("left").grid and not jac.getAxis("bottom").grid
    window.set_tab("training")
    qtbot.wait(50)
    tr = window.panels["training"]
    curves = tr.loss_plot.listDataItems()
    assert curves
    assert tr.chance_line.zValue() > max(c.zValue() for c in curves)
    assert tr.chance_label.parentItem() is tr.chance_line


def test_title_fit_is_idempotent():
    from act_explorer.qt.plotting import fit_title

    plot = pg.PlotItem()
    fit_title(plot)
    patched = plot.titleLabel.updateMin
    fit_title(plot)
    assert plot.titleLabel.updateMin is patched
    plot.setTitle("A title long enough to need two lines in a narrow plot, surely", size="11pt")
    plot.resize(120, 200)
    plot.titleLabel.setGeometry(QRectF(0, 0, 120, 30))
    plot.titleLabel.updateMin()
    assert plot.titleLabel.item.boundingRect().width() <= 121
    assert bool(plot.titleLabel.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsMovable) is False
