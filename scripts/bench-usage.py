#!/usr/bin/env python3
"""Benchmarks `ftvp usage` on response logs, side by side in one run.

Generates JSON-lines response logs (OpenAI chat completions with cached and
reasoning tokens, OpenAI Responses, Anthropic Messages wrapped with a
timestamp; message text included, as real logs hold it), then on the same
file:

1. a plain Python loop: `json.loads` per line, summing the same fields
   (requests, input tokens, cached tokens, output tokens less reasoning);
2. `ftvp usage FILE --format json` (release build) on 1 thread
   (RAYON_NUM_THREADS=1) and on every core.

Each reader runs --runs times, in turn (Python, 1 thread, all cores, then
again), and its median time counts, so that one slow moment of a shared
machine does not decide the ratio. It checks that the counts are equal,
prints every time, MB/s of each median, the ratio of the Python loop's
median to ftvp's on every core (target: >= 10x) and ftvp's peak memory
(target: <= 100 MB, from wait4's ru_maxrss), and exits 1 when a target is
missed.

Usage: scripts/bench-usage.py [--size-mb N] [--full] [--runs N] [--keep]
  --size-mb N   size of the generated log (default 64)
  --full        540 MB, the size the targets are stated for
  --runs N      runs of each reader, the median counted (default 3)
  --keep        keep the generated file (target/bench-usage/log.jsonl)
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "bench-usage")
BIN = os.path.join(ROOT, "target", "release", "ftvp")

WORDS = ("the invoice total is due on receipt please confirm the shipping address "
         "and the order number before we refund the customer in full thanks").split()


def text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def chat(rng, t):
    prompt = rng.randint(500, 12000)
    reasoning = rng.choice((0, 0, rng.randint(50, 2000)))
    completion = reasoning + rng.randint(20, 900)
    return {"id": "chatcmpl-%d" % t, "object": "chat.completion", "created": t,
            "model": rng.choice(("gpt-5.5-2026-04-23", "gpt-5-mini-2025-08-07")),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text(rng, rng.randint(20, 120))},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
                      "prompt_tokens_details": {"cached_tokens": rng.randint(0, prompt), "audio_tokens": 0},
                      "completion_tokens_details": {"reasoning_tokens": reasoning, "audio_tokens": 0}}}


def responses(rng, t):
    inp = rng.randint(500, 12000)
    reasoning = rng.randint(0, 500)
    out = reasoning + rng.randint(20, 900)
    return {"id": "resp_%d" % t, "object": "response", "created_at": t, "status": "completed",
            "model": "gpt-5.5-2026-04-23",
            "output": [{"type": "message", "content": [{"type": "output_text", "text": text(rng, rng.randint(20, 120))}]}],
            "usage": {"input_tokens": inp, "input_tokens_details": {"cached_tokens": rng.randint(0, inp)},
                      "output_tokens": out, "output_tokens_details": {"reasoning_tokens": reasoning},
                      "total_tokens": inp + out}}


def anthropic(rng, t):
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    return {"timestamp": stamp, "response": {
        "id": "msg_%d" % t, "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
        "content": [{"type": "text", "text": text(rng, rng.randint(20, 120))}], "stop_reason": "end_turn",
        "usage": {"input_tokens": rng.randint(10, 3000), "cache_read_input_tokens": rng.randint(0, 8000),
                  "cache_creation_input_tokens": rng.choice((0, 0, 0, 2048)), "output_tokens": rng.randint(20, 900)}}}


def generate(path, size):
    rng = random.Random(24)
    start = 1_785_542_400  # 2026-08-01
    span = 120 * 86400
    written = 0
    # A pool of lines, reused with fresh times, keeps generation quick.
    makers = (chat, chat, responses, anthropic)
    pool = [makers[i % 4](rng, start) for i in range(4000)]
    with open(path, "w") as f:
        i = 0
        while written < size:
            rec = pool[i % len(pool)]
            t = start + (i * 7919) % span
            if "created" in rec:
                rec["created"] = t
            elif "created_at" in rec:
                rec["created_at"] = t
            else:
                rec["timestamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
            line = json.dumps(rec, separators=(",", ":")) + "\n"
            f.write(line)
            written += len(line)
            i += 1


def python_loop(path):
    """The plain loop: json.loads per line, the same fields summed."""
    requests = inp = cached = out = 0
    with open(path, "rb") as f:
        for line in f:
            d = json.loads(line)
            r = d.get("response", d)
            u = r["usage"]
            if "prompt_tokens" in u:
                reasoning = u["completion_tokens_details"]["reasoning_tokens"]
                i, c, o = u["prompt_tokens"], u["prompt_tokens_details"]["cached_tokens"], u["completion_tokens"] - reasoning
            elif "input_tokens_details" in u:
                reasoning = u["output_tokens_details"]["reasoning_tokens"]
                i, c, o = u["input_tokens"], u["input_tokens_details"]["cached_tokens"], u["output_tokens"] - reasoning
            else:
                c = u["cache_read_input_tokens"]
                i, o = u["input_tokens"] + c + u["cache_creation_input_tokens"], u["output_tokens"]
            requests += 1
            inp += i
            cached += c
            out += o
    return requests, inp, cached, out


def run_ftvp(path, threads):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    start = time.perf_counter()
    proc = subprocess.Popen([BIN, "usage", path, "--format", "json"], stdout=subprocess.PIPE, env=env)
    data = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit("ftvp usage failed")
    doc = json.loads(data)
    months = [m for model in doc["models"] for m in model["months"]]
    totals = (sum(m["requests"] for m in months), sum(m["input_tokens"] for m in months),
              sum(m["cached_input_tokens"] or 0 for m in months), sum(m["output_tokens"] for m in months))
    return elapsed, usage.ru_maxrss / 1024, totals


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=64)
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if args.runs < 1:
        sys.exit("--runs must be at least 1")
    size_mb = 540 if args.full else args.size_mb
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "log.jsonl")
    generate(path, size_mb << 20)
    mb = os.path.getsize(path) / 1e6
    print(f"log: {path}, {mb:.0f} MB, {os.cpu_count()} cores")
    py_times, one_times, all_times, peaks, counts = [], [], [], [], set()
    for _ in range(args.runs):
        t0 = time.perf_counter()
        py = python_loop(path)
        py_times.append(time.perf_counter() - t0)
        one_time, one_mem, one = run_ftvp(path, 1)
        all_time, all_mem, every = run_ftvp(path, None)
        one_times.append(one_time)
        all_times.append(all_time)
        peaks += [one_mem, all_mem]
        counts |= {("python", py), ("1 thread", one), ("all cores", every)}
    py_time, one_time, all_time = (statistics.median(t) for t in (py_times, one_times, all_times))
    shown = lambda times: ", ".join(f"{t:.2f}" for t in times)
    print(f"python json.loads loop: {py_time:6.2f} s  {mb / py_time:7.1f} MB/s  counts {py}  (runs: {shown(py_times)} s)")
    print(f"ftvp usage, 1 thread:   {one_time:6.2f} s  {mb / one_time:7.1f} MB/s  peak {max(peaks):5.1f} MB  counts {one}  (runs: {shown(one_times)} s)")
    print(f"ftvp usage, all cores:  {all_time:6.2f} s  {mb / all_time:7.1f} MB/s  peak {max(peaks):5.1f} MB  counts {every}  (runs: {shown(all_times)} s)")
    ratio = py_time / all_time
    print(f"ratio of medians (python / ftvp on all cores): {ratio:.1f}x; on 1 thread: {py_time / one_time:.1f}x")
    failed = []
    if len({c for _, c in counts}) != 1:
        failed.append("counts differ: " + "; ".join(f"{who} {c}" for who, c in sorted(counts)))
    if ratio < 10:
        failed.append(f"ratio {ratio:.1f}x < 10x")
    if max(peaks) > 100:
        failed.append(f"peak memory {max(peaks):.0f} MB > 100 MB")
    if not args.keep:
        os.remove(path)
    if failed:
        print("MISSED: " + "; ".join(failed))
        sys.exit(1)
    print("targets met: counts equal, ratio >= 10x, peak memory <= 100 MB")


if __name__ == "__main__":
    main()
