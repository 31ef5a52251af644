#!/bin/sh
# Start-up benchmark: the whole `bin/kcis eval` process on a one-node sample bundle, as a CI job
# runs it. Uses hyperfine (Debian package `hyperfine`) when present, else a plain loop.
# Usage: bench/startup.sh [RUNS]     (build first: mvn -B -DskipTests install)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
bundle="$root/samples/bundles/kubeadm-control-plane.json"
cmd="$root/bin/kcis eval $bundle --format json --fail-on never"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 3 --runs "$runs" --export-markdown /dev/stdout \
    -n "bin/kcis eval (CDS archive)" "$cmd" \
    -n "without the CDS archive" "KCIS_JAVA_OPTS=-Xshare:off $cmd" \
    -n "plain java -jar (no launcher flags)" \
       "java -jar $root/cli/target/kcis-cli.jar eval $bundle --format json --fail-on never"
else
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "%e" sh -c "$cmd >/dev/null" 2>&1
    i=$((i + 1))
  done | sort -n | awk '{a[NR]=$1} END {print "median " a[int((NR+1)/2)] " s over " NR " runs"}'
fi
