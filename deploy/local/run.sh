#!/usr/bin/env bash
# Runs projects-service locally with its own PostgreSQL and Kafka: nothing to install but Java 17+
# (Maven comes through ./mvnw). State, logs and pids live under .local/ in the repository root.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

usage() {
  cat <<'EOF'
usage: deploy/local/run.sh [--detach] [--no-build]

Starts PostgreSQL 15 (embedded), a single-node Kafka broker and projects-service (dev profile).
  (default)    foreground: service logs on the terminal, Ctrl-C stops everything
  --detach     start everything in the background and return once the service is ready;
               stop it later with deploy/local/stop.sh
  --no-build   reuse target/quarkus-app/quarkus-run.jar if it exists instead of building it

environment:
  PORT=8080 PG_PORT=55432 KAFKA_PORT=59092     ports, all on 127.0.0.1
  KAFKA_CONTROLLER_PORT=KAFKA_PORT+1           only read when the Kafka data is first created
  READY_TIMEOUT=120                            seconds to wait for /q/health/ready
  SERVICE_JAVA_OPTS=-Xmx256m                   the service's JVM options (set, even empty, to replace)
  KAFKA_HEAP_OPTS=-Xms64m -Xmx384m             Kafka's
  LOCAL_DIR=.local                             where the state below lives (e.g. a second stack)

state: .local/pg (database), .local/kafka (broker), .local/logs/*.log, .local/pids/*.pid
fresh start: deploy/local/stop.sh && rm -rf .local/pg .local/kafka
one part at a time (stop, kill, start again): deploy/local/component.sh
EOF
}

DETACH=0
NO_BUILD=0
for arg in "$@"; do
  case $arg in
    --detach) DETACH=1 ;;
    --no-build) NO_BUILD=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument '$arg'" >&2
      usage >&2
      exit 2
      ;;
  esac
done

PORT=${PORT:-8080}
PG_PORT=${PG_PORT:-55432}
KAFKA_PORT=${KAFKA_PORT:-59092}
READY_TIMEOUT=${READY_TIMEOUT:-120}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms64m -Xmx384m}
DB_NAME=projects DB_USER=projects DB_PASSWORD=projects
SERVICE_JAR=target/quarkus-app/quarkus-run.jar
# Small, fast-starting JVMs for the Kafka command-line tools (format, readiness check).
TOOL_JVM=(-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Djava.io.tmpdir=$LOCAL/tmp")
QUIET_LOG=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.logFile=System.out)

REL_LOGS=${LOGS#"$ROOT"/} # the logs' path as shown to the user
T0=$SECONDS
say() { printf '[run.sh %3ds] %s\n' $((SECONDS - T0)) "$*"; }
die() {
  echo "run.sh: $*" >&2
  exit 1
}

for p in PORT PG_PORT KAFKA_PORT READY_TIMEOUT; do
  [[ ${!p} =~ ^[0-9]+$ ]] || die "$p must be a number, got '${!p}'"
done

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

tail_log() {
  echo "---- last lines of $1 ----" >&2
  tail -n "${2:-40}" "$1" >&2 || true
  echo "----" >&2
}

start_log() { # keeps the previous run's log as NAME.log.1
  [[ -f $LOGS/$1.log ]] && mv -f "$LOGS/$1.log" "$LOGS/$1.log.1"
  : >"$LOGS/$1.log"
}

# ---- preflight -----------------------------------------------------------------------------

command -v "$JAVA" >/dev/null || die "java not found (need Java 17+; set JAVA_HOME or PATH)"
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ ${java_version%%.*} -ge 17 ]] 2>/dev/null || die "need Java 17 or newer, found '${java_version:-unknown}'"

running=()
for name in pg kafka service; do
  if pid=$(pid_of "$name"); then running+=("$name (pid $pid)"); fi
done
if ((${#running[@]})); then
  die "the local stack is already running: ${running[*]}. Stop it first: deploy/local/stop.sh"
fi
rm -f "$PIDS"/*.pid
# a PostgreSQL server left behind by a killed run would hold the data directory
stop_orphan_postmaster || die "a PostgreSQL server still runs on $PG_DATA; stop it and retry"

mkdir -p "$PIDS" "$LOGS" "$STACK_OUT" "$KAFKA_DIR" "$LOCAL/pg" "$LOCAL/tmp"

if [[ -f $KAFKA_DIR/controller.port ]]; then
  KAFKA_CONTROLLER_PORT_FORMATTED=$(<"$KAFKA_DIR/controller.port")
  if [[ -n ${KAFKA_CONTROLLER_PORT:-} && $KAFKA_CONTROLLER_PORT != "$KAFKA_CONTROLLER_PORT_FORMATTED" ]]; then
    say "note: KAFKA_CONTROLLER_PORT ignored, the Kafka data was created with $KAFKA_CONTROLLER_PORT_FORMATTED (rm -rf .local/kafka to change it)"
  fi
  KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT_FORMATTED
else
  KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
fi

for spec in "PG_PORT:$PG_PORT" "KAFKA_PORT:$KAFKA_PORT" "KAFKA_CONTROLLER_PORT:$KAFKA_CONTROLLER_PORT" "PORT:$PORT"; do
  if port_open "${spec#*:}"; then
    die "port ${spec#*:} (${spec%%:*}) is already in use on 127.0.0.1; free it or set ${spec%%:*}=another port"
  fi
done

# ---- the stack project: PostgreSQL + Kafka runtime classpath ------------------------------------

CP_FILE="$STACK_OUT/classpath.txt"
CLASSES="$STACK_OUT/target/classes"

stack_is_built() {
  local jar jars
  [[ -f $CP_FILE && -f $CLASSES/io/projectservice/localstack/LocalPostgres.class ]] || return 1
  [[ $CP_FILE -nt deploy/local/stack/pom.xml ]] || return 1
  [[ -z $(find deploy/local/stack/src -newer "$CP_FILE" -type f -print -quit) ]] || return 1
  IFS=: read -ra jars <"$CP_FILE" || true # the file has no final newline
  for jar in "${jars[@]}"; do [[ -f $jar ]] || return 1; done
}

if ! stack_is_built; then
  say "building the local stack (deploy/local/stack; the first time downloads PostgreSQL and Kafka)"
  ./mvnw -q -f deploy/local/stack/pom.xml "-Dstack.target=$STACK_OUT/target" \
    compile dependency:build-classpath -Dmdep.includeScope=runtime "-Dmdep.outputFile=$CP_FILE" ||
    die "building deploy/local/stack failed"
  touch "$CP_FILE"
fi
STACK_CP="$CLASSES:$(<"$CP_FILE")"

# ---- from here on, anything started is stopped again unless we end detached and healthy ------

LEAVE_RUNNING=0
# shellcheck disable=SC2317 # called by the trap
on_exit() {
  local rc=$?
  ((LEAVE_RUNNING)) && return
  # keep going even if the terminal or pipe we print to is gone
  set +e
  trap '' INT TERM HUP PIPE
  echo
  say "stopping the local stack…"
  stop_all
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
trap 'exit 141' PIPE

start_pg() {
  start_log pg
  # the heap is only needed while the binaries are unpacked; LocalPostgres gives it back after
  spawn pg "$LOGS/pg.log" "$JAVA" -Xms8m -Xmx256m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 \
    -XX:TieredStopAtLevel=1 "-Djava.io.tmpdir=$LOCAL/tmp" \
    -Dorg.slf4j.simpleLogger.logFile=System.out -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$STACK_CP" io.projectservice.localstack.LocalPostgres \
    --port "$PG_PORT" --data "$PG_DATA" --bin "$LOCAL/pg/bin" \
    --db "$DB_NAME" --user "$DB_USER" --password "$DB_PASSWORD"
}

kafka_tool() {
  "$JAVA" "${TOOL_JVM[@]}" "${QUIET_LOG[@]}" -cp "$STACK_CP" "$@"
}

start_kafka() {
  start_log kafka
  local props="$KAFKA_DIR/server.properties"
  cat >"$props" <<EOF
# written by deploy/local/run.sh on every start
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
    if [[ ! -s $KAFKA_DIR/cluster.id ]]; then
      kafka_tool kafka.tools.StorageTool random-uuid >"$KAFKA_DIR/cluster.id" || die "could not create a Kafka cluster id"
    fi
    say "formatting Kafka storage (cluster id $(<"$KAFKA_DIR/cluster.id"))"
    kafka_tool kafka.tools.StorageTool format --standalone --ignore-formatted \
      -t "$(<"$KAFKA_DIR/cluster.id")" -c "$props" >>"$LOGS/kafka.log" 2>&1 ||
      {
        tail_log "$LOGS/kafka.log"
        die "formatting the Kafka storage failed"
      }
    echo "$KAFKA_CONTROLLER_PORT" >"$KAFKA_DIR/controller.port"
  fi
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM options
  spawn kafka "$LOGS/kafka.log" "$JAVA" $KAFKA_HEAP_OPTS -XX:+UseSerialGC "-Djava.io.tmpdir=$LOCAL/tmp" \
    -Dorg.slf4j.simpleLogger.logFile=System.out -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info \
    -Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS" \
    -cp "$STACK_CP" kafka.Kafka "$props"
}

# wait_for NAME SECONDS CHECK...: polls CHECK until it succeeds, the process dies or time runs out.
wait_for() {
  local name=$1 secs=$2 pid
  shift 2
  pid=$(<"$PIDS/$name.pid")
  local deadline=$((SECONDS + secs))
  until "$@"; do
    if ! alive "$pid"; then
      tail_log "$LOGS/$name.log"
      die "$name exited during startup (log: $REL_LOGS/$name.log)"
    fi
    if ((SECONDS >= deadline)); then
      tail_log "$LOGS/$name.log"
      die "$name not ready after $secs s (log: $REL_LOGS/$name.log)"
    fi
    sleep 0.3
  done
}

# shellcheck disable=SC2317 # checks run through wait_for
pg_ready() { grep -q '^READY ' "$LOGS/pg.log"; }

# shellcheck disable=SC2317
kafka_ready() {
  port_open "$KAFKA_PORT" &&
    kafka_tool org.apache.kafka.tools.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" >/dev/null 2>&1
}

# OCR of images in create-from-context needs Tesseract; everything else works without it
if ! command -v tesseract >/dev/null 2>&1; then
  say "note: tesseract not found: images sent to create-from-context get a per-file error;"
  say "      install it with: apt-get install tesseract-ocr tesseract-ocr-eng"
fi
say "starting PostgreSQL on 127.0.0.1:$PG_PORT and Kafka on 127.0.0.1:$KAFKA_PORT"
start_pg
start_kafka
wait_for pg 120 pg_ready
say "PostgreSQL ready: postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
wait_for kafka 120 kafka_ready
say "Kafka ready: 127.0.0.1:$KAFKA_PORT"

# ---- the service -----------------------------------------------------------------------------

if ((NO_BUILD)) && [[ -f $SERVICE_JAR ]]; then
  say "using the existing $SERVICE_JAR (--no-build)"
else
  ((NO_BUILD)) && say "$SERVICE_JAR does not exist, building it anyway"
  say "building the service (./mvnw -q package -DskipTests)"
  ./mvnw -q package -DskipTests || die "building the service failed"
fi
[[ -f $SERVICE_JAR ]] || die "the build did not produce $SERVICE_JAR"

SERVICE_ENV=(
  "DB_URL=postgresql://127.0.0.1:$PG_PORT/$DB_NAME"
  "DB_USER=$DB_USER"
  "DB_PASSWORD=$DB_PASSWORD"
  "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
  "PORT=$PORT"
  "QUARKUS_HTTP_HOST=127.0.0.1"
)
# A heap limit by default: without one the JVM may grow its heap to a quarter of the machine's
# memory and G1 keeps what it grew (an RSS of 490-650 MB under the benchmark's load on a 24 GB
# machine, 340 MB with this limit, at the same throughput; the live data is 50-170 MB, and a 1 MB
# PDF's analysis fits). SERVICE_JAVA_OPTS replaces it, even when set to nothing.
read -ra SERVICE_OPTS <<<"${SERVICE_JAVA_OPTS--Xmx256m}"
SERVICE_CMD=(env "${SERVICE_ENV[@]}" "$JAVA" "${SERVICE_OPTS[@]}" -Dquarkus.profile=dev -jar "$SERVICE_JAR")
BASE_URL="http://127.0.0.1:$PORT"

health_up() {
  local body
  if command -v curl >/dev/null; then
    body=$(curl -fsS --max-time 2 "$BASE_URL/q/health/ready" 2>/dev/null) || return 1
  else
    body=$(
      exec 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1
      printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
      timeout 2 cat <&3
    ) 2>/dev/null || return 1
    [[ $body == "HTTP/1."?" 200"* ]] || return 1
  fi
  [[ $body =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]
}

summary() { # summary LOGS STOP
  cat <<EOF

projects-service is up: $BASE_URL   (readiness: $BASE_URL/q/health/ready)
  PostgreSQL  postgresql://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME
  Kafka       127.0.0.1:$KAFKA_PORT
  a token     deploy/local/token.sh --user alice --org acme
  logs        $1
  stop        $2
EOF
}

if ((DETACH)); then
  start_log service
  spawn service "$LOGS/service.log" "${SERVICE_CMD[@]}"
  say "starting the service on $BASE_URL (log: $REL_LOGS/service.log)"
  wait_for service "$READY_TIMEOUT" health_up
  LEAVE_RUNNING=1
  say "ready"
  summary "$REL_LOGS/{service,kafka,pg}.log" "deploy/local/stop.sh"
  exit 0
fi

# Foreground: service output on this terminal until Ctrl-C or until the service exits.
spawn service - "${SERVICE_CMD[@]}"
svc_pid=$(<"$PIDS/service.pid")
say "starting the service on $BASE_URL"
deadline=$((SECONDS + READY_TIMEOUT))
until health_up; do
  alive "$svc_pid" || break
  if ((SECONDS >= deadline)); then
    say "warning: $BASE_URL/q/health/ready not UP after $READY_TIMEOUT s; still waiting on the service"
    break
  fi
  sleep 0.5
done
if alive "$svc_pid" && health_up; then
  summary "service: this terminal; $REL_LOGS/{kafka,pg}.log" "Ctrl-C (stops the service, Kafka and PostgreSQL)"
  echo
fi
rc=0
wait "$svc_pid" || rc=$?
say "the service exited (code $rc)"
exit "$rc"
