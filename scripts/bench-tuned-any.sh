#!/usr/bin/env bash
# Times `ftvp breakeven --tuned-any` over the whole shipped catalogue against
# one single-candidate `ftvp breakeven` in the same run (their commands run in
# turns, so the ratio holds whatever else the machine does).
#
# Target: --tuned-any (every fine-tunable model, per token and dedicated) at
# most 5x one single-candidate breakeven.
#
# Uses hyperfine where it is installed (medians of its runs after warm-ups),
# else scripts/measure.py (medians). Builds ftvp with cargo --release, unless
# FTVP names a built binary.
#
# Usage: [FTVP=path] scripts/bench-tuned-any.sh [--runs N]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=30
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

WORK="${BENCH_DIR:-target/bench-tuned-any}"
mkdir -p "$WORK"
if [ -z "${FTVP:-}" ]; then
    cargo build --release --locked --quiet
    FTVP="$PWD/target/release/ftvp"
fi

COMMON="--start 2026-12-07 --base openai/gpt-6.1-terra --base-prompt 3000 --input 400 --output 150 --tuned-prompt 300 --training-tokens 4M --setup-cost 1500 --per-month 2M --months 12 --format json"
SINGLE="$FTVP breakeven $COMMON --tuned tinker/qwen3-8b"
ANY="$FTVP breakeven $COMMON --tuned-any --serve both --gpu lambda/h100-80gb"
$SINGLE >/dev/null
$ANY >"$WORK/any.json"
RANKED=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["search"]["ranked"])' "$WORK/any.json")

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/times.json" "$SINGLE" "$ANY" >/dev/null 2>&1
    TIMER="hyperfine, median of $RUNS runs"
    read -r S A < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(r[0]["median"], r[1]["median"])' "$WORK/times.json")
else
    TIMER="scripts/measure.py, median of $RUNS runs in turns"
    mapfile -t LINES < <(python3 scripts/measure.py --runs "$RUNS" /dev/null $SINGLE ::: /dev/null $ANY)
    S=$(echo "${LINES[0]}" | cut -d' ' -f1)
    A=$(echo "${LINES[1]}" | cut -d' ' -f1)
fi

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $TIMER"
awk -v s="$S" -v a="$A" -v n="$RANKED" 'BEGIN {
    printf "single-candidate breakeven  %8.2f ms\n", 1000 * s
    printf "--tuned-any (%d ranked)     %8.2f ms\n", n, 1000 * a
    printf "ratio                       %8.2fx (target <= 5x)\n", a / s
    exit (a / s <= 5 ? 0 : 1)
}'
