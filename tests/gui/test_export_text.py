"""A PNG exported wider than the plot on screen keeps the plot's proportions: text labels and
legends grow with the picture, once."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from act_explorer.qt import plotting


def _ink_height(img, top: float, bottom: float) -> float:
    """Height of the dark pixels between ``top`` and ``bottom`` (fractions of the image
    height), as a fraction of the image height."""
    img = img.convertToFormat(img.Format.Format_RGB32)
    rgb = np.array(img.constBits(), copy=True).reshape(img.height(), img.bytesPerLine() // 4, 4)
    dark = rgb[:, :img.width(), :3].mean(axis=2) < 128
    band = dark[int(top * img.height()):int(bottom * img.height())]
    rows = np.flatnonzero(band.any(axis=1))
    return (rows[-1] - rows[0] + 1) / img.height() if rows.size else 0.0


def test_text_and_legend_scale_with_a_wider_png(qtbot):
    w = pg.GraphicsLayoutWidget()
    qtbot.addWidget(w)
    w.resize(400, 300)
    w.show()
    p = w.addPlot()
    p.hideAxis("left")
    p.hideAxis("bottom")
    p.setXRange(0, 10, padding=0)
    p.setYRange(0, 10, padding=0)
    line = pg.InfiniteLine(pos=5, angle=0, pen=pg.mkPen("w"))
    p.addItem(line)
    pg.InfLineLabel(line, text="chance", position=0.5, color="k")       # like the training plots
    label = pg.TextItem("MMMM", color="k", anchor=(0.5, 0.5))
    label.setPos(5, 8.5)
    p.addItem(label)
    legend = p.addLegend(offset=(10, -10), labelTextColor="k")              # bottom left
    legend.addItem(pg.PlotDataItem([0, 1], [20, 20], pen=pg.mkPen("k", width=3)), "WWWW")
    qtbot.wait(50)
    on_screen = p.sceneBoundingRect().width()
    small = plotting.image_of(p, int(on_screen))
    large = plotting.image_of(p, int(3 * on_screen))
    assert large.width() >= 3 * small.width() - 3
    for top, bottom in ((0.0, 0.3), (0.35, 0.65), (0.7, 1.0)):   # text, line label, legend
        h_small, h_large = _ink_height(small, top, bottom), _ink_height(large, top, bottom)
        assert h_small > 0.01
        assert abs(h_large - h_small) < 0.35 * h_small, (top, h_small, h_large)
