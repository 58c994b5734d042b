"""The diagram's geometry, which depends on the architecture only: one column per layer
(inputs, hidden layers, outputs), node centres on a unit pitch, and the collapse rule (a hidden
layer wider than :data:`COLLAPSE_ABOVE` units is drawn as one summary strip)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..network import Network

COLLAPSE_ABOVE = 32  # hidden layers wider than this are drawn as a summary strip
NODE_SIZE = 0.8  # node side, in units of the node pitch (1.0)
MAX_COLUMN_SPACING = 10.0
MIN_COLUMN_SPACING = 3.0
ASPECT = 1.5  # width / height the diagram aims for


@dataclass(frozen=True, eq=False)
class Column:
    """One column of the diagram.

    ``layer`` is 0 for inputs, 1..L for hidden layers, L + 1 for outputs.  ``ys`` are the
    centres of the drawn nodes, top to bottom (empty when ``collapsed``); ``top``/``bottom``
    bound the column (nodes or summary strip).
    """

    kind: str  # "input" | "hidden" | "output"
    layer: int
    size: int
    activation: str
    collapsed: bool
    x: float
    ys: np.ndarray
    top: float
    bottom: float

    @property
    def drawn(self) -> int:
        return 0 if self.collapsed else self.size


@dataclass(frozen=True, eq=False)
class Layout:
    """Geometry of a diagram; depends only on the architecture (``key``)."""

    key: tuple
    columns: tuple[Column, ...]
    node_size: float
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax of columns (no labels)
    spacing: float
    link_opacity: float = 1.0  # suggested strength of link colours: less when links are dense

    @property
    def n_hidden(self) -> int:
        return len(self.columns) - 2

    def node_rect(self, layer: int, index: int) -> tuple[float, float, float, float]:
        """``(x, y, w, h)`` of a drawn node (lower-left corner, size); the strip if collapsed."""
        c = self.columns[layer]
        s = self.node_size
        if c.collapsed:
            return (c.x - s / 2, c.bottom, s, c.top - c.bottom)
        return (c.x - s / 2, float(c.ys[index]) - s / 2, s, s)

    def node_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The ``(layer, index)`` of the node under the point, or None (index -1: a strip)."""
        s = self.node_size / 2
        for c in self.columns:
            if abs(x - c.x) > s:
                continue
            if c.collapsed:
                return (c.layer, -1) if c.bottom <= y <= c.top else None
            if c.size == 0:
                return None
            # ys are equally spaced by 1, descending from ys[0]
            i = int(round(float(c.ys[0]) - y))
            if 0 <= i < c.size and abs(y - float(c.ys[i])) <= s:
                return (c.layer, i)
            return None
        return None


def architecture_key(net: Network) -> tuple:
    return (net.sizes, tuple(a.label for a in net.activations))


def build_layout(sizes: Sequence[int], activations: Sequence[str] = (),
                 collapse_above: int = COLLAPSE_ABOVE) -> Layout:
    """Layout for a network of layer ``sizes`` (inputs, hidden..., outputs)."""
    sizes = tuple(int(s) for s in sizes)
    if len(sizes) < 3:
        raise ValueError("a network diagram needs inputs, at least one hidden layer and outputs")
    L = len(sizes) - 2
    acts = tuple(activations) + ("",) * (L - len(activations))
    collapsed = [False] + [s > collapse_above for s in sizes[1:-1]] + [False]
    shown = [s for s, c in zip(sizes, collapsed) if not c]
    tallest = max(shown) if shown else 1
    strip_h = float(max(4, min(16, tallest)))
    height = max(float(tallest), strip_h if any(collapsed) else 0.0)
    n_cols = len(sizes)
    spacing = min(MAX_COLUMN_SPACING, max(MIN_COLUMN_SPACING, ASPECT * height / (n_cols - 1)))
    s = NODE_SIZE
    cols = []
    for l, (n, col_c) in enumerate(zip(sizes, collapsed)):
        kind = "input" if l == 0 else "output" if l == n_cols - 1 else "hidden"
        x = l * spacing
        if col_c:
            ys = np.zeros(0)
            top, bottom = strip_h / 2, -strip_h / 2
        else:
            ys = (n - 1) / 2.0 - np.arange(n, dtype=np.float64)
            top, bottom = float(ys[0]) + s / 2, float(ys[-1]) - s / 2
        ys.setflags(write=False)
        cols.append(Column(kind, l, n, acts[l - 1] if kind == "hidden" else "", col_c, x, ys,
                           top, bottom))
    xmin, xmax = -s / 2, (n_cols - 1) * spacing + s / 2
    ymin = min(c.bottom for c in cols)
    ymax = max(c.top for c in cols)
    dense = max((a.drawn * b.drawn for a, b in zip(cols[:-1], cols[1:])), default=0)
    opacity = min(1.0, max(0.35, math.sqrt(256.0 / dense))) if dense else 1.0
    return Layout((sizes, acts, collapse_above), tuple(cols), s, (xmin, xmax, ymin, ymax), spacing,
                  opacity)
