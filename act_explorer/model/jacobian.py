"""The input-output Jacobian of a deep random network at initialisation (dynamical isometry).

A plain network of ``layers`` fully connected layers of width N, h_l = W_l x_{l-1} + b_l,
x_l = phi(h_l), has the Jacobian J = dx_L/dx_0 = D_L W_L ... D_1 W_1 with D_l = diag phi'(h_l).
Its squared singular values (the eigenvalues of J J^T) say how a small change of the input is
stretched: all of them near 1 is *dynamical isometry* (Saxe et al. 2014; Pennington,
Schoenholz & Ganguli, "Resurrecting the sigmoid in deep learning through dynamical isometry:
theory and practice", NeurIPS 2017).

Weights are Gaussian, W ~ N(0, sigma_w^2 / N), or scaled orthogonal, W = sigma_w Q with Q
Haar-distributed; biases N(0, sigma_b^2); the input is x_0 = phi(h_0) with h_0 ~ N(0, q* I), so
every layer's pre-activations sit at the mean-field fixed point q* (:mod:`.phase`).

Free probability predicts the spectrum of J J^T for wide networks.  With chi = sigma_w^2 mu_1,
mu_k = E[phi'(sqrt(q*) z)^(2k)] and s_1 the first coefficient of the S-transform of W W^T
(-1 for Gaussian weights, 0 for orthogonal ones), the mean and the variance of the squared
singular values are

    mean = chi^L,    variance = chi^(2L) L (mu_2 / mu_1^2 - 1 - s_1)

(normalised variances add under free multiplication; at criticality, chi = 1, this is the
paper's sigma^2_{JJ^T} = L(mu_2/mu_1^2 - 1 - s_1); for ReLU mu_2/mu_1^2 = 1/p with p = 1/2,
giving 2L with Gaussian and L with orthogonal weights, and 0 for a linear network with
orthogonal weights).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from . import depth as D
from . import phase as P
from .gaussian import expectation
from .network import HiddenActivation
from .training import blas_threads

__all__ = ["JacobianError", "JacobianSpectrum", "INITS", "MAX_WIDTH", "MAX_LAYERS",
           "prediction", "jacobian_spectrum", "S1"]

INITS = ("gaussian", "orthogonal")
S1 = {"gaussian": -1.0, "orthogonal": 0.0}
MAX_WIDTH = 2000
MAX_LAYERS = 500
MAX_SAMPLES = 100


class JacobianError(ValueError):
    """A request that is not allowed; ``str()`` is a sentence for the user."""


@dataclass(frozen=True)
class Prediction:
    """The free-probability prediction (NaN where the fixed point is not finite)."""

    q_star: float
    chi: float
    mu1: float
    mu2: float
    mean: float
    variance: float


def prediction(act_id: str, params: Mapping[str, float] | None, layers: int, init: str,
               sigma_w2: float, sigma_b2: float = 0.0) -> Prediction:
    """Mean and variance of the squared singular values predicted for wide networks."""
    if init not in INITS:
        raise JacobianError(f"unknown init {init!r}; use one of {', '.join(INITS)}")
    prof = D.function_profile(act_id, params)
    pt = P.phase_point(act_id, params, sigma_w2, sigma_b2)
    q = pt.q_star
    if prof.homogeneous and not (math.isfinite(q) and q > 0):
        q = 1.0                                   # D_l does not depend on the scale
    if not (math.isfinite(q) and q > 0):
        nan = math.nan
        return Prediction(pt.q_star, pt.chi, nan, nan, nan, nan)
    with np.errstate(all="ignore"):
        mu1 = expectation(lambda x: prof.df(x) ** 2, q, prof.kinks)
        mu2 = expectation(lambda x: prof.df(x) ** 4, q, prof.kinks)
    chi = sigma_w2 * mu1
    if mu1 <= 0:
        return Prediction(q, chi, mu1, mu2, 0.0, 0.0)
    mean = chi ** layers
    var = chi ** (2 * layers) * layers * (mu2 / (mu1 * mu1) - 1.0 - S1[init])
    return Prediction(q, chi, mu1, mu2, mean, var)


@dataclass(frozen=True, eq=False)
class JacobianSpectrum:
    """Singular values of J for ``samples`` independent networks (shape (samples, width))."""

    act_id: str
    layers: int
    width: int
    init: str
    sigma_w2: float
    sigma_b2: float
    singular_values: np.ndarray
    predicted: Prediction

    @property
    def squared(self) -> np.ndarray:
        return self.singular_values ** 2

    def mean(self) -> float:
        """Mean squared singular value (tr J J^T / N), averaged over the samples."""
        return float(np.mean(self.squared))

    def variances(self) -> np.ndarray:
        """Variance of the squared singular values of each sample's J."""
        return np.var(self.squared, axis=1)

    def variance(self) -> float:
        """The per-network variance, averaged over the samples."""
        return float(np.mean(self.variances()))

    def to_csv(self) -> str:
        lines = ["sample,index,singular_value,squared"]
        for s, row in enumerate(self.singular_values):
            for i, v in enumerate(row):
                lines.append(f"{s},{i},{float(v)!r},{float(v * v)!r}")
        return "\n".join(lines) + "\n"


def _orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A Haar-distributed orthogonal matrix (QR of a Gaussian with the signs fixed)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))[None, :]


def jacobian_spectrum(act_id: str, params: Mapping[str, float] | None = None, *, layers: int,
                      width: int = 400, init: str = "gaussian", sigma_w2: float | None = None,
                      sigma_b2: float = 0.0, samples: int = 1, seed: int = 0,
                      progress: Callable[[float], None] | None = None,
                      should_stop: Callable[[], bool] | None = None) -> JacobianSpectrum:
    """Simulate ``samples`` networks and return the singular values of their Jacobians.

    ``sigma_w2`` defaults to the critical value for ``sigma_b2`` (:func:`.phase.critical_line`)
    and to 1 when there is none.  Returns None-free results; raises :class:`JacobianError` on
    bad options and :class:`.depth.Cancelled` when ``should_stop()`` turns true.
    """
    if init not in INITS:
        raise JacobianError(f"unknown init {init!r}; use one of {', '.join(INITS)}")
    for name, v, hi in (("the number of layers", layers, MAX_LAYERS), ("the width", width, MAX_WIDTH),
                        ("the number of samples", samples, MAX_SAMPLES)):
        if int(v) != v or not 1 <= v <= hi:
            raise JacobianError(f"{name} must be a whole number between 1 and {hi}, got {v}")
    if not (math.isfinite(sigma_b2) and 0 <= sigma_b2 <= P.SIGMA_B2_MAX):
        raise JacobianError(f"sigma_b^2 must be in [0, {P.SIGMA_B2_MAX:g}], got {sigma_b2:g}")
    if sigma_w2 is None:
        crit = float(P.critical_line(act_id, params, [sigma_b2])[0])
        sigma_w2 = crit if math.isfinite(crit) else 1.0
    if not (math.isfinite(sigma_w2) and 0 < sigma_w2 <= P.SIGMA_W2_MAX):
        raise JacobianError(f"sigma_w^2 must be in (0, {P.SIGMA_W2_MAX:g}], got {sigma_w2:g}")
    layers, width, samples = int(layers), int(width), int(samples)
    act = HiddenActivation(act_id, params)
    pred = prediction(act_id, params, layers, init, sigma_w2, sigma_b2)
    q_in = pred.q_star if math.isfinite(pred.q_star) and pred.q_star > 0 else 1.0
    sw, sb = math.sqrt(sigma_w2), math.sqrt(sigma_b2)
    out = np.empty((samples, width))
    total = samples * layers
    with np.errstate(all="ignore"), blas_threads(1):
        for s in range(samples):
            rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(s,))))
            # the output of a layer at the fixed point, so that every h_l ~ N(0, q*)
            x = act.forward(math.sqrt(q_in) * rng.standard_normal(width))
            J = np.eye(width)
            for l in range(layers):
                if should_stop is not None and should_stop():
                    raise D.Cancelled()
                if init == "gaussian":
                    W = rng.standard_normal((width, width)) * (sw / math.sqrt(width))
                else:
                    W = sw * _orthogonal(rng, width)
                h = W @ x + sb * rng.standard_normal(width)
                x = act.forward(h)
                J = act.derivative(h)[:, None] * (W @ J)
                if progress is not None:
                    progress((s * layers + l + 1) / total)
            out[s] = np.linalg.svd(J, compute_uv=False)
    if not np.all(np.isfinite(out)):
        raise JacobianError("the Jacobian overflowed; use fewer layers or a smaller sigma_w^2")
    return JacobianSpectrum(act.id, layers, width, init, float(sigma_w2), float(sigma_b2), out, pred)
