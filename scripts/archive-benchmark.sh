#!/usr/bin/env bash
# Throughput and memory of `translate batch` in-process (docs/BENCHMARKS.md, "Archive runs"): the same archive at the
# default parallelism and at --parallelism 1 (docs/s from each run's own "done ... in S s" line, which leaves model
# loading out), and the peak RSS (/usr/bin/time -v) of the default run on the archive and on one ten times larger.
#
#   scripts/archive-benchmark.sh [--docs N] [--rounds R] [--texts FILE.jsonl] [--work DIR] [--no-memory]
#
# With --rounds R, the two runs alternate R times (the machine's noise shows in the spread of the ratios); the run's ratio is
# every round's documents over every round's seconds, each side.
#
# TRANSLATE: the command to run (default: dotnet src/Translate.Cli/bin/Debug/net10.0/translate.dll, built first).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docs=2000 rounds=1 texts="$root/../shared/data/dev/repair-dev.jsonl" work="" memory=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --texts) texts="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --no-memory) memory=0; shift ;;
    *) echo "archive-benchmark: unknown option '$1'" >&2; exit 2 ;;
  esac
done
if [[ -z "${TRANSLATE:-}" ]]; then
  timeout 900 dotnet build "$root/src/Translate.Cli" -v quiet -nologo >&2
  TRANSLATE="dotnet $root/src/Translate.Cli/bin/Debug/net10.0/translate.dll"
fi
[[ -n "$work" ]] || work="$(mktemp -d -t translate-benchmark-XXXXXX)"
mkdir -p "$work"

archive() { # archive N FILE: the texts repeated under ids doc-00001..
  python3 - "$texts" "$1" "$2" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[2])):
        d = lines[i % len(lines)]
        doc = {"id": f"doc-{i + 1:05d}", "text": d["text"]}
        if d.get("source_text"):
            doc["source_text"] = d["source_text"]
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
PY
}

declare -A rates # docs/s of each measured run, by name
total_default=0 total_single=0 # seconds of all the rounds' runs, each side
# The machine's busy share (of 100% a core, all processes: Apertium's too) every 5 s from /proc/stat, into $1.
sample_busy() {
  local out="$1" a b c d e f g h rest busy total prev_busy prev_total
  read -r _ a b c d e f g h rest < /proc/stat
  prev_busy=$((a + b + c + f + g + h)); prev_total=$((a + b + c + d + e + f + g + h))
  while sleep 5; do
    read -r _ a b c d e f g h rest < /proc/stat
    busy=$((a + b + c + f + g + h)); total=$((a + b + c + d + e + f + g + h))
    echo $((100 * $(nproc) * (busy - prev_busy) / (total - prev_total))) >> "$out"
    prev_busy=$busy; prev_total=$total
  done
}

# measure NAME INPUT ARGS...: a fresh run (no ledger); prints docs/s, peak RSS and the machine's median busy share.
measure() {
  local name="$1" input="$2"; shift 2
  rm -rf "$work/$name.jsonl" "$work/$name.jsonl.ledger.sqlite"* "$work/$name.jsonl.partial" "$work/$name.busy"
  sample_busy "$work/$name.busy" &
  local sampler=$!
  /usr/bin/time -v $TRANSLATE batch --input "$input" --output "$work/$name.jsonl" "$@" 2>"$work/$name.log" >/dev/null
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  local line seconds count rss busy
  line=$(grep 'translate batch: done:' "$work/$name.log")
  count=$(sed -E 's/.*done: ([0-9,]+) processed.*/\1/' <<<"$line" | tr -d ,)
  seconds=$(sed -E 's/.* in ([0-9.]+) s;.*/\1/' <<<"$line")
  rss=$(grep 'Maximum resident set size' "$work/$name.log" | awk '{print $NF}')
  rates[$name]=$(python3 -c "print($count / $seconds)")
  # Median of the 5-s samples, the first two (model loading) left out.
  busy=$(tail -n +3 "$work/$name.busy" 2>/dev/null | sort -n | awk '{v[NR]=$1} END {print NR ? v[int((NR+1)/2)] : "?"}')
  printf '%s: %s documents in %s s = %.2f docs/s; peak RSS %.0f MB; machine busy (median) %s%% of %s%%; load average %s\n' \
    "$name" "$count" "$seconds" "${rates[$name]}" "$(python3 -c "print($rss / 1024)")" "$busy" "$(( 100 * $(nproc) ))" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

archive "$docs" "$work/in.jsonl"
echo "archive-benchmark: $docs documents, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M') UTC"
for round in $(seq 1 "$rounds"); do
  measure "default-$round" "$work/in.jsonl"
  measure "parallelism-1-$round" "$work/in.jsonl" --parallelism 1
  echo "round $round: default / --parallelism 1 = $(python3 -c "print(round(${rates[default-$round]} / ${rates[parallelism-1-$round]}, 3))")x"
  total_default=$(python3 -c "print($total_default + $docs / ${rates[default-$round]})")
  total_single=$(python3 -c "print($total_single + $docs / ${rates[parallelism-1-$round]})")
done
if (( rounds > 1 )); then
  # The run's figure: every round's documents over every round's seconds, each side (a slow moment weighs what it lasted).
  python3 -c "d, s = $rounds * $docs / $total_default, $rounds * $docs / $total_single; print('all %d rounds: default %.2f docs/s, --parallelism 1 %.2f docs/s: %.3fx' % ($rounds, d, s, d / s))"
fi
if [[ $memory == 1 ]]; then
  archive "$((docs * 10))" "$work/in-10x.jsonl"
  measure default-10x "$work/in-10x.jsonl"
fi
