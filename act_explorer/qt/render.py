"""Headless rendering with the window's own widgets: the CLI's PNG/SVG curves and screenshots."""

from __future__ import annotations

import time
from pathlib import Path

from ..model.catalogue import ParamError
from ..model.curves import CurvesState
from ..model.fileio import atomic_path


def parse_size(text: str | None, default: tuple[int, int]) -> tuple[int, int]:
    if not text:
        return default
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ParamError(f"size must look like WIDTHxHEIGHT, e.g. 1280x800 (got {text!r})") from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise ParamError(f"size {w}x{h} is outside 200x150 .. 8000x8000")
    return w, h


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def render_curves(specs, path: Path, x_range, points: int, size: str | None = None) -> Path:
    """Draw ``specs`` — ``(id, params)`` pairs of catalogue functions, the last one current —
    with the window's own :class:`CurvePlots`, and save PNG or SVG."""
    from .application import create_application
    from . import plotting
    from .curve_plots import CurvePlots

    app = create_application(headless=True)
    specs = list(specs)
    state = CurvesState(current=specs[-1][0])
    state.set_overlays([fid for fid, _ in specs[:-1]])
    for fid, params in specs:
        for name, value in params.items():
            state.set_param(name, value, fid=fid)
    state.set_x_range(*x_range)
    state.set_points(points)
    w, h = parse_size(size, (1600, 1000))
    widget = CurvePlots(state, interactive=False)
    widget.resize(max(w // 2, 400), max(h // 2, 300))
    widget.show()
    _settle(app)
    item = widget.export_item
    try:
        if path.suffix.lower() == ".svg":
            plotting.export_svg(item, path)
        else:
            plotting.export_png(item, path, w)
    finally:
        widget.close()
        widget.deleteLater()
        _settle(app, 2)
    return path


def screenshot(path: Path, tab: str = "curves", functions=(), size: str | None = None,
               lang: str | None = None, expressions=(), theme: str | None = None,
               preset: str | None = None, epochs: int | None = None, network: bool = False) -> Path:
    """Render the main window offscreen at ``size`` and save it as PNG."""
    from .application import create_application
    from ..model import catalogue
    from .main_window import MainWindow

    app = create_application(headless=True, lang=lang or "en", theme=theme or "light")
    w, h = parse_size(size, (1280, 800))
    ids = [catalogue.get(f).id for f in functions]
    window = MainWindow(persist=False)
    if ids:
        window.state.set_overlays(ids[:-1])
        window.state.select(ids[-1])
    for text in expressions:
        if ids:
            window.state.set_overlay(window.state.current, True)
        window.state.add_typed_function(text)
    window.set_tab(tab)
    window.resize(w, h)
    window.show()
    _settle(app, 10)
    panel = window.active_panel()
    if preset is not None:
        # train the lesson to its end (or to ``epochs``) before taking the picture
        panel.apply_preset(preset, start=False)
        panel.state.update(speed=0, **({"epochs": epochs} if epochs is not None else {}))
        if panel.state.epochs > 0:
            panel.start()
            deadline = time.monotonic() + 300
            while panel.is_running() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
    if network and hasattr(panel, "show_network"):
        panel.show_network()
    getattr(panel, "wait_until_ready", lambda timeout: True)(timeout=60.0)
    window.curves_panel.plots.settle()   # full antialiased curves, not a drag frame
    if getattr(panel, "drag_quality", None) is not None:
        panel.drag_quality.settle()
    _settle(app, 5)
    pix = window.grab()
    with atomic_path(path) as tmp:
        if not pix.save(str(tmp), "PNG"):
            raise OSError("the screenshot could not be encoded")
    window.close()
    _settle(app, 2)
    return path
