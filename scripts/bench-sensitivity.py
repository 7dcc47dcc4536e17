#!/usr/bin/env python3
"""What would change the answer, measured against one answer, side by side.

Runs, in turns, on a three-candidate 12-month comparison (tests/fixtures/
pricing: acme/big against acme/small, acme/flat and acme/hosted):

1. `ftvp breakeven` (one answer),
2. the same with `--sensitivity` (every estimated input's flip values),
3. the same with four ranged inputs and `--simulate 10000`,

and prints the median wall time of each and the two ratios, which must stay
at most 20x (sensitivity) and 50x (simulation) of one answer. Exit 1 when a
ratio is above its bound.

Usage: scripts/bench-sensitivity.py [--runs N] [--draws N] [--no-build]
  --runs N     runs of each command, in turns; times are medians (default 5)
  --draws N    draws of the simulation (default 10000)
  --no-build   use target/release/ftvp as it is
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "ftvp")

COMPARISON = [
    "breakeven", "--pricing", "tests/fixtures/pricing", "--start", "2026-11-27",
    "--base", "acme/big", "--base-prompt", "3000",
    "--tuned", "acme/small", "--tuned", "acme/flat", "--tuned", "acme/hosted",
    "--tuned-prompt", "500", "--input", "200", "--output", "300",
    "--training-tokens", "2M", "--setup-cost", "2000",
    "--per-month", "300k", "--months", "12", "--growth", "5",
    "--format", "json",
]
RANGED = {
    "--per-month": "100k..300k..900k",
    "--setup-cost": "500..2000..8000",
    "--tuned-prompt": "0..500..1500",
    "--growth": "0..5..10",
}


def ranged(args):
    out = list(args)
    for flag, value in RANGED.items():
        out[out.index(flag) + 1] = value
    return out


def run(args, env):
    start = time.perf_counter()
    subprocess.run([BIN] + args, cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--draws", type=int, default=10000)
    p.add_argument("--no-build", action="store_true")
    a = p.parse_args()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    env = dict(os.environ, FTVP_TODAY="2026-11-27",
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="ftvp-bench-"))
    env.pop("FTVP_PRICING", None)
    commands = {
        "breakeven": COMPARISON,
        "--sensitivity": COMPARISON + ["--sensitivity"],
        "--simulate": ranged(COMPARISON) + ["--simulate", str(a.draws), "--seed", "7"],
    }
    times = {k: [] for k in commands}
    for _ in range(a.runs):
        for name, args in commands.items():
            times[name].append(run(args, env))
    median = {k: statistics.median(v) for k, v in times.items()}
    base = median["breakeven"]
    failed = False
    for name, bound in [("breakeven", None), ("--sensitivity", 20), ("--simulate", 50)]:
        ratio = median[name] / base
        line = f"{name:14} {median[name] * 1000:9.1f} ms  {ratio:6.2f}x one breakeven"
        if bound is not None:
            ok = ratio <= bound
            failed |= not ok
            line += f"  (bound {bound}x: {'ok' if ok else 'ABOVE'})"
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
