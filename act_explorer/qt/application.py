"""The QApplication: platform, message filter, icon, language and theme, before any widget."""

from __future__ import annotations

import os
import sys

# NumPy and the model before Qt: once PySide6 is imported it reads the source of every
# module imported after it (to see whether it uses PySide's __feature__ switches).  Read
# that way, NumPy's 130-odd modules cost ~45 ms of CPU at start-up and the model behind the
# first tab (psygnal, the catalogue, the properties analysis) ~10 ms more.  ``act-explorer``
# has NumPy loaded by then already (its command line imports the model); this keeps both so
# for any entry.
import numpy  # noqa: F401,E402

from ..model import curves as _curves  # noqa: F401,E402

from .. import __version__

__all__ = ["create_application", "ensure_platform"]


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


def create_application(argv: list[str] | None = None, headless: bool = False,
                       lang: str | None = None, theme: str | None = None):
    """The QApplication, with the language and theme chosen (explicitly, in the settings,
    or by the system, in that order) before any widget exists.  First of all, glibc's
    allocator is told to give large freed blocks back (:mod:`.allocator`)."""
    from .allocator import tune

    tune()
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
    _set_window_icon(app)
    from . import i18n, plotting  # noqa: F401  (pyqtgraph configuration)
    from . import theme as themes
    from .settings import make_settings

    settings = make_settings()
    i18n.install(app, i18n.chosen_language(settings, lang))
    themes.apply(app, theme or settings.value(themes.SETTINGS_KEY))
    return app


def _set_window_icon(app) -> None:
    """The application icon in every shipped size (a missing file is not fatal)."""
    from PySide6.QtGui import QIcon

    from ..resources import app_icon_files

    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    if not icon.isNull():
        app.setWindowIcon(icon)
