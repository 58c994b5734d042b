"""Keeping every panel usable from a 1024×700 window up: control columns that scroll
vertically but never clip sideways, combo boxes that do not ask for their longest entry."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QComboBox, QScrollArea, QStyle, QWidget

COMBO_MIN_CHARS = 6


def compact_combos(root: QWidget, chars: int = COMBO_MIN_CHARS) -> None:
    """Let ``root``'s combo boxes shrink to about ``chars`` characters (their popups still
    show whole entries), instead of holding the column as wide as their longest entry."""
    for combo in root.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)


class _ColumnWidth(QObject):
    """Keeps a scroll area's minimum width at its contents' minimum width plus the
    vertical scroll bar, whenever the contents re-lay out (text changes, language)."""

    def __init__(self, scroll: QScrollArea):
        super().__init__(scroll)
        self.scroll = scroll
        scroll.widget().installEventFilter(self)
        self.update()

    def update(self) -> None:
        body = self.scroll.widget()
        bar = self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = body.minimumSizeHint().width() + bar + 2 * self.scroll.frameWidth()
        if self.scroll.minimumWidth() != width:
            self.scroll.setMinimumWidth(width)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LayoutRequest:
            self.update()
        return False


def fit_scroll_column(scroll: QScrollArea) -> None:
    """A control column: ``scroll`` is never narrower than what its contents need, so
    nothing is clipped on the right; it scrolls vertically when the window is short."""
    compact_combos(scroll.widget())
    scroll._column_width = _ColumnWidth(scroll)
