"""LaTeX formulas rendered as mathematics: ziamath makes SVG 1.1, Qt's SVG renderer draws it."""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer


def _ziamath():
    """Imported on first use: ziamath and its math font take ~0.4 s to load, which the window
    does not need before its first paint."""
    import ziamath

    # Qt's renderer understands SVG 1.1 only; with SVG 2 output just the fraction bars show.
    ziamath.config.svg2 = False
    return ziamath


@lru_cache(maxsize=128)   # SVG text of recent formulas (typed ones come and go)
def formula_svg(latex: str, size: float = 16.0, colour: str = "#000000") -> bytes:
    ziamath = _ziamath()
    ziamath.config.math.color = colour
    try:
        return ziamath.Latex(latex, size=size).svg().encode()
    except Exception:  # noqa: BLE001 -- ziamath raises many kinds on unsupported LaTeX
        pass
    # Fall back to the source text rather than an empty card; ziamath's text mode parses
    # braces and $ too, so those go (a typed expression's LaTeX may be deeply nested).
    plain = re.sub(r"[\\{}$^_]+", " ", latex)
    plain = re.sub(r"\s+", " ", plain).strip()
    try:
        return ziamath.Text(plain, size=size).svg().encode()
    except Exception:  # noqa: BLE001 -- nothing drawable: an empty picture
        return b""


def formula_pixmap(latex: str, size: float = 16.0, max_width: int | None = None,
                   colour: str | None = None) -> QPixmap:
    """A device-pixel-ratio aware pixmap of the formula (transparent background)."""
    if colour is None:
        app = QGuiApplication.instance()
        colour = app.palette().color(QPalette.ColorRole.WindowText).name() if app else "#000000"
    renderer = QSvgRenderer(QByteArray(formula_svg(latex, size, colour)))
    base = renderer.defaultSize()
    if base.isEmpty():
        return QPixmap()
    w, h = base.width(), base.height()
    if max_width and w > max_width:
        # shrink to fit, but never below 75% (a wider formula scrolls instead of going tiny)
        scale = max(max_width / w, 0.75)
        w, h = int(w * scale), int(h * scale)
    app = QGuiApplication.instance()
    dpr = app.devicePixelRatio() if app else 1.0
    dpr = max(dpr, 2.0)  # render sharp even when a 1x window is grabbed for export
    img = QImage(QSize(int(w * dpr), int(h * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(QColor(0, 0, 0, 0))
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, w * dpr, h * dpr))
    painter.end()
    pix = QPixmap.fromImage(img)
    pix.setDevicePixelRatio(dpr)
    return pix


