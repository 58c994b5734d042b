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


def create_application(argv: list[str] | None = None, headless: bool = False,
                       lang: str | None = None, theme: str | None = None):
    """The QApplication, with the language and theme chosen (explicitly, in the settings,
    or by the system, in that order) before any widget exists."""
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
    from .qt import i18n, plotting  # noqa: F401  (pyqtgraph configuration)
    from .qt import theme as themes
    from .qt.settings import make_settings

    settings = make_settings()
    i18n.install(app, i18n.chosen_language(settings, lang))
    themes.apply(app, theme or settings.value(themes.SETTINGS_KEY))
    return app


def build_window(persist: bool = True):
    from .qt.main_window import MainWindow

    return MainWindow(persist=persist)


def _set_window_icon(app) -> None:
    """The application icon in every shipped size (a missing file is not fatal)."""
    from PySide6.QtGui import QIcon

    from .resources import app_icon_files

    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    if not icon.isNull():
        app.setWindowIcon(icon)


def _quit_after_first_paint(app, window) -> None:
    """Start-up benchmark hook (``ACT_EXPLORER_QUIT_AFTER_PAINT=1``): once the window's first
    paint pass is done, print ``first-paint <unix time>`` and quit."""
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(f"first-paint {time.time():.6f}", flush=True)
        app.quit()

    window.installEventFilter(_FirstPaint(window))


def gui_options(argv: list[str]) -> dict | None:
    """``--lang X`` / ``--theme X`` (the only options the window takes), or None if argv
    holds anything else."""
    opts: dict[str, str] = {}
    rest = list(argv)
    while rest:
        flag = rest.pop(0)
        if flag in ("--lang", "--theme") and rest:
            opts[flag[2:]] = rest.pop(0)
        elif flag.startswith(("--lang=", "--theme=")):
            key, _, value = flag[2:].partition("=")
            opts[key] = value
        else:
            return None
    return opts


def run_gui(argv: list[str] | None = None) -> int:
    opts = gui_options(list(argv or [])) or {}
    app = create_application(lang=opts.get("lang"), theme=opts.get("theme"))
    window = build_window()
    if os.environ.get("ACT_EXPLORER_QUIT_AFTER_PAINT"):
        _quit_after_first_paint(app, window)
    window.show()
    status = app.exec()
    # Tear the window down while Qt is still whole: leaving a shown window to the
    # interpreter's exit can crash in Qt's destructors.
    window.close()
    window.deleteLater()
    app.processEvents()
    del window
    return status
