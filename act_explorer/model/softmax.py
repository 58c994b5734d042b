"""Softmax: vector in, vector out, over an explicit axis, numerically stable.

softmax(z / T)_i = exp(z_i / T - m) / sum_j exp(z_j / T - m) with m = max_j z_j / T, so logits
like 1000 and 1001 work.  The Jacobian is diag(p) - p p^T.  Two-class softmax is the sigmoid of
the logit difference: softmax([x, 0])_0 = sigma(x).
"""

from __future__ import annotations

import math

import numpy as np

from .catalogue import ParamError
from .state import Field, StateBase, StateError

__all__ = [
    "MIN_TEMPERATURE", "softmax", "stable_softmax", "log_softmax", "jacobian", "cross_entropy",
    "validate_logits", "two_class_curve", "naive_softmax", "SoftmaxState",
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


def _logits_field(value) -> tuple[float, ...]:
    try:
        return tuple(float(v) for v in validate_logits(value))
    except (ParamError, TypeError, ValueError) as exc:
        raise StateError(str(exc)) from None


def _temperature_field(value) -> float:
    try:
        return _temperature(value)
    except (ParamError, TypeError, ValueError) as exc:
        raise StateError(str(exc)) from None


class SoftmaxState(StateBase):
    """Logits and temperature of the softmax panel, evented for the view (a refused value
    raises :class:`~.catalogue.ParamError`)."""

    DEFAULT_LOGITS = (2.0, 1.0, 0.1)
    FIELDS = {
        "logits": Field(DEFAULT_LOGITS, _logits_field, "2 to 10 finite logits"),
        "temperature": Field(1.0, _temperature_field,
                             f"T in [{MIN_TEMPERATURE:g}, {MAX_TEMPERATURE:g}]; softmax(z / T)"),
    }
    Error = ParamError

    @property
    def logits(self) -> np.ndarray:
        return np.array(self._values["logits"])

    def set_logits(self, values) -> None:
        self.update(logits=values)

    def set_temperature(self, t: float) -> None:
        self.update(temperature=t)

    def probabilities(self) -> np.ndarray:
        return softmax(self.logits, self.temperature)

    def naive(self) -> np.ndarray:
        return naive_softmax(self.logits / self.temperature)

    def jacobian(self) -> np.ndarray:
        """d p / d z at the current temperature: (diag(p) - p p^T) / T."""
        return jacobian(self.probabilities()) / self.temperature
