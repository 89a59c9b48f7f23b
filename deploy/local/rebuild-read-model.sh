#!/usr/bin/env bash
# Rebuilds the list read model from the event log beside the live one and switches to it (see
# docs/REBUILD.md), against the local stack's PostgreSQL (which must be running:
# deploy/local/run.sh). The service keeps running: list answers from the live view throughout.
# In Kubernetes the same command runs as a Job: the image with args ["rebuild-read-model"].
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
PG_PORT=${PG_PORT:-55432}
JAR=target/quarkus-app/quarkus-run.jar
[[ -f $JAR ]] || ./mvnw -q package -DskipTests
exec env DB_URL="postgresql://127.0.0.1:$PG_PORT/projects" DB_USER=projects DB_PASSWORD=projects \
  PROJECTS_ROLES=none QUARKUS_HTTP_PORT=0 QUARKUS_HTTP_HOST=127.0.0.1 \
  "$JAVA" -Dquarkus.profile=dev -jar "$JAR" rebuild-read-model
