"""The softmax & maxout tab: probabilities from editable logits, the Jacobian, two-class softmax
against the sigmoid, and maxout's pieces."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDoubleSpinBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox,
    QSplitter, QTabWidget, QVBoxLayout, QWidget,
)
from .bind import bind_value
from .widgets import FloatSlider

from ..model import catalogue
from ..model.catalogue import ParamError
from ..model.maxout import MAX_PIECES, MIN_PIECES, MaxoutState
from ..model.softmax import SoftmaxState, two_class_curve
from ..model.tables import csv_text
from . import panel_settings, theme
from .panel_settings import ResetDefaultsButton
from .plotting import add_export_menu, restyle_plot, style_plot

LOGIT_LIMIT = 10_000.0


def _err_label() -> QLabel:
    lab = QLabel()
    theme.style_error_label(lab)
    lab.setWordWrap(True)
    lab.hide()
    return lab


class _Page(QWidget):
    """A page of the tab: controls on the left, the plots in one GraphicsLayoutWidget on the
    right; redrawn from the state on every change, theme and language."""

    def __init__(self, state, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        outer = QHBoxLayout(self)
        self._split = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(self._split)
        self._left = QWidget()
        self._plots: tuple = ()

    def _start_plots(self) -> pg.GraphicsLayoutWidget:
        """Close the controls (the subclass has filled them) and make the plot area."""
        self._left.setMinimumWidth(240)
        self._split.addWidget(self._left)
        self.graphics = pg.GraphicsLayoutWidget()
        return self.graphics

    def _finish(self, plots: tuple) -> None:
        self._plots = plots
        self._split.addWidget(self.graphics)
        self._split.setStretchFactor(1, 3)
        self._split.setSizes([290, 900])
        self.state.changed.connect(self.refresh)

    def retranslate(self) -> None:
        self.refresh()

    def apply_theme(self) -> None:
        self.graphics.setBackground(theme.colours().background)
        for p in self._plots:
            restyle_plot(p)
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


class SoftmaxPage(_Page):
    def __init__(self, state: SoftmaxState, parent: QWidget | None = None):
        super().__init__(state, parent)

        # -- controls -----------------------------------------------------------------
        ll = QVBoxLayout(self._left)
        box = QGroupBox(self.tr("Logits z"))
        self.logit_grid = QGridLayout(box)
        self.spins: list[QDoubleSpinBox] = []
        ll.addWidget(box)
        buttons = QHBoxLayout()
        self.add_btn = QPushButton(self.tr("Add logit"))
        self.remove_btn = QPushButton(self.tr("Remove logit"))
        self.add_btn.clicked.connect(self._add)
        self.remove_btn.clicked.connect(self._remove)
        buttons.addWidget(self.add_btn)
        buttons.addWidget(self.remove_btn)
        ll.addLayout(buttons)
        presets = QHBoxLayout()
        b1 = QPushButton(self.tr("2.0, 1.0, 0.1"))
        b1.setToolTip(self.tr("The example from the course slides"))
        b1.clicked.connect(lambda: self.state.set_logits([2.0, 1.0, 0.1]))
        b2 = QPushButton(self.tr("1000, 1001"))
        b2.setToolTip(self.tr("Huge logits: the naive formula overflows, the stable one does not"))
        b2.clicked.connect(lambda: self.state.set_logits([1000.0, 1001.0]))
        presets.addWidget(b1)
        presets.addWidget(b2)
        ll.addLayout(presets)

        tbox = QGroupBox(self.tr("Temperature T"))
        tl = QHBoxLayout(tbox)
        self.t_slider = FloatSlider(Qt.Orientation.Horizontal)
        self.t_slider.setRange(-2.0, 2.0)          # log10 T
        self.t_slider.setAccessibleName(self.tr("Temperature (log scale)"))
        self.t_spin = QDoubleSpinBox()
        self.t_spin.setRange(0.01, 100.0)
        self.t_spin.setDecimals(3)
        self.t_spin.setSingleStep(0.1)
        self.t_spin.setAccessibleName(self.tr("Temperature"))
        tl.addWidget(self.t_slider, 1)
        tl.addWidget(self.t_spin)
        ll.addWidget(tbox)
        self.error = _err_label()
        ll.addWidget(self.error)
        # The spin box is bound to the state; the slider (log10 T, a FloatSlider) follows it
        # in refresh().
        self.t_binding = bind_value(self.t_spin, state, "temperature", on_error=self._error)
        self.t_slider.valueChanged.connect(lambda v: self._set_t(10.0 ** v))
        self.readout = QLabel()
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        ll.addWidget(self.readout)
        notes = QLabel(self.tr(
            "<b>Why classifiers end in softmax.</b> It turns any real scores into positive numbers "
            "that sum to 1, so the outputs read as class probabilities, and it keeps their order. "
            "With the cross-entropy loss −log p<sub>target</sub> the gradient with respect to the "
            "logits is simply p − onehot(target): large when the model is confidently wrong, small "
            "when it is right. Temperature T divides the logits: T &lt; 1 sharpens the distribution, "
            "T &gt; 1 flattens it. Subtracting the largest logit first changes nothing mathematically "
            "but keeps exp from overflowing."))
        notes.setWordWrap(True)
        notes.setTextFormat(Qt.TextFormat.RichText)
        ll.addWidget(notes)
        ll.addStretch(1)

        # -- plots ----------------------------------------------------------------------
        self._start_plots()
        self.bar_plot = self.graphics.addPlot(row=0, col=0)
        style_plot(self.bar_plot, self.tr("Probabilities softmax(z / T)"), self.tr("class"), "p")
        self.bar_plot.setYRange(0, 1.05, padding=0)
        self.bar_plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6, brush="#0072B2")
        self.bar_plot.addItem(self.bars)
        self.bar_labels: list[pg.TextItem] = []

        self.jac_plot = self.graphics.addPlot(row=0, col=1)
        style_plot(self.jac_plot, self.tr("Jacobian ∂p_i/∂z_j = (diag(p) − p pᵀ)/T"),
                   self.tr("column j"), self.tr("row i"))
        self.jac_plot.showGrid(x=False, y=False)      # no lines through the numbers
        self.jac_plot.setAspectLocked(True)
        self.jac_plot.invertY(True)
        self.jac_plot.setMouseEnabled(x=False, y=False)
        self.jac_img = pg.ImageItem(axisOrder="row-major")
        self.jac_lut = pg.colormap.get("CET-D1").getLookupTable(nPts=256)
        self.jac_img.setLookupTable(self.jac_lut)
        self.jac_plot.addItem(self.jac_img)
        self.jac_labels: list[pg.TextItem] = []

        self.two_plot = self.graphics.addPlot(row=1, col=0, colspan=2)
        style_plot(self.two_plot, self.tr("Two classes: softmax([x, 0])₀ is the sigmoid σ(x)"), "x", "")
        self.two_plot.addLegend(offset=(10, 10))
        x = np.linspace(-8, 8, 801)
        self.two_plot.plot(x, catalogue.get("sigmoid").f(x), pen=pg.mkPen("#0072B2", width=6),
                           name=self.tr("sigmoid σ(x)"))
        self.two_plot.plot(x, two_class_curve(x), pen=pg.mkPen("#D55E00", width=2, style=Qt.PenStyle.DashLine),
                           name=self.tr("softmax([x, 0])₀"))
        self._finish((self.bar_plot, self.jac_plot, self.two_plot))
        self._rebuild_spins()
        self.apply_theme()

    # -- logits editor --------------------------------------------------------------------
    def _rebuild_spins(self) -> None:
        z = self.state.logits
        while self.logit_grid.count():
            w = self.logit_grid.takeAt(0).widget()
            if w:
                w.deleteLater()
        self.spins = []
        for i, v in enumerate(z):
            spin = QDoubleSpinBox()
            spin.setRange(-LOGIT_LIMIT, LOGIT_LIMIT)
            spin.setDecimals(3)
            spin.setSingleStep(0.1)
            spin.setValue(float(v))
            spin.setAccessibleName(self.tr("Logit {i}").format(i=i + 1))
            spin.valueChanged.connect(self._spin_changed)
            self.logit_grid.addWidget(QLabel(f"z{chr(0x2080 + i + 1) if i < 9 else '₁₀'}"), i, 0)
            self.logit_grid.addWidget(spin, i, 1)
            self.spins.append(spin)
        self.add_btn.setEnabled(len(z) < 10)
        self.remove_btn.setEnabled(len(z) > 2)

    def _spin_changed(self) -> None:
        try:
            self.state.set_logits([s.value() for s in self.spins])
            self._error("")
        except ParamError as exc:
            self._error(str(exc))

    def _add(self) -> None:
        z = list(self.state.logits)
        if len(z) < 10:
            self.state.set_logits(z + [0.0])

    def _remove(self) -> None:
        z = list(self.state.logits)
        if len(z) > 2:
            self.state.set_logits(z[:-1])

    def _set_t(self, t: float) -> None:
        try:
            self.state.set_temperature(t)
            self._error("")
        except ParamError as exc:
            self._error(str(exc))

    def _error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- drawing --------------------------------------------------------------------------
    def refresh(self) -> None:
        z = self.state.logits
        if len(z) != len(self.spins):
            self._rebuild_spins()
        else:
            for s, v in zip(self.spins, z):
                if s.value() != v:
                    with QSignalBlocker(s):
                        s.setValue(float(v))
        with QSignalBlocker(self.t_slider):
            self.t_slider.setValue(math.log10(self.state.temperature))
        p = self.state.probabilities()
        n = len(p)
        idx = np.arange(n)
        self.bars.setOpts(x=idx, height=p, width=0.6)
        for lab in self.bar_labels:
            self.bar_plot.removeItem(lab)
        self.bar_labels = []
        for i, v in enumerate(p):
            lab = pg.TextItem(f"{v:.3f}", anchor=(0.5, 1.0), color=theme.colours().foreground)
            lab.setPos(i, v + 0.01)
            self.bar_plot.addItem(lab)
            self.bar_labels.append(lab)
        self.bar_plot.getAxis("bottom").setTicks([[(i, str(i + 1)) for i in range(n)]])
        self.bar_plot.setXRange(-0.6, n - 0.4, padding=0)

        J = self.state.jacobian()
        lim = max(float(np.max(np.abs(J))), 1e-12)
        self.jac_img.setImage(J, levels=(-lim, lim))
        self.jac_img.setRect(-0.5, -0.5, n, n)
        for lab in self.jac_labels:
            self.jac_plot.removeItem(lab)
        self.jac_labels = []
        if n <= 6:
            lut = self.jac_lut
            font = QFont()
            font.setPointSize(8)
            for i in range(n):
                for j in range(n):
                    cell = lut[int(round(255 * (J[i, j] + lim) / (2 * lim)))]
                    ink = theme.colours().text_on("#%02x%02x%02x" % tuple(int(v) for v in cell[:3]))
                    lab = pg.TextItem(f"{J[i, j]:.3f}", anchor=(0.5, 0.5), color=ink)
                    lab.setFont(font)
                    lab.setPos(j, i)
                    self.jac_plot.addItem(lab)
                    self.jac_labels.append(lab)
        ticks = [[(i, str(i + 1)) for i in range(n)]]
        self.jac_plot.getAxis("bottom").setTicks(ticks)
        self.jac_plot.getAxis("left").setTicks(ticks)
        self.jac_plot.setRange(xRange=(-0.5, n - 0.5), yRange=(-0.5, n - 0.5), padding=0.02)

        naive = self.state.naive()
        text = self.tr("p = [{p}] &nbsp; (sum {s:.6g})").format(
            p=", ".join(f"{v:.4f}" for v in p), s=float(np.sum(p)))
        if not np.all(np.isfinite(naive)):
            text += "<br>" + self.tr(
                "<span style='color:{c}'>Naive exp(z)/Σexp(z) gives [{n}]</span> — exp overflows; "
                "subtracting max(z) first keeps it exact.").format(
                c=theme.colours().error, n=", ".join(f"{v}" for v in naive))
        self.readout.setText(text)

    def export_csv(self) -> str:
        p = self.state.probabilities()
        z = self.state.logits
        return csv_text(["class", "logit", "probability"], [np.arange(1, len(p) + 1), z, p])


class MaxoutPage(_Page):
    def __init__(self, state: MaxoutState, parent: QWidget | None = None):
        super().__init__(state, parent)
        ll = QVBoxLayout(self._left)
        krow = QHBoxLayout()
        krow.addWidget(QLabel(self.tr("Pieces k")))
        self.k_spin = QSpinBox()
        self.k_spin.setRange(MIN_PIECES, MAX_PIECES)
        self.k_spin.setAccessibleName(self.tr("Number of pieces"))
        self.k_spin.valueChanged.connect(lambda k: self.state.set_k(k))
        krow.addWidget(self.k_spin)
        krow.addStretch(1)
        ll.addLayout(krow)
        box = QGroupBox(self.tr("Pieces wᵢ·x + bᵢ"))
        self.grid = QGridLayout(box)
        self.grid.addWidget(QLabel(self.tr("slope w")), 0, 1)
        self.grid.addWidget(QLabel(self.tr("intercept b")), 0, 2)
        self.w_spins: list[QDoubleSpinBox] = []
        self.b_spins: list[QDoubleSpinBox] = []
        ll.addWidget(box)
        prow = QHBoxLayout()
        for name, label in (("relu", self.tr("ReLU")), ("leaky_relu", self.tr("Leaky ReLU")),
                            ("abs", self.tr("|x|"))):
            b = QPushButton(label)
            b.clicked.connect(lambda _=False, n=name: self.state.apply_preset(n))
            prow.addWidget(b)
        ll.addLayout(prow)
        self.error = _err_label()
        ll.addWidget(self.error)
        self.cost = QLabel()
        self.cost.setWordWrap(True)
        ll.addWidget(self.cost)
        self.flat_note = QLabel()
        self.flat_note.setWordWrap(True)
        ll.addWidget(self.flat_note)
        note = QLabel(self.tr(
            "A maxout unit outputs the largest of k linear functions of its input, so it can learn "
            "its own piecewise-linear, convex activation: two pieces already give ReLU, leaky ReLU "
            "or |x|. Its slope f′(x) is the slope of the winning piece, which can be 0 (the ReLU "
            "preset on the left). It does not die for another reason: every piece is learned, and "
            "the winning piece always receives the gradient (∂f/∂piece = 1), so even a flat piece "
            "keeps being trained and can tilt, where a ReLU's zero side is a constant. The price "
            "is k times the weights."))
        note.setWordWrap(True)
        ll.addWidget(note)
        ll.addStretch(1)
        self._start_plots()
        self.f_plot = self.graphics.addPlot(row=0, col=0)
        self.df_plot = self.graphics.addPlot(row=1, col=0)
        style_plot(self.f_plot, self.tr("Maxout f(x) = maxᵢ (wᵢx + bᵢ)"), "", "f(x)")
        style_plot(self.df_plot, self.tr("f′(x): slope of the winning piece"), "x", "df/dx")
        self.df_plot.setXLink(self.f_plot)
        self.piece_items: list[pg.PlotDataItem] = []
        self.f_item = self.f_plot.plot(pen=pg.mkPen("#0072B2", width=3))
        self.df_item = self.df_plot.plot(pen=pg.mkPen("#0072B2", width=3))
        self._finish((self.f_plot, self.df_plot))
        self.apply_theme()

    def _rebuild(self, k: int) -> None:
        for spins in (self.w_spins, self.b_spins):
            for s in spins:
                s.deleteLater()
            spins.clear()
        for i in range(1, self.grid.rowCount()):
            item = self.grid.itemAtPosition(i, 0)
            if item and item.widget():
                item.widget().deleteLater()
        for i in range(k):
            self.grid.addWidget(QLabel(f"{i + 1}"), i + 1, 0)
            for col, spins, what in ((1, self.w_spins, self.tr("slope")), (2, self.b_spins, self.tr("intercept"))):
                s = QDoubleSpinBox()
                s.setRange(-100, 100)
                s.setDecimals(3)
                s.setSingleStep(0.1)
                s.setAccessibleName(f"{what} {i + 1}")
                s.valueChanged.connect(self._edited)
                self.grid.addWidget(s, i + 1, col)
                spins.append(s)

    def _edited(self) -> None:
        try:
            self.state.set_pieces([s.value() for s in self.w_spins], [s.value() for s in self.b_spins])
            self.error.hide()
        except ParamError as exc:
            self.error.setText(str(exc))
            self.error.show()

    def refresh(self) -> None:
        m = self.state.maxout
        if len(self.w_spins) != m.k:
            self._rebuild(m.k)
        with QSignalBlocker(self.k_spin):
            self.k_spin.setValue(m.k)
        for s, v in zip(self.w_spins + self.b_spins, m.slopes + m.intercepts):
            if s.value() != v:
                with QSignalBlocker(s):
                    s.setValue(v)
        x, pieces, f, df = self.state.curves()
        for it in self.piece_items:
            self.f_plot.removeItem(it)
        self.piece_items = []
        for i, row in enumerate(pieces):
            it = self.f_plot.plot(x, row, pen=pg.mkPen((120, 120, 120, 110), width=1.5,
                                                       style=Qt.PenStyle.DashLine))
            it.setZValue(-1)
            self.piece_items.append(it)
        self.f_item.setData(x, f)
        self.df_item.setData(x, df)
        lo, hi = float(np.min(f)), float(np.max(f))
        self.f_plot.setYRange(lo - 0.1 * (hi - lo + 1e-9), hi + 0.1 * (hi - lo + 1e-9))
        self.cost.setText(self.tr("Cost: a layer of maxout units with k = {k} pieces has {k}× the "
                                  "weights and multiply-adds of the same layer of ReLU units.").format(k=m.k))
        self.flat_note.setText(self._flat_text(m.flat_intervals()))

    def _flat_text(self, flat) -> str:
        """Where these pieces give f′ = 0, from the model."""
        if not flat:
            return self.tr("Here f′(x) is never 0: the input always gets some gradient.")

        if len(flat) == 1 and math.isinf(flat[0][0]) and math.isinf(flat[0][1]):
            return self.tr("Here f′(x) = 0 everywhere: every piece is flat, so the input gets no "
                           "gradient, though the winning piece's own weights still do.")

        def where(a: float, b: float) -> str:
            if math.isinf(a):
                return "x < {b}".format(b=f"{b:g}")
            if math.isinf(b):
                return "x > {a}".format(a=f"{a:g}")
            return "{a} < x < {b}".format(a=f"{a:g}", b=f"{b:g}")

        return self.tr("Here f′(x) = 0 for {where}: there the input gets no gradient, but the "
                       "winning flat piece's own weights still do.").format(
            where=", ".join(where(a, b) for a, b in flat))

    def export_csv(self) -> str:
        x, pieces, f, df = self.state.curves()
        header = ["x", "f", "df"] + [f"piece_{i + 1}" for i in range(len(pieces))]
        return csv_text(header, [x, f, df, *pieces])


class SoftmaxPanel(QWidget):
    """Tab holding the softmax and maxout pages; follows the panel export protocol."""

    export_requested = Signal(str)
    title = "Softmax"

    def __init__(self, softmax_state: SoftmaxState | None = None,
                 maxout_state: MaxoutState | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.softmax_state = softmax_state or SoftmaxState()
        self.maxout_state = maxout_state or MaxoutState()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget()
        self.softmax_page = SoftmaxPage(self.softmax_state)
        self.maxout_page = MaxoutPage(self.maxout_state)
        self.pages.addTab(self.softmax_page, self.tr("Softmax"))
        self.pages.addTab(self.maxout_page, self.tr("Maxout"))
        self.defaults_button = ResetDefaultsButton(lambda: panel_settings.reset_to_defaults(self))
        self.pages.setCornerWidget(self.defaults_button, Qt.Corner.TopRightCorner)
        lay.addWidget(self.pages)
        add_export_menu((self.softmax_page.bar_plot, self.softmax_page.jac_plot,
                         self.softmax_page.two_plot, self.maxout_page.f_plot,
                         self.maxout_page.df_plot), self.export_requested.emit)

    @property
    def export_item(self):
        return self.pages.currentWidget().graphics.ci

    def export_csv(self) -> str:
        return self.pages.currentWidget().export_csv()

    def export_name(self) -> str:
        return "softmax" if self.pages.currentIndex() == 0 else "maxout"

    def shutdown(self) -> None:
        pass

    # sessions: the states this panel owns, and how to make fresh ones for checking a file
    def session_sections(self) -> dict:
        return {"softmax": self.softmax_state, "maxout": self.maxout_state}

    @staticmethod
    def fresh_sections() -> dict:
        return {"softmax": SoftmaxState, "maxout": MaxoutState}
