package dev.kcis.cli.internal;

import dev.kcis.engine.Report;
import dev.kcis.engine.Result;
import dev.kcis.engine.Status;
import dev.kcis.engine.internal.SafeText;
import dev.kcis.facts.Observation;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The human report: controls grouped by section, one line each with its status, then what was found
 * for every result that is not a pass, and a summary line.
 */
public final class TableReport {

  private static final int TITLE_WIDTH = 96;
  private static final Map<Status, String> COLOURS = Map.of(
      Status.FAIL, "\u001b[31;1m", Status.WARN, "\u001b[33m", Status.INCONCLUSIVE, "\u001b[35m",
      Status.MANUAL, "\u001b[36m", Status.PASS, "\u001b[32m", Status.NOT_APPLICABLE, "\u001b[2m",
      Status.WAIVED, "\u001b[2m");
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";

  private TableReport() {}

  /**
   * Writes the table.
   *
   * @param colour use ANSI colours
   * @param verbose also show the evidence of passing results
   */
  public static void write(Report report, OutputStream out, boolean colour, boolean verbose) {
    PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
    Report.ClusterInfo cluster = report.cluster();
    w.println(bold(report.profile().name() + " " + report.profile().version() + " ("
        + report.profile().id() + ")", colour));
    w.println(safe("cluster: " + or(cluster.name()) + "  kubernetes: "
        + or(cluster.kubernetesVersion()) + "  platform: " + or(cluster.platform())));
    w.println(safe("inputs: " + String.join(", ", report.inputs())));
    String currentTop = null;
    String currentSection = null;
    for (Report.ControlStatus control : report.controls()) {
      String section = control.section();
      String top = section.contains(".") ? section.substring(0, section.indexOf('.')) : section;
      if (!top.equals(currentTop)) {
        w.println();
        w.println(bold("== " + top + " " + or(report.profile().sections().get(top)), colour));
        currentTop = top;
      }
      if (!section.equals(currentSection) && !section.equals(top)) {
        w.println("-- " + section + " " + or(report.profile().sections().get(section)));
      }
      currentSection = section;
      w.println(status(control.status(), colour) + " " + pad(control.id(), 7) + " "
          + truncate(control.title(), TITLE_WIDTH));
      java.util.Set<String> fixes = new java.util.LinkedHashSet<>();
      for (Result result : report.resultsOf(control.id())) {
        if (result.status() == Status.PASS && !verbose) {
          continue;
        }
        details(w, result, colour, verbose);
        if (result.remediation() != null && (result.status() == Status.FAIL
            || result.status() == Status.WARN)) {
          fixes.add(result.remediation());
        }
      }
      // One fix per rule, after its findings, however many targets failed.
      fixes.forEach(fix -> w.println("                           fix: " + fix));
    }
    w.println();
    w.println(bold("Summary: " + counts(report.controls().size(), "controls",
        report.summary().controls()), colour));
    w.println("         " + counts(report.results().size(), "results", report.summary().results()));
    w.flush();
  }

  private static void details(PrintWriter w, Result result, boolean colour, boolean verbose) {
    String indent = "                         ";
    StringBuilder head = new StringBuilder(indent);
    if (result.status() != Status.PASS || verbose) {
      head.append(colour ? COLOURS.get(result.status()) : "").append(result.status().name())
          .append(colour ? RESET : "").append(' ');
    }
    head.append(safe(result.target()));
    if (result.message() != null) {
      head.append(": ").append(safe(result.message()));
    }
    w.println(head);
    if (result.evidence() != null) {
      for (Observation o : result.evidence().observed()) {
        w.println(indent + "  observed " + safe(o.item() + " = " + (o.value() == null ? "(unset)"
            : o.value()) + " [" + o.source() + (o.location() == null ? "" : " " + o.location())
            + (o.path() == null ? "" : " " + o.path()) + "]"));
      }
      if (result.evidence().expected() != null
          && (result.status() == Status.FAIL || result.status() == Status.WARN || verbose)) {
        w.println(indent + "  expected " + safe(result.evidence().expected()));
      }
    }
  }

  private static String counts(int total, String what, Map<Status, Integer> counts) {
    List<String> parts = counts.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.toList());
    return total + " " + what + ": " + String.join(", ", parts);
  }

  private static String status(Status status, boolean colour) {
    String text = pad("[" + status.name() + "]", 16);
    return colour ? COLOURS.get(status) + text + RESET : text;
  }

  private static String bold(String text, boolean colour) {
    return colour ? BOLD + text + RESET : text;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String truncate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  /** Text from the evidence (paths, values, names) with its control characters escaped. */
  private static String safe(String text) {
    return SafeText.printable(text);
  }

  private static String or(String text) {
    return text == null ? "-" : text;
  }
}
