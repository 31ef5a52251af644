#!/bin/sh
# Fleet benchmark: CLUSTERS bundles of `kcis bench generate` (seeds 1..CLUSTERS, so different
# clusters) evaluated one after another by `bin/kcis eval` processes, and by one
# `bin/kcis eval --each` process, both writing a JSON report per cluster.
# Usage: bench/fleet.sh [CLUSTERS] [NODES:OBJECTS] [RUNS] [HEAP] [JOBS]
#   e.g. bench/fleet.sh 8 10:10000 3 512m        (JOBS: --jobs, default: all processors)
# Build first: mvn -B -DskipTests package. Prints, for each way, the median and range of the wall
# times, the CPU time (user+sys) of the median run, the peak resident set size of one process,
# and the load average before each run (the machine may be shared).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
clusters=${1:-8}
size=${2:-10:10000}
runs=${3:-3}
heap=${4:-512m}
jobs=${5:-}
nodes=${size%%:*}
objects=${size##*:}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bundles"
i=1
while [ "$i" -le "$clusters" ]; do
  "$root/bin/kcis" bench generate --nodes "$nodes" --objects "$objects" --seed "$i" \
    --out "$dir/bundles/c$i.json" 2>/dev/null
  i=$((i + 1))
done
mib=$(du -sm "$dir/bundles" | cut -f1)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "fleet: $clusters clusters of $nodes nodes and $objects objects ($mib MiB of bundles), -Xmx$heap"
echo

# Each way is a script, so that /usr/bin/time measures it with all its processes.
cat > "$dir/seq.sh" <<EOF
for b in "$dir"/bundles/*.json; do
  # eval exits 4 on findings: that run completed too.
  KCIS_JAVA_OPTS="-Xmx$heap" "$root/bin/kcis" eval "\$b" --benchmark=cis-1.12 \\
    --max-input-size 2047m --format json --output "$dir/seq/\$(basename "\$b")" 2>/dev/null \\
    || [ \$? -eq 4 ] || exit 1
done
EOF
cat > "$dir/each.sh" <<EOF
KCIS_JAVA_OPTS="-Xmx$heap" "$root/bin/kcis" eval --each "$dir/bundles" --benchmark=cis-1.12 \\
  --max-input-size 2047m --format json --output-dir "$dir/each" ${jobs:+--jobs "$jobs"} \\
  >/dev/null 2>&1 || [ \$? -eq 4 ]
EOF

: > "$dir/seq.times"
: > "$dir/each.times"
r=1
while [ "$r" -le "$runs" ]; do
  for way in seq each; do
    rm -rf "$dir/$way" && mkdir "$dir/$way"
    load=$(cut -d' ' -f1 /proc/loadavg)
    # %M of a shell running processes one after another is the largest of them.
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time" sh "$dir/$way.sh"
    count=$(ls "$dir/$way" | wc -l)
    if [ "$count" -ne "$clusters" ]; then
      echo "$way: wrote $count reports, not $clusters" >&2
      exit 1
    fi
    echo "$(cat "$dir/time") $load" >> "$dir/$way.times"
  done
  r=$((r + 1))
done

echo "| way | median wall | min-max | CPU (user+sys) | peak RSS of a process | load before |"
echo "|---|---:|---:|---:|---:|---|"
for way in seq each; do
  if [ "$way" = seq ]; then label="$clusters x bin/kcis eval"; else label="bin/kcis eval --each${jobs:+ --jobs $jobs}"; fi
  sort -n "$dir/$way.times" | awk -v w="$label" '{t[NR]=$1; c[NR]=$2+$3; if ($4 > m) m = $4; l = l (NR > 1 ? ", " : "") $5}
    END {k = int((NR+1)/2); printf "| %s | %.1f s | %.1f-%.1f s | %.1f s | %d MiB | %s |\n", w, t[k], t[1], t[NR], c[k], m / 1024, l}'
done
