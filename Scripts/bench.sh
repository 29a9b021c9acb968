#!/usr/bin/env bash
# `make bench`: release-build benchmarks, each against its baseline measured in the same run.
# Every benchmark prints, as its last line, {"bench":NAME,"unit":UNIT,"ours":X,"baselines":{…}}
# (the diagnosis benchmark prints one such line per figure, its headline last).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$(swift build -c release --show-bin-path)/pitchlab-bench"
PY="${BENCH_PY:-python3}"   # pyenv's Python: Jinja2 is installed there

echo "== SMTP send: 10,000 messages of ~2 KB to smtp-sink on loopback"
"$PY" Benchmarks/smtp_bench.py "$BIN"

echo "== Pipeline: 10,000 recipients through render, durable ledger and SMTP, against the raw transport"
bash Benchmarks/pipeline_send.sh "$BIN"

echo "== Memory: 100,000 recipients imported and planned (peak RSS of each command), against Python's csv module"
bash Benchmarks/plan_memory.sh "$(dirname "$BIN")/pitchlab" "$PY"

echo "== Pixel: open-pixel hits through pitchlab serve, each committed before its answer, against python3 -m http.server"
bash Benchmarks/pixel_bench.sh "$(dirname "$BIN")"

echo "== Render: 100,000 personalised pitches, single-threaded"
ours=$("$BIN" render 100000 | tail -1)
jinja=$("$PY" Benchmarks/render_jinja2.py --count 100000 | tail -1)
printf '{"bench":"render","unit":"renders/s","ours":%s,"baselines":{"jinja2":%s}}\n' "$ours" "$jinja"

DIAG_CAMPAIGNS="${DIAG_CAMPAIGNS:-1000}"   # per cell; about 7 min on 2 idle cores (DIAG_CAMPAIGNS=300 for a quick look)
echo "== Diagnosis quality: $DIAG_CAMPAIGNS seeded campaigns per cell with a planted cause, a look after every batch"
"$BIN" diagnosis --campaigns "$DIAG_CAMPAIGNS"

echo "== Analysis speed: the per-variant table (counts, Wilson, Fisher) from 1,000,000 events, against numpy/scipy"
BENCH_PY="$PY" "$BIN" analyse-speed
