"""Benchmark: memory (RSS) of the window driven by seeded random actions.

    python tests/benchmarks/bench_random_gui.py [--actions 1000] [--warmup 200] [--seed 1]

The driver of ``tests/gui/test_random_actions.py`` (every tab: functions selected, typed -
hostile and undefined ones too - and removed, sliders dragged, depth runs, training started,
stepped and reset, presets, softmax edits, lessons, exports, sessions saved and opened)
runs ``--warmup`` actions, then ``--actions`` more, printing RSS every 100 actions (after a
garbage collection and ``malloc_trim``, so the figure is memory still held).  It also fails
loudly if any action raised, warned or made Qt warn.

Goal: RSS grows by at most 50 MB over 1000 actions after the warm-up.
"""

from __future__ import annotations

import argparse
import faulthandler
import tempfile
import time
from pathlib import Path

from _common import headless, source_tree  # noqa: E402  (this folder is on sys.path)

headless(private_config=True)
ROOT = source_tree()

from _rss import rss_mb  # noqa: E402

GOAL_MB = 50.0


def main(argv=None) -> int:
    faulthandler.enable()       # a crash in Qt prints the Python stack of every thread
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actions", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    from act_explorer.app import create_application
    from act_explorer.qt.main_window import MainWindow
    from tests.gui.random_driver import RandomDriver

    create_application(headless=True)
    w = MainWindow(persist=False)
    w.resize(1280, 800)
    w.show()
    tmp = Path(tempfile.mkdtemp(prefix="act-bench-random-"))
    d = RandomDriver(w, args.seed, tmp)
    t0 = time.perf_counter()
    print(f"seed {args.seed}: {args.warmup} warm-up actions, then {args.actions}; RSS after gc + malloc_trim")
    print(f"{'actions':>8} {'RSS MB':>8} {'growth':>8} {'s':>7}")
    start = rss_mb()
    print(f"{0:>8} {start:8.1f} {'':>8} {0:7.1f}   (window open)")
    with d.capturing():
        d.run(args.warmup)
        d.settle()
        base = rss_mb()
        print(f"{args.warmup:>8} {base:8.1f} {base - start:+8.1f} {time.perf_counter() - t0:7.1f}   (warm-up done)")
        peak = base
        for k in range(0, args.actions, 100):
            d.run(min(100, args.actions - k))
            d.settle(100)
            now = rss_mb()
            peak = max(peak, now)
            print(f"{args.warmup + k + 100:>8} {now:8.1f} {now - base:+8.1f} {time.perf_counter() - t0:7.1f}")
    end = rss_mb()
    growth = end - base
    verdict = "met" if growth <= GOAL_MB else "NOT MET"
    print(f"\ngrowth over {args.actions} actions after warm-up: {growth:+.1f} MB (peak {peak - base:+.1f}); "
          f"goal <= {GOAL_MB:.0f} MB: {verdict}")
    print(f"{len(d.problems)} problems; {d.exports} exports, {d.sessions} session actions, "
          f"{len(d.boxes)} message boxes")
    slow = sorted(d.seconds.items(), key=lambda kv: -kv[1])[:5]
    print("time by action: " + ", ".join(f"{k} {v:.1f} s" for k, v in slow))
    if d.problems:
        print(d.report())
    w.close()
    return 1 if d.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
