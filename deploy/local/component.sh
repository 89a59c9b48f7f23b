#!/usr/bin/env bash
# Stops, kills or starts one part of the local stack that deploy/local/run.sh started, while the
# others keep running: for trying out failures (reliability/run.sh uses it). `start` runs the part
# again with exactly the command line run.sh last used (kept in .local/pids/NAME.cmd), so the
# ports, the data directory and the configuration are the same.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

usage() {
  cat <<'EOF'
usage: deploy/local/component.sh stop|kill|start pg|kafka|service

  stop    SIGTERM and wait until it has exited (PostgreSQL: a fast, clean shutdown)
  kill    SIGKILL, no chance to clean up (kafka and service only)
  start   start it again as run.sh did, and wait until it is ready (READY_TIMEOUT=120 s)

Honours LOCAL_DIR like run.sh. The part's output is appended to .local/logs/NAME.log.
EOF
}

die() {
  echo "component.sh: $*" >&2
  exit 1
}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  usage
  exit 0
fi
(($# == 2)) || {
  usage >&2
  exit 2
}
action=$1 name=$2
case $name in pg | kafka | service) ;; *)
  usage >&2
  exit 2
  ;;
esac
READY_TIMEOUT=${READY_TIMEOUT:-120}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# the value of NAME=... among the recorded arguments (the service's environment)
recorded_env() {
  local arg
  for arg in "${CMD[@]}"; do
    [[ $arg == "$1="* ]] && echo "${arg#*=}" && return 0
  done
  return 1
}

# new_log_has TEXT: the part's log, since this start, holds TEXT
new_log_has() { tail -c +$((LOG_START + 1)) "$LOG" 2>/dev/null | grep -q -- "$1"; }

ready() {
  case $name in
    pg) new_log_has 'READY ' ;;
    kafka) port_open "$KAFKA_PORT" && new_log_has 'Kafka Server started' ;;
    service) curl -fsS --max-time 2 "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null | grep -q '"status": *"UP"' ;;
  esac
}

case $action in
  stop)
    pid_of "$name" >/dev/null || die "$name is not running"
    stop_proc "$name" 60
    if [[ $name == pg ]]; then stop_orphan_postmaster; fi
    ;;
  kill)
    [[ $name != pg ]] || die "kill pg is not offered: a killed LocalPostgres leaves its server running; use stop"
    pid=$(pid_of "$name") || die "$name is not running"
    echo "killing $name (pid $pid)"
    kill -KILL "$pid"
    wait_gone "$pid" 10 || die "$name (pid $pid) is still there after SIGKILL"
    rm -f "$PIDS/$name.pid"
    ;;
  start)
    if pid=$(pid_of "$name"); then die "$name is already running (pid $pid)"; fi
    [[ -f $PIDS/$name.cmd ]] || die "no recorded command for $name: start the stack with deploy/local/run.sh first"
    mapfile -d '' CMD <"$PIDS/$name.cmd"
    LOG=${CMD[0]}
    CMD=("${CMD[@]:1}")
    [[ $LOG != - ]] || LOG="$LOGS/$name.log"
    case $name in
      pg) stop_orphan_postmaster ;;
      kafka) KAFKA_PORT=$(sed -n 's#^listeners=PLAINTEXT://127.0.0.1:\([0-9]*\),.*#\1#p' "$KAFKA_DIR/server.properties") ;;
      service) PORT=$(recorded_env PORT) || die "no PORT in the recorded service command" ;;
    esac
    echo "---- $(date '+%F %T') started again by deploy/local/component.sh ----" >>"$LOG"
    LOG_START=$(stat -c %s "$LOG")
    spawn "$name" "$LOG" "${CMD[@]}"
    pid=$(<"$PIDS/$name.pid")
    deadline=$((SECONDS + READY_TIMEOUT))
    until ready; do
      alive "$pid" || {
        tail -n 30 "$LOG" >&2
        die "$name exited while starting (log: $LOG)"
      }
      ((SECONDS < deadline)) || die "$name not ready after $READY_TIMEOUT s (log: $LOG)"
      sleep 0.2
    done
    echo "$name started again (pid $pid)"
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
