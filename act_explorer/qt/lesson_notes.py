"""Words for what a lesson preset changed and for the values a diverged run used.

The model (:mod:`~..model.lesson_setup`) says *which* values changed or were in play; this
module words them for the training panel, in the interface language, at the moment they are
shown (so a language switch words the next note in the new language).
"""

from __future__ import annotations

import html
from typing import Any, Sequence

from PySide6.QtCore import QCoreApplication

from ..model import catalogue
from ..model.lesson_setup import Cause, Change
from ..model.training import Divergence
from ..model.training_state import FOLLOW
from .i18n import function_name

_CTX = "LessonNotes"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def _field_label(name: str) -> str:
    labels = {
        "dataset": _tr("data set"), "points": _tr("points"), "noise": _tr("noise"),
        "classes": _tr("classes"), "test_fraction": _tr("test fraction"), "seed": _tr("seed"),
        "csv_path": _tr("CSV file"), "hidden": _tr("hidden layers"),
        "activation": _tr("activation"), "layer_activations": _tr("per-layer activations"),
        "compare": _tr("compared functions"), "init": _tr("init"),
        "optimizer": _tr("optimiser"), "lr": _tr("learning rate"), "momentum": _tr("momentum"),
        "batch_size": _tr("batch size"), "l2": _tr("L2"), "epochs": _tr("epochs"),
        "speed": _tr("speed"),
    }
    return labels.get(name, name)


def _fname(fid: str) -> str:
    if fid == FOLLOW:
        return _tr("the function selected in the list")
    act = catalogue.CATALOGUE.get(fid)
    return function_name(act) if act is not None else fid


def _value(name: str, value: Any) -> str:
    if value is None:
        return _tr("none")
    if name in ("activation", "shown"):
        return _fname(value)
    if name in ("compare", "layer_activations"):
        return " / ".join(_fname(f) for f in value) if value else _tr("none")
    if name == "hidden":
        return ",".join(str(h) for h in value)
    if name == "init":
        return {"he": _tr("He"), "xavier": _tr("Xavier"), "lecun": _tr("LeCun"),
                "uniform": _tr("uniform ±0.5")}.get(value, str(value))
    if name == "optimizer":
        return {"sgd": _tr("SGD"), "momentum": _tr("SGD with momentum"),
                "adam": _tr("Adam")}.get(value, str(value))
    if name == "dataset":
        return {"moons": _tr("two moons"), "circles": _tr("circles"), "spiral": _tr("spiral"),
                "xor": _tr("XOR"), "gauss": _tr("Gaussian blobs"),
                "csv": _tr("CSV file")}.get(value, str(value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def change_text(change: Change) -> str:
    """One change as "learning rate 0.1 → 2" or "Leaky ReLU negative_slope 0.85 → 0.01"."""
    if change.fid is not None:
        what = f"{_fname(change.fid)} {change.field}"
        old = "–" if change.old is None else f"{change.old:g}"
        return f"{what} {old} → {change.new:g}"
    return f"{_field_label(change.field)} {_value(change.field, change.old)} → " \
           f"{_value(change.field, change.new)}"


def changes_html(changes: Sequence[Change]) -> str:
    """The inline note's second line: what the lesson changed (escaped HTML)."""
    if not changes:
        return html.escape(_tr("Nothing to change: the settings already were the lesson's."))
    items = "; ".join(change_text(c) for c in changes)
    return html.escape(_tr("Changed: {changes}.").format(changes=items))


def cause_text(cause: Cause) -> str:
    if cause.fid is None:
        return f"{_field_label(cause.name)} {cause.value:g}"
    return _tr("{function} {param} = {value} (default {default})").format(
        function=_fname(cause.fid), param=cause.name, value=f"{cause.value:g}",
        default=f"{cause.default:g}")


def divergence_text(div: Divergence, causes: Sequence[Cause]) -> str:
    """Why a run stopped, naming the values it was trained with (plain text)."""
    reasons = {"the weights are not finite": _tr("the weights are not finite"),
               "the loss is not finite": _tr("the loss is not finite")}
    reason = reasons.get(div.reason, div.reason)
    values = ", ".join(cause_text(c) for c in causes)
    text = _tr("Training diverged in epoch {epoch} ({reason}) with {values}; kept the network "
               "from epoch {kept}.").format(epoch=div.epoch, reason=reason, values=values,
                                            kept=div.restored_epoch)
    if any(c.fid is not None for c in causes):
        text += " " + _tr("Try a smaller learning rate or the functions' default parameters.")
    else:
        text += " " + _tr("Try a smaller learning rate.")
    return text
