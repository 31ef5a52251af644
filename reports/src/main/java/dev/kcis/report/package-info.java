/**
 * Report writers: {@link dev.kcis.report.ReportFormat} writes an engine {@link
 * dev.kcis.engine.Report} as a table, JSON, JUnit XML, SARIF, HTML, CSV, OSCAL assessment results
 * or kube-bench JSON, with the {@link dev.kcis.engine.ReportOptions} the command line also uses.
 */
package dev.kcis.report;
