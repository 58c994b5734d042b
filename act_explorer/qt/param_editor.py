"""Parameter controls for the current function: a slider and a spin box per parameter,
bounded by the catalogue's valid range, redrawing while the slider is dragged."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)
from .widgets import FloatSlider


from ..model.catalogue import Param, ParamError
from ..model.curves import CurvesState
from . import theme
from .i18n import function_name, tx


def _decimals(step: float) -> int:
    return max(2, min(6, int(math.ceil(-math.log10(step))) + 1))


class ParamRow:
    def __init__(self, param: Param):
        self.param = param
        lo = param.min + (param.step if param.min_open else 0.0)
        hi = param.max - (param.step if param.max_open else 0.0)
        self.label = QLabel(param.name)
        self.label.setToolTip(tx("catalogue", param.doc) if param.doc else param.name)
        self.slider = FloatSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(lo, hi)
        self.slider.setSingleStep(param.step)
        self.slider.setTracking(True)
        self.slider.setAccessibleName(param.name)
        self.slider.setMinimumWidth(50)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(_decimals(param.step))
        self.spin.setRange(lo, hi)
        self.spin.setSingleStep(param.step)
        self.spin.setKeyboardTracking(False)
        self.spin.setAccessibleName(param.name)
        self.spin.setToolTip(param.range_text())
        self.label.setBuddy(self.spin)

    def show(self, value: float) -> None:
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.slider.setValue(value)
            self.spin.setValue(value)


class ParamEditor(QWidget):
    def __init__(self, state: CurvesState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.rows: dict[str, ParamRow] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        outer.addWidget(self.grid_host)
        self.none_label = QLabel(self.tr("This function has no parameters."))
        self.none_label.setEnabled(False)
        outer.addWidget(self.none_label)
        self.error = QLabel()
        theme.style_error_label(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        outer.addWidget(self.error)
        self.reset = QPushButton(self.tr("Reset to defaults"))
        self.reset.clicked.connect(lambda: self.state.reset_params())
        outer.addWidget(self.reset, 0, Qt.AlignmentFlag.AlignLeft)
        state.current_changed.connect(lambda _fid: self.rebuild())
        state.params_changed.connect(self._params_changed)
        state.catalogue_changed.connect(self.rebuild)
        self.rebuild()

    def retranslate(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.rows.clear()
        act = self.state.activation
        self.title.setText(self.tr("Parameters of <b>{name}</b>").format(name=function_name(act)))
        values = self.state.params()
        for r, p in enumerate(act.params):
            row = ParamRow(p)
            row.show(values[p.name])
            row.slider.valueChanged.connect(lambda v, n=p.name: self._edited(n, v, "slider"))
            row.spin.valueChanged.connect(lambda v, n=p.name: self._edited(n, v, "spin"))
            # The name on its own line: long names (negative_slope) are not clipped and the
            # list keeps its width whatever the function.
            self.grid.addWidget(row.label, 2 * r, 0, 1, 2)
            self.grid.addWidget(row.slider, 2 * r + 1, 0)
            self.grid.addWidget(row.spin, 2 * r + 1, 1)
            self.rows[p.name] = row
        self.none_label.setVisible(not act.params)
        self.reset.setVisible(bool(act.params))
        self._set_error("")

    def _edited(self, name: str, value: float, source: str) -> None:
        row = self.rows[name]
        # keep the twin control in step without feeding back
        other = row.spin if source == "slider" else row.slider
        with QSignalBlocker(other):
            other.setValue(value)
        try:
            self.state.set_param(name, value)
            self._set_error("")
        except ParamError as exc:
            # The model keeps its last valid value; say why this one was not applied.
            self._set_error(str(exc))

    def _params_changed(self, fid: str) -> None:
        if fid != self.state.current:
            return
        values = self.state.params()
        for name, row in self.rows.items():
            if abs(row.spin.value() - values[name]) > 1e-12 or abs(row.slider.value() - values[name]) > 1e-9:
                row.show(values[name])

    def _set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


