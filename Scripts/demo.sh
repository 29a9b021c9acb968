#!/usr/bin/env bash
# `make demo`: a staged pitch test, end to end, against a real SMTP server on loopback (aiosmtpd,
# started by the Makefile). Stage 1 tests two subject lines on two small batches of creators.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE="$1"
PITCHLAB="$(swift build --show-bin-path)/pitchlab"
PORT=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['ports']['plain'])" "$STATE")
SPOOL=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['spool'])" "$STATE")
export PITCHLAB_SMTP_URL="smtp://127.0.0.1:$PORT"
FROM=(--from maya@dewpoint.example --from-name "Maya at Dewpoint Skin")
TEMPLATE=Templates/dewpoint-peer.pitch
CREATORS=Examples/creators.csv
before=$(ls "$SPOOL" 2>/dev/null | grep -c '\.eml$' || true)

echo "== 1. Lint the pitches in Templates/"
"$PITCHLAB" template lint
echo
echo "== 2. Check the relay ($PITCHLAB_SMTP_URL)"
"$PITCHLAB" send-test "${FROM[@]}" --to maya@dewpoint.example --subject "Relay check"
echo
echo "== 3. What creator row 2 will receive (subject 'routine', offer 'fee-kit')"
"$PITCHLAB" template render "$TEMPLATE" --recipients "$CREATORS" --row 2 --from maya@dewpoint.example | sed -n '1,12p'
echo "   …"
echo
echo "== 4. Stage 1, batch A: subject 'routine' to creators 1-5"
"$PITCHLAB" send-test "${FROM[@]}" --template "$TEMPLATE" --recipients "$CREATORS" --rows 1-5 \
  --subject-variant routine --offer-variant fee-kit
echo
echo "== 5. Stage 1, batch B: subject 'barrier' to creators 6-10 (same message and offer)"
"$PITCHLAB" send-test "${FROM[@]}" --template "$TEMPLATE" --recipients "$CREATORS" --rows 6-10 \
  --subject-variant barrier --offer-variant fee-kit
echo
after=$(ls "$SPOOL" | grep -c '\.eml$')
echo "== 6. The relay received $((after - before)) messages (1 relay check + 10 pitches), stored in $SPOOL"
echo "Next: reply and open tracking, then the per-batch diagnosis (subject, message, offer, audience)."
