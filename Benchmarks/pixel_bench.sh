#!/usr/bin/env bash
# Pixel benchmark: open-pixel requests through `pitchlab serve` (release build), each answered only
# after its hit is committed (group commit, SQLite WAL + synchronous=FULL), against Python's
# http.server (Debian's /usr/bin/python3, standard library only) serving a static 1x1 GIF file,
# both measured with the same wrk settings in the same run.
# Usage: Benchmarks/pixel_bench.sh RELEASE_BIN_DIR   (the folder holding pitchlab and pitchlab-bench)
# Environment: BENCH_PIXEL_SECONDS (30), BENCH_PIXEL_TOKENS (2000 accepted sends, one open token each).
# Last line: {"bench":"pixel","unit":"req/s","ours":…,"baselines":{"python-http.server":…},"p99_ms":…,"lost":…}
# lost = max(0, 2xx responses − open hits stored after the graceful stop).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN_DIR="$1"
DURATION="${BENCH_PIXEL_SECONDS:-30}"
TOKENS="${BENCH_PIXEL_TOKENS:-2000}"
BASE_PY=/usr/bin/python3
WRK=(wrk -t2 -c64 "-d${DURATION}s" --latency -s Benchmarks/pixel_bench.lua)
WORK="$(mktemp -d)"
SERVER=""; BASELINE=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  [ -n "$BASELINE" ] && kill "$BASELINE" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$BASE_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }

# A workspace with TOKENS accepted sends and the pixel path of each.
export PITCHLAB_TRACKING_KEY="$(openssl rand -hex 32)"
"$BIN_DIR/pitchlab-bench" pixel-prepare "$WORK/ws" "$TOKENS" "$WORK/paths.txt"

# Ours: pitchlab serve, stopped with SIGTERM (drains queued writes), then the stored hits counted.
PORT=$(free_port)
"$BIN_DIR/pitchlab" serve --port "$PORT" -C "$WORK/ws" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 1 300); do grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break; sleep 0.05; done
grep -q "listening on" "$WORK/serve.out" || { echo "pitchlab serve did not start:" >&2; cat "$WORK/serve.err" >&2; exit 1; }
PIXEL_PATHS="$WORK/paths.txt" "${WRK[@]}" "http://127.0.0.1:$PORT" >"$WORK/wrk-ours.txt"
kill -TERM "$SERVER"
status=0; wait "$SERVER" || status=$?
SERVER=""
[ "$status" = 0 ] || { echo "pitchlab serve exited with status $status:" >&2; cat "$WORK/serve.err" >&2; exit 1; }
stored=$("$BIN_DIR/pitchlab-bench" pixel-count "$WORK/ws")
ours_line=$(grep '^PIXELBENCH' "$WORK/wrk-ours.txt")

# Baseline: python3 -m http.server serving the same 43-byte GIF from a folder.
mkdir -p "$WORK/static"
printf 'GIF89a\001\000\001\000\200\000\000\000\000\000\377\377\377!\371\004\001\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' >"$WORK/static/pixel.gif"
[ "$(wc -c <"$WORK/static/pixel.gif")" = 43 ] || { echo "the baseline GIF is not 43 bytes" >&2; exit 1; }
echo "/pixel.gif" >"$WORK/static-paths.txt"
BPORT=$(free_port)
"$BASE_PY" -m http.server "$BPORT" --bind 127.0.0.1 --directory "$WORK/static" >/dev/null 2>&1 &
BASELINE=$!
wait_port "$BPORT" || { echo "python3 -m http.server did not start" >&2; exit 1; }
PIXEL_PATHS="$WORK/static-paths.txt" "${WRK[@]}" "http://127.0.0.1:$BPORT" >"$WORK/wrk-python.txt"
kill "$BASELINE" 2>/dev/null || true
wait "$BASELINE" 2>/dev/null || true
BASELINE=""
base_line=$(grep '^PIXELBENCH' "$WORK/wrk-python.txt")

ours_requests=$(field requests "$ours_line"); ours_bad=$(field non2xx3xx "$ours_line")
ours_ok=$((ours_requests - ours_bad))
lost=$((ours_ok > stored ? ours_ok - stored : 0))
ours_rate=$(awk -v n="$ours_requests" -v us="$(field duration_us "$ours_line")" 'BEGIN { printf "%.1f", n / (us / 1e6) }')
base_rate=$(awk -v n="$(field requests "$base_line")" -v us="$(field duration_us "$base_line")" 'BEGIN { printf "%.1f", n / (us / 1e6) }')
p99=$(awk -v us="$(field p99_us "$ours_line")" 'BEGIN { printf "%.2f", us / 1000 }')
base_p99=$(awk -v us="$(field p99_us "$base_line")" 'BEGIN { printf "%.2f", us / 1000 }')
echo "pitchlab serve: $ours_requests responses ($ours_ok 2xx, $ours_bad other), $stored open hits stored, p99 ${p99} ms;" \
  "socket errors: connect $(field connect "$ours_line"), read $(field read "$ours_line"), write $(field write "$ours_line"), timeout $(field timeout "$ours_line")"
echo "python3 -m http.server ($("$BASE_PY" --version 2>&1), $BASE_PY): $(field requests "$base_line") responses," \
  "$(field non2xx3xx "$base_line") non-2xx, p99 ${base_p99} ms; socket errors: connect $(field connect "$base_line"), read $(field read "$base_line")"
printf '{"bench":"pixel","unit":"req/s","ours":%s,"baselines":{"python-http.server":%s},"p99_ms":%s,"lost":%s}\n' \
  "$ours_rate" "$base_rate" "$p99" "$lost"
