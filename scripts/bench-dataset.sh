#!/usr/bin/env bash
# Benchmarks `ftvp dataset` against a Python implementation of the OpenAI
# cookbook's counting (scripts/cookbook_count.py) on a deterministic synthetic
# chat dataset, and checks that both give identical totals.
#
# Prints: the whole-process wall time of each (best of 3) and their ratio,
# ftvp's throughput against the tokenizer's own raw throughput on the same
# strings (from `cargo bench --bench dataset`), and peak memory (RSS).
#
# Usage: scripts/bench-dataset.sh [--size-mb N] [--memory-1gb]
#   --size-mb N     size of the synthetic dataset (default 100)
#   --memory-1gb    also run ftvp on a 1 GB file and check peak RSS < 150 MB
#
# Needs: cargo, python3 with pip, GNU time (installed with apt-get if missing).
# Works offline once the crates are fetched: Python tiktoken reads the rank
# files that the tiktoken-rs crate ships instead of downloading them.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=100
MEMORY_1GB=0
while [ $# -gt 0 ]; do
    case "$1" in
    --size-mb)
        SIZE_MB="$2"
        shift 2
        ;;
    --memory-1gb)
        MEMORY_1GB=1
        shift
        ;;
    -h | --help)
        sed -n '2,17p' "$0"
        exit 0
        ;;
    *)
        echo "unknown argument: $1" >&2
        exit 2
        ;;
    esac
done

WORK="${BENCH_DIR:-target/bench-dataset}"
mkdir -p "$WORK"
RUNS=3
MAX_RSS_KB=$((150 * 1024))

say() { printf '==> %s\n' "$*" >&2; }

# --- Tools -------------------------------------------------------------------
say "building ftvp (release)"
cargo build --release --locked --quiet
cargo fetch --locked --quiet # tiktoken-rs, a dev-dependency, ships OpenAI's rank files

if ! python3 -c 'import tiktoken' 2>/dev/null; then
    say "installing Python tiktoken"
    python3 -m pip install --quiet tiktoken
fi
if [ ! -x /usr/bin/time ]; then
    say "installing GNU time"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq time >/dev/null
fi

# --- Python tiktoken, offline --------------------------------------------------
# tiktoken caches each rank file under the sha1 of its download URL.
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
ASSETS=$(find "$CARGO_HOME/registry/src" -type d -path '*/tiktoken-rs-*/assets' | sort | tail -n 1)
if [ -z "$ASSETS" ]; then
    echo "tiktoken-rs's rank files were not found under $CARGO_HOME/registry/src" >&2
    exit 1
fi
export TIKTOKEN_CACHE_DIR="$PWD/$WORK/tiktoken-cache"
mkdir -p "$TIKTOKEN_CACHE_DIR"
cp "$ASSETS/o200k_base.tiktoken" "$TIKTOKEN_CACHE_DIR/fb374d419588a4632f3f557e76b4b70aebbca790"
cp "$ASSETS/cl100k_base.tiktoken" "$TIKTOKEN_CACHE_DIR/9b5ad71b2ce5302211f9c61530b329a4922fc6a4"

# --- Data ----------------------------------------------------------------------
DATA="$WORK/chat-${SIZE_MB}mb.jsonl"
if [ ! -s "$DATA" ]; then
    say "writing $DATA"
    python3 scripts/make_dataset.py "$DATA" "$SIZE_MB"
fi
BYTES=$(wc -c <"$DATA")

# --- Runs ----------------------------------------------------------------------
# best_of OUT CMD…: runs CMD $RUNS times with stdout to OUT; sets WALL (best
# seconds) and RSS_KB (peak resident set size of that run).
best_of() {
    local out="$1"
    shift
    WALL=""
    RSS_KB=""
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >"$out"
        read -r wall rss <"$WORK/time.txt"
        if [ -z "$WALL" ] || awk "BEGIN{exit !($wall < $WALL)}"; then
            WALL=$wall
            RSS_KB=$rss
        fi
    done
}

say "Python cookbook method, $RUNS runs"
best_of "$WORK/python.json" python3 scripts/cookbook_count.py "$DATA" o200k_base
PY_WALL=$WALL
PY_RSS=$RSS_KB

say "ftvp dataset, $RUNS runs"
best_of "$WORK/ftvp.json" target/release/ftvp dataset "$DATA" --encoding o200k_base --format json
FT_WALL=$WALL
FT_RSS=$RSS_KB

say "comparing totals"
python3 - "$WORK/python.json" "$WORK/ftvp.json" <<'EOF'
import json, sys
py = json.load(open(sys.argv[1]))
ft = json.load(open(sys.argv[2]))
got = {
    "examples": ft["examples"],
    "format_errors": ft["format_error_count"],
    "total_tokens": ft["statistics"]["total_tokens"],
    "assistant_tokens": ft["statistics"]["assistant_tokens"],
    "epochs": ft["epochs"],
    "billed_tokens_per_epoch": ft["billed_tokens_per_epoch"],
    "billed_tokens": ft["billed_tokens"],
}
if got != py:
    print(f"totals differ:\n  python {py}\n  ftvp   {got}", file=sys.stderr)
    sys.exit(1)
print(f"identical totals: {got}")
EOF

say "tokenizer alone vs ftvp's core (cargo bench --bench dataset)"
FTVP_BENCH_FILE="$PWD/$DATA" cargo bench --locked --quiet --bench dataset >"$WORK/bench.txt"
value() { sed -n "s/^$1=//p" "$WORK/bench.txt"; }
RAW_S=$(value raw_tokenizer_seconds)
RAW_MBS=$(value raw_tokenizer_file_mb_per_s)
CORE_S=$(value ftvp_scan_seconds)
CORE_MBS=$(value ftvp_scan_file_mb_per_s)

awk -v b="$BYTES" -v py="$PY_WALL" -v ft="$FT_WALL" -v pyr="$PY_RSS" -v ftr="$FT_RSS" \
    -v raw="$RAW_S" -v rawm="$RAW_MBS" -v core="$CORE_S" -v corem="$CORE_MBS" \
    -v threads="$(value threads)" 'BEGIN {
    mb = b / 1e6
    printf "\nfile: %.1f MB of chat examples, %s threads\n", mb, threads
    printf "Python cookbook method: %6.2f s  %6.1f MB/s  peak RSS %4d MB\n", py, mb / py, pyr / 1024
    printf "ftvp dataset:           %6.2f s  %6.1f MB/s  peak RSS %4d MB\n", ft, mb / ft, ftr / 1024
    printf "whole-process speed-up: %.1fx (target: at least 8x)\n", py / ft
    printf "tokenizer alone on the same strings: %.2f s = %.1f MB/s of file\n", raw, rawm
    printf "ftvp core (read, parse, check, count): %.2f s = %.1f MB/s = %.0f%% of the tokenizer (target: at least 80%%)\n", core, corem, 100 * raw / core
    printf "ftvp whole process: %.0f%% of the tokenizer alone\n", 100 * raw / ft
}'

if [ "$MEMORY_1GB" -eq 1 ]; then
    BIG="$WORK/chat-1gb.jsonl"
    if [ ! -s "$BIG" ]; then
        say "writing $BIG (the ${SIZE_MB} MB file repeated)"
        : >"$BIG"
        while [ "$(wc -c <"$BIG")" -lt $((1024 * 1024 * 1024)) ]; do
            cat "$DATA" >>"$BIG"
        done
    fi
    say "ftvp dataset on 1 GB"
    RUNS=1
    best_of "$WORK/ftvp-1gb.json" target/release/ftvp dataset "$BIG" --encoding o200k_base --format json
    printf "1 GB file (%d bytes): %.2f s, peak RSS %d MB (the %s MB file: %d MB; limit 150 MB)\n" \
        "$(wc -c <"$BIG")" "$WALL" $((RSS_KB / 1024)) "$SIZE_MB" $((FT_RSS / 1024))
    if [ "$RSS_KB" -ge "$MAX_RSS_KB" ]; then
        echo "peak RSS on 1 GB is over 150 MB" >&2
        exit 1
    fi
fi
