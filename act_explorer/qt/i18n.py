"""Translation helpers for text that comes from the model (names, notes, property words).

The model speaks English and imports no Qt; the window passes its words through
``QCoreApplication.translate`` with fixed contexts so they can be translated like any other
user-visible string.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..model import catalogue


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, disambiguation, n)


def family_name(fam: str) -> str:
    return tr("catalogue", catalogue.FAMILIES.get(fam, fam))


def function_name(act) -> str:
    if act.family == "custom":
        return act.name
    return tr("catalogue", act.name)


def function_notes(act) -> str:
    if act.family == "custom":
        return act.notes
    return tr("catalogue", act.notes)
