#!/usr/bin/env bash
# `make demo`: a real two-stage pitch campaign, end to end, against an SMTP server on loopback
# (aiosmtpd, started by the Makefile). Stage 1 tests two subject lines on 10 creators each;
# stage 2 tests two messages with the chosen subject on 10 more each.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE="$1"
PITCHLAB="$(swift build --show-bin-path)/pitchlab"
PORT=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ports']['plain'])" "$STATE")
SPOOL=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['spool'])" "$STATE")
export PITCHLAB_SMTP_URL="smtp://127.0.0.1:$PORT"
DEMO="$PWD/.demo"
rm -rf "$DEMO"
before=$(ls "$SPOOL" 2>/dev/null | grep -c '\.eml$' || true)

step() { echo; echo "== $*"; }

step "1. A workspace with 60 creators"
"$PITCHLAB" init "$DEMO" >/dev/null
cp Examples/creators-60.csv "$DEMO/creators.csv"
cat > "$DEMO/pitchlab.yaml" <<'YAML'
# The demo campaign: small batches, no pauses, any hour (a real campaign keeps the defaults of
# `pitchlab init`: rate limits, random gaps, weekday office hours in each creator's time zone).
campaign:
  id: dewpoint-demo
  name: Dewpoint creator launch (demo)
sender:
  from: maya@dewpoint.example
  name: Maya at Dewpoint Skin
smtp:
  url: smtp://127.0.0.1:2525      # PITCHLAB_SMTP_URL (the local test server) overrides it
  connections: 1
limits:
  per_minute: unlimited
  min_gap_seconds: 0
  max_gap_seconds: 0
  concurrency: 4
send_window: always
template: dewpoint-peer
size_per_variant: 10
seed: 2026
stages:
  - tests: subject
  - tests: message
goal: replies
YAML
"$PITCHLAB" recipients import creators.csv -C "$DEMO"

step "2. Lint the pitch"
"$PITCHLAB" template lint -C "$DEMO"

step "3. Plan stage 1: two subjects, same message and offer (preflight renders every pitch)"
"$PITCHLAB" plan --stage 1 -C "$DEMO"

step "4. Send stage 1 through $PITCHLAB_SMTP_URL"
"$PITCHLAB" send --stage 1 -C "$DEMO"

step "5. Plan stage 2: two messages with the winning subject (named by hand until replies come in)"
"$PITCHLAB" plan --stage 2 --winner subject=routine -C "$DEMO"

step "6. Send stage 2"
"$PITCHLAB" send --stage 2 -C "$DEMO"

step "7. Where every pitch stands"
"$PITCHLAB" status -C "$DEMO"

after=$(ls "$SPOOL" | grep -c '\.eml$')
unique=$(/usr/bin/python3 - "$SPOOL" "$before" <<'PY'
import json, os, sys
spool, before = sys.argv[1], int(sys.argv[2])
files = sorted(f for f in os.listdir(spool) if f.endswith(".json"))[before:]
ids = [json.load(open(os.path.join(spool, f)))["message_id"] for f in files]
print(len(set(ids)))
PY
)
step "8. The relay received $((after - before)) pitches, $unique distinct Message-IDs (stored in $SPOOL)"

SIM="$DEMO-simulated"
rm -rf "$SIM"
step "9. A simulated campaign whose subject B is planted to fail: 3 stages through the same relay, pixel fetches over HTTP to a tracking server on loopback, replies and bounces imported as .eml, then the diagnosis"
"$PITCHLAB" simulate --truth subject --per-variant 100 --seed 7 --smtp-url "$PITCHLAB_SMTP_URL" -C "$SIM"

step "10. Opens in the simulated campaign, machine opens told apart"
"$PITCHLAB" opens -C "$SIM"

step "11. The simulated campaign's report as one self-contained HTML page"
"$PITCHLAB" report --html "$SIM/report.html" -C "$SIM"
echo "Explore it: pitchlab diagnose | opens | replies list | promote -C $SIM"
