"""Builds the QApplication and the main window."""

from __future__ import annotations

import os
import sys

from . import __version__


def ensure_platform(headless: bool = False) -> None:
    """Use the offscreen platform when asked to, or when there is no display at all."""
    if headless or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# Messages Qt prints that mean nothing to a user of this app (the offscreen platform's).
_QUIET = ("This plugin does not support propagateSizeHints()",
          "This plugin does not support raise()",
          "This plugin does not support grabbing the keyboard")


def _message_handler(mode, context, message):  # noqa: ARG001 (Qt's signature)
    if any(message.startswith(q) for q in _QUIET):
        return
    sys.stderr.write(message + "\n")


def create_application(argv: list[str] | None = None, headless: bool = False):
    ensure_platform(headless)
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_message_handler)

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "act-explorer", *(argv or [])])
    app.setApplicationName("Activation Explorer")
    app.setOrganizationName("act-explorer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("act-explorer")
    from .qt import plotting  # noqa: F401  (pyqtgraph configuration)

    return app


def build_window(persist: bool = True):
    from .qt.main_window import MainWindow

    return MainWindow(persist=persist)


def run_gui(argv: list[str] | None = None) -> int:
    app = create_application(argv)
    window = build_window()
    window.show()
    return app.exec()
