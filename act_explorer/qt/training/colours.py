"""Colours of the training pictures: the classes' colours (shared with the network view), the
dead-units layers' colours, the decision boundary's heat map and the runs' line colours.

Classes follow TensorFlow Playground: class 0 orange, class 1 blue (white in between on the
boundary's heat map of P(class 1)); further classes take colours from the colour-blind-safe
palettes, without the pale yellow (#F0E442) the function palette avoids, which almost
vanishes on a light background.
"""

from __future__ import annotations

import numpy as np

from ...model import colours
from ...model.curves import colour_for
from .. import theme

ORANGE = "#f59322"
BLUE = "#0877bd"
# The one list of class colours: the boundary's points and picture, and the network view's.
CLASS_COLOURS = (ORANGE, BLUE, "#009E73", "#CC79A7", "#882255", "#56B4E9", "#E69F00", "#332288",
                 "#8C6D31", "#E15759", "#76B7B2", "#59A14F", "#B07AA1", "#9C755F", "#666666",
                 "#1B9E77")
LAYER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255",
                 "#000000")
BACKGROUND_LIGHTEN = 0.35          # the heat map is this much lighter than the points


def class_colour(k: int) -> str:
    """The colour of class ``k`` (the list repeats past its end)."""
    return CLASS_COLOURS[int(k) % len(CLASS_COLOURS)]


def layer_colour(layer: int) -> str:
    """The dead-units line of hidden layer ``layer`` (from 0), as drawn on this theme."""
    return theme.line_colour(LAYER_COLOURS[layer % len(LAYER_COLOURS)])


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64)


def _lighten(rgb: np.ndarray, amount: float) -> np.ndarray:
    return rgb + (255.0 - rgb) * amount


def probability_lut(n: int = 256) -> np.ndarray:
    """(n, 3) uint8: P(class 1) from 0 (orange) through white-grey to 1 (blue), lightened."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    lo, mid, hi = _rgb(ORANGE), np.array([232.0, 234.0, 235.0]), _rgb(BLUE)
    lo, hi = _lighten(lo, BACKGROUND_LIGHTEN), _lighten(hi, BACKGROUND_LIGHTEN)
    left = lo + (mid - lo) * (t / 0.5)
    right = mid + (hi - mid) * ((t - 0.5) / 0.5)
    out = np.where(t < 0.5, left, right)
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def class_lut(k: int) -> np.ndarray:
    cols = [_lighten(_rgb(class_colour(i)), 0.55) for i in range(k)]
    return np.clip(np.round(np.array(cols)), 0, 255).astype(np.uint8)


_PROB_LUT = probability_lut()
_NAN_RGB = np.array([200, 200, 200], dtype=np.uint8)


def grid_image(values: np.ndarray, kind: str, n_classes: int) -> np.ndarray:
    """The (n, n, 3) uint8 picture of a decision grid (row 0 = the lowest y)."""
    if kind == "probability":
        v = np.asarray(values, dtype=np.float64)
        ok = np.isfinite(v)
        idx = np.zeros(v.shape, dtype=np.int64)
        idx[ok] = np.clip(np.round(v[ok] * (len(_PROB_LUT) - 1)), 0, len(_PROB_LUT) - 1).astype(np.int64)
        img = _PROB_LUT[idx]
        img[~ok] = _NAN_RGB
        return img
    lut = class_lut(n_classes)
    return lut[np.clip(np.asarray(values, dtype=np.int64), 0, n_classes - 1)]


def distinct_colours(activations: list[str]) -> list[str]:
    """The line colour of each run (by its first activation), as drawn on this theme: its
    function's colour (``colour_for``) unless too close to an earlier run's (linear and ReLU
    are both pinks); then the first palette colour far enough from every colour in use
    (:func:`~...model.colours.assign`)."""
    cmap = colours.assign(((i, colour_for(a)) for i, a in enumerate(activations)),
                          transform=theme.line_colour)
    return [theme.line_colour(cmap[i]) for i in range(len(activations))]
