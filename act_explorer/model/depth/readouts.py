"""What the depth experiment's numbers say, in sentences (the depth panel and ``act-explorer depth``).

Every figure in these sentences is computed here from a simulation, the mean-field theory
(:mod:`.meanfield`, :mod:`.simulation`) and the function's profile, and each sentence names the quantity it is about:

* the gradient RMS at layer 1 relative to the last layer (one random network, or the theory);
* chi* = s_w^2 E[f'(h)^2] at the fixed point, the per-layer factor of the gradient's
  *variance*, and sqrt(chi*) = s_w x RMS of f', the per-layer factor of its *RMS*;
* xi = -1/ln chi* (1/ln chi* when chi* > 1), the depth scale of the *variance*: the RMS changes
  e-fold every 2 xi layers;
* the forward fixed point q* (variance of the pre-activations), including the degenerate cases
  where it is 0 or where none is finite, and whether it is approached geometrically or only as a
  power of depth (then chi_l differs from chi* at every finite depth, and so the gradient changes
  as a power of depth, not exponentially);
* the product of the largest slopes, (max|f'|)^(L-l): it bounds the product of the slopes f'
  along the way, *not* the gradient, which also passes through the weights.

A :class:`Readout` carries the English ``template`` with named fields and the formatted
``values``, so the window can translate the template and fill in the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..gaussian import moments
from .meanfield import DepthTheory, FixedPoint
from .profile import FunctionProfile
from .readouts_arch import ARCH_TEMPLATES, arch_readout_lines
from .series import DepthSeries

__all__ = ["Readout", "READOUT_TEMPLATES", "ForwardFate", "forward_fate", "readout",
           "readout_lines", "slope_factor", "format_ratio", "format_layers"]


@dataclass(frozen=True)
class Readout:
    """An English sentence: ``template`` with named ``{fields}``, the formatted ``values`` and
    the filled ``text``.  ``key`` names the template in :data:`READOUT_TEMPLATES` (for
    translation)."""

    key: str
    template: str
    values: dict
    text: str


_WITH = "With {function} and {init} init, "
READOUT_TEMPLATES: dict[str, str] = {
    # -- the measurement (first sentence) --
    "measured": _WITH + "the gradient RMS at layer 1 of {layers} is {ratio} × the last "
                "layer's, measured on one random network (mean-field theory: {theory}).",
    "theory": _WITH + "the gradient RMS at layer 1 of {layers} is {ratio} × the last layer's "
              "in the mean-field theory.",
    "none_reaches": _WITH + "no gradient reaches the first of {layers} layers: a layer on the "
                    "way passes none back.",
    "no_gradient": _WITH + "the last of {layers} layers has f′ = 0 for every input, so no "
                   "gradient flows at all.",
    "overflow": _WITH + "the activations overflow (or stop being finite numbers) at layer "
                "{layer} of {layers}, so the gradient cannot be measured.",
    "single": _WITH + "a single layer has no depth for the gradient to cross.",
    # -- the backward factor at the fixed point --
    "mf_vanishing": "Mean field: at every layer the gradient's variance is multiplied by "
                    "χ* = {chi} and its RMS by √χ* = {sqrt_chi}, so going back towards layer 1 "
                    "the RMS falls e-fold every 2ξ = {xi2} layers (ξ = {xi} layers is the "
                    "depth scale of the variance).",
    "mf_exploding": "Mean field: at every layer the gradient's variance is multiplied by "
                    "χ* = {chi} and its RMS by √χ* = {sqrt_chi}, so going back towards layer 1 "
                    "the RMS grows e-fold every 2ξ = {xi2} layers (ξ = {xi} layers is the "
                    "depth scale of the variance).",
    "mf_critical": "Mean field: χ* = {chi} (RMS factor √χ* = {sqrt_chi} per layer): the "
                   "initialisation is critical, so the gradient neither vanishes nor explodes "
                   "exponentially with depth.",
    "mf_zero": "Mean field: χ* = 0, so no gradient passes a layer at the fixed point.",
    "slope_factor": "√χ* = σ_w × RMS of f′ = {sigma_w} × {rms_df}: the slopes contribute at "
                    "most max|f′| = {max_df} per layer, and the weights multiply that by σ_w.",
    # -- the forward fixed point --
    "q_finite": "Forward: the pre-activations' variance settles at q* = {q}. A forward fixed "
                "point (what self-normalisation means) fixes the size of the activations, not "
                "of the gradient, whose factor per layer is χ*.",
    "q_zero_geometric": "Forward: the activations fade away: q* = 0, and q is multiplied by "
                        "{rate} per layer (q = {q_last} at layer {layers}).",
    "q_zero_power": "Forward: q* = 0, approached only slowly, as a power of depth "
                    "(q = {q_last} at layer {layers}). χ = {chi_last} there and reaches χ* = "
                    "{chi} only in the limit, so the gradient changes as a power of depth, not "
                    "exponentially.",
    "q_inf_geometric": "Forward: there is no finite fixed point: q is multiplied by {rate} "
                       "per layer and grows without bound (q = {q_last} at layer {layers}).",
    "q_inf_power": "Forward: there is no finite fixed point: q grows without bound, but only "
                   "as a power of depth (q = {q_last} at layer {layers}). χ = {chi_last} "
                   "there and tends to χ* = {chi} only in the limit, so the gradient changes "
                   "as a power of depth, not exponentially.",
    # -- the dotted curve --
    "slopes": "Dotted grey: the product of the largest slopes, (max|f′|)^(L−l) = {product} at "
              "layer 1. It bounds only the product of the slopes f′, not the gradient, which "
              "also passes through the weights.",
    "slopes_exceeded": "Dotted grey: the product of the largest slopes, (max|f′|)^(L−l) = "
                       "{product} at layer 1. It bounds only the product of the slopes f′, not "
                       "the gradient, which also passes through the weights: here the "
                       "gradient at layer 1 ({ratio}) exceeds it.",
}
READOUT_TEMPLATES.update(ARCH_TEMPLATES)     # residual, LayerNorm, BatchNorm, orthogonal


def _make(key: str, values: dict) -> Readout:
    template = READOUT_TEMPLATES[key]
    text = template.format(**values)
    return Readout(key, template, dict(values), text[:1].upper() + text[1:])


def _num(v: float) -> str:
    """A figure with three significant digits: 0.0557, 0.236, 1.07, 3.60e-17, ∞."""
    if v != v:
        return "?"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-3):
        return f"{v:.2e}"
    return f"{v:.3g}"


def _layers(xi: float) -> str:
    """A depth in layers: 0.35, 2.9, 19.9, 289, 1.2e+3, ∞."""
    if math.isinf(xi):
        return "∞"
    if xi < 1:
        return f"{xi:.2g}"
    if xi < 100:
        return f"{xi:.1f}"
    if xi < 1000:
        return f"{xi:.0f}"
    return format_ratio(log10=math.log10(xi))


# ---- the forward fixed point ----------------------------------------------------------------

@dataclass(frozen=True)
class ForwardFate:
    """Where the pre-activations' variance q goes with depth.

    ``kind``: 'finite' (a fixed point q* > 0), 'zero' (q -> 0) or 'infinite' (no finite fixed
    point, q -> inf).  ``pace`` for 'zero'/'infinite': 'geometric' (q changes by ``rate`` per
    layer in the limit) or 'power' (the rate tends to 1: q changes only as a power of depth).
    """

    kind: str
    pace: str = ""
    rate: float = math.nan


_Q_SMALL = 1e-8
_Q_LARGE = 1e16
_POWER_BAND = 1e-3


def _rate(prof: FunctionProfile, sigma_w2: float, q: float) -> float:
    """F(q)/q, F(q) = s_w^2 E[f(sqrt(q) z)^2] (sigma_b = 0 where this is asked)."""
    m = moments(prof.f, prof.df, q, prof.kinks)
    return sigma_w2 * m["mean_f2"] / q


def forward_fate(theory: DepthTheory) -> ForwardFate:
    """Classify the forward fixed point of ``theory`` (cached on the object)."""
    hit = theory.__dict__.get("_forward_fate")
    if hit is not None:
        return hit
    cfg = theory.config
    s2, sb2 = theory.sigma_w2, cfg.sigma_b ** 2
    q1 = s2 + sb2
    q_star = theory.fixed_point.q_star
    prof = theory.profile
    if math.isinf(q_star) or q_star > 1e12 * max(q1, 1.0):
        with _quiet():
            r = _rate(prof, s2, _Q_LARGE) + sb2 / _Q_LARGE
        fate = ForwardFate("infinite", "power" if abs(r - 1.0) < _POWER_BAND else "geometric", r)
    elif sb2 == 0.0 and q_star < 1e-9 * q1:
        with _quiet():
            r = _rate(prof, s2, _Q_SMALL)
        fate = ForwardFate("zero", "power" if abs(r - 1.0) < _POWER_BAND else "geometric", r)
    else:
        fate = ForwardFate("finite")
    theory.__dict__["_forward_fate"] = fate
    return fate


def _quiet():
    import numpy as np  # noqa: PLC0415

    return np.errstate(all="ignore")


def slope_factor(theory: DepthTheory) -> tuple[float, float]:
    """(sigma_w, RMS of f') with sqrt(chi*) = sigma_w x RMS of f' at the fixed point."""
    sw = math.sqrt(theory.sigma_w2)
    chi = theory.fixed_point.chi_star
    return sw, math.sqrt(max(chi, 0.0)) / sw


# ---- sentences --------------------------------------------------------------------------------

def _base_values(series: DepthSeries) -> dict:
    cfg = series.config
    return {"function": cfg.activation.name, "init": cfg.init_label, "layers": str(series.depth)}


def readout(series: DepthSeries, fp: FixedPoint | None = None,
            theory_series: DepthSeries | None = None) -> Readout:
    """The first sentence: the gradient RMS reaching layer 1 of ``series`` (sim or theory),
    with the theory's figure beside a measurement when ``theory_series`` is given."""
    values = _base_values(series)
    lg = series.log10_first_to_last
    if series.overflow_layer is not None:
        return _make("overflow", {**values, "layer": str(series.overflow_layer)})
    if series.no_gradient:
        return _make("no_gradient", values)
    if series.depth == 1:
        return _make("single", values)
    if lg == -math.inf:
        return _make("none_reaches", values)
    values["ratio"] = format_ratio(log10=lg)
    if series.kind == "theory":
        return _make("theory", values)
    values["theory"] = ("?" if theory_series is None
                        else format_ratio(log10=theory_series.log10_first_to_last))
    return _make("measured", values)


def readout_lines(theory: DepthTheory, depth: int, sim: DepthSeries | None = None) -> list[Readout]:
    """Every sentence the depth panel (and ``act-explorer depth``) prints for a network of
    ``depth`` layers: the measurement (or the theory's figure without ``sim``), the mean-field
    factor per layer, where the 0.25-like per-layer factor comes from, the forward fixed point,
    and what the dotted product of the largest slopes is."""
    if theory.config.arch != "plain":
        return arch_readout_lines(theory, depth, sim, _make, _num, format_ratio)
    tv = theory.view(depth)
    first = readout(sim, theory.fixed_point, tv) if sim is not None else readout(tv)
    lines = [first]
    fp = theory.fixed_point
    fate = forward_fate(theory)
    chi = fp.chi_star
    mf = {"chi": _num(chi), "sqrt_chi": _num(math.sqrt(max(chi, 0.0))),
          "xi": _layers(fp.xi), "xi2": _layers(2.0 * fp.xi)}
    if chi <= 0.0:
        lines.append(_make("mf_zero", mf))
    else:
        lines.append(_make({"vanishing": "mf_vanishing", "exploding": "mf_exploding"}.get(
            fp.regime, "mf_critical"), mf))
        sw, rms_df = slope_factor(theory)
        lines.append(_make("slope_factor", {"sigma_w": _num(sw), "rms_df": _num(rms_df),
                                            "max_df": _num(theory.max_df)}))
    L = tv.depth
    q_last = float(theory.q[L - 1]) if L <= theory.valid_depth else math.inf
    chi_last = float(theory.chi[L - 1]) if L <= theory.valid_depth else math.nan
    qv = {"q": _num(fp.q_star), "q_last": _num(q_last), "layers": str(L), "rate": _num(fate.rate),
          "chi": _num(chi), "chi_last": _num(chi_last)}
    if fate.kind == "finite":
        lines.append(_make("q_finite", qv))
    else:
        lines.append(_make(f"q_{'zero' if fate.kind == 'zero' else 'inf'}_{fate.pace}", qv))
    if L > 1:
        src = sim if sim is not None else tv
        lp = float(src.log10_slope_product[0])
        lg = src.log10_first_to_last
        sv = {"product": format_ratio(log10=lp), "ratio": format_ratio(log10=lg)}
        exceeded = math.isfinite(lg) and lg > lp + 1e-9
        lines.append(_make("slopes_exceeded" if exceeded else "slopes", sv))
    if theory.config.weights == "orthogonal":
        lines.append(_make("orthogonal", {}))
    return lines


# ---- numbers as people read them ------------------------------------------------------------

def format_ratio(v: float | None = None, log10: float | None = None) -> str:
    """A gradient ratio as people read it: 0.16, 0.97, 43, 2.0e-6, 1.2e+12, 0, ∞.

    Give the value or, for ratios beyond the float range, its ``log10`` (1.0e-1189).
    """
    if log10 is None:
        if v is None or v != v:
            return "?"
        if v == 0:
            return "0"
        if math.isinf(v):
            return "∞"
        log10 = math.log10(abs(v))
    elif log10 != log10:
        return "?"
    elif log10 == -math.inf:
        return "0"
    elif log10 == math.inf:
        return "∞"
    if -2.0 <= log10 < 2.0:
        text = f"{10.0 ** log10:.2g}"
        if "e" not in text:
            return text
    e = int(math.floor(log10))
    m = 10.0 ** (log10 - e)
    if round(m, 1) >= 10.0:
        m, e = m / 10.0, e + 1
    return f"{m:.1f}e{e:+d}" if e > 0 else f"{m:.1f}e{e}"


def format_layers(xi: float) -> str:
    """A depth scale: ∞, 0.7, 12, 1.2e+3."""
    if math.isinf(xi):
        return "∞"
    if xi < 10:
        return f"{xi:.1f}"
    if xi < 1000:
        return f"{xi:.0f}"
    return format_ratio(log10=math.log10(xi))
