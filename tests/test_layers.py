"""The layers import downwards only: the Qt views never import the application module."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "act_explorer"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 2 and node.module in ("app", None):   # from ..app / from .. import app
                out.update(["app"] if node.module == "app" else [a.name for a in node.names])
            elif node.module == "act_explorer.app":
                out.add("app")
        elif isinstance(node, ast.Import):
            out.update("app" for a in node.names if a.name == "act_explorer.app")
    return out


def test_no_module_under_qt_imports_the_app_module():
    offenders = [p.name for p in (PKG / "qt").rglob("*.py") if "app" in _imports(p)]
    assert offenders == []


def test_the_check_sees_such_an_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..app import create_application\n")
    assert _imports(bad) == {"app"}
