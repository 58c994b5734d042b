"""Maxout: the maximum of k affine pieces, f(x) = max_i (w_i x + b_i)  (Goodfellow et al. 2013).

Not in torch.nn.  The derivative is the slope of the winning piece; at a tie the first of the
tied pieces wins (as ``argmax`` picks it), which with the presets below reproduces PyTorch's
choice at the kink of ReLU (0) and of leaky ReLU (the negative slope).  A maxout unit with k
pieces costs k times the weights of an ordinary unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .catalogue import ParamError
from .state import Field, StateBase, StateError

__all__ = ["Maxout", "PRESETS", "MIN_PIECES", "MAX_PIECES", "preset", "MaxoutState"]

MIN_PIECES, MAX_PIECES = 2, 6
COEF_LIMIT = 100.0


@dataclass(frozen=True)
class Maxout:
    slopes: tuple[float, ...]
    intercepts: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.slopes) != len(self.intercepts):
            raise ParamError("give one intercept per slope")
        if not MIN_PIECES <= len(self.slopes) <= MAX_PIECES:
            raise ParamError(f"maxout takes {MIN_PIECES} to {MAX_PIECES} pieces, got {len(self.slopes)}")
        for v in (*self.slopes, *self.intercepts):
            if not (isinstance(v, (int, float)) and math.isfinite(v) and abs(v) <= COEF_LIMIT):
                raise ParamError(f"slopes and intercepts must be finite numbers within ±{COEF_LIMIT:g}")

    @property
    def k(self) -> int:
        return len(self.slopes)

    def pieces(self, x) -> np.ndarray:
        """Every piece on x, shape (k, len(x))."""
        x = np.asarray(x, dtype=np.float64)
        w = np.asarray(self.slopes)[:, None]
        b = np.asarray(self.intercepts)[:, None]
        return w * np.clip(x, -1e300 / COEF_LIMIT, 1e300 / COEF_LIMIT)[None, :] + b

    def winner(self, x) -> np.ndarray:
        return np.argmax(self.pieces(x), axis=0)

    def f(self, x) -> np.ndarray:
        return np.max(self.pieces(x), axis=0)

    def df(self, x) -> np.ndarray:
        return np.asarray(self.slopes)[self.winner(x)]

    def kinks(self) -> list[float]:
        """Points where the winning piece changes."""
        out = []
        for i in range(self.k):
            for j in range(i + 1, self.k):
                dw = self.slopes[i] - self.slopes[j]
                if dw != 0:
                    x = (self.intercepts[j] - self.intercepts[i]) / dw
                    v = self.slopes[i] * x + self.intercepts[i]
                    if v >= float(self.f(np.array([x]))[0]) - 1e-12:
                        out.append(x)
        return sorted(set(round(v, 12) for v in out))

    def flat_intervals(self) -> list[tuple[float, float]]:
        """Where the winning piece has slope 0, so f'(x) = 0 (ends may be infinite): the ReLU
        preset is flat for x < 0.  The input gets no gradient there, but the winning piece's
        own weights still do (df/d(piece) = 1), which is why a maxout unit does not die."""
        edges = [-math.inf, *(k + 0.0 for k in self.kinks()), math.inf]   # + 0.0: no -0
        out: list[tuple[float, float]] = []
        for a, b in zip(edges[:-1], edges[1:]):
            if math.isinf(a) and math.isinf(b):
                mid = 0.0
            elif math.isinf(a):
                mid = b - 1.0
            elif math.isinf(b):
                mid = a + 1.0
            else:
                mid = 0.5 * (a + b)
            if float(self.df(np.array([mid]))[0]) == 0.0:
                if out and out[-1][1] == a:
                    out[-1] = (out[-1][0], b)
                else:
                    out.append((a, b))
        return out

    def weight_multiplier(self) -> int:
        """A layer of maxout units needs k times the weights of a plain layer."""
        return self.k


PRESETS: dict[str, Maxout] = {
    "relu": Maxout((0.0, 1.0), (0.0, 0.0)),
    "leaky_relu": Maxout((0.01, 1.0), (0.0, 0.0)),
    "abs": Maxout((-1.0, 1.0), (0.0, 0.0)),
    "relu6_like": Maxout((0.0, 1.0, 0.0), (0.0, 0.0, 6.0)),
}


def preset(name: str, negative_slope: float = 0.01) -> Maxout:
    if name == "leaky_relu":
        return Maxout((float(negative_slope), 1.0), (0.0, 0.0))
    if name not in PRESETS:
        raise ParamError(f"unknown maxout preset {name!r} (presets: {', '.join(PRESETS)})")
    return PRESETS[name]


def _coefficients(name: str):
    def check(value) -> tuple[float, ...]:
        try:
            return tuple(float(v) for v in value)
        except (TypeError, ValueError):
            raise StateError(f"{name} must be a list of numbers, got {value!r}") from None

    return check


class MaxoutState(StateBase):
    """The pieces edited in the maxout panel, evented for the view (a refused value raises
    :class:`~.catalogue.ParamError`)."""

    FIELDS = {
        "slopes": Field(PRESETS["relu"].slopes, _coefficients("slopes"), "w_i of the pieces"),
        "intercepts": Field(PRESETS["relu"].intercepts, _coefficients("intercepts"),
                            "b_i of the pieces, one per slope"),
    }
    Error = ParamError

    def __init__(self, **values) -> None:
        super().__init__(**values)
        self._m = Maxout(self.slopes, self.intercepts)
        self.x_range = (-4.0, 4.0)

    def _check_together(self, values: dict) -> None:
        try:
            Maxout(values["slopes"], values["intercepts"])
        except ParamError as exc:
            raise StateError(str(exc)) from None

    def _after_update(self, changed: frozenset) -> None:
        self._m = Maxout(self.slopes, self.intercepts)

    @property
    def maxout(self) -> Maxout:
        return self._m

    def set_pieces(self, slopes, intercepts) -> None:
        self.update(slopes=slopes, intercepts=intercepts)

    def apply_preset(self, name: str) -> None:
        m = preset(name)
        self.set_pieces(m.slopes, m.intercepts)

    def set_k(self, k: int) -> None:
        """Grow or shrink the number of pieces, keeping the existing ones."""
        if not MIN_PIECES <= k <= MAX_PIECES:
            raise ParamError(f"maxout takes {MIN_PIECES} to {MAX_PIECES} pieces, got {k}")
        s, b = list(self._m.slopes), list(self._m.intercepts)
        extra = [(2.0, -2.0), (-0.5, -1.0), (3.0, -6.0), (-1.5, -4.0)]
        while len(s) < k:  # new pieces that win somewhere, so each adds a visible kink
            w, c = extra[(len(s) - 2) % len(extra)]
            s.append(w)
            b.append(c)
        self.set_pieces(s[:k], b[:k])

    def curves(self, n: int = 801):
        x = np.linspace(*self.x_range, n)
        m = self._m
        return x, m.pieces(x), m.f(x), m.df(x)
