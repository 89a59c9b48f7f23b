#!/usr/bin/env bash
# CPU per save: a focused measurement of the save path, steadier than latency on a shared machine.
# Starts its own local stack (fresh state in .local/save-cpu), then, ROUNDS times: pgbench for a
# few seconds (PostgreSQL CPU per insert, tps), saves with wrk for a fixed time (req/s), and the
# CPU time each process spent on them (/proc/<pid>/stat) until the read model has caught up,
# divided by the number of saves.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

usage() {
  cat <<'EOF'
usage: bench/save-cpu.sh [--no-build] [--keep-running]

environment (defaults in brackets):
  PORT [8080] PG_PORT [55432] KAFKA_PORT [59092] KAFKA_CONTROLLER_PORT [KAFKA_PORT+1]
  SAVE_SECONDS [15]    seconds of saves per round (each a new project, bench/run.sh's save body)
  ROUNDS [3]           rounds; the medians are printed at the end
  CONCURRENCY [16]     wrk connections and pgbench clients
  PGBENCH_SECONDS [5]  pgbench before each round's saves
  WARMUP [30]          seconds of saves before the first round (JIT)
  SERVICE_JAVA_OPTS    JVM options of the service (unset: deploy/local/run.sh's default)
  JFR [0]              1: record the last round with JFR (profile settings) into the results
  SAVE_CPU_DIR [.local/save-cpu]   the stack's state and the results

per round it prints: saves/s, pgbench tps, the ratio, and CPU ms per request of the service
(when wrk ended, and after the relay and projector caught up), of PostgreSQL (postmaster and
backends, exited ones included) and of Kafka; and PostgreSQL's CPU ms per pgbench insert.
EOF
}

NO_BUILD=0 KEEP=0
for arg in "$@"; do
  case $arg in
    --no-build) NO_BUILD=1 ;;
    --keep-running) KEEP=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "save-cpu.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

export PORT=${PORT:-8080} PG_PORT=${PG_PORT:-55432} KAFKA_PORT=${KAFKA_PORT:-59092}
export KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
export LOCAL_DIR=${SAVE_CPU_DIR:-$ROOT/.local/save-cpu}
SAVE_SECONDS=${SAVE_SECONDS:-15} ROUNDS=${ROUNDS:-3} CONCURRENCY=${CONCURRENCY:-16}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-5} WARMUP=${WARMUP:-30} JFR=${JFR:-0}
BASE="http://127.0.0.1:$PORT"
export PGPASSWORD=projects
# one caller saving as fast as it goes: lift its rate limit and its organization's quotas (still checked)
export RATE_LIMIT_REQUESTS_PER_SECOND=${RATE_LIMIT_REQUESTS_PER_SECOND:-1000000}
export RATE_LIMIT_BURST=${RATE_LIMIT_BURST:-1000000}
export QUOTA_PROJECTS=${QUOTA_PROJECTS:-100000000} QUOTA_STORED_BYTES=${QUOTA_STORED_BYTES:-1099511627776}
RES="$LOCAL_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)"
HZ=$(getconf CLK_TCK)

say() { printf '[save-cpu] %s\n' "$*"; }
die() { echo "save-cpu.sh: $*" >&2; exit 1; }
psql_q() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U projects projects "$@"; }
command -v wrk >/dev/null || die "wrk is needed (Debian: apt-get install wrk)"

mkdir -p "$LOCAL_DIR"
# shellcheck source=deploy/local/lib.sh
source deploy/local/lib.sh
for name in pg kafka service; do
  if pid=$(pid_of "$name"); then die "a stack is already running in $LOCAL_DIR ($name, pid $pid)"; fi
done
if ((!NO_BUILD)) || [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
  say "building the service"
  ./mvnw -q package -DskipTests || die "the build failed"
fi
rm -rf "$LOCAL_DIR/pg/data" "$LOCAL_DIR/kafka" "$LOCAL_DIR/pids" "$LOCAL_DIR/logs"
mkdir -p "$RES"
exec > >(tee "$RES/output.txt") 2>&1

cleanup() {
  local rc=$?
  set +e
  if ((!KEEP)); then
    deploy/local/stop.sh >/dev/null
    rm -rf "$LOCAL_DIR/pg/data" "$LOCAL_DIR/kafka"
  fi
  say "results: ${RES#"$ROOT"/}"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

deploy/local/run.sh --detach --no-build >"$RES/run-sh.txt" 2>&1 || { cat "$RES/run-sh.txt"; die "the stack did not start"; }
SVC_PID=$(pid_of service) KAFKA_PID=$(pid_of kafka)
PM_PID=$(head -n 1 "$LOCAL_DIR/pg/data/postmaster.pid")
say "stack up: service $SVC_PID, kafka $KAFKA_PID, postmaster $PM_PID; options: ${SERVICE_JAVA_OPTS-run.sh default}; commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo '+changes')"
TOKEN=$(deploy/local/token.sh --user bench --org bench --ttl 3600)
export BENCH_TOKEN=$TOKEN

ticks() { # utime+stime of one pid (+ cutime+cstime with a second argument)
  local stat f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  read -ra f <<<"${stat##*) }"
  if [[ -n ${2:-} ]]; then echo $((f[11] + f[12] + f[13] + f[14])); else echo $((f[11] + f[12])); fi
}
pg_ticks() { # the postmaster with its exited children, and its live backends
  local total p
  total=$(ticks "$PM_PID" all)
  for p in $(pgrep -P "$PM_PID" || true); do total=$((total + $(ticks "$p"))); done
  echo "$total"
}
snapshot() { echo "$(ticks "$SVC_PID") $(pg_ticks) $(ticks "$KAFKA_PID")"; }
drain() {
  local deadline=$((SECONDS + 180)) behind
  while :; do
    behind=$(psql_q -Atc "SELECT count(*) FROM project_streams s LEFT JOIN project_list_view v
      ON v.project_id = s.stream_id WHERE v.version IS NULL OR v.version < s.version")
    ((behind == 0)) && return 0
    ((SECONDS < deadline)) || die "the read model is still $behind projects behind the log"
    sleep 0.2
  done
}
ms() { awk -v t="$1" -v n="$2" -v hz="$HZ" 'BEGIN { printf "%.3f", t * 1000 / hz / n }'; }

BODY='{"project":{"name":"bench save","description":"a project saved by the benchmark","metadata":{"source":"bench","priority":"high"}}}'
saves() { # saves FILE SECONDS
  BENCH_METHOD=POST BENCH_BODY=$BODY wrk -t 2 -c "$CONCURRENCY" -d "${2}s" --timeout 10s \
    -s bench/wrk/request.lua "$BASE/api/v1/projects/bench-save/save" >"$1" 2>&1
  grep -q '^WRK_RESULT' "$1" || { cat "$1"; die "wrk: no result"; }
}
field() { grep -ho "\b$2=[^ ]*" "$1" | tail -n 1 | cut -d= -f2; }

say "warm-up: ${WARMUP} s of saves"
saves "$RES/warmup.txt" "$WARMUP"
drain
psql_q -c "DROP TABLE IF EXISTS bench_pgbench_events; CREATE TABLE bench_pgbench_events (LIKE project_events INCLUDING ALL)"

printf '%-5s %8s %8s %6s | %8s %8s %8s %8s | %8s %6s %s\n' round save/s pgb_tps ratio \
  svc_wrk svc_all pg kafka pg/pgb errors loadavg | tee "$RES/table.txt"
for ((r = 1; r <= ROUNDS; r++)); do
  p0=$(pg_ticks)
  pgbench -h 127.0.0.1 -p "$PG_PORT" -U projects -n -f bench/sql/pgbench-insert.sql \
    -c "$CONCURRENCY" -j 2 -T "$PGBENCH_SECONDS" projects >"$RES/pgbench-$r.txt" 2>&1 || { cat "$RES/pgbench-$r.txt"; die "pgbench failed"; }
  sleep 1 # pgbench's backends have exited; their CPU reaches the postmaster's cutime when reaped
  p1=$(pg_ticks)
  tps=$(sed -n 's/^tps = \([0-9]*\)[.0-9]* .*/\1/p' "$RES/pgbench-$r.txt")
  ntx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$RES/pgbench-$r.txt")
  if ((JFR && r == ROUNDS)); then
    jcmd "$SVC_PID" JFR.start name=savecpu settings=profile >/dev/null
  fi
  read -r s0 g0 k0 <<<"$(snapshot)"
  saves "$RES/save-$r.txt" "$SAVE_SECONDS"
  read -r s1 _ _ <<<"$(snapshot)"
  drain
  read -r s2 g2 k2 <<<"$(snapshot)"
  if ((JFR && r == ROUNDS)); then
    jcmd "$SVC_PID" JFR.dump name=savecpu filename="$RES/save.jfr" >/dev/null
    jcmd "$SVC_PID" JFR.stop name=savecpu >/dev/null
  fi
  n=$(field "$RES/save-$r.txt" requests)
  rps=$(field "$RES/save-$r.txt" rps)
  errs=$(($(field "$RES/save-$r.txt" non2xx) + $(field "$RES/save-$r.txt" timeouts)))
  printf '%-5s %8s %8s %5s%% | %8s %8s %8s %8s | %8s %6s %s\n' "$r" "$rps" "$tps" \
    "$(awk -v s="$rps" -v p="$tps" 'BEGIN { printf "%.1f", 100 * s / p }')" \
    "$(ms $((s1 - s0)) "$n")" "$(ms $((s2 - s0)) "$n")" "$(ms $((g2 - g0)) "$n")" "$(ms $((k2 - k0)) "$n")" \
    "$(ms $((p1 - p0)) "$ntx")" "$errs" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RES/table.txt"
done
median() { # median of column $1 of the round lines
  awk -v c="$1" 'NR > 1 && $1 != "median" { print $c + 0 }' "$RES/table.txt" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
printf '%-5s %8s %8s %5s%% | %8s %8s %8s %8s | %8s %6s\n' median "$(median 2)" "$(median 3)" "$(median 4)" \
  "$(median 6)" "$(median 7)" "$(median 8)" "$(median 9)" "$(median 11)" "$(median 12)" | tee -a "$RES/table.txt"
cat <<'EOF'
columns: save/s = wrk's rate; pgb_tps = pgbench inserts/s just before; svc_wrk = service CPU ms per
save while wrk ran; svc_all, pg, kafka = CPU ms per save until the read model caught up (relay and
projector included); pg/pgb = PostgreSQL CPU ms per pgbench insert; errors = non-2xx + timeouts
EOF
