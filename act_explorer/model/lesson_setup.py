"""Setting up a training lesson completely, saying what it changed, and naming the values in
play when training diverges.

A lesson (:data:`~.training_state.PRESETS`) depends on the training settings *and* on the
parameters of the functions it trains, which live elsewhere: the shared per-function
parameters of :class:`~.curves.CurvesState`, edited on the Curves tab.  A leaky slope moved
to 0.85 there turns "Leaky ReLU keeps units alive" (learning rate 2) into a run that diverges
in its first epoch.  :func:`apply_lesson` therefore sets both, and returns the
:class:`Change` list a view shows as "what this lesson changed".

:func:`divergence_causes` lists the values a diverged run was trained with that set the
size of its steps: the learning rate (and momentum), and every function parameter that is
not at its default.  Plain data; the view words them.  No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import catalogue
from .curves import CurvesState
from .training import TrainConfig
from .training_state import PRESETS, Preset, TrainingState, TrainingStateError

__all__ = ["Change", "Cause", "preset_changes", "apply_lesson", "divergence_causes"]

# Fields never reported as changed: derived from others (``shown`` follows ``compare``).
_NOT_REPORTED = frozenset({"shown"})


@dataclass(frozen=True)
class Change:
    """One value a lesson changed: a :class:`~.training_state.TrainingState` field
    (``fid`` None), or parameter ``field`` of function ``fid``."""

    field: str
    old: Any
    new: Any
    fid: str | None = None


@dataclass(frozen=True)
class Cause:
    """A value a diverged run was trained with: ``name`` is "lr" or "momentum" (``fid``
    None) or a parameter of function ``fid``; ``default`` is the parameter's default."""

    name: str
    value: float
    fid: str | None = None
    default: float | None = None


def _preset(key: str) -> Preset:
    try:
        return PRESETS[key]
    except KeyError:
        raise TrainingStateError(
            f"unknown preset {key!r}; use one of {', '.join(PRESETS)}") from None


def preset_changes(state: TrainingState, curves: CurvesState, key: str) -> list[Change]:
    """What applying preset ``key`` would change: training fields first (in the state's
    order), then function parameters (in the preset's order)."""
    preset = _preset(key)
    trial = TrainingState()
    trial.update_from_dict(state.to_dict())
    trial.update(**preset.values)
    before, after = state.values(), trial.values()
    out = [Change(k, before[k], after[k]) for k in before
           if k not in _NOT_REPORTED and before[k] != after[k]]
    for fid, params in preset.params.items():
        now = curves.params(fid)
        out += [Change(name, now.get(name), value, fid) for name, value in params.items()
                if now.get(name) != value]
    return out


def apply_lesson(state: TrainingState, curves: CurvesState, key: str) -> tuple[Preset, list[Change]]:
    """Apply preset ``key``: the parameters of the functions it trains (on ``curves``), then
    the training settings.  Returns the preset and what changed (see :func:`preset_changes`).
    Raises :class:`~.training_state.TrainingStateError` for an unknown key (nothing changed)."""
    preset = _preset(key)
    changes = preset_changes(state, curves, key)
    for fid, params in preset.params.items():
        act = catalogue.get(fid)
        if curves.params(fid) == dict(params):
            continue
        curves.reset_params(fid)
        for name, value in params.items():
            if value != act.param(name).default:
                curves.set_param(name, value, fid)
    state.apply_preset(key)
    return preset, changes


def divergence_causes(config: TrainConfig) -> list[Cause]:
    """The step-size values of a run: its learning rate, its momentum (with the momentum
    optimiser), and each parameter of its functions that differs from the default."""
    out = [Cause("lr", float(config.lr))]
    if config.optimizer == "momentum":
        out.append(Cause("momentum", float(config.momentum)))
    seen = set()
    for spec in config.layer_specs():
        act = catalogue.get(spec.activation)
        for name, value in sorted(dict(spec.params).items()):
            default = act.param(name).default
            if value != default and (act.id, name) not in seen:
                seen.add((act.id, name))
                out.append(Cause(name, float(value), act.id, float(default)))
    return out
