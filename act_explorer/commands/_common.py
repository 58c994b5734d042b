"""Pieces shared by the sub-commands: errors, argument types, function lookup, output paths."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Iterable

from ..model import catalogue
from ..model.catalogue import Activation, ParamError, UnknownActivation
from ..model.fileio import OutputError, check_writable

__all__ = [
    "CliError",
    "USER_ERRORS",
    "int_in",
    "float_in",
    "finite_float",
    "add_param_option",
    "resolve_function",
    "output_path",
    "FILE_TYPES",
    "add_output_option",
    "checked_output",
]


class CliError(Exception):
    """A user mistake: printed as one ``error:`` line, exit status 2."""


# Exceptions whose message is already a sentence for the user.
USER_ERRORS: tuple[type[BaseException], ...] = (CliError, ParamError, UnknownActivation, OutputError)


def int_in(lo: int, hi: int, what: str = "value"):
    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be between {lo} and {hi}, got {v}")
        return v

    return parse


def finite_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return v


def float_in(lo: float, hi: float, what: str = "value", lo_open: bool = False):
    def parse(text: str) -> float:
        v = finite_float(text)
        if v < lo or v > hi or (lo_open and v == lo):
            lo_b = "(" if lo_open else "["
            raise argparse.ArgumentTypeError(f"{what} must be in {lo_b}{lo:g}, {hi:g}], got {v:g}")
        return v

    return parse


def add_param_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-p", "--param", action="append", default=[], metavar="NAME=VALUE",
        help="set a parameter of the function (repeatable), e.g. -p negative_slope=0.1",
    )


def resolve_function(fid: str, assignments: Iterable[str]) -> tuple[Activation, dict[str, float]]:
    """Look up ``fid`` and validate ``NAME=VALUE`` assignments against its parameters."""
    act = catalogue.get(fid)
    params = act.resolve(catalogue.parse_param_assignments(assignments))
    return act, params


def output_path(path: str, allowed: Iterable[str]) -> tuple[Path, str]:
    """Check the output path's extension and that its folder is writable."""
    allowed = tuple(allowed)
    p = Path(path)
    ext = p.suffix.lower()
    if ext not in allowed:
        names = ", ".join(allowed)
        shown = ext or "none"
        raise CliError(f"unknown output type {shown!r} for {path!r}; use one of {names}")
    check_writable(p)
    return p, ext


FILE_TYPES = (".csv", ".png", ".svg")      # a table, or the picture of it


def add_output_option(parser: argparse.ArgumentParser, types: tuple[str, ...] = FILE_TYPES) -> None:
    """``-o/--output`` for a file of one of ``types``; :func:`checked_output` checks it in run()."""
    if len(types) == 1:
        kind = types[0].lstrip(".").upper()
        metavar, help_text = f"OUT{types[0]}", f"output {kind} file"
    else:
        metavar = "OUT"
        help_text = f"output file: {', '.join(types[:-1])} or {types[-1]}"
    parser.add_argument("-o", "--output", required=True, metavar=metavar, help=help_text)
    parser.set_defaults(output_types=types)


def checked_output(args) -> tuple[Path, str]:
    """``(path, extension)`` of ``-o``, of a type the verb writes, in a folder that can be written."""
    return output_path(args.output, args.output_types)
