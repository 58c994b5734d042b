"""Colours that stay apart: CIEDE2000 colour difference, colour-vision-deficiency simulation,
and the assignment of distinct colours to the functions shown together.

Plain stdlib (no Qt).  References: G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000
color-difference formula: implementation notes, supplementary test data, and mathematical
observations", Color Research & Application 30(1), 2005; G. M. Machado, M. M. Oliveira,
L. A. F. Fernandes, "A physiologically-based model for simulation of color vision
deficiency", IEEE TVCG 15(6), 2009 (severity 1.0 matrices); M. Okabe, K. Ito, "Color
Universal Design", 2002/2008; P. Tol, "Colour schemes", SRON/EPS/TN/09-002, 2021.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

# First picks: Okabe & Ito's colour-universal palette (its yellow is too pale on white and is
# left out); then Paul Tol's muted scheme and a few darker tones.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # Okabe-Ito blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black (light grey on the dark theme)
    "#882255",  # Tol wine
    "#332288",  # Tol indigo
    "#117733",  # Tol green
    "#999933",  # Tol olive
    "#AA4499",  # Tol purple
    "#44AA99",  # Tol teal
    "#CC6677",  # Tol rose
    "#8C6D31",  # brown
    "#666666",  # grey
)

# Two colours shown together differ by at least this CIEDE2000 ΔE (2.3 is a just-noticeable
# difference; Okabe-Ito's orange and vermillion, 22 apart, are too alike as thin lines) ...
MIN_DELTA_E = 25.0
# ... and by at least this much as seen with protanopia, deuteranopia or tritanopia
# (Machado et al. 2009, severity 1).  The palette meets both for any 5 functions shown
# together (tests/model/test_colours.py).
MIN_DELTA_E_CVD = 12.0
DISTINCT_UP_TO = 5


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    if len(c) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(c[i:i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_to_hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02X}" for v in rgb)


def _linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _gamma(v: float) -> float:
    v = max(0.0, min(1.0, v))
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    r, g, b = (_linear(v) for v in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio (1 to 21); text needs 4.5 for AA, graphics 3."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def blend(colour: str, background: str, alpha: float) -> str:
    """``colour`` drawn with opacity ``alpha`` over ``background``."""
    c, b = hex_to_rgb(colour), hex_to_rgb(background)
    return rgb_to_hex([alpha * x + (1 - alpha) * y for x, y in zip(c, b)])


def to_lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    r, g, b = (_linear(v) for v in hex_to_rgb(colour))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e2000(c1: str, c2: str) -> float:
    """CIEDE2000 colour difference of two sRGB colours (Sharma, Wu & Dalal 2005)."""
    return delta_e2000_lab(to_lab(c1), to_lab(c2))


def delta_e2000_lab(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """CIEDE2000 of two CIE L*a*b* colours."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C1, C2 = math.hypot(a1, b1), math.hypot(a2, b2)
    Cm = (C1 + C2) / 2
    G = 0.5 * (1 - math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if C1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if C2p else 0.0
    dLp = L2 - L1
    dCp = C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dhp / 2))
    Lpm = (L1 + L2) / 2
    Cpm = (C1p + C2p) / 2
    if C1p * C2p == 0:
        hpm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hpm = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hpm = (h1p + h2p + 360) / 2
    else:
        hpm = (h1p + h2p - 360) / 2
    T = (1 - 0.17 * math.cos(math.radians(hpm - 30)) + 0.24 * math.cos(math.radians(2 * hpm))
         + 0.32 * math.cos(math.radians(3 * hpm + 6)) - 0.20 * math.cos(math.radians(4 * hpm - 63)))
    d_theta = 30 * math.exp(-(((hpm - 275) / 25) ** 2))
    Rc = 2 * math.sqrt(Cpm ** 7 / (Cpm ** 7 + 25 ** 7))
    Sl = 1 + 0.015 * (Lpm - 50) ** 2 / math.sqrt(20 + (Lpm - 50) ** 2)
    Sc = 1 + 0.045 * Cpm
    Sh = 1 + 0.015 * Cpm * T
    Rt = -math.sin(math.radians(2 * d_theta)) * Rc
    return math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2
                     + Rt * (dCp / Sc) * (dHp / Sh))


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
_CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779),
                   (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
CVD_KINDS = tuple(_CVD)


def simulate_cvd(colour: str, kind: str) -> str:
    """How ``colour`` looks with a colour-vision deficiency (``CVD_KINDS``)."""
    m = _CVD[kind]
    lin = [_linear(v) for v in hex_to_rgb(colour)]
    out = [sum(m[i][j] * lin[j] for j in range(3)) for i in range(3)]
    return rgb_to_hex([_gamma(v) for v in out])


@functools.lru_cache(maxsize=4096)
def distance(c1: str, c2: str) -> tuple[float, float]:
    """(CIEDE2000 ΔE, smallest ΔE as seen with protanopia, deuteranopia or tritanopia)."""
    cvd = min(delta_e2000(simulate_cvd(c1, k), simulate_cvd(c2, k)) for k in CVD_KINDS)
    return delta_e2000(c1, c2), cvd


def assign(preferred: Iterable[tuple[str, str]], palette: Sequence[str] = PALETTE,
           min_delta_e: float = MIN_DELTA_E, min_delta_e_cvd: float = MIN_DELTA_E_CVD,
           transform=None) -> dict[str, str]:
    """Colours for things shown together: ``preferred`` is ``(key, colour)`` in priority
    order.  Each keeps its preferred colour unless it is within ``min_delta_e`` (CIEDE2000
    of the colours as drawn, ``transform(colour)``), or within ``min_delta_e_cvd`` as seen
    with a colour-vision deficiency, of a colour already given; then it takes the first
    palette colour far enough from all of them (if none is: the free colour whose nearest
    neighbour is farthest)."""
    draw = transform or (lambda c: c)
    out: dict[str, str] = {}
    used: list[str] = []
    cache: dict[tuple[str, str], tuple[float, float]] = {}

    def dist(a: str, b: str) -> tuple[float, float]:
        key = (a, b) if a <= b else (b, a)
        if key not in cache:
            cache[key] = distance(draw(a), draw(b))
        return cache[key]

    def fits(c: str) -> bool:
        return all(d >= min_delta_e and cvd >= min_delta_e_cvd
                   for d, cvd in (dist(c, u) for u in used))

    def worst(c: str) -> float:
        return min((min(d / min_delta_e, cvd / min_delta_e_cvd)
                    for d, cvd in (dist(c, u) for u in used)), default=math.inf)

    for key, colour in preferred:
        if key in out:
            continue
        if not fits(colour):
            free = [c for c in palette if c not in used]
            ok = [c for c in free if fits(c)]
            if ok:
                colour = ok[0]
            elif free:
                colour = max(free, key=worst)
        out[key] = colour
        used.append(colour)
    return out
