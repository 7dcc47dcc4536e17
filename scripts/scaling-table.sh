#!/usr/bin/env bash
# The scaling table of `ftvp dataset` on one file, with nothing but bash and
# a built ftvp: for a machine without a Rust toolchain or Python (a lent
# many-core machine); scripts/bench-dataset.sh builds ftvp itself and adds
# the cookbook and tokenizer-ceiling comparisons.
#
# Each thread count (RAYON_NUM_THREADS) runs RUNS times, the counts in turns;
# the table shows medians, the speed-up and efficiency against 1 thread, the
# serial fraction fitted to Amdahl's law from each pair (1, N), the CPU time
# of the process (as last read while it ran) and its peak resident memory
# (VmHWM, read every 10 ms while it runs). Every run must print the same totals.
#
# Usage: scripts/scaling-table.sh FTVP FILE [--threads "1 2 4 …"] [--runs N]
#   FTVP       the ftvp binary
#   FILE       a chat JSONL file
#   --threads  thread counts (default 1, 2, 4, … up to the cores, and that)
#   --runs     runs per thread count (default 3)
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2; }
FTVP="$1"
FILE="$2"
shift 2
CORES=$(nproc)
RUNS=3
THREADS=""
while [ $# -gt 0 ]; do
    case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [ -z "$THREADS" ]; then
    t=1
    while [ "$t" -lt "$CORES" ]; do THREADS="$THREADS $t"; t=$((t * 2)); done
    THREADS="$THREADS $CORES"
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# One run: prints "seconds cpu_seconds peak_kib"; the JSON report goes to $2.
run() {
    local threads="$1" report="$2" start end pid peak=0 kib status
    start=$(date +%s%N)
    RAYON_NUM_THREADS="$threads" "$FTVP" dataset "$FILE" --encoding o200k_base --format json >"$report" &
    pid=$!
    # Read with bash's own `read` (no process per sample, which would take
    # CPU from the run), every 10 ms.
    while kill -0 "$pid" 2>/dev/null; do
        while read -r key kib _; do
            [ "$key" = "VmHWM:" ] && [ "$kib" -gt "$peak" ] && peak=$kib
        done <"/proc/$pid/status" 2>/dev/null || true
        # CPU time so far (utime + stime, in clock ticks), kept from the last read.
        if read -r -a stat <"/proc/$pid/stat" 2>/dev/null; then
            ticks=$((stat[13] + stat[14]))
        fi
        sleep 0.01
    done
    status=0
    wait "$pid" || status=$?
    end=$(date +%s%N)
    [ "$status" -eq 0 ] || { echo "ftvp exited $status on $threads threads" >&2; exit 1; }
    awk -v s="$start" -v e="$end" -v t="${ticks:-0}" -v hz="$(getconf CLK_TCK)" -v p="$peak" \
        'BEGIN { printf "%.3f %.2f %d\n", (e - s) / 1e9, t / hz, p }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A WALL CPU PEAK
for r in $(seq "$RUNS"); do
    for t in $THREADS; do
        read -r s c p < <(run "$t" "$OUT/$t.json")
        WALL[$t]="${WALL[$t]:-} $s"
        CPU[$t]="${CPU[$t]:-} $c"
        PEAK[$t]=$(( ${PEAK[$t]:-0} > p ? ${PEAK[$t]:-0} : p ))
        first=$(ls "$OUT"/*.json | head -n 1)
        cmp -s <(grep -E '"(examples|total_tokens|assistant_tokens)"' "$first") \
            <(grep -E '"(examples|total_tokens|assistant_tokens)"' "$OUT/$t.json") ||
            { echo "totals differ between thread counts" >&2; exit 1; }
    done
done

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo "file: $FILE, $(awk -v b="$(wc -c <"$FILE")" 'BEGIN { printf "%.1f MB", b / 1e6 }'); medians of $RUNS runs, whole process"
tr -d ' ,' <"$first" | awk -F: '/^"(examples|total_tokens)"/ { printf "%s %s  ", $1, $2 } END { print "(the same at every thread count)" }'
echo "threads  seconds  speed-up  efficiency  serial fraction (Amdahl)  CPU seconds  peak MB"
T1=""
for t in $THREADS; do
    S=$(tr ' ' '\n' <<<"${WALL[$t]}" | grep . | median)
    C=$(tr ' ' '\n' <<<"${CPU[$t]}" | grep . | median)
    [ -z "$T1" ] && T1=$S
    awk -v t="$t" -v s="$S" -v t1="$T1" -v c="$C" -v p="${PEAK[$t]}" 'BEGIN {
        up = t1 / s
        if (t > 1) f = sprintf("%.1f%%", 100 * (t * s / t1 - 1) / (t - 1)); else f = "—"
        printf "%7d  %7.2f  %7.2fx  %9.0f%%  %24s  %11.2f  %7.0f\n", t, s, up, 100 * up / t, f, c, p / 1024
    }'
done
