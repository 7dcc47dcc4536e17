#!/usr/bin/env bash
# Times the ftvp binary counting the same files with o200k_base and with a
# model's tokenizer.json, side by side in one run, each process started
# fresh (cold caches, as a user runs it): `ftvp tokens TEXT` and
# `ftvp dataset CHAT.jsonl` (o200k_base by the cookbook rule against the
# file with the qwen3 chat template). Prints medians of RUNS runs taken in
# turns, the time to load the file alone (`--show-tokenizer`), peak memory,
# and the ratios, with and without the load.
#
# Target: counting with a tokenizer.json within 2x the o200k_base time.
# For the steady state in one process, and the tokenizers crate's own
# pipeline for comparison, see `cargo bench --bench tokenizer`.
#
# Usage: scripts/bench-tokenizer.sh TOKENIZER.json TEXT.txt [CHAT.jsonl] [--runs N]
#   TOKENIZER.json  a Qwen3 model's tokenizer.json (the dataset run uses the
#                   qwen3 chat template, which needs its special tokens)
#   CHAT.jsonl      default: TEXT cut into system/user/assistant examples
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
    esac
done
[ "${#ARGS[@]}" -ge 2 ] || { sed -n '15,18p' "$0" >&2; exit 2; }
TOKENIZER="${ARGS[0]}" TEXT="${ARGS[1]}" CHAT="${ARGS[2]:-}"

WORK="${BENCH_DIR:-target/bench-tokenizer}"
mkdir -p "$WORK/config"
cargo build --release --locked --quiet
FTVP="$PWD/target/release/ftvp"
if [ -z "$CHAT" ]; then
    CHAT="$WORK/chat.jsonl"
    python3 - "$TEXT" "$CHAT" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(0, len(text), 2000):
        part = text[i:i + 2000]
        half = len(part) // 2
        out.write(json.dumps({"messages": [
            {"role": "system", "content": "You answer questions about the text."},
            {"role": "user", "content": part[:half]},
            {"role": "assistant", "content": part[half:]},
        ]}) + "\n")
EOF
fi

export XDG_CONFIG_HOME="$PWD/$WORK/config" # no user sheets or tokenizers
NAMES=(load text-o200k text-file dataset-o200k dataset-file)
COMMANDS=(
    "$FTVP tokens --tokenizer-file $TOKENIZER --show-tokenizer"
    "$FTVP tokens $TEXT --format json"
    "$FTVP tokens --tokenizer-file $TOKENIZER $TEXT --format json"
    "$FTVP dataset $CHAT --model openai/gpt-4.1-mini --format json"
    "$FTVP dataset $CHAT --model fireworks/qwen3-8b --tokenizer-file $TOKENIZER --format json"
)
python3 - "$RUNS" "${NAMES[@]}" -- "${COMMANDS[@]}" <<'EOF'
import os, resource, shlex, statistics, subprocess, sys, time
runs = int(sys.argv[1])
split = sys.argv.index("--")
names, commands = sys.argv[2:split], sys.argv[split + 1:]
times = {n: [] for n in names}
peak = {}
for _ in range(runs):
    for name, command in zip(names, commands):
        start = time.perf_counter()
        p = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        times[name].append(time.perf_counter() - start)
        if status != 0:
            sys.exit(f"{name} failed: {command}")
        peak[name] = max(peak.get(name, 0), usage.ru_maxrss // 1024)
m = {n: statistics.median(t) for n, t in times.items()}
print(f"threads={os.environ.get('RAYON_NUM_THREADS', os.cpu_count())}")
for n in names:
    print(f"{n}_seconds={m[n]:.3f} {n}_peak_mb={peak[n]}")
print(f"text_ratio={m['text-file'] / m['text-o200k']:.2f}")
print(f"text_ratio_without_load={(m['text-file'] - m['load']) / m['text-o200k']:.2f}")
print(f"dataset_ratio={m['dataset-file'] / m['dataset-o200k']:.2f}")
print(f"dataset_ratio_without_load={(m['dataset-file'] - m['load']) / m['dataset-o200k']:.2f}")
EOF
