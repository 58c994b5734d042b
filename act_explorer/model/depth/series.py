"""The per-layer series a plot or a CSV shows (:class:`DepthSeries`), shared by the simulation
and the mean-field theory, and the log-space helpers both use."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..tables import csv_text
from .config import CSV_HEADER, DepthConfig, DepthError

_LN10 = math.log(10.0)

@dataclass(frozen=True, eq=False)
class DepthSeries:
    """Per-layer series of a network of ``depth`` layers (index 0 = layer 1).

    ``grad_rms`` is the gradient RMS w.r.t. the pre-activations relative to the last layer
    (last = 1; NaN everywhere when the last layer receives no gradient or the activations
    overflowed); ``log10_grad_rms`` the same in log10 (finite where ``grad_rms`` under- or
    overflows a float).  ``slope_product`` is (max |f'|)^(L - l), the product of the largest
    slopes: it bounds the product of the f' factors, not the gradient (the weights count too).  For ``kind == 'theory'``
    ``act_mean`` is E[phi], ``frac_saturated`` is P(|phi'| < 1 % max|phi'|) under the layer's
    Gaussian and ``frac_dead`` is NaN (the mean-field theory has no batch).
    """

    kind: str                      # 'sim' or 'theory'
    config: DepthConfig
    depth: int
    layer: np.ndarray
    grad_rms: np.ndarray
    log10_grad_rms: np.ndarray
    act_rms: np.ndarray
    log10_act_rms: np.ndarray
    act_mean: np.ndarray
    frac_dead: np.ndarray
    frac_saturated: np.ndarray
    slope_product: np.ndarray
    log10_slope_product: np.ndarray
    max_df: float
    overflow_layer: int | None = None
    no_gradient: bool = False

    @property
    def first_to_last(self) -> float:
        """Gradient RMS reaching layer 1 relative to the last layer."""
        return float(self.grad_rms[0])

    @property
    def log10_first_to_last(self) -> float:
        return float(self.log10_grad_rms[0])

    def columns(self) -> dict[str, np.ndarray]:
        return {
            "layer": self.layer.astype(np.float64),
            "grad_rms": self.grad_rms,
            "act_rms": self.act_rms,
            "act_mean": self.act_mean,
            "frac_dead": self.frac_dead,
            "frac_saturated": self.frac_saturated,
        }

    def to_csv(self) -> str:
        """CSV with :data:`CSV_HEADER`; NaN is written as an empty field, overflow as inf."""
        cols = self.columns()
        text = csv_text(CSV_HEADER, [cols[c] for c in CSV_HEADER])
        # Layer numbers as integers.
        lines = text.splitlines()
        out = [lines[0]]
        for n, line in enumerate(lines[1:], start=1):
            out.append(str(n) + line[line.index(","):])
        return "\n".join(out) + "\n"


def _exp(a: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", under="ignore"):
        return np.exp(a)


def slope_product(max_df: float, depth: int) -> np.ndarray:
    """(max |f'|)^(L - l) for l = 1..L: the product of the largest slopes.  It bounds the
    product of the slopes f' met on the way back, not the gradient ratio, which also passes
    through the weights and can exceed it (sigmoid with He init, tanh with He init)."""
    lg = _slope_product_log(max_df, depth)
    return _exp(lg)


def _slope_product_log(max_df: float, depth: int) -> np.ndarray:
    k = np.arange(depth - 1, -1, -1, dtype=np.float64)   # L - l
    if max_df <= 0.0:
        out = np.full(depth, -np.inf)
        out[-1] = 0.0
        return out
    return k * math.log(max_df)


def _check_view_depth(depth: int, max_depth: int) -> int:
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or not 1 <= depth <= max_depth:
        raise DepthError(f"depth must be a whole number between 1 and {max_depth}, got {depth!r}")
    return int(depth)


def _log(v: float) -> float:
    return math.log(v) if v > 0 else -math.inf


class LayerResult:
    """What a simulation and a mean-field result share: the config, the function's profile
    (with max |f'|), per-layer arrays for ``config.depth`` layers (``log_act_rms``,
    ``act_mean``, ``frac_saturated`` among them), how many layers are valid before an overflow
    (``valid_depth``, ``overflow_layer``) and the making of a :class:`DepthSeries` from them."""

    def __init__(self, config: DepthConfig, profile, max_df: float, valid_depth: int):
        self.config = config
        self.profile = profile
        self.max_df = float(max_df)
        self.sigma_w2 = config.sigma_w2
        self.depth = config.depth
        self.valid_depth = int(valid_depth)
        self.overflow_layer = None if valid_depth >= config.depth else valid_depth + 1

    def _series(self, kind: str, L: int, log_grad: np.ndarray, frac_dead: np.ndarray,
                no_gradient: bool) -> DepthSeries:
        """The series of the first ``L`` layers with the gradient ``log_grad`` (natural log,
        relative to layer ``L``)."""
        log_act = self.log_act_rms[:L]
        nb = _slope_product_log(self.max_df, L)
        return DepthSeries(
            kind=kind, config=self.config, depth=L,
            layer=np.arange(1, L + 1),
            grad_rms=_exp(log_grad), log10_grad_rms=log_grad / _LN10,
            act_rms=_exp(log_act), log10_act_rms=log_act / _LN10,
            act_mean=self.act_mean[:L].copy(), frac_dead=frac_dead,
            frac_saturated=self.frac_saturated[:L].copy(),
            slope_product=_exp(nb), log10_slope_product=nb / _LN10, max_df=self.max_df,
            overflow_layer=self.overflow_layer if L >= (self.overflow_layer or L + 1) else None,
            no_gradient=no_gradient,
        )
