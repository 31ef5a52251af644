#!/bin/sh
# HTML report benchmark: load and filter times of kcis-report.html in headless Chromium on synthetic
# reports (the kubeadm sample's results repeated over nodes). Usage: bench/html-report.sh [SIZES] [RUNS]
# e.g. bench/html-report.sh 1000,10000,50000 5
# Build first: mvn -B -DskipTests install (or package). Needs Chromium: Debian's chromium on the PATH,
# or KCIS_CHROMIUM=/path/to/chromium.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cp="$root/reports/target/test-classes:$root/reports/target/classes:$(cat "$root/reports/target/test-classpath.txt")"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
cd "$root/reports"  # the synthetic reports start from ../samples/bundles
exec java -cp "$cp" dev.kcis.report.HtmlReportBenchmark "${1:-1000,10000,50000}" "${2:-5}"
