#!/usr/bin/env python3
"""Runs a command RUNS times and prints the median wall time in seconds and
the largest peak resident memory (MB, 10^6 bytes) over the runs, on one line:
`seconds peak_mb`.

Each run's peak memory is the child's own high-water mark (wait4), so nothing
else running on the machine counts in it. The command's standard output goes
to OUT (its last run's), its standard error passes through. A run that exits
with another code than EXPECT (default 0) stops everything with exit 1.

Usage: measure.py [--runs N] [--expect CODE] OUT COMMAND [ARG...]
"""

import os
import statistics
import sys
import time


def run_once(out, argv):
    with open(out, "wb") as f:
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(f.fileno(), 1)
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    return wall, usage.ru_maxrss * 1024 / 1e6, os.waitstatus_to_exitcode(status)


def main():
    args = sys.argv[1:]
    runs, expect = 1, 0
    while args and args[0].startswith("--"):
        if args[0] == "--runs":
            runs = int(args[1])
        elif args[0] == "--expect":
            expect = int(args[1])
        else:
            sys.exit(f"unknown option {args[0]}")
        args = args[2:]
    out, argv = args[0], args[1:]
    walls, peak = [], 0.0
    for _ in range(runs):
        wall, rss, code = run_once(out, argv)
        if code != expect:
            print(f"{' '.join(argv)}: exit {code}, expected {expect}", file=sys.stderr)
            sys.exit(1)
        walls.append(wall)
        peak = max(peak, rss)
    print(f"{statistics.median(walls):.4f} {peak:.1f}")


if __name__ == "__main__":
    main()
