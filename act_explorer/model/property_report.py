"""The properties card without the window: plain data (JSON) and translatable text lines.

:func:`to_json` turns :class:`~.properties.Properties` into JSON-ready data (non-finite
numbers become ``null``); :func:`text_lines` words the card as text.  The English templates
live in :data:`TEXT` (and :data:`.domain.TEMPLATES`); the caller passes ``tr(text)`` to
translate them — the command line uses the app's compiled translation, context
``"PropertiesReport"`` (listed for the translators by ``packaging/translations.py``).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

from .properties import Properties

__all__ = ["TEXT", "CONTEXT", "to_json", "text_lines", "number"]

CONTEXT = "PropertiesReport"

TEXT = {
    "range": "Range",
    "defined": "Defined",
    "everywhere": "for every x",
    "zero_centred": "Zero-centred",
    "monotonic": "Monotonic",
    "continuous": "Continuous",
    "smoothness": "Smoothness",
    "left": "Left saturation",
    "right": "Right saturation",
    "max_df": "Largest |f′|",
    "df0": "f′(0)",
    "can_die": "Units can die",
    "minimum": "Minimum",
    "moments": "For z ~ N(0,1)",
    "notes": "Notes",
    "yes": "yes",
    "no": "no",
    "none": "none",
    "undefined_value": "undefined",
    "mean_f": "E[f(z)] = {m}",
    "mean_f_undefined": "E[f(z)] undefined",
    "moments_values": "E[f] = {a}, E[f²] = {b}, E[f′] = {c}, E[f′²] = {d}",
    "moments_undefined": "undefined: f is not defined for every x, and z ~ N(0,1) reaches every x",
    "range_none": "none: f takes no finite value",
    "smooth": "smooth (no kinks)",
    "C1": "C¹: f′ continuous, f″ jumps",
    "C0": "continuous with kinks (f′ jumps)",
    "discontinuous": "discontinuous (f jumps)",
    "undefined": "not defined for every x",
    "kinks_at": "{what} at x = {at}",
    "soft": "soft (f′ → 0 only in the limit)",
    "hard_all": "hard (f′ = 0 everywhere)",
    "hard_left": "hard (f′ = 0 for x < {at})",
    "hard_right": "hard (f′ = 0 for x > {at})",
    "df_everywhere": "{m} everywhere",
    "df_limit": "{m} (approached as x → {side})",
    "df_at": "{m} at x = {x}",
    "df_sup": "{m}, approached as x → {x}{side} but not reached (f′({x}) = {v})",
    "df_unbounded": "unbounded (|f′| → ∞ near x = {x})",
    "df_gt": "{m} for x > {a}",
    "df_lt": "{m} for x < {b}",
    "df_between": "{m} for {a} < x < {b}",
    "can_die_yes": "yes — f′ = 0 on a whole half-line",
    "minimum_at": "{f} at x = {x}",
    "minimum_none": "none (no interior minimum)",
}


def number(v: float) -> str:
    """A number as the card shows it (∞ for infinities, 0 for quadrature noise)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if abs(v) < 1e-12:
        return "0"
    return f"{v:.6g}"


def _j(v) -> Any:
    """A JSON value: non-finite floats become None."""
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _side(s) -> dict:
    return {"kind": s.kind, "at": _j(s.at)}


def to_json(p: Properties, fid: str | None = None, name: str | None = None,
            params: Mapping[str, float] | None = None) -> dict:
    """The card as JSON-ready data.  ``range`` is [lo, hi] with null for an infinite end (null
    when f takes no finite value); booleans as the card states them; ``gaussian`` holds
    E[f(z)], E[f(z)²], E[f′(z)], E[f′(z)²] for z ~ N(0, 1), null where undefined."""
    a, b = p.max_abs_df_at
    if math.isnan(p.range_lo) or math.isnan(p.range_hi):
        rng = None
    else:
        rng = [_j(p.range_lo), _j(p.range_hi)]
    if a == b and math.isfinite(a):
        at, interval = a, None
    else:
        at = None
        interval = None if (math.isnan(a) or math.isnan(b)) else [_j(a), _j(b)]
    out = {
        "id": fid,
        "name": name,
        "params": dict(params or {}),
        "range": rng,
        "range_closed": [p.range_lo_closed, p.range_hi_closed],
        "range_text": p.range_text(),
        "defined_everywhere": p.defined_everywhere,
        "undefined": [{"lo": _j(g.lo), "hi": _j(g.hi), "lo_closed": g.lo_closed, "hi_closed": g.hi_closed,
                       "kind": g.kind} for g in p.undefined],
        "undefined_text": p.undefined_text(),
        "poles": [{"at": _j(q.at), "side": "left" if q.side < 0 else "right",
                   "f_tends_to": "+inf" if q.sign > 0 else "-inf"} for q in p.poles],
        "zero_centred": bool(p.zero_centred),
        "monotonic": bool(p.monotonic),
        "continuous": bool(p.continuous),
        "smooth": bool(p.smooth),
        "smoothness": p.smoothness,
        "kinks": [_j(k) for k in p.kinks],
        "saturation": {"left": p.left.kind, "right": p.right.kind,
                       "left_at": _j(p.left.at), "right_at": _j(p.right.at)},
        "max_abs_slope": {"value": _j(p.max_abs_df), "at": _j(at), "interval": interval,
                          "attained": bool(p.max_abs_df_attained) and math.isfinite(p.max_abs_df)},
        "slope_at_0": _j(p.df_at_0),
        "f_at_0": _j(p.f_at_0),
        "units_can_die": bool(p.can_die),
        "minimum": None if p.minimum is None else {"x": _j(p.minimum[0]), "f": _j(p.minimum[1])},
        "gaussian": {"mean_f": _j(p.mean_f), "mean_f2": _j(p.mean_f2),
                     "mean_df": _j(p.mean_df), "mean_df2": _j(p.mean_df2)},
        "notes": list(p.notes),
    }
    return out


def _identity(text: str) -> str:
    return text


def max_df_text(p: Properties, tr: Callable[[str], str] = _identity, df: Callable | None = None) -> str:
    """The largest slope and where it is reached (or approached)."""
    a, b = p.max_abs_df_at
    m = number(p.max_abs_df)
    if math.isnan(p.max_abs_df):
        return tr(TEXT["undefined_value"])
    if math.isinf(p.max_abs_df) and a == b and math.isfinite(a):
        return tr(TEXT["df_unbounded"]).format(x=number(a))
    if p.max_abs_df == 0 or (math.isinf(a) and math.isinf(b) and a < 0 < b):
        return tr(TEXT["df_everywhere"]).format(m=m)
    if a == b and math.isinf(a):
        return tr(TEXT["df_limit"]).format(m=m, side="+∞" if a > 0 else "−∞")
    if a == b:
        sup = next((n for n in p.notes if getattr(n, "key", "") == "supremum"), None)
        if sup is not None:     # the analysis says from which side, with the figures
            v = sup.values
            return tr(TEXT["df_sup"]).format(m=v["m"], x=v["at"], side=v["side"], v=v["f_at"])
        if not p.max_abs_df_attained and df is not None:
            import numpy as np  # noqa: PLC0415

            v = float(np.asarray(df(np.array([a])))[0])
            return tr(TEXT["df_sup"]).format(m=m, x=number(a), side="", v=number(v))
        return tr(TEXT["df_at"]).format(m=m, x=number(a))
    if math.isinf(b):
        return tr(TEXT["df_gt"]).format(m=m, a=number(a))
    if math.isinf(a):
        return tr(TEXT["df_lt"]).format(m=m, b=number(b))
    return tr(TEXT["df_between"]).format(m=m, a=number(a), b=number(b))


def _sat(s, side: str, tr) -> str:
    if s.kind == "none":
        return tr(TEXT["none"])
    if s.kind == "soft":
        return tr(TEXT["soft"])
    if s.at is None:
        return tr(TEXT["hard_all"])
    return tr(TEXT["hard_left" if side == "left" else "hard_right"]).format(at=number(s.at))


def text_lines(p: Properties, title: str, tr: Callable[[str], str] = _identity,
               df: Callable | None = None, notes: str = "") -> list[str]:
    """The card as ``label: value`` lines under ``title``.  ``df`` (f′ bound to the same
    parameters) lets a supremum say what f′ is at the point; ``notes`` is the function's
    note text, already translated."""
    yes, no = tr(TEXT["yes"]), tr(TEXT["no"])

    def yn(flag: bool) -> str:
        return yes if flag else no

    rows: list[tuple[str, str]] = []
    rows.append(("range", tr(TEXT["range_none"]) if p.range_text() == "none" else p.range_text()))
    rows.append(("defined", tr(TEXT["everywhere"]) if p.defined_everywhere else p.undefined_text(tr)))
    if p.moments_defined:
        zc = yn(p.zero_centred) + " (" + tr(TEXT["mean_f"]).format(m=number(p.mean_f)) + ")"
    else:
        zc = yn(p.zero_centred) + " (" + tr(TEXT["mean_f_undefined"]) + ")"
    rows.append(("zero_centred", zc))
    rows.append(("monotonic", yn(p.monotonic)))
    rows.append(("continuous", yn(p.continuous)))
    sm = tr(TEXT[p.smoothness])
    if p.kinks:
        sm = tr(TEXT["kinks_at"]).format(what=sm, at=", ".join(number(k) for k in p.kinks))
    rows.append(("smoothness", sm))
    rows.append(("left", _sat(p.left, "left", tr)))
    rows.append(("right", _sat(p.right, "right", tr)))
    rows.append(("max_df", max_df_text(p, tr, df)))
    rows.append(("df0", tr(TEXT["undefined_value"]) if math.isnan(p.df_at_0) else number(p.df_at_0)))
    rows.append(("can_die", tr(TEXT["can_die_yes"]) if p.can_die else no))
    rows.append(("minimum", tr(TEXT["minimum_at"]).format(f=number(p.minimum[1]), x=number(p.minimum[0]))
                 if p.minimum else tr(TEXT["minimum_none"])))
    if p.moments_defined:
        mom = tr(TEXT["moments_values"]).format(a=number(p.mean_f), b=number(p.mean_f2),
                                                c=number(p.mean_df), d=number(p.mean_df2))
    else:
        mom = tr(TEXT["moments_undefined"])
    rows.append(("moments", mom))
    lines = [title]
    for key, value in rows:
        lines.append(f"{tr(TEXT[key])}: {value}")
    if notes:
        lines.append(f"{tr(TEXT['notes'])}: {notes}")
    return lines
