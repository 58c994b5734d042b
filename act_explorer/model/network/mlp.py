"""The network itself: :class:`Network` (structure, parameters in one flat array, weight
initialisation, the allocating forward and backward passes, dead and saturated units, and the
preallocated training step), its :class:`Workspace` and the softmax cross-entropy.

See the package docstring (:mod:`act_explorer.model.network`) for the arithmetic.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from ..domain import check_usable
from ..softmax import stable_softmax as _softmax
from .activation import HiddenActivation

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
