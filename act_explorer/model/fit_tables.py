"""A fit as a table on a grid: what ``act-explorer fit`` writes as CSV (and the view exports).

One input: ``x,target,prediction,unit_1..unit_H`` on :func:`~.fit.view_grid` (the data range
widened by half of it on each side).  The unit columns exist for one hidden layer only: unit j's
contribution v_j·phi(w_j x + b_j) (see :mod:`.pieces`), so they add up to the prediction minus
the output bias.  The target column is NaN (an empty CSV field) for points read from a file.

Two inputs: ``x1,x2,target,prediction`` on an n x n grid over the widened square, x1 varying
fastest.
"""

from __future__ import annotations

import numpy as np

from . import pieces
from .fit_data import FitData
from .network import Network, grid_points

__all__ = ["fit_table", "fit_table_2d"]


def fit_table(data: FitData, net: Network, n: int = 601) -> tuple[list[str], list[np.ndarray]]:
    from .fit import predict, view_grid  # noqa: PLC0415

    x = view_grid(data, n)
    target = data.target_values(x)
    if target is None:
        target = np.full(len(x), np.nan)
    header = ["x", "target", "prediction"]
    if pieces.is_one_layer(net):
        pred, parts, _c = pieces.contributions(net, x)
        header += [f"unit_{j}" for j in range(1, parts.shape[1] + 1)]
        return header, [x, target, pred, *parts.T]
    return header, [x, target, predict(net, x)]


def fit_table_2d(data: FitData, net: Network, n: int = 61) -> tuple[list[str], list[np.ndarray]]:
    from .fit import predict  # noqa: PLC0415

    (xlim, ylim) = data.view_range()
    _, _, pts = grid_points(xlim, ylim, n)
    target = data.target_values(pts)
    if target is None:
        target = np.full(len(pts), np.nan)
    return ["x1", "x2", "target", "prediction"], [pts[:, 0], pts[:, 1], target, predict(net, pts)]
