"""Training speed: this app's hand-written NumPy MLP against PyTorch CPU, side by side.

    python tests/benchmarks/bench_train.py [--steps 300] [--repeats 5] [--no-busy]

The same job in both: an MLP 2-32-32-32-2 with ReLU, full-batch SGD (lr 0.1) on 512 "moons"
points, softmax cross-entropy; one step = forward, backward, update.  Both start from the same
weights, and the script first checks that they follow the same loss trajectory.

Rows:
* numpy, 1 BLAS thread    -- Network.step_gradient + Optimizer.step under threadpoolctl's
                             limit of one BLAS thread, as the Trainer runs them;
* numpy, default BLAS     -- the same loop with OpenBLAS's default threads;
* numpy Trainer           -- Trainer.step: the loop plus, after every epoch (= every step at
                             full batch), the record: loss and accuracy on train and test sets,
                             dead and saturated units per layer, the finiteness check and the
                             copy kept in case of divergence;
* torch                   -- PyTorch with its default intra-op threads, and with 1 thread.

Every implementation runs in its own worker process (thread pools of PyTorch's OpenMP and of
OpenBLAS in one process spin against each other and would spoil both figures), and the repeats
go round-robin over the workers, so load changes on the machine hit every row alike.  Each
figure is the median steps/s over the repeats.  "busy" repeats everything while another process
keeps one core spinning (as the GUI thread does while it paints): BLAS threads then fight for
the cores, which is why the trainer limits BLAS to one thread.  PyTorch is optional: if
``import torch`` fails the peer rows are skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time

from _common import source_tree  # noqa: E402  (this folder is on sys.path)

ROOT = source_tree()

from _peers import WorkerProcess, torch_full_batch  # noqa: E402

HIDDEN = (32, 32, 32)
N_POINTS = 512
LR = 0.1
IMPLS = {
    "numpy1": "numpy, 1 BLAS thread",
    "numpy": "numpy, default BLAS threads",
    "trainer": "numpy Trainer (+ per-epoch records)",
    "torch": "torch, default threads",
    "torch1": "torch, 1 thread",
}


# ---- inside a worker process ---------------------------------------------------------------

def make_trainer(dtype: str):
    from act_explorer.model.datasets import make_dataset
    from act_explorer.model.training import Trainer, TrainConfig

    ds = make_dataset("moons", N_POINTS, 0.1, 0.0, seed=0)
    cfg = TrainConfig(hidden=HIDDEN, activation="relu", init="he", optimizer="sgd", lr=LR,
                      batch_size=N_POINTS, seed=0, dtype=dtype)
    return Trainer(ds, cfg)


def numpy_loop(trainer):
    net, opt = trainer.network, trainer.optimizer
    ws = net.workspace(N_POINTS)
    xa, Y = trainer._xa_train, trainer._Y_train  # standardised inputs + ones column, one-hot labels

    def run(n: int) -> None:
        for _ in range(n):
            opt.step(net.params, net.step_gradient(ws, xa, Y, None))

    return run


def torch_model(trainer):
    """PyTorch's version of the trainer's network, from the same initial weights."""
    import numpy as np
    import torch

    net = trainer.network
    tdt = torch.float64 if net.dtype == np.float64 else torch.float32
    layers = []
    for i, (w, b) in enumerate(zip(net.W, net.b)):
        lin = torch.nn.Linear(w.shape[0], w.shape[1]).to(tdt)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
            lin.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(lin)
        if i < len(net.W) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    x = torch.from_numpy(np.array(trainer._x_train))
    y = torch.from_numpy(np.array(trainer._y_train))
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()

    return torch_full_batch(model, x, y, opt, loss_fn)


def agreement(steps: int = 20) -> str:
    trainer = make_trainer("float64")
    step, _ = torch_model(trainer)
    ours = []
    for _ in range(steps):
        ours.append(trainer.network.loss(trainer.dataset.x_train, trainer.dataset.y_train))
        trainer.step(1)
    theirs = [step() for _ in range(steps)]
    diff = max(abs(a - b) for a, b in zip(ours, theirs))
    return f"max |loss difference| over {steps} steps, float64 = {diff:.1e}"


def one_repeat(run, steps: int, max_seconds: float) -> float:
    """steps/s of one repeat: ``steps`` steps, or fewer if that takes longer than max_seconds."""
    done = 0
    t0 = time.perf_counter()
    while done < steps:
        run(10)
        done += 10
        if time.perf_counter() - t0 > max_seconds:
            break
    return done / (time.perf_counter() - t0)


def worker(conn, impl: str, dtype: str) -> None:
    """Build one implementation, then answer ("repeat", steps, max_seconds) with steps/s."""
    ctx = contextlib.nullcontext
    try:
        trainer = make_trainer(dtype)
        if impl.startswith("torch"):
            try:
                import torch
            except Exception as exc:  # noqa: BLE001 - any failure means "no peer"
                conn.send(("skip", f"import torch failed ({type(exc).__name__}: {exc})"))
                return
            if impl == "torch1":
                torch.set_num_threads(1)
            run = torch_model(trainer)[1]
            label = f"torch, {torch.get_num_threads()} thread{'s' if torch.get_num_threads() > 1 else ''}"
            label += " (default)" if impl == "torch" else ""
        elif impl == "trainer":
            def run(n: int) -> None:
                trainer.step(n)
            label = IMPLS[impl]
        else:
            run = numpy_loop(trainer)
            label = IMPLS[impl]
            if impl == "numpy1":
                from act_explorer.model.training import blas_threads

                ctx = lambda: blas_threads(1)  # noqa: E731
        with ctx():
            one_repeat(run, 50, 1.0)  # warm-up (PyTorch's first steps are slow)
        conn.send(("ready", label))
        while True:
            msg = conn.recv()
            if msg[0] == "stop":
                return
            if msg[0] == "agree":
                conn.send(("agree", agreement()))
                continue
            _, steps, max_seconds = msg
            with ctx():
                conn.send(("rate", one_repeat(run, steps, max_seconds)))
    except Exception as exc:  # noqa: BLE001 - report, do not hang the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


# ---- the parent --------------------------------------------------------------------------

@contextlib.contextmanager
def busy_core(enabled: bool):
    """Keep one core busy with a spinning child process while the block runs."""
    if not enabled:
        yield
        return
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        yield
    finally:
        proc.kill()
        proc.wait()


def Worker(impl: str, dtype: str) -> WorkerProcess:
    return WorkerProcess(worker, impl, dtype, name=impl)


def bench(dtype: str, steps: int, repeats: int, max_seconds: float, skipped: list[str]):
    workers = []
    try:
        for impl in IMPLS:
            w = Worker(impl, dtype)
            if w.ok:
                workers.append(w)
            else:
                if w.label not in skipped:
                    skipped.append(w.label)
                w.close()
        rates: dict[str, list[float]] = {w.label: [] for w in workers}
        for _ in range(repeats):
            for w in workers:
                rates[w.label].append(w.ask("repeat", steps, max_seconds))
        return [(w.label, statistics.median(rates[w.label])) for w in workers]
    finally:
        for w in workers:
            w.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=300, help="steps per repeat (default 300)")
    ap.add_argument("--repeats", type=int, default=5, help="repeats; the median is reported (default 5)")
    ap.add_argument("--max-seconds", type=float, default=1.0,
                    help="cut a repeat short after this long (default 1 s)")
    ap.add_argument("--no-busy", action="store_true", help="skip the runs with another core busy")
    args = ap.parse_args(argv)

    import numpy as np

    print(f"MLP 2-{'-'.join(map(str, HIDDEN))}-2, ReLU, full-batch SGD lr {LR}, {N_POINTS} points")
    print(f"cores: {os.cpu_count()}, numpy {np.__version__}, load average at start: "
          f"{os.getloadavg()[0]:.2f}")
    skipped: list[str] = []
    try:
        w = Worker("torch", "float64")
        if w.ok:
            print(f"agreement with PyTorch: {w.ask('agree')}")
        else:
            skipped.append(w.label)
        w.close()
    except RuntimeError as exc:
        print(f"agreement check failed: {exc}")
    print(f"median of {args.repeats} repeats x {args.steps} steps (each at most {args.max_seconds:g} s), "
          "round-robin over one worker process per implementation\n")

    results = []
    for load in (["idle"] if args.no_busy else ["idle", "busy"]):
        with busy_core(load == "busy"):
            for dtype in ("float64", "float32"):
                for label, rate in bench(dtype, args.steps, args.repeats, args.max_seconds, skipped):
                    results.append((load, dtype, label, rate))
                    print(f"  {load:5} {dtype:8} {label:38} {rate:8.0f} steps/s", flush=True)
    for msg in skipped:
        print(f"PyTorch peer skipped: {msg}")

    print("\nSummary (steps/s; ratio = numpy row / PyTorch with its default threads, same load and dtype)")
    print(f"{'load':5} {'dtype':8} {'implementation':38} {'steps/s':>8} {'ratio':>6}")
    for load, dtype, label, rate in results:
        ref = [r for l_, d, n, r in results if l_ == load and d == dtype and n.endswith("(default)")]
        ratio = f"{rate / ref[0]:5.2f}x" if ref and label.startswith("numpy") else "     "
        print(f"{load:5} {dtype:8} {label:38} {rate:8.0f} {ratio:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
