"""One frame of the network view: :class:`UnitFrame` (everything drawn for one snapshot, and
the numbers of a node's tooltip), with the per-unit statistics over the training inputs that
the tooltip shows (:class:`UnitStats`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..network import LayerStats, Network
from .histograms import HistogramEntry
from .layout import Layout
from .links import Links
from .maps import Detail, _finite_range

ALIVE, DEAD, SATURATED = 0, 1, 2


@dataclass(frozen=True, eq=False)
class UnitStats:
    """Per hidden unit numbers over the training inputs (or a sample of them), one layer."""

    layer: int
    z_min: np.ndarray
    z_max: np.ndarray
    zero_grad_share: np.ndarray  # fraction of inputs with f'(z) = 0
    bias: np.ndarray
    n_samples: int
    n_train: int


def unit_statistics(net: Network, stats: Sequence[LayerStats], n_train: int) -> list[UnitStats]:
    out = []
    slopes = net.slopes()
    with np.errstate(all="ignore"):
        for l, st in enumerate(stats):
            z = st.z
            n = z.shape[0]
            act = net.activations[l]
            if n:
                d = act.derivative(z, slopes[l] or 0.0)
                zero = np.mean(d == 0, axis=0)
                zmin, zmax = z.min(axis=0), z.max(axis=0)
            else:
                zero = np.full(z.shape[1], np.nan)
                zmin = zmax = np.full(z.shape[1], np.nan)
            out.append(UnitStats(l + 1, zmin, zmax, zero.astype(np.float64),
                                 np.asarray(net.b[l], dtype=np.float64).copy(), n, int(n_train)))
    return out



@dataclass(frozen=True, eq=False)
class UnitFrame:
    """Everything the view draws for one snapshot.  Per-column lists are indexed by layer
    (0 inputs, 1..L hidden, L + 1 outputs); per-hidden-layer lists by layer - 1."""

    layout: Layout
    epoch: int
    steps: int
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    grid_n: int
    gap: int
    maps: list[np.ndarray]  # per column (units, n, n): raw values (see node_maps)
    offset: list[np.ndarray]  # per column, per unit
    scale: list[np.ndarray]
    strips: list[np.ndarray | None]  # per column, the stacked normalised image (None: collapsed)
    links: Links
    status: list[np.ndarray]  # per hidden layer, int8 ALIVE/DEAD/SATURATED
    died_at: list[np.ndarray]  # per hidden layer, epoch the current dead streak began, -1 alive
    counts: list[tuple[int, int, int]]  # per hidden layer (alive, dead, saturated)
    unit_stats: list[UnitStats]
    histograms: HistogramEntry
    activations: tuple[str, ...]
    diverged: str | None = None
    detail: "Detail | None" = None
    status_key: bytes = b""
    # per hidden layer, (units, 2): the epochs a unit died and came back (its last revival),
    # -1 where it never did; only units past the first hidden layer can revive.
    revived: list[np.ndarray] = field(default_factory=list)

    def revived_units(self, layer: int) -> list[tuple[int, int, int]]:
        """``(index, died, back)`` of the units of hidden layer ``layer`` (1-based) that died
        and came back, alive now (a unit dead again shows as dead)."""
        h = layer - 1
        if h >= len(self.revived):
            return []
        r = self.revived[h]
        ok = (r[:, 1] >= 0) & (self.status[h] != DEAD)
        return [(int(i), int(r[i, 0]), int(r[i, 1])) for i in np.flatnonzero(ok)]

    @property
    def n_hidden(self) -> int:
        return len(self.status)

    def strip_rect(self, layer: int) -> tuple[float, float, float, float]:
        """``(x, y, w, h)`` the strip image of a column covers."""
        c = self.layout.columns[layer]
        s = self.layout.node_size
        px = self.grid_n / s  # image rows per unit of pitch
        rows = self.strips[layer].shape[0]
        top = c.top
        return (c.x - s / 2, top - rows / px, s, rows / px)

    def thumbnail(self, layer: int, index: int) -> np.ndarray:
        """The normalised map of one node, as drawn (a view into the strip)."""
        img = self.strips[layer]
        u = self.layout.columns[layer].size
        n = self.grid_n
        r0 = (u - 1 - index) * (n + self.gap)
        return img[r0:r0 + n]

    def hover(self, layer: int, index: int) -> dict:
        """The numbers a tooltip shows for a node (all from the model)."""
        col = self.layout.columns[layer]
        info: dict = {"layer": layer, "index": index, "kind": col.kind, "epoch": self.epoch}
        if col.kind == "input":
            info["feature"] = index
            return info
        if col.kind == "output":
            info["class"] = index
            m = self.maps[layer][index]
            info["p_min"], info["p_max"] = _finite_range(m)
            return info
        h = layer - 1
        info["activation"] = self.activations[h]
        info["size"] = col.size
        info["counts"] = self.counts[h]
        if index < 0:  # a collapsed strip
            return info
        st = self.unit_stats[h]
        back = self.revived[h][index] if h < len(self.revived) else (-1, -1)
        info.update(
            status={ALIVE: "alive", DEAD: "dead", SATURATED: "saturated"}[int(self.status[h][index])],
            died_at=int(self.died_at[h][index]),
            revived=(int(back[0]), int(back[1])) if back[1] >= 0 else None,
            z_min=float(st.z_min[index]), z_max=float(st.z_max[index]),
            zero_grad_share=float(st.zero_grad_share[index]),
            bias=float(st.bias[index]),
            n_samples=st.n_samples, n_train=st.n_train,
        )
        return info
