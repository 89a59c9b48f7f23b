#!/usr/bin/env bash
# The reliability scenarios (issue 7) against a fresh local stack of their own: builds the service
# jar once, starts PostgreSQL, Kafka and the service with deploy/local/run.sh under
# .local/reliability (own data, own ports, so a stack you run beside it is left alone), runs the
# scenarios, prints one pass/fail row per scenario and the table at the end, stops everything, and
# exits non-zero when a scenario failed. docs/RELIABILITY.md explains the scenarios and a run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

usage() {
  cat <<'EOF'
usage: reliability/run.sh [--scenario NAME[,NAME...]]...

  --scenario NAME   run only these (repeatable); default: all, in this order:
                    bad-requests, concurrent-writers, kill-service, postgres-restart, kafka-outage,
                    rate-limit, input-bombs, reincarnation, large-imports, poisoned-record,
                    worker-kill, bulk-cleanup

environment (defaults chosen not to clash with deploy/local/run.sh's):
  PORT=8381 PG_PORT=55732 KAFKA_PORT=59392 KAFKA_CONTROLLER_PORT=59393
  LOCAL_DIR=.local/reliability   the stack's data, logs and pids; wiped at the start of each run
  PROJECTS_PIPELINE_MAX_DELAY=PT10S   the service's readiness bound on a stalled pipeline (large-imports
                                      holds the relay's lease to show readiness going DOWN)
  RELIABILITY_LARGE_IMPORTS=60        how many 9 MB imports large-imports sends at once

needs: Java 17+, psql, curl, openssl. Takes about 10 minutes on 2 cores.
EOF
}

DRIVER_ARGS=()
while (($#)); do
  case $1 in
    --scenario)
      (($# >= 2)) || {
        usage >&2
        exit 2
      }
      DRIVER_ARGS+=(--scenario "$2")
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "reliability/run.sh: unknown argument '$1'" >&2
      usage >&2
      exit 2
      ;;
  esac
done

export PORT=${PORT:-8381} PG_PORT=${PG_PORT:-55732} KAFKA_PORT=${KAFKA_PORT:-59392}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-59393}
export LOCAL_DIR=${LOCAL_DIR:-.local/reliability}
# the rate-limit scenario's organization: 4 requests/s, bursts of 8, so that its flood is far over
# the limit even when the machine is too busy for the driver to send much (the service started by
# deploy/local/run.sh, and started again by component.sh, inherits these)
export PROJECTS_RATE_LIMIT_ORGANIZATIONS_RELRATE_REQUESTS_PER_SECOND=4
export PROJECTS_RATE_LIMIT_ORGANIZATIONS_RELRATE_BURST=8
# the bulk-cleanup scenario's organization creates 20,050 projects as fast as 16 connections go:
# it measures the cleanup's locks, not the rate limit, so its callers get one far above that pace
export PROJECTS_RATE_LIMIT_ORGANIZATIONS_RELBULK_REQUESTS_PER_SECOND=100000
export PROJECTS_RATE_LIMIT_ORGANIZATIONS_RELBULK_BURST=100000
export PROJECTS_PIPELINE_MAX_DELAY=${PROJECTS_PIPELINE_MAX_DELAY:-PT10S}
LOCAL=$LOCAL_DIR
[[ $LOCAL == /* ]] || LOCAL="$ROOT/$LOCAL"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
DRIVER="$LOCAL/driver"

T0=$SECONDS
say() { printf '[reliability/run.sh %4ds] %s\n' $((SECONDS - T0)) "$*" >&2; }
die() {
  echo "reliability/run.sh: $*" >&2
  exit 1
}

for tool in "$JAVA" "$JAVAC" psql curl openssl; do
  command -v "$tool" >/dev/null || die "$tool is needed (psql: apt-get install postgresql-client)"
done

# the driver uses the Kafka client of the local stack's classpath (built by run.sh)
compile_driver() {
  rm -rf "$DRIVER"
  mkdir -p "$DRIVER"
  DRIVER_CP="$DRIVER:$(<"$LOCAL/stack/classpath.txt")"
  "$JAVAC" -nowarn -cp "$DRIVER_CP" -d "$DRIVER" reliability/src/*.java || die "compiling reliability/src failed"
}

# a fresh stack: stop whatever an earlier run left running there, and drop its data
deploy/local/stop.sh >/dev/null
rm -rf "$LOCAL/pg/data" "$LOCAL/kafka" "$LOCAL/logs" "$LOCAL/pids"

# shellcheck disable=SC2317 # runs on exit
finish() {
  local rc=$?
  set +e
  trap '' INT TERM HUP
  say "stopping the stack"
  deploy/local/stop.sh >&2
  say "done in $(((SECONDS - T0) / 60)) min $(((SECONDS - T0) % 60)) s; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
if git status --porcelain 2>/dev/null | grep -qv '^??'; then dirty=" (with uncommitted changes)"; fi
say "commit $commit$dirty; $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "starting the stack on ports $PORT (service), $PG_PORT (PostgreSQL), $KAFKA_PORT (Kafka) under $LOCAL_DIR"
deploy/local/run.sh --detach >&2 || die "the local stack did not start (logs: $LOCAL_DIR/logs)"
compile_driver
say "stack ready; running the scenarios (progress on stderr, the table on stdout)"

rc=0
"$JAVA" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$DRIVER_CP" Reliability \
  --base "http://127.0.0.1:$PORT" --db "postgresql://projects:projects@127.0.0.1:$PG_PORT/projects" \
  --kafka "127.0.0.1:$KAFKA_PORT" --root "$ROOT" --local "$LOCAL" \
  "${DRIVER_ARGS[@]}" 2> >(tee "$LOCAL/logs/reliability.log" >&2) || rc=$?
say "details: $LOCAL_DIR/logs/reliability.log (progress), bad-requests.txt (every case), {service,kafka,pg}.log"
exit "$rc"
