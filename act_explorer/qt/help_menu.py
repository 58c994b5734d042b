"""Help → Lessons (opens the Learn tab) and Help → Keyboard shortcuts.

The shortcuts dialog is generated, each time it opens, from the window's own QActions (every
menu and submenu, then actions added to the window or its widgets outside the menus), so the
list is always the shortcuts the app really has: a new or changed shortcut shows up without
anyone editing a table.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMainWindow, QMenu,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)


def _plain(text: str) -> str:
    """A menu text without its mnemonic: "&File" → "File", "文件(&F)" → "文件" (the CJK
    style), "&&" stays one "&"."""
    text = re.sub(r"\s*\(&[^&\s]\)", "", text.replace("&&", "\0"))
    return text.replace("&", "").replace("\0", "&")


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                     for s in action.shortcuts() if not s.isEmpty())


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str]]:
    """(where › what, keys) for every action of ``window`` that has a shortcut: the menus
    first, in menu order, then actions outside the menus (panels, plots)."""
    rows: list[tuple[str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: list[str]) -> None:
        for act in menu.actions():
            if act.isSeparator():
                continue
            sub = act.menu()
            if sub is not None:
                walk(sub, path + [_plain(act.text())])
                continue
            seen.add(id(act))
            keys = _keys(act)
            if keys:
                rows.append((" › ".join(path + [_plain(act.text())]), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), [_plain(top.text())])
    for act in window.findChildren(QAction):
        if id(act) in seen or act.isSeparator():
            continue
        keys = _keys(act)
        if keys:
            seen.add(id(act))
            rows.append((_plain(act.text()), keys))
    return rows


class ShortcutsDialog(QDialog):
    """A read-only table of :func:`shortcut_rows` of a window."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.setObjectName("ShortcutsDialog")
        self._window = window
        lay = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.table = QTableWidget(0, 2)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 600)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.intro.setText(self.tr("Every shortcut of the window, read from its menus and "
                                   "actions."))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        self.refresh()

    def refresh(self) -> None:
        rows = shortcut_rows(self._window)
        self.table.setRowCount(len(rows))
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            item = QTableWidgetItem(keys)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(i, 1, item)

    def rows(self) -> list[tuple[str, str]]:
        """What the table shows (tests)."""
        return [(self.table.item(i, 0).text(), self.table.item(i, 1).text())
                for i in range(self.table.rowCount())]

    retranslate = retranslate_ui          # the window's live-retranslation hook

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class HelpActions(QObject):
    """Help → Lessons and Help → Keyboard shortcuts for ``window`` (which has ``set_tab``).
    Their texts follow a language change (the window's LanguageChange event)."""

    def __init__(self, window: QMainWindow, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.menu = menu
        self.dialog: ShortcutsDialog | None = None
        self.lessons = QAction(window)
        self.lessons.setObjectName("actionLessons")
        self.lessons.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.lessons.triggered.connect(self.show_lessons)
        self.shortcuts = QAction(window)
        self.shortcuts.setObjectName("actionKeyboardShortcuts")
        self.shortcuts.setShortcut(QKeySequence("Ctrl+/"))
        self.shortcuts.triggered.connect(self.show_shortcuts)
        menu.addAction(self.lessons)
        menu.addAction(self.shortcuts)
        menu.addSeparator()
        window.installEventFilter(self)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.lessons.setText(self.tr("&Lessons"))
        self.lessons.setStatusTip(self.tr("Open the Learn tab: short lessons with a Show me button"))
        self.shortcuts.setText(self.tr("&Keyboard shortcuts"))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt naming)
        if obj is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        return False

    def show_lessons(self) -> None:
        self.window.set_tab("learn")

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.dialog is None:
            self.dialog = ShortcutsDialog(self.window)
        else:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def install(window: QMainWindow, menu: QMenu) -> HelpActions:
    """Add the Lessons and Keyboard shortcuts entries to ``menu`` (the Help menu)."""
    return HelpActions(window, menu)


__all__ = ["HelpActions", "ShortcutsDialog", "install", "shortcut_rows"]
