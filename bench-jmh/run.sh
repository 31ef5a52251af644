#!/usr/bin/env bash
# Runs the JMH benchmarks of bench-jmh (docs/performance.md, "The rule engine's cost as a ratio").
# Build first, from the repository root: mvn -B -q -o -DskipTests package -pl bench-jmh -am
# Arguments go to JMH, e.g.: bench-jmh/run.sh RatioBenchmark -p objects=100000 -f 1 -wi 2 -i 3
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ ! -f "$here/target/classpath.txt" ]]; then
  echo "bench-jmh/run.sh: build first: mvn -B -q -o -DskipTests package -pl bench-jmh -am" >&2
  exit 2
fi
exec java -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" org.openjdk.jmh.Main "$@"
