#!/usr/bin/env bash
# Times the offline analyzer alone (no service, no database): writes a 1 MB text PDF with
# BenchTool, then extracts it with Tika and analyses it with OfflineAnalyzer in one JVM, RUNS
# times, and prints wall and CPU milliseconds per run (OfflineAnalysisTiming). The first run
# includes loading Tika and the part-of-speech model and the JIT's warm-up.
#
# usage: bench/offline-analysis.sh [RUNS]            (default 5)
# environment: CLASSES_DIR [target], the build to time (e.g. another checkout's target/ to
#              compare with an older analyzer: it must hold OfflineAnalysisTiming too)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUNS=${1:-5}
CLASSES_DIR=${CLASSES_DIR:-$ROOT/target}
if [[ $CLASSES_DIR == "$ROOT/target" ]]; then
  ./mvnw -B -q test-compile
fi
CP_FILE="$CLASSES_DIR/offline-analysis.classpath"
if [[ ! -s $CP_FILE ]]; then
  ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
CP="$CLASSES_DIR/test-classes:$CLASSES_DIR/classes:$(cat "$CP_FILE")"
PDF=$(mktemp --suffix=.pdf)
trap 'rm -f "$PDF"' EXIT
java -cp "$CP" "$ROOT/bench/src/BenchTool.java" pdf "$PDF" 1048576
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "$CP" io.projectservice.analysis.offline.OfflineAnalysisTiming "$PDF" "$RUNS" 2>&1 | grep -E '^run='
