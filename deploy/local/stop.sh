#!/usr/bin/env bash
# Stops the local stack started by deploy/local/run.sh: the service, then Kafka, then PostgreSQL
# (clean shutdown), waiting for each to exit. Safe to run when nothing is running.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in
  -h | --help)
    echo "usage: deploy/local/stop.sh   (stops what deploy/local/run.sh started; data in $LOCAL/ is kept)"
    exit 0
    ;;
  "") ;;
  *)
    echo "stop.sh: unknown argument '$1'" >&2
    exit 2
    ;;
esac

stop_all
if ((STOPPED_ANY)); then
  echo "local stack stopped (data kept in $LOCAL/)"
else
  echo "local stack: nothing running"
fi
