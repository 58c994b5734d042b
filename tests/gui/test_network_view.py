"""The network view widget draws what the unit-view model computed: dead and saturated marks,
thumbnails, links, the collapse strip, tooltips, the enlarged map, the histogram history, and
exports."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QToolTip

from act_explorer.model.datasets import make_dataset
from act_explorer.model.network import unit_outputs_grid
from act_explorer.model.training import Trainer, TrainConfig
from act_explorer.model.unit_view import DETAIL_N, GRID_MARGIN, GROUP_KINDS, LINK_LEVELS
from act_explorer.qt import network_view as NV
from act_explorer.qt.network_view import NetworkView
from act_explorer.qt.plotting import export_png, export_svg

DYING = TrainConfig(hidden=(16, 16), activation="relu", lr=2.0, seed=0)


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", 500, 0.1, 0.2, seed=0)


@pytest.fixture(scope="module")
def dying_snapshots(moons):
    """The dying-ReLU run (moons, ReLU 16-16, lr 2.0) every epoch up to 60."""
    tr = Trainer(moons, DYING)
    snaps = [tr.snapshot()]
    for _ in range(60):
        tr.run_epoch()
        snaps.append(tr.snapshot())
    return snaps


@pytest.fixture
def view(qtbot):
    v = NetworkView()
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture
def trained_view(view, moons, dying_snapshots):
    for s in dying_snapshots:
        view.update_frame(s, moons)
    return view


def centre(view, layer, index) -> QPointF:
    x, y, w, h = view.frame.layout.node_rect(layer, index)
    return QPointF(x + w / 2, y + h / 2)


def drawn_segments(item):
    """The end points of the segments a link item paints, read back from its path."""
    path = item.path()
    pts = [path.elementAt(i) for i in range(path.elementCount())]
    return np.array([p.x for p in pts]), np.array([p.y for p in pts])


def viewport_pos(view, layer, index) -> QPoint:
    return view.graphics.mapFromScene(view.node_scene_pos(layer, index))


# ---- dead and saturated marks --------------------------------------------------------------

def test_dead_marks_match_the_models_dead_units(trained_view, dying_snapshots):
    v = trained_view
    s = dying_snapshots[-1]
    assert sum(int(np.sum(d)) for d in s.dead) >= 5  # units died in this run
    labels = {(round(t.pos().x(), 6), round(t.pos().y(), 6)): t.toPlainText()
              for t in v.dead_labels if t.isVisible()}
    s_node = v.frame.layout.node_size
    for l in range(2):
        col = v.frame.layout.columns[l + 1]
        for i in range(16):
            p = centre(v, l + 1, i)
            dead = bool(s.dead[l][i])
            assert v.dead_fill.path().contains(p) == dead
            key = (round(col.x + s_node / 2 + 0.07, 6), round(float(col.ys[i]), 6))
            if dead:
                assert labels[key] == f"†{int(s.died_at[l][i])}"
            else:
                assert key not in labels
    assert len(labels) == sum(int(np.sum(d)) for d in s.dead)
    # headers carry the counts
    for l in range(2):
        html = v.header_items[l + 1].toPlainText()
        assert f"{s.last.dead_per_layer[l]} dead" in html


def test_saturated_units_get_their_own_ring(view, moons, dying_snapshots):
    s = dying_snapshots[3]
    sat = (np.zeros(16, bool), np.zeros(16, bool))
    sat[0][4] = True
    dead = tuple(np.asarray(d, bool) & ~m for d, m in zip(s.dead, sat))
    view.update_frame(replace(s, saturated=sat, dead=dead), moons)
    ring = view.sat_ring.path()
    x, y, w, h = view.frame.layout.node_rect(1, 4)
    assert ring.boundingRect().contains(centre(view, 1, 4))
    assert not ring.boundingRect().contains(centre(view, 1, 6))
    assert view.sat_ring.pen().style() == Qt.PenStyle.DashLine
    assert not view.dead_fill.path().contains(centre(view, 1, 4))


# ---- thumbnails and links -------------------------------------------------------------------

def test_thumbnails_show_the_models_unit_outputs(trained_view, moons, dying_snapshots):
    v = trained_view
    f = v.frame
    net = dying_snapshots[-1].network
    expected = unit_outputs_grid(net, *moons.bounds(margin=GRID_MARGIN), f.grid_n)
    n, g = f.grid_n, f.gap
    for l in range(2):
        img = v.strip_items[l + 1].image  # what the ImageItem holds
        assert np.array_equal(img, f.strips[l + 1], equal_nan=True)
        for i in range(16):
            r0 = (15 - i) * (n + g)
            shown = img[r0:r0 + n] * f.scale[l + 1][i] + f.offset[l + 1][i]
            assert np.allclose(shown, expected[l][i], rtol=1e-12, atol=1e-12)
        assert v.strip_items[l + 1].levels is not None
        assert np.allclose(v.strip_items[l + 1].levels, (-1, 1))


def test_links_are_coloured_by_weight_sign(trained_view, dying_snapshots):
    v = trained_view
    net = dying_snapshots[-1].network
    lay = v.frame.layout
    drawn = {"pos": set(), "neg": set(), "agg": set()}
    for (kind, lv), item in v.link_curves.items():
        x, y = drawn_segments(item)
        colour = item.pen().color()
        if x.size:
            h = colour.hsvHueF()
            if kind == "pos":
                assert 0.5 < h < 0.65  # blue
            elif kind == "neg":
                assert 0.05 < h < 0.12  # orange
        for k in range(0, x.size, 2):
            p = int(round((x[k] + lay.node_size / 2) / lay.spacing))
            a = int(round(lay.columns[p].ys[0] - y[k]))
            b = int(round(lay.columns[p + 1].ys[0] - y[k + 1]))
            drawn[kind].add((p, a, b))
    want_pos = {(p, a, b) for p, W in enumerate(net.W) for a, b in zip(*np.nonzero(W > 0))}
    want_neg = {(p, a, b) for p, W in enumerate(net.W) for a, b in zip(*np.nonzero(W < 0))}
    assert drawn["pos"] == want_pos and drawn["neg"] == want_neg and not drawn["agg"]
    assert len(v.link_curves) == len(GROUP_KINDS) * LINK_LEVELS
    # thicker pens for larger |w|
    widths = [v.link_curves[("pos", lv)].pen().widthF() for lv in range(LINK_LEVELS)]
    assert widths == sorted(widths) and widths[0] < widths[-1]


def test_a_64_unit_layer_is_a_summary_strip(view, moons, qtbot):
    tr = Trainer(moons, TrainConfig(hidden=(64, 8), lr=1.0, seed=1))
    tr.run(5)
    s = tr.snapshot()
    view.update_frame(s, moons)
    assert 1 not in view.strip_items and 2 in view.strip_items
    alive_r, dead_r, sat_r = (r.rect() for r in view.collapsed_items[1])
    alive, dead, sat = view.frame.counts[0]
    c = view.frame.layout.columns[1]
    span = c.top - c.bottom
    assert np.isclose(alive_r.height(), span * alive / 64)
    assert np.isclose(dead_r.height(), span * dead / 64)
    head = view.header_items[1].toPlainText()
    assert "64 units" in head
    assert view.hover_text(1, -1).count(str(alive)) >= 1
    # the aggregated links are grey
    agg = sum(drawn_segments(view.link_curves[("agg", lv)])[0].size // 2 for lv in range(LINK_LEVELS))
    assert agg == 2 + 8


# ---- hover, click, enlarged map -------------------------------------------------------------

def test_hover_shows_the_models_numbers(trained_view, dying_snapshots, qtbot):
    v = trained_view
    s = dying_snapshots[-1]
    l, i = 2, int(np.flatnonzero(s.dead[1])[0])
    info = v.frame.hover(l, i)
    text = v.hover_text(l, i)
    assert f"{info['z_min']:.4g}" in text and f"{info['z_max']:.4g}" in text
    assert f"{info['zero_grad_share']:.1%}" in text
    assert f"since epoch {int(s.died_at[1][i])}" in text
    assert info["died_at"] == int(s.died_at[1][i])
    alive = int(np.flatnonzero(~np.asarray(s.dead[0]))[0])
    assert "alive" in v.hover_text(1, alive) and "dead" not in v.hover_text(1, alive)
    # a real tooltip event over the node shows the same text
    pos = viewport_pos(v, l, i)
    ev = QHelpEvent(QEvent.Type.ToolTip, pos, v.graphics.viewport().mapToGlobal(pos))
    v.eventFilter(v.graphics.viewport(), ev)
    assert QToolTip.text() == text
    QToolTip.hideText()


def test_click_enlarges_the_units_map(trained_view, moons, dying_snapshots, qtbot):
    v = trained_view
    with qtbot.waitSignal(v.unit_selected, timeout=2000) as blocker:
        qtbot.mouseClick(v.graphics.viewport(), Qt.MouseButton.LeftButton, pos=viewport_pos(v, 1, 2))
    assert blocker.args == [1, 2]
    assert v.selected_unit == (1, 2)
    net = dying_snapshots[-1].network
    expected = unit_outputs_grid(net, *moons.bounds(margin=GRID_MARGIN), DETAIL_N)[0][2]
    d = v.frame.detail
    assert np.array_equal(d.values, expected)
    assert np.array_equal(v.detail_image.image, d.image, equal_nan=True)
    assert v.selection_item.isVisible()
    assert v.selection_item.rect().contains(centre(v, 1, 2))
    # a click between nodes selects nothing new
    with qtbot.assertNotEmitted(v.unit_selected):
        qtbot.mouseClick(v.graphics.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert v.selected_unit == (1, 2)


# ---- histograms and the time slider -------------------------------------------------------------

def test_history_slider_shows_an_earlier_epoch(trained_view, dying_snapshots):
    v = trained_view
    hist = v.model.history
    assert hist.epochs == list(range(61))
    assert v.history_slider.maximum() == len(hist)
    assert v.history_slider.value() == v.history_slider.maximum()  # following the newest
    live = v.frame.histograms
    zc = v.histograms.z_curves[1]
    assert np.array_equal(zc.counts, live.layers[1].z_counts)
    v.show_history(0)
    early = hist.at(0)
    assert early.epoch == 0
    item = v.histograms.z_curves[1]
    assert np.array_equal(item.counts, early.layers[1].z_counts)
    assert np.array_equal(item.edges, early.layers[1].z_edges)
    # the drawn outline: a step per bin at that bin's height
    box = item.path().boundingRect()
    h = early.layers[1]
    assert np.isclose(box.left(), h.z_edges[0]) and np.isclose(box.right(), h.z_edges[-1])
    assert np.isclose(box.bottom(), h.z_counts.max()) and box.top() == 0.0
    k = int(np.argmax(h.z_counts))
    mid = QPointF((h.z_edges[k] + h.z_edges[k + 1]) / 2, h.z_counts[k] * 0.99)
    assert item.path().contains(mid)
    assert np.array_equal(v.histograms.g_curves[0].counts, early.layers[0].g_counts)
    assert "epoch 0" in v.epoch_label.text()
    assert not np.array_equal(early.layers[1].z_counts, live.layers[1].z_counts)
    # looking back stays put while training goes on
    s = dying_snapshots[-1]
    net = s.network.copy()
    net.params[0] += 1e-3
    v.update_frame(replace(s, network=net, epoch=s.epoch + 1, steps=s.steps + 13), v._dataset)
    assert v.model.history.epochs[-1] == 61
    assert v.history_slider.value() == 0
    assert np.array_equal(v.histograms.z_curves[1].counts, early.layers[1].z_counts)
    live = v.frame.histograms
    v.show_history(v.history_slider.maximum())
    assert np.array_equal(v.histograms.z_curves[1].counts, live.layers[1].z_counts)
    assert "now" in v.epoch_label.text()


# ---- the view computes nothing ------------------------------------------------------------------

def test_the_view_only_reads_the_unit_view_model():
    # every module of the network_view package; relative imports resolved to absolute names
    files = sorted(Path(NV.__file__).parent.glob("*.py"))
    assert len(files) >= 2
    imported = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = NV.__name__.split(".")
                if node.level:
                    base = base[:len(base) - node.level + 1]
                    imported.add(".".join(base + ([node.module] if node.module else [])))
                else:
                    imported.add(node.module)
    assert "numpy" not in imported
    model_imports = {m for m in imported if ".model" in m or m.startswith("model")}
    assert model_imports == {"act_explorer.model.unit_view"}


def test_one_model_update_per_frame_and_nothing_redrawn_when_unchanged(view, moons, dying_snapshots,
                                                                       monkeypatch):
    calls = []
    real = view.model.update
    monkeypatch.setattr(view.model, "update", lambda s, d, b=None: calls.append(s) or real(s, d, b))
    view.update_frame(dying_snapshots[2], moons)
    assert len(calls) == 1
    item = view.strip_items[1]
    set_image = []
    monkeypatch.setattr(item, "setImage", lambda *a, **k: set_image.append(a))
    view.update_frame(replace(dying_snapshots[2]), moons)  # same state, a new snapshot object
    assert len(calls) == 2 and set_image == []
    view.update_frame(dying_snapshots[3], moons)
    assert len(set_image) == 1


def test_architecture_change_rebuilds_and_clear_empties(view, moons):
    tr = Trainer(moons, TrainConfig(hidden=(8, 8), lr=0.1))
    view.update_frame(tr.snapshot(), moons)
    assert sorted(view.strip_items) == [0, 1, 2, 3]
    assert len(view.histograms.z_plots) == 2
    tr.reset(TrainConfig(hidden=(4, 4, 4), lr=0.1))
    view.update_frame(tr.snapshot(), moons)
    assert sorted(view.strip_items) == [0, 1, 2, 3, 4]
    assert len(view.histograms.z_plots) == 3
    view.clear()
    assert view.frame is None and view.strip_items == {} and view.selected_unit is None
    assert not view.history_slider.isEnabled()
    view.update_frame(tr.snapshot(), moons)
    assert sorted(view.strip_items) == [0, 1, 2, 3, 4]


# ---- export -----------------------------------------------------------------------------------------

def test_export_png_and_svg(trained_view, tmp_path, qtbot):
    v = trained_view
    v.select_unit(2, 1)
    for name, item in (("all", v.export_item), ("diagram", v.diagram_item),
                       ("histograms", v.histogram_item)):
        png = export_png(item, tmp_path / f"{name}.png", 1600)
        img = QImage(str(png))
        assert not img.isNull() and img.width() == 1600
        # not blank: several colours
        assert len({img.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, img.height(), 23)}) > 5
        svg = export_svg(item, tmp_path / f"{name}.svg")
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg")
    # labels drawn at a fixed pixel size are scaled for a larger export, then put back
    assert all(h.transform().m11() == 1.0 for h in v.header_items.values())
    text = (tmp_path / "diagram.svg").read_text(encoding="utf-8")
    assert "Layer 1" in text and "†" in text  # headers and died-at labels are in the SVG
    blue = QColor(NV.BLUE)
    img = QImage(str(tmp_path / "all.png"))
    pixels = (QColor(img.pixel(x, y)) for x in range(0, 1600, 5) for y in range(0, img.height() // 2, 5))
    assert any(abs(c.hsvHueF() - blue.hsvHueF()) < 0.02 and c.saturationF() > 0.8 for c in pixels)


def test_training_panel_feeds_the_network_view_and_marks_match_the_model(window, qtbot):
    """In the window: the dying-ReLU preset's dead marks are the model's dead units."""
    window.set_tab("training")
    panel = window.panels["training"]
    panel.state.update(epochs=40)
    panel.apply_preset("dying_relu", start=False)
    panel.state.update(epochs=40, speed=0)
    with qtbot.waitSignal(panel.stopped, timeout=60_000):
        panel.start()
    qtbot.waitUntil(lambda: panel.network_view._frame is not None
                    and panel.network_view._frame.epoch == panel.last_snapshot.epoch, timeout=10_000)
    snap = panel.last_snapshot
    frame = panel.network_view._frame
    from act_explorer.model.unit_view import DEAD

    assert sum(int(d.sum()) for d in snap.dead) > 0
    for status, dead in zip(frame.status, snap.dead):
        assert ((status == DEAD) == dead).all()
    path = window.export_plot("png", "/tmp/_nv_export_test.png", which="network")
    assert path.stat().st_size > 1000
