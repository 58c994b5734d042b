"""The ``act-explorer`` command: no arguments opens the window, verbs do headless work."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__
from . import commands as _commands_pkg
from .commands._common import USER_ERRORS
from .model.fileio import describe_os_error


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one ``error:`` line and exit status 2."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"error: {one_line(message)} (see '{self.prog} --help')\n")


def one_line(text: str) -> str:
    """``text`` with control characters (a newline typed into an argument) escaped, so an
    error stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


def _command_modules():
    mods = []
    for info in pkgutil.iter_modules(_commands_pkg.__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{_commands_pkg.__name__}.{info.name}")
        if hasattr(mod, "register"):
            mods.append(mod)
    mods.sort(key=lambda m: (getattr(m, "ORDER", 100), m.__name__))
    return mods


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="act-explorer",
        description="See what an activation function does to a neural network. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation offscreen (every panel, a depth run, 50 "
                        "training steps, PNG/SVG export); exit status 0 when all checks pass")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for mod in _command_modules():
        mod.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-test"]:
        from .selftest import main as self_test

        return self_test(argv[1:])
    from .app import gui_options

    if not argv or gui_options(argv) is not None:
        from .app import run_gui

        return run_gui(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # reached only with an abbreviation such as --self
        return main(["--self-test"])
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except USER_ERRORS as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A system error the verb did not expect (its writers report their own path): still
        # one line naming the file and the reason, never a traceback.
        print(f"error: {one_line(describe_os_error(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
