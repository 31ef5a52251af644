#!/bin/sh
# Memory benchmark: which inputs a whole `bin/kcis` process reads and evaluates in a given Java
# heap. Writes the synthetic cluster of the evaluation benchmark at growing sizes as a JSON bundle,
# a YAML bundle and YAML manifests, and runs `kcis eval` (table and JSON report) and
# `kcis collect manifests` on each with KCIS_JAVA_OPTS=-Xmx<HEAP>.
# Usage: bench/memory.sh [SIZES] [HEAP]   e.g. bench/memory.sh 5000,10000,20000,30000 512m
# Build first: mvn -B -DskipTests install.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cp="$root/bench/target/kcis-bench-0.1.0-SNAPSHOT.jar:$(cat "$root/bench/target/classpath.txt")"
sizes=$(echo "${1:-5000,10000,20000,30000}" | tr ',' ' ')
heap=${2:-512m}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo
echo "| objects | input | size | command | -Xmx$heap | time |"
echo "|---:|---|---:|---|---|---:|"
for n in $sizes; do
  java -cp "$cp" dev.kcis.bench.SyntheticFiles "$n" "$dir"
  for run in "bundle-$n.json eval --format table" "bundle-$n.json eval --format json" \
      "bundle-$n.yaml eval --format table" "manifests-$n.yaml collect manifests"; do
    # shellcheck disable=SC2086
    set -- $run
    file=$1
    shift
    size=$(stat -c %s "$dir/$file" | awk '{printf "%.1f", $1 / 1048576}')
    start=$(date +%s.%N)
    # eval exits 4 on findings: that run completed too.
    if KCIS_JAVA_OPTS="-Xmx$heap" "$root/bin/kcis" "$@" "$dir/$file" --max-input-size 2047m \
        --output /dev/null >/dev/null 2>"$dir/err" || [ $? -eq 4 ]; then
      result=ok
    elif grep -q "out of memory" "$dir/err"; then
      result="out of memory"
    else
      result="failed: $(head -c 60 "$dir/err")"
    fi
    end=$(date +%s.%N)
    echo "| $n | $file | $size MiB | $* | $result | $(echo "$start $end" | awk '{printf "%.1f", $2 - $1}') s |"
  done
  rm -f "$dir"/*-"$n".*
done
