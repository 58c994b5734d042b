"""Switching language and theme while the window is open, keeping all state.

Language: every string the app translates goes through :class:`RecordingTranslator`, which
remembers which source text (and context) each shown text came from.  After a switch,
:func:`retranslate` walks the window's widgets, menus and plot items and replaces every
text it recognises by its translation in the new language; texts built from numbers
(readouts, titles with values) are redrawn by the panels' own ``retranslate()`` hooks.

Theme: :func:`restyle` applies the new palette (``theme.apply``) and asks every part that
draws with theme colours (``apply_theme()``) to recolour itself.
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QTranslator
from shiboken6 import isValid
from PySide6.QtWidgets import (
    QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel, QLineEdit, QListWidget, QMenu,
    QTabWidget, QTreeWidget, QWidget,
)


_BOLD = re.compile(r"<b>(.*)</b>", re.DOTALL)


class RecordingTranslator(QTranslator):
    """A translator that remembers, for each text it hands out, where it came from."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sources: dict[str, list[tuple[str, str, str | None, int]]] = {}

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 (Qt API)
        out = super().translate(context, source_text, disambiguation, n) if not self.isEmpty() else ""
        if source_text:
            keys = self.sources.setdefault(out or source_text, [])
            key = (context, source_text, disambiguation, n)
            if key not in keys:
                keys.append(key)
        # None is Qt's null string: "not translated here", so Qt falls back to the source
        # (an empty string would be taken as the translation).
        return out or None


class _Translation:
    """Old text -> text in the language now installed (None if the text is not known)."""

    def __init__(self, sources: dict):
        self.sources = sources

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return None
        # The same text may come from several contexts: the first that translates wins.
        for ctx, src, dis, n in self.sources.get(text, ()):
            new = QCoreApplication.translate(ctx, src, dis, n)
            if new != text:
                return new
        return None


def _each_text(widget: QWidget, tr: _Translation) -> None:
    for getter, setter in (("toolTip", "setToolTip"), ("accessibleName", "setAccessibleName"),
                           ("statusTip", "setStatusTip"), ("whatsThis", "setWhatsThis")):
        new = tr(getattr(widget, getter)())
        if new is not None:
            getattr(widget, setter)(new)
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
        new = tr(text)
        bold = _BOLD.fullmatch(text) if new is None else None
        if bold is not None:                     # a heading: <b>Range</b>
            inner = tr(bold.group(1))
            new = f"<b>{inner}</b>" if inner is not None else None
        if new is not None:
            widget.setText(new)
    if isinstance(widget, QGroupBox):
        new = tr(widget.title())
        if new is not None:
            widget.setTitle(new)
    if isinstance(widget, QLineEdit):
        new = tr(widget.placeholderText())
        if new is not None:
            widget.setPlaceholderText(new)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            new = tr(widget.itemText(i))
            if new is not None:
                widget.setItemText(i, new)
            new = tr(widget.itemData(i, 3))  # Qt.ToolTipRole
            if new is not None:
                widget.setItemData(i, new, 3)
    if isinstance(widget, QTabWidget):
        bar = widget.tabBar()
        for i in range(widget.count()):
            text = widget.tabText(i)
            new = tr(text) or tr(text.replace("&&", "&"))
            if new is not None:
                widget.setTabText(i, new)
            new = tr(widget.tabToolTip(i))
            if new is not None:
                widget.setTabToolTip(i, new)
        del bar
    if isinstance(widget, QDockWidget):
        new = tr(widget.windowTitle())
        if new is not None:
            widget.setWindowTitle(new)
    if isinstance(widget, QTreeWidget):
        for item in _tree_items(widget):
            for col in range(item.columnCount()):
                new = tr(item.text(col))
                if new is not None:
                    item.setText(col, new)
                new = tr(item.toolTip(col))
                if new is not None:
                    item.setToolTip(col, new)
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            item = widget.item(i)
            new = tr(item.text())
            if new is not None:
                item.setText(new)


def _tree_items(tree: QTreeWidget):
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))


def _menus(menu: QMenu, tr: _Translation) -> None:
    if not isValid(menu):
        return
    for act in menu.actions():
        new = tr(act.text())
        if new is not None:
            act.setText(new)
        new = tr(act.toolTip())
        if new is not None:
            act.setToolTip(new)
        if act.menu() is not None:
            _menus(act.menu(), tr)


def _plot_texts(view: pg.GraphicsView, tr: _Translation) -> None:
    from PySide6.QtWidgets import QGraphicsTextItem

    for item in view.scene().items():
        if isinstance(item, pg.PlotItem):
            title = item.titleLabel
            if title.isVisible():
                new = tr(title.text)
                if new is not None:
                    item.setTitle(new)
            for side in ("left", "bottom", "top", "right"):
                axis = item.getAxis(side)
                new = tr(axis.labelText)
                if new is not None:
                    axis.setLabel(new, units=axis.labelUnits or None, **axis.labelStyle)
            menu = item.getViewBox().menu
            if menu is not None:
                _menus(menu, tr)
        elif isinstance(item, pg.LegendItem):
            for _sample, label in item.items:
                new = tr(label.text)
                if new is not None:
                    label.setText(new)
            item.updateSize()
        elif isinstance(item, pg.LabelItem):
            new = tr(item.text)
            if new is not None:
                item.setText(new)
        elif isinstance(item, pg.InfLineLabel):
            new = tr(item.format)
            if new is not None:
                item.setFormat(new)
        elif isinstance(item, pg.TextItem):
            new = tr(item.toPlainText())
            if new is not None:
                item.setText(new)
        elif isinstance(item, QGraphicsTextItem) and not isinstance(item.parentItem(), (pg.LabelItem, pg.TextItem)):
            new = tr(item.toPlainText())
            if new is not None:
                item.setPlainText(new)


def retranslate(window, old_sources: dict) -> None:
    """Put every text of ``window`` the old language showed into the language installed now,
    then let panels redraw the texts they compose (``retranslate()`` hooks)."""
    tr = _Translation(old_sources)
    widgets = [w for w in (window, *window.findChildren(QWidget)) if isValid(w)]
    for w in widgets:
        _each_text(w, tr)
    new = tr(window.windowTitle())
    if new is not None:
        window.setWindowTitle(new)
    for menu in window.menuBar().findChildren(QMenu):
        _menus(menu, tr)
    for act in window.menuBar().actions():
        new = tr(act.text())
        if new is not None:
            act.setText(new)
    for view in window.findChildren(pg.GraphicsView):
        _plot_texts(view, tr)
    for w in widgets:
        hook = getattr(type(w), "retranslate", None)
        if callable(hook) and w is not window and isValid(w):
            w.retranslate()


def restyle(window) -> None:
    """Recolour ``window`` after ``theme.apply``: every part with an ``apply_theme()``."""
    for w in [window, *window.findChildren(QWidget)]:
        hook = getattr(type(w), "apply_theme", None)
        if callable(hook) and w is not window and isValid(w):
            w.apply_theme()
    for view in window.findChildren(pg.GraphicsView):
        view.update()
