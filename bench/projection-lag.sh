#!/usr/bin/env bash
# Projection lag at a steady save rate, against the local stack (started here if not running).
# usage: bench/projection-lag.sh [RATE_PER_S=200] [SECONDS=30]
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
BASE=http://127.0.0.1:$PORT
started=0
if ! curl -sf "$BASE/q/health/ready" >/dev/null 2>&1; then
  deploy/local/run.sh --detach >/dev/null
  started=1
fi
trap '[ $started = 1 ] && deploy/local/stop.sh >/dev/null' EXIT
RATE=${1:-200}
# one caller per 50 saves/s, so no caller comes near its rate limit (100/s by default)
tokens=()
for ((i = 0; i < (RATE + 49) / 50; i++)); do tokens+=("$(deploy/local/token.sh --user "bench-$i" --org bench)"); done
java bench/src/ProjectionLag.java "$BASE" "$(IFS=,; echo "${tokens[*]}")" "$RATE" "${2:-30}"
