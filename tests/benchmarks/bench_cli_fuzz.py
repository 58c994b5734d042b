"""Benchmark: fuzz every verb's command line with thousands of generated cases.

    python tests/benchmarks/bench_cli_fuzz.py [--cases 2000] [--subprocess-cases 60]

The long version of tests/test_cli_fuzz.py (same generators and rules, tests/cli_fuzz_cases.py):
verbs without Qt run in-process (``cli.main``), ``screenshot`` and ``curve`` with PNG/SVG output
in a fresh interpreter each.  Prints per verb: cases run, exit status counts, cases that broke
a rule (other exit status, traceback, not one ``error:`` line, file left behind) and the time
per case; then the first few broken cases in full.  Exit status 1 if any case broke a rule.
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from pathlib import Path

from _common import source_tree  # noqa: E402  (this folder is on sys.path)

ROOT = source_tree()

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests import cli_fuzz_cases as F  # noqa: E402


def fuzz(name: str, strategy, n: int, in_process: bool):
    codes: collections.Counter = collections.Counter()
    broken: list[tuple] = []
    t0 = time.perf_counter()

    @settings(max_examples=n, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=["generate"])
    @given(strategy)
    def run(args):
        with tempfile.TemporaryDirectory(prefix="act-fuzz-") as tmp:
            root = Path(tmp)
            real, target = F.materialise(args, root)
            if in_process:
                code, _out, err = F.run_in_process(real, cwd=root / "out")
            else:
                code, _out, err = F.run_subprocess(real, cwd=root / "out")
            codes[code] += 1
            found = F.problems(code, err, root, target)
            if found:
                broken.append((real, code, err[-1500:], found))

    run()
    dt = time.perf_counter() - t0
    total = sum(codes.values())
    print(f"{name:<18} {total:>6} {codes.get(0, 0):>7} {codes.get(2, 0):>7} "
          f"{sum(v for k, v in codes.items() if k not in (0, 2)):>7} {len(broken):>7} "
          f"{1000 * dt / max(total, 1):>9.1f}", flush=True)
    return broken


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000, help="cases per in-process verb (default 2000)")
    ap.add_argument("--subprocess-cases", type=int, default=60,
                    help="cases for screenshot and for curve images, each a fresh interpreter (default 60)")
    opts = ap.parse_args()
    print(f"{'verb':<18} {'cases':>6} {'exit 0':>7} {'exit 2':>7} {'other':>7} {'broken':>7} {'ms/case':>9}")
    broken = []
    for verb in sorted(F.IN_PROCESS):
        n = opts.cases if verb != "list" else min(opts.cases, 200)  # list has few distinct cases
        broken += fuzz(verb, F.VERBS[verb](), n, in_process=True)
    broken += fuzz("curve (png/svg)", F.curve_args(images=True), opts.subprocess_cases, in_process=False)
    broken += fuzz("screenshot", F.screenshot_args(), opts.subprocess_cases, in_process=False)
    for real, code, err, found in broken[:10]:
        print("\nBROKEN:", real, "exit", code, found, "\n", err)
    print(f"\n{len(broken)} case(s) broke a rule")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
