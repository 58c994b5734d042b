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
"""

from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from . import catalogue
from .domain import check_usable
from .catalogue import Activation
from .softmax import stable_softmax as _softmax

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

INITS: tuple[str, ...] = ("xavier", "he", "lecun", "uniform")
MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 256
DTYPES: tuple[str, ...] = ("float64", "float32")
# Output heads: "softmax" (classes, cross-entropy) or "linear" (regression: the outputs are the
# values themselves, trained with the mean squared error by :meth:`Network.mse_gradient`).
HEADS: tuple[str, ...] = ("softmax", "linear")
# A unit is saturated when |f'(z)| < SATURATION_FRACTION * max|f'| for every training input.
SATURATION_FRACTION = 0.01


class NetworkError(ValueError):
    """A network shape or option that is not allowed; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class LayerSpec:
    """One hidden layer: its width and its activation (catalogue id and parameters)."""

    units: int
    activation: str = "relu"
    params: Mapping[str, float] = field(default_factory=dict)


def _quiet(method):
    """Run ``method`` under np.errstate(all="ignore").

    A network with huge (but finite) weights may overflow; evaluation then returns inf/NaN,
    which callers check for, instead of emitting NumPy warnings.
    """

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with np.errstate(all="ignore"):
            return method(*args, **kwargs)

    return wrapper


# ---- activations as the network uses them ------------------------------------------------

_FAST = {"relu": "relu", "leaky_relu": "leaky", "prelu": "prelu", "rrelu": "rrelu",
         "tanh": "tanh", "sigmoid": "sigmoid"}


_PEAK_CACHE: OrderedDict[tuple, float] = OrderedDict()
_PEAK_CACHE_SIZE = 64
_peak_lock = threading.Lock()


def _max_abs_df(entry: Activation, params: Mapping[str, float]) -> float:
    """max |f'(x)| over x in [-60, 60] (step 5e-4), cached per function and parameters.

    The cache is keyed by the entry itself (held by the key, so never confused with a later
    object) and the parameters: a typed function replaced under the same id is recomputed.
    It keeps the 64 most recent."""
    key = (entry, tuple(sorted(params.items())))
    with _peak_lock:
        hit = _PEAK_CACHE.get(key)
        if hit is not None:
            _PEAK_CACHE.move_to_end(key)
            return hit
    x = np.linspace(-60.0, 60.0, 240_001)
    with np.errstate(all="ignore"):
        d = np.abs(np.asarray(entry.df_impl(x, **params), dtype=np.float64))
    d = d[np.isfinite(d)]
    peak = float(d.max()) if d.size else 0.0
    with _peak_lock:
        _PEAK_CACHE[key] = peak
        _PEAK_CACHE.move_to_end(key)
        while len(_PEAK_CACHE) > _PEAK_CACHE_SIZE:
            _PEAK_CACHE.popitem(last=False)
    return peak


class HiddenActivation:
    """The activation of one hidden layer: a catalogue entry with its parameters fixed.

    ReLU, leaky ReLU, PReLU, RReLU, tanh and sigmoid have in-place fast paths; every other
    entry (including functions the user typed) goes through the catalogue's ``f``/``df``.
    """

    def __init__(self, entry: Activation | str, params: Mapping[str, float] | None = None):
        if isinstance(entry, str):
            entry = catalogue.get(entry)
        self.entry = entry
        self.id = entry.id
        self.params = entry.resolve(params or {})
        self.f, self.df = entry.bind(**self.params)
        self.kind = _FAST.get(self.id, "generic")
        self.learnable = self.kind == "prelu"
        self.init_slope = float(self.params.get("init", 0.0))
        if self.kind == "leaky":
            self.fixed_slope = float(self.params["negative_slope"])
        elif self.kind == "rrelu":
            self.lower = float(self.params["lower"])
            self.upper = float(self.params["upper"])
            self.fixed_slope = (self.lower + self.upper) / 2.0
        else:
            self.fixed_slope = 0.0

    def __repr__(self) -> str:
        ps = ", ".join(f"{k}={v:g}" for k, v in self.params.items())
        return f"HiddenActivation({self.id}{', ' + ps if ps else ''})"

    @property
    def label(self) -> str:
        """Short text for a diagram: id and non-default parameters."""
        d = self.entry.defaults()
        ps = [f"{k}={v:g}" for k, v in self.params.items() if d.get(k) != v]
        return f"{self.id}({', '.join(ps)})" if ps else self.id

    def he_slope(self) -> float:
        """The negative slope a in He's gain 2 / (1 + a^2) (0 unless a leaky ReLU variant)."""
        if self.kind == "prelu":
            return self.init_slope
        return self.fixed_slope

    def max_abs_derivative(self, slope: float | None = None) -> float:
        """max over x of |f'(x)|, the scale against which saturation is judged."""
        if self.kind in ("prelu", "leaky", "rrelu"):
            a = self.fixed_slope if slope is None else slope
            return max(1.0, abs(a))
        if self.kind == "relu" or self.kind == "tanh":
            return 1.0
        if self.kind == "sigmoid":
            return 0.25
        return _max_abs_df(self.entry, self.params)

    # -- evaluation (allocating) --------------------------------------------------------
    def forward(self, z: np.ndarray, slope: float = 0.0, noise: np.ndarray | None = None,
                out: np.ndarray | None = None) -> np.ndarray:
        """f(z).  ``slope`` is PReLU's current slope; ``noise`` RReLU's sampled slopes."""
        if out is None:
            out = np.empty_like(z)
        k = self.kind
        if k == "relu":
            np.maximum(z, 0.0, out=out)
        elif k in ("leaky", "prelu", "rrelu"):
            a = noise if noise is not None else (slope if k == "prelu" else self.fixed_slope)
            np.multiply(z, a, out=out)
            # max(z, a z) is z for z > 0 and a z below when a <= 1 (min when a > 1); RReLU's
            # sampled slopes lie in [0, 1].
            if noise is None and a > 1.0:
                np.minimum(z, out, out=out)
            else:
                np.maximum(z, out, out=out)
        elif k == "tanh":
            np.tanh(z, out=out)
        else:
            out[...] = self.f(z)
        return out

    def derivative(self, z: np.ndarray, slope: float = 0.0, noise: np.ndarray | None = None) -> np.ndarray:
        """f'(z) with PyTorch's choice at the kinks (a new array, the dtype of z)."""
        k = self.kind
        if k == "relu":
            return (z > 0).astype(z.dtype)
        if k in ("leaky", "prelu", "rrelu"):
            a = noise if noise is not None else (slope if k == "prelu" else self.fixed_slope)
            out = (z > 0).astype(z.dtype)  # 1 where z > 0, else a (also at z = 0)
            out *= 1.0 - a
            out += a
            return out
        return np.asarray(self.df(z), dtype=z.dtype)

    # -- training (in place, into a workspace) ------------------------------------------
    def forward_train(self, z: np.ndarray, out: np.ndarray, slope: float,
                      noise: np.ndarray | None, rng: np.random.Generator | None,
                      fprime: np.ndarray) -> None:
        """h = f(z) into ``out``.  Piecewise-linear kinds also leave f'(z) in ``fprime``.

        ReLU, leaky ReLU, PReLU and RReLU are h = z * f'(z), so f'(z) is computed first and
        kept for the backward pass.  RReLU draws its slopes from ``rng`` (mean slope if None).
        """
        k = self.kind
        if k == "relu":
            np.greater(z, 0.0, out=fprime)
            np.multiply(z, fprime, out=out)
        elif k == "tanh":
            np.tanh(z, out=out)
        elif k in ("leaky", "prelu", "rrelu"):
            np.greater(z, 0.0, out=fprime)
            if k == "rrelu":
                assert noise is not None
                if rng is None:
                    noise.fill(self.fixed_slope)
                else:
                    rng.random(dtype=noise.dtype, out=noise)
                    noise *= self.upper - self.lower
                    noise += self.lower
                np.maximum(fprime, noise, out=fprime)  # slopes are in [0, 1]
            elif k == "leaky":
                np.maximum(fprime, self.fixed_slope, out=fprime)  # slope in [0, 1]
            else:  # PReLU: the learned slope may be any number
                fprime *= 1.0 - slope
                fprime += slope
            np.multiply(z, fprime, out=out)
        else:
            out[...] = self.f(z)

    def backward_train(self, dh: np.ndarray, z: np.ndarray, h: np.ndarray, slope: float,
                       noise: np.ndarray | None, fprime: np.ndarray) -> float | None:
        """Turn dL/dh into dL/dz in place; return dL/dslope for PReLU, else None.

        ``z`` may be used as scratch (it is not needed after the backward pass).
        """
        k = self.kind
        if k in ("relu", "leaky", "rrelu"):
            np.multiply(dh, fprime, out=dh)
            return None
        if k == "prelu":
            # dL/da = sum over z <= 0 of dL/dh * z
            np.minimum(z, 0.0, out=z)
            g = float(np.vdot(dh, z))
            np.multiply(dh, fprime, out=dh)
            return g
        if k == "tanh":
            # tanh' = 1 - tanh^2, from the stored output.
            np.multiply(h, h, out=z)
            np.subtract(1.0, z, out=z)
            np.multiply(dh, z, out=dh)
            return None
        if k == "sigmoid":
            np.subtract(1.0, h, out=z)
            np.multiply(z, h, out=z)
            np.multiply(dh, z, out=dh)
            return None
        dh *= np.asarray(self.df(z), dtype=dh.dtype)
        return None


# ---- the network ---------------------------------------------------------------------------

class Network:
    """An MLP ``n_inputs -> hidden layers -> n_classes`` with softmax cross-entropy output."""

    def __init__(self, layers: Sequence[LayerSpec], n_inputs: int = 2, n_classes: int = 2,
                 dtype: str = "float64", head: str = "softmax"):
        layers = tuple(layers)
        if not 1 <= len(layers) <= MAX_HIDDEN_LAYERS:
            raise NetworkError(f"the network needs 1 to {MAX_HIDDEN_LAYERS} hidden layers, got {len(layers)}")
        for i, spec in enumerate(layers, start=1):
            if not (isinstance(spec.units, (int, np.integer)) and 1 <= spec.units <= MAX_UNITS):
                raise NetworkError(f"hidden layer {i} must have 1 to {MAX_UNITS} units, got {spec.units}")
        if head not in HEADS:
            raise NetworkError(f"unknown output head {head!r}; use one of {', '.join(HEADS)}")
        if head == "linear" and (n_inputs < 1 or n_classes < 1):
            raise NetworkError("a regression network needs at least 1 input and 1 output")
        if head == "softmax" and (n_inputs < 1 or n_classes < 2):
            raise NetworkError("the network needs at least 1 input and 2 classes")
        self.head = head
        if str(dtype) not in DTYPES:
            raise NetworkError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
        self.layers = layers
        self.dtype = np.dtype(str(dtype))
        self.sizes: tuple[int, ...] = (int(n_inputs), *(int(s.units) for s in layers), int(n_classes))
        self.activations = tuple(HiddenActivation(s.activation, s.params) for s in layers)
        for act in self.activations:
            problem = check_usable(act.entry, act.params)   # typed 1/x, sqrt(-x), exp(710)
            if problem:
                raise NetworkError(problem)
        # Layout of the flat parameter vector: W_1, b_1, ..., W_out, b_out, PReLU slopes.
        slices = []
        off = 0
        for fi, fo in zip(self.sizes[:-1], self.sizes[1:]):
            slices.append(((off, off + fi * fo, (fi, fo)), (off + fi * fo, off + fi * fo + fo)))
            off += fi * fo + fo
        self._slices = slices
        self._slope_index: list[int | None] = []
        for act in self.activations:
            if act.learnable:
                self._slope_index.append(off)
                off += 1
            else:
                self._slope_index.append(None)
        self.n_params = off
        self.params = np.zeros(off, dtype=self.dtype)
        self._make_views()
        for act, idx in zip(self.activations, self._slope_index):
            if idx is not None:
                self.params[idx] = act.init_slope
        # 1 for weights (L2 applies), 0 for biases and slopes.
        mask = np.zeros(off, dtype=self.dtype)
        for (w0, w1, _), _b in slices:
            mask[w0:w1] = 1.0
        self.weight_mask = mask
        self.input_mean = np.zeros(self.sizes[0], dtype=np.float64)
        self.input_scale = np.ones(self.sizes[0], dtype=np.float64)

    def _make_views(self) -> None:
        p = self.params
        self.W = [p[w0:w1].reshape(shape) for (w0, w1, shape), _ in self._slices]
        self.b = [p[b0:b1] for _, (b0, b1) in self._slices]
        # [W; b] as one (fan_in + 1, fan_out) block: the bias row follows the weights in memory.
        self._wb = [p[w0:b1].reshape(shape[0] + 1, shape[1]) for (w0, _w1, shape), (_b0, b1) in self._slices]

    # -- structure ------------------------------------------------------------------------
    @property
    def n_hidden(self) -> int:
        return len(self.layers)

    @property
    def hidden_sizes(self) -> tuple[int, ...]:
        return self.sizes[1:-1]

    @property
    def n_classes(self) -> int:
        return self.sizes[-1]

    @property
    def n_hidden_units(self) -> int:
        return sum(self.hidden_sizes)

    def slopes(self) -> list[float | None]:
        """Current PReLU slope of each hidden layer (None for other activations)."""
        return [None if i is None else float(self.params[i]) for i in self._slope_index]

    def _slope(self, layer: int) -> float:
        i = self._slope_index[layer]
        return 0.0 if i is None else float(self.params[i])

    def parameter_layout(self) -> list[tuple[str, slice, tuple[int, ...]]]:
        """``(name, slice into params, shape)`` for every parameter block, in order."""
        out = []
        n = len(self._slices)
        for l, ((w0, w1, shape), (b0, b1)) in enumerate(self._slices):
            tag = "out" if l == n - 1 else str(l + 1)
            out.append((f"W{tag}", slice(w0, w1), shape))
            out.append((f"b{tag}", slice(b0, b1), (shape[1],)))
        for l, i in enumerate(self._slope_index):
            if i is not None:
                out.append((f"slope{l + 1}", slice(i, i + 1), ()))
        return out

    def describe(self) -> str:
        acts = ", ".join(a.label for a in self.activations)
        return f"MLP {'-'.join(map(str, self.sizes))} [{acts}] ({self.n_params} parameters, {self.dtype})"

    # -- state ----------------------------------------------------------------------------
    def copy(self) -> "Network":
        """An independent copy (the activations, which are immutable, are shared)."""
        new = object.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.params = self.params.copy()
        new.input_mean = self.input_mean.copy()
        new.input_scale = self.input_scale.copy()
        new._make_views()
        return new

    def get_params(self) -> np.ndarray:
        return self.params.copy()

    def set_params(self, flat: np.ndarray) -> None:
        flat = np.asarray(flat)
        if flat.shape != self.params.shape:
            raise NetworkError(f"expected {self.params.size} parameters, got {flat.size}")
        self.params[...] = flat

    def set_input_scaling(self, mean, scale) -> None:
        mean = np.asarray(mean, dtype=np.float64).reshape(self.sizes[0])
        scale = np.asarray(scale, dtype=np.float64).reshape(self.sizes[0])
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(scale)) and np.all(scale > 0)):
            raise NetworkError("input scaling must be finite with positive scale")
        self.input_mean = mean.copy()
        self.input_scale = scale.copy()

    def fit_input_scaling(self, x: np.ndarray) -> None:
        """Standardise inputs with the mean and standard deviation of ``x`` (training data)."""
        x = np.asarray(x, dtype=np.float64)
        sd = x.std(axis=0)
        self.set_input_scaling(x.mean(axis=0), np.where(sd > 1e-12, sd, 1.0))

    def initialize(self, scheme: str = "he", rng: np.random.Generator | int | None = 0) -> None:
        """Draw the weights with an init preset; biases 0; PReLU slopes at their ``init``.

        xavier: N(0, 2/(fan_in+fan_out)); he: N(0, 2/((1+a^2) fan_in)) with a the negative
        slope of the leaky ReLU variant that produces the layer's inputs (0 for other
        activations; the first layer uses its own activation's); lecun: N(0, 1/fan_in);
        uniform: U(-0.5, 0.5) as TensorFlow Playground initialises.
        """
        if scheme not in INITS:
            raise NetworkError(f"unknown init {scheme!r}; use one of {', '.join(INITS)}")
        if not isinstance(rng, np.random.Generator):
            rng = np.random.default_rng(rng)
        for l, (fi, fo) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            if scheme == "uniform":
                w = rng.uniform(-0.5, 0.5, size=(fi, fo))
            else:
                if scheme == "xavier":
                    var = 2.0 / (fi + fo)
                elif scheme == "lecun":
                    var = 1.0 / fi
                else:
                    # a of the activation that produces this layer's inputs (for the first
                    # layer, whose inputs are the data, that of its own activation).
                    a = self.activations[max(l - 1, 0)].he_slope()
                    var = 2.0 / ((1.0 + a * a) * fi)
                w = rng.standard_normal((fi, fo)) * math.sqrt(var)
            self.W[l][...] = w
            self.b[l][...] = 0.0
        for act, idx in zip(self.activations, self._slope_index):
            if idx is not None:
                self.params[idx] = act.init_slope

    # -- evaluation -----------------------------------------------------------------------
    def standardize(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.sizes[0]:
            raise NetworkError(f"inputs must have shape (n, {self.sizes[0]}), got {x.shape}")
        return ((x - self.input_mean) / self.input_scale).astype(self.dtype, copy=False)

    @_quiet
    def forward(self, x, *, standardized: bool = False, training: bool = False,
                rng: np.random.Generator | None = None, noises: list | None = None,
                ) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray]:
        """``(zs, hs, logits)``: pre-activations and outputs of each hidden layer, and logits.

        ``training=True`` with an ``rng`` samples RReLU slopes (the same way a training step
        does; they are appended to ``noises`` if given); otherwise RReLU uses its mean slope.
        Allocates its own arrays.
        """
        h = np.asarray(x, dtype=self.dtype) if standardized else self.standardize(x)
        zs, hs = [], []
        for l, act in enumerate(self.activations):
            z = h @ self.W[l]
            z += self.b[l]
            noise = None
            if act.kind == "rrelu" and training and rng is not None:
                noise = np.empty_like(z)
                rng.random(dtype=noise.dtype, out=noise)
                noise *= act.upper - act.lower
                noise += act.lower
            if noises is not None:
                noises.append(noise)
            h = act.forward(z, self._slope(l), noise)
            zs.append(z)
            hs.append(h)
        logits = h @ self.W[-1]
        logits += self.b[-1]
        return zs, hs, logits

    def logits(self, x) -> np.ndarray:
        return self.forward(x)[2]

    @_quiet
    def predict_proba(self, x) -> np.ndarray:
        """Class probabilities, shape (n, K), float64."""
        lg = np.asarray(self.logits(x), dtype=np.float64)
        return _softmax(lg)

    @_quiet
    def predict(self, x) -> np.ndarray:
        return np.argmax(self.logits(x), axis=1)

    @_quiet
    def loss(self, x, y) -> float:
        """Mean cross-entropy (no L2 term) on raw inputs ``x`` and labels ``y``."""
        return _cross_entropy(np.asarray(self.logits(x), dtype=np.float64), np.asarray(y))

    @_quiet
    def accuracy(self, x, y) -> float:
        y = np.asarray(y)
        if y.size == 0:
            return float("nan")
        return float(np.mean(self.predict(x) == y))

    @_quiet
    def unit_status(self, x, *, standardized: bool = False,
                    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per hidden layer, boolean masks ``(dead, saturated)`` over inputs ``x``.

        Dead: f'(z) = 0 for every input.  Saturated: not dead, and |f'(z)| < 1% of max|f'|
        for every input.  (Evaluation mode: RReLU at its mean slope.)
        """
        zs, _, _ = self.forward(x, standardized=standardized)
        return self._status_from_z(zs)

    def _status_from_z(self, zs: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        return self.status_from_peaks(self.derivative_peaks(zs))

    def derivative_peaks(self, zs: Sequence[np.ndarray], hs: Sequence[np.ndarray] | None = None,
                         ) -> list[np.ndarray]:
        """Per hidden layer, max over the rows of |f'(z)| for each unit (evaluation mode).

        For ReLU, ``hs`` (the outputs, if at hand) give the same answer faster: the peak is 1
        exactly when some z > 0, i.e. when the unit's outputs do not sum to 0.
        """
        peaks = []
        for l, (act, z) in enumerate(zip(self.activations, zs)):
            if act.kind == "relu":
                h = np.maximum(z, 0.0) if hs is None else hs[l]
                peaks.append(((np.ones(h.shape[0], h.dtype) @ h) != 0).astype(np.float64))
            elif z.shape[0] == 0:
                peaks.append(np.zeros(z.shape[1]))
            else:
                d = np.abs(act.derivative(z, self._slope(l)))
                peaks.append(d.max(axis=0).astype(np.float64))
        return peaks

    def status_from_peaks(self, peaks: Sequence[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``(dead, saturated)`` unit masks from :meth:`derivative_peaks` (NaN counts as neither)."""
        dead, sat = [], []
        for l, (act, peak) in enumerate(zip(self.activations, peaks)):
            top = act.max_abs_derivative(self._slope(l) if act.kind == "prelu" else None)
            d_dead = peak == 0
            dead.append(d_dead)
            sat.append((peak < SATURATION_FRACTION * top) & ~d_dead)
        return dead, sat

    def forward_workspace(self, ws: "Workspace", xa: np.ndarray) -> np.ndarray:
        """Evaluation-mode forward pass into a workspace; returns ``ws.logits``.

        ``xa`` as for :meth:`step_gradient`; afterwards ``ws.z[l]`` and ``ws.h[l]`` hold each
        hidden layer's pre-activations and outputs.  Allocates nothing (RReLU at its mean).
        """
        ha = xa
        for l, act in enumerate(self.activations):
            np.matmul(ha, self._wb[l], out=ws.z[l])
            act.forward_train(ws.z[l], ws.h[l], self._slope(l), ws.noise[l], None, ws.mask[l])
            ha = ws.ha[l]
        np.matmul(ha, self._wb[-1], out=ws.logits)
        return ws.logits

    # -- gradients (allocating, for checks and statistics) ---------------------------------
    @_quiet
    def backprop(self, x, y, *, l2: float = 0.0, standardized: bool = False, training: bool = False,
                 rng: np.random.Generator | None = None) -> "Backprop":
        """Forward and backward pass over ``(x, y)`` (mean cross-entropy + l2/2 * sum W^2).

        Returns the loss, the flat gradient (same layout as :attr:`params`) and, per hidden
        layer, z, h and dL/dz.  The same arithmetic as the training step, without buffers.
        """
        xs = np.asarray(x, dtype=self.dtype) if standardized else self.standardize(x)
        y = np.asarray(y, dtype=np.int64)
        n = xs.shape[0]
        noises: list = []
        zs, hs, logits = self.forward(xs, standardized=True, training=training, rng=rng, noises=noises)
        lg = np.asarray(logits, dtype=np.float64)
        loss = _cross_entropy(lg, y)
        grad = np.zeros(self.n_params, dtype=np.float64)
        w_sq = sum(float(np.vdot(w, w)) for w in self.W)
        loss += 0.5 * l2 * w_sq
        d = _softmax(lg)
        d[np.arange(n), y] -= 1.0
        d /= n
        d = d.astype(self.dtype)
        dzs: list[np.ndarray] = [np.empty(0)] * self.n_hidden
        for l in range(self.n_hidden, -1, -1):
            hin = xs if l == 0 else hs[l - 1]
            (w0, w1, shape), (b0, b1) = self._slices[l]
            grad[w0:w1] = (hin.T @ d).ravel() + l2 * self.W[l].ravel()
            grad[b0:b1] = d.sum(axis=0)
            if l == 0:
                break
            dh = d @ self.W[l].T
            act = self.activations[l - 1]
            z = zs[l - 1]
            deriv = act.derivative(z, self._slope(l - 1), noises[l - 1])
            idx = self._slope_index[l - 1]
            if idx is not None:
                grad[idx] = float(np.vdot(dh, np.minimum(z, 0.0)))
            d = dh * deriv
            dzs[l - 1] = d
        return Backprop(loss, grad, zs, hs, dzs, logits)

    def loss_and_gradient(self, x, y, l2: float = 0.0) -> tuple[float, np.ndarray]:
        """Loss (with the L2 term) and its flat gradient, evaluation mode."""
        bp = self.backprop(x, y, l2=l2)
        return bp.loss, bp.grad

    # -- the training step ----------------------------------------------------------------
    def workspace(self, batch: int) -> "Workspace":
        return Workspace(self, batch)

    def step_gradient(self, ws: "Workspace", xa: np.ndarray, Y: np.ndarray,
                      rng: np.random.Generator | None, forward_done: bool = False) -> np.ndarray:
        """Gradient of the mean cross-entropy on a batch into ``ws.grad`` (no L2 term).

        ``xa`` is the standardised batch with a column of ones appended, shape (B, n_in + 1);
        ``Y`` is one-hot, shape (B, K); both of the network's dtype, B = ``ws.batch``.  ``rng``
        draws RReLU slopes.  Returns ``ws.grad`` (same layout as :attr:`params`).

        The same arithmetic as :meth:`backprop`, arranged for speed: every array is
        preallocated, and each bias is stored right after its weight matrix, so ``[W; b]`` is
        one (fan_in + 1, fan_out) block and ``[h, 1] @ [W; b]`` computes ``h @ W + b`` in one
        BLAS call (and ``[h, 1]^T @ dz`` gives dW and db together).  (A feature-major layout,
        which makes the hidden buffers contiguous, was measured too: faster in float32, but
        OpenBLAS's dgemm is ~25% slower on (32 x 33) @ (33 x 512) than on (512 x 33) @ (33 x 32),
        so float64, the default, keeps this layout.)

        ``forward_done=True`` skips the forward pass: the caller vouches that ``ws`` already
        holds it for these parameters and this batch (:meth:`forward_workspace` computes the
        same thing when no layer draws random RReLU slopes).
        """
        lg = ws.logits
        if not forward_done:
            self._forward_train(ws, xa, rng)
        # dL/dlogits = (softmax - onehot) / B
        rm = ws.rowmax
        K = lg.shape[1]
        np.maximum(lg[:, 0:1], lg[:, 1:2], out=rm)
        for k in range(2, K):
            np.maximum(rm, lg[:, k:k + 1], out=rm)
        lg -= rm
        np.exp(lg, out=lg)
        np.matmul(lg, ws.ones_k, out=ws.rowsum)  # B * row sums
        lg /= ws.rowsum
        np.multiply(Y, ws.inv_batch, out=ws.yscaled)
        lg -= ws.yscaled
        return self._backward(ws, xa, lg)

    def _forward_train(self, ws: "Workspace", xa: np.ndarray, rng: np.random.Generator | None) -> None:
        """The training forward pass of a batch into ``ws`` (outputs in ``ws.logits``)."""
        Wb, acts = self._wb, self.activations
        L = len(acts)
        ha = xa
        for l in range(L):
            z = ws.z[l]
            np.matmul(ha, Wb[l], out=z)
            acts[l].forward_train(z, ws.h[l], self._slope(l), ws.noise[l], rng, ws.mask[l])
            ha = ws.ha[l]
        np.matmul(ha, Wb[L], out=ws.logits)

    def _backward(self, ws: "Workspace", xa: np.ndarray, d: np.ndarray) -> np.ndarray:
        """Backpropagate dL/doutputs ``d`` (overwritten) through the layers into ``ws.grad``."""
        W, acts = self.W, self.activations
        gWb = ws.gWb
        for l in range(len(acts), -1, -1):
            hin = xa if l == 0 else ws.ha[l - 1]
            np.matmul(hin.T, d, out=gWb[l])
            if l == 0:
                break
            dh = ws.d[l - 1]
            np.matmul(d, W[l].T, out=dh)
            g = acts[l - 1].backward_train(dh, ws.z[l - 1], ws.h[l - 1], self._slope(l - 1),
                                           ws.noise[l - 1], ws.mask[l - 1])
            if g is not None:
                ws.grad[self._slope_index[l - 1]] = g
            d = dh
        return ws.grad

    def mse_gradient(self, ws: "Workspace", xa: np.ndarray, Y: np.ndarray,
                     rng: np.random.Generator | None) -> np.ndarray:
        """Gradient of the mean squared error of the linear outputs into ``ws.grad``.

        The regression counterpart of :meth:`step_gradient` (same arguments; ``Y`` holds the
        targets, shape (B, K)): L = mean over rows and outputs of (out - y)^2, so
        dL/dout = 2 (out - y) / (B K); the hidden layers' backward pass is the same.
        """
        self._forward_train(ws, xa, rng)
        return self.mse_backward(ws, xa, Y)

    def mse_backward(self, ws: "Workspace", xa: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """The backward half of :meth:`mse_gradient`, from the forward pass left in ``ws``.

        :meth:`forward_workspace` on the same ``xa`` and parameters leaves exactly what the
        training forward pass would (for every activation but RReLU, whose training slopes
        are random), so a caller that has just evaluated the batch can skip a second forward.
        Overwrites ``ws`` (outputs, and pre-activations used as scratch).
        """
        d = ws.logits
        d -= Y
        d *= 2.0 / d.size
        return self._backward(ws, xa, d)


@dataclass
class Backprop:
    """Result of :meth:`Network.backprop`."""

    loss: float
    grad: np.ndarray
    zs: list[np.ndarray]
    hs: list[np.ndarray]
    dzs: list[np.ndarray]
    logits: np.ndarray


class Workspace:
    """Preallocated buffers for training steps of one batch size (see :meth:`Network.step_gradient`).

    ``ha[l]`` is hidden layer l's output with a column of ones appended (the bias input of the
    next layer); ``h[l]`` is the view without it.
    """

    def __init__(self, net: Network, batch: int):
        dt = net.dtype
        self.batch = int(batch)
        B = self.batch
        hid = net.hidden_sizes
        self.z = [np.empty((B, n), dt) for n in hid]
        self.ha = [np.ones((B, n + 1), dt) for n in hid]
        self.h = [a[:, :-1] for a in self.ha]
        self.d = [np.empty((B, n), dt) for n in hid]
        self.mask = [np.empty((B, n), dt) for n in hid]
        self.noise = [np.empty((B, n), dt) if a.kind == "rrelu" else None
                      for n, a in zip(hid, net.activations)]
        K = net.n_classes
        self.logits = np.empty((B, K), dt)
        self.rowmax = np.empty((B, 1), dt)
        self.rowsum = np.empty((B, 1), dt)
        self.ones_k = np.full((K, 1), float(B), dt)
        self.inv_batch = dt.type(1.0 / B)
        self.yscaled = np.empty((B, K), dt)
        self.grad = np.zeros(net.n_params, dt)
        self.gWb = [self.grad[w0:b1].reshape(shape[0] + 1, shape[1])
                    for (w0, _w1, shape), (_b0, b1) in net._slices]


# ---- softmax cross-entropy ----------------------------------------------------------------

def _cross_entropy(lg: np.ndarray, y: np.ndarray) -> float:
    """Mean of -log softmax(lg)[y], stable (log-sum-exp).  Column-wise ops: with K = 2 or 3
    classes, reductions along axis 1 cost more than the arithmetic."""
    n, K = lg.shape
    if n == 0:
        return float("nan")
    m = lg[:, 0].copy()
    for k in range(1, K):
        np.maximum(m, lg[:, k], out=m)
    s = lg - m[:, None]
    lse = np.log(np.exp(s) @ np.ones(K, dtype=s.dtype))
    picked = s[np.arange(n), y]
    return float((lse.sum() - picked.sum()) / n)


# ---- grids and statistics for the views ---------------------------------------------------

def grid_points(xlim: tuple[float, float], ylim: tuple[float, float], n: int,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, points)``: n x n grid, ``points[iy * n + ix] = (xs[ix], ys[iy])``."""
    n = int(n)
    if n < 2:
        raise NetworkError(f"a grid needs at least 2 points per side, got {n}")
    xs = np.linspace(float(xlim[0]), float(xlim[1]), n)
    ys = np.linspace(float(ylim[0]), float(ylim[1]), n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def decision_grid(net: Network, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 100,
                  kind: str = "auto") -> np.ndarray:
    """The classifier over an n x n grid of raw coordinates, shape (n, n) indexed [iy, ix].

    kind "probability": P(class 1) (float64 in [0, 1]); "class": the argmax class (int64);
    "auto": probability for two classes, class otherwise.  Row 0 is ``ylim[0]``.
    """
    if kind == "auto":
        kind = "probability" if net.n_classes == 2 else "class"
    _, _, pts = grid_points(xlim, ylim, n)
    with np.errstate(all="ignore"):
        if kind == "probability":
            out = net.predict_proba(pts)[:, 1]
        elif kind == "class":
            out = net.predict(pts).astype(np.int64)
        else:
            raise NetworkError(f"unknown kind {kind!r}; use auto, probability or class")
    return out.reshape(int(n), int(n))


def unit_outputs_grid(net: Network, xlim: tuple[float, float], ylim: tuple[float, float], n: int = 32,
                      pre_activation: bool = False) -> list[np.ndarray]:
    """Each hidden unit's output h (or pre-activation z) over an n x n grid.

    One array per hidden layer, shape (units, n, n) indexed [unit, iy, ix], float64, from
    one batched forward pass of all n*n points (the thumbnails of a network diagram).
    """
    _, _, pts = grid_points(xlim, ylim, n)
    with np.errstate(all="ignore"):
        zs, hs, _ = net.forward(pts)
    src = zs if pre_activation else hs
    n = int(n)
    return [np.ascontiguousarray(np.asarray(a, dtype=np.float64).T).reshape(a.shape[1], n, n) for a in src]


@dataclass(frozen=True)
class LayerStats:
    """Samples of one hidden layer for histograms.

    ``z``, ``h``: pre-activations and outputs, shape (n, units).  ``grad_z``: per-example
    gradient of that example's loss w.r.t. z (dL_i/dz_i, not divided by n), shape (n, units).
    ``grad_w``: gradient of the mean loss w.r.t. the layer's weights, shape (fan_in, units).
    ``dead``/``saturated``: unit masks over these inputs.
    """

    layer: int
    activation: str
    z: np.ndarray
    h: np.ndarray
    grad_z: np.ndarray
    grad_w: np.ndarray
    dead: np.ndarray
    saturated: np.ndarray


def layer_statistics(net: Network, x, y, max_samples: int | None = 2000, seed: int = 0) -> list[LayerStats]:
    """Per hidden layer pre-activations, outputs and gradients over ``(x, y)`` (evaluation mode).

    At most ``max_samples`` rows (a deterministic random subset of them, chosen by ``seed``)
    are used, so histograms stay cheap for large data sets.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    if max_samples is not None and len(x) > max_samples:
        idx = np.sort(np.random.default_rng(seed).choice(len(x), size=int(max_samples), replace=False))
        x, y = x[idx], y[idx]
    with np.errstate(all="ignore"):
        bp = net.backprop(x, y)
        dead, sat = net._status_from_z(bp.zs)
    n = max(len(x), 1)
    out = []
    for l in range(net.n_hidden):
        w0, w1, shape = net._slices[l][0]
        out.append(LayerStats(
            layer=l + 1,
            activation=net.activations[l].id,
            z=np.asarray(bp.zs[l], dtype=np.float64),
            h=np.asarray(bp.hs[l], dtype=np.float64),
            grad_z=np.asarray(bp.dzs[l], dtype=np.float64) * n,
            grad_w=bp.grad[w0:w1].reshape(shape).copy(),
            dead=dead[l],
            saturated=sat[l],
        ))
    return out
