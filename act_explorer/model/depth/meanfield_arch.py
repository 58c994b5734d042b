"""Mean-field theory of the residual, residual + LayerNorm and BatchNorm networks
(:func:`arch_arrays`, used by :func:`.meanfield.theory`).

Wide-network assumptions as for the plain network (Poole et al. 2016, Schoenholz et al. 2017):
the units of a layer are independent Gaussians of variance q_l, and the weights met on the way
back are independent of the forward pass ("gradient independence").  chi_l is the factor of
the gradient's *variance* from layer l + 1 back to layer l (the RMS factor is sqrt(chi_l)).

* residual, z_l = z_{l-1} + alpha (W_l phi(z_{l-1}) + b_l): the branch is independent of z_{l-1}
  (W_l has mean 0), so the variances add:
  q_1 = s_w^2 + s_b^2,  q_{l+1} = q_l + alpha^2 (s_w^2 E[phi(sqrt(q_l) u)^2] + s_b^2);
  backwards dz_l = dz_{l+1} (I + alpha W_{l+1} diag phi'(z_l)), and the cross term has mean 0:
  chi_l = 1 + alpha^2 s_w^2 E[phi'(sqrt(q_l) u)^2]   (u ~ N(0, 1)).
  ReLU: chi = 1 + alpha^2 s_w^2 / 2 at every layer, so with alpha = 1 the gradient explodes
  geometrically; with alpha = 1/sqrt(L) the product over L layers stays below e^(s_w^2/2).
* residual-ln, the branch reads LN(z_{l-1}) ~ N(0, r_l), r_l = q_l / (q_l + eps):
  q_{l+1} = q_l + alpha^2 (s_w^2 E[phi(sqrt(r_l) u)^2] + s_b^2);
  LN's Jacobian is (I - 11^T/W - y y^T/W) / sqrt(q_l + eps), whose two projections do not
  count for W -> inf:  chi_l = 1 + alpha^2 s_w^2 E[phi'(sqrt(r_l) u)^2] / (q_l + eps).
  q grows linearly, so chi_l - 1 falls as 1/l and the gradient grows only as a power of the
  depth: ReLU with s_w^2 = 2, alpha = 1 gives q_l = l + 1 and a variance ratio
  prod_{l=1}^{L-1} (1 + 1/(l + 1)) = (L + 1) / 2 between layer 1 and layer L.
* batchnorm: Yang, Pennington, Rao, Sohl-Dickstein & Schoenholz, "A mean field theory of batch
  normalization" (ICLR 2019): the gradient explodes at initialisation whatever s_w; for ReLU,
  in the wide and large-batch limit, its variance grows by pi / (pi - 1) ~ 1.47 per layer
  (RMS x 1.21).  Only that case is given here: for other functions their rate has no closed
  form we use, so there is no theory (``gradient_known`` False) rather than a guessed line.
  Their theory of the activations after BatchNorm is not reproduced either
  (``act_known`` False).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .config import NORM_EPS, DepthConfig
from .profile import FunctionProfile
from .series import _exp, _log

__all__ = ["arch_arrays", "BN_RELU_CHI", "has_gradient_theory"]

BN_RELU_CHI = math.pi / (math.pi - 1.0)
_BN_THEORY = ("relu",)


def has_gradient_theory(arch: str, act_id: str) -> bool:
    """Whether the mean-field theory here predicts the gradient of ``arch`` with ``act_id``."""
    return arch != "batchnorm" or act_id in _BN_THEORY


def _empty(L: int) -> dict[str, np.ndarray]:
    return {"log_q": np.full(L, np.nan), "chi": np.full(L, np.nan),
            "log_act_rms": np.full(L, np.nan), "act_mean": np.full(L, np.nan),
            "frac_saturated": np.full(L, np.nan)}


def arch_arrays(cfg: DepthConfig, prof: FunctionProfile, mom: Callable[[float], dict],
                q_limit: float) -> tuple[dict[str, np.ndarray], int, bool, bool]:
    """(arrays, valid depth, gradient_known, act_known) of the theory of ``cfg`` (arch not
    plain); arrays as :class:`~.meanfield.DepthTheory`'s, NaN where there is no theory."""
    L = cfg.depth
    out = _empty(L)
    if cfg.arch == "batchnorm":
        known = has_gradient_theory(cfg.arch, cfg.act_id)
        if known:
            out["chi"][:] = BN_RELU_CHI
        return out, L, known, False
    s2, sb2, a2 = cfg.sigma_w2, cfg.sigma_b ** 2, cfg.alpha ** 2
    valid = L
    if cfg.arch == "residual" and prof.homogeneous:
        m1 = mom(1.0)
        lq = math.log(s2 + sb2)
        grow = math.log1p(a2 * s2 * m1["mean_f2"])
        log_add = _log(a2 * sb2)
        for i in range(L):
            out["log_q"][i] = lq
            out["chi"][i] = 1.0 + a2 * s2 * m1["mean_df2"]
            out["log_act_rms"][i] = 0.5 * (lq + _log(m1["mean_f2"]))
            out["act_mean"][i] = float(_exp(np.float64(0.5 * lq))) * m1["mean_f"] if m1["mean_f"] else 0.0
            lq = float(np.logaddexp(lq + grow, log_add)) if log_add > -math.inf else lq + grow
        out["frac_saturated"][:] = float(prof.saturated_probability(1.0)[0])
        return out, L, True, True
    ln = cfg.arch == "residual-ln"
    q = s2 + sb2
    var = np.full(L, np.nan)          # the variance phi reads at each layer
    for i in range(L):
        if not math.isfinite(q) or q > q_limit:
            valid = i
            break
        r = q / (q + NORM_EPS) if ln else q
        m = mom(r)
        out["log_q"][i] = _log(q)
        gain = 1.0 / (q + NORM_EPS) if ln else 1.0
        out["chi"][i] = 1.0 + a2 * s2 * m["mean_df2"] * gain
        out["log_act_rms"][i] = 0.5 * _log(m["mean_f2"])
        out["act_mean"][i] = m["mean_f"]
        var[i] = r
        q = q + a2 * (s2 * m["mean_f2"] + sb2)
    if valid:
        out["frac_saturated"][:valid] = prof.saturated_probability(var[:valid])
    return out, valid, True, True
