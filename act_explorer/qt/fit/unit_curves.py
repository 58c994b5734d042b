"""The Fit tab's unit curves v_j·φ(w_j x + b_j), drawn as one path per colour.

A layer of 64 units as 64 plot items costs the GUI thread most of a frame in per-item work
(64 data updates, bounds and paints); drawn as one item per colour - the units that share a
palette colour, and the dead units in grey - the same lines cost a few items.  The hovered
unit is drawn once more on top with a thick pen.  Each unit's own data stay available
(:meth:`UnitCurves.data`) for the tests and the hover.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

Z_UNITS = 5
Z_HOVERED = 30


class UnitCurves:
    """Unit curves on ``plot``: :meth:`set` takes every unit's (x, y) and colour at once."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self._groups: dict[str, pg.PlotCurveItem] = {}
        self._pens: dict[tuple[str, float], object] = {}
        self._data: list[tuple[np.ndarray, np.ndarray]] = []
        self._colours: list[str] = []
        self.hovered: int | None = None
        self.highlight = pg.PlotCurveItem()
        self.highlight.setZValue(Z_HOVERED)
        self.highlight.hide()
        plot.addItem(self.highlight)

    def _pen(self, colour: str, width: float):
        key = (colour, width)
        if key not in self._pens:
            self._pens[key] = pg.mkPen(colour, width=width)
        return self._pens[key]

    def __len__(self) -> int:
        return len(self._data)

    def data(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Unit ``j``'s curve as drawn (x, y)."""
        return self._data[j]

    def colour(self, j: int) -> str:
        return self._colours[j]

    def items(self) -> list[pg.PlotCurveItem]:
        """The plot items drawing the units now (one per colour, then the highlight)."""
        out = [item for item in self._groups.values() if item.isVisible()]
        return out + ([self.highlight] if self.highlight.isVisible() else [])

    def pen_width(self, j: int) -> float:
        """The width of the widest line drawn for unit ``j`` (thick when hovered)."""
        if j == self.hovered and self.highlight.isVisible():
            return float(self.highlight.opts["pen"].widthF())
        return float(self._groups[self._colours[j]].opts["pen"].widthF())

    def set(self, curves: list[tuple[np.ndarray, np.ndarray]], colours: list[str],
            hovered: int | None = None, antialias: bool = True) -> None:
        """Draw unit ``j`` as ``curves[j]`` in ``colours[j]``; ``hovered`` on top, thick."""
        self._data = [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in curves]
        self._colours = list(colours)
        by_colour: dict[str, list[int]] = {}
        for j, c in enumerate(self._colours):
            by_colour.setdefault(c, []).append(j)
        for colour, members in by_colour.items():
            item = self._groups.get(colour)
            if item is None:
                item = pg.PlotCurveItem(pen=self._pen(colour, 1.0))
                item.setZValue(Z_UNITS)
                self.plot.addItem(item)
                self._groups[colour] = item
            xs = [self._data[j][0] for j in members]
            ys = [self._data[j][1] for j in members]
            ends = np.cumsum([len(x) for x in xs])
            connect = np.ones(int(ends[-1]), dtype=np.int32)
            connect[ends[ends > 0] - 1] = 0         # no line from one unit's end to the next
            item.opts["antialias"] = antialias
            item.setData(x=np.concatenate(xs), y=np.concatenate(ys), connect=connect)
            if not item.isVisible():
                item.show()
        for colour, item in self._groups.items():
            if colour not in by_colour and item.isVisible():
                item.setData(x=np.array([]), y=np.array([]))
                item.hide()
        self.hovered = hovered if hovered is not None and hovered < len(self._data) else None
        if self.hovered is None:
            self.highlight.hide()
        else:
            x, y = self._data[self.hovered]
            self.highlight.setPen(self._pen(self._colours[self.hovered], 3.5))
            self.highlight.opts["antialias"] = antialias
            self.highlight.setData(x=x, y=y)
            self.highlight.show()

    def clear(self) -> None:
        self.set([], [])
