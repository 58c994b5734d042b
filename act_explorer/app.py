"""Builds the QApplication and the main window."""

from __future__ import annotations

import os

from .qt.application import create_application, ensure_platform  # noqa: F401  (public here too)


def build_window(persist: bool = True):
    from .qt.main_window import MainWindow

    return MainWindow(persist=persist)


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
