"""Fit speed: 3000 epochs of a 16-unit network on 200 points, NumPy against PyTorch CPU.

    python tests/benchmarks/bench_fit.py [--epochs 3000] [--repeats 5] [--activation tanh]

The job (goal: ≤ 1 s for the app): fit sin(x) on [-pi, pi] sampled at 200 points (all of them
training points), a 1-16-1 network with tanh (or --activation) and a linear output, mean squared
error, full-batch Adam (lr 0.01), 3000 epochs = 3000 steps.  Both start from the same weights,
and the script first compares them (float64): the gradients at the initial weights agree to
rounding (~1e-16); the Adam loss trajectories then drift apart by a few 1e-6 within 50 steps,
because the output bias's gradient is zero in exact arithmetic (sin is odd, the data symmetric)
and Adam divides that rounding noise by its own square root, so each library's noise decides
that parameter's first steps (with SGD the trajectories agree to ~1e-16).

Rows:
* numpy FitTrainer        -- FitTrainer.run(3000), what the Fit view and ``act-explorer fit``
                             run: every step plus, after every epoch, the record (training MSE,
                             dead and saturated units, the finiteness check and the copy kept in
                             case of divergence);
* numpy loop              -- Network.mse_gradient + Optimizer.step only, one BLAS thread;
* torch                   -- the same steps in PyTorch (nn.Sequential, MSELoss, optim.Adam),
                             float64, default intra-op threads and 1 thread; no per-epoch records.

Every row runs in its own process, the repeats go round-robin over the rows (load changes hit
every row alike), and each figure is the median over the repeats.  PyTorch is optional: if
``import torch`` fails its rows are skipped.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time

from _common import source_tree  # noqa: E402  (this folder is on sys.path)

ROOT = source_tree()

from _peers import torch_full_batch  # noqa: E402

IMPLS = {
    "trainer": "numpy FitTrainer (+ per-epoch records)",
    "numpy": "numpy loop, 1 BLAS thread",
    "torch": "torch, default threads",
    "torch1": "torch, 1 thread",
}
POINTS = 200
UNITS = 16
LR = 0.01


def make_trainer(activation: str):
    from act_explorer.model.fit import FitConfig, FitTrainer, make_data

    data = make_data("sin", x_range=(-math.pi, math.pi), points=POINTS, test_fraction=0.0)
    cfg = FitConfig(hidden=(UNITS,), activation=activation, optimizer="adam", lr=LR, seed=0)
    return FitTrainer(data, cfg)


def _plain_model(trainer, activation: str):
    """(Linear 1-16, activation, Linear 16-1) in float64 with the trainer's initial weights."""
    import numpy as np
    import torch

    net = trainer.network
    acts = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "gelu": torch.nn.GELU, "sigmoid": torch.nn.Sigmoid}
    l1 = torch.nn.Linear(1, UNITS).double()
    l2 = torch.nn.Linear(UNITS, 1).double()
    with torch.no_grad():
        l1.weight.copy_(torch.from_numpy(np.ascontiguousarray(net.W[0].T)))
        l1.bias.copy_(torch.from_numpy(net.b[0].copy()))
        l2.weight.copy_(torch.from_numpy(np.ascontiguousarray(net.W[1].T)))
        l2.bias.copy_(torch.from_numpy(net.b[1].copy()))
    return l1, acts[activation](), l2


def torch_model(trainer, activation: str):
    import numpy as np
    import torch

    model = torch.nn.Sequential(*_plain_model(trainer, activation))
    x = torch.from_numpy(np.array(trainer._xa_train[:, :1]))  # the standardised inputs
    y = torch.from_numpy(np.array(trainer._Y_train))
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = torch.nn.MSELoss()

    return torch_full_batch(model, x, y, opt, loss_fn)


def gradient_difference(trainer, activation: str) -> float:
    """max |dL/dparams, numpy - torch| at the initial weights (flat, the network's layout)."""
    import numpy as np

    net = trainer.network
    g = net.mse_gradient(net.workspace(trainer.data.n_train), trainer._xa_train, trainer._Y_train, None).copy()
    import torch

    l1, act, l2 = _plain_model(trainer, activation)
    x = torch.from_numpy(np.array(trainer._xa_train[:, :1]))
    y = torch.from_numpy(np.array(trainer._Y_train))
    torch.nn.functional.mse_loss(l2(act(l1(x))), y).backward()
    tg = np.concatenate([l1.weight.grad.numpy().T.ravel(), l1.bias.grad.numpy(),
                         l2.weight.grad.numpy().T.ravel(), l2.bias.grad.numpy()])
    return float(np.max(np.abs(g - tg)))


def worker(impl: str, activation: str, epochs: int, agree: bool) -> dict:
    trainer = make_trainer(activation)
    out: dict = {"label": IMPLS[impl]}
    if impl.startswith("torch"):
        try:
            import torch
        except Exception as exc:  # noqa: BLE001 - any failure means "no peer"
            return {"skip": f"import torch failed ({type(exc).__name__}: {exc})"}
        if impl == "torch1":
            torch.set_num_threads(1)
        out["label"] = f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)"
        if agree:
            out["grad"] = gradient_difference(trainer, activation)
            step, _ = torch_model(trainer, activation)
            theirs = [step() for _ in range(50)]
            trainer.step(50)
            ours = [r.loss for r in trainer.history[:50]]  # the loss before each step
            out["agree"] = max(abs(a - b) for a, b in zip(ours, theirs))
        _, run = torch_model(make_trainer(activation), activation)
        run(50)  # warm-up
        _, run = torch_model(make_trainer(activation), activation)
        t0 = time.perf_counter()
        run(epochs)
        out["seconds"] = time.perf_counter() - t0
        return out
    if impl == "trainer":
        make_trainer(activation).run(50)  # warm-up
        t0 = time.perf_counter()
        trainer.run(epochs)
        out["seconds"] = time.perf_counter() - t0
        out["final_mse"] = trainer.history[-1].loss
        return out
    from act_explorer.model.training import blas_threads

    net, opt = trainer.network, trainer.optimizer
    ws = net.workspace(trainer.data.n_train)
    xa, Y = trainer._xa_train, trainer._Y_train
    with blas_threads(1):
        t0 = time.perf_counter()
        for _ in range(epochs):
            opt.step(net.params, net.mse_gradient(ws, xa, Y, None))
        out["seconds"] = time.perf_counter() - t0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=3000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--activation", default="tanh", choices=("tanh", "relu", "gelu", "sigmoid"))
    ap.add_argument("--rows", default=",".join(IMPLS),
                    help=f"rows to run, comma-separated (default all: {','.join(IMPLS)})")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--agree", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.activation, args.epochs, args.agree)))
        return 0
    times: dict[str, list[float]] = {k: [] for k in IMPLS}
    labels: dict[str, str] = {}
    notes: list[str] = []
    skipped: set[str] = set(IMPLS) - {r.strip() for r in args.rows.split(",")}
    for r in range(args.repeats):
        for impl in IMPLS:
            if impl in skipped:
                continue
            cmd = [sys.executable, __file__, "--worker", impl, "--epochs", str(args.epochs),
                   "--activation", args.activation] + (["--agree"] if r == 0 and impl == next(
                       (k for k in ("torch", "torch1") if k not in skipped), None) else [])
            res = subprocess.run(cmd, capture_output=True, text=True, check=True)
            data = json.loads(res.stdout.strip().splitlines()[-1])
            if "skip" in data:
                skipped.add(impl)
                notes.append(f"{IMPLS[impl]}: skipped, {data['skip']}")
                continue
            labels[impl] = data["label"]
            times[impl].append(data["seconds"])
            if "grad" in data:
                notes.append(f"max |gradient difference| numpy vs torch at the initial weights = {data['grad']:.1e}")
            if "agree" in data:
                notes.append(f"max |MSE difference| numpy vs torch over the first 50 steps, float64 = "
                             f"{data['agree']:.1e}")
            if "final_mse" in data and r == 0:
                notes.append(f"final training MSE after {args.epochs} epochs: {data['final_mse']:.2e}")
    print(f"{args.epochs} epochs, 1-{UNITS}-1 {args.activation}, {POINTS} points, full-batch Adam; "
          f"median of {args.repeats} (seconds, lower is better)")
    for impl in IMPLS:
        if times[impl]:
            ts = times[impl]
            print(f"  {labels[impl]:<42} {statistics.median(ts):6.3f} s   (min {min(ts):.3f}, max {max(ts):.3f})")
    for n in notes:
        print("  " + n)
    if times["trainer"]:
        goal = statistics.median(times["trainer"])
        print(f"  goal ≤ 1 s for the FitTrainer: {'met' if goal <= 1.0 else 'NOT met'} ({goal:.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
