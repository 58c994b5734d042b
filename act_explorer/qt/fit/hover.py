"""Hovering a unit of the Fit tab: the curve (or kink mark) under the mouse is highlighted and
a label says which unit it is and its numbers (from the model's :class:`~...model.pieces.UnitView`).

:func:`nearest_unit` finds the unit whose contribution v_j·φ(w_j x + b_j) passes nearest the
mouse, in screen pixels, or whose kink mark it is on; :class:`UnitHover` follows the mouse
over the fit plot and keeps the highlight and the label in step with new frames.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF

from .. import theme

TOLERANCE_PX = 8.0
KINK_BAND_PX = 14.0


def nearest_unit(frame, x: float, y: float, px: float, py: float, kink_y: float,
                 tol: float = TOLERANCE_PX) -> int | None:
    """The unit nearest to the point (x, y) of the fit plot, within ``tol`` pixels, or None.

    ``px`` / ``py`` are the data units per pixel along x and y; ``kink_y`` the y of the kink
    marks (a mouse within :data:`KINK_BAND_PX` of it picks the unit of the nearest mark)."""
    if frame is None or frame.units is None or px <= 0 or py <= 0:
        return None
    units = frame.units
    if abs(y - kink_y) / py <= KINK_BAND_PX and units.piecewise_linear:
        best, best_d = None, tol
        for j, ks in enumerate(units.kinks):
            for k in ks:
                d = abs(k - x) / px
                if d <= best_d:
                    best, best_d = j, d
        if best is not None:
            return best
    parts = frame.parts
    if parts is None:
        return None
    xs = frame.x
    lo = int(np.searchsorted(xs, x - tol * px))
    hi = int(np.searchsorted(xs, x + tol * px, side="right"))
    if hi <= lo:
        return None
    dx = (xs[lo:hi, None] - x) / px
    with np.errstate(all="ignore"):
        dy = (parts[lo:hi] - y) / py
        d = np.sqrt(dx * dx + dy * dy)
    d = np.where(np.isfinite(d), d, np.inf).min(axis=0)
    j = int(np.argmin(d))
    return j if d[j] <= tol else None


def _g(v: float) -> str:
    return f"{v:.3g}".replace("-", "−")


class UnitHover(QObject):
    """Highlights the unit under the mouse on the owner's ``fit_plot`` (see the module)."""

    def __init__(self, owner):
        super().__init__(owner)
        self.owner = owner
        self.unit: int | None = None
        self.label = pg.TextItem(anchor=(1.0, 0.0))
        self.label.setZValue(100)
        self.label.hide()
        owner.fit_plot.addItem(self.label, ignoreBounds=True)
        owner.graphics.scene().sigMouseMoved.connect(self._moved)

    def apply_theme(self) -> None:
        c = theme.colours()
        self.label.setColor(c.foreground)
        self.label.fill = pg.mkBrush(*c.legend_brush[:3], 225)
        self.label.border = pg.mkPen(c.legend_pen)

    def clear(self) -> None:
        self.unit = None
        self.label.hide()

    def _moved(self, scene_pos) -> None:
        plot = self.owner.fit_plot
        frame = getattr(self.owner, "_frame_drawn", None)
        if frame is None or frame.x is None or not plot.isVisible():
            return
        vb = plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            self.set_unit(None)
            return
        p = vb.mapSceneToView(scene_pos)
        px, py = vb.viewPixelSize()
        self.set_unit(nearest_unit(frame, p.x(), p.y(), px, py, self.owner._ylim[0] + 0.012 * (
            self.owner._ylim[1] - self.owner._ylim[0])))

    def hover_at(self, x: float, y: float) -> int | None:
        """Hover the point (x, y) in the fit plot's coordinates (as a mouse move there does)."""
        vb = self.owner.fit_plot.getViewBox()
        self._moved(vb.mapViewToScene(QPointF(x, y)))
        return self.unit

    def set_unit(self, j: int | None) -> None:
        if j == self.unit:
            return
        self.unit = j
        frame = getattr(self.owner, "_frame_drawn", None)
        if frame is not None and frame.x is not None:
            self.owner._draw_units(frame)
        else:
            self.refresh()

    def text(self, j: int) -> str:
        """What the label says about unit ``j`` (1-based in the text)."""
        frame = self.owner._frame_drawn
        u = frame.units
        b = float(u.b[j])
        lines = [self.tr("unit {n}: {v}·{f}({w}·x {b})").format(
            n=j + 1, v=_g(u.v[j]), f=u.activation, w=_g(u.w[j]),
            b=f"+ {_g(b)}" if b >= 0 else f"− {_g(-b)}")]
        if u.kinks[j]:
            lines.append(self.tr("kink at x = {x}").format(x=", ".join(_g(k) for k in u.kinks[j])))
        if u.dead[j]:
            lines.append(self.tr("dead: φ′(wx + b) = 0 at every training point"))
        elif u.saturated[j]:
            lines.append(self.tr("saturated: |φ′| < 1% of its largest value at every training point"))
        return "\n".join(lines)

    def refresh(self) -> None:
        """The label for the hovered unit of the frame drawn now."""
        frame = getattr(self.owner, "_frame_drawn", None)
        j = self.unit
        if frame is None or frame.units is None or j is None or j >= frame.units.n_units:
            self.label.hide()
            return
        self.label.setText(self.text(j))
        (x0, x1), (y0, y1) = self.owner.fit_plot.getViewBox().viewRange()
        self.label.setPos(x1, y1)
        self.label.show()
