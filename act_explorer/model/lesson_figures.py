"""The figures the lessons quote, computed by the app's own model (depth theory, data sets,
functions, the Jacobian prediction), never typed into the text; and the tables quoted from
papers, kept as data.  :func:`fill` puts them into a lesson's ``{name}`` fields; figures are
computed on first use and cached.  Model imports are made inside the functions, so importing
the lessons stays cheap.
"""

from __future__ import annotations

import functools
import re

__all__ = ["GLOROT_2011", "figure", "lesson_figures", "fill"]

# Glorot, Bordes & Bengio 2011, test error (%) of deep networks trained without unsupervised
# pre-training (their results table; FACTS.md).
GLOROT_2011 = {
    "columns": ("MNIST", "CIFAR10", "NISTP", "NORB"),
    "rows": (("Rectifier", (1.43, 50.86, 32.64, 16.40)),
             ("Tanh", (1.57, 52.62, 36.46, 19.29)),
             ("Softplus", (1.77, 53.20, 35.48, 17.68))),
}
_ROW_NAMES = {"zh_CN": {"Rectifier": "整流（ReLU）", "Tanh": "Tanh", "Softplus": "Softplus"}}


def _glorot_table(lang: str) -> str:
    cols = GLOROT_2011["columns"]
    rows = GLOROT_2011["rows"]
    best = [min(r[1][j] for r in rows) for j in range(len(cols))]
    head = "".join(f"<th>{c}</th>" for c in cols)
    first = "网络" if lang == "zh_CN" else "Network"
    out = [f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>{first}</th>{head}</tr>"]
    for name, vals in rows:
        cells = "".join(f"<td align='right'>{'<b>' if v == b else ''}{v:.2f}{'</b>' if v == b else ''}</td>"
                        for v, b in zip(vals, best))
        out.append(f"<tr><td>{_ROW_NAMES.get(lang, {}).get(name, name)}</td>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


def _fmt_sci(v: float) -> str:
    from .depth import format_ratio  # noqa: PLC0415

    text = format_ratio(abs(v))
    return ("−" if v < 0 else "") + text


def _first_to_last(fid: str, init: str, L: int) -> str:
    from . import depth as D  # noqa: PLC0415 (keeps importing the lessons cheap)

    return D.format_ratio(log10=D.theory(D.DepthConfig(fid, depth=L, init=init)).view(L).log10_first_to_last)


def _mean_f(fid: str) -> str:
    from . import catalogue  # noqa: PLC0415
    from .gaussian import moments  # noqa: PLC0415

    act = catalogue.get(fid)
    f, df = act.bind()
    return f"{moments(f, df, 1.0, act.kinks())['mean_f']:.2f}"


def _sig_max() -> float:
    from .depth import max_abs_derivative  # noqa: PLC0415

    return max_abs_derivative("sigmoid")


def _line_acc() -> str:
    from .linear_baseline import preset_line_accuracy  # noqa: PLC0415

    return f"{100.0 * preset_line_accuracy('linear_vs_relu'):.1f}%"


def _gelu_d6() -> str:
    from . import catalogue  # noqa: PLC0415

    return _fmt_sci(float(catalogue.get("gelu").df([-6.0])[0]))


def _glorot_best() -> str:
    rows = GLOROT_2011["rows"]
    n = len(GLOROT_2011["columns"])
    return str(sum(1 for j in range(n) if rows[0][1][j] == min(r[1][j] for r in rows)))


def _pow9() -> str:
    from .depth import format_ratio  # noqa: PLC0415

    return format_ratio(_sig_max() ** 9)



def _tanh_critical(sigma_b2: float) -> float:
    from . import phase as P  # noqa: PLC0415

    return float(P.critical_line("tanh", {}, [sigma_b2])[0])


def _tanh_xi_c(sigma_w2: float, sigma_b2: float = 0.05) -> float:
    from . import phase as P  # noqa: PLC0415

    return P.phase_point("tanh", {}, sigma_w2, sigma_b2).xi_corr


def _jac_variance(fid: str, init: str, layers: int, sigma_b2: float | None = None) -> str:
    """The free-probability variance of the squared singular values at the critical point
    (ReLU: (2, 0); tanh: on the critical line at ``sigma_b2``)."""
    from .jacobian import prediction  # noqa: PLC0415

    if fid == "relu":
        sw2, sb2 = 2.0, 0.0
    else:
        sw2, sb2 = _tanh_critical(sigma_b2), sigma_b2
    return f"{prediction(fid, None, layers, init, sw2, sb2).variance:.3g}"


def _arch_theory(arch: str, branch_scale=1.0, L: int = 50):
    from . import depth as D  # noqa: PLC0415

    return D.theory(D.DepthConfig("relu", depth=L, init="he", arch=arch, branch_scale=branch_scale))


def _arch_ratio(arch: str, branch_scale=1.0, L: int = 50) -> str:
    from .depth import format_ratio  # noqa: PLC0415

    th = _arch_theory(arch, branch_scale, L)
    return format_ratio(log10=th.view(L).log10_first_to_last)


def _bn_relu_rms() -> str:
    from .depth.meanfield_arch import BN_RELU_CHI  # noqa: PLC0415

    return f"{BN_RELU_CHI ** 0.5:.2f}"


@functools.lru_cache(maxsize=None)
def _fit_sine() -> dict[str, str]:
    """The "ReLU builds a polygon: a sine" lesson of the Fit view, trained as Show me trains it."""
    from . import pieces  # noqa: PLC0415
    from .fit import train_fit  # noqa: PLC0415
    from .fit_presets import get as fit_preset  # noqa: PLC0415

    preset = fit_preset("relu_polygon_sin")
    _label, cfg = preset.configs()[0]
    snap = train_fit(preset.data(), cfg, preset.epochs)
    pc = pieces.linear_pieces(snap.network)
    return {"fit_units": str(cfg.hidden[0]), "fit_epochs": str(preset.epochs), "fit_pieces": str(pc.count),
            "fit_bound": str(pc.bound), "fit_mse": f"{snap.last.loss:.2g}"}


_FIGURES = {
    "line_acc": _line_acc,
    "res_chi_relu": lambda: f"{float(_arch_theory('residual').chi[0]):.3g}",
    "res_a1_50": lambda: _arch_ratio("residual"),
    "res_sqrt_50": lambda: _arch_ratio("residual", "1/sqrtL"),
    "resln_50": lambda: _arch_ratio("residual-ln"),
    "bn_relu_rms": _bn_relu_rms,
    "sig_max": lambda: f"{_sig_max():g}",
    "sig_pow9": _pow9,
    "sig_xavier10": lambda: _first_to_last("sigmoid", "xavier", 10),
    "sig_he10": lambda: _first_to_last("sigmoid", "he", 10),
    "relu_xavier30": lambda: _first_to_last("relu", "xavier", 30),
    "gelu_d6": _gelu_d6,
    "elu_mean": lambda: _mean_f("elu"),
    "relu_mean": lambda: _mean_f("relu"),
    "glorot_best": _glorot_best,
    "glorot_cols": lambda: str(len(GLOROT_2011["columns"])),
    "tanh_crit05": lambda: f"{_tanh_critical(0.05):.3f}",
    "tanh_xic_1": lambda: f"{_tanh_xi_c(1.0):.1f}",
    "tanh_xic_4": lambda: f"{_tanh_xi_c(4.0):.1f}",
    "tanh_six_xic_1": lambda: f"{6 * _tanh_xi_c(1.0):.0f}",
    "relu_jac_gauss16": lambda: _jac_variance("relu", "gaussian", 16),
    "relu_jac_orth16": lambda: _jac_variance("relu", "orthogonal", 16),
    "tanh_jac_gauss16": lambda: _jac_variance("tanh", "gaussian", 16, 0.001),
    "tanh_jac_orth16": lambda: _jac_variance("tanh", "orthogonal", 16, 0.001),
    "tanh_jac_orth16_05": lambda: _jac_variance("tanh", "orthogonal", 16, 0.05),
    **{name: (lambda name=name: _fit_sine()[name])
       for name in ("fit_units", "fit_epochs", "fit_pieces", "fit_bound", "fit_mse")},
}


@functools.lru_cache(maxsize=None)
def figure(name: str) -> str:
    """One figure a lesson quotes, computed by the app's own model (cached)."""
    return _FIGURES[name]()


def lesson_figures() -> dict[str, str]:
    """Every figure the lessons quote."""
    return {name: figure(name) for name in _FIGURES}


_FIELD = re.compile(r"\{([a-z0-9_]+)\}")


def fill(body: str, lang: str = "en") -> str:
    """``body`` with its ``{figure}`` fields replaced (unknown names are left alone)."""
    if "{" not in body:
        return body
    def value(m: re.Match) -> str:
        name = m.group(1)
        if name == "glorot_table":
            return _glorot_table(lang)
        return figure(name) if name in _FIGURES else m.group(0)

    return _FIELD.sub(value, body)
