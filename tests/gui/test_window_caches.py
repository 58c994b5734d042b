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
