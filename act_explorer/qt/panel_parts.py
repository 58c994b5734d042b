"""Pieces every tab beside Curves builds the same way: the scrolling column of controls and the
small widgets in it (a spin box set up in one call, a row of fields, a button, an inline error
label, a label with its buddy), the links to the shared curves state that a closing panel
undoes, and waiting until a panel has drawn what its settings ask for (screenshots)."""

from __future__ import annotations

import time
from typing import Callable, Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy,
    QSplitter, QVBoxLayout, QWidget,
)

from . import theme

__all__ = ["controls_column", "form_layout", "beside_controls", "plot_area", "Links", "wait_until",
           "ShortSpinBox", "setup_spin", "row_widget", "action_button", "inline_error_label",
           "buddy_label"]


def controls_column(margins: tuple[int, int, int, int] = (6, 4, 6, 4), spacing: int = 6,
                    min_width: int = 250) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless scroll area that scrolls only vertically, and the layout of its body."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(min_width)
    body = QWidget()
    scroll.setWidget(body)
    lay = QVBoxLayout(body)
    lay.setContentsMargins(*margins)
    lay.setSpacing(spacing)
    return scroll, lay


def form_layout(parent: QWidget | None = None, margins: tuple[int, int, int, int] = (0, 0, 0, 0),
                vertical_spacing: int = 5) -> QFormLayout:
    """The controls' label–field form: right-aligned labels, fields that take the width."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setContentsMargins(*margins)
    form.setHorizontalSpacing(8)
    form.setVerticalSpacing(vertical_spacing)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def beside_controls(panel: QWidget, controls: QWidget, view: QWidget,
                    sizes: tuple[int, int] = (290, 900)) -> QSplitter:
    """Fill ``panel`` with its column of controls and its view side by side: the view takes
    the room, and cannot be collapsed."""
    outer = QHBoxLayout(panel)
    outer.setContentsMargins(0, 0, 0, 0)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    outer.addWidget(splitter)
    splitter.addWidget(controls)
    splitter.addWidget(view)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 1)
    splitter.setCollapsible(1, False)
    splitter.setSizes(list(sizes))
    return splitter


def plot_area(graphics, name: str, margins: tuple[int, int, int, int] = (4, 4, 10, 4),
              spacing: int = 4):
    """Set up a pyqtgraph ``GraphicsLayoutWidget`` as a panel's plots (it takes the room, at
    least 360 px wide, named for assistive technology); returns its layout item."""
    graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    graphics.setMinimumWidth(360)
    graphics.setAccessibleName(name)
    ci = graphics.ci
    ci.setContentsMargins(*margins)
    ci.setSpacing(spacing)
    return ci


class Links:
    """(signal, slot) pairs connected together and undone together (quietly, whatever is
    already gone), e.g. a panel's links to the shared curves state."""

    def __init__(self, pairs: Iterable[tuple[object, Callable]]):
        self.pairs = tuple(pairs)
        for signal, slot in self.pairs:
            signal.connect(slot)

    def disconnect(self) -> None:
        for signal, slot in self.pairs:
            try:
                signal.disconnect(slot)
            except (TypeError, ValueError, RuntimeError):
                pass
        self.pairs = ()


def wait_until(ready: Callable[[], bool], timeout: float = 30.0, poll: float = 0.005) -> bool:
    """Process events until ``ready()`` (then a few more, so what it drew is painted); False
    if ``timeout`` seconds passed first."""
    app = QCoreApplication.instance()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if ready():
            for _ in range(3):
                app.processEvents()
            return True
        time.sleep(poll)
    return False


# ---- small widgets of a column of controls --------------------------------------------------------

class ShortSpinBox(QDoubleSpinBox):
    """A spin box that shows its value as the shortest text (0.1, 2, 1e-05), not 2.00000."""

    def textFromValue(self, value: float) -> str:  # noqa: N802 (Qt API)
        return f"{value:.6g}"


def setup_spin(spin, lo, hi, name: str, *, step=None, decimals=None, tip=None):
    """``spin`` set to [lo, hi], named for assistive technology, with an optional step,
    number of decimals and tool tip; it reports a value when the edit is finished."""
    spin.setRange(lo, hi)
    if decimals is not None:
        spin.setDecimals(decimals)
    if step is not None:
        spin.setSingleStep(step)
    spin.setKeyboardTracking(False)
    spin.setAccessibleName(name)
    if tip is not None:
        spin.setToolTip(tip)
    return spin


def row_widget(*widgets, stretch_first: bool = True) -> QWidget:
    """The widgets side by side in one form field (the first takes the room)."""
    w = QWidget()
    h = QHBoxLayout(w)
    h.setContentsMargins(0, 0, 0, 0)
    h.setSpacing(6)
    for i, x in enumerate(widgets):
        h.addWidget(x, 1 if (i == 0 and stretch_first) else 0)
    return w


def action_button(text: str, name: str, tip: str, slot) -> QPushButton:
    """A push button with an accessible name and a tool tip, calling ``slot`` when clicked."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def inline_error_label(name: str, text_format: Qt.TextFormat) -> QLabel:
    """A hidden inline message in the theme's error colour."""
    label = QLabel()
    label.setObjectName("inlineError")
    theme.style_error_label(label)
    label.setWordWrap(True)
    label.setTextFormat(text_format)
    label.setAccessibleName(name)
    label.hide()
    return label


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic and accessibility point at ``buddy``."""
    lab = QLabel(text)
    lab.setBuddy(buddy)
    return lab
