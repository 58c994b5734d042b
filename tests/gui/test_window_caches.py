"""What a closed window leaves behind in Qt's global caches (memory when windows come and go)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPixmap, QPixmapCache

from act_explorer.model.curves import CurvesState
from act_explorer.qt.function_list import FunctionList


def test_function_lists_share_one_swatch_icon_per_colour(qtbot):
    a, b = FunctionList(CurvesState()), FunctionList(CurvesState())
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    ia, ib = a.item("relu").icon(0), b.item("relu").icon(0)
    assert not ia.isNull()
    # The same icon (same cache key): Qt's pixmap cache holds one painted copy, not one per list.
    assert ia.cacheKey() == ib.cacheKey()
    assert a.item("tanh").icon(0).cacheKey() != ia.cacheKey()


def test_closing_a_window_empties_the_pixmap_cache(window):
    pix = QPixmap(8, 8)
    pix.fill(QColor("red"))
    assert QPixmapCache.insert("act-explorer-test", pix)
    assert QPixmapCache.find("act-explorer-test") is not None
    window.close()
    assert QPixmapCache.find("act-explorer-test") is None


def _heap_in_use() -> int | None:
    """Bytes glibc's malloc has handed out and not had back (``mallinfo2().uordblks``), or
    None off glibc."""
    import ctypes

    from act_explorer.qt import allocator

    libc = allocator.glibc()
    if libc is None or not hasattr(libc, "mallinfo2"):
        return None

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost")]

    libc.mallinfo2.restype = MallInfo2
    return libc.mallinfo2().uordblks


def _growth_over_closed_windows(after_close, rounds: int = 12) -> int:
    """Heap growth (bytes) over ``rounds`` windows of 40 painted spin boxes, each with its own
    palette (as every control has once the application has a palette), closed, then
    ``after_close()``, then deleted."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QSpinBox, QVBoxLayout, QWidget

    def one(k: int) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        for j in range(40):
            box = QSpinBox()
            pal = box.palette()
            pal.setColor(QPalette.ColorRole.Window, QColor(k % 256, j, 7))
            box.setPalette(pal)
            lay.addWidget(box)
        w.resize(160, 1200)
        w.grab()                                  # paints every spin box
        w.close()
        after_close()
        w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    for k in range(3):                            # warm-up: first-use allocations
        one(k)
    gc.collect()
    before = _heap_in_use()
    for k in range(3, 3 + rounds):
        one(k)
    gc.collect()
    return _heap_in_use() - before


def test_a_closed_windows_controls_leave_nothing_in_the_style(qtbot):
    # Qt's styles keep the name of every control picture they cached (state, size, palette)
    # until a palette is polished; emptying the pixmap cache alone left ~0.9 kB per control
    # of every closed window (Qt 6.10).
    from PySide6.QtWidgets import QApplication

    from act_explorer.qt import theme

    if _heap_in_use() is None:
        import pytest

        pytest.skip("glibc (2.33 or later) only")
    cache_only = _growth_over_closed_windows(QPixmapCache.clear)
    forgotten = _growth_over_closed_windows(
        lambda: theme.forget_painted_controls(QApplication.instance()))
    assert forgotten < max(50_000, cache_only // 4), (cache_only, forgotten)


def test_forgetting_painted_controls_changes_no_palette(window):
    from PySide6.QtWidgets import QApplication

    from act_explorer.qt import theme

    app = QApplication.instance()
    before = app.palette()
    colour = window.palette().color(before.ColorRole.Window)
    theme.forget_painted_controls(app)
    assert app.palette() == before
    assert window.palette().color(before.ColorRole.Window) == colour
