"""Settings of the depth experiment: limits, the initialisation presets and :class:`DepthConfig`."""

from __future__ import annotations

import functools
import math
import sys
from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np

from .. import catalogue
from ..domain import check_usable
from ..state import StateError, finite_float

INITS = ("xavier", "he", "lecun", "custom")
INIT_LABELS = {"xavier": "Xavier", "he": "He", "lecun": "LeCun", "custom": "custom"}
MAX_DEPTH = 1000
MAX_WIDTH = 4096
MAX_BATCH = 4096
SIGMA_MAX = 10.0
# Architectures (see :mod:`.architectures`): the plain stack, residual blocks with or without a
# LayerNorm before the branch's nonlinearity, and BatchNorm before every nonlinearity.
ARCHS = ("plain", "residual", "residual-ln", "batchnorm")
ARCH_LABELS = {"plain": "plain", "residual": "residual", "residual-ln": "residual + LayerNorm",
               "batchnorm": "BatchNorm"}
RESIDUAL_ARCHS = ("residual", "residual-ln")
WEIGHT_KINDS = ("gaussian", "orthogonal")   # the distribution of the weight matrices
BRANCH_SQRT = "1/sqrtL"          # branch scale alpha = 1/sqrt(L), L the depth of the network
NORM_EPS = 1e-5                  # epsilon of LayerNorm and BatchNorm (PyTorch's default)
CSV_HEADER = ("layer", "grad_rms", "act_rms", "act_mean", "frac_dead", "frac_saturated")

SATURATION_LEVEL = 0.01          # saturated: |f'| < 1 % of max |f'|
CRITICAL_BAND = 1e-3             # |ln chi*| below this counts as critical
_ACT_LIMIT = 1e30                # activation RMS beyond which float32 gives up
_ACT_FLOOR = 1e-30               # below this RMS activations are flushed to 0

class DepthError(StateError):
    """Settings the depth experiment does not accept; ``str()`` is a sentence for the user
    (a :class:`~..state.StateError`, so :class:`~.state.DepthState` raises it as its own)."""


class Cancelled(Exception):
    """Raised by :func:`simulate` when ``should_stop()`` returned True."""



# ---- settings ---------------------------------------------------------------------------

def _slope_for_he(act_id: str, params: Mapping[str, float]) -> float:
    if act_id == "leaky_relu":
        return float(params.get("negative_slope", 0.01))
    if act_id == "prelu":
        return float(params.get("init", 0.25))
    if act_id == "rrelu":  # the evaluation slope, (lower + upper) / 2
        return 0.5 * (float(params.get("lower", 1 / 8)) + float(params.get("upper", 1 / 3)))
    return 0.0


def init_sigma_w2(init: str, act_id: str, params: Mapping[str, float] | None = None,
                  sigma_w: float | None = None, fan_in: int = 1, fan_out: int = 1) -> float:
    """sigma_w^2 (weight variance times fan_in) of an initialisation preset.

    xavier: 2 fan_in / (fan_in + fan_out) (1 for square layers); he: 2, or 2 / (1 + a^2) for
    leaky_relu / prelu / rrelu with negative slope a (rrelu: its evaluation slope); lecun: 1;
    custom: ``sigma_w ** 2``.  ``sigma_w`` is only accepted with ``custom``.
    """
    init = str(init).lower()
    if init not in INITS:
        raise DepthError(f"unknown init {init!r}; use one of {', '.join(INITS)}")
    if init == "custom":
        if sigma_w is None:
            raise DepthError("init 'custom' needs sigma_w")
        return float(sigma_w) ** 2
    if sigma_w is not None:
        raise DepthError(f"sigma_w is only used with init 'custom', not with {init!r}")
    if init == "xavier":
        return 2.0 * fan_in / (fan_in + fan_out)
    if init == "lecun":
        return 1.0
    a = _slope_for_he(catalogue.get(act_id).id, params or {})
    return 2.0 / (1.0 + a * a)


@dataclass(frozen=True)
class DepthConfig:
    """One depth experiment.  Validated on construction (:class:`DepthError`,
    ``catalogue.ParamError`` for function parameters, ``catalogue.UnknownActivation``).

    ``params`` may be given as a mapping; it is stored resolved (defaults filled in) as a
    sorted tuple of pairs, so configs are hashable.  ``sigma_w`` is required with
    ``init='custom'`` and rejected with the presets.  ``depth`` is the maximum depth: views of
    any ``L <= depth`` come from one run.
    """

    act_id: str
    params: Mapping[str, float] | tuple = ()
    depth: int = 10
    width: int = 256
    batch: int = 256
    init: str = "xavier"
    sigma_w: float | None = None
    sigma_b: float = 0.0
    seed: int = 0
    arch: str = "plain"
    branch_scale: float | str = 1.0
    weights: str = "gaussian"

    def __post_init__(self) -> None:
        act = catalogue.get(self.act_id)
        raw = dict(self.params) if not isinstance(self.params, tuple) else dict(self.params)
        resolved = act.resolve(raw)
        set_ = functools.partial(object.__setattr__, self)
        set_("act_id", act.id)
        set_("params", tuple(sorted(resolved.items())))
        for name, hi in (("depth", MAX_DEPTH), ("width", MAX_WIDTH), ("batch", MAX_BATCH)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or not 1 <= v <= hi:
                raise DepthError(f"{name} must be a whole number between 1 and {hi}, got {v!r}")
            set_(name, int(v))
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise DepthError(f"seed must be a whole number >= 0, got {self.seed!r}")
        set_("seed", int(self.seed))
        set_("init", str(self.init).lower())
        if self.sigma_w is not None:
            sw = _finite(self.sigma_w, "sigma_w")
            if not 0.0 < sw <= SIGMA_MAX:
                raise DepthError(f"sigma_w must be in (0, {SIGMA_MAX:g}], got {sw:g}")
            if sw * sw < sys.float_info.min:  # sigma_w^2 would underflow (5e-324 squared is 0)
                raise DepthError(f"sigma_w must be at least 1e-154, got {sw:g}")
            set_("sigma_w", sw)
        sb = _finite(self.sigma_b, "sigma_b")
        if not 0.0 <= sb <= SIGMA_MAX:
            raise DepthError(f"sigma_b must be in [0, {SIGMA_MAX:g}], got {sb:g}")
        set_("sigma_b", sb)
        # Validates init / sigma_w together.
        init_sigma_w2(self.init, self.act_id, self.params_dict, self.sigma_w, self.width, self.width)
        set_("arch", check_arch(self.arch))
        set_("weights", check_weights(self.weights))
        set_("branch_scale", check_branch_scale(self.branch_scale))
        problem = arch_problem(self.arch, self.branch_scale, self.batch, self.width)
        if problem:
            raise DepthError(problem)
        problem = check_usable(act, resolved)   # a typed 1/x or sqrt(-x) cannot be simulated
        if problem:
            raise DepthError(problem)

    # -- derived ----------------------------------------------------------------------------
    @property
    def activation(self) -> catalogue.Activation:
        return catalogue.get(self.act_id)

    @property
    def params_dict(self) -> dict[str, float]:
        return dict(self.params)

    @property
    def sigma_w2(self) -> float:
        return init_sigma_w2(self.init, self.act_id, self.params_dict, self.sigma_w,
                             self.width, self.width)

    @property
    def alpha(self) -> float:
        """The branch scale as a number (1/sqrt(depth) for :data:`BRANCH_SQRT`)."""
        if self.branch_scale == BRANCH_SQRT:
            return 1.0 / math.sqrt(self.depth)
        return float(self.branch_scale)

    @property
    def init_label(self) -> str:
        if self.init == "custom":
            label = f"custom (σ_w = {self.sigma_w:.3g})"
        else:
            label = INIT_LABELS[self.init]
        return label + (" orthogonal" if self.weights == "orthogonal" else "")

    @property
    def arch_label(self) -> str:
        """'residual (α = 0.141)', 'BatchNorm', ..."""
        label = ARCH_LABELS[self.arch]
        if self.arch in RESIDUAL_ARCHS:
            scale = ("1/√L" if self.branch_scale == BRANCH_SQRT
                     else f"{float(self.branch_scale):.3g}")
            label += f" (α = {scale})"
        return label

    def with_(self, **changes) -> "DepthConfig":
        """A copy with some fields changed (``dataclasses.replace``)."""
        if "act_id" in changes and "params" not in changes:
            changes["params"] = ()
        return replace(self, **changes)


def check_arch(value) -> str:
    """An architecture name of :data:`ARCHS` (case and spaces ignored) or :class:`DepthError`."""
    arch = str(value).strip().lower().replace("_", "-")
    if arch not in ARCHS:
        raise DepthError(f"unknown architecture {value!r}; use one of {', '.join(ARCHS)}")
    return arch


def check_weights(value) -> str:
    kind = str(value).strip().lower()
    if kind not in WEIGHT_KINDS:
        raise DepthError(f"unknown weight distribution {value!r}; use one of "
                         f"{', '.join(WEIGHT_KINDS)}")
    return kind


_SQRT_SPELLINGS = {"1/sqrtl", "1/sqrt(l)", "1/√l", "1/sqrt l"}


def check_branch_scale(value) -> float | str:
    """A branch scale: a number in (0, 1] or :data:`BRANCH_SQRT` (also written 1/√L)."""
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if text in _SQRT_SPELLINGS:
            return BRANCH_SQRT
    if isinstance(value, bool):
        raise DepthError(f"the branch scale must be a number in (0, 1] or 1/sqrtL, got {value!r}")
    try:
        a = float(value)
    except (TypeError, ValueError):
        raise DepthError(f"the branch scale must be a number in (0, 1] or 1/sqrtL, "
                         f"got {value!r}") from None
    if not (math.isfinite(a) and 0.0 < a <= 1.0):
        raise DepthError(f"the branch scale must be greater than 0 and at most 1, got {value!r}")
    return a


def arch_problem(arch: str, branch_scale, batch: int, width: int) -> str | None:
    """Why ``arch`` cannot run with these settings (one sentence), or None."""
    if arch == "batchnorm" and batch < 2:
        return ("BatchNorm needs a batch of at least 2 examples: with one, every unit is "
                "normalised to 0")
    if arch == "residual-ln" and width < 2:
        return ("LayerNorm needs a width of at least 2 units: with one, every unit is "
                "normalised to 0")
    if arch not in RESIDUAL_ARCHS and branch_scale != 1.0:
        return (f"a branch scale only applies to the residual architectures, not to {arch}")
    return None


def _finite(v, name: str) -> float:
    f, problem = finite_float(v)
    if problem:
        raise DepthError(f"{name} must be {'a number' if problem == 'number' else 'finite'}, got {v!r}")
    return f
