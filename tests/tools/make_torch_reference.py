"""Regenerate tests/data/torch_reference.json from PyTorch (float64 values and autograd).

PyTorch is not a dependency of the project; run this by hand in an environment that has it:
    python tests/tools/make_torch_reference.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F

GRID = sorted(set(
    [-1e300, -1e10, -1000.0, -745.0, -700.0, -100.0, -30.0, -20.0, -10.0, -6.0, -3.5, -3.0,
     -2.0, -1.5, -1.0, -0.5, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.5, 2.0, 3.0, 3.5, 5.0, 6.0, 6.5,
     10.0, 19.9, 20.0, 20.1, 30.0, 100.0, 700.0, 745.0, 1000.0, 1e10, 1e300]
    + [round(-8.0 + 0.25 * i, 2) for i in range(65)]
))

CASES = {
    "sigmoid": [({}, torch.sigmoid)],
    "tanh": [({}, torch.tanh)],
    "softsign": [({}, F.softsign)],
    "relu": [({}, F.relu)],
    "leaky_relu": [({}, lambda x: F.leaky_relu(x)),
                   ({"negative_slope": 0.2}, lambda x: F.leaky_relu(x, 0.2))],
    "prelu": [({}, lambda x: F.prelu(x, torch.tensor([0.25], dtype=torch.float64))),
              ({"init": 0.6}, lambda x: F.prelu(x, torch.tensor([0.6], dtype=torch.float64)))],
    "rrelu": [({}, lambda x: F.rrelu(x, training=False)),
              ({"lower": 0.05, "upper": 0.45}, lambda x: F.rrelu(x, 0.05, 0.45, training=False))],
    "elu": [({}, F.elu), ({"alpha": 2.5}, lambda x: F.elu(x, 2.5))],
    "selu": [({}, F.selu)],
    "celu": [({}, F.celu), ({"alpha": 0.3}, lambda x: F.celu(x, 0.3))],
    "relu6": [({}, F.relu6)],
    "gelu": [({}, F.gelu)],
    "gelu_tanh": [({}, lambda x: F.gelu(x, approximate="tanh"))],
    "silu": [({}, F.silu)],
    "swish": [({"beta": 1.0}, lambda x: x * torch.sigmoid(x)),
              ({"beta": 2.5}, lambda x: x * torch.sigmoid(2.5 * x))],
    "mish": [({}, F.mish)],
    "softplus": [({}, F.softplus),
                 ({"beta": 2.0, "threshold": 5.0}, lambda x: F.softplus(x, 2.0, 5.0))],
    "hardtanh": [({}, F.hardtanh),
                 ({"min_val": -2.0, "max_val": 0.5}, lambda x: F.hardtanh(x, -2.0, 0.5))],
    "hardsigmoid": [({}, F.hardsigmoid)],
    "hardswish": [({}, F.hardswish)],
    "linear": [({}, lambda x: x * 1.0)],
}


def enc(v: float):
    return v if math.isfinite(v) else repr(v)


def main() -> None:
    out = {"torch": torch.__version__, "x": GRID, "cases": []}
    for fid, variants in CASES.items():
        for params, fn in variants:
            x = torch.tensor(GRID, dtype=torch.float64, requires_grad=True)
            y = fn(x)
            (g,) = torch.autograd.grad(y.sum(), x)
            out["cases"].append({
                "id": fid, "params": params,
                "f": [enc(v) for v in y.detach().tolist()],
                "df": [enc(v) for v in g.tolist()],
            })
    path = Path(__file__).resolve().parents[1] / "data" / "torch_reference.json"
    path.write_text(json.dumps(out, indent=0) + "\n")
    print(f"wrote {path} ({len(out['cases'])} cases, {len(GRID)} points)")


if __name__ == "__main__":
    main()
