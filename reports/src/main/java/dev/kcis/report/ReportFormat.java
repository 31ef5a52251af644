package dev.kcis.report;

import dev.kcis.engine.Report;
import dev.kcis.engine.ReportOptions;
import dev.kcis.report.internal.CsvWriter;
import dev.kcis.report.internal.HtmlReport;
import dev.kcis.report.internal.JUnitXml;
import dev.kcis.report.internal.KubeBenchJson;
import dev.kcis.report.internal.SarifWriter;
import dev.kcis.report.internal.OscalAssessmentResults;
import dev.kcis.report.internal.TableWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The formats kcis writes a report in, each with the file name it gets in an output directory.
 * The command line ({@code kcis eval --format}) uses exactly these writers.
 *
 * <pre>
 * Report report = engine.evaluate(bundles);
 * try (OutputStream out = Files.newOutputStream(Path.of("kcis-report.xml"))) {
 *   ReportFormat.JUNIT.write(report, out);
 * }
 * </pre>
 */
public enum ReportFormat implements ReportWriter {
  /** The human report: controls by section, findings grouped per control, scores. */
  TABLE("table", "kcis-report.txt", TableWriter::write),
  /** The documented report (docs/report-format.md, schema report-v1). */
  JSON("json", "kcis-report.json", (report, options, out) -> report.writeJson(out, options)),
  /** JUnit XML for CI test tabs: a suite per section, a case per control and target. */
  JUNIT("junit", "kcis-report.junit.xml", JUnitXml::writeReport),
  /**
   * SARIF 2.1.0 for GitHub code scanning: a rule per check, a result per FAIL, WARN and (unless
   * {@link ReportOptions#inconclusiveAsNotes()} is off) INCONCLUSIVE result, located at the file
   * and line the evidence was read from.
   */
  SARIF("sarif", "kcis-report.sarif", SarifWriter::write),
  /**
   * CSV for spreadsheets: a row per result, or with a framework view a row per requirement and
   * mapped control; cells that a spreadsheet would run as formulas are neutralised.
   */
  CSV("csv", "kcis-report.csv", CsvWriter::write),
  /**
   * The JSON of {@code kube-bench run --json}, for tools that read kube-bench results: a
   * {@code Controls} entry per benchmark section, a check per control.
   */
  KUBE_BENCH("kube-bench", "kcis-report.kube-bench.json", KubeBenchJson::write),
  /**
   * One self-contained HTML page (no network): score, charts, every control with its evidence,
   * remediation and mappings, filters and a view per framework (docs/report-formats.md).
   */
  HTML("html", "kcis-report.html", HtmlReport::write),
  /**

   * OSCAL 1.1.3 assessment results (JSON) for GRC tools: an observation per result, a finding per
   * NIST SP 800-53 r5 control the results map to (docs/report-formats.md).
   */
  OSCAL("oscal", "kcis-report.oscal.json", OscalAssessmentResults::write);

  private final String id;
  private final String fileName;
  private final ReportWriter writer;

  ReportFormat(String id, String fileName, ReportWriter writer) {
    this.id = id;
    this.fileName = fileName;
    this.writer = writer;
  }

  /** The name used by {@code --format}, e.g. {@code sarif}. */
  public String id() {
    return id;
  }

  /** The file name this format gets in an output directory, e.g. {@code kcis-report.sarif}. */
  public String fileName() {
    return fileName;
  }

  /** Writes the report with the default options: every result, no framework view. */
  public void write(Report report, OutputStream out) throws IOException {
    write(report, ReportOptions.defaults(), out);
  }

  @Override
  public void write(Report report, ReportOptions options, OutputStream out) throws IOException {
    writer.write(Objects.requireNonNull(report, "report"),
        Objects.requireNonNull(options, "options"), Objects.requireNonNull(out, "out"));
    out.flush();
  }

  /**
   * The format with this id.
   *
   * @throws IllegalArgumentException naming the known formats when there is none
   */
  public static ReportFormat byId(String id) {
    for (ReportFormat f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + id + "'; known: " + ids());
  }

  /** The ids of every format, comma-separated. */
  public static String ids() {
    return Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", "));
  }
}
