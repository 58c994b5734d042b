"""Plain-text tables (CSV) built from model data; shared by the CLI and the window's export."""

from __future__ import annotations

import io
from typing import Iterable, Sequence

import numpy as np

__all__ = ["format_number", "csv_text", "curves_csv"]


def format_number(v: float) -> str:
    """Shortest text that reads back to the same double ('' for NaN, 'inf'/'-inf' kept)."""
    v = float(v)
    if v != v:
        return ""
    return repr(v)


def csv_text(header: Sequence[str], columns: Iterable[Sequence[float]]) -> str:
    cols = [np.asarray(c, dtype=np.float64) for c in columns]
    n = len(cols[0]) if cols else 0
    if any(len(c) != n for c in cols):
        raise ValueError("CSV columns differ in length")
    buf = io.StringIO()
    buf.write(",".join(header) + "\n")
    fmt = format_number
    for row in zip(*(c.tolist() for c in cols)):
        buf.write(",".join(fmt(v) for v in row) + "\n")
    return buf.getvalue()


def curves_csv(x: np.ndarray, series: Sequence[tuple[str, np.ndarray, np.ndarray]]) -> str:
    """CSV of curves sharing ``x``.  One series gives ``x,f,df``; several give
    ``x,<label>_f,<label>_df,...``."""
    if len(series) == 1:
        _, f, df = series[0]
        return csv_text(["x", "f", "df"], [x, f, df])
    header = ["x"]
    cols: list[np.ndarray] = [x]
    for label, f, df in series:
        header += [f"{label}_f", f"{label}_df"]
        cols += [f, df]
    return csv_text(header, cols)
