#!/usr/bin/env bash
# Runs the example subscriber: prints one line per project event from projects.events.v1.
#   examples/subscriber/run.sh [--bootstrap HOST:PORT] [--from-beginning] [--group NAME] ...
# (--help for all options). Needs Java 17+; the first run resolves kafka-clients and Jackson
# through the repository's Maven wrapper and caches the classpath in examples/subscriber/target/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cp_file="$here/target/classpath.txt"
if [[ ! -s $cp_file || $here/pom.xml -nt $cp_file ]]; then
  mkdir -p "$here/target"
  "$here/../../mvnw" -q -f "$here/pom.xml" dependency:build-classpath "-Dmdep.outputFile=$cp_file" >&2
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$(<"$cp_file")" "$here/ProjectEventsSubscriber.java" "$@"
