"""``act-explorer --self-test`` from source, the run-time resources and the desktop launcher.

The bundle itself is built and self-tested by .ci/run (``python packaging/build.py``), not here.
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from act_explorer import resources
from act_explorer.resources import APP_ICON_SIZES, resource_dir, resource_path

from .conftest import ROOT, run_cli

EXPECTED_CHECKS = [
    "resources", "Qt application", "Qt platform and image formats", "application icon",
    "translations", "main window",
    "curves saturating", "curves relu", "curves smooth", "curves hard", "curves other",
    "typed function", "formula",
    "panel curves", "export curves PNG", "export curves SVG", "export curves CSV",
    "panel depth", "export depth CSV", "panel training", "training panel", "export training CSV",
    "panel softmax", "export softmax CSV",
    "depth simulation", "training", "window closes",
]


def _check_name(line: str) -> str:
    body = line[5:]
    return body.split(" (", 1)[0].split(": ", 1)[0]


def test_self_test_passes_from_source():
    proc = run_cli("--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checks = [ln for ln in lines if ln.startswith(("ok   ", "FAIL "))]
    assert not [ln for ln in checks if ln.startswith("FAIL")], proc.stdout
    names = [_check_name(ln) for ln in checks]
    missing = [c for c in EXPECTED_CHECKS if c not in names]
    assert not missing, f"checks not run: {missing}\n{proc.stdout}"
    # one line per check, then the summary
    assert len(lines) == len(checks) + 2
    assert lines[-2].startswith(f"self-test passed: {len(checks)} checks")
    assert lines[-1] == f"self-test: {len(checks)} passed, 0 failed"


def test_self_test_takes_no_arguments():
    proc = run_cli("--self-test", "--verbose")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error:")


def test_self_test_is_in_the_help():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "--self-test" in proc.stdout


# -- resources ----------------------------------------------------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_resource_path_finds_the_icon_in_every_size():
    assert resource_dir() == ROOT / "act_explorer" / "resources"
    for n in APP_ICON_SIZES:
        path = resource_path("icons", f"act-explorer-{n}.png")
        assert path.is_absolute() and path.is_file()
        assert _png_size(path.read_bytes()) == (n, n)
    svg = resource_path("icons", "act-explorer.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 256 256"
    assert [e for e in root.iter() if e.tag.endswith("path")]
    assert len(resources.app_icon_files()) == len(APP_ICON_SIZES) + 1


def test_resource_path_names_a_missing_file():
    with pytest.raises(FileNotFoundError, match="no-such-icon.png"):
        resource_path("icons", "no-such-icon.png")


def test_resource_path_in_a_pyinstaller_bundle(tmp_path, monkeypatch):
    """In the bundle, resources live under sys._MEIPASS/act_explorer/resources."""
    target = tmp_path / "act_explorer" / "resources" / "icons"
    target.mkdir(parents=True)
    (target / "act-explorer.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_dir() == tmp_path / "act_explorer" / "resources"
    assert resource_path("icons", "act-explorer.svg") == target / "act-explorer.svg"
    assert resources.app_icon_files() == [target / "act-explorer.svg"]


def test_icon_resources_are_package_data():
    """pip installs act_explorer/resources/ (package-data), so the window finds its icon."""
    text = (ROOT / "pyproject.toml").read_text()
    assert '"resources/*"' in text and '"resources/**/*"' in text


# -- the desktop launcher ---------------------------------------------------------------------------

DESKTOP = ROOT / "resources" / "act-explorer.desktop"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


def test_desktop_file_is_valid():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Activation Explorer"
    assert entry["Exec"] == "act-explorer"
    assert entry["Icon"] == "act-explorer"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    categories = entry["Categories"].split(";")
    assert "Education" in categories and "Science" in categories
    assert entry.get("StartupWMClass") == "act-explorer"


def test_desktop_file_icon_name_matches_the_shipped_icon():
    assert resource_path("icons", f"{_desktop_entry()['Icon']}.svg").is_file()


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_desktop_file_passes_desktop_file_validate():
    proc = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error:" not in proc.stdout
