#!/bin/sh
# End-to-end benchmark: whole `bin/kcis eval` processes on clusters written by `kcis bench generate`,
# as a user runs them (reading the bundle, evaluating, writing the report).
# Usage: bench/end-to-end.sh [NODES:OBJECTS,...] [RUNS] [HEAP] [FORMATS]
#   e.g. bench/end-to-end.sh 1:1000,10:10000,100:100000 5 512m table,json
# Build first: mvn -B -DskipTests package. Prints the median and range of the wall times, the peak
# resident set size (/usr/bin/time), and the load average before each size (the machine is shared).
# With KCIS_BENCH_DATA=FILE, also appends one tab-separated line per size and format to FILE
# (nodes, objects, format, median, min, max seconds, peak RSS MiB), which bench/plot.py draws.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sizes=$(echo "${1:-1:1000,10:10000,100:100000}" | tr ',' ' ')
runs=${2:-5}
heap=${3:-512m}
formats=$(echo "${4:-table,json}" | tr ',' ' ')
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo
echo "| nodes | objects | bundle | format | -Xmx$heap | median wall | min-max | peak RSS | load before |"
echo "|---:|---:|---:|---|---|---:|---:|---:|---:|"
for size in $sizes; do
  nodes=${size%%:*}
  objects=${size##*:}
  bundle="$dir/cluster-$nodes-$objects.json"
  "$root/bin/kcis" bench generate --nodes "$nodes" --objects "$objects" --seed 1 --out "$bundle" \
    2>/dev/null
  mib=$(stat -c %s "$bundle" | awk '{printf "%.1f MiB", $1 / 1048576}')
  for format in $formats; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    result=ok
    : > "$dir/times"
    i=0
    while [ "$i" -lt "$runs" ]; do
      # eval exits 4 on findings: that run completed too.
      if KCIS_JAVA_OPTS="-Xmx$heap" /usr/bin/time -f "%e %M" -o "$dir/time" "$root/bin/kcis" eval \
          "$bundle" --benchmark=cis-1.12 --max-input-size 2047m --format "$format" \
          --output "$dir/report" >/dev/null 2>"$dir/err" || [ $? -eq 4 ]; then
        grep -E "^[0-9.]+ [0-9]+$" "$dir/time" >> "$dir/times"
      else
        result="failed: $(grep -m1 kcis "$dir/err" | cut -c1-60)"
        break
      fi
      i=$((i + 1))
    done
    if [ "$result" = ok ]; then
      sort -n "$dir/times" | awk -v n="$nodes" -v o="$objects" -v b="$mib" -v f="$format" \
        -v l="$load" '{t[NR]=$1; if ($2 > m) m = $2} END {printf "| %d | %d | %s | %s | ok | %.2f s | %.2f-%.2f s | %d MiB | %s |\n", n, o, b, f, t[int((NR+1)/2)], t[1], t[NR], m / 1024, l}'
      if [ -n "${KCIS_BENCH_DATA:-}" ]; then
        sort -n "$dir/times" | awk -v n="$nodes" -v o="$objects" -v f="$format" \
          '{t[NR]=$1; if ($2 > m) m = $2} END {printf "%d\t%d\t%s\t%.2f\t%.2f\t%.2f\t%d\n", n, o, f, t[int((NR+1)/2)], t[1], t[NR], m / 1024}' \
          >> "$KCIS_BENCH_DATA"
      fi
    else
      echo "| $nodes | $objects | $mib | $format | $result | | | | $load |"
    fi
  done
  rm -f "$bundle"
done
