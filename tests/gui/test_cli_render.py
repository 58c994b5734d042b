"""`curve -o PNG|SVG` and `screenshot` draw with the window's own widgets, headless."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from tests.conftest import run_cli


def test_curve_png_default_width(tmp_path):
    out = tmp_path / "c.png"
    res = run_cli("curve", "relu", "gelu", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    img = QImage(str(out))
    assert img.width() >= 1600


def test_curve_svg_holds_the_curves(tmp_path):
    out = tmp_path / "c.svg"
    res = run_cli("curve", "leaky_relu", "-p", "negative_slope=0.2", "-o", str(out))
    assert res.returncode == 0, res.stderr
    root = ET.fromstring(out.read_bytes())
    assert sum(1 for el in root.iter() if el.tag.endswith("path")) >= 2
    assert "Leaky ReLU" in out.read_text()


def test_screenshot_default_size(tmp_path):
    out = tmp_path / "s.png"
    res = run_cli("screenshot", "--function", "tanh", "-o", str(out))
    assert res.returncode == 0, res.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 800)


def test_screenshot_bad_input(tmp_path):
    res = run_cli("screenshot", "--size", "12", "-o", str(tmp_path / "s.png"))
    assert res.returncode == 2 and res.stderr.startswith("error:") and "WIDTHxHEIGHT" in res.stderr
    res = run_cli("screenshot", "--function", "nope", "-o", str(tmp_path / "s.png"))
    assert res.returncode == 2 and "unknown activation" in res.stderr
    res = run_cli("screenshot", "-o", str(tmp_path / "s.jpg"))
    assert res.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_the_window_starts_paints_and_exits_cleanly(tmp_path):
    """`act-explorer` with no arguments, quitting after its first paint: exit status 0 every
    time (a shown window left to the interpreter's exit used to crash in Qt's destructors)."""
    for _ in range(3):
        res = run_cli(env={"ACT_EXPLORER_QUIT_AFTER_PAINT": "1",
                           "ACT_EXPLORER_CONFIG_DIR": str(tmp_path)})
        assert res.returncode == 0, res.stderr
        assert "first-paint" in res.stdout


def test_high_dpi_screenshot_is_sharp(tmp_path):
    """At device pixel ratio 2 the window renders at twice the pixels, nothing clipped."""
    out = tmp_path / "hidpi.png"
    res = run_cli("screenshot", "--function", "tanh", "-o", str(out), env={"QT_SCALE_FACTOR": "2"})
    assert res.returncode == 0, res.stderr
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2560, 1600)
