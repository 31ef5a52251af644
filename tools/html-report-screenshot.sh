#!/bin/sh
# Regenerates docs/images/html-report.png, the README's picture of the HTML report: the kubeadm
# sample's report in headless Chromium (1200x1640), FAIL chosen, the first failing control open.
# Build first: mvn -B -DskipTests install (or package). Needs Chromium (chromium on the PATH or
# KCIS_CHROMIUM). Usage: tools/html-report-screenshot.sh [OUT.png]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/docs/images/html-report.png}")
cp="$root/reports/target/test-classes:$root/reports/target/classes:$(cat "$root/reports/target/test-classpath.txt")"
cd "$root/reports"  # the sample bundles are read from ../samples/bundles
exec java -cp "$cp" dev.kcis.report.HtmlReportScreenshot "$out"
