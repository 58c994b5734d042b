"""Sentences saying where a function is infinite or undefined (NaN)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Evaluation", "describe_nonfinite"]


def _fmt(v: float) -> str:
    return f"{float(v) + 0.0:.4g}"


def _where_text(xs: np.ndarray, mask: np.ndarray) -> str:
    n = xs.size
    if mask.all():
        return "everywhere on the range" if n > 1 else f"at x = {_fmt(xs[0])}"
    idx = np.flatnonzero(mask)
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]]))
    parts = []
    for s, e in zip(starts, ends):
        if s == 0:
            parts.append(f"x <= {_fmt(xs[e])}")
        elif e == n - 1:
            parts.append(f"x >= {_fmt(xs[s])}")
        elif s == e or _fmt(xs[s]) == _fmt(xs[e]):
            parts.append(f"x = {_fmt(xs[s])}")
        else:
            parts.append(f"{_fmt(xs[s])} <= x <= {_fmt(xs[e])}")
    if len(parts) > 3:
        more = len(parts) - 3
        parts = parts[:3] + [f"{more} more interval{'s' if more > 1 else ''}"]
    return "for " + ", ".join(parts)


def describe_nonfinite(x, values, label: str = "f") -> list[str]:
    """Short sentences saying where ``values`` is infinite or NaN (finite x only)."""
    x = np.asarray(x, dtype=np.float64).ravel()
    v = np.asarray(values, dtype=np.float64).ravel()
    keep = np.isfinite(x)
    x, v = x[keep], v[keep]
    if x.size == 0:
        return []
    order = np.argsort(x, kind="stable")
    x, v = x[order], v[order]
    notes = []
    inf = np.isinf(v)
    if inf.any():
        notes.append(f"overflow: {label} is infinite {_where_text(x, inf)}")
    nan = np.isnan(v)
    if nan.any():
        notes.append(f"{label} is undefined (NaN) {_where_text(x, nan)}")
    return notes


class Evaluation(NamedTuple):
    f: np.ndarray
    df: np.ndarray
    notes: list[str]
