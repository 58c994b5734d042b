"""pyqtgraph set-up shared by every plot, and plot export (PNG, SVG) through the model's
atomic writer."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtGui import QGuiApplication, QImage

from ..model.fileio import OutputError, atomic_path

# Offscreen Qt has no OpenGL; plain raster painting is also what export uses.
pg.setConfigOptions(antialias=True, useOpenGL=False, background="w", foreground="k")

MIN_EXPORT_WIDTH = 1600


def plain_ticks(plot: pg.PlotItem) -> None:
    """Tick labels show the plotted numbers themselves: no automatic SI prefix, which would
    draw sigmoid's slopes 0-0.25 as 0-250 with a "(x0.001)" in the axis label."""
    for side in ("left", "bottom", "right", "top"):
        plot.getAxis(side).enableAutoSIPrefix(False)


def style_plot(plot: pg.PlotItem, title: str = "", x_label: str = "", y_label: str = "") -> None:
    from . import theme

    plain_ticks(plot)

    c = theme.colours()
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
        axis = plot.getAxis(side)
        axis.setTextPen(pg.mkPen(c.foreground))
        axis.setPen(pg.mkPen(c.foreground))
        # Grid at major and minor ticks only: cleaner, and half the lines to paint per frame.
        axis.setStyle(maxTickLevel=1)


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
        menu = plot.getViewBox().menu
        menu.addSeparator()
        for kind, label in entries:
            act = menu.addAction(label)
            act.triggered.connect(lambda _=False, k=kind: emit(k))


def image_of(item, width: int | None = None) -> QImage:
    """Render a scene item (a plot or a whole layout) to a QImage ``width`` pixels wide."""
    exporter = ImageExporter(item)
    if width:
        exporter.parameters()["width"] = int(width)
    exporter.parameters()["antialias"] = True
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
    exporter = SVGExporter(item)
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
