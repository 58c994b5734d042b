"""Guards for the pinned PySide6 + pyqtgraph pair (FACTS.md lists the known breakages):
repeated repaint must not abort, PNG export must work, SVG export must work."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import PySide6
import xml.etree.ElementTree as ET

from act_explorer.qt import plotting


def test_pinned_versions():
    assert PySide6.__version__ == "6.10.3"
    assert pg.__version__ == "0.14.0"


def test_repeated_repaint_png_and_svg(qtbot, tmp_path):
    w = pg.GraphicsLayoutWidget()
    qtbot.addWidget(w)
    plot = w.addPlot()
    curve = plot.plot(pen="b")
    w.resize(600, 400)
    w.show()
    qtbot.waitExposed(w)
    x = np.linspace(-6, 6, 2000)
    for i in range(2000):  # 6.12.0 aborts here (none_dealloc in PlotCurveItem.getPath)
        curve.setData(x, np.tanh(x * (1 + i / 1000)))
        w.viewport().repaint()
    png = tmp_path / "p.png"
    plotting.export_png(w.ci, png, 1600)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "p.svg"
    plotting.export_svg(w.ci, svg)  # 6.11.x: "not enough values to unpack" in SVGExporter
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    assert any(el.tag.endswith("path") for el in root.iter())
