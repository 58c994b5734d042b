"""Signal and gradient propagation through a deep random network (the "depth" feature).

A fully connected stack of ``L`` square layers of width ``W``: ``h_l = c Z_l x_{l-1} + s_b b_l``,
``x_l = phi(h_l)`` with ``Z_l`` and ``b_l`` standard normal, ``c = s_w / sqrt(W)`` (so the
weights are N(0, s_w^2 / fan_in)) and inputs ``x_0 ~ N(0, 1)``.  Two ways to look at it:

* :func:`simulate` - Monte Carlo: forward a batch through one random network, backpropagate a
  random gradient from the top and measure, per layer, the RMS of the gradient with respect to
  the pre-activations (normalised so the last layer is 1), the activation RMS and mean, the
  fraction of dead units (f' = 0 for every input) and of saturated unit-input pairs
  (|f'| < 1 % of max |f'|).
* :func:`theory` - the mean-field recursion of Poole et al. 2016 / Schoenholz et al. 2017:
  ``q_{l+1} = s_w^2 E[phi(sqrt(q_l) z)^2] + s_b^2``, ``chi_l = s_w^2 E[phi'(sqrt(q_l) z)^2]``,
  predicted gradient RMS at layer l of an L-layer net = prod_{k=l}^{L-1} sqrt(chi_k), and the
  depth scale ``xi = -1/ln chi*`` at the fixed point (see :func:`fixed_point`).  Gaussian
  expectations use :mod:`.gaussian` (panels split at the kinks), not plain Gauss-Hermite.

Both return an object holding per-layer arrays for the full requested depth; ``view(L)``
returns the :class:`DepthSeries` of a network of ``L`` layers without recomputation.

The package, one idea per module:

* :mod:`.config` - limits, init presets, :class:`DepthConfig` (validated, hashable);
* :mod:`.profile` - what the simulation needs to know about phi (:class:`FunctionProfile`);
* :mod:`.weights` - the random numbers, drawn per (seed, width, layer) and cached;
* :mod:`.series` - :class:`DepthSeries`, the per-layer columns a plot or a CSV shows;
* :mod:`.simulation` - :func:`simulate` (its docstring holds the measured design decisions);
* :mod:`.architectures` - the residual, residual + LayerNorm and BatchNorm networks;
* :mod:`.meanfield` - :func:`theory`, :func:`fixed_point`, :func:`critical_sigma_w`;
* :mod:`.meanfield_arch` - the theory of the other architectures, where there is one;
* :mod:`.readouts` - the sentences about the numbers and how figures are written
  (:mod:`.readouts_arch` for the other architectures);
* :mod:`.state` - :class:`DepthState`, the depth panel's settings;
* :mod:`.results` - :func:`compute`, :class:`DepthResult`, :class:`ResultCache`, the CSV;
* :mod:`.session` - :class:`DepthSession`, what the panel asks to be computed and the caches.

Everything public is importable from here (``from act_explorer.model import depth as D``).
"""

from __future__ import annotations

from .config import (
    ARCH_LABELS, ARCHS, BRANCH_SQRT, RESIDUAL_ARCHS, WEIGHT_KINDS,
    CSV_HEADER, INIT_LABELS, INITS, MAX_BATCH, MAX_DEPTH, MAX_WIDTH, SIGMA_MAX, Cancelled,
    DepthConfig, DepthError, init_sigma_w2,
)
from .profile import FunctionProfile, function_profile, max_abs_derivative
from .weights import clear_weight_cache, input_batch, layer_weights, top_gradient
from .series import DepthSeries, slope_product
from .simulation import DepthSimulation, simulate
from .meanfield import DepthTheory, FixedPoint, critical_sigma_w, fixed_point, theory
from .readouts import READOUT_TEMPLATES, Readout, format_layers, format_ratio, readout
from .state import DepthState
from .results import DepthResult, DepthView, ResultCache, compute, results_csv
from .session import DepthSession

# Reached from here by other modules (phase, jacobian) and by tests and benchmarks.
from .config import _ACT_FLOOR, _ACT_LIMIT, CRITICAL_BAND, SATURATION_LEVEL  # noqa: F401
from .profile import _KERNEL_CACHE_BYTES, _Kernel, _kernel_lru  # noqa: F401
from .weights import _WEIGHT_CACHE_BYTES, _WEIGHTS, _rng, _WeightCache  # noqa: F401
from .simulation import _Forward, _single_thread_blas  # noqa: F401
from .meanfield import _mom  # noqa: F401

__all__ = [
    "INITS",
    "ARCHS",
    "ARCH_LABELS",
    "RESIDUAL_ARCHS",
    "WEIGHT_KINDS",
    "BRANCH_SQRT",
    "INIT_LABELS",
    "MAX_DEPTH",
    "MAX_WIDTH",
    "MAX_BATCH",
    "SIGMA_MAX",
    "CSV_HEADER",
    "DepthError",
    "Cancelled",
    "DepthConfig",
    "DepthSeries",
    "DepthSimulation",
    "DepthTheory",
    "FixedPoint",
    "FunctionProfile",
    "init_sigma_w2",
    "function_profile",
    "max_abs_derivative",
    "simulate",
    "theory",
    "fixed_point",
    "critical_sigma_w",
    "slope_product",
    "format_ratio",
    "format_layers",
    "clear_weight_cache",
    "layer_weights",
    "input_batch",
    "top_gradient",
    "Readout",
    "READOUT_TEMPLATES",
    "readout",
    "DepthState",
    "DepthResult",
    "DepthView",
    "ResultCache",
    "compute",
    "results_csv",
    "DepthSession",
]
