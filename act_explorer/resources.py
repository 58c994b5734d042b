"""Files the app reads at run time (icons, translations, ...), found the same way everywhere.

Where resource files live
-------------------------
* ``act_explorer/resources/`` — what the app loads at run time.  It is package data
  (``[tool.setuptools.package-data]`` in pyproject.toml), so ``pip install .`` installs it,
  an editable install reads it from the checkout, and the PyInstaller spec
  (``packaging/act-explorer.spec``) copies it into the bundle at the same relative place,
  ``_internal/act_explorer/resources/``.

  - ``icons/act-explorer.svg`` and ``icons/act-explorer-<N>.png`` (N = 16 ... 256): the
    application icon, drawn by ``packaging/make_icons.py``;
  - ``i18n/*.qm``: compiled translations of the interface (when there are any).

* ``resources/`` at the top of the repository — sources that are not loaded as they are:
  ``act-explorer.desktop`` (the freedesktop launcher, copied into the bundle's ``share/``),
  translation sources (``*.ts``, compiled to ``act_explorer/resources/i18n/*.qm``).

:func:`resource_path` is the one way to locate a run-time file: from a source checkout, an
installed package and the frozen bundle (``sys._MEIPASS``) alike.  It imports no Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["resource_dir", "resource_path", "APP_ICON_SVG", "APP_ICON_SIZES", "app_icon_files"]

APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
APP_ICON_SVG = ("icons", "act-explorer.svg")


def resource_dir() -> Path:
    """The folder holding the run-time resources (it exists in every supported layout)."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        # PyInstaller bundle: the spec collects the folder to <_MEIPASS>/act_explorer/resources.
        return Path(base) / "act_explorer" / "resources"
    return Path(__file__).resolve().parent / "resources"


def resource_path(*parts: str) -> Path:
    """Absolute path of a resource, e.g. ``resource_path("icons", "act-explorer.svg")``.

    Raises :class:`FileNotFoundError` naming the path looked at when it is missing, so a
    packaging mistake shows up as a clear message rather than as a silently empty icon.
    """
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource not found: {path}")
    return path


def app_icon_files() -> list[Path]:
    """The application icon's files: the PNG sizes, then the SVG (those that exist)."""
    names = [("icons", f"act-explorer-{n}.png") for n in APP_ICON_SIZES] + [APP_ICON_SVG]
    out = []
    for parts in names:
        try:
            out.append(resource_path(*parts))
        except FileNotFoundError:
            pass
    return out
