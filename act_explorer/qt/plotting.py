"""pyqtgraph set-up shared by every plot, and plot export (PNG, SVG) through the model's
atomic writer."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QGraphicsItem

from ..model.fileio import OutputError, atomic_path

# Offscreen Qt has no OpenGL; plain raster painting is also what export uses.
pg.setConfigOptions(antialias=True, useOpenGL=False, background="w", foreground="k")

MIN_EXPORT_WIDTH = 1600


TITLE_ROW = 30          # pyqtgraph's height of a one-line title row
TITLE_MIN_WIDTH = 60   # a title never holds its plot wider than this: it wraps instead


def fit_title(plot: pg.PlotItem) -> None:
    """Let ``plot``'s title wrap onto more lines instead of holding the plot wider than the
    space it has (pyqtgraph makes a title's full width the plot's minimum width, so a long
    title pushed plots out of a narrow window).  Idempotent."""
    label = plot.titleLabel
    if getattr(label, "_fits", False):
        return
    label._fits = True
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextOption

    label.item.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
    hints = Qt.SizeHint

    def update_min() -> None:
        item = label.item
        item.setTextWidth(-1)
        natural = item.boundingRect().width()
        avail = label.rect().width()
        if 0 < avail < natural:
            item.setTextWidth(max(avail, TITLE_MIN_WIDTH))
        height = item.boundingRect().height()
        # centre the (possibly re-wrapped) text in the label, as pyqtgraph does
        item.setPos(0, 0)
        bounds = label.itemRect()
        bounds.moveCenter(label.rect().center())
        item.setPos(bounds.topLeft() - label.itemRect().topLeft())
        minimum = min(TITLE_MIN_WIDTH, natural)
        label.setMinimumWidth(minimum)
        label.setMinimumHeight(height)
        label._sizeHint = {
            hints.MinimumSize: (minimum, height),
            hints.PreferredSize: (natural, height),
            hints.MaximumSize: (-1, -1),
            hints.MinimumDescent: (0, 0),
        }
        if label.isVisible() or label.maximumHeight() > 0:
            row = max(TITLE_ROW, int(height + 0.999))
            if abs(label.maximumHeight() - row) > 0.5:
                label.setMaximumHeight(row)
                plot.layout.setRowFixedHeight(0, row)
        label.updateGeometry()

    label.updateMin = update_min
    plot_set_title = plot.setTitle

    def set_title(title=None, **args):
        plot_set_title(title, **args)
        if title is not None:
            update_min()
            label.resizeEvent(None)

    plot.setTitle = set_title
    label.resizeEvent(None)


def plain_ticks(plot: pg.PlotItem) -> None:
    """Tick labels show the plotted numbers themselves: no automatic SI prefix, which would
    draw sigmoid's slopes 0-0.25 as 0-250 with a "(x0.001)" in the axis label."""
    for side in ("left", "bottom", "right", "top"):
        plot.getAxis(side).enableAutoSIPrefix(False)


def style_plot(plot: pg.PlotItem, title: str = "", x_label: str = "", y_label: str = "") -> None:
    from . import theme

    plain_ticks(plot)

    c = theme.colours()
    fit_title(plot)
    plot.showGrid(x=True, y=True, alpha=c.grid_alpha)
    if title:
        plot.setTitle(title, size="11pt")
    if x_label:
        plot.setLabel("bottom", x_label)
    if y_label:
        plot.setLabel("left", y_label)
    # Downsampling and clipping are PlotItem settings (per-curve flags are ignored).
    plot.setDownsampling(auto=True, mode="peak")
    plot.setClipToView(True)
    for side in ("left", "bottom"):
        # Grid at major and minor ticks only: cleaner, and half the lines to paint per frame.
        plot.getAxis(side).setStyle(maxTickLevel=1)
    restyle_plot(plot)


def restyle_plot(plot: pg.PlotItem) -> None:
    """Colour ``plot``'s axes, grid, title, axis labels and legend from the current theme
    (at build time and when the theme changes)."""
    from . import theme

    c = theme.colours()
    fg = pg.mkColor(c.foreground)
    for side in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(side)
        axis.setPen(pg.mkPen(fg))
        axis.setTextPen(pg.mkPen(fg))
        if axis.grid is not False:
            axis.setGrid(int(round(c.grid_alpha * 255)))
        if axis.labelText or axis.labelUnits:
            axis.labelStyle = {**axis.labelStyle, "color": c.foreground}
            axis._updateLabel()
    label = plot.titleLabel
    if label.isVisible() and label.text:
        label.setText(label.text, color=c.foreground)
    legend = plot.legend
    if legend is not None:
        restyle_legend(legend)


def restyle_legend(legend: pg.LegendItem) -> None:
    """A legend's box (unless made with ``frame=False``) and text in the theme's colours."""
    from . import theme

    c = theme.colours()
    if legend.frame:
        legend.setBrush(pg.mkBrush(*c.legend_brush))
        legend.setPen(pg.mkPen(c.legend_pen))
    legend.setLabelTextColor(c.foreground)
    for _sample, label in legend.items:
        label.setText(label.text, color=c.foreground)
    legend.update()


def add_export_menu(plots, emit, csv_is_history: bool = False) -> None:
    """Add the export entries to each plot's context menu; ``emit(kind)`` is called with
    'png', 'svg', 'csv' or 'copy' (the window does the export)."""
    translate = QCoreApplication.translate
    csv_label = (translate("ExportMenu", "Export history as CSV…") if csv_is_history
                 else translate("ExportMenu", "Export data as CSV…"))
    entries = (("png", translate("ExportMenu", "Export plots as PNG…")),
               ("svg", translate("ExportMenu", "Export plots as SVG…")),
               ("csv", csv_label),
               ("copy", translate("ExportMenu", "Copy image")))
    for plot in plots:
        remove_scene_export(plot)
        menu = plot.getViewBox().menu
        menu.addSeparator()
        for kind, label in entries:
            act = menu.addAction(label)
            act.triggered.connect(lambda _=False, k=kind: emit(k))


def remove_scene_export(item) -> None:
    """Drop pyqtgraph's own "Export…" from the right-click menu of ``item``'s scene: the
    app's entries (PNG at a chosen resolution, SVG, CSV, copy) are the one export path."""
    scene = item.scene()
    if scene is not None and hasattr(scene, "contextMenu"):
        scene.contextMenu = []


def mark_hover_only(item) -> None:
    """``item`` (a crosshair, a hover marker) follows the pointer: exports leave it out."""
    item._hover_only = True


class _HoverHidden:
    """While an export renders the scene: hover-only items are hidden and legends, which keep
    their size in pixels on screen, are scaled with everything else for a PNG wider than the
    plot on screen.  Text items (value labels, "chance") need nothing: the exporter already
    scales them; scaling them again made them ``scale`` times too large."""

    def __init__(self, item):
        scene = item.scene() if hasattr(item, "scene") else None
        items = scene.items() if scene is not None else []
        self.items = [it for it in items if getattr(it, "_hover_only", False) and it.isVisible()]
        ignores = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
        self.legends = [it for it in items if isinstance(it, pg.LegendItem) and it.flags() & ignores]

    def __enter__(self):
        ignores = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
        for it in self.items:
            it.setVisible(False)
        for it in self.legends:
            it.setFlag(ignores, False)
        return self

    def __exit__(self, *exc):
        ignores = QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
        for it in self.items:
            it.setVisible(True)
        for it in self.legends:
            it.setFlag(ignores, True)
        return False


def image_of(item, width: int | None = None) -> QImage:
    """Render a scene item (a plot or a whole layout) to a QImage ``width`` pixels wide."""
    # pyqtgraph's exporters are imported on first export: nothing at start-up needs them
    from pyqtgraph.exporters import ImageExporter

    exporter = ImageExporter(item)
    if width:
        exporter.parameters()["width"] = int(width)
    exporter.parameters()["antialias"] = True
    with _HoverHidden(item):
        img = exporter.export(toBytes=True)
    if img is None or img.isNull():
        raise OutputError("the plot could not be rendered")
    return img


def png_bytes(img: QImage) -> bytes:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):
        raise OutputError("the image could not be encoded as PNG")
    return bytes(buf.data())


def export_png(item, path: str | Path, width: int) -> Path:
    img = image_of(item, width)
    data = png_bytes(img)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def svg_bytes(item) -> bytes:
    from pyqtgraph.exporters import SVGExporter

    exporter = SVGExporter(item)
    with _HoverHidden(item):
        data = exporter.export(toBytes=True)
    if isinstance(data, QByteArray):
        data = bytes(data)
    elif isinstance(data, str):
        data = data.encode("utf-8")
    if not data:
        raise OutputError("the plot could not be rendered as SVG")
    return data


def export_svg(item, path: str | Path) -> Path:
    data = svg_bytes(item)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def copy_image(item, width: int | None = None) -> QImage:
    img = image_of(item, width)
    QGuiApplication.clipboard().setImage(img)
    return img


def fold_legend(legend: pg.LegendItem, plot: pg.PlotItem, columns: int, on_fold=None) -> None:
    """Lay ``legend`` out in ``columns`` columns while that fits inside ``plot``'s view box and
    in one column when it does not (a narrow window); ``on_fold(folded)`` is told which."""
    vb = plot.getViewBox()
    legend._fold_state = None

    def refit(*_args) -> None:
        avail = vb.width() - 8
        if avail <= 0:
            return
        if legend.columnCount != columns:
            legend.setColumnCount(columns)
        legend.updateSize()
        folded = legend.width() > avail and columns > 1
        if folded:
            legend.setColumnCount(1)
            legend.updateSize()
        if folded != legend._fold_state:
            legend._fold_state = folded
            if on_fold is not None:
                on_fold(folded)

    vb.sigResized.connect(refit)
    legend._refit = refit
    refit()
