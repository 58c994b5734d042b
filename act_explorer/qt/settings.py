"""QSettings for the app.  ``ACT_EXPLORER_CONFIG_DIR`` redirects them (the tests use it),
so no test ever reads or writes the user's real settings."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

ORG = "act-explorer"
APP = "Activation Explorer"


def make_settings() -> QSettings:
    folder = os.environ.get("ACT_EXPLORER_CONFIG_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(folder) / "act-explorer.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)


def read_json(settings: QSettings, key: str, default: Any = None) -> Any:
    raw = settings.value(key)
    if not raw:
        return default
    try:
        return json.loads(str(raw))
    except (TypeError, ValueError):
        return default


def write_json(settings: QSettings, key: str, value: Any) -> None:
    settings.setValue(key, json.dumps(value))
