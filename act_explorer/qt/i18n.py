"""Languages of the interface, and translation of text that comes from the model.

* Interface strings are Qt ``tr()`` strings; ``resources/i18n/act_explorer_zh_CN.ts`` holds
  their Simplified Chinese translation and ``act_explorer/resources/i18n/*.qm`` the compiled
  form that ships (``python packaging/translations.py`` rebuilds both).
* The model speaks English and imports no Qt.  Its words (function names, notes, property
  words, readouts) are listed for the translators in ``_model_strings.py`` (generated) and
  translated here with fixed contexts.
* The language is the system locale's unless the user picked one (View → Language, which
  switches at once: see :mod:`.live`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..model import catalogue

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SETTINGS_KEY = "ui/language"

_installed: list[QTranslator] = []   # keep references: a collected translator stops working
_current = "en"

# An alias lupdate does not mistake for a literal translate() call.
_translate = getattr(QCoreApplication, "translate")


def tx(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate text that is not a literal here (model words, NOOP-marked tables).

    Literal strings in Qt code use ``self.tr("...")`` or ``QCoreApplication.translate("Ctx",
    "...")`` so lupdate finds them; text listed with ``QT_TRANSLATE_NOOP`` (see
    ``_model_strings.py``) is translated at run time through this function."""
    return _translate(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Marks ``text`` for lupdate; translate it later with :func:`tx` and the same context."""
    return text


def family_name(fam: str) -> str:
    return tx("catalogue", catalogue.FAMILIES.get(fam, fam))


def function_name(act) -> str:
    if act.family == "custom":
        return act.name
    return tx("catalogue", act.name)


def function_notes(act) -> str:
    if act.family == "custom":
        return act.notes
    return tx("catalogue", act.notes)


def normalise(lang: str | None) -> str:
    """'zh', 'zh_CN', 'zh-Hans', 'zh_CN.UTF-8' → 'zh_CN'; anything else → 'en'."""
    if not lang:
        return "en"
    low = lang.replace("-", "_").lower()
    return "zh_CN" if low.startswith("zh") else "en"


def system_language() -> str:
    return normalise(QLocale.system().name())


def chosen_language(settings=None, override: str | None = None) -> str:
    """The language to use: an explicit override, else the saved choice, else the system's."""
    if override:
        return normalise(override)
    if settings is not None:
        saved = settings.value(SETTINGS_KEY)
        if saved and saved != "system":
            return normalise(str(saved))
    return system_language()


def current_language() -> str:
    return _current


def sources() -> dict:
    """Every text handed out in the current language -> (context, source, disambiguation, n)
    (what :func:`.live.retranslate` needs to put it into another language)."""
    return {k: list(v) for k, v in _recorder.sources.items()} if _recorder is not None else {}


_recorder = None


def install(app, lang: str) -> str:
    """Install the app's and Qt's own translations for ``lang``; returns the language used.
    May be called again while the app runs (View → Language): widgets are then retranslated
    by :func:`.live.retranslate`."""
    global _current, _recorder
    from .live import RecordingTranslator

    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = normalise(lang)
    _current = lang
    # Records every translated text, in English too (nothing loaded: sources pass through).
    ours = RecordingTranslator(app)
    _recorder = ours
    if lang == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        app.installTranslator(ours)
        _installed.append(ours)
        return lang
    QLocale.setDefault(QLocale(lang))
    from ..resources import resource_dir

    qm = resource_dir() / "i18n" / f"act_explorer_{lang}.qm"
    if qm.exists():
        ours.load(str(qm))
    app.installTranslator(ours)
    _installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = QTranslator(app)
    if base.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(base)
        _installed.append(base)
    return lang
