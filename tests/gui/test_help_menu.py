"""Help → Lessons opens the Learn tab; Help → Keyboard shortcuts lists the window's real
shortcuts, read from its actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def _help_menu(window) -> QMenu:
    menu = window.help_actions.menu
    assert menu.menuAction() in window.menuBar().actions() and menu.title() == "&Help"
    return menu


def test_help_menu_has_lessons_shortcuts_and_about(window):
    menu = _help_menu(window)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Lessons", "&Keyboard shortcuts"]
    assert any("About" in t for t in texts)


def test_lessons_opens_the_learn_tab(window, qtbot):
    assert window.current_tab() == "curves"
    window.help_actions.lessons.trigger()
    assert window.current_tab() == "learn"
    assert type(window.panels["learn"]).__name__ == "LearnPanel"
    window.set_tab("curves")
    qtbot.keyClick(window, QKeySequence(QKeySequence.StandardKey.HelpContents)[0].key())
    assert window.current_tab() == "learn"


def test_shortcuts_dialog_lists_every_action_with_a_shortcut(window, qtbot):
    window.help_actions.shortcuts.trigger()
    dialog = window.help_actions.dialog
    qtbot.waitExposed(dialog)
    rows = dict(dialog.rows())
    native = QKeySequence.SequenceFormat.NativeText
    expected = {a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()}
    assert len(dialog.rows()) == len(expected) >= 10
    assert rows["File › Open session…"] == QKeySequence(QKeySequence.StandardKey.Open).toString(native)
    assert rows["File › Export plot as PNG…"] == "Ctrl+E"
    assert rows["View › Phase"] == "Ctrl+3" and rows["View › Training"] == "Ctrl+4"
    assert rows["Help › Keyboard shortcuts"] == "Ctrl+/"
    # It cannot drift: a changed shortcut shows the next time the dialog opens.
    window.act_png.setShortcut(QKeySequence("Ctrl+Alt+P"))
    dialog.close()
    window.help_actions.shortcuts.trigger()
    assert dict(dialog.rows())["File › Export plot as PNG…"] == "Ctrl+Alt+P"


def test_menu_texts_lose_their_mnemonics_in_both_styles():
    from act_explorer.qt.help_menu import _plain

    assert _plain("&File") == "File" and _plain("Export plot as &PNG…") == "Export plot as PNG…"
    assert _plain("文件(&F)") == "文件" and _plain("打开会话(&O)…") == "打开会话…"
    assert _plain("Softmax && maxout") == "Softmax & maxout"
