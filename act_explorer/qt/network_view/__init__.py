"""The network view: every unit of the training network, which ones died, and what each learned.

A TensorFlow Playground style diagram -- inputs, hidden layers and outputs in columns, links
coloured by the sign of their weight (blue positive, orange negative) and thickened by |w|,
every node a thumbnail of its output over the input plane -- plus what Playground never
shows: dead units are greyed and crossed out with the epoch they died (†N), saturated units
get a dashed amber ring, and a hidden layer wider than 32 units collapses into a strip with
its alive / dead / saturated counts.  Hovering a unit shows its pre-activation range over the
training inputs, the share of them with f'(z) = 0 and when it died; clicking it enlarges its
map beside the diagram.  Below, per hidden layer, histograms of the pre-activations and of
the gradients, with a slider to look back through the epochs.

Drawing is built for the frame budget (tests/benchmarks/bench_network_view.py): all of it
lives in one pyqtgraph GraphicsLayoutWidget (so the standard exporters work); a column of
thumbnails is one image; links are a few path items, one per colour and thickness, with
opaque pens (antialiased only for the strongest); labels and histograms are plain Qt items
painted in C++; what changes rarely (axes, titles, labels, marks) is cached; ranges come
from the model so no axis re-lays out every frame.

Everything drawn comes from :mod:`act_explorer.model.unit_view` (this package computes
nothing; it formats numbers and places items).  API for the training panel:

* ``NetworkView(parent=None)``; ``update_frame(snapshot, dataset[, bounds])`` once per GUI
  frame (cheap when nothing changed; items are reused and updated in place, the scene is
  rebuilt only when the architecture changes); ``clear()``.
* ``export_item``: the whole picture (diagram, enlarged map, legend, histograms) as one
  pyqtgraph layout for :func:`~.plotting.export_png` / :func:`~.plotting.export_svg`;
  ``diagram_item`` and ``histogram_item`` export the parts on their own.
* ``selected_unit`` (``(layer, index)`` or None; layer 0 = inputs, 1..L hidden, L + 1
  outputs), ``select_unit(layer, index)`` and the signal ``unit_selected(layer, index)``.

One idea per module: :mod:`.view` (the widget), :mod:`.items` (colours, pens, the graphics
items), :mod:`.histograms` (the histogram plots), :mod:`.detail` (the enlarged map),
:mod:`.tooltip` (a node's tooltip text).  ``act_explorer.qt.network_view`` exports what it
did as one module.
"""

from __future__ import annotations

from .items import AGG_GREY, AMBER, ANTIALIAS_FROM_LEVEL, BLUE, CACHE, FRAME_GREY, ORANGE, diverging_lut  # noqa: F401
from .view import NetworkView

__all__ = ["NetworkView", "BLUE", "ORANGE", "AGG_GREY", "AMBER", "FRAME_GREY", "ANTIALIAS_FROM_LEVEL", "CACHE"]
