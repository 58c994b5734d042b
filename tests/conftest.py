"""Test-wide set-up: headless Qt, and no test ever touches the user's real settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Keep Qt from reading a real desktop's configuration.
os.environ["XDG_CONFIG_HOME"] = os.environ.get("ACT_TEST_CONFIG_HOME", "/nonexistent-act-explorer-config")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, monkeypatch):
    """Point QSettings (and anything else that reads XDG/HOME) at a throw-away folder."""
    cfg = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(cfg))
    monkeypatch.setenv("ACT_EXPLORER_CONFIG_DIR", str(cfg))
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(cfg))
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(cfg))
    yield cfg


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run ``python -m act_explorer ARGS`` in a fresh interpreter; return CompletedProcess."""
    import subprocess

    full_env = dict(os.environ)
    full_env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "act_explorer", *args],
        capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300,
    )


@pytest.fixture(autouse=True)
def _no_typed_functions_leak():
    """Typed functions live in the (process-wide) catalogue; drop any a test added."""
    yield
    from act_explorer.model import catalogue

    for fid in [k for k, a in catalogue.CATALOGUE.items() if a.family == "custom"]:
        catalogue.unregister(fid)
