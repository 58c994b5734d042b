"""Themes and languages: WCAG contrast of both palettes, a finished dark theme, live
switching that keeps all state, the View menu, and exports (hover line, text scale,
resolutions, one export path)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from act_explorer.model.colours import contrast_ratio
from act_explorer.qt import i18n, theme

AA_TEXT = 4.5
GRAPHICS = 3.0


@pytest.fixture
def restore_ui():
    """Tests here switch the process-wide language and theme: put them back."""
    yield
    app = QApplication.instance()
    i18n.install(app, "en")
    theme.apply(app, "light")


def _hex(c: QColor) -> str:
    return c.name()


def _palette_pairs(pal: QPalette):
    R = QPalette.ColorRole
    return [(R.WindowText, R.Window), (R.Text, R.Base), (R.ButtonText, R.Button),
            (R.HighlightedText, R.Highlight), (R.ToolTipText, R.ToolTipBase),
            (R.Text, R.AlternateBase)]


@pytest.mark.parametrize("name", ["light", "dark"])
def test_both_themes_meet_wcag_aa_for_text(qtbot, restore_ui, name):
    from act_explorer.app import create_application

    app = create_application(headless=True)
    assert theme.apply(app, name) == name
    c = theme.colours()
    pal = app.palette()
    window_bg = _hex(pal.color(QPalette.ColorRole.Window))
    base_bg = _hex(pal.color(QPalette.ColorRole.Base))
    for fg_role, bg_role in _palette_pairs(pal):
        ratio = contrast_ratio(_hex(pal.color(fg_role)), _hex(pal.color(bg_role)))
        assert ratio >= AA_TEXT, (name, fg_role, bg_role, ratio)
    if name == "dark":   # placeholder text is read too
        assert contrast_ratio(_hex(pal.color(QPalette.ColorRole.PlaceholderText)), base_bg) >= AA_TEXT
    legend_bg = theme_blend(c.legend_brush, c.background)
    text_roles = {"foreground": c.foreground, "error": c.error, "warning": c.warning,
                  "dead": c.dead, "revived": c.revived, "note": c.note_text,
                  **{f"regime {k}": v for k, v in c.regime}}
    for role, fg in text_roles.items():
        for bg_name, bg in (("plot", c.background), ("window", window_bg), ("base", base_bg),
                            ("legend", legend_bg)):
            assert contrast_ratio(fg, bg) >= AA_TEXT, (name, role, bg_name, contrast_ratio(fg, bg))
    # legend line samples and the selection frame are graphics: 3:1
    for fg in (c.key, c.selection):
        assert contrast_ratio(fg, c.background) >= GRAPHICS
        assert contrast_ratio(fg, legend_bg) >= GRAPHICS
    # numbers on the Jacobian: whichever of black and white reads better, on every cell colour
    lut = pg.colormap.get("CET-D1").getLookupTable(nPts=256)
    worst = min(contrast_ratio(c.text_on("#%02x%02x%02x" % tuple(int(v) for v in cell[:3])),
                               "#%02x%02x%02x" % tuple(int(v) for v in cell[:3])) for cell in lut)
    assert worst >= AA_TEXT


def theme_blend(rgba, background):
    from act_explorer.model.colours import blend

    r, g, b, a = rgba
    return blend("#%02x%02x%02x" % (r, g, b), background, a / 255)


def test_function_colours_as_drawn_stay_visible_on_both_themes(restore_ui):
    from act_explorer.app import create_application
    from act_explorer.model.colours import PALETTE

    app = create_application(headless=True)
    for name in ("light", "dark"):
        theme.apply(app, name)
        bg = theme.colours().background
        worst = min(contrast_ratio(theme.line_colour(c), bg) for c in PALETTE)
        # lines 2-3 px wide; Okabe-Ito's orange and sky blue on white are the lowest (2.2)
        assert worst >= 2.2, (name, worst)
        if name == "dark":
            assert min(contrast_ratio(theme.line_colour(c), bg) for c in PALETTE) >= GRAPHICS


def _rgb(qcolor) -> str:
    return QColor(qcolor).name()


def test_dark_theme_is_finished_in_every_panel(window, qtbot, restore_ui):
    window.set_theme("dark")
    c = theme.colours()
    dark_bg = c.background
    for key in ("depth", "training", "softmax"):
        window.set_tab(key)
    qtbot.wait(50)
    depth = window.panels["depth"]
    training = window.panels["training"]
    # legends: dark boxes, light text, light line samples
    for legend in (depth.legend, training.loss_legend, training.dead_legend,
                   window.curves_panel.plots.legend):
        assert QColor(legend.opts["brush"].color()).lightness() < 80
        for _sample, label in legend.items:
            assert contrast_ratio(_rgb(label.opts["color"]), dark_bg) >= AA_TEXT
    for key_item in (depth._key_sim, depth._key_theory, training._key_train, training._key_test):
        assert contrast_ratio(_rgb(key_item.opts["pen"].color()), dark_bg) >= GRAPHICS
    # grid lines: blended over the dark background, not near white
    grid_colour = theme.blend(QColor(c.foreground), c.grid_alpha)
    assert grid_colour.lightness() < 110
    # the swatch of a function whose colour is black is light on dark
    from act_explorer.model.curves import colour_for

    black = next(a for a in window.function_list._items if colour_for(a) == "#000000")
    item = window.function_list.item(black)
    swatch = item.icon(0).pixmap(12, 12).toImage().pixelColor(6, 6)
    assert contrast_ratio(swatch.name(), c.base if hasattr(c, "base") else dark_bg) >= GRAPHICS
    # Jacobian numbers readable on their cells, no grid through them
    page = window.panels["softmax"].softmax_page
    assert not page.jac_plot.getAxis("left").grid
    for lab in page.jac_labels:
        assert _rgb(lab.color) in ("#000000", "#ffffff")
    # inline errors in the theme's error colour
    window.function_list.expr_edit.setText("x +* 2")
    err = window.function_list.expr_error
    assert _rgb(err.palette().color(QPalette.ColorRole.WindowText)) == c.error.lower()
    assert contrast_ratio(c.error, _rgb(window.palette().color(QPalette.ColorRole.Window))) >= AA_TEXT


def _texts(window):
    depth = window.panels["depth"]
    return {
        "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
        "menu": [a.text() for a in window.menuBar().actions()],
        "curves_title": window.curves_panel.plots.f_plot.titleLabel.text,
        "depth_title": depth.grad_plot.titleLabel.text,
        "frac_title": depth.frac_plot.titleLabel.text,
        "axis": depth.grad_plot.getAxis("bottom").labelText,
        "epochs": [lab.text() for lab in window.panels["training"].findChildren(QLabel)
                   if lab.buddy() is window.panels["training"].epochs_spin],
        "dock": window.dock.windowTitle(),
        "placeholder": window.function_list.search.placeholderText(),
        "legend": [label.text for _s, label in depth.legend.items],
    }


def test_language_switches_live_and_keeps_all_state(window, qtbot, restore_ui):
    for key in ("training", "softmax", "learn", "curves", "depth"):
        window.set_tab(key)
    depth = window.panels["depth"]
    depth.state.update(depth=12)
    window.state.set_overlays(["tanh"])
    window.panels["softmax"].softmax_state.set_logits([3.0, 1.0, -1.0])
    training = window.panels["training"]
    training.apply_preset("dying_relu", start=False)
    training.state.update(speed=0, epochs=5)
    training.start()
    qtbot.waitUntil(lambda: not training.is_running(), timeout=60_000)
    assert depth.wait_until_ready(60.0)
    epoch = training._runs[0].snapshot.epoch
    english = _texts(window)
    assert english["tabs"][0] == "Curves" and english["menu"][0] == "&File"

    assert window.set_language("zh_CN") == "zh_CN"
    qtbot.wait(50)
    chinese = _texts(window)
    translate = QCoreApplication.translate
    assert chinese["tabs"][0] == translate("MainWindow", "Curves") != "Curves"
    assert chinese["tabs"][1] == translate("MainWindow", "Depth")
    assert chinese["menu"][0] == translate("MainWindow", "&File") != "&File"
    for key in ("curves_title", "depth_title", "frac_title", "axis", "dock", "placeholder",
                "epochs", "legend"):
        assert chinese[key] != english[key], key
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese["depth_title"])
    # all state kept
    assert depth.state.depth == 12
    assert window.state.overlays == ("tanh",) and window.state.current == "relu"
    assert list(window.panels["softmax"].softmax_state.logits) == [3.0, 1.0, -1.0]
    assert training._runs[0].snapshot.epoch == epoch

    window.set_language("en")
    qtbot.wait(50)
    assert _texts(window) == english


def test_theme_switches_live_and_keeps_all_state(window, qtbot, restore_ui):
    for key in ("depth", "training", "curves"):
        window.set_tab(key)
    from act_explorer.model.curves import colour_for

    black = next(a for a in window.function_list._items if colour_for(a) == "#000000")
    window.state.set_overlays([black])
    depth = window.panels["depth"]
    depth.state.update(depth=9)
    plots = window.curves_panel.plots
    light_bg = plots.graphics.backgroundBrush().color().name()
    light_axis = plots.f_plot.getAxis("left").pen().color().name()
    elu_light = plots._items[black][0].opts["pen"].color().name()
    assert light_bg == "#ffffff" and elu_light == "#000000"

    assert window.set_theme("dark") == "dark"
    qtbot.wait(50)
    c = theme.colours()
    assert plots.graphics.backgroundBrush().color().name() == c.background
    assert plots.f_plot.getAxis("left").pen().color().name() == c.foreground
    assert plots._items[black][0].opts["pen"].color().name() == theme.line_colour("#000000")
    assert depth.graphics.backgroundBrush().color().name() == c.background
    assert window.panels["training"].graphics.backgroundBrush().color().name() == c.background
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert depth.state.depth == 9 and window.state.overlays == (black,)

    window.set_theme("light")
    qtbot.wait(50)
    assert plots.graphics.backgroundBrush().color().name() == light_bg
    assert plots.f_plot.getAxis("left").pen().color().name() == light_axis
    assert plots._items[black][0].opts["pen"].color().name() == elu_light


def test_view_menu_choices_act_at_once(window, qtbot, restore_ui):
    texts = [a.text() for a in window.view_menu.actions()]
    assert "Softmax && maxout" in texts              # shown as "Softmax & maxout"
    functions = window.functions_action
    assert functions.isEnabled() and functions.isChecked()
    functions.trigger()
    qtbot.wait(20)
    assert not window.dock.isVisible()
    functions.trigger()
    qtbot.wait(20)
    assert window.dock.isVisible()
    dark = next(a for a in window.theme_menu.actions() if a.text() == "Dark")
    dark.trigger()
    assert theme.is_dark()
    zh = next(a for a in window.language_menu.actions() if a.text() == "简体中文")
    zh.trigger()
    assert i18n.current_language() == "zh_CN"
    assert window.tabs.tabText(0) == QCoreApplication.translate("MainWindow", "Curves")


# -- export --------------------------------------------------------------------------------
def test_hover_line_hides_on_leave_and_is_never_exported(window, qtbot, tmp_path):
    from PySide6.QtCore import QEvent

    plots = window.curves_panel.plots
    plots.set_crosshair(1.0)
    assert all(line.isVisible() for line in plots.v_lines)
    QApplication.sendEvent(plots.graphics.viewport(), QEvent(QEvent.Type.Leave))
    assert not any(line.isVisible() for line in plots.v_lines)
    assert plots.crosshair_x is None

    plots.set_crosshair(1.0)
    svg = tmp_path / "c.svg"
    window.export_plot("svg", svg)
    assert "stroke-dasharray" not in svg.read_text()
    png = tmp_path / "c.png"
    window.export_plot("png", png)
    assert all(line.isVisible() for line in plots.v_lines)     # still shown on screen
    plots.set_crosshair(None)
    clean = tmp_path / "clean.png"
    window.export_plot("png", clean)
    assert QImage(str(png)) == QImage(str(clean))


def _text_height(img: QImage, rect) -> int:
    """Rows holding dark (text) pixels inside ``rect`` of ``img``."""
    rgb = img.convertToFormat(QImage.Format.Format_RGB32)       # kept alive while read
    arr = pg.functions.ndarray_from_qimage(rgb).copy()
    x0, y0, x1, y1 = (int(round(v)) for v in rect)
    crop = arr[max(y0, 0):y1, max(x0, 0):x1, :3].astype(int)
    dark = (crop.max(axis=2) < 90)
    rows = np.flatnonzero(dark.any(axis=1))
    return int(rows[-1] - rows[0] + 1) if rows.size else 0


def test_png_text_scales_with_the_resolution(window, qtbot, tmp_path):
    from act_explorer.qt import plotting

    window.state.set_overlays(["tanh"])
    qtbot.wait(50)
    plots = window.curves_panel.plots
    item = plots.export_item
    width = item.sceneBoundingRect().width()
    legend = plots.legend.sceneBoundingRect().translated(-item.sceneBoundingRect().topLeft())
    heights = {}
    for scale in (1, 3):
        img = plotting.image_of(item, int(width * scale))
        rect = [legend.left() * scale, legend.top() * scale, legend.right() * scale, legend.bottom() * scale]
        heights[scale] = _text_height(img, rect)
    assert heights[1] > 5
    assert 2.5 <= heights[3] / heights[1] <= 3.5, heights


def _tallest_line(img: QImage, rect) -> int:
    """Height of the tallest run of rows holding dark (text) pixels inside ``rect``."""
    rgb = img.convertToFormat(QImage.Format.Format_RGB32)
    arr = pg.functions.ndarray_from_qimage(rgb).copy()
    x0, y0, x1, y1 = rect
    rows = (arr[y0:y1, x0:x1, :3].astype(int).max(axis=2) < 90).any(axis=1)
    best = run = 0
    for r in rows:
        run = run + 1 if r else 0
        best = max(best, run)
    return best


def test_cli_png_legend_text_scales_like_the_title(tmp_path):
    from tests.conftest import run_cli

    out = tmp_path / "c.png"
    r = run_cli("curve", "relu", "gelu", "-o", str(out))
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert img.width() == 1600
    title = _tallest_line(img, (500, 0, 1100, 60))          # "Activation f(x)", 11 pt
    legend = _tallest_line(img, (75, 70, 400, 260))         # "ReLU", "GELU", 9 pt
    assert title > 10
    # 9 pt against 11 pt: about 0.8 when the legend scales with the picture (0.4 when it
    # stayed at screen size in a 2x export)
    assert 0.6 <= legend / title <= 1.0, (legend, title)


def test_png_resolutions_are_1_to_4_times_the_plot_width_in_order(window):
    from act_explorer.qt.main_window import png_widths

    item = window.curves_panel.plots.export_item
    w = int(round(item.sceneBoundingRect().width()))
    assert png_widths(item) == [w, 2 * w, 3 * w, 4 * w]


def test_one_export_path_in_the_plot_menus(window, qtbot):
    for key in ("curves", "depth", "training", "softmax"):
        window.set_tab(key)
    qtbot.wait(20)
    seen = 0
    for view in window.findChildren(pg.GraphicsView):
        assert view.scene().contextMenu == [], view.accessibleName()
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem) and item.getViewBox().menu is not None \
                    and item.getViewBox().menuEnabled():
                labels = [a.text() for a in item.getViewBox().menu.actions()]
                assert "Export plots as PNG…" in labels, (view.accessibleName(), labels)
                assert not any(lab.startswith("Export...") for lab in labels)
                seen += 1
    assert seen >= 10
