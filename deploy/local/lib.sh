# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this
# Shared by run.sh and stop.sh: where the local stack keeps its state, and how to find and stop
# its processes. Everything lives under .local/ in the repository root, or under LOCAL_DIR when
# that is set (bench/run.sh keeps its own stack in .local/bench, apart from the everyday one).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL="${LOCAL_DIR:-$ROOT/.local}"
PIDS="$LOCAL/pids"
LOGS="$LOCAL/logs"
STACK_OUT="$LOCAL/stack"
PG_DATA="$LOCAL/pg/data"
KAFKA_DIR="$LOCAL/kafka"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# What a stack process's command line must contain, so a recycled pid is never taken for ours.
proc_marker() {
  case $1 in
    service) echo "quarkus-run.jar" ;;
    kafka) echo "kafka.Kafka" ;;
    pg) echo "io.projectservice.localstack.LocalPostgres" ;;
  esac
}

# Alive and not a zombie (a detached process's parent may never reap it).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

cmdline_has() {
  local args
  args=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  [[ $args == *"$2"* ]]
}

# Prints the pid of the named stack process (pg, kafka, service) if it is running.
pid_of() {
  local file="$PIDS/$1.pid" pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && cmdline_has "$pid" "$(proc_marker "$1")" || return 1
  echo "$pid"
}

# wait_gone PID SECONDS: true once the process has exited.
wait_gone() {
  local pid=$1 i
  for ((i = 0; i < $2 * 5; i++)); do
    alive "$pid" || return 0
    sleep 0.2
  done
  ! alive "$pid"
}

# stop_proc NAME SECONDS: SIGTERM (each process shuts down cleanly on it), SIGKILL after SECONDS.
stop_proc() {
  local name=$1 pid
  if pid=$(pid_of "$name"); then
    echo "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$2"; then
      echo "$name did not stop within $2 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 5 || true
    fi
    STOPPED_ANY=1
  fi
  rm -f "$PIDS/$name.pid"
}

# A postmaster left behind by a LocalPostgres JVM that was killed (pg_ctl daemonizes it).
stop_orphan_postmaster() {
  local pid
  [[ -f $PG_DATA/postmaster.pid ]] || return 0
  pid=$(head -n 1 "$PG_DATA/postmaster.pid")
  if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && cmdline_has "$pid" "$PG_DATA"; then
    echo "stopping orphaned PostgreSQL server (pid $pid)"
    kill -INT "$pid" 2>/dev/null || true # SIGINT = fast shutdown: clean, with a checkpoint
    wait_gone "$pid" 30 || { echo "PostgreSQL (pid $pid) did not stop within 30 s" >&2; return 1; }
    STOPPED_ANY=1
  fi
}

# Service first (it uses the others), then Kafka, then PostgreSQL.
stop_all() {
  STOPPED_ANY=0
  stop_proc service 30
  stop_proc kafka 60
  stop_proc pg 40
  stop_orphan_postmaster
}
