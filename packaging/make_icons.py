"""Draw the application icon: a sigmoid and a ReLU on a rounded blue square.

Writes ``act_explorer/resources/icons/act-explorer.svg`` (the master, 256 x 256 user units)
and ``act-explorer-<N>.png`` for N in :data:`SIZES`, rendered from the same geometry with Qt's
SVG renderer.  Sizes of 32 px and below use a simplified variant (no axes, thicker strokes) so
the curves stay legible.  The outputs are committed; run this again only to change the icon::

    python packaging/make_icons.py
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "act_explorer" / "resources" / "icons"
NAME = "act-explorer"
SIZES = (16, 24, 32, 48, 64, 128, 256)

# plot frame inside the 256-unit square: x in [-4, 4], y in [0, 1.5]
X0, X1 = 44.0, 212.0
Y_ZERO, Y_ONE = 184.0, 96.0        # y = 0 and y = 1 in user units


def _px(x: float) -> float:
    return X0 + (x + 4.0) / 8.0 * (X1 - X0)


def _py(v: float) -> float:
    return Y_ZERO + v * (Y_ONE - Y_ZERO)


def _sigmoid_path(n: int = 48) -> str:
    pts = []
    for i in range(n + 1):
        x = -4.0 + 8.0 * i / n
        s = 1.0 / (1.0 + math.exp(-1.6 * x))
        pts.append(f"{_px(x):.2f},{_py(s):.2f}")
    return "M" + " L".join(pts)


def _relu_path() -> str:
    # max(0, x) scaled so it leaves the frame near the top-right corner
    return f"M{_px(-4):.2f},{_py(0):.2f} L{_px(0):.2f},{_py(0):.2f} L{_px(3.6):.2f},{_py(1.55):.2f}"


def svg(small: bool = False) -> str:
    """The icon as SVG 1.1 text (``small``: the simplified variant for tiny sizes)."""
    curve_w, relu_w = (20, 18) if small else (13, 11)
    axes = "" if small else (
        f'  <path d="M{X0 - 8:.0f},{Y_ZERO:.0f} H{X1 + 8:.0f} M{_px(0):.0f},{_py(1.62):.0f} '
        f'V{Y_ZERO + 14:.0f}" stroke="#ffffff" stroke-opacity="0.38" stroke-width="5" '
        f'stroke-linecap="round" fill="none"/>\n'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="256" height="256" '
        'viewBox="0 0 256 256">\n'
        '  <title>Activation Explorer</title>\n'
        '  <defs>\n'
        '    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">\n'
        '      <stop offset="0" stop-color="#2f6fb8"/>\n'
        '      <stop offset="1" stop-color="#173f73"/>\n'
        '    </linearGradient>\n'
        '  </defs>\n'
        '  <rect x="8" y="8" width="240" height="240" rx="52" ry="52" fill="url(#bg)"/>\n'
        f'{axes}'
        f'  <path d="{_relu_path()}" stroke="#ffb13b" stroke-width="{relu_w}" '
        'stroke-linecap="round" stroke-linejoin="round" fill="none"/>\n'
        f'  <path d="{_sigmoid_path()}" stroke="#ffffff" stroke-width="{curve_w}" '
        'stroke-linecap="round" stroke-linejoin="round" fill="none"/>\n'
        '</svg>\n'
    )


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{NAME}.svg").write_text(svg(small=False), encoding="utf-8")
    for size in SIZES:
        renderer = QSvgRenderer(QByteArray(svg(small=size <= 32).encode()))
        if not renderer.isValid():
            raise SystemExit("the icon SVG does not parse")
        img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(p, QRectF(0, 0, size, size))
        p.end()
        path = OUT / f"{NAME}-{size}.png"
        if not img.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        print(f"wrote {path.relative_to(ROOT)}")
    print(f"wrote {(OUT / f'{NAME}.svg').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
