"""Start-up to first paint: the PyInstaller bundle against ``python -m act_explorer``.

Runs both alternately (after one warm-up run each, so both read from a warm file cache) with
``ACT_EXPLORER_QUIT_AFTER_PAINT=1``: the app prints ``first-paint <unix time>`` once its
window's first paint pass is done, and quits.  Start-up is that time minus the moment the
process was launched; "exit" adds the shutdown.  Settings come from an empty temporary folder.

    python tests/benchmarks/bench_bundle_startup.py [--runs 10] [--platform offscreen]
                                                    [--bundle dist/act-explorer/act-explorer]
                                                    [--max-ratio 1.2]

With ``--max-ratio`` the exit status is 1 when the bundle's median is slower than that many
times the source's.  Build the bundle first: ``python packaging/build.py``.
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

ROOT = Path(__file__).resolve().parents[2]


def run_once(cmd: list[str], env: dict) -> tuple[float, float]:
    """(seconds to first paint, seconds to exit) of one start."""
    t0 = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    t_exit = time.time() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    stamps = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("first-paint ")]
    if not stamps:
        raise SystemExit(f"{' '.join(cmd)} printed no first-paint line:\n{proc.stdout[-500:]}{proc.stderr[-2000:]}")
    return float(stamps[0]) - t0, t_exit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10, help="timed runs of each (default 10)")
    ap.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (default offscreen)")
    ap.add_argument("--bundle", default=str(ROOT / "dist" / "act-explorer" / "act-explorer"))
    ap.add_argument("--max-ratio", type=float, default=None,
                    help="fail (exit 1) if bundle median / source median exceeds this")
    args = ap.parse_args(argv)

    bundle = Path(args.bundle)
    if not bundle.is_file():
        print(f"error: {bundle} not found; build it with: python packaging/build.py", file=sys.stderr)
        return 2
    commands = {
        "source": [sys.executable, "-m", "act_explorer"],
        "bundle": [str(bundle)],
    }
    with tempfile.TemporaryDirectory(prefix="act-bench-") as cfg:
        env = dict(os.environ, ACT_EXPLORER_QUIT_AFTER_PAINT="1", ACT_EXPLORER_CONFIG_DIR=cfg,
                   QT_QPA_PLATFORM=args.platform)
        for cmd in commands.values():          # warm-up: file cache, font cache
            run_once(cmd, env)
        paint: dict[str, list[float]] = {k: [] for k in commands}
        exit_: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                p, e = run_once(cmd, env)
                paint[name].append(p)
                exit_[name].append(e)

    print(f"start-up to first paint, {args.runs} runs each, QT_QPA_PLATFORM={args.platform}")
    print(f"{'':8} {'median':>8} {'min':>8} {'max':>8}   {'to exit (median)':>16}")
    for name in commands:
        v = paint[name]
        print(f"{name:8} {statistics.median(v):7.3f}s {min(v):7.3f}s {max(v):7.3f}s   "
              f"{statistics.median(exit_[name]):15.3f}s")
    ratio = statistics.median(paint["bundle"]) / statistics.median(paint["source"])
    print(f"bundle / source (medians): {ratio:.2f}")
    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f"FAIL: the bundle starts {ratio:.2f}x as slowly as the source (limit {args.max_ratio})")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
