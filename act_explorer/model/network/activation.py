"""The activation of one hidden layer as the network uses it: a catalogue entry with its
parameters fixed, with in-place fast paths for the forward and backward passes, and the
largest |f'| (the scale saturation is judged against), cached per function and parameters.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Mapping

import numpy as np

from .. import catalogue
from ..catalogue import Activation

__all__ = ["HiddenActivation"]

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
