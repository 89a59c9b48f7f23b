#!/usr/bin/env bash
# How much memory create-from-context's uploads cost the service (issue 11): starts the local stack
# (its own, in .local/upload-memory, heap -Xmx256m as deploy/local/run.sh sets it), sends
# CONCURRENT requests at once, ROUNDS times, each with two FILE_MB MiB files (random bytes, so
# nothing compresses them), waits until the worker has read every file back, and prints the
# service's largest RSS and heap use, and the OutOfMemoryErrors in its log. Uploads are stored in
# 1 MiB chunks and read back the same way, so the numbers should not grow with the file size.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

case ${1:-} in
  -h | --help)
    cat <<'EOF'
usage: bench/upload-memory.sh

environment (defaults in brackets):
  CONCURRENT [4]  requests sent at once     ROUNDS [3]   times that is done
  FILE_MB [24]    size of each of the two files of a request (the limits: 25 MiB each, 50 in all)
  PORT [8391] PG_PORT [55741] KAFKA_PORT [59401] KAFKA_CONTROLLER_PORT [KAFKA_PORT+1]
  UPLOAD_MEMORY_DIR [.local/upload-memory]   the stack's state and logs (wiped at the start)
  SERVICE_JAVA_OPTS   the service's JVM options (unset: -Xmx256m)
  NO_BUILD=1          reuse target/quarkus-app (deploy/local/run.sh --no-build)
needs: Java 17+, curl, psql
EOF
    exit 0
    ;;
  "") ;;
  *)
    echo "upload-memory.sh: unknown argument '$1'" >&2
    exit 2
    ;;
esac

CONCURRENT=${CONCURRENT:-4} ROUNDS=${ROUNDS:-3} FILE_MB=${FILE_MB:-24}
export PORT=${PORT:-8391} PG_PORT=${PG_PORT:-55741} KAFKA_PORT=${KAFKA_PORT:-59401}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
export LOCAL_DIR=${UPLOAD_MEMORY_DIR:-$ROOT/.local/upload-memory}
LOCAL=$LOCAL_DIR
[[ $LOCAL == /* ]] || LOCAL="$ROOT/$LOCAL"
BASE="http://127.0.0.1:$PORT"
DB="postgresql://projects:projects@127.0.0.1:$PG_PORT/projects"
T0=$SECONDS
say() { printf '[upload-memory %4ds] %s\n' $((SECONDS - T0)) "$*" >&2; }

deploy/local/stop.sh >/dev/null
rm -rf "$LOCAL/pg/data" "$LOCAL/kafka" "$LOCAL/logs" "$LOCAL/pids" "$LOCAL/files"
mkdir -p "$LOCAL/files"
SAMPLER=
finish() {
  local rc=$?
  set +e
  [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null
  deploy/local/stop.sh >&2
  rm -rf "$LOCAL/files"
  exit "$rc"
}
trap finish EXIT

say "starting the stack (service $BASE) under ${LOCAL#"$ROOT"/}"
deploy/local/run.sh --detach ${NO_BUILD:+--no-build} >&2
PID=$(<"$LOCAL/pids/service.pid")
TOKEN=$(deploy/local/token.sh --user memo --org memory --ttl 120)
for f in a b; do
  head -c $((FILE_MB * 1024 * 1024)) /dev/urandom >"$LOCAL/files/$f.bin"
done

# RSS (kB) and heap in use (bytes, from the service's own metrics), every 0.2 s
(while kill -0 "$PID" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$PID/status" 2>/dev/null || echo 0)
  heap=$(curl -fsS --max-time 3 "$BASE/q/metrics" 2>/dev/null |
    awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f", s }' || true)
  echo "$rss ${heap:-0}"
  sleep 0.2
done) >"$LOCAL/memory.txt" &
SAMPLER=$!
# the idle figures: the first sample that has the heap (the metrics endpoint may be slow to answer)
RSS0=0 HEAP0=0
for ((i = 0; i < 150 && HEAP0 == 0; i++)); do
  sleep 0.2
  read -r RSS0 HEAP0 < <(awk '$2 > 0 { line = $0 } END { print (line == "" ? "0 0" : line) }' "$LOCAL/memory.txt")
done

statuses=()
upload_seconds=0
for ((r = 1; r <= ROUNDS; r++)); do
  t=$SECONDS
  pids=()
  for ((c = 1; c <= CONCURRENT; c++)); do
    curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" \
      -F "context=Round $r, request $c: readings of the bakery's ovens." \
      -F "files=@$LOCAL/files/a.bin;type=application/octet-stream" \
      -F "files=@$LOCAL/files/b.bin;type=application/octet-stream" \
      "$BASE/api/v1/projects/memory/create-from-context?wait=0" >"$LOCAL/status-$r-$c.txt" &
    pids+=($!)
  done
  wait "${pids[@]}" || true # a failed request shows in its status (000)
  upload_seconds=$((upload_seconds + SECONDS - t))
  for ((c = 1; c <= CONCURRENT; c++)); do statuses+=("$(<"$LOCAL/status-$r-$c.txt")"); done
  say "round $r: $CONCURRENT requests of 2 x $FILE_MB MiB answered ${statuses[*]: -$CONCURRENT} in $((SECONDS - t)) s"
done

say "waiting for the worker to read every file back and finish the jobs"
deadline=$((SECONDS + 600))
until [[ $(psql "$DB" -XAtc "SELECT count(*) FROM analysis_jobs WHERE state NOT IN ('succeeded', 'failed')") == 0 ]]; do
  ((SECONDS < deadline)) || { say "jobs still running after 600 s"; break; }
  sleep 1
done
sleep 1
jobs=$(psql "$DB" -XAtc "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) AS n FROM analysis_jobs GROUP BY 1) s")
chunks=$(psql "$DB" -XAtc "SELECT count(*) FROM analysis_upload_chunks")
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true
SAMPLER=

max_rss=$(awk '{ if ($1 > m) m = $1 } END { printf "%.0f", m / 1024 }' "$LOCAL/memory.txt")
max_heap=$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1048576 }' "$LOCAL/memory.txt")
ooms=$(grep -c OutOfMemoryError "$LOCAL/logs/service.log" || true)
ok=$(printf '%s\n' "${statuses[@]}" | grep -c '^202$' || true)
total_mb=$((ROUNDS * CONCURRENT * 2 * FILE_MB))

echo
echo "upload-memory, commit $(git rev-parse --short HEAD), $(date -u '+%F %T') UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %s\n' "requests (2 files of $FILE_MB MiB each)" "$((ROUNDS * CONCURRENT)): $CONCURRENT at once x $ROUNDS rounds; 202: $ok"
printf '%-44s %s\n' "uploaded" "$total_mb MiB in $upload_seconds s"
printf '%-44s %s\n' "jobs" "$jobs; chunk rows left: $chunks"
printf '%-44s %s\n' "service heap limit" "${SERVICE_JAVA_OPTS--Xmx256m}"
printf '%-44s %s\n' "service RSS: idle / max" "$((RSS0 / 1024)) / $max_rss MB"
printf '%-44s %s\n' "heap in use: idle / max" "$((HEAP0 / 1048576)) / $max_heap MB"
printf '%-44s %s\n' "OutOfMemoryError in the service log" "$ooms"
