#!/usr/bin/env python3
"""Runs commands side by side and prints, for each, the median wall time in
seconds, the largest peak resident memory (MB, 10^6 bytes) and the median
CPU time (user + system seconds) of its runs, one line per command:
`seconds peak_mb cpu_seconds`. CPU time shows the work done whatever else
the machine runs; wall time is what a user waits.

Several commands, separated by `:::`, run in turns (A B A B …) rather than
one after the other, so that a change in the machine's load falls on all of
them alike and their ratios hold. Each run's peak memory is the child's own
high-water mark (wait4), so nothing else on the machine counts in it. A
command's standard output goes to its OUT (its last run's); standard error
passes through. A run that exits with another code than EXPECT (default 0)
stops everything with exit 1. Environment variables such as
RAYON_NUM_THREADS=4 may precede a command.

Usage: measure.py [--runs N] [--expect CODE] OUT [VAR=VALUE...] COMMAND [ARG...]
                  [::: [--expect CODE] OUT [VAR=VALUE...] COMMAND [ARG...]]...
"""

import os
import statistics
import sys
import time


def run_once(out, env, argv):
    with open(out, "wb") as f:
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            os.dup2(f.fileno(), 1)
            try:
                os.execvpe(argv[0], argv, {**os.environ, **env})
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss * 1024 / 1e6, cpu, os.waitstatus_to_exitcode(status)


def parse(args):
    """Options, then the commands as (out, expect, env, argv)."""
    runs, expect = 1, 0
    while args and args[0] in ("--runs", "--expect"):
        if args[0] == "--runs":
            runs = int(args[1])
        else:
            expect = int(args[1])
        args = args[2:]
    commands, current = [], []
    for a in args + [":::"]:
        if a != ":::":
            current.append(a)
            continue
        code = expect
        if current[:1] == ["--expect"]:
            code, current = int(current[1]), current[2:]
        out, rest = current[0], current[1:]
        env = {}
        while rest and "=" in rest[0] and not rest[0].startswith("/"):
            k, v = rest[0].split("=", 1)
            env[k], rest = v, rest[1:]
        commands.append((out, code, env, rest))
        current = []
    return runs, commands


def main():
    runs, commands = parse(sys.argv[1:])
    walls = [[] for _ in commands]
    cpus = [[] for _ in commands]
    peaks = [0.0 for _ in commands]
    for _ in range(runs):
        for i, (out, expect, env, argv) in enumerate(commands):
            wall, rss, cpu, code = run_once(out, env, argv)
            if code != expect:
                print(f"{' '.join(argv)}: exit {code}, expected {expect}", file=sys.stderr)
                sys.exit(1)
            walls[i].append(wall)
            cpus[i].append(cpu)
            peaks[i] = max(peaks[i], rss)
    for w, p, c in zip(walls, peaks, cpus):
        print(f"{statistics.median(w):.4f} {p:.1f} {statistics.median(c):.4f}")


if __name__ == "__main__":
    main()
