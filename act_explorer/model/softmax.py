"""Softmax: vector in, vector out, over an explicit axis, numerically stable.

softmax(z / T)_i = exp(z_i / T - m) / sum_j exp(z_j / T - m) with m = max_j z_j / T, so logits
like 1000 and 1001 work.  The Jacobian is diag(p) - p p^T.  Two-class softmax is the sigmoid of
the logit difference: softmax([x, 0])_0 = sigma(x).
"""

from __future__ import annotations

import math

import numpy as np

from .catalogue import ParamError

__all__ = [
    "MIN_TEMPERATURE", "softmax", "stable_softmax", "log_softmax", "jacobian", "cross_entropy", "validate_logits",
    "two_class_curve",
]

MIN_TEMPERATURE = 1e-3
MAX_TEMPERATURE = 1e3


def _temperature(t: float) -> float:
    t = float(t)
    if not math.isfinite(t) or t < MIN_TEMPERATURE or t > MAX_TEMPERATURE:
        raise ParamError(f"temperature must be in [{MIN_TEMPERATURE:g}, {MAX_TEMPERATURE:g}], got {t:g}")
    return t


def validate_logits(z, min_len: int = 2, max_len: int = 10) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 1:
        raise ParamError("logits must be a flat list of numbers")
    if not min_len <= z.size <= max_len:
        raise ParamError(f"give between {min_len} and {max_len} logits, got {z.size}")
    if not np.all(np.isfinite(z)):
        raise ParamError("logits must be finite numbers")
    return z


def log_softmax(z, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    t = _temperature(temperature)
    z = np.asarray(z, dtype=np.float64) / t
    m = np.max(z, axis=axis, keepdims=True)
    shifted = z - m
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def stable_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """exp(z - max) / sum exp(z - max) along ``axis``: a new array of ``z``'s dtype, no checks
    (the one softmax of the package: the panel, the networks' probabilities and losses)."""
    s = z - z.max(axis=axis, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=axis, keepdims=True)
    return s


def softmax(z, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    """Probabilities along ``axis`` (an axis must be named for arrays of rank > 1)."""
    z = np.asarray(z, dtype=np.float64)
    t = _temperature(temperature)
    return stable_softmax(z / t, axis)


def jacobian(p) -> np.ndarray:
    """d softmax_i / d z_j = p_i (delta_ij - p_j) for temperature 1 (divide by T otherwise)."""
    p = np.asarray(p, dtype=np.float64)
    return np.diag(p) - np.outer(p, p)


def cross_entropy(z, target: int, temperature: float = 1.0) -> float:
    """-log softmax(z)_target; its gradient with respect to z is p - onehot(target)."""
    return float(-log_softmax(z, temperature)[int(target)])


def two_class_curve(x) -> np.ndarray:
    """softmax([x, 0])_0 for every x: equals the sigmoid of x."""
    x = np.asarray(x, dtype=np.float64)
    return softmax(np.stack([x, np.zeros_like(x)], axis=-1), axis=-1)[..., 0]


def naive_softmax(z) -> np.ndarray:
    """exp(z) / sum exp(z) without subtracting the max: what goes wrong (inf / inf = nan) for
    logits like 1000.  Shown beside the stable form; never raises or warns."""
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / np.sum(e)


class SoftmaxState:
    """Logits and temperature of the softmax panel, evented for the view."""

    from psygnal import Signal as _Signal

    changed = _Signal()
    DEFAULT_LOGITS = (2.0, 1.0, 0.1)

    def __init__(self) -> None:
        self._logits = np.array(self.DEFAULT_LOGITS)
        self._t = 1.0

    @property
    def logits(self) -> np.ndarray:
        return self._logits.copy()

    @property
    def temperature(self) -> float:
        return self._t

    def set_logits(self, values) -> None:
        z = validate_logits(values)
        if z.shape == self._logits.shape and np.array_equal(z, self._logits):
            return
        self._logits = z
        self.changed.emit()

    def set_temperature(self, t: float) -> None:
        t = _temperature(t)
        if t != self._t:
            self._t = t
            self.changed.emit()

    def probabilities(self) -> np.ndarray:
        return softmax(self._logits, self._t)

    def naive(self) -> np.ndarray:
        return naive_softmax(self._logits / self._t)

    def jacobian(self) -> np.ndarray:
        """d p / d z at the current temperature: (diag(p) - p p^T) / T."""
        return jacobian(self.probabilities()) / self._t

    def to_dict(self) -> dict:
        return {"logits": self._logits.tolist(), "temperature": self._t}

    def update_from_dict(self, data) -> None:
        self.set_logits(data.get("logits", self.DEFAULT_LOGITS))
        self.set_temperature(data.get("temperature", 1.0))
