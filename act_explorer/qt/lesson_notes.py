"""Words for what a lesson preset changed and for the values a diverged run used.

The model (:mod:`~..model.lesson_setup`) says *which* values changed or were in play; this
module words them for the training panel, in the interface language, at the moment they are
shown (so a language switch words the next note in the new language).  The calls are literal
``translate("LessonNotes", ...)`` so lupdate finds them.
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

translate = QCoreApplication.translate


def _field_label(name: str) -> str:
    labels = {
        "dataset": translate("LessonNotes", "data set"),
        "points": translate("LessonNotes", "points"),
        "noise": translate("LessonNotes", "noise"),
        "classes": translate("LessonNotes", "classes"),
        "test_fraction": translate("LessonNotes", "test fraction"),
        "seed": translate("LessonNotes", "seed"),
        "csv_path": translate("LessonNotes", "CSV file"),
        "hidden": translate("LessonNotes", "hidden layers"),
        "activation": translate("LessonNotes", "activation"),
        "layer_activations": translate("LessonNotes", "per-layer activations"),
        "compare": translate("LessonNotes", "compared functions"),
        "init": translate("LessonNotes", "init"),
        "optimizer": translate("LessonNotes", "optimiser"),
        "lr": translate("LessonNotes", "learning rate"),
        "momentum": translate("LessonNotes", "momentum"),
        "batch_size": translate("LessonNotes", "batch size"),
        "l2": translate("LessonNotes", "L2"),
        "epochs": translate("LessonNotes", "epochs"),
        "speed": translate("LessonNotes", "speed"),
    }
    return labels.get(name, name)


def _fname(fid: str) -> str:
    if fid == FOLLOW:
        return translate("LessonNotes", "from the list")
    act = catalogue.CATALOGUE.get(fid)
    return function_name(act) if act is not None else fid


def _value(name: str, value: Any) -> str:
    none = translate("LessonNotes", "none")
    if value is None:
        return none
    if name in ("activation", "shown"):
        return _fname(value)
    if name in ("compare", "layer_activations"):
        return " / ".join(_fname(f) for f in value) if value else none
    if name == "hidden":
        return ",".join(str(h) for h in value)
    if name == "init":
        return {
            "he": translate("LessonNotes", "He"),
            "xavier": translate("LessonNotes", "Xavier"),
            "lecun": translate("LessonNotes", "LeCun"),
            "uniform": translate("LessonNotes", "uniform ±0.5"),
        }.get(value, str(value))
    if name == "optimizer":
        return {
            "sgd": translate("LessonNotes", "SGD"),
            "momentum": translate("LessonNotes", "SGD with momentum"),
            "adam": translate("LessonNotes", "Adam"),
        }.get(value, str(value))
    if name == "dataset":
        return {
            "moons": translate("LessonNotes", "two moons"),
            "circles": translate("LessonNotes", "circles"),
            "spiral": translate("LessonNotes", "spiral"),
            "xor": translate("LessonNotes", "XOR"),
            "gauss": translate("LessonNotes", "Gaussian blobs"),
            "csv": translate("LessonNotes", "CSV file"),
        }.get(value, str(value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def change_text(change: Change) -> str:
    """One change as "learning rate: 0.1 → 2" or "Leaky ReLU negative_slope: 0.85 → 0.01"."""
    if change.fid is not None:
        old = "–" if change.old is None else f"{change.old:g}"
        return f"{_fname(change.fid)} {change.field}: {old} → {change.new:g}"
    return (f"{_field_label(change.field)}: {_value(change.field, change.old)} → "
            f"{_value(change.field, change.new)}")


def changes_html(changes: Sequence[Change]) -> str:
    """The inline note's second line: what the lesson changed (escaped HTML)."""
    if not changes:
        return html.escape(translate("LessonNotes",
                                     "Nothing to change: the settings already were the lesson's."))
    items = "; ".join(change_text(c) for c in changes)
    return html.escape(translate("LessonNotes", "Changed: {changes}.").format(changes=items))


def cause_text(cause: Cause) -> str:
    if cause.fid is None:
        return f"{_field_label(cause.name)} {cause.value:g}"
    return translate("LessonNotes", "{function} {param} = {value} (default {default})").format(
        function=_fname(cause.fid), param=cause.name, value=f"{cause.value:g}",
        default=f"{cause.default:g}")


def divergence_text(div: Divergence, causes: Sequence[Cause]) -> str:
    """Why a run stopped, naming the values it was trained with (plain text)."""
    reasons = {
        "the weights are not finite": translate("LessonNotes", "the weights are not finite"),
        "the loss is not finite": translate("LessonNotes", "the loss is not finite"),
    }
    reason = reasons.get(div.reason, div.reason)
    values = ", ".join(cause_text(c) for c in causes)
    text = translate(
        "LessonNotes",
        "Training diverged in epoch {epoch} ({reason}) with {values}; kept the network from "
        "epoch {kept}.").format(epoch=div.epoch, reason=reason, values=values,
                                kept=div.restored_epoch)
    if any(c.fid is not None for c in causes):
        text += " " + translate("LessonNotes",
                                "Try a smaller learning rate or the functions' default parameters.")
    else:
        text += " " + translate("LessonNotes", "Try a smaller learning rate.")
    return text
