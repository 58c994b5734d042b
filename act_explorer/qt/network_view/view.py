"""The network view's widget, :class:`NetworkView` (see the package docstring): builds the
diagram's items when the architecture changes, redraws what changed each frame (thumbnail
strips, links, dead / saturated / revived marks, headings), fits the diagram with its labels,
runs the history slider and answers hover and click."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsRectItem, QHBoxLayout, QLabel, QSlider, QToolTip, QVBoxLayout, QWidget,
)

from ...model.unit_view import DEAD, GROUP_KINDS, LINK_LEVELS, SATURATED, UnitFrame, UnitViewModel
from .. import plotting, theme  # noqa: F401  (the shared pyqtgraph set-up: no OpenGL, plain ticks)
from .detail import UnitDetail
from .histograms import _Histograms
from .tooltip import hover_html
from .items import (
    AGG_GREY, AMBER, ANTIALIAS_FROM_LEVEL, BLUE, CACHE, FRAME_GREY, ORANGE, _c, _cosmetic,
    diverging_lut, _Label, _LinkItem, _path_item,
)


class NetworkView(QWidget):
    """See the package docstring.  Feed it with :meth:`update_frame`."""

    unit_selected = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, model: UnitViewModel | None = None):
        super().__init__(parent)
        self.setObjectName("networkView")
        self.model = model or UnitViewModel()
        self._frame: UnitFrame | None = None
        self._layout = None
        self._status_key: bytes | None = None
        self._dataset = None
        self._hist_entry = None
        self._diverged = None
        self._lut = diverging_lut()
        self._drawing = True
        self._undrawn = None         # (dataset,) of a frame kept but not drawn (drawing off)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setAccessibleName(self.tr("Network diagram and histograms"))
        self.graphics.setMinimumSize(400, 320)
        ci = self.graphics.ci
        ci.setContentsMargins(2, 2, 2, 2)
        self.diagram = ci.addViewBox(row=0, col=0, lockAspect=True, enableMouse=False,
                                     enableMenu=False, defaultPadding=0.07)
        self.diagram.setAutoVisible(x=False, y=False)
        self.diagram.sigResized.connect(self._fit_diagram)
        self.unit_detail = UnitDetail(ci, self._lut, row=0, col=1)
        self.detail_plot = self.unit_detail.plot
        self.detail_image = self.unit_detail.image
        self.detail_points = self.unit_detail.points
        self.detail_range = self.unit_detail.range_text
        self.legend = ci.addLabel(self._legend_html(None), row=1, col=0, colspan=2, size="8pt")
        self.legend.item.setCacheMode(CACHE)
        self.unit_detail.cache()
        self.hist_layout = ci.addLayout(row=2, col=0, colspan=2)
        self.hist_layout.setContentsMargins(0, 0, 0, 0)
        lay = ci.layout
        lay.setRowStretchFactor(0, 7)
        lay.setRowStretchFactor(2, 3)
        lay.setColumnStretchFactor(0, 3)
        lay.setColumnStretchFactor(1, 1)
        self.histograms: _Histograms | None = None
        outer.addWidget(self.graphics, 1)

        row = QHBoxLayout()
        row.setContentsMargins(6, 0, 6, 2)
        self.history_label = QLabel(self.tr("Histograms at epoch"))
        self.history_slider = QSlider(Qt.Orientation.Horizontal)
        self.history_slider.setAccessibleName(self.tr("Epoch shown in the histograms"))
        self.history_slider.setToolTip(self.tr("Drag to look back at the histograms of earlier epochs"))
        self.history_slider.setRange(0, 0)
        self.history_slider.setEnabled(False)
        self.history_slider.valueChanged.connect(self._history_moved)
        self.epoch_label = QLabel("")
        self.epoch_label.setFixedWidth(170)
        self.history_label.setBuddy(self.history_slider)
        row.addWidget(self.history_label)
        row.addWidget(self.history_slider, 1)
        row.addWidget(self.epoch_label)
        outer.addLayout(row)

        self._reset_items()
        plotting.remove_scene_export(self.detail_plot)   # the panel's export is the one path
        self.graphics.viewport().installEventFilter(self)
        self.graphics.viewport().setMouseTracking(True)
        self.graphics.scene().sigMouseClicked.connect(self._clicked)

    def retranslate(self) -> None:
        """Headings, legend and histogram titles are composed: draw the frame afresh."""
        self.apply_theme()
        if self._frame is None:
            self.unit_detail.show_hint()

    def apply_theme(self) -> None:
        """Recolour from the current theme: static items now, the diagram and histograms by
        drawing the current frame afresh."""
        c = _c()
        self.graphics.setBackground(c.background)
        self.unit_detail.apply_theme()
        self.legend.setText(self._legend_html(self._frame), size="8pt", color=c.foreground)
        frame = self._frame
        self._reset_items()
        self._layout = None
        self._status_key = None
        self.unit_detail.shown = None
        self._hist_entry = None
        if frame is not None:
            self._rebuild(frame)
            self._draw_strips(frame)
            self._draw_links(frame)
            self._draw_status(frame)
            self._draw_detail(frame)
            self._draw_history(frame)

    # -- public ---------------------------------------------------------------------------
    @property
    def export_item(self):
        """Diagram, enlarged map, legend and histograms together (a pyqtgraph layout)."""
        return self.graphics.ci

    @property
    def diagram_item(self):
        return self.diagram

    @property
    def histogram_item(self):
        return self.hist_layout

    @property
    def frame(self) -> UnitFrame | None:
        return self._frame

    @property
    def selected_unit(self) -> tuple[int, int] | None:
        return self.model.selected

    def select_unit(self, layer: int, index: int) -> None:
        """Enlarge the map of unit ``index`` of ``layer`` (0 inputs, 1..L hidden, L+1 outputs)."""
        frame = self.model.select(layer, index)
        if frame is not None:
            self._frame = frame
            self._draw_detail(frame)
        self.unit_selected.emit(int(layer), int(index))

    def update_frame(self, snapshot, dataset, bounds=None) -> None:
        """Show ``snapshot`` (a training Snapshot) of a network trained on ``dataset``.

        ``bounds`` = ``(xlim, ylim)`` of the region the thumbnails show (default: the data
        bounds with the training panel's margin; pass the boundary plot's region to match it).
        Cheap when nothing changed; a restart (epoch or steps going back, another data set or
        architecture) clears the histogram history by itself."""
        frame = self.model.update(snapshot, dataset, bounds)
        if frame is self._frame:
            return
        self._frame = frame
        if not self._drawing:
            self._undrawn = (dataset,)
            return
        self._draw_frame(frame, dataset)

    def set_drawing(self, on: bool) -> None:
        """Draw every frame (on, the default) or only keep the model up to date (off: the
        page is hidden; drawing a diagram nobody sees cost the training tab 2.5-7.9 ms of the
        GUI thread a frame).  Turned on, the latest frame is drawn at once."""
        self._drawing = bool(on)
        if self._drawing and self._undrawn is not None:
            (dataset,), self._undrawn = self._undrawn, None
            if self._frame is not None:
                self._draw_frame(self._frame, dataset)

    def _draw_frame(self, frame: UnitFrame, dataset) -> None:
        if frame.layout is not self._layout:
            self._rebuild(frame)
        if dataset is not self._dataset:
            self._dataset = dataset
            self.unit_detail.show_points(dataset)
        self._draw_strips(frame)
        self._draw_links(frame)
        if frame.status_key != self._status_key:
            self._draw_status(frame)
        self._draw_detail(frame)
        self._draw_history(frame)

    def clear(self) -> None:
        """Forget the network: an empty view (the next frame rebuilds everything)."""
        self.model.clear()
        self._frame = None
        self._undrawn = None
        self._layout = None
        self._status_key = None
        self._dataset = None
        self._hist_entry = None
        self._reset_items()
        self.unit_detail.clear()
        if self.histograms is not None:
            self.histograms.dispose()
        self.hist_layout.clear()
        self.histograms = None
        self.history_slider.blockSignals(True)
        self.history_slider.setRange(0, 0)
        self.history_slider.blockSignals(False)
        self.history_slider.setEnabled(False)
        self.epoch_label.setText("")
        self.unit_detail.forget_placement()
        self._diverged = None
        self.legend.setText(self._legend_html(None), size="8pt")

    def hover_text(self, layer: int, index: int) -> str:
        """The tooltip of a node (rich text), from the model's numbers."""
        if self._frame is None:
            return ""
        return hover_html(self._frame, layer, index)

    def show_history(self, index: int) -> None:
        """Show the histograms of history entry ``index`` (the last slider position = now)."""
        self.history_slider.setValue(int(index))

    # -- building --------------------------------------------------------------------------
    def _reset_items(self) -> None:
        self.diagram.clear()
        self.strip_items: dict[int, pg.ImageItem] = {}
        self.link_curves: dict[tuple, _LinkItem] = {}
        self.header_items: dict[int, _Label] = {}
        self.header_html: dict[int, str] = {}
        self.dead_labels: list[_Label] = []
        self._dead_label_count = 0
        self.revive_labels: list[_Label] = []
        self.collapsed_items: dict[int, tuple] = {}
        self.frames_item = _path_item(_cosmetic(FRAME_GREY, 1.0), None, 2)
        self.dead_fill = _path_item(None, QBrush(QColor(110, 110, 110, 175)), 3)
        self.dead_cross = _path_item(_cosmetic(_c().dead, 1.6), None, 4)
        self.sat_ring = _path_item(_cosmetic(AMBER, 2.0, Qt.PenStyle.DashLine), None, 4)
        self.revive_ring = _path_item(_cosmetic(_c().revived, 2.0), None, 4)
        self.selection_item = QGraphicsRectItem()
        self.selection_item.setPen(_cosmetic(_c().selection, 2.5))
        self.selection_item.setZValue(6)
        self.selection_item.setCacheMode(CACHE)
        self.selection_item.hide()
        for it in (self.frames_item, self.dead_fill, self.dead_cross, self.sat_ring, self.revive_ring,
                   self.selection_item):
            self.diagram.addItem(it)

    def _rebuild(self, frame: UnitFrame) -> None:
        """New architecture: build the diagram's items and the histogram plots."""
        self._reset_items()
        lay = frame.layout
        self._layout = lay
        self._status_key = None
        s = lay.node_size
        frames = QPainterPath()
        for c in lay.columns:
            if c.collapsed:
                parts = []
                for colour in ("#CFE3F1", "#6E6E6E", AMBER):
                    r = QGraphicsRectItem()
                    r.setPen(QPen(Qt.PenStyle.NoPen))
                    r.setBrush(QBrush(QColor(colour)))
                    r.setZValue(1)
                    self.diagram.addItem(r)
                    parts.append(r)
                outline = QGraphicsRectItem(c.x - s / 2, c.bottom, s, c.top - c.bottom)
                outline.setPen(_cosmetic(_c().muted, 1.0))
                outline.setZValue(2)
                self.diagram.addItem(outline)
                self.collapsed_items[c.layer] = tuple(parts)
            else:
                img = pg.ImageItem(axisOrder="row-major")
                img.setLookupTable(self._lut)
                img.setZValue(1)
                self.diagram.addItem(img)
                self.strip_items[c.layer] = img
                for y in c.ys:
                    frames.addRect(QRectF(c.x - s / 2, float(y) - s / 2, s, s))
            head = _Label(anchor=(0.5, 1.0), colour=_c().foreground, centred=True)
            head.setPos(c.x, lay.bounds[3] + 0.15)
            head.setZValue(5)
            self.diagram.addItem(head)
            self.header_items[c.layer] = head
        self.frames_item.setPath(frames)
        widths = [0.6 + 3.4 * (lv + 0.5) / LINK_LEVELS for lv in range(LINK_LEVELS)]
        for kind in GROUP_KINDS:
            base = QColor({"pos": BLUE, "neg": ORANGE, "agg": AGG_GREY}[kind])
            for lv in range(LINK_LEVELS):
                # Opaque pens, paler for weaker links: translucent antialiased lines cost the
                # raster engine ~10x more per frame (see the benchmark).
                a = (0.25 + 0.75 * (lv + 0.5) / LINK_LEVELS) * lay.link_opacity
                col = theme.blend(base, a)        # over the plot background
                # A plain path item per pen: painted by Qt in C++, without the per-paint
                # Python work (bounds, pixel sizes) of a PlotCurveItem.
                item = _LinkItem(_cosmetic(col, widths[lv]), lv >= ANTIALIAS_FROM_LEVEL)
                item.setZValue(0.01 * lv)
                self.diagram.addItem(item)
                self.link_curves[(kind, lv)] = item
        self._fit_diagram()
        if self.histograms is not None:
            self.histograms.dispose()
            self.histograms = None
        self.histograms = _Histograms(self, self.hist_layout, lay.n_hidden)
        self._hist_entry = None
        self.selection_item.hide()

    # -- drawing ---------------------------------------------------------------------------
    def _draw_strips(self, frame: UnitFrame) -> None:
        for layer, item in self.strip_items.items():
            item.setImage(frame.strips[layer], autoLevels=False, levels=(-1.0, 1.0))
            if item.property("rect_key") != frame.grid_n:
                item.setRect(QRectF(*frame.strip_rect(layer)))
                item.setProperty("rect_key", frame.grid_n)

    def _draw_links(self, frame: UnitFrame) -> None:
        for key, item in self.link_curves.items():
            x, y = frame.links.groups[key]
            if x.size or item.segments:
                item.set_segments(x, y)

    def _draw_status(self, frame: UnitFrame) -> None:
        self._status_key = frame.status_key
        lay = frame.layout
        s = lay.node_size
        fill, cross, ring, back = QPainterPath(), QPainterPath(), QPainterPath(), QPainterPath()
        labels: list[tuple[float, float, str]] = []
        back_labels: list[tuple[float, float, str]] = []
        for c in lay.columns:
            if c.kind == "input":
                self._set_header(c.layer, self.tr("<b>Input</b><br>{n} features").format(n=c.size))
                continue
            if c.kind == "output":
                self._set_header(c.layer, self.tr("<b>Output</b><br>{n} classes").format(n=c.size))
                continue
            h = c.layer - 1
            alive, dead, sat = frame.counts[h]
            head = self.tr("<b>Layer {l}</b><br>{act}").format(l=c.layer, act=frame.activations[h])
            bits = []
            if dead:
                bits.append(self.tr("<span style='color:{c}'>{d} dead</span>").format(c=_c().dead, d=dead))
            if sat:
                bits.append(self.tr("<span style='color:{c}'>{s} sat.</span>").format(c=_c().warning, s=sat))
            if c.collapsed:
                bits.insert(0, self.tr("{n} units").format(n=c.size))
            head += "<br>" + (" · ".join(bits) if bits else self.tr("{n} units").format(n=c.size))
            self._set_header(c.layer, head)
            if c.collapsed:
                parts = self.collapsed_items[c.layer]
                total = max(c.size, 1)
                y = c.bottom
                span = c.top - c.bottom
                for item, n in zip(parts, (alive, dead, sat)):
                    hgt = span * n / total
                    item.setRect(QRectF(c.x - s / 2, y, s, hgt))
                    y += hgt
                continue
            status = frame.status[h]
            died = frame.died_at[h]
            for i, y in enumerate(c.ys):
                st = int(status[i])
                y = float(y)
                if st == DEAD:
                    r = QRectF(c.x - s / 2, y - s / 2, s, s)
                    fill.addRect(r)
                    cross.moveTo(r.topLeft())
                    cross.lineTo(r.bottomRight())
                    cross.moveTo(r.bottomLeft())
                    cross.lineTo(r.topRight())
                    labels.append((c.x + s / 2 + 0.07, y, f"†{int(died[i])}"))
                elif st == SATURATED:
                    m = 0.08
                    ring.addRoundedRect(QRectF(c.x - s / 2 - m, y - s / 2 - m, s + 2 * m, s + 2 * m),
                                        0.15, 0.15)
            # Units that died and came back (their inputs changed as the layers below learned).
            for i, gone, came in frame.revived_units(c.layer):
                y = float(c.ys[i])
                m = 0.05
                back.addEllipse(QRectF(c.x - s / 2 - m, y - s / 2 - m, s + 2 * m, s + 2 * m))
                back_labels.append((c.x + s / 2 + 0.07, y, f"†{gone}↺{came}"))
        self.dead_fill.setPath(fill)
        self.dead_cross.setPath(cross)
        self.sat_ring.setPath(ring)
        self.revive_ring.setPath(back)
        self._place_labels(self.revive_labels, back_labels, _c().revived)
        while len(self.dead_labels) < len(labels):
            t = _Label(anchor=(0.0, 0.5), colour=_c().dead, point_size=7,
                       fill=QColor(*_c().legend_brush[:3], 190))
            t.setZValue(5)
            self.diagram.addItem(t)
            self.dead_labels.append(t)
        for t, (x, y, text) in zip(self.dead_labels, labels):
            if t.toPlainText() != text:
                t.set_text(text)
            t.setPos(x, y)
            t.show()
        for t in self.dead_labels[len(labels):]:
            t.hide()
        self._dead_label_count = len(labels)
        self._fit_diagram()
        if frame.diverged != self._diverged:
            self._diverged = frame.diverged
            self.legend.setText(self._legend_html(frame), size="8pt")

    def _fit_diagram(self, *_args) -> None:
        """Show the whole diagram with its labels: the column headings and †N marks keep
        their size in pixels, so the margins around the columns grow as the view shrinks
        (a narrow window clipped "Input" and "Output"); then thin out †N marks that would
        overlap."""
        lay = self._layout
        if lay is None or self.diagram.width() < 10 or self.diagram.height() < 10:
            return
        xmin, xmax, ymin, ymax = lay.bounds
        height = ymax - ymin
        x0, x1 = xmin - 0.4, xmax + 0.9
        y0, y1 = ymin - 0.4, ymax + max(1.6, 0.13 * height)
        for _ in range(3):          # the scale depends on the margins: settle in a few steps
            unit = max((x1 - x0) / self.diagram.width(), (y1 - y0) / self.diagram.height())
            left, right, top = x0, x1, y1
            for c in lay.columns:
                head = self.header_items.get(c.layer)
                if head is None:
                    continue
                r = head.boundingRect()
                half = 0.5 * r.width() * unit + 0.05
                left = min(left, c.x - half)
                right = max(right, c.x + half)
                top = max(top, ymax + 0.15 + r.height() * unit + 0.05)
            for t in [*self.dead_labels[:self._dead_label_count],
                      *(r for r in self.revive_labels if r.isVisible())]:
                right = max(right, t.pos().x() + t.boundingRect().width() * unit + 0.05)
            if (left, right, top) == (x0, x1, y1):
                break
            x0, x1, y1 = left, right, top
        self.diagram.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self._declutter_dead_labels()

    def _declutter_dead_labels(self) -> None:
        """Hide a †N mark that would overlap one already shown (above it, or of the column
        to its left); the unit's tooltip still says when it died."""
        shown = self.dead_labels[:self._dead_label_count]
        if not shown or self.diagram.height() < 10 or self.diagram.width() < 10:
            return
        (vx0, vx1), (vy0, vy1) = self.diagram.viewRange()
        sx = self.diagram.width() / max(vx1 - vx0, 1e-12)
        sy = self.diagram.height() / max(vy1 - vy0, 1e-12)
        kept: list[QRectF] = []
        for t in sorted(shown, key=lambda t: (t.pos().x(), -t.pos().y())):
            r = t.boundingRect()
            # in pixels: anchored at its left edge, vertically centred (see _Label)
            px, py = (t.pos().x() - vx0) * sx, (vy1 - t.pos().y()) * sy
            rect = QRectF(px, py - r.height() / 2, r.width(), r.height()).adjusted(0, 1, 0, -1)
            keep = not any(rect.intersects(k) for k in kept)
            t.setVisible(keep)
            if keep:
                kept.append(rect)

    def _place_labels(self, pool: list, labels: list[tuple[float, float, str]], colour: str) -> None:
        while len(pool) < len(labels):
            t = _Label(anchor=(0.0, 0.5), colour=colour, point_size=7,
                       fill=QColor(*_c().legend_brush[:3], 190))
            t.setZValue(5)
            self.diagram.addItem(t)
            pool.append(t)
        for t, (x, y, text) in zip(pool, labels):
            if t.toPlainText() != text:
                t.set_text(text)
            t.setPos(x, y)
            t.show()
        for t in pool[len(labels):]:
            t.hide()

    def _set_header(self, layer: int, html: str) -> None:
        if self.header_html.get(layer) != html:
            self.header_items[layer].set_text(html, html=True)
            self.header_html[layer] = html

    def _draw_detail(self, frame: UnitFrame) -> None:
        d = frame.detail
        sel = self.model.selected
        if sel is None or d is None:
            self.selection_item.hide()
            self.unit_detail.hide_map()
            return
        if d is self.unit_detail.shown:
            return
        self.unit_detail.show_map(frame, d)
        x, y, w, h = frame.layout.node_rect(d.layer, d.index)
        m = 0.06
        self.selection_item.setRect(QRectF(x - m, y - m, w + 2 * m, h + 2 * m))
        self.selection_item.show()

    def _draw_history(self, frame: UnitFrame) -> None:
        hist = self.model.history
        n = len(hist)
        sl = self.history_slider
        at_end = sl.value() >= sl.maximum()
        if sl.maximum() != n:
            sl.blockSignals(True)
            old = sl.value()
            sl.setRange(0, n)
            sl.setValue(n if at_end else min(old, n))
            sl.blockSignals(False)
        sl.setEnabled(n > 0)
        if sl.value() >= n:
            self._show_entry(frame.histograms, live=True)

    def _history_moved(self, value: int) -> None:
        if self._frame is None:
            return
        hist = self.model.history
        if value >= len(hist):
            self._show_entry(self._frame.histograms, live=True)
        else:
            self._show_entry(hist.at(value), live=False)

    def _show_entry(self, entry, live: bool) -> None:
        if self.histograms is None or entry is None:
            return
        if entry is not self._hist_entry:
            self.histograms.show(self, entry)
            self._hist_entry = entry
        if live:
            self.epoch_label.setText(self.tr("epoch {e} (now)").format(e=entry.epoch))
        else:
            self.epoch_label.setText(self.tr("epoch {e}").format(e=entry.epoch))

    def _legend_html(self, frame: UnitFrame | None) -> str:
        text = self.tr(
            "<span style='color:{b}'>━</span> positive weight &nbsp; "
            "<span style='color:{o}'>━</span> negative (thicker = larger |w|)<br>"
            "maps: each unit's output over the input plane (blue +, white 0, orange −)<br>"
            "<span style='color:{r}'>✕ †N</span> dead since epoch N &nbsp;·&nbsp; "
            "<span style='color:{a}'>┅</span> saturated &nbsp;·&nbsp; "
            "<span style='color:{g}'>◯ †N↺M</span> died at epoch N, back at M").format(
            b=BLUE, o=ORANGE, r=_c().dead, a=AMBER, g=_c().revived)
        if frame is not None and frame.diverged:
            text += "<br><span style='color:{r}'>{m}</span>".format(r=_c().dead, m=frame.diverged)
        return text

    # -- interaction -----------------------------------------------------------------------
    def _node_at_scene(self, scene_pos) -> tuple[int, int] | None:
        if self._frame is None or not self.diagram.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.diagram.mapSceneToView(scene_pos)
        return self._frame.layout.node_at(p.x(), p.y())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is self.graphics.viewport() and event.type() == QEvent.Type.ToolTip:
            node = self._node_at_scene(self.graphics.mapToScene(event.pos()))
            if node is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.hover_text(*node), self.graphics)
            return True
        return super().eventFilter(obj, event)

    def _clicked(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        node = self._node_at_scene(ev.scenePos())
        if node is not None and node[1] >= 0:
            self.select_unit(*node)

    def node_scene_pos(self, layer: int, index: int) -> QPointF:
        """Scene position of a node's centre (for tests and tours)."""
        x, y, w, h = self._frame.layout.node_rect(layer, index)
        return self.diagram.mapViewToScene(QPointF(x + w / 2, y + h / 2))
