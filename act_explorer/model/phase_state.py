"""State of the Phase tab: the window of the (sigma_w^2, sigma_b^2) plane, its grid, the
quantity shown, the current point, and the settings of the two experiments beside the
diagram (the trainability sweep and the Jacobian spectrum).

Plain data on :class:`~.state.StateBase` (no Qt): the panel binds its widgets to it, sessions
save it, and :meth:`PhaseState.sweep_config` / :meth:`PhaseState.spectrum_args` turn it into
the model's own requests (:mod:`.trainability`, :mod:`.jacobian`), so defaults and limits are
declared once.  The current point is a variance pair; the Depth tab works with standard
deviations (sigma_w = sqrt(sigma_w^2)), which :meth:`PhaseState.depth_values` gives.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from . import jacobian as J
from . import phase as P
from . import trainability as T
from .state import Field, StateBase, StateError, choice, number, whole

__all__ = [
    "GRID_RANGE",
    "QUANTITIES",
    "SWEEP_STEPS_RANGE",
    "VIEWS",
    "PhaseState",
    "PhaseStateError",
    "parse_numbers",
]

QUANTITIES = ("xi_corr", "xi_grad", "chi", "q_star")
VIEWS = ("diagram", "sweep", "spectrum")
GRID_RANGE = (10, 300)
SWEEP_STEPS_RANGE = (10, 5000)
SWEEP_WIDTH_RANGE = (4, 256)
JAC_LAYERS_RANGE = (1, 200)
JAC_WIDTH_RANGE = (10, 800)
JAC_SAMPLES_RANGE = (1, 20)
MAX_LIST = 24


class PhaseStateError(StateError):
    """A Phase tab setting that is refused; the message is one line for the user."""


def parse_numbers(text: Any, name: str, integer: bool = False) -> tuple:
    """"1 1.5 2" (spaces or commas) or a sequence -> a tuple of numbers, ascending, no
    repeats (raises :class:`StateError`)."""
    if isinstance(text, str):
        parts = [p for p in text.replace(",", " ").split() if p]
    elif isinstance(text, (list, tuple)):
        parts = list(text)
    else:
        raise StateError(f"{name} must be a list of numbers, not {text!r}")
    out = []
    for p in parts:
        if isinstance(p, bool):
            raise StateError(f"{name}: {p!r} is not a number")
        try:
            v = float(p)
        except (TypeError, ValueError):
            raise StateError(f"{name}: {p!r} is not a number") from None
        if not math.isfinite(v):
            raise StateError(f"{name}: {p!r} is not a finite number")
        if integer:
            if not v.is_integer():
                raise StateError(f"{name}: {p!r} is not a whole number")
            v = int(v)
        out.append(v)
    if not out:
        raise StateError(f"{name}: give at least one value")
    if len(out) > MAX_LIST:
        raise StateError(f"{name}: at most {MAX_LIST} values")
    return tuple(sorted(set(out)))


def _list_check(name: str, lo: float, hi: float, integer: bool = False, lo_open: bool = False):
    def check(value: Any) -> tuple:
        vals = parse_numbers(value, name, integer)
        for v in vals:
            if v < lo or v > hi or (lo_open and v == lo):
                left = "(" if lo_open else "["
                raise StateError(f"{name}: every value must be in {left}{lo:g}, {hi:g}], not {v:g}")
        return vals

    return check


_W2 = P.SIGMA_W2_MAX
_B2 = P.SIGMA_B2_MAX


class PhaseState(StateBase):
    """Settings of the Phase tab (see the module docstring)."""

    Error = PhaseStateError
    FIELDS = {
        # the window of the plane and its grid
        "sigma_w2_lo": Field(P.SIGMA_W2_RANGE[0], number("σ_w² from", 0.0, _W2, lo_open=True)),
        "sigma_w2_hi": Field(P.SIGMA_W2_RANGE[1], number("σ_w² to", 0.0, _W2, lo_open=True)),
        "sigma_b2_lo": Field(P.SIGMA_B2_RANGE[0], number("σ_b² from", 0.0, _B2)),
        "sigma_b2_hi": Field(P.SIGMA_B2_RANGE[1], number("σ_b² to", 0.0, _B2)),
        "grid": Field(100, whole("the grid size", *GRID_RANGE)),
        "quantity": Field("xi_corr", choice("the quantity shown", QUANTITIES)),
        # the current point (variances)
        "sigma_w2": Field(1.0, number("σ_w²", 0.0, _W2, lo_open=True)),
        "sigma_b2": Field(0.05, number("σ_b²", 0.0, _B2)),
        # which sub-view is shown
        "view": Field("diagram", choice("the view", VIEWS)),
        # the trainability sweep (tanh-like networks of the current function)
        "sweep_sigma_w2": Field(T.DEFAULT_SIGMA_W2,
                                _list_check("the sweep's σ_w² values", 0.0, _W2, lo_open=True)),
        "sweep_depths": Field(T.DEFAULT_DEPTHS,
                              _list_check("the sweep's depths", 1, T.MAX_DEPTH, integer=True)),
        "sweep_sigma_b2": Field(0.05, number("the sweep's σ_b²", 0.0, _B2)),
        "sweep_steps": Field(500, whole("the number of SGD steps", *SWEEP_STEPS_RANGE)),
        "sweep_width": Field(64, whole("the width", *SWEEP_WIDTH_RANGE)),
        # the Jacobian spectrum at the current point
        "jac_layers": Field(16, whole("the number of layers", *JAC_LAYERS_RANGE)),
        "jac_width": Field(200, whole("the width", *JAC_WIDTH_RANGE)),
        "jac_init": Field("gaussian", choice("the weights", J.INITS)),
        "jac_samples": Field(4, whole("the number of networks", *JAC_SAMPLES_RANGE)),
    }

    def _check_together(self, values: dict[str, Any]) -> None:
        if not values["sigma_w2_lo"] < values["sigma_w2_hi"]:
            raise StateError(f"the σ_w² range needs from < to, not {values['sigma_w2_lo']:g} "
                             f"to {values['sigma_w2_hi']:g}")
        if not values["sigma_b2_lo"] < values["sigma_b2_hi"]:
            raise StateError(f"the σ_b² range needs from < to, not {values['sigma_b2_lo']:g} "
                             f"to {values['sigma_b2_hi']:g}")

    # -- what the model is asked -------------------------------------------------------------
    def window(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """((sigma_w2 lo, hi), (sigma_b2 lo, hi)) of the diagram."""
        return (self.sigma_w2_lo, self.sigma_w2_hi), (self.sigma_b2_lo, self.sigma_b2_hi)

    def grid_request(self, act_id: str, params: Mapping[str, float]) -> dict[str, Any]:
        """Keyword arguments of :func:`.phase.phase_grid` for this state."""
        w, b = self.window()
        return {"act_id": act_id, "params": dict(params), "sigma_w2": w, "sigma_b2": b,
                "n": int(self.grid)}

    def sweep_config(self, act_id: str, params: Mapping[str, float]) -> T.SweepConfig:
        return T.SweepConfig(activation=act_id, params=dict(params),
                             sigma_w2=tuple(self.sweep_sigma_w2), sigma_b2=float(self.sweep_sigma_b2),
                             depths=tuple(int(d) for d in self.sweep_depths),
                             width=int(self.sweep_width), steps=int(self.sweep_steps))

    def spectrum_args(self, act_id: str, params: Mapping[str, float]) -> dict[str, Any]:
        """Keyword arguments of :func:`.jacobian.jacobian_spectrum` at the current point."""
        return {"act_id": act_id, "params": dict(params), "layers": int(self.jac_layers),
                "width": int(self.jac_width), "init": self.jac_init,
                "sigma_w2": float(self.sigma_w2), "sigma_b2": float(self.sigma_b2),
                "samples": int(self.jac_samples)}

    def depth_values(self) -> dict[str, Any]:
        """The Depth tab's settings for the current point: a custom init with the standard
        deviations sigma_w = sqrt(sigma_w^2), sigma_b = sqrt(sigma_b^2)."""
        return {"init": "custom", "sigma_w": math.sqrt(self.sigma_w2),
                "sigma_b": math.sqrt(self.sigma_b2)}

    def _to_json(self, name: str, value: Any) -> Any:
        if isinstance(value, tuple):
            return list(value)
        return value
