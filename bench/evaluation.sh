#!/bin/sh
# Evaluation benchmark: throughput and heap of the engine with the built-in rules on synthetic
# clusters. Usage: bench/evaluation.sh [SIZES] [RUNS]   e.g. bench/evaluation.sh 1000,10000,100000 5
# Build first: mvn -B -DskipTests install. JVM options: BENCH_JAVA_OPTS (default -Xmx4g).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cp="$root/bench/target/kcis-bench-0.1.0-SNAPSHOT.jar:$(cat "$root/bench/target/classpath.txt")"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$cp" dev.kcis.bench.EvaluationBenchmark "${1:-1000,10000,100000}" "${2:-5}"
