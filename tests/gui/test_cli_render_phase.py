"""`phase`, `jacobian` and `trainability` draw PNG/SVG headless with pyqtgraph."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from tests.conftest import run_cli


def _not_blank(img: QImage) -> bool:
    """More than 5 % of a 100 x 100 sample differs from the background, in several colours."""
    small = img.scaled(100, 100)
    bg = small.pixel(0, 0)
    px = [small.pixel(x, y) for x in range(100) for y in range(100)]
    return sum(p != bg for p in px) > 500 and len(set(px)) >= 3


def test_phase_png_and_svg(tmp_path):
    png, svg = tmp_path / "p.png", tmp_path / "p.svg"
    res = run_cli("phase", "tanh", "--grid", "40", "-o", str(png))
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    img = QImage(str(png))
    assert img.width() >= 1600 and _not_blank(img)
    res = run_cli("phase", "relu", "--grid", "20", "--show", "chi", "-o", str(svg))
    assert res.returncode == 0, res.stderr
    root = ET.fromstring(svg.read_bytes())
    assert any(el.tag.endswith("image") or el.tag.endswith("path") for el in root.iter())
    assert "relu" in svg.read_text()


def test_jacobian_and_trainability_png(tmp_path):
    j, t = tmp_path / "j.png", tmp_path / "t.png"
    res = run_cli("jacobian", "relu", "--layers", "4", "--width", "100", "-o", str(j))
    assert res.returncode == 0, res.stderr
    assert "free-probability prediction mean 1, variance 8" in res.stdout
    assert _not_blank(QImage(str(j)))
    res = run_cli("trainability", "--depths", "2", "4", "--sigma-w2", "1", "2", "--steps", "20",
                  "--quiet", "-o", str(t))
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert QImage(str(t)).width() >= 1600


def test_bad_png_request_leaves_nothing(tmp_path):
    res = run_cli("phase", "tanh", "--size", "10x10", "-o", str(tmp_path / "p.png"))
    assert res.returncode == 2 and res.stderr.startswith("error:") and res.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
