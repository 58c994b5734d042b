"""Light and dark themes, for widgets and plots alike.

The default follows the system's colour scheme (``QStyleHints.colorScheme()``); View → Theme
forces light or dark, at once (:mod:`.live` restyles the open window).  Panels read their
colours from :func:`colours`, so nothing in a panel hard-codes black on white.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QPixmapCache
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

SETTINGS_KEY = "ui/theme"
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Colours:
    """Every colour a panel draws with that is not a function's own (those come from
    :func:`line_colour`).  Text roles meet WCAG AA (4.5:1) on the plot background and on
    the window (tests/gui/test_theme.py)."""

    name: str
    background: str          # plots
    foreground: str          # plot text, axes, titles
    grid_alpha: float
    legend_brush: tuple[int, int, int, int]
    muted: str               # reference lines (x = 0, y = 0, crosshair)
    key: str = "#222222"     # line samples in legends (simulation/theory, train/test)
    legend_pen: str = "#c8c8c8"
    reference: str = "#b0b0b0"      # grey reference lines behind the curves
    note_text: str = "#5c5c5c"      # small grey labels on plots ("chance", ∂L/∂z = 0: 88%)
    error: str = "#b00020"          # error and warning text
    warning: str = "#8a5d00"        # saturated units
    dead: str = "#b00020"           # dead units (marks and text)
    revived: str = "#157236"        # units that died and came back (ring and †N↺M marks)
    selection: str = "#000000"      # the selected unit's frame
    regime: tuple[tuple[str, str], ...] = (
        ("vanishing", "#0068a8"), ("critical", "#00785a"), ("exploding", "#b34700"))
    cell_dark_text: str = "#000000"     # numbers on light cells (Jacobian)
    cell_light_text: str = "#ffffff"    # numbers on dark cells

    def regime_colour(self, regime: str) -> str:
        return dict(self.regime).get(regime, self.foreground)

    def text_on(self, cell: str) -> str:
        """Black or white, whichever reads better on the colour ``cell``."""
        from ..model.colours import contrast_ratio

        dark, light = self.cell_dark_text, self.cell_light_text
        return dark if contrast_ratio(dark, cell) >= contrast_ratio(light, cell) else light


LIGHT = Colours("light", "#ffffff", "#000000", 0.15, (255, 255, 255, 215), "#999999")
DARK = Colours(
    "dark", "#1e1f22", "#e6e6e6", 0.16, (43, 45, 48, 225), "#7a7a7a",
    key="#e0e0e0", legend_pen="#5a5a5a", reference="#5c5c5c", note_text="#a8a8a8",
    error="#ff8a80", warning="#e6b450", dead="#ff7b72", revived="#5fd38d", selection="#ffffff",
    regime=(("vanishing", "#56b4e9"), ("critical", "#3cc79a"), ("exploding", "#ff8c42")),
)

_active = LIGHT
LIGHT_HIGHLIGHT = "#2a6db0"


def colours() -> Colours:
    return _active


def is_dark() -> bool:
    return _active is DARK


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    try:
        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def resolve(choice: str | None) -> str:
    choice = (choice or "system").lower()
    if choice == "system":
        return "dark" if system_is_dark() else "light"
    return "dark" if choice == "dark" else "light"


# Palette colours too dark on the dark plot background, and what they become there.
_ON_DARK = {"#000000": "#f0f0f0", "#332288": "#8877dd", "#666666": "#bbbbbb",
            "#882255": "#d46a9a", "#117733": "#44bb66", "#8c6d31": "#c8a25a", "#0072b2": "#3a9ad9"}


def line_colour(hex_colour: str) -> str:
    """A function's colour as drawn on the current background (black turns light on dark)."""
    if is_dark():
        return _ON_DARK.get(hex_colour.lower(), hex_colour)
    return hex_colour


def blend(colour: QColor, alpha: float | None = None) -> QColor:
    """``colour`` (or its own alpha) drawn over the plot background, as an opaque colour."""
    a = colour.alphaF() if alpha is None else alpha
    bg = QColor(_active.background)
    return QColor.fromRgbF(a * colour.redF() + (1 - a) * bg.redF(),
                           a * colour.greenF() + (1 - a) * bg.greenF(),
                           a * colour.blueF() + (1 - a) * bg.blueF())


ERROR_LABEL = "inlineError"     # object name of the labels that show inline errors


def style_error_label(label) -> None:
    """Show ``label``'s text in the theme's error colour (kept when the theme changes)."""
    label.setObjectName(ERROR_LABEL)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(_active.error))
    label.setPalette(pal)


def restyle_error_labels(root) -> None:
    """Error labels under ``root`` (a window) in the current theme's error colour."""
    from PySide6.QtWidgets import QLabel

    for label in root.findChildren(QLabel, ERROR_LABEL):
        style_error_label(label)


class _VisibleIndicators(QProxyStyle):
    """Fusion with a visible frame round check boxes on dark backgrounds (Fusion outlines
    them in a darker shade of the window colour: invisible on dark grey)."""

    _KINDS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
              QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)

    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 (Qt naming)
        super().drawPrimitive(element, option, painter, widget)
        if element in self._KINDS:
            painter.save()
            painter.setPen(QColor(_active.muted).lighter(130))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            r = option.rect
            side = min(r.width(), r.height()) - 1
            painter.drawRoundedRect(r.x() + (r.width() - side) // 2, r.y() + (r.height() - side) // 2,
                                    side, side, 2, 2)
            painter.restore()


_light_style: str | None = None


def forget_painted_controls(app) -> None:
    """Drop what the style cached while painting controls, once a window has closed.

    Qt's styles paint a spin box, combo box or button frame once into a pixmap, named after
    the control's state, size and palette, and keep the picture in the global pixmap cache and
    the name in a list of their own (Qt 6.10).  With an application palette (every theme here
    sets one) each widget resolves its own copy of it, so every control of a closed window
    leaves entries no other control will ever ask for (~0.9 kB of names per control,
    scattered through the heap, where they kept whole pages in use).  The
    list is emptied only when the style polishes a palette; polishing a scratch palette
    empties it, and removes those pictures, without changing any widget.  Icons scaled for
    the closed window's widgets stay in the pixmap cache as well, so that is cleared too:
    open windows repaint their controls from scratch once.
    """
    style = app.style() if app is not None else None
    if style is not None:
        style.polish(QPalette())
    QPixmapCache.clear()


def apply(app, choice: str | None) -> str:
    """Set the widget palette and the plot colours; returns 'light' or 'dark'."""
    global _active
    import pyqtgraph as pg

    global _light_style
    name = resolve(choice)
    _active = DARK if name == "dark" else LIGHT
    if _light_style is None:
        _light_style = app.style().name()
    if name == "light":
        style = QStyleFactory.create(_light_style) or QStyleFactory.create("Fusion")
        app.setStyle(style)
        pal = style.standardPalette()
        # white on the standard highlight blue is 3.7:1; this blue gives AA (4.5:1)
        pal.setColor(QPalette.ColorRole.Highlight, QColor(LIGHT_HIGHLIGHT))
        pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        app.setPalette(pal)
    if name == "dark":
        app.setStyle(_VisibleIndicators(QStyleFactory.create("Fusion")))
        pal = QPalette()
        base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#e6e6e6")
        pal.setColor(QPalette.ColorRole.Window, window)
        pal.setColor(QPalette.ColorRole.WindowText, text)
        pal.setColor(QPalette.ColorRole.Base, base)
        pal.setColor(QPalette.ColorRole.AlternateBase, window)
        pal.setColor(QPalette.ColorRole.Text, text)
        pal.setColor(QPalette.ColorRole.Button, window)
        pal.setColor(QPalette.ColorRole.ButtonText, text)
        pal.setColor(QPalette.ColorRole.ToolTipBase, window)
        pal.setColor(QPalette.ColorRole.ToolTipText, text)
        pal.setColor(QPalette.ColorRole.Highlight, QColor("#2f65ca"))
        pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8a8a"))
        # Fusion draws frames and check boxes with these; keep them visible on dark grey.
        pal.setColor(QPalette.ColorRole.Light, QColor("#6a6a6a"))
        pal.setColor(QPalette.ColorRole.Midlight, QColor("#555555"))
        pal.setColor(QPalette.ColorRole.Mid, QColor("#8a8a8a"))
        pal.setColor(QPalette.ColorRole.Dark, QColor("#9a9a9a"))
        pal.setColor(QPalette.ColorRole.Shadow, QColor("#111111"))
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#7a7a7a"))
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7a7a7a"))
        pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7a7a7a"))
        app.setPalette(pal)
    pg.setConfigOptions(background=_active.background, foreground=_active.foreground)
    return name
