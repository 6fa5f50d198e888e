#!/usr/bin/env bash
# Kill test of `translate batch` (docs/ARCHIVE.md, "Resume"): an archive is run once uninterrupted (the reference),
# then again from scratch, killed with SIGKILL at random moments and restarted each time until it completes; the
# outputs must then hold every document exactly once and be byte-identical to the reference, for a JSONL archive
# and for the same documents as a folder tree.
#
#   scripts/kill-test.sh [--docs N] [--kills K] [--texts FILE.jsonl] [--work DIR] [--seed S] [--parallelism P]
#
# --docs      documents in the archive (default 2000): the texts of --texts repeated under new ids
# --kills     SIGKILLs per archive (default 5)
# --texts     JSONL with a "text" (and optional "source_text") a line (default ../shared/data/dev/repair-dev.jsonl)
# --only      jsonl or folder: check one archive kind only (default both)
# --work      folder for the archives and outputs (default a new temporary folder, removed on success)
# TRANSLATE   the command to run (default: dotnet src/Translate.Cli/bin/Debug/net10.0/translate.dll, built first)
# Needs bash, python3 (standard library only), cmp and diff.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docs=2000 kills=5 texts="$root/../shared/data/dev/repair-dev.jsonl" work="" seed=$RANDOM parallelism="" only=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --kills) kills="$2"; shift 2 ;;
    --texts) texts="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --parallelism) parallelism="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "kill-test: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ -f "$texts" ]] || { echo "kill-test: no texts file '$texts' (give --texts FILE.jsonl)" >&2; exit 2; }
RANDOM=$seed
if [[ -z "${TRANSLATE:-}" ]]; then
  timeout 900 dotnet build "$root/src/Translate.Cli" -v quiet -nologo >&2
  TRANSLATE="dotnet $root/src/Translate.Cli/bin/Debug/net10.0/translate.dll"
fi
keep=1
if [[ -z "$work" ]]; then work="$(mktemp -d -t translate-kill-test-XXXXXX)"; keep=0; fi
mkdir -p "$work"
extra=()
[[ -n "$parallelism" ]] && extra=(--parallelism "$parallelism")

echo "kill-test: $docs documents, $kills kills an archive, seed $seed, work $work"

# The archive: the texts repeated under ids doc-00001..; the folder variant holds the same texts as .txt files
# spread over nested folders (ids are then their relative paths).
python3 - "$texts" "$docs" "$work" <<'PY'
import json, os, sys
texts, docs, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(texts, encoding="utf-8") as f:
    lines = [json.loads(l) for l in f if l.strip()]
os.makedirs(os.path.join(work, "in-folder"), exist_ok=True)
with open(os.path.join(work, "in.jsonl"), "w", encoding="utf-8") as out:
    for i in range(docs):
        d = lines[i % len(lines)]
        doc = {"id": f"doc-{i + 1:05d}", "text": d["text"]}
        if d.get("source_text"):
            doc["source_text"] = d["source_text"]
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        folder = os.path.join(work, "in-folder", f"part-{i % 7}", f"{i // 100:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"doc-{i + 1:05d}.txt"), "w", encoding="utf-8") as t:
            t.write(d["text"])
PY

# run ARGS...: one batch run; prints its exit code; its standard error goes to $work/log.
run() { set +e; $TRANSLATE batch "$@" "${extra[@]}" 2>>"$work/log"; local rc=$?; set -e; echo "$rc"; }

check_archive() {
  local kind="$1" input="$2" reference="$3" output="$4"
  local start end wall done_line processing load
  start=$(date +%s.%N)
  rc=$(run --input "$input" --output "$reference")
  end=$(date +%s.%N)
  [[ "$rc" == 0 ]] || { echo "kill-test: $kind reference run exited $rc (see $work/log)" >&2; exit 1; }
  wall=$(python3 -c "print($end - $start)")
  done_line=$(grep 'translate batch: done:' "$work/log" | tail -1)
  processing=$(sed -E 's/.* in ([0-9.]+) s;.*/\1/' <<<"$done_line")
  load=$(python3 -c "print(max(0.0, $wall - $processing))")
  printf 'kill-test: %s reference: %.1f s (%.1f s loading, %.1f s processing)\n' "$kind" "$wall" "$load" "$processing"

  local attempt=0 killed=0
  while true; do
    attempt=$((attempt + 1))
    $TRANSLATE batch --input "$input" --output "$output" "${extra[@]}" 2>>"$work/log" &
    local pid=$!
    if [[ $killed -lt $kills ]]; then
      # A random moment inside this run's share of the processing: after loading, before the work can be done.
      local at
      at=$(python3 -c "import random; random.seed($seed * 100 + $attempt); print(round($load + random.uniform(0.05, 1.0) * $processing / ($kills + 1), 2))")
      sleep "$at"
      if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
        killed=$((killed + 1))
        local rows
        rows=""
        if command -v sqlite3 >/dev/null; then rows=" ($(sqlite3 "$output.ledger.sqlite" 'select count(*) from documents' 2>/dev/null || echo '?') documents in the ledger)"; fi
        echo "kill-test: $kind run $attempt killed with SIGKILL after $at s$rows"
        continue
      fi
    fi
    set +e; wait "$pid"; rc=$?; set -e
    [[ "$rc" == 0 ]] || { echo "kill-test: $kind run $attempt exited $rc (see $work/log)" >&2; exit 1; }
    echo "kill-test: $kind run $attempt completed after $killed kills"
    break
  done

  local results_ref="$reference" results_out="$output"
  if [[ -d "$reference" ]]; then results_ref="$reference/results.jsonl"; results_out="$output/results.jsonl"; fi
  python3 - "$results_out" "$docs" <<'PY'
import collections, json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8")]
counts = collections.Counter(ids)
twice = [i for i, c in counts.items() if c > 1]
assert not twice, f"ids more than once: {twice[:5]}"
assert len(ids) == int(sys.argv[2]), f"{len(ids)} ids in the output, {sys.argv[2]} in the input"
PY
  cmp "$results_ref" "$results_out"
  if [[ -d "$reference" ]]; then diff -r "$reference" "$output" >/dev/null; fi
  echo "kill-test: $kind: every id exactly once ($docs), byte-identical to the reference$([[ -d "$reference" ]] && echo ' (diff -r of the trees)')"
}

[[ "$only" == folder ]] || check_archive jsonl "$work/in.jsonl" "$work/reference.jsonl" "$work/killed.jsonl"
[[ "$only" == jsonl ]] || check_archive folder "$work/in-folder" "$work/reference-folder" "$work/killed-folder"
echo "kill-test: passed"
if [[ $keep == 0 ]]; then rm -rf "$work"; fi
