"""``act-explorer screenshot``: the main window rendered offscreen to a PNG."""

from __future__ import annotations

from ._common import CliError, add_output_option, checked_output, int_in

ORDER = 90
TABS = ("curves", "depth", "phase", "training", "fit", "softmax", "learn")


def register(sub) -> None:
    p = sub.add_parser("screenshot", help="render the main window offscreen and save it as PNG",
                       description="Render the main window offscreen (default 1280x800) and save a PNG.")
    p.add_argument("--tab", choices=TABS, default="curves", help="which tab to show (default curves)")
    p.add_argument("--function", action="append", default=[], metavar="ID",
                   help="function to show (repeatable; the last one is current, the others overlaid)")
    p.add_argument("--expr", action="append", default=[], metavar="EXPR",
                   help="add a typed function of x (repeatable; becomes the current function)")
    p.add_argument("--preset", default=None, metavar="KEY",
                   help="training or fit tab: apply a lesson preset (e.g. dying_relu, relu_polygon_sin) and train first")
    p.add_argument("--epochs", type=int_in(0, 100_000, "--epochs"), default=None, metavar="N",
                   help="with --preset: epochs to train before the picture (default: the preset's)")
    p.add_argument("--network", action="store_true", help="training tab: show the network diagram page")
    p.add_argument("--size", default=None, metavar="WxH", help="window size (default 1280x800)")
    p.add_argument("--lang", default="en", choices=("en", "zh_CN"), help="interface language (default en)")
    p.add_argument("--theme", default="light", choices=("light", "dark"), help="colour theme (default light)")
    add_output_option(p, (".png",))
    p.set_defaults(func=run)


def run(args) -> int:
    from ..model import catalogue
    from ..qt.render import parse_size

    path, _ = checked_output(args)
    parse_size(args.size, (1280, 800))          # fail early, before Qt starts
    for fid in args.function:
        catalogue.get(fid)
    if args.preset is not None:
        from ..model.fit_presets import FIT_PRESETS
        from ..model.training_state import PRESETS

        if args.tab not in ("training", "fit"):
            raise CliError("--preset needs --tab training or --tab fit")
        known = FIT_PRESETS if args.tab == "fit" else PRESETS
        if args.preset not in known:
            raise CliError(f"unknown preset {args.preset!r} (presets: {', '.join(known)})")
    from ..model import expression

    for text in args.expr:
        expression.parse(text)
    from ..qt.render import screenshot

    screenshot(path, tab=args.tab, functions=args.function, size=args.size, lang=args.lang,
               expressions=args.expr, theme=args.theme, preset=args.preset, epochs=args.epochs,
               network=args.network)
    return 0
