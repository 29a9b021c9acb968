#!/usr/bin/env bash
# Peak memory of 100,000 recipients imported and planned: a fresh workspace (pitchlab init), a
# 100,000-row creators file, `recipients import`, `plan --stage 1` (the split of a test stage),
# then the stage after the last test (the winner to the remaining 99,960: every row rendered,
# composed, linted and written to the ledger). Peak resident memory (max RSS) of each command is
# measured by GNU time; the baseline is Python's csv module holding the same file as dicts.
# Usage: Benchmarks/plan_memory.sh PITCHLAB_BINARY [PYTHON]
# Last line: {"bench":"plan-memory","unit":"MiB","ours":…,"baselines":{"python-csv-dicts":…}}
set -euo pipefail
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
PY="${2:-python3}"
COUNT="${BENCH_PLAN_COUNT:-100000}"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$BIN" init "$DIR/ws" >/dev/null
"$PY" - "$DIR/creators.csv" "$COUNT" <<'PYEOF'
import random, sys
random.seed(7)
personas = ["skincare minimalist", "reactive skin", "glow seeker", "budget beauty"]
types = ["peer", "aspirational", "authority"]
zones = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/London"]
with open(sys.argv[1], "w") as f:
    f.write("email,name,handle,platform,followers,avg_views,relevance,cost,persona,type,timezone\n")
    for i in range(int(sys.argv[2])):
        f.write(f"creator{i:06d}@example{i % 97}.org,Creator {i},@creator{i},TikTok,{random.randint(1000, 900000)},"
                f"{random.randint(100, 90000)},{random.random():.2f},{random.randint(50, 900)},"
                f"{random.choice(personas)},{random.choice(types)},{random.choice(zones)}\n")
PYEOF
# peak RSS in KiB and wall seconds of one command, run in the workspace
measure() {
  /usr/bin/time -f "%M %e" -o "$DIR/time" "$@" >"$DIR/out" 2>&1 || { echo "failed: $*" >&2; cat "$DIR/out" >&2; return 1; }
  cat "$DIR/time"
}
cd "$DIR/ws"
r=$(measure "$BIN" recipients import "$DIR/creators.csv"); read -r import_kb import_s <<<"$r"
r=$(measure "$BIN" plan --stage 1); read -r plan1_kb plan1_s <<<"$r"
r=$(measure "$BIN" plan --stage 4 --winner subject=routine --winner message=short --winner offer=fee-kit); read -r rest_kb rest_s <<<"$r"
r=$(measure "$PY" -c "import csv,sys; rows=list(csv.DictReader(open(sys.argv[1], newline=''))); print(len(rows))" "$DIR/creators.csv")
read -r py_kb py_s <<<"$r"
mib() { "$PY" -c "print(round($1 / 1024, 1))"; }
echo "import $(mib "$import_kb") MiB in ${import_s} s; plan stage 1: $(mib "$plan1_kb") MiB in ${plan1_s} s; plan the rest ($((COUNT - 40)) rows): $(mib "$rest_kb") MiB in ${rest_s} s"
peak=$(( import_kb > plan1_kb ? import_kb : plan1_kb )); peak=$(( rest_kb > peak ? rest_kb : peak ))
printf '{"bench":"plan-memory","unit":"MiB","ours":%s,"baselines":{"python-csv-dicts":%s}}\n' "$(mib "$peak")" "$(mib "$py_kb")"
