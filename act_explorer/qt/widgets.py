"""Small widgets the app needs that Qt lacks."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSlider, QWidget


class FloatSlider(QWidget):
    """A slider over a float range: ``valueChanged(float)`` fires while dragging.

    An integer QSlider inside has a fixed resolution of ``STEPS`` positions, so any range
    moves smoothly; :meth:`setValue` keeps the exact float it was given (a value typed in a
    spin box is not rounded to a slider position).
    """

    STEPS = 10_000
    valueChanged = Signal(float)  # noqa: N815 (Qt naming)

    def __init__(self, orientation=Qt.Orientation.Horizontal, parent: QWidget | None = None):
        super().__init__(parent)
        self._lo, self._hi = 0.0, 1.0
        self._value = 0.0
        self.slider = QSlider(orientation)
        self.slider.setRange(0, self.STEPS)
        self.slider.valueChanged.connect(self._int_moved)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider)
        self.setFocusProxy(self.slider)

    # -- float API ------------------------------------------------------------------------
    def setRange(self, lo: float, hi: float) -> None:  # noqa: N802 (Qt naming)
        lo, hi = float(lo), float(hi)
        if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo:
            raise ValueError(f"invalid slider range {lo}..{hi}")
        self._lo, self._hi = lo, hi
        self.setValue(min(max(self._value, lo), hi))

    def minimum(self) -> float:
        return self._lo

    def maximum(self) -> float:
        return self._hi

    def setSingleStep(self, step: float) -> None:  # noqa: N802
        span = self._hi - self._lo
        ticks = 1 if span <= 0 else max(1, round(float(step) / span * self.STEPS))
        self.slider.setSingleStep(ticks)
        self.slider.setPageStep(max(ticks * 10, self.STEPS // 20))

    def setTracking(self, on: bool) -> None:  # noqa: N802
        self.slider.setTracking(on)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.slider.setAccessibleName(name)

    def value(self) -> float:
        return self._value

    def setValue(self, value: float) -> None:  # noqa: N802
        value = min(max(float(value), self._lo), self._hi)
        changed = value != self._value
        self._value = value
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_int(value))
        if changed:
            self.valueChanged.emit(value)

    # -- mapping --------------------------------------------------------------------------
    def _to_int(self, v: float) -> int:
        span = self._hi - self._lo
        return 0 if span <= 0 else round((v - self._lo) / span * self.STEPS)

    def _int_moved(self, i: int) -> None:
        v = self._lo + (self._hi - self._lo) * i / self.STEPS
        if v != self._value:
            self._value = v
            self.valueChanged.emit(v)
