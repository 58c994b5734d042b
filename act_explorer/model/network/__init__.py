"""A small multi-layer perceptron in NumPy, with forward and backward passes written by hand.

This is what the training view teaches, so nothing here is hidden behind an autograd library:

* hidden layer l computes ``z_l = h_{l-1} @ W_l + b_l`` and ``h_l = f_l(z_l)``, where ``f_l`` is
  an entry of the catalogue (optionally a different one per layer);
* the output layer computes logits ``h_L @ W_out + b_out`` and a softmax over the K classes;
  the loss is the mean cross-entropy;
* the backward pass applies the chain rule layer by layer:
  ``dL/dlogits = (softmax - onehot) / B``, ``dL/dW_l = h_{l-1}^T dL/dz_l``,
  ``dL/db_l = sum_rows dL/dz_l``, ``dL/dh_{l-1} = dL/dz_l W_l^T`` and
  ``dL/dz_l = dL/dh_l * f_l'(z_l)``.

PReLU layers learn one negative slope per layer (``dL/da = sum(dL/dh * min(z, 0))``), started
at the ``init`` parameter.  RReLU layers draw a slope from U(lower, upper) for every element in
training and use the mean (lower + upper) / 2 when evaluating, as PyTorch does.

Weights are stored as ``W_l`` of shape (fan_in, fan_out).  All parameters live in one flat
array (:attr:`Network.params`; ``W``, ``b`` and ``slopes`` are views into it), so an optimiser
updates every parameter with a handful of vector operations and a snapshot is one copy.

Inputs are standardised inside the network (``(x - input_mean) / input_scale``, set from the
training data by the trainer), so every public method takes raw coordinates, the same ones the
data set keeps for plotting.  Set the scaling to (0, 1) to feed raw inputs.

Grid helpers (:func:`decision_grid`, :func:`unit_outputs_grid`) and :func:`layer_statistics`
return plain arrays for views to draw.  Methods that evaluate allocate their own arrays, so
several threads may evaluate (copies of) networks at once; only the trainer's training step
uses preallocated buffers (:class:`Workspace`).

The package holds one idea per module: :mod:`.activation` (a hidden layer's activation, its
fast paths and the max |f'| cache), :mod:`.mlp` (:class:`Network`, :class:`Workspace`, the
cross-entropy) and :mod:`.grids` (grids and layer statistics for the views).  Every name is
importable from ``act_explorer.model.network`` as before.
"""

from __future__ import annotations

# The private names are re-exported for the tests that look at the caches.
from .activation import _FAST, _PEAK_CACHE, _PEAK_CACHE_SIZE, HiddenActivation, _max_abs_df  # noqa: F401
from .grids import LayerStats, decision_grid, grid_points, layer_statistics, unit_outputs_grid
from .mlp import (  # noqa: F401
    DTYPES, HEADS, INITS, MAX_HIDDEN_LAYERS, MAX_UNITS, SATURATION_FRACTION, Backprop, LayerSpec,
    Network, NetworkError, Workspace, _cross_entropy, _quiet,
)

__all__ = [
    "INITS",
    "HEADS",
    "MAX_HIDDEN_LAYERS",
    "MAX_UNITS",
    "DTYPES",
    "NetworkError",
    "LayerSpec",
    "HiddenActivation",
    "Network",
    "Workspace",
    "LayerStats",
    "grid_points",
    "decision_grid",
    "unit_outputs_grid",
    "layer_statistics",
]
