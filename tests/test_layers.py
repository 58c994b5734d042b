"""The layers import downwards only: the Qt views never import the application module."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "act_explorer"


def _imports(path: Path, package: str) -> set[str]:
    """Absolute names of what ``path`` imports, its relative imports resolved against
    ``package`` (the package the file is in); ``from X import name`` gives X and X.name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[:len(parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _package_of(path: Path) -> str:
    return ".".join(("act_explorer", *path.relative_to(PKG).parent.parts))


def test_no_module_under_qt_imports_the_app_module():
    files = list((PKG / "qt").rglob("*.py"))
    assert any(len(p.relative_to(PKG).parts) > 2 for p in files)    # sub-packages are read too
    offenders = [str(p.relative_to(PKG)) for p in files
                 if "act_explorer.app" in _imports(p, _package_of(p))]
    assert offenders == []


def test_the_check_sees_such_an_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ..app import create_application\n")
    assert "act_explorer.app" in _imports(bad, "act_explorer.qt")
    bad.write_text("from ... import app\n")                       # from a sub-package of qt
    assert "act_explorer.app" in _imports(bad, "act_explorer.qt.network_view")
    bad.write_text("import act_explorer.app\n")
    assert "act_explorer.app" in _imports(bad, "act_explorer.qt")
    bad.write_text("from ...model.unit_view import UnitFrame\n")
    assert "act_explorer.app" not in _imports(bad, "act_explorer.qt.network_view")
