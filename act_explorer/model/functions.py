"""Float64 activation functions and their derivatives, written to follow PyTorch.

Every function takes a NumPy array and keyword parameters and returns an array of the
same shape.  They are stable over the whole real line: no overflow, no NaN and no NumPy
warning for any finite input.  The derivative at a kink is the one PyTorch's autograd
returns there (see FACTS.md).
"""

from __future__ import annotations

import math

import numpy as np

from .special import norm_cdf, norm_pdf

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
GELU_TANH_C = math.sqrt(2.0 / math.pi)
GELU_TANH_K = 0.044715


def _arr(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


# ---- building blocks -------------------------------------------------------------------

def sigmoid(x) -> np.ndarray:
    x = _arr(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def d_sigmoid(x) -> np.ndarray:
    x = _arr(x)
    e = np.exp(-np.abs(x))
    # s(1 - s) = e / (1 + e)^2 with e = exp(-|x|): no cancellation in either tail.
    return e / ((1.0 + e) * (1.0 + e))


def softplus_raw(x) -> np.ndarray:
    """log(1 + exp(x)) without the PyTorch threshold, stable everywhere."""
    x = _arr(x)
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sech2(u: np.ndarray) -> np.ndarray:
    """1 - tanh(u)^2 computed as 4 e^{-2|u|} / (1 + e^{-2|u|})^2."""
    e = np.exp(-2.0 * np.minimum(np.abs(u), 400.0))
    return 4.0 * e / ((1.0 + e) * (1.0 + e))


# ---- saturating ------------------------------------------------------------------------

def tanh(x) -> np.ndarray:
    return np.tanh(_arr(x))


def d_tanh(x) -> np.ndarray:
    return _sech2(_arr(x))


def softsign(x) -> np.ndarray:
    x = _arr(x)
    return x / (1.0 + np.abs(x))


def d_softsign(x) -> np.ndarray:
    r = 1.0 / (1.0 + np.abs(_arr(x)))
    return r * r


def softsign_f_df(x) -> tuple[np.ndarray, np.ndarray]:
    """(softsign(x), softsign'(x)) with 1 + |x| computed once; the same numbers as the two."""
    x = _arr(x)
    a = 1.0 + np.abs(x)
    r = 1.0 / a
    return x / a, r * r


# ---- ReLU family -----------------------------------------------------------------------

def relu(x) -> np.ndarray:
    return np.maximum(_arr(x), 0.0)


def d_relu(x) -> np.ndarray:
    return (_arr(x) > 0).astype(np.float64)


def leaky_relu(x, negative_slope: float = 0.01) -> np.ndarray:
    x = _arr(x)
    return np.where(x > 0, x, negative_slope * x)


def d_leaky_relu(x, negative_slope: float = 0.01) -> np.ndarray:
    return np.where(_arr(x) > 0, 1.0, float(negative_slope))


def prelu(x, init: float = 0.25) -> np.ndarray:
    return leaky_relu(x, init)


def d_prelu(x, init: float = 0.25) -> np.ndarray:
    return d_leaky_relu(x, init)


def rrelu_eval_slope(lower: float, upper: float) -> float:
    return (lower + upper) / 2.0


def rrelu(x, lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0) -> np.ndarray:
    return leaky_relu(x, rrelu_eval_slope(lower, upper))


def d_rrelu(x, lower: float = 1.0 / 8.0, upper: float = 1.0 / 3.0) -> np.ndarray:
    return d_leaky_relu(x, rrelu_eval_slope(lower, upper))


def elu(x, alpha: float = 1.0) -> np.ndarray:
    x = _arr(x)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def d_elu(x, alpha: float = 1.0) -> np.ndarray:
    x = _arr(x)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def elu_f_df(x, alpha: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(elu(x), elu'(x)) sharing the side test and min(x, 0); the same numbers as the two.
    (Not f' = expm1 + 1: for x < -37 that is 0 where exp(x) is not.)"""
    x = _arr(x)
    pos = x > 0
    m = np.minimum(x, 0.0)
    return np.where(pos, x, alpha * np.expm1(m)), np.where(pos, 1.0, alpha * np.exp(m))


def selu(x) -> np.ndarray:
    # lambda * x exceeds the double range only for x > 1.7e308; inf is then the answer.
    with np.errstate(over="ignore"):
        return SELU_SCALE * elu(x, SELU_ALPHA)


def d_selu(x) -> np.ndarray:
    return SELU_SCALE * d_elu(x, SELU_ALPHA)


def selu_f_df(x) -> tuple[np.ndarray, np.ndarray]:
    """(selu(x), selu'(x)); the same numbers as the two."""
    f, df = elu_f_df(x, SELU_ALPHA)
    with np.errstate(over="ignore"):
        return SELU_SCALE * f, SELU_SCALE * df


def celu(x, alpha: float = 1.0) -> np.ndarray:
    x = _arr(x)
    # Below -800 alpha, exp(x / alpha) is 0 in double: clip first so x / alpha stays finite.
    xn = np.maximum(np.minimum(x, 0.0), -800.0 * alpha)
    return np.where(x > 0, x, alpha * np.expm1(xn / alpha))


def d_celu(x, alpha: float = 1.0) -> np.ndarray:
    x = _arr(x)
    xn = np.maximum(np.minimum(x, 0.0), -800.0 * alpha)
    return np.where(x > 0, 1.0, np.exp(xn / alpha))


def celu_f_df(x, alpha: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(celu(x), celu'(x)) sharing the side test and x / alpha; the same numbers as the two."""
    x = _arr(x)
    pos = x > 0
    q = np.maximum(np.minimum(x, 0.0), -800.0 * alpha) / alpha
    return np.where(pos, x, alpha * np.expm1(q)), np.where(pos, 1.0, np.exp(q))


def relu6(x) -> np.ndarray:
    return np.clip(_arr(x), 0.0, 6.0)


def d_relu6(x) -> np.ndarray:
    x = _arr(x)
    return ((x > 0) & (x < 6)).astype(np.float64)


# ---- smooth ReLU-like ------------------------------------------------------------------

def gelu(x) -> np.ndarray:
    x = _arr(x)
    return x * norm_cdf(x)


def d_gelu(x) -> np.ndarray:
    x = _arr(x)
    return norm_cdf(x) + x * norm_pdf(x)


def _gelu_tanh_u(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Beyond |x| = 1e4 tanh(u) is +-1 to the last bit; clipping keeps x^3 finite.
    xc = np.clip(x, -1.0e4, 1.0e4)
    u = GELU_TANH_C * (xc + GELU_TANH_K * xc * xc * xc)
    return xc, u


def gelu_tanh(x) -> np.ndarray:
    x = _arr(x)
    _, u = _gelu_tanh_u(x)
    # 0.5 (1 + tanh u) = sigmoid(2u): exact, and keeps the left tail's digits.
    return x * sigmoid(2.0 * u)


def d_gelu_tanh(x) -> np.ndarray:
    x = _arr(x)
    xc, u = _gelu_tanh_u(x)
    du = GELU_TANH_C * (1.0 + 3.0 * GELU_TANH_K * xc * xc)
    return sigmoid(2.0 * u) + 0.5 * xc * _sech2(u) * du


def silu(x) -> np.ndarray:
    x = _arr(x)
    return x * sigmoid(x)


def d_silu(x) -> np.ndarray:
    x = _arr(x)
    s = sigmoid(x)
    return s + x * d_sigmoid(x)


def _scaled(x: np.ndarray, k: float) -> np.ndarray:
    """k * x with x clipped so the product cannot overflow (|k| <= 1e4 here)."""
    return k * np.clip(x, -1.0e300, 1.0e300)


def swish(x, beta: float = 1.0) -> np.ndarray:
    x = _arr(x)
    return x * sigmoid(_scaled(x, beta))


def d_swish(x, beta: float = 1.0) -> np.ndarray:
    bx = _scaled(_arr(x), beta)
    return sigmoid(bx) + bx * d_sigmoid(bx)


def mish(x) -> np.ndarray:
    x = _arr(x)
    return x * np.tanh(softplus_raw(x))


def d_mish(x) -> np.ndarray:
    x = _arr(x)
    sp = softplus_raw(x)
    return np.tanh(sp) + x * _sech2(sp) * sigmoid(x)


def softplus(x, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    x = _arr(x)
    bx = _scaled(x, beta)
    return np.where(bx > threshold, x, softplus_raw(bx) / beta)


def d_softplus(x, beta: float = 1.0, threshold: float = 20.0) -> np.ndarray:
    bx = _scaled(_arr(x), beta)
    return np.where(bx > threshold, 1.0, sigmoid(bx))


# ---- hard approximations ---------------------------------------------------------------

def hardtanh(x, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    return np.clip(_arr(x), min_val, max_val)


def d_hardtanh(x, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    x = _arr(x)
    return ((x > min_val) & (x < max_val)).astype(np.float64)


def hardsigmoid(x) -> np.ndarray:
    return np.clip(_arr(x) / 6.0 + 0.5, 0.0, 1.0)


def d_hardsigmoid(x) -> np.ndarray:
    x = _arr(x)
    return np.where((x > -3.0) & (x < 3.0), 1.0 / 6.0, 0.0)


def hardswish(x) -> np.ndarray:
    x = _arr(x)
    xm = np.clip(x, -3.0, 3.0)
    return np.where(x <= -3.0, 0.0, np.where(x >= 3.0, x, xm * (xm + 3.0) / 6.0))


def d_hardswish(x) -> np.ndarray:
    x = _arr(x)
    return np.where(x <= -3.0, 0.0, np.where(x >= 3.0, 1.0, np.clip(x, -3.0, 3.0) / 3.0 + 0.5))


# ---- other -----------------------------------------------------------------------------

def linear(x) -> np.ndarray:
    return _arr(x).copy()


def d_linear(x) -> np.ndarray:
    return np.ones_like(_arr(x))


def step(x) -> np.ndarray:
    return (_arr(x) >= 0).astype(np.float64)


def d_step(x) -> np.ndarray:
    return np.zeros_like(_arr(x))

