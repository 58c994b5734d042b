"""A one-hidden-layer fit taken apart: each unit's contribution, its kinks, the linear pieces.

A network with one input x, one hidden layer of H units and a linear output computes

    prediction(x) = c + sum_j v_j * phi(w_j * x + b_j)

so the fit *is* a sum of H scaled and shifted copies of the activation phi plus a constant.
Here ``w_j`` and ``b_j`` are the unit's weight and bias in raw coordinates of x (the network
standardises its input, so ``w_j = W_j / scale`` and ``b_j = B_j - W_j * mean / scale`` for its
stored W_j, B_j), ``v_j`` the output weight and ``c`` the output bias.

* :func:`contributions` gives v_j * phi(w_j x + b_j) per unit, computed from the same forward
  pass as the prediction, so the columns add up to the prediction minus c (to rounding).
* For a piecewise-linear phi (ReLU, leaky ReLU, PReLU, RReLU at its mean slope, ReLU6,
  hardtanh, hardsigmoid, identity) unit j bends where w_j x + b_j reaches one of phi's kinks k:
  at x = (k - b_j) / w_j, which is -b_j / w_j for the ReLU family.
* :func:`linear_pieces` counts the linear pieces of the whole fit on the real line, exactly:
  between consecutive unit kinks the fit is affine, so its slope there is
  sum_j v_j w_j phi'(w_j x + b_j) at any point of the interval; neighbouring intervals whose
  slopes agree (to rounding) are one piece.  With m kinks per unit the count is at most
  m * H + 1 (H + 1 for ReLU) — a bound, since a unit adds at most m slope changes.
* ``dead`` / ``saturated`` are the Training view's definitions over the training inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .fit import FitError
from .network import HiddenActivation, Network

__all__ = [
    "PIECEWISE_LINEAR",
    "FitError",
    "UnitView",
    "Pieces",
    "is_one_layer",
    "activation_kinks",
    "units",
    "contributions",
    "linear_pieces",
]

# Catalogue entries that are piecewise linear (continuous, finitely many kinks), with RReLU
# evaluated at its mean slope as in evaluation mode.
PIECEWISE_LINEAR = frozenset({"relu", "leaky_relu", "prelu", "rrelu", "relu6", "hardtanh",
                              "hardsigmoid", "linear"})


@dataclass(frozen=True, eq=False)
class UnitView:
    """The units of a one-hidden-layer, one-input, one-output network in raw coordinates.

    ``w``, ``b``, ``v``: shape (H,); ``c`` the output bias; ``kinks[j]`` the x positions
    where unit j bends (empty for a smooth activation, or when w_j = 0); ``dead``,
    ``saturated``: masks over the inputs given to :func:`units` (all False without inputs).
    """

    activation: str
    piecewise_linear: bool
    w: np.ndarray
    b: np.ndarray
    v: np.ndarray
    c: float
    kinks: tuple[tuple[float, ...], ...]
    dead: np.ndarray
    saturated: np.ndarray

    @property
    def n_units(self) -> int:
        return int(self.w.shape[0])

    def all_kinks(self) -> np.ndarray:
        """Every unit's kink positions, sorted (one entry per unit and kink)."""
        flat = [k for ks in self.kinks for k in ks]
        return np.sort(np.array(flat, dtype=np.float64))


@dataclass(frozen=True, eq=False)
class Pieces:
    """The linear pieces of a piecewise-linear fit on the whole real line.

    ``count`` pieces separated by ``kinks`` (x where the fit's slope changes; count - 1 of
    them); ``slopes`` the slope of each piece left to right; ``bound`` = m * H + 1 with m the
    activation's kinks per unit.
    """

    count: int
    kinks: np.ndarray
    slopes: np.ndarray
    bound: int

    def count_in(self, lo: float, hi: float) -> int:
        """Pieces that meet the open interval (lo, hi)."""
        return int(np.count_nonzero((self.kinks > lo) & (self.kinks < hi))) + 1


def is_one_layer(net: Network) -> bool:
    return net.n_hidden == 1 and net.sizes[0] == 1 and net.sizes[-1] == 1


def activation_kinks(act: HiddenActivation) -> tuple[float, ...] | None:
    """The z where a piecewise-linear activation bends; None if it is not piecewise linear."""
    if act.id not in PIECEWISE_LINEAR:
        return None
    if act.id == "linear":
        return ()
    return tuple(float(k) for k in act.entry.kinks(**act.params))


def _check(net: Network) -> None:
    if not is_one_layer(net):
        raise FitError("the unit-by-unit view needs one input, one hidden layer and one output; "
                       f"this network is {'-'.join(map(str, net.sizes))}")


def _raw_weights(net: Network) -> tuple[np.ndarray, np.ndarray]:
    W = np.asarray(net.W[0][0], dtype=np.float64)
    B = np.asarray(net.b[0], dtype=np.float64)
    mean, scale = float(net.input_mean[0]), float(net.input_scale[0])
    return W / scale, B - W * mean / scale


def units(net: Network, x_train=None) -> UnitView:
    """The units of ``net`` (see :class:`UnitView`); dead/saturated over ``x_train`` if given."""
    _check(net)
    act = net.activations[0]
    w, b = _raw_weights(net)
    v = np.asarray(net.W[1][:, 0], dtype=np.float64).copy()
    c = float(net.b[1][0])
    zk = activation_kinks(act)
    kinks: list[tuple[float, ...]] = []
    with np.errstate(all="ignore"):
        for wj, bj in zip(w, b):
            if zk is None or wj == 0.0:
                kinks.append(())
            else:
                xs = sorted((k - bj) / wj for k in zk)
                kinks.append(tuple(float(x) for x in xs if np.isfinite(x)))
    H = w.shape[0]
    dead = np.zeros(H, bool)
    sat = np.zeros(H, bool)
    if x_train is not None and len(x_train):
        d, s = net.unit_status(np.asarray(x_train, dtype=np.float64).reshape(-1, 1))
        dead, sat = d[0], s[0]
    return UnitView(act.id, zk is not None, w, b, v, c, tuple(kinks), dead, sat)


def contributions(net: Network, x) -> tuple[np.ndarray, np.ndarray, float]:
    """``(prediction, parts, c)`` at raw x of shape (n,): ``parts[:, j] = v_j * phi(w_j x + b_j)``.

    One forward pass gives both, so ``parts.sum(axis=1) + c`` equals the prediction to
    rounding (the prediction sums the same products in BLAS's order).
    """
    _check(net)
    x = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    with np.errstate(all="ignore"):
        _zs, hs, out = net.forward(x)
        h = np.asarray(hs[0], dtype=np.float64)
        v = np.asarray(net.W[1][:, 0], dtype=np.float64)
        parts = h * v
    return np.asarray(out, dtype=np.float64)[:, 0].copy(), parts, float(net.b[1][0])


def linear_pieces(net: Network, rtol: float = 1e-9) -> Pieces:
    """Count the linear pieces of a one-hidden-layer piecewise-linear fit (see the module)."""
    u = units(net)
    if not u.piecewise_linear:
        raise FitError(f"{u.activation} is not piecewise linear; its fit has no linear pieces to count")
    act = net.activations[0]
    m = len(activation_kinks(act) or ())
    bound = m * u.n_units + 1
    live = np.abs(u.v) > 0
    cand = np.unique(np.array([k for j, ks in enumerate(u.kinks) if live[j] for k in ks], dtype=np.float64))
    if cand.size > 1:
        # Kinks that coincide up to rounding (x = mean - std * b / w for every unit with b = 0,
        # as at initialisation) are one kink: a "piece" between them would be ~1e-16 wide.
        gap = np.diff(cand) > rtol * np.maximum(1.0, np.abs(cand[1:]))
        cand = cand[np.concatenate([[True], gap])]
    slope_arg = net._slope(0)
    if cand.size == 0:
        pts = np.array([0.0])
    else:
        span = max(float(cand[-1] - cand[0]), 1.0)
        pts = np.concatenate([[cand[0] - span], (cand[:-1] + cand[1:]) / 2.0, [cand[-1] + span]])
    with np.errstate(all="ignore"):
        z = np.outer(pts, u.w) + u.b
        d = np.asarray(act.derivative(z, slope_arg), dtype=np.float64)
        slopes = d @ (u.v * u.w)
    scale = float(np.sum(np.abs(u.v * u.w))) * max(act.max_abs_derivative(slope_arg), 1.0)
    tol = rtol * max(scale, 1e-300)
    keep = [0]
    fit_kinks = []
    for i in range(1, len(slopes)):
        if abs(slopes[i] - slopes[keep[-1]]) > tol:
            keep.append(i)
            fit_kinks.append(cand[i - 1])
    return Pieces(len(keep), np.array(fit_kinks, dtype=np.float64), slopes[keep].copy(), bound)
