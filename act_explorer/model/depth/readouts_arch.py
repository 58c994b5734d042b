"""The readout sentences of the residual, residual + LayerNorm and BatchNorm networks, and the
note on orthogonal weights (:func:`arch_readout_lines`; :mod:`.readouts` calls it).

Every figure is computed here: the measured ratio (layer 1 over the last layer, RMS of
dloss/dz), the measured factor per layer (the geometric mean, ratio^(1/(L-1))), and the
mean-field one where :mod:`.meanfield_arch` has a theory.
"""

from __future__ import annotations

import math

from .meanfield import DepthTheory
from .series import DepthSeries

__all__ = ["ARCH_TEMPLATES", "arch_readout_lines", "per_layer_rate"]

_IN = "With {function} and {init} init in a {arch} network, "
ARCH_TEMPLATES: dict[str, str] = {
    "arch_measured": _IN + "the gradient RMS at layer 1 of {layers} is {ratio} × the last "
                     "layer's, measured on one random network (mean-field theory: {theory}).",
    "arch_measured_no_theory": _IN + "the gradient RMS at layer 1 of {layers} is {ratio} × the "
                               "last layer's, measured on one random network. There is no "
                               "mean-field theory for this case, so no theory line is drawn.",
    "arch_theory": _IN + "the gradient RMS at layer 1 of {layers} is {ratio} × the last "
                   "layer's in the mean-field theory.",
    "arch_theory_none": _IN + "there is no mean-field theory of the gradient, so nothing is "
                        "predicted.",
    "residual_explodes": "Residual without scaling explodes: each block adds variance, so going "
                         "back the gradient's RMS grows ×{rate} per layer on average here "
                         "(mean field: √(1 + α²σ_w²E[f′²]) = {mf_rate} at layer 1). A branch "
                         "scale α = 1/√L keeps the growth over the whole depth bounded.",
    "skip_carries": "The skip path carries the gradient: every block passes it back unchanged "
                    "through the identity and adds only the branch's share, scaled by α = "
                    "{alpha}, so the RMS changes ×{rate} per layer on average (mean field: "
                    "{mf_rate} at layer 1).",
    "ln_power": "LayerNorm feeds each branch an input of variance 1 while the stream's variance "
                "q keeps growing (q = {q_last} at layer {layers} in the mean field), so each "
                "block's share of the gradient falls as 1/q: the gradient grows as a power of "
                "the depth, not exponentially (×{rate} per layer on average here).",
    "bn_explodes_relu": "BatchNorm at initialisation makes gradients explode, ×{rate} in RMS per "
                        "layer on average here. Yang et al. (2019) predict ×√(π/(π−1)) = "
                        "{mf_rate} for ReLU in the limit of infinite width and batch.",
    "bn_explodes": "BatchNorm at initialisation makes gradients explode, ×{rate} in RMS per "
                   "layer on average here (Yang et al. 2019 show this for every function; their "
                   "rate is not computed here for {function}).",
    "bn_rate": "With BatchNorm the gradient's RMS changes ×{rate} per layer on average here.",
    "orthogonal": "Orthogonal weights (σ_w times an orthogonal matrix) keep the length of every "
                  "vector they multiply; the mean-field line is the one of Gaussian weights, "
                  "which have the same average gain.",
}
_EXPLODES = 10.0            # a measured ratio above this counts as exploding


def _rate(v: float) -> str:
    """A factor per layer with three significant digits kept: 1.00, 1.21, 0.950."""
    return f"{v:#.3g}" if math.isfinite(v) else "?"


def per_layer_rate(series: DepthSeries) -> float:
    """The measured RMS factor per layer, (layer 1 / last)^(1/(L-1)); NaN when undefined."""
    lg = series.log10_first_to_last
    if series.depth < 2 or not math.isfinite(lg):
        return math.nan
    return 10.0 ** (lg / (series.depth - 1))


def arch_readout_lines(theory: DepthTheory, depth: int, sim: DepthSeries | None,
                       make, num, ratio) -> list:
    """The sentences for ``theory.config.arch`` (not plain).  ``make(key, values)`` builds a
    Readout; ``num`` and ``ratio`` format figures (from :mod:`.readouts`)."""
    from .readouts import readout  # noqa: PLC0415

    cfg = theory.config
    tv = theory.view(depth)
    src = sim if sim is not None else tv
    values = {"arch": cfg.arch_label, "function": cfg.activation.name, "init": cfg.init_label,
              "layers": str(src.depth)}
    lines = []
    if src.overflow_layer is not None or src.depth == 1 or src.log10_first_to_last == -math.inf \
            or src.no_gradient:
        lines.append(readout(src, None, tv))
    elif sim is not None:
        values["ratio"] = ratio(log10=sim.log10_first_to_last)
        if theory.gradient_known:
            values["theory"] = ratio(log10=tv.log10_first_to_last)
            lines.append(make("arch_measured", values))
        else:
            lines.append(make("arch_measured_no_theory", values))
    elif theory.gradient_known:
        values["ratio"] = ratio(log10=tv.log10_first_to_last)
        lines.append(make("arch_theory", values))
    else:
        lines.append(make("arch_theory_none", values))
    rate = per_layer_rate(src)
    chi1 = float(theory.chi[0]) if theory.gradient_known else math.nan
    mf_rate = math.sqrt(chi1) if chi1 == chi1 else math.nan
    if math.isfinite(rate):
        if cfg.arch == "residual":
            key = "residual_explodes" if 10.0 ** src.log10_first_to_last > _EXPLODES else "skip_carries"
            lines.append(make(key, {"rate": _rate(rate), "mf_rate": _rate(mf_rate),
                                    "alpha": num(cfg.alpha)}))
        elif cfg.arch == "residual-ln":
            L = tv.depth
            q_last = float(theory.q[L - 1]) if L <= theory.valid_depth else math.inf
            lines.append(make("ln_power", {"rate": _rate(rate), "q_last": num(q_last),
                                           "layers": str(L)}))
        elif rate > 1.0:
            if theory.gradient_known:
                lines.append(make("bn_explodes_relu", {"rate": _rate(rate), "mf_rate": _rate(mf_rate)}))
            else:
                lines.append(make("bn_explodes", {"rate": _rate(rate),
                                                  "function": cfg.activation.name}))
        else:
            lines.append(make("bn_rate", {"rate": _rate(rate)}))
    if cfg.weights == "orthogonal" and theory.gradient_known:   # it speaks of the theory line
        lines.append(make("orthogonal", {}))
    return lines
