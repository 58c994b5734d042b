"""Everything the network view draws, computed from a training :class:`~.training.Snapshot`
and its :class:`~.datasets.Dataset`.  No Qt here: the widget (``qt/network_view/``) only
reads what this package returns.

The diagram (TensorFlow Playground's network picture, plus what Playground never shows:
which units are dead or saturated, and since when):

* :class:`Layout` -- the geometry, which depends on the architecture only: one column per
  layer (inputs, hidden layers, outputs), node centres on a unit pitch, the end points of
  every link, and the collapse rule: a hidden layer wider than :data:`COLLAPSE_ABOVE` units
  is drawn as one summary strip (counts of alive / dead / saturated units) instead of nodes.
* :class:`Links` -- one segment per weight between two drawn columns, with its sign and
  ``thickness`` = |w| / max |w| of that layer's weights (in [0, 1]), and a ``level`` (the
  thickness quantised to :data:`LINK_LEVELS` pens) so the view draws a few polylines, not
  thousands of items.  Links that touch a collapsed layer are aggregated: one grey link per
  drawn node (thickness = RMS of its weights to/from the collapsed layer, normalised).
* Thumbnails -- each node's value over an n x n grid of the input plane (the region the
  decision boundary is drawn over, by default the data set's
  :meth:`~.datasets.Dataset.bounds` with the training panel's margin, and the same
  :func:`~.network.grid_points` convention): the raw coordinate for inputs,
  h = f(z) for hidden units (exactly :func:`~.network.unit_outputs_grid`), the class
  probability for outputs.  All from ONE batched forward pass per frame.  For drawing, each
  node's map is shown as ``(value - offset) / scale`` in [-1, 1] (hidden and inputs: offset 0,
  scale max |value| on the grid, so 0 stays white; outputs: offset 0.5, scale 0.5), and the
  nodes of a column are stacked into one image (:attr:`UnitFrame.strips`, NaN = transparent
  gap) so a column is one image item.
* Status -- alive / dead / saturated per hidden unit, the epoch each dead unit died and, for a
  unit that died and came back (possible past the first hidden layer), both epochs; read
  from the snapshot (the trainer's own lists, not recomputed).
* Unit statistics for hovering -- per hidden unit, over the training inputs (a deterministic
  sample of :data:`STATS_SAMPLES` when there are more): the pre-activation range, the share
  of inputs where f'(z) = 0 (no gradient flows through the unit), and its bias.
* Histograms -- per hidden layer, of the pre-activations z and of the per-example
  gradients log10 |dL/dz| (exact zeros counted apart), from :func:`~.network.layer_statistics`.
  Bin edges are fixed per layer and only re-chosen (robustly, from the 0.5-99.5 % quantiles)
  when the data drift out of them, so successive epochs are comparable.
  :class:`HistogramHistory` keeps a bounded record (:data:`HISTORY_CAPACITY` entries) of
  one histogram set per epoch for a time slider; when full it drops every other entry and
  then keeps every 2nd (4th, ...) epoch, so the record always spans the whole run, epoch 0
  included.

:class:`UnitViewModel` holds the state across frames (the layout, the bins, the history, the
selected unit) and turns one snapshot into one :class:`UnitFrame`.  It recomputes nothing
when the snapshot's network has not changed, and rebuilds the layout only when the
architecture changes.  It notices a restart by itself (another data set or architecture,
epoch or step count going back, new weights at the same step: a reset) and then clears the
history.  Per changed frame it computes the thumbnails, links and the selected unit's map;
the statistics and histograms at each new epoch (and every :data:`STATS_EVERY` changed
frames within one), since they cost more and change more slowly.  Layer indices follow the diagram's columns:
0 = inputs, 1..L = hidden layers, L + 1 = outputs.

One idea per module: :mod:`.layout`, :mod:`.links`, :mod:`.maps` (thumbnails and the
enlarged map), :mod:`.histograms`, :mod:`.frame` (:class:`UnitFrame`, unit statistics) and
:mod:`.viewmodel` (:class:`UnitViewModel`); every name is importable from
``act_explorer.model.unit_view`` as before.
"""

from __future__ import annotations

from .frame import ALIVE, DEAD, SATURATED, UnitFrame, UnitStats, unit_statistics
from .histograms import (
    HIST_BINS, HISTORY_CAPACITY, HistogramEntry, HistogramHistory, LayerHistogram, nice_ceiling,
    robust_edges,
)
from .layout import (  # noqa: F401
    ASPECT, COLLAPSE_ABOVE, MAX_COLUMN_SPACING, MIN_COLUMN_SPACING, NODE_SIZE, Column, Layout,
    architecture_key, build_layout,
)
from .links import GROUP_KINDS, LINK_LEVELS, Links, build_links
from .maps import DETAIL_N, GRID_MARGIN, THUMB_N, Detail, detail_map, node_maps, strip_image
from .viewmodel import STATS_EVERY, STATS_SAMPLES, UnitViewModel

__all__ = [
    "COLLAPSE_ABOVE",
    "THUMB_N",
    "GRID_MARGIN",
    "DETAIL_N",
    "NODE_SIZE",
    "LINK_LEVELS",
    "HIST_BINS",
    "HISTORY_CAPACITY",
    "STATS_SAMPLES",
    "STATS_EVERY",
    "GROUP_KINDS",
    "ALIVE",
    "DEAD",
    "SATURATED",
    "Column",
    "Layout",
    "Links",
    "UnitStats",
    "LayerHistogram",
    "HistogramEntry",
    "HistogramHistory",
    "UnitFrame",
    "Detail",
    "UnitViewModel",
    "build_layout",
    "build_links",
    "node_maps",
    "strip_image",
    "detail_map",
    "unit_statistics",
    "robust_edges",
    "nice_ceiling",
]
