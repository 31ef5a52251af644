package dev.kcis.cli;

import dev.kcis.engine.Framework;
import dev.kcis.history.HistoryStore;
import dev.kcis.history.TrendPoint;
import dev.kcis.history.internal.TrendChart;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kcis history trend}: a cluster's score and failures over its stored runs. */
@Command(name = "trend", mixinStandardHelpOptions = true, versionProvider = Kcis.Version.class,
    description = "The share of passing controls and the failures of a cluster over time; of "
        + "one control's targets with --control, of a framework's requirements with "
        + "--framework.")
final class HistoryTrendCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  HistoryCommand.StoreOption store;

  @Option(names = "--cluster", paramLabel = "NAME", required = true,
      description = "The cluster (as kcis history list names it).")
  String cluster;

  @Option(names = "--control", paramLabel = "ID", description = "One control, e.g. 1.2.1.")
  String control;

  @Option(names = "--framework", paramLabel = "FRAMEWORK",
      description = "A framework's requirements: nist-800-53-r5, soc2, pci-dss-4.0, "
          + "cis-controls-v8.")
  String framework;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json or html (a chart). Default: ${DEFAULT-VALUE}.")
  String format;

  @Override
  public Integer call() throws Exception {
    String f = format.trim().toLowerCase(Locale.ROOT);
    if (!List.of("table", "json", "html").contains(f)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format: unknown format '"
          + format + "'; known: table, json, html");
    }
    if (control != null && framework != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give --control or --framework, not both");
    }
    Framework chosen = null;
    if (framework != null) {
      try {
        chosen = Framework.byId(framework.trim().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--framework: "
            + e.getMessage());
      }
    }
    List<TrendPoint> points;
    try (HistoryStore history = store.open()) {
      points = history.trend(cluster, control, chosen);
    }
    String subject = control != null ? "control " + control : chosen != null
        ? chosen.displayName() + " requirements" : "controls";
    PrintWriter out = spec.commandLine().getOut();
    switch (f) {
      case "json" -> {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cluster", cluster);
        doc.put("of", subject);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TrendPoint p : points) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("run", p.runId());
          row.put("generatedAt", p.generatedAt().toString());
          row.put("benchmark", p.benchmark());
          if (p.status() != null) {
            row.put("status", p.status().name());
          }
          row.put("passed", p.passed());
          row.put("failed", p.failed());
          row.put("inconclusive", p.inconclusive());
          row.put("percent", p.percent());
          row.put("failing", p.failing());
          rows.add(row);
        }
        doc.put("runs", rows);
        out.println(HistoryShowCommand.mapper().writeValueAsString(doc));
      }
      case "html" -> {
        ByteArrayOutputStream html = new ByteArrayOutputStream();
        TrendChart.write("kcis trend: " + cluster + ", " + subject, points, html);
        out.print(html.toString(StandardCharsets.UTF_8));
      }
      default -> {
        out.println("Trend of " + Kcis.oneLine(subject) + " on cluster " + Kcis.oneLine(cluster)
            + " (" + points.size() + " runs)");
        out.println(String.format("%-6s %-20s %-12s %6s %5s %5s %5s  %s", "RUN", "GENERATED",
            "BENCHMARK", "SCORE", "PASS", "FAIL", "INC", control != null ? "STATUS  FAILING"
                : "FAILING"));
        for (TrendPoint p : points) {
          String failing = String.join(", ", p.failing().subList(0,
              Math.min(8, p.failing().size()))) + (p.failing().size() > 8 ? ", … and "
              + (p.failing().size() - 8) + " more" : "");
          out.println(String.format("%-6d %-20s %-12s %6s %5d %5d %5d  %s", p.runId(),
              p.generatedAt().toString().replaceAll("\\.\\d+Z$", "Z"), p.benchmark(),
              HistoryShowCommand.percent(p.percent()), p.passed(), p.failed(),
              p.inconclusive(), Kcis.oneLine((p.status() == null ? "" : p.status().name()
                  + "  ") + failing)));
        }
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
