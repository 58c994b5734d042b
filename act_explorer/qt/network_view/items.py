"""The colours, pens and graphics items the network view draws with: Playground's link
colours, path items for links and histograms painted by Qt in C++, and text labels of a fixed
pixel size that scale when exported.  What changes rarely is cached (:data:`CACHE`)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QTextOption, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem, QGraphicsTextItem

from ...model.unit_view import LINK_LEVELS
from .. import theme

# Playground's colours: blue positive, orange negative, white zero.
BLUE = "#0877BD"
ORANGE = "#F59322"
AGG_GREY = "#8C8C8C"
AMBER = "#E69F00"
FRAME_GREY = "#9A9A9A"
# Only the strongest links are antialiased: smooth edges on hundreds of wide lines cost
# several milliseconds a frame in the raster engine (tests/benchmarks/bench_network_view.py).
ANTIALIAS_FROM_LEVEL = LINK_LEVELS - 2
CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


def _c():
    return theme.colours()


def _dark() -> bool:
    return theme.is_dark()


def diverging_lut():
    cmap = pg.ColorMap([0.0, 0.5, 1.0], [ORANGE, "#FFFFFF", BLUE])
    return cmap.getLookupTable(0.0, 1.0, 256)


def _cosmetic(color, width: float = 1.0, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


def _path_item(pen: QPen | None, brush: QBrush | None, z: float) -> QGraphicsPathItem:
    item = QGraphicsPathItem()
    item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
    item.setBrush(brush if brush is not None else QBrush(Qt.BrushStyle.NoBrush))
    item.setZValue(z)
    item.setCacheMode(CACHE)
    return item


class _LinkItem(QGraphicsPathItem):
    """Links of one colour and thickness: segments (x[2k], y[2k]) -> (x[2k+1], y[2k+1])."""

    def __init__(self, pen: QPen, antialias: bool):
        super().__init__()
        self.setPen(pen)
        self.antialias = antialias
        self.segments = 0
        self.x = self.y = None

    def set_segments(self, x, y) -> None:
        self.x, self.y = x, y
        self.segments = len(x) // 2
        self.setPath(pg.arrayToQPath(x, y, connect="pairs") if self.segments else QPainterPath())

    def paint(self, painter, option, widget=None):  # noqa: D401 - Qt API
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.antialias)
        super().paint(painter, option, widget)


class _Label(QGraphicsTextItem):
    """Text of a fixed size in pixels at a point of the diagram, anchored at ``anchor``
    ((0, 0) top left, (1, 1) bottom right), optionally on a box.  Painted by Qt in C++ and
    cached (a pg.TextItem does Python work on every paint)."""

    def __init__(self, anchor=(0.0, 0.0), colour="#000000", point_size: int = 8,
                 fill: QColor | None = None, centred: bool = False):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setDefaultTextColor(QColor(colour))
        font = QFont()
        font.setPointSize(point_size)
        self.setFont(font)
        self.document().setDocumentMargin(1.0)
        if centred:
            self.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        self.anchor = anchor
        self.centred = centred
        self.export_scale = 1.0
        self.box = None
        if fill is not None:
            self.box = QGraphicsRectItem(self)
            self.box.setPen(QPen(Qt.PenStyle.NoPen))
            self.box.setBrush(QBrush(fill))
            self.box.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        self.setCacheMode(CACHE)

    def set_text(self, text: str, html: bool = False) -> None:
        if self.centred:
            self.setTextWidth(-1)
        if html:
            self.setHtml(text)
        else:
            self.setPlainText(text)
        if self.centred:
            self.setTextWidth(self.document().idealWidth())
        self._place()
        if self.box is not None:
            self.box.setRect(self.boundingRect())

    def _place(self) -> None:
        r = self.boundingRect()
        t = QTransform()
        t.scale(self.export_scale, self.export_scale)
        t.translate(-r.width() * self.anchor[0], -r.height() * self.anchor[1])
        self.setTransform(t)

    def setExportMode(self, export: bool, opts=None) -> None:  # noqa: N802 - pyqtgraph API
        """Called by pyqtgraph's exporters: text that ignores the view's transform must be
        scaled by hand when a plot is exported larger than it is shown."""
        self.export_scale = float((opts or {}).get("resolutionScale", 1.0)) if export else 1.0
        self._place()


class _StepItem(QGraphicsPathItem):
    """A histogram drawn as one filled step outline (bins ``edges``, heights ``counts``)."""

    def __init__(self, pen_colour: str, fill: str):
        super().__init__()
        self.setPen(_cosmetic(pen_colour, 1.0))
        self.setBrush(QBrush(QColor(fill)))
        self.edges = self.counts = None

    def set_histogram(self, edges, counts) -> None:
        self.edges, self.counts = edges, counts
        path = QPainterPath()
        xs = [float(e) for e in edges]
        path.moveTo(xs[0], 0.0)
        for i, c in enumerate(counts):
            c = float(c)
            path.lineTo(xs[i], c)
            path.lineTo(xs[i + 1], c)
        path.lineTo(xs[-1], 0.0)
        path.closeSubpath()
        self.setPath(path)

    def paint(self, painter, option, widget=None):  # noqa: D401 - Qt API
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # axis-aligned bars
        super().paint(painter, option, widget)


def _cache_plot(plot: pg.PlotItem) -> None:
    """Cache what changes rarely in a plot (axes, title): painted once, then blitted."""
    for name in ("left", "bottom", "top", "right"):
        plot.getAxis(name).setCacheMode(CACHE)
    plot.titleLabel.item.setCacheMode(CACHE)

