"""The model imports neither Qt nor pyqtgraph, at any depth."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import act_explorer.model as model_pkg


def test_every_model_module_imports_without_qt():
    names = [f"act_explorer.model.{m.name}" for m in pkgutil.walk_packages(model_pkg.__path__)]
    assert len(names) >= 5
    code = (
        "import importlib, json, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'PyQt5', 'PyQt6', 'PySide2', 'pyqtgraph', 'shiboken6', 'superqt', 'qtpy'))\n"
        "print(json.dumps({'loaded': sorted(k for k in sys.modules if k.startswith('act_explorer')), 'bad': bad}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["bad"] == []
    assert set(names) <= set(result["loaded"])


def test_headless_verbs_do_not_import_qt(tmp_path):
    code = (
        "import sys\n"
        "from act_explorer.cli import main\n"
        f"assert main(['list', '--json']) == 0\n"
        f"assert main(['curve', 'relu', '-o', {str(tmp_path / 'r.csv')!r}]) == 0\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]\n"
        "assert not bad, bad\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
