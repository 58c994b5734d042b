"""The main window: function list and parameters on the left, tabbed panels in the centre."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFileDialog, QInputDialog, QMainWindow, QMessageBox, QSplitter,
    QTabWidget, QVBoxLayout, QWidget,
)

from .. import __version__
from ..model.catalogue import ParamError
from ..model.curves import CurvesState
from ..model.fileio import OutputError, atomic_write, output_error
from ..model import session as session_io
from ..model.tables import curves_csv
from . import help_menu as help_menu_mod
from . import i18n, live, panel_settings, plotting, theme
from .curve_plots import CurvePlots
from .function_list import FunctionList
from .param_editor import ParamEditor
from .properties_card import PropertiesCard
from .settings import make_settings, read_json, write_json

TAB_KEYS = ("curves", "depth", "phase", "training", "fit", "softmax", "learn")
# The function list's width: the same whatever is selected (a parameter row or an
# expression error must not widen it and shift every plot); the user may drag it wider.
DOCK_WIDTH = 230
DOCK_MIN_WIDTH = 200


def png_widths(item) -> list[int]:
    """Widths offered for a PNG export: 1×, 2×, 3× and 4× the plot's width on screen."""
    on_screen = int(round(item.sceneBoundingRect().width())) or 800
    return [scale * on_screen for scale in (1, 2, 3, 4)]


class _FixedWidthHint(QWidget):
    """A container whose size hint has a constant width, whatever its contents ask for."""

    def __init__(self, width: int):
        super().__init__()
        self._hint_width = width

    def sizeHint(self):  # noqa: N802 (Qt naming)
        hint = super().sizeHint()
        hint.setWidth(self._hint_width)
        return hint

    def minimumSizeHint(self):  # noqa: N802
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), self.minimumWidth() or hint.width()))
        return hint


class CurvesPanel(QWidget):
    """The curves tab: the two plots and, beside them, the properties card."""

    title = "Curves"

    def __init__(self, state: CurvesState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.plots = CurvePlots(state)
        self.card = PropertiesCard(state)
        self.splitter.addWidget(self.plots)
        self.splitter.addWidget(self.card)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([800, 340])
        lay.addWidget(self.splitter)

    # export protocol shared by every panel
    @property
    def export_item(self):
        return self.plots.export_item

    def export_csv(self) -> str:
        return curves_csv(self.state.x(), [(c.id, c.f, c.df) for c in self.state.curves()])

    def export_name(self) -> str:
        return "-".join(self.state.shown())

    def wait_until_ready(self, timeout: float = 5.0) -> bool:
        """Render the deferred formulas now (screenshots)."""
        if self.card.formulas_pending():
            self.card._formula_timer.stop()
            self.card.render_formulas()
        return True

    def shutdown(self) -> None:
        pass


def _build_panel(key: str, window: "MainWindow") -> QWidget:
    from . import panels  # noqa: PLC0415 (panels import heavy modules)

    return panels.build(key, window)


class _Panels(dict):
    """The window's panels by key.  Tabs other than the first are built when first shown
    (or first asked for here), which keeps start-up close to a bare window's."""

    def __init__(self, window: "MainWindow"):
        super().__init__()
        self._window = window

    def __getitem__(self, key: str) -> QWidget:
        widget = super().__getitem__(key)
        if isinstance(widget, _LazyTab):
            widget = self._window._realise(key)
        return widget

    def values(self):  # noqa: D102 -- realised widgets, as users of the mapping expect
        return [self[k] for k in self]

    def built(self) -> list[QWidget]:
        return [w for w in dict.values(self) if not isinstance(w, _LazyTab)]


class _LazyTab(QWidget):
    """An empty page standing in for a panel until its tab is first shown."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key


class MainWindow(QMainWindow):
    export_finished = Signal(str)   # path written
    export_failed = Signal(str)     # message shown
    session_failed = Signal(str)    # why a session file was refused

    def __init__(self, state: CurvesState | None = None, persist: bool = True):
        """``persist=False`` neither reads nor writes settings (screenshots, tests)."""
        super().__init__()
        self.setWindowTitle(self.tr("Activation Explorer"))
        self.setObjectName("MainWindow")
        self.state = state or CurvesState()
        self.state.colour_transform = theme.line_colour
        self.persist = persist
        self.settings = make_settings()
        if persist:
            self._restore_state()

        # -- left dock: functions and parameters ----------------------------------------
        self.function_list = FunctionList(self.state)
        self.param_editor = ParamEditor(self.state)
        left = _FixedWidthHint(DOCK_WIDTH)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(6, 6, 6, 6)
        left_split = QSplitter(Qt.Orientation.Vertical)
        left_split.addWidget(self.function_list)
        left_split.addWidget(self.param_editor)
        left_split.setStretchFactor(0, 3)
        left_split.setStretchFactor(1, 1)
        left_lay.addWidget(left_split)
        self.dock = QDockWidget(self.tr("Functions"), self)
        self.dock.setObjectName("FunctionsDock")
        self.dock.setWidget(left)
        # Closable: View → Functions hides and shows it (gives the plots the whole width).
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        left.setMinimumWidth(DOCK_MIN_WIDTH)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)

        # -- centre: tabs -------------------------------------------------------------------
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.panels = _Panels(self)
        self.curves_panel = CurvesPanel(self.state)
        self.curves_panel.plots.export_requested.connect(self._export_from_menu)
        self._add_panel("curves", self.curves_panel, self.tr("Curves"))
        for key, title in (("depth", self.tr("Depth")), ("phase", self.tr("Phase")),
                           ("training", self.tr("Training")), ("fit", self.tr("Fit")),
                           ("softmax", self.tr("Softmax && maxout")), ("learn", self.tr("Learn"))):
            self._add_panel(key, _LazyTab(key), title)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self.statusBar().showMessage(self.tr("Ready"), 3000)
        if persist:
            self._restore_geometry()
        else:
            self.resize(1280, 800)

    # -- structure ------------------------------------------------------------------------
    def _add_panel(self, key: str, widget: QWidget, title: str) -> None:
        dict.__setitem__(self.panels, key, widget)
        self.tabs.addTab(widget, title)
        if hasattr(widget, "export_requested"):
            widget.export_requested.connect(self._export_from_menu)

    def _realise(self, key: str) -> QWidget:
        """Replace the stand-in page of ``key`` by the real panel."""
        stand_in = dict.__getitem__(self.panels, key)
        if not isinstance(stand_in, _LazyTab):
            return stand_in
        index = self.tabs.indexOf(stand_in)
        title = self.tabs.tabText(index)
        was_current = self.tabs.currentIndex() == index
        widget = _build_panel(key, self)
        dict.__setitem__(self.panels, key, widget)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        if was_current:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        stand_in.deleteLater()
        if hasattr(widget, "export_requested"):
            widget.export_requested.connect(self._export_from_menu)
        if hasattr(widget, "show_me_requested"):
            widget.show_me_requested.connect(self.show_me)
        if self.persist:
            panel_settings.restore(widget, self.settings)
        return widget

    def show_me(self, spec: dict) -> None:
        """Set up a panel as a lesson asks: {"tab": key, ...what to show}.  The curves and
        softmax tabs are set up here; the depth and training panels take the spec themselves
        (``show_me(spec)``)."""
        tab = spec["tab"]
        if tab == "curves":
            self.state.set_overlays(spec.get("overlays", []))
            if "function" in spec:
                self.state.select(spec["function"])
        self.set_tab(tab)
        panel = self.panels[tab]
        if tab == "softmax" and "logits" in spec:
            panel.pages.setCurrentIndex(0)
            panel.softmax_state.set_logits(spec["logits"])
        elif hasattr(panel, "show_me"):
            panel.show_me(spec)

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, _LazyTab):
            self._realise(page.key)

    def set_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.panels[key])

    def current_tab(self) -> str:
        w = self.tabs.currentWidget()
        return next(k for k in self.panels if dict.__getitem__(self.panels, k) is w)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.act_open = QAction(self.tr("&Open session…"), self, shortcut=QKeySequence.StandardKey.Open)
        self.act_save = QAction(self.tr("&Save session…"), self, shortcut=QKeySequence.StandardKey.Save)
        self.act_open.triggered.connect(self._open_session_dialog)
        self.act_save.triggered.connect(self._save_session_dialog)
        file_menu.addAction(self.act_open)
        file_menu.addAction(self.act_save)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self._refresh_recent()
        file_menu.addSeparator()
        self.act_png = QAction(self.tr("Export plot as &PNG…"), self, shortcut=QKeySequence("Ctrl+E"))
        self.act_svg = QAction(self.tr("Export plot as &SVG…"), self, shortcut=QKeySequence("Ctrl+Shift+E"))
        self.act_csv = QAction(self.tr("Export data as &CSV…"), self, shortcut=QKeySequence("Ctrl+Alt+E"))
        self.act_copy = QAction(self.tr("&Copy image"), self, shortcut=QKeySequence("Ctrl+Shift+C"))
        self.act_png.triggered.connect(lambda: self._export_from_menu("png"))
        self.act_svg.triggered.connect(lambda: self._export_from_menu("svg"))
        self.act_csv.triggered.connect(lambda: self._export_from_menu("csv"))
        self.act_copy.triggered.connect(lambda: self._export_from_menu("copy"))
        for a in (self.act_png, self.act_svg, self.act_csv, self.act_copy):
            file_menu.addAction(a)
        file_menu.addSeparator()
        quit_act = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_act.triggered.connect(self.close)
        file_menu.addAction(quit_act)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.view_menu = view_menu
        view_menu.addAction(self.curves_panel.plots.reset_view_action)
        self.curves_panel.plots.reset_view_action.setShortcut(QKeySequence("Ctrl+0"))
        view_menu.addSeparator()
        for i, key in enumerate(self.panels):
            # The tab title as it is ("Softmax && maxout"): a single & would be a mnemonic.
            act = QAction(self.tabs.tabText(i), self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, k=key: self.set_tab(k))
            view_menu.addAction(act)
        view_menu.addSeparator()
        self.functions_action = self.dock.toggleViewAction()
        view_menu.addAction(self.functions_action)
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        self._choice_menu(self.language_menu, i18n.SETTINGS_KEY,
                          [("system", self.tr("System")), ("en", "English"), ("zh_CN", "简体中文")])
        self.theme_menu = view_menu.addMenu(self.tr("&Theme"))
        self._choice_menu(self.theme_menu, theme.SETTINGS_KEY,
                          [("system", self.tr("System")), ("light", self.tr("Light")),
                           ("dark", self.tr("Dark"))])

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_actions = help_menu_mod.install(self, help_menu)
        about = QAction(self.tr("&About Activation Explorer"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _choice_menu(self, menu, key: str, options) -> None:
        group = QActionGroup(menu)
        group.setExclusive(True)
        saved = str(self.settings.value(key, "system"))
        for value, label in options:
            act = QAction(label, menu, checkable=True)
            act.setChecked(value == saved)
            act.triggered.connect(lambda _=False, v=value: self._set_choice(key, v))
            group.addAction(act)
            menu.addAction(act)

    def _set_choice(self, key: str, value: str) -> None:
        self.settings.setValue(key, value)
        self.settings.sync()
        if key == i18n.SETTINGS_KEY:
            self.set_language(value)
        elif key == theme.SETTINGS_KEY:
            self.set_theme(value)

    def set_language(self, choice: str) -> str:
        """Switch the interface language now ("system", "en" or "zh_CN"), keeping all state;
        returns the language in use."""
        app = QApplication.instance()
        old = i18n.sources()
        lang = i18n.system_language() if choice == "system" else i18n.normalise(choice)
        if lang != i18n.current_language():
            i18n.install(app, lang)
            live.retranslate(self, old)
        return lang

    def set_theme(self, choice: str) -> str:
        """Switch to the light or dark theme now ("system", "light", "dark"), keeping all
        state; returns the theme in use."""
        name = theme.apply(QApplication.instance(), choice)
        theme.restyle_error_labels(self)
        live.restyle(self)
        return name

    def _about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Activation Explorer"),
            self.tr("<b>Activation Explorer</b> {v}<br>See what an activation function does to a "
                    "neural network: curves, gradients through depth, dying units.").format(v=__version__),
        )

    # -- export -----------------------------------------------------------------------------
    def active_panel(self) -> QWidget:
        return self.panels[self.current_tab()]

    def export_plot(self, kind: str, path: str | Path, width: int | None = None,
                    panel: QWidget | None = None, which: str | None = None) -> Path:
        """Write the active panel's plot (png/svg) or data (csv) to ``path``; no dialog.

        ``which`` names one of the panel's pictures when it has several (``export_items()``,
        e.g. the training panel's "plots" and "network").  Raises :class:`OutputError` with a
        readable message; nothing partial is left behind.
        """
        panel = panel or self.active_panel()
        if kind == "csv":
            return atomic_write(path, panel.export_csv())
        item = panel.export_items()[which] if which else panel.export_item
        if item is None:
            raise OutputError("this panel has nothing to export yet")
        if kind == "png":
            on_screen = int(item.sceneBoundingRect().width()) or 800
            return plotting.export_png(item, path, width or max(2 * on_screen, plotting.MIN_EXPORT_WIDTH))
        if kind == "svg":
            return plotting.export_svg(item, path)
        raise ValueError(kind)

    def _export_from_menu(self, kind: str) -> None:
        panel = self.active_panel()
        try:
            if kind == "copy":
                if panel.export_item is None:
                    raise OutputError("this panel has nothing to copy yet")
                on_screen = int(panel.export_item.sceneBoundingRect().width()) or 800
                plotting.copy_image(panel.export_item, 2 * on_screen)
                self.statusBar().showMessage(self.tr("Image copied to the clipboard"), 4000)
                return
            width = None
            which = None
            if kind in ("png", "svg") and hasattr(panel, "export_items"):
                names = {"plots": self.tr("Plots"), "network": self.tr("Network diagram")}
                keys = list(panel.export_items())
                labels = [names.get(k, k) for k in keys]
                choice, ok = QInputDialog.getItem(self, self.tr("Export"), self.tr("Picture:"),
                                                  labels, 0, False)
                if not ok:
                    return
                which = keys[labels.index(choice)]
            if kind == "png":
                width = self._ask_png_width(panel, which)
                if width is None:
                    return
            filters = {"png": self.tr("PNG image (*.png)"), "svg": self.tr("SVG image (*.svg)"),
                       "csv": self.tr("CSV table (*.csv)")}
            last_dir = str(self.settings.value("export/dir", str(Path.home())))
            suggestion = str(Path(last_dir) / f"{panel.export_name()}.{kind}")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), suggestion, filters[kind])
            if not path:
                return
            if not path.lower().endswith("." + kind):
                path += "." + kind
            self.export_plot(kind, path, width, panel, which)
            self.settings.setValue("export/dir", str(Path(path).parent))
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
            self.export_finished.emit(str(path))
        except (OutputError, OSError, ValueError) as exc:
            self.export_failed.emit(str(exc))
            QMessageBox.critical(self, self.tr("Export failed"), self._write_error_text(exc))

    def _write_error_text(self, exc: BaseException) -> str:
        """The message for a failed write: the path and the reason, in the interface language."""
        if isinstance(exc, OSError) and not isinstance(exc, OutputError) and exc.filename:
            exc = output_error(exc.filename, exc)
        if isinstance(exc, OutputError) and exc.path is not None and exc.reason:
            reason = QCoreApplication.translate("fileio", exc.reason)
            return self.tr("Could not write {path}:\n{reason}").format(path=exc.path, reason=reason)
        return str(exc)

    def _ask_png_width(self, panel, which: str | None = None) -> int | None:
        item = panel.export_items()[which] if which else panel.export_item
        if item is None:        # the Learn tab has no plot (Ctrl+E there)
            raise OutputError("this panel has nothing to export")
        widths = png_widths(item)
        options = [self.tr("{s}× screen — {w} px wide").format(s=scale, w=w)
                   for scale, w in enumerate(widths, start=1)]
        choice, ok = QInputDialog.getItem(self, self.tr("PNG resolution"), self.tr("Resolution:"),
                                          options, 1, False)     # 2× by default
        if not ok:
            return None
        return widths[options.index(choice)]

    # -- sessions ---------------------------------------------------------------------------
    def session_sections(self) -> dict:
        """The state objects a session saves, by section name (panels contribute theirs)."""
        sections = {"curves": self.state}
        for key in self.panels:
            panel = self.panels[key]
            if hasattr(panel, "session_sections"):
                sections.update(panel.session_sections())
        return sections

    def _fresh_sections(self) -> dict:
        fresh = {"curves": CurvesState}
        for key in self.panels:
            panel = self.panels[key]
            if hasattr(panel, "fresh_sections"):
                fresh.update(panel.fresh_sections())
        return fresh

    def save_session(self, path: str | Path) -> Path:
        """Write the session atomically; raises OutputError with a readable message."""
        out = session_io.save(path, self.session_sections())
        self._remember_recent(out)
        return out

    def open_session(self, path: str | Path) -> list[str]:
        """Apply a session file; raises SessionError and changes nothing if it is bad."""
        data = session_io.read(path)
        applied = session_io.apply(data, self.session_sections(), self._fresh_sections())
        self._remember_recent(Path(path))
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=str(path)), 5000)
        return applied

    def _save_session_dialog(self) -> None:
        last_dir = str(self.settings.value("session/dir", str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save session"),
                                              str(Path(last_dir) / "session.actx"),
                                              self.tr("Activation Explorer session (*.actx)"))
        if not path:
            return
        if not path.endswith(session_io.SUFFIX):
            path += session_io.SUFFIX
        try:
            self.save_session(path)
            self.settings.setValue("session/dir", str(Path(path).parent))
            self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        except (OutputError, OSError, ValueError) as exc:
            QMessageBox.critical(self, self.tr("Could not save the session"), self._write_error_text(exc))

    def _open_session_dialog(self) -> None:
        last_dir = str(self.settings.value("session/dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open session"), last_dir,
                                              self.tr("Activation Explorer session (*.actx);;All files (*)"))
        if path:
            self._open_session_reporting(path)

    def _open_session_reporting(self, path: str) -> None:
        try:
            self.open_session(path)
            self.settings.setValue("session/dir", str(Path(path).parent))
        except session_io.SessionError as exc:
            self.session_failed.emit(str(exc))
            QMessageBox.warning(self, self.tr("Could not open the session"),
                                self.tr("{reason}\n\nNothing was changed.").format(reason=str(exc)))

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in (read_json(self.settings, "session/recent", []) or []) if isinstance(p, str)]
        full = str(Path(path).resolve())
        recent = [full] + [p for p in recent if p != full]
        write_json(self.settings, "session/recent", recent[:8])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in (read_json(self.settings, "session/recent", []) or []) if isinstance(p, str)]
        for p in recent:
            act = self.recent_menu.addAction(Path(p).name)
            act.setToolTip(p)
            act.triggered.connect(lambda _=False, path=p: self._open_session_reporting(path))
        self.recent_menu.setEnabled(bool(recent))

    # -- settings ---------------------------------------------------------------------------
    def _restore_state(self) -> None:
        data = read_json(self.settings, "curves/state")
        if isinstance(data, dict):
            try:
                self.state.update_from_dict(data)
            except ParamError:
                pass

    def _restore_geometry(self) -> None:
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        st = self.settings.value("window/state")
        if isinstance(st, QByteArray) and not st.isEmpty():
            self.restoreState(st)
        tab = self.settings.value("window/tab")
        if tab in self.panels:
            self.set_tab(str(tab))

    def save_settings(self) -> None:
        write_json(self.settings, "curves/state", self.state.to_dict())
        for panel in self.panels.built():
            panel_settings.save(panel, self.settings)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/tab", self.current_tab())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        for panel in self.panels.built():
            try:
                panel.shutdown()
            except Exception:  # noqa: BLE001 -- closing must always succeed
                pass
        if self.persist:
            self.save_settings()
        super().closeEvent(event)
        theme.forget_painted_controls(QApplication.instance())
