"""Training with its per-epoch diagnostics: this app against a plain PyTorch loop, side by side.

    python tests/benchmarks/bench_train_epochs.py [--repeats 5] [--epochs 100] [--no-busy] [--no-cli]

The job of one epoch, as the app reports it: the training steps of the epoch, then loss,
accuracy and dead units per layer of the network the epoch ended with, on the whole training
set.  Two set-ups, MLP 2-32-32-32-2 with ReLU, SGD lr 0.1, XOR data, no test set:

* full batch: 512 points, batch 512 (one step per epoch);
* minibatch: 400 points, batch 32 (13 shuffled steps per epoch).

Rows:
* app, train() (the CLI's path)   -- act_explorer.model.training.train's Trainer.run; one
                                     sample per epoch, timed between on_epoch callbacks;
* app, panel worker               -- training_session.train_runs as the training tab's worker
                                     runs it, with a tick that takes snapshots 30 times a second
                                     as the panel's frames ask for them;
* torch float32 / float64         -- a plain PyTorch 2.13 CPU loop: zero_grad, forward,
                                     CrossEntropyLoss, backward, SGD step for each batch, then a
                                     torch.no_grad() forward over the training set counting dead
                                     units per layer (pre-activation <= 0 for every input), loss
                                     and accuracy (read back as Python numbers, as a report
                                     needs them); default threads and 1 thread.
* CLI marginal                    -- ``act-explorer train relu --dataset xor ... -o run.csv``
                                     run as a subprocess for 200 and for 2200 epochs; (t2 - t1)
                                     / 2000 is the marginal cost of one epoch, start-up excluded
                                     (median of 3 pairs), in wall-clock time and in the child's
                                     CPU time (on a loaded machine the wall-clock difference of
                                     two runs is mostly the other processes' doing).

Each implementation runs in its own process (OpenMP and OpenBLAS pools in one process spin
against each other); repeats go round-robin over the processes, so load changes hit every row
alike.  Figures: median and p95 of the per-epoch times over all repeats (>= 300 samples), and
epochs/s = 1 / median.  The ratio is PyTorch's median over the app's, taking the faster of the
float32 PyTorch rows (float32 is the plain loop's default dtype; the app trains in float64 by
default).  "cpu med" is the median process CPU time of an epoch (all threads; what it costs
when no other process competes for the cores), with its ratio to PyTorch's likewise (the CLI's
CPU row is compared with PyTorch's CPU figure).  A PyTorch repeat is cut short after --max-seconds (its default threads can take
0.3 s an epoch with the other core busy); the samples column says how many were taken.  "busy" repeats it all while
another process keeps one core spinning (as the GUI thread does while it paints).  PyTorch is
optional: without it the peer rows are skipped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import pct, source_tree  # noqa: E402  (this folder is on sys.path)

ROOT = source_tree()

from _peers import WorkerProcess  # noqa: E402
from bench_train import busy_core  # noqa: E402

HIDDEN = (32, 32, 32)
LR = 0.1
SETUPS = {"full batch": (512, 512), "minibatch": (400, 32)}
IMPLS = ("app_train", "app_worker", "torch32", "torch32_1", "torch64")
LABELS = {
    "app_train": "app, train() (the CLI's path), float64",
    "app_worker": "app, panel worker (train_runs), float64",
    "torch32": "torch float32, default threads",
    "torch32_1": "torch float32, 1 thread",
    "torch64": "torch float64, default threads",
}


# ---- inside a worker process ---------------------------------------------------------------

def make_data(points: int):
    from act_explorer.model.datasets import make_dataset

    return make_dataset("xor", points, 0.1, 0.0, seed=0)


def app_runner(impl: str, points: int, batch: int):
    from act_explorer.model.training import Trainer, TrainConfig
    from act_explorer.model.training_session import train_runs

    cfg = TrainConfig(hidden=HIDDEN, activation="relu", init="he", optimizer="sgd", lr=LR,
                      batch_size=batch, seed=0)
    trainer = Trainer(make_data(points), cfg)

    if impl == "app_train":
        def run(n: int, max_s: float = 1e9) -> list[float]:
            stamps = [(time.perf_counter(), time.process_time())]
            trainer.run(n, on_epoch=lambda _r: stamps.append((time.perf_counter(), time.process_time())))
            return [(b[0] - a[0], b[1] - a[1]) for a, b in zip(stamps, stamps[1:])]
        return run

    state = {"next": 0.0, "snaps": 0}

    def tick() -> None:  # the panel's tick: snapshots when a 30 fps frame wants them
        now = time.perf_counter()
        if now >= state["next"]:
            state["next"] = now + 1 / 30
            state["snaps"] += 1
            state["published"] = (trainer.snapshot(),)

    def run(n: int, max_s: float = 1e9) -> list[float]:
        stamps = [(time.perf_counter(), time.process_time())]
        train_runs([trainer], trainer.epoch + n, tick=tick, should_stop=lambda: False,
                   progress=lambda _f: stamps.append((time.perf_counter(), time.process_time())))
        return [(b[0] - a[0], b[1] - a[1]) for a, b in zip(stamps, stamps[1:])]
    return run


def torch_runner(impl: str, points: int, batch: int):
    import numpy as np
    import torch

    if impl.endswith("_1"):
        torch.set_num_threads(1)
    dt = torch.float64 if impl.startswith("torch64") else torch.float32
    ds = make_data(points)
    xs = (ds.x_train - ds.x_train.mean(axis=0)) / ds.x_train.std(axis=0)
    x = torch.tensor(xs, dtype=dt)
    y = torch.tensor(np.asarray(ds.y_train), dtype=torch.int64)
    torch.manual_seed(0)
    sizes = (2, *HIDDEN, 2)
    lins = [torch.nn.Linear(a, b).to(dt) for a, b in zip(sizes[:-1], sizes[1:])]
    with torch.no_grad():  # He init, zero biases, as the app's network
        for lin in lins:
            torch.nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
            lin.bias.zero_()
    layers = []
    for lin in lins[:-1]:
        layers += [lin, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, lins[-1])
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)
    n = len(y)

    def epoch():
        if batch >= n:
            opt.zero_grad(set_to_none=True)
            loss_fn(model(x), y).backward()
            opt.step()
        else:
            perm = torch.randperm(n, generator=gen)
            for s in range(0, n, batch):
                idx = perm[s:s + batch]
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x[idx]), y[idx]).backward()
                opt.step()
        with torch.no_grad():
            h = x
            dead = []
            for lin in lins[:-1]:
                z = lin(h)
                dead.append(int((~(z > 0).any(dim=0)).sum()))
                h = torch.relu(z)
            logits = lins[-1](h)
            loss = float(loss_fn(logits, y))
            acc = float((logits.argmax(dim=1) == y).to(dt).mean())
        return loss, acc, dead

    def run(k: int, max_s: float = 1e9) -> list[float]:
        out = []
        start = time.perf_counter()
        for _ in range(k):
            t0, c0 = time.perf_counter(), time.process_time()
            epoch()
            out.append((time.perf_counter() - t0, time.process_time() - c0))
            if t0 - start > max_s:
                break  # PyTorch's default threads can take 0.3 s an epoch with a core busy
        return out
    return run


def worker(conn, impl: str, points: int, batch: int) -> None:
    try:
        if impl.startswith("torch"):
            try:
                import torch  # noqa: F401
            except Exception as exc:  # noqa: BLE001 - any failure means "no peer"
                conn.send(("skip", f"import torch failed ({type(exc).__name__}: {exc})"))
                return
            run = torch_runner(impl, points, batch)
        else:
            run = app_runner(impl, points, batch)
        run(30)  # warm-up
        conn.send(("ready", LABELS[impl]))
        while True:
            msg = conn.recv()
            if msg[0] == "stop":
                return
            conn.send(("times", run(msg[1], msg[2])))
    except Exception as exc:  # noqa: BLE001 - report, do not hang the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


# ---- the parent --------------------------------------------------------------------------

class Worker(WorkerProcess):
    def __init__(self, impl: str, points: int, batch: int):
        super().__init__(worker, impl, points, batch, name=impl)

    def times(self, n: int, max_s: float) -> list[float]:
        return self.ask("run", n, max_s)


def bench_setup(points: int, batch: int, repeats: int, epochs: int, max_s: float,
                skipped: list[str]) -> dict:
    workers = []
    try:
        for impl in IMPLS:
            w = Worker(impl, points, batch)
            if w.ok:
                workers.append((impl, w))
            else:
                if w.label not in skipped:
                    skipped.append(w.label)
                w.close()
        samples: dict[str, list[float]] = {impl: [] for impl, _ in workers}
        for _ in range(repeats):
            for impl, w in workers:
                samples[impl] += w.times(epochs, max_s)
        return samples
    finally:
        for _, w in workers:
            w.close()


def cli_marginal(points: int, batch: int, pairs: int = 3, short: int = 200, long: int = 2200,
                 ) -> tuple[float, float]:
    """Marginal seconds per epoch of ``act-explorer train`` (start-up excluded): wall clock,
    and the child's CPU time (user + system; what it costs when no other process competes)."""
    import resource
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    marg, marg_cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.csv"

        def once(epochs: int) -> float:
            cmd = [sys.executable, "-m", "act_explorer", "train", "relu", "--dataset", "xor",
                   "--points", str(points), "--hidden", ",".join(map(str, HIDDEN)),
                   "--optimizer", "sgd", "--lr", str(LR), "--batch-size", str(batch),
                   "--test-fraction", "0", "--epochs", str(epochs), "-o", str(out)]
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, env=env, capture_output=True)
            wall = time.perf_counter() - t0
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

        for _ in range(pairs):
            (wl, cl), (ws, cs) = once(long), once(short)
            marg.append((wl - ws) / (long - short))
            marg_cpu.append((cl - cs) / (long - short))
    return statistics.median(marg), statistics.median(marg_cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="round-robin repeats (default 5)")
    ap.add_argument("--epochs", type=int, default=100, help="epochs per repeat (default 100)")
    ap.add_argument("--max-seconds", type=float, default=3.0,
                    help="cut a PyTorch repeat short after this long (default 3 s); the row then has "
                    "fewer samples, and says so")
    ap.add_argument("--no-busy", action="store_true", help="skip the runs with another core busy")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI subprocess rows")
    args = ap.parse_args(argv)

    import numpy as np

    print(f"MLP 2-{'-'.join(map(str, HIDDEN))}-2, ReLU, SGD lr {LR}, XOR; per epoch: the steps, then "
          "loss, accuracy and dead units per layer on the training set")
    print(f"cores: {os.cpu_count()}, numpy {np.__version__}, load average at start: {os.getloadavg()[0]:.2f}; "
          f"{args.repeats} round-robin repeats x {args.epochs} epochs = "
          f"{args.repeats * args.epochs} samples per row\n")
    skipped: list[str] = []
    summary = []
    for load in (["idle"] if args.no_busy else ["idle", "busy"]):
        with busy_core(load == "busy"):
            for setup, (points, batch) in SETUPS.items():
                samples = bench_setup(points, batch, args.repeats, args.epochs, args.max_seconds, skipped)
                print(f"{load}, {setup} ({points} points, batch {batch}); ms per epoch")
                print(f"  {'implementation':42} {'median':>8} {'p95':>8} {'epochs/s':>9} {'samples':>8} "
                      f"{'torch f32 / this':>17} {'cpu med':>8} {'cpu ratio':>9}")
                cpu = {impl: [c for _t, c in ts] for impl, ts in samples.items()}
                samples = {impl: [t for t, _c in ts] for impl, ts in samples.items()}
                # The peer: the faster of PyTorch's float32 loops (default threads or 1 thread).
                peers = [statistics.median(samples[k]) for k in ("torch32", "torch32_1") if k in samples]
                ref_med = min(peers) if peers else None
                cpu_peers = [statistics.median(cpu[k]) for k in ("torch32", "torch32_1") if k in cpu]
                cpu_ref = min(cpu_peers) if cpu_peers else None
                for impl, ts in samples.items():
                    cmed = statistics.median(cpu[impl]) * 1000
                    cratio = f"{cpu_ref * 1000 / cmed:8.2f}x" if cpu_ref and impl.startswith("app") else ""
                    ms = [t * 1000 for t in ts]
                    med = statistics.median(ms)
                    ratio = f"{ref_med * 1000 / med:16.2f}x" if ref_med and impl.startswith("app") else ""
                    print(f"  {LABELS[impl]:42} {med:8.3f} {pct(ms, 95):8.3f} {1000 / med:9.0f} {len(ms):8d} "
                          f"{ratio:>17} {cmed:8.3f} {cratio:>9}", flush=True)
                    if impl.startswith("app") and ref_med:
                        summary.append((load, setup, LABELS[impl], ref_med * 1000 / med))
                    if impl.startswith("app") and cpu_ref:
                        summary.append((load, setup, LABELS[impl] + " (CPU)", cpu_ref * 1000 / cmed))
                if not args.no_cli:
                    m, mc = (v * 1000 for v in cli_marginal(points, batch))
                    for label, v in (("CLI act-explorer train, marginal (wall)", m),
                                     ("CLI act-explorer train, marginal (CPU)", mc)):
                        ref = cpu_ref if "CPU" in label else ref_med
                        ratio = f"{ref * 1000 / v:16.2f}x" if ref else ""
                        print(f"  {label:42} {v:8.3f} {'':>8} {1000 / v:9.0f} {'3 pairs':>8} {ratio:>17}")
                        if ref:
                            summary.append((load, setup, label, ref * 1000 / v))
                print()
    for msg in skipped:
        print(f"PyTorch peer skipped: {msg}")
    if summary:
        print("goal: app >= 2x the plain PyTorch loop (float32, the faster of default threads and 1 thread), "
              "same load and set-up")
        for load, setup, label, r in summary:
            print(f"  {load:5} {setup:11} {label:42} {r:5.2f}x  {'met' if r >= 2 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
