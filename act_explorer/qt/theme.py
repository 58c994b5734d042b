"""Light and dark themes, for widgets and plots alike.

The default follows the system's colour scheme (``QStyleHints.colorScheme()``); View → Theme
can force light or dark (applied at the next start, like the language).  Plots read their
colours from :func:`colours` when they are built, so nothing in a panel hard-codes black on
white.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

SETTINGS_KEY = "ui/theme"
THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Colours:
    name: str
    background: str
    foreground: str
    grid_alpha: float
    legend_brush: tuple[int, int, int, int]
    muted: str


LIGHT = Colours("light", "#ffffff", "#000000", 0.15, (255, 255, 255, 210), "#999999")
DARK = Colours("dark", "#1e1f22", "#e6e6e6", 0.22, (30, 31, 34, 210), "#777777")

_active = LIGHT


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


def line_colour(hex_colour: str) -> str:
    """A function's colour as drawn on the current background (black turns light on dark)."""
    if is_dark() and hex_colour.lower() in ("#000000", "#332288", "#666666"):
        return {"#000000": "#f0f0f0", "#332288": "#8877dd", "#666666": "#bbbbbb"}[hex_colour.lower()]
    return hex_colour


def apply(app, choice: str | None) -> str:
    """Set the widget palette and the plot colours; returns 'light' or 'dark'."""
    global _active
    import pyqtgraph as pg

    name = resolve(choice)
    _active = DARK if name == "dark" else LIGHT
    if name == "dark":
        app.setStyle("Fusion")
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
