#!/usr/bin/env bash
# Benchmarks `ftvp dataset`, side by side in one run:
#
# 1. against the OpenAI cookbook's Python method (scripts/cookbook_count.py:
#    json + tiktoken), checking that both give identical totals;
# 2. against the tokenizer's own throughput on the same strings (the ceiling,
#    from `cargo bench --bench dataset`);
# 3. on 1 thread against N threads (RAYON_NUM_THREADS): a scaling table with
#    the serial fraction fitted to Amdahl's law from each pair (1, N), and the
#    work that is not parallel measured directly (start-up, reading);
# 4. with --memory, peak memory on a 1 GB file at 1 thread, at every core and
#    at 64 threads, and on a 64 MiB file of `{` lines (each a format error).
#
# The text is real by default: a chat JSONL cut from the Python standard
# library, the cargo registry's Rust sources and Markdown, /usr/share/doc and
# man pages in every installed language (scripts/make_realistic_dataset.py).
# `--corpus synthetic` uses scripts/make_dataset.py instead.
#
# Usage: scripts/bench-dataset.sh [--size-mb N] [--corpus realistic|synthetic]
#                                 [--threads "1 2 4 …"] [--runs N] [--memory]
#   --size-mb N    size of the dataset (default 100)
#   --threads …    thread counts of the scaling table (default 1, 2, 4, … up
#                  to the number of cores, and that number)
#   --runs N       runs per measurement; times are medians (default 3)
#   --memory       also the 1 GB and 64 MiB `{` peak-memory checks (≤ 100 MB)
#
# Wall times on a machine shared with other work are noisy: the commands
# compared run in turns, and CPU times (user + system) are shown beside them.
#
# Needs cargo and python3. Runs offline once the crates are fetched: Python
# tiktoken reads the rank files that the tiktoken-rs crate ships. Without
# Python tiktoken (and no way to install it) the cookbook ratio is skipped.
# Files go to target/bench-dataset (BENCH_DIR); the report also goes to
# report.txt there.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=100
CORPUS=realistic
RUNS=3
MEMORY=0
CORES=$(nproc)
THREADS=""
while [ $# -gt 0 ]; do
    case "$1" in
    --size-mb) SIZE_MB="$2"; shift 2 ;;
    --corpus) CORPUS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --memory | --memory-1gb) MEMORY=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [ -z "$THREADS" ]; then
    t=1
    while [ "$t" -lt "$CORES" ]; do THREADS="$THREADS $t"; t=$((t * 2)); done
    THREADS="$THREADS $CORES"
fi

WORK="${BENCH_DIR:-target/bench-dataset}"
mkdir -p "$WORK"
REPORT="$WORK/report.txt"
: >"$REPORT"
FTVP=target/release/ftvp
MEASURE="python3 scripts/measure.py --runs $RUNS"

say() { printf '==> %s\n' "$*" >&2; }
report() { printf '%s\n' "$*" | tee -a "$REPORT"; }

say "building ftvp (release)"
cargo build --release --locked --quiet

# --- Python tiktoken, offline ---------------------------------------------------
# tiktoken downloads its rank files on first use; tiktoken-rs (a dev-dependency)
# ships the same files, which tiktoken finds under the sha1 of their URL.
COOKBOOK=1
if ! python3 -c 'import tiktoken' 2>/dev/null; then
    say "installing Python tiktoken"
    python3 -m pip install --quiet tiktoken 2>/dev/null || true
fi
if ! python3 -c 'import tiktoken' 2>/dev/null; then
    say "SKIPPING the cookbook ratio: Python tiktoken is not installed and pip could not install it"
    COOKBOOK=0
else
    cargo fetch --locked --quiet || true
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
    ASSETS=$(find "$CARGO_HOME/registry/src" -type d -path '*/tiktoken-rs-*/assets' 2>/dev/null | sort | tail -n 1)
    if [ -z "$ASSETS" ]; then
        say "SKIPPING the cookbook ratio: tiktoken-rs's rank files are not under $CARGO_HOME/registry/src"
        COOKBOOK=0
    else
        export TIKTOKEN_CACHE_DIR="$PWD/$WORK/tiktoken-cache"
        mkdir -p "$TIKTOKEN_CACHE_DIR"
        cp "$ASSETS/o200k_base.tiktoken" "$TIKTOKEN_CACHE_DIR/fb374d419588a4632f3f557e76b4b70aebbca790"
        cp "$ASSETS/cl100k_base.tiktoken" "$TIKTOKEN_CACHE_DIR/9b5ad71b2ce5302211f9c61530b329a4922fc6a4"
    fi
fi

# --- Data ----------------------------------------------------------------------
DATA="$WORK/$CORPUS-${SIZE_MB}mb.jsonl"
if [ ! -s "$DATA" ]; then
    say "writing $DATA"
    case "$CORPUS" in
    realistic) python3 scripts/make_realistic_dataset.py "$DATA" "$SIZE_MB" ;;
    synthetic) python3 scripts/make_dataset.py "$DATA" "$SIZE_MB" ;;
    *) echo "unknown corpus: $CORPUS" >&2; exit 2 ;;
    esac
fi
MB=$(awk -v b="$(wc -c <"$DATA")" 'BEGIN { printf "%.1f", b / 1e6 }')
THREE="$WORK/three.jsonl"
for _ in 1 2 3; do
    echo '{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]}'
done >"$THREE"

report "$(date -u '+%Y-%m-%d %H:%M UTC'), $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg)"
report "file: $DATA, $MB MB ($CORPUS text); times are medians of $RUNS runs, whole process"
report ""

# --- 1. The cookbook method -------------------------------------------------------
# The two run in turns, so that a change in the machine's load hits both.
FTVP_RUN=("$WORK/ftvp.json" "$FTVP" dataset "$DATA" --encoding o200k_base --format json)
if [ "$COOKBOOK" -eq 1 ]; then
    say "Python cookbook method and ftvp dataset, $RUNS runs each, in turns"
    mapfile -t R < <($MEASURE "$WORK/python.json" python3 scripts/cookbook_count.py "$DATA" o200k_base ::: "${FTVP_RUN[@]}")
    read -r PY_S PY_MB PY_CPU <<<"${R[0]}"
    read -r FT_S FT_MB FT_CPU <<<"${R[1]}"
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
print(f"identical totals: {got['examples']} examples, {got['total_tokens']} tokens, "
      f"{got['assistant_tokens']} assistant tokens")
EOF
    report "$(python3 - "$WORK/python.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"identical totals: {d['examples']:,} examples, {d['total_tokens']:,} tokens, {d['assistant_tokens']:,} assistant tokens")
EOF
)"
    report "$(awk -v mb="$MB" -v py="$PY_S" -v ft="$FT_S" -v pym="$PY_MB" -v ftm="$FT_MB" -v c="$CORES" \
        -v pyc="$PY_CPU" -v ftc="$FT_CPU" 'BEGIN {
        printf "Python cookbook method:    %6.2f s  %6.1f MB/s  CPU %6.2f s  peak %4.0f MB\n", py, mb / py, pyc, pym
        printf "ftvp dataset (%2d threads): %6.2f s  %6.1f MB/s  CPU %6.2f s  peak %4.0f MB\n", c, ft, mb / ft, ftc, ftm
        printf "cookbook ratio: ftvp is %.1fx the cookbook method in wall time (target: at least 8x), %.1fx in CPU time", py / ft, pyc / ftc
    }')"
else
    read -r FT_S FT_MB _ < <($MEASURE "${FTVP_RUN[@]}")
    report "cookbook ratio: skipped (no Python tiktoken)"
    report "$(awk -v mb="$MB" -v ft="$FT_S" -v ftm="$FT_MB" -v c="$CORES" 'BEGIN {
        printf "ftvp dataset (%d threads): %.2f s  %.1f MB/s  peak %.0f MB", c, ft, mb / ft, ftm }')"
fi
report ""

# --- 2. The tokenizer's ceiling ----------------------------------------------------
say "the tokenizer alone vs ftvp's scan (cargo bench --bench dataset)"
CEILING_RUNS=$((RUNS > 15 ? RUNS : 15))
FTVP_BENCH_RUNS=$CEILING_RUNS FTVP_BENCH_FILE="$PWD/$DATA" cargo bench --locked --quiet --bench dataset >"$WORK/bench.txt"
value() { sed -n "s/^$1=//p" "$WORK/bench.txt"; }
RAW_S=$(value raw_tokenizer_seconds)
CORE_S=$(value ftvp_scan_seconds)
READ_S=$(value read_and_cut_seconds)
report "$(awk -v mb="$MB" -v raw="$RAW_S" -v core="$CORE_S" -v ft="$FT_S" -v c="$(value threads)" \
    -v rawc="$(value raw_tokenizer_cpu_seconds)" -v corec="$(value ftvp_scan_cpu_seconds)" \
    -v paired="$(value ftvp_share_median_of_pairs)" -v pairs="$(value pair_shares)" \
    -v totals="$(value ftvp_share_over_all_runs)" 'BEGIN {
    printf "tokenizer alone on the file'"'"'s strings (%s threads, best of '"$CEILING_RUNS"'): %.2f s = %.1f MB/s of file (CPU %.2f s)\n", c, raw, mb / raw, rawc
    printf "ftvp scan in-process (read, parse, check, count):  %.2f s = %.1f MB/s (CPU %.2f s)\n", core, mb / core, corec
    printf "tokenizer-ceiling ratio: the scan runs at %.0f%% of the tokenizer'"'"'s throughput, best against best (target: at least 90%%); the whole process at %.0f%%\n", 100 * raw / core, 100 * raw / ft
    printf "the same, run by run (each tokenizer run against the scan timed right after it): median %s of %s; all runs'"'"' total times: %s", paired, pairs, totals
}')"
report ""

# --- 3. Scaling ---------------------------------------------------------------------
say "scaling: threads$THREADS"
read -r START_S _ _ < <(python3 scripts/measure.py --runs 11 --expect 0 /dev/null "$FTVP" dataset "$THREE" --encoding o200k_base)
report "threads  seconds  speed-up  efficiency  serial fraction (Amdahl)  CPU seconds  peak MB"
SCALING=()
for t in $THREADS; do
    SCALING+=(::: /dev/null "RAYON_NUM_THREADS=$t" "$FTVP" dataset "$DATA" --encoding o200k_base)
done
mapfile -t R < <($MEASURE "${SCALING[@]:1}") # all thread counts in turns
T1=""
i=0
for t in $THREADS; do
    read -r S P C <<<"${R[$i]}"
    i=$((i + 1))
    [ -z "$T1" ] && T1=$S
    report "$(awk -v t="$t" -v s="$S" -v t1="$T1" -v p="$P" -v c="$C" 'BEGIN {
        up = t1 / s
        if (t > 1) f = sprintf("%.1f%%", 100 * (t * s / t1 - 1) / (t - 1)); else f = "—"
        printf "%7d  %7.2f  %7.2fx  %9.0f%%  %24s  %11.2f  %7.0f", t, s, up, 100 * up / t, f, c, p
    }')"
done
report "$(awk -v s="$START_S" -v r="$READ_S" -v t1="$T1" 'BEGIN {
    printf "not parallel, measured: start-up %.1f ms (a 3-line file) + reading and cutting %.0f ms (one thread, overlapped with the workers) = %.1f%% of 1 thread at most", 1000 * s, 1000 * r, 100 * (s + r) / t1
}')"
report ""

# --- 4. Memory ------------------------------------------------------------------------
if [ "$MEMORY" -eq 1 ]; then
    BIG="$WORK/$CORPUS-1gb.jsonl"
    if [ ! -s "$BIG" ]; then
        say "writing $BIG (the $SIZE_MB MB file repeated)"
        : >"$BIG"
        while [ "$(wc -c <"$BIG")" -lt $((1000 * 1000 * 1000)) ]; do cat "$DATA" >>"$BIG"; done
    fi
    BRACES="$WORK/braces-64mib.jsonl"
    [ -s "$BRACES" ] || python3 -c "open('$BRACES', 'wb').write(b'{\n' * (32 << 20))"
    FAIL=0
    # 1 thread, every core, and 64 threads (more than a scan runs: it stops at 24).
    mapfile -t R < <(python3 scripts/measure.py /dev/null RAYON_NUM_THREADS=1 "$FTVP" dataset "$BIG" --encoding o200k_base \
        ::: /dev/null "RAYON_NUM_THREADS=$CORES" "$FTVP" dataset "$BIG" --encoding o200k_base \
        ::: /dev/null "RAYON_NUM_THREADS=64" "$FTVP" dataset "$BIG" --encoding o200k_base)
    i=0
    for t in 1 "$CORES" 64; do
        read -r S P _ <<<"${R[$i]}"
        i=$((i + 1))
        report "$(awk -v b="$(wc -c <"$BIG")" -v t="$t" -v s="$S" -v p="$P" 'BEGIN {
            printf "1 GB (%.2f GB), %d threads: %.2f s, peak %.0f MB (limit 100 MB)", b / 1e9, t, s, p }')"
        awk -v p="$P" 'BEGIN { exit !(p > 100) }' && FAIL=1
    done
    read -r S P _ < <(python3 scripts/measure.py --expect 1 /dev/null "$FTVP" dataset "$BRACES")
    report "$(awk -v s="$S" -v p="$P" -v c="$CORES" 'BEGIN {
        printf "64 MiB of `{` lines (33,554,432 format errors), %d threads: %.2f s, peak %.0f MB (limit 100 MB)", c, s, p }')"
    awk -v p="$P" 'BEGIN { exit !(p > 100) }' && FAIL=1
    if [ "$FAIL" -eq 1 ]; then
        echo "peak memory over 100 MB" >&2
        exit 1
    fi
fi
say "report: $REPORT"
