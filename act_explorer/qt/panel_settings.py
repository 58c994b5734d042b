"""Panel settings remembered between runs, and "Reset to defaults" per panel.

A panel that saves sessions (``session_sections()`` / ``fresh_sections()``: the Depth,
Training and Softmax tabs) is remembered the same way in the QSettings: each section's
``to_dict()`` as JSON under ``panels/<section>``, written when the window closes and applied
when the panel is first built.  A saved section is checked on a fresh state first (as a
session file is), so a bad or outdated entry is skipped and the panel keeps its defaults.
A panel the user never opened in a run keeps what was saved before.

Only settings are remembered, never results: a training run starts again from epoch 0.
A CSV data set whose file has gone since is dropped (the panel falls back to its default data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QPushButton, QWidget

from ..model import session as session_io
from .settings import read_json, write_json

PREFIX = "panels"


def key(section: str) -> str:
    return f"{PREFIX}/{section}"


def _sections(panel) -> dict:
    if not hasattr(panel, "session_sections"):
        return {}
    return dict(panel.session_sections())


def _usable(section: str, data: dict) -> dict:
    """``data`` without what cannot be restored (a CSV file that is gone)."""
    if section == "training" and data.get("dataset") == "csv":
        path = data.get("csv_path")
        if not (isinstance(path, str) and Path(path).is_file()):
            data = {k: v for k, v in data.items() if k not in ("dataset", "csv_path")}
    return data


def restore(panel, settings: QSettings) -> list[str]:
    """Apply the saved settings of ``panel``'s sections; returns the sections applied."""
    applied = []
    fresh = panel.fresh_sections() if hasattr(panel, "fresh_sections") else {}
    for name, state in _sections(panel).items():
        data = read_json(settings, key(name))
        if not isinstance(data, dict) or name not in fresh:
            continue
        try:
            applied += session_io.apply({name: _usable(name, data)}, {name: state},
                                        {name: fresh[name]})
        except session_io.SessionError:
            continue            # outdated or damaged: keep the defaults
    return applied


def save(panel, settings: QSettings) -> None:
    for name, state in _sections(panel).items():
        write_json(settings, key(name), state.to_dict())


def reset_to_defaults(panel) -> None:
    """Every section of ``panel`` back to a fresh state's values."""
    fresh = panel.fresh_sections()
    for name, state in _sections(panel).items():
        state.update_from_dict(fresh[name]().to_dict())


class ResetDefaultsButton(QPushButton):
    """"Reset to defaults" for one panel (its texts follow a language change)."""

    def __init__(self, on_click: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resetDefaults")
        self.clicked.connect(lambda _=False: on_click())
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(self.tr("Reset to defaults"))
        self.setToolTip(self.tr("Put every setting of this tab back to its default value "
                                "(the settings are remembered between runs)"))
        self.setAccessibleName(self.tr("Reset this tab's settings to their defaults"))

    retranslate = retranslate_ui          # the window's live-retranslation hook

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
