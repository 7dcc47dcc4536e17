#!/usr/bin/env bash
# Times short ftvp commands against `ftvp --version` in the same run, so that
# the ratios hold whatever the machine: a one-line `ftvp tokens`, a 3-line
# `ftvp dataset`, the README's quick-start `ftvp breakeven`, and
# `ftvp sweep --points 10000` as JSON, CSV and a table.
#
# Targets: tokens and dataset at most 10x --version, breakeven at most 1.5x,
# sweep at most 10x one breakeven as JSON and CSV and 20x as a table.
#
# Uses hyperfine where it is installed (medians of its runs after warm-ups),
# else a timing loop in Python (medians). Builds ftvp with cargo --release,
# unless FTVP names a built binary (on a machine without a toolchain).
#
# Usage: [FTVP=path] scripts/bench-startup.sh [--runs N]   (default 50)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=50
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

WORK="${BENCH_DIR:-target/bench-startup}"
mkdir -p "$WORK"
if [ -z "${FTVP:-}" ]; then
    cargo build --release --locked --quiet
    FTVP="$PWD/target/release/ftvp"
fi

echo 'Summarise this ticket in one line.' >"$WORK/one-line.txt"
for _ in 1 2 3; do
    echo '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}'
done >"$WORK/three.jsonl"
QUICK="--start 2026-11-27 --base openai/gpt-6.1-terra --base-prompt 3000 --tuned prime-intellect/qwen3.5-9b --tuned-prompt 500 --input 200 --output 300 --training-tokens 2M --setup-cost 5000"
NAMES=(version tokens dataset breakeven sweep-json sweep-csv sweep-table)
COMMANDS=(
    "$FTVP --version"
    "$FTVP tokens $WORK/one-line.txt"
    "$FTVP dataset $WORK/three.jsonl"
    "$FTVP breakeven $QUICK --volume 5M"
    "$FTVP sweep $QUICK --points 10000 --format json"
    "$FTVP sweep $QUICK --points 10000 --format csv"
    "$FTVP sweep $QUICK --points 10000 --format table"
)
for c in "${COMMANDS[@]}"; do $c >/dev/null; done # each must work

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/times.json" "${COMMANDS[@]}" >/dev/null 2>&1 ||
        hyperfine --warmup 5 --runs "$RUNS" --export-json "$WORK/times.json" "${COMMANDS[@]}" >/dev/null
    TIMER="hyperfine, median of $RUNS runs"
    mapfile -t SECONDS_EACH < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["median"])' "$WORK/times.json")
else
    TIMER="python timing loop, median of $RUNS runs"
    SECONDS_EACH=()
    for c in "${COMMANDS[@]}"; do
        read -r s _ _ < <(python3 scripts/measure.py --runs "$RUNS" /dev/null $c)
        SECONDS_EACH+=("$s")
    done
fi

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $TIMER"
printf '%-12s %9s %12s %14s\n' command ms "x --version" "x breakeven"
for i in "${!NAMES[@]}"; do
    awk -v n="${NAMES[$i]}" -v s="${SECONDS_EACH[$i]}" -v v="${SECONDS_EACH[0]}" -v b="${SECONDS_EACH[3]}" \
        'BEGIN { printf "%-12s %9.2f %11.1fx %13.1fx\n", n, 1000 * s, s / v, s / b }'
done
echo "targets: tokens, dataset <= 10x --version; breakeven <= 1.5x --version; sweep json/csv <= 10x breakeven, table <= 20x"
