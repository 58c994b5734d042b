"""``act-explorer list``: the catalogue, as a table or JSON."""

from __future__ import annotations

import json

from ..model import catalogue

ORDER = 10


def register(sub) -> None:
    p = sub.add_parser("list", help="list the activation functions in the catalogue",
                       description="List the activation functions, grouped by family.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=run)


def run(args) -> int:
    entries = list(catalogue.CATALOGUE.values())
    if args.json:
        print(json.dumps([a.to_dict() for a in entries], indent=2, ensure_ascii=False))
        return 0
    for fam, fam_name in catalogue.FAMILIES.items():
        members = [a for a in entries if a.family == fam]
        if not members:
            continue
        print(fam_name)
        for a in members:
            params = ", ".join(f"{p.name}={p.default:g}" for p in a.params)
            print(f"  {a.id:<12} {a.name:<20} {params}")
    return 0
