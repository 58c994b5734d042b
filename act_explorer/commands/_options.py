"""Options several verbs share, declared once: hidden layer sizes, the optimiser and the run
(``--optimizer --lr --momentum --batch-size --l2 --epochs --seed``), a data file against
generated data, and option values checked by the window's own state objects.

``state_value(TrainingState, "lr", TrainingStateError)`` is an argparse type that asks a state
object (:class:`~act_explorer.model.training_state.TrainingState`,
:class:`~act_explorer.model.depth_state.DepthState`) whether it accepts the text for one of its
fields, so a verb and the panel it mirrors have one set of defaults and limits; a refusal is the
state's own sentence after argparse's ``argument --flag:``.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable, Mapping

from ..model.training import OPTIMIZERS
from ._common import CliError

__all__ = ["state_value", "hidden_sizes", "add_run_options", "not_with_data"]


def state_value(make_state: Callable[..., Any], name: str,
                error: type[Exception] | tuple[type[Exception], ...]) -> Callable[[str], Any]:
    """An argparse type: the value ``make_state(name=text)`` keeps for field ``name``."""

    def parse(text: str) -> Any:
        try:
            return make_state(**{name: text}).values()[name]
        except error as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = name           # argparse names the type in some messages
    return parse


def hidden_sizes(max_units: int, max_layers: int, example: str) -> Callable[[str], tuple[int, ...]]:
    """An argparse type for ``16,16``: 1 to ``max_layers`` layers of 1 to ``max_units`` units."""

    def parse(text: str) -> tuple[int, ...]:
        parts = [p.strip() for p in text.split(",")]
        sizes = []
        for p in parts:
            try:
                v = int(p)
            except ValueError:
                raise argparse.ArgumentTypeError(
                    f"expected sizes separated by commas, e.g. {example}; got {text!r}") from None
            if not 1 <= v <= max_units:
                raise argparse.ArgumentTypeError(f"a hidden layer must have 1 to {max_units} units, got {v}")
            sizes.append(v)
        if len(sizes) > max_layers:
            raise argparse.ArgumentTypeError(f"at most {max_layers} hidden layers, got {len(sizes)}")
        return tuple(sizes)

    return parse


def add_run_options(p: argparse.ArgumentParser, defaults: Mapping[str, Any],
                    types: Mapping[str, Callable[[str], Any]], helps: Mapping[str, str]) -> None:
    """``--optimizer --lr --momentum --batch-size --l2 --epochs --seed``, in that order.

    ``defaults`` and ``types`` by option name (``lr``, ``momentum``, ``batch_size``, ``l2``,
    ``epochs``, ``seed``; ``optimizer`` in defaults only: its choices are the model's), and
    ``helps`` for the ones whose help differs between verbs (``lr``, ``batch_size``,
    ``epochs``, ``seed``)."""
    d = defaults
    p.add_argument("--optimizer", choices=OPTIMIZERS, default=d["optimizer"],
                   help=f"optimiser (default {d['optimizer']})")
    p.add_argument("--lr", type=types["lr"], default=d["lr"], metavar="X", help=helps["lr"])
    p.add_argument("--momentum", type=types["momentum"], default=d["momentum"], metavar="X",
                   help=f"momentum coefficient for --optimizer momentum (default {d['momentum']})")
    p.add_argument("--batch-size", type=types["batch_size"], default=d["batch_size"], metavar="B",
                   help=helps["batch_size"])
    p.add_argument("--l2", type=types["l2"], default=d["l2"], metavar="X",
                   help=f"L2 weight decay (default {d['l2']})")
    p.add_argument("--epochs", type=types["epochs"], default=d["epochs"], metavar="N",
                   help=helps["epochs"])
    p.add_argument("--seed", type=types["seed"], default=d["seed"], metavar="N", help=helps["seed"])


def not_with_data(args, flags: Mapping[str, str], what: str) -> None:
    """Refuse options of generated data (``{flag: attribute}`` given, not None) with --data."""
    given = [flag for flag, attr in flags.items() if getattr(args, attr) is not None]
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        raise CliError(f"{', '.join(given)} {verb} to {what}, not to --data")
