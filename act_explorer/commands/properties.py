"""``act-explorer properties``: the properties card as text or JSON, without the window."""

from __future__ import annotations

import json

from ._common import CliError, add_param_option, resolve_function

ORDER = 25


def register(sub) -> None:
    p = sub.add_parser(
        "properties", help="print the properties card of a function (text or JSON)",
        description="Print what the properties card shows for a function: range, where it is "
        "defined, zero-centred, monotonic, continuity and smoothness, saturation, largest slope, "
        "whether units can die, and the Gaussian moments for z ~ N(0,1).",
    )
    p.add_argument("id", nargs="?", metavar="ID", help="catalogue id, e.g. relu")
    p.add_argument("--expr", default=None, metavar="EXPR",
                   help="a function of x typed as an expression, e.g. \"x*sigmoid(1.5*x)\"")
    add_param_option(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--lang", default="en", choices=("en", "zh_CN"), help="language of the text (default en)")
    p.set_defaults(func=run)


def _translator(lang: str):
    """(tr for the report's templates, tr for catalogue words) from the app's .qm."""
    if lang == "en":
        return (lambda s: s), (lambda s: s)
    from PySide6.QtCore import QTranslator  # noqa: PLC0415 (only for a translated text)

    from ..model.property_report import CONTEXT  # noqa: PLC0415
    from ..resources import resource_dir  # noqa: PLC0415

    t = QTranslator()
    qm = resource_dir() / "i18n" / f"act_explorer_{lang}.qm"
    if not (qm.exists() and t.load(str(qm))):
        raise CliError(f"the {lang} translation could not be loaded from {qm}")

    def report(s: str) -> str:
        return t.translate(CONTEXT, s) or s

    def words(s: str) -> str:
        return t.translate("catalogue", s) or s

    report.keep = t  # type: ignore[attr-defined]  (the translator lives as long as tr)
    return report, words


def run(args) -> int:
    from ..model.properties import analyse  # noqa: PLC0415
    from ..model.property_report import text_lines, to_json  # noqa: PLC0415

    if (args.id is None) == (args.expr is None):
        raise CliError("name one function: a catalogue id (see 'act-explorer list') or --expr")
    if args.expr is not None:
        from ..model import expression  # noqa: PLC0415

        compiled = expression.compile_expression(args.expr, args.param)
        act, params = compiled.activation, dict(compiled.params)
    else:
        act, params = resolve_function(args.id, args.param)
    f, df = act.bind(**params)
    props = analyse(f, df, act.kinks(**params))
    if args.json:
        print(json.dumps(to_json(props, act.id, act.name, params), indent=2, ensure_ascii=False,
                         allow_nan=False))
        return 0
    tr, words = _translator(args.lang)
    custom = act.family == "custom"
    name = act.name if custom else words(act.name)
    title = f"{name} ({act.id})" + (f" · {act.torch}" if act.torch else "")
    if params:
        title += "  " + ", ".join(f"{k} = {v:g}" for k, v in params.items())
    notes = act.notes if custom else words(act.notes)
    for line in text_lines(props, title, tr, df, notes):
        print(line)
    return 0
