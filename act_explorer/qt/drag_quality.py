"""Antialiasing off while a control is dragged, back on when the drag stops.

Antialiased lines cost Qt's raster engine several times what aliased ones do; a frame of a
drag is on screen for 16 ms, and nobody judges edge smoothness in it.  :class:`DragQuality`
switches a set of pyqtgraph curve items to aliased drawing on :meth:`moved` and, once no move
has come for ``settle_ms``, back to antialiased (repainting them).  Only the paint flag
changes: the items' data and cached paths stay as they are.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject, QTimer

__all__ = ["DragQuality"]


class DragQuality(QObject):
    """``items()`` returns the curve items (PlotCurveItem or PlotDataItem) to switch."""

    def __init__(self, items: Callable[[], Iterable], settle_ms: int = 150,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._items = items
        self.dragging = False
        self._timer = QTimer(self, singleShot=True, interval=int(settle_ms))
        self._timer.timeout.connect(self.settle)

    @staticmethod
    def _curves(item):
        curve = getattr(item, "curve", None)    # a PlotDataItem draws through its PlotCurveItem
        return (item, curve) if curve is not None else (item,)

    def _set(self, antialias: bool) -> None:
        for item in self._items():
            for c in self._curves(item):
                if c.opts.get("antialias") != antialias:
                    c.opts["antialias"] = antialias
                    c.update()

    def moved(self) -> None:
        """A drag step: draw aliased until the moves stop."""
        if not self.dragging:
            self.dragging = True
            self._set(False)
        self._timer.start()

    def settle(self) -> None:
        """The drag stopped (or a picture is wanted now): antialiased again."""
        self._timer.stop()
        if self.dragging:
            self.dragging = False
            self._set(True)
